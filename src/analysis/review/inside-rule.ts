/**
 * Rule *inside*: the site must lie inside the layer's polygons (城镇开发边界, a zone's 四至);
 * the part outside — the site minus the union of the candidates — is reported with its area
 * and shape. Pure.
 */
import { differencePlanar, unionPlanar } from '../../geometry/clip';
import { overlapsWith, type OverlapFinding } from './overlap';
import { planarArea, type Candidate, type MeasuredSite, type PlanarPolygons } from './measured-site';

export interface InsideResult {
  /** The features the site overlaps, with the overlap. */
  inside: OverlapFinding[];
  outside_m2: number;
  /** The part of the site outside the layer (shifted planar). */
  outside: PlanarPolygons;
}

/**
 * Below this share of the site the outside part is clipping noise (coincident edges drawn
 * twice, 1 mm snapping), not a finding: 10⁻⁶ of the site or 0.01 m², whichever is larger.
 */
export function outsideIsNoise(outsideM2: number, siteM2: number): boolean {
  return outsideM2 <= Math.max(0.01, siteM2 * 1e-6);
}

/**
 * The part of the site outside the union of the found features, with its area (0 and no
 * shape when it is clipping noise): what the inside rule reports, and for a classes layer the
 * part of the site the layer does not classify.
 */
export function outsidePart(site: MeasuredSite, found: OverlapFinding[]): { outside_m2: number; outside: PlanarPolygons } {
  // One union of the features, one difference. (Measured on 63 adjacent squares: subtracting
  // them one by one, or uniting the clipped pieces instead, is 2× slower with polyclip-ts.)
  const outside = found.length === 0 ? site.polygons : differencePlanar(site.polygons, unionPlanar(found.map((item) => item.near)));
  const area = planarArea(outside);
  return outsideIsNoise(area, site.area_m2) ? { outside_m2: 0, outside: [] } : { outside_m2: area, outside };
}

export function insideRule(site: MeasuredSite, candidates: Iterable<Candidate>): InsideResult {
  const inside = overlapsWith(site, candidates);
  return { inside, ...outsidePart(site, inside) };
}
