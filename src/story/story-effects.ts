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
import { labelProperties, STORY_LABEL_MEASURE, trailingQualifier } from '../map/label-lines';
import type { StoryStep } from './story-schema';

export type HighlightKind = 'area' | 'line' | 'point';

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
  step: Pick<StoryStep, 'highlight'> | undefined,
  data: Readonly<Record<string, FeatureCollection | undefined>>,
): FeatureCollection<Geometry, HighlightProperties> {
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
  return features.length > 0 ? { type: 'FeatureCollection', features } : (EMPTY as FeatureCollection<Geometry, HighlightProperties>);
}

type AreaFeature = Feature<Polygon | MultiPolygon, HighlightProperties>;

function isArea(feature: Feature<Geometry, HighlightProperties>): feature is AreaFeature {
  return feature.properties.kind === 'area';
}

/** Points within this fraction of an area's box diagonal of a highlighted point are kept clear of its label. */
const POINT_CLEARANCE = 0.06;
/** Metres per degree of latitude (and of longitude at the equator): a local plane is all a label needs. */
const METRES_PER_DEGREE = 111_320;

/**
 * Where an area's label goes: at the pole of inaccessibility (polylabel) of what is left of
 * the area once the smaller highlighted areas on it, and a clearance round the highlighted
 * points on it, are taken out (differencePlanar, the engine's clipper) — so a zone's name is
 * written neither on a park inside it nor over a station's label. Worked in a local plane in
 * metres (longitude scaled by cos latitude), so the pole is the farthest point on the ground.
 * Falls back to a point on the area when nothing is left or the pole misses the area.
 */
function areaLabelPosition(area: AreaFeature, others: AreaFeature[], points: Array<Feature<Point, HighlightProperties>>): Position {
  const fallback = (): Position => pointOnFeature(area).geometry.coordinates;
  const [west, south, east, north] = turfBbox(area);
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180) * METRES_PER_DEGREE;
  const toPlane = (position: Position): Position => [(position[0] - west) * xScale, (position[1] - south) * METRES_PER_DEGREE];
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
  let best: Position | undefined;
  let bestDistance = -1;
  for (const rings of left) {
    if (rings[0] === undefined || rings[0].length < 4) continue;
    const pole = polylabel(rings, Math.max(size / 400, 1));
    if (pole.distance > bestDistance) {
      best = [pole[0] / xScale + west, pole[1] / METRES_PER_DEGREE + south];
      bestDistance = pole.distance;
    }
  }
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
  collection: FeatureCollection<Geometry, HighlightProperties>,
): FeatureCollection<Point, LabelProperties> {
  const areas = collection.features.filter(isArea);
  const points = collection.features.filter((feature): feature is Feature<Point, HighlightProperties> => feature.geometry.type === 'Point');
  const features: Array<Feature<Point, LabelProperties>> = [];
  for (const feature of collection.features) {
    let position: Position | undefined;
    if (feature.properties.kind === 'line') {
      const line = longestLine(feature.geometry);
      if (line) position = along(line, length(line) / 2).geometry.coordinates;
    } else if (isArea(feature)) {
      position = areaLabelPosition(feature, areas.filter((other) => other !== feature), points);
    } else {
      position = pointOnFeature(feature).geometry.coordinates;
    }
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
