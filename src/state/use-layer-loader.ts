/**
 * Loads the catalog once, then each layer's data the first time the layer is visible.
 * Results go into the store; failures become bilingual error values for the banner.
 */
import { useEffect } from 'react';
import { loadCatalog, loadLayerData, LayerLoadError } from '../data/load-layer';
import type { Bilingual } from '../data/catalog-types';
import { useAtlasStore } from './atlas-store';

function messageOf(error: unknown): Bilingual {
  if (error instanceof LayerLoadError) return error.bilingual;
  const detail = error instanceof Error ? error.message : String(error);
  return { zh: `加载失败：${detail}`, en: `Loading failed: ${detail}` };
}

export function useLayerLoader(): void {
  const store = useAtlasStore();

  useEffect(() => {
    const controller = new AbortController();
    loadCatalog(import.meta.env.BASE_URL, controller.signal)
      .then((catalog) => store.dispatch({ type: 'catalog-loaded', catalog }))
      .catch((error) => {
        if (controller.signal.aborted) return;
        store.dispatch({ type: 'error-raised', error: { id: 'catalog', message: messageOf(error) } });
      });
    return () => controller.abort();
  }, [store]);

  useEffect(() => {
    const controller = new AbortController();
    const startPending = () => {
      const catalog = store.getState().catalog;
      if (!catalog) return;
      for (const layer of catalog.layers) {
        // Re-read the state for every layer: dispatching below re-enters this function.
        const state = store.getState();
        if (!state.layerUi[layer.id]?.visible || state.layerData[layer.id]?.status !== 'idle') continue;
        store.dispatch({ type: 'layer-data-loading', layerId: layer.id });
        loadLayerData(layer, { signal: controller.signal })
          .then((data) => store.dispatch({ type: 'layer-data-loaded', layerId: layer.id, data }))
          .catch((error) => {
            if (controller.signal.aborted) {
              store.dispatch({ type: 'layer-data-cancelled', layerId: layer.id });
              return;
            }
            store.dispatch({ type: 'layer-data-failed', layerId: layer.id, message: messageOf(error) });
          });
      }
    };
    startPending();
    const unsubscribe = store.subscribe(startPending);
    return () => {
      unsubscribe();
      controller.abort();
    };
  }, [store]);
}
