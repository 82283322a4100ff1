/**
 * The steps every importer shares once a file has been parsed into coordinates in its own
 * CRS: choose the CRS (user's choice > the file's declaration > detection from the
 * numbers), convert to lon/lat, and validate — region, ring closure, repeated vertices,
 * degenerate rings, self-intersection, holes outside their ring, overlapping parts.
 * Either every feature passes and all are returned, or an error is returned and nothing
 * is (no half imports).
 */
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import Flatbush from 'flatbush';
import { featureCollection, polygon as turfPolygon } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { union } from '@turf/union';
import { unkinkPolygon } from '@turf/unkink-polygon';
import type { Bilingual } from '../data/catalog-types';
import { CRS_INFO, gaussKrugerProjector, gaussKrugerZoneFor, unprojectGeometry, type CrsCode } from '../crs/projections';
import { distanceToRing, pointInRings, polygonsArea, ringsBox, ringSignedArea } from '../geometry/planar';
import { nameOf } from './feature-name';
import { cleanFileText, countOf, wasWere } from './text';
import { ATLAS_REGION, detectCrs, isCrsDetectionError, type CrsAssumption } from '../crs/detect';
import { fail, importLimits, ok, type Result, type ImportError, type ImportErrorCode, type ImportLimits, type ImportOptions, type ImportOutcome } from './types';

/** One feature as read from the file, coordinates still in the file's CRS and axis order. */
export interface SourceFeature {
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  /** Where the feature is in the file, for messages: "feature 2 (RS-B-02)", "layer X, handle 2A". */
  where: Bilingual;
}

/** A group of features sharing one CRS (a shapefile inside a zip, the whole file otherwise). */
export interface SourceLayer {
  name?: string;
  features: SourceFeature[];
  /** A CRS the file states itself (.prj, GeoJSON `crs`, FlatGeobuf header, KML by spec). */
  declared?: { crs: CrsCode; source: Bilingual };
}

export interface SourceData {
  format: string;
  layers: SourceLayer[];
  warnings: Bilingual[];
}

/**
 * What to do about a CRS a file declares but the atlas cannot convert (Xi'an 1980, Beijing
 * 1954, other projections): shared by the GeoJSON and FlatGeobuf importers.
 */
export const UNSUPPORTED_CRS_HINT: Bilingual = {
  zh: '请先在 GIS 软件中转换为 CGCS2000（如 EPSG:4490、4528、4529）后导入；若确知坐标实为 CGCS2000，可在导入时手动选择坐标系。',
  en: 'Reproject to CGCS2000 (e.g. EPSG:4490, 4528, 4529) in a GIS first; if the numbers really are CGCS2000, choose the CRS by hand when importing.',
};

/**
 * The warning when the user's CRS is read over a declaration the atlas cannot convert (a .prj,
 * a GeoJSON `crs`, a FlatGeobuf header, a 报盘 datum): said, never dropped silently, since a
 * Xi'an 1980 grid read as CGCS2000 lies tens of metres off. `declared` names the declaration.
 */
export function chosenOverDeclared(declared: Bilingual, crs: CrsCode): Bilingual {
  return {
    zh: `${declared.zh}不受支持，已按用户选择的 ${crs} 读取，请确认坐标确为 CGCS2000。`,
    en: `${declared.en} is not supported; read as ${crs}, the user's choice — make sure the numbers really are CGCS2000.`,
  };
}

export function importError(code: ImportErrorCode, file: string, message: Bilingual, hint: Bilingual): ImportError {
  return { code, file, message, hint };
}

/**
 * A file of several layers where one was asked for (`ImportOptions.oneLayer`, a reference
 * layer): merged, their roles could not be told apart. `holder` names what holds them ("the
 * zip"), `export` says how to write each on its own, ending in a file named after it.
 */
export function severalLayers(file: string, names: readonly string[], holder: Bilingual, exportEach: Bilingual): ImportError {
  return importError(
    'SEVERAL_LAYERS',
    file,
    {
      zh: `${holder.zh}中有 ${names.length} 个图层（${names.join('、')}），参考图层只能是其中一个：合并后各图层的审查作用（如生态保护红线禁止占用）将无法区分。`,
      en: `${holder.en} holds ${names.length} layers (${names.join(', ')}); a reference layer is one of them: merged, their roles in the review (e.g. the ecological red line's ban) could not be told apart.`,
    },
    {
      zh: `请${exportEach.zh}，再逐个添加；审查作用按文件名预设。`,
      en: `${exportEach.en}, and add them one by one; the review role is preset from the file name.`,
    },
  );
}

const LIMIT_WORDS: Record<keyof ImportLimits, Bilingual> = {
  maxFileBytes: { zh: '文件大小', en: 'file size' },
  maxInflatedBytes: { zh: '压缩包内单个文件解压后的大小', en: 'size of one zip member once inflated' },
  maxFeatures: { zh: '要素数', en: 'number of features' },
  maxVertices: { zh: '顶点总数', en: 'number of vertices' },
};

function amount(limit: keyof ImportLimits, value: number): string {
  if (limit === 'maxFileBytes' || limit === 'maxInflatedBytes') {
    return value >= 1024 ** 3 ? `${(value / 1024 ** 3).toFixed(1)} GB` : `${(value / 1024 ** 2).toFixed(1)} MB`;
  }
  return Math.round(value).toLocaleString('en-US');
}

/**
 * TOO_LARGE: what exceeds which cap, and the import option that raises it
 * (ImportOptions.limits; the caps are in DEFAULT_IMPORT_LIMITS).
 *
 * @param found what the file holds or claims (a header count may be a lie: "at least" is not claimed)
 */
export function limitError(file: string, limit: keyof ImportLimits, found: number, cap: number, where?: Bilingual): ImportError {
  const words = LIMIT_WORDS[limit];
  return importError(
    'TOO_LARGE',
    file,
    {
      zh: `${where ? `${where.zh}：` : ''}${words.zh}为 ${amount(limit, found)}，超过导入上限 ${amount(limit, cap)}。`,
      en: `${where ? `${where.en}: ` : ''}the ${words.en} is ${amount(limit, found)}, over the import limit of ${amount(limit, cap)}.`,
    },
    {
      zh: `如确需导入，请调高导入选项 limits.${limit}（或先在 GIS 软件中拆分、简化该文件）；若文件本不应这么大，它可能已损坏。`,
      en: `If this is intended, raise the import option limits.${limit} (or split or simplify the file in a GIS first); if the file should not be this large, it may be damaged.`,
    },
  );
}

/** "第 2 个要素（RS-B-02）" / "feature 2 (RS-B-02)": 1-based index plus a name when the properties have one ({@link nameOf}). */
export function describeFeature(index: number, properties: Record<string, unknown> | null | undefined): Bilingual {
  return new FeaturePlace(index, properties);
}

/**
 * "第 3 个要素（RS-B-02）" / "feature 3 (RS-B-02)", worded only when a message needs it: an
 * import of 80,000 features words none of them when all is well (issue 12: import time and
 * memory). Own enumerable `zh`/`en` once read, so it copies and serialises as a plain pair.
 */
