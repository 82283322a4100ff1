/**
 * Where the review context's layers come from. The default reads the app's catalog and
 * FlatGeobuf files over HTTP (src/data/load-layer.ts), which works in the page and in a
 * worker; Node tests and CLIs inject `readAuthoredLayers()` instead.
 */
import type { ReviewLayer } from '../analysis/siting-review';
import type { CatalogLayer } from '../data/catalog-types';
import { loadCatalog, loadLayerData } from '../data/load-layer';
import type { AnalysisProgress } from './protocol';

export interface LayerSourceCall {
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
}

/** Reads the layers a review context is built from; may throw (`LayerLoadError` gives the message). */
export type LayerSource = (catalogUrl: string, call: LayerSourceCall) => Promise<ReviewLayer[]>;

/**
 * Catalog layers the siting review reads with its default options: everything except the
 * basemap, plus the county polygons (the site's district). Leaving out `basemap-land`
 * saves the largest file for nothing — the review never looks at the coastline.
 */
export function isReviewLayer(layer: CatalogLayer): boolean {
  return layer.group !== 'basemap' || layer.id === 'basemap-counties';
}

/**
 * The app base a catalog URL belongs to: the catalog is `<base>data/catalog.json` and every
 * `layer.url` is relative to `<base>` (scripts/build-layers.ts writes `data/<id>.fgb`).
 */
export function appBaseOf(catalogUrl: string): string {
  return new URL('../', catalogUrl).href;
}

/**
 * Default {@link LayerSource}: the catalog, then every review layer's FlatGeobuf file, all
 * files at once (they are small; the browser limits parallel requests itself).
 *
 * @param catalogUrl absolute URL of `data/catalog.json` (a worker's own URL is not the app's, so relative URLs would resolve wrongly there)
 */
export const fetchAtlasLayers: LayerSource = async (catalogUrl, call) => {
  const base = appBaseOf(catalogUrl);
  call.onProgress?.({ stage: 'catalog' });
  const catalog = await loadCatalog(base, call.signal);
  const wanted = catalog.layers.filter(isReviewLayer);
  let done = 0;
  call.onProgress?.({ stage: 'layers', fraction: 0, done, total: wanted.length });
  return Promise.all(
    wanted.map(async (layer) => {
      const features = await loadLayerData(layer, { base, signal: call.signal });
      done += 1;
      call.onProgress?.({ stage: 'layers', fraction: done / wanted.length, done, total: wanted.length });
      return { meta: layer, features };
    }),
  );
};
