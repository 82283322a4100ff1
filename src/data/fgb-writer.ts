/**
 * FlatGeobuf writer with a packed Hilbert R-tree spatial index.
 *
 * The flatgeobuf package's own `geojson.serialize` writes no index (`index_node_size` = 0),
 * so neither bbox streaming in the app (`deserialize(bytes, rect)`, HTTP range requests)
 * nor GDAL's spatial filter can skip features. This module reuses the package's
 * FlatBuffers bindings (Header/Column/Crs tables) and its feature encoder, and adds what
 * the package leaves out: the Hilbert sort and the packed R-tree, laid out as the
 * FlatGeobuf spec and the reference writers (C++ `packedrtree.cpp`, GDAL) do:
 *
 *   magic bytes · size-prefixed header · index · size-prefixed features (in Hilbert order)
 *
 * - Index: node size 16; every node is 40 bytes (minX, minY, maxX, maxY as float64 and a
 *   uint64 offset); levels are stored root first, leaves last. A leaf's offset is the byte
 *   offset of its feature from the start of the feature section; an inner node's offset is
 *   the node index of its first child.
 * - Header: `index_node_size` = 16, `envelope` = extent of all features, `features_count`,
 *   CRS (default EPSG:4326, see {@link FlatGeobufWriteOptions.crsCode}).
 *
 * Pure TypeScript, no Node APIs: the build script (layers → public/data/*.fgb) and the
 * app's FlatGeobuf export use the same function.
 */
import * as flatbuffers from 'flatbuffers';
import type { Feature, FeatureCollection, Geometry, GeometryCollection } from 'geojson';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { Feature as FeatureTable } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { buildGeometry, type IParsedGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { parseGC, parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { NODE_ITEM_BYTE_LEN, calcTreeSize, generateLevelBounds } from 'flatgeobuf/lib/mjs/packedrtree.js';

/** Node size of the packed R-tree: the FlatGeobuf and GDAL default. */
export const INDEX_NODE_SIZE = 16;

/**
 * EPSG:4326 (WGS 84) by default. The atlas stores lon/lat on the WGS 84-compatible
 * basemap (GSHHG coastline, positions read from WGS 84 sources); CGCS2000 (EPSG:4490)
 * differs from it by centimetres (REFERENCE.md "Units and coordinate systems"), far below
 * the accuracy of any layer here. Labelling the files 4326 lets GDAL/QGIS overlay them on
 * web maps without a datum-transformation prompt; pass 4490 for deliveries that must
 * state the official datum. FlatGeobuf always stores x = longitude, y = latitude.
 */
export const DEFAULT_CRS_CODE = 4326;

export interface FlatGeobufWriteOptions {
  /** Dataset name and title written to the header (e.g. the layer id). */
  title?: string;
  /** Human-readable description written to the header. */
  description?: string;
  /** EPSG code of the coordinates; {@link DEFAULT_CRS_CODE} when absent. */
  crsCode?: number;
}

type Bounds = [number, number, number, number];

const HILBERT_MAX = (1 << 16) - 1;

/**
 * Hilbert curve index of (x, y) on a 2^16 grid — the same bit-twiddling function as the
 * FlatGeobuf reference writer and flatbush (after Rawrrr's "Fast Hilbert curve").
 */
function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);

  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
  let D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;

  a = A; b = B; c = C; d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));

  a = A; b = B; c = C; d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));

  a = A; b = B; c = C; d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

  a = C ^ (C >> 1);
  b = D ^ (D >> 1);

  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));

  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;

  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;

  return ((i1 << 1) | i0) >>> 0;
}

function visitPositions(geometry: Geometry, visit: (x: number, y: number) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates[0], geometry.coordinates[1]);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const position of geometry.coordinates) visit(position[0], position[1]);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geometry.coordinates) for (const position of line) visit(position[0], position[1]);
      return;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) {
        for (const ring of polygon) for (const position of ring) visit(position[0], position[1]);
      }
      return;
    case 'GeometryCollection':
      for (const part of geometry.geometries) visitPositions(part, visit);
      return;
  }
}

