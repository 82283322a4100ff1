/**
 * Land-use intensity (土地集约利用) of development zones and parks from a parcel layer, with
 * the indicators of TD/T 1029 《开发区土地集约利用评价规程》 (REFERENCE.md "Land-use
 * intensity rules"). Pure: no React, no MapLibre, no Node APIs — the CLI, the benchmark and
 * (later) a Web Worker in the app call the same functions.
 *
 * Areas are planar in the CGCS2000 3° Gauss–Krüger zone of each development zone's
 * centroid (EPSG:4528 west of 121.5°E, EPSG:4529 east — the same rule as `measureArea`).
 * Every parcel piece counted for a zone is measured in that zone's CRS, so the ratios of
 * one zone never mix two projections.
 *
 * How a parcel counts (issue 3): by the part of it inside the zone. Its floor area,
 * footprint, investment and tax are prorated by that area share. Candidates come from a
 * flatbush index of parcel bounding boxes; a parcel whose box meets no zone edge is wholly
 * inside or wholly outside (one point-in-polygon test); only parcels that meet a zone edge
 * are clipped exactly (Sutherland–Hodgman for convex parcels, polygon clipping otherwise).
 */
import Flatbush from 'flatbush';
import { intersectPlanar } from '../geometry/clip';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import { projectPoint, type GaussKrugerCode } from '../crs/projections';
import { featureIdOf } from '../io/feature-name';
import { measureArea } from './measure';
import { INVESTMENT_INTENSITY_UNIT } from './units';
import { flatRingSignedArea, indexedEdgesContain } from '../geometry/planar';
import {
  LAND_USES,
  PARCEL_STATUSES,
  mapParcelFields,
  type LandUse,
  type ParcelFieldMapping,
  type ParcelFieldProblem,
  type ParcelStatus,
} from './parcel-fields';

const SQUARE_METRES_PER_HECTARE = 10_000;

/**
 * The indicator keys, in output order. Ratios are fractions (0.42, not 42 %); the UI
 * formats rates as percentages.
 *
 * Notation (TD/T 1029): A = built construction land (status `built`); A2 = built
 * industrial + storage land; B = other land; B21 = the part of B ready for supply;
 * D = land already supplied (built + supplied + idle); R = A + B21 = D + ready;
 * T = A + B = all parcel land in the zone; G = idle land.
 */
