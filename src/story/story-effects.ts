/**
 * Geometry for the presentation's effects, computed with Turf. Pure: no React, no MapLibre.
 * - the highlighted features of a step, copied out of the loaded layer data;
 * - one label point per highlighted feature (large labels readable in a hall);
 * - the moving train: a short slice of the railway and its head, at a distance in km.
 * Distances are geodesic (Turf on the WGS 84 sphere), not in screen units.
 */
import { along } from '@turf/along';
import { length } from '@turf/length';
import { lineSliceAlong } from '@turf/line-slice-along';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, FeatureCollection, Geometry, LineString, Point, Position } from 'geojson';
import type { StoryStep } from './story-schema';

export type HighlightKind = 'area' | 'line' | 'point';

export interface HighlightProperties {
  kind: HighlightKind;
  layer: string;
  id: string;
  name_zh: string;
  name_en: string;
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

/** One point per highlighted feature where its big label goes: on the area, mid-line, or the point. */
export function highlightLabelPoints(
  collection: FeatureCollection<Geometry, HighlightProperties>,
): FeatureCollection<Point, HighlightProperties> {
  const features: Array<Feature<Point, HighlightProperties>> = [];
  for (const feature of collection.features) {
    let position: Position | undefined;
    if (feature.properties.kind === 'line') {
      const line = longestLine(feature.geometry);
      if (line) position = along(line, length(line) / 2).geometry.coordinates;
    } else {
      position = pointOnFeature(feature).geometry.coordinates;
    }
    if (position) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties: feature.properties });
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
