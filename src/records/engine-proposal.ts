/**
 * A stored proposal as the review engine reads it (issue 11: industry code editions). Split
 * from review-records.ts (issue 12): it carries the GB/T 4754 division tables, which the page's
 * first chunk (records, drafts) does not need; the review loads it when it first runs.
 */
import { LEGACY_INDUSTRY_EDITION, mapIndustryCode } from '../analysis/industry-editions';
import type { Proposal, ReviewOptions } from '../analysis/siting-review';
import type { ReviewProposal, ReviewRecord, ReviewSite } from './review-records';

/** The arguments of `analysis.review(site, proposal, options)` for a record. */
export function reviewInputs(record: ReviewRecord): { site: ReviewSite; proposal: Proposal; options: ReviewOptions } {
  const { railClass, ...proposal } = engineProposal(record.proposal);
  return { site: record.site, proposal, options: railClass ? { railClass } : {} };
}

/**
 * The proposal as the engine reads it: the industry code turned into the GB/T 4754-2002 code
 * its tables are keyed to (src/analysis/industry-editions.ts), `industryEdition` dropped. A
 * 2017 code that maps ambiguously (or outside manufacturing) leaves the code out, so no
 * minimum is applied on a guess; the form refuses such codes before they are stored.
 */
export function engineProposal(proposal: ReviewProposal): Omit<ReviewProposal, 'industryEdition'> {
  const { industryEdition, ...rest } = proposal;
  if (rest.industryCode === undefined) return rest;
  const mapped = mapIndustryCode(rest.industryCode, industryEdition ?? LEGACY_INDUSTRY_EDITION);
  if (mapped.ok && mapped.code2002 !== '') return { ...rest, industryCode: mapped.code2002 };
  const { industryCode: _dropped, ...withoutCode } = rest;
  void _dropped;
  return withoutCode;
}
