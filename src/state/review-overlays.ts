/**
 * What the map draws for a siting review, derived from the report and the layer data:
 * - the overlap of the site with each conflicting feature (marine ranch, parcels, other
 *   sites) and with the 莱荣高铁 safety protection zone (《铁路安全管理条例》第二十七条, the
 *   width of the chosen area class), plus that zone itself near the site;
 * - a line from the site to the nearest station, port and bridge (and any other proximity
 *   entry), labelled with the report's distance.
 * The report says *which* features and *how much*; the geometry is recomputed here for
 * drawing only. Like the engine it works planar in the site's Gauss–Krüger zone around a
 * local origin, so the pieces match the figures in the report. Pure: no React, no MapLibre.
 */
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { featureCollection, intersect } from '@turf/turf';
import type { Bilingual } from '../data/catalog-types';
import { projectPoint, unprojectPoint, type GaussKrugerCode } from '../crs/projections';
import { bufferPlanarLines, DEFAULT_RAIL_AREA_CLASS, HIGH_SPEED_RAIL_PROTECTION_WIDTH_M, type RailAreaClass } from '../analysis/protection-zone';
import type { SiteReport } from '../analysis/siting-review';
import { ringsBox } from '../geometry/planar';

export interface ConflictOverlayProperties {
  layer: string;
  id: string;
  severity: 'blocker' | 'review';
  name_zh: string;
  name_en: string;
  overlap_m2: number;
}

export interface ProximityOverlayProperties {
  layer: string;
  id: string;
  distance_m: number;
  /** Map label, e.g. "乳山南站 3.02 km". */
  label_zh: string;
  label_en: string;
}

export interface ReviewOverlays {
  conflicts: FeatureCollection<Polygon | MultiPolygon, ConflictOverlayProperties>;
  /** The railway protection zone within a few hundred metres of the site. */
  protectionZone: FeatureCollection<Polygon | MultiPolygon, { width_m: number }>;
  proximity: FeatureCollection<LineString, ProximityOverlayProperties>;
}

export interface OverlayOptions {
  railClass?: RailAreaClass;
  railLayerId?: string;
  /** Proximity layers that get a line on the map; default stations, ports, bridges. */
  lineLayers?: readonly string[];
  /** How far beyond the site the protection zone is drawn, metres. */
  protectionZoneMargin?: number;
}

export const DEFAULT_LINE_LAYERS = ['hsr-stations', 'ports', 'bridges'] as const;

/** Features of a layer by id, or undefined when the layer is not loaded. */
export type LayerLookup = (layerId: string) => FeatureCollection | undefined;

const EMPTY = <G extends Geometry, P>(): FeatureCollection<G, P> => ({ type: 'FeatureCollection', features: [] });

export const EMPTY_OVERLAYS: ReviewOverlays = { conflicts: EMPTY(), protectionZone: EMPTY(), proximity: EMPTY() };

/** The engine's feature id rule (siting-review.ts `featureId`): `properties.id`, else `feature.id`, else the position. */
export function findFeature(collection: FeatureCollection | undefined, id: string): Feature | undefined {
  if (!collection) return undefined;
  return collection.features.find((feature, position) => {
    const own = feature.properties?.id ?? feature.id;
    return (own === undefined || own === null ? String(position) : String(own)) === id;
  });
}

/** A planar frame: Gauss–Krüger metres shifted to a local origin (clipping loses precision on 4·10⁷ m eastings). */
interface Frame {
  toPlane(position: Position): Position;
  toLonLat(position: Position): Position;
}

function frameFor(crs: GaussKrugerCode, anchor: Position): Frame {
  const [originX, originY] = projectPoint([anchor[0], anchor[1]], crs);
  return {
    toPlane: (position) => {
      const [x, y] = projectPoint([position[0], position[1]], crs);
      return [x - originX, y - originY];
    },
    toLonLat: ([x, y]) => unprojectPoint([x + originX, y + originY], crs),
  };
}

function mapPolygonal(geometry: Polygon | MultiPolygon, transform: (position: Position) => Position): Polygon | MultiPolygon {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(transform)) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(transform))) };
}

function polygonalOf(geometry: Geometry | null | undefined): Polygon | MultiPolygon | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') return geometry;
  if (geometry.type === 'GeometryCollection') {
    const polygons = geometry.geometries.flatMap((part) => {
      const polygonal = polygonalOf(part);
      return !polygonal ? [] : polygonal.type === 'Polygon' ? [polygonal.coordinates] : polygonal.coordinates;
    });
    return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
  }
  return null;
}

