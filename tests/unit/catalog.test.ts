/**
 * The layer validators: every authored layer must pass; broken inputs (kept as fixtures
 * in tests/fixtures/fgb/broken-layers and as one-field mutations of a good layer) must
 * fail with a message naming the file, the layer, the feature and the problem, in
 * English and Chinese.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import type { LayerMeta } from '../../src/data/catalog-types';
import { validateCatalog, validateLayerFeatures, validateLayerMeta } from '../../src/data/catalog-validate';
import { DEFAULT_LAYERS_ROOT, LayerValidationError, readAuthoredLayer, readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import { buildLayers } from '../../scripts/build-layers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'fgb');
const GOOD_LAYERS = path.join(FIXTURES, 'layers');
const BROKEN_LAYERS = path.join(FIXTURES, 'broken-layers');
const REPOSITORY = path.join(__dirname, '..', '..');
const temporaryDirectories: string[] = [];

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'atlas-catalog-'));
  temporaryDirectories.push(directory);
  return directory;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function goodZones(): { meta: LayerMeta; features: FeatureCollection } {
  return {
    meta: readJson<LayerMeta>(path.join(GOOD_LAYERS, 'sample-zones', 'layer.json')),
    features: readJson<FeatureCollection>(path.join(GOOD_LAYERS, 'sample-zones', 'sample-zones.geojson')),
  };
}

const FILE = 'layers/sample-zones/sample-zones.geojson';
const META_FILE = 'layers/sample-zones/layer.json';

/** Every message is bilingual: English, then " / ", then text with CJK characters. */
function expectBilingual(problems: string[]): void {
  for (const problem of problems) expect(problem, problem).toMatch(/ \/ .*[\u4e00-\u9fff]/);
}

describe('authored layers', () => {
  it('every layer under layers/ passes validation', async () => {
    const folders = readdirSync(DEFAULT_LAYERS_ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'stories')
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(0);
    let problems: string[] = [];
    try {
      await readAuthoredLayers();
    } catch (error) {
      problems = error instanceof LayerValidationError ? error.problems : [String(error)];
    }
    expect(problems).toEqual([]);
  });

  it('each layer validates on its own and its ids match its folder', async () => {
    for (const { meta, features } of await readAuthoredLayers()) {
      expect(validateLayerMeta(meta, `${meta.id}/layer.json`), meta.id).toEqual([]);
      expect(validateLayerFeatures(meta, features, `${meta.id}/${meta.id}.geojson`), meta.id).toEqual([]);
      expect((await readAuthoredLayer(meta.id)).meta.id).toBe(meta.id);
    }
  });

  it('the good fixture layers pass and come back sorted by order', async () => {
    const layers = await readAuthoredLayers(GOOD_LAYERS);
    expect(layers.map((layer) => layer.meta.id)).toEqual(['sample-zones', 'sample-points']);
  });
});

