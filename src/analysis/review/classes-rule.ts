/**
 * Rule *classes*: the overlap of the site per value of a class field (用地用海 planned use,
 * 三调 DLBM), with the class's name when the code is known (class-names.ts) and its
 * severity from the role's code prefixes (e.g. 耕地 01 → review), and — for 用地用海 codes —
 * the class colour of the cartography specification. Such a layer classifies every piece of
 * its area (三调 and 用地用海 layers have no gaps), so the part of the site no feature covers is
 * reported too: there the layer says nothing, and "no overlap with 耕地" would be a guess. Pure.
 */
import type { ClassBreakdown, FindingSeverity } from './reference-types';
import { overlapsWith, type OverlapFinding } from './overlap';
import { outsidePart } from './inside-rule';
import { classNameFor, classSystemOf } from './class-names';
import { landSeaUseColour } from '../../data/land-sea-use-colours';
import type { Candidate, MeasuredSite, PlanarPolygons } from './measured-site';

export interface ClassesRole {
  field: string;
  prohibited?: string[];
  review?: string[];
}

export interface ClassFinding extends OverlapFinding {
  class: string;
  severity: FindingSeverity;
}

/** The class value of a feature as text ('' when absent). Attribute values are text, never HTML. */
export function classOf(properties: Record<string, unknown> | null | undefined, field: string): string {
  const value = properties?.[field];
  return value === undefined || value === null ? '' : String(value).trim();
}

/** blocker when the code starts with a prohibited prefix, review with a review prefix, else info. */
export function classSeverity(code: string, role: ClassesRole): FindingSeverity {
  if ((role.prohibited ?? []).some((prefix) => prefix !== '' && code.startsWith(prefix))) return 'blocker';
  if ((role.review ?? []).some((prefix) => prefix !== '' && code.startsWith(prefix))) return 'review';
  return 'info';
}

/**
 * What the part of the site a classes layer leaves uncovered says: nothing up to 1 m² (the
 * clipping's own sliver along the layer's shared edges: the engine rounds to 1 mm, PostGIS
 * finds none there); a gap in the layer's drawing, information, up to the larger of 1 m² and
 * 0.1 % of the site; beyond that a part the layer does not reach, for review.
 */
export function uncoveredSeverity(uncoveredM2: number, siteM2: number): 'info' | 'review' | null {
  if (uncoveredM2 <= 1) return null;
  return uncoveredM2 <= Math.max(1, siteM2 * 0.001) ? 'info' : 'review';
}

export interface ClassesResult {
  findings: ClassFinding[];
  classes: ClassBreakdown[];
  /** The part of the site no feature of the layer covers, m² (0 when clipping noise), and its shape. */
  outside_m2: number;
  outside: PlanarPolygons;
}

export function classesRule(site: MeasuredSite, candidates: Iterable<Candidate>, role: ClassesRole): ClassesResult {
  const findings = overlapsWith(site, candidates).map((item) => {
    const code = classOf(item.candidate.feature.properties, role.field);
    return { ...item, class: code, severity: classSeverity(code, role) };
  });
  const colourOf = classSystemOf(role.field) === 'land-sea-use' ? landSeaUseColour : () => null;
  const sums = new Map<string, number>();
  for (const finding of findings) sums.set(finding.class, (sums.get(finding.class) ?? 0) + finding.overlap_m2);
  const classes = [...sums.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, area]) => ({
      class: code,
      name: classNameFor(role.field, code),
      // 用地用海 classes: the cartography spec's colour (land-sea-use-colours.ts); 三调 classes: none yet.
      color: colourOf(code),
      overlap_m2: area,
      severity: classSeverity(code, role),
    }));
  return { findings, classes, ...outsidePart(site, findings) };
}
