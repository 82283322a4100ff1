/**
 * The applicant's indicators for the 《工业项目建设用地控制指标》 check: industry code
 * (GB/T 4754), 容积率, 建筑系数, 办公生活用地占比, 绿地率 (percent in the form, fractions
 * in the record), 投资强度 (万元/公顷), and the 《铁路安全管理条例》 Art. 27 area class that
 * sets the protection-zone width. Every valid change re-runs the review.
 */
import { useEffect, useId, useState } from 'react';
import { RAIL_AREA_CLASSES, RAIL_AREA_CLASS_LABELS, HIGH_SPEED_RAIL_PROTECTION_WIDTH_M, type RailAreaClass } from '../../analysis/protection-zone';
import type { ReviewProposal } from '../../records/review-records';
import {
  DEFAULT_INDUSTRY_EDITION,
  INDUSTRY_EDITION_LABELS,
  INDUSTRY_EDITIONS,
  LEGACY_INDUSTRY_EDITION,
  mapIndustryCode,
  type IndustryEdition,
  type IndustryEditionError,
} from '../../analysis/industry-editions';
import { pick, type MessageKey } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { useReview, useReviewDispatch } from '../../state/review-store';
import { INVESTMENT_INTENSITY_UNIT } from '../../analysis/units';

type NumberField = 'far' | 'coverage' | 'officeShare' | 'greenRatio' | 'investmentIntensity';

interface FieldSpec {
  key: NumberField;
  label: MessageKey;
  unit: string;
  /** The form shows percent; the record keeps a fraction. */
  percent: boolean;
  max?: number;
}

const FIELDS: FieldSpec[] = [
  { key: 'far', label: 'review.far', unit: '', percent: false, max: 100 },
  { key: 'coverage', label: 'review.coverage', unit: '%', percent: true, max: 100 },
  { key: 'officeShare', label: 'review.officeShare', unit: '%', percent: true, max: 100 },
  { key: 'greenRatio', label: 'review.greenRatio', unit: '%', percent: true, max: 100 },
  { key: 'investmentIntensity', label: 'review.investment', unit: '万元/ha', percent: false },
];

type FormValues = Record<NumberField | 'industryCode', string> & { industryEdition: IndustryEdition };

function toForm(proposal: ReviewProposal): FormValues {
  const show = (value: number | undefined, percent: boolean) =>
    value === undefined ? '' : String(percent ? Math.round(value * 100 * 1e6) / 1e6 : value);
  return {
    industryCode: proposal.industryCode ?? '',
    // Issue 11: a code stored without an edition was entered as 2002; a new one is 2017 (in force).
    industryEdition: proposal.industryEdition ?? (proposal.industryCode !== undefined ? LEGACY_INDUSTRY_EDITION : DEFAULT_INDUSTRY_EDITION),
    far: show(proposal.far, false),
    coverage: show(proposal.coverage, true),
    officeShare: show(proposal.officeShare, true),
    greenRatio: show(proposal.greenRatio, true),
    investmentIntensity: show(proposal.investmentIntensity, false),
  };
}

/** The proposal the form describes, and the fields that are not valid (left out of it). */
export function fromForm(values: FormValues, railClass: RailAreaClass | undefined): { proposal: ReviewProposal; invalid: string[]; industryError?: IndustryEditionError } {
  const proposal: ReviewProposal = {};
  const invalid: string[] = [];
  let industryError: IndustryEditionError | undefined;
  const code = values.industryCode.trim();
  if (code !== '') {
    // Issue 11: a 2017 code that maps ambiguously to the 2002 table is refused, with what to do.
    // Every refusal says what is wrong (a code that is no GB/T 4754 code as much as an ambiguous one).
    const mapped = mapIndustryCode(code, values.industryEdition);
    if (mapped.ok) {
      proposal.industryCode = code;
      proposal.industryEdition = values.industryEdition;
    } else {
      invalid.push('industryCode');
      industryError = mapped.error;
    }
  }
  for (const field of FIELDS) {
    const text = values[field.key].trim();
    if (text === '') continue;
    const number = Number(text);
    if (!Number.isFinite(number) || number < 0 || (field.max !== undefined && number > field.max)) {
      invalid.push(field.key);
      continue;
    }
    proposal[field.key] = field.percent ? number / 100 : number;
  }
  if (railClass) proposal.railClass = railClass;
  return { proposal, invalid, ...(industryError ? { industryError } : {}) };
}

