/**
 * Local key-project records in IndexedDB (through `idb`, the same pattern as
 * src/data/review-records.ts): database `weihai-rushan-atlas-projects`, store `projects`, key
 * `id`. Layer records edited here are stored under their own id and replace the layer's copy
 * on the board (project-board.ts `mergeRecords`). Failures are values with zh + en text.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Bilingual } from '../data/catalog-types';
import type { ProjectRecord } from './project-board';

export const PROJECT_DATABASE_NAME = 'weihai-rushan-atlas-projects';
const STORE = 'projects';

interface ProjectDatabase extends DBSchema {
  projects: { key: string; value: ProjectRecord };
}

export type StoreResult<T> = { ok: true; value: T } | { ok: false; message: Bilingual };

let opening: Promise<IDBPDatabase<ProjectDatabase>> | undefined;

function database(): Promise<IDBPDatabase<ProjectDatabase>> {
  if (!opening) {
    opening = openDB<ProjectDatabase>(PROJECT_DATABASE_NAME, 1, {
      upgrade(upgrading) {
        upgrading.createObjectStore(STORE, { keyPath: 'id' });
      },
      blocking() {
        void opening?.then((db) => db.close());
        opening = undefined;
      },
    });
    opening.catch(() => {
      opening = undefined; // a failed open is retried next time
    });
  }
  return opening;
}

async function guard<T>(work: () => Promise<T>): Promise<StoreResult<T>> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('indexedDB is not available');
    return { ok: true, value: await work() };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: {
        zh: `本地项目记录无法读写（${detail}）。浏览器可能禁用了存储（隐私模式）；记录未保存。`,
        en: `Local project records could not be read or written (${detail}). The browser may have storage disabled (private mode); nothing was saved.`,
      },
    };
  }
}

export function listProjectRecords(): Promise<StoreResult<ProjectRecord[]>> {
  return guard(async () => (await database()).getAll(STORE));
}

export function putProjectRecord(record: ProjectRecord): Promise<StoreResult<ProjectRecord>> {
  return guard(async () => {
    // Structured clone of plain data only (no class instances, no undefined members).
    await (await database()).put(STORE, JSON.parse(JSON.stringify(record)) as ProjectRecord);
    return record;
  });
}

export function deleteProjectRecord(id: string): Promise<StoreResult<void>> {
  return guard(async () => (await database()).delete(STORE, id));
}
