/**
 * A stored proposal written out field by field, as the form shows it (percent for shares, the
 * unit of investment intensity, the edition of an industry code), for places that compare or
 * list proposals — the save-conflict comparison first. Pure: no React.
 */
import { CONTROL_LABELS } from '../../analysis/control-indicators';
import { LEGACY_INDUSTRY_EDITION } from '../../analysis/industry-edition-list';
import { RAIL_AREA_CLASS_LABELS } from '../../analysis/protection-zone';
import { INVESTMENT_INTENSITY_UNIT } from '../../analysis/units';
import type { Bilingual } from '../../data/catalog-types';
import { translate } from '../../i18n';
import type { ReviewProposal } from '../../records/review-records';

type Lang = 'zh' | 'en';

/** The form's own labels, where the report has none. */
const FORM_LABEL = (key: 'review.industryCode' | 'review.railClass'): Bilingual => ({ zh: translate('zh', key), en: translate('en', key) });

/** Up to six decimals, no trailing zeros: what was typed, not a float's tail. */
const plain = (value: number) => String(Math.round(value * 1e6) / 1e6);
/** A share kept as a fraction, in the percent the form takes. */
const percent = (value: number | undefined) => (value === undefined ? '' : `${plain(value * 100)} %`);

const KNOWN: ReadonlyArray<{ field: keyof ReviewProposal; label: Bilingual; text: (proposal: ReviewProposal, lang: Lang) => string }> = [
  {
    field: 'industryCode',
    label: FORM_LABEL('review.industryCode'),
    // The edition the code was typed in: the same digits name different industries in 2002 and 2017.
    text: (proposal, lang) => {
      if (proposal.industryCode === undefined) return '';
      const edition = `GB/T 4754-${proposal.industryEdition ?? LEGACY_INDUSTRY_EDITION}`;
      return lang === 'zh' ? `${proposal.industryCode}（${edition}）` : `${proposal.industryCode} (${edition})`;
    },
  },
  { field: 'far', label: CONTROL_LABELS['floor-area-ratio'], text: (proposal) => (proposal.far === undefined ? '' : plain(proposal.far)) },
  { field: 'coverage', label: CONTROL_LABELS['building-coverage'], text: (proposal) => percent(proposal.coverage) },
  { field: 'officeShare', label: CONTROL_LABELS['office-service-share'], text: (proposal) => percent(proposal.officeShare) },
  { field: 'greenRatio', label: CONTROL_LABELS['green-ratio'], text: (proposal) => percent(proposal.greenRatio) },
  {
    field: 'investmentIntensity',
    label: CONTROL_LABELS['investment-intensity'],
    text: (proposal, lang) => (proposal.investmentIntensity === undefined ? '' : `${plain(proposal.investmentIntensity)} ${INVESTMENT_INTENSITY_UNIT[lang]}`),
  },
  {
    field: 'railClass',
    label: FORM_LABEL('review.railClass'),
    text: (proposal, lang) => (proposal.railClass === undefined ? '' : (RAIL_AREA_CLASS_LABELS[proposal.railClass]?.[lang] ?? proposal.railClass)),
  },
];

/**
 * One row per field any of `proposals` gives, in the form's order, each written for `lang`
 * ('' where a proposal does not give it); a field this list does not know (a later
 * version's) is shown as its JSON, never dropped, so a comparison cannot hide a difference.
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