class FeaturePlace implements Bilingual {
  #index: number;
  #properties: Record<string, unknown> | null | undefined;
  constructor(index: number, properties: Record<string, unknown> | null | undefined) {
    this.#index = index;
    this.#properties = properties;
  }
  #word(): Bilingual {
    // A name from the file is quoted cleaned and cut (no escape codes, no 2 MB "name").
    const name = cleanFileText(nameOf(this.#properties) ?? '', 60);
    const worded = { zh: `第 ${this.#index + 1} 个要素${name ? `（${name}）` : ''}`, en: `feature ${this.#index + 1}${name ? ` (${name})` : ''}` };
    Object.defineProperties(this, { zh: { value: worded.zh, enumerable: true }, en: { value: worded.en, enumerable: true } });
    return worded;
  }
  get zh(): string {
    return this.#word().zh;
  }
  get en(): string {
    return this.#word().en;
  }
}

/** Deepest GeometryCollection nesting accepted (a KML MultiGeometry is one level; nobody nests eight). */
const MAX_COLLECTION_DEPTH = 8;

type Shape = { ok: true; vertices: number } | { ok: false; reason: Bilingual };

function shapeFault(zh: string, en: string): Shape {
  return { ok: false, reason: { zh, en } };
}

/**
 * The structure of a geometry as parsed, before any arithmetic: known type, coordinate
 * arrays where RFC 7946 puts them, every ordinate (Z too) a finite number, polygons with at
 * least one ring, nothing empty, collections nested at most MAX_COLLECTION_DEPTH deep.
 * Files are read by several parsers that pass whatever they find (null coordinates, a
 * Polygon with no rings, "NaN", markup in a Z value); this is the one gate they all go
 * through. Counts the vertices on the way (iteratively for positions, so a long ring
 * costs no stack).
 */
export function checkShape(geometry: unknown, depth = 0): Shape {
  if (geometry === null || typeof geometry !== 'object' || Array.isArray(geometry)) {
    return shapeFault('几何对象不是有效的对象。', 'the geometry is not an object.');
  }
  const { type, coordinates, geometries } = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const position = (value: unknown): boolean => {
    if (!Array.isArray(value) || value.length < 2) return false;
    for (const ordinate of value) if (typeof ordinate !== 'number' || !Number.isFinite(ordinate)) return false;
    return true;
  };
  const badPosition = shapeFault(
    '含有缺失、非数值或非有限（NaN、Infinity）的坐标（含高程 Z）。',
    'it has a missing, non-numeric or non-finite (NaN, Infinity) coordinate (Z included).',
  );
  const empty = shapeFault('几何为空（没有坐标）。', 'the geometry is empty (no coordinates).');
  /** Positions of a list; `minimum` per RFC 7946 (2 for a line, 4 for a ring, 1 otherwise). */
  const positions = (value: unknown, minimum: number): number | Shape => {
    if (!Array.isArray(value)) return badPosition;
    if (value.length === 0) return empty;
    for (const item of value) if (!position(item)) return badPosition;
    if (value.length < minimum) {
      return shapeFault(`只有 ${value.length} 个点，不足 ${minimum} 个。`, `it has only ${countOf(value.length, 'point', 'points')}, fewer than ${minimum}.`);
    }
    return value.length;
  };
  const lists = (value: unknown, minimum: number): number | Shape => {
    if (!Array.isArray(value)) return badPosition;
    if (value.length === 0) return empty;
    let count = 0;
    for (const list of value) {
      const found = positions(list, minimum);
      if (typeof found !== 'number') return found;
      count += found;
    }
    return count;
  };
  let found: number | Shape;
  switch (type) {
    case 'Point':
      found = position(coordinates) ? 1 : Array.isArray(coordinates) && coordinates.length === 0 ? empty : badPosition;
      break;
    case 'MultiPoint':
      found = positions(coordinates, 1);
      break;
    case 'LineString':
      found = positions(coordinates, 2);
      break;
    case 'MultiLineString':
      found = lists(coordinates, 2);
      break;
    case 'Polygon':
      // Ring length is checked after cleaning (repeats, closure) by checkPolygons; here: rings exist.
      found = lists(coordinates, 1);
      break;
    case 'MultiPolygon': {
      if (!Array.isArray(coordinates)) found = badPosition;
      else if (coordinates.length === 0) found = empty;
      else {
        let count = 0;
        found = 0;
        for (const polygon of coordinates) {
          const part = lists(polygon, 1);
          if (typeof part !== 'number') {
            found = part;
            break;
          }
          count += part;
        }
        if (typeof found === 'number') found = count;
      }
      break;
    }
    case 'GeometryCollection': {
      if (depth >= MAX_COLLECTION_DEPTH) {
        return shapeFault(`几何集合嵌套超过 ${MAX_COLLECTION_DEPTH} 层。`, `geometry collections are nested more than ${MAX_COLLECTION_DEPTH} deep.`);
      }
      if (!Array.isArray(geometries)) return shapeFault('几何集合缺少 geometries 数组。', 'the geometry collection has no geometries array.');
      if (geometries.length === 0) return empty;
      let count = 0;
      for (const part of geometries) {
        const checked = checkShape(part, depth + 1);
        if (!checked.ok) return checked;
        count += checked.vertices;
      }
      return { ok: true, vertices: count };
    }
    default:
      return shapeFault('几何类型无法识别。', 'the geometry type is not recognised.');
  }
  return typeof found === 'number' ? { ok: true, vertices: found } : found;
}

function* positionsOf(geometry: Geometry): Generator<Position> {
  switch (geometry.type) {
    case 'Point':
      yield geometry.coordinates;
      return;
    case 'MultiPoint':
    case 'LineString':
      yield* geometry.coordinates;
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geometry.coordinates) yield* line;
      return;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) for (const ring of polygon) yield* ring;
      return;
    case 'GeometryCollection':
      for (const part of geometry.geometries) yield* positionsOf(part);
      return;
  }
}

function swapAxes<G extends Geometry>(geometry: G): G {
  const swapPosition = (position: Position): Position => [position[1], position[0], ...position.slice(2)];
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: swapPosition(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(swapPosition) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(swapPosition)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(swapPosition))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((part) => swapAxes(part)) };
  }
}

/** Largest number of positions handed to CRS detection; detection samples further itself. */
const DETECTION_SAMPLE = 20_000;

/** The features' first `limit` positions (DETECTION_SAMPLE unless told), in order. */
function samplePairs(features: SourceFeature[], limit = DETECTION_SAMPLE): [number, number][] {
  const pairs: [number, number][] = [];
  if (limit <= 0) return pairs;
  for (const feature of features) {
    if (!feature.geometry) continue;
    for (const position of positionsOf(feature.geometry)) {
      pairs.push([position[0], position[1]]);
      if (pairs.length >= limit) return pairs;
    }
  }
  return pairs;
}

type Resolved = { ok: true; assumption: CrsAssumption } | { ok: false; error: ImportError };

function resolveCrs(layer: SourceLayer, options: ImportOptions): Resolved {
  return resolveCrsOf(samplePairs(layer.features), layer.declared, options);
}

/** resolveCrs for the sample already taken (`pairs`: the first DETECTION_SAMPLE positions, as samplePairs takes them). */
function resolveCrsOf(pairs: [number, number][], declared: SourceLayer['declared'], options: ImportOptions): Resolved {
  const chosen = options.crs ?? declared?.crs;
  const result = detectCrs(pairs, chosen);
  if (isCrsDetectionError(result)) {
    const code: ImportErrorCode = result.error === 'unrecognised' ? 'CRS_UNDETECTED' : 'INVALID_GEOMETRY';
    return {
      ok: false,
      // Only numbers of no known grid can be cured by choosing a CRS; empty or non-finite ones cannot.
      error: importError(
        code,
        options.fileName,
        result.message,
        code === 'CRS_UNDETECTED'
          ? { zh: '请在导入时手动选择坐标系，或检查文件中的坐标数值。', en: 'Choose the CRS by hand when importing, or check the coordinate values in the file.' }
          : { zh: '请检查文件中的坐标数值，或从原软件重新导出。', en: 'Check the coordinate values in the file, or export it again from the source software.' },
      ),
    };
  }
  let assumption: CrsAssumption = result;
  if (!options.crs && declared) {
    // detectCrs(…, given) words its reason as a user's choice; a declaration in the file is not.
    const info = CRS_INFO[declared.crs];
    const swapNote: Bilingual = result.axisSwapped
      ? { zh: '坐标轴顺序与声明相反，已对调。', en: 'The axis order is the reverse of the declaration; swapped.' }
      : { zh: '', en: '' };
    assumption = {
      ...result,
      detected: false,
      reason: {
        zh: `${declared.source.zh}：${declared.crs}（${info.label.zh}）。${swapNote.zh}`,
        en: `${declared.source.en}: ${declared.crs} (${info.label.en}).${swapNote.en ? ` ${swapNote.en}` : ''}`,
      },
    };
  }
  if (options.axisSwapped !== undefined && options.axisSwapped !== assumption.axisSwapped) {
    assumption = {
      ...assumption,
      axisSwapped: options.axisSwapped,
      reason: {
        zh: `${assumption.reason.zh}坐标轴顺序由用户指定（${options.axisSwapped ? '对调' : '不对调'}）。`,
        en: `${assumption.reason.en} Axis order set by the user (${options.axisSwapped ? 'swapped' : 'as written'}).`,
      },
    };
  }
  return { ok: true, assumption };
}

