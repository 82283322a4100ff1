/**
 * One label point per polygon feature. MapLibre labels a GeoJSON polygon once per part and
 * per tile, so a county with many islands would repeat its name all over the coast; the
 * label layers of polygon layers read these points instead. Each label point, and each
 * feature of a point layer with labels, carries its names set as label lines (label-lines.ts):
 * MapLibre is given the lines and never breaks them itself. Pure (Turf only).
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { centroid } from '@turf/centroid';
import { polygon as turfPolygon } from '@turf/helpers';
import { pointOnFeature } from '@turf/point-on-feature';
import type { CatalogSource } from './catalog-style';
import { ATLAS_LABEL_MEASURE, labelProperties } from './label-lines';

/** Properties the label layer needs: names for the text, id for feature state, accuracy, and the
 * published area an approximate extent's caption quotes (catalog-style.ts PUBLISHED_AREA_FIELD). */
const KEPT_PROPERTIES = ['id', 'name_zh', 'name_en', 'accuracy', 'area_published_km2'];

/** The largest part of a (Multi)Polygon: the one a reader identifies the feature with. */
function largestPart(geometry: Polygon | MultiPolygon): Position[][] | undefined {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Position[][] | undefined;
  let bestArea = -1;
  for (const part of parts) {
    if (!part[0] || part[0].length < 4) continue;
    const partArea = area(turfPolygon(part));
    if (partArea > bestArea) {
      best = part;
      bestArea = partArea;
    }
  }
  return best;
}

/**
 * A point inside the largest part of the polygon: its centroid when that falls inside
 * (looks centred), otherwise a point guaranteed on the surface (C-shaped bays, coasts).
 */
export function labelPoint(geometry: Polygon | MultiPolygon): Position | undefined {
  const part = largestPart(geometry);
  if (!part) return undefined;
  const shape = turfPolygon(part);
  const centre = centroid(shape).geometry.coordinates;
  if (booleanPointInPolygon(centre, shape)) return centre;
  return pointOnFeature(shape).geometry.coordinates;
}

/** Label points of every polygon feature of a collection (other geometry is skipped). */
export function labelPoints(collection: FeatureCollection): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) continue;
    const point = labelPoint(geometry);
    if (!point) continue;
    const properties: Record<string, unknown> = {};
    for (const key of KEPT_PROPERTIES) if (feature.properties?.[key] !== undefined) properties[key] = feature.properties[key];
    Object.assign(properties, labelProperties(properties, ATLAS_LABEL_MEASURE));
    features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: point } });
  }
  return { type: 'FeatureCollection', features };
}

/** The features with their label lines added (label-lines labelProperties); the collection given is not changed. */
export function withLabelText(collection: FeatureCollection): FeatureCollection {
  return {
    ...collection,
    features: collection.features.map((feature) => ({ ...feature, properties: { ...feature.properties, ...labelProperties(feature.properties, ATLAS_LABEL_MEASURE) } })),
  };
}

/** Label points, and features with their label lines, per loaded collection: made once, so a source's data keeps its identity (no setData on re-render). */
const derived = { 'label-points': new WeakMap<FeatureCollection, FeatureCollection>(), labelled: new WeakMap<FeatureCollection, FeatureCollection>() };

/** What a catalog source is given: the layer's features (with label lines where its labels read them), or its label points. */
export function catalogSourceData(source: Pick<CatalogSource, 'role' | 'labelText'>, data: FeatureCollection): FeatureCollection {
  if (source.role === 'features' && !source.labelText) return data;
  const cache = derived[source.role === 'features' ? 'labelled' : 'label-points'];
  let made = cache.get(data);
  if (!made) {
    made = source.role === 'label-points' ? labelPoints(data) : withLabelText(data);
    cache.set(data, made);
  }
  return made;
}
