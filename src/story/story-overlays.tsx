/**
 * The presentation inside the map (a child of react-map-gl's <Map>): camera flights from
 * step to step, and the effects — highlighted features fading in with large labels, rings
 * pulsing on highlighted points, a train running along a highlighted railway.
 *
 * Sources and layers are declared as data (<Source>/<Layer> with constant paint); only the
 * animated paint values and the train's position are set imperatively, once per frame, in
 * one requestAnimationFrame loop that stops as soon as nothing moves.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Layer, Source, useMap, type LayerProps } from 'react-map-gl/maplibre';
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT_STACK, LOCAL_IDEOGRAPH_FONT_FAMILY } from '../map/catalog-style';
import { QUALIFIER_SCALE } from '../map/label-lines';
import { metresPerPixel } from '../map/scale';
import { useAtlas, useAtlasStore } from '../state/atlas-store';
import type { AtlasState, LayerLoad } from '../state/atlas-state';
import { framedView, screenPoint, screenZoom, type EdgeInsets, type MapView, type ScreenBox } from './story-camera';
import {
  highlightCollection,
  highlightLabelPoints,
  LABEL_LINE_HEIGHT,
  LABEL_OFFSET_EMS,
  LABEL_REACH_EMS,
  highlightPoints,
  pointsAlong,
  trainAt,
  trainTrack,
  trainWindow,
  type HighlightProperties,
  type LabelProperties,
} from './story-effects';
import { LABEL_SIDES, USUAL_SIDES, layoutLabels, sidesAwayFrom, type LabelPlacement, type LabelSide } from './story-labels';
import type { StoryStep } from './story-schema';
import { currentStep, storyStore, useStory, type PageBox } from './story-store';

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
/** The caption card never takes more of the map's height than this from the camera. */
const CARD_MAX_FRACTION = 0.6;
/** CSS px between the caption card's top edge and the map the camera frames. */
const CARD_GAP = 12;

/** The highlight labels' size, CSS px. */
const LABEL_SIZE = 22;
/** MapLibre's line height, ems, and the labels' distance from their point, ems: the numbers story-effects places the area labels by. */
const LINE_HEIGHT = LABEL_LINE_HEIGHT;
const LABEL_OFFSET = LABEL_OFFSET_EMS;
/** Room kept round each label, CSS px (MapLibre's `text-padding`). */
const LABEL_PADDING = 4;
/** Labels are laid out this far inside the map's edges, CSS px. */
const LABEL_INSET = 6;
/** Half the side of the square kept clear round a highlighted point, CSS px: the point's circle and its stroke. */
const POINT_RADIUS = 8;
/**
 * What a step shows is kept this far from the map's edges, in label sizes: its names are
 * written beside it and must not be cut by an edge or hidden by the card. Above and below, a
 * label is 0.9 em off its point and up to two lines and a smaller one high (a name and its
 * qualifier); to the sides a label that does not fit turns to the other side.
 */
const SIDE_MARGIN = 2;
const TOP_MARGIN = 3.5;
const CARD_MARGIN = 4;
/** Names within this many label sizes of each other crowd: each looks away from the others first (story-labels layoutLabels). */
const LABEL_REACH = LABEL_REACH_EMS;
/** A line's name, moved onto the screen, keeps this many label sizes inside the free part of the map. */
const LINE_LABEL_INSET = 3;
/** Points tried along a line for its name. */
const LINE_SAMPLES = 200;
/** How long a flight waits for the step's highlighted layers to load before it frames without them, ms. */
const DATA_WAIT_MS = 4000;
/** A reframe (the card grew with the other language, the window changed) eases over this, ms. */
const REFRAME_MS = 700;

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

/** MapLibre's anchor (the text's corner or edge at its point) and offset for a label side. */
const SIDE_ANCHOR: Record<LabelSide, [string, [number, number]]> = (() => {
  const corner = LABEL_OFFSET / Math.SQRT2;
  return {
    right: ['left', [LABEL_OFFSET, 0]],
    'above-right': ['bottom-left', [corner, -corner]],
    above: ['bottom', [0, -LABEL_OFFSET]],
    'above-left': ['bottom-right', [-corner, -corner]],
    left: ['right', [-LABEL_OFFSET, 0]],
    'below-left': ['top-right', [-corner, corner]],
    below: ['top', [0, LABEL_OFFSET]],
    'below-right': ['top-left', [corner, corner]],
  };
})();

