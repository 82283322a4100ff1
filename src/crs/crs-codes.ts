/**
 * The CRSs the atlas knows — codes, labels, parameters, PROJ strings and the zone rule —
 * without the transforms. Split from projections.ts (issue 12) so the page's first chunk, which
 * needs the codes and labels (records, CRS pickers), does not carry proj4; projections.ts
 * re-exports everything here, so `../crs/projections` keeps working for every caller.
 */
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
