/**
 * The atlas's built-in layers left out of the verdict, in Chromium, as a reviewer does it:
 * a site across the schematic marine ranch is refused while the built-in layers count (and the
 * refusal is called preliminary, resting on schematic boundaries); unticked, with no bureau
 * layer loaded, nothing counts — the site needs review, saying so, the ranch overlap is listed
 * and drawn as information (grey), and nothing is called preliminary; the print's legend and
 * data sources say the same.
 */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserPages } from './browser';
import { ReferenceDriver } from './reference-driver';

const root = path.resolve(import.meta.dirname, '../..');
const SITE = path.join(root, 'tests/fixtures/review/site-marine-ranch.geojson');

describe('built-in layers left out of the verdict, in Chromium', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();

  it('counted: refused on the ranch, preliminary; left out: needs review for want of any layer, the ranch in grey as information', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    recorded.page.on('dialog', (dialog) => void dialog.accept());
    const driver = new ReferenceDriver(recorded.page, baseURL);
    await driver.review.open();
    await driver.review.reviewFile(SITE);
    expect(await driver.review.verdict()).toBe('non-compliant');
    expect(await driver.review.reasons()).toContain('marine-ranch:blocker');
    expect(await driver.review.verdictCalledPreliminary()).toBe(true);
    expect(await driver.review.drawnOverlapSeverities()).toContain('blocker');

    await driver.setBuiltInCounting(false);
    await expect.poll(() => driver.review.verdict(), { timeout: 30_000 }).toBe('needs-review');
    await driver.review.waitForReview();
    const reasons = await driver.review.reasons();
    expect(reasons).toContain('no-layer-counts:review');
    expect(reasons).toContain('marine-ranch:info');
    expect(reasons.filter((reason) => !reason.endsWith(':info'))).toEqual(['no-layer-counts:review']);
    expect(await driver.review.verdictCalledPreliminary()).toBe(false);
    expect(await driver.review.drawnOverlapSeverities()).toEqual(['info']);
    // The conflicts table lists it in the same grey, said not to count.
    const row = recorded.page.locator('[data-testid="review-conflicts"] tr[data-conflict-layer="marine-ranch"]');
    expect(await row.getAttribute('data-counts')).toBe('false');
    expect(await row.textContent()).toContain('不计入结论');

    await driver.review.fillRecord({ name: '内置图层不计入', reviewer: '审查员丁' });
    const id = await driver.review.save();
    await driver.review.openPrintView(id);
    const marks = await recorded.page.getByTestId('print-legend-mark').evaluateAll((items) => items.map((item) => item.getAttribute('data-mark')));
    expect(marks).toContain('uncounted');
    expect(marks).not.toContain('conflict');
    expect(await recorded.page.locator('[data-testid="print-conflicts"] tr[data-counts="false"]').textContent()).toContain('不计入结论');
    expect(await recorded.page.locator('[data-testid="print-provenance-table"] tr[data-layer="marine-ranch"]').textContent()).toContain('不计入结论');
    expect(await recorded.page.getByTestId('print-disclaimer').getAttribute('data-disclaimer')).toBe('print.disclaimerGeneral');
    expect(recorded.errors).toEqual([]);
  }, 240_000);
});
