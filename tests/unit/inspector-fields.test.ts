/**
 * What the inspector shows of a built-in feature, in each interface language: the rows of the
 * layer's `fields` that are for every language plus, of a language pair (`source_zh` /
 * `source_en`, FieldSpec.lang), the one in the reader's language. A Chinese reader gets
 * Chinese notes and sources with no team jargon (seed numbers, REFERENCE.md, script names,
 * commits); the technical originals stay in the data, not in the inspector. Data from the real
 * built-in layers; the inspector rendered with react-dom/server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Feature, FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Catalog, CatalogLayer, FieldSpec, Lang, LayerMeta } from '../../src/data/catalog-types';
import { validateLayerMeta } from '../../src/data/catalog-validate';
import { formatFieldValue, visibleFields } from '../../src/components/format-field';
import { Inspector, listedFields } from '../../src/components/inspector';
import { atlasReducer, createInitialState, type AtlasState } from '../../src/state/atlas-state';
import { readAuthoredLayers, type AuthoredLayer } from '../../scripts/lib/atlas-layers';

// react-dom/server cannot subscribe to the app's store (useSyncExternalStore without a server
// snapshot): the inspector reads a plain state, built with the app's own reducer, instead.
const store = vi.hoisted(() => ({ state: undefined as unknown }));
vi.mock('../../src/state/atlas-store', () => ({
  useAtlas: (selector: (state: unknown) => unknown) => selector(store.state),
  useDispatch: () => () => undefined,
}));

/** Han characters, CJK punctuation and full-width forms. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;
/** The team's own words, which mean nothing to a reader. */
const JARGON = /seed 0|REFERENCE\.md|\.py\b|\bcommit\b|github\.com/i;
/**
 * Text fields whose values are codes or identifiers, the same in every language (a road
 * number, a layer id). Everything else of unit text is prose and must be Chinese in Chinese.
 */
const CODE_FIELDS: Record<string, string> = {
  road: 'road number, G228',
  road_number: 'road number, G228',
};
/** Numbers, dates and division codes written as text: "2017-06", "371002". */
const NUMERIC_TEXT = /^[\d\s.,:\-–]+$/;

let layers: AuthoredLayer[] = [];

beforeAll(async () => {
  layers = await readAuthoredLayers();
});

/** The text of every row the inspector lists for one feature in `lang`, as [field, value texts]. */
function shownRows(meta: LayerMeta, feature: Feature, lang: Lang): Array<[FieldSpec, string[]]> {
  const properties = feature.properties ?? {};
  return visibleFields(meta, lang).map((field) => {
    const formatted = formatFieldValue(field, properties[field.key], lang);
    return [field, formatted.kind === 'text' ? [formatted.text] : formatted.kind === 'list' ? formatted.items : []];
  });
}

/** True when a row's value is prose that a Chinese reader must get in Chinese. */
function isProse(field: FieldSpec, raw: unknown, text: string): boolean {
  if (typeof raw !== 'string') return false;
  if (field.unit === 'date' || field.key in CODE_FIELDS) return false;
  return !NUMERIC_TEXT.test(text);
}

