/**
 * Issue 11 "No silent loss": the revision check of a save (same IndexedDB transaction), the
 * review-set import as a previewed merge (adds, updates, conflicts, older), all or nothing,
 * and the decision snapshot. IndexedDB is fake-indexeddb (an in-memory implementation of
 * the W3C API) so the store code runs unchanged in Node.
 */
import 'fake-indexeddb/auto';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { changeStatus, createRecord, editRecord, openReviewStore, type ReviewRecord, type ReviewStore } from '../../src/records/review-records';
import { planReviewSetImport } from '../../src/records/review-set';
import { compareWithDecision, engineStamp } from '../../src/records/decision-snapshot';

const SQUARE: Polygon = {
  type: 'Polygon',
  coordinates: [[[121.546, 36.894], [121.556, 36.8935], [121.5575, 36.901], [121.551, 36.904], [121.546, 36.894]]],
};

let databaseCounter = 0;
async function freshStore(): Promise<ReviewStore> {
  databaseCounter += 1;
  const opened = await openReviewStore({ databaseName: `revision-test-${databaseCounter}` });
  if (!opened.ok) throw new Error(opened.error.message.en);
  return opened.value;
}

function newRecord(name: string, at = new Date('2025-03-01T08:00:00Z')): ReviewRecord {
  const created = createRecord({ site: { type: 'Feature', properties: null, geometry: SQUARE }, source: { crs: 'EPSG:4490', crsDetected: false, axisSwapped: false }, name }, at);
  if (!created.ok) throw new Error(created.error.message.en);
  return created.value;
}

function edited(record: ReviewRecord, notes: string, at: string): ReviewRecord {
  const result = editRecord(record, { notes }, new Date(at));
  if (!result.ok) throw new Error(result.error.message.en);
  return result.value;
}

describe('revision check on save', () => {
  it('a new record is stored as revision 1, each save adds 1', async () => {
    const store = await freshStore();
    const first = await store.put(newRecord('一号地块'));
    expect(first.ok && first.value.revision).toBe(1);
    if (!first.ok) return;
    const second = await store.put(edited(first.value, '补充', '2025-03-02T08:00:00Z'));
    expect(second.ok && second.value.revision).toBe(2);
  });

  it('a save on a stale revision is refused with the stored record, and nothing is written', async () => {
    const store = await freshStore();
    const saved = await store.put(newRecord('二号地块'));
    if (!saved.ok) throw new Error('not saved');
    // Two tabs open revision 1; the first saves (→ 2), the second saves on 1.
    const tabA = await store.put(edited(saved.value, 'A 的意见', '2025-03-02T08:00:00Z'));
    expect(tabA.ok).toBe(true);
    const tabB = await store.put(edited(saved.value, 'B 的意见', '2025-03-02T09:00:00Z'));
    expect(tabB.ok).toBe(false);
    if (tabB.ok) return;
    expect(tabB.error.code).toBe('STALE');
    expect(tabB.error.current?.notes).toBe('A 的意见');
    expect(tabB.error.current?.revision).toBe(2);
    expect(tabB.error.message.zh).toContain('第 2 版');
    expect(tabB.error.message.en).toContain('revision 2');
    const stored = await store.get(saved.value.id);
    expect(stored.ok && stored.value?.notes).toBe('A 的意见');
  });

  it('a new record whose id is already stored is refused (no blind overwrite)', async () => {
    const store = await freshStore();
    const record = newRecord('三号地块');
    await store.put(record);
    const again = await store.put(record);
    expect(!again.ok && again.error.code).toBe('STALE');
  });
});

describe('review-set import: preview, merge, all or nothing', () => {
  it('adds new, updates newer, keeps ours over an older backup, flags both-changed as a conflict', async () => {
    const store = await freshStore();
    // Stored here: A at revision 1; B at revision 3 (the backup has B at revision 1); C at 1, changed in both.
    const a = (await store.put(newRecord('A'))) as { ok: true; value: ReviewRecord };
    let b = (await store.put(newRecord('B'))) as { ok: true; value: ReviewRecord };
    const bBackup = b.value;
    b = (await store.put(edited(b.value, '二次意见', '2025-03-05T08:00:00Z'))) as { ok: true; value: ReviewRecord };
    b = (await store.put(edited(b.value, '三次意见', '2025-03-06T08:00:00Z'))) as { ok: true; value: ReviewRecord };
    const c = (await store.put(newRecord('C'))) as { ok: true; value: ReviewRecord };
    const cOurs = (await store.put(edited(c.value, '我们的', '2025-03-07T08:00:00Z'))) as { ok: true; value: ReviewRecord };

    // The file: A saved twice more elsewhere (newer), the old B, C changed elsewhere too, and a new D.
    const aTheirs = { ...edited(a.value, '外部更新', '2025-03-08T08:00:00Z'), revision: 3 };
    const cTheirs = { ...edited(c.value, '他们的', '2025-03-07T09:00:00Z'), revision: 2 };
    const d = { ...newRecord('D'), revision: 1 };
    const listed = await store.list();
    if (!listed.ok) throw new Error('list');
    const plan = planReviewSetImport(listed.value, [aTheirs, bBackup, cTheirs, d]);
    expect(plan.items.map((item) => item.change)).toEqual(['update', 'older', 'conflict', 'add']);
    expect(plan.counts).toEqual({ add: 1, update: 1, conflict: 1, older: 1, same: 0 });
    expect(plan.writes.map((record) => record.name)).toEqual(['A', 'D']);

    const imported = await store.importMany(plan.writes, plan.expected);
    expect(imported.ok).toBe(true);
    const after = await store.list();
    if (!after.ok) throw new Error('list');
    const byName = new Map(after.value.map((record) => [record.name, record]));
    expect(byName.get('A')?.notes).toBe('外部更新');
    expect(byName.get('B')?.notes).toBe('三次意见'); // the newer record is kept
    expect(byName.get('B')?.revision).toBe(3);
    expect(byName.get('C')?.notes).toBe(cOurs.value.notes);
    expect(byName.has('D')).toBe(true);
  });

  it('identical records are "same"; an import is refused whole when a record changed after the preview', async () => {
    const store = await freshStore();
    const a = (await store.put(newRecord('A'))) as { ok: true; value: ReviewRecord };
    const listed = (await store.list()) as { ok: true; value: ReviewRecord[] };
    const newer = { ...edited(a.value, '外部', '2025-04-01T00:00:00Z'), revision: 5 };
    const d = { ...newRecord('D'), revision: 1 };
    expect(planReviewSetImport(listed.value, [a.value]).items[0].change).toBe('same');
    const plan = planReviewSetImport(listed.value, [newer, d]);
    // Another tab saves A between the preview and the import.
    await store.put(edited(a.value, '另一标签页', '2025-03-10T00:00:00Z'));
    const imported = await store.importMany(plan.writes, plan.expected);
    expect(!imported.ok && imported.error.code).toBe('STALE');
    const after = (await store.list()) as { ok: true; value: ReviewRecord[] };
    expect(after.value.map((record) => record.name)).toEqual(['A']); // D not written either
    expect(after.value[0].notes).toBe('另一标签页');
  });
});