/** A label's sides as MapLibre's `text-variable-anchor-offset` list: anchor, offset (ems), … */
const anchorOffsets = (sides: readonly LabelSide[]) => sides.flatMap((side) => SIDE_ANCHOR[side]);

/**
 * The sides a label tries, from its `sides` key (labelSidesKey): the side the layout found room
 * at, then the usual others; or, where it found none, the sides it could take. MapLibre reads
 * no list from a GeoJSON property (it gets there as JSON text), so every key is spelled out.
 */
const LABEL_ANCHORS = [
  'match',
  ['get', 'sides'],
  ...USUAL_SIDES.flatMap((side) => [side, ['literal', anchorOffsets([side, ...USUAL_SIDES.filter((other) => other !== side)])]]),
  ...LABEL_SIDES.flatMap((_, direction) =>
    (['point', 'area'] as const).flatMap((kind) => [sidesAwayFrom(direction, kind).join(' '), ['literal', anchorOffsets(sidesAwayFrom(direction, kind))]]),
  ),
  ['literal', anchorOffsets(USUAL_SIDES)],
] as unknown as ExpressionSpecification;

/** The `sides` key of a label's placement (LABEL_ANCHORS). */
const labelSidesKey = (placement: LabelPlacement) => (placement.placed ? placement.sides[0] : placement.sides.join(' '));

function labelLayer(language: 'zh' | 'en'): LayerProps {
  return {
    id: 'story-highlight-label',
    type: 'symbol',
    layout: {
      // The name, and its qualifier smaller on lines of its own (map/label-lines labelText).
      'text-field': ['format', ['get', `label_${language}`], {}, ['get', `note_${language}`], { 'font-scale': QUALIFIER_SCALE }],
      'text-font': LABEL_FONT_STACK,
      'text-size': LABEL_SIZE,
      // The text comes broken into lines where it reads well (map/label-lines labelText); MapLibre,
      // which would break Chinese between any two characters at its maximum width, never breaks it.
      'text-max-width': 100,
      // The side the layout found room at first (story-labels layoutLabels).
      'text-variable-anchor-offset': LABEL_ANCHORS,
      'text-padding': LABEL_PADDING,
      // Points (stations, projects) claim their label place first, then areas, then lines.
      'symbol-sort-key': ['match', ['get', 'kind'], 'point', 0, 'area', 1, 2],
    },
    paint: { 'text-color': '#0b1d2c', 'text-halo-color': '#ffffff', 'text-halo-width': 2.5, 'text-opacity': 0 },
  };
}

/**
 * An invisible square on each highlighted point, placed before the labels (it is above them):
 * no name is written across another highlighted point, where it would read as that point's.
 */
const POINT_OBSTACLE_LAYER: LayerProps = {
  id: 'story-point-obstacle',
  type: 'symbol',
  filter: filterKind('point'),
  layout: { 'icon-image': BLOCKER_IMAGE, 'icon-size': 16, 'icon-allow-overlap': true, 'icon-ignore-placement': false },
};

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

/** All positions of a geometry, flattened. */
function positionsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    default:
      return geometry.geometries.flatMap(positionsOf);
  }
}

/** Where the camera is taken for a step: the view, its padding, the map's size it was framed for, and what covers the map (the presenter controls). */
interface StepFraming extends MapView {
  padding: EdgeInsets;
  size: { width: number; height: number };
  covered: ScreenBox[];
}

/**
 * The camera for a step on this map: the story's camera at this screen's zoom, padded for the
 * caption card where it actually is (its top edge, measured, plus a gap), and moved the least
 * it can so that what the step highlights, and the names written by it, lie clear of the card
 * and the map's edges (story-camera framedView).
 */
