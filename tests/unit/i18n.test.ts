import { describe, expect, it } from 'vitest';
import { DICTIONARIES, pick, translate } from '../../src/i18n';
import { zhCN } from '../../src/i18n/zh-CN';
import { en } from '../../src/i18n/en';

describe('i18n dictionaries', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('has no empty message in either language', () => {
    for (const [lang, dictionary] of Object.entries(DICTIONARIES)) {
      for (const [key, message] of Object.entries(dictionary)) expect(message.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('uses the same {placeholders} in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('zh', 'layers.features', { count: 7 })).toBe('7 个要素');
    expect(translate('en', 'layers.features', { count: 7 })).toBe('7 features');
    expect(translate('en', 'layers.features')).toBe('{count} features');
  });

  it('picks a language from bilingual data, falling back to the other side when empty', () => {
    expect(pick({ zh: '乳山', en: 'Rushan' }, 'zh')).toBe('乳山');
    expect(pick({ zh: '乳山', en: 'Rushan' }, 'en')).toBe('Rushan');
    expect(pick({ zh: '乳山', en: '' }, 'en')).toBe('乳山');
    expect(pick(undefined, 'en')).toBe('');
  });
});
