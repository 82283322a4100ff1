import type { Download, Page } from 'playwright-core';
import { AtlasDriver } from './atlas-driver';
import { DRAFT_AT_UNLOAD_KEY } from '../../src/records/draft-store';

/**
 * A reviewer's actions on the siting review, for the specs: open the panel, bring in a site
 * (file, drawing, pasted table), read the review, keep the record, print. Only this file
 * knows the data-testid names and `window.__review`.
 */
export class ReviewDriver {
  readonly atlas: AtlasDriver;

  constructor(
    readonly page: Page,
    readonly baseURL: string,
  ) {
    this.atlas = new AtlasDriver(page, baseURL);
  }

  /** Loads the app afresh (a hash-only change would keep the page and its state). */
  async open(hash = ''): Promise<void> {
    await this.forgetUnsavedSite();
    await this.page.goto('about:blank');
    await this.atlas.open(hash);
  }

  /**
   * Issue 11 keeps an unsaved site across reloads and guards leaving it: a spec that wants a
   * fresh start mutes the leave guard on this page (the guard's preventDefault / returnValue
   * become no-ops, so no prompt), leaves the app for a blank page of the same origin — the app
   * keeps its draft as it unloads, and every connection it had is closed once it is gone — and
   * only then deletes the kept draft, so no late write from the app can bring it back.
   */
  async forgetUnsavedSite(): Promise<void> {
    if (!this.page.url().startsWith(this.baseURL)) return;
    await this.page.evaluate(() => {
      BeforeUnloadEvent.prototype.preventDefault = function () {};
      Object.defineProperty(BeforeUnloadEvent.prototype, 'returnValue', { configurable: true, get: () => '', set: () => undefined });
    });
    // A blank page of the app's origin (served here, so the browser asks for nothing else).
    const blank = new URL('__blank-for-tests__', this.baseURL).href;
    await this.page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><title>blank</title>' }));
    await this.page.goto(blank);
    await this.page.unroute(blank);
    const outcome = await this.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.deleteDatabase('weihai-rushan-atlas-draft');
          request.onsuccess = () => resolve('deleted');
          request.onerror = () => resolve('error');
          setTimeout(() => resolve('timeout'), 10_000);
        }),
    );
    if (outcome !== 'deleted') throw new Error(`could not delete the kept draft (${outcome})`);
    // And the copy the app writes to localStorage as it is left (src/records/draft-store.ts).
    await this.page.evaluate((key) => localStorage.removeItem(key), DRAFT_AT_UNLOAD_KEY);
  }

  async openPanel(): Promise<void> {
    // The sidebar loads on first use; the toggle says whether it is open (aria-expanded), so a
    // panel that is still loading, or opened by a restored draft, is never toggled shut again.
    const toggle = this.page.getByTestId('review-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await this.page.getByTestId('review-panel').waitFor();
  }

  async showTab(tab: 'site' | 'records'): Promise<void> {
    await this.page.getByTestId(`review-tab-${tab}`).click();
  }

  // ---------------------------------------------------------------- bringing in a site

  /** Picks a file through the file input; resolves when the preview (or an error) shows. */
  async importFile(path: string): Promise<'preview' | 'error'> {
    await this.openPanel();
    await this.showTab('site');
    await this.page.getByTestId('review-file-input').setInputFiles(path);
    const import_ = this.page.locator('[data-testid="review-import"][data-phase="preview"], [data-testid="review-import"][data-phase="error"]');
    await import_.waitFor({ timeout: 90_000 });
    return (await import_.getAttribute('data-phase')) as 'preview' | 'error';
  }

  async importError(): Promise<string> {
    return (await this.page.getByTestId('review-import-error').textContent()) ?? '';
  }

  /** The CRS the preview says the file was read in. */
  async previewCrs(): Promise<string | null> {
    return this.page.getByTestId('review-import-crs').getAttribute('data-crs');
  }

  async previewFeatureCount(): Promise<number> {
    const text = (await this.page.getByTestId('review-import-summary').textContent()) ?? '';
    return Number(/(\d+)/.exec(text.replace(/,/g, ''))?.[1] ?? NaN);
  }

  /** Chooses the feature to review by (part of) its name, when the file has several. */
  async chooseFeature(name: string): Promise<void> {
    const select = this.page.getByTestId('review-import-feature');
    if ((await select.count()) === 0) return;
    const options = await select.locator('option').allTextContents();
    const index = options.findIndex((text) => text.includes(name));
    if (index < 0) throw new Error(`no feature named ${name} among ${options.join(' | ')}`);
    await select.selectOption({ index });
  }

  async acceptImport(): Promise<void> {
    await this.page.getByTestId('review-import-accept').click();
    await this.page.getByTestId('review-site').waitFor();
  }

  /** Imports a file and takes the named feature (or the only one) as the site; waits for the review. */
  async reviewFile(path: string, featureName?: string): Promise<void> {
    const phase = await this.importFile(path);
    if (phase !== 'preview') throw new Error(`import failed: ${await this.importError()}`);
    if (featureName) await this.chooseFeature(featureName);
    await this.acceptImport();
    await this.waitForReview();
  }

  async pasteTable(text: string): Promise<void> {
    await this.openPanel();
    await this.page.getByTestId('review-paste').click();
    await this.page.getByTestId('review-paste-text').fill(text);
    await this.page.getByTestId('review-paste-submit').click();
    await this.page.locator('[data-testid="review-import"][data-phase="preview"], [data-testid="review-import"][data-phase="error"]').waitFor({ timeout: 60_000 });
  }

  /** Draws a polygon with the polygon tool by clicking its corners (lon/lat) and the first again. */
  async drawPolygon(corners: [number, number][]): Promise<void> {
    await this.openPanel();
    await this.page.getByTestId('review-draw-polygon').click();
    await this.page.locator('[data-draw-mode="polygon"]').waitFor();
    for (const corner of [...corners, corners[0]]) {
      const { x, y } = await this.atlas.pixelOf(corner);
      await this.page.mouse.click(x, y);
      // terra-draw reads each click as its own pointer sequence.
      await this.page.waitForTimeout(120);
    }
    await this.page.getByTestId('review-site').waitFor();
  }

  /** Draws a rectangle with the rectangle tool: one corner, then the opposite one. */
  async drawRectangle(corner: [number, number], opposite: [number, number]): Promise<void> {
    await this.openPanel();
    await this.page.getByTestId('review-draw-rectangle').click();
    // Click only once the map draws with the rectangle tool: the drawing code loads on first use.
    await this.page.locator('[data-draw-mode="rectangle"]').waitFor();
    for (const point of [corner, opposite]) {
      const { x, y } = await this.atlas.pixelOf(point);
      await this.page.mouse.move(x, y, { steps: 3 });
      await this.page.mouse.click(x, y);
      await this.page.waitForTimeout(120);
    }
    await this.page.getByTestId('review-site').waitFor();
  }

  /** Types a coordinate pair (and optionally a radius for a circular site) into "Go to a coordinate". */
  async goTo(pair: string, crs: string, radiusMetres?: number): Promise<string> {
    await this.openPanel();
    await this.page.getByTestId('review-goto-pair').fill(pair);
    await this.page.getByTestId('review-goto-crs').selectOption(crs);
    await this.page.getByTestId('review-goto-radius').fill(radiusMetres === undefined ? '' : String(radiusMetres));
    await this.page.getByTestId('review-goto-submit').click();
    if (radiusMetres !== undefined) {
      await this.page.getByTestId('review-site').waitFor();
      return '';
    }
    return (await this.page.getByTestId('review-goto-message').textContent()) ?? '';
  }

  /** Drags a vertex of the site being edited from one lon/lat to another, in `steps` moves. */
  async dragVertex(from: [number, number], to: [number, number], steps = 12): Promise<void> {
    const start = await this.atlas.pixelOf(from);
    const end = await this.atlas.pixelOf(to);
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    for (let step = 1; step <= steps; step += 1) {
      await this.page.mouse.move(start.x + ((end.x - start.x) * step) / steps, start.y + ((end.y - start.y) * step) / steps);
    }
    await this.page.mouse.up();
  }

  async isEditing(): Promise<boolean> {
    return (await this.page.getByTestId('review-edit-boundary').getAttribute('aria-pressed')) === 'true';
  }

  // ---------------------------------------------------------------- reading the review

  /** Waits until the shown review is for the current geometry and proposal. */
  async waitForReview(): Promise<void> {
    await this.page.locator('[data-testid="review-report"][data-state="ready"]').waitFor({ timeout: 90_000 });
  }

  async zoneIds(): Promise<string[]> {
    if ((await this.page.getByTestId('review-zones').count()) === 0) return [];
    return this.page.locator('[data-testid="review-zones"] tr[data-zone-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-zone-id') ?? ''));
  }

  async areaSquareMetres(): Promise<number> {
    return Number(await this.page.getByTestId('review-area').getAttribute('data-area-m2'));
  }

  async areaCrsText(): Promise<string> {
    return (await this.page.getByTestId('review-area-crs').textContent()) ?? '';
  }

  async verdict(): Promise<string | null> {
    return this.page.getByTestId('review-report').getAttribute('data-verdict');
  }

  /** The codes of the reasons listed under the verdict, with their severity: "code:severity". */
  async reasons(): Promise<string[]> {
    return this.page.locator('[data-testid="review-reasons"] li').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-code')}:${(item.className.match(/reason-(\w+)/) ?? [])[1] ?? ''}`));
  }

  /** Whether the verdict is called preliminary (it rests on the atlas's schematic boundaries). */
  async verdictCalledPreliminary(): Promise<boolean> {
    return (await this.page.getByTestId('review-verdict-basis').count()) > 0;
  }

  /** The severities of the overlaps the map draws (rendered features of the conflict layer). */
  async drawnOverlapSeverities(): Promise<string[]> {
    await this.atlas.waitForIdle();
    return this.page.evaluate(() => {
      type MapLike = { queryRenderedFeatures(options: { layers: string[] }): { properties: { severity?: string } }[]; getLayer(id: string): unknown };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      return map.getLayer('review-conflict-fill') ? [...new Set(map.queryRenderedFeatures({ layers: ['review-conflict-fill'] }).map((feature) => feature.properties.severity ?? ''))].sort() : [];
    });
  }

  async conflictLayers(): Promise<string[]> {
    if ((await this.page.getByTestId('review-conflicts').count()) === 0) return [];
    return this.page.locator('[data-testid="review-conflicts"] tr[data-conflict-layer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-conflict-layer') ?? ''));
  }

  /** How many features the map draws for the site, the conflicts and the proximity lines. */
  async overlayCounts(): Promise<{ site: number; conflicts: number; proximity: number }> {
    await this.atlas.waitForIdle();
    return this.page.evaluate(() => {
      type MapLike = { queryRenderedFeatures(options: { layers: string[] }): unknown[]; getLayer(id: string): unknown };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const count = (id: string) => (map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : 0);
      return { site: count('review-site-line'), conflicts: count('review-conflict-fill'), proximity: count('review-proximity-line') };
    });
  }

  /** Milliseconds from each review request to its report, and how many were dropped as stale. */
  async reviewTimings(): Promise<{ latencies: number[]; submitted: number; delivered: number; superseded: number }> {
    return this.page.evaluate(() => {
      const hooks = (window as unknown as { __review: { latencies: number[]; submitted: number; delivered: number; superseded: number } }).__review;
      return { latencies: [...hooks.latencies], submitted: hooks.submitted, delivered: hooks.delivered, superseded: hooks.superseded };
    });
  }

  async setProposal(values: Partial<Record<'industryCode' | 'far' | 'coverage' | 'officeShare' | 'greenRatio' | 'investmentIntensity', string>>): Promise<void> {
    for (const [key, value] of Object.entries(values)) await this.page.getByTestId(`review-proposal-${key}`).fill(value ?? '');
  }

  // ---------------------------------------------------------------- keeping it

  async fillRecord(fields: Partial<Record<'name' | 'applicant' | 'caseNumber' | 'reviewer' | 'notes', string>>): Promise<void> {
    for (const [key, value] of Object.entries(fields)) await this.page.getByTestId(`review-record-${key}`).fill(value ?? '');
  }

  /** Saves the draft; resolves with the record id. */
  async save(): Promise<string> {
    await this.page.getByTestId('review-save').click();
    await this.page.locator('[data-testid="review-save-state"][data-saved="true"]').waitFor();
    return (await this.page.getByTestId('review-site').getAttribute('data-record-id')) ?? '';
  }

  async decide(status: 'approved' | 'rejected' | 'returned' | 'pending'): Promise<void> {
    await this.page.getByTestId(`review-status-${status}`).click();
    await this.page.locator(`[data-testid="review-record"] .status-badge[data-status="${status}"]`).first().waitFor();
  }

  /** Clicks a decision button and returns at once: for a decision that may be refused. */
  async tryDecide(status: 'approved' | 'rejected' | 'returned' | 'pending'): Promise<void> {
    await this.page.getByTestId(`review-status-${status}`).click();
  }

  /** The reason shown under 审查人 when a decision was refused for want of a name (waits for it). */
  async reviewerMissing(): Promise<string> {
    const shown = this.page.getByTestId('review-record-reviewer-missing');
    await shown.waitFor();
    return (await shown.textContent()) ?? '';
  }

  /** Whether that reason is shown now. */
  async reviewerMissingShown(): Promise<boolean> {
    return (await this.page.getByTestId('review-record-reviewer-missing').count()) > 0;
  }

  /** Whether the keyboard focus is in the record's field `key`. */
  async recordFieldFocused(key: 'name' | 'applicant' | 'caseNumber' | 'reviewer' | 'notes'): Promise<boolean> {
    return this.page.getByTestId(`review-record-${key}`).evaluate((input) => input === document.activeElement);
  }

  /** The record's status as its badge shows it. */
  async recordStatus(): Promise<string | null> {
    return this.page.locator('[data-testid="review-record"] .status-badge').first().getAttribute('data-status');
  }

  /** The id the draft is saved under ('' while it is not saved). */
  async recordId(): Promise<string> {
    return (await this.page.getByTestId('review-site').getAttribute('data-record-id')) ?? '';
  }

  /** The record's history as listed, one text per entry (time, status, reviewer, note). */
  async historyEntries(): Promise<string[]> {
    if ((await this.page.getByTestId('review-history').count()) === 0) return [];
    return this.page.locator('[data-testid="review-history"] > li').allTextContents();
  }

  async recordFieldValue(key: 'name' | 'applicant' | 'caseNumber' | 'reviewer' | 'notes'): Promise<string> {
    return this.page.getByTestId(`review-record-${key}`).inputValue();
  }

  async recordRows(): Promise<{ id: string; text: string }[]> {
    await this.openPanel();
    await this.showTab('records');
    await this.page.locator('[data-testid="review-records"]').waitFor();
    return this.page.locator('[data-testid="review-record-row"]').evaluateAll((rows) => rows.map((row) => ({ id: row.getAttribute('data-record-id') ?? '', text: row.textContent ?? '' })));
  }

  async deleteAllRecords(): Promise<void> {
    for (;;) {
      const rows = await this.recordRows();
      if (rows.length === 0) return;
      // Answer the "delete?" confirmation with yes (the spec's own dialog handler dismisses dialogs).
      await this.page.evaluate(() => {
        window.confirm = () => true;
      });
      await this.page.locator('[data-testid="review-record-delete"]').first().click();
      await this.page.waitForFunction((count) => document.querySelectorAll('[data-testid="review-record-row"]').length < count, rows.length);
    }
  }

  private async download(action: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), action()]);
    return { name: download.suggestedFilename(), text: await readDownload(download) };
  }

  async exportReviewSet(): Promise<{ name: string; text: string }> {
    await this.recordRows();
    return this.download(() => this.page.getByTestId('review-set-export').click());
  }

  async importReviewSet(path: string): Promise<void> {
    await this.recordRows();
    await this.page.getByTestId('review-set-input').setInputFiles(path);
    // Issue 11: a readable set is previewed first; import what it adds and updates.
    await this.page.locator('[data-testid="records-import-preview"], [data-testid="review-notice"]').first().waitFor();
    if ((await this.page.getByTestId('records-import-preview').count()) > 0) {
      const confirm = this.page.getByTestId('records-import-confirm');
      if (await confirm.isEnabled()) await confirm.click();
      else await this.page.getByTestId('records-import-cancel').click();
      await this.page.getByTestId('records-import-preview').waitFor({ state: 'detached' });
    }
    await this.page.locator('[data-testid="review-notice"]').waitFor();
  }

  async exportSite(format: 'geojson' | 'kml' | 'dxf' | 'csv', crs: string): Promise<{ name: string; text: string }> {
    await this.page.getByTestId('review-export-format').selectOption(format);
    await this.page.getByTestId('review-export-crs').selectOption(crs);
    return this.download(() => this.page.getByTestId('review-export-submit').click());
  }

  // ---------------------------------------------------------------- print

  /** Chooses the report's paper in the print view's toolbar and waits for the map drawn for it. */
  async choosePaper(paper: 'A4-portrait' | 'A4-landscape' | 'A3-portrait' | 'A3-landscape'): Promise<void> {
    await this.page.getByTestId('print-paper').selectOption(paper);
    await this.page.locator(`[data-testid="print-document"][data-paper="${paper}"]`).waitFor();
    await this.page.getByTestId('print-ready').waitFor({ state: 'attached', timeout: 120_000 });
  }

  /** The printed map image's size in device pixels. */
  async printMapImageSize(): Promise<{ width: number; height: number }> {
    // A data-URL image decodes asynchronously: read its size once it has.
    return this.page.getByTestId('print-map-image').evaluate(async (element) => {
      const image = element as HTMLImageElement;
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    });
  }

  /** Opens the print view of a saved record and waits until the map image and the tables are in. */
  async openPrintView(recordId: string): Promise<void> {
    await this.page.goto(`${this.baseURL}#print=${encodeURIComponent(recordId)}`);
    await this.page.getByTestId('print-ready').waitFor({ state: 'attached', timeout: 120_000 });
  }
}

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
