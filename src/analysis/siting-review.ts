/**
 * Siting review (项目选址审查) of one proposed site against every planning layer of the atlas.
 * Pure: no Node APIs, no React, no MapLibre — the app, a Web Worker and the `review` CLI
 * call the same two functions: {@link createReviewContext} once, {@link reviewSite} per site.
 *
 * Geometry: all overlaps are computed planar in the CGCS2000 3° Gauss–Krüger zone of the
 * site (zone 40 west of 121.5°E, 41 east — the zone `measureArea` picks for the site), on
 * the projected vertices, the way PostGIS ST_Area(ST_Intersection(ST_Transform(…))) does and
 * the way Chinese land records compute areas. Distances are geodesic on GRS80 between the
 * closest points (found in the projection, where the error is second order at the minimum).
 *
 * Cost: every layer is indexed once (flatbush over lon/lat bboxes); a review tests exactly
 * the features whose bbox touches the site's (or, for proximity, a box grown until the
 * nearest feature is certain), so it grows with the candidates, not with the atlas.
 *
 * Verdict rules (documented for planners; reasons are returned in zh and en):
 * 1. `non-compliant` when any conflict is a blocker: overlap with the marine ranch
 *    (海洋牧场, sea use already planned), or with the 莱荣高铁 line safety protection zone
 *    (《铁路安全管理条例》第二十七条, width by the chosen area class).
 * 2. otherwise `needs-review` when any of: overlap with another site under review or with a
 *    supplied parcel layer; a failed 《工业项目建设用地控制指标》 indicator; the site lies
 *    outside every development zone and industrial park, or less than 99 % of it lies inside
 *    them; the proposal's industry matches none of the leading industries of the zones it
 *    lies in.
 * 3. otherwise `compliant`.
 * Indicators or industries that cannot be assessed (no verified limit, no mapping) are
 * reported as information and do not change the verdict.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { featureCollection, intersect, multiPolygon as turfMultiPolygon, union } from '@turf/turf';
import type { Bilingual, LayerMeta } from '../data/catalog-types';
import { CLUSTERS, RUSHAN_INDUSTRIES, splitList } from '../data/industries';
import { gaussKrugerZoneFor, projectPoint, unprojectPoint, type GaussKrugerCode } from '../crs/projections';
import { featureIdOf, nameOf } from '../io/feature-name';
import { measureArea, measureDistance } from './measure';
import { pointInPolygons, pointInRings, polygonsArea, polygonsCentroid } from '../geometry/planar';
import { squareMetresToHectares, squareMetresToMu } from './units';
import {
  boxesTouch,
  buildIndex,
  candidatePositions,
  geometryBbox,
  type BoundingBox,
  type SpatialIndex,
} from './spatial-index';
import {
  bufferPlanarLines,
  DEFAULT_RAIL_AREA_CLASS,
  HIGH_SPEED_RAIL_PROTECTION_WIDTH_M,
  railProtectionRule,
  type RailAreaClass,
} from './protection-zone';
import { checkControlIndicators, industryDivision, type ControlCheck, type ControlOptions, type ControlProposal } from './control-indicators';

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

export interface ReviewLayer {
  meta: LayerMeta;
  features: FeatureCollection;
}

export type ConflictSeverity = 'blocker' | 'review';

/** A layer whose polygons a site must not overlap. */
export interface ConflictLayerRule {
  layerId: string;
  severity: ConflictSeverity;
  rule: Bilingual;
}

/** A layer whose nearest feature is reported, optionally filtered (e.g. roads → expressways). */
export interface ProximityLayerRule {
  layerId: string;
  /** Which features count; all when absent. */
  filter?: (properties: Record<string, unknown>) => boolean;
  /** Label of what is measured, e.g. 高速公路 / expressway. */
  label?: Bilingual;
}

export interface ReviewContextOptions {
  /** Layers whose polygons are zones and parks (overlap and share of the site). */
  zoneLayerIds?: string[];
  /** Conflict layers; default: marine-ranch (blocker) and every layer whose id contains "parcel" (review). */
  conflictLayers?: ConflictLayerRule[];
  /** The railway centre line layer; default `hsr-line`. */
  railLayerId?: string;
  /** Nearest-feature layers; default stations, ports, bridges, expressways, towns. */
  proximityLayers?: ProximityLayerRule[];
  /** County polygons for the site's district; default `basemap-counties`. */
  districtLayerId?: string;
}

interface IndexedLayer {
  meta: LayerMeta;
  features: Feature[];
  index: SpatialIndex;
  /** bbox of the whole layer (lon/lat). */
  extent: BoundingBox | undefined;
  /** Projected geometry per Gauss–Krüger zone, filled lazily (only candidates are ever projected). */
  projected: Map<GaussKrugerCode, Map<number, PlanarShape>>;
}

/** Prepared layers: build once (projections are cached lazily), review many sites. */
export interface ReviewContext {
  layers: Map<string, IndexedLayer>;
  zoneLayerIds: string[];
  conflictLayers: ConflictLayerRule[];
  railLayerId: string;
  proximityLayers: ProximityLayerRule[];
  districtLayerId: string;
}

/** What the project proposes; ratios are fractions, investment intensity 万元/公顷. */
export type Proposal = ControlProposal;

export interface ReviewOptions {
  /** 《铁路安全管理条例》 Art. 27 area class; default 其他地区 (`other`, 20 m). */
  railClass?: RailAreaClass;
  /**
   * For a Point site: the area of the site (m²); it is reviewed as a circle of that area.
   * Default: the site's own `site_area_m2` attribute ({@link SITE_AREA_PROPERTY}).
   */
  siteAreaM2?: number;
  /**
   * Other sites under review: overlaps are reported as `review` conflicts. A point among
   * them counts as a circle of its own `site_area_m2` attribute and is skipped without one
   * (never given the area of the site under review).
   */
  otherSites?: Feature[];
  /**
   * false = no index: every feature of every layer is projected afresh and tested in a loop
   * (the benchmark's baseline). Same report except `candidates_tested`.
   */
  useIndex?: boolean;
  /** Control-indicator options (extra minimum FARs, investment-intensity threshold). */
  controls?: ControlOptions;
}

