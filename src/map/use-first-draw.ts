/**
 * The atlas's own "first picture is drawn" signal: once the catalog and every initially
 * visible layer's data are in the map and the map has fired 'idle' after that, the store's
 * `firstDrawn` turns true (once). Story effects wait for it; the browser-test hook
 * (use-test-hooks.ts) only reads it — product code never reads a test hook. The moment is
 * also a User Timing mark, FIRST_DRAW_MARK (DevTools' Performance panel shows it; `npm run
 * bench` reads it): the time the map finished the picture, not the time a watcher noticed.
 */
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useAtlas, useDispatch } from '../state/atlas-store';
import { FIRST_DRAW_MARK } from './first-draw-mark';

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
      if (cancelled) return;
      performance.mark(FIRST_DRAW_MARK);
      dispatch({ type: 'map-first-drawn' });
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