function formatLonLat(position: Position): string {
  return `${position[0].toFixed(4)}°E, ${position[1].toFixed(4)}°N`;
}

/** The first position outside the atlas region (or not finite), in file order; plain loops (a generator per feature cost ≈ 3 % of a large import). */
function checkRegion(geometry: Geometry): Position | undefined {
  const outside = (position: Position): boolean => {
    const [lon, lat] = position;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return true;
    return lon < ATLAS_REGION.west || lon > ATLAS_REGION.east || lat < ATLAS_REGION.south || lat > ATLAS_REGION.north;
  };
  const inList = (positions: Position[]): Position | undefined => {
    for (const position of positions) if (outside(position)) return position;
    return undefined;
  };
  switch (geometry.type) {
    case 'Point':
      return outside(geometry.coordinates) ? geometry.coordinates : undefined;
    case 'MultiPoint':
    case 'LineString':
      return inList(geometry.coordinates);
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geometry.coordinates) {
        const found = inList(line);
        if (found) return found;
      }
      return undefined;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) {
        for (const ring of polygon) {
          const found = inList(ring);
          if (found) return found;
        }
      }
      return undefined;
    case 'GeometryCollection':
      for (const part of geometry.geometries) {
        const found = checkRegion(part);
        if (found) return found;
      }
      return undefined;
  }
}

function samePosition(first: Position, second: Position): boolean {
  return first[0] === second[0] && first[1] === second[1];
}

/** Vertices closer than this (metres, in the Gauss–Krüger zone of the feature) are one vertex. */
const COINCIDENT_M = 0.001;
/** A ring enclosing less than this (m²) is no parcel: collinear points, a sliver, a typo. */
const MINIMUM_RING_AREA_M2 = 1;
/** Probes of a hole tried against its exterior before it is taken as inside (all on the exterior's edges). */
const PROBES_TRIED = 32;
/** Overlaps of the parts of one feature below this (m²) are clipping noise along shared edges. */
const OVERLAP_TOLERANCE_M2 = 0.01;

type Project = (position: Position) => Position;

interface CleanRing {
  /** Closed ring, lon/lat, consecutive repeats removed. */
  ring: Position[];
  /** The same ring projected (metres). */
  projected: Position[];
  /** The source ring did not repeat its first vertex. */
  closedAutomatically: boolean;
  /** Consecutive vertices dropped as repeats (within 1 mm). */
  removed: number;
}

type RingCheck = { ok: true; rings: CleanRing[] } | { ok: false; ringIndex: number; count: number };

/**
 * Closes open rings (a warning, not an error: GeoJSON writers sometimes drop the repeat),
 * drops consecutive repeated vertices — a survey table repeating J2, a CAD polyline with a
 * doubled vertex: a zero-length edge that the self-intersection test would otherwise report
 * as a bowtie — and counts the distinct vertices left.
 */
function cleanRings(polygon: Position[][], project: Project): RingCheck {
  const rings: CleanRing[] = [];
  for (let ringIndex = 0; ringIndex < polygon.length; ringIndex++) {
    const ring = polygon[ringIndex];
    const exactlyClosed = ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]);
    // The vertices before the closing repeat (not copied: issue 12, import time).
    const end = exactlyClosed ? ring.length - 1 : ring.length;
    const kept: Position[] = [];
    const keptProjected: Position[] = [];
    let removed = 0;
    for (let at = 0; at < end; at++) {
      const position = ring[at];
      const xy = project(position);
      const previous = keptProjected[keptProjected.length - 1];
      if (previous && (samePosition(position, kept[kept.length - 1]) || Math.hypot(xy[0] - previous[0], xy[1] - previous[1]) <= COINCIDENT_M)) {
        removed += 1;
        continue;
      }
      kept.push(position);
      keptProjected.push(xy);
    }
    // A last vertex within 1 mm of the first closes the ring (rounding in the writer); more
    // of them are repeats.
    let closedAutomatically = !exactlyClosed && kept.length > 0;
    while (kept.length > 1) {
      const first = keptProjected[0];
      const last = keptProjected[keptProjected.length - 1];
      if (Math.hypot(first[0] - last[0], first[1] - last[1]) > COINCIDENT_M) break;
      kept.pop();
      keptProjected.pop();
      if (closedAutomatically) closedAutomatically = false;
      else removed += 1;
    }
    // A ring needs three distinct corners plus the closing repeat (RFC 7946 §3.1.6).
    if (kept.length < 3) return { ok: false, ringIndex, count: kept.length };
    // A ring that needed nothing is kept as the file gave it (no copy: issue 12, import memory).
    const unchanged = exactlyClosed && removed === 0 && kept.length === ring.length - 1;
    keptProjected.push(keptProjected[0]);
    if (!unchanged) kept.push(kept[0]);
    rings.push({ ring: unchanged ? ring : kept, projected: keptProjected, closedAutomatically, removed });
  }
  return { ok: true, rings };
}

/** Largest ring set the bowtie repair takes on (turf unkinkPolygon is quadratic in crossings). */
const REPAIR_MAX_VERTICES = 20_000;
/** Below this many edges the crossings are sought pair by pair (n² small, no tree to build). */
const SMALL_RING_EDGES = 32;
/** Crossings counted before the self-intersection check stops (the message says "at least"). */
const CROSSINGS_COUNTED = 1_000;

/**
 * Where the edges of a polygon's rings meet other than at the shared vertex of neighbouring
 * edges: the test of turf's kinks (crossings and touches count, collinear overlaps do
 * not), but with the edges in a Flatbush R-tree so each edge is tested only against the
 * edges its box meets — about n·log n for a parcel boundary instead of kinks' n² (a
 * 50 000-vertex ring took 13–17 s there, issue 11). Rings must be closed, without
 * consecutive repeats (cleanRings). Stops counting at CROSSINGS_COUNTED.
 */
