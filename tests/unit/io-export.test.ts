/**
 * Export (src/io/export.ts): every format round-trips through the importer, the CSV
 * boundary-point table matches PROJ cs2cs to the millimetre in the 界址点 order computed by
 * scripts/fixtures/write-boundary-tables.py, and GDAL's ogrinfo (an independent reader)
 * opens the exported DXF, KML and GeoJSON. GDAL is required: if `ogrinfo` is missing the
 * test fails with the install command, it is never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FeatureCollection, Position } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import type { CrsCode } from '../../src/crs/projections';
import { clockwiseFromNorthWest, exportSite, type ExportFile, type ExportFormat } from '../../src/io/export';
import { importFile } from '../../src/io/registry';
import { formatImportError } from '../../src/io/types';

const FIXTURES = path.resolve(__dirname, '../fixtures/import');
interface ExpectedParcel {
  parcel_id: string;
  lonlat: Position[];
  projected: Record<string, Position[]>;
  clockwise_from_north_west: number[];
}
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as { parcels: ExpectedParcel[] };
/** The source parcels, read with JSON.parse (not through the importer under test). */
const source = JSON.parse(readFileSync(path.join(FIXTURES, 'source-parcels.geojson'), 'utf8')) as FeatureCollection;

const temporary = mkdtempSync(path.join(tmpdir(), 'io-export-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const GDAL_HINT = 'GDAL ogrinfo is required for this test: apt-get install gdal-bin';
function ogrinfo(file: string): string {
  const probe = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(GDAL_HINT);
  return execFileSync('ogrinfo', ['-ro', '-al', '-q', file], { encoding: 'utf8' });
}

function exported(format: ExportFormat, crs: CrsCode, features: FeatureCollection = source): ExportFile {
  const result = exportSite(features, format, crs);
  if (!result.ok) throw new Error(`export ${format} ${crs} failed: ${result.error.message.en}`);
  return result.value;
}

function save(file: ExportFile, name: string): string {
  const target = path.join(temporary, `${name}${file.fileNameSuffix}`);
  writeFileSync(target, file.bytes);
  return target;
}

/** Same ring up to start vertex and direction, within `tolerance` degrees. */
function sameRing(actual: Position[], reference: Position[], tolerance: number): boolean {
  const open = actual.slice(0, -1);
  if (open.length !== reference.length) return false;
  const start = open.findIndex((position) => Math.hypot(position[0] - reference[0][0], position[1] - reference[0][1]) <= tolerance);
  if (start < 0) return false;
  const matches = (step: number) =>
    reference.every((vertex, index) => {
      const position = open[(start + step * index + open.length * reference.length) % open.length];
      return Math.abs(position[0] - vertex[0]) <= tolerance && Math.abs(position[1] - vertex[1]) <= tolerance;
    });
  return matches(1) || matches(-1);
}

const ROUND_TRIPS: { format: ExportFormat; crs: CrsCode; expectCrs: CrsCode }[] = [
  { format: 'geojson', crs: 'EPSG:4490', expectCrs: 'EPSG:4490' },
  { format: 'geojson', crs: 'EPSG:4528', expectCrs: 'EPSG:4528' },
  { format: 'geojson', crs: 'EPSG:4549', expectCrs: 'EPSG:4549' },
  { format: 'geojson', crs: 'GCJ-02', expectCrs: 'GCJ-02' },
  { format: 'kml', crs: 'EPSG:4529', expectCrs: 'EPSG:4326' },
  { format: 'dxf', crs: 'EPSG:4528', expectCrs: 'EPSG:4528' },
  { format: 'dxf', crs: 'EPSG:4529', expectCrs: 'EPSG:4529' },
  { format: 'csv', crs: 'EPSG:4528', expectCrs: 'EPSG:4528' },
  { format: 'csv', crs: 'EPSG:4529', expectCrs: 'EPSG:4529' },
];

describe('exportSite → importFile round trips', () => {
  for (const trip of ROUND_TRIPS) {
    it(`${trip.format} in ${trip.crs}`, async () => {
      const file = exported(trip.format, trip.crs);
      const back = await importFile(file.bytes, { fileName: `site${file.fileNameSuffix}` });
      if (!back.ok) throw new Error(formatImportError(back.error, 'en'));
      expect(back.value.crs.crs).toBe(trip.expectCrs);
      expect(back.value.features.features).toHaveLength(2);
      // GCJ-02's inverse is iterative (gcoord); everything else within 1e-8° ≈ 1 mm.
      const tolerance = trip.crs === 'GCJ-02' ? 1e-6 : 1e-8;
      for (const parcel of expected.parcels) {
        const found = back.value.features.features.some(
          (feature) => feature.geometry.type === 'Polygon' && sameRing(feature.geometry.coordinates[0], parcel.lonlat, tolerance),
        );
        expect(found, `${parcel.parcel_id} after ${trip.format} ${trip.crs}`).toBe(true);
      }
    });
  }

  it('keeps HTML-looking attribute values verbatim through KML and GeoJSON', async () => {
    const html = JSON.parse(readFileSync(path.join(FIXTURES, 'html-in-properties.geojson'), 'utf8')) as FeatureCollection;
    for (const format of ['kml', 'geojson'] as const) {
      const file = exported(format, 'EPSG:4490', html);
      // KML escapes markup characters; JSON needs no escaping for them.
      if (format === 'kml') expect(file.text).not.toContain('<img');
      else expect(file.text).toContain('"<img src=x onerror=alert(1)>"');
      const back = await importFile(file.bytes, { fileName: `html${file.fileNameSuffix}` });
      if (!back.ok) throw new Error(formatImportError(back.error, 'en'));
      expect(back.value.features.features[0].properties).toMatchObject({
        name: '<img src=x onerror=alert(1)>',
        note: '<b>bold</b> & <script>alert(2)</script>',
      });
    }
  });
});

describe('CSV boundary-point table (界址点坐标表)', () => {
  for (const crs of ['EPSG:4528', 'EPSG:4529', 'EPSG:4549'] as const) {
    it(`matches cs2cs to the millimetre, clockwise from the north-west corner, in ${crs}`, () => {
      const file = exported('csv', crs);
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = file.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('地块编号,点号,X(北),Y(东)');
      const rows = lines.slice(1).map((line) => line.split(','));
      let row = 0;
      for (const parcel of expected.parcels) {
        const points = parcel.projected[crs];
        parcel.clockwise_from_north_west.forEach((sourceIndex, order) => {
          const [id, point, x, y] = rows[row++];
          expect(id).toBe(parcel.parcel_id);
          expect(point).toBe(`J${order + 1}`);
          expect(x).toMatch(/^\d+\.\d{3}$/);
          expect(Math.abs(Number(x) - points[sourceIndex][1])).toBeLessThanOrEqual(0.0005 + 1e-9); // X = northing
          expect(Math.abs(Number(y) - points[sourceIndex][0])).toBeLessThanOrEqual(0.0005 + 1e-9); // Y = easting
        });
      }
      expect(rows).toHaveLength(row); // the closing point is not repeated
    });
  }

  it('the table written by the fixture script (from cs2cs) is exactly what the exporter writes', () => {
    const fixture = readFileSync(path.join(FIXTURES, 'boundary-points-zh.csv'), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const written = exported('csv', 'EPSG:4528').text.trimEnd().split('\r\n');
    expect(written.slice(1)).toEqual(fixture.slice(1));
  });

  it('orders a counter-clockwise square clockwise from its north-west corner', () => {
    const square: Position[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(clockwiseFromNorthWest(square)).toEqual([
      [0, 10],
      [10, 10],
      [10, 0],
      [0, 0],
    ]);
  });

  it('refuses a CRS that is not Gauss–Krüger', () => {
    for (const crs of ['EPSG:4490', 'EPSG:3857', 'GCJ-02'] as const) {
      const result = exportSite(source, 'csv', crs);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('UNSUPPORTED_CRS');
        expect(result.error.hint.zh).toContain('EPSG:4528');
      }
    }
  });
});

describe('GDAL reads the exports', () => {
  it('ogrinfo reads the DXF: two closed outlines on the parcel layers, within 1 mm of cs2cs', () => {
    const output = ogrinfo(save(exported('dxf', 'EPSG:4529'), 'parcels-4529'));
    expect(output).toContain('Layer (String) = RS-A-01');
    expect(output).toContain('Layer (String) = RS-B-02');
    const lines = [...output.matchAll(/LINESTRING \(([^)]*)\)/g)].map((match) =>
      match[1].split(',').map((pair) => pair.trim().split(' ').map(Number)),
    );
    expect(lines).toHaveLength(2);
    for (const [index, parcel] of expected.parcels.entries()) {
      const line = lines[index];
      const reference = parcel.projected['EPSG:4529'];
      expect(line).toHaveLength(reference.length + 1); // GDAL closes the closed-flag polyline
      for (const [easting, northing] of line) {
        const nearest = Math.min(...reference.map(([e, n]) => Math.hypot(e - easting, n - northing)));
        expect(nearest).toBeLessThanOrEqual(0.001);
      }
    }
  });

  it('ogrinfo reads the DXF header as AutoCAD 2000 (AC1015)', () => {
    const file = exported('dxf', 'EPSG:4528');
    expect(file.text).toContain('$ACADVER\r\n  1\r\nAC1015');
    const summary = execFileSync('ogrinfo', ['-ro', '-so', '-al', save(file, 'parcels-4528')], { encoding: 'utf8' });
    expect(summary).toContain('Feature Count: 2');
  });

  it('ogrinfo reads the KML: two polygons in lon/lat with their attributes', () => {
    const output = ogrinfo(save(exported('kml', 'EPSG:4528'), 'parcels'));
    expect(output).toContain('POLYGON ((121.47 36.9,');
    expect(output).toContain('POLYGON ((121.55 36.905,');
    expect(output).toContain('乳山西地块');
    expect(output).toContain('parcel_id (String) = RS-B-02');
  });

  it('ogrinfo reads the projected GeoJSON with its EPSG code', () => {
    const target = save(exported('geojson', 'EPSG:4528'), 'parcels-4528');
    const summary = execFileSync('ogrinfo', ['-ro', '-so', '-al', target], { encoding: 'utf8' });
    expect(summary).toMatch(/Gauss-Kruger zone 40/);
    expect(ogrinfo(target)).toContain('POLYGON ((40631022.3599 4086422.604,');
  });

  it('writes a Chinese parcel name as a DXF layer in \\U+ escapes (pre-2007 DXF text) and reads it back', async () => {
    const named: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ ...source.features[0], properties: { name: '乳山西地块' } }],
    };
    const file = exported('dxf', 'EPSG:4528', named);
    expect(file.text).toContain('\\U+4E73\\U+5C71\\U+897F\\U+5730\\U+5757');
    // GDAL 3.6 keeps the escapes as written in the Layer field (AutoCAD decodes them).
    expect(ogrinfo(save(file, 'named'))).toContain('Layer (String) = \\U+4E73');
    const back = await importFile(file.bytes, { fileName: 'named.dxf' });
    if (!back.ok) throw new Error(formatImportError(back.error, 'en'));
    expect(back.value.features.features[0].properties).toEqual({ layer: '乳山西地块', handle: '100' });
  });

  it('DXF export refuses lon/lat', () => {
    const result = exportSite(source, 'dxf', 'EPSG:4490');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('UNSUPPORTED_CRS');
  });
});

