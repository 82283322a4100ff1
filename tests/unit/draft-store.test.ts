/**
 * The kept draft across a reload (issue 11 "No silent loss"): the copy written synchronously as
 * the page is left (localStorage) against the autosave's (IndexedDB) — the newer comes back and
 * is moved into IndexedDB; a saved or closed draft forgets both. IndexedDB is fake-indexeddb; the
 * localStorage is a Map behind the Storage methods the store calls (Node has none).
 */
import 'fake-indexeddb/auto';
import type { Polygon } from 'geojson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_AT_UNLOAD_KEY, forgetDraft, keepDraft, keepDraftAtUnload, readKeptDraft, type KeptDraftFields } from '../../src/records/draft-store';

const SQUARE: Polygon = {
  type: 'Polygon',
  coordinates: [[[121.546, 36.894], [121.556, 36.8935], [121.5575, 36.901], [121.551, 36.904], [121.546, 36.894]]],
};

function draft(name: string, notes = ''): KeptDraftFields {
  return {
    recordId: null,
    name,
    applicant: '',
    caseNumber: '',
    notes,
    reviewer: '',
    status: 'pending',
    site: { type: 'Feature', properties: null, geometry: SQUARE },
    source: { crs: 'EPSG:4490', crsDetected: false, axisSwapped: false },
    proposal: {},
    baseRevision: 0,
  };
}

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

let storage: MemoryStorage;
beforeEach(async () => {
  storage = new MemoryStorage();
  (globalThis as { localStorage?: unknown }).localStorage = storage;
  await forgetDraft();
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('the draft kept as the page is left', () => {
  it('is written at once, and comes back over an older autosave, moved into IndexedDB', async () => {
    expect(await keepDraft(draft(''), new Date('2026-12-03T10:00:00Z'))).toBe(true);
    expect(keepDraftAtUnload(draft('刚输入的名称', '意见'), new Date('2026-12-03T10:00:01Z'))).toBe(true);
    // Synchronously: in localStorage before any promise has run.
    expect(JSON.parse(storage.getItem(DRAFT_AT_UNLOAD_KEY)!).name).toBe('刚输入的名称');
    const read = await readKeptDraft();
    expect(read.draft).toMatchObject({ name: '刚输入的名称', notes: '意见', keptAt: '2026-12-03T10:00:01.000Z' });
    expect(storage.getItem(DRAFT_AT_UNLOAD_KEY)).toBeNull();
    // In IndexedDB now: read again without the localStorage copy.
    expect((await readKeptDraft()).draft?.name).toBe('刚输入的名称');
  });

  it('gives way to a newer autosave, and is forgotten with the draft', async () => {
    keepDraftAtUnload(draft('older'), new Date('2026-12-03T10:00:00Z'));
    await keepDraft(draft('newer'), new Date('2026-12-03T10:00:05Z'));
    expect((await readKeptDraft()).draft?.name).toBe('newer');
    expect(storage.getItem(DRAFT_AT_UNLOAD_KEY)).toBeNull();
    keepDraftAtUnload(draft('left'), new Date('2026-12-03T10:00:09Z'));
    await forgetDraft();
    expect(storage.getItem(DRAFT_AT_UNLOAD_KEY)).toBeNull();
    expect((await readKeptDraft()).draft).toBeNull();
  });

  it('ignores a damaged copy, and refuses to keep a draft that does not pass the record checks', async () => {
    await keepDraft(draft('kept'), new Date('2026-12-03T10:00:00Z'));
    storage.setItem(DRAFT_AT_UNLOAD_KEY, '{"name": "no site", "keptAt": "2099-01-01T00:00:00Z"');
    expect((await readKeptDraft()).draft?.name).toBe('kept');
    expect(storage.getItem(DRAFT_AT_UNLOAD_KEY)).toBeNull();
    expect(keepDraftAtUnload({ ...draft('bad'), site: { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [] } } })).toBe(false);
    expect(storage.getItem(DRAFT_AT_UNLOAD_KEY)).toBeNull();
  });
});
