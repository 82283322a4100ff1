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
 * The engine is a list of rules (src/analysis/review/): the site is measured once
 * (measured-site.ts) and passed through one module per role — zone, prohibited, inside,
 * classes, protected line, proximity — plus the control indicators; each returns findings
 * with their geometry in lon/lat (overlap shapes, the outside part, closest-point lines), and
 * one function, `verdict` (review/verdict.ts), turns the items into the verdict. The built-in
 * layers are configurations of the same rules: the marine ranch is `prohibited`, development
 * zones and parks are `zone`, the 莱荣高铁 (`hsr-line`) and every layer whose features carry
 * `kind: high-speed | ordinary` are protected lines with the 《铁路安全管理条例》 Art. 27
 * width of their kind and area class, parcels and other sites under review are `review`
 * conflicts, stations / ports / bridges / expressways / towns are `proximity`.
 *
 * Verdict rules (documented for planners; reasons are returned in zh and en):
 * 1. `non-compliant` when any counted item is a blocker: overlap with the marine ranch
 *    (海洋牧场, sea use already planned), a railway line safety protection zone
 *    (《铁路安全管理条例》第二十七条, width by kind and area class), a reference layer set to
 *    prohibited, a prohibited class, the outside part of an `inside` layer set to blocker.
 * 2. otherwise `needs-review` when any of: overlap with another site under review or with a
 *    supplied parcel layer; a failed 《工业项目建设用地控制指标》 indicator; the site lies
 *    outside every counted zone, or less than 99 % of it lies inside them; the proposal's
 *    industry matches none of the leading industries of the zones it lies in; a review class
 *    or an `inside` layer set to review; a reference layer that could not be read; a FAR
 *    given for a manufacturing division whose minimum was not verified (2002 34–43).
 * 3. otherwise `compliant`.
 * Other indicators or industries that cannot be assessed (no industry code, no mapping, not
 * manufacturing) are reported as information and do not change the verdict. Reasons from schematic built-in
 * layers say so; findings from reference layers switched off, or from built-in layers left
 * out (`options.builtInLayers`), are listed as information and do not move the verdict.
 */
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Bilingual, LayerMeta } from '../data/catalog-types';
import { CLUSTERS, RUSHAN_INDUSTRIES } from '../data/industries';
import { gaussKrugerZoneFor, projectPoint, unprojectPoint, type GaussKrugerCode } from '../crs/projections';
import { featureIdOf, nameOf } from '../io/feature-name';
import { pointInPolygons, polygonsArea, polygonsCentroid } from '../geometry/planar';
import { areaPhrase, squareMetresToHectares, squareMetresToMu } from './units';
import { SCHEMATIC_DATA_CODE } from './review/verdict-basis';
import { boxesTouch, buildIndex, candidatePositions, geometryBbox, type BoundingBox, type SpatialIndex } from './spatial-index';
import { DEFAULT_RAIL_AREA_CLASS, railProtectionRule, railProtectionWidth, type RailAreaClass, type RailKind } from './protection-zone';
import { checkControlIndicators, industryDivision, INDUSTRY_EDITION, type ControlCheck, type ControlOptions, type ControlProposal } from './control-indicators';
import {
  featureId,
  featureName,
  growBox,
  lonLatOf,
  measureSite,
  polygonsToLonLat,
  projectShape,
  round,
  shiftPolygons,
  type Candidate,
  type PlanarPolygons,
  type PlanarShape,
} from './review/measured-site';
import { intersectPlanar } from '../geometry/clip';
import { coveredArea, overlapsWith, type OverlapFinding } from './review/overlap';
import { protectedLineRule } from './review/protected-line-rule';
import { proximityRule } from './review/proximity-rule';
import { builtInZoneIndustries, industryFit, zoneRule } from './review/zone-rule';
import { reviewReferences } from './review/reference-review';
import { verdict as verdictOf, type Reason, type Verdict, type VerdictItem } from './review/verdict';
import type { ReferenceInput, ReferenceSection } from './review/reference-types';

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
  /**
   * A filter that depends on another layer, made once when the context is built (given that
   * layer's features by id); `undefined` from it drops the rule (the other layer is not loaded).
   */
  filterFrom?: (featuresOf: (layerId: string) => readonly Feature[] | undefined) => ((properties: Record<string, unknown>) => boolean) | undefined;
  /** Label of what is measured, e.g. 高速公路 / expressway. */
  label?: Bilingual;
}

