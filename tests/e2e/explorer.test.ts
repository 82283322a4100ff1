/**
 * Park explorer, intensity dashboard and key-project board in Chromium (issue 5): cluster
 * filter, three-park comparison with their published areas, dashboard figures equal to an
 * independent Shapely/pyproj computation for the same parcels (the served sample file, and a
 * renamed-column file mapped in the dialog: tests/fixtures/expected/intensity-atlas.json,
 * scripts/expected/make-intensity-fixtures.py), project totals equal to the layer's records, charts loaded only
 * when shown, parcels read by bounding box with HTTP range requests.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserPages, type RecordedPage } from './browser';
import { ExplorerDriver } from './explorer-driver';
import { formatIndicator, indicatorSpec } from '../../src/explorer/intensity-model';
import { RENAMED_COLUMNS, RENAMED_STATUS } from '../fixtures/explorer/make-renamed-parcels-table';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests', 'fixtures', 'explorer');
const readLayer = (id: string) => JSON.parse(readFileSync(path.join(root, 'layers', id, `${id}.geojson`), 'utf8')) as FeatureCollection;

/** Same indicator as Shapely/pyproj to 1e-6 (relative), or both null. */
function expectSameIndicators(actual: Record<string, number | null>, expected: Record<string, number | null>, label: string) {
  expect(Object.keys(actual).sort(), label).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    if (value === null) expect(actual[key], `${label} ${key}`).toBeNull();
    else expect(Math.abs((actual[key] as number) - value), `${label} ${key}: ${actual[key]} vs Shapely/pyproj ${value}`).toBeLessThanOrEqual(Math.abs(value) * 1e-6);
  }
}

interface IndependentZones {
  zones: { layer: string; id: string; indicators: Record<string, number | null> }[];
}
/** Indicators per zone from Shapely/pyproj (scripts/expected/make-intensity-fixtures.py). */
const INDEPENDENT = JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'expected', 'intensity-atlas.json'), 'utf8')) as {
  inputs: Record<string, string>;
  parcel_sets: Record<'canonical' | 'sample', IndependentZones>;
};

