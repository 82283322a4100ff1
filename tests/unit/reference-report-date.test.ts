/**
 * The reference sections of a report write the date a layer was added as the rest of the
 * printed report does (src/i18n/report-date.ts): "2026年11月21日" / "21 November 2026", never
 * the short "21 Nov 2026" of the browser's medium date style.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ReferenceSection } from '../../src/analysis/review/reference-types';
import type { Lang } from '../../src/data/catalog-types';
import { ReferenceSections } from '../../src/components/reference/reference-report';
import { reportDate } from '../../src/i18n/report-date';

// react-dom/server cannot subscribe to the app's store: the sections read a plain language.
const store = vi.hoisted(() => ({ language: 'zh' as 'zh' | 'en' }));
vi.mock('../../src/state/atlas-store', () => ({
  useAtlas: (selector: (state: unknown) => unknown) => selector({ language: store.language }),
  useDispatch: () => () => undefined,
}));

// Midday UTC: the 21st in every time zone from UTC−11 to UTC+11.
const ADDED = '2026-11-21T12:00:00.000Z';
const SECTION: ReferenceSection = {
  layer: 'plan',
  name: 'PLAN',
  role: 'zone',
  source: { file: 'plan.zip', features: 3, crs: 'EPSG:4528', added: ADDED },
  findings: [],
  enabled: true,
};

function sourceLine(lang: Lang): string {
  store.language = lang;
  const markup = renderToStaticMarkup(createElement(ReferenceSections, { sections: [SECTION], variant: 'print' }));
  return /<p class="reference-source" data-testid="reference-section-source">(.*?)<\/p>/s.exec(markup)![1];
}

describe('reference sections of a report', () => {
  it('write the date a layer was added with the report date helper', () => {
    expect(sourceLine('zh')).toContain(`添加于 ${reportDate(ADDED, 'zh')}`);
    expect(sourceLine('en')).toContain(`added ${reportDate(ADDED, 'en')}`);
    expect(sourceLine('en')).toMatch(/added \d{1,2} November 2026 ·/);
    expect(sourceLine('zh')).toMatch(/添加于 2026年11月\d{1,2}日 ·/);
    expect(sourceLine('en')).not.toMatch(/\bNov\b/);
  });
});
