/**
 * Maps a coordinate system written as WKT (a shapefile's .prj in ESRI WKT1, OGC WKT1 or
 * WKT2 from a FlatGeobuf header) to one of the atlas's CRS codes. An EPSG code on the
 * root wins; otherwise the Gauss–Krüger parameters (central meridian, false easting,
 * scale 1) and the datum are matched against CRS_INFO — the .prj files written by ArcGIS
 * for CGCS2000 ("CGCS2000_3_Degree_GK_Zone_40", "…_GK_CM_120E") carry no EPSG code.
 */
import { CRS_INFO, CRS_CODES, parseCrsCode, type CrsCode } from '../crs/projections';

export type PrjMatch = { crs: CrsCode; name: string } | { crs?: undefined; name: string; why: 'datum' | 'projection' };

function numberParameter(wkt: string, names: string[]): number | undefined {
  for (const name of names) {
    const pattern = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*([-+0-9.eE]+)`, 'i');
    const match = pattern.exec(wkt);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function rootName(wkt: string): string {
  return /^\s*[A-Z]+\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
}

/** The EPSG code of the root object, when the WKT ends with its AUTHORITY / ID. */
function rootEpsg(wkt: string): string | undefined {
  const trimmed = wkt.trim();
  const pattern = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]$/i;
  return pattern.exec(trimmed)?.[1];
}

const CGCS2000_DATUM = /2000|CGCS/i;
const WGS84_DATUM = /WGS[ _]?(19)?84/i;

export function matchPrj(wkt: string): PrjMatch {
  const name = rootName(wkt);
  const epsg = rootEpsg(wkt);
  if (epsg) {
    const code = parseCrsCode(`EPSG:${epsg}`);
    if (code) return { crs: code, name };
  }
  const datumText = /DATUM\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? name;
  const isProjected = /^\s*(PROJCS|PROJCRS|PROJECTEDCRS)\[/i.test(wkt);
  if (!isProjected) {
    if (CGCS2000_DATUM.test(datumText)) return { crs: 'EPSG:4490', name };
    if (WGS84_DATUM.test(datumText)) return { crs: 'EPSG:4326', name };
    return { name, why: 'datum' };
  }
  if (/Mercator_Auxiliary_Sphere|Popular Visualisation|Web_Mercator|Pseudo[-_ ]Mercator/i.test(wkt)) {
    return { crs: 'EPSG:3857', name };
  }
  const projection = /PROJECTION\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? /METHOD\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
  if (!/Transverse[ _]Mercator|Gauss/i.test(projection)) return { name, why: 'projection' };
  // Beijing 1954 / Xi'an 1980 Gauss–Krüger grids share the parameters but not the datum
  // (offsets of tens of metres): refuse rather than place them wrongly.
  if (!CGCS2000_DATUM.test(datumText) && !WGS84_DATUM.test(datumText)) return { name, why: 'datum' };
  const centralMeridian = numberParameter(wkt, ['Central_Meridian', 'Longitude of natural origin', 'longitude_of_center']);
  const falseEasting = numberParameter(wkt, ['False_Easting', 'False easting']);
  const scale = numberParameter(wkt, ['Scale_Factor', 'Scale factor at natural origin']) ?? 1;
  const falseNorthing = numberParameter(wkt, ['False_Northing', 'False northing']) ?? 0;
  if (centralMeridian === undefined || falseEasting === undefined || scale !== 1 || falseNorthing !== 0) {
    return { name, why: 'projection' };
  }
  const candidates = CRS_CODES.filter((code) => {
    const info = CRS_INFO[code];
    return info.centralMeridian === centralMeridian && info.falseEasting === falseEasting;
  });
  if (candidates.length === 0) return { name, why: 'projection' };
  // EPSG:4550 (3° CM 123°E) and EPSG:4510 (6° CM 123°E) are numerically identical; the name tells them apart.
  // ESRI names the 6° grids without a "3_Degree" part (CGCS2000_GK_CM_123E); EPSG says "6-degree".
  const sixDegree = /6[ _-]?Degree/i.test(name) || (/GK/i.test(name) && !/3[ _-]?Degree/i.test(name));
  const crs = candidates.find((code) => (sixDegree ? code === 'EPSG:4510' || code === 'EPSG:4499' : code !== 'EPSG:4510')) ?? candidates[0];
  return { crs, name };
}
