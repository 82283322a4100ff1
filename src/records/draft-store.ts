/**
 * The working site kept across a reload, a closed tab or a crash (issue 11 "No silent loss"):
 * the unsaved draft — geometry, proposal, record fields — is written (debounced by the
 * caller) to its own small IndexedDB database, one entry per browser profile, and read back
 * on load. A separate database from the records (review-records.ts) so that neither needs
 * a schema upgrade for the other. The draft goes through `validateRecord` both ways, so a
 * damaged or hostile entry is dropped with a message instead of crashing the page.
 *
 * Leaving the page (`keepDraftAtUnload`) cannot wait for IndexedDB: a write begun after the
 * page's last task may never land, and the edits of the last debounce window were lost on a
 * reload (found by the records-safety e2e under load: the name typed 0.2 s before a reload came
 * back empty). So the draft is also written synchronously to localStorage as the page goes, and
 * the IndexedDB write is started within the same task; on load the newer of the two is taken
 * (and the localStorage copy moved into IndexedDB).
 *
 * No React, no MapLibre; needs `indexedDB` (a browser, or fake-indexeddb in tests).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { Bilingual } from '../data/catalog-types';
import { validateRecord, type ReviewProposal, type ReviewSite, type ReviewSource, type ReviewStatus } from './review-records';

export const DRAFT_DATABASE_NAME = 'weihai-rushan-atlas-draft';
const STORE = 'draft';
const KEY = 'current';

/** The draft's saved-with-the-record fields: what the review's draft (state/review-state.ts) holds and the autosave keeps. */
export interface KeptDraftFields {
  /** The saved record this draft edits; null until first saved. */
  recordId: string | null;
  name: string;
  applicant: string;
  /** The bureau's case number (文号); '' when not given. */
  caseNumber: string;
  notes: string;
  reviewer: string;
  status: ReviewStatus;
  site: ReviewSite;
  source: ReviewSource;
  proposal: ReviewProposal;
  /** Issue 11: the stored revision this draft was opened at (0 = never saved); a save on an older one is refused. */
  baseRevision: number;
}

/** What is kept: the draft's fields, and when it was kept. */
export interface StoredDraft extends KeptDraftFields {
  /** ISO 8601. */
  keptAt: string;
}

let opening: Promise<IDBPDatabase> | undefined;
/** The database once open: a write can then begin within the caller's task (keepDraftAtUnload). */
let opened: IDBPDatabase | undefined;

function database(): Promise<IDBPDatabase> {
  if (!opening) {
    const pending = openDB(DRAFT_DATABASE_NAME, 1, {
      upgrade(upgrading) {
        upgrading.createObjectStore(STORE);
      },
      blocking() {
        void pending.then((db) => db.close());
        if (opening === pending) opening = undefined;
        opened = undefined;
      },
    });
    opening = pending;
    pending.then(
      (db) => {
        if (opening === pending) opened = db;
      },
      () => {
        if (opening === pending) opening = undefined;
      },
    );
  }
  return opening;
}

/** Where the draft goes synchronously as the page is left (localStorage). */
export const DRAFT_AT_UNLOAD_KEY = 'weihai-rushan-atlas.draft-at-unload';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled
  }
}

