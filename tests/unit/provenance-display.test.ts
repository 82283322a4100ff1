/**
 * Where a layer's data come from, as a reader sees it: the layer panel's provenance and the
 * printed report's data-provenance table show the layer's citation in the reader's language,
 * never the English technical note with seed numbers and script names (that note stays in
 * the panel as its own row, 详细出处 / Source details, as text). And one date format per
 * printed report. Rendered with react-dom/server from the real built-in layers.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CatalogLayer, LayerMeta } from '../../src/data/catalog-types';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import { ProvenanceDetails } from '../../src/components/layer-panel';
import { cssString, ProvenanceTable } from '../../src/print/print-view';
import { reportDate, reportTimestamp } from '../../src/i18n/report-date';
import { PRINT_LAYER_IDS } from '../../src/print/print-layers';
import type { ReferenceSection } from '../../src/analysis/review/reference-types';

// The badge reads the language from the app's store; the table under test takes it as a prop.
vi.mock('../../src/components/accuracy-badge', () => ({
  AccuracyBadge: ({ accuracy }: { accuracy: string }) => createElement('span', { 'data-accuracy': accuracy }, accuracy),
}));

/** The text of rendered markup, entities decoded (React escapes quotes and apostrophes). */
function text(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The cells of the table row of one layer. */
function rowCells(markup: string, layerId: string): string[] {
  const row = new RegExp(`<tr data-layer="${layerId}">(.*?)</tr>`, 's').exec(markup);
  expect(row, layerId).not.toBeNull();
  return [...row![1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => text(cell[1]));
}

/** The <dd> with the given test id. */
function definition(markup: string, testId: string): string {
  const cell = new RegExp(`<dd data-testid="${testId}">(.*?)</dd>`, 's').exec(markup);
  expect(cell, testId).not.toBeNull();
  return cell![1];
}

const JARGON = /seed|REFERENCE\.md|\.py\b|scripts\/|commit/i;

let metas: LayerMeta[] = [];
let printed: CatalogLayer[] = [];

beforeAll(async () => {
  metas = (await readAuthoredLayers()).map((layer) => layer.meta);
  // What the report lists: the layers its map draws, as the catalog gives them.
  printed = metas
    .filter((meta) => (PRINT_LAYER_IDS as readonly string[]).includes(meta.id))
    .map((meta) => ({ ...meta, url: `data/${meta.id}.fgb`, featureCount: 1, bbox: [121, 36.5, 122.5, 37.6] }));
});

describe('layer panel provenance', () => {
  it('shows the citation in the interface language under 来源 / Source, and the technical note as its own row', () => {
    for (const meta of metas) {
      for (const lang of ['zh', 'en'] as const) {
        const markup = renderToStaticMarkup(createElement(ProvenanceDetails, { layer: meta, lang }));
        const citation = text(definition(markup, `layer-citation-${meta.id}`));
        expect(citation, `${meta.id} ${lang}`).toBe(meta.provenance.citation[lang]);
        expect(citation).not.toMatch(JARGON);
        expect(text(definition(markup, `layer-source-details-${meta.id}`))).toBe(meta.provenance.source);
        // The citation's row comes first, under the "source" label; the details row after it.
        const labels = [...markup.matchAll(/<dt>(.*?)<\/dt>/g)].map((label) => label[1]);
        expect(labels.slice(0, 4), lang).toEqual(lang === 'zh' ? ['数据来源', '日期', '许可', '详细出处'] : ['Source', 'Date', 'Licence', 'Source details']);
      }
    }
  });

  it('writes the technical note as text, never as markup', () => {
    const meta = structuredClone(metas[0]);
    meta.provenance.source = '<img src=x onerror=alert(1)> seed 002';
    const markup = renderToStaticMarkup(createElement(ProvenanceDetails, { layer: meta, lang: 'zh' }));
    expect(markup).not.toContain('<img');
    expect(text(definition(markup, `layer-source-details-${meta.id}`))).toBe(meta.provenance.source);
  });
});

describe('printed report provenance table', () => {
  it('lists every printed layer with its citation in the report language, not the English note', () => {
    expect(printed.length).toBe(PRINT_LAYER_IDS.length);
    for (const lang of ['zh', 'en'] as const) {
      const markup = renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang }));
      for (const layer of printed) {
        const [title, source] = rowCells(markup, layer.id);
        expect(title).toBe(layer.title[lang]);
        expect(source, `${layer.id} ${lang}`).toBe(layer.provenance.citation[lang]);
        expect(source).not.toMatch(JARGON);
      }
      expect(text(markup)).not.toMatch(JARGON);
    }
  });

  it('writes the layer dates as the rest of the report does, not as ISO', () => {
    const zh = renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang: 'zh' }));
    const en = renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang: 'en' }));
    expect(rowCells(zh, 'basemap-land')[2]).toBe('2017年6月15日');
    expect(rowCells(en, 'basemap-land')[2]).toBe('15 June 2017');
    expect(rowCells(zh, 'development-zones')[2]).toBe('2026年11月21日');
    expect(rowCells(en, 'development-zones')[2]).toBe('21 November 2026');
    expect(text(zh) + text(en)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('printed report provenance: what the verdict was reached on', () => {
  const section = (enabled: boolean): ReferenceSection => ({
    layer: 'stbhhx',
    name: '生态保护红线（STBHHX）',
    role: 'prohibited',
    source: { file: 'STBHHX.zip', features: 1234, crs: 'EPSG:4528', added: '2026-11-30T08:15:00.000Z', hash: 'ab12cd34ef56'.padEnd(64, '0') },
    findings: [],
    enabled,
  });

  it("lists the bureau's reference layers with file, features, CRS, date and version", () => {
    const zh = renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang: 'zh', references: [section(true)] }));
    const en = renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang: 'en', references: [section(true)] }));
    const cells = (markup: string) => {
      const row = /<tr data-reference-layer="stbhhx">(.*?)<\/tr>/s.exec(markup);
      expect(row).not.toBeNull();
      return [...row![1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => text(cell[1]));
    };
    expect(cells(zh)).toEqual(['生态保护红线（STBHHX）', 'STBHHX.zip · 1,234 个要素 · EPSG:4528 · 版本 ab12cd34ef56', '2026年11月30日', '本局参考图层']);
    expect(cells(en)).toEqual(['生态保护红线（STBHHX）', 'STBHHX.zip · 1,234 features · EPSG:4528 · version ab12cd34ef56', '30 November 2026', "the bureau's reference layer"]);
  });

  it('says which layers did not count: built-in ones the profile left out, a reference layer switched off', () => {
    const markup = renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang: 'zh', references: [section(false)], builtInCounted: ['hsr-line'] }));
    expect(rowCells(markup, 'development-zones')[0]).toBe(`${printed.find((layer) => layer.id === 'development-zones')!.title.zh} （不计入结论）`);
    expect(rowCells(markup, 'hsr-line')[0]).not.toContain('不计入结论');
    expect(text(/<tr data-reference-layer="stbhhx">(.*?)<\/tr>/s.exec(markup)![1])).toContain('（不计入结论）');
    // With every built-in layer counting (no list) and the layer on, nothing is marked.
    expect(text(renderToStaticMarkup(createElement(ProvenanceTable, { layers: printed, lang: 'zh', references: [section(true)] })))).not.toContain('不计入结论');
  });
});

