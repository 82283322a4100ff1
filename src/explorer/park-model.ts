/**
 * The park explorer's model (issue 5): one entry per development zone and industry park with
 * what an investor compares — level, area (published, else the schematic outline's), leading
 * industries and clusters, land still available (unsupplied parcel area, from the land-use
 * intensity engine) and the distance to the nearest HSR station, port and expressway (the
 * siting review's proximity logic: geodesic metres on GRS80 from the park's boundary).
 *
 * Pure: no React, no MapLibre, no DOM. Pinyin initials are passed in (park-search.ts computes
 * them), so this module stays light for Node tests.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Bilingual, LayerMeta } from '../data/catalog-types';
import { splitList } from '../data/industries';
import { measureArea } from '../analysis/measure';
import type { ZoneIntensity } from '../analysis/land-use-intensity';
import { createReviewContext, DEFAULT_PROXIMITY_LAYERS, reviewSite, type ReviewContext } from '../analysis/siting-review';

export const ZONE_LAYER_ID = 'development-zones';
export const PARK_LAYER_ID = 'industrial-parks';
export const PARK_LAYER_IDS = [ZONE_LAYER_ID, PARK_LAYER_ID] as const;
export type ParkLayerId = (typeof PARK_LAYER_IDS)[number];

/** Transport kinds whose nearest feature is reported. */
export const DISTANCE_KINDS = ['station', 'port', 'airport', 'expressway'] as const;
export type DistanceKind = (typeof DISTANCE_KINDS)[number];

/**
 * The proximity layers of the siting review the explorer uses (airport: no layer). A station
 * is the nearest on any high-speed line: a 莱荣 station, or a station of `railways` on a line
 * drawn as high-speed (青荣城际's 威海, 威海北, 文登东 …), whichever is nearer.
 */
export const DISTANCE_LAYERS: Record<Exclude<DistanceKind, 'airport'>, readonly string[]> = {
  station: ['hsr-stations', 'railway-stations'],
  port: ['ports'],
  expressway: ['roads'],
};

/** Every layer the distances read: the proximity layers and `railways` (which stations are high-speed). */
export const DISTANCE_SOURCE_LAYERS: readonly string[] = [...Object.values(DISTANCE_LAYERS).flat(), 'railways'];

/** Why the airport distance is not given (REFERENCE.md: "乳山通用机场 … no positions found"). */
export const AIRPORT_UNKNOWN: Bilingual = {
  zh: '未知：乳山通用机场等机场没有可靠的公开位置，图集无机场图层',
  en: 'unknown: no reliable public position of the Rushan general airport (or any airport) was found, so the atlas has no airport layer',
};

export type ParkDistance =
  | { kind: DistanceKind; known: true; distance_m: number; to: Bilingual; featureId: string; layer: string; /** to an estimated position (shown to the whole km) */ estimated: boolean }
  | { kind: DistanceKind; known: false; reason: Bilingual };

export interface ParkEntry {
  id: string;
  layer: ParkLayerId;
  name: Bilingual;
  shortName: Bilingual | null;
  /** national / provincial for zones; null when not published or for parks. */
  level: string | null;
  /** For parks: five-zones-nine-bases or rushan-3-plus-3. */
  programme: string | null;
  hostZone: string | null;
  /** Published area, km² (development zones only); null when none was published. */
  publishedAreaKm2: number | null;
  /** Planar area of the (schematic) outline, m², Gauss–Krüger zone of the centroid. */
  outlineAreaM2: number;
  /** Leading industries as published (zones), one bilingual entry each. */
  industries: Bilingual[];
  clusters: string[];
  rushanIndustries: string[];
  accuracy: string;
  /** [west, south, east, north] lon/lat. */
  bbox: [number, number, number, number];
  feature: Feature<Polygon | MultiPolygon>;
}