/** The copy written as the page was left, checked; null when there is none or it does not pass. */
function draftAtUnload(): StoredDraft | null {
  try {
    const text = storage()?.getItem(DRAFT_AT_UNLOAD_KEY);
    return text ? validateDraft(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

function forgetDraftAtUnload(): void {
  try {
    storage()?.removeItem(DRAFT_AT_UNLOAD_KEY);
  } catch {
    // Nothing kept there.
  }
}

/** Checks a kept draft with the record validator (a draft is a record not yet saved). */
export function validateDraft(value: unknown): StoredDraft | null {
  if (typeof value !== 'object' || value === null) return null;
  const draft = value as Record<string, unknown>;
  const now = typeof draft.keptAt === 'string' ? draft.keptAt : new Date().toISOString();
  const checked = validateRecord({
    id: typeof draft.recordId === 'string' && draft.recordId !== '' ? draft.recordId : 'draft',
    name: draft.name,
    applicant: draft.applicant,
    caseNumber: draft.caseNumber ?? '',
    status: draft.status,
    notes: draft.notes,
    reviewer: draft.reviewer,
    createdAt: now,
    updatedAt: now,
    history: [],
    site: draft.site,
    source: draft.source,
    proposal: draft.proposal,
    revision: draft.baseRevision,
  });
  if (!checked.ok) return null;
  const record = checked.value;
  return {
    recordId: typeof draft.recordId === 'string' && draft.recordId !== '' ? draft.recordId : null,
    name: record.name,
    applicant: record.applicant,
    caseNumber: record.caseNumber ?? '',
    notes: record.notes,
    reviewer: record.reviewer,
    status: record.status,
    site: record.site,
    source: record.source,
    proposal: record.proposal,
    baseRevision: record.revision,
    keptAt: record.updatedAt,
  };
}

/** Keeps the draft (replacing the one kept before). Resolves false when storage is unavailable. */
export async function keepDraft(draft: KeptDraftFields, now: Date = new Date()): Promise<boolean> {
  try {
    const checked = validateDraft({ ...draft, keptAt: now.toISOString() });
    if (!checked) return false;
    await (await database()).put(STORE, checked, KEY);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps the draft as the page is left (`beforeunload`), without waiting for anything: written
 * to localStorage at once (a site too large for it still goes to IndexedDB), and the IndexedDB
 * write begun in this task when the database is open. Returns false when the draft does not pass.
 */
export function keepDraftAtUnload(draft: KeptDraftFields, now: Date = new Date()): boolean {
  const checked = validateDraft({ ...draft, keptAt: now.toISOString() });
  if (!checked) return false;
  try {
    storage()?.setItem(DRAFT_AT_UNLOAD_KEY, JSON.stringify(checked));
  } catch {
    // Over the storage quota, or storage disabled: the IndexedDB write below is all there is.
  }
  if (opened) opened.put(STORE, checked, KEY).catch(() => undefined);
  else void keepDraft(draft, now);
  return true;
}

/**
 * The kept draft, or null (none, unreadable, or failing validation: then `dropped` says why):
 * the newer of the IndexedDB entry and the copy written as the page was left, which is then
 * moved into IndexedDB.
 */
export async function readKeptDraft(): Promise<{ draft: StoredDraft | null; dropped?: Bilingual }> {
  const atUnload = draftAtUnload();
  let kept: StoredDraft | null = null;
  let damaged = false;
  try {
    const value: unknown = await (await database()).get(STORE, KEY);
    if (value !== undefined) {
      kept = validateDraft(value);
      damaged = kept === null;
    }
  } catch {
    // IndexedDB unavailable: the copy from the unload, if any, is what there is.
  }
  if (atUnload && (!kept || atUnload.keptAt > kept.keptAt)) {
    try {
      await (await database()).put(STORE, atUnload, KEY);
      forgetDraftAtUnload();
    } catch {
      // Kept in localStorage until IndexedDB takes it.
    }
    return { draft: atUnload };
  }
  forgetDraftAtUnload();
  if (kept) return { draft: kept };
  if (!damaged) return { draft: null };
  await forgetDraft();
  return {
    draft: null,
    dropped: { zh: '上次未保存的选址已损坏，无法恢复，已丢弃。', en: 'The unsaved site kept from last time was damaged and could not be restored; it was discarded.' },
  };
}

/** Forgets the kept draft (after a save, or when the draft is closed on purpose). */
export async function forgetDraft(): Promise<void> {
  forgetDraftAtUnload();
  try {
    await (await database()).delete(STORE, KEY);
  } catch {
    // Nothing kept, nothing lost.
  }
}
