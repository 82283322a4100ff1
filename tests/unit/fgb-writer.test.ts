/**
 * The FlatGeobuf writer, checked against two independent readers: the flatgeobuf
 * package's own reader (whose bbox query walks our R-tree) and GDAL (ogrinfo, ogr2ogr and
 * the GDAL Python bindings). Brute-force bbox filtering is the expected answer for
 * spatial queries; GDAL's own FlatGeobuf writer is the expected feature order.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { geojson } from 'flatgeobuf';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import * as flatbuffers from 'flatbuffers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRandom as random } from '../../scripts/sample-parcels';
import { FlatGeobufStreamWriter, INDEX_NODE_SIZE, writeFlatGeobuf } from '../../src/data/fgb-writer';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import {
  gdalReportsSpatialIndex,
  ogr2ogr,
  ogrinfoFieldValues,
  ogrinfoSummary,
} from '../../scripts/lib/gdal-tools';

type Rect = { minX: number; minY: number; maxX: number; maxY: number };

const FIXTURE_LAYERS = path.join(__dirname, '..', 'fixtures', 'fgb', 'layers');
let temporaryDirectory: string;

beforeAll(() => {
  temporaryDirectory = mkdtempSync(path.join(tmpdir(), 'atlas-fgb-writer-'));
  // flatgeobuf's tree search logs every node it visits through console.debug.
  vi.spyOn(console, 'debug').mockImplementation(() => {});
});
afterAll(() => {
  rmSync(temporaryDirectory, { recursive: true, force: true });
  vi.restoreAllMocks();
});


function randomPoints(count: number, seed: number): FeatureCollection {
  const next = random(seed);
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, index) => ({
      type: 'Feature',
      properties: { id: `p${index}`, name_zh: `点${index}`, name_en: `Point ${index}`, value: index },
      geometry: { type: 'Point', coordinates: [119 + next() * 5, 35.5 + next() * 3] },
    })),
  };
}

/** Small random boxes and lines mixed with multi-part versions, over the atlas region. */
function randomShapes(count: number, seed: number): FeatureCollection {
  const next = random(seed);
  const features: Feature[] = [];
  for (let index = 0; index < count; index++) {
    const x = 119 + next() * 4.9;
    const y = 35.5 + next() * 2.9;
    const size = 0.001 + next() * 0.08;
    const ring = [[x, y], [x + size, y], [x + size, y + size * 0.7], [x, y + size], [x, y]];
    const geometry: Geometry = index % 3 === 0
      ? { type: 'MultiPolygon', coordinates: [[ring], [ring.map(([px, py]) => [px + size * 1.5, py])]] }
      : { type: 'Polygon', coordinates: [ring] };
    features.push({ type: 'Feature', properties: { id: `s${index}`, name_zh: `面${index}`, name_en: `Shape ${index}` }, geometry });
  }
  return { type: 'FeatureCollection', features };
}

async function readAll(bytes: Uint8Array, rect?: Rect): Promise<Feature[]> {
  const features: Feature[] = [];
  for await (const feature of geojson.deserialize(bytes, rect ? { rect } : {})) features.push(feature as Feature);
  return features;
}

async function readHeader(bytes: Uint8Array): Promise<HeaderMeta> {
  let header: HeaderMeta | undefined;
  for await (const _ of geojson.deserialize(bytes, { headerMetaFn: (meta: HeaderMeta) => (header = meta) })) break;
  if (!header) throw new Error('no header');
  return header;
}

/** The size-prefixed feature records of a FlatGeobuf file, in file order (after magic bytes, header and index). */
function* featureBytes(bytes: Uint8Array): Generator<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const header = Header.getRootAsHeader(new flatbuffers.ByteBuffer(bytes.subarray(12, 12 + headerLength)));
  const nodeSize = header.indexNodeSize();
  const count = Number(header.featuresCount());
  let at = 12 + headerLength + (nodeSize > 0 && count > 0 ? calcTreeSize(count, nodeSize) : 0);
  while (at < bytes.length) {
    const length = view.getUint32(at, true);
    yield bytes.subarray(at, at + 4 + length);
    at += 4 + length;
  }
}