export function findCrossings(rings: Position[][]): { count: number; first?: Position; capped: boolean } {
  // Plain indexed loops, no destructuring: this runs for every polygon of an import, and V8
  // compiled the destructuring version 5 times at ≈ 75 ms each during the 51 MB import (issue 12).
  let total = 0;
  for (let ringIndex = 0; ringIndex < rings.length; ringIndex++) total += Math.max(0, rings[ringIndex].length - 1);
  if (total < 2) return { count: 0, capped: false };
  const edgeRing = new Int32Array(total);
  const edgeStart = new Int32Array(total);
  // A parcel of a few dozen edges is checked pair by pair: building a tree costs more there.
  const index = total > SMALL_RING_EDGES ? new Flatbush(total) : undefined;
  let edge = 0;
  for (let ringIndex = 0; ringIndex < rings.length; ringIndex++) {
    const ring = rings[ringIndex];
    for (let vertex = 0; vertex < ring.length - 1; vertex += 1, edge += 1) {
      const from = ring[vertex];
      const to = ring[vertex + 1];
      edgeRing[edge] = ringIndex;
      edgeStart[edge] = vertex;
      index?.add(Math.min(from[0], to[0]), Math.min(from[1], to[1]), Math.max(from[0], to[0]), Math.max(from[1], to[1]));
    }
  }
  index?.finish();
  let count = 0;
  let first: Position | undefined;
  for (let a = 0; a < total; a += 1) {
    const ring = rings[edgeRing[a]];
    const i = edgeStart[a];
    const x1 = ring[i][0];
    const y1 = ring[i][1];
    const x2 = ring[i + 1][0];
    const y2 = ring[i + 1][1];
    // Every later edge (small rings: no list is built) or the later edges whose boxes meet this one's, in order.
    const candidates = index
      ? index.search(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2), (b) => b > a).sort((p, q) => p - q)
      : undefined;
    const last = candidates ? candidates.length : total;
    for (let next = candidates ? 0 : a + 1; next < last; next += 1) {
      const b = candidates ? candidates[next] : next;
      const other = rings[edgeRing[b]];
      const k = edgeStart[b];
      if (edgeRing[a] === edgeRing[b]) {
        // Neighbouring edges share a vertex, the last edge of a closed ring meets the first.
        if (k - i === 1 || (i === 0 && k === ring.length - 2)) continue;
      }
      const x3 = other[k][0];
      const y3 = other[k][1];
      const x4 = other[k + 1][0];
      const y4 = other[k + 1][1];
      const denominator = (y4 - y3) * (x2 - x1) - (x4 - x3) * (y2 - y1);
      if (denominator === 0) continue;
      const ua = ((x4 - x3) * (y1 - y3) - (y4 - y3) * (x1 - x3)) / denominator;
      const ub = ((x2 - x1) * (y1 - y3) - (y2 - y1) * (x1 - x3)) / denominator;
      if (ua < 0 || ua > 1 || ub < 0 || ub > 1) continue;
      count += 1;
      first ??= [x1 + ua * (x2 - x1), y1 + ua * (y2 - y1)];
      if (count >= CROSSINGS_COUNTED) return { count, first, capped: true };
    }
  }
  return { count, first, capped: false };
}

type PolygonOutcome =
  | { ok: true; geometry: Geometry; warnings: Bilingual[] }
  | { ok: false; code: ImportErrorCode; message: Bilingual; hint: Bilingual; repairable?: true };

type Refusal = Extract<PolygonOutcome, { ok: false }>;

/** One polygon of the output, lon/lat and projected, with the part of the source it came from. */
interface CheckedPolygon {
  rings: Position[][];
  projected: Position[][];
  /** 1-based part number in the source geometry. */
  part: number;
}

function squareMetres(area: number): string {
  return area >= 100 ? Math.round(area).toLocaleString('en-US') : area.toFixed(area >= 1 ? 2 : 4);
}

function partText(where: Bilingual, part: number, parts: number): Bilingual {
  return parts > 1 ? { zh: `${where.zh}第 ${part} 部分`, en: `${where.en}, part ${part}` } : where;
}

/** Metres per degree of latitude, and of longitude at the equator (GRS80, rounded: only compared with 1 m²). */
const METRES_PER_DEGREE_LATITUDE = 110_574;
const METRES_PER_DEGREE_LONGITUDE = 111_320;

/** Area (m², approximate) of a lon/lat ring with edges straight in lon/lat, scaled at its first latitude. */
function lonLatPlaneArea(ring: Position[]): number {
  const latitude = ring[0]?.[1] ?? 0;
  const scale = METRES_PER_DEGREE_LATITUDE * METRES_PER_DEGREE_LONGITUDE * Math.cos((latitude * Math.PI) / 180);
  return Math.abs(ringSignedArea(ring)) * scale;
}

/**
 * Rings too small to be a parcel, and holes not inside their exterior (a hole outside gives
 * a negative area: |exterior| − |hole|). Checked in metres (the feature's Gauss–Krüger zone).
 */
function checkRings(polygon: CheckedPolygon, label: Bilingual): Refusal | undefined {
  for (let ringIndex = 0; ringIndex < polygon.projected.length; ringIndex++) {
    const ring = polygon.projected[ringIndex];
    // Measured twice: in the Gauss–Krüger plane, and with the edges straight in lon/lat as
    // RFC 7946 §3.1.1 draws them (scaled to metres at the ring's latitude). Points on one
    // line of latitude are collinear in lon/lat but enclose a few m² in the projection,
    // where parallels curve; either way the ring is no area.
    const area = Math.min(Math.abs(ringSignedArea(ring)), lonLatPlaneArea(polygon.rings[ringIndex]));
    if (area < MINIMUM_RING_AREA_M2) {
      return {
        ok: false,
        code: 'INVALID_GEOMETRY',
        message: {
          zh: `${label.zh}的第 ${ringIndex + 1} 个环只围出 ${squareMetres(area)} 平方米（不足 1 平方米，如各点在一条直线上），构不成面。`,
          en: `${label.en}: ring ${ringIndex + 1} encloses only ${squareMetres(area)} m² (less than 1 m²; e.g. its points lie on one line), so it is not an area.`,
        },
        hint: { zh: '请检查该要素的顶点坐标，或将其删除。', en: 'Check the vertex coordinates of this feature, or remove it.' },
      };
    }
  }
  const [outer, ...holes] = polygon.projected;
  for (const [holeIndex, hole] of holes.entries()) {
    // With no crossing or touching edges (the self-intersection test ran first) a hole is
    // wholly inside its exterior or wholly outside: the first vertex or edge midpoint of the
    // hole that is not on the exterior (within 1 mm) decides. Each probe costs one pass over
    // the exterior, so only the first PROBES_TRIED are tried (linear, not holes × exterior).
    let outside = false;
    for (let index = 0, tried = 0; index < hole.length - 1 && tried < PROBES_TRIED; index += 1) {
      const vertex = hole[index];
      const next = hole[index + 1];
      for (const point of [vertex, [(vertex[0] + next[0]) / 2, (vertex[1] + next[1]) / 2]]) {
        tried += 1;
        if (distanceToRing(point, outer) <= COINCIDENT_M) continue;
        outside = !pointInRings(point, [outer]);
        tried = PROBES_TRIED;
        break;
      }
    }
    if (outside) {
      return {
        ok: false,
        code: 'INVALID_GEOMETRY',
        message: {
          zh: `${label.zh}的第 ${holeIndex + 2} 个环（内环，即“洞”）不在外环之内，面积会被算成负数。`,
          en: `${label.en}: ring ${holeIndex + 2} (an inner ring, a hole) is not inside the outer ring, which would make the area negative.`,
        },
        hint: {
          zh: '内环必须位于外环之内：请在原软件中修正该要素，或把该环另存为一个独立的面。',
          en: 'A hole must lie inside its outer ring: fix the feature in the source software, or save that ring as a polygon of its own.',
        },
      };
    }
  }
  return undefined;
}

/** Overlap (m²) of two projected polygons, computed in a frame shifted to `origin`. */
function overlapArea(first: Position[][], second: Position[][], origin: Position): number {
  const shift = (rings: Position[][]) => rings.map((ring) => ring.map(([x, y]) => [x - origin[0], y - origin[1]]));
  const piece = intersect(featureCollection([turfPolygon(shift(first)), turfPolygon(shift(second))]));
  if (!piece) return 0;
  const geometry = piece.geometry;
  return polygonsArea(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
}

function orientation(a: Position, b: Position, c: Position): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function withinBox(a: Position, b: Position, c: Position): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}

/** Whether segments p1–p2 and p3–p4 share any point (crossing, touching or collinear overlap). */
function segmentsMeet(p1: Position, p2: Position, p3: Position, p4: Position): boolean {
  const d1 = orientation(p3, p4, p1);
  const d2 = orientation(p3, p4, p2);
  const d3 = orientation(p1, p2, p3);
  const d4 = orientation(p1, p2, p4);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && withinBox(p3, p4, p1)) ||
    (d2 === 0 && withinBox(p3, p4, p2)) ||
    (d3 === 0 && withinBox(p1, p2, p3)) ||
    (d4 === 0 && withinBox(p1, p2, p4))
  );
}

