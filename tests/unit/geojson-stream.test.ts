/**
 * The streamed GeoJSON reader (src/io/geojson-stream.ts) and the reference import that uses
 * it (issue 12: a large GeoJSON becomes an indexed FlatGeobuf without ever being held whole).
 * Its answers must be the whole-file importer's: the same features (deep-equal), CRS and
 * warnings, the same error for a broken file, and — through the worker's reference import —
 * the same FlatGeobuf bytes as the whole-file path writes. Chunk sizes down to 7 bytes put
 * chunk boundaries inside strings, escapes, numbers and multi-byte characters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { FlatGeobufStreamWriter } from '../../src/data/fgb-writer';
import { blobChunks, byteChunks, streamGeoJson } from '../../src/io/geojson-stream';
import { autoNameField } from '../../src/analysis/review/presets';
import { importFile } from '../../src/io/registry';
import { projectPoint } from '../../src/crs/projections';
import type { ImportOptions } from '../../src/io/types';
import { memoryBackend, ReferenceStore, SOURCE_INDEX_FIELD } from '../../src/records/reference-store';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';
import { CANCELLED } from '../../src/worker/protocol';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import { byteStreamBlob } from './byte-stream-blob';

const IMPORT = path.resolve(import.meta.dirname, '../fixtures/import');
const encoder = new TextEncoder();

async function streamed(bytes: Uint8Array, options: ImportOptions, chunk: number) {
  const features: Feature[] = [];
  const firsts: number[] = [];
  const outcome = await streamGeoJson(byteChunks(bytes, chunk), options, (batch, first) => {
    firsts.push(first);
    features.push(...batch);
  });
  return { outcome, features, firsts };
}

/** Streamed in chunks of 4 KB and 1 MB, `bytes` give the whole-file import's features, `count` of them. */
async function expectWholeFileFeatures(bytes: Uint8Array, fileName: string, count: number): Promise<void> {
  const options = { fileName };
  const whole = await importFile(bytes, options);
  if (!whole.ok) throw new Error(JSON.stringify(whole.error));
  for (const chunk of [4096, 1 << 20]) {
    const { outcome, features } = await streamed(bytes, options, chunk);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(features).toEqual(whole.value.features.features);
    expect(outcome.value.features).toBe(count);
  }
}

/** Moves feature `index` of a mixedLayer to 130°E, 30°N, far outside the atlas region (OUTSIDE_REGION). */
function moveOutside(layer: FeatureCollection, index: number): void {
  (layer.features[index].geometry as { coordinates: number[][][] }).coordinates = [[[130, 30], [130.1, 30], [130.1, 30.1], [130, 30]]];
}

/**
 * A FeatureCollection over Rushan with what real layers carry: Chinese text with quotes and
 * backslashes, numbers, booleans, nulls, squares with holes, multipolygons, rows without a
 * geometry — squares 60 m wide on a 100 m grid, all inside the atlas region.
 */
function mixedLayer(count: number): FeatureCollection {
  const features: Feature[] = [];
  for (let index = 0; index < count; index++) {
    const west = 121.3 + (index % 200) * 0.0012;
    const south = 36.8 + Math.floor(index / 200) * 0.0009;
    const square = (w: number, s: number, size: number) => [[w, s], [w + size, s], [w + size, s + size * 0.75], [w, s + size * 0.75], [w, s]];
    const properties: Record<string, unknown> = {
      编号: `RS-${String(index).padStart(5, '0')}`,
      // Curly quotes, a backslash and straight quotes: escapes the scanner must step over.
      名称: `地块“${index}” \\ "引号"`,
      面积: 3600 + (index % 17) * 0.5,
      已批: index % 2 === 0,
      备注: index % 3 === 0 ? null : '一般农用地',
    };
    if (index % 50 === 0) {
      features.push({ type: 'Feature', properties, geometry: null as unknown as Feature['geometry'] });
      continue;
    }
    const outer = square(west, south, 0.0008);
    const geometry: Feature['geometry'] =
      index % 7 === 0
        ? { type: 'MultiPolygon', coordinates: [[outer], [square(west + 0.00085, south, 0.0002)]] }
        : index % 5 === 0
          ? { type: 'Polygon', coordinates: [outer, square(west + 0.0002, south + 0.0002, 0.0002).reverse()] }
          : { type: 'Polygon', coordinates: [outer] };
    features.push({ type: 'Feature', properties, geometry });
  }
  return { type: 'FeatureCollection', features };
}

