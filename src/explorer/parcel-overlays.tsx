/**
 * Map overlays of the explorer (a lazy chunk, child of the <Map>):
 * - parcels read from the sample FlatGeobuf for the view's bounding box only (HTTP range
 *   requests against its packed R-tree; re-read after each move, older reads aborted), or the
 *   user's own parcels whole;
 * - choropleth by 容积率 / 投资强度 / 地均税收 with fixed class breaks (parcel-figures.ts, the
 *   same table as the legend); parcels failing the industrial control indicators outlined;
 * - buildings extruded by floor area (average storeys × 4 m) from zoom 14;
 * - the selected park or zone outlined; camera flights asked for by the panel.
 * Layers are derived from the explorer state; no addLayer by hand.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Layer, Source, useMap } from 'react-map-gl/maplibre';
import type { FeatureCollection } from 'geojson';
import { useAtlas } from '../state/atlas-store';
import { loadSampleParcelsIn } from './explorer-data';
import { getExplorerState, useExplorer } from './explorer-store';
import { choroplethColor, FAILING_COLOR, parcelMapData, type ParcelMapData } from './parcel-figures';

/** Sample parcels are read from this zoom on: below it a view holds too many for a useful map. */
export const PARCEL_MIN_ZOOM = 12;
export const BUILDING_MIN_ZOOM = 14;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const EMPTY_DATA: ParcelMapData = { parcels: EMPTY as ParcelMapData['parcels'], buildings: EMPTY as ParcelMapData['buildings'] };

declare global {
  interface Window {
    /** Test hook: what the explorer's parcel overlay holds now. */
    __explorerParcels?: { count: number; bbox: [number, number, number, number] | null; requests: number };
  }
}

function useFlights() {
  const { current: map } = useMap();
  const flight = useExplorer((state) => state.flight);
  useEffect(() => {
    if (!map || !flight) return;
    const height = map.getContainer().clientHeight;
    const width = map.getContainer().clientWidth;
    const panelOpen = getExplorerState().open && !getExplorerState().expanded;
    // Keep the target above the bottom drawer (46 % of the map) and right of the layer panel.
    const padding = {
      top: 30,
      left: Math.min(330, width * 0.3),
      right: 30,
      bottom: panelOpen ? Math.round(height * 0.5) : 30,
    };
    const [west, south, east, north] = flight.bbox;
    try {
      map.fitBounds([west, south, east, north], { padding, maxZoom: 14, duration: 800 });
    } catch {
      map.fitBounds([west, south, east, north], { maxZoom: 14, duration: 0 });
    }
  }, [map, flight]);
}

/**
 * The first point or label layer of the atlas's style: the parcels go below it, so stations,
 * projects, towns and every name stay readable over them (they used to cover them all).
 */
function usePointsAndLabelsAnchor(): string | undefined {
  const { current: map } = useMap();
  const [anchor, setAnchor] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!map) return;
    const find = () => {
      const raw = map.getMap();
      const id = raw.getLayersOrder().find((layerId) => {
        const type = raw.getLayer(layerId)?.type;
        return (type === 'circle' || type === 'symbol') && !layerId.startsWith('explorer-');
      });
      setAnchor((previous) => (previous === id ? previous : id));
    };
    find();
    map.on('styledata', find);
    return () => {
      map.off('styledata', find);
    };
  }, [map]);
  return anchor;
}

function useViewBox(active: boolean): { bbox: [number, number, number, number] | null; zoom: number } {
  const { current: map } = useMap();
  const view = useAtlas((state) => state.view);
  const [box, setBox] = useState<{ bbox: [number, number, number, number] | null; zoom: number }>({ bbox: null, zoom: view.zoom });
  useEffect(() => {
    if (!map || !active) return;
    // Debounced: a read starts once the camera has rested for 250 ms.
    const timer = setTimeout(() => {
      const bounds = map.getBounds();
      const bbox: [number, number, number, number] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
      setBox({ bbox, zoom: map.getZoom() });
    }, 250);
    return () => clearTimeout(timer);
  }, [map, active, view]);
  return box;
}