function geometryBounds(geometry: Geometry): Bounds {
  const bounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  visitPositions(geometry, (x, y) => {
    if (x < bounds[0]) bounds[0] = x;
    if (y < bounds[1]) bounds[1] = y;
    if (x > bounds[2]) bounds[2] = x;
    if (y > bounds[3]) bounds[3] = y;
  });
  return bounds;
}

/** Whether any position has more than x and y (checked before copying: imported layers are 2D). */
function hasExtraOrdinates(geometry: Geometry): boolean {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.some(hasExtraOrdinates);
  const visit = (value: unknown): boolean =>
    typeof (value as unknown[])[0] === 'number'
      ? (value as unknown[]).length > 2
      : (value as unknown[]).some(visit);
  return visit(geometry.coordinates);
}

/** The atlas is 2D: drop z/m so every feature has the same coordinate layout as the header. */
function stripToXY<T extends Geometry>(geometry: T): T {
  // A geometry that is already 2-D is used as it is: copying 59,399 polygons' positions
  // was a fifth of a bureau layer's indexing time (issue 10 profile).
  if (!hasExtraOrdinates(geometry)) return geometry;
  const flatten = (value: unknown): unknown =>
    Array.isArray(value) && typeof value[0] === 'number'
      ? [value[0], value[1]]
      : Array.isArray(value) ? value.map(flatten) : value;
  if (geometry.type === 'GeometryCollection') {
    return { type: 'GeometryCollection', geometries: geometry.geometries.map(stripToXY) } as T;
  }
  return { type: geometry.type, coordinates: flatten(geometry.coordinates) } as T;
}

const SINGLE_TO_MULTI: Record<string, 'MultiPoint' | 'MultiLineString' | 'MultiPolygon'> = {
  Point: 'MultiPoint',
  LineString: 'MultiLineString',
  Polygon: 'MultiPolygon',
};

/**
 * One geometry type for the header. A layer mixing Polygon and MultiPolygon (the catalog
 * allows it) is promoted to MultiPolygon, as `ogr2ogr -nlt PROMOTE_TO_MULTI` does, so GDAL
 * and QGIS see a typed layer; the single parts become one-part multis. Layers mixing
 * unrelated kinds get GeometryType.Unknown and a type per feature, as the spec allows.
 */
function chooseGeometryType(geometries: Geometry[]): { headerType: GeometryType; promote: boolean } {
  const kinds = new Set(geometries.map((geometry) => geometry.type));
  if (kinds.size === 1) {
    const [kind] = kinds;
    return { headerType: GeometryType[kind as keyof typeof GeometryType] ?? GeometryType.Unknown, promote: false };
  }
  if (kinds.size === 2) {
    for (const [single, multi] of Object.entries(SINGLE_TO_MULTI)) {
      if (kinds.has(single as Geometry['type']) && kinds.has(multi)) {
        return { headerType: GeometryType[multi], promote: true };
      }
    }
  }
  return { headerType: GeometryType.Unknown, promote: false };
}

function promoteToMulti(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'MultiPoint', coordinates: [geometry.coordinates] };
    case 'LineString':
      return { type: 'MultiLineString', coordinates: [geometry.coordinates] };
    case 'Polygon':
      return { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
    default:
      return geometry;
  }
}

type ValueKind = 'number' | 'string' | 'boolean' | 'json';

function valueKind(value: unknown): ValueKind | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

/**
 * The property columns of a collection. FlatGeobuf has one schema per file, while GeoJSON
 * features may each carry different keys and value types. Rule:
 * - columns = the union of all features' keys, in order of first appearance;
 * - a key whose non-null values are all numbers → Double; all booleans → Bool; all text
 *   or never set → String; objects/arrays → Json;
 * - a key mixing kinds (e.g. 12.5 in one feature, "unknown" in another) → String, and the
 *   numbers/booleans are written as their text (String(value)), so nothing is lost;
 * - a key a feature lacks (or holds null/undefined) is written as null (absent in FGB).
 * Authored layers never reach the mixed case: catalog-validate rejects mixed kinds.
 */
