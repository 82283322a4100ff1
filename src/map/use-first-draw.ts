/**
 * The atlas's own "first picture is drawn" signal: once the catalog and every initially
 * visible layer's data are in the map and the map has fired 'idle' after that, the store's
 * `firstDrawn` turns true (once). Story effects wait for it; the browser-test hook
 * (use-test-hooks.ts) only reads it — product code never reads a test hook.
 */
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useAtlas, useDispatch } from '../state/atlas-store';

export function useFirstDraw(map: MapLibreMap | null, sourcesMounted: boolean): void {
  const dispatch = useDispatch();
  const initialLayers = useAtlas((state) => state.initialLayers);
  const layerData = useAtlas((state) => state.layerData);
  const firstDrawn = useAtlas((state) => state.firstDrawn);

  const allLoaded =
    initialLayers !== null && initialLayers.every((layerId) => layerData[layerId]?.status === 'loaded');

  useEffect(() => {
    if (firstDrawn || !map || !sourcesMounted || !allLoaded || !initialLayers) return;
    if (!initialLayers.every((layerId) => map.getSource(layerId))) return;
    let cancelled = false;
    const onIdle = () => {
      if (!cancelled) dispatch({ type: 'map-first-drawn' });
    };
    map.once('idle', onIdle);
    // An already idle map fires 'idle' again only after something renders.
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', onIdle);
    };
  }, [dispatch, firstDrawn, map, sourcesMounted, allLoaded, initialLayers]);
}
