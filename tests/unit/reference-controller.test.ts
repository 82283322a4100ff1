/**
 * The reference controller (src/state/reference-actions.ts) with the real engine in process
 * and a layer in its store: the map may tell its view before the stored profile is read (the
 * listing can come after the first draw). The layers' features for that view must be read
 * once the profile is in — before, nothing was read until the map moved, so a reloaded page
 * (and the printable map sheet, which waits for them) showed no bureau layer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { bbox } from '@turf/bbox';
import type { FeatureCollection } from 'geojson';
import { memoryBackend, ReferenceStore } from '../../src/records/reference-store';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';
import { ReferenceController, type Bounds } from '../../src/state/reference-actions';
import { createReferenceStore } from '../../src/state/reference-state';

const FILE = path.resolve(import.meta.dirname, '../fixtures/import/parcels-4528.geojson');

async function engineWithLayer() {
  const layers = new ReferenceStore(memoryBackend());
  const analysis = createInProcessAnalysis({ openReferenceStore: async () => layers, layerSource: async () => [] });
  const imported = await analysis.importReference(new Uint8Array(readFileSync(FILE)), { fileName: 'parcels-4528.geojson' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  return { analysis, id: imported.value.config.id };
}

describe('reference controller: the view told before the profile is read', () => {
  it('reads the shown layers for that view once the profile is listed', async () => {
    const { analysis, id } = await engineWithLayer();
    // The layer's extent in lon/lat, from its features as the whole-file importer reads them.
    const whole = await analysis.referenceFeatures(id, [118, 35, 125.5, 39]);
    if (!whole.ok) throw new Error('read failed');
    const view = bbox({ type: 'FeatureCollection', features: whole.value.features } as FeatureCollection) as Bounds;

    const state = createReferenceStore();
    const controller = new ReferenceController({ store: state, analysis: () => analysis, onProfileChanged: () => undefined });
    controller.viewChanged(view);
    expect(state.getState().features[id]).toBeUndefined();
    await controller.start();
    await vi.waitFor(() => expect(state.getState().readBounds[id]).toEqual(view));
    expect(state.getState().features[id]?.features.length).toBe(whole.value.features.length);
  });

  it('reads nothing before the map has told a view', async () => {
    const { analysis, id } = await engineWithLayer();
    const state = createReferenceStore();
    const controller = new ReferenceController({ store: state, analysis: () => analysis, onProfileChanged: () => undefined });
    await controller.start();
    expect(state.getState().listing?.profile.layers.map((layer) => layer.id)).toEqual([id]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.getState().readBounds).toEqual({});
  });
});
