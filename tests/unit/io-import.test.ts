/**
 * File import (src/io): every good fixture imports with the right feature count, CRS
 * assumption and vertices; every broken one gives its error code and a bilingual message.
 *
 * Expected values come from tests/fixtures/import/expected.json, written by
 * scripts/fixtures/make-import-fixtures.sh: lon/lat from the hand-written source GeoJSON,
 * projected coordinates from PROJ cs2cs. The fixture files themselves were written by
 * GDAL ogr2ogr (shapefile, KML, KMZ, DXF, FlatGeobuf, projected GeoJSON) and by the script
 * (CSV tables, hand-made DXF), never by the code under test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Feature, Polygon, Position } from 'geojson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRandom as random } from '../../scripts/sample-parcels';
import { measureArea } from '../../src/analysis/measure';
import { projectPoint, unprojectPoint, type CrsCode } from '../../src/crs/projections';
import { kinks } from '@turf/turf';
import { findCrossings } from '../../src/io/complete-import';
import { importFile, importers, pickImporter, supportedFormats } from '../../src/io/registry';
import { sheetExtent } from '../../src/io/importers/xlsx';
import { cleanFileText } from '../../src/io/text';
import { formatImportError, remediesOf, type ImportError, type ImportOptions, type ImportResult } from '../../src/io/types';

const FIXTURES = path.resolve(__dirname, '../fixtures/import');

interface ExpectedParcel {
  parcel_id: string;
  lonlat: Position[];
  projected: Record<string, Position[]>;
  clockwise_from_north_west: number[];
}
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as { parcels: ExpectedParcel[] };
const parcelById = new Map(expected.parcels.map((parcel) => [parcel.parcel_id, parcel]));

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

async function importFixture(name: string, options: Partial<ImportOptions> = {}): Promise<ImportResult> {
  const result = await importFile(bytesOf(name), { fileName: name, ...options });
  if (!result.ok) throw new Error(`${name} should import: ${formatImportError(result.error, 'en')}`);
  return result.value;
}

async function importError(name: string, options: Partial<ImportOptions> = {}): Promise<ImportError> {
  const result = await importFile(bytesOf(name), { fileName: name, ...options });
  if (result.ok) throw new Error(`${name} should fail, imported ${result.value.features.features.length} feature(s)`);
  return result.error;
}

/** The import of `text` read as a file named `fileName`, which must succeed. */
async function importedText(text: string, fileName: string): Promise<ImportResult> {
  const result = await importText(text, fileName);
  if (!result.ok) throw new Error(`${fileName} should import: ${formatImportError(result.error, 'en')}`);
  return result.value;
}

/** The refusal of `text` read as a file named `fileName`, checked to be bilingual and to name the file. */
async function refusedText(text: string, fileName: string): Promise<ImportError> {
  const result = await importText(text, fileName);
  if (result.ok) throw new Error(`${fileName} should fail, imported ${result.value.features.features.length} feature(s)`);
  expectBilingual(result.error, fileName);
  return result.error;
}

const ID_KEYS = ['parcel_id', '地块编号', '宗地号', 'parcel', 'layer'];
function idOf(feature: Feature): string | undefined {
  for (const key of ID_KEYS) {
    const value = feature.properties?.[key];
    if (typeof value === 'string' && parcelById.has(value)) return value;
  }
  return undefined;
}

/** The exterior ring as an open list of positions. */
function openRing(feature: Feature): Position[] {
  if (feature.geometry?.type !== 'Polygon') throw new Error(`expected a Polygon, got ${feature.geometry?.type}`);
  const ring = feature.geometry.coordinates[0];
  expect(ring[0]).toEqual(ring[ring.length - 1]);
  return ring.slice(0, -1);
}

/**
 * Every source vertex has an imported vertex within `tolerance` degrees and the counts
 * agree: the ring may start elsewhere or run the other way (shapefiles and survey tables
 * go clockwise, GeoJSON counter-clockwise).
 */
function expectSameVertices(actual: Position[], source: Position[], tolerance = 1e-8): void {
  expect(actual.length).toBe(source.length);
  const offset = actual.findIndex((position) => Math.hypot(position[0] - source[0][0], position[1] - source[0][1]) < tolerance);
  expect(offset, 'first source vertex not found').toBeGreaterThanOrEqual(0);
  const forward = source.every((vertex, index) => {
    const position = actual[(offset + index) % actual.length];
    return Math.abs(position[0] - vertex[0]) <= tolerance && Math.abs(position[1] - vertex[1]) <= tolerance;
  });
  const backward = source.every((vertex, index) => {
    const position = actual[(offset - index + actual.length) % actual.length];
    return Math.abs(position[0] - vertex[0]) <= tolerance && Math.abs(position[1] - vertex[1]) <= tolerance;
  });
  expect(forward || backward, `vertices differ from the source by more than ${tolerance}°`).toBe(true);
}

/** Imported lon/lat projected back into the source CRS lies within 1 mm of cs2cs's numbers. */
function expectWithinMillimetre(actual: Position[], parcel: ExpectedParcel, crs: CrsCode): void {
  const reference = parcel.projected[crs];
  for (const position of actual) {
    const [easting, northing] = projectPoint([position[0], position[1]], crs);
    const nearest = Math.min(...reference.map(([e, n]) => Math.hypot(e - easting, n - northing)));
    expect(nearest).toBeLessThanOrEqual(0.001);
  }
}

const CJK = /[\u4e00-\u9fff]/;
function expectBilingual(error: ImportError, file: string): void {
  expect(error.file).toBe(file);
  expect(error.message.zh).toMatch(CJK);
  expect(error.hint.zh).toMatch(CJK);
  expect(error.message.en).toMatch(/[a-z]{3}/);
  expect(error.hint.en).toMatch(/[a-z]{3}/);
  expect(`${error.message.en}${error.hint.en}`).not.toMatch(/\n\s+at /); // no stack frames
  for (const lang of ['zh', 'en'] as const) {
    const line = formatImportError(error, lang);
    expect(line).toContain(file);
    expect(line).toContain(error.message[lang]);
    expect(line).not.toContain('\n');
    // One full stop between what is wrong and what to do, not two ("…之外。。坐标系…").
    expect(line).not.toMatch(/[。！？]。/u);
  }
}

interface GoodCase {
  file: string;
  format: string;
  crs: CrsCode;
  detected: boolean;
  axisSwapped: boolean;
  /** Parcel ids expected, in any order; for tables without a parcel column, the one parcel they hold. */
  parcels: string[];
  /** CRS whose cs2cs numbers the vertices are checked against at 1 mm (projected sources). */
  millimetreCrs?: CrsCode;
}

