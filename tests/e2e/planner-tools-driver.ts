import type { Page } from 'playwright-core';
import { ReviewDriver } from './review-driver';

/**
 * A planner's actions with the tools over the map (issue 14): measure, read a point's
 * coordinates, undo/redo, the boundary-point table. Only this file knows their data-testid
 * names; the site review itself goes through ReviewDriver.
 */
export class PlannerToolsDriver {
  readonly review: ReviewDriver;

  constructor(
    readonly page: Page,
    readonly baseURL: string,
  ) {
    this.review = new ReviewDriver(page, baseURL);
  }

  get atlas() {
    return this.review.atlas;
  }

  async chooseMeasure(mode: 'distance' | 'area' | 'point'): Promise<void> {
    const button = this.page.getByTestId(`tool-measure-${mode}`);
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
    await this.page.locator(`[data-testid="measure-panel"][data-mode="${mode}"]`).waitFor();
  }

  /** Places a point by typing its coordinates (lon/lat or a Gauss–Krüger pair) and Enter. */
  async typePoint(text: string): Promise<void> {
    const input = this.page.getByTestId('measure-typed-point');
    await input.fill(text);
    await input.press('Enter');
  }

  /** Places a point by clicking the map at a lon/lat. */
  async clickPoint(lngLat: [number, number]): Promise<void> {
    await this.atlas.clickMapAt(lngLat);
    await this.page.waitForTimeout(60);
  }

  async finishMeasure(): Promise<void> {
    await this.page.getByTestId('measure-finish').click();
    await this.page.locator('[data-testid="measure-panel"][data-finished="true"]').waitFor();
  }

  async measuredPoints(): Promise<[number, number][]> {
    return JSON.parse((await this.page.getByTestId('measure-panel').getAttribute('data-points')) ?? '[]') as [number, number][];
  }

  async distanceFigures(): Promise<{ lengthM: number; lengthEllipsoidalM: number; crs: string; text: string }> {
    const figures = this.page.getByTestId('measure-distance');
    return {
      lengthM: Number(await figures.getAttribute('data-length-m')),
      lengthEllipsoidalM: Number(await figures.getAttribute('data-length-m-ellipsoidal')),
      crs: (await figures.getAttribute('data-crs')) ?? '',
      text: (await figures.textContent()) ?? '',
    };
  }

  async areaFigures(): Promise<{ areaM2: number; areaEllipsoidalM2: number; perimeterM: number; crs: string; text: string }> {
    const figures = this.page.getByTestId('measure-area');
    return {
      areaM2: Number(await figures.getAttribute('data-area-m2')),
      areaEllipsoidalM2: Number(await figures.getAttribute('data-area-m2-ellipsoidal')),
      perimeterM: Number(await figures.getAttribute('data-perimeter-m')),
      crs: (await figures.getAttribute('data-crs')) ?? '',
      text: (await figures.textContent()) ?? '',
    };
  }

  /** The copyable value of one row of the point readout: lonlat, gk, gk-plain, gcj02. */
  async pointValue(row: 'lonlat' | 'gk' | 'gk-plain' | 'gcj02'): Promise<string> {
    return (await this.page.getByTestId(`measure-point-${row}`).getAttribute('data-value')) ?? '';
  }

  async useMeasuredAsSite(): Promise<void> {
    await this.page.getByTestId('measure-use-as-site').click();
    await this.page.getByTestId('review-site').waitFor();
  }

  async closeMeasure(): Promise<void> {
    await this.page.getByTestId('measure-close').click();
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('tool-undo').click();
  }

  async redo(): Promise<void> {
    await this.page.getByTestId('tool-redo').click();
  }

  async canUndo(): Promise<boolean> {
    return this.page.getByTestId('tool-undo').isEnabled();
  }

  // ---------------------------------------------------------------- boundary-point table

  async openTable(): Promise<void> {
    if ((await this.page.getByTestId('coordinate-table').count()) === 0) await this.page.getByTestId('tool-coordinate-table').click();
    await this.page.getByTestId('coordinate-table').waitFor();
  }

  async closeTable(): Promise<void> {
    if ((await this.page.getByTestId('coordinate-table').count()) > 0) await this.page.getByTestId('coordinate-table-close').click();
  }

