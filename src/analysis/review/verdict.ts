/**
 * The one verdict function: every rule turns its findings into verdict items (severity,
 * text, the rule and layer it comes from); the verdict is the worst counted severity.
 *
 * Rules (documented for planners):
 * 1. `non-compliant` when any counted item is a blocker (overlap with a prohibited layer,
 *    a railway protection zone, a prohibited class, the outside part of an `inside` layer set
 *    to blocker);
 * 2. otherwise `needs-review` when any counted item needs review (parcels, other sites under
 *    review, review classes, outside the zones, industry mismatch, a failed control
 *    indicator, a reference layer that could not be read);
 * 3. otherwise `compliant`.
 * Items from reference layers switched off (`enabled: false`) and from built-in layers left
 * out of the review (`builtInLayers`) are still listed, as information, and say so.
 * Pure.
 */
import type { Bilingual } from '../../data/catalog-types';
import type { FindingSeverity } from './reference-types';

export type Verdict = 'compliant' | 'needs-review' | 'non-compliant';

/** The rule a reason comes from. */
export type RuleName = 'zone' | 'prohibited' | 'inside' | 'classes' | 'protected-line' | 'proximity' | 'conflict' | 'industry' | 'controls' | 'data';

export interface VerdictItem extends Bilingual {
  /** Stable code, e.g. `marine-ranch`, `rail-protection-zone`, `reference:<layer>`. */
  code: string;
  rule: RuleName;
  /** Layer the item comes from (null for indicators and notes). */
  layer: string | null;
  severity: FindingSeverity;
  /** false: the layer is left out of the verdict; the item becomes information. */
  counts: boolean;
}

export interface Reason extends Bilingual {
  code: string;
  /** blocker → non-compliant, review → needs-review, info → no effect on the verdict. */
  severity: FindingSeverity;
  /** The rule and layer the reason comes from. */
  rule?: RuleName;
  layer?: string;
}

const NOT_COUNTED: Bilingual = { zh: '（该图层未计入结论）', en: ' (layer not counted in the verdict)' };

const WORST_FIRST: Record<FindingSeverity, number> = { blocker: 0, review: 1, info: 2 };

/**
 * The verdict over the items, and one reason per item: what decides the verdict first
 * (blockers, then what needs review, then information), the items' order within each.
 */
export function verdict(items: readonly VerdictItem[]): { verdict: Verdict; reasons: Reason[] } {
  const listed: Reason[] = items.map((item) => {
    const muted = !item.counts && item.severity !== 'info';
    return {
      code: item.code,
      severity: muted ? 'info' : item.severity,
      zh: muted ? `${item.zh}${NOT_COUNTED.zh}` : item.zh,
      en: muted ? `${item.en}${NOT_COUNTED.en}` : item.en,
      rule: item.rule,
      ...(item.layer ? { layer: item.layer } : {}),
    };
  });
  const reasons = listed.sort((a, b) => WORST_FIRST[a.severity] - WORST_FIRST[b.severity]);
  const result: Verdict = reasons.some((reason) => reason.severity === 'blocker')
    ? 'non-compliant'
    : reasons.some((reason) => reason.severity === 'review')
      ? 'needs-review'
      : 'compliant';
  return { verdict: result, reasons };
}
