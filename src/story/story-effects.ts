/**
 * Geometry for the presentation's effects, computed with Turf. Pure: no React, no MapLibre.
 * - the highlighted features of a step, copied out of the loaded layer data;
 * - one label point per highlighted feature (large labels readable in a hall);
 * - the moving train: a short slice of the railway and its head, at a distance in km.
 * Distances are geodesic (Turf on the WGS 84 sphere), not in screen units.
 */
import { along } from '@turf/along';
import { area as turfArea } from '@turf/area';
import { bbox as turfBbox } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { length } from '@turf/length';
import { lineSliceAlong } from '@turf/line-slice-along';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import polylabel from 'polylabel';
import { differencePlanar, type PlanarPolygons } from '../geometry/clip';
import { distanceToSegment, pointInPolygons } from '../geometry/planar';
import { labelProperties, QUALIFIER_SCALE, STORY_LABEL_MEASURE, trailingQualifier } from '../map/label-lines';
import { LABEL_SIDES, octantOf, USUAL_SIDES, type HighlightKind, type LabelSide } from './story-labels';
import type { StoryStep } from './story-schema';


/**
 * How a highlight is told apart from the others of its step: the railway and the zones
 * (`main`) keep the presentation yellow; a road, an industrial park or base, and what is
 * already built (a feature whose `status` is `built`, as the 5000亩 demonstration ranch) each
 * take their own colour, so an expressway is not read as the railway beside it, nor a base
 * as the zone it lies in.
 */
export type HighlightTone = 'main' | 'road' | 'park' | 'built';

export interface HighlightProperties {
  kind: HighlightKind;
  tone: HighlightTone;
  /** Drawing order: larger areas first (more negative), lines and points above every area. */
  stack: number;
  layer: string;
  id: string;
  name_zh: string;
  name_en: string;
}

/** A label point's properties: the feature's, and the text as it is written on the map. */
export interface LabelProperties extends HighlightProperties {
  /** The name without its trailing qualifier, in lines (\n) as it is written (labelText). */
  label_zh: string;
  label_en: string;
  /** The qualifier on lines of its own ("\n（…）"), written smaller; empty when there is none. */
  note_zh: string;
  note_en: string;
}

/** The tone of a highlighted feature of `layer` (HighlightTone). */
export function toneOf(layer: string, properties: Readonly<Record<string, unknown>> | null): HighlightTone {
  if (properties?.status === 'built') return 'built';
  if (layer === 'roads') return 'road';
  if (layer === 'industrial-parks') return 'park';
  return 'main';
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function kindOf(geometry: Geometry): HighlightKind | undefined {
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiPolygon':
      return 'area';
    case 'LineString':
    case 'MultiLineString':
      return 'line';
    case 'Point':
    case 'MultiPoint':
      return 'point';
    default:
      return undefined;
  }
}

/**
 * The features a step highlights, from whatever layer data is loaded (`data[layerId]`).
 * Layers not loaded yet contribute nothing; the caller recomputes when they arrive.
 */
export function highlightCollection(
  step: (Pick<StoryStep, 'highlight'> & Partial<Pick<StoryStep, 'camera'>>) | undefined,
  data: Readonly<Record<string, FeatureCollection | undefined>>,
): HighlightCollection {
  const features: Array<Feature<Geometry, HighlightProperties>> = [];
  for (const entry of step?.highlight ?? []) {
    const collection = data[entry.layer];
    if (!collection) continue;
    const wanted = new Set(entry.ids);
    for (const feature of collection.features) {
      const id = String(feature.properties?.id ?? feature.id ?? '');
      if (!wanted.has(id) || !feature.geometry) continue;
      const kind = kindOf(feature.geometry);
      if (!kind) continue;
      features.push({
        type: 'Feature',
        geometry: feature.geometry,
        properties: {
          kind,
          tone: toneOf(entry.layer, feature.properties),
          // Square kilometres, negated: a park drawn over its zone, not under it.
          stack: kind === 'area' ? -turfArea(feature) / 1e6 : 0,
          layer: entry.layer,
          id,
          name_zh: String(feature.properties?.name_zh ?? ''),
          name_en: String(feature.properties?.name_en ?? ''),
        },
      });
    }
  }
  if (features.length === 0) return EMPTY as HighlightCollection;
  // The camera's turn and tilt go with the features (a GeoJSON foreign member): the labels are
  // placed for the screen they are seen on (highlightLabelPoints).
  const view = step?.camera ? { bearing: step.camera.bearing ?? 0, pitch: step.camera.pitch ?? 0 } : undefined;
  return view ? { type: 'FeatureCollection', features, view } : { type: 'FeatureCollection', features };
}