describe('streamed GeoJSON = the whole-file importer', () => {
  const fixtures = [
    ...readdirSync(IMPORT).filter((name) => name.endsWith('.geojson')).map((name) => path.join(IMPORT, name)),
    ...readdirSync(path.join(IMPORT, 'hostile')).filter((name) => name.endsWith('.geojson')).map((name) => path.join(IMPORT, 'hostile', name)),
  ];
  /** Fixtures the stream hands back to the whole-file reader (its messages are the importer's). */
  const NOT_STREAMABLE: Record<string, string> = {};

  it.each(fixtures.map((file) => [path.relative(IMPORT, file), file]))('%s: same features, CRS and warnings, or the same error', async (name, file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const options = { fileName: path.basename(file) };
    const whole = await importFile(bytes, options);
    for (const chunk of [7, 4096, 1 << 22]) {
      const { outcome, features } = await streamed(bytes, options, chunk);
      if (!outcome.ok && 'notStreamable' in outcome) {
        NOT_STREAMABLE[name] = outcome.notStreamable;
        continue;
      }
      if (!whole.ok) {
        expect(outcome.ok).toBe(false);
        expect(!outcome.ok && 'error' in outcome && outcome.error).toEqual(whole.error);
        continue;
      }
      if (!outcome.ok) throw new Error(`${name}: ${JSON.stringify(outcome)}`);
      expect(features).toEqual(whole.value.features.features);
      expect(outcome.value.crs).toEqual(whole.value.crs);
      expect(outcome.value.warnings).toEqual(whole.value.warnings);
      expect(outcome.value.features).toBe(whole.value.features.features.length);
    }
  });

  it('only files that are no FeatureCollection go back to the whole-file reader', () => {
    // An empty file (EMPTY_FILE) and a bare geometry nested thousands deep: both with the
    // importer's own message. (Collections nested thousands deep inside a FeatureCollection are
    // streamed: checkShape refuses them as the whole-file import does, test above.)
    expect(NOT_STREAMABLE).toEqual({
      'bad-empty.geojson': 'the file ends early',
      'hostile/geojson-deep-arrays.geojson': 'no features member',
    });
  });

  it.each([
    ['in lon/lat', false],
    ['in EPSG:4528 with a crs member', true],
  ])('a layer %s with Chinese text, escapes, nulls, holes, multipolygons and rows without geometry', async (_name, projected) => {
    const layer = mixedLayer(2500);
    const toGrid = (value: unknown): unknown =>
      typeof (value as number[])[0] === 'number' ? projectPoint(value as [number, number], 'EPSG:4528') : (value as unknown[]).map(toGrid);
    const features = projected
      ? layer.features.map((feature) => (feature.geometry ? { ...feature, geometry: { ...feature.geometry, coordinates: toGrid((feature.geometry as { coordinates: unknown }).coordinates) } } : feature))
      : layer.features;
    const crs = projected ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4528' } } } : {};
    const bytes = encoder.encode(JSON.stringify({ type: 'FeatureCollection', name: '示例', ...crs, features }, null, 1));
    const options = { fileName: 'mixed.geojson' };
    const whole = await importFile(bytes, options);
    if (!whole.ok) throw new Error(JSON.stringify(whole.error));
    for (const chunk of [7, 333, 65_536]) {
      const { outcome, features, firsts } = await streamed(bytes, options, chunk);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome));
      expect(features).toEqual(whole.value.features.features);
      expect(outcome.value.warnings).toEqual(whole.value.warnings);
      expect(outcome.value.crs).toEqual(whole.value.crs);
      expect(outcome.value.crs.crs).toBe(projected ? 'EPSG:4528' : 'EPSG:4490');
      expect(outcome.value.warnings.some((warning) => warning.en.includes('without geometry were skipped'))).toBe(true);
      expect(firsts[0]).toBe(0);
    }
  });

  it('the features held until the CRS is read are handed on a batch at a time, as the whole-file import places them', async () => {
    // The CRS is read from the first 20,000 vertices (DETECTION_SAMPLE): ≈ 3,300 of these
    // features. Until then their batches are held as text; then placed and handed on one at a
    // time, never all at once — what is alive at once is what makes V8 grow its young
    // generation for the rest of the import (issue 12).
    const bytes = encoder.encode(JSON.stringify(mixedLayer(8000)));
    const options = { fileName: 'held.geojson' };
    const whole = await importFile(bytes, options);
    if (!whole.ok) throw new Error(JSON.stringify(whole.error));
    const sizes: number[] = [];
    const features: Feature[] = [];
    const outcome = await streamGeoJson(byteChunks(bytes, 65_536), options, (batch) => {
      sizes.push(batch.length);
      features.push(...batch);
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(features).toEqual(whole.value.features.features);
    expect(outcome.value.warnings).toEqual(whole.value.warnings);
    expect(outcome.value.crs).toEqual(whole.value.crs);
    // A feature here is ≈ 250 bytes of text: a quick batch (32 KB) holds ≈ 130 of them.
    expect(Math.max(...sizes)).toBeLessThan(400);
    expect(sizes.length).toBeGreaterThan(40);
  });

  it('a feature outside the region among those held until the CRS is read: the whole-file import’s error, nothing handed on', async () => {
    const layer = mixedLayer(8000);
    moveOutside(layer, 1201);
    const bytes = encoder.encode(JSON.stringify(layer));
    const options = { fileName: 'held-outside.geojson' };
    const whole = await importFile(bytes, options);
    expect(!whole.ok && whole.error.code).toBe('OUTSIDE_REGION');
    for (const chunk of [4096, 1 << 22]) {
      const { outcome, features } = await streamed(bytes, options, chunk);
      expect(features).toEqual([]);
      expect(!outcome.ok && 'error' in outcome && outcome.error).toEqual(!whole.ok && whole.error);
    }
  });

  it.each([
    ['compact', undefined],
    ['indented', 1],
  ])('features with `},{` inside them (arrays of objects, text), %s: the quick cut is refused there, the same features', async (_name, indent) => {
    // The stream cuts a batch after the last `}` that `,` and `{` follow, and takes the cut only
    // when `[` + batch + `]` parses. Here every feature ends in an array of objects and text
    // holding "},{", so many cuts fall inside a feature: those must be refused, not misread.
    const features: Feature[] = Array.from({ length: 6000 }, (_, index) => {
      const west = 121.3 + (index % 100) * 0.0012;
      const south = 36.8 + Math.floor(index / 100) * 0.0009;
      return {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[west, south], [west + 0.0008, south], [west + 0.0008, south + 0.0006], [west, south]]] },
        properties: { 编号: `P-${index}`, 说明: index % 3 ? `a},{"b":${index}` : '}, {', 分项: [{ 类: '工业', 亩: index % 40 }, { 类: '仓储', 亩: 2 }] },
      };
    });
    await expectWholeFileFeatures(encoder.encode(JSON.stringify({ type: 'FeatureCollection', features }, null, indent)), 'nested.geojson', 6000);
  });

  it('features longer than a quick batch (a red-line polygon of thousands of vertices): the same features', async () => {
    // 64 KB finds no cut between such features: the cut is looked for in up to 1 MB.
    const features: Feature[] = Array.from({ length: 14 }, (_, index) => {
      const ring = Array.from({ length: 4000 }, (_, vertex) => {
        const angle = (2 * Math.PI * vertex) / 4000;
        return [121.4 + (index % 7) * 0.03 + 0.01 * Math.cos(angle), 36.9 + Math.floor(index / 7) * 0.03 + 0.008 * Math.sin(angle)];
      });
      ring.push(ring[0]);
      return { type: 'Feature', properties: { 编号: `HX-${index}`, 名称: '生态保护红线' }, geometry: { type: 'Polygon', coordinates: [ring] } };
    });
    const bytes = encoder.encode(JSON.stringify({ type: 'FeatureCollection', features }));
    expect(bytes.length / features.length).toBeGreaterThan(64 << 10);
    await expectWholeFileFeatures(bytes, 'red-line.geojson', 14);
  });

  describe('a file of one batch with a fault: the whole-file import’s error, not the first fault met', () => {
    // The stream cuts its first batch before the last feature; a fault found there must not be
    // named before the rest of the batch the whole-file import sees has been read.
    const square = (west: number) => [[[west, 36.9], [west + 0.001, 36.9], [west + 0.001, 36.901], [west, 36.901], [west, 36.9]]];
    const good = (index: number) => ({ type: 'Feature', properties: { id: index }, geometry: { type: 'Polygon', coordinates: square(121.5 + index * 0.002) } });
    const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const circleFirst = collection([{ ...good(0), geometry: { type: 'Circle' } }, good(1), good(2)]);
    const xian = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2385' } };
    const circle = (x: number, y: number, radius: number, count: number) => {
      const ring = Array.from({ length: count }, (_, index) => [x + radius * Math.cos((2 * Math.PI * index) / count), y + radius * Math.sin((2 * Math.PI * index) / count)]);
      return [...ring, ring[0]];
    };
    // [case, file, options, the whole-file import's code, whether the stream hands the file back to it]
    it.each([
      ['a bad coordinate in feature 1, an unknown type in feature 3', collection([{ ...good(0), geometry: { type: 'Polygon', coordinates: 'x' } }, good(1), { ...good(2), geometry: { type: 'Circle' } }]), {}, 'INVALID_GEOMETRY', false],
      ['three features over a cap of one (the count named is the file’s)', collection([good(0), good(1), good(2)]), { limits: { maxFeatures: 1 } }, 'TOO_LARGE', false],
      // Bad JSON or a cut-off end anywhere: the whole-file reader names it, with line and column.
      ['an unknown type in feature 1, the file cut off in feature 3', circleFirst.slice(0, circleFirst.length - 30), {}, 'PARSE_ERROR', true],
      ['an unknown type in feature 1, bad JSON in feature 3', circleFirst.replace('"id":2', '"id":02'), {}, 'PARSE_ERROR', true],
      // A CRS the atlas cannot read: the whole-file import checks every feature's type first.
      ['an unknown type in feature 3 of a file declaring Xi’an 1980', JSON.stringify({ type: 'FeatureCollection', crs: xian, features: [good(0), good(1), { ...good(2), geometry: { type: 'Circle' } }] }), {}, 'INVALID_GEOMETRY', false],
      ['a file declaring Xi’an 1980 with good features', JSON.stringify({ type: 'FeatureCollection', crs: xian, features: [good(0), good(1), good(2)] }), {}, 'UNSUPPORTED_CRS', false],
      // Its numbers are not read at all: these fit no CRS the atlas knows, and there are enough
      // of them (21,000 vertices) for the CRS to be sought before the file ends.
      ['a file declaring Xi’an 1980 with numbers of no known grid', JSON.stringify({ type: 'FeatureCollection', crs: xian, features: [0, 1, 2].map((index) => ({ ...good(index), geometry: { type: 'Polygon', coordinates: [circle(index * 3, 5, 1, 7000)] } })) }), {}, 'UNSUPPORTED_CRS', false],
      // A fault in the last batch is named only if the rest of the root is good GeoJSON.
      ['an unknown type in feature 1, the closing brace missing', circleFirst.slice(0, -1), {}, 'PARSE_ERROR', true],
      ['an unknown type in feature 1, a stray comma after the features', `${circleFirst.slice(0, -1)},}`, {}, 'PARSE_ERROR', true],
    ])('%s', async (_name, text, extra, code, handedBack) => {
      const bytes = encoder.encode(text);
      const options = { fileName: 'x.geojson', ...extra };
      const whole = await importFile(bytes, options);
      expect(!whole.ok && whole.error.code).toBe(code);
      for (const chunk of [7, 1 << 22]) {
        const { outcome, features } = await streamed(bytes, options, chunk);
        expect(features).toEqual([]);
        if (handedBack) expect(outcome).toEqual({ ok: false, notStreamable: expect.any(String) });
        else expect(!outcome.ok && 'error' in outcome && outcome.error).toEqual(!whole.ok && whole.error);
      }
    });
  });

  it('a faulty features array followed by a second, good one: handed back, and the whole-file import reads the second', async () => {
    const circle = '{"type":"Feature","properties":{},"geometry":{"type":"Circle"}}';
    const bytes = encoder.encode(`{"type":"FeatureCollection","features":[${circle},${F}],"features":[${F},${F}]}`);
    const whole = await importFile(bytes, { fileName: 'x.geojson' });
    expect(whole.ok && whole.value.features.features.length).toBe(2);
    for (const chunk of [7, 1 << 22]) {
      const { outcome } = await streamed(bytes, { fileName: 'x.geojson' }, chunk);
      expect(outcome).toEqual({ ok: false, notStreamable: 'a second features member' });
    }
  });

  it('a user-chosen CRS and repair apply as in the whole-file import', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(IMPORT, 'bad-bowtie.geojson')));
    const options = { fileName: 'bad-bowtie.geojson', repair: true };
    const whole = await importFile(bytes, options);
    const { outcome, features } = await streamed(bytes, options, 64);
    expect(whole.ok).toBe(true);
    if (!whole.ok || !outcome.ok) throw new Error('import failed');
    expect(features).toEqual(whole.value.features.features);
    expect(outcome.value.warnings).toEqual(whole.value.warnings);
  });

  it.each([
    ['a bare Feature', '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.5,36.9]}}', 'no features member'],
    ['a crs member after the features', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.5,36.9]}}],"crs":{"type":"name","properties":{"name":"EPSG:4490"}}}', 'a crs member after the features'],
    ['invalid JSON inside a feature', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":01},"geometry":null}]}', 'invalid JSON'],
    ['text ending inside the features', '{"type":"FeatureCollection","features":[{"type":"Feature"', 'the file ends inside a feature'],
  ])('%s is handed back to the whole-file reader', async (_name, text, reason) => {
    const { outcome } = await streamed(encoder.encode(text), { fileName: 'x.geojson' }, 16);
    expect(outcome).toEqual({ ok: false, notStreamable: reason });
  });

  const F = '{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[121.5,36.9]}}';
  const big = `{"type":"Feature","properties":{"pad":"${'x'.repeat(1 << 20)}"},"geometry":{"type":"Point","coordinates":[121.5,36.9]}}`;
  it.each([
    ['a comma before the first member', `{,"type":"FeatureCollection","features":[${F}]}`],
    ['no comma between members', `{"type":"FeatureCollection" "features":[${F}]}`],
    ['NaN in a member before the features', `{"type":"FeatureCollection","name":NaN,"features":[${F}]}`],
    ['a comma before the first feature', `{"type":"FeatureCollection","features":[,${F}]}`],
    ['two commas between features', `{"type":"FeatureCollection","features":[${F},,${F}]}`],
    ['a comma after the last feature', `{"type":"FeatureCollection","features":[${F},]}`],
    ['no comma after a feature that ends a batch', `{"type":"FeatureCollection","features":[${big} ${F}]}`],
    ['two features members', `{"type":"FeatureCollection","features":[${F}],"features":[]}`],
  ])('%s: not JSON for JSON.parse, so not for the stream either (the importer words it)', async (_name, text) => {
    const bytes = encoder.encode(text);
    const whole = await importFile(bytes, { fileName: 'x.geojson' });
    const { outcome } = await streamed(bytes, { fileName: 'x.geojson' }, 4096);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && 'notStreamable' in outcome).toBe(true);
    expect(whole.ok).toBe(false);
  });

  it('white space and a BOM read one byte at a time still stream', async () => {
    const bytes = encoder.encode(`\ufeff \n\t {"type":"FeatureCollection","features":[${F}]}`);
    const whole = await importFile(bytes, { fileName: 'x.geojson' });
    const { outcome, features } = await streamed(bytes, { fileName: 'x.geojson' }, 1);
    if (!outcome.ok || !whole.ok) throw new Error(JSON.stringify(outcome));
    expect(features).toEqual(whole.value.features.features);
  });

  it('thousands of rows without a geometry before the first geometry: same result', async () => {
    const rows = Array.from({ length: 30_000 }, (_, index) => `{"type":"Feature","properties":{"i":${index}},"geometry":null}`);
    const bytes = encoder.encode(`{"type":"FeatureCollection","features":[${rows.join(',')},${F}]}`);
    const whole = await importFile(bytes, { fileName: 'x.geojson' });
    const { outcome, features } = await streamed(bytes, { fileName: 'x.geojson' }, 65_536);
    if (!outcome.ok || !whole.ok) throw new Error(JSON.stringify(outcome));
    expect(features).toEqual(whole.value.features.features);
    expect(outcome.value.warnings).toEqual(whole.value.warnings);
  });

  it('a GBK name before UTF-8 features is handed back (the whole-file reader decodes the file one way)', async () => {
    const bytes = new Uint8Array([...encoder.encode('{"type":"FeatureCollection","name":"'), 0xd6, 0xd0, 0xce, 0xc4, ...encoder.encode(`","features":[${F}]}`)]);
    const { outcome } = await streamed(bytes, { fileName: 'x.geojson' }, 4096);
    expect(outcome).toEqual({ ok: false, notStreamable: 'not UTF-8' });
  });

  it('GBK text is handed back (the whole-file reader decodes it)', async () => {
    const gbk = new Uint8Array([...encoder.encode('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"'), 0xb5, 0xd8, 0xbf, 0xe9, ...encoder.encode('"},"geometry":null}]}')]);
    const { outcome } = await streamed(gbk, { fileName: 'gbk.geojson' }, 1024);
    expect(outcome).toEqual({ ok: false, notStreamable: 'not UTF-8' });
  });
});