/** Points and segments of any geometry, for the nearest-point search. */
function partsOf(geometry: Geometry | null | undefined): { points: Position[]; lines: Position[][] } {
  const parts = { points: [] as Position[], lines: [] as Position[][] };
  const walk = (part: Geometry) => {
    switch (part.type) {
      case 'Point':
        parts.points.push(part.coordinates);
        break;
      case 'MultiPoint':
        parts.points.push(...part.coordinates);
        break;
      case 'LineString':
        parts.lines.push(part.coordinates);
        break;
      case 'MultiLineString':
        parts.lines.push(...part.coordinates);
        break;
      case 'Polygon':
        parts.lines.push(...part.coordinates);
        break;
      case 'MultiPolygon':
        part.coordinates.forEach((polygon) => parts.lines.push(...polygon));
        break;
      case 'GeometryCollection':
        part.geometries.forEach(walk);
        break;
    }
  };
  if (geometry) walk(geometry);
  return parts;
}

/** Closest point to `p` on segment a–b (planar). */
function closestOnSegment(p: Position, a: Position, b: Position): Position {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return a;
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return [a[0] + t * dx, a[1] + t * dy];
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

interface Pair {
  a: Position;
  b: Position;
  distance: number;
}

/**
 * The closest pair of points between the site's rings (planar) and a feature's points and
 * lines (planar): the two ends of the line drawn to the nearest feature.
 */
export function closestPair(siteRings: Position[][], feature: { points: Position[]; lines: Position[][] }): Pair | null {
  let best: Pair | null = null;
  const consider = (a: Position, b: Position) => {
    const distance = Math.hypot(a[0] - b[0], a[1] - b[1]);
    if (!best || distance < best.distance) best = { a, b, distance };
  };
  for (const ring of siteRings) {
    for (let index = 1; index < ring.length; index += 1) {
      const [s1, s2] = [ring[index - 1], ring[index]];
      for (const point of feature.points) consider(closestOnSegment(point, s1, s2), point);
      for (const line of feature.lines) {
        for (let lineIndex = 1; lineIndex < line.length; lineIndex += 1) {
          const [l1, l2] = [line[lineIndex - 1], line[lineIndex]];
          if (segmentsCross(s1, s2, l1, l2)) {
            consider(s1, s1);
            continue;
          }
          consider(closestOnSegment(l1, s1, s2), l1);
          consider(closestOnSegment(l2, s1, s2), l2);
          consider(s1, closestOnSegment(s1, l1, l2));
          consider(s2, closestOnSegment(s2, l1, l2));
        }
      }
    }
  }
  return best;
}

function formatDistance(metres: number, lang: 'zh' | 'en'): string {
  if (metres >= 1000) return `${(metres / 1000).toFixed(2)} ${lang === 'zh' ? '千米' : 'km'}`;
  return `${Math.round(metres)} ${lang === 'zh' ? '米' : 'm'}`;
}

/** Planar segments of `lines` whose box meets `box`, as runs (the part of a railway near the site). */
function runsNear(lines: Position[][], box: [number, number, number, number]): Position[][] {
  const runs: Position[][] = [];
  for (const line of lines) {
    let run: Position[] = [];
    for (let index = 1; index < line.length; index += 1) {
      const [a, b] = [line[index - 1], line[index]];
      const touches = Math.max(a[0], b[0]) >= box[0] && Math.min(a[0], b[0]) <= box[2] && Math.max(a[1], b[1]) >= box[1] && Math.min(a[1], b[1]) <= box[3];
      if (touches) {
        if (run.length === 0) run.push(a);
        run.push(b);
      } else if (run.length > 0) {
        runs.push(run);
        run = [];
      }
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}

function intersectPlanar(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): Polygon | MultiPolygon | null {
  try {
    const result = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry: a }, { type: 'Feature', properties: {}, geometry: b }]));
    return result ? (result.geometry as Polygon | MultiPolygon) : null;
  } catch {
    // A degenerate piece must not take the whole overlay down: the table still has the figure.
    return null;
  }
}

/**
 * The overlays for one report.
 *
 * @param report the siting review (its `site.geometry` is what was reviewed)
 * @param layers the loaded layer data (the map's)
 * @param options rail area class (Art. 27 width), which proximity layers get a line
 */
