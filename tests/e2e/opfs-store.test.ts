/**
 * Issue 12 — the reference store writes a new layer file in place through an OPFS sync access
 * handle (fast), and anything that already exists through the atomic writable. In Chromium's
 * real origin-private file system, in a dedicated worker as the app's analysis worker runs it
 * (opfs-page/: a page of its own, built here): a fresh file is written whole; a write that
 * fails part-way (a fault injected into the sync handle's `write`, as a full disk would) leaves
 * no file behind; and an existing file is replaced through the writable, not in place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import type { OpfsCase, OpfsOutcome } from './opfs-page/worker';

const root = path.join(import.meta.dirname, 'opfs-page');

/** The bytes the page's three pieces make, from `seed` (opfs-page/worker.ts `pieces`). */
function written(seed: number): number[] {
  return [0, 1, 2].flatMap((index) => [0, 1, 2, 3, 4].map((at) => seed + index * 10 + at));
}

describe('the reference store on OPFS in Chromium', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'opfs-page-'));
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const run = (which: OpfsCase) => page.evaluate((name) => window.runOpfsCase(name), which) as Promise<OpfsOutcome>;

  beforeAll(async () => {
    await build({ root, configFile: false, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    server = await preview({ root, configFile: false, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    await page.goto(server.resolvedUrls!.local[0]!);
    await page.waitForFunction(() => typeof window.runOpfsCase === 'function');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes a new file whole, piece after piece', async () => {
    expect(await run('fresh')).toEqual({ error: null, files: ['t.fgb'], bytes: written(100) });
  });

  it('leaves no file behind when the write fails part-way', async () => {
    const outcome = await run('fresh-fails');
    expect(outcome.error).toMatch(/disk is full/);
    expect(outcome.files).toEqual([]);
    expect(outcome.bytes).toBeNull();
  });

  it('replaces an existing file through the atomic writable, not in place', async () => {
    // The sync handle's write fails after its first call: a replacement in place would fail.
    expect(await run('existing-with-sync-broken')).toEqual({ error: null, files: ['t.fgb'], bytes: written(100) });
  });
});
