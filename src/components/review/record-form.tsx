/**
 * The record of the site under review: project name, applicant, reviewer, notes, the
 * decision (pending / approved / rejected / returned) with its history and timestamps.
 * Saved to IndexedDB (src/data/review-records.ts); notes and names are plain text. A decision
 * needs the reviewer's name (src/records/decision-reason.ts `decisionNeedsReviewer`, checked
 * by the review controller): refused without one, the reason shows under the field, which
 * takes the focus; the case number (文号) may come later.
 */
import { useEffect, useId, useRef } from 'react';
import { REVIEW_DECISION_ACTIONS, REVIEW_STATUSES, REVIEW_STATUS_LABELS, type ReviewStatus } from '../../records/review-records';
import type { Lang } from '../../data/catalog-types';
import { HTML_LANG, pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { useReview, useReviewController, useReviewDispatch } from '../../state/review-store';

export function formatTimestamp(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime())) return iso;
  return date.toLocaleString(HTML_LANG[lang], { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function StatusBadge({ status }: { status: ReviewStatus }) {
  const { lang } = useTranslation();
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {pick(REVIEW_STATUS_LABELS[status], lang)}
    </span>
  );
}

const DECISIONS: Array<Exclude<ReviewStatus, 'pending'>> = ['approved', 'returned', 'rejected'];

export function RecordForm() {
  const { t, lang } = useTranslation();
  const id = useId();
  const draft = useReview((state) => state.draft);
  const record = useReview((state) => state.records.find((candidate) => candidate.id === state.draft?.recordId));
  const dispatch = useReviewDispatch();
  const controller = useReviewController();
  const reviewerInput = useRef<HTMLInputElement>(null);
  const reviewerMissing = draft?.reviewerMissing;
  // A refused decision takes the reader to the field it needs.
  useEffect(() => {
    if (reviewerMissing) reviewerInput.current?.focus();
  }, [reviewerMissing]);
  if (!draft) return null;

  const field = (key: 'name' | 'applicant' | 'caseNumber' | 'reviewer', label: string) => {
    const missing = key === 'reviewer' && reviewerMissing !== undefined;
    return (
      <>
        <label htmlFor={`${id}-${key}`}>{label}</label>
        <input
          id={`${id}-${key}`}
          ref={key === 'reviewer' ? reviewerInput : undefined}
          type="text"
          value={draft[key]}
          autoComplete="off"
          aria-required={key === 'reviewer' ? true : undefined}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${id}-reviewer-missing` : undefined}
          data-testid={`review-record-${key}`}
          onChange={(event) => dispatch({ type: 'fields-changed', fields: { [key]: event.target.value } })}
        />
      </>
    );
  };

  return (
    <section className="review-section record-form" data-testid="review-record">
      <h3>
        {t('review.record')} <StatusBadge status={draft.status} />
      </h3>
      <div className="form-grid">
        {field('name', t('review.projectName'))}
        {field('applicant', t('review.applicant'))}
        {field('caseNumber', t('review.caseNumber'))}
        {field('reviewer', t('review.reviewer'))}
      </div>
      {reviewerMissing && (
        <p className="form-error" role="alert" id={`${id}-reviewer-missing`} data-testid="review-record-reviewer-missing">
          {pick(reviewerMissing.message, lang)}
          {reviewerMissing.hint && ` ${pick(reviewerMissing.hint, lang)}`}
        </p>
      )}
      <label htmlFor={`${id}-notes`}>{t('review.notes')}</label>
      <textarea
        id={`${id}-notes`}
        rows={3}
        value={draft.notes}
        data-testid="review-record-notes"
        onChange={(event) => dispatch({ type: 'fields-changed', fields: { notes: event.target.value } })}
      />
      <div className="review-actions">
        <button type="button" className="review-button is-primary" data-testid="review-save" onClick={() => void controller.save()}>
          {draft.recordId ? t('review.saveChanges') : t('review.save')}
        </button>
        <span className="save-state" role="status" data-testid="review-save-state" data-saved={String(!draft.dirty && draft.recordId !== null)}>
          {draft.recordId === null ? t('review.notSaved') : draft.dirty ? t('review.unsavedChanges') : t('review.saved')}
        </span>
      </div>
      <div className="review-actions decision-actions" role="group" aria-label={t('review.decision')}>
        {DECISIONS.map((status) => (
          <button
            key={status}
            type="button"
            className={`review-button decision-${status}`}
            aria-pressed={draft.status === status}
            data-testid={`review-status-${status}`}
            onClick={() => void controller.setStatus(status)}
          >
            {pick(REVIEW_DECISION_ACTIONS[status], lang)}
          </button>
        ))}
        {draft.status !== 'pending' && (
          <button type="button" className="review-button" data-testid="review-status-pending" onClick={() => void controller.setStatus('pending')}>
            {t('review.reopen')}
          </button>
        )}
      </div>
      {record && (
        <details className="record-history">
          <summary>{t('review.history', { count: record.history.length })}</summary>
          <ul data-testid="review-history">
            {record.history.map((entry, index) => (
              <li key={index}>
                <time dateTime={entry.at}>{formatTimestamp(entry.at, lang)}</time> <StatusBadge status={entry.status} /> {entry.reviewer}
                {entry.note && <div className="history-note">{entry.note}</div>}
              </li>
            ))}
          </ul>
          <p className="panel-note-inline">
            {t('review.created')}: {formatTimestamp(record.createdAt, lang)} · {t('review.updated')}: {formatTimestamp(record.updatedAt, lang)}
            {record.decidedAt ? ` · ${t('review.decided')}: ${formatTimestamp(record.decidedAt, lang)}` : ''}
          </p>
        </details>
      )}
    </section>
  );
}

export { REVIEW_STATUSES };
