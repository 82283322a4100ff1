/**
 * What an import error says when a library complains, and what a lone or false .shp says.
 *
 * - A parser library's English complaint is at most a short technical note: no web address
 *   and no "see …" pointer (the atlas runs offline in the bureau). jszip's "can't find end of
 *   central directory … If it is, see https://stuk.github.io/jszip/…" reached both languages
 *   and the reference-layer panel; it is now said in our own words.
 * - A file named .shp that is not a shapefile (no 100-byte header with file code 9994) is
 *   said to be no shapefile, not a "damaged zip": only a .zip, or bytes starting with the zip
 *   signature PK\x03\x04, is opened as a zip.
 * - A lone .shp imports without attributes or CRS, and its warnings say how to bring them:
 *   the .shp, .dbf, .prj (and .cpg) zipped together.
 *
 * The inputs are made here: garbage bytes, a zip cut short, and the parts of the GDAL-written
 * fixture parcels-4528-prj.zip (read with jszip, not with the code under test).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/io/registry';
import { LIBRARY_NOTE_MAX, libraryNote } from '../../src/io/text';
import { formatImportError, type ImportError, type ImportOptions, type ImportResult } from '../../src/io/types';

const FIXTURES = path.resolve(__dirname, '../fixtures/import');
const CJK = /[\u4e00-\u9fff]/;

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

/** Bytes that are no known format: a seeded fill (mulberry32) after a first byte no sniffer takes. */
function garbage(length: number, seed = 20261205): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index += 1) {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    bytes[index] = (value ^ (value >>> 14)) & 0xff;
  }
  bytes[0] = 0x13;
  return bytes;
}

/** One member of a fixture zip, read with jszip. */
async function member(zipName: string, memberName: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(fixture(zipName));
  const entry = zip.file(memberName);
  if (!entry) throw new Error(`${zipName} has no ${memberName}`);
  return entry.async('uint8array');
}

async function refusal(bytes: Uint8Array, fileName: string, options: Partial<ImportOptions> = {}): Promise<ImportError> {
  const outcome = await importFile(bytes, { fileName, ...options });
  if (outcome.ok) throw new Error(`${fileName} should be refused, imported ${outcome.value.features.features.length} feature(s)`);
  return outcome.error;
}

async function imported(bytes: Uint8Array, fileName: string): Promise<ImportResult> {
  const outcome = await importFile(bytes, { fileName });
  if (!outcome.ok) throw new Error(`${fileName} should import: ${formatImportError(outcome.error, 'en')}`);
  return outcome.value;
}

