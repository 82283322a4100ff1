/**
 * The attribution control, compact and starting collapsed behind its (i) button: the
 * catalog's credits are long, and open they would cover the bottom of the map. One click
 * shows them. A small wrapper around MapLibre's own control (react-map-gl `useControl`).
 */
import { useControl } from 'react-map-gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { maplibregl } from './maplibre-setup';

class CollapsedAttributionControl extends maplibregl.AttributionControl {
  onAdd(map: MapLibreMap): HTMLElement {
    const container = super.onAdd(map);
    // MapLibre opens a compact attribution when added; start closed instead.
    container.classList.remove('maplibregl-compact-show');
    return container;
  }
}

export function CollapsedAttribution({ credits }: { credits: string[] }) {
  useControl(() => new CollapsedAttributionControl({ compact: true, customAttribution: credits }), { position: 'bottom-right' });
  return null;
}
