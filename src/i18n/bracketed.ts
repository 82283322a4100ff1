/**
 * A note in brackets after a text, as each language writes it: full-width （…） with no space
 * in Chinese, " (…)" in English. Pure.
 *
 * @example bracketed('面积', '公布', 'zh') // '面积（公布）'
 * @example bracketed('Area', 'published', 'en') // 'Area (published)'
 */
import type { Lang } from '../data/catalog-types';

export function bracketed(text: string, note: string, lang: Lang): string {
  return lang === 'zh' ? `${text}（${note}）` : `${text} (${note})`;
}
