/**
 * Files chosen together (src/io/file-set.ts): one file is one import; the loose parts of one
 * shapefile are one shapefile import named after its .shp; anything else is refused with a
 * bilingual message that names the files and says what to choose, and nothing is imported.
 * The expected groupings are the shapefile convention itself (ESRI Shapefile Technical
 * Description, 1998: parts share the stem; GDAL finds parcel.dbf or parcel.DBF beside
 * parcel.shp), written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { chosenImport, groupChosenFiles } from '../../src/io/file-set';
import { carriedBy, SHAPEFILE_PART_EXTENSIONS } from '../../src/io/chosen-files';
import { chooseImport } from '../../src/io/choose-import';
import { formatImportError, remediesOf, type ImportError } from '../../src/io/types';

const CJK = /[\u4e00-\u9fff]/;
const named = (...names: string[]) => names.map((name) => ({ name }));
const namesOf = (files: { name: string }[]) => files.map((file) => file.name);

function grouped(...names: string[]) {
  const result = groupChosenFiles(named(...names));
  if (!result) throw new Error('no result for a non-empty choice');
  return result;
}

function refused(...names: string[]): ImportError {
  const result = grouped(...names);
  if (result.ok) throw new Error(`${names.join(', ')} should be refused, grouped as ${result.value.main.name}`);
  return result.error;
}

/** Every refusal: its code, both languages, every file named, and the remedy said. */
function expectClearRefusal(error: ImportError, names: string[]): void {
  expect(error.code).toBe('SEVERAL_FILES');
  expect(error.message.zh).toMatch(CJK);
  expect(error.hint.zh).toMatch(CJK);
  const shown = `${formatImportError(error, 'zh')}\n${formatImportError(error, 'en')}`;
  for (const name of names) expect(shown, name).toContain(name);
  expect(error.hint.en).toMatch(/Choose|choose/);
  expect(error.hint.en).toMatch(/one file|the \.shp/);
  // Neither a repair nor another CRS cures a wrong choice of files.
  expect(remediesOf(error, false)).toEqual({});
}

describe('groupChosenFiles', () => {
  it('nothing chosen (a dialog closed) is nothing to import', () => {
    expect(groupChosenFiles([])).toBeUndefined();
  });

  it('one file is imported as it is, whatever it is', () => {
    for (const name of ['site.geojson', 'parcels.zip', 'parcel.shp', 'table.csv', 'notes.docx']) {
      const result = grouped(name);
      expect(result.ok, name).toBe(true);
      if (result.ok) expect(result.value).toEqual({ main: { name }, parts: [], ignored: [] });
    }
  });

  it('a full set is one shapefile named after its .shp: the .dbf, .prj and .cpg go with it, the .shx is not needed', () => {
    const result = grouped('parcel.dbf', 'parcel.shx', 'parcel.shp', 'parcel.prj', 'parcel.cpg');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.main.name).toBe('parcel.shp');
    expect(namesOf(result.value.parts).sort()).toEqual(['parcel.cpg', 'parcel.dbf', 'parcel.prj']);
    expect(namesOf(result.value.ignored)).toEqual(['parcel.shx']);
  });

  it('a set without its .dbf is still one shapefile (the importer warns about the attributes)', () => {
    const result = grouped('红线.shp', '红线.shx', '红线.prj');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.main.name).toBe('红线.shp');
    expect(namesOf(result.value.parts)).toEqual(['红线.prj']);
  });

  it('upper-case extensions are the same parts', () => {
    const result = grouped('PARCEL.SHP', 'PARCEL.DBF', 'PARCEL.Prj', 'PARCEL.SHX', 'PARCEL.CPG');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.main.name).toBe('PARCEL.SHP');
    expect(namesOf(result.value.parts).sort()).toEqual(['PARCEL.CPG', 'PARCEL.DBF', 'PARCEL.Prj']);
  });

  it('indexes and metadata picked with the parts are left out without a word', () => {
    const result = grouped('parcel.shp', 'parcel.dbf', 'parcel.sbn', 'parcel.sbx', 'parcel.shp.xml', 'parcel.qmd', 'parcel.qix', 'parcel.DLMC.atx');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(namesOf(result.value.parts)).toEqual(['parcel.dbf']);
    expect(namesOf(result.value.ignored).sort()).toEqual(['parcel.DLMC.atx', 'parcel.qix', 'parcel.qmd', 'parcel.sbn', 'parcel.sbx', 'parcel.shp.xml']);
  });

  it('refuses files of different stems, naming the one that does not belong', () => {
    const error = refused('parcel.shp', 'parcel.dbf', 'roads.dbf');
    expectClearRefusal(error, ['parcel.shp', 'parcel.dbf', 'roads.dbf']);
    expect(error.message.en).toContain('roads.dbf is not a part of parcel.shp');
    expect(error.message.zh).toContain('roads.dbf 不是 parcel.shp 的组成文件');
  });

  it('refuses a stem that differs in case only (GDAL would not find Parcel.dbf beside parcel.shp either)', () => {
    expectClearRefusal(refused('parcel.shp', 'Parcel.dbf'), ['parcel.shp', 'Parcel.dbf']);
  });

  it('refuses a .shp with another importable file of its name (two layers, not parts)', () => {
    expectClearRefusal(refused('parcel.shp', 'parcel.geojson'), ['parcel.shp', 'parcel.geojson']);
  });

  it('refuses two .shp: two layers', () => {
    const error = refused('west.shp', 'west.dbf', 'east.shp', 'east.dbf');
    expectClearRefusal(error, ['west.shp', 'east.shp']);
    expect(error.message.en).toContain('2 of them are .shp files (west.shp, east.shp), that is 2 layers');
    expect(error.message.zh).toContain('其中有 2 个 .shp（west.shp、east.shp）');
    expect(error.hint.en).toContain('zip the parts of each layer on its own');
    expect(error.hint.zh).toContain('分别压缩为一个 .zip');
  });

  it('refuses parts without a .shp', () => {
    const error = refused('parcel.dbf', 'parcel.prj', 'parcel.shx');
    expectClearRefusal(error, ['parcel.dbf', 'parcel.prj', 'parcel.shx']);
    expect(error.message.en).toContain('none of them is a .shp file');
    expect(error.message.zh).toContain('其中没有 .shp 文件');
  });

  it('refuses a lone .dbf: only a part, the shapes are in the .shp', () => {
    const error = refused('parcel.dbf');
    expect(error.code).toBe('SEVERAL_FILES');
    expect(error.message.en).toContain('parcel.dbf is only one part of a shapefile (the attribute table, .dbf)');
    expect(error.message.zh).toMatch(CJK);
    expect(error.hint.en).toContain('together with the .shp');
  });

  it('refuses several GeoJSONs (or any two files that are not one shapefile)', () => {
    const error = refused('a.geojson', 'b.geojson', 'c.kml');
    expectClearRefusal(error, ['a.geojson', 'b.geojson', 'c.kml']);
    expect(error.message.en).toContain('one import reads one file');
    expect(error.message.en).toContain('nothing was imported');
    expect(error.message.zh).toContain('未导入任何内容');
  });

  it('refuses one part picked twice (parcel.dbf and parcel.DBF)', () => {
    const error = refused('parcel.shp', 'parcel.dbf', 'parcel.DBF');
    expectClearRefusal(error, ['parcel.dbf', 'parcel.DBF']);
    expect(error.message.en).toContain('are the same part');
  });

  it('names many files without an endless line', () => {
    const names = Array.from({ length: 30 }, (_, index) => `layer-${index}.geojson`);
    const error = refused(...names);
    expect(error.file.length).toBeLessThanOrEqual(120);
    expect(error.message.en).toContain('The 30 files chosen');
    // Within what the registry lets any import error say (registry.ts MESSAGE_MAX).
    for (const text of [error.message.zh, error.message.en, error.hint.zh, error.hint.en]) expect(text.length).toBeLessThanOrEqual(600);
    const long = refused(...Array.from({ length: 9 }, (_, index) => `${'很长的图层名称'.repeat(20)}-${index}.shp`));
    for (const text of [long.message.zh, long.message.en]) expect(text.length).toBeLessThanOrEqual(600);
  });

  it('cleans what a file name could smuggle into a message (control characters), and keeps markup as text', () => {
    const error = refused('a\u001b[31m.geojson', '<img src=x onerror=alert(1)>.geojson');
    expect(`${error.file}${error.message.en}`).not.toMatch(/\u001b/);
    expect(error.file).toContain('<img src=x onerror=alert(1)>.geojson');
  });
});

