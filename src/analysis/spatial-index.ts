/**
 * A static spatial index over features' bounding boxes (flatbush: a packed Hilbert R-tree).
 * Built once per layer; a query returns the features whose bbox touches the query bbox, so
 * the exact (expensive) geometry tests run on the candidates only, not on every feature —
 * the cost of a siting review grows with the candidates, not with the size of the atlas.
 * Pure: no Node APIs, no React, no MapLibre.
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry, Position } from 'geojson';

/** [west, south, east, north] in the coordinates of the geometry (lon/lat degrees here). */
export type BoundingBox = [number, number, number, number];

export interface SpatialIndex<F extends Feature = Feature> {
  /** The indexed features, in input order (features without a usable geometry are kept, never returned). */
  features: readonly F[];
  /** bbox of each feature (NaN box for features without geometry). */
  boxes: readonly BoundingBox[];
  /** undefined when no feature has a geometry (flatbush cannot hold zero items). */
  tree: Flatbush | undefined;
}

/** Bounding box of any GeoJSON geometry; undefined when it has no finite position. */
export function geometryBbox(geometry: Geometry | null | undefined): BoundingBox | undefined {
  if (!geometry) return undefined;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (position: Position) => {
    const [x, y] = position;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  };
  const walk = (part: Geometry) => {
    switch (part.type) {
      case 'Point':
        visit(part.coordinates);
        break;
      case 'MultiPoint':
      case 'LineString':
        part.coordinates.forEach(visit);
        break;
      case 'MultiLineString':
      case 'Polygon':
        part.coordinates.forEach((line) => line.forEach(visit));
        break;
      case 'MultiPolygon':
        part.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)));
        break;
      case 'GeometryCollection':
        part.geometries.forEach(walk);
        break;
    }
  };
  walk(geometry);
  return west <= east && south <= north ? [west, south, east, north] : undefined;
}

/** True when two boxes touch or overlap. */
export function boxesTouch(a: BoundingBox, b: BoundingBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Builds the index over the features' bounding boxes (lon/lat degrees). O(n log n), once.
 *
 * @example
 * const index = buildIndex(parcels.features);
 * candidates(index, [121.5, 36.8, 121.6, 36.9]).length // features whose bbox touches that box
 */
export function buildIndex<F extends Feature>(features: readonly F[]): SpatialIndex<F> {
  const boxes = features.map((feature) => geometryBbox(feature.geometry) ?? ([NaN, NaN, NaN, NaN] as BoundingBox));
  const indexed = boxes.filter((box) => Number.isFinite(box[0]));
  if (indexed.length === 0) return { features, boxes, tree: undefined };
  const tree = new Flatbush(indexed.length);
  // Flatbush numbers items in insertion order; keep a map back to the feature position.
  const positions: number[] = [];
  boxes.forEach((box, position) => {
    if (!Number.isFinite(box[0])) return;
    tree.add(box[0], box[1], box[2], box[3]);
    positions.push(position);
  });
  tree.finish();
  positionMaps.set(tree, positions);
  return { features, boxes, tree };
}

const positionMaps = new WeakMap<Flatbush, number[]>();

/**
 * Positions (into `index.features`) of the features whose bbox touches `bbox`, ascending.
 * A superset of the features that intersect the box: callers run the exact test.
 */
export function candidatePositions(index: SpatialIndex, bbox: BoundingBox): number[] {
  if (!index.tree) return [];
  const positions = positionMaps.get(index.tree) as number[];
  return index.tree
    .search(bbox[0], bbox[1], bbox[2], bbox[3])
    .map((item) => positions[item])
    .sort((a, b) => a - b);
}

/** The features whose bbox touches `bbox` (see {@link candidatePositions}). */
export function candidates<F extends Feature>(index: SpatialIndex<F>, bbox: BoundingBox): F[] {
  return candidatePositions(index as SpatialIndex, bbox).map((position) => index.features[position]);
}

/**
 * The same answer as {@link candidatePositions} by testing every feature's bbox in turn:
 * the linear baseline the benchmark compares the index against.
 */
export function scanPositions(index: SpatialIndex, bbox: BoundingBox): number[] {
  const found: number[] = [];
  index.boxes.forEach((box, position) => {
    if (Number.isFinite(box[0]) && boxesTouch(box, bbox)) found.push(position);
  });
  return found;
}