/**
 * Pairs of polygons (indices a < b, as a·n + b) that may share interior: their boundaries
 * meet (an R-tree of every edge, each edge tested against the edges its box meets), or one
 * lies wholly inside the other (a vertex inside, tested only when one box holds the other).
 * Two parts whose boxes overlap but whose boundaries never meet and neither holds the other
 * are disjoint, and are not clipped at all: the clipping (turf intersect) ran on every pair
 * of overlapping boxes before, 13 s for 300 parts (issue 11).
 */
function contactPairs(polygons: CheckedPolygon[], boxes: [number, number, number, number][]): number[] {
  const n = polygons.length;
  const edges: { polygon: number; start: Position; end: Position }[] = [];
  for (const [polygon, { projected }] of polygons.entries()) {
    for (const ring of projected) for (let vertex = 0; vertex < ring.length - 1; vertex += 1) edges.push({ polygon, start: ring[vertex], end: ring[vertex + 1] });
  }
  const pairs = new Set<number>();
  const index = new Flatbush(Math.max(1, edges.length));
  for (const { start, end } of edges) index.add(Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1]));
  if (edges.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  for (const edge of edges) {
    const { start, end } = edge;
    index.search(Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1]), (candidate) => {
      const other = edges[candidate];
      if (other.polygon <= edge.polygon) return false;
      const key = edge.polygon * n + other.polygon;
      if (!pairs.has(key) && segmentsMeet(start, end, other.start, other.end)) pairs.add(key);
      return false;
    });
  }
  const order = polygons.map((_, position) => position).sort((a, b) => boxes[a][0] - boxes[b][0]);
  const holds = (outer: number, inner: number) =>
    boxes[outer][0] <= boxes[inner][0] && boxes[outer][1] <= boxes[inner][1] && boxes[outer][2] >= boxes[inner][2] && boxes[outer][3] >= boxes[inner][3];
  for (let i = 0; i < order.length; i += 1) {
    const a = order[i];
    for (let j = i + 1; j < order.length && boxes[order[j]][0] <= boxes[a][2]; j += 1) {
      const b = order[j];
      const key = Math.min(a, b) * n + Math.max(a, b);
      if (pairs.has(key)) continue;
      if ((holds(a, b) && pointInRings(polygons[b].projected[0][0], polygons[a].projected)) || (holds(b, a) && pointInRings(polygons[a].projected[0][0], polygons[b].projected))) {
        pairs.add(key);
      }
    }
  }
  return [...pairs].sort((p, q) => p - q);
}

/**
 * The first pair of polygons (by part) whose interiors overlap, with the overlap in m², and
 * (when `countAll`, for the repair warning) how many pairs overlap.
 */
function firstOverlap(
  polygons: CheckedPolygon[],
  countAll: boolean,
): { first: CheckedPolygon; second: CheckedPolygon; area: number; pairs: number } | undefined {
  if (polygons.length < 2) return undefined;
  const origin = polygons[0].projected[0][0];
  const boxes = polygons.map((polygon) => ringsBox([polygon.projected[0]]));
  const n = polygons.length;
  let found: { first: CheckedPolygon; second: CheckedPolygon; area: number } | undefined;
  let pairs = 0;
  // Polygons are in part order, so the candidate pairs sorted by (a, b) meet the first pair first.
  for (const key of contactPairs(polygons, boxes)) {
    const [a, b] = [Math.floor(key / n), key % n];
    const area = overlapArea(polygons[a].projected, polygons[b].projected, origin);
    if (!(area > OVERLAP_TOLERANCE_M2)) continue;
    pairs += 1;
    found ??= { first: polygons[a], second: polygons[b], area };
    if (!countAll) break;
  }
  return found ? { ...found, pairs } : undefined;
}

/**
 * Validates (and with `repair`, mends) the polygons of one feature, in lon/lat:
 * - rings closed, consecutive repeated vertices (≤ 1 mm apart) dropped — each a warning;
 * - at least 3 distinct vertices and at least 1 m² per ring (INVALID_GEOMETRY);
 * - no self-intersection (SELF_INTERSECTION; `repair` splits at the crossings);
 * - holes inside their exterior (INVALID_GEOMETRY);
 * - the parts of a MultiPolygon do not overlap (INVALID_GEOMETRY; `repair` merges them),
 *   since areas are summed part by part.
 * Other geometry types pass unchanged.
 */
function checkPolygons(geometry: Geometry, where: Bilingual, repair: boolean): PolygonOutcome {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return { ok: true, geometry, warnings: [] };
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const firstPosition = parts.find((part) => part[0]?.length)?.[0][0];
  const crs = gaussKrugerZoneFor(firstPosition ? firstPosition[0] : 121.5);
  const projector = gaussKrugerProjector(crs);
  const project: Project = (position) => projector(position[0], position[1]);
  const warnings: Bilingual[] = [];
  const output: CheckedPolygon[] = [];
  let closedCount = 0;
  let removedCount = 0;
  // What every polygon of an import goes through is here; what only a faulty one needs (the
  // messages, the repairs) is in functions of its own, so that V8 optimizes a small function
  // (issue 12: this one was compiled 4 times at ≈ 70 ms each during the 51 MB import).
  for (let partIndex = 0; partIndex < parts.length; partIndex++) {
    const label = partText(where, partIndex + 1, parts.length);
    const cleaned = cleanRings(parts[partIndex], project);
    if (!cleaned.ok) return tooFewVertices(label, cleaned.ringIndex, cleaned.count);
    const rings: Position[][] = [];
    const projected: Position[][] = [];
    for (const ring of cleaned.rings) {
      if (ring.closedAutomatically) closedCount += 1;
      removedCount += ring.removed;
      rings.push(ring.ring);
      projected.push(ring.projected);
    }
    const crossings = findCrossings(rings);
    if (crossings.count === 0) {
      const checked: CheckedPolygon = { rings, projected, part: partIndex + 1 };
      const refusal = checkRings(checked, label);
      if (refusal) return refusal;
      output.push(checked);
      continue;
    }
    const split = splitAtCrossings(rings, crossings, label, partIndex + 1, project, repair);
    if (!split.ok) return split;
    output.push(...split.pieces);
    warnings.push(split.warning);
  }
  if (closedCount > 0) {
    warnings.unshift({
      zh: `${where.zh}的边界未闭合，已自动闭合。`,
      en: `${where.en}: the boundary was not closed; closed automatically.`,
    });
  }
  if (removedCount > 0) {
    warnings.unshift({
      zh: `${where.zh}有 ${removedCount} 个与前一点重合（相距不足 1 毫米）的重复顶点，已删除。`,
      en: `${where.en}: removed ${countOf(removedCount, 'repeated vertex', 'repeated vertices')} (consecutive, less than 1 mm apart).`,
    });
  }
  let repaired: Geometry =
    output.length === 1 && geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: output[0].rings }
      : { type: 'MultiPolygon', coordinates: output.map((polygon) => polygon.rings) };
  // Parts are summed one by one (measureArea, the review, the intensity engine), so two
  // overlapping parts would count the shared ground twice.
  const overlap = firstOverlap(output, repair);
  if (overlap) {
    const merged = mergeOverlap(output, overlap, where, repair);
    if (!merged.ok) return merged;
    if (merged.geometry) repaired = merged.geometry;
    warnings.push(merged.warning);
  }
  return { ok: true, geometry: wound(repaired), warnings };
}