describe('chosenImport: what the page hands to the import controllers', () => {
  const file = (name: string, text = name) => new File([text], name);

  it('one file is handed over as it is', () => {
    const only = file('site.geojson');
    expect(chosenImport([only])).toEqual({ source: only, fileName: 'site.geojson' });
    expect(carriedBy(only)).toEqual({});
  });

  it('a shapefile set is its .shp, carrying its .dbf/.prj/.cpg as parts (not the .shx)', async () => {
    const chosen = chosenImport([file('parcel.shx'), file('parcel.shp', 'SHAPES'), file('parcel.dbf'), file('parcel.prj')]);
    expect(chosen?.fileName).toBe('parcel.shp');
    expect(await chosen!.source.text()).toBe('SHAPES');
    const { parts, refusal } = carriedBy(chosen!.source);
    expect(refusal).toBeUndefined();
    expect(parts?.map((part) => part.name).sort()).toEqual(['parcel.dbf', 'parcel.prj']);
    expect(await (parts!.find((part) => part.name === 'parcel.dbf')!.data as Blob).text()).toBe('parcel.dbf');
  });

  it('a refused choice is an empty stand-in carrying the refusal, named after the files', () => {
    const chosen = chosenImport([file('a.geojson'), file('b.geojson')]);
    expect(chosen?.fileName).toBe('a.geojson, b.geojson');
    expect(chosen!.source.size).toBe(0);
    expect(carriedBy(chosen!.source).refusal?.code).toBe('SEVERAL_FILES');
  });
});

describe('chooseImport: the picker and drop handlers (the grouping loaded only when needed)', () => {
  const file = (name: string, text = name) => new File([text], name);

  it('one ordinary file goes on as it is', async () => {
    const only = file('site.geojson');
    expect(await chooseImport([only])).toEqual({ source: only, fileName: 'site.geojson' });
    expect(await chooseImport([])).toBeUndefined();
  });

  it('a lone .dbf and a set of parts go through the grouping', async () => {
    const lone = await chooseImport([file('parcel.DBF')]);
    expect(carriedBy(lone!.source).refusal?.code).toBe('SEVERAL_FILES');
    const set = await chooseImport([file('parcel.shp', 'SHAPES'), file('parcel.dbf')]);
    expect(set?.fileName).toBe('parcel.shp');
    expect(carriedBy(set!.source).parts?.map((part) => part.name)).toEqual(['parcel.dbf']);
  });

  it('offers the parts a .shp may be picked with', () => {
    expect(SHAPEFILE_PART_EXTENSIONS).toEqual(['.shx', '.dbf', '.prj', '.cpg']);
  });
});