export interface ZoneOverlap {
  layer: string;
  id: string;
  name: Bilingual;
  /** Planar overlap in the site's Gauss–Krüger zone, m². */
  overlap_m2: number;
  /** Share of the site inside this zone, percent (0–100). */
  overlap_pct: number;
  accuracy?: string;
}

export interface Conflict {
  layer: string;
  id: string;
  name: Bilingual;
  overlap_m2: number;
  rule: Bilingual;
  severity: ConflictSeverity;
}

export interface Proximity {
  layer: string;
  id: string;
  name: Bilingual;
  /** Geodesic distance (GRS80) from the site boundary, metres; 0 when inside or touching. */
  distance_m: number;
  label?: Bilingual;
}

export type IndustryFitStatus = 'fit' | 'mismatch' | 'not-assessed';

export interface IndustryFit {
  /** The proposal's code as given, and its GB/T 4754 two-digit division. */
  code: string;
  division: string | null;
  /** Cluster / Rushan-industry codes the division maps to (see INDUSTRY_TARGETS). */
  targets: string[];
  status: IndustryFitStatus;
  /** Zones whose leading industries include one of the targets. */
  matched_zones: string[];
}

export type Verdict = 'compliant' | 'needs-review' | 'non-compliant';

export interface Reason extends Bilingual {
  code: string;
  /** blocker → non-compliant, review → needs-review, info → no effect on the verdict. */
  severity: 'blocker' | 'review' | 'info';
}

export interface SiteSummary {
  name: string | null;
  geometry: Polygon | MultiPolygon;
  area_m2: number;
  area_m2_ellipsoidal: number;
  area_mu: number;
  area_ha: number;
  projected_crs: GaussKrugerCode;
  centroid: [number, number];
  district: (Bilingual & { id: string }) | null;
}

export interface SiteReport {
  site: SiteSummary;
  zones: ZoneOverlap[];
  /** Share of the site inside the union of all zones and parks, percent. */
  zone_coverage_pct: number;
  conflicts: Conflict[];
  proximity: Proximity[];
  industry: IndustryFit | null;
  controls: ControlCheck[];
  verdict: Verdict;
  reasons: Reason[];
  /** Features tested exactly (after the bbox filter), for the benchmark. */
  candidates_tested: number;
}

/** A site that cannot be reviewed (no area, empty geometry, not a polygon or point). */
export class SiteReviewError extends Error {
  readonly text: Bilingual;
  constructor(text: Bilingual) {
    super(`${text.en} / ${text.zh}`);
    this.name = 'SiteReviewError';
    this.text = text;
  }
}

// ---------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------

export const DEFAULT_ZONE_LAYER_IDS = ['development-zones', 'industrial-parks'];
export const MARINE_RANCH_RULE: Bilingual = {
  zh: '海洋牧场规划海域（乳山海洋牧场一期，10万亩）已有用海安排，项目选址不得占用',
  en: 'The marine ranch sea area (Rushan marine ranch phase 1, 100,000 mu) is already planned for sea use; a site must not occupy it',
};
const PARCEL_RULE: Bilingual = {
  zh: '与已有宗地重叠，需核实土地供应与权属',
  en: 'Overlaps existing parcels: check land supply and tenure',
};
const OTHER_SITE_RULE: Bilingual = {
  zh: '与另一在审选址重叠，需协调',
  en: 'Overlaps another site under review: coordinate the two',
};

/** Road features counted as expressways (高速公路) for the proximity check. */
export function isExpressway(properties: Record<string, unknown>): boolean {
  for (const key of ['class', 'road_class', 'kind', 'type', 'grade', 'level', 'highway']) {
    const value = properties[key];
    if (typeof value === 'string' && /^(expressway|motorway|高速|高速公路)$/i.test(value.trim())) return true;
  }
  const name = properties.name_zh;
  return typeof name === 'string' && name.includes('高速');
}

export const DEFAULT_PROXIMITY_LAYERS: ProximityLayerRule[] = [
  { layerId: 'hsr-stations', label: { zh: '高铁站', en: 'HSR station' } },
  { layerId: 'ports', label: { zh: '港口', en: 'Port' } },
  { layerId: 'bridges', label: { zh: '桥梁', en: 'Bridge' } },
  { layerId: 'roads', filter: isExpressway, label: { zh: '高速公路', en: 'Expressway' } },
  { layerId: 'towns', label: { zh: '镇', en: 'Town' } },
];

/**
 * GB/T 4754 (2002 edition, as the 2008 control indicators) division → the atlas's industry
 * codes (CLUSTERS and RUSHAN_INDUSTRIES in src/data/industries.ts). Only the obvious pairs;
 * a division not listed is "not assessed", never guessed. Three-digit groups refine where a
 * division spans clusters (368 medical instruments, 394 batteries). The division numbers
 * above 33 (35–41, 60–62, 368, 394) follow the 2002 edition's code list as the author knows
 * it; they were not checked against the standard's text — confirm before relying on them.
 */
export const INDUSTRY_TARGETS: Readonly<Record<string, readonly string[]>> = {
  '04': ['marine-bio-food'], // 渔业
  '13': ['marine-bio-food', 'food-processing'], // 农副食品加工业
  '14': ['marine-bio-food', 'food-processing'], // 食品制造业
  '15': ['marine-bio-food', 'food-processing'], // 饮料制造业
  '17': ['fashion-sports', 'textiles-garments'], // 纺织业
  '18': ['fashion-sports', 'textiles-garments'], // 纺织服装、鞋、帽制造业
  '19': ['fashion-sports'], // 皮革、毛皮、羽毛(绒)及其制品业
  '24': ['fashion-sports'], // 文教体育用品制造业
  '27': ['medicine-devices', 'big-health'], // 医药制造业
  '35': ['equipment-smart-mfg', 'equipment'], // 通用设备制造业
  '36': ['equipment-smart-mfg', 'equipment'], // 专用设备制造业
  '368': ['medicine-devices', 'big-health', 'equipment-smart-mfg', 'equipment'], // 医疗仪器设备及器械制造
  '37': ['equipment-smart-mfg', 'equipment'], // 交通运输设备制造业
  '39': ['equipment-smart-mfg', 'equipment'], // 电气机械及器材制造业
  '394': ['new-energy', 'equipment-smart-mfg', 'equipment'], // 电池制造
  '40': ['next-gen-it'], // 通信设备、计算机及其他电子设备制造业
  '41': ['equipment-smart-mfg'], // 仪器仪表及文化、办公用机械制造业
  '60': ['next-gen-it', 'big-data-ai'], // 电信和其他信息传输服务业
  '61': ['next-gen-it', 'big-data-ai'], // 计算机服务业
  '62': ['next-gen-it', 'big-data-ai'], // 软件业
};

