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
import type { Bilingual } from '../data/catalog-types';

export type CrsCode =
  | 'EPSG:4326'
  | 'EPSG:4490'
  | 'EPSG:3857'
  | 'EPSG:4528'
  | 'EPSG:4529'
  | 'EPSG:4549'
  | 'EPSG:4550'
  | 'EPSG:4499'
  | 'EPSG:4510'
  | 'GCJ-02'
  | 'BD-09';

/** Every CRS the atlas knows, in the order a CRS picker should list them. */
export const CRS_CODES: readonly CrsCode[] = [
  'EPSG:4490',
  'EPSG:4326',
  'EPSG:4528',
  'EPSG:4529',
  'EPSG:4549',
  'EPSG:4550',
  'EPSG:4499',
  'EPSG:4510',
  'EPSG:3857',
  'GCJ-02',
  'BD-09',
];

/** The Gauss–Krüger CRSs (CGCS2000, GRS80, scale 1 on the central meridian). */
export type GaussKrugerCode = 'EPSG:4528' | 'EPSG:4529' | 'EPSG:4549' | 'EPSG:4550' | 'EPSG:4499' | 'EPSG:4510';

/** CRSs with a PROJ definition (everything except the Chinese offset systems). */
export type EpsgCode = Exclude<CrsCode, 'GCJ-02' | 'BD-09'>;

export interface CrsInfo {
  label: Bilingual;
  /**
   * `geographic` = lon/lat degrees; `projected` = metres (x = easting, y = northing);
   * `offset` = lon/lat degrees with the deliberate Chinese web-map offset (GCJ-02, BD-09).
   */
  kind: 'geographic' | 'projected' | 'offset';
  /** Degrees east; Gauss–Krüger CRSs only. */
  centralMeridian?: number;
  /** Metres, including the zone prefix when the CRS has one (40 500 000 for zone 40). */
  falseEasting?: number;
}

/** Labels and parameters, from `projinfo EPSG:xxxx` (PROJ 9.1) and REFERENCE.md. */
export const CRS_INFO: Record<CrsCode, CrsInfo> = {
  'EPSG:4326': { label: { zh: 'WGS 84 经纬度', en: 'WGS 84 lon/lat' }, kind: 'geographic' },
  'EPSG:4490': { label: { zh: 'CGCS2000 经纬度', en: 'CGCS2000 lon/lat' }, kind: 'geographic' },
  'EPSG:3857': { label: { zh: 'Web 墨卡托', en: 'Web Mercator' }, kind: 'projected' },
  'EPSG:4528': {
    label: { zh: 'CGCS2000 高斯-克吕格 3度带 第40带（带号）', en: 'CGCS2000 Gauss–Krüger 3° zone 40 (zone-prefixed)' },
    kind: 'projected',
    centralMeridian: 120,
    falseEasting: 40_500_000,
  },
  'EPSG:4529': {
    label: { zh: 'CGCS2000 高斯-克吕格 3度带 第41带（带号）', en: 'CGCS2000 Gauss–Krüger 3° zone 41 (zone-prefixed)' },
    kind: 'projected',
    centralMeridian: 123,
    falseEasting: 41_500_000,
  },
  'EPSG:4549': {
    label: { zh: 'CGCS2000 高斯-克吕格 3度带 中央经线120°E（无带号）', en: 'CGCS2000 Gauss–Krüger 3° CM 120°E (no prefix)' },
    kind: 'projected',
    centralMeridian: 120,
    falseEasting: 500_000,
  },
  'EPSG:4550': {
    label: { zh: 'CGCS2000 高斯-克吕格 3度带 中央经线123°E（无带号）', en: 'CGCS2000 Gauss–Krüger 3° CM 123°E (no prefix)' },
    kind: 'projected',
    centralMeridian: 123,
    falseEasting: 500_000,
  },
  'EPSG:4499': {
    label: { zh: 'CGCS2000 高斯-克吕格 6度带 第21带（带号）', en: 'CGCS2000 Gauss–Krüger 6° zone 21 (zone-prefixed)' },
    kind: 'projected',
    centralMeridian: 123,
    falseEasting: 21_500_000,
  },
  'EPSG:4510': {
    label: { zh: 'CGCS2000 高斯-克吕格 6度带 中央经线123°E（无带号）', en: 'CGCS2000 Gauss–Krüger 6° CM 123°E (no prefix)' },
    kind: 'projected',
    centralMeridian: 123,
    falseEasting: 500_000,
  },
  'GCJ-02': { label: { zh: 'GCJ-02（高德、腾讯）', en: 'GCJ-02 (Amap, Tencent)' }, kind: 'offset' },
  'BD-09': { label: { zh: 'BD-09（百度）', en: 'BD-09 (Baidu)' }, kind: 'offset' },
};