function columnsOf(features: Feature[]): ColumnMeta[] {
  const kinds = new Map<string, Set<ValueKind>>();
  for (const feature of features) {
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      let set = kinds.get(key);
      if (!set) kinds.set(key, (set = new Set()));
      const kind = valueKind(value);
      if (kind) set.add(kind);
    }
  }
  return [...kinds].map(([name, set]) => {
    let type = ColumnType.String;
    if (set.has('json')) type = ColumnType.Json;
    else if (set.size === 1 && set.has('number')) type = ColumnType.Double;
    else if (set.size === 1 && set.has('boolean')) type = ColumnType.Bool;
    return {
      name,
      type,
      title: null,
      description: null,
      width: -1,
      precision: -1,
      scale: -1,
      nullable: true,
      unique: false,
      primary_key: false,
    };
  });
}

const textEncoder = new TextEncoder();

/**
 * Encodes features one after another with one FlatBuffers builder and one scratch buffer
 * for the property bytes. Byte for byte what flatgeobuf's `buildFeature` writes (the
 * FlatBuffers layout is fixed by the schema and built from the end of the buffer, so the
 * builder's capacity does not change it), without its per-feature builder, 1 KB scratch
 * buffer, copy of the property bytes and byte-at-a-time vector (issue 10: indexing a
 * 59,399-polygon bureau layer spent most of its time allocating).
 * Properties (FlatGeobuf spec): per non-null value, the uint16 column index, then the value —
 * Double as float64, Bool as uint8, String/Json as uint32 length + UTF-8 bytes.
 */
class FeatureEncoder {
  private readonly builder = new flatbuffers.Builder(64 * 1024);
  private scratch = new Uint8Array(4096);
  private view = new DataView(this.scratch.buffer);

  constructor(private readonly columns: ColumnMeta[]) {}

  private room(offset: number, size: number): void {
    if (offset + size <= this.scratch.length) return;
    const grown = new Uint8Array(Math.max(this.scratch.length * 2, offset + size));
    grown.set(this.scratch);
    this.scratch = grown;
    this.view = new DataView(grown.buffer);
  }

  private text(offset: number, value: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.room(offset, 4 + value.length * 3);
    const { written } = textEncoder.encodeInto(value, this.scratch.subarray(offset + 4));
    this.view.setUint32(offset, written, true);
    return offset + 4 + written;
  }

  private properties(source: Record<string, unknown>): number {
    let offset = 0;
    for (let index = 0; index < this.columns.length; index++) {
      const column = this.columns[index];
      const value = source[column.name];
      if (value === undefined || value === null) continue;
      this.room(offset, 2);
      this.view.setUint16(offset, index, true);
      offset += 2;
      switch (column.type) {
        case ColumnType.Double:
          this.room(offset, 8);
          this.view.setFloat64(offset, value as number, true);
          offset += 8;
          break;
        case ColumnType.Bool:
          this.room(offset, 1);
          this.view.setUint8(offset, value ? 1 : 0);
          offset += 1;
          break;
        case ColumnType.Json:
          offset = this.text(offset, JSON.stringify(value));
          break;
        default:
          // String columns: a value of another kind is written as its text (see columnsOf).
          offset = this.text(offset, typeof value === 'string' ? value : String(value));
      }
    }
    return offset;
  }

  encode(geometry: IParsedGeometry, source: Record<string, unknown>): Uint8Array {
    const builder = this.builder;
    builder.clear();
    const length = this.properties(source);
    const propertiesOffset = length > 0 ? builder.createByteVector(this.scratch.subarray(0, length)) : 0;
    const geometryOffset = buildGeometry(builder, geometry);
    FeatureTable.startFeature(builder);
    FeatureTable.addGeometry(builder, geometryOffset);
    if (propertiesOffset) FeatureTable.addProperties(builder, propertiesOffset);
    builder.finishSizePrefixed(FeatureTable.endFeature(builder));
    // The builder's buffer is reused for the next feature: keep a copy.
    return builder.asUint8Array().slice();
  }
}