/** Industry codes the proposal's GB/T 4754 code maps to (empty when not mapped). */
export function industryTargets(code: string | undefined): string[] {
  const division = industryDivision(code);
  if (!division || code === undefined) return [];
  const digits = code.trim().replace(/^[A-Za-z]/, '');
  const group = digits.length >= 3 ? INDUSTRY_TARGETS[digits.slice(0, 3)] : undefined;
  return [...(group ?? INDUSTRY_TARGETS[division] ?? [])];
}

// ---------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------

/**
 * Indexes the layers once for many reviews. Any extra layer (sample parcels, a user's
 * import) can be passed; a layer whose id contains "parcel" becomes a `review` conflict
 * layer unless `options.conflictLayers` says otherwise.
 *
 * @param layers authored layers (`readAuthoredLayers()`), lon/lat
 * @param options which layers play which part; defaults follow the atlas's layer ids
 * @example const context = createReviewContext(await readAuthoredLayers());
 */
export function createReviewContext(layers: ReviewLayer[], options: ReviewContextOptions = {}): ReviewContext {
  const indexed = new Map<string, IndexedLayer>();
  for (const layer of layers) {
    const features = layer.features.features;
    const index = buildIndex(features);
    let extent: BoundingBox | undefined;
    for (const box of index.boxes) {
      if (!Number.isFinite(box[0])) continue;
      extent = extent
        ? [Math.min(extent[0], box[0]), Math.min(extent[1], box[1]), Math.max(extent[2], box[2]), Math.max(extent[3], box[3])]
        : [...box];
    }
    indexed.set(layer.meta.id, { meta: layer.meta, features, index, extent, projected: new Map() });
  }
  const conflictLayers = options.conflictLayers ?? [
    { layerId: 'marine-ranch', severity: 'blocker' as const, rule: MARINE_RANCH_RULE },
    ...[...indexed.keys()]
      .filter((id) => id.includes('parcel'))
      .map((layerId) => ({ layerId, severity: 'review' as const, rule: PARCEL_RULE })),
  ];
  return {
    layers: indexed,
    zoneLayerIds: options.zoneLayerIds ?? DEFAULT_ZONE_LAYER_IDS,
    conflictLayers,
    railLayerId: options.railLayerId ?? 'hsr-line',
    proximityLayers: options.proximityLayers ?? DEFAULT_PROXIMITY_LAYERS,
    districtLayerId: options.districtLayerId ?? 'basemap-counties',
  };
}

// ---------------------------------------------------------------------------------------
// Planar geometry (metres, shifted to a local origin near the site)
// ---------------------------------------------------------------------------------------

/** Polygons as rings of [x, y]. */
type PlanarPolygons = Position[][][];

interface PlanarShape {
  points: Position[];
  lines: Position[][];
  polygons: PlanarPolygons;
  /** Planar bbox (absolute projected metres). */
  box: BoundingBox;
  vertexCount: number;
}

function emptyShape(): PlanarShape {
  return { points: [], lines: [], polygons: [], box: [Infinity, Infinity, -Infinity, -Infinity], vertexCount: 0 };
}

/** Projects any geometry into `crs` (absolute metres), split by dimension. */
function projectShape(geometry: Geometry | null, crs: GaussKrugerCode): PlanarShape {
  const shape = emptyShape();
  const project = (position: Position): Position => {
    const xy = projectPoint([position[0], position[1]], crs);
    shape.vertexCount += 1;
    if (xy[0] < shape.box[0]) shape.box[0] = xy[0];
    if (xy[1] < shape.box[1]) shape.box[1] = xy[1];
    if (xy[0] > shape.box[2]) shape.box[2] = xy[0];
    if (xy[1] > shape.box[3]) shape.box[3] = xy[1];
    return xy;
  };
  const walk = (part: Geometry) => {
    switch (part.type) {
      case 'Point':
        shape.points.push(project(part.coordinates));
        break;
      case 'MultiPoint':
        part.coordinates.forEach((position) => shape.points.push(project(position)));
        break;
      case 'LineString':
        shape.lines.push(part.coordinates.map(project));
        break;
      case 'MultiLineString':
        part.coordinates.forEach((line) => shape.lines.push(line.map(project)));
        break;
      case 'Polygon':
        shape.polygons.push(part.coordinates.map((ring) => ring.map(project)));
        break;
      case 'MultiPolygon':
        part.coordinates.forEach((polygon) => shape.polygons.push(polygon.map((ring) => ring.map(project))));
        break;
      case 'GeometryCollection':
        part.geometries.forEach(walk);
        break;
    }
  };
  if (geometry) walk(geometry);
  return shape;
}

function projectedFeature(layer: IndexedLayer, position: number, crs: GaussKrugerCode): PlanarShape {
  let cache = layer.projected.get(crs);
  if (!cache) {
    cache = new Map();
    layer.projected.set(crs, cache);
  }
  let shape = cache.get(position);
  if (!shape) {
    shape = projectShape(layer.features[position].geometry, crs);
    cache.set(position, shape);
  }
  return shape;
}

const shiftRing = (ring: Position[], origin: Position): Position[] => ring.map(([x, y]) => [x - origin[0], y - origin[1]]);
const shiftPolygons = (polygons: PlanarPolygons, origin: Position): PlanarPolygons =>
  polygons.map((polygon) => polygon.map((ring) => shiftRing(ring, origin)));

/** Shoelace area of planar polygons, holes subtracted, whatever the winding (m²) — planar.ts. */
function planarArea(polygons: PlanarPolygons): number {
  return polygonsArea(polygons);
}

