/**
 * Guesses the CRS of imported coordinates from their numbers — the step between reading
 * a CSV / DXF / shapefile without a usable .prj and putting lon/lat into the atlas. The
 * guess is always shown to the planner with its reason and the alternatives, so it can
 * be corrected (CONVENTIONS.md: "Source CRS is detected or chosen at import and recorded").
 *
 * Result convention: `detectCrs` never throws. It returns either a {@link CrsAssumption}
 * or a {@link CrsDetectionError} (with a zh + en message for the planner); tell them apart
 * with {@link isCrsDetectionError} (or `'error' in result`).
 */
import type { Bilingual } from '../data/catalog-types';
import { CRS_INFO, gaussKrugerZoneFor, unprojectPoint, type CrsCode } from './projections';

export interface CrsAssumption {
  crs: CrsCode;
  /** true = guessed from the numbers; false = chosen by the user (`given`). */
  detected: boolean;
  /**
   * true = the first column is the northing / latitude and the second the easting /
   * longitude (Chinese survey tables write X = northing, Y = easting). Swap before
   * calling `unprojectPoint`.
   */
  axisSwapped: boolean;
  reason: Bilingual;
  /** Other CRSs that fit the same numbers, most likely first; offer them in the UI. */
  alternatives: CrsCode[];
}

export type CrsDetectionErrorCode = 'empty' | 'not-finite' | 'unrecognised';

export interface CrsDetectionError {
  error: CrsDetectionErrorCode;
  message: Bilingual;
}

export type CrsDetectionResult = CrsAssumption | CrsDetectionError;

export function isCrsDetectionError(result: CrsDetectionResult): result is CrsDetectionError {
  return 'error' in result;
}

interface Box {
  west: number;
  east: number;
  south: number;
  north: number;
}

/** The atlas region, "in or near" Weihai–Rushan (brief of issue 3). */
export const ATLAS_REGION: Box = { west: 119, east: 124, south: 35.5, north: 38.5 };
/** Weihai and Rushan proper, used to choose between central meridians 120°E and 123°E. */
export const WEIHAI_RUSHAN: Box = { west: 120.3, east: 123.0, south: 36.3, north: 37.8 };

/** Above this many points, region tests use an even sample (the numeric gates use all). */
const SAMPLE_SIZE = 2000;

type Pair = [number, number];

function inBox([lon, lat]: Pair, box: Box): boolean {
  return lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north;
}

function sample(points: Pair[]): Pair[] {
  if (points.length <= SAMPLE_SIZE) return points;
  const step = points.length / SAMPLE_SIZE;
  return Array.from({ length: SAMPLE_SIZE }, (_, index) => points[Math.floor(index * step)]);
}

function swap(points: Pair[]): Pair[] {
  return points.map(([first, second]) => [second, first]);
}

function centroid(points: Pair[]): Pair {
  let lonSum = 0;
  let latSum = 0;
  for (const [lon, lat] of points) {
    lonSum += lon;
    latSum += lat;
  }
  return [lonSum / points.length, latSum / points.length];
}

function shareInside(lonLats: Pair[], box: Box): number {
  if (lonLats.length === 0) return 0;
  return lonLats.filter((point) => inBox(point, box)).length / lonLats.length;
}

function formatPair([first, second]: Pair): string {
  return `(${first}, ${second})`;
}

function formatLonLat([lon, lat]: Pair): string {
  return `${lon.toFixed(3)}°E, ${lat.toFixed(3)}°N`;
}

const isLonLat = ([lon, lat]: Pair): boolean => Math.abs(lon) <= 180 && Math.abs(lat) <= 90;

/** Zone-prefixed eastings: the first two of eight integer digits are the zone number. */
const ZONE_PREFIXES: { crs: 'EPSG:4528' | 'EPSG:4529' | 'EPSG:4499'; prefix: number }[] = [
  { crs: 'EPSG:4528', prefix: 40 },
  { crs: 'EPSG:4529', prefix: 41 },
  { crs: 'EPSG:4499', prefix: 21 },
];
const hasZonePrefix = (easting: number, prefix: number): boolean =>
  easting >= prefix * 1e6 && easting < (prefix + 1) * 1e6;
