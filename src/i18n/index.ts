/**
 * Interface language: the dictionaries, a pure `translate` and helpers for bilingual data.
 * No React here; `src/state/use-translation.ts` binds it to the store.
 */
import type { Bilingual, Lang } from '../data/catalog-types';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey } from './zh-CN';

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh: zhCN, en };

export const DEFAULT_LANG: Lang = 'zh';

/** BCP 47 tag for `<html lang>`. */
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

/** The message for `key` in `lang`, with `{name}` placeholders replaced by `values`. */
export function translate(lang: Lang, key: MessageKey, values?: Record<string, string | number>): string {
  const template = DICTIONARIES[lang][key] ?? zhCN[key] ?? key;
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * The keys of one namespace without its prefix: `NamespaceKey<'story'>` is `'menu.button' | …`
 * for the dictionary's `'story.menu.button'`. Features keep short keys at their call sites;
 * the dictionary, its parity test and `translate` stay one.
 */
export type NamespaceKey<Namespace extends string> = MessageKey extends infer Key
  ? Key extends `${Namespace}.${infer Rest}` ? Rest : never
  : never;

export type ExplorerKey = NamespaceKey<'explorer'>;
export type StoryMessageKey = NamespaceKey<'story'>;

/** `translate` for the park explorer's `explorer.*` keys. */
export function explorerText(lang: Lang, key: ExplorerKey, values?: Record<string, string | number>): string {
  return translate(lang, `explorer.${key}` as MessageKey, values);
}

/** `translate` for the presentation mode's `story.*` keys. */
export function storyText(lang: Lang, key: StoryMessageKey, values?: Record<string, string | number>): string {
  return translate(lang, `story.${key}` as MessageKey, values);
}

/** Picks one language out of bilingual data; falls back to the other when one side is empty. */
export function pick(text: Bilingual | null | undefined, lang: Lang): string {
  if (!text) return '';
  const preferred = lang === 'zh' ? text.zh : text.en;
  return preferred && preferred.trim() !== '' ? preferred : (lang === 'zh' ? text.en : text.zh) ?? '';
}

/** Number formatting per interface language (zh-CN and en both group by thousands). */
export function formatNumber(value: number, lang: Lang, maximumFractionDigits = 2, minimumFractionDigits = 0): string {
  return new Intl.NumberFormat(HTML_LANG[lang], { maximumFractionDigits, minimumFractionDigits }).format(value);
}
