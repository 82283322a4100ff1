/**
 * A shapefile picked as its loose parts (parcel.shp + .shx/.dbf/.prj/.cpg, no zip) imports as
 * the zip of those parts does: the same features, attributes, CRS and areas. The loose parts
 * are the members of the committed zips, unpacked here with jszip.
 *
 * Expected values never come from the code under test: the vertices from PROJ cs2cs
 * (tests/fixtures/import/expected.json), the attributes from the GDAL source the zip was
 * written from (tests/fixtures/import/source-parcels.geojson), the areas from shapely + pyproj
 * (tests/fixtures/e2e/expected-site-review.json), the bureau layer's feature count and fields
 * from the bureau profile written with the dataset (tests/fixtures/bureau/profile.json, as
 * `ogrinfo -so -al` reports).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, Position } from 'geojson';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { measureArea } from '../../src/analysis/measure';
import type { GaussKrugerCode } from '../../src/crs/projections';
import { chosenImport } from '../../src/io/file-set';
import { importFile } from '../../src/io/registry';
import { formatImportError, type ImportOptions, type ImportPart, type ImportResult } from '../../src/io/types';
import { memoryBackend, ReferenceStore } from '../../src/records/reference-store';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const bytesOf = (relative: string) => new Uint8Array(readFileSync(path.join(FIXTURES, relative)));

const expectedVertices = JSON.parse(readFileSync(path.join(FIXTURES, 'import/expected.json'), 'utf8')) as {
  parcels: { parcel_id: string; lonlat: Position[] }[];
};
const sourceParcels = JSON.parse(readFileSync(path.join(FIXTURES, 'import/source-parcels.geojson'), 'utf8')) as { features: Feature[] };
const expectedAreas = JSON.parse(readFileSync(path.join(FIXTURES, 'e2e/expected-site-review.json'), 'utf8')) as {
  parcels: Record<string, { projected_crs: GaussKrugerCode; area_m2: number }>;
};
const bureauProfile = JSON.parse(readFileSync(path.join(FIXTURES, 'bureau/profile.json'), 'utf8')) as {
  layers: { source: { file: string; features: number; crs: string }; fields: string[] }[];
};

/** The members of a zip by name, as loose files. */
async function membersOf(relative: string): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytesOf(relative));
  const members = new Map<string, Uint8Array>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) members.set(entry.name, await entry.async('uint8array'));
  return members;
}

async function imported(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const result = await importFile(bytes, options);
  if (!result.ok) throw new Error(`${options.fileName} should import: ${formatImportError(result.error, 'en')}`);
  return result.value;
}

/** Imports the .shp of `members` with the other members (those named in `kinds`) as loose parts, as Blobs (the page's way) or bytes. */
async function importedFromParts(members: Map<string, Uint8Array>, stem: string, kinds: string[], as: 'blob' | 'bytes' = 'blob', rename = (name: string) => name): Promise<ImportResult> {
  const parts: ImportPart[] = kinds.map((kind) => {
    const bytes = members.get(`${stem}.${kind}`)!;
    return { name: rename(`${stem}.${kind}`), data: as === 'blob' ? new Blob([bytes as Uint8Array<ArrayBuffer>]) : bytes };
  });
  return imported(members.get(`${stem}.shp`)!, { fileName: rename(`${stem}.shp`), parts });
}

function openRing(feature: Feature): Position[] {
  if (feature.geometry?.type !== 'Polygon') throw new Error(`not a polygon: ${feature.geometry?.type}`);
  const ring = feature.geometry.coordinates[0];
  return ring.slice(0, -1);
}

/** Same vertices as `source` (cs2cs lon/lat), in either direction from any start. */
function expectSameVertices(actual: Position[], source: Position[], tolerance = 1e-8): void {
  expect(actual).toHaveLength(source.length);
  const offset = actual.findIndex((position) => Math.hypot(position[0] - source[0][0], position[1] - source[0][1]) < tolerance);
  expect(offset, 'first source vertex not found').toBeGreaterThanOrEqual(0);
  const matches = (direction: 1 | -1) =>
    source.every((vertex, index) => {
      const position = actual[(offset + direction * index + actual.length * 2) % actual.length];
      return Math.abs(position[0] - vertex[0]) <= tolerance && Math.abs(position[1] - vertex[1]) <= tolerance;
    });
  expect(matches(1) || matches(-1)).toBe(true);
}