function stepFraming(map: MapLibreMap, step: StoryStep, atlas: AtlasState, card: PageBox | null, controls: PageBox | null): StepFraming {
  const container = map.getContainer();
  const size = { width: container.clientWidth, height: container.clientHeight };
  const { top: mapTop, left: mapLeft } = container.getBoundingClientRect();
  const cardCover = card ? mapTop + size.height - card.top + CARD_GAP : size.height * CARD_FRACTION;
  const bottom = Math.round(Math.max(0, Math.min(size.height * CARD_MAX_FRACTION, cardCover)));
  const padding = { top: 0, left: 0, right: 0, bottom };
  const { camera } = step;
  const view: MapView = { center: camera.center, zoom: screenZoom(camera.zoom, size.width, size.height), bearing: camera.bearing, pitch: camera.pitch };
  const highlights = highlightCollection(step, loadedData(atlas.layerData));
  const labels = highlightLabelPoints(highlights);
  const labelAt = new Map(labels.features.map((feature) => [`${feature.properties.layer}/${feature.properties.id}`, feature.geometry.coordinates]));
  const free = {
    left: SIDE_MARGIN * LABEL_SIZE,
    top: TOP_MARGIN * LABEL_SIZE,
    right: size.width - SIDE_MARGIN * LABEL_SIZE,
    bottom: size.height - bottom - CARD_MARGIN * LABEL_SIZE,
  };
  const framed = framedView(
    view,
    size,
    padding,
    free,
    highlights.features.map((feature) => positionsOf(feature.geometry)),
    highlights.features.map((feature) => labelAt.get(`${feature.properties.layer}/${feature.properties.id}`) ?? []),
  );
  const covered = controls
    ? [{ left: controls.left - mapLeft, top: controls.top - mapTop, right: controls.left - mapLeft + controls.width, bottom: controls.top - mapTop + controls.height }]
    : [];
  return { ...framed, padding, size, covered };
}

/** Whether two framings take the camera to the same place on the same map (to the 1/100 px), so the labels need not be laid out again. */
function sameFraming(a: StepFraming | null, b: StepFraming): boolean {
  const key = (framing: StepFraming) => JSON.stringify([framing.center, framing.zoom, framing.bearing, framing.pitch, framing.padding, framing.size, framing.covered], (_, value: unknown) => (typeof value === 'number' ? Math.round(value * 100) / 100 : value));
  return a !== null && key(a) === key(b);
}

/** A framing as MapLibre's camera options. */
const cameraOf = ({ center, zoom, bearing, pitch, padding }: StepFraming) => ({ center, zoom, bearing, pitch, padding });

let measuring: CanvasRenderingContext2D | null | undefined;

/** The width MapLibre draws `text` at, CSS px: it draws glyphs with the browser's own fonts (no glyph server), so a canvas measures them. */
function textWidth(text: string, size: number): number {
  measuring ??= typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!measuring) return [...text].length * size;
  measuring.font = `${size}px ${LOCAL_IDEOGRAPH_FONT_FAMILY}`;
  return measuring.measureText(text).width;
}

/** A label's drawn size: its lines at the label size, its qualifier's smaller (map/label-lines labelText). */
function labelSize(label: string, note: string): { width: number; height: number } {
  const lines = label.split('\n');
  const noteLines = note === '' ? [] : note.split('\n').slice(1);
  const width = Math.max(...lines.map((line) => textWidth(line, LABEL_SIZE)), ...noteLines.map((line) => textWidth(line, LABEL_SIZE * QUALIFIER_SCALE)));
  return { width, height: (lines.length + noteLines.length * QUALIFIER_SCALE) * LABEL_SIZE * LINE_HEIGHT };
}

type PlacedLabel = Feature<Point, LabelProperties & { sides: string }>;

/**
 * The label points as MapLibre gets them: with the sides each label tries (`sides`), found
 * for all together on the screen the camera is taken to (story-labels layoutLabels), and
 * without the qualifier where the names crowd. Before a step is framed, the usual sides.
 */
