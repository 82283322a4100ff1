/**
 * Registers what the site editor snaps to (issue 14): the polygons and lines of every visible,
 * loaded atlas layer and the boundaries of the saved review sites other than the one being
 * edited. Per-feature bounds are computed once per loaded collection, so a pointer move
 * looks only at features near it.
 */
import { useEffect } from 'react';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { boundsIntersect, boundsOfLines, type Bounds } from '../../geometry/snap';
import { useAtlas } from '../../state/atlas-store';
import { useReview } from '../../state/review-store';
import { setSnapCandidates } from './snapping';

interface Indexed {
  bounds: Bounds;
  lines: Position[][];
}

function linesOf(geometry: Geometry | null): Position[][] {
  if (!geometry) return [];
  switch (geometry.type) {
    case 'LineString':
      return [geometry.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates;
    case 'MultiPolygon':
      return geometry.coordinates.flat();
    case 'GeometryCollection':
      return geometry.geometries.flatMap(linesOf);
    default:
      return [];
  }
}

function index(features: readonly Feature[]): Indexed[] {
  const indexed: Indexed[] = [];
  for (const feature of features) {
    const lines = linesOf(feature.geometry);
    if (lines.length > 0) indexed.push({ bounds: boundsOfLines(lines), lines });
  }
  return indexed;
}

const indexCache = new WeakMap<FeatureCollection, Indexed[]>();

function indexedCollection(collection: FeatureCollection): Indexed[] {
  let indexed = indexCache.get(collection);
  if (!indexed) {
    indexed = index(collection.features);
    indexCache.set(collection, indexed);
  }
  return indexed;
}

export function SnapSources() {
  const layerData = useAtlas((state) => state.layerData);
  const layerUi = useAtlas((state) => state.layerUi);
  const records = useReview((state) => state.records);
  const editedRecordId = useReview((state) => state.draft?.recordId ?? null);

  useEffect(() => {
    const groups: Indexed[][] = [];
    for (const [layerId, load] of Object.entries(layerData)) {
      if (load.status === 'loaded' && layerUi[layerId]?.visible) groups.push(indexedCollection(load.data));
    }
    groups.push(index(records.filter((record) => record.id !== editedRecordId).map((record) => record.site)));
    setSnapCandidates((bounds) => {
      const lines: Position[][] = [];
      for (const group of groups) for (const item of group) if (boundsIntersect(item.bounds, bounds)) lines.push(...item.lines);
      return lines;
    });
    return () => setSnapCandidates(() => []);
  }, [layerData, layerUi, records, editedRecordId]);

  return null;
}