function bboxOf(geometry: Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number') {
      box[0] = Math.min(box[0], value[0]);
      box[1] = Math.min(box[1], value[1]);
      box[2] = Math.max(box[2], value[0]);
      box[3] = Math.max(box[3], value[1]);
    } else value.forEach(visit);
  };
  const visitGeometry = (part: Geometry): void => (part.type === 'GeometryCollection' ? part.geometries.forEach(visitGeometry) : visit(part.coordinates));
  visitGeometry(geometry);
  return box;
}

/** The expected answer of a bbox query: every feature whose bbox touches the rectangle. */
function bruteForce(collection: FeatureCollection, rect: Rect): string[] {
  return collection.features
    .filter((feature) => {
      const [minX, minY, maxX, maxY] = bboxOf(feature.geometry);
      return maxX >= rect.minX && minX <= rect.maxX && maxY >= rect.minY && minY <= rect.maxY;
    })
    .map((feature) => String(feature.properties?.id))
    .sort();
}

const ids = (features: Feature[]): string[] => features.map((feature) => String(feature.properties?.id)).sort();

const QUERY_RECTS: Rect[] = [
  { minX: 121.4, minY: 36.8, maxX: 121.65, maxY: 37.0 }, // around 乳山口
  { minX: 122.0, minY: 37.3, maxX: 122.5, maxY: 37.6 }, // Weihai city
  { minX: 119.0, minY: 35.5, maxX: 124.0, maxY: 38.5 }, // everything
  { minX: 118.0, minY: 30.0, maxX: 118.5, maxY: 30.5 }, // nothing
  { minX: 120.123, minY: 36.0, maxX: 120.124, maxY: 38.0 }, // thin strip
];