export const INDICATOR_KEYS = [
  /** 土地开发率 = (A+B21)/(A+B) = R/T. */
  'land_development_rate',
  /** 土地供应率 = D/(A+B21) = D/R. */
  'land_supply_rate',
  /** 土地建成率 = A/D. */
  'land_built_rate',
  /** 工业用地率 = A2/A. */
  'industrial_land_ratio',
  /** 综合容积率 = total floor area of A / A. */
  'composite_far',
  /** 建筑密度 = building footprint on A / A. */
  'building_density',
  /** 工业用地综合容积率 = floor area on A2 / A2. */
  'industrial_far',
  /** 工业用地建筑系数 = building footprint on A2 / A2. */
  'industrial_building_coverage',
  /** 工业用地固定资产投入强度 = fixed-asset investment on A2 / A2, 万元/公顷. */
  'industrial_investment_intensity',
  /** 工业用地地均税收 = tax on A2 / A2, 万元/公顷 per year. */
  'industrial_tax_per_ha',
  /** 综合地均税收 = tax of non-residential parcels on A (secondary + tertiary) / A, 万元/公顷 per year. */
  'composite_tax_per_ha',
  /** 土地闲置率 = G/D. */
  'idle_land_rate',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorSpec {
  key: IndicatorKey;
  /** The TD/T 1029 indicator name (zh) and an English rendering. */
  label: Bilingual;
  /** The formula in the notation above. */
  formula: string;
  /** `rate`: a share 0–1 shown as %; `ratio`: dimensionless (容积率); `per-ha`: 万元 per 公顷. */
  kind: 'rate' | 'ratio' | 'per-ha';
  unit: Bilingual;
}

/** Bilingual labels, formulas and units of the indicators, for the UI and the README. */
export const INDICATORS: readonly IndicatorSpec[] = [
  { key: 'land_development_rate', label: { zh: '土地开发率', en: 'Land development rate' }, formula: '(A+B21)/(A+B)', kind: 'rate', unit: { zh: '%', en: '%' } },
  { key: 'land_supply_rate', label: { zh: '土地供应率', en: 'Land supply rate' }, formula: 'D/(A+B21)', kind: 'rate', unit: { zh: '%', en: '%' } },
  { key: 'land_built_rate', label: { zh: '土地建成率', en: 'Land built-up rate' }, formula: 'A/D', kind: 'rate', unit: { zh: '%', en: '%' } },
  { key: 'industrial_land_ratio', label: { zh: '工业用地率', en: 'Industrial land ratio' }, formula: 'A2/A', kind: 'rate', unit: { zh: '%', en: '%' } },
  { key: 'composite_far', label: { zh: '综合容积率', en: 'Composite floor-area ratio' }, formula: 'floor(A)/A', kind: 'ratio', unit: { zh: '', en: '' } },
  { key: 'building_density', label: { zh: '建筑密度', en: 'Building density' }, formula: 'footprint(A)/A', kind: 'rate', unit: { zh: '%', en: '%' } },
  { key: 'industrial_far', label: { zh: '工业用地综合容积率', en: 'Industrial floor-area ratio' }, formula: 'floor(A2)/A2', kind: 'ratio', unit: { zh: '', en: '' } },
  { key: 'industrial_building_coverage', label: { zh: '工业用地建筑系数', en: 'Industrial building coverage' }, formula: 'footprint(A2)/A2', kind: 'rate', unit: { zh: '%', en: '%' } },
  { key: 'industrial_investment_intensity', label: { zh: '工业用地固定资产投入强度', en: 'Industrial fixed-asset investment intensity' }, formula: 'investment(A2)/A2', kind: 'per-ha', unit: INVESTMENT_INTENSITY_UNIT },
  { key: 'industrial_tax_per_ha', label: { zh: '工业用地地均税收', en: 'Industrial tax per hectare' }, formula: 'tax(A2)/A2', kind: 'per-ha', unit: INVESTMENT_INTENSITY_UNIT },
  { key: 'composite_tax_per_ha', label: { zh: '综合地均税收', en: 'Composite tax per hectare' }, formula: 'tax(A, non-residential)/A', kind: 'per-ha', unit: INVESTMENT_INTENSITY_UNIT },
  { key: 'idle_land_rate', label: { zh: '土地闲置率', en: 'Idle land rate' }, formula: 'G/D', kind: 'rate', unit: { zh: '%', en: '%' } },
];

export type IntensityIndicators = Record<IndicatorKey, number | null>;

/** The land sums behind the indicators, m² (planar, inside the zone). */
export interface IntensityAreas {
  /** A: built. */
  built_m2: number;
  /** A2: built industrial + storage. */
  built_industrial_m2: number;
  /** Built residential (for the zone type). */
  built_residential_m2: number;
  /** D: built + supplied + idle. */
  supplied_m2: number;
  /** R = A + B21: D + ready. */
  ready_or_supplied_m2: number;
  /** T = A + B: every parcel. */
  total_m2: number;
  /** G: idle. */
  idle_m2: number;
}

export type ParcelFigure = 'floor_area_m2' | 'footprint_m2' | 'investment_wan' | 'tax_wan';

export interface ZoneIntensity {
  layer: string;
  id: string;
  name_zh: string;
  name_en: string;
  /** Planar area of the zone polygon, m², in `projected_crs`. */
  area_m2: number;
  projected_crs: GaussKrugerCode;
  /** Parcels with some area inside the zone, and how many of them cross its boundary. */
  parcel_count: number;
  crossing_parcel_count: number;
  areas: IntensityAreas;
  indicators: IntensityIndicators;
  /**
   * 工业主导型 (industry-led) when A2/A > 30 % and built residential/A < 25 % (TD/T 1029);
   * null when nothing is built.
   */
  industry_led: boolean | null;
  /**
   * Parcels counted in an indicator's numerator whose figure was empty (unknown). They
   * add 0; when every contributing parcel lacks the figure the indicator is null.
   */
  missing_figures: Record<ParcelFigure, number>;
}

/** A zone layer: its id (e.g. "industrial-parks") and its polygon features. */
export interface ZoneLayer {
  layer: string;
  features: FeatureCollection;
}

/** One parcel the analysis could not read, with a zh and en message. */
export interface ParcelProblem {
  /** Position of the feature in the collection (0-based). */
  index: number;
  /** The feature's id when it has one (properties.id, then feature.id — `featureIdOf`). */
  id?: string | number;
  /** `geometry`: not a usable polygon; `attribute`: land use, status or a figure unreadable. */
  kind: 'geometry' | 'attribute';
  message: Bilingual;
}

/**
 * Parcels read once into flat arrays plus a flatbush index of their lon/lat boxes, reusable
 * across zones and calls. Projected coordinates are computed lazily per CRS and cached.
 */
export interface PreparedParcels {
  count: number;
  landUse: Uint8Array;
  status: Uint8Array;
  /** NaN where the figure is unknown. */
  floorArea: Float64Array;
  footprint: Float64Array;
  investment: Float64Array;
  tax: Float64Array;
  /**
   * Every ring of every parcel as flat [lon, lat, lon, lat, …] without the closing vertex,
   * in one array (one allocation instead of hundreds of thousands: the garbage collector
   * dominated the run time with per-ring arrays).
   */
  coordinates: Float64Array;
  /** Ring r spans vertices ringOffsets[r] … ringOffsets[r + 1] − 1. */
  ringOffsets: Uint32Array;
  /** 1 for a hole, 0 for an exterior ring (which starts a new polygon). */
  ringIsHole: Uint8Array;
  /** Parcel p owns rings parcelRings[p] … parcelRings[p + 1] − 1. */
  parcelRings: Uint32Array;
  /** [minLon, minLat, maxLon, maxLat] per parcel. */
  boxes: Float64Array;
  index: Flatbush | null;
  /** Lazily filled per CRS: projected coordinates (same layout), planar area (NaN until done) and box per parcel. */
  projected: Map<GaussKrugerCode, ProjectedParcels>;
}

interface ProjectedParcels {
  coordinates: Float64Array;
  area: Float64Array;
  boxes: Float64Array;
}

export type PrepareResult = { ok: true; parcels: PreparedParcels } | { ok: false; problems: ParcelProblem[] };

const LAND_USE_INDEX = new Map<LandUse, number>(LAND_USES.map((code, index) => [code, index]));
const STATUS_INDEX = new Map<ParcelStatus, number>(PARCEL_STATUSES.map((code, index) => [code, index]));
const BUILT = STATUS_INDEX.get('built')!;
const SUPPLIED = STATUS_INDEX.get('supplied')!;
const IDLE = STATUS_INDEX.get('idle')!;
const READY = STATUS_INDEX.get('ready')!;
const INDUSTRIAL = LAND_USE_INDEX.get('industrial')!;
const STORAGE = LAND_USE_INDEX.get('storage')!;
const RESIDENTIAL = LAND_USE_INDEX.get('residential')!;

/** At most this many problems are listed; a file with more is wrong throughout. */
const MAXIMUM_PROBLEMS = 20;

function flattenRing(ring: Position[]): Float64Array | undefined {
  let count = ring.length;
  if (count > 1 && ring[0][0] === ring[count - 1][0] && ring[0][1] === ring[count - 1][1]) count -= 1;
  if (count < 3) return undefined;
  const flat = new Float64Array(count * 2);
  for (let index = 0; index < count; index += 1) {
    const position = ring[index];
    if (!Number.isFinite(position[0]) || !Number.isFinite(position[1])) return undefined;
    flat[index * 2] = position[0];
    flat[index * 2 + 1] = position[1];
  }
  return flat;
}

function flattenPolygons(geometry: Polygon | MultiPolygon): Float64Array[][] | undefined {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const result: Float64Array[][] = [];
  for (const polygon of polygons) {
    const rings: Float64Array[] = [];
    for (let ringIndex = 0; ringIndex < polygon.length; ringIndex += 1) {
      const flat = flattenRing(polygon[ringIndex]);
      if (!flat) {
        if (ringIndex === 0) return undefined;
        continue;
      }
      rings.push(flat);
    }
    if (rings.length > 0) result.push(rings);
  }
  return result.length > 0 ? result : undefined;
}

/** Vertex count of a ring without its closing vertex. */
function openLength(ring: Position[]): number {
  const count = ring.length;
  return count > 1 && ring[0][0] === ring[count - 1][0] && ring[0][1] === ring[count - 1][1] ? count - 1 : count;
}

function finiteRing(ring: Position[]): boolean {
  if (openLength(ring) < 3) return false;
  for (const position of ring) if (!Number.isFinite(position[0]) || !Number.isFinite(position[1])) return false;
  return true;
}

/** The polygons with usable rings (holes with < 3 vertices dropped); undefined when an exterior is unusable. */
function usableRings(geometry: Polygon | MultiPolygon): Position[][][] | undefined {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const result: Position[][][] = [];
  for (const polygon of polygons) {
    if (polygon.length === 0) continue;
    if (!finiteRing(polygon[0])) return undefined;
    result.push(polygon.filter((ring, ringIndex) => ringIndex === 0 || finiteRing(ring)));
  }
  return result.length > 0 ? result : undefined;
}

/**
 * Reads a parcel FeatureCollection (lon/lat, Polygon or MultiPolygon) into
 * {@link PreparedParcels}: attributes through {@link mapParcelFields} (with `mapping` for
 * renamed columns) and a flatbush index of the parcel boxes.
 *
 * @returns the prepared parcels, or up to 20 problems (feature index, id, zh + en message)
 */
export function prepareParcels(collection: FeatureCollection, mapping: ParcelFieldMapping = {}): PrepareResult {
  const features = collection.features;
  const count = features.length;
  const problems: ParcelProblem[] = [];
  const landUse = new Uint8Array(count);
  const status = new Uint8Array(count);
  const floorArea = new Float64Array(count);
  const footprint = new Float64Array(count);
  const investment = new Float64Array(count);
  const tax = new Float64Array(count);
  const geometries: Position[][][][] = new Array(count);
  let ringCount = 0;
  let vertexCount = 0;
  for (let index = 0; index < count && problems.length < MAXIMUM_PROBLEMS; index += 1) {
    const feature = features[index];
    const geometry = feature?.geometry;
    const where = { index, id: featureIdOf(feature) };
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      const kind = geometry ? geometry.type : 'null';
      problems.push({
        ...where,
        kind: 'geometry',
        message: { zh: `几何类型为 ${kind}，地块须为面（Polygon/MultiPolygon）`, en: `geometry is ${kind}; parcels must be polygons` },
      });
      continue;
    }
    const polygons = usableRings(geometry);
    if (!polygons) {
      problems.push({
        ...where,
        kind: 'geometry',
        message: { zh: '面的外环少于 3 个有效顶点', en: 'polygon exterior ring has fewer than 3 valid vertices' },
      });
      continue;
    }
    const mapped = mapParcelFields(feature.properties, mapping);
    if (!mapped.ok) {
      problems.push(...mapped.problems.map((problem: ParcelFieldProblem) => ({ ...where, kind: 'attribute' as const, message: problem.message })));
      continue;
    }
    const attributes = mapped.attributes;
    landUse[index] = LAND_USE_INDEX.get(attributes.land_use)!;
    status[index] = STATUS_INDEX.get(attributes.status)!;
    floorArea[index] = attributes.floor_area_m2 ?? Number.NaN;
    footprint[index] = attributes.footprint_m2 ?? Number.NaN;
    investment[index] = attributes.investment_wan ?? Number.NaN;
    tax[index] = attributes.tax_wan ?? Number.NaN;
    geometries[index] = polygons;
    for (const polygon of polygons) {
      ringCount += polygon.length;
      for (const ring of polygon) vertexCount += openLength(ring);
    }
  }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAXIMUM_PROBLEMS) };

  const coordinates = new Float64Array(vertexCount * 2);
  const ringOffsets = new Uint32Array(ringCount + 1);
  const ringIsHole = new Uint8Array(ringCount);
  const parcelRings = new Uint32Array(count + 1);
  const boxes = new Float64Array(count * 4);
  let ring = 0;
  let vertex = 0;
  for (let parcel = 0; parcel < count; parcel += 1) {
    parcelRings[parcel] = ring;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const polygon of geometries[parcel]) {
      polygon.forEach((positions, ringIndex) => {
        ringOffsets[ring] = vertex;
        ringIsHole[ring] = ringIndex === 0 ? 0 : 1;
        ring += 1;
        const length = openLength(positions);
        for (let position = 0; position < length; position += 1) {
          const x = positions[position][0];
          const y = positions[position][1];
          coordinates[vertex * 2] = x;
          coordinates[vertex * 2 + 1] = y;
          vertex += 1;
          if (ringIndex !== 0) continue;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      });
    }
    boxes[parcel * 4] = minX;
    boxes[parcel * 4 + 1] = minY;
    boxes[parcel * 4 + 2] = maxX;
    boxes[parcel * 4 + 3] = maxY;
  }
  parcelRings[count] = ring;
  ringOffsets[ringCount] = vertex;
  let index: Flatbush | null = null;
  if (count > 0) {
    index = new Flatbush(count);
    for (let parcel = 0; parcel < count; parcel += 1) {
      const offset = parcel * 4;
      index.add(boxes[offset], boxes[offset + 1], boxes[offset + 2], boxes[offset + 3]);
    }
    index.finish();
  }
  return {
    ok: true,
    parcels: { count, landUse, status, floorArea, footprint, investment, tax, coordinates, ringOffsets, ringIsHole, parcelRings, boxes, index, projected: new Map() },
  };
}