/** How the camera looks at a step's highlights, degrees: its bearing (clockwise from north) and pitch (from straight down). */
export interface HighlightView {
  bearing: number;
  pitch: number;
}

/** A step's highlights, and how its camera looks at them when known. */
export type HighlightCollection = FeatureCollection<Geometry, HighlightProperties> & { view?: HighlightView };

type AreaFeature = Feature<Polygon | MultiPolygon, HighlightProperties>;

function isArea(feature: Feature<Geometry, HighlightProperties>): feature is AreaFeature {
  return feature.properties.kind === 'area';
}

/** Points within this fraction of an area's box diagonal of a highlighted point are kept clear of its label. */
const POINT_CLEARANCE = 0.06;
/** Metres per degree of latitude (and of longitude at the equator): a local plane is all a label needs. */
const METRES_PER_DEGREE = 111_320;

/** MapLibre's line height for the story labels, ems (story-overlays draws them with it). */
export const LABEL_LINE_HEIGHT = 1.2;
/** A story label's distance from its point, ems (story-overlays draws them with it). */
export const LABEL_OFFSET_EMS = 0.9;
/** Candidate label points tried across an area's box, per side; the best is then refined. */
const LABEL_GRID = 32;
/** Refinements of the best candidate, each on a grid a quarter as fine round it. */
const LABEL_REFINEMENTS = 4;
/** Candidates whose label fits at least this share of the best fit are as good: the most central of them is taken. */
const LABEL_FIT_TIE = 0.8;

/** The width of a line of label text in ems: a Han character or full-width bracket is 1 em, Latin about half (a space less). */
function lineEms(line: string): number {
  let ems = 0;
  for (const character of line) ems += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u.test(character) ? 1 : character === ' ' ? 0.28 : 0.56;
  return ems;
}

/** A label's drawn size in ems: its lines, and its qualifier's lines at QUALIFIER_SCALE (label-lines labelText). */
function labelEms(label: string, note: string): { width: number; height: number } {
  const lines = label === '' ? [] : label.split('\n');
  const noteLines = note === '' ? [] : note.split('\n').slice(1);
  const width = Math.max(0, ...lines.map(lineEms), ...noteLines.map((line) => lineEms(line) * QUALIFIER_SCALE));
  return { width, height: (lines.length + noteLines.length * QUALIFIER_SCALE) * LABEL_LINE_HEIGHT };
}

/** A label's box round its point, in ems on a plane with y up: x from `left` to `right`, y from `bottom` to `top`; the point is inside or on it. */
interface LabelBox {
  left: number;
  right: number;
  bottom: number;
  top: number;
}

/** Room kept between a label's point and the nearest edge behind it, ems: the point itself must lie in the area. */
const POINT_ROOM_EMS = 0.2;

/**
 * The box a `size` label takes on `side` of its point (story-labels labelBox, in ems and with y
 * up), grown to take in the point: the name and the point it is written by lie in the area.
 */
function sideBox(size: { width: number; height: number }, side: LabelSide): LabelBox {
  const offset = LABEL_OFFSET_EMS;
  const corner = offset / Math.SQRT2;
  const { width, height } = size;
  const [left, top] = {
    right: [offset, height / 2],
    left: [-offset - width, height / 2],
    above: [-width / 2, offset + height],
    below: [-width / 2, -offset],
    'above-right': [corner, corner + height],
    'above-left': [-corner - width, corner + height],
    'below-right': [corner, -corner],
    'below-left': [-corner - width, -corner],
  }[side];
  return {
    left: Math.min(left, -POINT_ROOM_EMS),
    right: Math.max(left + width, POINT_ROOM_EMS),
    bottom: Math.min(top - height, -POINT_ROOM_EMS),
    top: Math.max(top, POINT_ROOM_EMS),
  };
}

/**
 * How large (metres per em) a label's box (sideBox) can be drawn round `point` before it
 * reaches an edge of the region bounded by `segments`: the least, over the edges, of the box's
 * gauge (the scale at which the growing box first touches a point). Along a segment the gauge
 * is convex and piecewise linear, changing only where the segment crosses a ray from the point
 * to a corner of the box, so its least value is at an end or at one of those crossings.
 */
