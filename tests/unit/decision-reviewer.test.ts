/**
 * A decision names who made it: the review controller records none — 通过, 不予通过, 退回补正,
 * nor setting one back to pending — while 审查人 is empty or only spaces, keeps everything
 * typed, and puts the reason on the draft for the record form to show next to the field. The
 * case number (文号) stays optional. Records kept before the rule, with no reviewer, still load.
 * The controller runs on fake IndexedDB; the review's result is given to the store directly.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SiteReport } from '../../src/analysis/siting-review';
import { changeStatus, createRecord, listRecords, putRecord, type ReviewSite } from '../../src/records/review-records';
import { ReviewController } from '../../src/state/review-actions';
import { createReviewState, createReviewStore, reviewReducer, type ReviewStore } from '../../src/state/review-state';

const source = { crs: 'EPSG:4490' as const, crsDetected: false, axisSwapped: false };
const site: ReviewSite = {
  type: 'Feature',
  properties: null,
  geometry: { type: 'Polygon', coordinates: [[[121.55, 36.9], [121.56, 36.9], [121.56, 36.91], [121.55, 36.9]]] },
};

/** A controller whose draft has a finished review (verdict compliant) and the given fields typed. */
function reviewed(fields: { name?: string; caseNumber?: string; reviewer?: string; notes?: string }): { store: ReviewStore; controller: ReviewController } {
  const store = createReviewStore(createReviewState());
  const controller = new ReviewController({
    store,
    createAnalysis: () => {
      throw new Error('the engine is not used here');
    },
  });
  store.dispatch({ type: 'site-started', site, source });
  store.dispatch({ type: 'fields-changed', fields: { reviewer: '', ...fields } });
  const draft = store.getState().draft!;
  store.dispatch({
    type: 'review-finished',
    session: draft.session,
    report: { verdict: 'compliant' } as SiteReport,
    siteRevision: draft.siteRevision,
    proposalRevision: draft.proposalRevision,
  });
  return { store, controller };
}

async function storedIds(): Promise<string[]> {
  const listed = await listRecords();
  if (!listed.ok) throw new Error('records did not list');
  return listed.value.map((record) => record.id);
}

describe('a decision without a reviewer', () => {
  it('is not recorded, for every decision, while 审查人 is empty or only spaces; what was typed stays', async () => {
    for (const reviewer of ['', '   ']) {
      for (const status of ['approved', 'returned', 'rejected'] as const) {
        const { store, controller } = reviewed({ name: '测试项目', reviewer, notes: '同意' });
        const before = await storedIds();
        expect(await controller.setStatus(status), `${status} by ${JSON.stringify(reviewer)}`).toBeNull();
        const draft = store.getState().draft!;
        expect(draft.status).toBe('pending');
        expect(draft.recordId).toBeNull();
        expect(await storedIds()).toEqual(before);
        expect(store.getState().records).toEqual([]);
        // The reason, for the form to show next to the field; nothing typed is lost.
        expect(draft.reviewerMissing?.message.zh).toBe('未填写审查人，不能记录审查决定。');
        expect(draft.reviewerMissing?.message.en).toBe('No reviewer is named; the decision cannot be recorded.');
        expect(draft).toMatchObject({ name: '测试项目', reviewer, notes: '同意' });
      }
    }
  });

  it('is recorded once a name is typed, signed without the spaces around it, with no case number', async () => {
    const { store, controller } = reviewed({ name: '测试项目', reviewer: '' });
    expect(await controller.setStatus('approved')).toBeNull();
    store.dispatch({ type: 'fields-changed', fields: { reviewer: '  ' } });
    expect(store.getState().draft!.reviewerMissing).toBeDefined();
    store.dispatch({ type: 'fields-changed', fields: { reviewer: '  王审查 ' } });
    expect(store.getState().draft!.reviewerMissing).toBeUndefined();

    const approved = await controller.setStatus('approved');
    expect(approved?.status).toBe('approved');
    expect(approved?.history.at(-1)).toMatchObject({ status: 'approved', reviewer: '王审查' });
    expect(approved?.decision?.by).toBe('王审查');
    expect(approved?.caseNumber ?? '').toBe('');
    expect(await storedIds()).toContain(approved!.id);

    // Setting it back to pending is a decision too: it names who did it.
    store.dispatch({ type: 'fields-changed', fields: { reviewer: '' } });
    expect(await controller.setStatus('pending')).toBeNull();
    expect(store.getState().draft!.status).toBe('approved');
    expect(store.getState().draft!.reviewerMissing).toBeDefined();
  });

  it('leaves records kept before the rule, decided with no reviewer, readable and openable', async () => {
    const made = createRecord({ site, source, name: '旧记录' }, new Date('2025-01-01T00:00:00Z'));
    if (!made.ok) throw new Error('record not made');
    const old = changeStatus(made.value, 'approved', { reviewer: '', note: '' }, new Date('2025-01-02T00:00:00Z'));
    expect((await putRecord(old)).ok).toBe(true);
    const listed = await listRecords();
    const loaded = listed.ok ? listed.value.find((record) => record.id === old.id) : undefined;
    expect(loaded).toMatchObject({ status: 'approved', reviewer: '' });
    expect(loaded!.history.at(-1)).toMatchObject({ status: 'approved', reviewer: '' });
    const opened = reviewReducer(createReviewState(), { type: 'record-opened', record: loaded! });
    expect(opened.draft).toMatchObject({ recordId: old.id, status: 'approved', reviewer: '' });
    expect(opened.draft!.reviewerMissing).toBeUndefined();
  });

  it('is refused on its own draft only: a refusal for an earlier draft is dropped', () => {
    let state = reviewReducer(createReviewState(), { type: 'site-started', site, source });
    const earlier = state.draft!.session;
    state = reviewReducer(state, { type: 'site-started', site, source });
    const reason = { message: { zh: '未填写审查人', en: 'No reviewer' } };
    expect(reviewReducer(state, { type: 'decision-refused', session: earlier, reason }).draft!.reviewerMissing).toBeUndefined();
    expect(reviewReducer(state, { type: 'decision-refused', session: state.draft!.session, reason }).draft!.reviewerMissing).toBe(reason);
  });
});