/** Thrown by {@link computeLandUseIntensity} when given raw parcels that cannot be read. */
export class ParcelDataError extends Error {
  readonly problems: ParcelProblem[];
  constructor(problems: ParcelProblem[]) {
    const first = problems[0];
    super(first ? `parcel ${first.index + 1}: ${first.message.en} / 第 ${first.index + 1} 个地块：${first.message.zh}` : 'no parcels');
    this.name = 'ParcelDataError';
    this.problems = problems;
  }
}

function projectRing(ring: Float64Array, crs: GaussKrugerCode): Float64Array {
  const projected = new Float64Array(ring.length);
  for (let offset = 0; offset < ring.length; offset += 2) {
    const [x, y] = projectPoint([ring[offset], ring[offset + 1]], crs);
    projected[offset] = x;
    projected[offset + 1] = y;
  }
  return projected;
}

/** Projects one parcel into `crs` (once per CRS), recording its planar area and box. */
function projectedParcels(parcels: PreparedParcels, parcel: number, crs: GaussKrugerCode): ProjectedParcels {
  let cache = parcels.projected.get(crs);
  if (!cache) {
    cache = {
      coordinates: new Float64Array(parcels.coordinates.length),
      area: new Float64Array(parcels.count).fill(Number.NaN),
      boxes: new Float64Array(parcels.count * 4),
    };
    parcels.projected.set(crs, cache);
  }
  if (!Number.isNaN(cache.area[parcel])) return cache;
  const source = parcels.coordinates;
  const target = cache.coordinates;
  const firstRing = parcels.parcelRings[parcel];
  const lastRing = parcels.parcelRings[parcel + 1];
  let area = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const lonLat: [number, number] = [0, 0];
  for (let ring = firstRing; ring < lastRing; ring += 1) {
    const start = parcels.ringOffsets[ring];
    const end = parcels.ringOffsets[ring + 1];
    for (let vertex = start; vertex < end; vertex += 1) {
      lonLat[0] = source[vertex * 2];
      lonLat[1] = source[vertex * 2 + 1];
      const [x, y] = projectPoint(lonLat, crs);
      target[vertex * 2] = x;
      target[vertex * 2 + 1] = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    // Exterior adds, holes subtract, whatever the winding (files in the wild vary).
    area += (parcels.ringIsHole[ring] ? -1 : 1) * Math.abs(flatRingSignedArea(target, start, end));
  }
  cache.area[parcel] = area;
  cache.boxes.set([minX, minY, maxX, maxY], parcel * 4);
  return cache;
}

/** One parcel's projected rings as separate arrays, grouped by polygon (for the rare exact clip). */
function parcelPolygons(parcels: PreparedParcels, projected: ProjectedParcels, parcel: number): Float64Array[][] {
  const polygons: Float64Array[][] = [];
  for (let ring = parcels.parcelRings[parcel]; ring < parcels.parcelRings[parcel + 1]; ring += 1) {
    const copy = projected.coordinates.slice(parcels.ringOffsets[ring] * 2, parcels.ringOffsets[ring + 1] * 2);
    if (parcels.ringIsHole[ring] && polygons.length > 0) polygons[polygons.length - 1].push(copy);
    else polygons.push([copy]);
  }
  return polygons;
}

/** A zone polygon projected into its CRS, with an index of its edges. */
interface ProjectedZone {
  /** Every ring of every part, flat, in the zone CRS. */
  rings: Float64Array[];
  /** +1 for exteriors, −1 for holes. */
  ringSigns: number[];
  ringBoxes: Float64Array;
  /** Edge i runs from vertex edgeVertex[i] of ring edgeRing[i] to the next vertex. */
  edgeRing: Uint32Array;
  edgeVertex: Uint32Array;
  edgeIndex: Flatbush;
}

function prepareZone(geometry: Polygon | MultiPolygon, crs: GaussKrugerCode): ProjectedZone | undefined {
  const polygons = flattenPolygons(geometry);
  if (!polygons) return undefined;
  const rings: Float64Array[] = [];
  const ringSigns: number[] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, ringIndex) => {
      rings.push(projectRing(ring, crs));
      ringSigns.push(ringIndex === 0 ? 1 : -1);
    });
  }
  const edgeCount = rings.reduce((sum, ring) => sum + ring.length / 2, 0);
  const edgeRing = new Uint32Array(edgeCount);
  const edgeVertex = new Uint32Array(edgeCount);
  const ringBoxes = new Float64Array(rings.length * 4);
  const edgeIndex = new Flatbush(edgeCount);
  let edge = 0;
  rings.forEach((ring, ringNumber) => {
    const vertices = ring.length / 2;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let vertex = 0; vertex < vertices; vertex += 1) {
      const x1 = ring[vertex * 2];
      const y1 = ring[vertex * 2 + 1];
      const next = (vertex + 1) % vertices;
      const x2 = ring[next * 2];
      const y2 = ring[next * 2 + 1];
      edgeIndex.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
      edgeRing[edge] = ringNumber;
      edgeVertex[edge] = vertex;
      edge += 1;
      if (x1 < minX) minX = x1;
      if (x1 > maxX) maxX = x1;
      if (y1 < minY) minY = y1;
      if (y1 > maxY) maxY = y1;
    }
    ringBoxes.set([minX, minY, maxX, maxY], ringNumber * 4);
  });
  edgeIndex.finish();
  return { rings, ringSigns, ringBoxes, edgeRing, edgeVertex, edgeIndex };
}

