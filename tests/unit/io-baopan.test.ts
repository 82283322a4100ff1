/**
 * 电子报盘 TXT import and export (src/io/importers/baopan-txt.ts, the `baopan-txt` export of
 * src/io/export.ts). The fixtures in tests/fixtures/import/baopan/ are hand-written; the
 * expected areas and lon/lat vertices in tests/fixtures/expected/baopan.json come from
 * pyproj (PROJ) and shapely (GEOS) through scripts/fixtures/make-baopan-fixtures.py, never
 * from the code under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectGeometry, type CrsCode } from '../../src/crs/projections';
import { polygonsArea } from '../../src/geometry/planar';
import { UNSUPPORTED_CRS_HINT } from '../../src/io/complete-import';
import { BAOPAN_KEYS, exportSite } from '../../src/io/export';
import { importFile, pickImporter } from '../../src/io/registry';
import { formatImportError, type ImportError, type ImportOptions, type ImportResult } from '../../src/io/types';

const FIXTURES = path.resolve(__dirname, '../fixtures/import/baopan');

interface ExpectedParcel {
  id: string;
  name: string;
  sheet: string;
  use: string;
  land_class: string;
  declared_area_ha: number | null;
  point_lines: number;
  planar_area_m2: number;
  planar_area_ha: number;
  polygons_lonlat: Position[][][];
}
interface ExpectedFixture {
  crs: CrsCode;
  encoding: 'utf-8' | 'gbk';
  parcels: ExpectedParcel[];
}
const expected = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/expected/baopan.json'), 'utf8')) as {
  fixtures: Record<string, ExpectedFixture>;
};
const GOOD = Object.keys(expected.fixtures);

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

async function importBytes(bytes: Uint8Array, name: string, options: Partial<ImportOptions> = {}): Promise<ImportResult> {
  const result = await importFile(bytes, { fileName: name, ...options });
  if (!result.ok) throw new Error(`${name} should import: ${formatImportError(result.error, 'en')}`);
  return result.value;
}

async function importFailure(name: string, options: Partial<ImportOptions> = {}): Promise<ImportError> {
  const result = await importFile(bytesOf(name), { fileName: name, ...options });
  if (result.ok) throw new Error(`${name} should fail, imported ${result.value.features.features.length} feature(s)`);
  return result.error;
}

function polygonsOf(feature: Feature): Position[][][] {
  const geometry = feature.geometry;
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`expected polygons, got ${geometry?.type}`);
}

/** Planar area (m²) of a lon/lat feature on the given Gauss–Krüger plane. */
function planarArea(feature: Feature, crs: CrsCode): number {
  return polygonsArea(polygonsOf({ ...feature, geometry: projectGeometry(feature.geometry!, crs) }));
}

/** Metres between two lon/lat positions (local flat approximation; enough at the 1 mm scale). */
function metresApart(first: Position, second: Position): number {
  const latitude = (first[1] * Math.PI) / 180;
  return Math.hypot((first[0] - second[0]) * 111_320 * Math.cos(latitude), (first[1] - second[1]) * 110_574);
}

/** Every expected vertex has an imported one within 1 mm, ring by ring, and the counts match. */
function expectSameVertices(actual: Position[][][], wanted: Position[][][]): void {
  expect(actual.length).toBe(wanted.length);
  const actualRings = actual.flat().map((ring) => ring.slice(0, -1));
  const wantedRings = wanted.flat();
  expect(actualRings.map((ring) => ring.length).sort()).toEqual(wantedRings.map((ring) => ring.length).sort());
  for (const ring of wantedRings) {
    for (const vertex of ring) {
      const nearest = Math.min(...actualRings.flat().map((position) => metresApart(position, vertex)));
      expect(nearest).toBeLessThan(0.001);
    }
  }
}

function expectClose(actual: number, wanted: number, relative: number): void {
  expect(Math.abs(actual - wanted) / wanted).toBeLessThan(relative);
}

