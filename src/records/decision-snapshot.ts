/**
 * A decision is a snapshot (issue 11): the report a decision was made on is kept in the
 * record, stamped with the engine that produced it; the print shows that report, and says
 * when a fresh review today would differ. Pure except for `engineStamp` (Web Crypto).
 *
 * The engine is named by the package version and a SHA-256 of the rule tables the review
 * reads (minimum FARs by industry, indicator limits, the GB/T 4754 edition table): a change
 * of any limit changes the hash even when the version number was not bumped. Code changes
 * without a table change show only in the version. (The industry → cluster targets of
 * siting-review.ts are left out: importing them would pull the whole engine into the page
 * bundle; the engine runs in the worker.)
 */
import { version as packageVersion } from '../../package.json';
import {
  MAX_GREEN_RATIO,
  MAX_OFFICE_SERVICE_SHARE,
  MIN_BUILDING_COVERAGE,
  MIN_FLOOR_AREA_RATIO_BY_CODE,
} from '../analysis/control-indicators';
import { DIVISIONS_2017_TO_2002, GROUPS_2017 } from '../analysis/industry-editions';
import type { ReviewDecision } from './review-records';

/** The rule tables whose values decide a verdict, in a fixed order. */
export function ruleTables(): unknown {
  return {
    minFloorAreaRatioByCode: MIN_FLOOR_AREA_RATIO_BY_CODE,
    minBuildingCoverage: MIN_BUILDING_COVERAGE,
    maxOfficeServiceShare: MAX_OFFICE_SERVICE_SHARE,
    maxGreenRatio: MAX_GREEN_RATIO,
    industryEditions: { divisions: DIVISIONS_2017_TO_2002, groups: GROUPS_2017 },
  };
}

let stamp: Promise<ReviewDecision['engine']> | undefined;

/**
 * `{ version, rulesHash }` of this build. `rulesHash` is "" where Web Crypto is missing
 * (a page served over plain http:// on a LAN address is not a secure context).
 */
export function engineStamp(): Promise<ReviewDecision['engine']> {
  stamp ??= (async () => {
    try {
      const bytes = new TextEncoder().encode(JSON.stringify(ruleTables()));
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      const rulesHash = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      return { version: packageVersion, rulesHash };
    } catch {
      return { version: packageVersion, rulesHash: '' };
    }
  })();
  return stamp;
}

/** Relative change above which an area counts as different: 0.1 % (issue 11). */
export const AREA_TOLERANCE = 0.001;

/** Every `…_m2` number in a report, keyed by its path (array items by `layer:id` when they have one). */
function areas(value: unknown, path: string, into: Map<string, number>): Map<string, number> {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const key =
        typeof item === 'object' && item !== null && 'id' in item
          ? `${String((item as Record<string, unknown>).layer ?? '')}:${String((item as Record<string, unknown>).id)}`
          : String(index);
      areas(item, `${path}[${key}]`, into);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // Geometry coordinates hold no areas; skip them for speed.
      if (key === 'geometry' || key === 'line') continue;
      if (typeof item === 'number' && key.endsWith('_m2')) into.set(`${path}.${key}`, item);
      else areas(item, `${path}.${key}`, into);
    }
  }
  return into;
}

export interface SnapshotDifference {
  verdictChanged: boolean;
  /** Paths of the areas that moved by more than 0.1 %, appeared or went away. */
  changedAreas: string[];
}

/**
 * How a fresh report differs from the decided one: a different verdict, or any finding's
 * area (any `…_m2` figure) different by more than {@link AREA_TOLERANCE}, or present in one
 * and not the other. `null` when they agree.
 *
 * @example compareWithDecision(record.decision, freshReport) // { verdictChanged: false, changedAreas: ['.conflicts[parcels:7].overlap_m2'] }
 */
export function compareWithDecision(decision: Pick<ReviewDecision, 'verdict' | 'report'>, fresh: { verdict: string }): SnapshotDifference | null {
  const before = areas(decision.report, '', new Map());
  const after = areas(fresh, '', new Map());
  const changedAreas: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const now = after.get(key);
    if (old === undefined || now === undefined) {
      if ((old ?? now ?? 0) !== 0) changedAreas.push(key);
      continue;
    }
    const scale = Math.max(Math.abs(old), Math.abs(now));
    if (scale > 0 && Math.abs(old - now) / scale > AREA_TOLERANCE) changedAreas.push(key);
  }
  const verdictChanged = decision.verdict !== fresh.verdict;
  return verdictChanged || changedAreas.length > 0 ? { verdictChanged, changedAreas } : null;
}
