/**
 * Coordinate reference systems of the atlas and the point/geometry transforms between
 * them. Pure functions, no React, no MapLibre: runs in the browser, in a worker and in
 * the Node CLIs.
 *
 * One CRS rule (CONVENTIONS.md): geometry in state and on the map is lon/lat on
 * CGCS2000, which the atlas treats as numerically identical to WGS 84 (the two agree
 * within centimetres — REFERENCE.md "Units and coordinate systems"). Gauss–Krüger
 * projections are only used at the edges: import of survey coordinates, export, and
 * planar area/length.
 */
import proj4 from 'proj4';
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';

export * from './crs-codes';
import { PROJ_DEFINITIONS, type CrsCode, type EpsgCode, type GaussKrugerCode } from './crs-codes';

const LON_LAT_DEFINITION = PROJ_DEFINITIONS['EPSG:4490'];

const converters = new Map<EpsgCode, proj4.Converter>();

function converterFor(crs: EpsgCode): proj4.Converter {
  let converter = converters.get(crs);
  if (!converter) {
    converter = proj4(LON_LAT_DEFINITION, PROJ_DEFINITIONS[crs]);
    converters.set(crs, converter);
  }
  return converter;
}

/**
 * Projects one lon/lat position (degrees, CGCS2000 ≈ WGS 84) into `to`.
 * Projected CRSs return metres [easting, northing] (GIS order, not the X = northing
 * order of Chinese survey tables); geographic CRSs return the input unchanged;
 * GCJ-02 and BD-09 return their offset lon/lat (through `gcoord`).
 *
 * @example projectPoint([121.52, 36.89], 'EPSG:4529') // ≈ [41 368 069.06, 4 085 326.52] metres (zone 41)
 */
export function projectPoint(lonLat: [number, number], to: CrsCode): [number, number] {
  const [lon, lat] = lonLat;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [Number.NaN, Number.NaN];
  switch (to) {
    case 'EPSG:4326':
    case 'EPSG:4490':
      return [lon, lat];
    case 'GCJ-02':
      return asPair(gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02));
    case 'BD-09':
      return asPair(gcoord.transform([lon, lat], gcoord.WGS84, gcoord.BD09));
    default:
      return asPair(converterFor(to).forward([lon, lat]));
  }
}

const DEGREES_TO_RADIANS = Math.PI / 180;
const projectors = new Map<GaussKrugerCode, (lon: number, lat: number) => [number, number]>();

/**
 * lon/lat (CGCS2000) → a Gauss–Krüger grid, for many points: {@link projectPoint}'s numbers
 * (checked against cs2cs, tests/unit/crs-projections.test.ts) from proj4's projection called
 * directly. The converter's per-point work around it — arrays in and out, the datum check,
 * units and axis order — is nothing between CGCS2000 lon/lat and a CGCS2000 grid (one
 * ellipsoid, metres, east-north), and was half the time the import's checks spent projecting
 * every vertex (issue 12). Non-finite input gives NaN, as projectPoint does.
 */
export function gaussKrugerProjector(crs: GaussKrugerCode): (lon: number, lat: number) => [number, number] {
  let projector = projectors.get(crs);
  if (!projector) {
    const projection = new proj4.Proj(PROJ_DEFINITIONS[crs]) as unknown as { forward: (point: { x: number; y: number }) => { x: number; y: number } };
    const point = { x: 0, y: 0 };
    projector = (lon, lat) => {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return [Number.NaN, Number.NaN];
      point.x = lon * DEGREES_TO_RADIANS;
      point.y = lat * DEGREES_TO_RADIANS;
      const { x, y } = projection.forward(point);
      return [x, y];
    };
    projectors.set(crs, projector);
  }
  return projector;
}

/**
 * Inverse of {@link projectPoint}: coordinates in `from` → lon/lat degrees
 * (CGCS2000 ≈ WGS 84). Projected input is [easting, northing] in metres, with the zone
 * prefix for EPSG:4528/4529/4499; swap survey-table X/Y before calling.
 *
 * @example unprojectPoint([41_368_069.06, 4_085_326.52], 'EPSG:4529') // ≈ [121.52, 36.89]
 */
export function unprojectPoint(xy: [number, number], from: CrsCode): [number, number] {
  const [x, y] = xy;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [Number.NaN, Number.NaN];
  switch (from) {
    case 'EPSG:4326':
    case 'EPSG:4490':
      return [x, y];
    case 'GCJ-02':
    case 'BD-09':
      return invertOffset([x, y], from);
    default:
      return asPair(converterFor(from).inverse([x, y]));
  }
}

/**
 * GCJ-02/BD-09 have no closed-form inverse; gcoord's inverse leaves 5–15 cm in the atlas
 * region (measured against the forward transform). A few fixed-point steps on the
 * forward transform bring the round trip under a millimetre.
 */
function invertOffset(shifted: [number, number], from: 'GCJ-02' | 'BD-09'): [number, number] {
  const target = from === 'GCJ-02' ? gcoord.GCJ02 : gcoord.BD09;
  let estimate = asPair(gcoord.transform(shifted, target, gcoord.WGS84));
  for (let step = 0; step < 5; step += 1) {
    const forward = gcoord.transform(estimate, gcoord.WGS84, target);
    const dLon = shifted[0] - forward[0];
    const dLat = shifted[1] - forward[1];
    estimate = [estimate[0] + dLon, estimate[1] + dLat];
    // 1e-10° ≈ 0.01 mm
    if (Math.abs(dLon) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return estimate;
}

function asPair(position: ArrayLike<number>): [number, number] {
  return [position[0], position[1]];
}

function mapPositions<G extends Geometry>(geometry: G, transform: (xy: [number, number]) => [number, number]): G {
  const mapPosition = (position: Position): Position => {
    const [x, y] = transform([position[0], position[1]]);
    // Keep any third (height) ordinate as it was: the transforms here are 2-D.
    return position.length > 2 ? [x, y, ...position.slice(2)] : [x, y];
  };
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: mapPosition(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(mapPosition) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(mapPosition)) };
    case 'MultiPolygon':
      return {
        ...geometry,
        coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(mapPosition))),
      };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((part) => mapPositions(part, transform)) };
  }
}

/**
 * Projects every position of a GeoJSON geometry from lon/lat into `to` (see
 * {@link projectPoint}). Returns a new geometry; the input is not changed. A `bbox`
 * member is dropped because it would be stale.
 */
export function projectGeometry<G extends Geometry>(geometry: G, to: CrsCode): G {
  return withoutBbox(mapPositions(geometry, (lonLat) => projectPoint(lonLat, to)));
}

/**
 * Converts every position of a GeoJSON geometry written in `from` back to lon/lat
 * (see {@link unprojectPoint}). Returns a new geometry, except for lon/lat input (EPSG:4326 /
 * 4490), which comes back as it is (without `bbox`): positions shared, nothing checked — the
 * importers check every ordinate is finite before (complete-import.ts checkShape).
 */
export function unprojectGeometry<G extends Geometry>(geometry: G, from: CrsCode): G {
  // Already lon/lat: the same positions, not a copy of each (issue 12: import memory).
  if (from === 'EPSG:4326' || from === 'EPSG:4490') return withoutBbox(geometry);
  return withoutBbox(mapPositions(geometry, (xy) => unprojectPoint(xy, from)));
}

function withoutBbox<G extends Geometry>(geometry: G): G {
  if (geometry.bbox === undefined) return geometry;
  const copy = { ...geometry };
  delete copy.bbox;
  return copy;
}