function buildHeader(meta: HeaderMeta, envelope: Bounds | null, options: FlatGeobufWriteOptions): Uint8Array {
  const builder = new flatbuffers.Builder(1024);
  const columnOffsets = (meta.columns ?? []).map((column) => {
    const nameOffset = builder.createString(column.name);
    Column.startColumn(builder);
    Column.addName(builder, nameOffset);
    Column.addType(builder, column.type);
    Column.addNullable(builder, true);
    return Column.endColumn(builder);
  });
  const columnsOffset = columnOffsets.length > 0 ? Header.createColumnsVector(builder, columnOffsets) : 0;
  const nameOffset = builder.createString(options.title ?? 'layer');
  const titleOffset = options.title ? builder.createString(options.title) : 0;
  const descriptionOffset = options.description ? builder.createString(options.description) : 0;
  const envelopeOffset = envelope ? Header.createEnvelopeVector(builder, envelope) : 0;
  const orgOffset = builder.createString('EPSG');
  Crs.startCrs(builder);
  Crs.addOrg(builder, orgOffset);
  Crs.addCode(builder, options.crsCode ?? DEFAULT_CRS_CODE);
  const crsOffset = Crs.endCrs(builder);

  Header.startHeader(builder);
  Header.addName(builder, nameOffset);
  if (envelopeOffset) Header.addEnvelope(builder, envelopeOffset);
  Header.addGeometryType(builder, meta.geometryType);
  if (columnsOffset) Header.addColumns(builder, columnsOffset);
  Header.addFeaturesCount(builder, BigInt(meta.featuresCount));
  Header.addIndexNodeSize(builder, meta.indexNodeSize);
  Header.addCrs(builder, crsOffset);
  if (titleOffset) Header.addTitle(builder, titleOffset);
  if (descriptionOffset) Header.addDescription(builder, descriptionOffset);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}

/**
 * The packed R-tree over `bounds` (already in Hilbert order), leaves pointing at
 * `featureOffsets` (byte offsets into the feature section). Returns the index bytes.
 */
function buildPackedRTree(bounds: Bounds[], featureOffsets: number[], nodeSize: number): Uint8Array {
  const count = bounds.length;
  const bytes = new Uint8Array(calcTreeSize(count, nodeSize));
  const view = new DataView(bytes.buffer);
  // [start, end) node indices of each level, level 0 = leaves (stored last).
  const levels = generateLevelBounds(count, nodeSize);
  const nodeBounds = new Float64Array((bytes.length / NODE_ITEM_BYTE_LEN) * 4);
  const writeNode = (index: number, box: ArrayLike<number>, offset: number): void => {
    const at = index * NODE_ITEM_BYTE_LEN;
    view.setFloat64(at, box[0], true);
    view.setFloat64(at + 8, box[1], true);
    view.setFloat64(at + 16, box[2], true);
    view.setFloat64(at + 24, box[3], true);
    view.setBigUint64(at + 32, BigInt(offset), true);
    nodeBounds.set([box[0], box[1], box[2], box[3]], index * 4);
  };
  const [leafStart] = levels[0];
  for (let item = 0; item < count; item++) writeNode(leafStart + item, bounds[item], featureOffsets[item]);
  for (let level = 1; level < levels.length; level++) {
    const [childStart, childEnd] = levels[level - 1];
    const [parentStart] = levels[level];
    let parent = parentStart;
    for (let child = childStart; child < childEnd; child += nodeSize, parent++) {
      const box: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
      const last = Math.min(child + nodeSize, childEnd);
      for (let index = child; index < last; index++) {
        box[0] = Math.min(box[0], nodeBounds[index * 4]);
        box[1] = Math.min(box[1], nodeBounds[index * 4 + 1]);
        box[2] = Math.max(box[2], nodeBounds[index * 4 + 2]);
        box[3] = Math.max(box[3], nodeBounds[index * 4 + 3]);
      }
      writeNode(parent, box, child);
    }
  }
  return bytes;
}