/** Gauss–Krüger northings of the northern hemisphere (no false northing). */
const isNorthing = (value: number): boolean => value >= 0 && value < 10_000_000;
/** Eastings without zone prefix (false easting 500 000, ±400 km covers any 6° zone). */
const isUnzonedEasting = (value: number): boolean => value >= 100_000 && value <= 900_000;
/** Web Mercator eastings east of ≈ 90°E. */
const isWebMercatorEasting = (value: number): boolean => value >= 10_000_000 && value <= 20_037_508.35;

function unprojectAll(points: Pair[], crs: CrsCode): Pair[] {
  return points.map((point) => unprojectPoint(point, crs));
}

function regionNote(lonLats: Pair[]): Bilingual {
  const middle = centroid(lonLats);
  if (inBox(middle, ATLAS_REGION)) {
    return { zh: `数据中心位于 ${formatLonLat(middle)}。`, en: `The data centre is at ${formatLonLat(middle)}.` };
  }
  return {
    zh: `注意：数据中心位于 ${formatLonLat(middle)}，不在本图集范围（东经119–124°、北纬35.5–38.5°）内，请核对坐标系。`,
    en: `Warning: the data centre is at ${formatLonLat(middle)}, outside the atlas region (119–124°E, 35.5–38.5°N); check the CRS.`,
  };
}

function join(...parts: Bilingual[]): Bilingual {
  return { zh: parts.map((part) => part.zh).join(''), en: parts.map((part) => part.en).join(' ') };
}

const SWAP_NOTE: Bilingual = {
  zh: '第一列为北坐标（X）、第二列为东坐标（Y），按测量坐标表习惯已对调。',
  en: 'The first column is the northing (X) and the second the easting (Y), as in Chinese survey tables; the axes are swapped.',
};
const SWAP_NOTE_LON_LAT: Bilingual = {
  zh: '第一列为纬度、第二列为经度，已对调。',
  en: 'The first column is latitude and the second longitude; the axes are swapped.',
};
const OFFSET_NOTE: Bilingual = {
  zh: 'GCJ-02（高德、腾讯）和 BD-09（百度）坐标无法从数值上与 WGS 84 区分；若数据来自这些地图，请手动选择。',
  en: 'GCJ-02 (Amap, Tencent) and BD-09 (Baidu) cannot be told from WGS 84 by the numbers; choose them by hand if the data came from those maps.',
};

function detectLonLat(points: Pair[]): CrsAssumption | undefined {
  const unswappedValid = points.every(isLonLat);
  const swapped = swap(points);
  const swappedValid = swapped.every(isLonLat);
  if (!unswappedValid && !swappedValid) return undefined;
  const unswappedInRegion = unswappedValid && inBox(centroid(points), ATLAS_REGION);
  const swappedInRegion = swappedValid && inBox(centroid(swapped), ATLAS_REGION);
  // Prefer the reading that lands in the atlas region; otherwise the one that is valid
  // at all, the written order first.
  const axisSwapped = !unswappedInRegion && (swappedInRegion || !unswappedValid);
  const lonLats = axisSwapped ? swapped : points;
  const parts: Bilingual[] = [
    {
      zh: '数值为经纬度（度），按 CGCS2000（与 WGS 84 相差仅厘米级）处理。',
      en: 'The numbers are longitude/latitude degrees, read as CGCS2000 (within centimetres of WGS 84).',
    },
  ];
  if (axisSwapped) parts.push(SWAP_NOTE_LON_LAT);
  parts.push(regionNote(lonLats), OFFSET_NOTE);
  return {
    crs: 'EPSG:4490',
    detected: true,
    axisSwapped,
    reason: join(...parts),
    alternatives: ['EPSG:4326', 'GCJ-02', 'BD-09'],
  };
}