const GOOD: GoodCase[] = [
  { file: 'source-parcels.geojson', format: 'geojson', crs: 'EPSG:4490', detected: true, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'] },
  { file: 'parcels-4528.geojson', format: 'geojson', crs: 'EPSG:4528', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4528' },
  { file: 'parcels-4528-prj.zip', format: 'shapefile', crs: 'EPSG:4528', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4528' },
  { file: 'parcels-4549-prj.zip', format: 'shapefile', crs: 'EPSG:4549', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4549' },
  { file: 'parcels-4529-noprj.zip', format: 'shapefile', crs: 'EPSG:4529', detected: true, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4529' },
  { file: 'parcels-two-layers.zip', format: 'shapefile', crs: 'EPSG:4529', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4529' },
  { file: 'parcels.kml', format: 'kml', crs: 'EPSG:4326', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'] },
  { file: 'parcels.kmz', format: 'kmz', crs: 'EPSG:4326', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'] },
  { file: 'parcels-4528.dxf', format: 'dxf', crs: 'EPSG:4528', detected: true, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4528' },
  { file: 'parcels-4529-closed.dxf', format: 'dxf', crs: 'EPSG:4529', detected: true, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4529' },
  { file: 'parcels-4490.fgb', format: 'flatgeobuf', crs: 'EPSG:4490', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'] },
  { file: 'parcels-4529.fgb', format: 'flatgeobuf', crs: 'EPSG:4529', detected: false, axisSwapped: false, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4529' },
  // Survey tables: X (northing) comes first, so the numbers read as [X, Y] are swapped.
  { file: 'boundary-points-zh.csv', format: 'csv', crs: 'EPSG:4528', detected: true, axisSwapped: true, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4528' },
  { file: 'boundary-points-en.csv', format: 'csv', crs: 'EPSG:4529', detected: true, axisSwapped: true, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4529' },
  { file: 'boundary-points-gbk.csv', format: 'csv', crs: 'EPSG:4529', detected: true, axisSwapped: true, parcels: ['RS-B-02'], millimetreCrs: 'EPSG:4529' },
  { file: 'boundary-points-lonlat.csv', format: 'csv', crs: 'EPSG:4490', detected: true, axisSwapped: false, parcels: ['RS-B-02'] },
  // An Excel workbook (GDAL's XLSX writer): a notes sheet, then the Chinese table with X and Y as numbers.
  { file: 'boundary-points-zh.xlsx', format: 'xlsx', crs: 'EPSG:4528', detected: true, axisSwapped: true, parcels: ['RS-A-01', 'RS-B-02'], millimetreCrs: 'EPSG:4528' },
  // CASS coordinate data file: no header, easting first (name,code,Y,X,height), one parcel.
  { file: 'boundary-points-cass.dat', format: 'cass-dat', crs: 'EPSG:4528', detected: true, axisSwapped: false, parcels: ['RS-A-01'], millimetreCrs: 'EPSG:4528' },
  // No header row: the columns found by their numbers, northing first, one parcel.
  { file: 'boundary-points-headerless.csv', format: 'csv', crs: 'EPSG:4529', detected: true, axisSwapped: true, parcels: ['RS-B-02'], millimetreCrs: 'EPSG:4529' },
  // Headed X/Y but written easting first: not swapped, with a warning about the headers.
  { file: 'boundary-points-swapped.csv', format: 'csv', crs: 'EPSG:4528', detected: true, axisSwapped: false, parcels: ['RS-A-01'], millimetreCrs: 'EPSG:4528' },
];

describe('importFile: good files of every format', () => {
  for (const good of GOOD) {
    it(`${good.file} → ${good.format}, ${good.parcels.length} parcel(s), ${good.crs}`, async () => {
      const result = await importFixture(good.file);
      expect(result.format).toBe(good.format);
      expect(result.sourceName).toBe(good.file);
      expect(result.features.type).toBe('FeatureCollection');
      expect(result.features.features).toHaveLength(good.parcels.length);
      expect(result.crs.crs).toBe(good.crs);
      expect(result.crs.detected).toBe(good.detected);
      expect(result.crs.axisSwapped).toBe(good.axisSwapped);
      expect(result.crs.reason.zh).toMatch(CJK);
      expect(result.crs.reason.en.length).toBeGreaterThan(10);
      const seen: string[] = [];
      for (const feature of result.features.features) {
        const id = good.parcels.length === 1 ? good.parcels[0] : idOf(feature);
        expect(id, `parcel id of ${JSON.stringify(feature.properties)}`).toBeDefined();
        seen.push(id!);
        const parcel = parcelById.get(id!)!;
        const ring = openRing(feature);
        expectSameVertices(ring, parcel.lonlat);
        if (good.millimetreCrs) expectWithinMillimetre(ring, parcel, good.millimetreCrs);
      }
      expect(seen.sort()).toEqual([...good.parcels].sort());
    });
  }

  it('keeps attribute values as written: Chinese text from .dbf (UTF-8 .cpg), KML and FlatGeobuf', async () => {
    for (const file of ['parcels-4528-prj.zip', 'parcels.kml', 'parcels-4529.fgb', 'parcels-4528.geojson']) {
      const result = await importFixture(file);
      const names = result.features.features.map((feature) => feature.properties?.name).sort();
      expect(names, file).toEqual(['乳山东地块', '乳山西地块']);
    }
  });

  it('reads the GBK table headers and values, and says it read GBK', async () => {
    const result = await importFixture('boundary-points-gbk.csv');
    expect(result.features.features[0].properties).toMatchObject({ 宗地号: 'RS-B-02', boundary_points: 'J1,J2,J3,J4,J5' });
    expect(result.warnings.some((warning) => warning.en.includes('GBK'))).toBe(true);
  });

  it('warns when a table headed X/Y holds the easting in X', async () => {
    const result = await importFixture('boundary-points-swapped.csv');
    expect(result.warnings.some((warning) => warning.en.includes('"X"') && warning.zh.includes('“X”'))).toBe(true);
    const plain = await importFixture('boundary-points-zh.csv');
    expect(plain.warnings).toEqual([]);
  });

  it('reads a boundary-point list lined up with spaces (copied from a Word or PDF report) as the same table', async () => {
    const table = new TextDecoder().decode(bytesOf('boundary-points-zh.csv')).replace(/^\uFEFF/, '');
    // Columns apart by runs of spaces, a tab or an ideographic space, as copying from a report leaves them.
    const spaced = table
      .split(/\r?\n/)
      .map((line, index) => line.split(',').join(['   ', ' \t ', '\u3000', '  '][index % 4]))
      .join('\n');
    const result = await importFile(new TextEncoder().encode(spaced), { fileName: 'pasted-boundary-points.csv' });
    if (!result.ok) throw new Error(formatImportError(result.error, 'en'));
    expect(result.value.crs.crs).toBe('EPSG:4528');
    for (const parcelId of ['RS-A-01', 'RS-B-02']) {
      const feature = result.value.features.features.find((candidate) => idOf(candidate) === parcelId)!;
      const ring = (feature.geometry as Polygon).coordinates[0];
      const parcel = parcelById.get(parcelId)!;
      // Against PROJ (tests/fixtures/import/expected.json): the same lon/lat, within 1 mm.
      parcel.lonlat.forEach((position, index) => {
        expect(Math.abs(ring[index][0] - position[0]) * 88_000, `${parcelId} vertex ${index} lon`).toBeLessThan(0.001);
        expect(Math.abs(ring[index][1] - position[1]) * 111_000, `${parcelId} vertex ${index} lat`).toBeLessThan(0.001);
      });
    }
  });

  it('reads a table without a header row by its numbers, says which columns it took, and names a bad cell', async () => {
    const parcel = parcelById.get('RS-B-02')!;
    const expectParcelB = (result: ImportResult, label: string) => {
      expect(result.features.features, label).toHaveLength(1);
      expectWithinMillimetre(openRing(result.features.features[0]), parcel, 'EPSG:4529');
    };
    const plain = await importFixture('boundary-points-headerless.csv');
    expect(plain.features.features[0].properties).toMatchObject({ boundary_points: 'J1,J2,J3,J4,J5' });
    const said = plain.warnings.find((warning) => warning.en.includes('no header row'));
    expect(said?.en).toContain('column 2 as the northing (X), column 3 as the easting (Y), column 1 as the point names; all 5 points as one parcel');
    expect(said?.zh).toContain('第 2 列为北坐标（X），第 3 列为东坐标（Y），第 1 列为点号');
    // Nothing about headers contradicting the numbers: there are none.
    expect(plain.warnings.filter((warning) => warning !== said)).toEqual([]);
    const text = new TextDecoder().decode(bytesOf('boundary-points-headerless.csv'));
    // Numbered points with a height after, tab-separated (a list from a total station's software).
    const numbered = await importedText(text.replace(/^J(\d+),([^,]*),([^,\n]*)$/gm, '$1\t$2\t$3\t12.35'), 'numbered.txt');
    expectParcelB(numbered, 'numbered');
    expect(numbered.features.features[0].properties).toMatchObject({ boundary_points: '1,2,3,4,5' });
    // Easting first, no point names: read the other way round, by the numbers again.
    const eastingFirst = await importedText(text.replace(/^J\d+,([^,]*),([^,\n]*)$/gm, '$2,$1'), 'easting-first.csv');
    expectParcelB(eastingFirst, 'easting first');
    expect(eastingFirst.crs.axisSwapped).toBe(false);
    expect(eastingFirst.warnings.some((warning) => warning.en.includes('column 1 as the easting (Y), column 2 as the northing (X); all 5'))).toBe(true);
    // A first point named like a header ("N", "X") is still data; a sequence number before the
    // point names does not take their place.
    const named = await importedText(text.replace(/^J(\d+),/gm, (_, n: string) => `${n},${['N', 'X', 'E', 'Y', 'lon'][Number(n) - 1]},`), 'named.csv');
    expectParcelB(named, 'named like headers');
    expect(named.features.features[0].properties).toMatchObject({ boundary_points: 'N,X,E,Y,lon' });
    expect(named.warnings.some((warning) => warning.en.includes('column 2 as the point names') && warning.zh.includes('第 2 列为点号'))).toBe(true);
    // A bad cell further down is named by its line and its column's place.
    const letter = await refusedText(text.replace('4086603.794', '4O86603.794'), 'letter.csv');
    expect(letter.code).toBe('NON_NUMERIC_CELL');
    expect(letter.message.zh).toContain('第 3 行（点号 J3）“#2”列的值“4O86603.794”不是数字');
    // Numbers that are no coordinates of the region: still refused, the hint says what a list without headers needs.
    const counts = await refusedText('1,2,3\n4,5,6\n7,8,9\n', 'counts.csv');
    expect(counts.code).toBe('MISSING_COLUMNS');
    expect(counts.hint.en).toContain('without headers');
  });

  it('reads an Excel workbook: the first sheet with coordinates, named in a warning; a bad cell by sheet, row and column', async () => {
    const result = await importFixture('boundary-points-zh.xlsx');
    expect(result.features.features.map((feature) => feature.properties)).toEqual([
      { 地块编号: 'RS-A-01', boundary_points: 'J1,J2,J3,J4' },
      { 地块编号: 'RS-B-02', boundary_points: 'J1,J2,J3,J4,J5' },
    ]);
    expect(result.warnings).toEqual([{ zh: '读取了工作表“界址点坐标”；另有 1 个工作表未读取。', en: 'Sheet "界址点坐标" was read; 1 other sheet was not.' }]);
    expect(pickImporter(bytesOf('boundary-points-zh.xlsx'), 'download.zip')?.id).toBe('xlsx');
    // The workbook's parts are inflated under the import's limits, before the spreadsheet reader sees them.
    const capped = await importError('boundary-points-zh.xlsx', { limits: { maxInflatedBytes: 100 } });
    expect(capped.code).toBe('TOO_LARGE');
    expect(capped.hint.en).toContain('limits.maxInflatedBytes');
    // The table's cell C5 (row 5: RS-A-01's J4, column X) typed with a letter O.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(bytesOf('boundary-points-zh.xlsx'));
    const sheet = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    const lettered = sheet.replace(/<c r="C5">\s*<v>([^<]*)<\/v>\s*<\/c>/, (_, value: string) => `<c r="C5" t="inlineStr"><is><t>${value.replace('0', 'O')}</t></is></c>`);
    expect(lettered).not.toBe(sheet);
    zip.file('xl/worksheets/sheet2.xml', lettered);
    const letter = await importFile(await zip.generateAsync({ type: 'uint8array' }), { fileName: 'letter.xlsx' });
    expect(letter.ok).toBe(false);
    if (letter.ok) return;
    expect(letter.error.code).toBe('NON_NUMERIC_CELL');
    expect(letter.error.message.zh).toMatch(/^工作表“界址点坐标”：第 5 行（点号 J4）“X”列的值“4O/);
    expectBilingual(letter.error, 'letter.xlsx');
    // Only the notes sheet: no coordinate columns, the headers named.
    zip.remove('xl/worksheets/sheet2.xml');
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', workbook.replace(/<sheet [^>]*name="界址点坐标"[^>]*\/>/, ''));
    const notes = await importFile(await zip.generateAsync({ type: 'uint8array' }), { fileName: 'notes.xlsx' });
    expect(notes.ok).toBe(false);
    if (notes.ok) return;
    expect(notes.error.code).toBe('MISSING_COLUMNS');
    expect(notes.error.message.zh).toContain('项目');
  });

  it('passes over a template sheet, and refuses a sheet reaching far cells before the spreadsheet reader builds its grid', async () => {
    const { default: JSZip } = await import('jszip');
    const workbook = async (edit: (sheets: { notes: string; table: string }) => { notes?: string; table?: string }, name: string) => {
      const zip = await JSZip.loadAsync(bytesOf('boundary-points-zh.xlsx'));
      const notes = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
      const table = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
      const edited = edit({ notes, table });
      if (edited.notes) zip.file('xl/worksheets/sheet1.xml', edited.notes);
      if (edited.table) zip.file('xl/worksheets/sheet2.xml', edited.table);
      return importFile(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), { fileName: name });
    };
    // The first sheet holds the table's headers and no rows (a template): the next sheet is read.
    const template = await workbook(({ table }) => ({ notes: table.replace(/<row r="([2-9]|1\d)">[\s\S]*?<\/row>/g, '') }), 'template.xlsx');
    if (!template.ok) throw new Error(formatImportError(template.error, 'en'));
    expect(template.value.features.features).toHaveLength(2);
    // A 4 KB sheet naming cell XFD1048576 (17 billion cells to the reader): refused, not built.
    const far = await workbook(({ table }) => ({ table: table.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>') }), 'far.xlsx');
    expect(far.ok).toBe(false);
    if (far.ok) return;
    expect(far.error.code).toBe('TOO_LARGE');
    expect(far.error.message.en).toContain('1,048,576 rows × 16,384 columns');
    expectBilingual(far.error, 'far.xlsx');
    // A row past Excel's last: a damaged file.
    const beyond = await workbook(({ table }) => ({ table: table.replace('</sheetData>', '<row r="300000000"><c><v>1</v></c></row></sheetData>') }), 'beyond.xlsx');
    expect(beyond.ok).toBe(false);
    if (beyond.ok) return;
    expect(beyond.error.code).toBe('PARSE_ERROR');
    expect(beyond.error.message.en).toContain("beyond Excel's range");
    expect(sheetExtent('<sheetData><row><c/><c/><c r="D1"/></row><row r="7"><c/></row></sheetData>')).toEqual({ rows: 7, columns: 4 });
  });

  it('refuses an Excel 97–2003 workbook (.xls) and a file named .xlsx that is none, saying what to do', async () => {
    // The OLE2 compound-file signature every .xls starts with, then nothing a reader could use.
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    const xls = await importFile(ole, { fileName: '界址点.xls' });
    expect(xls.ok).toBe(false);
    if (xls.ok) return;
    expect(xls.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(xls.error.message.zh).toContain('.xls');
    expect(xls.error.hint.zh).toContain('另存为');
    expectBilingual(xls.error, '界址点.xls');
    const text = await refusedText('点号,X,Y\n', 'table.xlsx');
    expect(text.code).toBe('PARSE_ERROR');
    expect(text.message.en).toContain('not an Excel workbook');
    // A web page saved as .xls: said what it is.
    const page = await refusedText('<html><body><table><tr><td>X</td></tr></table></body></html>', '导出.xls');
    expect(page.code).toBe('UNSUPPORTED_FORMAT');
    expect(page.message.en).toContain('web page (HTML)');
    // Tab-separated text named .xls, as many systems export it: read as the table it is.
    const tabbed = await importedText(new TextDecoder().decode(bytesOf('boundary-points-zh.csv')).replace(/,/g, '\t'), '导出.xls');
    expect(tabbed.format).toBe('csv');
    expect(tabbed.features.features).toHaveLength(2);
    // .xls is taken, but not listed as a format the atlas reads.
    expect(supportedFormats('en')).not.toContain('.xls)');
    expect(supportedFormats('en')).toContain('.xlsx');
  });

  it('reads a CASS coordinate file as one parcel in file order, says so, and names each bad line', async () => {
    const result = await importFixture('boundary-points-cass.dat');
    expect(result.features.features[0].properties).toMatchObject({ boundary_points: 'J1,J2,J3,J4,J1' });
    expect(result.warnings.some((warning) => warning.en.includes('one parcel') && warning.zh.includes('一个地块'))).toBe(true);
    const text = new TextDecoder().decode(bytesOf('boundary-points-cass.dat'));
    // The survey-table order (northing first) is read by the numbers, with a warning.
    const swapped = text.replace(/^([^,]*),([^,]*),([^,]*),([^,]*),/gm, '$1,$2,$4,$3,');
    const readSwapped = await importedText(swapped, 'swapped.dat');
    expect(readSwapped.crs.axisSwapped).toBe(true);
    expect(readSwapped.warnings.some((warning) => warning.en.includes('CASS order'))).toBe(true);
    const short = await refusedText(text.replace('J3,,40631608.617,4085987.606,0.000', 'J3,,40631608.617'), 'short.dat');
    expect(short.code).toBe('MISSING_COLUMNS');
    expect(short.message.en).toContain('Line 3');
    const letter = await refusedText(text.replace('4085987.606', '4O85987.606'), 'letter.dat');
    expect(letter.code).toBe('NON_NUMERIC_CELL');
    expect(letter.message.zh).toContain('第 3 行（点名 J3）的北坐标');
    expect(pickImporter(bytesOf('boundary-points-cass.dat'), 'points.dat')?.id).toBe('cass-dat');
    // Points that are not a boundary in order (here J1, J3, J2, J4: a bowtie) cross themselves.
    const [j1, j2, j3, j4] = text.split(/\r\n/);
    const scattered = await importFile(new TextEncoder().encode([j1, j3, j2, j4].join('\r\n')), { fileName: 'survey-points.dat' });
    expect(scattered.ok).toBe(false);
    if (!scattered.ok) expect(scattered.error.code).toBe('SELF_INTERSECTION');
  });

  it('keeps DXF layer and handle as properties', async () => {
    const result = await importFixture('parcels-4529-closed.dxf');
    const properties = result.features.features.map((feature) => feature.properties);
    expect(properties).toEqual([
      { layer: 'RS-A-01', handle: '1A' },
      { layer: 'RS-B-02', handle: '1B' },
    ]);
  });

  it('warns when a shapefile has no .prj and the CRS was detected', async () => {
    const result = await importFixture('parcels-4529-noprj.zip');
    expect(result.warnings.some((warning) => warning.en.includes('.prj'))).toBe(true);
  });

  it('a user-chosen CRS wins over detection, and a wrong one is refused as outside the region', async () => {
    const chosen = await importFixture('parcels-4529-noprj.zip', { crs: 'EPSG:4529' });
    expect(chosen.crs).toMatchObject({ crs: 'EPSG:4529', detected: false });
    const wrong = await importError('parcels-4529-noprj.zip', { crs: 'EPSG:4528' });
    expect(wrong.code).toBe('OUTSIDE_REGION');
    expect(wrong.hint.en).toMatch(/CRS/);
    // Metres read as degrees land nowhere: said in words, not as "540000.00°E".
    const degrees = await importError('parcels-4529-noprj.zip', { crs: 'EPSG:4490' });
    expect(degrees.code).toBe('OUTSIDE_REGION');
    expect(degrees.message.en).toContain('converts to no position on Earth');
    expect(degrees.message.zh).toContain('得不到地球上的位置');
    expect(degrees.message.en).not.toMatch(/\d{4,}(\.\d+)?°/);
  });

  it('axisSwapped: false forces the written order (then the table lands nowhere near Rushan)', async () => {
    const error = await importError('boundary-points-zh.csv', { crs: 'EPSG:4528', axisSwapped: false });
    expect(error.code).toBe('OUTSIDE_REGION');
    // The refusal says how it read the numbers, for the panels' CRS chooser and axis box.
    expect(error.readAs).toEqual({ crs: 'EPSG:4528', axisSwapped: false });
    const detected = await importError('boundary-points-zh.csv', { crs: 'EPSG:4529' });
    expect(detected.readAs).toEqual({ crs: 'EPSG:4529', axisSwapped: true });
    // Northings read as eastings are beyond the projection's range: no position, said in words.
    for (const text of [error.message.zh, error.message.en]) expect(text).not.toMatch(/Infinity|NaN/);
    expect(error.message.zh).toContain('得不到地球上的位置');
    expect(error.message.en).toContain('converts to no position on Earth');
    expect(error.message.en).toContain('RS-A-01');
  });

  it('keeps HTML-looking attribute values verbatim as text', async () => {
    const result = await importFixture('html-in-properties.geojson');
    const properties = result.features.features[0].properties!;
    expect(properties.name).toBe('<img src=x onerror=alert(1)>');
    expect(properties.note).toBe('<b>bold</b> & <script>alert(2)</script>');
  });
});

describe('importFile: broken inputs', () => {
  const BAD: { file: string; code: ImportError['code']; mentions?: string[] }[] = [
    { file: 'bad-empty.geojson', code: 'EMPTY_FILE' },
    { file: 'bad-empty-collection.geojson', code: 'EMPTY_COLLECTION' },
    { file: 'bad-truncated.zip', code: 'CORRUPT_ZIP' },
    { file: 'bad-bowtie.geojson', code: 'SELF_INTERSECTION', mentions: ['BOWTIE-1'] },
    { file: 'bad-open-polyline.dxf', code: 'OPEN_POLYLINE', mentions: ['PARCEL_OPEN', '2A', 'drawing units apart'] },
    { file: 'bad-non-numeric.csv', code: 'NON_NUMERIC_CELL', mentions: ['4', 'J3', '"Y"', '4O631608.617'] },
    { file: 'bad-outside-region.geojson', code: 'OUTSIDE_REGION', mentions: ['BEIJING-2', 'feature 2', '116.4000°E'] },
    { file: 'bad-xian80-prj.zip', code: 'UNSUPPORTED_CRS', mentions: ['Xian_1980_3_Degree_GK_CM_120E'] },
    { file: 'bad-hole-outside-ring.geojson', code: 'INVALID_GEOMETRY', mentions: ['HOLE-OUT-1', 'ring 2', 'not inside the outer ring'] },
    { file: 'bad-overlapping-parts.geojson', code: 'INVALID_GEOMETRY', mentions: ['OVERLAP-1', 'part 1 and part 2 overlap'] },
    { file: 'bad-collinear-ring.geojson', code: 'INVALID_GEOMETRY', mentions: ['LINE-1', 'less than 1 m²'] },
    { file: 'bad-xian80-2383.geojson', code: 'UNSUPPORTED_CRS', mentions: ['EPSG::2383'] },
    { file: 'bad-xian80-2385.fgb', code: 'UNSUPPORTED_CRS', mentions: ['EPSG:2385', 'Xian 1980'] },
    { file: 'bad-truncated.fgb', code: 'PARSE_ERROR', mentions: ['1 of 2 features'] },
    { file: 'bad-invalid.kml', code: 'PARSE_ERROR', mentions: ['outerBoundaryIs', 'line 3'] },
  ];
  for (const bad of BAD) {
    it(`${bad.file} → ${bad.code}`, async () => {
      const error = await importError(bad.file);
      expect(error.code).toBe(bad.code);
      expectBilingual(error, bad.file);
      for (const text of bad.mentions ?? []) expect(error.message.en).toContain(text);
      // The Chinese message is Chinese: no English sentence of ours in it, and a parser's own
      // English complaint only as the marked note.
      // (A CRS name the file declares is the file's own text.)
      const ours = error.message.zh.replace(/英文程序提示：[^）]*/, '').replace(/（EPSG:\d+ [^）]*）/g, '');
      expect(error.message.zh, 'no note in brackets within brackets').not.toMatch(/（[^）]*（/);
      expect(ours, error.message.zh).not.toMatch(/[A-Za-z]{2,}[\s\d]+[A-Za-z]{2,}/);
    });
  }

  it('a .prj of another datum imports only when the user chooses the CRS', async () => {
    const result = await importFixture('bad-xian80-prj.zip', { crs: 'EPSG:4549' });
    expect(result.crs).toMatchObject({ crs: 'EPSG:4549', detected: false });
    // The .prj the choice overrides is said, not dropped.
    expect(result.warnings.some((warning) => warning.en.includes('Xian_1980') && warning.en.includes('read as EPSG:4549, the user')), JSON.stringify(result.warnings)).toBe(true);
    expect(result.features.features).toHaveLength(2);
  });

  it('names the row and column of a non-numeric cell in Chinese too', async () => {
    const error = await importError('bad-non-numeric.csv');
    expect(error.message.zh).toContain('第 4 行');
    expect(error.message.zh).toContain('“Y”列');
  });

  it('repair: true splits the bowtie at its crossing into two polygons, with a warning', async () => {
    const result = await importFixture('bad-bowtie.geojson', { repair: true });
    const geometry = result.features.features[0].geometry;
    expect(geometry.type).toBe('MultiPolygon');
    if (geometry.type !== 'MultiPolygon') return;
    expect(geometry.coordinates).toHaveLength(2);
    // The crossing of the segments (121.56, 36.895)–(121.56, 36.905)… is at the square's centre.
    for (const polygon of geometry.coordinates) {
      expect(polygon[0].some(([lon, lat]) => Math.abs(lon - 121.555) < 1e-9 && Math.abs(lat - 36.9) < 1e-9)).toBe(true);
    }
    expect(result.warnings.some((warning) => warning.en.includes('split'))).toBe(true);
  });

  it('returns no features with an error (nothing half-imported)', async () => {
    const result = await importFile(bytesOf('bad-outside-region.geojson'), { fileName: 'bad-outside-region.geojson' });
    expect(result.ok).toBe(false);
    expect('value' in result).toBe(false);
  });

  it('an unknown extension lists the supported formats', async () => {
    const error = (await importFile(new TextEncoder().encode('PK?? not a known thing'), { fileName: 'parcels.ods' })) as {
      ok: false;
      error: ImportError;
    };
    expect(error.ok).toBe(false);
    expect(error.error.code).toBe('UNSUPPORTED_FORMAT');
    for (const extension of ['.geojson', '.zip', '.kml', '.kmz', '.dxf', '.csv', '.xlsx', '.fgb']) expect(error.error.hint.en).toContain(extension);
    expectBilingual(error.error, 'parcels.ods');
  });

  it('invalid JSON names the line', async () => {
    const result = await importFile(new TextEncoder().encode('{\n "type": "FeatureCollection",\n "features": [,]\n}'), { fileName: 'broken.geojson' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PARSE_ERROR');
    expect(result.error.message.en).toMatch(/line 3/);
  });

  it('a CSV without coordinate columns names its headers', async () => {
    const result = await importFile(new TextEncoder().encode('名称,面积\n甲,12\n'), { fileName: 'table.csv' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('MISSING_COLUMNS');
    expect(result.error.message.zh).toContain('名称');
  });

  it('a CSV parcel with fewer than three points is refused', async () => {
    const result = await importFile(new TextEncoder().encode('点号,X,Y\nJ1,4086422.604,40631022.360\nJ2,4086486.354,40631556.320\n'), { fileName: 'two.csv' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('TOO_FEW_POINTS');
  });
});

describe('registry', () => {
  it('has one importer per format, each with labels and extensions', () => {
    expect(importers.map((importer) => importer.id)).toEqual(['geojson', 'shapefile', 'kml', 'kmz', 'dxf', 'csv', 'xlsx', 'cass-dat', 'baopan-txt', 'flatgeobuf']);
    for (const importer of importers) {
      expect(importer.label.zh).toBeTruthy();
      expect(importer.extensions.length).toBeGreaterThan(0);
    }
  });

  it('picks by extension, and by content for a .zip or a misnamed file', () => {
    expect(pickImporter(bytesOf('parcels.kmz'), 'parcels.kmz')?.id).toBe('kmz');
    expect(pickImporter(bytesOf('parcels.kmz'), 'parcels.zip')?.id).toBe('kmz');
    expect(pickImporter(bytesOf('parcels-4528-prj.zip'), 'parcels.zip')?.id).toBe('shapefile');
    expect(pickImporter(bytesOf('parcels-4528.dxf'), 'drawing.bin')?.id).toBe('dxf');
    expect(pickImporter(bytesOf('parcels-4529.fgb'), 'download')?.id).toBe('flatgeobuf');
    expect(pickImporter(bytesOf('parcels.kml'), 'export.xml')?.id).toBe('kml');
    expect(pickImporter(bytesOf('source-parcels.geojson'), 'site.txt')?.id).toBe('geojson');
    expect(pickImporter(bytesOf('boundary-points-zh.csv'), 'points.txt')?.id).toBe('csv');
  });
});

// ---------------------------------------------------------------------------------------
// Code review findings 1–5 and 9: polygon structure, repeated vertices, declared CRS,
// truncated FlatGeobuf, KML MultiGeometry, xmldom's console output. Expected areas from
// tests/fixtures/import/expected-invalid.json (Shapely + pyproj, written by
// scripts/fixtures/make-invalid-import-fixtures.sh).
// ---------------------------------------------------------------------------------------

const invalidExpected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected-invalid.json'), 'utf8')) as {
  overlapping_parts: { crs: 'EPSG:4529'; part_areas_m2: number[]; overlap_m2: number; union_m2: number };
  multigeometry_parts: Record<string, { crs: 'EPSG:4528' | 'EPSG:4529'; area_m2: number }>;
};

function importText(text: string, fileName: string, options: Partial<ImportOptions> = {}) {
  return importFile(new TextEncoder().encode(text), { fileName, ...options });
}

function collection(geometry: object, properties: object = { parcel_id: 'T-1' }): string {
  return JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] });
}

/** A square of `side` metres with its south-west corner at `corner` (lon/lat), built in EPSG:4529. */
function squareRing(corner: [number, number], side: number): number[][] {
  const [x, y] = projectPoint(corner, 'EPSG:4529');
  return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]].map(([e, n]) => unprojectPoint([e, n], 'EPSG:4529'));
}

describe('importFile: polygon structure (finding 1)', () => {
  it('refuses a hole outside its outer ring, naming the feature and the ring in zh and en', async () => {
    const error = await importError('bad-hole-outside-ring.geojson');
    expect(error.message.zh).toContain('HOLE-OUT-1');
    expect(error.message.zh).toContain('第 2 个环');
  });

  it('still accepts a hole inside its ring, and its area is subtracted', async () => {
    const outer = squareRing([121.55, 36.9], 100);
    const hole = squareRing([121.5503, 36.9003], 20);
    const result = await importText(collection({ type: 'Polygon', coordinates: [outer, hole] }), 'holed.geojson');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const geometry = result.value.features.features[0].geometry;
    expect(geometry.type).toBe('Polygon');
    if (geometry.type === 'Polygon') expect(measureArea(geometry, { crs: 'EPSG:4529' }).area_m2).toBeCloseTo(10000 - 400, 3);
  });

  it('refuses overlapping MultiPolygon parts, naming both parts and the overlap (≈ Shapely)', async () => {
    const error = await importError('bad-overlapping-parts.geojson');
    expect(error.message.zh).toContain('第 1 部分与第 2 部分重叠');
    const stated = Number(/overlap by about ([\d,]+) m²/.exec(error.message.en)?.[1].replace(/,/g, ''));
    expect(Math.abs(stated - invalidExpected.overlapping_parts.overlap_m2)).toBeLessThan(invalidExpected.overlapping_parts.overlap_m2 * 1e-3);
    // The hint says what to do in the source software; the places that can repair offer it themselves.
    expect(error.repairable).toBe(true);
  });

  it('offers a repair for a crossing and a CRS for coordinates that land outside the region, and nothing for a broken file', async () => {
    const bowtie = await importError('bad-bowtie.geojson');
    expect(remediesOf(bowtie, false)).toEqual({ repair: true });
    // Read once with repair, it is not offered again.
    expect(remediesOf(bowtie, true)).toEqual({});
    // Zone-40 numbers read as zone 41 land far to the west: another CRS cures it.
    const misread = await importError('boundary-points-zh.csv', { crs: 'EPSG:4529' });
    expect(misread.code).toBe('OUTSIDE_REGION');
    expect(remediesOf(misread, false)).toEqual({ crs: true });
    expect(remediesOf(await importError('bad-xian80-2383.geojson'), false)).toEqual({ crs: true });
    for (const name of ['bad-open-polyline.dxf', 'bad-truncated.zip', 'bad-non-numeric.csv', 'bad-hole-outside-ring.geojson']) {
      expect(remediesOf(await importError(name), false), name).toEqual({});
    }
  });

  it('refuses a duplicated part (the area would double)', async () => {
    const ring = squareRing([121.55, 36.9], 50);
    const result = await importText(collection({ type: 'MultiPolygon', coordinates: [[ring], [ring]] }), 'twice.geojson');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_GEOMETRY' });
  });

  it('accepts parts that only share an edge', async () => {
    const west = squareRing([121.55, 36.9], 50);
    const east = [west[1], unprojectPoint([projectPoint(west[1] as [number, number], 'EPSG:4529')[0] + 50, projectPoint(west[1] as [number, number], 'EPSG:4529')[1]], 'EPSG:4529'), unprojectPoint([projectPoint(west[2] as [number, number], 'EPSG:4529')[0] + 50, projectPoint(west[2] as [number, number], 'EPSG:4529')[1]], 'EPSG:4529'), west[2], west[1]];
    const result = await importText(collection({ type: 'MultiPolygon', coordinates: [[west], [east]] }), 'neighbours.geojson');
    expect(result.ok, result.ok ? '' : formatImportError(result.error, 'en')).toBe(true);
  });

  it('repair: true merges overlapping parts into their union (area as Shapely), with a warning', async () => {
    const result = await importFixture('bad-overlapping-parts.geojson', { repair: true });
    const geometry = result.features.features[0].geometry;
    expect(geometry.type === 'Polygon' || geometry.type === 'MultiPolygon').toBe(true);
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return;
    const area = measureArea(geometry, { crs: invalidExpected.overlapping_parts.crs }).area_m2;
    expect(Math.abs(area - invalidExpected.overlapping_parts.union_m2)).toBeLessThan(invalidExpected.overlapping_parts.union_m2 * 1e-6);
    expect(result.warnings.some((warning) => warning.en.includes('merged') && warning.zh.includes('合并'))).toBe(true);
  });

  it('refuses three collinear points and any ring under 1 m²', async () => {
    const error = await importError('bad-collinear-ring.geojson');
    expect(error.message.zh).toContain('不足 1 平方米');
    // A real triangle of 0.5 m² (1 m × 1 m / 2).
    const [x, y] = projectPoint([121.55, 36.9], 'EPSG:4529');
    const tiny = [[x, y], [x + 1, y], [x, y + 1], [x, y]].map(([e, n]) => unprojectPoint([e, n], 'EPSG:4529'));
    const result = await importText(collection({ type: 'Polygon', coordinates: [tiny] }), 'tiny.geojson');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_GEOMETRY');
  });
});

describe('importFile: repeated vertices (finding 2)', () => {
  it('a table repeating point J2 imports like the clean one, with a "removed 1 repeated vertex" warning', async () => {
    const result = await importFixture('boundary-points-repeated-vertex.csv');
    expect(result.features.features).toHaveLength(2);
    for (const feature of result.features.features) {
      const parcel = parcelById.get(String(feature.properties?.['地块编号']))!;
      const ring = openRing(feature);
      expectSameVertices(ring, parcel.lonlat);
      expectWithinMillimetre(ring, parcel, 'EPSG:4528');
    }
    const warning = result.warnings.find((item) => item.en.includes('removed 1 repeated vertex (consecutive'));
    expect(warning?.en).toContain('RS-A-01');
    expect(warning?.zh).toContain('1 个');
  });

  it('drops a doubled CAD vertex less than 1 mm from the previous one (not a bowtie)', async () => {
    const ring = squareRing([121.55, 36.9], 80);
    const [x, y] = projectPoint(ring[1] as [number, number], 'EPSG:4529');
    const doubled = [ring[0], ring[1], unprojectPoint([x + 0.0004, y + 0.0003], 'EPSG:4529'), ring[2], ring[3], ring[4]];
    const result = await importText(collection({ type: 'Polygon', coordinates: [doubled] }), 'cad.geojson');
    expect(result.ok, result.ok ? '' : formatImportError(result.error, 'en')).toBe(true);
    if (!result.ok) return;
    const geometry = result.value.features.features[0].geometry;
    if (geometry.type === 'Polygon') expect(geometry.coordinates[0]).toHaveLength(5);
    expect(result.value.warnings.some((warning) => warning.en.includes('removed 1 repeated'))).toBe(true);
  });
});

describe('importFile: a declared CRS the atlas does not support (finding 3)', () => {
  it('GeoJSON declaring EPSG:2383 imports only when the user chooses the CRS, with a warning', async () => {
    const text = readFileSync(path.join(FIXTURES, 'parcels-4528.geojson'), 'utf8').replace(/urn:ogc:def:crs:EPSG::4528/, 'urn:ogc:def:crs:EPSG::2383');
    expect(text).toContain('EPSG::2383');
    const refused = await importText(text, 'declared-2383.geojson');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('UNSUPPORTED_CRS');
    const chosen = await importText(text, 'declared-2383.geojson', { crs: 'EPSG:4528' });
    expect(chosen.ok).toBe(true);
    if (!chosen.ok) return;
    expect(chosen.value.crs).toMatchObject({ crs: 'EPSG:4528', detected: false });
    expect(chosen.value.warnings.some((warning) => warning.en.includes('2383'))).toBe(true);
  });

  it('a FlatGeobuf whose header declares Xian 1980 imports only when the user chooses the CRS', async () => {
    const result = await importFixture('bad-xian80-2385.fgb', { crs: 'EPSG:4549' });
    expect(result.crs).toMatchObject({ crs: 'EPSG:4549', detected: false });
    expect(result.features.features).toHaveLength(2);
  });
});

describe('importFile: KML MultiGeometry and XML errors (findings 5, 9)', () => {
  it('a <MultiGeometry> of polygons imports as one MultiPolygon with both parts', async () => {
    const result = await importFixture('parcels-multigeometry.kml');
    expect(result.features.features).toHaveLength(1);
    const geometry = result.features.features[0].geometry;
    expect(geometry.type).toBe('MultiPolygon');
    if (geometry.type !== 'MultiPolygon') return;
    expect(geometry.coordinates).toHaveLength(2);
    for (const polygon of geometry.coordinates) {
      const ring = polygon[0].slice(0, -1);
      const parcel = [...parcelById.values()].find((candidate) => Math.abs(candidate.lonlat[0][1] - ring[0][1]) < 0.01 && Math.abs(candidate.lonlat[0][0] - ring[0][0]) < 0.02)!;
      expectSameVertices(ring, parcel.lonlat);
      const wanted = invalidExpected.multigeometry_parts[parcel.parcel_id];
      const area = measureArea({ type: 'Polygon', coordinates: polygon }, { crs: wanted.crs }).area_m2;
      expect(Math.abs(area - wanted.area_m2)).toBeLessThan(wanted.area_m2 * 1e-6);
    }
  });

  it('the polygons of a <MultiGeometry> are validated (overlapping parts refused)', async () => {
    const square = '121.55,36.9 121.56,36.9 121.56,36.91 121.55,36.91 121.55,36.9';
    const shifted = '121.555,36.905 121.565,36.905 121.565,36.915 121.555,36.915 121.555,36.905';
    const polygon = (coordinates: string) => `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;
    const text = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>M-1</name><MultiGeometry>${polygon(square)}${polygon(shifted)}</MultiGeometry></Placemark></Document></kml>`;
    const result = await importText(text, 'overlap.kml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_GEOMETRY' });
  });

  it('invalid XML becomes the error value alone: nothing is written to the console', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const error = await importError('bad-invalid.kml');
      expect(error.code).toBe('PARSE_ERROR');
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the self-intersection check (issue 11: an R-tree of the edges instead of all pairs)', () => {
  it('finds a crossing exactly when turf kinks (all pairs, independent) does, on 400 random rings', () => {
    const next = random(11);
    let crossing = 0;
    for (let trial = 0; trial < 400; trial += 1) {
      const vertices = 4 + Math.floor(next() * 60);
      // Star-shaped rings with random radii are simple; shuffled neighbours make some cross.
      const ring: Position[] = Array.from({ length: vertices }, (_, index) => {
        const angle = (2 * Math.PI * index) / vertices;
        const radius = 0.2 + next();
        return [Math.round(radius * Math.cos(angle) * 1e6) / 1e6, Math.round(radius * Math.sin(angle) * 1e6) / 1e6];
      });
      if (next() < 0.5) {
        const at = Math.floor(next() * (vertices - 2));
        [ring[at], ring[at + 2]] = [ring[at + 2], ring[at]];
      }
      const closed = [...ring, ring[0]];
      const expected = kinks({ type: 'Polygon', coordinates: [closed] }).features.length > 0;
      const found = findCrossings([closed]);
      expect(found.count > 0, `trial ${trial}`).toBe(expected);
      if (expected) crossing += 1;
    }
    // Both kinds were tried.
    expect(crossing).toBeGreaterThan(50);
    expect(crossing).toBeLessThan(350);
  });

  it('a hole crossing its exterior counts, a hole inside does not', () => {
    const outer: Position[] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    expect(findCrossings([outer, [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]]).count).toBe(0);
    const crossing = findCrossings([outer, [[8, 2], [12, 2], [12, 4], [8, 4], [8, 2]]]);
    expect(crossing.count).toBe(2);
    expect(crossing.first).toEqual([10, 2]);
  });
});

describe('text quoted from a file (cleanFileText)', () => {
  it('removes escape sequences and control characters, collapses whitespace, cuts with an ellipsis', () => {
    expect(cleanFileText('\u001b[2J\u001b[31mred\u001b[0m\u0007 \u202etext\u0000')).toBe('red text');
    expect(cleanFileText('a\n\n  b\tc')).toBe('a b c');
    expect(cleanFileText('x'.repeat(5000), 200)).toBe(`${'x'.repeat(199)}…`);
    expect(cleanFileText('地块'.repeat(10), 5)).toBe('地块地块…');
  });
});

describe('a Shapefile date field', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  it('is the calendar day the DBF holds, as text, in Weihai’s time zone too (GDAL writes the D field)', async () => {
    process.env.TZ = 'Asia/Shanghai';
    const folder = mkdtempSync(path.join(tmpdir(), 'atlas-dbf-date-'));
    const source = path.join(folder, 'dated.geojson');
    writeFileSync(source, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: 'A', approved: '2024-03-04' }, geometry: { type: 'Polygon', coordinates: [[[121.55, 36.9], [121.556, 36.9], [121.556, 36.905], [121.55, 36.905], [121.55, 36.9]]] } },
      { type: 'Feature', properties: { name: 'B', approved: null }, geometry: { type: 'Polygon', coordinates: [[[121.56, 36.9], [121.566, 36.9], [121.566, 36.905], [121.56, 36.905], [121.56, 36.9]]] } },
    ] }));
    const zip = path.join(folder, 'dated.shp.zip');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', zip, source, '-a_srs', 'EPSG:4490']);
    // GDAL made it a Date (D) field, not text.
    expect(execFileSync('ogrinfo', ['-so', '-al', zip], { encoding: 'utf8' })).toMatch(/approved: Date/);
    const result = await importFile(new Uint8Array(readFileSync(zip)), { fileName: 'dated.shp.zip' });
    rmSync(folder, { recursive: true, force: true });
    if (!result.ok) throw new Error(result.error.message.en);
    expect(result.value.features.features.map((feature) => feature.properties?.approved)).toEqual(['2024-03-04', null]);
  });
});

describe('importFile: one layer asked for (a reference layer)', () => {
  it('refuses a zip of two shapefiles and a KMZ of two linked layers, naming them; takes either without the option', async () => {
    const zip = new Uint8Array(readFileSync(path.join(FIXTURES, 'parcels-two-layers.zip')));
    // The same two layers as GDAL's LIBKML driver writes a KMZ: doc.kml linking layers/west.kml and layers/east.kml.
    const folder = mkdtempSync(path.join(tmpdir(), 'atlas-kmz-'));
    const kmzPath = path.join(folder, 'two.kmz');
    execFileSync('ogr2ogr', ['-f', 'LIBKML', kmzPath, `/vsizip/${path.join(FIXTURES, 'parcels-two-layers.zip')}`]);
    const kmz = new Uint8Array(readFileSync(kmzPath));
    rmSync(folder, { recursive: true, force: true });
    for (const [bytes, fileName] of [[zip, '三区三线.zip'], [kmz, '三区三线.kmz']] as const) {
      const refused = await importFile(bytes, { fileName, oneLayer: true });
      if (refused.ok) throw new Error(`${fileName}: two layers imported as one`);
      expect(refused.error.code, fileName).toBe('SEVERAL_LAYERS');
      expect(refused.error.message.zh, fileName).toMatch(/2 个图层（(west、east|east、west)）/);
      expect(refused.error.message.en, fileName).toMatch(/2 layers \((west, east|east, west)\)/);
      expect(refused.error.hint.zh, fileName).toMatch(/逐个添加/);
      const merged = await importFile(bytes, { fileName });
      expect(merged.ok && merged.value.features.features.length, fileName).toBe(2);
    }
  });
});
