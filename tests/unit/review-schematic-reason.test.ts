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