/**
 * Sutherland–Hodgman clip of one ring to a rectangle. Degenerate edges can appear along
 * the rectangle, which is why the rectangle is always larger than the site: the clipped
 * polygon equals the original inside the rectangle, so its overlap with the site is exact.
 */
function clipRingToBox(ring: Position[], box: BoundingBox): Position[] | null {
  let output = ring.slice(0, ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? -1 : undefined);
  for (let edge = 0; edge < 4 && output.length > 0; edge += 1) {
    const axis = edge < 2 ? 0 : 1;
    const limit = box[[0, 2, 1, 3][edge]];
    const inside = edge % 2 === 0 ? (point: Position) => point[axis] >= limit : (point: Position) => point[axis] <= limit;
    const crossing = (from: Position, to: Position): Position => {
      const t = (limit - from[axis]) / (to[axis] - from[axis]);
      return axis === 0 ? [limit, from[1] + t * (to[1] - from[1])] : [from[0] + t * (to[0] - from[0]), limit];
    };
    const input = output;
    output = [];
    for (let index = 0; index < input.length; index += 1) {
      const current = input[index];
      const previous = input[(index + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) output.push(crossing(previous, current));
        output.push(current);
      } else if (inside(previous)) {
        output.push(crossing(previous, current));
      }
    }
  }
  if (output.length < 3) return null;
  output.push(output[0]);
  return output;
}

/** Features with more vertices than this are cut to the site's box before exact clipping. */
const PRE_CLIP_VERTICES = 64;

function preClip(polygons: PlanarPolygons, box: BoundingBox): PlanarPolygons {
  const clipped: PlanarPolygons = [];
  for (const polygon of polygons) {
    const outer = clipRingToBox(polygon[0], box);
    if (!outer) continue;
    const holes = polygon.slice(1).map((ring) => clipRingToBox(ring, box)).filter((ring): ring is Position[] => ring !== null);
    clipped.push([outer, ...holes]);
  }
  return clipped;
}

/** Rounds coordinates to 1 mm: removes the near-coincident edges that break polygon clipping. */
function snapPolygons(polygons: PlanarPolygons): PlanarPolygons {
  return polygons.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000])));
}

/**
 * Runs a polygon-clipping operation; when the clipper fails on nearly coincident edges (a
 * known weakness of sweep-line clippers) it retries once on coordinates snapped to 1 mm,
 * which changes areas by far less than the 0.1 % the review promises.
 */
function robustly<T>(operation: (inputs: PlanarPolygons[]) => T, inputs: PlanarPolygons[]): T {
  try {
    return operation(inputs);
  } catch {
    return operation(inputs.map(snapPolygons));
  }
}

const asPolygons = (geometry: Polygon | MultiPolygon): PlanarPolygons =>
  geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

/** Planar intersection of two polygon sets (already shifted to the local origin). */
function intersectPolygons(a: PlanarPolygons, b: PlanarPolygons): PlanarPolygons {
  if (a.length === 0 || b.length === 0) return [];
  return robustly(([first, second]) => {
    const result = intersect(featureCollection([turfMultiPolygon(first), turfMultiPolygon(second)]));
    return result ? asPolygons(result.geometry) : [];
  }, [a, b]);
}

function unionPolygons(parts: PlanarPolygons[]): PlanarPolygons {
  const nonEmpty = parts.filter((part) => part.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0];
  return robustly((inputs) => {
    const result = union(featureCollection(inputs.map((part) => turfMultiPolygon(part))));
    return result ? asPolygons(result.geometry) : [];
  }, nonEmpty);
}

function boxesTouchPlanar(a: BoundingBox, b: BoundingBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

interface ClosestPair {
  distance: number;
  a: Position;
  b: Position;
}

function closestOnSegment(point: Position, start: Position, end: Position): Position {
  const dx = end[0] - start[0];
  const dy = end[1] - start[1];
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return start;
  const t = Math.max(0, Math.min(1, ((point[0] - start[0]) * dx + (point[1] - start[1]) * dy) / lengthSquared));
  return [start[0] + t * dx, start[1] + t * dy];
}

function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): Position | null {
  const d = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0]);
  if (d === 0) return null;
  const t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / d;
  const u = ((q1[0] - p1[0]) * (p2[1] - p1[1]) - (q1[1] - p1[1]) * (p2[0] - p1[0])) / d;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])] : null;
}

function segmentsOf(polygons: PlanarPolygons): Position[][] {
  return polygons.flatMap((polygon) => polygon);
}

/** Closest pair between site rings (a) and one segment or point (b). */
function closestToPolyline(siteRings: Position[][], line: Position[], best: ClosestPair): void {
  for (const ring of siteRings) {
    for (let i = 1; i < ring.length; i += 1) {
      const s1 = ring[i - 1];
      const s2 = ring[i];
      if (line.length === 1) {
        const on = closestOnSegment(line[0], s1, s2);
        const distance = Math.hypot(on[0] - line[0][0], on[1] - line[0][1]);
        if (distance < best.distance) Object.assign(best, { distance, a: on, b: line[0] });
        continue;
      }
      for (let j = 1; j < line.length; j += 1) {
        const t1 = line[j - 1];
        const t2 = line[j];
        const cross = segmentsCross(s1, s2, t1, t2);
        if (cross) {
          Object.assign(best, { distance: 0, a: cross, b: cross });
          return;
        }
        for (const [point, start, end, pointIsSite] of [
          [s1, t1, t2, true],
          [s2, t1, t2, true],
          [t1, s1, s2, false],
          [t2, s1, s2, false],
        ] as const) {
          const on = closestOnSegment(point, start, end);
          const distance = Math.hypot(on[0] - point[0], on[1] - point[1]);
          if (distance < best.distance) Object.assign(best, pointIsSite ? { distance, a: point, b: on } : { distance, a: on, b: point });
        }
      }
    }
  }
}

