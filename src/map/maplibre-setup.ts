/**
 * MapLibre globals, set once before the first map is created. Vite 8 does not bundle
 * MapLibre 6's worker by itself: the worker file is emitted as an asset of this origin and
 * its URL handed to MapLibre (no blob from a CDN, nothing off the origin).
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);
// Issue 12 (first draw): start the worker while React mounts, not when the first map is built
// (in a browser; Node, where unit tests import this module for its legend code, has no Worker).
if (typeof Worker !== 'undefined') maplibregl.prewarm();

export { maplibregl };