function labelFit(point: Position, segments: readonly Position[][], box: LabelBox): number {
  const [x, y] = point;
  const gauge = (dx: number, dy: number) => Math.max(dx > 0 ? dx / box.right : dx / box.left, dy > 0 ? dy / box.top : dy / box.bottom);
  const corners = [
    [box.left, box.bottom],
    [box.right, box.bottom],
    [box.right, box.top],
    [box.left, box.top],
  ];
  let nearest = Infinity;
  for (const [start, end] of segments) {
    const ax = start[0] - x;
    const ay = start[1] - y;
    const ex = end[0] - start[0];
    const ey = end[1] - start[1];
    let least = Math.min(gauge(ax, ay), gauge(ax + ex, ay + ey));
    for (const [cx, cy] of corners) {
      const across = ex * cy - ey * cx;
      if (across === 0) continue;
      const t = -(ax * cy - ay * cx) / across;
      if (t > 0 && t < 1) least = Math.min(least, gauge(ax + ex * t, ay + ey * t));
    }
    if (least < nearest) nearest = least;
  }
  return nearest;
}

/** Names within this many ems of each other crowd (story-overlays LABEL_REACH): story-labels then writes each away from the others first. */
export const LABEL_REACH_EMS = 6;
/** The least reach of crowding names, as a share of an area's box diagonal (areaLabelPosition). */
const AREA_REACH = 0.2;

/**
 * The side story-labels writes a label on first: below when no other name is within `reach`
 * (metres), else straight away from the names close by, each pushing by the inverse square of
 * its distance (story-labels awayFrom).
 */
function likelySide(point: Position, neighbours: readonly Position[], reach: number): LabelSide {
  let pushRight = 0;
  let pushUp = 0;
  let crowded = false;
  for (const [x, y] of neighbours) {
    const right = point[0] - x;
    const up = point[1] - y;
    const distance = Math.hypot(right, up);
    if (distance === 0 || distance >= reach) continue;
    crowded = true;
    pushRight += right / distance ** 3;
    pushUp += up / distance ** 3;
  }
  if (!crowded) return USUAL_SIDES[0];
  return LABEL_SIDES[octantOf(pushRight, pushUp)];
}

/**
 * The point of `region` where the label's box — in both languages — can be drawn largest and
 * still lie inside it: the zoom-free form of "the label stays on its own area". A pole of
 * inaccessibility (polylabel) finds the widest circle, and a wide name centred there can hang
 * over a narrow tip into the neighbouring area (威海经济技术开发区 written mostly on the grey
 * 高区); a box of the label's own proportions finds the broad part the name fits in.
 * Candidates on a grid and the poles of the parts; among those fitting nearly as well as the
 * best, the one nearest their middle (a strip's name in its middle, not at an end); then
 * refined round it. Undefined when no candidate lies in the region.
 */
