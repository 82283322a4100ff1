/**
 * A decision against the review's verdict must say why (src/records/decision-reason.ts
 * `decisionNeedsReason`, checked by the review controller before a decision is recorded).
 */
import { describe, expect, it } from 'vitest';
import { decisionNeedsReason } from '../../src/records/decision-reason';

describe('decisionNeedsReason', () => {
  it('refuses to approve a non-compliant site, or to reject a compliant one, without a written reason', () => {
    const approving = decisionNeedsReason('approved', 'non-compliant', '  ');
    expect(approving?.message.zh).toContain('不符合');
    expect(approving?.hint.zh).toContain('审查意见');
    expect(approving?.message.en).toContain('non-compliant');
    expect(decisionNeedsReason('rejected', 'compliant', '')?.message.en).toContain('found the site compliant; it cannot be rejected');
  });

  it('lets the decision through once a reason is written, and never stands in the way of one that follows the verdict', () => {
    expect(decisionNeedsReason('approved', 'non-compliant', '经专题论证，同意按调整后方案通过。')).toBeUndefined();
    expect(decisionNeedsReason('rejected', 'compliant', 'Applicant withdrew.')).toBeUndefined();
    for (const verdict of ['compliant', 'needs-review', 'non-compliant'] as const) {
      expect(decisionNeedsReason('returned', verdict, '')).toBeUndefined();
      expect(decisionNeedsReason('pending', verdict, '')).toBeUndefined();
    }
    expect(decisionNeedsReason('approved', 'compliant', '')).toBeUndefined();
    expect(decisionNeedsReason('approved', 'needs-review', '')).toBeUndefined();
    expect(decisionNeedsReason('rejected', 'non-compliant', '')).toBeUndefined();
  });
});