/** Land still available in a park from the parcel layer (planar m², inside the park). */
export interface AvailableLand {
  /** Unsupplied = ready for supply + not yet ready (TD/T 1029: T − D). */
  unsupplied_m2: number;
  /** Of which ready for supply (B21 = R − D). */
  ready_m2: number;
  /** All parcel land in the park (T). */
  total_m2: number;
  parcel_count: number;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

/**
 * One entry per polygon of the development-zone and industrial-park layers, zones first, in
 * layer order. Published areas come from `area_published_km2`; `outlineAreaM2` is always
 * measured (planar Gauss–Krüger, see measure.ts) and is a drawing size where nothing was published.
 */
export function buildParkEntries(layers: Partial<Record<ParkLayerId, FeatureCollection>>): ParkEntry[] {
  const entries: ParkEntry[] = [];
  for (const layer of PARK_LAYER_IDS) {
    for (const feature of layers[layer]?.features ?? []) {
      const geometry = feature.geometry;
      if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) continue;
      const properties = (feature.properties ?? {}) as Record<string, unknown>;
      const industriesZh = splitList(properties.industries_zh);
      const industriesEn = splitList(properties.industries_en);
      const published = typeof properties.area_published_km2 === 'number' && Number.isFinite(properties.area_published_km2) ? properties.area_published_km2 : null;
      const shortZh = text(properties.short_name_zh);
      const shortEn = text(properties.short_name_en);
      entries.push({
        id: text(properties.id),
        layer,
        name: { zh: text(properties.name_zh), en: text(properties.name_en) },
        shortName: shortZh || shortEn ? { zh: shortZh, en: shortEn } : null,
        level: text(properties.level) || null,
        programme: text(properties.programme) || null,
        hostZone: text(properties.host_zone) || null,
        publishedAreaKm2: published,
        outlineAreaM2: measureArea(geometry).area_m2,
        industries: industriesZh.map((zh, index) => ({ zh, en: industriesEn[index] ?? zh })),
        clusters: splitList(properties.clusters),
        rushanIndustries: splitList(properties.rushan_industries),
        accuracy: text(properties.accuracy) || 'schematic',
        bbox: bboxOf(geometry),
        feature: feature as Feature<Polygon | MultiPolygon>,
      });
    }
  }
  // Layer files are stored in Hilbert order (fgb-writer.ts); list zones by level and size, parks by programme, then name.
  const levelRank = (entry: ParkEntry) => (entry.level === 'national' ? 0 : entry.level === 'provincial' ? 1 : 2);
  return entries.sort(
    (a, b) =>
      PARK_LAYER_IDS.indexOf(a.layer) - PARK_LAYER_IDS.indexOf(b.layer) ||
      levelRank(a) - levelRank(b) ||
      (b.publishedAreaKm2 ?? -1) - (a.publishedAreaKm2 ?? -1) ||
      (a.programme ?? '').localeCompare(b.programme ?? '') ||
      a.id.localeCompare(b.id),
  );
}

/** Available land per park id from the engine's per-zone sums (see {@link AvailableLand}). */
export function availableLandByPark(results: readonly ZoneIntensity[]): Map<string, AvailableLand> {
  const land = new Map<string, AvailableLand>();
  for (const zone of results) {
    const { total_m2, supplied_m2, ready_or_supplied_m2 } = zone.areas;
    land.set(`${zone.layer}:${zone.id}`, {
      unsupplied_m2: Math.max(0, total_m2 - supplied_m2),
      ready_m2: Math.max(0, ready_or_supplied_m2 - supplied_m2),
      total_m2,
      parcel_count: zone.parcel_count,
    });
  }
  return land;
}

/** Key of a park in maps keyed across both layers (ids are unique per layer only). */
export function parkKey(entry: Pick<ParkEntry, 'layer' | 'id'>): string {
  return `${entry.layer}:${entry.id}`;
}

export interface TransportLayer {
  meta: LayerMeta;
  features: FeatureCollection;
}

/** A review context holding only the transport layers the explorer measures to. */
export function createDistanceContext(layers: readonly TransportLayer[]): ReviewContext {
  const wanted = new Set(DISTANCE_SOURCE_LAYERS);
  return createReviewContext(
    layers.filter((layer) => wanted.has(layer.meta.id)),
    {
      zoneLayerIds: [],
      conflictLayers: [],
      railLayerId: '__none__',
      railProtection: false,
      districtLayerId: '__none__',
      // The review's own rules for these layers (its stations, ports, expressways).
      proximityLayers: DEFAULT_PROXIMITY_LAYERS.filter((rule) => wanted.has(rule.layerId)),
    },
  );
}