/** Planar closest points between the site polygons and a shape (both shifted). 0 when they meet. */
function closestPair(site: PlanarPolygons, shape: PlanarShape): ClosestPair {
  const best: ClosestPair = { distance: Infinity, a: [0, 0], b: [0, 0] };
  for (const point of shape.points) {
    if (pointInPolygons(point, site)) return { distance: 0, a: point, b: point };
  }
  for (const line of shape.lines) {
    if (line.length > 0 && pointInPolygons(line[0], site)) return { distance: 0, a: line[0], b: line[0] };
  }
  for (const polygon of shape.polygons) {
    if (polygon[0]?.length && pointInPolygons(polygon[0][0], site)) return { distance: 0, a: polygon[0][0], b: polygon[0][0] };
    for (const sitePart of site) {
      const siteVertex = sitePart[0]?.[0];
      if (siteVertex && pointInRings(siteVertex, polygon)) return { distance: 0, a: siteVertex, b: siteVertex };
    }
  }
  const siteRings = segmentsOf(site);
  for (const point of shape.points) closestToPolyline(siteRings, [point], best);
  for (const line of [...shape.lines, ...segmentsOf(shape.polygons)]) {
    if (best.distance === 0) break;
    closestToPolyline(siteRings, line, best);
  }
  return best;
}

function shiftShape(shape: PlanarShape, origin: Position): PlanarShape {
  return {
    points: shape.points.map(([x, y]) => [x - origin[0], y - origin[1]]),
    lines: shape.lines.map((line) => shiftRing(line, origin)),
    polygons: shiftPolygons(shape.polygons, origin),
    box: shape.box,
    vertexCount: shape.vertexCount,
  };
}

// ---------------------------------------------------------------------------------------
// Review
// ---------------------------------------------------------------------------------------

function featureName(properties: Record<string, unknown> | null | undefined): Bilingual {
  const zh = properties?.name_zh ?? properties?.name ?? properties?.id ?? '';
  const en = properties?.name_en ?? properties?.name ?? zh;
  return { zh: String(zh), en: String(en) };
}

/** The feature's id by the shared rule ({@link featureIdOf}: properties.id, then feature.id), else its position. */
function featureId(feature: Feature, position: number): string {
  const id = featureIdOf(feature);
  return id === undefined ? String(position) : String(id);
}

/** The site's own name from its attributes (the shared FEATURE_NAME_KEYS rule of src/io/feature-name.ts), or null. */
function siteName(properties: Record<string, unknown> | null | undefined): string | null {
  return nameOf(properties);
}

/**
 * Attribute holding a point site's area in m² (a point is reviewed as a circle of that
 * area). The site under review may take its area from `ReviewOptions.siteAreaM2` instead;
 * every *other* point site must carry its own, since sites differ in size.
 */
export const SITE_AREA_PROPERTY = 'site_area_m2';

