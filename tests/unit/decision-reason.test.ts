/**
 * A decision against the review's verdict must say why, and every decision must name its
 * reviewer (src/records/decision-reason.ts `decisionNeedsReason`, `decisionNeedsReviewer`,
 * checked by the review controller before a decision is recorded).
 */
import { describe, expect, it } from 'vitest';
import { decisionNeedsReason, decisionNeedsReviewer } from '../../src/records/decision-reason';

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

describe('decisionNeedsReviewer', () => {
  it('refuses a decision with no reviewer, or one of only spaces, saying what to fill in, in zh and en', () => {
    for (const reviewer of ['', '   ', '\t\n', '\u3000']) {
      const unsigned = decisionNeedsReviewer(reviewer);
      expect(unsigned?.message.zh, JSON.stringify(reviewer)).toBe('未填写审查人，不能记录审查决定。');
      expect(unsigned?.message.en).toBe('No reviewer is named; the decision cannot be recorded.');
      expect(unsigned?.hint.zh).toContain('“审查人”');
      expect(unsigned?.hint.en).toContain('"Reviewer"');
    }
  });

  it('lets a decision through once a name is written', () => {
    expect(decisionNeedsReviewer('王审查')).toBeUndefined();
    expect(decisionNeedsReviewer('  Li  ')).toBeUndefined();
  });
});
