/**
 * Approximate extents in Chromium (issue 15): development zones have no published boundary,
 * so they are drawn hatched (a locally generated image, no sprite server) and the inspector
 * says what is known and what is not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { describe, expect, inject, it } from 'vitest';
import { AtlasDriver } from './atlas-driver';
import { useBrowserPages, type RecordedPage } from './browser';

const root = path.resolve(import.meta.dirname, '../..');
const zones = JSON.parse(readFileSync(path.join(root, 'layers/development-zones/development-zones.geojson'), 'utf8')) as FeatureCollection;

describe('approximate zone extents in Chromium', () => {
  const baseURL = inject('baseURL');
  let recorded: RecordedPage;
  let atlas: AtlasDriver;
  const pages = useBrowserPages();

  it('draws the hatch from a local image and tells known from unknown in the inspector', async () => {
    // 南海新区: published area 160 km², provincial, no approval date in our sources.
    const nanhai = zones.features.find((feature) => feature.properties?.id === 'weihai-nanhai-new-area') as Feature<Polygon>;
    const [lon, lat] = [121.90, 37.04];
    expect(nanhai.properties?.area_published_km2).toBe(160);
    recorded = await pages.fresh();
    atlas = new AtlasDriver(recorded.page, baseURL);
    await atlas.open(`map=12/${lat}/${lon}&layers=basemap-land,development-zones`);
    await expect.poll(() => atlas.renderedFeatureCount('development-zones')).toBeGreaterThan(0);
    const hatch = await recorded.page.evaluate(() => {
      type MapLike = { hasImage(id: string): boolean; getLayer(id: string): unknown };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      return { image: map.hasImage('atlas-hatch'), layer: Boolean(map.getLayer('development-zones-hatch')) };
    });
    expect(hatch).toEqual({ image: true, layer: true });

    await atlas.clickMapAt([lon, lat]);
    await recorded.page.getByTestId('inspector').waitFor();
    expect(await atlas.inspectorTitle()).toContain('威海南海新区');
    const known = await recorded.page.getByTestId('inspector-extent-known').textContent();
    expect(known).toContain('160');
    expect(known).toContain('省级');
    const unknown = await recorded.page.getByTestId('inspector-extent-unknown').textContent();
    expect(unknown).toContain('边界：未公布');
    expect(unknown).toContain('批准为国家级开发区');
    expect(recorded.errors).toEqual([]);
  });
});