/** Even–odd point-in-polygon over all rings of the zone, using the edge index for the ray. */
function zoneContains(zone: ProjectedZone, x: number, y: number): boolean {
  return indexedEdgesContain(x, y, zone.edgeIndex.search(x, y, Infinity, y), zone.rings, zone.edgeRing, zone.edgeVertex);
}

/** True when the single ring is convex (collinear vertices allowed); also returns it counter-clockwise. */
function convexCounterClockwise(ring: Float64Array): Float64Array | undefined {
  const vertices = ring.length / 2;
  let sign = 0;
  for (let vertex = 0; vertex < vertices; vertex += 1) {
    const a = vertex * 2;
    const b = ((vertex + 1) % vertices) * 2;
    const c = ((vertex + 2) % vertices) * 2;
    const cross = (ring[b] - ring[a]) * (ring[c + 1] - ring[b + 1]) - (ring[b + 1] - ring[a + 1]) * (ring[c] - ring[b]);
    if (cross === 0) continue;
    const crossSign = cross > 0 ? 1 : -1;
    if (sign === 0) sign = crossSign;
    else if (crossSign !== sign) return undefined;
  }
  if (sign === 0) return undefined;
  if (sign > 0) return ring;
  const reversed = new Float64Array(ring.length);
  for (let vertex = 0; vertex < vertices; vertex += 1) {
    reversed[vertex * 2] = ring[(vertices - 1 - vertex) * 2];
    reversed[vertex * 2 + 1] = ring[(vertices - 1 - vertex) * 2 + 1];
  }
  return reversed;
}

