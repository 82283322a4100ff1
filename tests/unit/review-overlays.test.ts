/**
 * The review's map overlays: the overlap pieces drawn for each conflict must have the area
 * PostGIS gives for that overlap, and each proximity line must be as long as PostGIS's
 * nearest distance (tests/fixtures/expected/review-overlaps.json, made by
 * scripts/expected/make-review-fixtures.sh on the frozen layer snapshot).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createReviewContext, reviewSite, type ReviewLayer } from '../../src/analysis/siting-review';
import { measureArea, measureDistance } from '../../src/analysis/measure';
import { closestPair, findFeature, reviewOverlays } from '../../src/state/review-overlays';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const snapshot = JSON.parse(readFileSync(path.join(FIXTURES, 'review/layers-snapshot.json'), 'utf8')) as { layers: ReviewLayer[] };
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/review-overlaps.json'), 'utf8')) as {
  sites: Record<string, { projected_crs: 'EPSG:4528' | 'EPSG:4529'; overlaps: { layer: string; id: string; overlap_m2: number }[]; rail_overlap_m2: Record<string, number>; nearest: Record<string, { id: string; distance_m: number }> }>;
};
const context = createReviewContext(snapshot.layers);
const layers = (id: string) => snapshot.layers.find((layer) => layer.meta.id === id)?.features;
const siteOf = (name: string) => (JSON.parse(readFileSync(path.join(FIXTURES, 'review', `${name}.geojson`), 'utf8')) as FeatureCollection).features[0];

function areaOf(features: Feature<Polygon | MultiPolygon>[], crs: 'EPSG:4528' | 'EPSG:4529'): number {
  return features.reduce((sum, feature) => sum + measureArea(feature.geometry, { crs }).area_m2, 0);
}

describe('reviewOverlays', () => {
  it('draws the marine-ranch overlap with the area PostGIS gives', () => {
    const truth = expected.sites['site-marine-ranch'];
    const report = reviewSite(context, siteOf('site-marine-ranch'));
    const overlays = reviewOverlays(report, layers);
    const ranch = overlays.conflicts.features.filter((feature) => feature.properties.layer === 'marine-ranch');
    expect(ranch.map((feature) => feature.properties.severity)).toEqual(['blocker']);
    const want = truth.overlaps.find((overlap) => overlap.layer === 'marine-ranch')!.overlap_m2;
    expect(Math.abs(areaOf(ranch, truth.projected_crs) - want) / want).toBeLessThan(1e-3);
    // Away from the railway: no protection zone drawn.
    expect(overlays.protectionZone.features).toEqual([]);
  });

  it('draws the railway protection-zone overlap (Art. 27, 其他地区 20 m and 村镇 15 m) with PostGIS’s area', () => {
    const truth = expected.sites['site-crossing-hsr'];
    for (const railClass of ['other', 'village'] as const) {
      const report = reviewSite(context, siteOf('site-crossing-hsr'), {}, { railClass });
      const overlays = reviewOverlays(report, layers, { railClass });
      const rail = overlays.conflicts.features.filter((feature) => feature.properties.layer === 'hsr-line');
      expect(rail.length, railClass).toBe(1);
      const want = truth.rail_overlap_m2[railClass];
      // PostGIS buffers with 8 segments per quarter circle as the overlay does: well under 0.5 %.
      expect(Math.abs(areaOf(rail, truth.projected_crs) - want) / want, railClass).toBeLessThan(5e-3);
      expect(overlays.protectionZone.features.length).toBeGreaterThan(0);
      expect(overlays.protectionZone.features[0].properties.width_m).toBe(railClass === 'other' ? 20 : 15);
    }
  });

  it('draws lines to the nearest station, port and bridge as long as PostGIS’s distances', () => {
    for (const name of ['site-in-zone', 'site-marine-ranch']) {
      const truth = expected.sites[name];
      const overlays = reviewOverlays(reviewSite(context, siteOf(name)), layers);
      expect(overlays.proximity.features.map((line) => line.properties.layer).sort()).toEqual(['bridges', 'hsr-stations', 'ports']);
      for (const line of overlays.proximity.features) {
        const want = truth.nearest[line.properties.layer];
        expect(line.properties.id).toBe(want.id);
        const [a, b] = line.geometry.coordinates;
        // The ends are found in the projection; their geodesic distance is within 0.1 % of the true minimum.
        expect(Math.abs(measureDistance(a, b) - want.distance_m) / want.distance_m, `${name} ${line.properties.layer}`).toBeLessThan(1e-3);
        expect(line.properties.label_zh).toMatch(/千米$/);
      }
    }
  });

  it('finds features by the engine’s id rule and the closest pair of a square and a point', () => {
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [0, 0] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 1] } },
      ],
    };
    expect(findFeature(collection, 'a')).toBe(collection.features[0]);
    expect(findFeature(collection, '1')).toBe(collection.features[1]);
    const ring = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    const pair = closestPair([ring], { points: [[15, 5]], lines: [] });
    expect(pair).toEqual({ a: [10, 5], b: [15, 5], distance: 5 });
    const crossing = closestPair([ring], { points: [], lines: [[[5, -5], [5, 5]]] });
    expect(crossing?.distance).toBe(0);
  });
});
