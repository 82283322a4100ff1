/**
 * The planning layers a review draws against (conflict overlaps, the railway's protection
 * zone, lines to the nearest station / port / bridge) must be in the atlas store even when
 * the reviewer has hidden them: this hook loads any of them still idle, through the same
 * loader and the same store entries the layer panel uses, so each file is read once.
 */
import { useEffect, useMemo } from 'react';
import type { FeatureCollection } from 'geojson';
import { loadLayerData, LayerLoadError } from '../data/load-layer';
import { useAtlas, useAtlasStore } from './atlas-store';

/** Layers the review overlays and the print map read. */
export const REVIEW_LAYER_IDS = ['development-zones', 'industrial-parks', 'marine-ranch', 'hsr-line', 'railways', 'hsr-stations', 'railway-stations', 'ports', 'bridges'] as const;

export function useReviewLayerData(active: boolean, layerIds: readonly string[] = REVIEW_LAYER_IDS): (layerId: string) => FeatureCollection | undefined {
  const store = useAtlasStore();
  const catalog = useAtlas((state) => state.catalog);
  const layerData = useAtlas((state) => state.layerData);

  useEffect(() => {
    if (!active || !catalog) return;
    const controller = new AbortController();
    for (const layerId of layerIds) {
      const layer = catalog.layers.find((candidate) => candidate.id === layerId);
      if (!layer || store.getState().layerData[layerId]?.status !== 'idle') continue;
      store.dispatch({ type: 'layer-data-loading', layerId });
      loadLayerData(layer, { signal: controller.signal })
        .then((data) => store.dispatch({ type: 'layer-data-loaded', layerId, data }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) {
            store.dispatch({ type: 'layer-data-cancelled', layerId });
            return;
          }
          const message = error instanceof LayerLoadError ? error.bilingual : { zh: `加载失败：${String(error)}`, en: `Loading failed: ${String(error)}` };
          store.dispatch({ type: 'layer-data-failed', layerId, message });
        });
    }
    return () => controller.abort();
  }, [active, catalog, layerIds, store]);

  return useMemo(() => {
    return (layerId: string) => {
      const load = layerData[layerId];
      return load?.status === 'loaded' ? load.data : undefined;
    };
  }, [layerData]);
}
