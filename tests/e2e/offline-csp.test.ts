/**
 * The offline promise enforced by the browser: the built app carries a Content-Security-Policy
 * (vite.config.ts `contentSecurityPolicy`, as `<meta http-equiv>` in dist/index.html and as a
 * header from `vite preview`); a fetch to another origin is refused by it — shown against a
 * second loopback server that would answer (CORS open), so the refusal is the policy's and not
 * a missing network — and the app keeps working. Every page (the shell, the explorer with its
 * worker-computed dashboard and echarts, the print view, a bureau layer's import — hashed as
 * WebAssembly in the worker — and a story) runs under the policy with no violation and sends no
 * request off its origin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contentSecurityPolicy } from '../../vite.config';
import { AtlasDriver } from './atlas-driver';
import { requestsLeavingOrigin, useBrowserPages, type RecordedPage } from './browser';
import { ExplorerDriver } from './explorer-driver';
import { ReferenceDriver } from './reference-driver';
import { ReviewDriver } from './review-driver';
import { StoryDriver } from './story-driver';

const root = path.resolve(import.meta.dirname, '../..');

describe('Content-Security-Policy and the offline promise', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();
  let recorded: RecordedPage;

  /** A second origin on loopback that answers anyone (CORS open) and counts its visitors. */
  let outside: Server;
  let outsideURL = '';
  let outsideHits = 0;
  beforeAll(async () => {
    outside = createServer((_request, response) => {
      outsideHits += 1;
      response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      response.end('outside');
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    outsideURL = `http://127.0.0.1:${(outside.address() as AddressInfo).port}/tile.png`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => outside.close(() => resolve()));
  });

  /** The script files of the page's running workers (MapLibre's and the analysis worker). */
  function workerFiles(): string[] {
    return recorded.page.workers().map((worker) => new URL(worker.url()).pathname);
  }

  /** Nothing left the origin and the policy refused nothing while the app did its work. */
  function expectOfflineAndClean(page: string) {
    expect(recorded.requests.length, `${page}: requests`).toBeGreaterThan(0);
    expect(requestsLeavingOrigin(recorded.requests, baseURL), `${page}: requests off the origin`).toEqual([]);
    expect(recorded.cspViolations, `${page}: CSP violations`).toEqual([]);
  }

  it('ships the policy as a meta tag in index.html and as a header from the preview server', async () => {
    const response = await fetch(baseURL);
    const html = await response.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replaceAll('&#39;', "'");
    expect(meta).toBe(contentSecurityPolicy());
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ header: true }));
    for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:", "connect-src 'self'"]) {
      expect(meta).toContain(directive);
    }
    // No inline script in the built page: every script is a file of the origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('blocks a fetch to another origin, and the map keeps working', async () => {
    // The outside server does answer: from Node the same request succeeds.
    expect(await (await fetch(outsideURL)).text()).toBe('outside');
    const hitsBefore = outsideHits;

    recorded = await pages.fresh();
    const atlas = new AtlasDriver(recorded.page, baseURL);
    await atlas.open();
    const outcome = await recorded.page.evaluate(async (url) => {
      try {
        const response = await fetch(url);
        return `answered ${response.status}: ${await response.text()}`;
      } catch (error) {
        return `refused: ${(error as Error).name}`;
      }
    }, outsideURL);
    expect(outcome).toBe('refused: TypeError');
    expect(outsideHits).toBe(hitsBefore);
    // The violation event is queued as its own task: it arrives just after the refusal. Both the
    // meta tag and the preview server's header enforce the policy, so each reports it.
    await expect.poll(() => [...new Set(recorded.cspViolations)], { timeout: 5000 }).toEqual([`connect-src ${outsideURL}`]);

    // Still working: the basemap and planning layers are drawn and the map answers a move.
    expect(await atlas.renderedFeatureCount('basemap-land')).toBeGreaterThan(0);
    expect(await atlas.renderedFeatureCount('development-zones')).toBeGreaterThan(0);
    await atlas.open('map=11/36.9/121.6');
    await atlas.waitForIdle();
    expect(await atlas.renderedFeatureCount('basemap-land')).toBeGreaterThan(0);
  });

  it('runs the shell with every layer under the policy, nothing off the origin', async () => {
    recorded = await pages.fresh();
    const atlas = new AtlasDriver(recorded.page, baseURL);
    await atlas.open('map=8.5/37.0/121.8&layers=basemap-land,basemap-counties,towns,development-zones,industrial-parks,marine-ranch,hsr-line,hsr-stations,ports,bridges,roads');
    await atlas.waitForIdle();
    expect(await atlas.renderedFeatureCount('marine-ranch')).toBeGreaterThan(0);
    // MapLibre's worker started from its file on this origin (maplibre-setup.ts setWorkerUrl).
    expect(workerFiles()).toContainEqual(expect.stringMatching(/maplibre-gl-worker.*\.mjs$/));
    expectOfflineAndClean('shell');
  });

  it('runs the explorer (dashboard from the analysis worker, echarts) under the policy', async () => {
    recorded = await pages.fresh({ width: 1920, height: 1080 });
    const explorer = new ExplorerDriver(recorded.page, baseURL);
    await explorer.open();
    const analysisWorkers = () => workerFiles().filter((file) => /analysis-worker.*\.js$/.test(file)).length;
    const before = analysisWorkers();
    await explorer.openExplorer();
    await explorer.openTab('intensity');
    expect(await explorer.chartStatus('intensity-chart')).toBe('ready');
    const rows = await recorded.page.getByTestId('intensity-row').count();
    expect(rows).toBeGreaterThan(10);
    // The figures came from an analysis worker, not the in-page fallback a blocked worker
    // would leave: opening the explorer started one (the reference layers, loaded after the
    // first draw, may start their own as well).
    expect(analysisWorkers()).toBeGreaterThanOrEqual(before + 1);
    // A person hovers the top bar of the chart: echarts' tooltip is HTML with inline style
    // attributes, the reason the policy allows style-src-attr 'unsafe-inline' (scripts and
    // style elements stay 'self').
    const chart = recorded.page.getByTestId('intensity-chart');
    const box = (await chart.boundingBox())!;
    for (const fraction of [0.3, 0.5, 0.6]) await recorded.page.mouse.move(box.x + box.width * fraction, box.y + 60);
    await expect.poll(() => chart.evaluate((element) => element.querySelector('div[style*="z-index: 9999999"]')?.textContent ?? ''), { timeout: 5000 }).not.toBe('');
    expectOfflineAndClean('explorer');
  });

  it('runs the print view of a saved review under the policy', async () => {
    recorded = await pages.fresh();
    const review = new ReviewDriver(recorded.page, baseURL);
    await review.open();
    await review.reviewFile(path.join(root, 'tests/fixtures/import/source-parcels.geojson'), '乳山东地块');
    await review.fillRecord({ name: 'CSP 打印', applicant: '申请单位', reviewer: '审查员' });
    const id = await review.save();
    await review.openPrintView(id);
    expect(await recorded.page.getByTestId('print-map-image').count()).toBe(1);
    expectOfflineAndClean('print');
  });

  it('imports a bureau layer under the policy: the worker hashes it as WebAssembly, nothing refused', async () => {
    recorded = await pages.fresh({ width: 1400, height: 900 });
    recorded.page.on('dialog', (dialog) => void dialog.accept());
    const driver = new ReferenceDriver(recorded.page, baseURL);
    await driver.review.open();
    // The layer's version is named by its SHA-256 (src/records/piece-hash.ts, hash-wasm): without
    // 'wasm-unsafe-eval' the worker may not compile it, and the import ends in an error.
    const imported = await driver.addLayer(path.join(root, 'tests/fixtures/bureau/CZKFBJ.zip'));
    if (imported.phase === 'error') throw new Error(await driver.importError());
    await driver.confirmImport();
    expect((await driver.layerNames()).length).toBe(1);
    expectOfflineAndClean('reference import');
  });

  it('runs a story with its effects under the policy', async () => {
    recorded = await pages.fresh({ width: 1920, height: 1080 });
    const story = new StoryDriver(recorded.page, baseURL);
    await story.openStory('laixi-rongcheng-hsr', 1);
    expect((await story.caption()).length).toBeGreaterThan(0);
    await story.press('ArrowRight');
    await story.waitForStep(2);
    // Let the camera arrive and the effects run a few frames.
    await recorded.page.waitForTimeout(3000);
    expectOfflineAndClean('story');
  });
});
