/**
 * Area and length units used by Chinese planning documents, with converters and
 * bilingual formatters. Pure functions, no React.
 *
 * 1 亩 = 10000/15 m² ≈ 666.667 m²; 15 亩 = 1 公顷; 1 km² = 1500 亩 (REFERENCE.md
 * "Units and coordinate systems").
 */
import type { Bilingual, Lang } from '../data/catalog-types';
import type { ControlIndicatorId } from './control-indicators';

/** Square metres in one 亩 (mu): 10000/15 ≈ 666.667 m². */
export const M2_PER_MU = 10000 / 15;
/** Square metres in one 公顷 (hectare). */
export const M2_PER_HA = 10000;
/** Square metres in one km². */
export const M2_PER_KM2 = 1e6;
/** Metres in one km. */
export const M_PER_KM = 1000;

export type AreaUnit = 'm2' | 'mu' | 'ha' | 'km2';
export type LengthUnit = 'm' | 'km';

const M2_PER_UNIT: Record<AreaUnit, number> = { m2: 1, mu: M2_PER_MU, ha: M2_PER_HA, km2: M2_PER_KM2 };

/** Square metres → 亩. @example squareMetresToMu(10000) // 15 */
export function squareMetresToMu(m2: number): number {
  return m2 / M2_PER_MU;
}
/** Square metres → hectares (公顷). @example squareMetresToHectares(10000) // 1 */
export function squareMetresToHectares(m2: number): number {
  return m2 / M2_PER_HA;
}
/** Square metres → km². @example squareMetresToSquareKilometres(2.5e6) // 2.5 */
export function squareMetresToSquareKilometres(m2: number): number {
  return m2 / M2_PER_KM2;
}
/** 亩 → square metres. @example muToSquareMetres(15) // 10000 */
export function muToSquareMetres(mu: number): number {
  return mu * M2_PER_MU;
}
/** Hectares → square metres. */
export function hectaresToSquareMetres(ha: number): number {
  return ha * M2_PER_HA;
}
/** km² → square metres. */
export function squareKilometresToSquareMetres(km2: number): number {
  return km2 * M2_PER_KM2;
}

/**
 * Converts an area between any two of m², 亩, 公顷, km².
 * @example convertArea(95_000, 'mu', 'km2') // ≈ 63.33 (9.5万亩)
 */
export function convertArea(value: number, from: AreaUnit, to: AreaUnit): number {
  return (value * M2_PER_UNIT[from]) / M2_PER_UNIT[to];
}

/**
 * An area as a reason or a verdict line states it: 亩 first, as planning documents do (two
 * decimals), then the square metres (whole), in each language's words.
 * @example areaPhrase(12_345) // { zh: '18.52 亩（12,345 平方米）', en: '18.52 mu (12,345 m²)' }
 */
export function areaPhrase(m2: number): Bilingual {
  const muValue = Math.round(squareMetresToMu(m2) * 100) / 100;
  // A sliver is said to be one, not 0: an overlap of 2 m² reads "<0.01 亩（2 平方米）".
  const mu = m2 > 0 && muValue === 0 ? '<0.01' : numberFormat('en-US', 0, 2).format(muValue);
  const metres = m2 > 0 && Math.round(m2) === 0 ? '<1' : numberFormat('en-US', 0, 0).format(Math.round(m2));
  return { zh: `${mu} 亩（${metres} 平方米）`, en: `${mu} mu (${metres} m²)` };
}

/** Unit labels as printed after a number. */
export const AREA_UNIT_LABELS: Record<AreaUnit, Record<Lang, string>> = {
  m2: { zh: '平方米', en: 'm²' },
  mu: { zh: '亩', en: 'mu' },
  ha: { zh: '公顷', en: 'ha' },
  km2: { zh: '平方千米', en: 'km²' },
};
export const LENGTH_UNIT_LABELS: Record<LengthUnit, Record<Lang, string>> = {
  m: { zh: '米', en: 'm' },
  km: { zh: '千米', en: 'km' },
};

const LOCALES: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };

const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

/**
 * One Intl.NumberFormat per locale and decimals, made once: `toLocaleString` with options
 * builds a new formatter at every call (≈ 20 µs in V8), which the review paid for every
 * overlap it phrased (issue 12: a 200 ha site's review 2.6 → 6–9 ms).
 */
function numberFormat(locale: string, minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale} ${minimumFractionDigits} ${maximumFractionDigits}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits, maximumFractionDigits });
    NUMBER_FORMATS.set(key, format);
  }
  return format;
}

/**
 * A number with thousands separators and a fixed number of decimals in the UI language
 * (both zh-CN and en-US use "," and "."). Non-finite numbers print as "—".
 * @example formatNumber(95000, 'zh') // '95,000'
 */
export function formatNumber(value: number, lang: Lang, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return numberFormat(LOCALES[lang], fractionDigits, fractionDigits).format(value);
}

/**
 * A number with thousands separators and at most `digits` decimals, trailing zeros dropped,
 * in the UI language: 168.61, 140, 0.125.
 */
