import { describe, expect, it } from 'vitest';
import type { SiteReport } from '../../src/analysis/siting-review';
import type { ReviewRecord, ReviewSite } from '../../src/records/review-records';
import { createReviewState, reportIsStale, reviewReducer, shownReport, type ReviewAction, type ReviewState } from '../../src/state/review-state';

const site: ReviewSite = {
  type: 'Feature',
  properties: { name: 'A' },
  geometry: { type: 'Polygon', coordinates: [[[121.55, 36.9], [121.56, 36.9], [121.56, 36.91], [121.55, 36.9]]] },
};
const source = { crs: 'EPSG:4490' as const, crsDetected: false, axisSwapped: false };
const report = { verdict: 'compliant' } as SiteReport;

const run = (state: ReviewState, ...actions: ReviewAction[]) => actions.reduce(reviewReducer, state);

describe('reviewReducer', () => {
  it('starts a draft from a new site and ends the drawing tool', () => {
    const state = run(createReviewState(), { type: 'tool-selected', tool: 'polygon' }, { type: 'site-started', site, source, name: 'A' });
    expect(state.tool).toBeNull();
    expect(state.panelOpen).toBe(true);
    expect(state.draft).toMatchObject({ recordId: null, name: 'A', status: 'pending', dirty: true });
  });

  it('drops a report made for an earlier draft and marks one made for an earlier geometry as stale', () => {
    let state = run(createReviewState(), { type: 'site-started', site, source });
    const first = state.draft!;
    state = run(state, { type: 'review-started', session: first.session });
    expect(shownReport(state.report)).toBeNull();
    state = run(state, { type: 'site-edited', site });
    state = run(state, { type: 'review-finished', session: first.session, report, siteRevision: first.siteRevision, proposalRevision: first.proposalRevision });
    expect(shownReport(state.report)).toBe(report);
    expect(reportIsStale(state)).toBe(true);
    state = run(state, { type: 'review-finished', session: first.session, report, siteRevision: state.draft!.siteRevision, proposalRevision: state.draft!.proposalRevision });
    expect(reportIsStale(state)).toBe(false);

    const second = run(state, { type: 'site-started', site, source });
    const late = run(second, { type: 'review-finished', session: first.session, report, siteRevision: first.siteRevision, proposalRevision: first.proposalRevision });
    expect(late.report).toEqual({ status: 'none' });
  });

  it('keeps edits made while a save was under way unsaved', () => {
    let state = run(createReviewState(), { type: 'site-started', site, source });
    const savedFrom = state.draft!.editRevision;
    state = run(state, { type: 'fields-changed', fields: { notes: 'typed during the save' } });
    const record = { id: 'r1', status: 'pending' } as ReviewRecord;
    state = run(state, { type: 'record-saved', record, editRevision: savedFrom });
    expect(state.draft).toMatchObject({ recordId: 'r1', dirty: true });
    state = run(state, { type: 'record-saved', record, editRevision: state.draft!.editRevision });
    expect(state.draft!.dirty).toBe(false);
  });

  it('does not attach an unsaved draft to records imported from a review set', () => {
    let state = run(createReviewState(), { type: 'site-started', site, source });
    state = run(state, { type: 'record-saved', record: { id: 'other', status: 'approved' } as ReviewRecord });
    expect(state.draft!.recordId).toBeNull();
    expect(state.records.map((record) => record.id)).toEqual(['other']);
  });

  it('closes the draft of a deleted record, and closing the panel ends drawing and editing', () => {
    const record = { id: 'r1', status: 'pending', name: '', applicant: '', notes: '', reviewer: '', site, source, proposal: {} } as unknown as ReviewRecord;
    let state = run(createReviewState(), { type: 'records-loaded', records: [record] }, { type: 'record-opened', record }, { type: 'editing-set', editing: true });
    expect(state.editing).toBe(true);
    state = run(state, { type: 'panel-toggled', open: false });
    expect(state.editing).toBe(false);
    state = run(state, { type: 'record-deleted', id: 'r1' });
    expect(state.draft).toBeNull();
    expect(state.records).toEqual([]);
  });

  it('keeps the import preview apart from the draft until it is accepted', () => {
    const blob = new Blob(['x']);
    let state = run(createReviewState(), { type: 'import-started', fileName: 'a.csv', source: blob });
    expect(state.importFlow.phase).toBe('reading');
    state = run(state, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: {} });
    expect(state.importFlow).toMatchObject({ phase: 'error', fileName: 'a.csv' });
    expect(state.draft).toBeNull();
    // A late progress event after the failure changes nothing.
    expect(run(state, { type: 'import-progress', progress: { stage: 'parsing' } })).toBe(state);
  });

  it('remembers that a file was read with repair, so another CRS reads it with repair again', () => {
    const blob = new Blob(['x']);
    const result = { features: { type: 'FeatureCollection', features: [site] } } as never;
    const repaired = run(createReviewState(), { type: 'import-started', fileName: 'bowtie.geojson', source: blob, repair: true });
    expect(repaired.importFlow).toMatchObject({ phase: 'reading', repaired: true });
    expect(run(repaired, { type: 'import-previewed', result }).importFlow).toMatchObject({ phase: 'preview', repaired: true });
    expect(run(repaired, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: { crs: true } }).importFlow).toMatchObject({ phase: 'error', repaired: true });
    const plain = run(createReviewState(), { type: 'import-started', fileName: 'a.geojson', source: blob }, { type: 'import-previewed', result });
    expect(plain.importFlow).not.toHaveProperty('repaired');
  });
});