/**
 * Distance from a park's boundary to the nearest HSR station, port and expressway (geodesic
 * metres on GRS80, 0 when the feature is inside the park), through the siting review's
 * proximity search. The airport is always unknown, with the reason ({@link AIRPORT_UNKNOWN}).
 * A distance is an estimate (`estimated`: shown to the whole km) when either end is: the
 * facility's position, or the park's outline where no boundary is published.
 */
export function parkDistances(context: ReviewContext, entry: Pick<ParkEntry, 'feature' | 'accuracy'>): ParkDistance[] {
  const report = reviewSite(context, entry.feature);
  return DISTANCE_KINDS.map((kind): ParkDistance => {
    if (kind === 'airport') return { kind, known: false, reason: AIRPORT_UNKNOWN };
    const layerIds = DISTANCE_LAYERS[kind];
    // The nearest over the kind's layers (the first layer's on a tie).
    const found = report.proximity
      .filter((proximity) => layerIds.includes(proximity.layer))
      .reduce<(typeof report.proximity)[number] | undefined>((best, proximity) => (!best || proximity.distance_m < best.distance_m ? proximity : best), undefined);
    if (!found) {
      const names = layerIds.join(', ');
      return {
        kind,
        known: false,
        reason: { zh: `未知：图层 ${names} 未加载或无要素`, en: `unknown: layer ${names} is not loaded or empty` },
      };
    }
    return { kind, known: true, distance_m: found.distance_m, to: found.name, featureId: found.id, layer: found.layer, estimated: found.accuracy === 'schematic' || entry.accuracy === 'schematic' };
  });
}

export interface ParkFilter {
  /** A code of CLUSTERS (src/data/industries.ts). */
  cluster?: string | null;
  /** A code of RUSHAN_INDUSTRIES. */
  rushanIndustry?: string | null;
  /** Free text: Chinese or English name, short name, or pinyin initials. */
  query?: string;
}

/** Lower-case, no spaces or punctuation: "Hi-tech Zone" → "hitechzone". */
function normalise(value: string): string {
  return value.toLowerCase().replace(/[\s\-–—_'’"“”()（）·,，.。/]+/g, '');
}

/**
 * True when the entry matches the query: a substring of its Chinese or English name or short
 * name, or a prefix / substring of the pinyin initials of its Chinese names (`initials`,
 * e.g. "whhj" for 威海火炬…). An empty query matches everything.
 */
export function matchesQuery(entry: ParkEntry, query: string, initials: readonly string[] = []): boolean {
  const wanted = normalise(query);
  if (wanted === '') return true;
  const haystacks = [entry.name.zh, entry.name.en, entry.shortName?.zh ?? '', entry.shortName?.en ?? '', entry.id].map(normalise);
  if (haystacks.some((haystack) => haystack.includes(wanted))) return true;
  return /^[a-z]+$/.test(wanted) && initials.some((initial) => initial.includes(wanted));
}

/** The entries passing every given filter, in their original order. */
export function filterParks(entries: readonly ParkEntry[], filter: ParkFilter, initialsOf: (entry: ParkEntry) => readonly string[] = () => []): ParkEntry[] {
  return entries.filter(
    (entry) =>
      (!filter.cluster || entry.clusters.includes(filter.cluster)) &&
      (!filter.rushanIndustry || entry.rushanIndustries.includes(filter.rushanIndustry)) &&
      matchesQuery(entry, filter.query ?? '', initialsOf(entry)),
  );
}

/** At most four parks are compared side by side (issue 5). */
export const MAXIMUM_COMPARED = 4;

/** Adds or removes `key` from the comparison, keeping at most {@link MAXIMUM_COMPARED}. */
export function toggleCompared(compared: readonly string[], key: string): string[] {
  if (compared.includes(key)) return compared.filter((entry) => entry !== key);
  if (compared.length >= MAXIMUM_COMPARED) return [...compared];
  return [...compared, key];
}
