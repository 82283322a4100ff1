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
import type { Feature, FeatureCollection, Geometry, GeometryCollection, Position } from 'geojson';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { Feature as FeatureTable } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import type { Geometry as FlatGeometry } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry.js';
import { buildGeometry, type IParsedGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { parseGC } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
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

/** Appends the x, y of each position (a third ordinate is dropped: the atlas is 2-D, see dropZ). */
function pushPositions(positions: Position[], xy: number[]): void {
  for (const position of positions) xy.push(position[0], position[1]);
}

/**
 * The parsed form flatgeobuf's `parseGeometry` gives a geometry other than a collection
 * (flat x, y; ring or line ends when there are several; a MultiPolygon's polygons as parts),
 * without z, built with plain loops: its recursive flattening was a tenth of the streamed
 * import's writing (issue 12). The same bytes follow (tests/unit/fgb-writer.test.ts).
 */
function parseSimple(geometry: Exclude<Geometry, GeometryCollection>): IParsedGeometry {
  const parsed = { xy: [] as number[], z: undefined, ends: undefined as number[] | undefined, type: GeometryType[geometry.type], parts: undefined as IParsedGeometry[] | undefined };
  switch (geometry.type) {
    case 'Point':
      if (geometry.coordinates.length > 0) parsed.xy.push(geometry.coordinates[0], geometry.coordinates[1]);
      break;
    case 'MultiPoint':
    case 'LineString':
      pushPositions(geometry.coordinates, parsed.xy);
      break;
    case 'MultiLineString':
    case 'Polygon': {
      let end = 0;
      if (geometry.coordinates.length > 1) parsed.ends = [];
      for (const line of geometry.coordinates) {
        pushPositions(line, parsed.xy);
        end += line.length;
        parsed.ends?.push(end);
      }
      break;
    }
    case 'MultiPolygon':
      parsed.parts = geometry.coordinates.map((coordinates) => parseSimple({ type: 'Polygon', coordinates }));
      break;
  }
  return parsed as unknown as IParsedGeometry;
}

/** The box of a parsed geometry: its flat x, y pairs and its parts' (what the features' positions span). */
function parsedBounds(parsed: IParsedGeometry, bounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity]): Bounds {
  const xy = parsed.xy ?? [];
  for (let at = 0; at + 1 < xy.length; at += 2) {
    const x = xy[at];
    const y = xy[at + 1];
    if (x < bounds[0]) bounds[0] = x;
    if (y < bounds[1]) bounds[1] = y;
    if (x > bounds[2]) bounds[2] = x;
    if (y > bounds[3]) bounds[3] = y;
  }
  for (const part of parsed.parts ?? []) parsedBounds(part, bounds);
  return bounds;
}

/**
 * The atlas is 2D: z/m are dropped so every feature has the same coordinate layout as the
 * header. flatgeobuf's parser puts x, y in `xy` and a third ordinate in `z` (a fourth is never
 * read), so the parsed form of a 2-D copy is the parsed form without its `z` (issue 12: no
 * copy of the geometry, nor a walk over its positions, to find out).
 */