describe('a decision is a snapshot', () => {
  it('approving keeps the report, by and at; returning to pending drops it', async () => {
    const record = newRecord('E');
    const engine = await engineStamp();
    expect(engine.rulesHash).toMatch(/^[0-9a-f]{64}$/);
    const report = { verdict: 'compliant', conflicts: [{ layer: 'parcels', id: '7', overlap_m2: 1000 }] };
    const approved = changeStatus(record, 'approved', { reviewer: '李审', decision: { verdict: 'compliant', report, engine } }, new Date('2025-05-01T00:00:00Z'));
    expect(approved.decision).toMatchObject({ status: 'approved', by: '李审', at: '2025-05-01T00:00:00.000Z', verdict: 'compliant' });
    expect(approved.decidedAt).toBe(approved.decision?.at);
    expect(changeStatus(approved, 'pending', { reviewer: '李审' }).decision).toBeUndefined();
  });

  it('a fresh report differs when the verdict changes or an area moves by more than 0.1 %', () => {
    const decided = { verdict: 'compliant' as const, report: { verdict: 'compliant', conflicts: [{ layer: 'parcels', id: '7', overlap_m2: 1000 }] } };
    expect(compareWithDecision(decided, { verdict: 'compliant', conflicts: [{ layer: 'parcels', id: '7', overlap_m2: 1000.9 }] } as never)).toBeNull();
    expect(compareWithDecision(decided, { verdict: 'compliant', conflicts: [{ layer: 'parcels', id: '7', overlap_m2: 1001.1 }] } as never)?.changedAreas).toEqual(['.conflicts[parcels:7].overlap_m2']);
    expect(compareWithDecision(decided, { verdict: 'non-compliant', conflicts: [{ layer: 'parcels', id: '7', overlap_m2: 1000 }] } as never)?.verdictChanged).toBe(true);
    expect(compareWithDecision(decided, { verdict: 'compliant', conflicts: [] } as never)?.changedAreas).toHaveLength(1);
  });
});

describe('project-board records: same model', () => {
  it('validates on load, counts revisions and refuses a stale save', async () => {
    const { listCheckedProjectRecords, putProjectRecord } = await import('../../src/explorer/project-records');
    const base = {
      id: 'local-1',
      name_zh: '测试项目',
      name_en: 'Test project',
      status: 'planned' as const,
      investment_yi: 1.5,
      district: '乳山市',
      clusters: [],
      rushan_industries: [],
      position: [121.5, 36.9] as [number, number],
      note: '',
      origin: 'local' as const,
      accuracy: 'digitized',
    };
    const first = await putProjectRecord(base);
    expect(first.ok && first.value.revision).toBe(1);
    const second = await putProjectRecord({ ...base, note: 'A' }, { baseRevision: 1 });
    expect(second.ok && second.value.revision).toBe(2);
    const stale = await putProjectRecord({ ...base, note: 'B' }, { baseRevision: 1 });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.message.en).toContain('revision 2');
    const bad = await putProjectRecord({ ...base, id: 'local-2', position: [500, 36.9] });
    expect(!bad.ok && bad.message.zh).toContain('position');
    // A damaged record written behind the module's back is left out and named.
    const { openDB } = await import('idb');
    const database = await openDB('weihai-rushan-atlas-projects', 1);
    await database.put('projects', { ...base, id: 'local-3', status: 'demolished' });
    database.close();
    const listed = await listCheckedProjectRecords();
    expect(listed.ok && listed.value.records.map((record) => record.note)).toEqual(['A']);
    expect(listed.ok && listed.value.problems[0].en).toContain('status');
  });
});
