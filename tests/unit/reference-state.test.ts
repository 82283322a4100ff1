import { describe, expect, it } from 'vitest';
import { createReferenceState, referenceReducer, type ReferenceAction, type ReferenceState } from '../../src/state/reference-state';
import type { ReferenceImportSummary } from '../../src/worker/protocol';

const run = (state: ReferenceState, ...actions: ReferenceAction[]) => actions.reduce(referenceReducer, state);
const blob = new Blob(['x']);
const summary = { profile: { layers: [] }, hash: 'h', storage: 'memory', config: { id: 'bowtie' } } as unknown as ReferenceImportSummary;

describe('referenceReducer: the import flow', () => {
  it('remembers that a file was read with repair, through to the confirmation and a refusal', () => {
    const reading = run(createReferenceState(), { type: 'import-started', fileName: 'bowtie.geojson', source: blob, repair: true, at: 0 });
    expect(reading.importFlow).toMatchObject({ phase: 'reading', repaired: true });
    expect(run(reading, { type: 'import-stored', summary, at: 1500 }).importFlow).toMatchObject({ phase: 'confirm', repaired: true, seconds: 1.5 });
    expect(run(reading, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: { crs: true } }).importFlow).toMatchObject({
      phase: 'error',
      repaired: true,
      remedies: { crs: true },
    });
  });

  it('carries the axis order the reviewer chose into a refusal, so the panel shows it ticked', () => {
    const reading = run(createReferenceState(), { type: 'import-started', fileName: 'points.csv', source: blob, crs: 'EPSG:4528', axisSwapped: true, at: 0 });
    expect(reading.importFlow).toMatchObject({ phase: 'reading', crs: 'EPSG:4528', axisSwapped: true });
    const refused = run(reading, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: { crs: true } });
    expect(refused.importFlow).toMatchObject({ phase: 'error', crs: 'EPSG:4528', axisSwapped: true });
    // Nothing chosen: the refusal's own reading (detected) is shown, so ticking the box tries the other order.
    const started = run(createReferenceState(), { type: 'import-started', fileName: 'points.csv', source: blob, at: 0 });
    const detected = run(started, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: { crs: true }, readAs: { crs: 'EPSG:4528', axisSwapped: true } });
    expect(detected.importFlow).toMatchObject({ phase: 'error', crs: 'EPSG:4528', axisSwapped: true });
    // A refusal that was not about where the coordinates land has no reading to show.
    const other = run(started, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: { repair: true } });
    expect(other.importFlow).not.toHaveProperty('axisSwapped');
    expect(other.importFlow).not.toHaveProperty('crs');
  });

  it('keeps a plain import plain', () => {
    const stored = run(createReferenceState(), { type: 'import-started', fileName: 'a.geojson', source: blob, at: 0 }, { type: 'import-stored', summary, at: 10 });
    expect(stored.importFlow.phase).toBe('confirm');
    expect(stored.importFlow).not.toHaveProperty('repaired');
  });
});
