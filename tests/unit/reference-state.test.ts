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
    // Detected (not chosen) stays undefined: the checkbox then shows the detection, not a choice.
    const detected = run(createReferenceState(), { type: 'import-started', fileName: 'points.csv', source: blob, at: 0 }, { type: 'import-failed', error: { message: { zh: '错', en: 'wrong' } }, remedies: { crs: true } });
    expect(detected.importFlow).not.toHaveProperty('axisSwapped');
  });

  it('keeps a plain import plain', () => {
    const stored = run(createReferenceState(), { type: 'import-started', fileName: 'a.geojson', source: blob, at: 0 }, { type: 'import-stored', summary, at: 10 });
    expect(stored.importFlow.phase).toBe('confirm');
    expect(stored.importFlow).not.toHaveProperty('repaired');
  });
});
