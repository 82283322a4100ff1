/**
 * Issue 11 "No silent loss" and "A decision is a snapshot", in Chromium: each loss path a
 * reviewer can hit — a reload with an unsaved site, closing the tab with unsaved edits, two
 * tabs saving the same record, importing an older backup over newer records, printing after
 * a later edit — driven through tests/e2e/records-safety-driver.ts. Each test has its own
 * browser context (own IndexedDB). The drawn square is the one of the site-review spec
 * (tests/fixtures/e2e/expected-site-review.json, corners from shapely/pyproj's script).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newRecordedPage } from './browser';
import { RecordsSafetyDriver } from './records-safety-driver';

const root = path.resolve(import.meta.dirname, '../..');
const expected = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/e2e/expected-site-review.json'), 'utf8')) as {
  drawn: Record<string, { corners: [number, number][] }>;
};
const square = expected.drawn['drawn-square'].corners;
const VIEW = 'map=14.00/36.90200/121.54500';

describe('records safety in Chromium', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  const scratch = mkdtempSync(path.join(tmpdir(), 'records-safety-e2e-'));

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function freshDriver(timezoneId?: string) {
    // A Chromium that crashed in an earlier test (it did once, closing a tab after its
    // beforeunload prompt) is started again, so the crash fails that test only, not every later one.
    if (!browser.isConnected()) browser = await launchBrowser();
    const recorded = await newRecordedPage(browser, undefined, timezoneId ? { timezoneId } : {});
    return { recorded, driver: new RecordsSafetyDriver(recorded.page, baseURL) };
  }

  it('a reload with an unsaved drawn site brings it back, with a notice in the reviewer’s local time', async () => {
    const { recorded, driver } = await freshDriver('Asia/Shanghai');
    await driver.open(VIEW);
    await driver.drawRectangle(square[0], square[2]);
    await driver.fillRecord({ name: '未保存的地块', notes: '重载前的意见' });
    await driver.waitForDraftKept('未保存的地块');
    // The reload itself: the guard must not stop it (the driver accepts the prompt if one shows).
    await driver.reloadToKeptSite();
    expect(await driver.recordFieldValue('name')).toBe('未保存的地块');
    expect(await driver.recordFieldValue('notes')).toBe('重载前的意见');
    const notice = await driver.noticeText();
    expect(notice).toMatch(/恢复|Restored/);
    // Kept a moment ago, in Weihai's clock (UTC+8), not UTC.
    const shanghai = (at: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
    const lately = [0, 1, 2].map((minutes) => shanghai(Date.now() - minutes * 60_000));
    expect(lately.some((when) => notice.includes(when)), `${notice} / ${lately.join(', ')}`).toBe(true);
    expect(notice).not.toMatch(/UTC/);
    expect(await recorded.page.getByTestId('review-save-state').getAttribute('data-saved')).toBe('false');
    await recorded.context.close();
  });

  it('a reload right after typing brings back what was typed, even while IndexedDB is slow', async () => {
    const { recorded, driver } = await freshDriver();
    await driver.open(VIEW);
    await driver.drawRectangle(square[0], square[2]);
    await driver.waitForDraftKept('');
    await driver.fillRecord({ name: '刚输入的名称', notes: '刚输入的意见' });
    // Reloaded within the autosave's wait, with the draft store busy (a loaded machine): the
    // write begun as the page goes cannot land before it is gone.
    await driver.holdDraftStore(3_000);
    await driver.reloadToKeptSite();
    expect(await driver.recordFieldValue('name')).toBe('刚输入的名称');
    expect(await driver.recordFieldValue('notes')).toBe('刚输入的意见');
    // Moved into IndexedDB: a second reload brings it back too.
    await driver.waitForDraftKept('刚输入的名称');
    await driver.reloadToKeptSite();
    expect(await driver.recordFieldValue('name')).toBe('刚输入的名称');
    await recorded.context.close();
  });

  it('closing the tab with unsaved edits fires the leave guard; a new site asks before replacing them', async () => {
    const { recorded, driver } = await freshDriver();
    await driver.open(VIEW);
    await driver.drawRectangle(square[0], square[2]);
    await driver.fillRecord({ name: '关闭前未保存' });
    // Starting another site over the unsaved one asks first (in-app dialog); "cancel" keeps it.
    await recorded.page.getByTestId('review-new-site').click();
    expect(await driver.confirmReplaceShown()).toBe(true);
    // A site never saved is itself what would be lost, not "changes" to it.
    expect(await driver.confirmReplaceText()).toMatch(/当前选址尚未保存.*它会丢失/);
    expect(await driver.confirmReplaceText()).not.toContain('修改');
    // Keyboard: the safe choice has the focus; Esc cancels.
    expect(await recorded.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('records-confirm-cancel');
    await recorded.page.keyboard.press('Escape');
    await recorded.page.getByTestId('records-confirm-replace').waitFor({ state: 'detached' });
    expect(await driver.recordFieldValue('name')).toBe('关闭前未保存');
    // Asked again and answered "replace": the unsaved site goes.
    await recorded.page.getByTestId('review-new-site').click();
    await driver.answerReplace(true);
    await expect.poll(() => recorded.page.getByTestId('review-site').count()).toBe(0);
    await driver.drawRectangle(square[0], square[2]);
    await driver.fillRecord({ name: '关闭前未保存' });

    const dialogs: string[] = [];
    const dismissed: Promise<void>[] = [];
    recorded.page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      dismissed.push(dialog.dismiss());
    });
    await recorded.page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toContain('beforeunload');
    // The context is closed only once the prompt is answered: closing it while the answer was
    // still on its way crashed Chromium (the tab, then every later test in this file).
    await Promise.all(dismissed);
    await recorded.context.close();
  });

  it('two tabs saving the same record: the second save is refused with a choice; the other tab follows', async () => {
    const { recorded, driver: tabA } = await freshDriver();
    await tabA.open(VIEW);
    await tabA.drawRectangle(square[0], square[2]);
    await tabA.waitForReview();
    await tabA.fillRecord({ name: '两标签页地块', notes: '初稿' });
    const id = await tabA.save();

    const pageB = await recorded.context.newPage();
    const tabB = new RecordsSafetyDriver(pageB, baseURL);
    await tabB.atlas.open(`${VIEW}&site=${id}`);
    await pageB.getByTestId('review-site').waitFor({ timeout: 20_000 });
    expect(await tabB.recordFieldValue('notes')).toBe('初稿');
    await tabB.fillRecord({ notes: 'B 的修改' });
    await tabB.setProposal({ far: '1.5' });

    await tabA.fillRecord({ notes: 'A 的修改' });
    await tabA.save();

    // B saves on the revision it opened: refused, with load theirs / keep mine as a copy / compare.
    await tabB.clickSave();
    expect(await tabB.conflictShown()).toBe(true);
    expect(await tabB.conflictChoices()).toEqual(
      expect.arrayContaining(['records-conflict-compare-toggle', 'records-conflict-keep-copy', 'records-conflict-load-theirs']),
    );
    // The fields are named in the interface's language, not by their JSON names.
    const differing = await tabB.compareConflict();
    expect(differing).toContain('审查意见');
    // The proposal field by field, as the form shows it, not as JSON.
    expect(differing).toContain('容积率');
    const proposalRow = await pageB.locator('[data-testid="records-conflict-compare"] tr[data-field="proposal.far"] td').allTextContents();
    expect(proposalRow).toEqual(['1.5', '']);
    expect(await pageB.getByTestId('records-conflict-compare').textContent()).not.toContain('{');
    await tabB.keepMineAsCopy();
    // A's save stands; B's edits became a second record, and tab A's list shows it without a reload.
    await expect.poll(async () => (await tabA.recordRows()).length, { timeout: 10_000 }).toBe(2);
    const rowsA = await tabA.recordRows();
    expect(rowsA.some((row) => row.text.includes('副本'))).toBe(true);
    await recorded.context.close();
  });

  it('importing an older backup over newer records: the preview says older, the newer record is kept', async () => {
    const { recorded, driver } = await freshDriver();
    await driver.open(VIEW);
    await driver.drawRectangle(square[0], square[2]);
    await driver.waitForReview();
    await driver.fillRecord({ name: '备份地块', notes: '旧意见' });
    const id = await driver.save();
    const backup = await driver.exportReviewSet();
    // Persistent storage was asked for on the first save; its state is shown.
    expect(['true', 'false', 'null']).toContain(await driver.persistedState());

    await driver.showTab('site');
    await driver.fillRecord({ notes: '新意见' });
    await driver.save();

    // The backup, plus one record that is not here yet.
    const file = JSON.parse(backup.text) as { features: { id: string; properties: Record<string, unknown> }[] };
    const added = structuredClone(file.features[0]);
    added.id = '0b6e2c1a-1111-4c3d-9e8f-000000000001';
    added.properties.id = added.id;
    added.properties.name = '新增地块';
    file.features.push(added);
    const backupPath = path.join(scratch, 'older-backup.review-set.geojson');
    writeFileSync(backupPath, JSON.stringify(file));

    const preview = await driver.previewReviewSetImport(backupPath);
    expect(preview.find((row) => row.id === id)?.change).toBe('older');
    expect(preview.find((row) => row.id === added.id)?.change).toBe('add');
    expect(preview.find((row) => row.id === id)?.text).toContain('备份地块');
    await driver.confirmImport();

    const rows = await driver.recordRows();
    expect(rows.map((row) => row.id).sort()).toEqual([id, added.id].sort());
    await driver.showTab('site');
    expect(await driver.recordFieldValue('notes')).toBe('新意见');
    await recorded.context.close();
  });

  it('print after a later edit shows the decided snapshot and says a fresh review differs', async () => {
    const { recorded, driver } = await freshDriver();
    await driver.open(VIEW);
    await driver.drawRectangle(square[0], square[2]);
    await driver.waitForReview();
    // 2002 division 27 (医药制造业): minimum FAR 0.7 (REFERENCE.md).
    await driver.setIndustry('2002', '27');
    await driver.setProposal({ far: '2' });
    await driver.waitForReview();
    await driver.fillRecord({ name: '快照地块', reviewer: '李审' });
    const id = await driver.save();
    await driver.waitForReview();
    const decidedVerdict = await driver.verdict();
    // Judged on the atlas's schematic boundaries only (no reference layer): said at the verdict.
    expect(await recorded.page.getByTestId('review-verdict-basis').textContent()).toMatch(/初步结论|Preliminary/);
    await driver.decide('approved');

    // A later edit: the FAR drops below the minimum, saved on the approved record.
    await driver.setProposal({ far: '0.1' });
    await driver.waitForReview();
    const freshVerdict = await driver.verdict();
    await driver.save();

    await driver.openPrintView(id);
    const snapshot = await recorded.page.getByTestId('print-snapshot').textContent();
    expect(snapshot).toMatch(/快照|snapshot/);
    expect(snapshot).toContain('李审');
    expect(await recorded.page.getByTestId('print-verdict').textContent()).not.toBe('');
    const printedVerdictClass = await recorded.page.getByTestId('print-verdict').getAttribute('class');
    expect(printedVerdictClass).toContain(`verdict-${decidedVerdict}`);
    expect(await recorded.page.getByTestId('print-verdict-basis').textContent()).toMatch(/初步结论|Preliminary/);
    if (freshVerdict !== decidedVerdict) {
      expect(await recorded.page.getByTestId('print-snapshot-differs').count()).toBe(1);
    }
    await recorded.context.close();
  });

  it('a print address of a record not in this browser says so, and nothing says the report is being prepared', async () => {
    const { recorded } = await freshDriver();
    await recorded.page.goto(`${baseURL}#print=does-not-exist`);
    await recorded.page.getByRole('alert').filter({ hasText: /找不到这条审查记录|not found/ }).waitFor({ timeout: 30_000 });
    expect(await recorded.page.getByTestId('print-print').isDisabled()).toBe(true);
    expect(await recorded.page.getByText(/正在准备报告|Preparing the report/).count()).toBe(0);
    await recorded.context.close();
  });

  it('a GB/T 4754-2017 code is read against the 2002 table, an ambiguous one is refused', async () => {
    const { recorded, driver } = await freshDriver();
    await driver.open(VIEW);
    await driver.drawRectangle(square[0], square[2]);
    await driver.setIndustry('2017', '29');
    const refusal = await recorded.page.getByTestId('review-proposal-industry-error').textContent();
    expect(refusal).toMatch(/29/);
    expect(refusal).toMatch(/291|292/);
    await recorded.context.close();
  });
});