export interface ReviewContextOptions {
  /** Layers whose polygons are zones and parks (overlap and share of the site). */
  zoneLayerIds?: string[];
  /** Conflict layers; default: marine-ranch (blocker) and every layer whose id contains "parcel" (review). */
  conflictLayers?: ConflictLayerRule[];
  /**
   * The 莱荣高铁 centre line layer (high-speed unless its features say otherwise); default
   * `hsr-line`. Every other layer whose features carry `kind: "high-speed" | "ordinary"`
   * (e.g. `railways`) is a protected line too.
   */
  railLayerId?: string;
  /** false: no railway protection zone at all (the explorer's distances read `railways` only for its stations). Default true. */
  railProtection?: boolean;
  /** Nearest-feature layers; default stations, ports, bridges, expressways, towns. */
  proximityLayers?: ProximityLayerRule[];
  /** County polygons for the site's district; default `basemap-counties`. */
  districtLayerId?: string;
}

/** A protected railway layer and how the Art. 27 table of each feature is chosen. */
interface RailLayerRule {
  layerId: string;
  /** high-speed / ordinary for a feature, or null when it is not a railway of a known kind. */
  kindOf: (feature: Feature) => RailKind | null;
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
  /** Every protected railway layer (the rail layer and the layers with `kind` railways). */
  railLayers: RailLayerRule[];
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
  /** false: findings without their lon/lat geometry (figures only; faster). Default true. */
  withGeometry?: boolean;
  /**
   * The bureau's reference layers with the features the caller read for this site (by the
   * box of `referenceQueryBox`), or `{ unavailable }` when a layer could not be read.
   */
  references?: ReferenceInput[];
  /**
   * Which built-in (schematic) layers count in the verdict; absent = all (today's behaviour),
   * [] = none. Findings of the others are still listed, as information.
   */
  builtInLayers?: string[];
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
  /** The overlap shape, lon/lat (omitted from CLI JSON unless --geometry). */
  geometry?: Polygon | MultiPolygon;
}

export interface Proximity {
  layer: string;
  id: string;
  name: Bilingual;
  /** Geodesic distance (GRS80) from the site boundary, metres; 0 when inside or touching. */
  distance_m: number;
  label?: Bilingual;
  /** 'schematic' when the feature is a point at an estimated position (a station, a port): shown to the whole km, said to be estimated. */
  accuracy?: 'schematic';
  /** From the site's closest point to the feature's, lon/lat (omitted from CLI JSON unless --geometry). */
  line?: LineString;
}

