/**
 * Rule *prohibited*: any overlap of the site with the layer is a blocker (生态保护红线,
 * 永久基本农田, the marine ranch, or — as `review` — parcels and other sites under review).
 * Overlap per feature and in total (the union, features may overlap each other). Pure.
 */
import { coveredArea, overlapsWith, type OverlapFinding } from './overlap';
import type { Candidate, MeasuredSite, PlanarPolygons } from './measured-site';

export interface ProhibitedResult {
  findings: OverlapFinding[];
  total_m2: number;
  /** The union of the overlaps (shifted planar). */
  pieces: PlanarPolygons;
}

export function prohibitedRule(site: MeasuredSite, candidates: Iterable<Candidate>): ProhibitedResult {
  const findings = overlapsWith(site, candidates);
  const covered = coveredArea(site, findings);
  return { findings, total_m2: covered.area, pieces: covered.pieces };
}