/** A point site's own area (m², > 0) from {@link SITE_AREA_PROPERTY}, or undefined. */
export function pointSiteArea(site: Feature): number | undefined {
  const value = site.properties?.[SITE_AREA_PROPERTY];
  const area = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(area) && area > 0 ? area : undefined;
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** A circle of `areaM2` around a lon/lat point, built in the point's Gauss–Krüger zone. */
function circleSite(center: Position, areaM2: number): Polygon {
  const crs = gaussKrugerZoneFor(center[0]);
  const [cx, cy] = projectPoint([center[0], center[1]], crs);
  const vertices = 64;
  // Radius of the regular 64-gon whose area is exactly areaM2 (not the circumscribed circle's).
  const radius = Math.sqrt((2 * areaM2) / (vertices * Math.sin((2 * Math.PI) / vertices)));
  const ring: Position[] = [];
  for (let step = 0; step < vertices; step += 1) {
    const angle = (2 * Math.PI * step) / vertices;
    ring.push(unprojectPoint([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)], crs));
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Turns a site feature into a reviewable polygon, or explains why it cannot be. */
export function siteGeometry(site: Feature, siteAreaM2?: number): Polygon | MultiPolygon {
  const geometry = site.geometry;
  if (!geometry) throw new SiteReviewError({ zh: '选址没有几何图形', en: 'The site has no geometry' });
  if (geometry.type === 'Point') {
    if (!(typeof siteAreaM2 === 'number' && Number.isFinite(siteAreaM2) && siteAreaM2 > 0)) {
      throw new SiteReviewError({
        zh: '点状选址需要给出用地面积（平方米）',
        en: 'A point site needs a site area (m²)',
      });
    }
    return circleSite(geometry.coordinates, siteAreaM2);
  }
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    throw new SiteReviewError({
      zh: `选址应为面（Polygon）或点，收到 ${geometry.type}`,
      en: `A site must be a polygon or a point, got ${geometry.type}`,
    });
  }
  const box = geometryBbox(geometry);
  if (!box) throw new SiteReviewError({ zh: '选址几何为空', en: 'The site geometry is empty' });
  return geometry;
}

/** Grows a lon/lat box by at least `metres` on every side (conservative: never less). */
function growBox(box: BoundingBox, metres: number): BoundingBox {
  // ≥ 110 574 m per degree of latitude; per degree of longitude ≥ 111 320·cos(φ) at the box's
  // poleward edge. 1.05 covers the geodesic's poleward bulge over these short distances.
  const latitudeDegrees = (metres / 110_574) * 1.05;
  const poleward = Math.min(89, Math.max(Math.abs(box[1]), Math.abs(box[3])) + latitudeDegrees);
  const longitudeDegrees = ((metres / (111_320 * Math.cos((poleward * Math.PI) / 180))) * 1.05);
  return [box[0] - longitudeDegrees, box[1] - latitudeDegrees, box[2] + longitudeDegrees, box[3] + latitudeDegrees];
}

function boxContains(outer: BoundingBox, inner: BoundingBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

/**
 * Reviews one site against the prepared layers.
 *
 * @param context from {@link createReviewContext}
 * @param site a lon/lat Polygon/MultiPolygon feature, or a Point with `options.siteAreaM2`
 * @param proposal industry code (GB/T 4754-2002), FAR, coverage, office share, green ratio (fractions), investment intensity (万元/公顷)
 * @param options rail area class (default 其他地区), other sites under review, index on/off, control options
 * @returns the report: site measures (m², 亩, ha), zones with overlap m² and % of the site,
 *   conflicts, nearest features (geodesic m), industry fit, control checks, verdict and reasons
 * @throws SiteReviewError when the site cannot be reviewed (point without area, line, empty)
 * @example
 * const report = reviewSite(context, sitePolygon, { industryCode: '27', far: 1.2, coverage: 0.4 }, { railClass: 'village' });
 * report.verdict // 'compliant' | 'needs-review' | 'non-compliant'
 */
export function reviewSite(context: ReviewContext, site: Feature, proposal: Proposal = {}, options: ReviewOptions = {}): SiteReport {
  const geometry = siteGeometry(site, options.siteAreaM2 ?? pointSiteArea(site));
  const measured = measureArea(geometry);
  const crs = measured.projected_crs;
  const siteShapeAbsolute = projectShape(geometry, crs);
  // Local origin: the site's lower-left corner, so clipping works on numbers of a few km.
  const origin: Position = [Math.floor(siteShapeAbsolute.box[0]), Math.floor(siteShapeAbsolute.box[1])];
  const sitePolygons = shiftPolygons(siteShapeAbsolute.polygons, origin);
  const siteArea = measured.area_m2;
  const siteBox = geometryBbox(geometry) as BoundingBox;
  const useIndex = options.useIndex !== false;
  const railClass = options.railClass ?? DEFAULT_RAIL_AREA_CLASS;
  let candidatesTested = 0;

  // Without the index (the benchmark's baseline) the review is the loop one would write
  // without one: every feature of every layer is projected afresh and tested, bbox first.
  const positionsIn = (layer: IndexedLayer, box: BoundingBox) =>
    useIndex ? candidatePositions(layer.index, box) : layer.features.map((_, position) => position);
  const shapeOf = (layer: IndexedLayer, position: number): PlanarShape =>
    useIndex ? projectedFeature(layer, position, crs) : projectShape(layer.features[position].geometry, crs);

  // A margin of 1 m around the site in the projection for the pre-clip rectangle.
  const clipBox: BoundingBox = [
    siteShapeAbsolute.box[0] - 1,
    siteShapeAbsolute.box[1] - 1,
    siteShapeAbsolute.box[2] + 1,
    siteShapeAbsolute.box[3] + 1,
  ];

  /** The feature's polygons near the site (shifted planar), pre-clipped when large. */
  const nearbyPolygons = (layer: IndexedLayer, position: number): PlanarPolygons => {
    const shape = shapeOf(layer, position);
    if (shape.polygons.length === 0 || !boxesTouchPlanar(shape.box, clipBox)) return [];
    const polygons = shape.vertexCount > PRE_CLIP_VERTICES ? preClip(shape.polygons, clipBox) : shape.polygons;
    return shiftPolygons(polygons, origin);
  };
  /** Overlap pieces (shifted planar) of the site with a polygon feature. */
  const overlapWith = (layer: IndexedLayer, position: number): PlanarPolygons => {
    const polygons = nearbyPolygons(layer, position);
    if (polygons.length === 0) return [];
    candidatesTested += 1;
    return intersectPolygons(sitePolygons, polygons);
  };

  const reasons: Reason[] = [];
  const schematicLayers = new Set<string>();
  const noteAccuracy = (layer: IndexedLayer, feature: Feature) => {
    const accuracy = feature.properties?.accuracy ?? layer.meta.provenance.accuracy;
    if (accuracy === 'schematic') schematicLayers.add(layer.meta.id);
  };

  // Zones and parks -------------------------------------------------------------------
  const zones: ZoneOverlap[] = [];
  const zonePolygons: PlanarPolygons[] = [];
  const zoneFeatures: Feature[] = [];
  for (const layerId of context.zoneLayerIds) {
    const layer = context.layers.get(layerId);
    if (!layer) continue;
    for (const position of positionsIn(layer, siteBox)) {
      const pieces = overlapWith(layer, position);
      const area = planarArea(pieces);
      if (!(area > 0)) continue;
      const feature = layer.features[position];
      noteAccuracy(layer, feature);
      zonePolygons.push(nearbyPolygons(layer, position));
      zoneFeatures.push(feature);
      zones.push({
        layer: layerId,
        id: featureId(feature, position),
        name: featureName(feature.properties),
        overlap_m2: round(area, 2),
        overlap_pct: round((100 * area) / siteArea, 3),
      });
    }
  }
  // Zones overlap each other (parks lie inside development zones): the covered share is the
  // site's overlap with the union of the zones, not the sum of the overlaps. The zones are
  // united first and intersected with the site once — uniting the overlap pieces instead
  // would feed the clipper the site's own edges twice.
  const coveredArea =
    zones.length === 0 ? 0 : zones.length === 1 ? zones[0].overlap_m2 : planarArea(intersectPolygons(sitePolygons, unionPolygons(zonePolygons)));
  const zoneCoveragePct = round(Math.min(100, (100 * coveredArea) / siteArea), 3);

  // Conflicts --------------------------------------------------------------------------
  const conflicts: Conflict[] = [];
  for (const rule of context.conflictLayers) {
    const layer = context.layers.get(rule.layerId);
    if (!layer) continue;
    for (const position of positionsIn(layer, siteBox)) {
      const area = planarArea(overlapWith(layer, position));
      if (!(area > 0)) continue;
      const feature = layer.features[position];
      noteAccuracy(layer, feature);
      conflicts.push({
        layer: rule.layerId,
        id: featureId(feature, position),
        name: featureName(feature.properties),
        overlap_m2: round(area, 2),
        rule: rule.rule,
        severity: rule.severity,
      });
    }
  }

  // Railway safety protection zone: only the line segments near the site are buffered.
  const railLayer = context.layers.get(context.railLayerId);
  if (railLayer) {
    const width = HIGH_SPEED_RAIL_PROTECTION_WIDTH_M[railClass];
    const nearBox = growBox(siteBox, width + 1);
    const planarNear: BoundingBox = [clipBox[0] - width - 1, clipBox[1] - width - 1, clipBox[2] + width + 1, clipBox[3] + width + 1];
    for (const position of positionsIn(railLayer, nearBox)) {
      const shape = shapeOf(railLayer, position);
      if (shape.lines.length === 0 || !boxesTouchPlanar(shape.box, planarNear)) continue;
      candidatesTested += 1;
      // Keep the runs of segments whose bbox touches the grown site box: the buffer of any
      // other segment lies farther than `width` from the site and cannot overlap it.
      const runs: Position[][] = [];
      for (const line of shape.lines) {
        let run: Position[] = [];
        for (let index = 1; index < line.length; index += 1) {
          const [a, b] = [line[index - 1], line[index]];
          const segmentBox: BoundingBox = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
          if (boxesTouchPlanar(segmentBox, planarNear)) {
            if (run.length === 0) run.push(a);
            run.push(b);
          } else if (run.length > 0) {
            runs.push(run);
            run = [];
          }
        }
        if (run.length > 0) runs.push(run);
      }
      if (runs.length === 0) continue;
      const buffer = bufferPlanarLines(runs.map((run) => shiftRing(run, origin)), width);
      if (!buffer) continue;
      const area = planarArea(intersectPolygons(sitePolygons, asPolygons(buffer)));
      if (!(area > 0)) continue;
      const feature = railLayer.features[position];
      noteAccuracy(railLayer, feature);
      conflicts.push({
        layer: context.railLayerId,
        id: featureId(feature, position),
        name: featureName(feature.properties),
        overlap_m2: round(area, 2),
        rule: railProtectionRule(railClass),
        severity: 'blocker',
      });
    }
  }

  // Other sites under review.
  (options.otherSites ?? []).forEach((other, position) => {
    if (other === site || !other.geometry) return;
    let otherGeometry: Polygon | MultiPolygon;
    try {
      // A point site is a circle of *its own* area; one without an area cannot be placed.
      otherGeometry = siteGeometry(other, other.geometry.type === 'Point' ? pointSiteArea(other) : undefined);
    } catch {
      return;
    }
    const otherBox = geometryBbox(otherGeometry);
    if (!otherBox || !boxesTouch(otherBox, siteBox)) return;
    candidatesTested += 1;
    const otherPolygons = shiftPolygons(projectShape(otherGeometry, crs).polygons, origin);
    const area = planarArea(intersectPolygons(sitePolygons, otherPolygons));
    if (!(area > 0)) return;
    const name = siteName(other.properties);
    conflicts.push({
      layer: 'sites-under-review',
      id: featureId(other, position),
      name: { zh: name ?? `选址 ${position + 1}`, en: name ?? `site ${position + 1}` },
      overlap_m2: round(area, 2),
      rule: OTHER_SITE_RULE,
      severity: 'review',
    });
  });

  // Proximity --------------------------------------------------------------------------
  const proximity: Proximity[] = [];
  const lonLatOf = (xy: Position): Position => unprojectPoint([xy[0] + origin[0], xy[1] + origin[1]], crs);
  for (const rule of context.proximityLayers) {
    const layer = context.layers.get(rule.layerId);
    if (!layer || !layer.extent) continue;
    const distances = new Map<number, number>();
    let best: { position: number; distance: number } | undefined;
    for (let radius = 2_000; ; radius *= 4) {
      const box = growBox(siteBox, radius);
      for (const position of positionsIn(layer, box)) {
        if (distances.has(position)) continue;
        const feature = layer.features[position];
        if (rule.filter && !rule.filter((feature.properties ?? {}) as Record<string, unknown>)) {
          distances.set(position, Infinity);
          continue;
        }
        candidatesTested += 1;
        const pair = closestPair(sitePolygons, shiftShape(shapeOf(layer, position), origin));
        const distance = pair.distance === 0 ? 0 : measureDistance(lonLatOf(pair.a), lonLatOf(pair.b));
        distances.set(position, distance);
        if (!best || distance < best.distance) best = { position, distance };
      }
      if ((best && best.distance <= radius) || boxContains(box, layer.extent)) break;
    }
    if (!best || !Number.isFinite(best.distance)) continue;
    const feature = layer.features[best.position];
    proximity.push({
      layer: rule.layerId,
      id: featureId(feature, best.position),
      name: featureName(feature.properties),
      distance_m: round(best.distance, 1),
      ...(rule.label ? { label: rule.label } : {}),
    });
  }

  // District: the county holding the site's centroid. --------------------------------
  const centroid = planarCentroid(sitePolygons);
  const centroidLonLat = lonLatOf(centroid) as [number, number];
  let district: SiteSummary['district'] = null;
  const counties = context.layers.get(context.districtLayerId);
  if (counties) {
    for (const position of positionsIn(counties, [centroidLonLat[0], centroidLonLat[1], centroidLonLat[0], centroidLonLat[1]])) {
      const shape = shapeOf(counties, position);
      const point: Position = [centroid[0] + origin[0], centroid[1] + origin[1]];
      if (pointInPolygons(point, shape.polygons)) {
        const feature = counties.features[position];
        district = { id: featureId(feature, position), ...featureName(feature.properties) };
        break;
      }
    }
  }

  // Industry fit -----------------------------------------------------------------------
  let industry: IndustryFit | null = null;
  if (proposal.industryCode !== undefined && proposal.industryCode.trim() !== '') {
    const division = industryDivision(proposal.industryCode) ?? null;
    const targets = industryTargets(proposal.industryCode);
    const tagged = zoneFeatures.filter((feature) => zoneIndustries(feature).length > 0);
    const matched = tagged.filter((feature) => zoneIndustries(feature).some((code) => targets.includes(code)));
    const status: IndustryFitStatus =
      targets.length === 0 || tagged.length === 0 ? 'not-assessed' : matched.length > 0 ? 'fit' : 'mismatch';
    industry = {
      code: proposal.industryCode.trim(),
      division,
      targets,
      status,
      matched_zones: matched.map((feature) => String(feature.properties?.id ?? '')),
    };
  }

  // Control indicators -----------------------------------------------------------------
  const controls = checkControlIndicators(proposal, options.controls);

  // Verdict ----------------------------------------------------------------------------
  for (const conflict of conflicts) {
    const area = `${formatSquareMetres(conflict.overlap_m2)} m²（${formatMu(conflict.overlap_m2)} 亩）`;
    const areaEn = `${formatSquareMetres(conflict.overlap_m2)} m² (${formatMu(conflict.overlap_m2)} mu)`;
    reasons.push({
      code: conflict.layer === context.railLayerId ? 'rail-protection-zone' : conflict.layer === 'marine-ranch' ? 'marine-ranch' : `conflict:${conflict.layer}`,
      severity: conflict.severity,
      zh: `与「${conflict.name.zh}」重叠 ${area}。${conflict.rule.zh}`,
      en: `Overlaps "${conflict.name.en}" by ${areaEn}. ${conflict.rule.en}`,
    });
  }
  if (zones.length === 0) {
    reasons.push({
      code: 'outside-zones',
      severity: 'review',
      zh: '选址不在任何开发区或产业园区内',
      en: 'The site lies outside every development zone and industrial park',
    });
  } else {
    const names = zones.map((zone) => `${zone.name.zh}（${zone.overlap_pct.toFixed(1)}%）`).join('、');
    const namesEn = zones.map((zone) => `${zone.name.en} (${zone.overlap_pct.toFixed(1)}%)`).join(', ');
    if (zoneCoveragePct < 99) {
      reasons.push({
        code: 'partly-outside-zones',
        severity: 'review',
        zh: `选址只有 ${zoneCoveragePct.toFixed(1)}% 位于开发区或园区内：${names}`,
        en: `Only ${zoneCoveragePct.toFixed(1)}% of the site lies inside development zones or parks: ${namesEn}`,
      });
    } else {
      reasons.push({ code: 'inside-zones', severity: 'info', zh: `位于 ${names}`, en: `Inside ${namesEn}` });
    }
  }
  if (industry) {
    const targetNames = industry.targets.map((code) => CLUSTERS[code] ?? RUSHAN_INDUSTRIES[code]).filter(Boolean);
    if (industry.status === 'mismatch') {
      reasons.push({
        code: 'industry-mismatch',
        severity: 'review',
        zh: `行业 ${industry.code}（${targetNames.map((name) => name.zh).join('、')}）不属于所在园区的主导产业`,
        en: `Industry ${industry.code} (${targetNames.map((name) => name.en).join(', ')}) is not among the leading industries of the zones it lies in`,
      });
    } else if (industry.status === 'fit') {
      reasons.push({
        code: 'industry-fit',
        severity: 'info',
        zh: `行业 ${industry.code} 符合所在园区主导产业（${targetNames.map((name) => name.zh).join('、')}）`,
        en: `Industry ${industry.code} matches the zone's leading industries (${targetNames.map((name) => name.en).join(', ')})`,
      });
    } else {
      reasons.push({
        code: 'industry-not-assessed',
        severity: 'info',
        zh:
          industry.targets.length === 0
            ? `行业代码 ${industry.code} 没有对应的主导产业映射，未评估产业符合性`
            : zones.length === 0
              ? '选址不在开发区或园区内，未评估产业符合性'
              : '所在开发区或园区没有主导产业信息，未评估产业符合性',
        en:
          industry.targets.length === 0
            ? `Industry code ${industry.code} has no mapping to the leading industries: fit not assessed`
            : zones.length === 0
              ? 'The site is in no development zone or park: industry fit not assessed'
              : 'The zones the site lies in have no leading-industry data: fit not assessed',
      });
    }
  }
  for (const check of controls) {
    const shown = (value: number | null) =>
      value === null ? '—' : check.indicator === 'floor-area-ratio' || check.indicator === 'investment-intensity' ? String(value) : `${round(value * 100, 2)}%`;
    if (check.ok === false) {
      reasons.push({
        code: `control:${check.indicator}`,
        severity: 'review',
        zh: `${check.label.zh} ${shown(check.value)} ${check.bound === 'min' ? '低于下限' : '超过上限'} ${shown(check.limit)}。${check.rule.zh}`,
        en: `${check.label.en} ${shown(check.value)} is ${check.bound === 'min' ? 'below the minimum' : 'above the maximum'} ${shown(check.limit)}. ${check.rule.en}`,
      });
    } else if (check.ok === null && check.note) {
      reasons.push({ code: `control:${check.indicator}`, severity: 'info', ...check.note });
    }
  }
  if (schematicLayers.size > 0) {
    const ids = [...schematicLayers].join(', ');
    reasons.push({
      code: 'schematic-data',
      severity: 'info',
      zh: `所用图层（${ids}）的边界为示意位置，结论需以正式规划图核实`,
      en: `The boundaries used (${ids}) are schematic: confirm against the official plans`,
    });
  }
  const verdict: Verdict = reasons.some((reason) => reason.severity === 'blocker')
    ? 'non-compliant'
    : reasons.some((reason) => reason.severity === 'review')
      ? 'needs-review'
      : 'compliant';

  return {
    site: {
      name: siteName(site.properties),
      geometry,
      area_m2: round(measured.area_m2, 2),
      area_m2_ellipsoidal: round(measured.area_m2_ellipsoidal, 2),
      area_mu: round(squareMetresToMu(measured.area_m2), 3),
      area_ha: round(squareMetresToHectares(measured.area_m2), 4),
      projected_crs: crs,
      centroid: [round(centroidLonLat[0], 7), round(centroidLonLat[1], 7)],
      district,
    },
    zones,
    zone_coverage_pct: zoneCoveragePct,
    conflicts,
    proximity,
    industry,
    controls,
    verdict,
    reasons,
    candidates_tested: candidatesTested,
  };
}

/** Leading-industry codes of a zone (clusters and Rushan "3+3" codes). */
function zoneIndustries(feature: Feature): string[] {
  return [...splitList(feature.properties?.clusters), ...splitList(feature.properties?.rushan_industries)];
}

/** Area centroid of planar polygons (holes subtracted, planar.ts); the first vertex when they have no area. */
function planarCentroid(polygons: PlanarPolygons): Position {
  return polygonsCentroid(polygons)?.centroid ?? polygons[0]?.[0]?.[0] ?? [0, 0];
}

function formatSquareMetres(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function formatMu(value: number): string {
  return round(squareMetresToMu(value), 2).toLocaleString('en-US');
}

/** Re-exported for callers that only import the review module. */
export type { RailAreaClass } from './protection-zone';
export type { ControlCheck } from './control-indicators';
export type SiteFeature = Feature<Polygon | MultiPolygon | Point>;