function laidOutLabels(
  labels: FeatureCollection<Point, LabelProperties>,
  highlights: FeatureCollection<Geometry, HighlightProperties>,
  framing: StepFraming | null,
  language: 'zh' | 'en',
): FeatureCollection<Point, LabelProperties & { sides: string }> {
  if (!framing) return { type: 'FeatureCollection', features: labels.features.map((feature) => ({ ...feature, properties: { ...feature.properties, sides: '' } })) };
  const project = (position: Position) => screenPoint(framing, framing.size, framing.padding, position);
  const area = { left: LABEL_INSET, top: LABEL_INSET, right: framing.size.width - LABEL_INSET, bottom: framing.size.height - framing.padding.bottom };
  const positions = labels.features.map((feature) => feature.geometry.coordinates);
  // A line running on past the screen (the railway, seen from one station) is named where it
  // crosses the screen, not at its middle far away: at the point along it, well inside the
  // free part of the map, with room from the other names (the nearest the middle of the
  // screen among those with room enough).
  labels.features.forEach((feature, index) => {
    const at = project(positions[index]);
    const inArea = (point: readonly [number, number] | undefined): point is [number, number] =>
      point !== undefined && point[0] >= area.left && point[0] <= area.right && point[1] >= area.top && point[1] <= area.bottom;
    if (feature.properties.kind !== 'line' || inArea(at)) return;
    const line = highlights.features.find((highlight) => highlight.properties.layer === feature.properties.layer && highlight.properties.id === feature.properties.id);
    const others = positions.flatMap((position, other) => (other === index ? [] : [project(position)].filter(inArea)));
    const inset = LINE_LABEL_INSET * LABEL_SIZE;
    const inner = { left: area.left + inset, top: area.top + inset, right: area.right - inset, bottom: area.bottom - inset };
    const middle = [(inner.left + inner.right) / 2, (inner.top + inner.bottom) / 2];
    let best: { position: Position; room: number; offCentre: number } | undefined;
    for (const position of line ? pointsAlong(line.geometry, LINE_SAMPLES) : []) {
      const point = project(position);
      if (!point || point[0] < inner.left || point[0] > inner.right || point[1] < inner.top || point[1] > inner.bottom) continue;
      const room = Math.min(LABEL_REACH * LABEL_SIZE, ...others.map((other) => Math.hypot(other[0] - point[0], other[1] - point[1])));
      const offCentre = Math.hypot(point[0] - middle[0], point[1] - middle[1]);
      if (!best || room > best.room || (room === best.room && offCentre < best.offCentre)) best = { position, room, offCentre };
    }
    if (best) positions[index] = best.position;
  });
  const onScreen = positions.map(project);
  const toPlace = labels.features.flatMap((feature, index) => {
    const at = onScreen[index];
    if (!at) return [];
    const label = feature.properties[`label_${language}`];
    const note = feature.properties[`note_${language}`];
    return [{ id: String(index), kind: feature.properties.kind, at, whole: labelSize(label, note), short: labelSize(label, '') }];
  });
  const points = highlights.features
    .filter((feature) => feature.properties.kind === 'point')
    .flatMap((feature) => positionsOf(feature.geometry).flatMap((position): Array<[number, number]> => {
      const point = project(position);
      return point ? [point] : [];
    }));
  const placements = layoutLabels(
    toPlace,
    area,
    points,
    // A pixel more than MapLibre keeps round a label: its own test must not find an overlap the layout missed by rounding.
    { offset: LABEL_OFFSET * LABEL_SIZE, padding: LABEL_PADDING + 1, pointRadius: POINT_RADIUS, reach: LABEL_REACH * LABEL_SIZE },
    framing.covered,
  );
  const byIndex = new Map(toPlace.map((label, order) => [Number(label.id), placements[order]]));
  const features = labels.features.map((feature, index): PlacedLabel => {
    const placement = byIndex.get(index);
    const properties = { ...feature.properties, sides: placement ? labelSidesKey(placement) : '' };
    if (placement?.short) properties[`note_${language}`] = '';
    return { ...feature, geometry: { type: 'Point', coordinates: positions[index] }, properties };
  });
  return { type: 'FeatureCollection', features };
}

