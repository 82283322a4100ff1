/**
 * Hands the map instance to the PNG export button, which sits in the toolbar outside <Map>
 * (issue 14). Mounted inside <AtlasMap>; nothing else reads the registered map.
 */
import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';

let current: MapLibreMap | null = null;

export function exportableMap(): MapLibreMap | null {
  return current;
}

export function ExportMapBinding() {
  const { current: mapRef } = useMap();
  useEffect(() => {
    const map = mapRef?.getMap() ?? null;
    current = map;
    return () => {
      if (current === map) current = null;
    };
  }, [mapRef]);
  return null;
}