/** A railway protection zone near the site (the buffer of the segments within reach), for drawing. */
export interface ProtectionZone {
  layer: string;
  id: string;
  width_m: number;
  geometry: Polygon | MultiPolygon;
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

export type { Verdict, Reason } from './review/verdict';

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
  /** The railway protection zones near the site (drawn on the map), lon/lat. */
  protection_zones: ProtectionZone[];
  /** One section per reference layer (the bureau's layers), in the order given. */
  reference: ReferenceSection[];
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

/**
 * Stations on a high-speed line of `railwaysLayerId` (a feature with `kind: high-speed`; its
 * `stations` list names them without 站): 青荣城际's 威海, 威海北, 文登东 … in the atlas's own
 * layers. The 莱荣 stations are a layer of their own (hsr-stations).
 */
export function onHighSpeedLine(railwaysLayerId = 'railways'): NonNullable<ProximityLayerRule['filterFrom']> {
  return (featuresOf) => {
    const lines = featuresOf(railwaysLayerId);
    if (!lines) return undefined;
    const names = new Set<string>();
    for (const line of lines) {
      if (railKindOf(line) !== 'high-speed') continue;
      const stations = line.properties?.stations;
      if (typeof stations === 'string') for (const name of stations.split(';')) if (name.trim()) names.add(name.trim());
    }
    return (properties) => {
      const name = properties.name_zh;
      return typeof name === 'string' && names.has(name.trim().replace(/站$/u, ''));
    };
  };
}

export const DEFAULT_PROXIMITY_LAYERS: ProximityLayerRule[] = [
  { layerId: 'hsr-stations', label: { zh: '莱荣高铁站', en: 'Laixi–Rongcheng HSR station' } },
  { layerId: 'railway-stations', filterFrom: onHighSpeedLine(), label: { zh: '其他高铁线路车站', en: 'Station on another high-speed line' } },
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

/** `kind` values that make a feature a railway of a known Art. 27 table. */
function railKindOf(feature: Feature): RailKind | null {
  const kind = feature.properties?.kind;
  return kind === 'high-speed' || kind === 'ordinary' ? kind : null;
}

// ---------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------

/**
 * Indexes the layers once for many reviews. Any extra layer (sample parcels, a user's
 * import) can be passed; a layer whose id contains "parcel" becomes a `review` conflict
 * layer unless `options.conflictLayers` says otherwise; a layer whose features carry
 * `kind: "high-speed" | "ordinary"` (the `railways` layer) becomes a protected line.
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
  const railLayerId = options.railLayerId ?? 'hsr-line';
  const railLayers: RailLayerRule[] = options.railProtection === false ? [] : [
    // The 莱荣高铁 layer: high-speed unless a feature says it is ordinary.
    { layerId: railLayerId, kindOf: (feature) => railKindOf(feature) ?? 'high-speed' },
    ...[...indexed.entries()]
      .filter(([id, layer]) => id !== railLayerId && layer.features.some((feature) => railKindOf(feature) !== null))
      .map(([layerId]) => ({ layerId, kindOf: railKindOf })),
  ];
  return {
    layers: indexed,
    zoneLayerIds: options.zoneLayerIds ?? DEFAULT_ZONE_LAYER_IDS,
    conflictLayers,
    railLayerId,
    railLayers,
    proximityLayers: (options.proximityLayers ?? DEFAULT_PROXIMITY_LAYERS).flatMap((rule) => {
      if (!rule.filterFrom) return [rule];
      const filter = rule.filterFrom((layerId) => indexed.get(layerId)?.features);
      const { filterFrom: _made, ...fixed } = rule;
      return filter ? [{ ...fixed, filter }] : [];
    }),
    districtLayerId: options.districtLayerId ?? 'basemap-counties',
  };
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

// ---------------------------------------------------------------------------------------
// Review
// ---------------------------------------------------------------------------------------

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

const SCHEMATIC: Bilingual = { zh: '（示意数据）', en: ' (schematic data)' };

/** A layer's features by id, built once per layer and kept (a conflict names its feature by id). */
const featureIndexes = new WeakMap<object, Map<string, Feature>>();
function featuresById(layer: { features: Feature[] }): Map<string, Feature> {
  let index = featureIndexes.get(layer);
  if (!index) {
    index = new Map();
    layer.features.forEach((feature, position) => index!.set(featureId(feature, position), feature));
    featureIndexes.set(layer, index);
  }
  return index;
}

/**
 * Reviews one site against the prepared layers and the reference layers.
 *
 * @param context from {@link createReviewContext}
 * @param site a lon/lat Polygon/MultiPolygon feature, or a Point with `options.siteAreaM2`
 * @param proposal industry code (GB/T 4754-2002), FAR, coverage, office share, green ratio (fractions), investment intensity (万元/公顷)
 * @param options rail area class (default 其他地区), other sites under review, index on/off, control options,
 *   reference layers with their features for this site, which built-in layers count
 * @returns the report: site measures (m², 亩, ha), zones with overlap m² and % of the site,
 *   conflicts (with their overlap shape), nearest features (geodesic m, closest-point line),
 *   protection zones near the site, industry fit, control checks, one section per reference
 *   layer, verdict and reasons (each naming its rule and layer)
 * @throws SiteReviewError when the site cannot be reviewed (point without area, line, empty)
 * @example
 * const report = reviewSite(context, sitePolygon, { industryCode: '27', far: 1.2, coverage: 0.4 }, { railClass: 'village' });
 * report.verdict // 'compliant' | 'needs-review' | 'non-compliant'
 */
export function reviewSite(context: ReviewContext, site: Feature, proposal: Proposal = {}, options: ReviewOptions = {}): SiteReport {
  const geometry = siteGeometry(site, options.siteAreaM2 ?? pointSiteArea(site));
  const measured = measureSite(geometry);
  if (options.withGeometry === false) measured.withGeometry = false;
  const { crs } = measured;
  const useIndex = options.useIndex !== false;
  const railClass = options.railClass ?? DEFAULT_RAIL_AREA_CLASS;
  const counted = (layerId: string) => options.builtInLayers === undefined || options.builtInLayers.includes(layerId);

  // Without the index (the benchmark's baseline) the review is the loop one would write
  // without one: every feature of every layer is projected afresh and tested, bbox first.
  const candidatesOf = (layer: IndexedLayer, box: BoundingBox): Candidate[] =>
    (useIndex ? candidatePositions(layer.index, box) : layer.features.map((_, position) => position)).map((position) => ({
      layer: layer.meta.id,
      position,
      feature: layer.features[position],
      shape: () => (useIndex ? projectedFeature(layer, position, crs) : projectShape(layer.features[position].geometry, crs)),
    }));

  const items: VerdictItem[] = [];
  const schematicLayers = new Set<string>();
  const isSchematic = (layer: IndexedLayer, feature: Feature) => (feature.properties?.accuracy ?? layer.meta.provenance.accuracy) === 'schematic';
  /**
   * The suffix a reason from a schematic feature carries; a layer that counts in the verdict is
   * noted as one the verdict rests on (a layer left out is listed as information only, and
   * makes no verdict preliminary).
   */
  const schematicNote = (layer: IndexedLayer | undefined, feature: Feature, counts: boolean): Bilingual => {
    if (!layer || !isSchematic(layer, feature)) return { zh: '', en: '' };
    if (counts) schematicLayers.add(layer.meta.id);
    return SCHEMATIC;
  };

  // Zones and parks (rule: zone) -------------------------------------------------------
  const zoneFindings: { layer: IndexedLayer; finding: OverlapFinding; counts: boolean }[] = [];
  for (const layerId of context.zoneLayerIds) {
    const layer = context.layers.get(layerId);
    if (!layer) continue;
    for (const finding of zoneRule(measured, candidatesOf(layer, measured.box)).zones) zoneFindings.push({ layer, finding, counts: counted(layerId) });
  }
  const references = reviewReferences(measured, options.references ?? []);
  const zones: ZoneOverlap[] = [
    ...zoneFindings.map(({ layer, finding, counts }) => {
      schematicNote(layer, finding.candidate.feature, counts);
      return {
        layer: layer.meta.id,
        id: featureId(finding.candidate.feature, finding.candidate.position),
        name: featureName(finding.candidate.feature.properties),
        overlap_m2: round(finding.overlap_m2, 2),
        overlap_pct: round((100 * finding.overlap_m2) / measured.area_m2, 3),
      };
    }),
    ...references.zones.flatMap((layer) =>
      layer.zones.map((zone) => ({
        layer: layer.layer,
        id: zone.id,
        name: { zh: zone.name ?? zone.id, en: zone.name ?? zone.id },
        overlap_m2: round(zone.finding.overlap_m2, 2),
        overlap_pct: round((100 * zone.finding.overlap_m2) / measured.area_m2, 3),
      })),
    ),
  ];
  // The zones that count: built-in zone layers not left out, and enabled reference zone
  // layers (which join them, or replace them when the built-in ones are left out).
  const countedZoneLayers = [
    ...context.zoneLayerIds.filter((id) => context.layers.has(id) && counted(id)),
    ...references.zones.filter((layer) => layer.counts).map((layer) => layer.layer),
  ];
  const zonesCount = countedZoneLayers.length > 0;
  const allZoneFindings = [
    ...zoneFindings.map((entry) => ({ finding: entry.finding, counts: entry.counts, schematic: isSchematic(entry.layer, entry.finding.candidate.feature) })),
    ...references.zones.flatMap((layer) => layer.zones.map((zone) => ({ finding: zone.finding, counts: layer.counts, schematic: false }))),
  ];
  const judgedZones = zonesCount ? allZoneFindings.filter((entry) => entry.counts) : allZoneFindings;
  const zoneCoveragePct = round(Math.min(100, (100 * coveredArea(measured, judgedZones.map((entry) => entry.finding))) / measured.area_m2), 3);
  const zoneNote = judgedZones.some((entry) => entry.schematic) || (judgedZones.length === 0 && countedZoneLayers.some((id) => context.layers.get(id)?.meta.provenance.accuracy === 'schematic'))
    ? SCHEMATIC
    : { zh: '', en: '' };
  const judgedZoneReports = zones.filter((zone) => judgedZones.some((entry) => featureId(entry.finding.candidate.feature, entry.finding.candidate.position) === zone.id && entry.finding.candidate.layer === zone.layer));

  // Conflicts (rule: prohibited, as blocker or review) ----------------------------------
  const conflicts: Conflict[] = [];
  for (const rule of context.conflictLayers) {
    const layer = context.layers.get(rule.layerId);
    if (!layer) continue;
    // The prohibited rule's findings, each overlap on its own: the rule's total (the union of
    // every overlapping feature, united and clipped again) is not reported here — at 400k
    // parcels it was more than half of a 200 ha site's review time.
    for (const finding of overlapsWith(measured, candidatesOf(layer, measured.box))) {
      const feature = finding.candidate.feature;
      const conflictGeometry = polygonsToLonLat(measured, finding.pieces);
      conflicts.push({
        layer: rule.layerId,
        id: featureId(feature, finding.candidate.position),
        name: featureName(feature.properties),
        overlap_m2: round(finding.overlap_m2, 2),
        rule: rule.rule,
        severity: rule.severity,
        ...(conflictGeometry ? { geometry: conflictGeometry } : {}),
      });
    }
  }

  // Railway safety protection zones (rule: protected line) ------------------------------
  const protectionZones: ProtectionZone[] = [];
  for (const rail of context.railLayers) {
    const layer = context.layers.get(rail.layerId);
    if (!layer) continue;
    const widest = railProtectionWidth(railClass, 'high-speed');
    const kinds = new Map<number, RailKind>();
    const found = protectedLineRule(measured, candidatesOf(layer, growBoxForRail(measured.box, widest)), (candidate) => {
      const kind = rail.kindOf(candidate.feature);
      if (!kind) return null;
      kinds.set(candidate.position, kind);
      return railProtectionWidth(railClass, kind);
    });
    for (const finding of found) {
      const feature = finding.candidate.feature;
      const id = featureId(feature, finding.candidate.position);
      const zoneGeometry = polygonsToLonLat(measured, finding.zone);
      if (zoneGeometry) protectionZones.push({ layer: rail.layerId, id, width_m: finding.width_m, geometry: zoneGeometry });
      if (!(finding.overlap_m2 > 0)) continue;
      const conflictGeometry = polygonsToLonLat(measured, finding.pieces);
      conflicts.push({
        layer: rail.layerId,
        id,
        name: featureName(feature.properties),
        overlap_m2: round(finding.overlap_m2, 2),
        rule: railProtectionRule(railClass, kinds.get(finding.candidate.position) ?? 'high-speed'),
        severity: 'blocker',
        ...(conflictGeometry ? { geometry: conflictGeometry } : {}),
      });
    }
  }

  // Other sites under review (rule: prohibited, as review) -----------------------------
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
    if (!otherBox || !boxesTouch(otherBox, measured.box)) return;
    measured.tested += 1;
    const otherPolygons: PlanarPolygons = shiftPolygons(projectShape(otherGeometry, crs).polygons, measured.origin);
    const pieces = intersectPlanar(measured.polygons, otherPolygons);
    const area = polygonsAreaOf(pieces);
    if (!(area > 0)) return;
    const name = siteName(other.properties);
    const conflictGeometry = polygonsToLonLat(measured, pieces);
    // Unnamed sites are called by their id (the CLI numbers them by their place in the file).
    const number = featureIdOf(other) ?? position + 1;
    conflicts.push({
      layer: 'sites-under-review',
      id: featureId(other, position),
      name: { zh: name ?? `选址 ${number}`, en: name ?? `site ${number}` },
      overlap_m2: round(area, 2),
      rule: OTHER_SITE_RULE,
      severity: 'review',
      ...(conflictGeometry ? { geometry: conflictGeometry } : {}),
    });
  });

