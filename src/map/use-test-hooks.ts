/**
 * The browser-test contract: `window.__atlas = { map, ready }`. `ready` mirrors the store's
 * `firstDrawn` (use-first-draw.ts: the catalog and every initially visible layer's data are in
 * the map and the map has fired 'idle' after that, so what a test sees is drawn). This hook
 * only writes what the product already knows; nothing in the product reads `window.__atlas`.
 */
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useAtlas } from '../state/atlas-store';

export interface AtlasTestHooks {
  map: MapLibreMap | null;
  ready: boolean;
}

declare global {
  interface Window {
    __atlas?: AtlasTestHooks;
  }
}

export function useTestHooks(map: MapLibreMap | null): void {
  const firstDrawn = useAtlas((state) => state.firstDrawn);
  useEffect(() => {
    window.__atlas = { map, ready: firstDrawn };
  }, [map, firstDrawn]);
}
