/**
 * The overlap of the site with polygon candidates: the exact planar intersection, shared by
 * the prohibited, zone, inside and classes rules. Pure.
 */
import { intersectPlanar, unionPlanar, type PlanarPolygons } from '../../geometry/clip';
import { nearbyPolygons, planarArea, type Candidate, type MeasuredSite } from './measured-site';

export interface OverlapFinding {
  candidate: Candidate;
  /** The candidate's polygons near the site (shifted planar). */
  near: PlanarPolygons;
  /** The overlap pieces (shifted planar). */
  pieces: PlanarPolygons;
  /** Planar overlap in the site's zone, m² (unrounded). */
  overlap_m2: number;
}

/** Overlaps at or below this area (m²) are rounding noise between touching shapes. */
export const OVERLAP_NOISE_M2 = 0.01;

/** Every candidate whose polygons overlap the site by more than {@link OVERLAP_NOISE_M2}, with the pieces. */
export function overlapsWith(site: MeasuredSite, candidates: Iterable<Candidate>): OverlapFinding[] {
  const found: OverlapFinding[] = [];
  for (const candidate of candidates) {
    const near = nearbyPolygons(site, candidate.shape());
    if (near.length === 0) continue;
    site.tested += 1;
    const pieces = intersectPlanar(site.polygons, near);
    const area = planarArea(pieces);
    // Shapes that only touch leave slivers of a few mm² from rounding (the clipper works on a
    // 1 mm grid): below 0.01 m² (10 × 10 cm) an overlap is coordinate noise, not a finding —
    // PostGIS reports none there either (the same floor as the inside rule's outsideIsNoise).
    if (area > OVERLAP_NOISE_M2) found.push({ candidate, near, pieces, overlap_m2: area });
  }
  return found;
}

/**
 * The area (planar m²) of the site covered by the union of the found candidates (features of
 * one layer may overlap each other: the total is not the sum). The candidates are united first and
 * intersected with the site once — uniting the overlap pieces instead would feed the clipper
 * the site's own edges twice.
 */
export function coveredArea(site: MeasuredSite, found: OverlapFinding[]): number {
  if (found.length === 0) return 0;
  if (found.length === 1) return found[0].overlap_m2;
  return planarArea(intersectPlanar(site.polygons, unionPlanar(found.map((item) => item.near))));
}