export function reviewOverlays(report: SiteReport, layers: LayerLookup, options: OverlayOptions = {}): ReviewOverlays {
  const site = report.site.geometry;
  const frame = frameFor(report.site.projected_crs, report.site.centroid);
  const sitePlanar = mapPolygonal(site, frame.toPlane);
  const siteRings = sitePlanar.type === 'Polygon' ? sitePlanar.coordinates : sitePlanar.coordinates.flat();
  const siteBox = ringsBox(siteRings);
  const railLayerId = options.railLayerId ?? 'hsr-line';
  const railClass = options.railClass ?? DEFAULT_RAIL_AREA_CLASS;
  const width = HIGH_SPEED_RAIL_PROTECTION_WIDTH_M[railClass];
  const toLonLat = (geometry: Polygon | MultiPolygon) => mapPolygonal(geometry, frame.toLonLat);

  const conflicts: Feature<Polygon | MultiPolygon, ConflictOverlayProperties>[] = [];
  const protectionZone: Feature<Polygon | MultiPolygon, { width_m: number }>[] = [];

  // The railway's protection zone near the site is drawn whether or not it overlaps: a reviewer
  // sees how close the boundary comes to it.
  const rail = layers(railLayerId);
  const margin = options.protectionZoneMargin ?? 300;
  if (rail) {
    const near: [number, number, number, number] = [siteBox[0] - margin, siteBox[1] - margin, siteBox[2] + margin, siteBox[3] + margin];
    for (const feature of rail.features) {
      const lines = partsOf(feature.geometry).lines.map((line) => line.map(frame.toPlane));
      const runs = runsNear(lines, near);
      if (runs.length === 0) continue;
      const strip = bufferPlanarLines(runs, width);
      if (!strip) continue;
      protectionZone.push({ type: 'Feature', properties: { width_m: width }, geometry: toLonLat(strip) });
    }
  }

  for (const conflict of report.conflicts) {
    let pieces: Polygon | MultiPolygon | null = null;
    if (conflict.layer === railLayerId) {
      const feature = findFeature(rail, conflict.id);
      const lines = partsOf(feature?.geometry).lines.map((line) => line.map(frame.toPlane));
      const near: [number, number, number, number] = [siteBox[0] - width - 1, siteBox[1] - width - 1, siteBox[2] + width + 1, siteBox[3] + width + 1];
      const strip = bufferPlanarLines(runsNear(lines, near), width);
      if (strip) pieces = intersectPlanar(sitePlanar, strip);
    } else {
      const polygonal = polygonalOf(findFeature(layers(conflict.layer), conflict.id)?.geometry);
      if (polygonal) pieces = intersectPlanar(sitePlanar, mapPolygonal(polygonal, frame.toPlane));
    }
    if (!pieces) continue;
    conflicts.push({
      type: 'Feature',
      properties: {
        layer: conflict.layer,
        id: conflict.id,
        severity: conflict.severity,
        name_zh: conflict.name.zh,
        name_en: conflict.name.en,
        overlap_m2: conflict.overlap_m2,
      },
      geometry: toLonLat(pieces),
    });
  }

  const lineLayers = new Set(options.lineLayers ?? DEFAULT_LINE_LAYERS);
  const proximity: Feature<LineString, ProximityOverlayProperties>[] = [];
  for (const entry of report.proximity) {
    if (!lineLayers.has(entry.layer) || !(entry.distance_m > 0)) continue;
    const feature = findFeature(layers(entry.layer), entry.id);
    if (!feature) continue;
    const parts = partsOf(feature.geometry);
    const pair = closestPair(siteRings, { points: parts.points.map(frame.toPlane), lines: parts.lines.map((line) => line.map(frame.toPlane)) });
    if (!pair) continue;
    const name: Bilingual = entry.name;
    proximity.push({
      type: 'Feature',
      properties: {
        layer: entry.layer,
        id: entry.id,
        distance_m: entry.distance_m,
        label_zh: `${name.zh} ${formatDistance(entry.distance_m, 'zh')}`,
        label_en: `${name.en} ${formatDistance(entry.distance_m, 'en')}`,
      },
      geometry: { type: 'LineString', coordinates: [frame.toLonLat(pair.a), frame.toLonLat(pair.b)] },
    });
  }

  return {
    conflicts: featureCollection(conflicts) as ReviewOverlays['conflicts'],
    protectionZone: featureCollection(protectionZone) as ReviewOverlays['protectionZone'],
    proximity: featureCollection(proximity) as ReviewOverlays['proximity'],
  };
}

/** Ends of the proximity lines as points (drawn as small dots on the feature side). */
export function proximityEnds(overlays: ReviewOverlays): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: overlays.proximity.features.map((line) => ({ type: 'Feature', properties: line.properties, geometry: { type: 'Point', coordinates: line.geometry.coordinates[1] } })),
  };
}
