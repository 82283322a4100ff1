/**
 * Rule *zone*: which zones the site lies in (overlap and share of the site), the share of
 * the site inside their union, and the industry fit with their leading industries. Used for
 * the built-in development zones and parks and for reference zone layers. Pure.
 */
import type { Feature } from 'geojson';
import { splitList } from '../../data/industries';
import { coveredArea, overlapsWith, type OverlapFinding } from './overlap';
import type { Candidate, MeasuredSite } from './measured-site';

export interface ZoneResult {
  zones: OverlapFinding[];
  /** Area of the site inside the union of the zones, m². */
  covered_m2: number;
}

export function zoneRule(site: MeasuredSite, candidates: Iterable<Candidate>): ZoneResult {
  const zones = overlapsWith(site, candidates);
  return { zones, covered_m2: coveredArea(site, zones) };
}

/** Leading-industry codes of a built-in zone (clusters and Rushan "3+3" codes). */
export function builtInZoneIndustries(feature: Feature): string[] {
  return [...splitList(feature.properties?.clusters), ...splitList(feature.properties?.rushan_industries)];
}

/** Industry codes of a reference zone from its `industryField` (comma-, 、- or ;-separated). */
export function fieldZoneIndustries(feature: Feature, industryField: string): string[] {
  const value = feature.properties?.[industryField];
  if (value === undefined || value === null) return [];
  return String(value)
    .split(/[,，、;；\s]+/u)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

export type IndustryFitStatus = 'fit' | 'mismatch' | 'not-assessed';

/**
 * Industry fit over the zones the site lies in: `fit` when a zone lists one of the targets
 * (cluster / Rushan-industry codes of the proposal's GB/T 4754 code) or the code itself or
 * its division; `not-assessed` when there is no target or no zone has industry data.
 */
export function industryFit(
  zones: { id: string; industries: string[] }[],
  targets: string[],
  codes: string[],
): { status: IndustryFitStatus; matched: string[] } {
  const tagged = zones.filter((zone) => zone.industries.length > 0);
  const wanted = new Set([...targets, ...codes]);
  const matched = tagged.filter((zone) => zone.industries.some((code) => wanted.has(code)));
  const status: IndustryFitStatus = matched.length > 0 ? 'fit' : targets.length === 0 || tagged.length === 0 ? 'not-assessed' : 'mismatch';
  return { status, matched: matched.map((zone) => zone.id) };
}