/** Both languages, message and hint: which file, no web address, no library name or stack. */
function expectPlainBilingual(error: ImportError, fileName: string): void {
  expect(error.file).toBe(fileName);
  for (const lang of ['zh', 'en'] as const) {
    const line = formatImportError(error, lang);
    expect(line).toContain(fileName);
    expect(line, line).not.toMatch(/https?:|www\.|:\/\//i);
    expect(line, line).not.toMatch(/jszip|stuk\.github/i);
    expect(line, line).not.toMatch(/\bsee\b/i);
    expect(line, line).not.toMatch(/\n\s+at /);
  }
  expect(error.message.zh).toMatch(CJK);
  expect(error.hint.zh).toMatch(CJK);
  expect(error.message.en).toMatch(/[a-z]{3}/);
  expect(error.hint.en).toMatch(/[a-z]{3}/);
}

describe('libraryNote: a short technical note, never a web address', () => {
  it('drops jszip’s own "If it is, see https://…" tail, taken from jszip itself', async () => {
    const thrown = await JSZip.loadAsync(garbage(300)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(String(thrown), 'jszip still says what this test is about').toMatch(/https?:\/\//);
    const note = libraryNote(thrown);
    for (const text of [note.zh, note.en]) {
      expect(text).not.toMatch(/https?:|:\/\/|www\.|jszip/i);
      expect(text).not.toMatch(/\bsee\b/i);
    }
    expect(note.en).toMatch(/end of central directory/i);
    expect(note.zh).toBe(`英文程序提示：${note.en}`);
  });

  it.each([
    ['Bad header. See https://example.org/docs/help.html', 'Bad header.'],
    ['Unexpected token (see http://example.org/faq#token)', 'Unexpected token'],
    ['Invalid record length; see the documentation at https://example.org/records', 'Invalid record length'],
    ['Unsupported compression, for more details visit www.example.org/zip', 'Unsupported compression'],
    ['Cannot fetch https://tiles.example.org/0/0/0.pbf while offline', 'Cannot fetch while offline'],
    ['Bad magic number. More info: <https://example.org/magic>', 'Bad magic number.'],
  ])('%s → %s', (message, note) => {
    expect(libraryNote(new Error(message))).toEqual({ zh: `英文程序提示：${note}`, en: note });
  });

  it('keeps a complaint that only uses the word, and a parser’s quoted names and positions', () => {
    expect(libraryNote(new Error('cannot see the header')).en).toBe('cannot see the header');
    const xml = 'Opening and ending tag mismatch: "outerBoundaryIs" != "Polygon" (line 3, column 127)';
    expect(libraryNote(new Error(xml)).en).toBe(xml);
  });

  it(`is cut to ${LIBRARY_NOTE_MAX} characters`, () => {
    const note = libraryNote(new Error(`Bad record ${'x'.repeat(2000)}`));
    expect(Array.from(note.en).length).toBeLessThanOrEqual(LIBRARY_NOTE_MAX);
    expect(note.en.endsWith('…')).toBe(true);
  });

  it('says something when the complaint was nothing but an address', () => {
    expect(libraryNote(new Error('https://example.org/error/42')).en).toMatch(/[a-z]{3}/);
  });
});

describe('a zip that is not a complete zip archive', () => {
  const cases: [string, () => Promise<Uint8Array>][] = [
    ['bad-truncated.zip', async () => fixture('bad-truncated.zip')],
    // Not a zip at all: jszip's complaint then carried its documentation's URL.
    ['garbage.zip', async () => garbage(4096)],
    // A zipped shapefile cut short before its central directory.
    ['parcels-cut.zip', async () => fixture('parcels-4528-prj.zip').subarray(0, 900)],
    ['parcels-cut.kmz', async () => fixture('parcels.kmz').subarray(0, 200)],
  ];
  it.each(cases)('%s: our own words in both languages, no URL, no library text', async (fileName, bytes) => {
    const error = await refusal(await bytes(), fileName);
    expect(error.code).toBe('CORRUPT_ZIP');
    expectPlainBilingual(error, fileName);
    expect(error.message.zh).toContain('不是完整的 zip 压缩包');
    expect(error.message.zh).toMatch(/损坏.*截断.*不是 zip 文件/);
    expect(error.message.en).toContain('not a complete zip archive');
    expect(error.message.en).toMatch(/damaged.*cut short.*not a zip file at all/);
    for (const text of [error.message.zh, error.message.en]) {
      expect(text).not.toMatch(/英文程序提示|central directory|Corrupted zip|is this a zip file/i);
    }
    expect(error.hint.zh).toMatch(/重新导出|重新压缩/);
    expect(error.hint.en).toMatch(/Export or compress \(zip\) the file again/);
  });
});

describe('a file named .shp is judged as a shapefile, not as a zip', () => {
  it('garbage named random.shp: not a shapefile main file, with what to do', async () => {
    const error = await refusal(garbage(2048), 'random.shp');
    expect(error.code).toBe('PARSE_ERROR');
    expectPlainBilingual(error, 'random.shp');
    expect(error.message.zh).toContain('不是 Shapefile 主文件');
    expect(error.message.zh).toContain('9994');
    expect(error.message.en).toContain('not an ESRI Shapefile main file (.shp)');
    expect(error.message.en).toContain('file code 9994');
    for (const text of [error.message.zh, error.hint.zh]) expect(text).not.toContain('压缩包');
    for (const text of [error.message.en, error.hint.en]) expect(text).not.toMatch(/zip archive|damaged or incomplete/i);
    expect(error.hint.zh).toMatch(/重新导出为 Shapefile.*\.shp.*\.dbf.*\.prj.*压缩为一个 \.zip/);
    expect(error.hint.en).toMatch(/Export the layer again as a Shapefile.*zip its \.shp together with .*\.dbf, \.prj/);
  });

  it('a .dbf picked and renamed .shp is no shapefile either', async () => {
    const error = await refusal(await member('parcels-4528-prj.zip', 'parcels.dbf'), 'parcels.shp');
    expect(error.code).toBe('PARSE_ERROR');
    expectPlainBilingual(error, 'parcels.shp');
    expect(error.message.en).toContain('not an ESRI Shapefile main file');
  });

  it('a .shp cut inside its 100-byte header is said to be cut short', async () => {
    const shp = await member('parcels-4528-prj.zip', 'parcels.shp');
    const error = await refusal(shp.subarray(0, 60), 'parcels.shp');
    expect(error.code).toBe('PARSE_ERROR');
    expectPlainBilingual(error, 'parcels.shp');
    expect(error.message.zh).toContain('只有 60 字节，应有 100 字节');
    expect(error.message.en).toContain('60 of 100 bytes');
    expect(error.message.zh).not.toContain('压缩包');
  });

  it('a zip named .shp is still opened as a zip (its bytes start with PK\\x03\\x04)', async () => {
    const result = await imported(fixture('parcels-4528-prj.zip'), 'parcels.shp');
    expect(result.crs.crs).toBe('EPSG:4528');
    expect(result.features.features.length).toBeGreaterThan(0);
  });
});

describe('a lone .shp: the warnings say to zip the parts together', () => {
  it('parcels.shp without .dbf and .prj imports the shapes and says how to bring the rest', async () => {
    const result = await imported(await member('parcels-4528-prj.zip', 'parcels.shp'), 'parcels.shp');
    expect(result.features.features.length).toBeGreaterThan(0);
    const dbf = result.warnings.find((warning) => warning.en.includes('no .dbf'));
    const prj = result.warnings.find((warning) => warning.en.includes('no .prj'));
    expect(dbf, JSON.stringify(result.warnings)).toBeDefined();
    expect(prj, JSON.stringify(result.warnings)).toBeDefined();
    for (const warning of [dbf!, prj!]) {
      expect(warning.zh).toMatch(CJK);
      expect(warning.zh).toContain('图层 parcels');
      expect(warning.en).toContain('Layer parcels');
      expect(warning.zh).toMatch(/\.shp、\.dbf、\.prj（及 \.cpg）一起压缩为一个 \.zip，导入该 \.zip/);
      expect(warning.en).toMatch(/put the \.shp, \.dbf, \.prj \(and \.cpg\) of the same name into one \.zip and import that/);
    }
    expect(dbf!.zh).toContain('只导入了几何形状');
    expect(prj!.zh).toContain('坐标系按数值判断');
  });

  it('a zip without its .prj says to add the .prj to the zip', async () => {
    const result = await imported(fixture('parcels-4529-noprj.zip'), 'parcels-4529-noprj.zip');
    const prj = result.warnings.find((warning) => warning.en.includes('no .prj'));
    expect(prj, JSON.stringify(result.warnings)).toBeDefined();
    expect(prj!.zh).toContain('把同名的 .prj 与 .shp 放进同一个压缩包后重新导入');
    expect(prj!.en).toContain('add the .prj of the same name to the zip beside the .shp and import it again');
  });
});
