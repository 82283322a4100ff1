/**
 * Area, length and distance of lon/lat geometry (CGCS2000 ≈ WGS 84), measured the two
 * ways planners need:
 *
 * - planar: in the CGCS2000 3° Gauss–Krüger zone that holds the geometry's centroid
 *   (zone 40 west of 121.5°E, zone 41 east — REFERENCE.md). This is how Chinese land
 *   and sea-area records (宗地面积, 宗海面积) compute areas, so it is the figure to compare
 *   with documents. It includes the Gauss–Krüger scale error (scale 1 on the central
 *   meridian, ≈ 1.0002 at 1.5° from it, so areas up to ≈ 0.045 % larger at a zone edge).
 * - ellipsoidal: geodesic on the GRS80 ellipsoid (GeographicLib), free of projection
 *   error — the "true" surface area.
 *
 * Never measured in degrees or in Web Mercator (CONVENTIONS.md "One CRS rule").
 *
 * The automatic zone choice only knows zones 40 and 41 (the atlas region, 118.5–124.5°E).
 * Far outside it the planar figure grows with the distance from the central meridian
 * (≈ +8 % in area 20° away); the ellipsoidal figure stays exact anywhere.
 */
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import geographiclib from 'geographiclib-geodesic';
import { gaussKrugerZoneFor, projectPoint, type GaussKrugerCode } from '../crs/projections';
import { polygonsCentroid, ringSignedArea } from '../geometry/planar';
import { squareMetresToHectares, squareMetresToMu, squareMetresToSquareKilometres } from './units';

/** GRS80, the CGCS2000 ellipsoid: a = 6378137 m, f = 1/298.257222101 (EPSG:7019). */
const GRS80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101);

export interface AreaMeasurement {
  /** Planar area in the Gauss–Krüger CRS `projected_crs`, m², holes subtracted. */
  area_m2: number;
  /** Area on the GRS80 ellipsoid (geodesic edges), m², holes subtracted. */
  area_m2_ellipsoidal: number;
  /** `area_m2` in 亩 (1 亩 = 10000/15 m²). */
  area_mu: number;
  /** `area_m2` in hectares (公顷). */
  area_ha: number;
  /** `area_m2` in km². */
  area_km2: number;
  /** The Gauss–Krüger CRS the planar area was computed in. */
  projected_crs: GaussKrugerCode;
}

export interface LengthMeasurement {
  /** Planar length in the Gauss–Krüger CRS `projected_crs`, metres. */
  length_m: number;
  /** Length along geodesics on the GRS80 ellipsoid, metres. */
  length_m_ellipsoidal: number;
  /** The Gauss–Krüger CRS the planar length was computed in. */
  projected_crs: GaussKrugerCode;
}

export interface MeasureOptions {
  /**
   * Gauss–Krüger CRS to measure the planar figure in, e.g. the CRS a survey was drawn in.
   * Default: the 3° zone (EPSG:4528 or EPSG:4529) holding the geometry's centroid.
   */
  crs?: GaussKrugerCode;
}

/**
 * Area of a lon/lat Polygon or MultiPolygon, planar (Gauss–Krüger) and ellipsoidal
 * (GRS80), with holes subtracted, in m² and converted to 亩, 公顷 and km².
 *
 * The planar area is the shoelace formula on the projected vertices (edges are straight
 * in the projection); the ellipsoidal area uses geodesic edges (GeographicLib
 * PolygonArea). Ring orientation does not matter. Holes: each polygon measures
 * |exterior| − Σ |hole|, which assumes every hole lies inside its exterior; a polygon whose
 * holes would leave less than nothing measures 0, so the result is never negative. Parts of
 * a MultiPolygon are assumed not to overlap (summed as given). The importer refuses holes
 * outside their exterior and overlapping parts (src/io/complete-import.ts), so imported
 * geometry meets both assumptions. Empty geometry measures 0; non-finite coordinates give NaN.
 *
 * @param geometry Polygon or MultiPolygon, coordinates [lon, lat] in degrees
 * @param options `crs`: Gauss–Krüger CRS to use instead of the centroid's 3° zone
 * @returns areas in m², 亩, ha, km² and the CRS used for the planar figure
 * @example
 * const parcel = { type: 'Polygon', coordinates: [[[121.5, 36.9], [121.501, 36.9], [121.501, 36.901], [121.5, 36.901], [121.5, 36.9]]] };
 * measureArea(parcel);
 * // { area_m2: ≈ 9 895.3, area_m2_ellipsoidal: ≈ 9 891.0, area_mu: ≈ 14.84, projected_crs: 'EPSG:4529', … }
 */