describe('validateLayerMeta', () => {
  it('accepts a good layer.json', () => {
    expect(validateLayerMeta(goodZones().meta, META_FILE)).toEqual([]);
  });

  const cases: Array<[string, (meta: Record<string, any>) => void, RegExp]> = [
    ['bad accuracy', (meta) => (meta.provenance.accuracy = 'approximate'), /provenance\.accuracy .*"approximate".*精度/],
    ['unknown group', (meta) => (meta.group = 'economy'), /group .*"economy"/],
    ['unknown geometry type', (meta) => (meta.geometryType = 'Polyline'), /geometryType .*"Polyline"/],
    ['style that cannot draw the geometry', (meta) => (meta.style.type = 'circle'), /style\.type "circle" cannot draw geometryType Polygon/],
    ['colour not #rrggbb', (meta) => (meta.style.color = 'blue'), /style\.color .*#rrggbb.*"blue"/],
    ['fill opacity above 1', (meta) => (meta.style.fillOpacity = 3), /style\.fillOpacity/],
    ['order not a number', (meta) => (meta.order = '10'), /order must be a number \(got "10"\)/],
    ['missing English title', (meta) => delete meta.title.en, /title\.en must be a non-empty string/],
    ['date not ISO', (meta) => (meta.provenance.date = '2023/12/08'), /provenance\.date .*YYYY-MM-DD/],
    ['missing licence', (meta) => delete meta.licence, /licence must name/],
    ['visible not boolean', (meta) => (meta.visible = 'yes'), /visible must be true or false/],
    ['field with an unknown unit', (meta) => (meta.fields[0].unit = 'acre'), /fields\.area_published_km2\.unit .*"acre"/],
    ['field listed twice', (meta) => meta.fields.push({ ...meta.fields[0] }), /"area_published_km2" is listed twice/],
    ['field without label', (meta) => delete meta.fields[0].label, /fields\.area_published_km2\.label must be an object/],
    ['id not kebab-case', (meta) => (meta.id = 'Sample_Zones'), /id must be kebab-case/],
    ['unknown key (typo)', (meta) => (meta.visibel = true), /unknown key "visibel"/],
  ];
  for (const [name, mutate, pattern] of cases) {
    it(`rejects ${name}`, () => {
      const meta = structuredClone(goodZones().meta) as unknown as Record<string, any>;
      mutate(meta);
      const problems = validateLayerMeta(meta, META_FILE);
      expect(problems.length, name).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(pattern);
      expect(problems[0]).toContain(META_FILE);
      expectBilingual(problems);
    });
  }

  it('rejects something that is not an object', () => {
    expect(validateLayerMeta([], META_FILE)).toHaveLength(1);
  });
});

describe('validateLayerFeatures', () => {
  it('accepts a good layer', () => {
    const { meta, features } = goodZones();
    expect(validateLayerFeatures(meta, features, FILE)).toEqual([]);
  });

  const cases: Array<[string, (features: any[]) => void, RegExp]> = [
    ['missing name', (features) => delete features[0].properties.name_zh, /feature z1: property name_zh must be a non-empty string/],
    ['blank English name', (features) => (features[1].properties.name_en = '  '), /feature z2: property name_en/],
    ['duplicate id', (features) => (features[1].properties.id = 'z1'), /id "z1" is used twice/],
    ['missing id', (features) => delete features[0].properties.id, /feature #0: property id must be a non-empty string/],
    ['wrong geometry type', (features) => (features[0].geometry = { type: 'LineString', coordinates: [[122, 37.5], [122.1, 37.5]] }), /feature z1: geometry type LineString does not match the layer's geometryType Polygon/],
    ['coordinates outside the region (lat/lon swapped)', (features) => (features[0].geometry.coordinates[0][1] = [37.45, 122.1]), /feature z1 ring 0: position \[37\.45, 122\.1\] is outside the atlas region/],
    ['projected coordinates', (features) => (features[0].geometry.coordinates[0][2] = [41_500_000, 4_150_000]), /feature z1 ring 0: position \[41500000, 4150000\] is outside/],
    ['ring not closed', (features) => features[0].geometry.coordinates[0].pop(), /feature z1 ring 0: (ring is not closed|needs at least 4 positions)/],
    ['open ring with enough points', (features) => (features[0].geometry.coordinates[0][4] = [122.0, 37.46]), /feature z1 ring 0: ring is not closed/],
    ['non-finite coordinate', (features) => (features[0].geometry.coordinates[0][1] = [Number.NaN, 37.45]), /feature z1 ring 0: coordinates must be finite numbers/],
    ['nested property', (features) => (features[0].properties.area = { value: 140 }), /feature z1: property area must be a flat scalar/],
    ['list property', (features) => (features[0].properties.industries = ['a', 'b']), /property industries must be a flat scalar .*';'-joined/],
    ['bad feature accuracy', (features) => (features[0].properties.accuracy = 'rough'), /feature z1: property accuracy must be one of/],
    ['number and text in one column', (features) => (features[1].properties.area_published_km2 = 'unknown'), /property area_published_km2 is string here but number in feature z1/],
    ['missing geometry', (features) => (features[1].geometry = null), /feature z2: geometry is missing/],
  ];
  for (const [name, mutate, pattern] of cases) {
    it(`rejects ${name}`, () => {
      const { meta, features } = goodZones();
      const broken = structuredClone(features) as any;
      mutate(broken.features);
      const problems = validateLayerFeatures(meta, broken, FILE);
      expect(problems.length, name).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(pattern);
      for (const problem of problems) expect(problem).toContain(`${FILE} [sample-zones]`);
      expectBilingual(problems);
    });
  }

  it('rejects an empty layer and a non-FeatureCollection', () => {
    const { meta } = goodZones();
    expect(validateLayerFeatures(meta, { type: 'FeatureCollection', features: [] }, FILE).join()).toMatch(/no features/);
    expect(validateLayerFeatures(meta, { type: 'Feature' }, FILE).join()).toMatch(/FeatureCollection/);
  });

  it('allows Multi* geometries of the layer kind', () => {
    const { meta } = goodZones();
    const points = readJson<LayerMeta>(path.join(GOOD_LAYERS, 'sample-points', 'layer.json'));
    const collection = readJson<FeatureCollection>(path.join(GOOD_LAYERS, 'sample-points', 'sample-points.geojson'));
    expect(collection.features.some((feature) => feature.geometry.type === 'MultiPoint')).toBe(true);
    expect(validateLayerFeatures(points, collection, 'points')).toEqual([]);
    expect(validateLayerFeatures(meta, collection, 'points').join()).toMatch(/geometry type Point does not match/);
  });
});

describe('broken layers on disk', () => {
  it('the reader lists every problem of the broken fixture with file and feature', async () => {
    const error = await readAuthoredLayers(BROKEN_LAYERS).then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(LayerValidationError);
    const problems = (error as LayerValidationError).problems;
    expect(problems).toHaveLength(4);
    const text = problems.join('\n');
    expect(text).toMatch(/broken-layers\/sample-points\/layer\.json \[sample-points\]: provenance\.accuracy/);
    expect(text).toMatch(/sample-points\.geojson \[sample-points\] feature p1: position \[36\.89, 121\.52\] is outside/);
    expect(text).toMatch(/id "p1" is used twice/);
    expect(text).toMatch(/feature p3: property name_en/);
    expect((error as Error).message).toMatch(/4 problem\(s\) \/ 图层数据有 4 处问题/);
  });

  it('the build writes nothing and the CLI exits with status 1', async () => {
    const output = path.join(temporaryDirectory(), 'data');
    await expect(buildLayers({ layersRoot: BROKEN_LAYERS, outputDirectory: output })).rejects.toThrow(LayerValidationError);
    expect(existsSync(output)).toBe(false);
    let status = 0;
    let stderr = '';
    try {
      execFileSync(path.join(REPOSITORY, 'node_modules', '.bin', 'tsx'), ['scripts/build-layers.ts', '--layers', BROKEN_LAYERS, '--out', output], {
        cwd: REPOSITORY,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (failure) {
      status = (failure as { status: number }).status;
      stderr = (failure as { stderr: string }).stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/provenance\.accuracy/);
    expect(stderr).toMatch(/Nothing was written/);
    expect(existsSync(output)).toBe(false);
  });

  it('a missing layer is reported by name', async () => {
    await expect(readAuthoredLayer('no-such-layer')).rejects.toThrow(/no such layer "no-such-layer"/);
  });
});

describe('build output', () => {
  it('is deterministic apart from catalog.generated', async () => {
    const first = temporaryDirectory();
    const second = temporaryDirectory();
    await buildLayers({ layersRoot: GOOD_LAYERS, outputDirectory: first, generated: new Date('2026-01-01T00:00:00Z') });
    await buildLayers({ layersRoot: GOOD_LAYERS, outputDirectory: second, generated: new Date('2026-06-01T12:00:00Z') });
    const files = readdirSync(first).sort();
    expect(files).toEqual(['catalog.json', 'sample-points.fgb', 'sample-zones.fgb']);
    expect(readdirSync(second).sort()).toEqual(files);
    for (const file of files.filter((name) => name.endsWith('.fgb'))) {
      expect(readFileSync(path.join(second, file)).equals(readFileSync(path.join(first, file))), file).toBe(true);
    }
    const catalogs = [first, second].map((folder) => readJson<Record<string, unknown>>(path.join(folder, 'catalog.json')));
    expect(catalogs[0].generated).not.toBe(catalogs[1].generated);
    expect({ ...catalogs[0], generated: '' }).toEqual({ ...catalogs[1], generated: '' });
  });
});

describe('validateCatalog', () => {
  it('accepts the catalog built from the fixtures and rejects broken ones', async () => {
    const output = temporaryDirectory();
    const result = await buildLayers({ layersRoot: GOOD_LAYERS, outputDirectory: output, generated: new Date('2026-01-01T00:00:00Z') });
    const catalog = readJson<Record<string, any>>(path.join(output, 'catalog.json'));
    expect(validateCatalog(catalog)).toEqual([]);
    expect(catalog).toEqual(JSON.parse(JSON.stringify(result.catalog)));
    expect(catalog.generated).toBe('2026-01-01T00:00:00.000Z');
    expect(catalog.layers.map((layer: { id: string }) => layer.id)).toEqual(['sample-zones', 'sample-points']);
    expect(catalog.layers[0]).toMatchObject({ url: 'data/sample-zones.fgb', featureCount: 2, bbox: [121.5, 36.85, 122.1, 37.55] });

    const wrongVersion = { ...catalog, version: 2 };
    expect(validateCatalog(wrongVersion).join()).toMatch(/version must be 1/);
    const unsorted = { ...catalog, layers: [...catalog.layers].reverse() };
    expect(validateCatalog(unsorted).join()).toMatch(/sorted by order/);
    const badUrl = structuredClone(catalog);
    badUrl.layers[0].url = '/data/sample-zones.fgb';
    expect(validateCatalog(badUrl).join()).toMatch(/url must be "data\/sample-zones\.fgb"/);
    const badBbox = structuredClone(catalog);
    badBbox.layers[1].bbox = [122, 37, 121, 38];
    expect(validateCatalog(badBbox).join()).toMatch(/\[sample-points\]: bbox must be/);
    const badCount = structuredClone(catalog);
    badCount.layers[0].featureCount = 1.5;
    expect(validateCatalog(badCount).join()).toMatch(/featureCount/);
    expect(validateCatalog(null)).toHaveLength(1);
  });
});