export function ProposalForm() {
  const { t, lang } = useTranslation();
  const id = useId();
  const session = useReview((state) => state.draft?.session);
  const proposal = useReview((state) => state.draft?.proposal);
  const dispatch = useReviewDispatch();
  const [values, setValues] = useState<FormValues>(() => toForm(proposal ?? {}));
  const [invalid, setInvalid] = useState<string[]>([]);
  const [industryError, setIndustryError] = useState<IndustryEditionError | undefined>(undefined);

  // A different site (or record) brings its own indicators.
  useEffect(() => {
    setValues(toForm(proposal ?? {}));
    setInvalid([]);
    setIndustryError(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  if (!proposal) return null;

  const change = (next: FormValues, railClass: RailAreaClass | undefined) => {
    setValues(next);
    const parsed = fromForm(next, railClass);
    setInvalid(parsed.invalid);
    setIndustryError(parsed.industryError);
    dispatch({ type: 'proposal-changed', proposal: parsed.proposal });
  };

  return (
    <section className="review-section proposal-form" data-testid="review-proposal">
      <h3>{t('review.proposal')}</h3>
      <div className="form-grid">
        <label htmlFor={`${id}-industryEdition`}>{lang === 'zh' ? '行业分类版本' : 'Classification edition'}</label>
        <select
          id={`${id}-industryEdition`}
          value={values.industryEdition}
          data-testid="review-proposal-industryEdition"
          onChange={(event) => change({ ...values, industryEdition: event.target.value as IndustryEdition }, proposal.railClass)}
        >
          {INDUSTRY_EDITIONS.map((edition) => (
            <option key={edition} value={edition}>
              {pick(INDUSTRY_EDITION_LABELS[edition], lang)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-industryCode`}>
          {lang === 'zh' ? `${t('review.industryCode')}（GB/T 4754-${values.industryEdition}）` : `${t('review.industryCode')} (GB/T 4754-${values.industryEdition})`}
        </label>
        <input
          id={`${id}-industryCode`}
          type="text"
          value={values.industryCode}
          placeholder="27"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={invalid.includes('industryCode')}
          data-testid="review-proposal-industryCode"
          onChange={(event) => change({ ...values, industryCode: event.target.value }, proposal.railClass)}
        />
        {FIELDS.map((field) => (
          <FieldInput
            key={field.key}
            id={`${id}-${field.key}`}
            label={t(field.label)}
            unit={field.unit === '万元/ha' ? INVESTMENT_INTENSITY_UNIT[lang] : field.unit}
            value={values[field.key]}
            invalid={invalid.includes(field.key)}
            testId={`review-proposal-${field.key}`}
            onChange={(value) => change({ ...values, [field.key]: value }, proposal.railClass)}
          />
        ))}
        <label htmlFor={`${id}-rail`}>{t('review.railClass')}</label>
        <select
          id={`${id}-rail`}
          value={proposal.railClass ?? 'other'}
          data-testid="review-proposal-railClass"
          onChange={(event) => change(values, event.target.value as RailAreaClass)}
        >
          {RAIL_AREA_CLASSES.map((railClass) => (
            <option key={railClass} value={railClass}>
              {pick(RAIL_AREA_CLASS_LABELS[railClass], lang)} · {HIGH_SPEED_RAIL_PROTECTION_WIDTH_M[railClass]} {lang === 'zh' ? '米' : 'm'}
            </option>
          ))}
        </select>
      </div>
      {invalid.length > 0 && (
        <p className="form-error" role="alert">
          {t('review.proposalInvalid')}
        </p>
      )}
      {industryError && (
        <p className="form-error" role="alert" data-testid="review-proposal-industry-error">
          {pick(industryError.message, lang)} {pick(industryError.hint, lang)}
        </p>
      )}
      <p className="panel-note-inline">{t('review.proposalNote')}</p>
    </section>
  );
}

function FieldInput({
  id,
  label,
  unit,
  value,
  invalid,
  testId,
  onChange,
}: {
  id: string;
  label: string;
  unit: string;
  value: string;
  invalid: boolean;
  testId: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <span className="input-with-unit">
        <input id={id} type="text" inputMode="decimal" value={value} aria-invalid={invalid} data-testid={testId} autoComplete="off" onChange={(event) => onChange(event.target.value)} />
        {unit && <span className="unit">{unit}</span>}
      </span>
    </>
  );
}