/**
 * Area of (subject ring ∩ convex clip ring), Sutherland–Hodgman. The subject may be
 * concave: the output then has zero-width spurs along the clip edges, which add no area,
 * so the shoelace of the output is the exact intersection area. Coordinates are shifted
 * to the clip ring's first vertex for precision.
 */
function clippedRingArea(subject: Float64Array, clip: Float64Array): number {
  const originX = clip[0];
  const originY = clip[1];
  let input: number[] = [];
  for (let offset = 0; offset < subject.length; offset += 2) input.push(subject[offset] - originX, subject[offset + 1] - originY);
  const clipVertices = clip.length / 2;
  for (let edge = 0; edge < clipVertices && input.length >= 6; edge += 1) {
    const ax = clip[edge * 2] - originX;
    const ay = clip[edge * 2 + 1] - originY;
    const next = ((edge + 1) % clipVertices) * 2;
    const bx = clip[next] - originX;
    const by = clip[next + 1] - originY;
    const output: number[] = [];
    const inputVertices = input.length / 2;
    let previousX = input[input.length - 2];
    let previousY = input[input.length - 1];
    // Left of a→b (counter-clockwise clip) is inside.
    let previousSide = (bx - ax) * (previousY - ay) - (by - ay) * (previousX - ax);
    for (let vertex = 0; vertex < inputVertices; vertex += 1) {
      const x = input[vertex * 2];
      const y = input[vertex * 2 + 1];
      const side = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
      if (side >= 0) {
        if (previousSide < 0) {
          const t = previousSide / (previousSide - side);
          output.push(previousX + t * (x - previousX), previousY + t * (y - previousY));
        }
        output.push(x, y);
      } else if (previousSide >= 0) {
        const t = previousSide / (previousSide - side);
        output.push(previousX + t * (x - previousX), previousY + t * (y - previousY));
      }
      previousX = x;
      previousY = y;
      previousSide = side;
    }
    input = output;
  }
  return Math.abs(flatRingSignedArea(input));
}