export default function ParcelOverlays() {
  useFlights();
  const open = useExplorer((state) => state.open);
  const showParcels = useExplorer((state) => state.showParcels);
  const showBuildings = useExplorer((state) => state.showBuildings);
  const indicator = useExplorer((state) => state.mapIndicator);
  const source = useExplorer((state) => state.parcelSource);
  const highlightFeature = useExplorer((state) => state.highlight);
  // The parcels belong to the parks and land-use tabs; the key-project board shows points that they would cover.
  const tab = useExplorer((state) => state.tab);
  const active = open && showParcels && tab !== 'projects';
  const beforeId = usePointsAndLabelsAnchor();
  const { bbox, zoom } = useViewBox(active && source.kind === 'sample');
  const [sampleData, setSampleData] = useState<ParcelMapData>(EMPTY_DATA);
  const requests = useRef(0);

  useEffect(() => {
    if (!active || source.kind !== 'sample' || !bbox || zoom < PARCEL_MIN_ZOOM) {
      setSampleData(EMPTY_DATA);
      window.__explorerParcels = { count: 0, bbox: null, requests: requests.current };
      return;
    }
    const controller = new AbortController();
    requests.current += 1;
    loadSampleParcelsIn(bbox, controller.signal).then(
      (collection) => {
        if (controller.signal.aborted) return;
        const data = parcelMapData(collection);
        setSampleData(data);
        window.__explorerParcels = { count: data.parcels.features.length, bbox, requests: requests.current };
      },
      (error: unknown) => {
        // An aborted read was superseded by a newer view; anything else leaves the view without parcels.
        if (!controller.signal.aborted) console.warn('explorer: sample parcels could not be read for this view', error);
      },
    );
    return () => controller.abort();
  }, [active, source, bbox, zoom]);

  const userData = useMemo(() => (source.kind === 'user' ? parcelMapData(source.collection, source.mapping) : EMPTY_DATA), [source]);
  useEffect(() => {
    if (source.kind === 'user') window.__explorerParcels = { count: userData.parcels.features.length, bbox: null, requests: requests.current };
  }, [source, userData]);
  const data = !active ? EMPTY_DATA : source.kind === 'user' ? userData : sampleData;

  const highlight = useMemo(
    (): FeatureCollection => (open && highlightFeature ? { type: 'FeatureCollection', features: [highlightFeature] } : EMPTY),
    [open, highlightFeature],
  );

  const fillColor = useMemo(() => choroplethColor(indicator), [indicator]);

  return (
    <>
      <Source id="explorer-parcels" type="geojson" data={data.parcels}>
        <Layer id="explorer-parcels-fill" type="fill" beforeId={beforeId} paint={{ 'fill-color': fillColor, 'fill-opacity': 0.72 }} />
        <Layer id="explorer-parcels-outline" type="line" beforeId={beforeId} paint={{ 'line-color': '#6b6b6b', 'line-width': 0.5 }} />
        <Layer id="explorer-parcels-failing" type="line" beforeId={beforeId} filter={['==', ['get', 'failing'], true]} paint={{ 'line-color': FAILING_COLOR, 'line-width': 2.2 }} />
      </Source>
      <Source id="explorer-buildings" type="geojson" data={showBuildings ? data.buildings : EMPTY}>
        <Layer
          id="explorer-buildings-extrusion"
          type="fill-extrusion"
          minzoom={BUILDING_MIN_ZOOM}
          paint={{ 'fill-extrusion-color': fillColor, 'fill-extrusion-height': ['get', 'height_m'], 'fill-extrusion-base': 0, 'fill-extrusion-opacity': 0.85 }}
        />
      </Source>
      <Source id="explorer-highlight" type="geojson" data={highlight}>
        <Layer id="explorer-highlight-fill" type="fill" paint={{ 'fill-color': '#1d4ed8', 'fill-opacity': 0.12 }} />
        <Layer id="explorer-highlight-line" type="line" paint={{ 'line-color': '#1d4ed8', 'line-width': 3 }} />
      </Source>
    </>
  );
}
