/**
 * Local key-project records in IndexedDB (through `idb`, the same pattern as
 * src/records/review-records.ts): database `weihai-rushan-atlas-projects`, store `projects`,
 * key `id`. Layer records edited here are stored under their own id and replace the layer's
 * copy on the board (project-board.ts `mergeRecords`). Failures are values with zh + en text.
 *
 * Issue 11: the same model as the review records — every stored record is validated when
 * read (a damaged one is left out and named, never crashes the board), carries a `revision`
 * that each save increments, and a save on a stale revision is refused inside the same
 * transaction; other tabs hear of changes on a BroadcastChannel.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Bilingual } from '../data/catalog-types';
import { PROJECT_STATUSES, type ProjectRecord } from './project-board';

/** A stored project record: the board's record plus its save count. */
export type StoredProjectRecord = ProjectRecord & { revision: number };
export const PROJECTS_CHANNEL = 'weihai-rushan-atlas.projects';

export const PROJECT_DATABASE_NAME = 'weihai-rushan-atlas-projects';
const STORE = 'projects';

interface ProjectDatabase extends DBSchema {
  projects: { key: string; value: StoredProjectRecord };
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

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);

/**
 * Checks one stored project record; returns it (revision 0 when stored before revisions) or
 * what is wrong, naming the field, in zh and en.
 */
export function validateProjectRecord(value: unknown): { ok: true; record: StoredProjectRecord } | { ok: false; message: Bilingual } {
  const bad = (field: string, zh: string, en: string) => ({ ok: false as const, message: { zh: `项目记录字段 ${field}：${zh}`, en: `Project record field ${field}: ${en}` } });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('record', '应为对象', 'must be an object');
  const record = value as Record<string, unknown>;
  if (!isText(record.id) || record.id.trim() === '') return bad('id', '应为非空文本', 'must be non-empty text');
  for (const field of ['name_zh', 'name_en', 'district', 'note', 'accuracy'] as const) {
    if (!isText(record[field])) return bad(field, '应为文本', 'must be text');
  }
  for (const field of ['district_en', 'note_en'] as const) {
    if (record[field] !== undefined && !isText(record[field])) return bad(field, '应为文本（可省略）', 'must be text (or left out)');
  }
  if (!(PROJECT_STATUSES as readonly unknown[]).includes(record.status)) return bad('status', `应为 ${PROJECT_STATUSES.join('、')} 之一`, `must be one of ${PROJECT_STATUSES.join(', ')}`);
  if (record.investment_yi !== null && !(typeof record.investment_yi === 'number' && Number.isFinite(record.investment_yi) && record.investment_yi >= 0)) {
    return bad('investment_yi', '应为非负数或 null', 'must be a number ≥ 0 or null');
  }
  if (!isTextList(record.clusters)) return bad('clusters', '应为文本数组', 'must be a list of text');
  if (!isTextList(record.rushan_industries)) return bad('rushan_industries', '应为文本数组', 'must be a list of text');
  const position = record.position;
  if (!Array.isArray(position) || position.length !== 2 || !position.every((number) => typeof number === 'number' && Number.isFinite(number)) || Math.abs(position[0]) > 180 || Math.abs(position[1]) > 90) {
    return bad('position', '应为 [经度, 纬度]', 'must be [longitude, latitude]');
  }
  if (record.origin !== 'layer' && record.origin !== 'local') return bad('origin', '应为 layer 或 local', 'must be layer or local');
  if (record.updated !== undefined && !(isText(record.updated) && Number.isFinite(Date.parse(record.updated)))) return bad('updated', '应为 ISO 8601 时间', 'must be an ISO 8601 time');
  const revision = record.revision === undefined ? 0 : record.revision;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) return bad('revision', '应为非负整数', 'must be a whole number ≥ 0');
  return { ok: true, record: { ...(JSON.parse(JSON.stringify(record)) as ProjectRecord), revision } };
}

/** Every valid stored record, and a bilingual line for each one left out as damaged. */
export function listCheckedProjectRecords(): Promise<StoreResult<{ records: StoredProjectRecord[]; problems: Bilingual[] }>> {
  return guard(async () => {
    const records: StoredProjectRecord[] = [];
    const problems: Bilingual[] = [];
    for (const value of await (await database()).getAll(STORE)) {
      const checked = validateProjectRecord(value);
      if (checked.ok) records.push(checked.record);
      else problems.push({ zh: `已忽略一条损坏的本地项目记录——${checked.message.zh}`, en: `A damaged local project record was left out — ${checked.message.en}` });
    }
    return { records, problems };
  });
}

export async function listProjectRecords(): Promise<StoreResult<ProjectRecord[]>> {
  const listed = await listCheckedProjectRecords();
  return listed.ok ? { ok: true, value: listed.value.records } : listed;
}

/** The revision a record was read at (0 for one not stored yet or stored before revisions). */
export function revisionOf(record: ProjectRecord | undefined): number {
  const revision = (record as Partial<StoredProjectRecord> | undefined)?.revision;
  return typeof revision === 'number' ? revision : 0;
}

function announce(id: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(PROJECTS_CHANNEL);
  channel.postMessage({ type: 'saved', id });
  channel.close();
}

/**
 * Saves a record. With `baseRevision` (the revision it was read at, {@link revisionOf}) the
 * save is refused when another tab saved it since; the stored record gets revision + 1.
 */
export async function putProjectRecord(record: ProjectRecord, options: { baseRevision?: number } = {}): Promise<StoreResult<StoredProjectRecord>> {
  const checked = validateProjectRecord({ ...record, revision: options.baseRevision ?? revisionOf(record) });
  if (!checked.ok) return { ok: false, message: checked.message };
  let stale: StoredProjectRecord | undefined;
  const result = await guard(async () => {
    const transaction = (await database()).transaction(STORE, 'readwrite');
    const stored = await transaction.store.get(record.id);
    const storedRevision = stored ? revisionOf(stored) : 0;
    if (options.baseRevision !== undefined && stored && storedRevision !== options.baseRevision) {
      stale = stored;
      transaction.abort();
      await transaction.done.catch(() => undefined);
      return null;
    }
    const saved: StoredProjectRecord = { ...checked.record, revision: storedRevision + 1 };
    await Promise.all([transaction.store.put(saved), transaction.done]);
    return saved;
  });
  if (!result.ok) return result;
  if (result.value === null) {
    return {
      ok: false,
      message: {
        zh: `项目“${record.name_zh}”已在另一标签页中保存（第 ${revisionOf(stale)} 版），本次修改未保存；请重新打开后再改。`,
        en: `The project "${record.name_en}" was saved in another tab (revision ${revisionOf(stale)}); these edits were not saved. Open it again and redo them.`,
      },
    };
  }
  announce(record.id);
  return { ok: true, value: result.value };
}

export async function deleteProjectRecord(id: string): Promise<StoreResult<void>> {
  const deleted = await guard(async () => (await database()).delete(STORE, id));
  if (deleted.ok) announce(id);
  return deleted;
}