describe('writeFlatGeobuf', () => {
  it('round-trips the fixture layers: same ids, properties and coordinates', async () => {
    for (const { meta, features } of await readAuthoredLayers(FIXTURE_LAYERS)) {
      const bytes = writeFlatGeobuf(features, { title: meta.id });
      const decoded = await readAll(bytes);
      expect(ids(decoded), meta.id).toEqual(ids(features.features));
      for (const original of features.features) {
        const copy = decoded.find((feature) => feature.properties?.id === original.properties?.id)!;
        // Null values are absent in FlatGeobuf (no value stored for the column).
        const withoutNulls = Object.fromEntries(Object.entries(original.properties ?? {}).filter(([, value]) => value !== null));
        expect(copy.properties, `${meta.id} ${original.properties?.id}`).toEqual(withoutNulls);
        // Mixed Polygon/MultiPolygon layers are promoted to Multi*: compare coordinates modulo the extra nesting.
        const expected = original.geometry.type === copy.geometry.type
          ? original.geometry
          : { type: `Multi${original.geometry.type}`, coordinates: [(original.geometry as { coordinates: unknown }).coordinates] };
        expect(copy.geometry).toEqual(expected);
      }
    }
  });

  it('writes the header: index node size 16, envelope, feature count, CRS', async () => {
    const collection = randomShapes(100, 7);
    const bytes = writeFlatGeobuf(collection, { title: 'shapes' });
    const header = await readHeader(bytes);
    expect(header.indexNodeSize).toBe(16);
    expect(INDEX_NODE_SIZE).toBe(16);
    expect(header.featuresCount).toBe(100);
    expect(header.crs?.code).toBe(4326);
    expect(header.title).toBe('shapes');
    const boxes = collection.features.map((feature) => bboxOf(feature.geometry));
    expect(Array.from(header.envelope ?? [])).toEqual([
      Math.min(...boxes.map((box) => box[0])),
      Math.min(...boxes.map((box) => box[1])),
      Math.max(...boxes.map((box) => box[2])),
      Math.max(...boxes.map((box) => box[3])),
    ]);
    const cgcs = await readHeader(writeFlatGeobuf(collection, { crsCode: 4490 }));
    expect(cgcs.crs?.code).toBe(4490);
  });

  it('lays the file out as magic · header · index of calcTreeSize bytes · features', () => {
    const collection = randomPoints(1000, 3);
    const bytes = writeFlatGeobuf(collection);
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0x66, 0x67, 0x62]); // "fgb"
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    const treeStart = 8 + 4 + headerLength;
    const tree = calcTreeSize(1000, 16);
    // The first feature directly follows the index; its size prefix leads to the next one.
    let offset = treeStart + tree;
    let count = 0;
    while (offset < bytes.length) {
      offset += 4 + new DataView(bytes.buffer).getUint32(offset, true);
      count++;
    }
    expect(offset).toBe(bytes.length);
    expect(count).toBe(1000);
    // Root node (first in the index) covers the whole envelope.
    const root = new DataView(bytes.buffer, treeStart, 40);
    const boxes = collection.features.map((feature) => bboxOf(feature.geometry));
    expect(root.getFloat64(0, true)).toBe(Math.min(...boxes.map((box) => box[0])));
    expect(root.getFloat64(24, true)).toBe(Math.max(...boxes.map((box) => box[3])));
  });

  it('answers bbox queries over 10,000 points exactly like brute force', async () => {
    const collection = randomPoints(10_000, 42);
    const bytes = writeFlatGeobuf(collection, { title: 'points' });
    for (const rect of QUERY_RECTS) {
      expect(ids(await readAll(bytes, rect)), JSON.stringify(rect)).toEqual(bruteForce(collection, rect));
    }
    // A rectangle touching one point exactly on its edge still finds it (inclusive test).
    const [x, y] = (collection.features[1234].geometry as { coordinates: number[] }).coordinates;
    const edge = { minX: x, minY: y, maxX: x + 0.0001, maxY: y + 0.0001 };
    const found = ids(await readAll(bytes, edge));
    expect(found).toContain('p1234');
    expect(found).toEqual(bruteForce(collection, edge));
  });

  it('answers bbox queries over 2,000 polygons and multipolygons like brute force', async () => {
    const collection = randomShapes(2_000, 11);
    const bytes = writeFlatGeobuf(collection);
    for (const rect of QUERY_RECTS) {
      const expected = bruteForce(collection, rect);
      expect(ids(await readAll(bytes, rect)), JSON.stringify(rect)).toEqual(expected);
    }
    const oneSmall = { minX: 120.5, minY: 36.5, maxX: 120.6, maxY: 36.6 };
    expect(bruteForce(collection, oneSmall).length).toBeGreaterThan(0);
    expect(ids(await readAll(bytes, oneSmall))).toEqual(bruteForce(collection, oneSmall));
  });

  it('indexes geometry collections and 3-D shapes by their x, y and drops z: bbox queries match brute force', async () => {
    // Boxes come from the parts of a collection and ignore a third ordinate; z is not stored.
    const next = random(7);
    const features: Feature[] = Array.from({ length: 600 }, (_, index) => {
      const x = 119 + next() * 4.8;
      const y = 35.5 + next() * 2.8;
      const size = 0.002 + next() * 0.1;
      const geometry: Geometry =
        index % 2 === 0
          ? { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [x, y] }, { type: 'LineString', coordinates: [[x + size, y], [x + size * 2, y + size]] }] }
          : { type: 'Polygon', coordinates: [[[x, y, 12], [x + size, y, 12], [x + size, y + size, 15], [x, y, 12]]] };
      return { type: 'Feature', properties: { id: `g${index}` }, geometry };
    });
    const collection: FeatureCollection = { type: 'FeatureCollection', features };
    const bytes = writeFlatGeobuf(collection);
    for (const rect of [...QUERY_RECTS, { minX: 120, minY: 36, maxX: 120.6, maxY: 36.6 }, { minX: 121.5, minY: 37, maxX: 122.5, maxY: 38 }]) {
      expect(ids(await readAll(bytes, rect)), JSON.stringify(rect)).toEqual(bruteForce(collection, rect));
    }
    const read = Object.fromEntries((await readAll(bytes)).map((feature) => [feature.properties?.id, feature.geometry]));
    const flat = (value: unknown): unknown => (typeof (value as unknown[])[0] === 'number' ? (value as number[]).slice(0, 2) : (value as unknown[]).map(flat));
    expect(read.g1).toEqual({ type: 'Polygon', coordinates: flat((features[1].geometry as { coordinates: unknown }).coordinates) });
    expect(read.g0).toEqual(features[0].geometry);
  });

  it('writes features encoded before the layer’s type was known as the type decided at the end', async () => {
    // Features are encoded as they come; a MultiPolygon arriving late makes the earlier
    // Polygons one-part MultiPolygons, a Point after them undoes that (the type is Unknown).
    const square = (x: number, y: number) => [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y]]];
    const polygon = (id: string, x: number): Feature => ({ type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: square(x, 37) } });
    const multi: Feature = { type: 'Feature', properties: { id: 'm' }, geometry: { type: 'MultiPolygon', coordinates: [square(121.5, 37), square(121.6, 37)] } };
    const point: Feature = { type: 'Feature', properties: { id: 'pt' }, geometry: { type: 'Point', coordinates: [121.7, 37.2] } };
    const late: FeatureCollection = { type: 'FeatureCollection', features: [polygon('a', 121), polygon('b', 121.1), multi, polygon('c', 121.2)] };
    const lateRead = Object.fromEntries((await readAll(writeFlatGeobuf(late))).map((feature) => [feature.properties?.id, feature.geometry]));
    expect(lateRead.a).toEqual({ type: 'MultiPolygon', coordinates: [square(121, 37)] });
    expect(lateRead.c).toEqual({ type: 'MultiPolygon', coordinates: [square(121.2, 37)] });
    expect(lateRead.m).toEqual(multi.geometry);
    const file = path.join(temporaryDirectory, 'late-multi.fgb');
    writeFileSync(file, writeFlatGeobuf(late));
    expect(ogrinfoSummary(file).geometry).toBe('Multi Polygon');
    const mixed: FeatureCollection = { type: 'FeatureCollection', features: [...late.features, point, polygon('d', 121.3)] };
    const mixedRead = Object.fromEntries((await readAll(writeFlatGeobuf(mixed))).map((feature) => [feature.properties?.id, feature.geometry]));
    for (const feature of mixed.features) expect(mixedRead[feature.properties?.id as string]).toEqual(feature.geometry);
  });

  it('writes property values in column order whatever order each feature gave its keys: the feature bytes of flatgeobuf’s own writer', async () => {
    const at = (x: number) => ({ type: 'Point' as const, coordinates: [121 + x, 37] });
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'a', n: 1, s: '甲', extra: false }, geometry: at(0) },
        { type: 'Feature', properties: { s: '乙', extra: true, n: 2, id: 'b' }, geometry: at(0.1) },
        { type: 'Feature', properties: { n: 3, extra: false, id: 'c', s: '丙' }, geometry: at(0.2) },
      ],
    };
    const ours = writeFlatGeobuf(collection);
    const read = Object.fromEntries((await readAll(ours)).map((feature) => [feature.properties?.id, feature.properties]));
    expect(read).toEqual({ a: { id: 'a', n: 1, s: '甲', extra: false }, b: { id: 'b', n: 2, s: '乙', extra: true }, c: { id: 'c', n: 3, s: '丙', extra: false } });
    // The package's serializer (no index, its own feature order; it takes its columns from the
    // first feature, so every feature here has every key) writes each feature's values in
    // column order; ours are the same bytes, laid out in Hilbert order.
    const hex = (bytes: Uint8Array) => [...featureBytes(bytes)].map((feature) => Buffer.from(feature).toString('hex')).sort();
    expect(hex(ours)).toEqual(hex(geojson.serialize(collection)));
  });

  it('gives every feature the same columns: missing keys null, mixed kinds as text', async () => {
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'a', name_zh: '甲', name_en: 'A', area: 1.5, flag: true }, geometry: { type: 'Point', coordinates: [121, 37] } },
        { type: 'Feature', properties: { id: 'b', name_zh: '乙', name_en: 'B', area: 'unknown', extra: 'x' }, geometry: { type: 'Point', coordinates: [121.1, 37.1] } },
        { type: 'Feature', properties: { id: 'c', name_zh: '丙', name_en: 'C', area: null, flag: false }, geometry: { type: 'Point', coordinates: [121.2, 37.2] } },
      ],
    };
    const bytes = writeFlatGeobuf(collection, { title: 'columns' });
    const header = await readHeader(bytes);
    expect(header.columns?.map((column) => column.name)).toEqual(['id', 'name_zh', 'name_en', 'area', 'flag', 'extra']);
    const decoded = await readAll(bytes);
    const byId = Object.fromEntries(decoded.map((feature) => [feature.properties?.id, feature.properties]));
    expect(byId.a).toEqual({ id: 'a', name_zh: '甲', name_en: 'A', area: '1.5', flag: true });
    expect(byId.b).toEqual({ id: 'b', name_zh: '乙', name_en: 'B', area: 'unknown', extra: 'x' });
    expect(byId.c).toEqual({ id: 'c', name_zh: '丙', name_en: 'C', flag: false });
    const file = path.join(temporaryDirectory, 'columns.fgb');
    writeFileSync(file, bytes);
    expect(ogrinfoSummary(file).fields).toEqual({ id: 'String', name_zh: 'String', name_en: 'String', area: 'String', flag: 'Integer(Boolean)', extra: 'String' });
  });

  it('writes text at the edge of ASCII as GDAL reads it back (the byte-per-unit path and the encoder)', () => {
    // Issue 12: ASCII text is copied a byte per unit; anything from U+0080 on is encoded as
    // UTF-8, up to 256 units by the writer itself, longer through TextEncoder: the edges of
    // UTF-8's 1-, 2-, 3- and 4-byte forms, either side of the surrogates, and either side of
    // 256 units. GDAL (ogr2ogr to GeoJSON) reads every value back as it was written.
    const texts = ['', 'A', 'SP000001', '\t tab', '\u007f', '\u0080', 'ÿ', 'é1', '1é', '点', '🙂', 'a🙂b', 'x'.repeat(300) + '点'];
    texts.push('\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffef', '\u{10000}', '\u{20000}点', '\u{10ffff}', '合成示例数据，非真实地块 / synthetic sample data');
    texts.push('点'.repeat(256), '点'.repeat(257), '🙂'.repeat(128), 'a' + '🙂'.repeat(128));
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: texts.map((text, index) => ({ type: 'Feature', properties: { n: index, text }, geometry: { type: 'Point', coordinates: [121 + index / 100, 37] } })),
    };
    const file = path.join(temporaryDirectory, 'ascii-edge.fgb');
    writeFileSync(file, writeFlatGeobuf(collection, { title: 'ascii-edge' }));
    const json = path.join(temporaryDirectory, 'ascii-edge.geojson');
    ogr2ogr(['-f', 'GeoJSON', json, file]);
    const read = JSON.parse(readFileSync(json, 'utf8')) as FeatureCollection;
    const byIndex = Object.fromEntries(read.features.map((feature) => [feature.properties?.n, feature.properties?.text]));
    expect(texts.map((_, index) => byIndex[index])).toEqual(texts);
  });

  it('is read by GDAL: count, geometry type, extent, CRS, and -spat matches brute force', () => {
    const collection = randomPoints(10_000, 42);
    const file = path.join(temporaryDirectory, 'points.fgb');
    writeFileSync(file, writeFlatGeobuf(collection, { title: 'points' }));
    const summary = ogrinfoSummary(file);
    expect(summary.layerName).toBe('points');
    expect(summary.geometry).toBe('Point');
    expect(summary.featureCount).toBe(10_000);
    expect(summary.epsg).toBe(4326);
    expect(summary.fields).toEqual({ id: 'String', name_zh: 'String', name_en: 'String', value: 'Real' });
    const all = { minX: 119, minY: 35.5, maxX: 124, maxY: 38.5 };
    const boxes = collection.features.map((feature) => bboxOf(feature.geometry));
    // ogrinfo prints the extent with 6 decimals.
    expect(summary.extent?.[0]).toBeCloseTo(Math.min(...boxes.map((box) => box[0])), 5);
    expect(summary.extent?.[3]).toBeCloseTo(Math.max(...boxes.map((box) => box[3])), 5);
    expect(bruteForce(collection, all)).toHaveLength(10_000);
    for (const rect of QUERY_RECTS.slice(0, 2)) {
      const gdal = ogrinfoFieldValues(file, 'id', [rect.minX, rect.minY, rect.maxX, rect.maxY]).sort();
      expect(gdal.length).toBeGreaterThan(0);
      expect(gdal, JSON.stringify(rect)).toEqual(bruteForce(collection, rect));
    }
  });

  it('is recognised by GDAL as spatially indexed (and flatgeobuf.serialize output is not)', () => {
    const collection = randomShapes(300, 5);
    const indexed = path.join(temporaryDirectory, 'indexed.fgb');
    const unindexed = path.join(temporaryDirectory, 'unindexed.fgb');
    writeFileSync(indexed, writeFlatGeobuf(collection));
    writeFileSync(unindexed, geojson.serialize(collection));
    expect(gdalReportsSpatialIndex(indexed)).toBe(true);
    // The control: proves the check can fail.
    expect(gdalReportsSpatialIndex(unindexed)).toBe(false);
  });

  it('stores features in the same Hilbert order as GDAL’s own FlatGeobuf writer', () => {
    const collection = randomPoints(10_000, 99);
    const source = path.join(temporaryDirectory, 'order.geojson');
    const ours = path.join(temporaryDirectory, 'order-ours.fgb');
    const gdal = path.join(temporaryDirectory, 'order-gdal.fgb');
    writeFileSync(source, JSON.stringify(collection));
    writeFileSync(ours, writeFlatGeobuf(collection));
    ogr2ogr(['-f', 'FlatGeobuf', gdal, source]);
    const gdalOrder = ogrinfoFieldValues(gdal, 'id');
    expect(gdalOrder).toHaveLength(10_000);
    expect(ogrinfoFieldValues(ours, 'id')).toEqual(gdalOrder);
  });

  it('is deterministic and handles one feature and none', async () => {
    const collection = randomShapes(50, 1);
    expect(writeFlatGeobuf(collection)).toEqual(writeFlatGeobuf(collection));

    const single: FeatureCollection = { type: 'FeatureCollection', features: [collection.features[1]] };
    const singleBytes = writeFlatGeobuf(single);
    expect(ids(await readAll(singleBytes, { minX: 119, minY: 35, maxX: 124, maxY: 39 }))).toEqual(['s1']);
    expect(await readAll(singleBytes, { minX: 118, minY: 30, maxX: 118.1, maxY: 30.1 })).toEqual([]);

    const emptyBytes = writeFlatGeobuf({ type: 'FeatureCollection', features: [] }, { title: 'empty' });
    expect(await readAll(emptyBytes)).toEqual([]);
    expect((await readHeader(emptyBytes)).indexNodeSize).toBe(0);
    const file = path.join(temporaryDirectory, 'empty.fgb');
    writeFileSync(file, emptyBytes);
    expect(ogrinfoSummary(file).featureCount).toBe(0);
    expect(readFileSync(file).length).toBe(emptyBytes.length);
  });

  it('refuses a feature without geometry', () => {
    const collection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'x' }, geometry: null }] } as unknown as FeatureCollection;
    expect(() => writeFlatGeobuf(collection)).toThrow(/no geometry/);
  });
});

