/**
 * The intensity dashboard's model (issue 5): the TD/T 1029 indicators of every zone and park
 * straight from the land-use intensity engine (the same `computeLandUseIntensity` the
 * `intensity` CLI prints, so the dashboard's figures equal the CLI's), ranking on any
 * indicator, and the formatting of each indicator with its unit.
 *
 * Pure: no React, no MapLibre, no DOM.
 */
import type { FeatureCollection } from 'geojson';
import type { Bilingual, Lang } from '../data/catalog-types';
import {
  computeLandUseIntensity,
  INDICATORS,
  prepareParcels,
  type IndicatorKey,
  type IndicatorSpec,
  type ZoneIntensity,
  type ZoneLayer,
} from '../analysis/land-use-intensity';
import type { ParcelFieldMapping } from '../analysis/parcel-fields';
import { formatNumber } from '../analysis/units';
import type { LandUseIntensityOutcome } from '../worker/protocol';

/** What the dashboard shows: the worker's `landUseIntensity` outcome (src/worker/protocol.ts). */
export type DashboardResult = LandUseIntensityOutcome;

/**
 * The indicators of every zone of `zones` (in layer then feature order, like the CLI) from
 * `parcels` read through `mapping`. Unreadable parcels come back as problems, not a throw.
 * The app runs these same steps in the analysis worker (`landUseIntensity`,
 * src/worker/in-process-analysis.ts); this synchronous form serves the Node tests.
 */
export function computeDashboard(zones: ZoneLayer[], parcels: FeatureCollection, mapping: ParcelFieldMapping = {}): DashboardResult {
  const prepared = prepareParcels(parcels, mapping);
  if (!prepared.ok) return { ok: false, problems: prepared.problems };
  return { ok: true, zones: computeLandUseIntensity(zones, prepared.parcels), parcelCount: prepared.parcels.count };
}

export function indicatorSpec(key: IndicatorKey): IndicatorSpec {
  return INDICATORS.find((spec) => spec.key === key)!;
}

/**
 * Zones sorted on one indicator, largest first (or smallest first with `ascending`); zones
 * where the indicator is unknown (null) come last, in their original order.
 */
export function rankZones(zones: readonly ZoneIntensity[], key: IndicatorKey, ascending = false): ZoneIntensity[] {
  return zones
    .map((zone, index) => ({ zone, index }))
    .sort((a, b) => {
      const x = a.zone.indicators[key];
      const y = b.zone.indicators[key];
      if (x === null && y === null) return a.index - b.index;
      if (x === null) return 1;
      if (y === null) return -1;
      return (ascending ? x - y : y - x) || a.index - b.index;
    })
    .map(({ zone }) => zone);
}

/** Decimals shown per indicator kind: rates as % with one decimal, 容积率 two, 万元/公顷 none. */
export const DISPLAY_DIGITS: Record<IndicatorSpec['kind'], number> = { rate: 1, ratio: 2, 'per-ha': 0 };

/** The value as shown (rates in %, rounded to {@link DISPLAY_DIGITS}); null stays null. */
export function displayValue(spec: IndicatorSpec, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const scaled = spec.kind === 'rate' ? value * 100 : value;
  const factor = 10 ** DISPLAY_DIGITS[spec.kind];
  return Math.round(scaled * factor) / factor;
}

const UNKNOWN: Bilingual = { zh: '无数据', en: 'no data' };

/**
 * An indicator with its unit: "85.6%", "1.07"(容积率, dimensionless), "3,012 万元/公顷" /
 * "3,012 ×10⁴ CNY/ha"; "无数据 / no data" when its denominator is zero or figures are missing.
 */
export function formatIndicator(spec: IndicatorSpec, value: number | null, lang: Lang): string {
  const shown = displayValue(spec, value);
  if (shown === null) return UNKNOWN[lang];
  const number = formatNumber(shown, lang, DISPLAY_DIGITS[spec.kind]);
  if (spec.kind === 'rate') return `${number}%`;
  if (spec.kind === 'ratio') return number;
  return `${number} ${spec.unit[lang]}`;
}