function dropZ(parsed: IParsedGeometry): IParsedGeometry {
  if (parsed.z !== undefined) parsed.z = undefined;
  for (const part of parsed.parts ?? []) dropZ(part);
  return parsed;
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
function chooseGeometryType(kinds: ReadonlySet<Geometry['type']>): { headerType: GeometryType; promote: boolean } {
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

type ValueKind = 'number' | 'string' | 'boolean' | 'json';

/** A value kind as one bit: a column's kinds are a number, not a Set per column (issue 12). */
const KIND_BIT: Record<ValueKind, number> = { number: 1, string: 2, boolean: 4, json: 8 };

function valueKind(value: unknown): ValueKind | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

const textEncoder = new TextEncoder();

/**
 * Encodes features one after another with one FlatBuffers builder. Byte for byte what
 * flatgeobuf's `buildFeature` writes (the FlatBuffers layout is fixed by the schema and built
 * from the end of the buffer, so the builder's capacity does not change it), without its
 * per-feature builder and byte-at-a-time vector (issue 10: indexing a 59,399-polygon bureau
 * layer spent most of its time allocating). Properties (FlatGeobuf spec): per non-null value,
 * the uint16 column index, then the value — Double as float64, Bool as uint8, String/Json as
 * uint32 length + UTF-8 bytes — as PropertyTranscoder writes them.
 */
class FeatureEncoder {
  private readonly builder = new flatbuffers.Builder(64 * 1024);

  /** The size-prefixed feature; a view on the builder's buffer, valid until the next call. */
  encodeBytes(geometry: IParsedGeometry, properties: Uint8Array): Uint8Array {
    const builder = this.builder;
    builder.clear();
    const propertiesOffset = properties.length > 0 ? builder.createByteVector(properties) : 0;
    const geometryOffset = buildGeometry(builder, geometry);
    FeatureTable.startFeature(builder);
    FeatureTable.addGeometry(builder, geometryOffset);
    if (propertiesOffset) FeatureTable.addProperties(builder, propertiesOffset);
    builder.finishSizePrefixed(FeatureTable.endFeature(builder));
    return builder.asUint8Array();
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
 * The packed R-tree written into `target` (from its start): leaves are the boxes of the items
 * in `order` (Hilbert order; `bounds` holds minX, minY, maxX, maxY per item), pointing at
 * `featureOffsets` (byte offsets into the feature section, by rank).
 */
function writePackedRTree(target: Uint8Array, bounds: ArrayLike<number>, order: ArrayLike<number>, featureOffsets: number[], nodeSize: number): void {
  const count = order.length;
  const view = new DataView(target.buffer, target.byteOffset, calcTreeSize(count, nodeSize));
  // [start, end) node indices of each level, level 0 = leaves (stored last).
  const levels = generateLevelBounds(count, nodeSize);
  const nodeBounds = new Float64Array((view.byteLength / NODE_ITEM_BYTE_LEN) * 4);
  const writeNode = (index: number, minX: number, minY: number, maxX: number, maxY: number, offset: number): void => {
    const at = index * NODE_ITEM_BYTE_LEN;
    view.setFloat64(at, minX, true);
    view.setFloat64(at + 8, minY, true);
    view.setFloat64(at + 16, maxX, true);
    view.setFloat64(at + 24, maxY, true);
    // uint64, little-endian, as two 32-bit halves (no BigInt per node).
    view.setUint32(at + 32, offset >>> 0, true);
    view.setUint32(at + 36, Math.floor(offset / 2 ** 32), true);
    nodeBounds[index * 4] = minX;
    nodeBounds[index * 4 + 1] = minY;
    nodeBounds[index * 4 + 2] = maxX;
    nodeBounds[index * 4 + 3] = maxY;
  };
  const [leafStart] = levels[0];
  for (let rank = 0; rank < count; rank++) {
    const item = order[rank] * 4;
    writeNode(leafStart + rank, bounds[item], bounds[item + 1], bounds[item + 2], bounds[item + 3], featureOffsets[rank]);
  }
  for (let level = 1; level < levels.length; level++) {
    const [childStart, childEnd] = levels[level - 1];
    const [parentStart] = levels[level];
    let parent = parentStart;
    for (let child = childStart; child < childEnd; child += nodeSize, parent++) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      const last = Math.min(child + nodeSize, childEnd);
      for (let index = child; index < last; index++) {
        minX = Math.min(minX, nodeBounds[index * 4]);
        minY = Math.min(minY, nodeBounds[index * 4 + 1]);
        maxX = Math.max(maxX, nodeBounds[index * 4 + 2]);
        maxY = Math.max(maxY, nodeBounds[index * 4 + 3]);
      }
      writeNode(parent, minX, minY, maxX, maxY, child);
    }
  }
}

/**
 * The items in Hilbert order: by descending Hilbert value, ties in input order. Each item is
 * one float64 key — the complement of its value above its index — sorted natively (no
 * comparator call per comparison); layers too large for the key use the comparator.
 */
function hilbertOrder(hilbertValues: Uint32Array): ArrayLike<number> {
  const count = hilbertValues.length;
  const INDEX_BITS = 2 ** 21;
  if (count > INDEX_BITS) {
    return Array.from({ length: count }, (_, index) => index).sort((a, b) => hilbertValues[b] - hilbertValues[a] || a - b);
  }
  const keys = new Float64Array(count);
  for (let item = 0; item < count; item++) keys[item] = (0xffffffff - hilbertValues[item]) * INDEX_BITS + item;
  keys.sort();
  const order = new Uint32Array(count);
  for (let rank = 0; rank < count; rank++) order[rank] = keys[rank] % INDEX_BITS;
  return order;
}

/**
 * Kinds of a value in the writer's provisional property bytes (the column's type is known only
 * at the end), one byte per value beside them. `loneSurrogate`: a string UTF-8 cannot hold, kept
 * as its JSON text (a Json column writes it escaped).
 */
const KIND = { number: 1, string: 2, boolean: 3, json: 4, loneSurrogate: 5 } as const;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** String.prototype.isWellFormed (ES2024) where the engine has it, else the same test by pattern. */
function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

/**
 * Numbers appended to a typed array that grows by doubling: the writer keeps four per feature
 * (its box; where its bytes are), and a JavaScript array of 320,000 of them grew by copies
 * each left to the collector — a tenth of the fresh memory the streamed import touched (issue 12).
 */
class NumberList<A extends Float64Array | Uint32Array> {
  array: A;
  length = 0;
  constructor(private readonly make: (size: number) => A) {
    this.array = make(1024);
  }
  push(value: number): void {
    if (this.length === this.array.length) this.grow();
    this.array[this.length++] = value;
  }
  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.array.length) this.grow();
    const array = this.array;
    array[this.length] = a;
    array[this.length + 1] = b;
    array[this.length + 2] = c;
    array[this.length + 3] = d;
    this.length += 4;
  }
  private grow(): void {
    const grown = this.make(this.array.length * 2);
    grown.set(this.array);
    this.array = grown;
  }
}

/** Text up to this many UTF-16 units is encoded by ByteArena itself, longer text by TextEncoder. */
const SHORT_TEXT = 256;

/** Little-endian bytes appended to a buffer that grows by doubling. */
class ByteArena {
  bytes: Uint8Array;
  view: DataView;
  length = 0;
  constructor(size = 1 << 16) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  private room(size: number): void {
    if (this.length + size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + size));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
  uint8(value: number): void {
    this.room(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
  }
  uint16(value: number): void {
    this.room(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }
  float64(value: number): void {
    this.room(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }
  /** uint32 length + UTF-8 bytes (FlatGeobuf's String/Json value). */
  text(value: string): void {
    if (!this.asciiText(value)) this.encodedText(value);
  }
  /**
   * `text` for a string of ASCII only, written a byte per unit (issue 12: attribute codes and
   * ids are, and the encoder's call and the view it is given cost more than the copy); false,
   * with nothing written, for any other string. An ASCII string is well formed.
   */
  asciiText(value: string): boolean {
    const length = value.length;
    this.room(4 + length);
    const bytes = this.bytes;
    const start = this.length + 4;
    for (let unit = 0; unit < length; unit++) {
      const code = value.charCodeAt(unit);
      if (code >= 0x80) return false;
      bytes[start + unit] = code;
    }
    this.view.setUint32(this.length, length, true);
    this.length = start + length;
    return true;
  }
  /**
   * `text` as UTF-8, a lone surrogate as U+FFFD (as TextEncoder writes it). A short string is
   * encoded here, unit by unit: in Chromium each `encodeInto` call cost ≈ 1.7 µs, 0.14 s for the
   * one Chinese attribute of each of the bench file's 80,000 features (issue 12); a long one
   * goes through the encoder.
   */
  encodedText(value: string): void {
    const length = value.length;
    // UTF-8 needs at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
    this.room(4 + length * 3);
    if (length > SHORT_TEXT) {
      const { written } = textEncoder.encodeInto(value, this.bytes.subarray(this.length + 4));
      this.view.setUint32(this.length, written, true);
      this.length += 4 + written;
      return;
    }
    const bytes = this.bytes;
    const start = this.length + 4;
    let at = start;
    for (let unit = 0; unit < length; unit++) {
      let code = value.charCodeAt(unit);
      if (code < 0x80) {
        bytes[at++] = code;
        continue;
      }
      if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
        bytes[at++] = 0x80 | (code & 0x3f);
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        const low = code <= 0xdbff && unit + 1 < length ? value.charCodeAt(unit + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          unit++;
          bytes[at++] = 0xf0 | (code >> 18);
          bytes[at++] = 0x80 | ((code >> 12) & 0x3f);
          bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
          bytes[at++] = 0x80 | (code & 0x3f);
          continue;
        }
        code = 0xfffd;
      }
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[at++] = 0x80 | (code & 0x3f);
    }
    this.view.setUint32(this.length, at - start, true);
    this.length = at;
  }
  append(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }
}

/** The parsed form of `geometry` promoted to its multi type (what parseGeometry gives for the promoted GeoJSON). */
function promoteParsed(parsed: IParsedGeometry, type: Geometry['type']): IParsedGeometry {
  switch (type) {
    case 'Point':
      return { ...parsed, type: GeometryType.MultiPoint };
    case 'LineString':
      return { ...parsed, type: GeometryType.MultiLineString };
    case 'Polygon':
      return { xy: [], z: undefined, ends: undefined, type: GeometryType.MultiPolygon, parts: [parsed] } as unknown as IParsedGeometry;
    default:
      return parsed;
  }
}

/** The plain type a promoted geometry was given as, by GeometryType (what promoteParsed undoes). */
function unpromoteParsed(parsed: IParsedGeometry, type: Geometry['type']): IParsedGeometry {
  switch (type) {
    case 'Point':
    case 'LineString':
      return { ...parsed, type: GeometryType[type] };
    case 'Polygon':
      return parsed.parts[0];
    default:
      return parsed;
  }
}

/** The parsed form of an encoded geometry: what parseGeometry/parseGC gave for it, so it encodes to the same bytes. */
function parsedOf(geometry: FlatGeometry): IParsedGeometry {
  const type = geometry.type();
  if (type === GeometryType.MultiPolygon || type === GeometryType.GeometryCollection) {
    const parts = Array.from({ length: geometry.partsLength() }, (_, index) => parsedOf(geometry.parts(index)!));
    return { xy: [], z: undefined, ends: undefined, type, parts } as unknown as IParsedGeometry;
  }
  const ends = geometry.endsArray();
  return { xy: Array.from(geometry.xyArray() ?? []), z: undefined, ends: ends ? Array.from(ends) : undefined, type, parts: undefined } as unknown as IParsedGeometry;
}

/**
 * Bytes of one block of encoded features, at the most. The first block is FIRST_BLOCK_BYTES and
 * each next one twice the last: the writer's `add` then starts new blocks within its first
 * hundred features, before V8 optimizes it. With 4 MB from the start the first new block came
 * after ≈ 6,500 features of the bench file, in optimized code that had never seen that branch
 * taken: V8 threw the code away and compiled `add` again (issue 12, `--trace-opt`).
 */
const BLOCK_BYTES = 4 << 20;
const FIRST_BLOCK_BYTES = 16 << 10;
/** The first size of the writer's arena of value kinds (see FlatGeobufStreamWriter). */
const VALUE_KINDS_FIRST_BYTES = 1 << 10;

/** Bytes of one piece of a file given in pieces (FlatGeobufPieces), the first one aside. */
const PIECE_BYTES = 1 << 20;

/** A FlatGeobuf file laid out by {@link FlatGeobufStreamWriter.finishInPieces}. */
export interface FlatGeobufPieces {
  /** Its length in bytes. */
  readonly size: number;
  /**
   * Its bytes from the start, in order: the magic bytes, header and index, then the features
   * in pieces of about 1 MB. Each piece is valid until the next is asked for (the caller copies
   * what it keeps). May be called again for another pass once one has ended — not while one
   * is under way (the passes share the piece buffer and the encoder).
   */
  pieces(): Generator<Uint8Array>;
}

/** Per feature in FlatGeobufStreamWriter: encoded as its type's multi (promoted). */
const ENCODED_PROMOTED = 1;
/** Per feature: its property bytes are not final as encoded (keys out of column order, a lone surrogate). */
const PROPERTIES_PROVISIONAL = 2;

/**
 * Writes FlatGeobuf from features given one at a time (issue 12: a large GeoJSON is streamed
 * into a reference layer without ever being a FeatureCollection). Each feature is encoded as
 * it comes — FlatGeobuf's feature bytes, in blocks — with its property values in the form of
 * their own kind and as the geometry types so far ask (Polygon or, once MultiPolygons came,
 * promoted); its box and the kind of each value are kept beside it. `finish` decides the
 * columns and the geometry type, which depend on every feature, and lays the features out in
 * Hilbert order. A feature encoded otherwise than the end decides (its keys in another order,
 * a lone surrogate, a promotion decided later — and every feature once any column turned out
 * to mix kinds) is decoded and encoded again there; every other one is copied as it is.
 * `writeFlatGeobuf` is this writer fed a collection, so both give the same bytes. (Positions
 * are taken to hold at least x and y, as the importers' checkShape ensures.)
 */
export class FlatGeobufStreamWriter {
  #blocks: Uint8Array[] = [];
  #blockUsed = 0;
  /** Per feature: block, start, length of its encoded bytes, and flags (ENCODED_PROMOTED, PROPERTIES_PROVISIONAL). */
  #where = new NumberList((size) => new Uint32Array(size));
  #types: Geometry['type'][] = [];
  #typeSet = new Set<Geometry['type']>();
  #promoting = false;
  #bounds = new NumberList((size) => new Float64Array(size));
  #columns = new Map<string, number>();
  /** Per column, the kinds of its values seen so far (KIND_BIT, or-ed). */
  #kinds: number[] = [];
  /** Some column holds values of more than one kind (its type is decided at the end). */
  #mixed = false;
  /** The property bytes of the feature being added: per value, uint16 column, then the value as its own kind writes it. */
  #scratch = new ByteArena();
  /**
   * The KIND of each value, one byte each, and where each feature's end. It starts small, so
   * that it grows — a new buffer in a field V8 had taken for constant — within the first
   * features, not after `add` and the arena's methods are optimized (from 64 KB it first grew
   * after ≈ 5,000 of the bench file's features, and V8 threw away the optimized code of `add`
   * and five of the arena's methods; issue 12, `--trace-deopt`).
   */
  #valueKinds = new ByteArena(VALUE_KINDS_FIRST_BYTES);
  #kindEnds = new NumberList((size) => new Uint32Array(size));
  #encoder = new FeatureEncoder();
  #finished = false;

  get count(): number {
    return this.#types.length;
  }

  /** The property keys seen so far, in order of first appearance: the file's columns. */
  get columns(): string[] {
    return [...this.#columns.keys()];
  }

  add(feature: Feature): void {
    if (this.#finished) throw new Error('FlatGeobufStreamWriter: add after finish');
    if (!feature.geometry) {
      throw new Error(`Feature #${this.count} has no geometry; FlatGeobuf needs one per feature / 第 ${this.count} 个要素没有几何`);
    }
    const geometry = feature.geometry;
    const type = geometry.type;
    const parsed = type === 'GeometryCollection' ? dropZ(parseGC(geometry)) : parseSimple(geometry);
    this.#types.push(type);
    if (!this.#typeSet.has(type)) {
      this.#typeSet.add(type);
      this.#promoting = chooseGeometryType(this.#typeSet).promote;
    }
    const box = parsedBounds(parsed);
    this.#bounds.push4(box[0], box[1], box[2], box[3]);
    const arena = this.#scratch;
    arena.length = 0;
    const kinds = this.#valueKinds;
    let flags = 0;
    let lastColumn = -1;
    for (const key in feature.properties ?? {}) {
      if (!Object.hasOwn(feature.properties!, key)) continue;
      const value = feature.properties![key];
      let column = this.#columns.get(key);
      if (column === undefined) {
        column = this.#columns.size;
        this.#columns.set(key, column);
        this.#kinds.push(0);
      }
      const kind = valueKind(value);
      if (!kind) continue;
      const seen = this.#kinds[column] | KIND_BIT[kind];
      this.#kinds[column] = seen;
      if ((seen & (seen - 1)) !== 0) this.#mixed = true;
      if (column < lastColumn) flags |= PROPERTIES_PROVISIONAL;
      lastColumn = column;
      arena.uint16(column);
      if (kind === 'number') {
        kinds.uint8(KIND.number);
        arena.float64(value as number);
      } else if (kind === 'boolean') {
        kinds.uint8(KIND.boolean);
        arena.uint8(value ? 1 : 0);
      } else if (kind === 'string' && arena.asciiText(value as string)) {
        kinds.uint8(KIND.string);
      } else if (kind === 'string' && isWellFormed(value as string)) {
        kinds.uint8(KIND.string);
        arena.encodedText(value as string);
      } else {
        if (kind !== 'json') flags |= PROPERTIES_PROVISIONAL;
        kinds.uint8(kind === 'json' ? KIND.json : KIND.loneSurrogate);
        arena.text(JSON.stringify(value));
      }
    }
    this.#kindEnds.push(kinds.length);
    const promoted = this.#promoting && type in SINGLE_TO_MULTI;
    if (promoted) flags |= ENCODED_PROMOTED;
    const encoded = this.#encoder.encodeBytes(promoted ? promoteParsed(parsed, type) : parsed, arena.bytes.subarray(0, arena.length));
    let block = this.#blocks[this.#blocks.length - 1];
    if (!block || this.#blockUsed + encoded.length > block.length) {
      block = new Uint8Array(Math.max(block ? Math.min(block.length * 2, BLOCK_BYTES) : FIRST_BLOCK_BYTES, encoded.length));
      this.#blocks.push(block);
      this.#blockUsed = 0;
    }
    block.set(encoded, this.#blockUsed);
    this.#where.push4(this.#blocks.length - 1, this.#blockUsed, encoded.length, flags);
    this.#blockUsed += encoded.length;
  }

  /** The whole file. The writer is spent afterwards (its encoded features are let go). */
  finish(options: FlatGeobufWriteOptions = {}): Uint8Array {
    const file = this.finishInPieces(options);
    const output = new Uint8Array(file.size);
    let at = 0;
    for (const piece of file.pieces()) {
      output.set(piece, at);
      at += piece.length;
    }
    return output;
  }

  /**
   * The file laid out — columns, geometry type, Hilbert order, header and index decided — but
   * not written whole: its bytes come in pieces, as often as asked (issue 12: a reference layer
   * is hashed and stored from them, and never held as one 36 MB array beside its features). The
   * writer is spent; the encoded features stay with the result until it is let go.
   */
  finishInPieces(options: FlatGeobufWriteOptions = {}): FlatGeobufPieces {
    if (this.#finished) throw new Error('FlatGeobufStreamWriter: finish twice');
    this.#finished = true;
    const count = this.count;
    const { headerType, promote } = chooseGeometryType(this.#typeSet);
    // The property columns of a collection. FlatGeobuf has one schema per file, while GeoJSON
    // features may each carry different keys and value types. Rule:
    // - columns = the union of all features' keys, in order of first appearance;
    // - a key whose non-null values are all numbers → Double; all booleans → Bool; all text
    //   or never set → String; objects/arrays → Json;
    // - a key mixing kinds (e.g. 12.5 in one feature, "unknown" in another) → String, and the
    //   numbers/booleans are written as their text (String(value)), so nothing is lost;
    // - a key a feature lacks (or holds null/undefined) is written as null (absent in FGB).
    // Authored layers never reach the mixed case: catalog-validate rejects mixed kinds.
    const columns: ColumnMeta[] = [...this.#columns.keys()].map((name, index) => {
      const seen = this.#kinds[index];
      let type = ColumnType.String;
      if (seen & KIND_BIT.json) type = ColumnType.Json;
      else if (seen === KIND_BIT.number) type = ColumnType.Double;
      else if (seen === KIND_BIT.boolean) type = ColumnType.Bool;
      return { name, type, title: null, description: null, width: -1, precision: -1, scale: -1, nullable: true, unique: false, primary_key: false };
    });

    const bounds = this.#bounds.array;
    const extent: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
    for (let item = 0; item < count; item++) {
      extent[0] = Math.min(extent[0], bounds[item * 4]);
      extent[1] = Math.min(extent[1], bounds[item * 4 + 1]);
      extent[2] = Math.max(extent[2], bounds[item * 4 + 2]);
      extent[3] = Math.max(extent[3], bounds[item * 4 + 3]);
    }
    // Hilbert value of each bbox centre on a 2^16 grid over the extent; sort descending like
    // the reference writer (any consistent order is valid, this one matches GDAL's files).
    const width = extent[2] - extent[0];
    const height = extent[3] - extent[1];
    const hilbertValues = new Uint32Array(count);
    for (let item = 0; item < count; item++) {
      const x = width > 0 ? Math.floor((HILBERT_MAX * ((bounds[item * 4] + bounds[item * 4 + 2]) / 2 - extent[0])) / width) : 0;
      const y = height > 0 ? Math.floor((HILBERT_MAX * ((bounds[item * 4 + 1] + bounds[item * 4 + 3]) / 2 - extent[1])) / height) : 0;
      hilbertValues[item] = hilbert(x, y);
    }
    // Ties keep input order, so the output is deterministic for a given input.
    const order = hilbertOrder(hilbertValues);

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
    const header = buildHeader(headerMeta, count > 0 ? extent : null, options);
    const indexBytes = count > 0 ? calcTreeSize(count, INDEX_NODE_SIZE) : 0;
    const prefix = magicbytes.length + header.length + indexBytes;

    // The features in Hilbert order. Those encoded as the end decided are copied; the others
    // are encoded again each time they are asked for (once here to learn their size).
    const transcoder = new PropertyTranscoder(columns.map((column) => column.type));
    const blocks = this.#blocks;
    const where = this.#where.array;
    const kindEnds = this.#kindEnds.array;
    const kinds = this.#valueKinds.bytes;
    const types = this.#types;
    const mixed = this.#mixed;
    const encoder = this.#encoder;
    const encodedAs = (item: number): Uint8Array => {
      const block = blocks[where[item * 4]];
      return block.subarray(where[item * 4 + 1], where[item * 4 + 1] + where[item * 4 + 2]);
    };
    const final = (item: number): boolean => {
      const flags = where[item * 4 + 3];
      const wanted = promote && types[item] in SINGLE_TO_MULTI;
      return !mixed && !(flags & PROPERTIES_PROVISIONAL) && (flags & ENCODED_PROMOTED) === (wanted ? ENCODED_PROMOTED : 0);
    };
    /** The feature's bytes as the end decided: a view valid until the next feature is encoded. */
    const reencode = (item: number): Uint8Array => {
      // A copy at offset 0: the reader's float64 views need 8-byte alignment.
      const feature = FeatureTable.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(encodedAs(item).slice()));
      const type = types[item];
      let parsed = parsedOf(feature.geometry()!);
      if (where[item * 4 + 3] & ENCODED_PROMOTED) parsed = unpromoteParsed(parsed, type);
      if (promote) parsed = promoteParsed(parsed, type);
      const properties = feature.propertiesArray() ?? new Uint8Array(0);
      return encoder.encodeBytes(parsed, transcoder.transcode(properties, kinds.subarray(item === 0 ? 0 : kindEnds[item - 1], kindEnds[item])));
    };
    const featureOffsets: number[] = new Array(count);
    let size = 0;
    for (let rank = 0; rank < count; rank++) {
      const item = order[rank];
      featureOffsets[rank] = size;
      size += final(item) ? where[item * 4 + 2] : reencode(item).length;
    }
    // The magic bytes, the header and the index: the first piece.
    const head = new Uint8Array(prefix);
    head.set(magicbytes, 0);
    head.set(header, magicbytes.length);
    if (count > 0) writePackedRTree(head.subarray(magicbytes.length + header.length), bounds, order, featureOffsets, INDEX_NODE_SIZE);
    // The writer lets go of what it held; the features stay with the pieces.
    this.#blocks = [];
    this.#where = new NumberList((length) => new Uint32Array(length));
    this.#valueKinds = new ByteArena(VALUE_KINDS_FIRST_BYTES);
    this.#kindEnds = new NumberList((length) => new Uint32Array(length));
    this.#bounds = new NumberList((length) => new Float64Array(length));
    let piece: Uint8Array | undefined;
    return {
      size: prefix + size,
      *pieces() {
        yield head;
        piece ??= new Uint8Array(Math.min(PIECE_BYTES, Math.max(size, 1)));
        let used = 0;
        for (let rank = 0; rank < count; rank++) {
          const item = order[rank];
          const bytes = final(item) ? encodedAs(item) : reencode(item);
          if (used + bytes.length > piece.length) {
            if (used > 0) yield piece.subarray(0, used);
            used = 0;
            if (bytes.length > piece.length) {
              yield bytes;
              continue;
            }
          }
          piece.set(bytes, used);
          used += bytes.length;
        }
        if (used > 0) yield piece.subarray(0, used);
      },
    };
  }
}

/**
 * The writer's provisional property bytes — per value: uint16 column, then the value as its
 * own kind writes it, the kinds beside them — as FlatGeobuf property bytes for the final column
 * types: values in column order, a number or boolean in a String column as its text, a value
 * in a Json column as JSON text (what FeatureEncoder writes from the objects). A feature whose
 * values are in column order and each of its column's type (nearly every feature of a layer)
 * is already that: its bytes are used as they are, not copied.
 */
class PropertyTranscoder {
  private out = new ByteArena();
  private readonly reader = new TextDecoder();
  private readonly entries: number[] = [];

  /** @param types the final type of each column */
  constructor(private readonly types: ColumnType[]) {}

  /** Whether a value of this kind code is stored in a column of this type with the same bytes. */
  private static same(type: ColumnType, kind: number): boolean {
    return (
      (type === ColumnType.Double && kind === KIND.number) ||
      (type === ColumnType.String && kind === KIND.string) ||
      (type === ColumnType.Bool && kind === KIND.boolean) ||
      (type === ColumnType.Json && kind === KIND.json)
    );
  }

  /** @param kinds the KIND of each value in `bytes` */
  transcode(bytes: Uint8Array, kinds: Uint8Array): Uint8Array {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // [column, start, end, kind] of each value; sorted by column when a feature's keys came in
    // another order than the columns' (the writer goes column by column).
    const entries = this.entries;
    entries.length = 0;
    let sorted = true;
    let same = true;
    let at = 0;
    for (const kind of kinds) {
      const column = view.getUint16(at, true);
      const payload = at + 2;
      const end = kind === KIND.number ? payload + 8 : kind === KIND.boolean ? payload + 1 : payload + 4 + view.getUint32(payload, true);
      if (entries.length > 0 && entries[entries.length - 4] > column) sorted = false;
      if (same && !PropertyTranscoder.same(this.types[column], kind)) same = false;
      entries.push(column, at, end, kind);
      at = end;
    }
    if (sorted && same) return bytes;
    if (!sorted) {
      const quads: [number, number, number, number][] = [];
      for (let index = 0; index < entries.length; index += 4) quads.push([entries[index], entries[index + 1], entries[index + 2], entries[index + 3]]);
      quads.sort((a, b) => a[0] - b[0]);
      entries.length = 0;
      for (const quad of quads) entries.push(...quad);
    }
    const out = this.out;
    out.length = 0;
    for (let index = 0; index < entries.length; index += 4) {
      const column = entries[index];
      const start = entries[index + 1];
      const end = entries[index + 2];
      const kind = entries[index + 3];
      const type = this.types[column];
      out.uint16(column);
      if (PropertyTranscoder.same(type, kind)) {
        out.append(bytes.subarray(start + 2, end));
        continue;
      }
      // A column of mixed kinds: a number or boolean in a String column as its text
      // (String(value)); anything in a Json column as JSON text. A string with a lone surrogate
      // is stored as its JSON text: a Json column takes that text as it is, a String column the
      // string itself (UTF-8 writes U+FFFD for it).
      const stored = kind === KIND.number ? view.getFloat64(start + 2, true) : kind === KIND.boolean ? view.getUint8(start + 2) === 1 : this.reader.decode(bytes.subarray(start + 6, end));
      const value: unknown = kind === KIND.loneSurrogate ? JSON.parse(stored as string) : stored;
      out.text(type === ColumnType.Json ? (kind === KIND.json || kind === KIND.loneSurrogate ? (stored as string) : JSON.stringify(value)) : String(value));
    }
    return out.bytes.subarray(0, out.length);
  }
}

/**
 * Encode a GeoJSON FeatureCollection (lon/lat) as FlatGeobuf with a packed Hilbert R-tree
 * (node size 16). Features are stored in Hilbert order of their bbox centres (readers
 * return them in that order; ids are properties, not positions). Properties become typed
 * columns (see FlatGeobufStreamWriter.finish); z/m values are dropped. An empty collection gives a valid
 * file with no index. Throws on a feature without geometry: FlatGeobuf's index needs one.
 *
 * @example
 * const bytes = writeFlatGeobuf(collection, { title: 'towns' });
 * // in the browser: new Blob([bytes], { type: 'application/octet-stream' })
 */
export function writeFlatGeobuf(fc: FeatureCollection, options: FlatGeobufWriteOptions = {}): Uint8Array {
  const writer = new FlatGeobufStreamWriter();
  for (const feature of fc.features) writer.add(feature);
  return writer.finish(options);
}
