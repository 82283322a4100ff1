/**
 * The "schematic data" reason names the layers whose schematic boundaries the verdict rests
 * on. A site outside every zone drew no zone finding, and the reason read
 * "所用图层（）的边界为示意位置" with empty brackets (issue 10 review).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import { createReviewContext, reviewSite, type ReviewLayer } from '../../src/analysis/siting-review';
import type { ReferenceInput } from '../../src/analysis/review/reference-types';
import { restsOnSchematicData } from '../../src/analysis/review/verdict-basis';

const context = createReviewContext((await readAuthoredLayers()) as ReviewLayer[]);

function site(file: string): Feature {
  return (JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/review', file), 'utf8')) as FeatureCollection).features[0]!;
}

describe('schematic-data reason', () => {
  for (const file of ['site-open-country.geojson', 'site-in-zone.geojson']) {
    it(`${file}: names the schematic layers, never empty brackets`, () => {
      const report = reviewSite(context, site(file));
      const reason = report.reasons.find((entry) => entry.code === 'schematic-data');
      expect(reason).toBeDefined();
      expect(reason!.zh).not.toMatch(/（\s*）/);
      expect(reason!.en).not.toMatch(/\(\s*\)/);
      // The zone layers are the atlas's schematic layers (catalog provenance.accuracy), named
      // by their titles as the legend shows them, not by their ids.
      expect(reason!.zh).toMatch(/所用图层（[^（）]+）的边界为示意位置/);
      expect(reason!.zh).not.toMatch(/[a-z]+-[a-z]+/);
    });
  }

  it('outside every zone: the counted zone layers are the ones named', () => {
    const report = reviewSite(context, site('site-open-country.geojson'));
    expect(report.reasons.map((entry) => entry.code)).toContain('outside-zones');
    const reason = report.reasons.find((entry) => entry.code === 'schematic-data')!;
    for (const id of ['development-zones', 'industrial-parks']) {
      const title = (JSON.parse(readFileSync(path.resolve(__dirname, `../../layers/${id}/layer.json`), 'utf8')) as { title: { zh: string; en: string } }).title;
      expect(reason.zh).toContain(title.zh);
      expect(reason.en).toContain(title.en);
    }
  });

  it('calls the verdict preliminary exactly when it rests on the schematic boundaries (the panel and the print say so at the verdict)', () => {
    const report = reviewSite(context, site('site-in-zone.geojson'));
    expect(report.verdict).toBe('compliant');
    expect(restsOnSchematicData(report)).toBe(true);
    // A report without that reason (the bureau's own layers judged) is not called preliminary.
    const bureauJudged = { reasons: report.reasons.filter((reason) => reason.code !== 'schematic-data') };
    expect(restsOnSchematicData(bureauJudged)).toBe(false);
  });
});

describe('the built-in layers left out of the verdict', () => {
  /** A bureau layer that counts (prohibited, 生态保护红线) with no feature near the site. */
  const redLine = (enabled = true): ReferenceInput => ({
    config: { id: 'stbhhx', name: '生态保护红线', role: { kind: 'prohibited' }, source: { file: 'stbhhx.zip', features: 0, crs: 'EPSG:4528' }, fields: [], enabled },
    features: [],
  });

  for (const file of ['site-in-zone.geojson', 'site-open-country.geojson']) {
    it(`${file}: with no layer counting at all, the site is not passed and the report says why`, () => {
      const report = reviewSite(context, site(file), {}, { builtInLayers: [] });
      const none = report.reasons.find((entry) => entry.code === 'no-layer-counts');
      expect(none?.severity).toBe('review');
      expect(none?.zh).toContain('没有任何图层计入审查结论');
      expect(none?.en).toContain('No layer counts in the verdict');
      expect(report.verdict).toBe('needs-review');
      // The built-in zone findings stay listed, as information that does not count.
      const zoneReason = report.reasons.find((entry) => entry.code === 'inside-zones' || entry.code === 'outside-zones')!;
      expect(zoneReason.severity).toBe('info');
      // Layers left out make no verdict preliminary: it rests on none of them.
      expect(restsOnSchematicData(report)).toBe(false);
    });

    it(`${file}: judged on the bureau's layers without a zone layer, the report says zone membership was not judged, as information`, () => {
      const report = reviewSite(context, site(file), {}, { builtInLayers: [], references: [redLine()] });
      const notJudged = report.reasons.find((entry) => entry.code === 'zones-not-judged');
      expect(notJudged?.severity).toBe('info');
      expect(notJudged?.zh).toContain('未判断选址是否位于园区内');
      expect(notJudged?.en).toContain('did not judge whether the site lies inside a zone');
      expect(report.reasons.map((entry) => entry.code)).not.toContain('no-layer-counts');
      expect(report.verdict).toBe('compliant');
      expect(restsOnSchematicData(report)).toBe(false);
    });
  }

  it('a bureau layer switched off counts for nothing: the review still says no layer counts', () => {
    const report = reviewSite(context, site('site-in-zone.geojson'), {}, { builtInLayers: [], references: [redLine(false)] });
    expect(report.reasons.find((entry) => entry.code === 'no-layer-counts')?.severity).toBe('review');
    expect(report.verdict).toBe('needs-review');
  });

  it('a schematic conflict layer left out is information, and the verdict does not rest on it', () => {
    const counted = reviewSite(context, site('site-marine-ranch.geojson'));
    expect(counted.reasons.find((entry) => entry.code === 'marine-ranch')?.severity).toBe('blocker');
    const report = reviewSite(context, site('site-marine-ranch.geojson'), {}, { builtInLayers: ['industrial-parks', 'development-zones'] });
    expect(report.reasons.find((entry) => entry.code === 'marine-ranch')?.severity).toBe('info');
    const schematic = report.reasons.find((entry) => entry.code === 'schematic-data');
    for (const reason of schematic ? [schematic.zh, schematic.en] : []) expect(reason).not.toMatch(/海洋牧场|marine ranch/i);
  });

  it('the built-in zone layers counted: zones are judged on them, no "not judged" reason', () => {
    const report = reviewSite(context, site('site-in-zone.geojson'), {}, { builtInLayers: ['industrial-parks', 'development-zones'] });
    const codes = report.reasons.map((entry) => entry.code);
    expect(codes).not.toContain('zones-not-judged');
    expect(codes).not.toContain('no-layer-counts');
    expect(report.verdict).toBe('compliant');
    expect(restsOnSchematicData(report)).toBe(true);
  });
});