/** A ring of a polygon part with fewer than three distinct vertices (cleanRings). */
function tooFewVertices(label: Bilingual, ringIndex: number, count: number): Refusal {
  return {
    ok: false,
    code: 'INVALID_GEOMETRY',
    message: {
      zh: `${label.zh}的第 ${ringIndex + 1} 个环只有 ${count} 个不同顶点，构不成面。`,
      en: `${label.en}: ring ${ringIndex + 1} has only ${count} distinct vertices, not enough for an area.`,
    },
    hint: { zh: '请删除该要素或补全其边界点。', en: 'Remove the feature or complete its boundary points.' },
  };
}

/**
 * A polygon part whose boundary crosses itself: refused, or (`repair`) split at the crossings
 * into the pieces kept and the warning that says so.
 */
function splitAtCrossings(
  rings: Position[][],
  crossings: ReturnType<typeof findCrossings>,
  label: Bilingual,
  part: number,
  project: Project,
  repair: boolean,
): Refusal | { ok: true; pieces: CheckedPolygon[]; warning: Bilingual } {
  const first = crossings.first ?? rings[0][0];
  const crossingCount = `${crossings.capped ? '≥ ' : ''}${crossings.count}`;
  if (!repair) {
    return {
      ok: false,
      code: 'SELF_INTERSECTION',
      message: {
        zh: `${label.zh}的边界自相交（${crossingCount} 处，首处约在 ${formatLonLat(first)}），如“8”字形。`,
        en: `${label.en}: the boundary crosses itself (${countOf(crossingCount, 'crossing', 'crossings')}, the first near ${formatLonLat(first)}), like a bowtie.`,
      },
      hint: {
        zh: '请在原软件中修正顶点顺序后重新导入。',
        en: 'Fix the vertex order in the source software and import the file again.',
      },
      repairable: true,
    };
  }
  // Repair by splitting at the crossings (turf unkinkPolygon) rather than a buffer(0):
  // buffer(0) keeps only the lobes whose winding matches the exterior and silently drops
  // the reversed lobe of a bowtie, i.e. part of the drawn area; splitting keeps every lobe
  // and adds no area, and the warning says it happened.
  let pieces: Polygon[];
  try {
    // unkinkPolygon walks every crossing against every edge: bounded here so a repair of a
    // hostile ring (thousands of crossings) is refused in milliseconds instead of running on.
    const ringVertices = rings.reduce((sum, ring) => sum + ring.length, 0);
    if (crossings.capped || ringVertices > REPAIR_MAX_VERTICES) throw new Error('too complex to repair');
    pieces = unkinkPolygon({ type: 'Polygon', coordinates: rings }).features.map((piece) => piece.geometry);
  } catch {
    return {
      ok: false,
      code: 'SELF_INTERSECTION',
      message: {
        zh: `${label.zh}的边界自相交，且无法自动修复。`,
        en: `${label.en}: the boundary crosses itself and could not be repaired automatically.`,
      },
      hint: { zh: '请在原软件中修正该要素的边界。', en: 'Fix the boundary of this feature in the source software.' },
    };
  }
  // Slivers left at a crossing (a lobe under 1 m²) are dropped rather than refused: the
  // person asked for a repair, and the warning counts them.
  const kept = pieces
    .map((piece) => ({ rings: piece.coordinates, projected: piece.coordinates.map((ring) => ring.map(project)), part }))
    .filter((piece) => Math.abs(ringSignedArea(piece.projected[0])) >= MINIMUM_RING_AREA_M2);
  for (const piece of kept) {
    const refusal = checkRings(piece, label);
    if (refusal) return refusal;
  }
  const dropped = pieces.length - kept.length;
  return {
    ok: true,
    pieces: kept,
    warning: {
      zh: `${label.zh}的边界自相交（${crossingCount} 处），已在交点处拆分为 ${kept.length} 个面${dropped > 0 ? `（另有 ${dropped} 个不足 1 平方米的碎片已舍去）` : ''}。`,
      en: `${label.en}: the self-intersecting boundary (${countOf(crossingCount, 'crossing', 'crossings')}) was split at the crossings into ${countOf(kept.length, 'polygon', 'polygons')}${dropped > 0 ? ` (${countOf(dropped, 'sliver', 'slivers')} under 1 m² dropped)` : ''}.`,
    },
  };
}

/** Overlapping parts of a multi-part feature: refused, or (`repair`) merged, with the warning that says so. */
function mergeOverlap(
  output: CheckedPolygon[],
  overlap: NonNullable<ReturnType<typeof firstOverlap>>,
  where: Bilingual,
  repair: boolean,
): Refusal | { ok: true; geometry: Geometry | undefined; warning: Bilingual } {
  const { first, second, area } = overlap;
  if (!repair) {
    return {
      ok: false,
      code: 'INVALID_GEOMETRY',
      message: {
        zh: `${where.zh}的第 ${first.part} 部分与第 ${second.part} 部分重叠约 ${squareMetres(area)} 平方米；多部分要素（MultiPolygon）的各部分不得重叠，否则重叠处面积会被重复计算。`,
        en: `${where.en}: part ${first.part} and part ${second.part} overlap by about ${squareMetres(area)} m²; the parts of a multi-part feature (MultiPolygon) must not overlap, or the shared area is counted twice.`,
      },
      hint: {
        zh: '请在原软件中合并或修正这些部分后重新导入。',
        en: 'Merge or fix these parts in the source software and import the file again.',
      },
      repairable: true,
    };
  }
  const merged = union(featureCollection(output.map((polygon) => turfPolygon(polygon.rings))));
  return {
    ok: true,
    geometry: merged?.geometry,
    warning: {
      zh: `${where.zh}的第 ${first.part} 与第 ${second.part} 部分重叠约 ${squareMetres(area)} 平方米${overlap.pairs > 1 ? `（共 ${overlap.pairs} 处重叠）` : ''}，已合并为不重叠的面。`,
      en: `${where.en}: parts ${first.part} and ${second.part} overlapped by about ${squareMetres(area)} m²${overlap.pairs > 1 ? ` (${overlap.pairs} overlapping pairs in all)` : ''}; merged into non-overlapping polygons.`,
    },
  };
}

/**
 * RFC 7946 §3.1.6 winding — exteriors counter-clockwise, holes clockwise (by the sign of
 * ringSignedArea; rings under MINIMUM_RING_AREA_M2 were refused before) — whatever the
 * source wrote (shapefiles store exteriors clockwise): what turf's rewind gives, but a ring
 * is copied only when it is turned (rewind cloned every feature: issue 12, import time).
 */
function wound(geometry: Geometry): Geometry {
  const wind = (polygon: Position[][]): Position[][] => polygon.map((ring, index) => ((ringSignedArea(ring) < 0) === (index === 0) ? ring.slice().reverse() : ring));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: wind(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(wind) };
  return geometry;
}

/**
 * The polygons of a GeometryCollection (KML <MultiGeometry>, as togeojson reads it) as the
 * MultiPolygon they mean, so they are validated and reviewed like one: a bowtie inside a
 * collection is refused as anywhere else (issue 11 found it accepted when a label point
 * stood beside it). Points and lines beside polygons (label points) are dropped and
 * counted; a collection without polygons is returned unchanged.
 */
function polygonalCollection(geometry: Geometry): { geometry: Geometry; dropped: number } {
  if (geometry.type !== 'GeometryCollection') return { geometry, dropped: 0 };
  const polygons: Position[][][] = [];
  let dropped = 0;
  const collect = (part: Geometry): void => {
    if (part.type === 'Polygon') polygons.push(part.coordinates);
    else if (part.type === 'MultiPolygon') polygons.push(...part.coordinates);
    else if (part.type === 'GeometryCollection') part.geometries.forEach(collect);
    else dropped += 1;
  };
  collect(geometry);
  if (polygons.length === 0) return { geometry, dropped: 0 };
  return { geometry: { type: 'MultiPolygon', coordinates: polygons }, dropped };
}