describe('export injection (code review finding 10)', () => {
  const named = (...names: string[]): FeatureCollection => ({
    type: 'FeatureCollection',
    features: names.map((name) => ({ ...source.features[0], properties: { name } })),
  });

  it('strips CR, LF and other control characters from a DXF layer name: GDAL reads one outline, no injected entity', () => {
    const file = exported('dxf', 'EPSG:4528', named('A\r\n  0\r\nLINE\r\n  8\r\nX\t\u0007'));
    const lines = file.text.split('\r\n');
    const layerLine = lines[lines.findIndex((line, index) => line === '  8' && lines[index - 2] === '100') + 1];
    expect(layerLine).toBe('A  0LINE  8X');
    expect(file.text.match(/^LINE$/gm)).toBeNull();
    const output = ogrinfo(save(file, 'injected'));
    expect(output.match(/^OGRFeature/gm)).toHaveLength(1);
    expect(output).toContain('Layer (String) = A  0LINE  8X');
  });

  it("prefixes CSV text cells starting with = + - @ with ' (OWASP CSV injection), but not plain numbers", () => {
    const file = exported('csv', 'EPSG:4528', named('=HYPERLINK("http://example.com","x")', '+1+1', '-2+3', '@SUM(A1)', ' =1+1 ', '-12', 'RS-A-01'));
    const firstCells = new Set(file.text.split('\r\n').slice(1, -1).map((line) => line.replace(/,J\d+,[-\d.]+,[-\d.]+$/, '')));
    expect([...firstCells]).toEqual([`"'=HYPERLINK(""http://example.com"",""x"")"`, "'+1+1", "'-2+3", "'@SUM(A1)", "'=1+1", '-12', 'RS-A-01']);
    // Coordinates stay numbers (X(北), Y(东) columns).
    for (const line of file.text.split('\r\n').slice(1, -1)) expect(line).toMatch(/,J\d+,\d+\.\d{3},\d+\.\d{3}$/);
  });
});