function toPolygonCoordinates(polygons: Float64Array[][], originX: number, originY: number): Position[][][] {
  return polygons.map((polygon) =>
    polygon.map((ring) => {
      const positions: Position[] = [];
      for (let offset = 0; offset < ring.length; offset += 2) positions.push([ring[offset] - originX, ring[offset + 1] - originY]);
      positions.push(positions[0]);
      return positions;
    }),
  );
}

/** Area of (parcel ∩ zone) in m², for a parcel whose box meets at least one zone edge. */
function intersectionArea(zone: ProjectedZone, zoneGeometry: () => Feature<MultiPolygon>, polygons: Float64Array[][], box: number[]): number {
  const convex = polygons.length === 1 && polygons[0].length === 1 ? convexCounterClockwise(polygons[0][0]) : undefined;
  if (convex) {
    let area = 0;
    zone.rings.forEach((ring, ringNumber) => {
      const offset = ringNumber * 4;
      // A ring whose box misses the parcel's box cannot overlap it.
      if (zone.ringBoxes[offset] > box[2] || zone.ringBoxes[offset + 2] < box[0] || zone.ringBoxes[offset + 1] > box[3] || zone.ringBoxes[offset + 3] < box[1]) return;
      area += zone.ringSigns[ringNumber] * clippedRingArea(ring, convex);
    });
    return Math.max(0, area);
  }
  // General parcels (concave, holes, several parts): polygon clipping, shifted to the
  // parcel's first vertex to keep the coordinates small.
  const originX = polygons[0][0][0];
  const originY = polygons[0][0][1];
  const zoneFeature = zoneGeometry();
  const shiftedZone = zoneFeature.geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [x - originX, y - originY])));
  // Through src/geometry/clip.ts, the one place polygon clipping happens.
  const pieces = intersectPlanar(shiftedZone, toPolygonCoordinates(polygons, originX, originY));
  let area = 0;
  for (const part of pieces) {
    part.forEach((ring, ringIndex) => {
      const flat = ring.flat();
      // The closing vertex repeats the first: leave it out of the range.
      area += (ringIndex === 0 ? 1 : -1) * Math.abs(flatRingSignedArea(flat, 0, flat.length / 2 - 1));
    });
  }
  return Math.max(0, area);
}

interface Accumulator {
  parcelCount: number;
  crossingCount: number;
  areas: IntensityAreas;
  floorBuilt: number;
  footprintBuilt: number;
  floorIndustrial: number;
  footprintIndustrial: number;
  investmentIndustrial: number;
  taxIndustrial: number;
  taxNonResidential: number;
  /** Parcels contributing to each numerator, and those of them with a known figure. */
  contributors: Record<'floorBuilt' | 'footprintBuilt' | 'floorIndustrial' | 'footprintIndustrial' | 'investmentIndustrial' | 'taxIndustrial' | 'taxNonResidential', number>;
  known: Accumulator['contributors'];
  missing: Record<ParcelFigure, number>;
}

function newAccumulator(): Accumulator {
  const counters = () => ({
    floorBuilt: 0,
    footprintBuilt: 0,
    floorIndustrial: 0,
    footprintIndustrial: 0,
    investmentIndustrial: 0,
    taxIndustrial: 0,
    taxNonResidential: 0,
  });
  return {
    parcelCount: 0,
    crossingCount: 0,
    areas: { built_m2: 0, built_industrial_m2: 0, built_residential_m2: 0, supplied_m2: 0, ready_or_supplied_m2: 0, total_m2: 0, idle_m2: 0 },
    floorBuilt: 0,
    footprintBuilt: 0,
    floorIndustrial: 0,
    footprintIndustrial: 0,
    investmentIndustrial: 0,
    taxIndustrial: 0,
    taxNonResidential: 0,
    contributors: counters(),
    known: counters(),
    missing: { floor_area_m2: 0, footprint_m2: 0, investment_wan: 0, tax_wan: 0 },
  };
}

