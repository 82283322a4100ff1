/**
 * The presentation inside the map (a child of react-map-gl's <Map>): camera flights from
 * step to step, and the effects — highlighted features fading in with large labels, rings
 * pulsing on highlighted points, a train running along a highlighted railway.
 *
 * Sources and layers are declared as data (<Source>/<Layer> with constant paint); only the
 * animated paint values and the train's position are set imperatively, once per frame, in
 * one requestAnimationFrame loop that stops as soon as nothing moves.
 */
import { useEffect, useMemo, useRef } from 'react';
import { Layer, Source, useMap, type LayerProps } from 'react-map-gl/maplibre';
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT_STACK } from '../map/catalog-style';
import { metresPerPixel } from '../map/scale';
import { useAtlas } from '../state/atlas-store';
import type { LayerLoad } from '../state/atlas-state';
import { screenZoom } from './story-camera';
import { highlightCollection, highlightLabelPoints, highlightPoints, trainAt, trainTrack, trainWindow } from './story-effects';
import { currentStep, storyStore, useStory } from './story-store';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Highlight colours: gold stands apart from every catalog colour; navy keeps it crisp on sea and land. */
const HIGHLIGHT = '#ffb400';
const HIGHLIGHT_EDGE = '#0b2a45';
/** A highlighted road (green: not the railway's yellow), an industrial park or base, what is built (story-effects HighlightTone). */
const HIGHLIGHT_ROAD = '#1f9d55';
const HIGHLIGHT_PARK = '#f0650e';
const HIGHLIGHT_BUILT = '#0f9d9a';
const toneColour: ExpressionSpecification = ['match', ['get', 'tone'], 'road', HIGHLIGHT_ROAD, 'park', HIGHLIGHT_PARK, 'built', HIGHLIGHT_BUILT, HIGHLIGHT];
const isLine: ExpressionSpecification = ['==', ['get', 'kind'], 'line'];
const TRAIN = '#d00000';

/** Fade-in of a step's highlights after the camera arrives, ms. */
const FADE_MS = 1100;
/** One pulse ring cycle, ms. */
const PULSE_MS = 1800;
/** The train crosses its stretch of track in this time, ms. */
const TRAIN_CROSSING_MS = 7000;
/** Continuous effects redraw at most this often (≈30 fps): smooth enough, half the GPU work. */
const FRAME_MS = 33;


/** Fraction of the map height under the caption card until the card has been measured. */
const CARD_FRACTION = 0.3;

const filterKind = (kind: string): FilterSpecification => ['==', ['get', 'kind'], kind];