describe('a boundary-point table cannot hold a hole', () => {
  it('says so as a loss, before the table notes, and points to 电子报盘 TXT, which keeps it', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(__dirname, '../fixtures/import/baopan/parcel-with-hole.txt')));
    const imported = await importFile(bytes, { fileName: 'parcel-with-hole.txt' });
    if (!imported.ok) throw new Error(imported.error.message.en);
    const csv = exportSite(imported.value.features, 'csv', 'EPSG:4529');
    if (!csv.ok) throw new Error(csv.error.message.en);
    expect(csv.value.lost?.zh).toContain('1 个内环');
    expect(csv.value.lost?.zh).toContain('电子报盘 TXT');
    expect(csv.value.lost?.en).toContain('1 inner ring (hole) cannot');
    const baopan = exportSite(imported.value.features, 'baopan-txt', 'EPSG:4529');
    if (!baopan.ok) throw new Error(baopan.error.message.en);
    expect(baopan.value.lost).toBeUndefined();
    const back = await importFile(baopan.value.bytes, { fileName: 'back.txt' });
    if (!back.ok) throw new Error(back.error.message.en);
    const geometry = back.value.features.features[0].geometry;
    expect(geometry?.type === 'Polygon' ? geometry.coordinates.length : 0).toBe(2);
  });
});
