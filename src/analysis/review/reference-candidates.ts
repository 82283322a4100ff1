/**
 * Reading a reference layer's features for one site from an in-memory index (the CLI; a
 * worker holding a layer in memory): the features whose bbox meets the box each role needs
 * (reference-review.ts `referenceQueryBox`). For proximity the box grows (100 m, ×2) until a
 * feature is found or the box holds the whole layer, then one wider read holds the nearest.
 * Pure.
 */
import type { Feature } from 'geojson';
import { buildIndex, candidatePositions, type BoundingBox, type SpatialIndex } from '../spatial-index';
import { boxContains, growBox } from './measured-site';
import { referenceQueryBox } from './reference-review';
import type { ReferenceRole } from './reference-types';

export interface IndexedReferenceLayer {
  features: Feature[];
  index: SpatialIndex;
  /** lon/lat extent of the layer (undefined when no feature has a geometry). */
  extent: BoundingBox | undefined;
}

/** Indexes a layer's features once (flatbush over lon/lat boxes). */
export function indexReferenceLayer(features: Feature[]): IndexedReferenceLayer {
  const index = buildIndex(features);
  let extent: BoundingBox | undefined;
  for (const box of index.boxes) {
    if (!Number.isFinite(box[0])) continue;
    extent = extent ? [Math.min(extent[0], box[0]), Math.min(extent[1], box[1]), Math.max(extent[2], box[2]), Math.max(extent[3], box[3])] : [...box];
  }
  return { features, index, extent };
}

/** The layer's features a site's review needs (see the module comment). */
export function referenceFeaturesFor(layer: IndexedReferenceLayer, siteBox: BoundingBox, role: ReferenceRole): Feature[] {
  const read = (box: BoundingBox) => candidatePositions(layer.index, box).map((position) => layer.features[position]);
  if (role.kind !== 'proximity') return read(referenceQueryBox(siteBox, role));
  if (!layer.extent) return [];
  for (let radius = 100; ; radius *= 2) {
    const box = growBox(siteBox, radius);
    const found = read(box);
    // A feature found in this box lies (for points and compact shapes) within radius·√2 plus
    // the site's diagonal of the site's boundary, so the nearest feature lies within that
    // distance of the site: one read of the box grown by 2·radius + the diagonal holds it.
    // (A long line found only by its bbox could be farther; the engine then still reports
    // the nearest among what was read.)
    if (found.length > 0) return read(growBox(siteBox, 2 * radius + siteDiagonalM(siteBox)));
    if (boxContains(box, layer.extent)) return found;
  }
}

/** The diagonal of a lon/lat box in metres, generously (111 320 m per degree both ways). */
function siteDiagonalM(box: BoundingBox): number {
  return Math.hypot(box[2] - box[0], box[3] - box[1]) * 111_320;
}
