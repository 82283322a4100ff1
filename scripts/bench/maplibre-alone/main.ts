/**
 * `npm run bench` (browser part): MapLibre alone, drawing the picture the atlas drew at its
 * first full draw — the same style (sources with their GeoJSON inline, layers, hatch images),
 * view, label font and first-draw hold — with no React, no catalog, no FlatGeobuf reading. Its
 * time is what the map library itself costs for that picture on this machine; the atlas's time
 * minus it is what the app adds. `?empty` draws a map with the background only: the floor of a
 * fresh page, a worker and a WebGL context.
 *
 * browser.ts writes `bench-style.json` (the atlas map's `getStyle()`, centre and zoom) and
 * `bench-view.json` (centre and zoom) next to this page's build, and reads the same User Timing
 * mark as for the atlas.
 */
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { addStyleImages, LOCAL_IDEOGRAPH_FONT_FAMILY, SEA_COLOR } from '../../../src/map/catalog-style';
import { FIRST_DRAW_MARK } from '../../../src/map/first-draw-mark';
import { holdFirstDraw } from '../../../src/map/hold-first-draw';

export interface BenchStyle {
  style: StyleSpecification;
  center: [number, number];
  zoom: number;
}

maplibregl.setWorkerUrl(workerUrl);
maplibregl.prewarm();
window.__atlas = { map: null, ready: false };

const EMPTY: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': SEA_COLOR } }],
};

async function draw(): Promise<void> {
  // The empty map reads the view only, not the 0.75 MB style.
  const empty = new URLSearchParams(window.location.search).has('empty');
  const bench = (await (await fetch(empty ? './bench-view.json' : './bench-style.json')).json()) as Partial<BenchStyle> & Pick<BenchStyle, 'center' | 'zoom'>;
  const map = new maplibregl.Map({
    container: 'map',
    style: bench.style ?? EMPTY,
    center: bench.center,
    zoom: bench.zoom,
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
    attributionControl: false,
  });
  // As the atlas does (atlas-map.tsx): the hatch images before any tile, and the hold that
  // draws the first complete picture in one frame.
  map.once('styledata', () => {
    addStyleImages(map);
    holdFirstDraw(map);
  });
  // As the atlas does (use-first-draw.ts): the moment the frame has been handed to the screen.
  map.once('idle', () => {
    requestAnimationFrame(() => {
      performance.mark(FIRST_DRAW_MARK);
      window.__atlas = { map, ready: true };
    });
  });
}

void draw();