describe('preliminary only where the deciding reasons rest on schematic layers', () => {
  /** A bureau 生态保护红线 layer (prohibited) with one feature: the given polygon. */
  const redLineOver = (feature: Feature): ReferenceInput => ({
    config: { id: 'stbhhx', name: '生态保护红线', role: { kind: 'prohibited' }, source: { file: 'stbhhx.zip', features: 1, crs: 'EPSG:4528' }, fields: ['HXMC'] },
    features: [{ type: 'Feature', properties: { HXMC: '测试红线' }, geometry: feature.geometry }],
  });

  it('a refusal drawn from the bureau layer is not preliminary, though the schematic parks were consulted', () => {
    const inZone = site('site-in-zone.geojson');
    const report = reviewSite(context, inZone, {}, { references: [redLineOver(inZone)] });
    expect(report.verdict).toBe('non-compliant');
    const basis = report.reasons.find((entry) => entry.code === 'schematic-data');
    expect(basis?.layer?.split(',').some((id) => id === 'development-zones' || id === 'industrial-parks')).toBe(true);
    expect(restsOnSchematicData(report)).toBe(false);
  });

  it('a refusal drawn only from a schematic layer (the marine ranch) is preliminary', () => {
    const report = reviewSite(context, site('site-marine-ranch.geojson'));
    expect(report.verdict).toBe('non-compliant');
    expect(report.reasons.find((entry) => entry.code === 'schematic-data')?.layer?.split(',')).toContain('marine-ranch');
    expect(restsOnSchematicData(report)).toBe(true);
  });

  it('needs-review only because the site lies outside the schematic zones: preliminary', () => {
    const report = reviewSite(context, site('site-open-country.geojson'));
    expect(report.verdict).toBe('needs-review');
    expect(restsOnSchematicData(report)).toBe(true);
  });

  it('needs-review because a control indicator fails as well: not preliminary', () => {
    const report = reviewSite(context, site('site-open-country.geojson'), { industryCode: '27', far: 0.1 });
    expect(report.verdict).toBe('needs-review');
    expect(report.reasons.some((entry) => entry.code.startsWith('control:') && entry.severity === 'review')).toBe(true);
    expect(restsOnSchematicData(report)).toBe(false);
  });

  it('a record kept before the schematic reason named its layers is read as it was then', () => {
    const old = { verdict: 'non-compliant', reasons: [{ code: 'conflict:x', severity: 'blocker', layer: 'x' }, { code: 'schematic-data', severity: 'info' }] };
    expect(restsOnSchematicData(old)).toBe(true);
  });
});
