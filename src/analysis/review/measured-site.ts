/**
 * The measured site: a site projected once into its CGCS2000 3° Gauss–Krüger zone (the zone
 * `measureArea` picks: 40 west of 121.5°E, 41 east), shifted to a local origin, with its
 * area, boxes and the planar helpers every rule shares (projecting a candidate feature,
 * cutting it to the site's box, turning planar results back into lon/lat, closest points).
 *
 * Overlaps are planar on the projected vertices, as PostGIS
 * ST_Area(ST_Intersection(ST_Transform(…))) computes them and as Chinese land records do;
 * distances are geodesic on GRS80 between the closest points found in the projection.
 * Pure: no Node APIs, no React, no MapLibre.
 */
import type { Feature, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';
import { projectPoint, unprojectPoint, type GaussKrugerCode } from '../../crs/projections';
import { featureIdOf } from '../../io/feature-name';
import { pointInPolygons, pointInRings, polygonsArea } from '../../geometry/planar';
import type { PlanarPolygons } from '../../geometry/clip';
import { measureArea, measureDistance } from '../measure';
import { geometryBbox, type BoundingBox } from '../spatial-index';

export type { PlanarPolygons } from '../../geometry/clip';

/** Any geometry projected into a Gauss–Krüger zone (absolute metres), split by dimension. */
export interface PlanarShape {
  points: Position[];
  lines: Position[][];
  polygons: PlanarPolygons;
  /** Planar bbox (absolute projected metres). */
  box: BoundingBox;
  vertexCount: number;
}

/** A feature that may meet the site: what a rule tests exactly. */
export interface Candidate {
  /** Layer id (built-in layer id, reference layer id, or `sites-under-review`). */
  layer: string;
  /** Position of the feature in its layer (the id when the feature has none). */
  position: number;
  feature: Feature;
  /** The feature projected into the site's zone (absolute metres); built lazily by the caller's cache. */
  shape: () => PlanarShape;
}

export interface MeasuredSite {
  /** The site as reviewed (a point site is already its circle), lon/lat. */
  geometry: Polygon | MultiPolygon;
  crs: GaussKrugerCode;
  /** Local origin (absolute metres) subtracted from every planar coordinate the rules use. */
  origin: Position;
  /** Site polygons, planar, shifted to the origin. */
  polygons: PlanarPolygons;
  /** Planar area of the site in its zone (m²) and the ellipsoidal area. */
  area_m2: number;
  area_m2_ellipsoidal: number;
  /** lon/lat bbox of the site. */
  box: BoundingBox;
  /** Planar bbox of the site (absolute metres), grown by 1 m for the pre-clip rectangle. */
  clipBox: BoundingBox;
  /** Features that reached an exact test, for the benchmark (rules add to it). */
  tested: number;
  /**
   * Whether findings carry their lon/lat geometry (overlap shapes for the map and the print).
   * The CLI without --geometry and batch runs need only the figures: unprojecting every
   * overlap piece was the largest cost of a review with many parcel overlaps.
   */
  withGeometry?: boolean;
}

function emptyShape(): PlanarShape {
  return { points: [], lines: [], polygons: [], box: [Infinity, Infinity, -Infinity, -Infinity], vertexCount: 0 };
}

/** Projects any geometry into `crs` (absolute metres), split by dimension. */
export function projectShape(geometry: Geometry | null, crs: GaussKrugerCode): PlanarShape {
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

export const shiftRing = (ring: Position[], origin: Position): Position[] => ring.map(([x, y]) => [x - origin[0], y - origin[1]]);
export const shiftPolygons = (polygons: PlanarPolygons, origin: Position): PlanarPolygons =>
  polygons.map((polygon) => polygon.map((ring) => shiftRing(ring, origin)));

export function shiftShape(shape: PlanarShape, origin: Position): PlanarShape {
  return {
    points: shape.points.map(([x, y]) => [x - origin[0], y - origin[1]]),
    lines: shape.lines.map((line) => shiftRing(line, origin)),
    polygons: shiftPolygons(shape.polygons, origin),
    box: shape.box,
    vertexCount: shape.vertexCount,
  };
}

/** Shoelace area of planar polygons, holes subtracted, whatever the winding (m²) — planar.ts. */
export function planarArea(polygons: PlanarPolygons): number {
  return polygonsArea(polygons);
}

export function boxesTouchPlanar(a: BoundingBox, b: BoundingBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Projects and measures a reviewable site (see `siteGeometry` for how a feature becomes one).
 * The local origin is the site's lower-left corner, so clipping works on numbers of a few km.
 */
export function measureSite(geometry: Polygon | MultiPolygon): MeasuredSite {
  const measured = measureArea(geometry);
  const crs = measured.projected_crs;
  const absolute = projectShape(geometry, crs);
  const origin: Position = [Math.floor(absolute.box[0]), Math.floor(absolute.box[1])];
  return {
    geometry,
    crs,
    origin,
    polygons: shiftPolygons(absolute.polygons, origin),
    area_m2: measured.area_m2,
    area_m2_ellipsoidal: measured.area_m2_ellipsoidal,
    box: geometryBbox(geometry) as BoundingBox,
    clipBox: [absolute.box[0] - 1, absolute.box[1] - 1, absolute.box[2] + 1, absolute.box[3] + 1],
    tested: 0,
  };
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

/** A candidate's polygons near the site (shifted planar), pre-clipped to the site's box when large; [] when they cannot meet. */
export function nearbyPolygons(site: MeasuredSite, shape: PlanarShape): PlanarPolygons {
  if (shape.polygons.length === 0 || !boxesTouchPlanar(shape.box, site.clipBox)) return [];
  const polygons = shape.vertexCount > PRE_CLIP_VERTICES ? preClip(shape.polygons, site.clipBox) : shape.polygons;
  return shiftPolygons(polygons, site.origin);
}

/** A shifted planar point back to lon/lat. */
export function lonLatOf(site: MeasuredSite, xy: Position): Position {
  return unprojectPoint([xy[0] + site.origin[0], xy[1] + site.origin[1]], site.crs);
}

/** Shifted planar polygons back to a lon/lat Polygon / MultiPolygon (null when empty). */
export function polygonsToLonLat(site: MeasuredSite, polygons: PlanarPolygons): Polygon | MultiPolygon | null {
  if (polygons.length === 0 || site.withGeometry === false) return null;
  const back = polygons.map((polygon) => polygon.map((ring) => ring.map((xy) => lonLatOf(site, xy))));
  return back.length === 1 ? { type: 'Polygon', coordinates: back[0] } : { type: 'MultiPolygon', coordinates: back };
}

export const asPolygons = (geometry: Polygon | MultiPolygon): PlanarPolygons =>
  geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

// ---------------------------------------------------------------------------------------
// Closest points
// ---------------------------------------------------------------------------------------

export interface ClosestPair {
  distance: number;
  /** On the site. */
  a: Position;
  /** On the feature. */
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

/** Closest pair between site rings (a) and one polyline or point (b). */
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
export function closestPair(site: PlanarPolygons, shape: PlanarShape): ClosestPair {
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
  const siteRings = site.flat();
  for (const point of shape.points) closestToPolyline(siteRings, [point], best);
  for (const line of [...shape.lines, ...shape.polygons.flat()]) {
    if (best.distance === 0) break;
    closestToPolyline(siteRings, line, best);
  }
  return best;
}

/** Geodesic (GRS80) distance of a closest pair and the lon/lat line from the site to the feature. */
export function geodesicOf(site: MeasuredSite, pair: ClosestPair): { distance: number; line: LineString } {
  const a = lonLatOf(site, pair.a);
  const b = lonLatOf(site, pair.b);
  return { distance: pair.distance === 0 ? 0 : measureDistance(a, b), line: { type: 'LineString', coordinates: [a, b] } };
}

// ---------------------------------------------------------------------------------------
// Boxes, names, ids
// ---------------------------------------------------------------------------------------

/** Grows a lon/lat box by at least `metres` on every side (conservative: never less). */
export function growBox(box: BoundingBox, metres: number): BoundingBox {
  // ≥ 110 574 m per degree of latitude; per degree of longitude ≥ 111 320·cos(φ) at the box's
  // poleward edge. 1.05 covers the geodesic's poleward bulge over these short distances.
  const latitudeDegrees = (metres / 110_574) * 1.05;
  const poleward = Math.min(89, Math.max(Math.abs(box[1]), Math.abs(box[3])) + latitudeDegrees);
  const longitudeDegrees = (metres / (111_320 * Math.cos((poleward * Math.PI) / 180))) * 1.05;
  return [box[0] - longitudeDegrees, box[1] - latitudeDegrees, box[2] + longitudeDegrees, box[3] + latitudeDegrees];
}

export function boxContains(outer: BoundingBox, inner: BoundingBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

/** A built-in feature's bilingual name (name_zh / name_en / name / id). */
export function featureName(properties: Record<string, unknown> | null | undefined): Bilingual {
  const zh = properties?.name_zh ?? properties?.name ?? properties?.id ?? '';
  const en = properties?.name_en ?? properties?.name ?? zh;
  return { zh: String(zh), en: String(en) };
}

/** The feature's id by the shared rule ({@link featureIdOf}: properties.id, then feature.id), else its position. */
export function featureId(feature: Feature, position: number): string {
  const id = featureIdOf(feature);
  return id === undefined ? String(position) : String(id);
}

export const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