const FILL_LAYER: LayerProps = {
  id: 'story-highlight-fill',
  type: 'fill',
  filter: filterKind('area'),
  layout: { 'fill-sort-key': ['get', 'stack'] },
  paint: { 'fill-color': toneColour, 'fill-opacity': 0 },
};
const CASING_LAYER: LayerProps = {
  id: 'story-highlight-casing',
  type: 'line',
  filter: ['!=', ['get', 'kind'], 'point'],
  layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': ['get', 'stack'] },
  // The railway is cased dark, so it stays seen where it crosses a highlighted (yellow) zone.
  paint: { 'line-color': ['case', ['all', isLine, ['==', ['get', 'tone'], 'main']], HIGHLIGHT_EDGE, '#ffffff'], 'line-width': ['case', isLine, 10, 7], 'line-opacity': 0 },
};
const LINE_LAYER: LayerProps = {
  id: 'story-highlight-line',
  type: 'line',
  filter: ['!=', ['get', 'kind'], 'point'],
  layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': ['get', 'stack'] },
  paint: {
    'line-color': ['case', isLine, toneColour, HIGHLIGHT_EDGE],
    'line-width': ['case', isLine, 5, 3],
    'line-opacity': 0,
  },
};
const PULSE_LAYER: LayerProps = {
  id: 'story-pulse',
  type: 'circle',
  paint: {
    'circle-radius': 10,
    'circle-color': HIGHLIGHT,
    'circle-opacity': 0,
    'circle-stroke-color': HIGHLIGHT,
    'circle-stroke-width': 4,
    'circle-stroke-opacity': 0,
    'circle-pitch-alignment': 'map',
  },
};
const POINT_LAYER: LayerProps = {
  id: 'story-highlight-point',
  type: 'circle',
  filter: filterKind('point'),
  paint: {
    'circle-radius': 9,
    'circle-color': toneColour,
    'circle-stroke-color': HIGHLIGHT_EDGE,
    'circle-stroke-width': 3,
    'circle-opacity': 0,
    'circle-stroke-opacity': 0,
  },
};
const TRAIN_CASING_LAYER: LayerProps = {
  id: 'story-train-casing',
  type: 'line',
  filter: ['==', ['get', 'part'], 'body'],
  layout: { 'line-cap': 'round', 'line-join': 'round' },
  paint: { 'line-color': '#ffffff', 'line-width': 12 },
};
const TRAIN_BODY_LAYER: LayerProps = {
  id: 'story-train-body',
  type: 'line',
  filter: ['==', ['get', 'part'], 'body'],
  layout: { 'line-cap': 'round', 'line-join': 'round' },
  paint: { 'line-color': TRAIN, 'line-width': 7 },
};
const TRAIN_HEAD_LAYER: LayerProps = {
  id: 'story-train-head',
  type: 'circle',
  filter: ['==', ['get', 'part'], 'head'],
  paint: { 'circle-radius': 7, 'circle-color': TRAIN, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
};

/**
 * An invisible square on each highlighted feature's label point. Symbols collide in the
 * order of their layers, top first, so this box makes the catalog's own small label of the
 * same feature (drawn below) give way, instead of the name appearing twice.
 */
const BLOCKER_IMAGE = 'story-label-blocker';
const BLOCKER_LAYER: LayerProps = {
  id: 'story-label-blocker',
  type: 'symbol',
  layout: { 'icon-image': BLOCKER_IMAGE, 'icon-size': 72, 'icon-allow-overlap': true, 'icon-ignore-placement': false },
};

function labelLayer(language: 'zh' | 'en'): LayerProps {
  return {
    id: 'story-highlight-label',
    type: 'symbol',
    layout: {
      'text-field': ['coalesce', ['get', language === 'zh' ? 'name_zh' : 'name_en'], ''],
      'text-font': LABEL_FONT_STACK,
      'text-size': 22,
      'text-max-width': language === 'zh' ? 11 : 14,
      'text-variable-anchor': ['top', 'bottom', 'left', 'right', 'top-left', 'top-right', 'bottom-left', 'bottom-right'],
      'text-radial-offset': 0.9,
      'text-padding': 4,
      // Points (stations, projects) claim their label place first, then areas, then lines.
      'symbol-sort-key': ['match', ['get', 'kind'], 'point', 0, 'area', 1, 2],
    },
    paint: { 'text-color': '#0b1d2c', 'text-halo-color': '#ffffff', 'text-halo-width': 2.5, 'text-opacity': 0 },
  };
}

/** Animated paint: [layer id, property, value at full strength]. */
const FADED_PAINT: Array<[string, string, number]> = [
  ['story-highlight-fill', 'fill-opacity', 0.55],
  ['story-highlight-casing', 'line-opacity', 0.9],
  ['story-highlight-line', 'line-opacity', 1],
  ['story-highlight-point', 'circle-opacity', 1],
  ['story-highlight-point', 'circle-stroke-opacity', 1],
  ['story-highlight-label', 'text-opacity', 1],
];

function setPaint(map: MapLibreMap, layerId: string, property: string, value: number): void {
  if (map.getLayer(layerId)) map.setPaintProperty(layerId, property as Parameters<MapLibreMap['setPaintProperty']>[1], value);
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}

function loadedData(layerData: Record<string, LayerLoad>): Record<string, FeatureCollection | undefined> {
  const data: Record<string, FeatureCollection | undefined> = {};
  for (const [layerId, load] of Object.entries(layerData)) if (load.status === 'loaded') data[layerId] = load.data;
  return data;
}

export function StoryOverlays() {
  const { current } = useMap();
  const map = current?.getMap() ?? null;
  const playing = useStory((state) => state.playing);
  const flight = useStory((state) => state.flight);
  const settled = useStory((state) => state.cameraSettled);
  const language = useAtlas((state) => state.language);
  const layerData = useAtlas((state) => state.layerData);
  // Continuous effects wait for the atlas's first picture (state.firstDrawn, use-first-draw.ts):
  // a map that never stops repainting never fires the 'idle' that signal waits for. Read
  // through a ref so the flip does not restart a running fade.
  const firstDrawn = useAtlas((state) => state.firstDrawn);
  const firstDrawnRef = useRef(firstDrawn);
  firstDrawnRef.current = firstDrawn;
  const step = playing ? playing.story.steps[playing.stepIndex] : null;
  const labelStyle = useMemo(() => labelLayer(language), [language]);

  useEffect(() => {
    // A transparent 1×1 image; only its (scaled) collision box matters.
    if (map && !map.hasImage(BLOCKER_IMAGE)) map.addImage(BLOCKER_IMAGE, { width: 1, height: 1, data: new Uint8Array(4) });
    storyStore.dispatch({ type: 'map-registered', map });
    return () => storyStore.dispatch({ type: 'map-registered', map: null });
  }, [map]);

  // Keyboard: in kiosk view the arrow keys belong to the presenter's clicker, not to panning.
  const isPlaying = playing !== null;
  useEffect(() => {
    if (!map || !isPlaying) return;
    const wasEnabled = map.keyboard.isEnabled();
    map.keyboard.disable();
    return () => {
      if (wasEnabled) map.keyboard.enable();
      // Give the whole map back to the explorer: no caption card any more.
      map.easeTo({ padding: { top: 0, bottom: 0, left: 0, right: 0 }, duration: 500 });
    };
  }, [map, isPlaying]);

  // Camera flight, once per step change (`flight` counts them).
  useEffect(() => {
    if (!map || flight === 0) return;
    const target = currentStep(storyStore.getState());
    if (!target) return;
    let cancelled = false;
    let onEnd: (() => void) | undefined;
    // Two frames: the kiosk layout (header hidden, card measured) settles before sizes are read.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        if (cancelled) return;
        const container = map.getContainer();
        const width = container.clientWidth;
        const height = container.clientHeight;
        const cardHeight = storyStore.getState().cardHeight;
        const bottom = Math.round(Math.min(height * 0.5, cardHeight > 0 ? cardHeight + 24 : height * CARD_FRACTION));
        const { camera } = target;
        onEnd = () => storyStore.dispatch({ type: 'camera-settled', flight });
        // Not `essential`: MapLibre jumps instead of flying when the viewer asked for reduced motion.
        map.flyTo({
          center: camera.center,
          zoom: screenZoom(camera.zoom, width, height),
          bearing: camera.bearing,
          pitch: camera.pitch,
          duration: camera.duration,
          padding: { top: 0, left: 0, right: 0, bottom },
        });
        if (!map.isMoving()) onEnd();
        else map.once('moveend', onEnd);
      });
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      if (onEnd) map.off('moveend', onEnd);
    };
  }, [map, flight]);

  const highlights = useMemo(() => highlightCollection(step ?? undefined, loadedData(layerData)), [step, layerData]);
  const labels = useMemo(() => highlightLabelPoints(highlights), [highlights]);
  const wantsPulse = step?.effects?.includes('pulse') ?? false;
  const wantsTrain = step?.effects?.includes('train') ?? false;
  const pulsePoints = useMemo(() => (wantsPulse ? highlightPoints(highlights) : EMPTY), [wantsPulse, highlights]);
  const track = useMemo(() => (wantsTrain ? trainTrack(highlights) : undefined), [wantsTrain, highlights]);

  // Fade in after arrival, then keep pulsing / running the train while the step shows.
  useEffect(() => {
    if (!map || !isPlaying) return;
    const trainSource = () => map.getSource('story-train') as GeoJSONSource | undefined;
    const fade = (factor: number) => {
      for (const [layerId, property, full] of FADED_PAINT) setPaint(map, layerId, property, full * factor);
    };
    if (!settled) {
      fade(0);
      setPaint(map, 'story-pulse', 'circle-stroke-opacity', 0);
      trainSource()?.setData(EMPTY);
      return;
    }
    const reduced = prefersReducedMotion();
    if (reduced) {
      fade(1);
      setPaint(map, 'story-pulse', 'circle-radius', 16);
      setPaint(map, 'story-pulse', 'circle-stroke-opacity', wantsPulse ? 0.6 : 0);
      trainSource()?.setData(EMPTY);
      return;
    }
    let stretchKm: { startKm: number; endKm: number } | undefined;
    if (track) {
      // The screen's width in km at the centre, as if looking straight down (a pitched view's
      // bounds reach the horizon): Web Mercator metres per pixel at 512-px tiles.
      const center = map.getCenter();
      const widthKm = (map.getContainer().clientWidth * metresPerPixel(center.lat, map.getZoom())) / 1000;
      stretchKm = trainWindow(track, [center.lng, center.lat], Math.max(1, widthKm * 0.45));
    }
    const started = performance.now();
    let lastContinuous = 0;
    let frame = 0;
    const tick = (now: number) => {
      const elapsed = now - started;
      const factor = Math.min(1, elapsed / FADE_MS);
      fade(1 - (1 - factor) * (1 - factor)); // ease-out
      const continuous = (wantsPulse && pulsePoints.features.length > 0) || (track !== undefined && stretchKm !== undefined);
      if (continuous && firstDrawnRef.current && now - lastContinuous >= FRAME_MS) {
        lastContinuous = now;
        if (wantsPulse) {
          const phase = (elapsed % PULSE_MS) / PULSE_MS;
          setPaint(map, 'story-pulse', 'circle-radius', 10 + 26 * phase);
          setPaint(map, 'story-pulse', 'circle-stroke-opacity', 0.9 * (1 - phase));
        }
        if (track && stretchKm) {
          const stretch = stretchKm.endKm - stretchKm.startKm;
          const body = Math.max(0.3, stretch * 0.06);
          const travelled = ((elapsed / TRAIN_CROSSING_MS) * stretch) % (stretch + body);
          trainSource()?.setData(trainAt(track, stretchKm.startKm + travelled, body));
        }
      }
      if (factor < 1 || continuous) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [map, isPlaying, settled, highlights, pulsePoints, track, wantsPulse]);

  if (!playing) return null;
  return (
    <>
      <Source id="story-highlight" type="geojson" data={highlights}>
        <Layer {...FILL_LAYER} />
        <Layer {...CASING_LAYER} />
        <Layer {...LINE_LAYER} />
      </Source>
      <Source id="story-train" type="geojson" data={EMPTY}>
        <Layer {...TRAIN_CASING_LAYER} />
        <Layer {...TRAIN_BODY_LAYER} />
        <Layer {...TRAIN_HEAD_LAYER} />
      </Source>
      <Source id="story-pulse" type="geojson" data={pulsePoints}>
        <Layer {...PULSE_LAYER} />
      </Source>
      <Source id="story-highlight-points" type="geojson" data={highlights}>
        <Layer {...POINT_LAYER} />
      </Source>
      <Source id="story-highlight-labels" type="geojson" data={labels}>
        <Layer {...BLOCKER_LAYER} />
        <Layer {...labelStyle} />
      </Source>
    </>
  );
}