/**
 * PROJ strings, exactly `projinfo EPSG:xxxx -o PROJ` (PROJ 9.1) minus `+type=crs`.
 * Deliberately no `+towgs84` and no `+datum` on the CGCS2000 ones: proj4js then treats
 * them as "no datum" and never applies a datum shift (CGCS2000 ≈ WGS 84 at the atlas's
 * precision). EPSG:4326 is written with the GRS80 ellipsoid too, for the same reason:
 * lon/lat numbers pass through unchanged. EPSG:3857 drops `+nadgrids=@null +wktext`
 * (PROJ's trick for "no datum shift", which proj4js would read as a grid shift) and
 * keeps the spherical a = b = 6378137, so geodetic lat/lon go straight onto the sphere
 * as Web Mercator requires.
 */
export const PROJ_DEFINITIONS: Record<EpsgCode, string> = {
  'EPSG:4326': '+proj=longlat +ellps=GRS80 +no_defs',
  'EPSG:4490': '+proj=longlat +ellps=GRS80 +no_defs',
  'EPSG:3857': '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +no_defs',
  'EPSG:4528': '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4529': '+proj=tmerc +lat_0=0 +lon_0=123 +k=1 +x_0=41500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4549': '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4550': '+proj=tmerc +lat_0=0 +lon_0=123 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4499': '+proj=tmerc +lat_0=0 +lon_0=123 +k=1 +x_0=21500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4510': '+proj=tmerc +lat_0=0 +lon_0=123 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
};

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

/** True for the CRSs whose coordinates are metres (Gauss–Krüger and Web Mercator). */
export function isProjectedCrs(crs: CrsCode): boolean {
  return CRS_INFO[crs].kind === 'projected';
}

/** True for the six CGCS2000 Gauss–Krüger CRSs. */
export function isGaussKrugerCrs(crs: CrsCode): crs is GaussKrugerCode {
  return CRS_INFO[crs].centralMeridian !== undefined;
}

/**
 * Reads a CRS name as users and files write it: `EPSG:4528`, `epsg 4528`, `4528`,
 * `GCJ02`, `gcj-02`, `BD09`, `WGS84`, `CGCS2000`. Returns undefined for anything else.
 */
export function parseCrsCode(text: string): CrsCode | undefined {
  const compact = text.trim().toUpperCase().replace(/[\s_-]/g, '');
  if (compact === 'GCJ02') return 'GCJ-02';
  if (compact === 'BD09' || compact === 'BD09LL') return 'BD-09';
  if (compact === 'WGS84') return 'EPSG:4326';
  if (compact === 'CGCS2000') return 'EPSG:4490';
  const match = /^(?:EPSG:?)?(\d{4})$/.exec(compact);
  if (!match) return undefined;
  const code = `EPSG:${match[1]}`;
  return (CRS_CODES as readonly string[]).includes(code) ? (code as CrsCode) : undefined;
}

/**
 * The CGCS2000 3° Gauss–Krüger zone (zone-prefixed CRS) for a longitude in the atlas
 * region: zone 40 (CM 120°E, EPSG:4528) west of 121.5°E, zone 41 (CM 123°E, EPSG:4529)
 * from 121.5°E east — the zone boundary that splits Rushan (REFERENCE.md).
 *
 * @param lon longitude in degrees east
 * @example gaussKrugerZoneFor(121.52) // 'EPSG:4529' (乳山 city seat)
 */
export function gaussKrugerZoneFor(lon: number): 'EPSG:4528' | 'EPSG:4529' {
  return lon < 121.5 ? 'EPSG:4528' : 'EPSG:4529';
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
 * (see {@link unprojectPoint}). Returns a new geometry; the input is not changed.
 */
export function unprojectGeometry<G extends Geometry>(geometry: G, from: CrsCode): G {
  return withoutBbox(mapPositions(geometry, (xy) => unprojectPoint(xy, from)));
}

function withoutBbox<G extends Geometry>(geometry: G): G {
  if (geometry.bbox === undefined) return geometry;
  const copy = { ...geometry };
  delete copy.bbox;
  return copy;
}
