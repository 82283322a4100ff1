/**
 * Rule *prohibited*: any overlap of the site with the layer is a blocker (生态保护红线,
 * 永久基本农田, the marine ranch, or — as `review` — parcels and other sites under review).
 * Overlap per feature and in total (the union, features may overlap each other). Pure.
 */
import { coveredArea, overlapsWith, type OverlapFinding } from './overlap';
import type { Candidate, MeasuredSite } from './measured-site';

export interface ProhibitedResult {
  findings: OverlapFinding[];
  /** The site's area under the union of the findings (features may overlap each other), m². */
  total_m2: number;
}

export function prohibitedRule(site: MeasuredSite, candidates: Iterable<Candidate>): ProhibitedResult {
  const findings = overlapsWith(site, candidates);
  return { findings, total_m2: coveredArea(site, findings) };
}