describe('电子报盘 TXT import', () => {
  it.each(GOOD)('%s: parcels, attributes, PROJ areas (within 0.01 percent) and vertices (within 1 mm)', async (name) => {
    const fixture = expected.fixtures[name];
    const result = await importBytes(bytesOf(name), name);
    expect(result.format).toBe('baopan-txt');
    expect(result.crs.crs).toBe(fixture.crs);
    expect(result.crs.axisSwapped).toBe(false);
    expect(result.features.features).toHaveLength(fixture.parcels.length);
    fixture.parcels.forEach((parcel, index) => {
      const feature = result.features.features[index];
      const properties = feature.properties ?? {};
      expect(properties[BAOPAN_KEYS.id]).toBe(parcel.id);
      expect(properties[BAOPAN_KEYS.name]).toBe(parcel.name);
      expect(properties[BAOPAN_KEYS.use] ?? '').toBe(parcel.use);
      expect(properties[BAOPAN_KEYS.landClass] ?? '').toBe(parcel.land_class);
      expect(properties[BAOPAN_KEYS.sheet] ?? '').toBe(parcel.sheet);
      expect(properties[BAOPAN_KEYS.area]).toBe(parcel.declared_area_ha);
      expectClose(planarArea(feature, fixture.crs), parcel.planar_area_m2, 0.0001);
      expectSameVertices(polygonsOf(feature), parcel.polygons_lonlat);
    });
    // A well-formed file gives no warning beyond its encoding.
    expect(result.warnings.filter((warning) => !warning.en.includes('GBK'))).toEqual([]);
  });

  it('finds the format by content, whatever the encoding or name, and leaves other .txt tables to the CSV importer', () => {
    for (const name of GOOD) {
      expect(pickImporter(bytesOf(name), name)?.id).toBe('baopan-txt');
      expect(pickImporter(bytesOf(name), 'submission.dat')?.id).toBe('baopan-txt');
    }
    const table = new TextEncoder().encode('点号,X,Y\nJ1,4085400.125,41368000.250\n');
    expect(pickImporter(table, 'table.txt')?.id).toBe('csv');
  });

  it('reads the GBK file with CASS brackets, numeric point names and no 几度分带', async () => {
    const bytes = bytesOf('gbk-cass.txt');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const result = await importBytes(bytes, 'gbk-cass.txt');
    expect(result.warnings.map((warning) => warning.en)).toContain('The file was read as GBK-encoded text.');
    expect(result.features.features[0].properties?.[BAOPAN_KEYS.name]).toBe('乳山市夏村镇工业地块');
    expect(result.features.features[0].properties?.boundary_points).toBe('1,2,3,4,1');
  });

  it('tells holes (圈号 inside ring 1) from further rings (圈号 outside)', async () => {
    const result = await importBytes(bytesOf('several-parcels.txt'), 'several-parcels.txt');
    const [single, twoPieces, withHole] = result.features.features;
    expect(single.geometry?.type).toBe('Polygon');
    expect(twoPieces.geometry?.type).toBe('MultiPolygon');
    expect(polygonsOf(twoPieces).map((polygon) => polygon.length)).toEqual([1, 1]);
    expect(withHole.geometry?.type).toBe('Polygon');
    expect(polygonsOf(withHole)[0]).toHaveLength(2);
  });

  it('warns when the header area or point count disagrees with the points', async () => {
    const text = new TextDecoder().decode(bytesOf('one-parcel.txt')).replace('6,2.3535,RS-A-01', '7,2.5000,RS-A-01');
    const result = await importBytes(new TextEncoder().encode(text), 'edited.txt');
    const warnings = result.warnings.map((warning) => warning.en).join('\n');
    expect(warnings).toContain('the header gives 7 boundary points, but 6 point lines follow');
    expect(warnings).toContain('the header gives an area of 2.5000 ha, the boundary points enclose 2.3535 ha');
  });

  const BAD: [string, ImportError['code'], string[], string[]][] = [
    ['bad-missing-coordinates.txt', 'PARSE_ERROR', ['没有 [地块坐标] 段'], ['no [地块坐标] (parcel coordinates) section']],
    ['bad-ring-open.txt', 'OPEN_POLYLINE', ['第 1 圈（第 14–19 行）未闭合', '第 19 行'], ['ring 1 (lines 14–19) is not closed', 'line 19']],
    ['bad-non-numeric-x.txt', 'NON_NUMERIC_CELL', ['第 16 行（点号 J3）的 X 坐标“4O85300.875”不是数字'], ['Line 16 (point J3): the X coordinate "4O85300.875" is not a number']],
    ['bad-xian80.txt', 'UNSUPPORTED_CRS', ['1980西安坐标系', '1980 西安坐标系'], ['"1980西安坐标系" (Xian 1980)']],
    ['bad-zone-mismatch.txt', 'UNSUPPORTED_CRS', ['第 14 行', '与 [属性描述] 的带号 40 不符'], ['Line 14', 'starts with zone 41, but [属性描述] gives 带号 (zone) 40']],
  ];
  it.each(BAD)('%s is refused (%s) with a bilingual message naming file, line and remedy', async (name, code, zh, en) => {
    const error = await importFailure(name);
    expect(error.code).toBe(code);
    expect(error.file).toBe(name);
    for (const part of zh) expect(error.message.zh).toContain(part);
    for (const part of en) expect(error.message.en).toContain(part);
    expect(error.hint.zh.length).toBeGreaterThan(5);
    expect(error.hint.en.length).toBeGreaterThan(5);
    expect(formatImportError(error, 'en').startsWith(`${name}: `)).toBe(true);
    expect(formatImportError(error, 'zh').startsWith(`${name}：`)).toBe(true);
  });

  it('stops at the vertex cap, and detects the CRS from the numbers when 坐标系 is empty (with a warning)', async () => {
    const capped = await importFile(bytesOf('one-parcel.txt'), { fileName: 'one-parcel.txt', limits: { maxVertices: 3 } });
    expect(capped.ok ? undefined : capped.error.code).toBe('TOO_LARGE');
    const text = new TextDecoder().decode(bytesOf('one-parcel.txt')).replace('坐标系=2000国家大地坐标系', '坐标系=');
    const result = await importBytes(new TextEncoder().encode(text), 'unstated.txt');
    expect(result.crs.crs).toBe('EPSG:4529');
    expect(result.crs.detected).toBe(true);
    expect(result.warnings.map((warning) => warning.en)).toContain('[属性描述] states no coordinate system; it was detected from the numbers — check it.');
  });

  it('refuses a declared Xian 1980 with the shared hint, and imports it when the user chooses the CRS', async () => {
    const error = await importFailure('bad-xian80.txt');
    expect(error.hint).toEqual(UNSUPPORTED_CRS_HINT);
    const chosen = await importBytes(bytesOf('bad-xian80.txt'), 'bad-xian80.txt', { crs: 'EPSG:4529' });
    expect(chosen.crs.crs).toBe('EPSG:4529');
    // The declaration the choice overrides is said, not dropped.
    expect(chosen.warnings.some((warning) => warning.zh.includes('1980 西安坐标系') && warning.zh.includes('已按用户选择的 EPSG:4529 读取'))).toBe(true);
    expectClose(planarArea(chosen.features.features[0], 'EPSG:4529'), expected.fixtures['one-parcel.txt'].parcels[0].planar_area_m2, 0.0001);
  });
});

