/**
 * The atlas's own "first picture is drawn" signal: once the catalog and every initially
 * visible layer's data are in the map and the map has fired 'idle' after that, the store's
 * `firstDrawn` turns true (once). Story effects wait for it; the browser-test hook
 * (use-test-hooks.ts) only reads it — product code never reads a test hook. The moment is
 * also a User Timing mark, FIRST_DRAW_MARK (DevTools' Performance panel shows it; `npm run
 * bench` reads it): the time the picture reached the screen, not the time a watcher noticed.
 *
 * 'idle' fires once MapLibre has issued the frame's drawing commands; the GPU runs them after,
 * when the page hands the frame to the compositor. In software GL (SwiftShader) that took 1.2–1.3 s
 * for the first frame at 1600 × 1000, with the page blocked meanwhile. The next animation
 * frame starts only once that frame has been handed over, so the moment is taken there
 * (issue 12: until 2026-12-04 the mark was set at 'idle', ≈ 1.2 s before the picture showed).
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
    let frame: number | undefined;
    const onIdle = () => {
      if (cancelled) return;
      frame = requestAnimationFrame(() => {
        if (cancelled) return;
        performance.mark(FIRST_DRAW_MARK);
        dispatch({ type: 'map-first-drawn' });
      });
    };
    map.once('idle', onIdle);
    // An already idle map fires 'idle' again only after something renders.
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', onIdle);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [dispatch, firstDrawn, map, sourcesMounted, allLoaded, initialLayers]);
}
