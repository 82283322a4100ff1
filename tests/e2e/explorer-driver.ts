import type { Page } from 'playwright-core';
import { AtlasDriver } from './atlas-driver';

/**
 * What a person does with the park explorer, the intensity dashboard and the key-project
 * board. Specs call these; only this file knows the explorer's data-testid names.
 * `EXPLORER_PAGE` (relative to the base URL) points at a page that mounts the explorer —
 * the app's own page once App.tsx mounts it (the default), or the scratch harness
 * `src/explorer/__scratch__/index.html` on a dev server until then.
 */
export class ExplorerDriver {
  readonly atlas: AtlasDriver;

  constructor(
    readonly page: Page,
    readonly baseURL: string,
  ) {
    this.atlas = new AtlasDriver(page, new URL(process.env.EXPLORER_PAGE ?? '', baseURL).href);
  }

  async open(hash = ''): Promise<void> {
    await this.atlas.open(hash);
  }

  async openExplorer(): Promise<void> {
    await this.page.getByTestId('explorer-button').click();
    await this.page.getByTestId('park-row').first().waitFor({ timeout: 30_000 });
  }

  async openTab(tab: 'parks' | 'intensity' | 'projects'): Promise<void> {
    await this.page.getByTestId(`explorer-tab-${tab}`).click();
  }

  async filterByCluster(code: string): Promise<void> {
    await this.page.getByTestId('park-cluster').selectOption(code);
  }

  async filterByRushanIndustry(code: string): Promise<void> {
    await this.page.getByTestId('park-rushan').selectOption(code);
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('park-search').fill(text);
  }

  async listedParkIds(): Promise<string[]> {
    return this.page.getByTestId('park-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-park-id') ?? ''));
  }

  async tickCompare(parkId: string): Promise<void> {
    await this.page.locator(`[data-testid="park-row"][data-park-id="${parkId}"] [data-testid="park-compare"]`).check();
  }

  async selectPark(parkId: string): Promise<void> {
    await this.page.locator(`[data-testid="park-row"][data-park-id="${parkId}"] [data-testid="park-select"]`).click();
  }

  /** Column park ids and the area cell text of each, as the comparison table shows them. */
  async comparisonAreas(): Promise<{ ids: string[]; areas: string[]; km2: string[] }> {
    const table = this.page.getByTestId('compare-table');
    await table.waitFor();
    const ids = await table.getByTestId('compare-column').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-park-id') ?? ''));
    const row = table.locator('tr[data-testid="compare-area"] td');
    const areas = await row.allInnerTexts();
    const km2 = await row.getByTestId('park-area').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-km2') ?? ''));
    return { ids, areas, km2 };
  }

  async chartStatus(testId: string): Promise<string | null> {
    const chart = this.page.getByTestId(testId);
    await chart.waitFor();
    await this.page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-chart-status') !== 'loading', testId, { timeout: 30_000 });
    return chart.getAttribute('data-chart-status');
  }

  /** The raw value of one indicator for one zone, as the dashboard ranks it (null = no data). */
  async dashboardValue(layer: string, zoneId: string, indicator: string): Promise<number | null> {
    await this.page.getByTestId('intensity-table').waitFor({ timeout: 60_000 });
    await this.page.getByTestId('rank-by').selectOption(indicator);
    const cell = this.page.locator(`[data-testid="intensity-row"][data-layer="${layer}"][data-zone-id="${zoneId}"] [data-testid="intensity-value"]`);
    const value = await cell.getAttribute('data-value');
    return value === null || value === '' ? null : Number(value);
  }

  /** Every indicator of one zone from the selected-zone table (null = no data). */
  async zoneIndicators(layer: string, zoneId: string): Promise<Record<string, number | null>> {
    await this.page.locator(`[data-testid="intensity-row"][data-layer="${layer}"][data-zone-id="${zoneId}"] [data-testid="intensity-zone"]`).click();
    const detail = this.page.locator(`[data-testid="zone-detail"][data-zone-id="${zoneId}"]`);
    await detail.waitFor();
    const rows = await detail.getByTestId('zone-indicator').evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-key') ?? '', cell.getAttribute('data-value') ?? ''] as const));
    return Object.fromEntries(rows.map(([key, value]) => [key, value === '' ? null : Number(value)]));
  }

  async parcelSourceText(): Promise<string> {
    return this.page.getByTestId('parcel-source').innerText();
  }

  /** Loads a parcel file through the dialog, then picks columns and value translations. */
  async loadParcels(file: string, columns: Record<string, string>, landUseCodes: Record<string, string>, statusCodes: Record<string, string>): Promise<void> {
    await this.page.getByTestId('load-own-parcels').click();
    await this.page.getByTestId('parcel-file').setInputFiles(file);
    await this.page.getByTestId('mapping-land_use').waitFor({ timeout: 30_000 });
    for (const [field, column] of Object.entries(columns)) await this.page.getByTestId(`mapping-${field}`).selectOption(column);
    for (const [code, value] of Object.entries(landUseCodes)) await this.page.locator(`[data-testid="mapping-land-use-code"][data-code="${code}"]`).selectOption(value);
    for (const [code, value] of Object.entries(statusCodes)) await this.page.locator(`[data-testid="mapping-status-code"][data-code="${code}"]`).selectOption(value);
    await this.page.getByTestId('mapping-apply').click();
  }

  async projectTotal(): Promise<{ yi: number; count: number; unknown: number }> {
    const total = this.page.getByTestId('projects-total').getByTestId('total-investment');
    await total.waitFor();
    const [yi, count, unknown] = await Promise.all(['data-yi', 'data-count', 'data-unknown'].map((name) => total.getAttribute(name)));
    return { yi: Number(yi), count: Number(count), unknown: Number(unknown) };
  }

  async districtTotal(district: string): Promise<number | null> {
    const cell = this.page.locator(`[data-testid="totals-district"] [data-testid="total-row"][data-key="${district}"] [data-testid="total-investment"]`);
    if ((await cell.count()) === 0) return null;
    return Number(await cell.getAttribute('data-yi'));
  }

  async boardCount(): Promise<number> {
    return this.page.getByTestId('project-card').count();
  }

  async addProject(fields: { nameZh: string; investmentYi: string; district: string; longitude: string; latitude: string }): Promise<void> {
    await this.page.getByTestId('project-add').click();
    await this.page.getByTestId('project-name-zh').fill(fields.nameZh);
    await this.page.getByTestId('project-investment').fill(fields.investmentYi);
    await this.page.getByTestId('project-district').fill(fields.district);
    await this.page.getByTestId('project-longitude').fill(fields.longitude);
    await this.page.getByTestId('project-latitude').fill(fields.latitude);
    await this.page.getByTestId('project-save').click();
    await this.page.getByTestId('project-form').waitFor({ state: 'detached' });
  }

  async closeWithEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  async panelVisible(): Promise<boolean> {
    return this.page.getByTestId('explorer-panel').isVisible();
  }

  /** What the parcel overlay holds (test hook set by parcel-overlays.tsx). */
  async parcelOverlay(): Promise<{ count: number; bbox: number[] | null; requests: number } | null> {
    return this.page.evaluate(() => (window as unknown as { __explorerParcels?: { count: number; bbox: number[] | null; requests: number } }).__explorerParcels ?? null);
  }
}
