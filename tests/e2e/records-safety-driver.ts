import type { Page } from 'playwright-core';
import { ReviewDriver } from './review-driver';

/**
 * Issue 11 "No silent loss": what a reviewer sees of the records-safety dialogs — the
 * restored draft, "replace the unsaved site?", the save conflict, the review-set import
 * preview, the persistent-storage line and the decided snapshot in the print. Only this
 * file knows their data-testid names.
 */
export class RecordsSafetyDriver extends ReviewDriver {
  constructor(page: Page, baseURL: string) {
    super(page, baseURL);
  }

  /** Waits until the autosave has kept the current draft (its debounce is 600 ms). */
  /** The name of the draft kept in IndexedDB now (null when none is kept). */
  async keptDraftName(): Promise<string | null> {
    return this.page.evaluate(async () => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('weihai-rushan-atlas-draft');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        if (!database.objectStoreNames.contains('draft')) return null;
        const kept = await new Promise<unknown>((resolve, reject) => {
          const request = database.transaction('draft').objectStore('draft').get('current');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        return typeof kept === 'object' && kept !== null ? String((kept as { name?: unknown }).name ?? '') : null;
      } finally {
        database.close();
      }
    });
  }

  /**
   * Waits until the autosave has kept a draft of this name. Polled from here: Playwright's
   * waitForFunction takes the promise an async predicate returns as its truthy answer, so it
   * returned at once and this wait waited for nothing (the reload test then raced the autosave).
   */
  async waitForDraftKept(expectedName: string, timeout = 10_000): Promise<void> {
    const until = Date.now() + timeout;
    for (;;) {
      if ((await this.keptDraftName()) === expectedName) return;
      if (Date.now() > until) throw new Error(`no draft named ${expectedName} kept within ${timeout} ms`);
      await this.page.waitForTimeout(200);
    }
  }

  /**
   * Keeps the kept-draft store busy for `ms` (a read-write transaction that goes on reading), as
   * a loaded machine's slow IndexedDB is: a write the app begins meanwhile waits behind it.
   */
  async holdDraftStore(ms: number): Promise<void> {
    await this.page.evaluate(async (hold) => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('weihai-rushan-atlas-draft');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const store = database.transaction('draft', 'readwrite').objectStore('draft');
      const until = performance.now() + hold;
      const next = () => {
        if (performance.now() < until) store.get('current').onsuccess = next;
      };
      next();
    }, ms);
  }

  /** Reloads the page (accepting the leave prompt) and waits for the app and the kept site to be back. */
  async reloadToKeptSite(): Promise<void> {
    const accept = (dialog: { accept(): Promise<void> }) => void dialog.accept();
    this.page.on('dialog', accept);
    try {
      await this.page.reload();
    } finally {
      this.page.off('dialog', accept);
    }
    await this.atlas.waitUntilReady();
    await this.page.getByTestId('review-site').waitFor({ timeout: 20_000 });
  }

  async noticeText(): Promise<string> {
    const notice = this.page.getByTestId('review-notice');
    await notice.waitFor();
    return (await notice.textContent()) ?? '';
  }

  /** The "replace the unsaved site?" dialog, if it shows within `timeout`. */
  async confirmReplaceShown(timeout = 5_000): Promise<boolean> {
    try {
      await this.page.getByTestId('records-confirm-replace').waitFor({ timeout });
      return true;
    } catch {
      return false;
    }
  }

  /** What the "replace the unsaved site?" dialog says. */
  async confirmReplaceText(): Promise<string> {
    return (await this.page.getByTestId('records-confirm-body').textContent()) ?? '';
  }

  async answerReplace(replace: boolean): Promise<void> {
    await this.page.getByTestId(replace ? 'records-confirm-replace-yes' : 'records-confirm-cancel').click();
    await this.page.getByTestId('records-confirm-replace').waitFor({ state: 'detached' });
  }

  async clickSave(): Promise<void> {
    await this.page.getByTestId('review-save').click();
  }

  async conflictShown(): Promise<boolean> {
    await this.page.getByTestId('records-conflict').waitFor({ timeout: 10_000 });
    return true;
  }

  async conflictChoices(): Promise<string[]> {
    return this.page.locator('[data-testid="records-conflict"] button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
  }

  async compareConflict(): Promise<string[]> {
    await this.page.getByTestId('records-conflict-compare-toggle').click();
    return this.page.locator('[data-testid="records-conflict-compare"] tr.is-different th').allTextContents();
  }

  async keepMineAsCopy(): Promise<void> {
    await this.page.getByTestId('records-conflict-keep-copy').click();
    await this.page.getByTestId('records-conflict').waitFor({ state: 'detached' });
  }

  /** Picks a review-set file; resolves with the preview's rows (change, name) once it shows. */
  async previewReviewSetImport(path: string): Promise<{ change: string; id: string; text: string }[]> {
    await this.recordRows();
    await this.page.getByTestId('review-set-input').setInputFiles(path);
    await this.page.getByTestId('records-import-preview').waitFor();
    return this.page
      .locator('[data-testid="records-import-item"]')
      .evaluateAll((rows) => rows.map((row) => ({ change: row.getAttribute('data-change') ?? '', id: row.getAttribute('data-record-id') ?? '', text: row.textContent ?? '' })));
  }

  async confirmImport(): Promise<void> {
    await this.page.getByTestId('records-import-confirm').click();
    await this.page.getByTestId('records-import-preview').waitFor({ state: 'detached' });
    await this.page.getByTestId('review-notice').waitFor();
  }

  async persistedState(): Promise<string | null> {
    await this.recordRows();
    return this.page.getByTestId('records-persisted').getAttribute('data-persisted');
  }

  async setIndustry(edition: '2002' | '2017', code: string): Promise<void> {
    await this.page.getByTestId('review-proposal-industryEdition').selectOption(edition);
    await this.page.getByTestId('review-proposal-industryCode').fill(code);
  }
}
