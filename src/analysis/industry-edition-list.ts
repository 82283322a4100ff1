/**
 * The GB/T 4754 editions a proposal's industry code can be given in, without the division
 * tables (industry-editions.ts, which re-exports this): a stored record is validated against
 * this list on the page's first load (issue 12: first-load chunk).
 */
export type IndustryEdition = '2002' | '2017';
export const INDUSTRY_EDITIONS: readonly IndustryEdition[] = ['2017', '2002'];
/** A proposal without an edition was entered before issue 11, when the form read codes as 2002. */
export const LEGACY_INDUSTRY_EDITION: IndustryEdition = '2002';