describe('park explorer, intensity dashboard and project board in Chromium', () => {
  const baseURL = inject('baseURL');
  let recorded: RecordedPage;
  let explorer: ExplorerDriver;
  const rangeRequests: string[] = [];
  const pages = useBrowserPages();

  async function freshPage() {
    recorded = await pages.fresh();
    recorded.page.on('request', (request) => {
      if (request.url().includes('sample-parcels.fgb') && request.headers().range) rangeRequests.push(request.headers().range);
    });
    explorer = new ExplorerDriver(recorded.page, baseURL);
  }

  it('filters by a cluster to exactly the parks tagged with it, and loads no chart code before a chart shows', async () => {
    await freshPage();
    await explorer.open();
    await explorer.openExplorer();
    expect(recorded.requests.some((url) => /echarts/i.test(url)), 'echarts fetched before any chart').toBe(false);
    const tagged = (code: string) =>
      [...readLayer('development-zones').features, ...readLayer('industrial-parks').features]
        .filter((feature) => String(feature.properties?.clusters ?? '').split(';').includes(code))
        .map((feature) => String(feature.properties?.id))
        .sort();
    for (const code of ['carbon-fibre-composites', 'marine-bio-food']) {
      await explorer.filterByCluster(code);
      expect((await explorer.listedParkIds()).sort(), code).toEqual(tagged(code));
    }
    await explorer.filterByCluster('');
    await explorer.filterByRushanIndustry('big-health');
    expect((await explorer.listedParkIds()).sort()).toEqual(['rushan-hsr-health-park', 'rushan-yintan-bio-health-park']);
    await explorer.filterByRushanIndustry('');
    await explorer.search('lgq'); // pinyin initials of 临港区
    expect(await explorer.listedParkIds()).toContain('weihai-lingang-economic-technological-zone');
    await explorer.search('');
    // The distances say what they count: only the atlas's own roads and ports.
    expect(await recorded.page.getByTestId('parks-footnote').textContent()).toContain('只计图集图层中收录的设施');
    expect(recorded.errors).toEqual([]);
  });

  it('compares three parks in a table with their published areas (km² and 亩) and a chart', async () => {
    for (const id of ['weihai-torch-hi-tech-zone', 'weihai-economic-technological-zone', 'weihai-lingang-economic-technological-zone']) await explorer.tickCompare(id);
    const { ids, areas, km2 } = await explorer.comparisonAreas();
    expect(ids).toEqual(['weihai-torch-hi-tech-zone', 'weihai-economic-technological-zone', 'weihai-lingang-economic-technological-zone']);
    // REFERENCE.md: 140 km², 168.61 km², 297 km²; 1 km² = 1500 亩.
    expect(km2).toEqual(['140', '168.61', '297']);
    expect(areas[0]).toContain('140 平方千米（210,000 亩）');
    expect(areas[1]).toContain('168.61 平方千米（252,915 亩）');
    expect(areas[2]).toContain('297 平方千米（445,500 亩）');
    expect(await explorer.chartStatus('compare-chart')).toBe('ready');
    expect(recorded.requests.some((url) => /echarts/i.test(url)), 'echarts fetched once a chart shows').toBe(true);
    await expect(recorded.page.getByTestId('sample-label').first().isVisible()).resolves.toBe(true);
    // Selecting a park flies the map to it.
    const before = await explorer.atlas.mapCenterAndZoom();
    await explorer.selectPark('rushan-economic-development-zone');
    await recorded.page.waitForTimeout(1200);
    const after = await explorer.atlas.mapCenterAndZoom();
    expect(after.zoom).toBeGreaterThan(before.zoom);
    expect(Math.abs(after.lon - 121.55)).toBeLessThan(0.2);
  });

  it('shows the indicators Shapely/pyproj compute for the served sample parcels', async () => {
    const served = await fetch(new URL('data/sample-parcels.fgb', baseURL));
    expect(served.ok).toBe(true);
    // The fixture describes exactly the served file (else: `npm run data && npm run expected`).
    const servedHash = createHash('sha256').update(new Uint8Array(await served.arrayBuffer())).digest('hex');
    expect(servedHash, 'intensity-atlas.json was made from another sample-parcels.fgb').toBe(INDEPENDENT.inputs['public/data/sample-parcels.fgb']);
    const cli = INDEPENDENT.parcel_sets.sample;
    await explorer.openTab('intensity');
    for (const [layer, id] of [
      ['development-zones', 'rushan-economic-development-zone'],
      ['industrial-parks', 'carbon-fibre-base'],
    ]) {
      const expected = cli.zones.find((zone) => zone.layer === layer && zone.id === id)!.indicators;
      expectSameIndicators({ industrial_far: await explorer.dashboardValue(layer, id, 'industrial_far') }, { industrial_far: expected.industrial_far }, id);
      // What a person reads: the formatted figure equals the independent value formatted the same way.
      const shown = await recorded.page.locator(`[data-testid="intensity-row"][data-layer="${layer}"][data-zone-id="${id}"] [data-testid="intensity-value"]`).innerText();
      expect(shown, id).toBe(formatIndicator(indicatorSpec('industrial_far'), expected.industrial_far, 'zh'));
      expectSameIndicators(await explorer.zoneIndicators(layer, id), expected, `${layer}:${id}`);
    }
    expect(await explorer.chartStatus('intensity-chart')).toBe('ready');
  });

  it('gives the same indicators for a parcel file with renamed columns once mapped', async () => {
    const cli = INDEPENDENT.parcel_sets.canonical;
    await explorer.loadParcels(
      path.join(fixtures, 'parcels-renamed.geojson'),
      { ...RENAMED_COLUMNS },
      { M: 'industrial', W: 'storage' },
      Object.fromEntries(Object.entries(RENAMED_STATUS).map(([code, value]) => [value, code])),
    );
    await recorded.page.waitForFunction(() => document.querySelector('[data-testid="parcel-source"]')?.textContent?.includes('parcels-renamed.geojson'));
    for (const [layer, id] of [
      ['industrial-parks', 'medical-devices-base'],
      ['development-zones', 'weihai-torch-hi-tech-zone'],
    ]) {
      const expected = cli.zones.find((zone) => zone.layer === layer && zone.id === id)!.indicators;
      expectSameIndicators(await explorer.zoneIndicators(layer, id), expected, `${layer}:${id}`);
    }
    // Own parcels are not labelled synthetic.
    expect(await recorded.page.getByTestId('intensity-dashboard').getByTestId('sample-label').count()).toBe(0);
  });

  it('remembers the mapping for a file with the same columns', async () => {
    await recorded.page.getByTestId('load-own-parcels').click();
    await recorded.page.getByTestId('parcel-file').setInputFiles(path.join(fixtures, 'parcels-renamed.geojson'));
    await recorded.page.getByTestId('mapping-remembered').waitFor({ timeout: 30_000 });
    expect(await recorded.page.getByTestId('mapping-land_use').inputValue()).toBe(RENAMED_COLUMNS.land_use);
    await recorded.page.getByRole('button', { name: /取消|Cancel/ }).click();
  });

  it('totals the key-project board as the sums of the layer records, and adds a record', async () => {
    const layer = readLayer('key-projects');
    const known = layer.features.map((feature) => feature.properties?.investment_yi).filter((value): value is number => typeof value === 'number');
    await explorer.openTab('projects');
    const total = await explorer.projectTotal();
    expect(total).toEqual({ yi: known.reduce((sum, value) => sum + value, 0), count: layer.features.length, unknown: layer.features.length - known.length });
    expect(await explorer.boardCount()).toBe(layer.features.length);
    // No investment figure known in the layer: no chart (an empty axis would say nothing).
    expect(await recorded.page.getByTestId('projects-chart').count()).toBe(known.length > 0 ? 1 : 0);
    await explorer.addProject({ nameZh: '测试新材料项目', investmentYi: '12.5', district: '乳山市', longitude: '121.56', latitude: '36.91' });
    const after = await explorer.projectTotal();
    expect(after.count).toBe(layer.features.length + 1);
    expect(after.yi).toBe(12.5 + known.reduce((sum, value) => sum + value, 0));
    expect(await explorer.districtTotal('乳山市')).toBe(12.5);
    expect(await explorer.chartStatus('projects-chart')).toBe('ready');
    // Kept after a reload (IndexedDB).
    await explorer.open();
    await explorer.openExplorer();
    await explorer.openTab('projects');
    expect((await explorer.projectTotal()).count).toBe(layer.features.length + 1);
  });

  it('reads sample parcels for the view only, through HTTP range requests, and Esc closes the panel', async () => {
    await freshPage();
    // Zoom 13 over the Rushan ED zone (REFERENCE centre ≈ 36.90 N 121.55 E).
    await explorer.open('map=13/36.9/121.55&layers=basemap-land,development-zones');
    await explorer.openExplorer();
    await explorer.openTab('intensity');
    await recorded.page.waitForFunction(() => ((window as unknown as { __explorerParcels?: { count: number } }).__explorerParcels?.count ?? 0) > 0, null, { timeout: 30_000 });
    const overlay = await explorer.parcelOverlay();
    const info = (await (await fetch(new URL('data/sample-parcels.json', baseURL))).json()) as { count: number };
    expect(overlay!.count).toBeGreaterThan(0);
    expect(overlay!.count).toBeLessThan(info.count);
    expect(rangeRequests.length).toBeGreaterThan(0);
    // The parcels lie below every point and label of the atlas (stations, projects, names stay readable).
    const order = await recorded.page.evaluate(() => {
      const map = (window as unknown as { __atlas: { map: { getLayersOrder(): string[]; getLayer(id: string): { type: string } | undefined } } }).__atlas.map;
      return map.getLayersOrder().map((id) => ({ id, type: map.getLayer(id)?.type }));
    });
    const parcelsAt = order.findIndex((layer) => layer.id === 'explorer-parcels-fill');
    const firstPointOrLabel = order.findIndex((layer) => (layer.type === 'circle' || layer.type === 'symbol') && !layer.id.startsWith('explorer-'));
    expect(parcelsAt).toBeGreaterThanOrEqual(0);
    expect(parcelsAt).toBeLessThan(firstPointOrLabel);
    await explorer.closeWithEscape();
    expect(await explorer.panelVisible()).toBe(false);
    expect(recorded.errors).toEqual([]);
  });
});