const DATE = { date: '2026-12-01' };

async function exportedText(collection: FeatureCollection, crs: CrsCode, encoding: 'gbk' | 'utf-8' = 'gbk') {
  const exported = exportSite(collection, 'baopan-txt', crs, { ...DATE, encoding });
  if (!exported.ok) throw new Error(exported.error.message.en);
  return exported.value;
}

describe('电子报盘 TXT export', () => {
  describe('数据产生日期 by default', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    it('is the day on the user\'s clock, not the UTC day (04:30 in Weihai is still yesterday in UTC)', async () => {
      process.env.TZ = 'Asia/Shanghai';
      vi.useFakeTimers({ now: new Date('2026-12-01T20:30:00Z'), toFake: ['Date'] });
      const imported = await importBytes(bytesOf('one-parcel.txt'), 'one-parcel.txt');
      const exported = exportSite(imported.features, 'baopan-txt', 'EPSG:4529');
      if (!exported.ok) throw new Error(exported.error.message.en);
      expect(exported.value.text.split('\r\n')[3]).toBe('数据产生日期=2026-12-02');
    });
  });

  it('writes the header, J1…Jn per parcel, closed rings, 4 decimals and the PROJ area in 公顷', async () => {
    const imported = await importBytes(bytesOf('several-parcels.txt'), 'several-parcels.txt');
    const file = await exportedText(imported.features, 'EPSG:4529');
    const lines = file.text.split('\r\n');
    expect(lines.slice(0, 12)).toEqual([
      '[属性描述]',
      '格式版本号=',
      '数据产生单位=',
      '数据产生日期=2026-12-01',
      '坐标系=2000国家大地坐标系',
      '几度分带=3',
      '投影类型=高斯克吕格',
      '计量单位=米',
      '带号=41',
      '精度=',
      '转换参数=,,,,,,',
      '[地块坐标]',
    ]);
    const headers = lines.filter((line) => line.endsWith(',@'));
    expect(headers).toHaveLength(3);
    const parcels = expected.fixtures['several-parcels.txt'].parcels;
    headers.forEach((header, index) => {
      const fields = header.split(',');
      expect(fields).toHaveLength(9);
      expect(fields.slice(2, 8)).toEqual([parcels[index].id, parcels[index].name, '面', parcels[index].sheet, parcels[index].use, parcels[index].land_class]);
      expect(fields[1]).toMatch(/^\d+\.\d{4}$/);
      expectClose(Number(fields[1]), parcels[index].planar_area_ha, 0.0001);
      expect(Number(fields[0])).toBe(parcels[index].point_lines);
    });
    // Parcel 2 (two rings): J1…J4 + J1, then J5…J8 + J5.
    const second = lines.slice(lines.indexOf(headers[1]) + 1, lines.indexOf(headers[2]));
    expect(second.map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      'J1,1', 'J2,1', 'J3,1', 'J4,1', 'J1,1', 'J5,2', 'J6,2', 'J7,2', 'J8,2', 'J5,2',
    ]);
    expect(second[0].split(',').slice(2)).toEqual(second[4].split(',').slice(2));
    for (const line of second) expect(line).toMatch(/^J\d+,\d,\d{7}\.\d{4},41\d{6}\.\d{4}$/);
  });

  it('writes exactly the committed sample that iconv decodes and pyproj/shapely checked', async () => {
    // exported-several-parcels.txt: this exporter's output, verified by scripts/fixtures/make-baopan-fixtures.py
    // (header areas equal shapely's) and readable with `iconv -f GBK`; any change to the output shows here.
    const imported = await importBytes(bytesOf('several-parcels.txt'), 'several-parcels.txt');
    const file = await exportedText(imported.features, 'EPSG:4529');
    expect(Buffer.from(file.bytes).equals(Buffer.from(bytesOf('exported-several-parcels.txt')))).toBe(true);
  });

  it('saves GBK without a BOM by default, UTF-8 on request', async () => {
    const imported = await importBytes(bytesOf('gbk-cass.txt'), 'gbk-cass.txt');
    const gbk = await exportedText(imported.features, 'EPSG:4529');
    expect(gbk.bytes[0]).toBe(0x5b); // "[" — no BOM
    expect(new TextDecoder('gbk').decode(gbk.bytes)).toBe(gbk.text);
    expect(Array.from(gbk.bytes.subarray(0, 14))).toEqual([0x5b, 0xca, 0xf4, 0xd0, 0xd4, 0xc3, 0xe8, 0xca, 0xf6, 0x5d, 0x0d, 0x0a, 0xb8, 0xf1]); // [属性描述]\r\n格 in GBK
    const utf8 = await exportedText(imported.features, 'EPSG:4529', 'utf-8');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(utf8.bytes)).toBe(utf8.text);
    expect(utf8.bytes[0]).toBe(0x5b);
  });

  it.each(GOOD)('%s round-trips: import → export → import → export gives the same text, PROJ areas and vertices', async (name) => {
    const fixture = expected.fixtures[name];
    const first = await importBytes(bytesOf(name), name);
    const written = await exportedText(first.features, fixture.crs);
    const second = await importBytes(written.bytes, `exported-${name}`);
    expect(second.crs.crs).toBe(fixture.crs);
    expect(second.warnings).toEqual([{ zh: '文件按 GBK 编码读取。', en: 'The file was read as GBK-encoded text.' }]);
    expect(second.features.features).toHaveLength(fixture.parcels.length);
    fixture.parcels.forEach((parcel, index) => {
      const feature = second.features.features[index];
      expectClose(planarArea(feature, fixture.crs), parcel.planar_area_m2, 0.0001);
      expectSameVertices(polygonsOf(feature), parcel.polygons_lonlat);
      const { boundary_points: _ignored, ...attributes } = feature.properties ?? {};
      const { boundary_points: _original, [BAOPAN_KEYS.area]: declared, ...originalAttributes } = first.features.features[index].properties ?? {};
      expect(attributes).toEqual({ ...originalAttributes, [BAOPAN_KEYS.id]: originalAttributes[BAOPAN_KEYS.id] ?? String(index + 1), [BAOPAN_KEYS.area]: parcel.planar_area_ha });
      expect(declared === undefined || Math.abs(Number(declared) - parcel.planar_area_ha) < 0.00011).toBe(true);
    });
    const again = await exportedText(second.features, fixture.crs);
    expect(again.text).toBe(written.text);
  });

  it('writes a drawn site (no attributes) in the other zone and 6° zone 21 and reads it back', async () => {
    const imported = await importBytes(bytesOf('zone-40.txt'), 'zone-40.txt');
    const drawn: FeatureCollection = { type: 'FeatureCollection', features: [{ ...imported.features.features[0], properties: { name: '草图' } }] };
    const parcel = expected.fixtures['zone-40.txt'].parcels[0];
    for (const crs of ['EPSG:4528', 'EPSG:4529', 'EPSG:4499'] as CrsCode[]) {
      const file = await exportedText(drawn, crs);
      expect(file.text).toContain(crs === 'EPSG:4499' ? '几度分带=6\r\n' : '几度分带=3\r\n');
      const header = file.text.split('\r\n')[12];
      expect(header).toMatch(/^6,\d+\.\d{4},1,草图,面,,,,@$/);
      const back = await importBytes(file.bytes, 'drawn.txt');
      expect(back.crs.crs).toBe(crs);
      // 地块面积 is the area on the chosen plane (each zone scales differently).
      expect(Math.abs(Number(header.split(',')[1]) - planarArea(back.features.features[0], crs) / 10_000)).toBeLessThan(0.00006);
      expectClose(planarArea(back.features.features[0], 'EPSG:4528'), parcel.planar_area_m2, 0.0001);
      expectSameVertices(polygonsOf(back.features.features[0]), parcel.polygons_lonlat);
    }
  });

  it('keeps commas and line breaks in names from breaking the file', async () => {
    const imported = await importBytes(bytesOf('one-parcel.txt'), 'one-parcel.txt');
    const feature = imported.features.features[0];
    const hostile: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ ...feature, properties: { ...feature.properties, [BAOPAN_KEYS.name]: 'A,B\r\n1,1,0,0\n@' } }],
    };
    const file = await exportedText(hostile, 'EPSG:4529');
    expect(file.warnings.map((warning) => warning.en).join(' ')).toContain('commas became full-width');
    const back = await importBytes(file.bytes, 'hostile.txt');
    expect(back.features.features).toHaveLength(1);
    expect(back.features.features[0].properties?.[BAOPAN_KEYS.name]).toBe('A，B1，1，0，0@');
  });

  it('refuses a CRS without zone prefix and an empty site', () => {
    const unprefixed = exportSite({ type: 'FeatureCollection', features: [] }, 'baopan-txt', 'EPSG:4549');
    expect(unprefixed.ok ? undefined : unprefixed.error.code).toBe('UNSUPPORTED_CRS');
    const empty = exportSite({ type: 'FeatureCollection', features: [] }, 'baopan-txt', 'EPSG:4529');
    expect(empty.ok ? undefined : empty.error.code).toBe('NO_POLYGONS');
  });
});