/** EMPTY_COLLECTION for a file with no features at all. */
function noFeatures(file: string): ImportError {
  return importError(
    'EMPTY_COLLECTION',
    file,
    { zh: '文件中没有任何要素。', en: 'The file contains no features.' },
    { zh: '请检查是否导出了正确的图层，或选择其他文件。', en: 'Check that the right layer was exported, or choose another file.' },
  );
}

/** EMPTY_COLLECTION for a file whose features all lack a geometry. */
function noGeometries(file: string): ImportError {
  return importError(
    'EMPTY_COLLECTION',
    file,
    { zh: '文件中没有带几何形状的要素。', en: 'The file contains no features with a geometry.' },
    { zh: '请检查是否导出了正确的图层。', en: 'Check that the right layer was exported.' },
  );
}

/** The vertices of a feature's geometry (0 without one), or INVALID_GEOMETRY for a structure checkShape refuses. */
function shapeVertices(feature: SourceFeature, file: string): Result<number, ImportError> {
  if (feature.geometry === null || feature.geometry === undefined) return ok(0);
  const shape = checkShape(feature.geometry);
  if (shape.ok) return ok(shape.vertices);
  return fail(
    importError(
      'INVALID_GEOMETRY',
      file,
      { zh: `${feature.where.zh}的几何无效：${shape.reason.zh}`, en: `${feature.where.en}: invalid geometry: ${shape.reason.en}` },
      { zh: '请在原软件中检查或删除该要素，然后重新导出。', en: 'Check or remove this feature in the source software, then export again.' },
    ),
  );
}

function hasGeometry(feature: SourceFeature): boolean {
  return feature.geometry !== null && feature.geometry !== undefined;
}

/** A batch StreamedImport holds: its features with a geometry, or a way to read the batch again. */
type HeldBatch = SourceFeature[] | (() => SourceFeature[]);

function heldFeatures(batch: HeldBatch): SourceFeature[] {
  return Array.isArray(batch) ? batch : batch().filter(hasGeometry);
}

function skippedWarning(skipped: number): Bilingual {
  return { zh: `${skipped} 个要素没有几何形状，已跳过。`, en: `${countOf(skipped, 'feature', 'features')} without geometry ${wasWere(skipped)} skipped.` };
}

/**
 * One feature with a geometry, read in the CRS `assumption`: converted to lon/lat, checked
 * to lie in the region, its polygons checked (and repaired when asked); its warnings go
 * into `warnings`. Shared by completeImport and StreamedImport.
 */
function placeFeature(feature: SourceFeature, assumption: CrsAssumption, options: ImportOptions, warnings: Bilingual[]): Result<Feature, ImportError> {
  const file = options.fileName;
  const geometry = feature.geometry as Geometry;
  const ordered = assumption.axisSwapped ? swapAxes(geometry) : geometry;
  const lonLat = unprojectGeometry(ordered, assumption.crs);
  const outside = checkRegion(lonLat);
  if (outside) {
    const info = CRS_INFO[assumption.crs];
    // Numbers far beyond the projection's range (swapped X/Y in Gauss–Krüger, often) convert to
    // no position at all: that is said, not printed as "Infinity°E".
    // Projected numbers read as degrees (500000, 4100000 as lon/lat) are no position either.
    const placed = outside.every(Number.isFinite) && Math.abs(outside[0]) <= 180 && Math.abs(outside[1]) <= 90;
    return fail({
      ...importError(
        'OUTSIDE_REGION',
        file,
        placed
          ? {
              zh: `${feature.where.zh}按 ${assumption.crs}（${info.label.zh}）换算后位于 ${formatLonLat(outside)}，远在威海—乳山范围（东经119–124°、北纬35.5–38.5°）之外。`,
              en: `${feature.where.en}, read as ${assumption.crs} (${info.label.en}), lands at ${formatLonLat(outside)}, far outside the Weihai–Rushan region (119–124°E, 35.5–38.5°N).`,
            }
          : {
              zh: `${feature.where.zh}按 ${assumption.crs}（${info.label.zh}）换算得不到地球上的位置：数值超出该坐标系的范围，不在威海—乳山范围（东经119–124°、北纬35.5–38.5°）内。`,
              en: `${feature.where.en}, read as ${assumption.crs} (${info.label.en}), converts to no position on Earth: the numbers lie beyond that system's range, not in the Weihai–Rushan region (119–124°E, 35.5–38.5°N).`,
            },
        {
          zh: '坐标系可能判断错误：请在导入时手动选择正确的坐标系（或检查 X/Y 是否对调）；若该要素确实不在本地区，请从文件中删除。',
          en: 'The CRS may be wrong: choose the right CRS when importing (or check whether X/Y are swapped); if the feature really lies elsewhere, remove it from the file.',
        },
      ),
      readAs: { crs: assumption.crs, axisSwapped: assumption.axisSwapped },
    });
  }
  const collected = polygonalCollection(lonLat);
  const checked = checkPolygons(collected.geometry, feature.where, options.repair === true);
  if (!checked.ok) {
    // The refusal is an ImportError but for its file (a repairable one stays so).
    const { ok: _refused, ...refusal } = checked;
    return fail({ ...refusal, file });
  }
  if (collected.dropped > 0) {
    warnings.push({
      zh: `${feature.where.zh}的几何集合中除面以外的 ${collected.dropped} 个点或线（如标注点）已舍去，只导入面。`,
      en: `${feature.where.en}: ${countOf(collected.dropped, 'point or line', 'points or lines')} beside the polygons of the collection (e.g. a label point) ${wasWere(collected.dropped)} dropped; only the polygons were imported.`,
    });
  }
  warnings.push(...checked.warnings);
  // Properties as given (the importer's own objects, not copied): values stay strings/numbers, nothing is parsed as HTML.
  return ok({ type: 'Feature', properties: feature.properties, geometry: checked.geometry });
}

/**
 * Turns parsed source data into an import result: CRS resolved per layer, coordinates
 * converted to lon/lat, every feature checked. Returns the first error met, with no
 * features.
 */
export function completeImport(source: SourceData, options: ImportOptions): ImportOutcome {
  const file = options.fileName;
  const total = source.layers.reduce((sum, layer) => sum + layer.features.length, 0);
  if (total === 0) {
    return fail(noFeatures(file));
  }
  const limits = importLimits(options);
  if (total > limits.maxFeatures) return fail(limitError(file, 'maxFeatures', total, limits.maxFeatures));
  // The structure of every geometry before any arithmetic (CRS detection reads the numbers).
  let vertices = 0;
  for (const layer of source.layers) {
    for (const feature of layer.features) {
      const shape = shapeVertices(feature, file);
      if (!shape.ok) return shape;
      vertices += shape.value;
      if (vertices > limits.maxVertices) return fail(limitError(file, 'maxVertices', vertices, limits.maxVertices));
    }
  }
  const warnings = [...source.warnings];
  const features: Feature[] = [];
  let firstAssumption: CrsAssumption | undefined;
  for (const layer of source.layers) {
    const placed = layer.features.filter(hasGeometry);
    const skipped = layer.features.length - placed.length;
    if (skipped > 0) warnings.push(skippedWarning(skipped));
    if (placed.length === 0) continue;
    const resolved = resolveCrs({ ...layer, features: placed }, options);
    if (!resolved.ok) return fail(resolved.error);
    const assumption = resolved.assumption;
    if (!firstAssumption) firstAssumption = assumption;
    else if (firstAssumption.crs !== assumption.crs || firstAssumption.axisSwapped !== assumption.axisSwapped) {
      warnings.push({
        zh: `图层 ${layer.name ?? ''} 的坐标系为 ${assumption.crs}，与第一个图层（${firstAssumption.crs}）不同，已分别转换。`,
        en: `Layer ${layer.name ?? ''} is in ${assumption.crs}, unlike the first layer (${firstAssumption.crs}); each was converted separately.`,
      });
    }
    for (const feature of placed) {
      const placedFeature = placeFeature(feature, assumption, options, warnings);
      if (!placedFeature.ok) return placedFeature;
      features.push(placedFeature.value);
    }
  }
  if (!firstAssumption || features.length === 0) {
    return fail(noGeometries(file));
  }
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  return ok({ format: source.format, features: collection, crs: firstAssumption, warnings, sourceName: file });
}