describe('the reference import of a GeoJSON, streamed', () => {
  const engine = () => {
    const store = new ReferenceStore(memoryBackend());
    return { store, analysis: createInProcessAnalysis({ openReferenceStore: async () => store, layerSource: async () => readAuthoredLayers() }) };
  };

  it('stores the same FlatGeobuf and fields as the whole-file path writes, and leaves the name field to the reviewer', async () => {
    const bytes = encoder.encode(JSON.stringify(mixedLayer(1200)));
    const { store, analysis } = engine();
    const stages: string[] = [];
    const imported = await analysis.importReference(new Blob([bytes]), { fileName: '示例图层.geojson' }, { onProgress: (progress) => stages.push(progress.stage) });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    expect(stages).toEqual(expect.arrayContaining(['parsing', 'indexing', 'storing']));
    const stored = await store.layerBytes(imported.value.config);

    // The whole-file path, as the worker ran it before the stream (issue 10).
    const whole = await importFile(bytes, { fileName: '示例图层.geojson' });
    if (!whole.ok) throw new Error('import failed');
    const features = whole.value.features.features;
    const writer = new FlatGeobufStreamWriter();
    features.forEach((feature, index) => writer.add({ ...feature, properties: { ...feature.properties, [SOURCE_INDEX_FIELD]: index } }));
    const expected = writer.finish({ title: '示例图层', description: 'reference layer from 示例图层.geojson' });
    expect(stored && Buffer.from(stored).equals(Buffer.from(expected))).toBe(true);

    const fields = [...new Set(features.flatMap((feature) => Object.keys(feature.properties ?? {})))];
    expect(imported.value.config.fields).toEqual(fields);
    expect(imported.value.config.source.features).toBe(features.length);
    // No name field is stored: until the reviewer chooses one, findings are named automatically
    // from the fields (presets.ts autoNameField), here by the 名称 the name rule knows.
    expect(imported.value.config.nameField).toBeUndefined();
    expect(autoNameField(imported.value.config.fields)).toBe('名称');
  });

  it('a file the stream hands back is read whole, and its error is the importer’s, with line and column', async () => {
    const bytes = encoder.encode('{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"a":01},"geometry":null}]}');
    const { store, analysis } = engine();
    const imported = await analysis.importReference(new Blob([bytes]), { fileName: 'broken.geojson' });
    const whole = await importFile(bytes, { fileName: 'broken.geojson' });
    expect(imported.ok).toBe(false);
    expect(!imported.ok && imported.error).toEqual(!whole.ok && whole.error);
    expect(!whole.ok && whole.error.message.en).toMatch(/line 2, column/);
    expect(await store.backend.list('layers')).toEqual([]);
  });

  it('an error found half way (a feature outside the region) stores nothing', async () => {
    const layer = mixedLayer(3000);
    moveOutside(layer, 2501);
    const bytes = encoder.encode(JSON.stringify(layer));
    const { store, analysis } = engine();
    const imported = await analysis.importReference(new Blob([bytes]), { fileName: 'outside.geojson' });
    const whole = await importFile(bytes, { fileName: 'outside.geojson' });
    expect(!imported.ok && imported.error).toEqual(!whole.ok && whole.error);
    expect(!imported.ok && 'code' in imported.error && imported.error.code).toBe('OUTSIDE_REGION');
    expect((await store.profile()).layers).toEqual([]);
  });

  it('the file-size cap and the message cleaning of the whole-file import apply to the stream', async () => {
    const bytes = encoder.encode(JSON.stringify(mixedLayer(3)));
    const { store, analysis } = engine();
    const capped = await analysis.importReference(new Blob([bytes]), { fileName: 'small.geojson', limits: { maxFileBytes: 50 } });
    const whole = await importFile(bytes, { fileName: 'small.geojson', limits: { maxFileBytes: 50 } });
    expect(!capped.ok && capped.error).toEqual(!whole.ok && whole.error);
    expect(!whole.ok && whole.error.code).toBe('TOO_LARGE');
    const outside = mixedLayer(3);
    moveOutside(outside, 1);
    const named = '\u001b[31mevil\u001b[0m.geojson';
    const refused = await analysis.importReference(new Blob([encoder.encode(JSON.stringify(outside))]), { fileName: named });
    const wholeRefused = await importFile(encoder.encode(JSON.stringify(outside)), { fileName: named });
    expect(!refused.ok && refused.error).toEqual(!wholeRefused.ok && wholeRefused.error);
    expect(!refused.ok && 'file' in refused.error && refused.error.file).toBe('evil.geojson');
    expect((await store.profile()).layers).toEqual([]);
  });

  it('cancelled while it reads: CANCELLED, nothing stored', async () => {
    const bytes = encoder.encode(JSON.stringify(mixedLayer(3000)));
    const { store, analysis } = engine();
    const controller = new AbortController();
    const imported = await analysis.importReference(new Blob([bytes]), { fileName: 'big.geojson' }, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.stage === 'parsing' && (progress.fraction ?? 0) > 0) controller.abort();
      },
    });
    expect(!imported.ok && imported.error).toEqual(CANCELLED);
    expect((await store.profile()).layers).toEqual([]);
  });
});