  // Proximity --------------------------------------------------------------------------
  const proximity: Proximity[] = [];
  for (const rule of context.proximityLayers) {
    const layer = context.layers.get(rule.layerId);
    if (!layer || !layer.extent) continue;
    const nearest = proximityRule(measured, (box) => candidatesOf(layer, box), layer.extent, rule.filter);
    if (!nearest) continue;
    proximity.push({
      layer: rule.layerId,
      id: featureId(nearest.candidate.feature, nearest.candidate.position),
      name: featureName(nearest.candidate.feature.properties),
      distance_m: round(nearest.distance_m, 1),
      ...(rule.label ? { label: rule.label } : {}),
      // A schematic feature — a station or port at an estimated position, an expressway or bridge
      // drawn between estimated places — has its distance given to the km and said to be
      // estimated: metres would claim a precision its position has not. A layer of surveyed or
      // digitized lines (the bureau's own) keeps its metres.
      ...(isSchematic(layer, nearest.candidate.feature) ? { accuracy: 'schematic' as const } : {}),
      line: nearest.line,
    });
  }

  // District: the county holding the site's centroid. --------------------------------
  const centroid = polygonsCentroid(measured.polygons)?.centroid ?? measured.polygons[0]?.[0]?.[0] ?? [0, 0];
  const centroidLonLat = lonLatOf(measured, centroid) as [number, number];
  let district: SiteSummary['district'] = null;
  const counties = context.layers.get(context.districtLayerId);
  if (counties) {
    const point: Position = [centroid[0] + measured.origin[0], centroid[1] + measured.origin[1]];
    for (const position of candidatePositions(counties.index, [centroidLonLat[0], centroidLonLat[1], centroidLonLat[0], centroidLonLat[1]])) {
      const shape = useIndex ? projectedFeature(counties, position, crs) : projectShape(counties.features[position].geometry, crs);
      if (pointInPolygons(point, shape.polygons)) {
        const feature = counties.features[position];
        district = { id: featureId(feature, position), ...featureName(feature.properties) };
        break;
      }
    }
  }

