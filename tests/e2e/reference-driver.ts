import type { Page } from 'playwright-core';
import { ReviewDriver } from './review-driver';

/**
 * A reviewer's actions on the reference layers (issue 10), for the specs: add a bureau layer
 * through the layer panel, read its row, set its role, read the report's reference sections,
 * export and import the review profile. Only this file knows the `reference-*` test ids and
 * `window.__reference`; the site itself is brought in through {@link ReviewDriver}.
 */
export class ReferenceDriver {
  readonly review: ReviewDriver;

  constructor(
    readonly page: Page,
    readonly baseURL: string,
  ) {
    this.review = new ReviewDriver(page, baseURL);
  }

  /** Starts watching main-thread long tasks (PerformanceObserver `longtask`, ≥ 50 ms each). */
  async watchLongTasks(): Promise<void> {
    await this.page.evaluate(() => {
      const target = window as unknown as { __longTasks: { start: number; duration: number }[] };
      target.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) target.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
  }

  /** The long tasks seen since {@link watchLongTasks}: start (ms, page clock) and duration (ms). */
  async longTasks(): Promise<{ start: number; duration: number }[]> {
    return this.page.evaluate(() => [...((window as unknown as { __longTasks?: { start: number; duration: number }[] }).__longTasks ?? [])]);
  }

  /** Ticks or unticks "the atlas's built-in layers count in the verdict" and waits for the profile to say so. */
  async setBuiltInCounting(on: boolean): Promise<void> {
    const toggle = this.page.getByTestId('reference-builtin-toggle');
    await toggle.scrollIntoViewIfNeeded();
    // Controlled by the stored profile: the box changes once the worker has saved the change.
    if ((await toggle.isChecked()) !== on) await toggle.click();
    await this.page.waitForFunction((wanted) => (document.querySelector('[data-testid="reference-builtin-toggle"]') as HTMLInputElement | null)?.checked === wanted, on);
  }

  /** Picks a file with "Add reference layer"; returns the progress stages seen while it imports. */
  async addLayer(path: string): Promise<{ stages: string[]; phase: 'confirm' | 'error'; startedAt: number; storedAt: number }> {
    await this.page.getByTestId('reference-layers').scrollIntoViewIfNeeded();
    // Record each stage the progress line shows, in the page, so none is missed between polls.
    await this.page.evaluate(() => {
      const target = window as unknown as { __referenceStages: string[]; __referenceStarted: number; __referenceStored: number };
      target.__referenceStages = [];
      target.__referenceStarted = performance.now();
      target.__referenceStored = NaN;
      const observer = new MutationObserver(() => {
        const stage = document.querySelector('[data-testid="reference-import-stage"]')?.getAttribute('data-stage');
        if (stage && target.__referenceStages.at(-1) !== stage) target.__referenceStages.push(stage);
        // The moment the panel says the layer is stored (or failed): the end of the import proper.
        if (Number.isNaN(target.__referenceStored) && document.querySelector('[data-testid="reference-import"]:not([data-phase="reading"])')) target.__referenceStored = performance.now();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
    });
    await this.page.getByTestId('reference-add-input').setInputFiles(path);
    const done = this.page.locator('[data-testid="reference-import"][data-phase="confirm"], [data-testid="reference-import"][data-phase="error"]');
    await done.waitFor({ timeout: 300_000 });
    const marks = await this.page.evaluate(() => {
      const target = window as unknown as { __referenceStages: string[]; __referenceStarted: number; __referenceStored: number };
      return { stages: target.__referenceStages, startedAt: target.__referenceStarted, storedAt: target.__referenceStored };
    });
    return { ...marks, phase: (await done.getAttribute('data-phase')) as 'confirm' | 'error' };
  }

  /** Picks a file with "Add reference layer" and returns as soon as the progress shows. */
  async startAddingLayer(path: string): Promise<void> {
    await this.page.getByTestId('reference-add-input').setInputFiles(path);
    await this.page.locator('[data-testid="reference-import"][data-phase="reading"]').waitFor();
  }

  async cancelImport(): Promise<void> {
    await this.page.getByTestId('reference-import-cancel').click();
    await this.page.getByTestId('reference-import').waitFor({ state: 'detached' });
  }

  /** Closes an import's error message. */
  async closeImport(): Promise<void> {
    await this.page.getByTestId('reference-import-close').click();
    await this.page.getByTestId('reference-import').waitFor({ state: 'detached' });
  }

  async importError(): Promise<string> {
    return (await this.page.getByTestId('reference-import-error').textContent()) ?? '';
  }

  /** The CRS the import says the file was read in. */
  async importedCrs(): Promise<string | null> {
    return this.page.getByTestId('reference-import').getAttribute('data-crs');
  }

  async confirmImport(): Promise<void> {
    await this.page.getByTestId('reference-import-confirm').click();
    await this.page.getByTestId('reference-import').waitFor({ state: 'detached' });
  }

  /** Seconds from choosing the file to the layer being stored, and the worker's step timings. */
  async importFigures(): Promise<{ seconds: number[]; timings: { read: number; parse: number; index: number; store: number } | null }> {
    return this.page.evaluate(() => {
      const hooks = (window as unknown as { __reference: { importSeconds: number[]; lastTimings: { read: number; parse: number; index: number; store: number } | null } }).__reference;
      return { seconds: [...hooks.importSeconds], timings: hooks.lastTimings };
    });
  }

  row(name: string) {
    return this.page.locator('[data-testid^="reference-layer-"]').filter({ has: this.page.getByTestId('reference-name').getByText(name, { exact: true }) });
  }

  /** What the layer panel shows of a layer. */
  async layerRow(name: string): Promise<{ id: string; file: string; added: string; features: number; crs: string; fields: string; role: string; enabled: boolean }> {
    const row = this.row(name);
    await row.waitFor();
    return {
      id: (await row.getAttribute('data-layer-id')) ?? '',
      file: (await row.getByTestId('reference-file').textContent()) ?? '',
      added: (await row.getByTestId('reference-added').textContent()) ?? '',
      features: Number(await row.getByTestId('reference-feature-count').getAttribute('data-count')),
      crs: (await row.getByTestId('reference-crs').textContent()) ?? '',
      fields: (await row.getByTestId('reference-fields').textContent()) ?? '',
      role: (await row.getAttribute('data-role')) ?? '',
      enabled: (await row.getAttribute('data-enabled')) === 'true',
    };
  }

  /** Writes a new name into a layer's name box and leaves it; resolves when the panel shows the stored name (or, for an empty one, the old name back in the box). */
  async rename(name: string, newName: string): Promise<void> {
    const input = this.row(name).getByTestId('reference-rename');
    await input.fill(newName);
    await input.press('Enter');
    const shown = newName.trim() === '' ? name : newName.trim();
    await this.page.getByTestId('reference-name').getByText(shown, { exact: true }).waitFor();
  }

  async layerNames(): Promise<string[]> {
    return this.page.getByTestId('reference-name').allTextContents();
  }

  /** Chooses a layer's role; resolves when the panel shows it (stored by the worker). */
  async setRole(name: string, role: 'prohibited' | 'inside' | 'classes' | 'zone' | 'line' | 'proximity'): Promise<void> {
    const row = this.row(name);
    await row.getByTestId('reference-role').selectOption(role);
    await this.page.locator(`[data-testid^="reference-layer-"][data-role="${role}"]`).filter({ has: this.page.getByTestId('reference-name').getByText(name, { exact: true }) }).waitFor();
  }

  /** Chooses the field a layer's findings are named by ('' for automatic); resolves when the report's heading shows `heading`. */
  async setNameField(name: string, layerId: string, field: string, heading: string): Promise<void> {
    await this.row(name).getByTestId('reference-name-field').selectOption(field);
    await this.page.getByTestId(`reference-section-${layerId}`).getByTestId('reference-named-by').first().filter({ hasText: heading }).waitFor();
  }

  async setProfileName(name: string): Promise<void> {
    const input = this.page.getByTestId('reference-profile-name');
    await input.fill(name);
    await input.press('Enter');
    await this.page.waitForFunction((wanted) => (document.querySelector('[data-testid="reference-profile-name"]') as HTMLInputElement | null)?.value === wanted, name);
  }

  async profileName(): Promise<string> {
    return this.page.getByTestId('reference-profile-name').inputValue();
  }

  /** The report's section for a layer: totals and each finding's overlap (m²), as the panel lists them. */
  async reportSection(
    layerId: string,
  ): Promise<{ text: string; total: number | null; outside: number | null; namedBy: string; findings: { id: string; name: string; place: string | null; overlap: number | null }[] }> {
    const section = this.page.getByTestId(`reference-section-${layerId}`);
    await section.waitFor({ timeout: 90_000 });
    const number = (value: string | null) => (value === null || value === '' ? null : Number(value));
    const findings = await section.locator('[data-testid="reference-finding"]').evaluateAll((rows) =>
      rows.map((row) => ({
        id: row.getAttribute('data-id') ?? '',
        name: row.querySelector('[data-testid="reference-finding-name"]')?.textContent ?? '',
        place: row.querySelector('[data-testid="reference-finding-place"]')?.textContent ?? null,
        overlap: row.getAttribute('data-overlap-m2'),
      })),
    );
    return {
      text: (await section.textContent()) ?? '',
      total: number(await section.getAttribute('data-total-m2')),
      outside: number(await section.getAttribute('data-outside-m2')),
      namedBy: (await section.getByTestId('reference-named-by').first().textContent()) ?? '',
      findings: findings.map((finding) => ({ ...finding, overlap: number(finding.overlap) })),
    };
  }

  /** How many of a layer's finding shapes (the review's conflict fill) and features the map draws now. */
  async drawnCounts(layerId: string): Promise<{ findings: number; layer: number }> {
    await this.review.atlas.waitForIdle();
    return this.page.evaluate((id) => {
      type MapLike = { queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[]; getLayer(id: string): unknown };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const findings = map.getLayer('review-conflict-fill') ? map.queryRenderedFeatures({ layers: ['review-conflict-fill'] }).filter((feature) => feature.properties.layer === id).length : 0;
      const layer = map.getLayer(`reference-${id}-fill`) ? map.queryRenderedFeatures({ layers: [`reference-${id}-fill`] }).length : 0;
      return { findings, layer };
    }, layerId);
  }

  /** Exports the profile bundle; resolves with the downloaded file's name and bytes. */
  async exportProfile(): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 120_000 }), this.page.getByTestId('reference-profile-export').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  /** Imports a profile bundle in one step; resolves when the panel reports it. */
  async importProfile(path: string): Promise<string> {
    await this.page.getByTestId('reference-profile-input').setInputFiles(path);
    const notice = this.page.getByTestId('reference-notice');
    await notice.waitFor({ timeout: 300_000 });
    return (await notice.textContent()) ?? '';
  }

  async storage(): Promise<string | null> {
    return this.page.getByTestId('reference-storage').getAttribute('data-storage');
  }
}
