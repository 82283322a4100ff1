/** Binds `translate` to the store's language. */
import { useCallback } from 'react';
import type { Lang } from '../data/catalog-types';
import { useAtlas } from './atlas-store';
import { explorerText, translate, type ExplorerKey, type MessageKey } from '../i18n/index';

export function useTranslation(): { lang: Lang; t: (key: MessageKey, values?: Record<string, string | number>) => string } {
  const lang = useAtlas((state) => state.language);
  const t = useCallback((key: MessageKey, values?: Record<string, string | number>) => translate(lang, key, values), [lang]);
  return { lang, t };
}

/** `useTranslation` for the park explorer's `explorer.*` keys (short keys at its call sites). */
export function useExplorerText(): { lang: Lang; s: (key: ExplorerKey, values?: Record<string, string | number>) => string } {
  const lang = useAtlas((state) => state.language);
  const s = useCallback((key: ExplorerKey, values?: Record<string, string | number>) => explorerText(lang, key, values), [lang]);
  return { lang, s };
}