describe('blobChunks: a File read in chunks into two buffers taken in turn', () => {
  const bytes = new Uint8Array(3_000_017);
  for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2654435761) >>> 24;

  /** The chunks copied as the reader takes them (each is valid until the next is asked for). */
  async function copied(blob: Blob, size: number): Promise<Uint8Array[]> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of blobChunks(blob, size)) chunks.push(chunk.slice());
    return chunks;
  }

  it.each([[1 << 20], [4099]])('chunks of at most %i bytes give the file, in order', async (size) => {
    const chunks = await copied(new Blob([bytes]), size);
    expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= size)).toBe(true);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  it('where the stream takes no buffer of the caller\'s, slice by slice: the same bytes', async () => {
    // A Blob whose stream has no byte reader (as an engine without readable byte streams gives).
    class PlainStreamBlob extends Blob {
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        return new ReadableStream({ start: (controller) => controller.close() });
      }
    }
    const chunks = await copied(new PlainStreamBlob([bytes]), 1 << 20);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1 << 20, 1 << 20, bytes.length - 2 * (1 << 20)]);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  it('ends at the Blob\'s size without waiting for the stream to say so (Chromium did not always answer the read after the last byte)', async () => {
    // A byte stream that gives the file in pieces of 4096 bytes and then never closes — as
    // Chromium's File stream left a BYOB read unanswered at the end of the file (issue 12).
    let at = 0;
    const endless = byteStreamBlob(bytes, () => ({
      pull(controller) {
        if (at >= bytes.length) return new Promise<void>(() => undefined);
        controller.enqueue(bytes.slice(at, at + 4096));
        at += 4096;
        return undefined;
      },
    }));
    const read = copied(endless, 1 << 20);
    const ended = await Promise.race([read, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 3000))]);
    expect(ended).not.toBe('waiting');
    expect(Buffer.concat(ended as Uint8Array[]).equals(Buffer.from(bytes))).toBe(true);
  });

  /** A Blob whose byte stream gives `good` chunks of 4096 bytes, then fails (the file gone); counts its cancels. */
  function failingBlob(good: number) {
    const state = { cancelled: 0 };
    const blob = byteStreamBlob(bytes, () => {
      let given = 0;
      return {
        pull(controller) {
          if (given++ < good) controller.enqueue(new Uint8Array(4096).fill(given));
          else controller.error(new Error('the file is gone'));
        },
        cancel() {
          state.cancelled += 1;
        },
      };
    });
    return { blob, state };
  }

  /** Unhandled rejections while `work` runs (and a little after). */
  async function unhandledDuring(work: () => Promise<void>): Promise<unknown[]> {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      await work();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    return rejections;
  }

  it('a read ahead that fails while the caller works is met at the caller\'s next step, never as an unhandled rejection', async () => {
    const { blob } = failingBlob(1);
    let met: unknown;
    const rejections = await unhandledDuring(async () => {
      try {
        for await (const chunk of blobChunks(blob, 4096)) {
          expect(chunk[0]).toBe(1);
          // The caller works (an import's batch) while the read ahead fails.
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
      } catch (error) {
        met = error;
      }
    });
    expect(rejections).toEqual([]);
    expect((met as Error)?.message).toBe('the file is gone');
  });

  it('stopped early, or cancelled: the stream is let go, no read left failing unobserved', async () => {
    const stopped = failingBlob(3);
    const rejections = await unhandledDuring(async () => {
      for await (const chunk of blobChunks(stopped.blob, 4096)) {
        expect(chunk.length).toBe(4096);
        break;
      }
    });
    expect(rejections).toEqual([]);
    expect(stopped.state.cancelled).toBe(1);
    const aborted = failingBlob(10);
    const controller = new AbortController();
    let chunks = 0;
    const cancelled = await unhandledDuring(async () => {
      await expect(
        (async () => {
          for await (const _chunk of blobChunks(aborted.blob, 4096, controller.signal)) {
            chunks += 1;
            controller.abort();
          }
        })(),
      ).rejects.toThrow(/abort/i);
    });
    expect(cancelled).toEqual([]);
    expect(chunks).toBe(1);
    expect(aborted.state.cancelled).toBe(1);
  });
});