function detectZoned(points: Pair[]): CrsAssumption | undefined {
  for (const { crs, prefix } of ZONE_PREFIXES) {
    for (const axisSwapped of [false, true]) {
      const ordered = axisSwapped ? swap(points) : points;
      if (!ordered.every(([easting, northing]) => hasZonePrefix(easting, prefix) && isNorthing(northing))) continue;
      const info = CRS_INFO[crs];
      const parts: Bilingual[] = [
        {
          zh: `东坐标以带号“${prefix}”开头（8位整数），为 ${crs}（${info.label.zh}，中央经线${info.centralMeridian}°E）。`,
          en: `The eastings start with the zone number "${prefix}" (8 integer digits): ${crs} (${info.label.en}, central meridian ${info.centralMeridian}°E).`,
        },
      ];
      if (axisSwapped) parts.push(SWAP_NOTE);
      parts.push(regionNote(unprojectAll(sample(ordered), crs)));
      return { crs, detected: true, axisSwapped, reason: join(...parts), alternatives: [] };
    }
  }
  return undefined;
}

/**
 * Unprefixed Gauss–Krüger eastings: the numbers fit CM 120°E (EPSG:4549) and CM 123°E
 * (EPSG:4550) equally; the one that puts the data in Weihai–Rushan wins.
 *
 * The two readings place the same data exactly 3° of longitude apart, and the
 * Weihai–Rushan box is 2.7° wide, so both centroids can never be inside it at once.
 * "Both inside" therefore means: both readings put some points inside the box (wide data
 * sets). Then the reading with the larger share of points inside wins; on a tie the
 * 121.5°E zone rule decides on the CM 120°E reading's centroid (west of 121.5°E → CM 120°E,
 * the 3° zone 40 meridian; east → CM 123°E, zone 41). The other reading is always listed
 * in `alternatives`, and EPSG:4510 (6° CM 123°E, numerically identical to EPSG:4550) too.
 */