/**
 * Encode a GeoJSON FeatureCollection (lon/lat) as FlatGeobuf with a packed Hilbert R-tree
 * (node size 16). Features are stored in Hilbert order of their bbox centres (readers
 * return them in that order; ids are properties, not positions). Properties become typed
 * columns (see `columnsOf`); z/m values are dropped. An empty collection gives a valid
 * file with no index. Throws on a feature without geometry: FlatGeobuf's index needs one.
 *
 * @example
 * const bytes = writeFlatGeobuf(collection, { title: 'towns' });
 * // in the browser: new Blob([bytes], { type: 'application/octet-stream' })
 */
export function writeFlatGeobuf(fc: FeatureCollection, options: FlatGeobufWriteOptions = {}): Uint8Array {
  const features = fc.features.map((feature, index) => {
    if (!feature.geometry) {
      throw new Error(`Feature #${index} has no geometry; FlatGeobuf needs one per feature / 第 ${index} 个要素没有几何`);
    }
    const geometry = stripToXY(feature.geometry);
    return geometry === feature.geometry ? (feature as Feature & { geometry: Geometry }) : { ...feature, geometry };
  });
  const { headerType, promote } = chooseGeometryType(features.map((feature) => feature.geometry));
  const geometries = features.map((feature) => (promote ? promoteToMulti(feature.geometry) : feature.geometry));
  const columns = columnsOf(features);
  const count = features.length;

  const bounds = geometries.map(geometryBounds);
  const extent: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const box of bounds) {
    extent[0] = Math.min(extent[0], box[0]);
    extent[1] = Math.min(extent[1], box[1]);
    extent[2] = Math.max(extent[2], box[2]);
    extent[3] = Math.max(extent[3], box[3]);
  }

  // Hilbert value of each bbox centre on a 2^16 grid over the extent; sort descending like
  // the reference writer (any consistent order is valid, this one matches GDAL's files).
  const width = extent[2] - extent[0];
  const height = extent[3] - extent[1];
  const hilbertValues = bounds.map((box) => {
    const x = width > 0 ? Math.floor((HILBERT_MAX * ((box[0] + box[2]) / 2 - extent[0])) / width) : 0;
    const y = height > 0 ? Math.floor((HILBERT_MAX * ((box[1] + box[3]) / 2 - extent[1])) / height) : 0;
    return hilbert(x, y);
  });
  // Ties keep input order, so the output is deterministic for a given input.
  const order = Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => hilbertValues[b] - hilbertValues[a] || a - b,
  );

  const headerMeta: HeaderMeta = {
    geometryType: headerType,
    columns,
    envelope: count > 0 ? new Float64Array(extent) : null,
    featuresCount: count,
    // The spec: no index for an empty dataset.
    indexNodeSize: count > 0 ? INDEX_NODE_SIZE : 0,
    crs: null,
    title: options.title ?? null,
    description: options.description ?? null,
    metadata: null,
  };

  const encoder = new FeatureEncoder(columns);
  const featureBuffers = order.map((index) => {
    const geometry = geometries[index];
    const parsed: IParsedGeometry = geometry.type === 'GeometryCollection'
      ? parseGC(geometry as GeometryCollection)
      : parseGeometry(geometry as Parameters<typeof parseGeometry>[0]);
    return encoder.encode(parsed, features[index].properties ?? {});
  });
  const featureOffsets: number[] = [];
  let featureBytes = 0;
  for (const buffer of featureBuffers) {
    featureOffsets.push(featureBytes);
    featureBytes += buffer.length;
  }

  const header = buildHeader(headerMeta, count > 0 ? extent : null, options);
  const index = count > 0
    ? buildPackedRTree(order.map((item) => bounds[item]), featureOffsets, INDEX_NODE_SIZE)
    : new Uint8Array(0);

  const output = new Uint8Array(magicbytes.length + header.length + index.length + featureBytes);
  let offset = 0;
  output.set(magicbytes, offset);
  offset += magicbytes.length;
  output.set(header, offset);
  offset += header.length;
  output.set(index, offset);
  offset += index.length;
  for (const buffer of featureBuffers) {
    output.set(buffer, offset);
    offset += buffer.length;
  }
  return output;
}