describe('FlatGeobufStreamWriter: property values whose column type is decided at the end', () => {
  it('keeps a lone surrogate in a Json column (escaped, as JSON.stringify writes it) and mixed kinds as text', async () => {
    const point = (x: number): Geometry => ({ type: 'Point', coordinates: [121 + x / 100, 37] });
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { j: { a: [1, 2] }, s: 'a\ud800b', m: 12.5 }, geometry: point(1) },
        { type: 'Feature', properties: { j: 'x\udc00', s: 'plain', m: 'unknown' }, geometry: point(2) },
        { type: 'Feature', properties: { m: true, j: 7 }, geometry: point(3) },
      ],
    };
    const read: Feature[] = [];
    for await (const feature of geojson.deserialize(writeFlatGeobuf(collection))) read.push(feature as Feature);
    const byS = (value: unknown) => read.find((feature) => feature.properties?.s === value || (value === undefined && feature.properties?.s === undefined));
    // Json column: values parsed back as written, the lone surrogate included.
    expect(read.map((feature) => feature.properties?.j)).toEqual(expect.arrayContaining([{ a: [1, 2] }, 'x\udc00', 7]));
    // String column: UTF-8 cannot hold a lone surrogate; it reads back as U+FFFD, as TextEncoder writes it.
    expect(byS('a\ufffdb')).toBeDefined();
    // A column mixing number, text and boolean is text: each value as its String().
    expect(read.map((feature) => feature.properties?.m).sort()).toEqual(['12.5', 'true', 'unknown']);
  });
});