describe('built-in features in the inspector', () => {
  it('show a Chinese reader Chinese notes and sources, with no team jargon', () => {
    let checked = 0;
    for (const { meta, features } of layers) {
      for (const feature of features.features) {
        for (const [field, texts] of shownRows(meta, feature, 'zh')) {
          const where = `${meta.id}/${feature.properties?.id} ${field.key}`;
          expect(field.lang === undefined || field.lang === 'zh', where).toBe(true);
          for (const text of texts) {
            expect(text, where).not.toMatch(JARGON);
            // No feature id shown for a name (host_zone: weihai-torch-hi-tech-zone → its zone's name).
            expect(text, where).not.toMatch(/^(?=.*[a-z])[a-z0-9]+(?:-[a-z0-9]+){2,}$/);
            if (isProse(field, feature.properties?.[field.key], text)) {
              expect(text, `${where}: prose without Chinese`).toMatch(CJK);
              checked++;
            }
          }
        }
      }
    }
    // Every built-in feature has at least its source in Chinese.
    expect(checked).toBeGreaterThan(layers.reduce((sum, { features }) => sum + features.features.length, 0));
  });

  it('show an English reader no field meant for Chinese readers, and no jargon either', () => {
    for (const { meta, features } of layers) {
      const shown = visibleFields(meta, 'en');
      expect(shown.filter((field) => field.lang === 'zh' || field.key.endsWith('_zh')).map((field) => field.key), meta.id).toEqual([]);
      for (const feature of features.features) {
        for (const [field, texts] of shownRows(meta, feature, 'en')) {
          for (const text of texts) expect(text, `${meta.id}/${feature.properties?.id} ${field.key}`).not.toMatch(JARGON);
        }
      }
    }
  });

  it('show an English reader the coded values and lists in English (a station’s lines: “Laixi–Rongcheng HSR”, not 莱荣高铁)', () => {
    let checked = 0;
    for (const { meta, features } of layers) {
      for (const field of visibleFields(meta, 'en').filter((candidate) => candidate.list || candidate.values)) {
        for (const feature of features.features) {
          const shown = formatFieldValue(field, feature.properties?.[field.key], 'en');
          const texts = shown.kind === 'list' ? shown.items : shown.kind === 'text' ? [shown.text] : [];
          // Lists of names without a translation table (a line’s stations) are names, kept as written.
          if (field.list && !field.values) continue;
          for (const text of texts) expect(text, `${meta.id}/${feature.properties?.id} ${field.key}`).not.toMatch(CJK);
          checked += texts.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    for (const id of ['hsr-stations', 'railway-stations']) {
      const { meta, features } = layers.find((layer) => layer.meta.id === id)!;
      const lines = meta.fields.find((field) => field.key === 'lines')!;
      for (const feature of features.features) {
        const shown = formatFieldValue(lines, feature.properties?.lines, 'en');
        expect(shown.kind === 'list' && shown.items.filter((item) => CJK.test(item)), `${id}/${feature.properties?.id}`).toEqual([]);
      }
    }
    const rongcheng = layers.find((layer) => layer.meta.id === 'hsr-stations')!.features.features.find((feature) => feature.properties?.id === 'station-rongcheng')!;
    const lines = layers.find((layer) => layer.meta.id === 'hsr-stations')!.meta.fields.find((field) => field.key === 'lines')!;
    expect(formatFieldValue(lines, rongcheng.properties?.lines, 'en')).toEqual({ kind: 'list', items: ['Laixi–Rongcheng HSR', 'Qingdao–Rongcheng intercity'] });
    expect(formatFieldValue(lines, rongcheng.properties?.lines, 'zh')).toEqual({ kind: 'list', items: ['莱荣高铁', '青荣城际'] });
  });

  it('give every layer one reader-facing source per language, and keep the technical notes in the data only', () => {
    const technical = ['source', 'position_note', 'history_note', 'area_note', 'status_note', 'extent_method', 'name_note', 'route_note', 'place'];
    for (const { meta, features } of layers) {
      const keys = meta.fields.map((field) => field.key);
      for (const key of technical) expect(keys, `${meta.id} lists the technical ${key}`).not.toContain(key);
      const hasNotes = features.features.some((feature) => typeof feature.properties?.source === 'string');
      if (!hasNotes) continue;
      expect(keys, meta.id).toEqual(expect.arrayContaining(['source_zh', 'source_en']));
      for (const feature of features.features) {
        const properties = feature.properties ?? {};
        // The original stays for GIS users and the export; the reader's pair sits beside it.
        expect(typeof properties.source, `${meta.id}/${properties.id}`).toBe('string');
        expect(properties.source_zh, `${meta.id}/${properties.id}`).toMatch(CJK);
        expect(String(properties.source_en), `${meta.id}/${properties.id}`).toMatch(/^[A-Z]/);
      }
    }
  });

  it('pair every language-tagged field: zh then en, same label, both filled or both empty', () => {
    for (const { meta, features } of layers) {
      meta.fields.forEach((field, index) => {
        if (field.lang !== 'zh') {
          if (field.lang === 'en') expect(meta.fields[index - 1]?.lang, `${meta.id} ${field.key} follows its zh partner`).toBe('zh');
          return;
        }
        const partner = meta.fields[index + 1];
        expect(partner?.lang, `${meta.id} ${field.key} has an en partner`).toBe('en');
        expect(partner.label, `${meta.id} ${field.key}`).toEqual(field.label);
        for (const feature of features.features) {
          const properties = feature.properties ?? {};
          const filled = (key: string) => properties[key] !== null && properties[key] !== undefined && properties[key] !== '';
          expect(filled(partner.key), `${meta.id}/${properties.id} ${field.key} / ${partner.key}`).toBe(filled(field.key));
        }
      });
    }
  });
});

describe('FieldSpec.lang in the validator', () => {
  const metaFile = path.join(__dirname, '..', 'fixtures', 'fgb', 'layers', 'sample-zones', 'layer.json');
  const good = (): LayerMeta => JSON.parse(readFileSync(metaFile, 'utf8')) as LayerMeta;

  it('accepts a field for one language and a field for both', () => {
    const meta = good();
    meta.fields.push(
      { key: 'note_zh', label: { zh: '说明', en: 'Note' }, unit: 'text', lang: 'zh' },
      { key: 'note_en', label: { zh: '说明', en: 'Note' }, unit: 'text', lang: 'en' },
    );
    expect(meta.fields.some((field) => field.lang === undefined)).toBe(true);
    expect(validateLayerMeta(meta, 'layers/sample-zones/layer.json')).toEqual([]);
  });

  it.each([['fr'], ['ZH'], ['zh-CN'], [''], [1], [null]])('refuses lang %j with a message in both languages', (lang) => {
    const meta = good() as unknown as { fields: Array<Record<string, unknown>> };
    meta.fields[0].lang = lang;
    const problems = validateLayerMeta(meta, 'layers/sample-zones/layer.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/layers\/sample-zones\/layer\.json \[sample-zones\]: fields\.\w+\.lang must be "zh" or "en"/);
    expect(problems[0]).toMatch(/ \/ .*lang 应为 "zh" 或 "en"/);
  });
});

describe('visibleFields', () => {
  const fields: FieldSpec[] = [
    { key: 'level', label: { zh: '级别', en: 'Level' } },
    { key: 'note_zh', label: { zh: '说明', en: 'Note' }, unit: 'text', lang: 'zh' },
    { key: 'note_en', label: { zh: '说明', en: 'Note' }, unit: 'text', lang: 'en' },
    { key: 'area', label: { zh: '面积', en: 'Area' }, unit: 'km2' },
  ];

  it('keeps the fields for both languages and, of a pair, the one for the interface language, in catalog order', () => {
    expect(visibleFields({ fields }, 'zh').map((field) => field.key)).toEqual(['level', 'note_zh', 'area']);
    expect(visibleFields({ fields }, 'en').map((field) => field.key)).toEqual(['level', 'note_en', 'area']);
  });
});

describe('the inspector panel', () => {
  function catalogOf(metas: LayerMeta[]): Catalog {
    const catalogLayers: CatalogLayer[] = metas.map((meta) => ({ ...meta, url: `data/${meta.id}.fgb`, featureCount: 1, bbox: [121, 36.5, 122.5, 37.6] }));
    return { version: 1, generated: '2026-11-21T00:00:00Z', layers: catalogLayers };
  }

  /** The inspector's markup for one feature of a built-in layer, in `lang`. */
  function render(layerId: string, featureId: string, lang: Lang): string {
    const layer = layers.find(({ meta }) => meta.id === layerId)!;
    let state: AtlasState = createInitialState({ language: lang });
    state = atlasReducer(state, { type: 'catalog-loaded', catalog: catalogOf(layers.map(({ meta }) => meta)) });
    state = atlasReducer(state, { type: 'layer-data-loaded', layerId, data: layer.features as FeatureCollection });
    state = atlasReducer(state, { type: 'feature-selected', feature: { layerId, featureId } });
    store.state = state;
    return renderToStaticMarkup(createElement(Inspector));
  }

  function propertiesOf(layerId: string, featureId: string): Record<string, unknown> {
    const layer = layers.find(({ meta }) => meta.id === layerId)!;
    return layer.features.features.find((feature) => feature.properties?.id === featureId)!.properties!;
  }

  /** React escapes quotes; compare with the escaped form. */
  const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const count = (markup: string, text: string) => markup.split(text).length - 1;
  /**
   * The rows of the feature's fields: every <dl> of the panel but the first (which names layer
   * and accuracy) — the known facts of an approximate extent, then the attribute list.
   */
  const fieldRows = (markup: string) =>
    [...markup.matchAll(/<dl class="inspector-fields"[^>]*>(.*?)<\/dl>/gs)]
      .slice(1)
      .map((match) => match[1])
      .join('');
  /** The items of "Not published" in an approximate extent's block ('' when there is none). */
  const unknownItems = (markup: string) => /<ul class="value-list" data-testid="inspector-extent-unknown">(.*?)<\/ul>/s.exec(markup)?.[1] ?? '';

  it('lists the Chinese source and notes in Chinese and nothing of their English twins', () => {
    const markup = render('industrial-parks', 'medical-devices-base', 'zh');
    const properties = propertiesOf('industrial-parks', 'medical-devices-base');
    const fields = fieldRows(markup);
    expect(fields).toContain(`<dt>资料来源</dt><dd>${escaped(String(properties.source_zh))}</dd>`);
    expect(fields).toContain(`<dt>位置说明</dt><dd>${escaped(String(properties.position_note_zh))}</dd>`);
    for (const key of ['source_en', 'position_note_en', 'source', 'position_note']) expect(markup, key).not.toContain(escaped(String(properties[key])));
    expect(count(fields, '<dt>资料来源</dt>')).toBe(1);
    expect(count(fields, '<dt>位置说明</dt>')).toBe(1);
    expect(markup).not.toMatch(JARGON);
  });

  it('lists the English ones in English', () => {
    const markup = render('industrial-parks', 'medical-devices-base', 'en');
    const properties = propertiesOf('industrial-parks', 'medical-devices-base');
    const fields = fieldRows(markup);
    expect(fields).toContain(`<dt>Source</dt><dd>${escaped(String(properties.source_en))}</dd>`);
    expect(fields).toContain(`<dt>Position note</dt><dd>${escaped(String(properties.position_note_en))}</dd>`);
    for (const key of ['source_zh', 'position_note_zh', 'source', 'position_note']) expect(markup, key).not.toContain(escaped(String(properties[key])));
    expect(count(fields, '<dt>Source</dt>')).toBe(1);
    expect(count(fields, '<dt>Position note</dt>')).toBe(1);
    expect(markup).not.toMatch(JARGON);
  });

  it('shows one of each pair of a development zone, including among the known facts of its extent', () => {
    for (const lang of ['zh', 'en'] as const) {
      const markup = render('development-zones', 'weihai-nanhai-new-area', lang);
      const fields = fieldRows(markup);
      const properties = propertiesOf('development-zones', 'weihai-nanhai-new-area');
      const other: Lang = lang === 'zh' ? 'en' : 'zh';
      for (const key of ['short_name', 'industries', 'history_note', 'area_note', 'extent_method', 'position_note', 'source']) {
        // A list shows its items one by one: compare the first.
        const value = (which: Lang) => (key === 'industries' ? String(properties[`${key}_${which}`]).split(';')[0] : String(properties[`${key}_${which}`]));
        const [mine, theirs] = [value(lang), value(other)];
        expect(fields, `${lang} ${key}`).toContain(`>${escaped(mine)}<`);
        expect(fields, `${lang} ${key}`).not.toContain(`>${escaped(theirs)}<`);
      }
      // Each pair is one row, and each field is shown once: as a row (a known fact or an
      // attribute) or named under "not published"; the boundary only in the block's own line.
      const meta = layers.find(({ meta }) => meta.id === 'development-zones')!.meta;
      const unknown = unknownItems(markup);
      for (const field of visibleFields(meta, lang)) {
        const label = escaped(field.label[lang]);
        const shown = count(fields, `<dt>${label}</dt>`) + count(unknown, `<li>${label}</li>`);
        expect(shown, `${lang} ${field.key}`).toBe(field.key === 'boundary' ? 0 : 1);
      }
      expect(unknown).toContain(lang === 'zh' ? '边界：未公布' : 'Boundary: not published');
      expect(count(fields, '<dt>')).toBeLessThan(meta.fields.length);
      const known = /<dl class="inspector-fields" data-testid="inspector-extent-known">(.*?)<\/dl>/s.exec(markup)![1];
      expect(known, lang).toContain(escaped(String(properties[`source_${lang}`])));
      expect(markup).not.toMatch(JARGON);
    }
  });

  it('lists a development zone’s 级别 and 设立（批准）时间 once: among the known facts, not again among the attributes', () => {
    // 威海经济技术开发区: national, set up 1992-10 — both known, so both in the extent's block.
    const properties = propertiesOf('development-zones', 'weihai-economic-technological-zone');
    expect([properties.level, properties.approval_date]).toEqual(['national', '1992-10']);
    for (const [lang, level, approved, levelValue] of [
      ['zh', '级别', '设立（批准）时间', '国家级'],
      ['en', 'Level', 'Approved / set up', 'National'],
    ] as const) {
      const markup = render('development-zones', 'weihai-economic-technological-zone', lang);
      expect(count(markup, `<dt>${level}</dt>`), `${lang} ${level}`).toBe(1);
      expect(count(markup, escaped(approved)), `${lang} ${approved}`).toBe(1);
      expect(count(markup, `<dd>${levelValue}</dd>`), `${lang} ${levelValue}`).toBe(1);
      expect(count(markup, '<dd>1992-10</dd>'), lang).toBe(1);
      const known = /<dl class="inspector-fields" data-testid="inspector-extent-known">(.*?)<\/dl>/s.exec(markup)![1];
      expect(known).toContain(`<dt>${level}</dt><dd>${levelValue}</dd>`);
      expect(known).toContain(`<dt>${escaped(approved)}</dt><dd>1992-10</dd>`);
    }
  });

  it('leaves out of the attribute list only what an approximate extent’s block shows', () => {
    const zones = layers.find((layer) => layer.meta.id === 'development-zones')!.meta;
    const listed = listedFields(zones, 'zh').map((field) => field.key);
    for (const key of ['level', 'approval_date', 'provincial_approval_date', 'national_approval_date', 'area_published_km2', 'source_zh', 'boundary']) expect(listed).not.toContain(key);
    expect(listed).toEqual(expect.arrayContaining(['short_name_zh', 'history_note_zh', 'area_construction_km2_published', 'industries_zh', 'position_note_zh']));
    // A layer with real geometry (the railways) lists all its visible fields.
    const surveyed = layers.find((layer) => layer.meta.id === 'railways')!.meta;
    expect(listedFields(surveyed, 'zh')).toEqual(visibleFields(surveyed, 'zh'));
  });
});
