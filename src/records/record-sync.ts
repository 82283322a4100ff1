/**
 * Tabs of the atlas see each other's record changes (issue 11 "No silent loss"): every save,
 * delete or import is announced on a BroadcastChannel, and the writes themselves run under
 * one Web Lock, so two tabs never interleave a read-check-write of the same store (the
 * revision check in review-records.ts is also inside one IndexedDB transaction; the lock
 * keeps the announcement in order with the write). Both APIs are optional: without them
 * (old browsers, some embedded views) the work simply runs and nothing is announced.
 *
 * No React, no MapLibre.
 */

export const RECORDS_CHANNEL = 'weihai-rushan-atlas.records';
export const RECORDS_LOCK = 'weihai-rushan-atlas.records';

export type RecordsChange =
  | { type: 'saved'; id: string; revision: number }
  | { type: 'deleted'; id: string }
  | { type: 'imported'; ids: string[] };

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** Runs `work` holding the records lock (or straight away where Web Locks are missing). */
export async function withRecordsLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = (typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManagerLike }).locks : undefined) ?? undefined;
  if (!locks) return work();
  return locks.request(RECORDS_LOCK, work);
}

export interface RecordsSync {
  announce(change: RecordsChange): void;
  close(): void;
}

function isChange(value: unknown): value is RecordsChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  if (change.type === 'saved') return typeof change.id === 'string' && typeof change.revision === 'number';
  if (change.type === 'deleted') return typeof change.id === 'string';
  if (change.type === 'imported') return Array.isArray(change.ids) && change.ids.every((id) => typeof id === 'string');
  return false;
}

/**
 * Listens for other tabs' changes (`onChange` never sees this tab's own announcements: a
 * BroadcastChannel does not deliver to its sender) and announces this tab's.
 */
export function openRecordsSync(onChange: (change: RecordsChange) => void): RecordsSync {
  if (typeof BroadcastChannel === 'undefined') return { announce() {}, close() {} };
  const channel = new BroadcastChannel(RECORDS_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    // Another tab of the same origin is trusted code, but check the shape anyway.
    if (isChange(event.data)) onChange(event.data);
  };
  return {
    announce(change) {
      try {
        channel.postMessage(change);
      } catch {
        // A closed channel: the other tabs refresh on their next load.
      }
    },
    close() {
      channel.close();
    },
  };
}
