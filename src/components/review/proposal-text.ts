/**
 * A stored proposal written out field by field, as the form shows it (percent for shares, the
 * unit of investment intensity, the edition of an industry code), for places that compare or
 * list proposals — the save-conflict comparison first. Pure: no React.
 */
import { CONTROL_LABELS } from '../../analysis/control-indicators';
import { LEGACY_INDUSTRY_EDITION } from '../../analysis/industry-edition-list';
import { RAIL_AREA_CLASS_LABELS, type RailAreaClass } from '../../analysis/protection-zone';
import { INVESTMENT_INTENSITY_UNIT } from '../../analysis/units';
import type { Bilingual } from '../../data/catalog-types';
import type { ReviewProposal } from '../../records/review-records';

type Lang = 'zh' | 'en';

const INDUSTRY_CODE_LABEL: Bilingual = { zh: '行业代码', en: 'Industry code' };
const RAIL_CLASS_LABEL: Bilingual = { zh: '铁路保护区地段', en: 'Railway protection area class' };

/** Up to six decimals, no trailing zeros: what was typed, not a float's tail. */
const plain = (value: number) => String(Math.round(value * 1e6) / 1e6);

const KNOWN: ReadonlyArray<{ field: keyof ReviewProposal; label: Bilingual; text: (proposal: ReviewProposal, lang: Lang) => string }> = [
  {
    field: 'industryCode',
    label: INDUSTRY_CODE_LABEL,
    // The edition the code was typed in: the same digits name different industries in 2002 and 2017.
    text: (proposal, lang) => {
      if (proposal.industryCode === undefined) return '';
      const edition = `GB/T 4754-${proposal.industryEdition ?? LEGACY_INDUSTRY_EDITION}`;
      return lang === 'zh' ? `${proposal.industryCode}（${edition}）` : `${proposal.industryCode} (${edition})`;
    },
  },
  { field: 'far', label: CONTROL_LABELS['floor-area-ratio'], text: (proposal) => (proposal.far === undefined ? '' : plain(proposal.far)) },
  { field: 'coverage', label: CONTROL_LABELS['building-coverage'], text: (proposal) => (proposal.coverage === undefined ? '' : `${plain(proposal.coverage * 100)} %`) },
  { field: 'officeShare', label: CONTROL_LABELS['office-service-share'], text: (proposal) => (proposal.officeShare === undefined ? '' : `${plain(proposal.officeShare * 100)} %`) },
  { field: 'greenRatio', label: CONTROL_LABELS['green-ratio'], text: (proposal) => (proposal.greenRatio === undefined ? '' : `${plain(proposal.greenRatio * 100)} %`) },
  {
    field: 'investmentIntensity',
    label: CONTROL_LABELS['investment-intensity'],
    text: (proposal, lang) => (proposal.investmentIntensity === undefined ? '' : `${plain(proposal.investmentIntensity)} ${INVESTMENT_INTENSITY_UNIT[lang]}`),
  },
  {
    field: 'railClass',
    label: RAIL_CLASS_LABEL,
    text: (proposal, lang) => (proposal.railClass === undefined ? '' : (RAIL_AREA_CLASS_LABELS[proposal.railClass as RailAreaClass]?.[lang] ?? proposal.railClass)),
  },
];

/**
 * One row per field any of `proposals` gives, in the form's order, each written for `lang`
 * ('' where a proposal does not give it); a field
 * this list does not know (a later version's) is shown as its JSON, never dropped, so a
 * comparison cannot hide a difference.
 */
export function proposalFieldTexts(proposals: readonly ReviewProposal[], lang: Lang): Array<{ field: string; label: string; texts: string[] }> {
  const rows: Array<{ field: string; label: string; texts: string[] }> = KNOWN.map(({ field, label, text }) => ({ field, label: label[lang], texts: proposals.map((proposal) => text(proposal, lang)) }));
  const known = new Set<string>([...KNOWN.map(({ field }) => field), 'industryEdition']);
  const others = [...new Set(proposals.flatMap((proposal) => Object.keys(proposal)))].filter((key) => !known.has(key)).sort();
  for (const key of others) {
    rows.push({ field: key, label: key, texts: proposals.map((proposal) => (key in proposal ? JSON.stringify((proposal as Record<string, unknown>)[key]) : '')) });
  }
  return rows.filter((row) => row.texts.some((text) => text !== ''));
}