function addFigure(accumulator: Accumulator, key: keyof Accumulator['contributors'], value: number, share: number): void {
  accumulator.contributors[key] += 1;
  if (Number.isNaN(value)) return;
  accumulator.known[key] += 1;
  accumulator[key] += value * share;
}

function addParcel(accumulator: Accumulator, parcels: PreparedParcels, parcel: number, area: number, share: number): void {
  const status = parcels.status[parcel];
  const landUse = parcels.landUse[parcel];
  const areas = accumulator.areas;
  areas.total_m2 += area;
  if (status === BUILT || status === SUPPLIED || status === IDLE) areas.supplied_m2 += area;
  if (status === BUILT || status === SUPPLIED || status === IDLE || status === READY) areas.ready_or_supplied_m2 += area;
  if (status === IDLE) areas.idle_m2 += area;
  if (status !== BUILT) return;
  areas.built_m2 += area;
  const floor = parcels.floorArea[parcel];
  const footprint = parcels.footprint[parcel];
  const investment = parcels.investment[parcel];
  const tax = parcels.tax[parcel];
  addFigure(accumulator, 'floorBuilt', floor, share);
  addFigure(accumulator, 'footprintBuilt', footprint, share);
  if (Number.isNaN(floor)) accumulator.missing.floor_area_m2 += 1;
  if (Number.isNaN(footprint)) accumulator.missing.footprint_m2 += 1;
  if (landUse === RESIDENTIAL) {
    areas.built_residential_m2 += area;
  } else {
    addFigure(accumulator, 'taxNonResidential', tax, share);
    if (Number.isNaN(tax)) accumulator.missing.tax_wan += 1;
  }
  if (landUse === INDUSTRIAL || landUse === STORAGE) {
    areas.built_industrial_m2 += area;
    addFigure(accumulator, 'floorIndustrial', floor, share);
    addFigure(accumulator, 'footprintIndustrial', footprint, share);
    addFigure(accumulator, 'investmentIndustrial', investment, share);
    addFigure(accumulator, 'taxIndustrial', tax, share);
    if (Number.isNaN(investment)) accumulator.missing.investment_wan += 1;
  }
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function indicatorsOf(accumulator: Accumulator): IntensityIndicators {
  const { areas, known } = accumulator;
  // A numerator no contributing parcel knows is unknown, not zero.
  const figure = (key: keyof Accumulator['contributors']): number | null =>
    accumulator.contributors[key] > 0 && known[key] === 0 ? null : accumulator[key];
  const divide = (numerator: number | null, denominator: number): number | null =>
    numerator === null ? null : ratio(numerator, denominator);
  const builtHa = areas.built_m2 / SQUARE_METRES_PER_HECTARE;
  const industrialHa = areas.built_industrial_m2 / SQUARE_METRES_PER_HECTARE;
  return {
    land_development_rate: ratio(areas.ready_or_supplied_m2, areas.total_m2),
    land_supply_rate: ratio(areas.supplied_m2, areas.ready_or_supplied_m2),
    land_built_rate: ratio(areas.built_m2, areas.supplied_m2),
    industrial_land_ratio: ratio(areas.built_industrial_m2, areas.built_m2),
    composite_far: divide(figure('floorBuilt'), areas.built_m2),
    building_density: divide(figure('footprintBuilt'), areas.built_m2),
    industrial_far: divide(figure('floorIndustrial'), areas.built_industrial_m2),
    industrial_building_coverage: divide(figure('footprintIndustrial'), areas.built_industrial_m2),
    industrial_investment_intensity: divide(figure('investmentIndustrial'), industrialHa),
    industrial_tax_per_ha: divide(figure('taxIndustrial'), industrialHa),
    composite_tax_per_ha: divide(figure('taxNonResidential'), builtHa),
    idle_land_rate: ratio(areas.idle_m2, areas.supplied_m2),
  };
}

export interface LandUseIntensityOptions {
  /** Column names and code tables for parcels with other attribute names. */
  mapping?: ParcelFieldMapping;
}

/**
 * TD/T 1029 land-use intensity indicators of every zone polygon in `zones` (one layer or
 * several), from parcel polygons in lon/lat.
 *
 * Sums over the parcel area inside each zone (planar m² in the zone's Gauss–Krüger CRS):
 * A = built; A2 = built industrial + storage; D = built + supplied + idle; R (A+B21) =
 * D + ready; T (A+B) = all; G = idle. A parcel crossing the zone boundary counts by the
 * part inside; its floor area, footprint, investment (万元) and tax (万元/year) are
 * prorated by that area share. An indicator is null where its denominator is zero (see
 * {@link INDICATORS} for the formulas and units).
 *
 * @param zones zone layers ({ layer, features }); features without Polygon/MultiPolygon geometry are skipped
 * @param parcels parcels as a FeatureCollection, or {@link PreparedParcels} to reuse the index
 * @param options field mapping for renamed parcel columns
 * @returns one {@link ZoneIntensity} per zone feature, in layer then feature order
 * @throws {ParcelDataError} when `parcels` is a FeatureCollection with unreadable parcels
 *   (call {@link prepareParcels} first to get the problems as a value)
 * @example
 * const [zone] = computeLandUseIntensity({ layer: 'industrial-parks', features: parks }, parcels);
 * zone.indicators.industrial_far // e.g. 1.12
 */
export function computeLandUseIntensity(
  zones: ZoneLayer | ZoneLayer[],
  parcels: FeatureCollection | PreparedParcels,
  options: LandUseIntensityOptions = {},
): ZoneIntensity[] {
  let prepared: PreparedParcels;
  if ('type' in parcels) {
    const result = prepareParcels(parcels, options.mapping);
    if (!result.ok) throw new ParcelDataError(result.problems);
    prepared = result.parcels;
  } else {
    prepared = parcels;
  }
  const results: ZoneIntensity[] = [];
  for (const zoneLayer of Array.isArray(zones) ? zones : [zones]) {
    zoneLayer.features.features.forEach((feature, featureIndex) => {
      const geometry = feature.geometry;
      if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return;
      results.push(zoneIntensity(zoneLayer.layer, feature as Feature<Polygon | MultiPolygon>, featureIndex, prepared));
    });
  }
  return results;
}

function zoneIntensity(layer: string, feature: Feature<Polygon | MultiPolygon>, featureIndex: number, parcels: PreparedParcels): ZoneIntensity {
  const properties = feature.properties ?? {};
  const measured = measureArea(feature.geometry);
  const crs = measured.projected_crs;
  const accumulator = newAccumulator();
  const zone = prepareZone(feature.geometry, crs);
  if (zone && parcels.index) {
    let projectedZoneFeature: Feature<MultiPolygon> | undefined;
    const zoneGeometry = (): Feature<MultiPolygon> => {
      if (!projectedZoneFeature) {
        // Rebuild the projected zone as GeoJSON only for the rare non-convex crossing parcel.
        const polygons: Float64Array[][] = [];
        zone.rings.forEach((ring, ringNumber) => {
          if (zone.ringSigns[ringNumber] > 0) polygons.push([ring]);
          else polygons[polygons.length - 1].push(ring);
        });
        projectedZoneFeature = { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: toPolygonCoordinates(polygons, 0, 0) } };
      }
      return projectedZoneFeature;
    };
    const [west, south, east, north] = lonLatBox(feature.geometry);
    const candidates = parcels.index.search(west, south, east, north);
    const box = [0, 0, 0, 0];
    for (const parcel of candidates) {
      const projected = projectedParcels(parcels, parcel, crs);
      const parcelArea = projected.area[parcel];
      if (!(parcelArea > 0)) continue;
      const boxOffset = parcel * 4;
      box[0] = projected.boxes[boxOffset];
      box[1] = projected.boxes[boxOffset + 1];
      box[2] = projected.boxes[boxOffset + 2];
      box[3] = projected.boxes[boxOffset + 3];
      const edges = zone.edgeIndex.search(box[0], box[1], box[2], box[3]);
      let insideArea: number;
      if (edges.length === 0) {
        // No zone edge near the parcel: it is wholly inside or wholly outside.
        const first = parcels.ringOffsets[parcels.parcelRings[parcel]] * 2;
        if (!zoneContains(zone, projected.coordinates[first], projected.coordinates[first + 1])) continue;
        insideArea = parcelArea;
      } else {
        insideArea = intersectionArea(zone, zoneGeometry, parcelPolygons(parcels, projected, parcel), box);
        if (insideArea <= 0) continue;
        // Clipping rounding can exceed the parcel by ~1e-9; a parcel is never more than whole.
        if (insideArea > parcelArea) insideArea = parcelArea;
        if (insideArea < parcelArea * (1 - 1e-9)) accumulator.crossingCount += 1;
      }
      accumulator.parcelCount += 1;
      addParcel(accumulator, parcels, parcel, insideArea, insideArea / parcelArea);
    }
  }
  const indicators = indicatorsOf(accumulator);
  const { areas } = accumulator;
  const industryLed =
    areas.built_m2 > 0 ? areas.built_industrial_m2 / areas.built_m2 > 0.3 && areas.built_residential_m2 / areas.built_m2 < 0.25 : null;
  const id = featureIdOf(feature) ?? `${layer}-${featureIndex + 1}`;
  return {
    layer,
    id: String(id),
    name_zh: typeof properties.name_zh === 'string' ? properties.name_zh : String(id),
    name_en: typeof properties.name_en === 'string' ? properties.name_en : String(id),
    area_m2: measured.area_m2,
    projected_crs: crs,
    parcel_count: accumulator.parcelCount,
    crossing_parcel_count: accumulator.crossingCount,
    areas,
    indicators,
    industry_led: industryLed,
    missing_figures: accumulator.missing,
  };
}

function lonLatBox(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  }
  // Parcel boxes are lon/lat while the zone edges are straight in Gauss–Krüger; a tiny
  // margin (≈1 m) keeps a parcel touching the boundary among the candidates.
  const margin = 1e-5;
  return [west - margin, south - margin, east + margin, north + margin];
}