function labelBoxPosition(
  region: PlanarPolygons,
  sizes: ReadonlyArray<{ width: number; height: number }>,
  poles: Position[],
  taken: PlanarPolygons = [],
  neighbours: readonly Position[] = [],
  leastReach = 0,
): Position | undefined {
  const segments: Position[][] = [];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of region) {
    for (const ring of rings) {
      for (let index = 1; index < ring.length; index++) segments.push([ring[index - 1], ring[index]]);
      for (const [x, y] of ring) [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
  }
  if (segments.length === 0) return undefined;
  // Each language's label on the side it is likely written on there (likelySide): names are
  // crowding within LABEL_REACH_EMS at the size the label fits below the point, and at least
  // within `leastReach` — a label that does not fit is drawn larger than its fit, so its
  // reach is longer. The smaller fit of the two languages.
  const fit = (point: Position) => {
    if (!pointInPolygons(point, region)) return -1;
    return Math.min(
      ...sizes.map((size) => {
        const reach = Math.max(LABEL_REACH_EMS * labelFit(point, segments, sideBox(size, USUAL_SIDES[0])), leastReach);
        const side = likelySide(point, neighbours, reach);
        return labelFit(point, segments, sideBox(size, side));
      }),
    );
  };
  const grid = (centre: Position, halfX: number, halfY: number, count: number) => {
    const points: Position[] = [];
    for (let column = 0; column <= count; column++)
      for (let row = 0; row <= count; row++) points.push([centre[0] - halfX + (2 * halfX * column) / count, centre[1] - halfY + (2 * halfY * row) / count]);
    return points;
  };
  let stepX = (maxX - minX) / LABEL_GRID;
  let stepY = (maxY - minY) / LABEL_GRID;
  const scored = [...grid([(minX + maxX) / 2, (minY + maxY) / 2], (maxX - minX) / 2, (maxY - minY) / 2, LABEL_GRID), ...poles]
    .map((point) => ({ point, fit: fit(point) }))
    .filter((candidate) => candidate.fit > 0);
  if (scored.length === 0) return undefined;
  const bestFit = Math.max(...scored.map((candidate) => candidate.fit));
  const good = scored.filter((candidate) => candidate.fit >= bestFit * LABEL_FIT_TIE);
  // Among them, the one farthest from what was taken out (the parks' names are written by
  // the parks: a name close to theirs is turned away from them, off its box); with nothing
  // taken out, the one nearest their middle (a strip's name in its middle, not at an end).
  const middle = [good.reduce((sum, { point }) => sum + point[0], 0) / good.length, good.reduce((sum, { point }) => sum + point[1], 0) / good.length];
  const takenSegments = taken.flatMap((rings) => rings.flatMap((ring) => ring.slice(1).map((end, index) => [ring[index], end])));
  const preference = (point: Position) =>
    takenSegments.length > 0 ? Math.min(...takenSegments.map(([start, end]) => distanceToSegment(point, start, end))) : -Math.hypot(point[0] - middle[0], point[1] - middle[1]);
  let best = good.reduce((chosen, candidate) => (preference(candidate.point) > preference(chosen.point) ? candidate : chosen));
  for (let refinement = 0; refinement < LABEL_REFINEMENTS; refinement++) {
    for (const point of grid(best.point, stepX, stepY, 8)) {
      const candidateFit = fit(point);
      if (candidateFit > best.fit) best = { point, fit: candidateFit };
    }
    stepX /= 4;
    stepY /= 4;
  }
  return best.point;
}

/**
 * Where an area's label goes: where the label's box, as wide as its name, fits best inside
 * what is left of the area once the smaller highlighted areas on it, and a clearance round the
 * highlighted points on it, are taken out (differencePlanar, the engine's clipper) — so a
 * zone's name is written on the zone, neither over its narrow tip onto the next area nor on a
 * park inside it nor over a station's label (labelBoxPosition). Worked in a local plane in
 * metres (longitude scaled by cos latitude, as Web Mercator is locally), so the box has the
 * label's proportions on the screen. Falls back to a point on the area when nothing is left or
 * the point found misses the area.
 */
function areaLabelPosition(
  area: AreaFeature,
  others: AreaFeature[],
  points: Array<Feature<Point, HighlightProperties>>,
  neighbours: readonly Position[] = [],
  view: HighlightView = { bearing: 0, pitch: 0 },
): Position {
  const fallback = (): Position => pointOnFeature(area).geometry.coordinates;
  const [west, south, east, north] = turfBbox(area);
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180) * METRES_PER_DEGREE;
  // The plane as the screen shows it: turned by the bearing, and foreshortened up the screen
  // by the pitch (as at the screen's centre), so a label's box has its screen proportions.
  const turn = (view.bearing * Math.PI) / 180;
  const [cosine, sine] = [Math.cos(turn), Math.sin(turn)];
  const tilt = Math.max(Math.cos((Math.min(view.pitch, 80) * Math.PI) / 180), 0.2);
  const toPlane = (position: Position): Position => {
    const [x, y] = [(position[0] - west) * xScale, (position[1] - south) * METRES_PER_DEGREE];
    return [x * cosine - y * sine, (x * sine + y * cosine) * tilt];
  };
  const fromPlane = ([planeX, planeY]: Position): Position => {
    const [x, y] = [planeX, planeY / tilt];
    return [(x * cosine + y * sine) / xScale + west, (-x * sine + y * cosine) / METRES_PER_DEGREE + south];
  };
  const onPlane = (geometry: Polygon | MultiPolygon): PlanarPolygons =>
    (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).map((rings) => rings.map((ring) => ring.map(toPlane)));
  const size = Math.hypot((east - west) * xScale, (north - south) * METRES_PER_DEGREE);
  const clearance = Math.max(size * POINT_CLEARANCE, 50);
  const taken: PlanarPolygons = [];
  for (const other of others) {
    if (other.properties.stack > area.properties.stack && booleanPointInPolygon(pointOnFeature(other), area)) taken.push(...onPlane(other.geometry));
  }
  for (const point of points) {
    if (!booleanPointInPolygon(point, area)) continue;
    const [x, y] = toPlane(point.geometry.coordinates);
    taken.push([Array.from({ length: 17 }, (_, step) => [x + clearance * Math.cos((step / 16) * 2 * Math.PI), y + clearance * Math.sin((step / 16) * 2 * Math.PI)])]);
  }
  let left = onPlane(area.geometry);
  if (taken.length > 0) {
    try {
      left = differencePlanar(left, taken);
    } catch {
      return fallback();
    }
  }
  const parts = left.filter((rings) => rings[0] !== undefined && rings[0].length >= 4);
  const poles = parts.map((rings): Position => {
    const pole = polylabel(rings, Math.max(size / 400, 1));
    return [pole[0], pole[1]];
  });
  // The name as it is written, in both languages, qualifier and all (the widest it is drawn).
  const written = labelProperties({ name_zh: area.properties.name_zh, name_en: area.properties.name_en }, STORY_LABEL_MEASURE);
  const sizes = (['zh', 'en'] as const).map((language) => labelEms(written[`label_${language}`] ?? '', written[`note_${language}`] ?? ''));
  // A step frames its areas on the screen: 6 ems of a 22 px label (LABEL_REACH_EMS) are a
  // fifth or so of an area the camera shows whole.
  const found = labelBoxPosition(parts, sizes, poles, taken, neighbours.map(toPlane), size * AREA_REACH);
  const best: Position | undefined = found && fromPlane(found);
  return best && booleanPointInPolygon(best, area) ? best : fallback();
}

