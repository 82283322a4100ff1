/**
 * The review's map marks (src/map/review-layers.tsx reportOverlays): what decides the verdict
 * is drawn above what only asks for review.
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { expression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { CONFLICT_LAYERS, reportOverlays } from '../../src/map/review-layers';
import { REVIEW_HATCH_PATTERN_ID } from '../../src/map/catalog-style';
import type { SiteReport } from '../../src/analysis/siting-review';

const square = (x: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, 36.9], [x + 0.01, 36.9], [x + 0.01, 36.91], [x, 36.91], [x, 36.9]]] });

describe('the overlaps drawn for a report', () => {
  it('puts the blockers last (drawn on top), the rest in the report’s order', () => {
    // As a site over 永久基本农田 (blocker), a 三调 耕地 class (review) and outside the town boundary (review).
    const report = {
      conflicts: [{ layer: 'marine-ranch', id: 'm1', severity: 'review', name: { zh: '海洋牧场', en: 'ranch' }, overlap_m2: 10, geometry: square(121.5) }],
      proximity: [],
      reference: [
        { layer: 'yjjbnt', name: '永久基本农田', findings: [{ id: '7', name: '地块7', severity: 'blocker', overlap_m2: 100, geometry: square(121.51) }] },
        { layer: 'dltb', name: '地类图斑', findings: [{ id: '3', name: '0103', severity: 'review', overlap_m2: 50, geometry: square(121.52) }, { id: '4', name: '0702', severity: 'info', overlap_m2: 5, geometry: square(121.53) }] },
        { layer: 'czkfbj', name: '城镇开发边界', findings: [], outside_geometry: square(121.54), outside_m2: 20 },
      ],
      protection_zones: [],
    } as unknown as SiteReport;
    const drawn = reportOverlays(report).conflicts.features.map((feature) => `${feature.properties.layer}:${feature.properties.id}:${feature.properties.severity}`);
    expect(drawn).toEqual(['marine-ranch:m1:review', 'dltb:3:review', 'czkfbj:outside:review', 'yjjbnt:7:blocker']);
  });

  it('draws a part no layer answers for hatched with a dashed edge, an overlap solid (MapLibre evaluates the filters)', () => {
    const report = {
      conflicts: [],
      proximity: [],
      reference: [
        { layer: 'dltb', name: '地类图斑', findings: [{ id: '3', name: '0103', severity: 'review', overlap_m2: 50, geometry: square(121.52) }], outside_geometry: square(121.53), outside_m2: 30 },
        { layer: 'czkfbj', name: '城镇开发边界', findings: [], outside_geometry: square(121.54), outside_m2: 20 },
        { layer: 'yjjbnt', name: '永久基本农田', findings: [{ id: '7', name: '地块7', severity: 'blocker', overlap_m2: 100, geometry: square(121.51) }] },
      ],
      protection_zones: [],
    } as unknown as SiteReport;
    const features = reportOverlays(report).conflicts.features;
    const layers = Object.fromEntries(CONFLICT_LAYERS.map((layer) => [layer.id, layer]));
    // The layers are valid MapLibre style layers (the hatch is the atlas's own image).
    const style = { version: 8, sources: { conflicts: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } }, layers: CONFLICT_LAYERS.map((layer) => ({ ...layer, source: 'conflicts' })) };
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(layers['review-conflict-hatch'].paint).toMatchObject({ 'fill-pattern': REVIEW_HATCH_PATTERN_ID });
    const drawnBy = (layerId: string) => {
      const filter = featureFilter(layers[layerId].filter as never, `layers.${layerId}.filter`);
      return features.filter((feature) => filter.filter({ zoom: 14 }, { type: 1, properties: feature.properties } as never)).map((feature) => `${feature.properties.layer}:${feature.properties.id}`);
    };
    expect(drawnBy('review-conflict-hatch')).toEqual(['dltb:outside', 'czkfbj:outside']);
    expect(drawnBy('review-conflict-line-dashed')).toEqual(['dltb:outside', 'czkfbj:outside']);
    expect(drawnBy('review-conflict-line')).toEqual(['dltb:3', 'yjjbnt:7']);
    expect(drawnBy('review-unanswered-fill')).toEqual(['dltb:outside', 'czkfbj:outside']);
    expect(drawnBy('review-conflict-fill')).toEqual(['dltb:3', 'yjjbnt:7']);
    // Bottom to top: the unanswered parts under the overlaps, so an overlap inside one stays solid.
    expect(CONFLICT_LAYERS.map((layer) => layer.id)).toEqual(['review-unanswered-fill', 'review-conflict-hatch', 'review-conflict-fill', 'review-conflict-line-dashed', 'review-conflict-line']);
  });

  it('draws an overlap with a layer left out of the verdict grey, as information, beneath what decides', () => {
    // The marine ranch left out (its reason muted to information), a bureau layer switched off,
    // and a counted 永久基本农田 overlap.
    const report = {
      conflicts: [{ layer: 'marine-ranch', id: 'm1', severity: 'blocker', name: { zh: '海洋牧场', en: 'ranch' }, overlap_m2: 10, geometry: square(121.5) }],
      reasons: [{ code: 'marine-ranch', severity: 'info', layer: 'marine-ranch', zh: '', en: '' }],
      proximity: [],
      reference: [
        { layer: 'czkfbj', name: '城镇开发边界', enabled: false, findings: [], outside_geometry: square(121.54), outside_m2: 20 },
        { layer: 'stbhhx', name: '生态保护红线', enabled: false, findings: [{ id: '9', name: '红线9', severity: 'blocker', overlap_m2: 30, geometry: square(121.52) }] },
        { layer: 'yjjbnt', name: '永久基本农田', enabled: true, findings: [{ id: '7', name: '地块7', severity: 'blocker', overlap_m2: 100, geometry: square(121.51) }] },
      ],
      protection_zones: [],
    } as unknown as SiteReport;
    const features = reportOverlays(report).conflicts.features;
    expect(features.map((feature) => `${feature.properties.layer}:${feature.properties.id}:${feature.properties.severity}`)).toEqual([
      'marine-ranch:m1:info',
      'czkfbj:outside:info',
      'stbhhx:9:info',
      'yjjbnt:7:blocker',
    ]);
    // A part outside a layer switched off is not "unanswered" (hatched orange): nothing asks about it.
    expect(features.find((feature) => feature.properties.layer === 'czkfbj')?.properties.unanswered).toBeUndefined();
    // MapLibre evaluates the paint: grey and lighter for information, red for the blocker.
    const fill = (CONFLICT_LAYERS.find((layer) => layer.id === 'review-conflict-fill') as { paint: Record<string, unknown> }).paint;
    const colour = expression.createExpression(fill['fill-color'], { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never);
    const opacity = expression.createExpression(fill['fill-opacity'], { type: 'number', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never);
    const at = (value: typeof colour, severity: string) => (value.result === 'success' ? value.value.evaluate({ zoom: 14 }, { type: 1, properties: { severity } } as never) : value.value);
    const hex = (value: unknown) => (typeof value === 'string' ? value : (value as { toString(): string }).toString());
    expect(hex(at(colour, 'info'))).toBe('#64748b');
    expect(hex(at(colour, 'blocker'))).toBe('#dc2626');
    expect(hex(at(colour, 'review'))).toBe('#d97706');
    expect(at(opacity, 'info')).toBeLessThan(at(opacity, 'blocker') as number);
  });
});
