/**
 * Attribute values as the inspector prints them: units in the interface language, coded
 * values through the field's `values` table, ';'-lists split and cluster / industry codes
 * named through `src/data/industries.ts`. Pure: returns plain text, which React renders
 * as text (never as HTML).
 */
import type { FieldSpec, FieldUnit, Lang, LayerMeta } from '../data/catalog-types';
import { CLUSTERS, RUSHAN_INDUSTRIES, splitList } from '../data/industries';
import { pick } from '../i18n';
import { formatUpTo } from '../analysis/units';

const UNIT_LABELS: Record<Exclude<FieldUnit, 'text' | 'date' | 'yuan-yi' | 'yuan-wan'>, { zh: string; en: string }> = {
  km2: { zh: '平方千米', en: 'km²' },
  mu: { zh: '亩', en: 'mu' },
  ha: { zh: '公顷', en: 'ha' },
  m2: { zh: '平方米', en: 'm²' },
  km: { zh: '千米', en: 'km' },
  m: { zh: '米', en: 'm' },
  'km/h': { zh: '千米/小时', en: 'km/h' },
  percent: { zh: '%', en: '%' },
  t: { zh: '吨', en: 't' },
};

/** Published figures keep their own precision: no rounding beyond 6 decimals. */
function number(value: number, lang: Lang, maximumFractionDigits = 6): string {
  return formatUpTo(value, lang, maximumFractionDigits);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/**
 * The fields the inspector lists in `lang`, in catalog order: every field without a `lang`,
 * and of a language pair (`source_zh` / `source_en`) only the one for the interface language,
 * so a Chinese reader never gets the English note next to the Chinese one, nor the reverse.
 */
export function visibleFields(layer: Pick<LayerMeta, 'fields'>, lang: Lang): FieldSpec[] {
  return layer.fields.filter((field) => field.lang === undefined || field.lang === lang);
}

/** True for null, undefined, '' — a figure that is not known (never guessed, REFERENCE.md). */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** One code of a list or a coded value, named through the field's table or the industry vocabularies. */
export function translateCode(code: string, field: FieldSpec, lang: Lang): string {
  const named = field.values?.[code] ?? CLUSTERS[code] ?? RUSHAN_INDUSTRIES[code];
  return named ? pick(named, lang) : code;
}

/** A number with its unit, e.g. 95,000 亩 / 350 km/h / 12.2 亿元 (CNY 1.22 billion). */
export function formatQuantity(value: number, unit: FieldUnit | undefined, lang: Lang): string {
  switch (unit) {
    case undefined:
    case 'text':
    case 'date':
      return number(value, lang);
    case 'percent':
      return `${number(value, lang)}%`;
    case 'yuan-yi':
      // 1 亿元 = 10^8 yuan.
      return lang === 'zh' ? `${number(value, lang)} 亿元` : `CNY ${number(value / 10, lang)} billion (${number(value, lang)} 亿元)`;
    case 'yuan-wan':
      // 1 万元 = 10^4 yuan.
      return lang === 'zh' ? `${number(value, lang)} 万元` : `CNY ${number(value / 100, lang)} million (${number(value, lang)} 万元)`;
    default:
      return `${number(value, lang)} ${UNIT_LABELS[unit][lang]}`;
  }
}

export type FormattedValue = { kind: 'empty' } | { kind: 'text'; text: string } | { kind: 'list'; items: string[] };

/** The display form of one attribute value. */
export function formatFieldValue(field: FieldSpec, value: unknown, lang: Lang): FormattedValue {
  if (isEmptyValue(value)) return { kind: 'empty' };
  if (field.list) {
    const items = splitList(String(value)).map((code) => translateCode(code, field, lang));
    return items.length === 0 ? { kind: 'empty' } : { kind: 'list', items };
  }
  if (field.values) return { kind: 'text', text: translateCode(String(value), field, lang) };
  if (typeof value === 'boolean') return { kind: 'text', text: lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no' };
  const numeric = field.unit && field.unit !== 'text' && field.unit !== 'date' ? asNumber(value) : typeof value === 'number' ? value : undefined;
  if (numeric !== undefined) return { kind: 'text', text: formatQuantity(numeric, field.unit, lang) };
  return { kind: 'text', text: String(value) };
}