describe('the running footer of a printed sheet', () => {
  it('holds a project name as CSS text: quotes and backslashes escaped, line breaks as spaces', () => {
    expect(cssString('乳山东地块')).toBe('"乳山东地块"');
    expect(cssString('a"b\\c\nd\r\ne')).toBe('"a\\"b\\\\c d e"');
    // Nothing a name holds ends the string early: the only unescaped quotes are the outer two.
    const held = cssString('x"); } body { display: none } /*');
    expect(held.slice(1, -1).replace(/\\./g, '')).not.toContain('"');
  });
});

describe('report dates', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('writes a calendar day as that day in every time zone', () => {
    for (const timeZone of ['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = timeZone;
      // The zone is in effect: UTC midnight is still the 20th in Los Angeles.
      expect(new Date('2026-11-21T00:00:00Z').getDate(), timeZone).toBe(timeZone === 'America/Los_Angeles' ? 20 : 21);
      expect(reportDate('2026-11-21', 'zh'), timeZone).toBe('2026年11月21日');
      expect(reportDate('2026-11-21', 'en'), timeZone).toBe('21 November 2026');
    }
  });

  it('writes dates and moments day first in English and in 年月日 in Chinese, times in 24 hours', () => {
    process.env.TZ = 'Asia/Shanghai';
    expect(reportDate(new Date('2026-03-04T20:00:00Z'), 'en')).toBe('5 March 2026');
    expect(reportDate(new Date('2026-03-04T20:00:00Z'), 'zh')).toBe('2026年3月5日');
    expect(reportTimestamp('2026-11-21T06:30:00Z', 'zh')).toBe('2026年11月21日 14:30');
    expect(reportTimestamp('2026-11-21T06:30:00Z', 'en')).toBe('21 November 2026, 14:30');
    expect(reportTimestamp('2026-11-21T16:05:00Z', 'en')).toBe('22 November 2026, 00:05');
  });

  it('gives back what is not a date as it is', () => {
    expect(reportDate('2026-02-30', 'en')).toBe('2026-02-30');
    expect(reportDate('unknown', 'zh')).toBe('unknown');
    expect(reportTimestamp('not a time', 'en')).toBe('not a time');
  });
});
