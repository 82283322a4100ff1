/**
 * The review runner sends only the latest geometry to the engine. A polygon being drawn asks
 * for a review at every vertex while the proposal reader (GB/T 4754 tables, its own chunk) is
 * still loading; when those waits ended out of order, an older geometry reached the engine last,
 * its report was stale, and the review never became ready (CI, stop 26: three drawn-site e2e
 * tests waited 90 s). The reader here is a promise the test resolves itself; the engine answers
 * at once, so any older geometry sent after the newest would leave the report stale.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteReport } from '../../src/analysis/siting-review';
import type { ReviewSite } from '../../src/records/review-records';
import { engineProposal } from '../../src/records/engine-proposal';
import { ReviewController, type ProposalReader } from '../../src/state/review-actions';
import { createReviewState, createReviewStore, reportIsStale, type ReviewStore } from '../../src/state/review-state';
import type { Analysis } from '../../src/worker/protocol';
import { deferred, type Deferred } from './deferred';

const source = { crs: 'EPSG:4490' as const, crsDetected: false, axisSwapped: false };

function square(size: number): ReviewSite {
  return {
    type: 'Feature',
    properties: null,
    geometry: { type: 'Polygon', coordinates: [[[121.55, 36.9], [121.55 + size, 36.9], [121.55 + size, 36.9 + size], [121.55, 36.9]]] },
  };
}

/** An engine that answers every review at once and remembers the sites it was given. */
function fakeEngine(reviewed: ReviewSite[]): Analysis {
  return {
    loadAtlasLayers: async () => ({ ok: true, value: undefined }),
    review: async (site: ReviewSite) => {
      reviewed.push(site);
      return { ok: true, value: { verdict: 'compliant' } as SiteReport };
    },
    dispose: () => undefined,
  } as unknown as Analysis;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

function runner(loads: Array<Deferred<ProposalReader>>, reviewed: ReviewSite[]): ReviewStore {
  const store = createReviewStore(createReviewState());
  const controller = new ReviewController({
    store,
    createAnalysis: () => fakeEngine(reviewed),
    loadProposalReader: () => {
      const load = deferred<ProposalReader>();
      loads.push(load);
      return load.promise;
    },
  });
  stops.push(controller.start());
  return store;
}

describe('review runner order', () => {
  it('sends only the newest geometry once the proposal reader has loaded, and the report is for it', async () => {
    const loads: Array<Deferred<ProposalReader>> = [];
    const reviewed: ReviewSite[] = [];
    const store = runner(loads, reviewed);
    store.dispatch({ type: 'site-started', site: square(0.001), source });
    store.dispatch({ type: 'site-edited', site: square(0.002) });
    store.dispatch({ type: 'site-edited', site: square(0.003) });
    // Resolved newest first: the order that left the report stale.
    for (const load of [...loads].reverse()) load.resolve({ engineProposal });
    await settle();

    expect(reviewed).toEqual([square(0.003)]);
    const state = store.getState();
    expect(state.report.status).toBe('ready');
    expect(reportIsStale(state)).toBe(false);
  });

  it('says so when the reader does not load, and tries again on the next review', async () => {
    const loads: Array<Deferred<ProposalReader>> = [];
    const reviewed: ReviewSite[] = [];
    const store = runner(loads, reviewed);
    store.dispatch({ type: 'site-started', site: square(0.001), source });
    loads[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await settle();

    const failed = store.getState().report;
    expect(failed.status).toBe('error');
    expect(failed.status === 'error' && failed.error.message.zh).toMatch(/行业分类表未能载入/);
    expect(reviewed).toEqual([]);

    store.dispatch({ type: 'site-edited', site: square(0.002) });
    expect(loads).toHaveLength(2);
    loads[1]!.resolve({ engineProposal });
    await settle();
    expect(reviewed).toEqual([square(0.002)]);
    expect(store.getState().report.status).toBe('ready');
  });
});