describe('FlatGeobufStreamWriter.finishInPieces: the file hashed and stored piece by piece', () => {
  it('gives magic · header · index, then the features in pieces of at most 1 MB (a longer feature whole), the same bytes on every pass; GDAL reads the joined file', async () => {
    const collection = randomShapes(4000, 11);
    // A ring of 80,000 vertices: one feature longer than a piece (1.28 MB of coordinates).
    const ring = Array.from({ length: 80_000 }, (_, index) => [121.5 + 0.02 * Math.cos((2 * Math.PI * index) / 80_000), 37 + 0.02 * Math.sin((2 * Math.PI * index) / 80_000)]);
    ring.push(ring[0]);
    collection.features.push({ type: 'Feature', properties: { id: 'long', note: 'x' }, geometry: { type: 'Polygon', coordinates: [ring] } });
    // A column mixing kinds: every feature is encoded again at the end, on each pass.
    collection.features[0].properties = { ...collection.features[0].properties, note: 12.5 };
    const writer = new FlatGeobufStreamWriter();
    for (const feature of collection.features) writer.add(feature);
    const file = writer.finishInPieces({ title: 'pieces' });
    const pass = () => Array.from(file.pieces(), (piece) => Buffer.from(piece));
    const first = pass();
    const joined = Buffer.concat(first);
    expect(joined.length).toBe(file.size);
    expect(Buffer.concat(pass()).equals(joined)).toBe(true);
    const headerLength = joined.readUInt32LE(8);
    expect(first[0].length).toBe(8 + 4 + headerLength + calcTreeSize(collection.features.length, INDEX_NODE_SIZE));
    const features = first.slice(1);
    expect(features.filter((piece) => piece.length > 1 << 20)).toHaveLength(1);
    expect(features.length).toBeGreaterThan(2);
    // Each piece holds whole features: its size prefixes lead exactly to its end.
    for (const piece of features) {
      let offset = 0;
      while (offset < piece.length) offset += 4 + piece.readUInt32LE(offset);
      expect(offset).toBe(piece.length);
    }
    const written = path.join(temporaryDirectory, 'pieces.fgb');
    writeFileSync(written, joined);
    const summary = ogrinfoSummary(written);
    expect(summary.featureCount).toBe(collection.features.length);
    expect(summary.fields.note).toBe('String');
    const long = (await readAll(new Uint8Array(joined), { minX: 121.49, minY: 36.99, maxX: 121.51, maxY: 37.01 })).find((feature) => feature.properties?.id === 'long');
    // The layer mixes Polygons and MultiPolygons: the ring comes back as a one-part MultiPolygon.
    expect(long?.geometry.type).toBe('MultiPolygon');
    expect((long?.geometry as { coordinates: number[][][][] }).coordinates[0][0]).toHaveLength(80_001);
  });
});