/** Whether a qualifier names the place `container` is: two Chinese characters in a row, or a word of four letters, in common. */
function namesContainer(qualifier: string, container: string): boolean {
  for (let index = 0; index + 2 <= qualifier.length; index++) {
    const pair = qualifier.slice(index, index + 2);
    if (/^[\u4e00-\u9fff]{2}$/u.test(pair) && container.includes(pair)) return true;
  }
  const words = new Set(container.toLowerCase().match(/[a-z]{4,}/g) ?? []);
  return (qualifier.toLowerCase().match(/[a-z]{4,}/g) ?? []).some((word) => words.has(word));
}

/** The name without its trailing qualifier when that names one of `containers`; else the name. */
function shortenedIn(name: string, containers: string[]): string {
  const split = trailingQualifier(name);
  return split && containers.some((container) => namesContainer(split.qualifier, container)) ? split.head : name;
}

/**
 * One point per highlighted feature where its big label goes: on the area (off the smaller
 * highlighted areas and the points on it), mid-line, or the point. An area lying in a larger
 * highlighted area whose trailing qualifier names that area (a base and its park) is named
 * without it — "海洋生物基地（威海（荣成）海洋高新技术产业园）" in the highlighted park reads
 * 海洋生物基地, the park's own label saying where it is; 综合保税区（南区） keeps its 南区.
 * Each point carries its text as written (labelProperties); where on the screen it goes is
 * story-labels' business.
 */