  /** The boundary points, read from the table (opened for the read, closed again: it covers part of the map). */
  async siteRows(): Promise<{ point: string; x: number; y: number }[]> {
    await this.openTable();
    const rows = await this.tableRows();
    await this.closeTable();
    return rows;
  }

  async tableRows(): Promise<{ point: string; x: number; y: number }[]> {
    return this.page.locator('[data-testid="coordinate-row"]').evaluateAll((rows) =>
      rows.map((row) => ({ point: row.getAttribute('data-point') ?? '', x: Number(row.getAttribute('data-x')), y: Number(row.getAttribute('data-y')) })),
    );
  }

  async tableCrs(): Promise<string> {
    return (await this.page.locator('[data-testid="coordinate-table"] table').getAttribute('data-crs')) ?? '';
  }

  /** Types a value into the X or Y cell of a row and presses Enter. */
  async editCell(row: number, key: 'x' | 'y', value: string): Promise<void> {
    const cell = this.page.getByTestId(`coordinate-${key}-${row}`);
    await cell.fill(value);
    await cell.press('Enter');
  }

  async setSnapping(enabled: boolean, tolerancePx?: number): Promise<void> {
    const toggle = this.page.getByTestId('tool-snapping');
    if (((await toggle.getAttribute('aria-pressed')) === 'true') !== enabled) await toggle.click();
    if (tolerancePx !== undefined) await this.page.getByTestId('tool-snap-tolerance').selectOption(String(tolerancePx));
  }

  /** The overlaps the review reports with other sites under review, m² (engine figures). */
  async overlapsWithOtherSites(): Promise<number> {
    return this.page.locator('[data-testid="review-conflicts"] tr[data-conflict-layer="sites-under-review"]').count();
  }

  /** Leaves the current site (kept as a record if saved) for a new one: the drawing tools show. */
  async startNewSite(): Promise<void> {
    await this.page.getByTestId('review-new-site').click();
    // An unsaved site asks first (the records' confirm dialog): answer yes.
    const drawTool = this.page.getByTestId('review-draw-polygon');
    const confirm = this.page.getByTestId('records-confirm-replace-yes');
    await drawTool.or(confirm).first().waitFor();
    if (await confirm.isVisible()) await confirm.click();
    await drawTool.waitFor();
  }

  /** Exports the current view as a 300 dpi PNG on the sheet chosen; resolves with the file's bytes and name. */
  async exportPng(paper: 'A4' | 'A3', orientation: 'portrait' | 'landscape'): Promise<{ name: string; bytes: Buffer }> {
    if ((await this.page.getByTestId('export-card').count()) === 0) await this.page.getByTestId('tool-export').click();
    await this.page.getByTestId('export-paper').selectOption(paper);
    await this.page.getByTestId('export-orientation').selectOption(orientation);
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 120_000 }), this.page.getByTestId('export-png').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  /** Turns swipe compare on with a layer or group ('layer:<id>' / 'group:<group>') on each side. */
  async swipe(left: string, right: string): Promise<void> {
    if ((await this.page.getByTestId('swipe-card').count()) === 0) await this.page.getByTestId('tool-swipe').click();
    await this.page.getByTestId('swipe-left-choice').selectOption(left);
    await this.page.getByTestId('swipe-right-choice').selectOption(right);
  }

  /** Features of the left choice drawn left of the divider, and of the right choice right of it. */
  async swipeCounts(): Promise<{ left: number; right: number; position: number }> {
    const element = this.page.getByTestId('swipe-compare');
    return {
      left: Number(await element.getAttribute('data-left-count')),
      right: Number(await element.getAttribute('data-right-count')),
      position: Number(await this.page.getByTestId('swipe-divider').getAttribute('aria-valuenow')),
    };
  }

  /** Opens the printable map sheet of a view (`#…&sheet=A3-landscape`) and waits until its map image and figures are in. */
  async openSheet(hash: string, sheet: string): Promise<void> {
    await this.page.goto('about:blank');
    await this.page.goto(`${this.baseURL}#${hash}&sheet=${sheet}`);
    await this.page.getByTestId('map-sheet-ready').waitFor({ state: 'attached', timeout: 120_000 });
  }
}