/**
 * completeImport for features that arrive in batches (issue 12: a large GeoJSON read in
 * pieces, never held whole). The same gates in the same order for each batch — structure,
 * caps, CRS, region, rings — and the same CRS assumption: the features with a geometry are
 * held until they hold {@link DETECTION_SAMPLE} vertices (or the file ends), the sample
 * completeImport reads the CRS from. One difference: completeImport checks every structure in
 * the file before any arithmetic, this only those of the batch, so in a file of several
 * batches the first batch with a fault decides which fault is named.
 */
export class StreamedImport {
  readonly #warnings: Bilingual[];
  /** Warnings the source itself gave (before any feature's). */
  readonly #sourceWarnings: number;
  readonly #limits: ImportLimits;
  #assumption: CrsAssumption | undefined;
  /**
   * Batches held until the CRS is read — their features with a geometry, or a way to read
   * them again — and their vertices. A stream passes the second (its batch's bytes): held
   * parsed objects were what made V8 grow its young generation to the most it allows, for the
   * rest of the import (the 51 MB bench file, with geojson-stream's batches of 32 KB: a peak of
   * 134 MiB instead of 150).
   */
  #held: HeldBatch[] = [];
  #heldVertices = 0;
  /** The first DETECTION_SAMPLE positions of the held features (x, y in turn), as samplePairs takes them. */
  #sample: Float64Array | undefined;
  #sampled = 0;
  #features = 0;
  #placed = 0;
  #vertices = 0;

  constructor(
    readonly options: ImportOptions,
    readonly declared?: SourceLayer['declared'],
    warnings: Bilingual[] = [],
  ) {
    this.#limits = importLimits(options);
    this.#warnings = [...warnings];
    this.#sourceWarnings = warnings.length;
  }

  /** The CRS is not read yet: a batch added now is held (`add`'s `reread`). */
  get holding(): boolean {
    return this.#assumption === undefined;
  }

  /**
   * Checks one batch, in order; its lon/lat features once the CRS is read (none while the
   * batches are held: `released` gives those, after the call that read the CRS), or the first
   * error. `reread` gives the same batch again (while holding, it is held instead of the
   * batch's objects).
   */
  add(batch: SourceFeature[], reread?: () => SourceFeature[]): Result<Feature[], ImportError> {
    const file = this.options.fileName;
    this.#features += batch.length;
    if (this.#features > this.#limits.maxFeatures) return fail(limitError(file, 'maxFeatures', this.#features, this.#limits.maxFeatures));
    let batchVertices = 0;
    for (const feature of batch) {
      const shape = shapeVertices(feature, file);
      if (!shape.ok) return shape;
      batchVertices += shape.value;
      this.#vertices += shape.value;
      if (this.#vertices > this.#limits.maxVertices) return fail(limitError(file, 'maxVertices', this.#vertices, this.#limits.maxVertices));
    }
    const placed = batch.filter(hasGeometry);
    if (this.#assumption) return this.#place(placed);
    if (placed.length > 0) {
      this.#sampleFrom(placed);
      this.#held.push(reread ?? placed);
    }
    this.#heldVertices += batchVertices;
    return this.#heldVertices < DETECTION_SAMPLE ? ok([]) : this.#readCrs();
  }

  /**
   * The state before the next batch; calling the result puts it back, as if that batch had not
   * been added (the stream takes a refused batch again in other batches, see streamGeoJson).
   */
  checkpoint(): () => void {
    const features = this.#features;
    const vertices = this.#vertices;
    const held = this.#held.slice();
    const heldVertices = this.#heldVertices;
    // The sample's first `sampled` positions are never written again, so the count puts it back.
    const sampled = this.#sampled;
    const assumption = this.#assumption;
    const placed = this.#placed;
    const warnings = this.#warnings.length;
    return () => {
      this.#features = features;
      this.#vertices = vertices;
      this.#held = held;
      this.#heldVertices = heldVertices;
      this.#sampled = sampled;
      this.#assumption = assumption;
      this.#placed = placed;
      this.#warnings.length = warnings;
    };
  }

  /** After the last batch: the features still held, the CRS read and the warnings — or EMPTY_COLLECTION as completeImport words it. */
  finish(): Result<{ features: Feature[]; crs: CrsAssumption; warnings: Bilingual[]; placed: number }, ImportError> {
    const file = this.options.fileName;
    if (this.#features === 0) return fail(noFeatures(file));
    // The file ended before the sample was full: the CRS is read from what is held.
    const read = this.#readCrs();
    if (!read.ok) return read;
    const features: Feature[] = [];
    for (const batch of this.released()) features.push(...batch);
    if (!this.#assumption || this.#placed === 0) return fail(noGeometries(file));
    const skipped = this.#features - this.#placed;
    const warnings = [...this.#warnings];
    // Where completeImport puts it: before the features' own warnings.
    if (skipped > 0) warnings.splice(this.#sourceWarnings, 0, skippedWarning(skipped));
    return ok({ features, crs: this.#assumption, warnings, placed: this.#placed });
  }

  /** Takes the sample's positions from features as they are held (samplePairs' order and count). */
  #sampleFrom(features: SourceFeature[]): void {
    const sample = (this.#sample ??= new Float64Array(2 * DETECTION_SAMPLE));
    for (const [x, y] of samplePairs(features, DETECTION_SAMPLE - this.#sampled)) {
      sample[2 * this.#sampled] = x;
      sample[2 * this.#sampled + 1] = y;
      this.#sampled += 1;
    }
  }

  /**
   * Reads the CRS from the sample, and checks that every held feature can be placed in it
   * (the first fault is returned, as placing them would). Nothing placed is kept: `released`
   * places the held batches again, one at a time.
   */
  #readCrs(): Result<Feature[], ImportError> {
    if (this.#assumption || this.#held.length === 0) return ok([]);
    const sample = this.#sample!;
    const pairs = Array.from({ length: this.#sampled }, (_, at): [number, number] => [sample[2 * at], sample[2 * at + 1]]);
    const resolved = resolveCrsOf(pairs, this.declared, this.options);
    if (!resolved.ok) return fail(resolved.error);
    const unused: Bilingual[] = [];
    for (const batch of this.#held) {
      for (const feature of heldFeatures(batch)) {
        const placed = placeFeature(feature, resolved.assumption, this.options, unused);
        if (!placed.ok) return placed;
      }
    }
    this.#assumption = resolved.assumption;
    return ok([]);
  }

  /**
   * Once the CRS is read (`add` returned a batch's features, or nothing, after the sample
   * filled): the batches held until then, placed in order one at a time — each to be handed
   * on before the next is placed, so that few of them are alive at once (issue 12: what
   * survives V8's young-generation collections makes it grow that generation for good).
   */
  *released(): Generator<Feature[]> {
    if (!this.#assumption) return;
    while (this.#held.length > 0) {
      const placed = this.#place(heldFeatures(this.#held.shift()!));
      // #readCrs placed each of these features once already.
      if (!placed.ok) throw new Error('a held feature could not be placed the second time');
      yield placed.value;
    }
  }

  #place(placed: SourceFeature[]): Result<Feature[], ImportError> {
    const features: Feature[] = [];
    for (const feature of placed) {
      const result = placeFeature(feature, this.#assumption!, this.options, this.#warnings);
      if (!result.ok) return result;
      features.push(result.value);
    }
    this.#placed += features.length;
    return ok(features);
  }
}