  // Industry fit (rule: zone) -----------------------------------------------------------
  let industry: IndustryFit | null = null;
  if (proposal.industryCode !== undefined && proposal.industryCode.trim() !== '') {
    const code = proposal.industryCode.trim();
    const division = industryDivision(proposal.industryCode) ?? null;
    const targets = industryTargets(proposal.industryCode);
    const zoneIndustries = [
      ...zoneFindings
        .filter((entry) => !zonesCount || entry.counts)
        .map((entry) => ({ id: String(entry.finding.candidate.feature.properties?.id ?? ''), industries: builtInZoneIndustries(entry.finding.candidate.feature) })),
      ...references.zones
        .filter((layer) => !zonesCount || layer.counts)
        .flatMap((layer) => layer.zones.map((zone) => ({ id: zone.id, industries: zone.industries }))),
    ];
    const fit = industryFit(zoneIndustries, targets, [code, ...(division ? [division] : [])]);
    industry = { code, division, targets, status: fit.status, matched_zones: fit.matched };
  }

  // Control indicators -----------------------------------------------------------------
  const controls = checkControlIndicators(proposal, options.controls);

  // Verdict items ------------------------------------------------------------------------
  for (const conflict of conflicts) {
    const { zh: area, en: areaEn } = areaPhrase(conflict.overlap_m2);
    const layer = context.layers.get(conflict.layer);
    const feature = layer ? featuresById(layer).get(conflict.id) : undefined;
    const counts = conflict.layer === 'sites-under-review' || counted(conflict.layer);
    const note = layer && feature ? schematicNote(layer, feature, counts) : { zh: '', en: '' };
    const isRail = context.railLayers.some((rail) => rail.layerId === conflict.layer);
    items.push({
      code: isRail ? 'rail-protection-zone' : conflict.layer === 'marine-ranch' ? 'marine-ranch' : `conflict:${conflict.layer}`,
      rule: isRail ? 'protected-line' : conflict.layer === 'sites-under-review' ? 'conflict' : 'prohibited',
      layer: conflict.layer,
      severity: conflict.severity,
      counts,
      zh: `与「${conflict.name.zh}」重叠 ${area}${note.zh}。${conflict.rule.zh}`,
      en: `Overlaps "${conflict.name.en}"${note.en} by ${areaEn}. ${conflict.rule.en}`,
    });
  }
  // The zone layers the zone reasons speak for (comma-separated ids).
  const zoneLayerNames = (zonesCount ? countedZoneLayers : context.zoneLayerIds.filter((id) => context.layers.has(id))).join(',') || null;
  const zoneItem = (code: string, severity: VerdictItem['severity'], zh: string, en: string) =>
    items.push({ code, rule: 'zone', layer: zoneLayerNames, severity, counts: zonesCount, zh: `${zh}${zoneNote.zh}`, en: `${en}${zoneNote.en}` });
  const zoneList = judgedZoneReports.length > 0 ? judgedZoneReports : zones;
  if (!zonesCount) {
    // Every zone layer is left out (the atlas's built-in ones, no enabled reference zone
    // layer): a profile that judges only on the bureau's other layers (三区三线, land use) is
    // one choice, but the report says that zone membership was not judged, and what follows
    // is information only.
    items.push({
      code: 'zones-not-judged',
      rule: 'zone',
      layer: null,
      severity: 'info',
      counts: true,
      zh: '没有计入结论的开发区或园区图层，本次审查未判断选址是否位于园区内（如需判断，请加载本局的园区边界作为参考图层，或将图集内置图层计入结论）',
      en: 'No development-zone or park layer counts in the verdict, so this review did not judge whether the site lies inside a zone (to judge it, load the bureau\'s zone boundaries as a reference layer, or count the atlas\'s built-in layers)',
    });
  }
  // No layer at all counts (the built-in ones left out, no enabled reference layer): the
  // comparisons are information only, and the verdict must not read as a pass on them.
  const builtInCounting = options.builtInLayers === undefined ? context.layers.size > 0 : options.builtInLayers.some((id) => context.layers.has(id));
  if (!builtInCounting && !(options.references ?? []).some((input) => input.config.enabled !== false)) {
    items.push({
      code: 'no-layer-counts',
      rule: 'data',
      layer: null,
      severity: 'review',
      counts: true,
      zh: '没有任何图层计入审查结论：结论未依据任何边界，下列比对结果仅供参考。请加载本局的参考图层（三区三线、用地规划、园区边界），或将图集内置图层计入结论',
      en: 'No layer counts in the verdict: it rests on no boundary, and the comparisons listed are for information only. Load the bureau\'s reference layers (三区三线, the land-use plan, zone boundaries), or count the atlas\'s built-in layers',
    });
  }
  if (judgedZones.length === 0) {
    zoneItem('outside-zones', 'review', '选址不在任何开发区或产业园区内', 'The site lies outside every development zone and industrial park');
  } else {
    const names = zoneList.map((zone) => `${zone.name.zh}（${zone.overlap_pct.toFixed(1)}%）`).join('、');
    const namesEn = zoneList.map((zone) => `${zone.name.en} (${zone.overlap_pct.toFixed(1)}%)`).join(', ');
    if (zoneCoveragePct < 99) {
      zoneItem(
        'partly-outside-zones',
        'review',
        `选址只有 ${zoneCoveragePct.toFixed(1)}% 位于开发区或园区内：${names}`,
        `Only ${zoneCoveragePct.toFixed(1)}% of the site lies inside development zones or parks: ${namesEn}`,
      );
    } else {
      zoneItem('inside-zones', 'info', `位于 ${names}`, `Inside ${namesEn}`);
    }
  }
  if (industry) {
    const targetNames = industry.targets.map((code) => CLUSTERS[code] ?? RUSHAN_INDUSTRIES[code]).filter(Boolean);
    const industryItem = (code: string, severity: VerdictItem['severity'], zh: string, en: string) =>
      items.push({ code, rule: 'industry', layer: zoneLayerNames, severity, counts: zonesCount, zh, en });
    if (industry.status === 'mismatch') {
      industryItem(
        'industry-mismatch',
        'review',
        `${INDUSTRY_EDITION} 行业 ${industry.code}（${targetNames.map((name) => name.zh).join('、')}）不属于所在园区的主导产业`,
        `Industry ${industry.code} (${INDUSTRY_EDITION}; ${targetNames.map((name) => name.en).join(', ')}) is not among the leading industries of the zones it lies in`,
      );
    } else if (industry.status === 'fit') {
      industryItem(
        'industry-fit',
        'info',
        `${INDUSTRY_EDITION} 行业 ${industry.code} 符合所在园区主导产业（${targetNames.map((name) => name.zh).join('、')}）`,
        `Industry ${industry.code} (${INDUSTRY_EDITION}) matches the zone's leading industries (${targetNames.map((name) => name.en).join(', ')})`,
      );
    } else {
      industryItem(
        'industry-not-assessed',
        'info',
        industry.targets.length === 0
          ? `${INDUSTRY_EDITION} 行业代码 ${industry.code} 没有对应的主导产业映射，未评估产业符合性`
          : judgedZones.length === 0
            ? '选址不在开发区或园区内，未评估产业符合性'
            : '所在开发区或园区没有主导产业信息，未评估产业符合性',
        industry.targets.length === 0
          ? `Industry code ${industry.code} (${INDUSTRY_EDITION}) has no mapping to the leading industries: fit not assessed`
          : judgedZones.length === 0
            ? 'The site is in no development zone or park: industry fit not assessed'
            : 'The zones the site lies in have no leading-industry data: fit not assessed',
      );
    }
  }
  for (const check of controls) {
    const shown = (value: number | null) =>
      value === null ? '—' : check.indicator === 'floor-area-ratio' || check.indicator === 'investment-intensity' ? String(value) : `${round(value * 100, 2)}%`;
    if (check.ok === false) {
      items.push({
        code: `control:${check.indicator}`,
        rule: 'controls',
        layer: null,
        severity: 'review',
        counts: true,
        zh: `${check.label.zh} ${shown(check.value)} ${check.bound === 'min' ? '低于下限' : '超过上限'} ${shown(check.limit)}。${check.rule.zh}`,
        en: `${check.label.en} ${shown(check.value)} is ${check.bound === 'min' ? 'below the minimum' : 'above the maximum'} ${shown(check.limit)}. ${check.rule.en}`,
      });
    } else if (check.ok === null && check.note) {
      // A limit the standard sets but this atlas has not verified needs a person, not a pass.
      items.push({ code: `control:${check.indicator}`, rule: 'controls', layer: null, severity: check.unverified ? 'review' : 'info', counts: true, ...check.note });
    }
  }
  items.push(...references.items);
  if (schematicLayers.size > 0 || (zonesCount && zoneNote === SCHEMATIC)) {
    for (const entry of judgedZones) if (entry.schematic && entry.counts) schematicLayers.add(entry.finding.candidate.layer);
    // A site outside every zone draws no zone finding: the schematic layers that verdict rests
    // on are the counted zone layers themselves (without them the reason read "所用图层（）").
    if (judgedZones.length === 0) {
      for (const id of countedZoneLayers) if (context.layers.get(id)?.meta.provenance.accuracy === 'schematic') schematicLayers.add(id);
    }
    // The layers by their titles, as the legend names them (the id where a layer has none).
    const titles = [...schematicLayers].map((id) => context.layers.get(id)?.meta.title ?? { zh: id, en: id });
    const zhNames = titles.map((title) => title.zh || title.en).join('、');
    const enNames = titles.map((title) => title.en || title.zh).join(', ');
    items.push({
      code: SCHEMATIC_DATA_CODE,
      rule: 'data',
      // The schematic layers the verdict used (comma-separated ids): restsOnSchematicData
      // calls a verdict preliminary only when the reasons that decide it come from them.
      layer: [...schematicLayers].join(',') || null,
      severity: 'info',
      counts: true,
      // No layer to name: the clause is left out rather than printed with empty brackets.
      zh: zhNames ? `所用图层（${zhNames}）的边界为示意位置，结论需以正式规划图核实` : '所用图层的边界为示意位置，结论需以正式规划图核实',
      en: enNames ? `The boundaries used (${enNames}) are schematic: confirm against the official plans` : 'The boundaries used are schematic: confirm against the official plans',
    });
  }
  const judged = verdictOf(items);

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
    protection_zones: protectionZones,
    reference: references.sections,
    verdict: judged.verdict,
    reasons: judged.reasons,
    candidates_tested: measured.tested,
  };
}

/** The site's box grown by a rail width + 1 m (the candidates of the protected-line rule). */
function growBoxForRail(box: BoundingBox, width: number): BoundingBox {
  return growBox(box, width + 1);
}

function polygonsAreaOf(polygons: PlanarPolygons): number {
  return polygonsArea(polygons);
}

/** Re-exported for callers that only import the review module. */
export type { RailAreaClass } from './protection-zone';
export type { ControlCheck } from './control-indicators';
export type { ReferenceInput, ReferenceSection } from './review/reference-types';
export type SiteFeature = Feature<Polygon | MultiPolygon | Point>;