export function measureArea(geometry: Polygon | MultiPolygon, options: MeasureOptions = {}): AreaMeasurement {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const projectedCrs = options.crs ?? gaussKrugerZoneFor(areaCentroidLongitude(polygons));
  let planar = 0;
  let ellipsoidal = 0;
  for (const polygon of polygons) {
    // Exterior ring adds, holes subtract, whatever their winding (GeoJSON files in the wild
    // do not all follow RFC 7946's right-hand rule). Holes are assumed inside their exterior
    // (the importer refuses others, src/io/complete-import.ts); should they add up to more
    // than it anyway, the polygon counts 0, never less: a negative area is no measurement.
    let polygonPlanar = 0;
    let polygonEllipsoidal = 0;
    polygon.forEach((ring, index) => {
      const sign = index === 0 ? 1 : -1;
      polygonPlanar += sign * Math.abs(planarRingArea(ring, projectedCrs));
      polygonEllipsoidal += sign * Math.abs(ellipsoidalRingArea(ring));
    });
    // NaN (non-finite coordinates) passes through: Math.max would turn it into a number.
    planar += polygonPlanar < 0 ? 0 : polygonPlanar;
    ellipsoidal += polygonEllipsoidal < 0 ? 0 : polygonEllipsoidal;
  }
  return {
    area_m2: planar,
    area_m2_ellipsoidal: ellipsoidal,
    area_mu: squareMetresToMu(planar),
    area_ha: squareMetresToHectares(planar),
    area_km2: squareMetresToSquareKilometres(planar),
    projected_crs: projectedCrs,
  };
}

/**
 * Length of a lon/lat LineString or MultiLineString, planar (in the Gauss–Krüger zone
 * of the line's centroid, or `options.crs`) and along geodesics on GRS80, in metres.
 *
 * @param geometry LineString or MultiLineString, coordinates [lon, lat] in degrees
 * @param options `crs`: Gauss–Krüger CRS to use instead of the centroid's 3° zone
 * @returns lengths in metres and the CRS used for the planar figure
 * @example
 * measureLength({ type: 'LineString', coordinates: [[121.5, 36.9], [121.6, 36.9]] });
 * // { length_m: ≈ 8 914.6, length_m_ellipsoidal: ≈ 8 912.8, projected_crs: 'EPSG:4529' }
 */
export function measureLength(geometry: LineString | MultiLineString, options: MeasureOptions = {}): LengthMeasurement {
  const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
  const projectedCrs = options.crs ?? gaussKrugerZoneFor(lineCentroidLongitude(lines));
  let planar = 0;
  let ellipsoidal = 0;
  for (const line of lines) {
    const projected = line.map((position) => projectPoint([position[0], position[1]], projectedCrs));
    for (let index = 1; index < line.length; index += 1) {
      const [x1, y1] = projected[index - 1];
      const [x2, y2] = projected[index];
      planar += Math.hypot(x2 - x1, y2 - y1);
      ellipsoidal += measureDistance(line[index - 1], line[index]);
    }
  }
  return { length_m: planar, length_m_ellipsoidal: ellipsoidal, projected_crs: projectedCrs };
}

/**
 * Geodesic distance between two lon/lat points on the GRS80 ellipsoid (GeographicLib,
 * accurate to nanometres), in metres.
 *
 * @param a [lon, lat] in degrees
 * @param b [lon, lat] in degrees
 * @returns distance in metres
 * @example measureDistance([121.52, 36.89], [122.12, 37.51]) // ≈ 87 016.5 (metres)
 */
export function measureDistance(a: Position, b: Position): number {
  const result = GRS80.Inverse(a[1], a[0], b[1], b[0], geographiclib.Geodesic.DISTANCE);
  return result.s12 ?? Number.NaN;
}

/** Shoelace area (signed, m²) of one ring projected into `crs`. */
function planarRingArea(ring: Position[], crs: GaussKrugerCode): number {
  if (ring.length < 3) return 0;
  return ringSignedArea(ring.map((position) => projectPoint([position[0], position[1]], crs)));
}

/** Geodesic area (signed, m²) of one ring on GRS80. */
function ellipsoidalRingArea(ring: Position[]): number {
  const points = isClosed(ring) ? ring.slice(0, -1) : ring;
  if (points.length < 3) return 0;
  const polygon = GRS80.Polygon(false);
  for (const position of points) polygon.AddPoint(position[1], position[0]);
  return polygon.Compute(false, true).area ?? Number.NaN;
}

function isClosed(ring: Position[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first[0] === last[0] && first[1] === last[1];
}

/**
 * Longitude of the area-weighted centroid (as Shapely/GEOS computes it, in degree space —
 * good enough to pick a zone). Falls back to the mean vertex for degenerate rings.
 */
function areaCentroidLongitude(polygons: Position[][][]): number {
  const centroid = polygonsCentroid(polygons);
  if (centroid) return centroid.centroid[0];
  let vertexSum = 0;
  let vertexCount = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const position of ring) {
        vertexSum += position[0];
        vertexCount += 1;
      }
    }
  }
  return vertexCount > 0 ? vertexSum / vertexCount : 0;
}

/** Longitude of the length-weighted centroid of the segments, degree space. */
function lineCentroidLongitude(lines: Position[][]): number {
  let weightedSum = 0;
  let totalLength = 0;
  let vertexSum = 0;
  let vertexCount = 0;
  for (const line of lines) {
    for (let index = 0; index < line.length; index += 1) {
      vertexSum += line[index][0];
      vertexCount += 1;
      if (index === 0) continue;
      const [x1, y1] = line[index - 1];
      const [x2, y2] = line[index];
      const length = Math.hypot(x2 - x1, y2 - y1);
      weightedSum += length * ((x1 + x2) / 2);
      totalLength += length;
    }
  }
  if (totalLength > 0) return weightedSum / totalLength;
  return vertexCount > 0 ? vertexSum / vertexCount : 0;
}