describe('a shapefile picked as loose parts imports as the zip of them', () => {
  it('parcels.shp + .shx/.dbf/.prj/.cpg: the features, attributes, CRS and areas the zip gives, and what PROJ, GDAL and shapely say', async () => {
    const members = await membersOf('import/parcels-4528-prj.zip');
    const fromZip = await imported(bytesOf('import/parcels-4528-prj.zip'), { fileName: 'parcels-4528-prj.zip' });
    const fromParts = await importedFromParts(members, 'parcels', ['shx', 'dbf', 'prj', 'cpg']);

    // The same as the zip, feature for feature, attribute for attribute.
    expect(fromParts.format).toBe('shapefile');
    expect(fromParts.sourceName).toBe('parcels.shp');
    expect(fromParts.features).toEqual(fromZip.features);
    expect(fromParts.crs).toEqual(fromZip.crs);
    expect(fromParts.warnings).toEqual(fromZip.warnings);
    expect(fromParts.warnings).toEqual([]);

    // The CRS is the .prj's, not a guess from the numbers.
    expect(fromParts.crs.crs).toBe('EPSG:4528');
    expect(fromParts.crs.detected).toBe(false);

    // The attributes GDAL wrote from the source GeoJSON (UTF-8 per the .cpg), the vertices cs2cs gives, the areas shapely + pyproj give.
    expect(fromParts.features.features).toHaveLength(sourceParcels.features.length);
    for (const source of sourceParcels.features) {
      const id = source.properties!.parcel_id as string;
      const feature = fromParts.features.features.find((candidate) => candidate.properties?.parcel_id === id);
      expect(feature, id).toBeDefined();
      expect(feature!.properties).toEqual(source.properties);
      expectSameVertices(openRing(feature!), expectedVertices.parcels.find((parcel) => parcel.parcel_id === id)!.lonlat);
      const wanted = expectedAreas.parcels[id];
      const area = measureArea(feature!.geometry as never, { crs: wanted.projected_crs }).area_m2;
      expect(Math.abs(area - wanted.area_m2) / wanted.area_m2, id).toBeLessThan(1e-6);
    }
  });

  it('reads the parts given as bytes (Node, the CLIs) as it reads Blobs (the page)', async () => {
    const members = await membersOf('import/parcels-4528-prj.zip');
    const asBlobs = await importedFromParts(members, 'parcels', ['dbf', 'prj', 'cpg'], 'blob');
    const asBytes = await importedFromParts(members, 'parcels', ['dbf', 'prj', 'cpg'], 'bytes');
    expect(asBytes.features).toEqual(asBlobs.features);
    expect(asBytes.crs).toEqual(asBlobs.crs);
  });

  it('upper-case extensions are the same parts', async () => {
    const members = await membersOf('import/parcels-4528-prj.zip');
    const fromZip = await imported(bytesOf('import/parcels-4528-prj.zip'), { fileName: 'parcels-4528-prj.zip' });
    const fromParts = await importedFromParts(members, 'parcels', ['shx', 'dbf', 'prj', 'cpg'], 'blob', (name) => name.replace(/\.(\w+)$/, (_, extension: string) => `.${extension.toUpperCase()}`));
    expect(fromParts.sourceName).toBe('parcels.SHP');
    expect(fromParts.features).toEqual(fromZip.features);
    expect(fromParts.crs.crs).toBe('EPSG:4528');
    expect(fromParts.warnings).toEqual([]);
  });

  it('a bureau layer (GBK attributes, .cpg "GBK") with its parts loose: the zip’s features, and the count and fields of the bureau profile', async () => {
    const members = await membersOf('bureau/CZKFBJ.zip');
    const fromZip = await imported(bytesOf('bureau/CZKFBJ.zip'), { fileName: 'CZKFBJ.zip' });
    const fromParts = await importedFromParts(members, 'CZKFBJ', ['shx', 'dbf', 'prj', 'cpg']);
    expect(fromParts.features).toEqual(fromZip.features);
    expect(fromParts.crs).toEqual(fromZip.crs);
    const layer = bureauProfile.layers.find((entry) => entry.source.file === 'CZKFBJ.zip')!;
    expect(fromParts.features.features).toHaveLength(layer.source.features);
    expect(fromParts.crs.crs).toBe(layer.source.crs);
    expect(Object.keys(fromParts.features.features[0].properties ?? {}).sort()).toEqual([...layer.fields].sort());
    // The GBK text decoded, not mojibake: Chinese in the names.
    expect(fromParts.features.features.some((feature) => Object.values(feature.properties ?? {}).some((value) => typeof value === 'string' && /[\u4e00-\u9fff]/.test(value)))).toBe(true);
  });

  it('warns only about the parts really missing: without the .prj, the CRS is found from the numbers and the .dbf is not mentioned', async () => {
    const members = await membersOf('import/parcels-4528-prj.zip');
    const result = await importedFromParts(members, 'parcels', ['shx', 'dbf', 'cpg']);
    expect(result.crs).toMatchObject({ crs: 'EPSG:4528', detected: true });
    expect(result.warnings.map((warning) => warning.en).join('\n')).not.toContain('no .dbf');
    const prj = result.warnings.find((warning) => warning.en.includes('no .prj'));
    expect(prj, JSON.stringify(result.warnings)).toBeDefined();
    // The remedy names picking the part with the .shp (the zip is the other way).
    expect(prj!.en).toContain('choose or drop the .prj of the same name together with the .shp');
    expect(prj!.zh).toContain('一起选中或拖入');
    expect(result.features.features.map((feature) => feature.properties?.name).sort()).toEqual(['乳山东地块', '乳山西地块']);
  });

  it('without the .dbf: the shapes, no attributes, and a warning about the .dbf only', async () => {
    const members = await membersOf('import/parcels-4528-prj.zip');
    const result = await importedFromParts(members, 'parcels', ['shx', 'prj']);
    expect(result.crs).toMatchObject({ crs: 'EPSG:4528', detected: false });
    expect(result.features.features).toHaveLength(2);
    expect(result.features.features.every((feature) => Object.keys(feature.properties ?? {}).length === 0)).toBe(true);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].en).toContain('no .dbf');
  });

  it('a part over the file-size cap is refused by name before it is read', async () => {
    const members = await membersOf('import/parcels-4528-prj.zip');
    // The .shp is 388 bytes and the .dbf 612 (unzip -l): a 500-byte cap takes the one and not the other.
    const result = await importFile(members.get('parcels.shp')!, {
      fileName: 'parcels.shp',
      parts: [{ name: 'parcels.dbf', data: new Blob([members.get('parcels.dbf')! as Uint8Array<ArrayBuffer>]) }],
      limits: { maxFileBytes: 500 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('TOO_LARGE');
    expect(result.error.message.en).toContain('parcels.dbf');
    expect(result.error.message.zh).toContain('parcels.dbf');
  });
});

describe('the engine takes a choice of files as the page hands it over (chosenImport)', () => {
  const engine = () => {
    const store = new ReferenceStore(memoryBackend());
    return createInProcessAnalysis({ openReferenceStore: async () => store, layerSource: async () => [] });
  };
  const filesOf = (members: Map<string, Uint8Array>) => [...members].map(([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name));

  it('a site: the loose parts give what the zip gives', async () => {
    const analysis = engine();
    const chosen = chosenImport(filesOf(await membersOf('import/parcels-4528-prj.zip')))!;
    expect(chosen.fileName).toBe('parcels.shp');
    const fromParts = await analysis.importFile(chosen.source, { fileName: chosen.fileName });
    const fromZip = await analysis.importFile(bytesOf('import/parcels-4528-prj.zip'), { fileName: 'parcels-4528-prj.zip' });
    if (!fromParts.ok || !fromZip.ok) throw new Error('both should import');
    expect(fromParts.value.features).toEqual(fromZip.value.features);
  });

  it('a reference layer: the same stored FlatGeobuf (same SHA-256) as the zip, named after the .shp', async () => {
    const analysis = engine();
    const chosen = chosenImport(filesOf(await membersOf('import/parcels-4528-prj.zip')))!;
    const fromParts = await analysis.importReference(chosen.source, { fileName: chosen.fileName });
    // The zip under the .shp's name, as the FlatGeobuf's header names the file it came from (a zip named .shp opens as a zip).
    const fromZip = await analysis.importReference(bytesOf('import/parcels-4528-prj.zip'), { fileName: 'parcels.shp' });
    if (!fromParts.ok || !fromZip.ok) throw new Error(`both should import: ${JSON.stringify(fromParts.ok ? '' : fromParts.error)}`);
    expect(fromParts.value.config.name).toBe('parcels');
    expect(fromParts.value.config.source.file).toBe('parcels.shp');
    // ogrinfo -so -al /vsizip/…/parcels-4528-prj.zip: Feature Count: 2
    expect(fromParts.value.config.source.features).toBe(2);
    expect(fromParts.value.config.source.hash).toBe(fromZip.value.config.source.hash);
    expect(fromParts.value.config.fields).toEqual(fromZip.value.config.fields);
    expect(fromParts.value.crs).toEqual(fromZip.value.crs);
  });

  it('a refused choice comes back as an import error and nothing is stored', async () => {
    const analysis = engine();
    const chosen = chosenImport([new File(['{}'], 'a.geojson'), new File(['{}'], 'b.geojson')])!;
    const site = await analysis.importFile(chosen.source, { fileName: chosen.fileName });
    expect(!site.ok && site.error.code).toBe('SEVERAL_FILES');
    const layer = await analysis.importReference(chosen.source, { fileName: chosen.fileName });
    expect(!layer.ok && layer.error.code).toBe('SEVERAL_FILES');
    const listed = await analysis.listReference();
    expect(listed.ok && listed.value.profile.layers).toEqual([]);
  });
});
