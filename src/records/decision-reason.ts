/**
 * What a decision must carry before it is recorded: the name of the reviewer who makes it,
 * and, against the review's verdict, the reason why. Loaded when a decision is made, not with
 * the app (issue 12: first-load JavaScript).
 */
import type { Bilingual } from '../data/catalog-types';
import type { Verdict } from '../analysis/siting-review';
import type { ReviewStatus } from './review-records';

/**
 * Every decision — 通过, 不予通过, 退回补正, and setting one back to pending — names the
 * reviewer who made it: the record is the bureau's, the print carries the name, and a
 * decision by nobody cannot be answered for. A name of only spaces is no name. The case
 * number (文号) is not asked for: the bureau may assign it after the decision. Records kept
 * before this rule, with no reviewer, still load and print ("审查人 —"). Returns the refusal,
 * or undefined when the decision may be recorded.
 */
export function decisionNeedsReviewer(reviewer: string): { message: Bilingual; hint: Bilingual } | undefined {
  if (reviewer.trim() !== '') return undefined;
  return {
    message: { zh: '未填写审查人，不能记录审查决定。', en: 'No reviewer is named; the decision cannot be recorded.' },
    hint: { zh: '请在“审查人”中填写作出决定者的姓名，再点一次决定按钮。', en: 'Enter the name of the reviewer making the decision under "Reviewer", then decide again.' },
  };
}

/**
 * Approving a site the engine found non-compliant (it lies on a layer where building is
 * prohibited, outside a boundary it must lie within, breaks a control indicator …), or
 * rejecting one it found compliant, is the reviewer's judgement over the rules — a record of
 * it without a reason would read as an oversight. Returns the refusal, or undefined when the
 * decision may be recorded.
 */
export function decisionNeedsReason(status: ReviewStatus, verdict: Verdict, notes: string): { message: Bilingual; hint: Bilingual } | undefined {
  if (notes.trim() !== '' || !decidedAgainstVerdict(status, verdict)) return undefined;
  return status === 'approved'
    ? {
        message: { zh: '审查结论为“不符合”，不能不写理由就通过。', en: 'The review found the site non-compliant; it cannot be approved without a reason.' },
        hint: { zh: '请在“审查意见”中写明通过的理由，再点“通过”。', en: 'Write the reason for approving it under "Reviewer’s opinion", then approve again.' },
      }
    : {
        message: { zh: '审查结论为“符合”，不能不写理由就不予通过。', en: 'The review found the site compliant; it cannot be rejected without a reason.' },
        hint: { zh: '请在“审查意见”中写明不予通过的理由，再点“不予通过”。', en: 'Write the reason for rejecting it under "Reviewer’s opinion", then reject again.' },
      };
}

/** Whether a decision goes against the review's verdict: approving a non-compliant site, or rejecting a compliant one. */
export function decidedAgainstVerdict(status: ReviewStatus, verdict: Verdict): boolean {
  return (status === 'approved' && verdict === 'non-compliant') || (status === 'rejected' && verdict === 'compliant');
}