export function highlightLabelPoints(
  collection: HighlightCollection,
): FeatureCollection<Point, LabelProperties> {
  const areas = collection.features.filter(isArea);
  const points = collection.features.filter((feature): feature is Feature<Point, HighlightProperties> => feature.geometry.type === 'Point');
  // Lines' and points' names first, then the areas' from the smallest up: an area's name is
  // placed knowing where the names on it (its parks, its stations) are written.
  const positions = new Map<Feature<Geometry, HighlightProperties>, Position | undefined>();
  for (const feature of collection.features) {
    if (feature.properties.kind === 'line') {
      const line = longestLine(feature.geometry);
      positions.set(feature, line ? along(line, length(line) / 2).geometry.coordinates : undefined);
    } else if (!isArea(feature)) {
      positions.set(feature, pointOnFeature(feature).geometry.coordinates);
    }
  }
  for (const feature of [...areas].sort((a, b) => b.properties.stack - a.properties.stack)) {
    const neighbours = [...positions.values()].filter((position): position is Position => position !== undefined);
    positions.set(feature, areaLabelPosition(feature, areas.filter((other) => other !== feature), points, neighbours, collection.view));
  }
  const features: Array<Feature<Point, LabelProperties>> = [];
  for (const feature of collection.features) {
    const position = positions.get(feature);
    if (!position) continue;
    const point: Feature<Point> = { type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties: {} };
    const containers = isArea(feature) ? areas.filter((other) => other.properties.stack < feature.properties.stack && booleanPointInPolygon(point, other)) : [];
    const name_zh = containers.length > 0 ? shortenedIn(feature.properties.name_zh, containers.map((container) => container.properties.name_zh)) : feature.properties.name_zh;
    const name_en = containers.length > 0 ? shortenedIn(feature.properties.name_en, containers.map((container) => container.properties.name_en)) : feature.properties.name_en;
    features.push({
      type: 'Feature',
      geometry: point.geometry,
      properties: { ...feature.properties, name_zh, name_en, label_zh: '', label_en: '', note_zh: '', note_en: '', ...labelProperties({ name_zh, name_en }, STORY_LABEL_MEASURE) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The line itself, or the longest part of a multi-line; undefined for other geometry. */
export function longestLine(geometry: Geometry): Feature<LineString> | undefined {
  if (geometry.type === 'LineString') return { type: 'Feature', geometry, properties: {} };
  if (geometry.type !== 'MultiLineString') return undefined;
  let best: Feature<LineString> | undefined;
  let bestLength = -1;
  for (const coordinates of geometry.coordinates) {
    const candidate: Feature<LineString> = { type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: {} };
    const candidateLength = length(candidate);
    if (candidateLength > bestLength) {
      best = candidate;
      bestLength = candidateLength;
    }
  }
  return best;
}

/**
 * `count` points evenly spaced along a line (the longest part of a multi-line), its ends
 * included; none for other geometry. Where a railway's name can go when its middle is off
 * the screen.
 */
export function pointsAlong(geometry: Geometry, count: number): Position[] {
  const line = longestLine(geometry);
  if (!line || count < 2) return [];
  const total = length(line);
  return Array.from({ length: count }, (_, index) => along(line, (total * index) / (count - 1)).geometry.coordinates);
}

/** Points of the highlight (for the pulse rings). */
export function highlightPoints(collection: FeatureCollection<Geometry, HighlightProperties>): FeatureCollection {
  return { type: 'FeatureCollection', features: collection.features.filter((feature) => feature.properties.kind === 'point') };
}

/** The railway a train runs on: the longest highlighted line of the step. */
export function trainTrack(collection: FeatureCollection<Geometry, HighlightProperties>): Feature<LineString> | undefined {
  let best: Feature<LineString> | undefined;
  let bestLength = -1;
  for (const feature of collection.features) {
    if (feature.properties.kind !== 'line') continue;
    const line = longestLine(feature.geometry);
    if (!line) continue;
    const lineLength = length(line);
    if (lineLength > bestLength) {
      best = line;
      bestLength = lineLength;
    }
  }
  return best;
}

/**
 * The stretch of track the train loops over, in km from the line's start: the part
 * around the point nearest the camera centre, `halfWidthKm` either side (clamped to the line).
 */
export function trainWindow(track: Feature<LineString>, center: [number, number], halfWidthKm: number): { startKm: number; endKm: number } {
  const total = length(track);
  const nearest = nearestPointOnLine(track, center);
  // Turf 7.2+: `totalDistance` is the distance from the line's start, in km.
  const at = Number(nearest.properties.totalDistance ?? 0);
  const startKm = Math.max(0, at - halfWidthKm);
  const endKm = Math.min(total, at + halfWidthKm);
  return endKm - startKm < 1e-6 ? { startKm: 0, endKm: total } : { startKm, endKm };
}

/** The train at `headKm` along the track: its body (a slice `bodyKm` long) and its head point. */
export function trainAt(track: Feature<LineString>, headKm: number, bodyKm: number): FeatureCollection {
  const total = length(track);
  const head = Math.min(total, Math.max(0, headKm));
  const tail = Math.max(0, head - bodyKm);
  const features: Feature[] = [];
  if (head - tail > 1e-6) {
    const body = lineSliceAlong(track, tail, head);
    features.push({ ...body, properties: { part: 'body' } });
  }
  features.push({ ...along(track, head), properties: { part: 'head' } });
  return { type: 'FeatureCollection', features };
}
