/**
 * The browser-test contract: `window.__atlas = { map, ready }`. `ready` turns true once the
 * catalog and every initially visible layer's data are in the map and the map has fired
 * 'idle' after that (so what a test sees is drawn).
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

export function useTestHooks(map: MapLibreMap | null, sourcesMounted: boolean): void {
  const initialLayers = useAtlas((state) => state.initialLayers);
  const layerData = useAtlas((state) => state.layerData);

  useEffect(() => {
    window.__atlas = { map, ready: window.__atlas?.ready ?? false };
  }, [map]);

  const allLoaded =
    initialLayers !== null && initialLayers.every((layerId) => layerData[layerId]?.status === 'loaded');

  useEffect(() => {
    if (!map || !sourcesMounted || !allLoaded || !initialLayers) return;
    if (window.__atlas?.ready) return;
    if (!initialLayers.every((layerId) => map.getSource(layerId))) return;
    let cancelled = false;
    const onIdle = () => {
      if (!cancelled) window.__atlas = { map, ready: true };
    };
    map.once('idle', onIdle);
    // An already idle map fires 'idle' again only after something renders.
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', onIdle);
    };
  }, [map, sourcesMounted, allLoaded, initialLayers]);
}
