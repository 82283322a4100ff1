/**
 * A layer held in memory (a file read by the import registry), indexed once with flatbush so
 * each bbox question tests only the candidates.
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry, Position } from 'geojson';
import type { FeaturesOptions, FeaturesPage, LayerSource, LonLatBox } from './layer-source';

function extendBox(box: LonLatBox, positions: Position[]): void {
  for (const position of positions) {
    const [x, y] = position as [number, number];
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
}

/** Lon/lat bounding box of a geometry, or null when it has no coordinates. */
export function geometryBox(geometry: Geometry | null): LonLatBox | null {
  if (!geometry) return null;
  const box: LonLatBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (item: Geometry): void => {
    switch (item.type) {
      case 'Point':
        extendBox(box, [item.coordinates]);
        break;
      case 'MultiPoint':
      case 'LineString':
        extendBox(box, item.coordinates);
        break;
      case 'MultiLineString':
      case 'Polygon':
        item.coordinates.forEach((ring) => extendBox(box, ring));
        break;
      case 'MultiPolygon':
        item.coordinates.forEach((polygon) => polygon.forEach((ring) => extendBox(box, ring)));
        break;
      case 'GeometryCollection':
        item.geometries.forEach(visit);
        break;
    }
  };
  visit(geometry);
  return box[0] <= box[2] ? box : null;
}

export function memorySource(label: string, features: Feature[]): LayerSource {
  const boxes = features.map((feature) => geometryBox(feature.geometry));
  const positions = boxes.flatMap((box, position) => (box ? [position] : []));
  const index = positions.length > 0 ? new Flatbush(positions.length) : null;
  if (index) {
    for (const position of positions) {
      const box = boxes[position]!;
      index.add(box[0], box[1], box[2], box[3]);
    }
    index.finish();
  }
  return {
    kind: 'memory',
    label,
    async features(bbox: LonLatBox, options: FeaturesOptions = {}): Promise<FeaturesPage> {
      if (!index) return { features: [], truncated: false, bytes: 0 };
      const hits = index.search(bbox[0], bbox[1], bbox[2], bbox[3]).map((slot) => positions[slot]!).sort((a, b) => a - b);
      const limit = options.limit ?? Infinity;
      const chosen = hits.slice(0, limit).map((position) => features[position]!);
      options.onProgress?.(chosen.length);
      return { features: chosen, truncated: hits.length > limit, bytes: 0 };
    },
  };
}