export function StoryOverlays() {
  const { current } = useMap();
  const map = current?.getMap() ?? null;
  const playing = useStory((state) => state.playing);
  const flight = useStory((state) => state.flight);
  const settled = useStory((state) => state.cameraSettled);
  const atlasStore = useAtlasStore();
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

  // Where the camera is taken for the step on screen: the labels are laid out for it.
  const [framing, setFraming] = useState<StepFraming | null>(null);

  // Camera flight, once per step change (`flight` counts them).
  useEffect(() => {
    if (!map || flight === 0) return;
    const target = currentStep(storyStore.getState());
    if (!target) return;
    let cancelled = false;
    let onEnd: (() => void) | undefined;
    let frame = 0;
    let waited: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    const fly = () => {
      unsubscribe?.();
      clearTimeout(waited);
      // Two frames: the kiosk layout (header hidden, card measured) settles before sizes are read.
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => {
          if (cancelled) return;
          const { card, controls } = storyStore.getState();
          const framing = stepFraming(map, target, atlasStore.getState(), card, controls);
          setFraming(framing);
          onEnd = () => storyStore.dispatch({ type: 'camera-settled', flight });
          // Not `essential`: MapLibre jumps instead of flying when the viewer asked for reduced motion.
          map.flyTo({ ...cameraOf(framing), duration: target.camera.duration });
          if (!map.isMoving()) onEnd();
          else map.once('moveend', onEnd);
        });
      });
    };
    // The camera frames the step's highlighted features, so it waits for their layers, which
    // load as the step turns them on (not for ever: a layer that never answers is framed without).
    const layerIds = [...new Set((target.highlight ?? []).map((entry) => entry.layer))];
    const loaded = () => layerIds.every((layerId) => ['loaded', 'error', undefined].includes(atlasStore.getState().layerData[layerId]?.status));
    if (loaded()) fly();
    else {
      unsubscribe = atlasStore.subscribe(() => {
        if (loaded()) fly();
      });
      waited = setTimeout(fly, DATA_WAIT_MS);
    }
    return () => {
      cancelled = true;
      unsubscribe?.();
      clearTimeout(waited);
      cancelAnimationFrame(frame);
      if (onEnd) map.off('moveend', onEnd);
    };
  }, [map, flight, atlasStore]);

  // Once there, the camera follows the card and the window: the other language's caption
  // makes the card taller, full screen makes the map larger. It eases to the step framed anew.
  const card = useStory((state) => state.card);
  const [resized, setResized] = useState(0);
  useEffect(() => {
    if (!map) return;
    const onResize = () => setResized((count) => count + 1);
    map.on('resize', onResize);
    return () => void map.off('resize', onResize);
  }, [map]);
  // While the camera eases to the step framed anew, the labels wait for it to arrive.
  const [reframing, setReframing] = useState(false);
  useEffect(() => {
    if (!map || !step || !settled) return;
    const framing = stepFraming(map, step, atlasStore.getState(), card, storyStore.getState().controls);
    setFraming((before) => (sameFraming(before, framing) ? before : framing));
    const padding = map.getPadding();
    const here = map.project(map.getCenter());
    const there = map.project(framing.center);
    const moved =
      Math.hypot(here.x - there.x, here.y - there.y) > 1 ||
      Math.abs(map.getZoom() - framing.zoom) > 0.01 ||
      Math.abs((padding.bottom ?? 0) - framing.padding.bottom) > 1;
    if (!moved) return;
    const arrived = () => setReframing(false);
    setReframing(true);
    map.easeTo({ ...cameraOf(framing), duration: prefersReducedMotion() ? 0 : REFRAME_MS });
    if (map.isMoving()) map.once('moveend', arrived);
    else arrived();
    return () => {
      map.off('moveend', arrived);
      setReframing(false);
    };
  }, [map, step, settled, card, resized, layerData, atlasStore]);

  const highlights = useMemo(() => highlightCollection(step ?? undefined, loadedData(layerData)), [step, layerData]);
  const labelPoints = useMemo(() => highlightLabelPoints(highlights), [highlights]);
  const labels = useMemo(() => laidOutLabels(labelPoints, highlights, framing, language), [labelPoints, highlights, framing, language]);
  // The labels come when the camera has arrived, laid out for where it is. Not before: MapLibre
  // keeps a label at the side it last had while that still fits, so labels placed during the
  // flight would keep their sides whatever the layout says.
  const labelsShown = settled && !reframing && framing !== null;
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
      // A frame's time can be a little before `started` (it is the frame's start): never below 0.
      const factor = Math.max(0, Math.min(1, elapsed / FADE_MS));
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
      <Source id="story-label-blockers" type="geojson" data={labelPoints}>
        <Layer {...BLOCKER_LAYER} />
      </Source>
      <Source id="story-highlight-labels" type="geojson" data={labelsShown ? labels : EMPTY}>
        <Layer {...labelStyle} />
      </Source>
      <Source id="story-point-obstacles" type="geojson" data={highlights}>
        <Layer {...POINT_OBSTACLE_LAYER} />
      </Source>
    </>
  );
}
