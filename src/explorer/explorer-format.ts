/**
 * Numbers with units as the explorer prints them (zh / en). Pure.
 * 1 km² = 1500 亩 (REFERENCE.md "Units"); 1 亿元 = 10^8 yuan.
 */
import type { Lang } from '../data/catalog-types';
import { formatEstimatedLength, formatNumber, formatUpTo, squareMetresToMu, squareMetresToSquareKilometres } from '../analysis/units';

/** "140 平方千米（210,000 亩）" / "140 km² (210,000 mu)". */
export function formatKm2AndMu(km2: number, lang: Lang): string {
  const mu = km2 * 1500;
  const km2Text = formatUpTo(km2, lang, km2 >= 1 ? 2 : 3);
  const muText = formatUpTo(mu, lang, mu >= 100 ? 0 : 1);
  return lang === 'zh' ? `${km2Text} 平方千米（${muText} 亩）` : `${km2Text} km² (${muText} mu)`;
}

/** An area given in m², as km² and 亩. */
export function formatAreaM2(m2: number, lang: Lang): string {
  return formatKm2AndMu(squareMetresToSquareKilometres(m2), lang);
}

/** 亩 only: "1,234 亩" / "1,234 mu". */
export function formatMu(m2: number, lang: Lang): string {
  return `${formatNumber(squareMetresToMu(m2), lang, 0)} ${lang === 'zh' ? '亩' : 'mu'}`;
}

/**
 * Distance: "0 米（在园区内）", "850 米", "12.35 千米"; an estimate "约 12 千米（估计位置）", or
 * `'short'` "约 12 千米" where a note beside the table says why.
 */
export function formatDistance(metres: number, lang: Lang, estimated: boolean | 'short' = false): string {
  if (estimated) return formatEstimatedLength(metres, lang, estimated !== 'short');
  if (metres === 0) return lang === 'zh' ? '0 米（在范围内或相接）' : '0 m (inside or touching)';
  if (metres < 1000) return `${formatNumber(metres, lang, 0)} ${lang === 'zh' ? '米' : 'm'}`;
  return `${formatNumber(metres / 1000, lang, 2)} ${lang === 'zh' ? '千米' : 'km'}`;
}

/** "12.5 亿元" / "CNY 1.25 billion (12.5 亿元)". */
export function formatYi(value: number, lang: Lang): string {
  const text = formatUpTo(value, lang, 4);
  if (lang === 'zh') return `${text} 亿元`;
  return `CNY ${formatUpTo(value / 10, lang, 5)} billion (${text} 亿元)`;
}