export function formatUpTo(value: number, lang: Lang, digits: number): string {
  return numberFormat(LOCALES[lang], 0, digits).format(value);
}

/** Decimals that keep about four significant figures without printing noise. */
function defaultDigits(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return 0;
  if (magnitude >= 100) return 1;
  if (magnitude >= 1) return 2;
  return 3;
}

/**
 * Formats an area given in m² in one unit: `formatAreaIn(666_666.7, 'mu', 'zh')` →
 * '1,000 亩'. `fractionDigits` defaults to about four significant figures.
 */
export function formatAreaIn(m2: number, unit: AreaUnit, lang: Lang, fractionDigits?: number): string {
  const value = convertArea(m2, 'm2', unit);
  const digits = fractionDigits ?? defaultDigits(value);
  // A sliver is said to be one, never 0: 0.4 m² of farmland reads "<0.01 亩", "<1 平方米".
  if (value > 0 && Math.round(value * 10 ** digits) === 0) return `<${formatNumber(10 ** -digits, lang, digits)} ${AREA_UNIT_LABELS[unit][lang]}`;
  return `${formatNumber(value, lang, digits)} ${AREA_UNIT_LABELS[unit][lang]}`;
}

/**
 * Formats an area (m²) the way planning documents state it: 亩 first, then 公顷, and
 * km² when the area reaches 1 km².
 *
 * @param m2 area in square metres
 * @param lang interface language
 * @example
 * formatArea(63_333_333, 'zh') // '95,000 亩（6,333 公顷，63.33 平方千米）'
 * formatArea(63_333_333, 'en') // '95,000 mu (6,333 ha, 63.33 km²)'
 */
export function formatArea(m2: number, lang: Lang): string {
  if (!Number.isFinite(m2)) return '—';
  const parts = [formatAreaIn(m2, 'ha', lang)];
  if (Math.abs(m2) >= M2_PER_KM2) parts.push(formatAreaIn(m2, 'km2', lang));
  const main = formatAreaIn(m2, 'mu', lang);
  return lang === 'zh' ? `${main}（${parts.join('，')}）` : `${main} (${parts.join(', ')})`;
}

/**
 * Formats a length in metres: metres below 1 km, km (two decimals) above.
 * @example formatLength(192_814, 'en') // '192.81 km'
 */
export function formatLength(m: number, lang: Lang): string {
  if (!Number.isFinite(m)) return '—';
  if (Math.abs(m) < M_PER_KM) return `${formatNumber(m, lang, Math.abs(m) < 10 ? 2 : 1)} ${LENGTH_UNIT_LABELS.m[lang]}`;
  return `${formatNumber(m / M_PER_KM, lang, 2)} ${LENGTH_UNIT_LABELS.km[lang]}`;
}

/**
 * A distance to an estimated position (a station placed from a description, its uncertainty
 * a kilometre or more) to the whole kilometre and said to be one: "约 12 千米（估计位置）",
 * "under 1 km (estimated position)". Metres would claim a precision the position has not.
 * @example formatEstimatedLength(12_349, 'en') // '≈ 12 km (estimated position)'
 */
export function formatEstimatedLength(m: number, lang: Lang, withNote = true): string {
  if (!Number.isFinite(m)) return '—';
  const note = !withNote ? '' : lang === 'zh' ? '（估计位置）' : ' (estimated position)';
  if (m < M_PER_KM) return `${lang === 'zh' ? '不足 1 千米' : 'under 1 km'}${note}`;
  const km = formatNumber(Math.round(m / M_PER_KM), lang, 0);
  return `${lang === 'zh' ? `约 ${km} 千米` : `≈ ${km} km`}${note}`;
}

/** A distance as the review panel and the print write it: {@link formatEstimatedLength} to an estimated position, else {@link formatLength}. (The map's distance lines write metres whole, review-layers.tsx.) */
export function formatDistanceTo(m: number, lang: Lang, estimated: boolean): string {
  return estimated ? formatEstimatedLength(m, lang) : formatLength(m, lang);
}

/** 万元 per hectare (investment intensity, tax per hectare), as the review, its report and the explorer write it. */
export const INVESTMENT_INTENSITY_UNIT: Readonly<Bilingual> = { zh: '万元/公顷', en: '×10⁴ CNY/ha' };

/**
 * A control indicator's value or limit as the panel and the printed report show it: the
 * floor-area ratio bare (2 decimals), the investment intensity in 万元/公顷, the rest as a
 * percentage; '—' for none.
 */
export function formatControlValue(indicator: ControlIndicatorId, value: number | null, lang: Lang): string {
  if (value === null) return '—';
  if (indicator === 'floor-area-ratio') return formatNumber(value, lang, 2);
  if (indicator === 'investment-intensity') return `${formatNumber(value, lang, 0)} ${INVESTMENT_INTENSITY_UNIT[lang]}`;
  return `${formatNumber(value * 100, lang, 1)}%`;
}