function detectUnzoned(points: Pair[]): CrsAssumption | undefined {
  for (const axisSwapped of [false, true]) {
    const ordered = axisSwapped ? swap(points) : points;
    if (!ordered.every(([easting, northing]) => isUnzonedEasting(easting) && isNorthing(northing))) continue;
    const sampled = sample(ordered);
    const readings = (['EPSG:4549', 'EPSG:4550'] as const).map((crs) => {
      const lonLats = unprojectAll(sampled, crs);
      return { crs, lonLats, centre: centroid(lonLats), share: shareInside(lonLats, WEIHAI_RUSHAN) };
    });
    const [west, east] = readings;
    let chosen: (typeof readings)[number];
    let why: Bilingual;
    if (west.share > 0 && east.share > 0) {
      if (west.share !== east.share) {
        chosen = west.share > east.share ? west : east;
        why = {
          zh: `两种解释都有部分点落在威海—乳山范围内（中央经线120°E：${percent(west.share)}，123°E：${percent(east.share)}），取落入比例较大者。`,
          en: `Both readings put some points inside Weihai–Rushan (CM 120°E: ${percent(west.share)}, CM 123°E: ${percent(east.share)}); the larger share wins.`,
        };
      } else {
        chosen = gaussKrugerZoneFor(west.centre[0]) === 'EPSG:4528' ? west : east;
        why = {
          zh: `两种解释落在威海—乳山范围内的比例相同，按121.5°E分带规则（按中央经线120°E解释的中心位于 ${formatLonLat(west.centre)}）选取。`,
          en: `Both readings put the same share inside Weihai–Rushan; chosen by the 121.5°E zone rule (the CM 120°E reading centres at ${formatLonLat(west.centre)}).`,
        };
      }
      why = join(why, {
        zh: '两种解释均可能，请核对。',
        en: 'Both are possible: check.',
      });
    } else if (west.share > 0 || east.share > 0) {
      chosen = west.share > 0 ? west : east;
      why = {
        zh: `按中央经线${CRS_INFO[chosen.crs].centralMeridian}°E 解释时数据落在威海—乳山范围内，另一种解释则不在。`,
        en: `Read with CM ${CRS_INFO[chosen.crs].centralMeridian}°E the data falls inside Weihai–Rushan; the other reading does not.`,
      };
    } else {
      // Neither reading lands in Weihai–Rushan: keep the one nearer its centre.
      const centre: Pair = [(WEIHAI_RUSHAN.west + WEIHAI_RUSHAN.east) / 2, (WEIHAI_RUSHAN.south + WEIHAI_RUSHAN.north) / 2];
      const distance = (point: Pair) => Math.hypot(point[0] - centre[0], point[1] - centre[1]);
      chosen = distance(west.centre) <= distance(east.centre) ? west : east;
      why = {
        zh: '两种解释都不在威海—乳山范围内，取离该范围较近者。',
        en: 'Neither reading falls inside Weihai–Rushan; the nearer one is used.',
      };
    }
    const parts: Bilingual[] = [
      {
        zh: '东坐标无带号（中央经线120°E 或 123°E 均可能）。',
        en: 'The eastings carry no zone prefix (central meridian 120°E or 123°E are both possible).',
      },
      why,
    ];
    if (axisSwapped) parts.push(SWAP_NOTE);
    parts.push(regionNote(chosen.lonLats));
    const alternatives: CrsCode[] = chosen.crs === 'EPSG:4550' ? ['EPSG:4549', 'EPSG:4510'] : ['EPSG:4550', 'EPSG:4510'];
    return { crs: chosen.crs, detected: true, axisSwapped, reason: join(...parts), alternatives };
  }
  return undefined;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function detectWebMercator(points: Pair[]): CrsAssumption | undefined {
  for (const axisSwapped of [false, true]) {
    const ordered = axisSwapped ? swap(points) : points;
    if (!ordered.every(([x, y]) => isWebMercatorEasting(x) && Math.abs(y) <= 20_037_508.35)) continue;
    const lonLats = unprojectAll(sample(ordered), 'EPSG:3857');
    // Web Mercator is only claimed when it lands in the region: 1.0–2.0·10⁷ is too wide a
    // range to be a fingerprint on its own.
    if (!inBox(centroid(lonLats), ATLAS_REGION)) continue;
    const parts: Bilingual[] = [
      {
        zh: '数值为 Web 墨卡托米制坐标（EPSG:3857，网络地图常用），不宜直接量算面积。',
        en: 'The numbers are Web Mercator metres (EPSG:3857, common in web maps); not for measuring areas directly.',
      },
    ];
    if (axisSwapped) parts.push(SWAP_NOTE);
    parts.push(regionNote(lonLats));
    return { crs: 'EPSG:3857', detected: true, axisSwapped, reason: join(...parts), alternatives: [] };
  }
  return undefined;
}

/** With a user-chosen CRS, only the axis order is still inferred from the numbers. */
function assumeGiven(points: Pair[], given: CrsCode): CrsAssumption {
  const swapped = swap(points);
  const kind = CRS_INFO[given].kind;
  let axisSwapped = false;
  if (kind === 'geographic' || kind === 'offset') {
    const plainValid = points.every(isLonLat);
    const swappedValid = swapped.every(isLonLat);
    const plainInRegion = plainValid && inBox(centroid(points), ATLAS_REGION);
    const swappedInRegion = swappedValid && inBox(centroid(swapped), ATLAS_REGION);
    axisSwapped = !plainInRegion && (swappedInRegion || (!plainValid && swappedValid));
  } else {
    const prefix = ZONE_PREFIXES.find((zone) => zone.crs === given)?.prefix;
    if (prefix !== undefined) {
      const plainPrefixed = points.every(([easting]) => hasZonePrefix(easting, prefix));
      const swappedPrefixed = swapped.every(([easting]) => hasZonePrefix(easting, prefix));
      // Neither order carries this zone's prefix (e.g. zone-40 numbers read as zone 41): the
      // easting is still the column with the 8-digit zone-prefixed values, so the import can
      // say where the points land instead of reading a northing as an easting.
      const eightDigits = (value: number) => Math.abs(value) >= 1e7 && Math.abs(value) < 1e8;
      axisSwapped = plainPrefixed || swappedPrefixed
        ? !plainPrefixed && swappedPrefixed
        : !points.every(([easting]) => eightDigits(easting)) && swapped.every(([easting]) => eightDigits(easting));
    } else {
      const plainInRegion = inBox(centroid(unprojectAll(sample(points), given)), ATLAS_REGION);
      const swappedInRegion = inBox(centroid(unprojectAll(sample(swapped), given)), ATLAS_REGION);
      axisSwapped = !plainInRegion && swappedInRegion;
    }
  }
  const info = CRS_INFO[given];
  const parts: Bilingual[] = [
    { zh: `坐标系由用户指定：${given}（${info.label.zh}）。`, en: `CRS chosen by the user: ${given} (${info.label.en}).` },
  ];
  if (axisSwapped) parts.push(kind === 'projected' ? SWAP_NOTE : SWAP_NOTE_LON_LAT);
  const lonLats = unprojectAll(sample(axisSwapped ? swapped : points), given);
  if (lonLats.every((point) => Number.isFinite(point[0]) && Number.isFinite(point[1]))) parts.push(regionNote(lonLats));
  return { crs: given, detected: false, axisSwapped, reason: join(...parts), alternatives: [] };
}

/**
 * Detects (or, with `given`, confirms) the CRS of a list of coordinate pairs in the order
 * they were read from the file, and whether the two columns are swapped.
 *
 * Rules, in order:
 * 1. lon/lat degrees → EPSG:4490 (CGCS2000 ≈ WGS 84; EPSG:4326, GCJ-02, BD-09 listed as
 *    alternatives because offset coordinates cannot be recognised from numbers). Data
 *    outside 119–124°E, 35.5–38.5°N is accepted with a warning in `reason`.
 * 2. 8-digit eastings prefixed 40 / 41 / 21 → EPSG:4528 / 4529 / 4499.
 * 3. unprefixed eastings (100 000–900 000 m) → EPSG:4549 (CM 120°E) or EPSG:4550
 *    (CM 123°E), whichever puts the data in Weihai–Rushan (see `detectUnzoned`).
 * 4. Web Mercator metres landing in the atlas region → EPSG:3857.
 * Each projected rule also tries the columns swapped (survey tables: X = northing first).
 *
 * @param points coordinate pairs as read, [first column, second column]
 * @param given CRS chosen by the user; then `detected` is false and only the axis order
 *   is inferred
 * @returns a CrsAssumption, or a CrsDetectionError for empty, non-numeric or
 *   unrecognisable numbers
 * @example
 * detectCrs([[4_085_326.52, 41_368_069.06]])
 * // { crs: 'EPSG:4529', detected: true, axisSwapped: true, … }
 */
export function detectCrs(points: [number, number][], given?: CrsCode): CrsDetectionResult {
  if (points.length === 0) {
    return {
      error: 'empty',
      message: { zh: '没有坐标，无法判断坐标系。', en: 'There are no coordinates to detect a CRS from.' },
    };
  }
  const broken = points.findIndex((point) => !Number.isFinite(point[0]) || !Number.isFinite(point[1]));
  if (broken >= 0) {
    return {
      error: 'not-finite',
      message: {
        zh: `第 ${broken + 1} 个坐标 ${formatPair(points[broken])} 不是有效数字，请检查该行（空值、文字或分隔符错误）。`,
        en: `Coordinate ${broken + 1} ${formatPair(points[broken])} is not a valid number; check that row (empty cell, text, or wrong separator).`,
      },
    };
  }
  if (given) return assumeGiven(points, given);
  const detected = detectLonLat(points) ?? detectZoned(points) ?? detectUnzoned(points) ?? detectWebMercator(points);
  if (detected) return detected;
  const first = points[0];
  return {
    error: 'unrecognised',
    message: {
      zh:
        `无法从数值判断坐标系（首个坐标 ${formatPair(first)}）。可识别的形式：经纬度（度）；` +
        '带带号的高斯-克吕格坐标（东坐标以 40、41 或 21 开头的8位数）；无带号坐标（东坐标约 100000–900000，北坐标约 4000000）；' +
        'Web 墨卡托。若各行坐标形式不一致也会出现此错误。请手动选择坐标系或检查数据。',
      en:
        `Cannot tell the CRS from the numbers (first coordinate ${formatPair(first)}). Recognised forms: lon/lat degrees; ` +
        'zone-prefixed Gauss–Krüger (8-digit eastings starting 40, 41 or 21); unprefixed Gauss–Krüger (eastings ≈ 100 000–900 000, northings ≈ 4 000 000); ' +
        'Web Mercator. Rows mixing different forms also cause this. Choose the CRS by hand or check the data.',
    },
  };
}
