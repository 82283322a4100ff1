/**
 * Loading what the explorer reads: the catalog layers it needs (reusing the atlas store's copy
 * when the layer is already loaded) and the synthetic sample parcels (whole, for the
 * dashboard; the map reads them by bounding box instead, see parcel-overlays.tsx). Results are
 * cached per URL for the session. No React.
 */
import type { FeatureCollection } from 'geojson';
import type { Catalog, CatalogLayer } from '../data/catalog-types';
import { loadLayerData, resolveDataUrl } from '../data/load-layer';
// The GeoJSON reader alone: the package's index also pulls in its OpenLayers adapter.
import * as geojson from 'flatgeobuf/lib/mjs/geojson.js';
import type { AtlasState } from '../state/atlas-state';

export const EXPLORER_LAYER_IDS = ['development-zones', 'industrial-parks', 'hsr-stations', 'railway-stations', 'railways', 'ports', 'roads', 'key-projects'] as const;
const OPTIONAL_LAYER_IDS: ReadonlySet<string> = new Set(['railway-stations', 'railways']);

export const SAMPLE_PARCELS_URL = 'data/sample-parcels.fgb';
export const SAMPLE_PARCELS_INFO_URL = 'data/sample-parcels.json';

export interface SampleParcelsInfo {
  count: number;
  seed: number;
  synthetic: true;
  label: { zh: string; en: string };
}

const layerCache = new Map<string, Promise<FeatureCollection>>();

export function loadExplorerLayer(layer: CatalogLayer, state: Pick<AtlasState, 'layerData'>): Promise<FeatureCollection> {
  const loaded = state.layerData[layer.id];
  if (loaded?.status === 'loaded') return Promise.resolve(loaded.data);
  let pending = layerCache.get(layer.id);
  if (!pending) {
    pending = loadLayerData(layer);
    layerCache.set(layer.id, pending);
    pending.catch(() => layerCache.delete(layer.id));
  }
  return pending;
}

export async function loadExplorerLayers(catalog: Catalog, state: Pick<AtlasState, 'layerData'>): Promise<Record<string, { layer: CatalogLayer; features: FeatureCollection }>> {
  const result: Record<string, { layer: CatalogLayer; features: FeatureCollection }> = {};
  await Promise.all(
    EXPLORER_LAYER_IDS.map(async (id) => {
      const layer = catalog.layers.find((entry) => entry.id === id);
      if (!layer) return;
      try {
        result[id] = { layer, features: await loadExplorerLayer(layer, state) };
      } catch (error) {
        // The other high-speed line's stations only add to the station distances: without them the explorer still works.
        if (!OPTIONAL_LAYER_IDS.has(id)) throw error;
      }
    }),
  );
  return result;
}

let sampleInfo: Promise<SampleParcelsInfo> | undefined;
let sampleParcels: Promise<FeatureCollection> | undefined;

export function loadSampleInfo(): Promise<SampleParcelsInfo> {
  if (!sampleInfo) {
    sampleInfo = fetch(resolveDataUrl(SAMPLE_PARCELS_INFO_URL)).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as SampleParcelsInfo;
    });
    sampleInfo.catch(() => (sampleInfo = undefined));
  }
  return sampleInfo;
}

/** The whole sample parcel file (a few MB at the default 5,000 parcels), for the dashboard. */
export function loadSampleParcels(): Promise<FeatureCollection> {
  if (!sampleParcels) {
    sampleParcels = (async () => {
      const response = await fetch(resolveDataUrl(SAMPLE_PARCELS_URL));
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${SAMPLE_PARCELS_URL} — run \`npx tsx scripts/build-parcels.ts\``);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const features = [];
      for await (const feature of geojson.deserialize(bytes)) features.push(feature);
      return { type: 'FeatureCollection', features } as FeatureCollection;
    })();
    sampleParcels.catch(() => (sampleParcels = undefined));
  }
  return sampleParcels;
}

/** Parcels of the sample file whose boxes meet `bbox`, through the file's R-tree (HTTP range requests). */
export async function loadSampleParcelsIn(bbox: [number, number, number, number], signal: AbortSignal): Promise<FeatureCollection> {
  const [minX, minY, maxX, maxY] = bbox;
  const features = [];
  for await (const feature of geojson.deserialize(resolveDataUrl(SAMPLE_PARCELS_URL), { rect: { minX, minY, maxX, maxY } })) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    features.push(feature);
  }
  return { type: 'FeatureCollection', features } as FeatureCollection;
}
