/**
 * The reference-layer store (src/records/reference-store.ts) and the worker's reference
 * operations over it (src/worker/reference-operations.ts), in Node with the memory backend:
 * bounding-box reads through the FlatGeobuf index return exactly the features a linear scan
 * of the same boxes finds; the stored file's hash is the SHA-256 node:crypto computes; a
 * layer survives in the profile; removing it removes its file; a review reads its candidates.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { writeFlatGeobuf } from '../../src/data/fgb-writer';
import { indexedDbBackend, memoryBackend, readFeaturesInBox, ReferenceStore, SOURCE_INDEX_FIELD, type Bounds } from '../../src/records/reference-store';
import { sha256HexOfPieces } from '../../src/records/piece-hash';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import { directoryBackend } from '../../scripts/lib/directory-backend';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** A grid of 40 × 30 small squares over Rushan, each with its position as a property. */
function grid(): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = [];
  for (let row = 0; row < 30; row += 1) {
    for (let column = 0; column < 40; column += 1) {
      const west = 121.3 + column * 0.01;
      const south = 36.8 + row * 0.01;
      const east = west + 0.006;
      const north = south + 0.006;
      features.push({
        type: 'Feature',
        properties: { code: `${row}-${column}`, [SOURCE_INDEX_FIELD]: features.length },
        geometry: { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

function boxOf(feature: Feature<Polygon>): Bounds {
  const ring = feature.geometry.coordinates[0];
  const lons = ring.map((position) => position[0]);
  const lats = ring.map((position) => position[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

const meets = (a: Bounds, b: Bounds) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

describe('reading by bounding box through the index', () => {
  const collection = grid();
  const blob = new Blob([writeFlatGeobuf(collection) as Uint8Array<ArrayBuffer>]);
  const boxes: Bounds[] = [
    [121.35, 36.85, 121.37, 36.87],
    [121.3, 36.8, 121.302, 36.802],
    [121.0, 36.0, 121.1, 36.1],
    [121.29, 36.79, 121.71, 37.11],
  ];
  it.each(boxes)('box %#: the same features as a linear scan, named by their source position', async (...box) => {
    const bounds = box as unknown as Bounds;
    const wanted = collection.features.filter((feature) => meets(boxOf(feature), bounds)).map((feature) => feature.properties!.code).sort();
    const read = await readFeaturesInBox(blob, bounds);
    expect(read.features.map((feature) => feature.properties!.code).sort()).toEqual(wanted);
    for (const feature of read.features) {
      expect(feature.id).toBe(collection.features.findIndex((candidate) => candidate.properties!.code === feature.properties!.code));
      expect(feature.properties).not.toHaveProperty(SOURCE_INDEX_FIELD);
    }
  });

  it('stops at the limit and says so, having read the tree and only the features it gives', async () => {
    const bytes = writeFlatGeobuf(collection);
    let sliced = 0;
    // A Blob that counts what is read of it (the store reads a layer file only by slices).
    const counted = new (class extends Blob {
      override slice(start?: number, end?: number): Blob {
        sliced += (end ?? this.size) - (start ?? 0);
        return super.slice(start, end);
      }
    })([bytes as Uint8Array<ArrayBuffer>]);
    const read = await readFeaturesInBox(counted, [121.29, 36.79, 121.71, 37.11], { limit: 100 });
    expect(read.truncated).toBe(true);
    expect(read.features).toHaveLength(100);
    const whole = await readFeaturesInBox(blob, [121.29, 36.79, 121.71, 37.11]);
    expect(whole.features).toHaveLength(1200);
    // The first 100 of the file's order, as a read without a limit gives them.
    expect(read.features.map((feature) => feature.id)).toEqual(whole.features.slice(0, 100).map((feature) => feature.id));
    // Header and tree (1,200 leaves, 40 bytes each, and their parents) and 100 of 1,200 features.
    const treeBytes = (1200 + 75 + 5 + 1) * 40;
    expect(sliced).toBeLessThan(treeBytes + bytes.length / 4);
  });

  it('an empty layer (no index, as the FlatGeobuf spec has it) gives no features', async () => {
    const empty = new Blob([writeFlatGeobuf({ type: 'FeatureCollection', features: [] }) as Uint8Array<ArrayBuffer>]);
    expect(await readFeaturesInBox(empty, [121.29, 36.79, 121.71, 37.11])).toEqual({ features: [], truncated: false });
  });

  it('a deeper tree of overlapping boxes: the same features as a linear scan for boxes of every size', async () => {
    // 5,000 rectangles of random size (seeded), so the tree has partly filled nodes at every level.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const features: Feature<Polygon>[] = [];
    for (let item = 0; item < 5000; item += 1) {
      const west = 121.3 + random() * 0.4;
      const south = 36.8 + random() * 0.3;
      const east = west + random() * random() * 0.05;
      const north = south + random() * random() * 0.05;
      features.push({
        type: 'Feature',
        properties: { code: `r${item}`, [SOURCE_INDEX_FIELD]: item },
        geometry: { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] },
      });
    }
    const random5000 = new Blob([writeFlatGeobuf({ type: 'FeatureCollection', features }) as Uint8Array<ArrayBuffer>]);
    for (let query = 0; query < 40; query += 1) {
      const west = 121.28 + random() * 0.42;
      const south = 36.78 + random() * 0.32;
      const size = random() ** 3 * 0.3;
      const bounds: Bounds = [west, south, west + size, south + size * random()];
      const wanted = features.filter((feature) => meets(boxOf(feature), bounds)).map((feature) => feature.properties!.code).sort();
      const read = await readFeaturesInBox(random5000, bounds);
      expect(read.features.map((feature) => feature.properties!.code).sort()).toEqual(wanted);
      expect(read.features.map((feature) => feature.id)).toEqual(read.features.map((feature) => Number(feature.properties!.code.slice(1))));
    }
  });
});

describe('the worker’s reference operations over a memory store', () => {
  const shapefile = readFileSync(path.join(FIXTURES, 'import/parcels-4528-prj.zip'));
  const engine = () => {
    const store = new ReferenceStore(memoryBackend());
    return { store, analysis: createInProcessAnalysis({ openReferenceStore: async () => store, layerSource: async () => readAuthoredLayers() }) };
  };

  it('imports a zipped Shapefile as a layer: profile entry, SHA-256 of the stored FlatGeobuf, feature count, CRS, fields', async () => {
    const { store, analysis } = engine();
    const stages: string[] = [];
    const imported = await analysis.importReference(new Uint8Array(shapefile), { fileName: '永久基本农田.zip' }, { onProgress: (progress) => stages.push(progress.stage) });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const config = imported.value.config;
    expect(stages).toEqual(expect.arrayContaining(['reading', 'parsing', 'indexing', 'storing']));
    expect(config.name).toBe('永久基本农田');
    expect(config.role).toEqual({ kind: 'prohibited' });
    expect(config.source.crs).toBe('EPSG:4528');
    expect(config.source.features).toBe(2); // ogrinfo -so -al /vsizip/…/parcels-4528-prj.zip: Feature Count: 2
    expect(config.fields).not.toContain(SOURCE_INDEX_FIELD);
    const bytes = await store.layerBytes(config);
    expect(config.source.hash).toBe(createHash('sha256').update(bytes!).digest('hex'));
    const listed = await analysis.listReference();
    expect(listed.ok && listed.value.profile.layers.map((layer) => layer.id)).toEqual([config.id]);

    const removed = await analysis.removeReference(config.id);
    expect(removed.ok && removed.value.profile.layers).toEqual([]);
    expect(await store.backend.list('layers')).toEqual([]);
  });

  it('refuses a broken file with the importer’s message and stores nothing', async () => {
    const { store, analysis } = engine();
    const imported = await analysis.importReference(new Uint8Array(readFileSync(path.join(FIXTURES, 'import/bad-truncated.zip'))), { fileName: 'bad-truncated.zip' });
    expect(imported.ok).toBe(false);
    expect(!imported.ok && 'file' in imported.error && imported.error.file).toBe('bad-truncated.zip');
    expect((await store.profile()).layers).toEqual([]);
    expect(await store.backend.list('layers')).toEqual([]);
  });

  it('refuses a zip of several shapefiles, naming them, instead of merging them into one role; stores nothing', async () => {
    // 三区三线 often comes as one zip: merged, the ecological red line would take the town boundary's role.
    const { store, analysis } = engine();
    const imported = await analysis.importReference(new Uint8Array(readFileSync(path.join(FIXTURES, 'import/parcels-two-layers.zip'))), { fileName: '三区三线.zip' });
    if (imported.ok) throw new Error('a zip of two layers was imported as one');
    const error = imported.error as { code: string; file: string; message: { zh: string; en: string }; hint: { zh: string; en: string } };
    expect(error.code).toBe('SEVERAL_LAYERS');
    expect(error.file).toBe('三区三线.zip');
    expect(error.message.zh).toMatch(/2 个图层（(west、east|east、west)）/);
    expect(error.message.en).toMatch(/2 layers \((west, east|east, west)\)/);
    expect(error.hint.en).toMatch(/add them one by one/);
    expect((await store.profile()).layers).toEqual([]);
    expect(await store.backend.list('layers')).toEqual([]);
  });

  it('a review reads the layer’s candidates and stamps the profile it used', async () => {
    const { analysis } = engine();
    await analysis.loadAtlasLayers('file:///atlas/data/catalog.json');
    const imported = await analysis.importReference(new Uint8Array(shapefile), { fileName: '永久基本农田.zip' });
    if (!imported.ok) throw new Error('import failed');
    const parcels = JSON.parse(readFileSync(path.join(FIXTURES, 'import/source-parcels.geojson'), 'utf8')) as FeatureCollection;
    const reviewed = await analysis.review(parcels.features[0]);
    if (!reviewed.ok) throw new Error(JSON.stringify(reviewed.error));
    const report = reviewed.value as typeof reviewed.value & { reference?: { layer: string; findings: unknown[] }[]; profile?: { hash: string; layers: { hash: string }[] } };
    expect(report.reference?.map((section) => section.layer)).toEqual([imported.value.config.id]);
    expect(report.reference?.[0].findings.length).toBeGreaterThan(0);
    expect(report.profile?.hash).toBe(imported.value.hash);
    expect(report.profile?.layers[0].hash).toBe(imported.value.config.source.hash);
  });
});

describe('a file given in pieces (a layer as the FlatGeobuf writer lays it out)', () => {
  const bytes = new Uint8Array(2_500_003);
  for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2654435761) >>> 24;
  /** The bytes in pieces of `size` through one buffer used again for each (as the writer gives them). */
  const inPieces = (size: number) => ({
    *pieces() {
      const buffer = new Uint8Array(size);
      for (let at = 0; at < bytes.length; at += size) {
        const piece = bytes.subarray(at, at + size);
        buffer.set(piece);
        yield buffer.subarray(0, piece.length);
      }
    },
  });

  it.each([[1], [4093], [1 << 20], [1 << 22]])('pieces of %i bytes: the SHA-256 of the whole (OpenSSL), and the memory store keeps the whole', async (size) => {
    const expected = createHash('sha256').update(bytes).digest('hex');
    if (size > 1) expect(await sha256HexOfPieces(inPieces(size).pieces())).toBe(expected);
    else expect(await sha256HexOfPieces([bytes.subarray(0, 7), new Uint8Array(0), bytes.subarray(7)])).toBe(expected);
    const backend = memoryBackend();
    await backend.writeBytes('layers/x.fgb', inPieces(Math.max(size, 4093)));
    const stored = new Uint8Array(await (await backend.readBlob('layers/x.fgb'))!.arrayBuffer());
    expect(Buffer.from(stored).equals(Buffer.from(bytes))).toBe(true);
  });
});


describe('the IndexedDB store (fake-indexeddb): a layer written in pieces reads back whole', () => {
  it('keeps the bytes of reused piece buffers, and the whole-array path still works', async () => {
    const backend = await indexedDbBackend(`pieces-${Date.now()}`);
    const bytes = new Uint8Array(300_001).map((_, index) => (index * 7) % 251);
    const buffer = new Uint8Array(4096);
    await backend.writeBytes('layers/a.fgb', {
      *pieces() {
        for (let at = 0; at < bytes.length; at += buffer.length) {
          const piece = bytes.subarray(at, at + buffer.length);
          buffer.set(piece);
          yield buffer.subarray(0, piece.length);
        }
      },
    });
    await backend.writeBytes('layers/b.fgb', bytes);
    for (const name of ['layers/a.fgb', 'layers/b.fgb']) {
      const stored = new Uint8Array(await (await backend.readBlob(name))!.arrayBuffer());
      expect(Buffer.from(stored).equals(Buffer.from(bytes))).toBe(true);
    }
    expect((await backend.list('layers')).sort()).toEqual(['a.fgb', 'b.fgb']);
  });
});

describe('the bench’s folder store (scripts/lib/directory-backend.ts, standing in for OPFS)', () => {
  it('keeps an imported layer on disk: the file’s SHA-256 (OpenSSL) is the recorded hash, box reads work, removal removes it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'atlas-directory-store-'));
    try {
      const store = new ReferenceStore(directoryBackend(root));
      const analysis = createInProcessAnalysis({ openReferenceStore: async () => store, layerSource: async () => readAuthoredLayers() });
      const imported = await analysis.importReference(new Uint8Array(readFileSync(path.join(FIXTURES, 'import/parcels-4528-prj.zip'))), { fileName: 'parcels.zip' });
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const config = imported.value.config;
      const [file] = readdirSync(path.join(root, 'layers'));
      expect(createHash('sha256').update(readFileSync(path.join(root, 'layers', file))).digest('hex')).toBe(config.source.hash);
      const found = await store.features(config, [-180, -90, 180, 90]);
      expect(found.features).toHaveLength(2); // ogrinfo -so -al: Feature Count: 2
      // A second store over the same folder sees the layer (kept across runs, as OPFS across reloads).
      expect((await new ReferenceStore(directoryBackend(root)).profile()).layers.map((layer) => layer.id)).toEqual([config.id]);
      await analysis.removeReference(config.id);
      expect(await store.backend.list('layers')).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a write that fails midway leaves neither the file nor its partial copy', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'atlas-directory-store-'));
    try {
      const backend = directoryBackend(root);
      await expect(
        backend.writeBytes('layers/x.fgb', {
          *pieces() {
            yield new Uint8Array(10);
            throw new Error('the writer failed');
          },
        }),
      ).rejects.toThrow('the writer failed');
      expect(readdirSync(path.join(root, 'layers'))).toEqual([]);
      expect(await backend.readBlob('layers/x.fgb')).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
