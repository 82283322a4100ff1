import { describe, expect, it } from 'vitest';
import { DICTIONARIES, explorerText, pick, storyText, translate, type MessageKey } from '../../src/i18n';
import { zhCN } from '../../src/i18n/zh-CN';
import { en } from '../../src/i18n/en';
import { formatFieldValue } from '../../src/components/format-field';

/** Han characters, CJK punctuation and full-width forms. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

/**
 * Chinese allowed in English strings, each with its reason. Nothing else: a unit or a sum of
 * money is translated (亿元 → "100 million yuan"), never left for the English reader.
 */
const ENGLISH_ALLOWED_CHINESE: Partial<Record<MessageKey, string[]>> = {
  // A language switch names the target language in that language (W3C "Indicating the
  // language of a link destination": language names in their own script).
  'language.switch': ['中文'],
  'story.player.language': ['中文'],
  // The official names of the 2008 control indicators (国土资发〔2008〕24号), given in
  // parentheses beside their translation so a reader can find them in the Chinese documents.
  'review.far': ['(容积率)'],
  'review.coverage': ['(建筑系数)'],
  'review.greenRatio': ['(绿地率)'],
  // A document number is a proper name.
  'review.proposalNote': ['国土资发〔2008〕24号'],
};

/** Chinese strings with no Chinese in them: proper names only. */
const CHINESE_ALLOWED_LATIN = new Set<MessageKey>([
  'language.switch', // "English": the target language in its own script (see above)
  'story.player.language', // "EN", the same switch in the presentation bar
  'attribution.maplibre', // "MapLibre", a product name
]);

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

  it('holds the explorer and story strings under their namespaces (one dictionary system)', () => {
    const namespaces = new Set(Object.keys(zhCN).map((key) => key.split('.')[0]));
    expect(namespaces.has('explorer') && namespaces.has('story')).toBe(true);
    expect(explorerText('en', 'unit.yi')).toBe(en['explorer.unit.yi']);
    expect(storyText('zh', 'menu.steps', { count: 3 })).toBe('3 步');
  });

  it('leaves no Chinese in English strings, except the declared proper names and terms', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      let text = en[key];
      for (const allowed of ENGLISH_ALLOWED_CHINESE[key] ?? []) {
        expect(text, `${key}: allow-listed ${allowed} is no longer there; drop it from the list`).toContain(allowed);
        text = text.split(allowed).join('');
      }
      expect(text.match(CHINESE) ?? [], `en ${key}: ${en[key]}`).toEqual([]);
    }
  });

  it('leaves no English sentence in Chinese strings, except the declared proper names', () => {
    for (const key of Object.keys(zhCN) as MessageKey[]) {
      if (CHINESE_ALLOWED_LATIN.has(key)) {
        expect(zhCN[key], `${key} is allow-listed as a proper name with no Chinese`).not.toMatch(CHINESE);
        continue;
      }
      // Code spans (`npm run data`), {placeholders}, units and codes are not sentences.
      const prose = zhCN[key].replace(/`[^`]*`/g, '').replace(/\{\w+\}/g, '');
      const hasLatin = /[A-Za-z]{2,}/.test(prose);
      expect(!hasLatin || CHINESE.test(prose), `zh ${key} is Latin only: ${zhCN[key]}`).toBe(true);
      expect(prose.match(/[A-Za-z]+(?:[ -][A-Za-z]+){2,}/g) ?? [], `zh ${key} has an English phrase: ${zhCN[key]}`).toEqual([]);
    }
  });

  it('the checks catch Chinese in English and English in Chinese', () => {
    // The rule above applied to the strings the English explorer used to show (issue 9).
    expect('Investment (亿元)'.match(CHINESE)).not.toBeNull();
    expect(CHINESE.test('Switch to English')).toBe(false);
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

describe('inspector value formatting', () => {
  const area = { key: 'area_mu', label: { zh: '面积', en: 'Area' }, unit: 'mu' as const };

  it('prints numbers with their unit in the interface language', () => {
    expect(formatFieldValue(area, 95000, 'zh')).toEqual({ kind: 'text', text: '95,000 亩' });
    expect(formatFieldValue(area, 95000, 'en')).toEqual({ kind: 'text', text: '95,000 mu' });
    expect(formatFieldValue({ ...area, unit: 'km/h' }, 350, 'en')).toEqual({ kind: 'text', text: '350 km/h' });
    expect(formatFieldValue({ ...area, unit: 'km' }, 192.814, 'zh')).toEqual({ kind: 'text', text: '192.814 千米' });
  });

  it('converts 亿元 and 万元 for English readers (1 亿 = 10^8, 1 万 = 10^4)', () => {
    expect(formatFieldValue({ ...area, unit: 'yuan-yi' }, 12.2, 'zh')).toEqual({ kind: 'text', text: '12.2 亿元' });
    expect(formatFieldValue({ ...area, unit: 'yuan-yi' }, 12.2, 'en')).toEqual({ kind: 'text', text: 'CNY 1.22 billion (12.2 亿元)' });
    expect(formatFieldValue({ ...area, unit: 'yuan-wan' }, 3300, 'en')).toEqual({ kind: 'text', text: 'CNY 33 million (3,300 万元)' });
  });

  it('leaves unknown figures empty instead of printing 0 or null', () => {
    for (const value of [null, undefined, '', '  ']) expect(formatFieldValue(area, value, 'zh')).toEqual({ kind: 'empty' });
    expect(formatFieldValue(area, 0, 'zh')).toEqual({ kind: 'text', text: '0 亩' });
  });

  it('translates coded values and ;-lists, naming cluster and industry codes', () => {
    const status = { key: 'status', label: { zh: '状态', en: 'Status' }, values: { built: { zh: '已建成', en: 'built' } } };
    expect(formatFieldValue(status, 'built', 'zh')).toEqual({ kind: 'text', text: '已建成' });
    expect(formatFieldValue(status, 'unlisted', 'en')).toEqual({ kind: 'text', text: 'unlisted' });
    const clusters = { key: 'clusters', label: { zh: '集群', en: 'Clusters' }, list: true };
    expect(formatFieldValue(clusters, 'carbon-fibre-composites; new-energy;;unknown-code', 'zh')).toEqual({
      kind: 'list',
      items: ['碳纤维等复合材料', '新能源', 'unknown-code'],
    });
  });

  it('keeps markup in attribute values as plain text', () => {
    const name = { key: 'note', label: { zh: '说明', en: 'Note' } };
    expect(formatFieldValue(name, '<img src=x onerror=alert(1)>', 'en')).toEqual({ kind: 'text', text: '<img src=x onerror=alert(1)>' });
  });
});
