/**
 * Rule *proximity*: the nearest feature of a layer and its geodesic (GRS80) distance from the
 * site boundary (0 inside or touching), with the closest-point line in lon/lat. The search
 * box grows (2 km, ×4) until the nearest feature is certain or the box holds the layer. Pure.
 */
import type { LineString } from 'geojson';
import type { BoundingBox } from '../spatial-index';
import { boxContains, closestPair, geodesicOf, growBox, shiftShape, type Candidate, type MeasuredSite } from './measured-site';

export interface ProximityFinding {
  candidate: Candidate;
  distance_m: number;
  /** From the site's closest point to the feature's, lon/lat. */
  line: LineString;
}

/**
 * @param search the candidates whose bbox meets a lon/lat box (each call may return ones seen before)
 * @param extent the layer's lon/lat extent: the search stops once the box holds it (undefined: an empty layer, no finding)
 * @param filter which features count (e.g. roads → expressways)
 */
export function proximityRule(
  site: MeasuredSite,
  search: (box: BoundingBox) => Iterable<Candidate>,
  extent: BoundingBox | undefined,
  filter?: (properties: Record<string, unknown>) => boolean,
): ProximityFinding | null {
  if (!extent) return null;
  const seen = new Map<number, number>();
  let best: ProximityFinding | undefined;
  for (let radius = 2_000; ; radius *= 4) {
    const box = growBox(site.box, radius);
    for (const candidate of search(box)) {
      if (seen.has(candidate.position)) continue;
      if (filter && !filter((candidate.feature.properties ?? {}) as Record<string, unknown>)) {
        seen.set(candidate.position, Infinity);
        continue;
      }
      site.tested += 1;
      const pair = closestPair(site.polygons, shiftShape(candidate.shape(), site.origin));
      if (!Number.isFinite(pair.distance)) {
        seen.set(candidate.position, Infinity);
        continue;
      }
      const { distance, line } = geodesicOf(site, pair);
      seen.set(candidate.position, distance);
      if (!best || distance < best.distance_m) best = { candidate, distance_m: distance, line };
    }
    if ((best && best.distance_m <= radius) || boxContains(box, extent)) break;
  }
  return best ?? null;
}
