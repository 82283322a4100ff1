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
  async waitForDraftKept(expectedName: string): Promise<void> {
    await this.page.waitForFunction(
      async (name) => {
        const database = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('weihai-rushan-atlas-draft');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        try {
          if (!database.objectStoreNames.contains('draft')) return false;
          const kept = await new Promise<unknown>((resolve, reject) => {
            const request = database.transaction('draft').objectStore('draft').get('current');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          return typeof kept === 'object' && kept !== null && (kept as { name?: string }).name === name;
        } finally {
          database.close();
        }
      },
      expectedName,
      { timeout: 10_000, polling: 200 },
    );
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
