/**
 * "Go to a coordinate": one typed pair in any CRS the atlas knows (lon/lat, Gauss–Krüger
 * with or without the zone prefix, Web Mercator, GCJ-02 from 高德/腾讯, BD-09 from 百度)
 * turned into CGCS2000 lon/lat. The axis order is inferred the way imports infer it
 * (src/crs/detect.ts), so a survey-table pair written X (north) first lands in the right
 * place. Pure: no React, no DOM.
 */
import type { Bilingual } from '../data/catalog-types';
import { CRS_INFO, unprojectPoint, type CrsCode } from '../crs/projections';
import { ATLAS_REGION, detectCrs, isCrsDetectionError } from '../crs/detect';
import { fail, ok, type Result } from './types';

export interface ParsedCoordinate {
  /** CGCS2000 lon/lat. */
  lonLat: [number, number];
  /** The CRS the pair was read in. */
  crs: CrsCode;
  /** true when the pair was written northing/latitude first. */
  axisSwapped: boolean;
  /** Why this CRS and axis order (from detectCrs). */
  reason: Bilingual;
}

/** Splits "121.55, 36.90", "121.55 36.90", "4086422.6，40631022.4" (full-width comma), "X=… Y=…". */
export function splitPair(text: string): [number, number] | undefined {
  const cleaned = text
    .replace(/[，、；;]/g, ',')
    .replace(/[XYxy]\s*[=:：]/g, ' ')
    .replace(/°\s*[EeNn东北]?/g, ' ')
    .trim();
  const parts = cleaned.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length !== 2) return undefined;
  const numbers = parts.map(Number);
  if (!numbers.every(Number.isFinite)) return undefined;
  return [numbers[0], numbers[1]];
}

/**
 * Reads one coordinate pair typed by a person.
 *
 * @param text two numbers separated by a comma or spaces, in the order the source writes them
 * @param crs the CRS the numbers are in, or 'auto' to detect it from the numbers
 * @returns lon/lat (CGCS2000) with the CRS and axis order used, or a message saying what to fix
 * @example parseCoordinate('4085326.52, 41368069.06', 'auto') // ok → lonLat ≈ [121.52, 36.89], crs 'EPSG:4529', axisSwapped true
 */
export function parseCoordinate(text: string, crs: CrsCode | 'auto'): Result<ParsedCoordinate, Bilingual> {
  const pair = splitPair(text);
  if (!pair) {
    return fail({
      zh: '请输入两个数值，用逗号或空格分开，例如 121.55, 36.90 或 4086422.6, 40631022.4。',
      en: 'Enter two numbers separated by a comma or a space, e.g. 121.55, 36.90 or 4086422.6, 40631022.4.',
    });
  }
  const assumption = detectCrs([pair], crs === 'auto' ? undefined : crs);
  if (isCrsDetectionError(assumption)) return fail(assumption.message);
  const ordered: [number, number] = assumption.axisSwapped ? [pair[1], pair[0]] : pair;
  const lonLat = unprojectPoint(ordered, assumption.crs);
  if (!lonLat.every(Number.isFinite)) {
    return fail({
      zh: `这两个数值在 ${assumption.crs}（${CRS_INFO[assumption.crs].label.zh}）中不是有效坐标。`,
      en: `These numbers are not a valid position in ${assumption.crs} (${CRS_INFO[assumption.crs].label.en}).`,
    });
  }
  const [lon, lat] = lonLat;
  if (lon < ATLAS_REGION.west || lon > ATLAS_REGION.east || lat < ATLAS_REGION.south || lat > ATLAS_REGION.north) {
    return fail({
      zh: `换算结果 ${lon.toFixed(5)}°E, ${lat.toFixed(5)}°N 不在图集范围（${ATLAS_REGION.west}–${ATLAS_REGION.east}°E，${ATLAS_REGION.south}–${ATLAS_REGION.north}°N）内；请检查坐标系和数值。`,
      en: `The result ${lon.toFixed(5)}°E, ${lat.toFixed(5)}°N is outside the atlas region (${ATLAS_REGION.west}–${ATLAS_REGION.east}°E, ${ATLAS_REGION.south}–${ATLAS_REGION.north}°N); check the CRS and the numbers.`,
    });
  }
  return ok({ lonLat, crs: assumption.crs, axisSwapped: assumption.axisSwapped, reason: assumption.reason });
}
