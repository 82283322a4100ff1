/**
 * The site under review: where it came from, boundary editing, the review (verdict, area,
 * zones, conflicts, proximity), the applicant's indicators, the record (applicant, notes,
 * decision) and the ways out (export, print).
 */
import { CRS_INFO } from '../../crs/projections';
import { sourceFileLabel } from '../../io/format-labels';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { useReview, useReviewController, useReviewDispatch } from '../../state/review-store';
import { ExportSite } from './export-site';
import { ProposalForm } from './proposal-form';
import { RecordForm } from './record-form';
import { ReviewReport } from './review-report';

export function SiteReview() {
  const { t, lang } = useTranslation();
  const draft = useReview((state) => state.draft);
  const editing = useReview((state) => state.editing);
  const dispatch = useReviewDispatch();
  const controller = useReviewController();
  if (!draft) return null;
  const source = draft.source;
  const editable = draft.site.geometry.type === 'Polygon';

  return (
    <div className="site-review" data-testid="review-site" data-record-id={draft.recordId ?? ''}>
      <section className="review-section site-heading">
        <h3 data-testid="review-site-name">{draft.name || t('review.unnamedSite')}</h3>
        <p className="panel-note-inline" data-testid="review-site-source">
          {source.fileName
            ? t('review.sourceFile', { file: sourceFileLabel(source.fileName, lang), crs: `${source.crs} · ${pick(CRS_INFO[source.crs].label, lang)}` })
            : t('review.sourceDrawn', { crs: `${source.crs} · ${pick(CRS_INFO[source.crs].label, lang)}` })}
          {source.crsDetected ? ` ${t('review.sourceCrsDetected')}` : ''}
        </p>
        <div className="review-actions">
          <button
            type="button"
            className="review-button"
            aria-pressed={editing}
            disabled={!editable}
            title={editable ? t('review.editBoundaryTitle') : t('review.editBoundaryMulti')}
            data-testid="review-edit-boundary"
            onClick={() => dispatch({ type: 'editing-set', editing: !editing })}
          >
            {editing ? t('review.editBoundaryDone') : t('review.editBoundary')}
          </button>
          <button
            type="button"
            className="review-button"
            data-testid="review-new-site"
            onClick={async () => {
              // Issue 11: the in-app dialog (zh/en, keyboard reachable), not window.confirm.
              if (!(await controller.confirmReplace({ zh: '新的选址', en: 'a new site' }))) return;
              dispatch({ type: 'draft-closed' });
              dispatch({ type: 'goto-set', position: null });
            }}
          >
            {t('review.newSite')}
          </button>
        </div>
        {editing && <p className="review-drawing-hint">{t('review.editHint')} {t('review.escEnds')}</p>}
      </section>
      <ReviewReport />
      <ProposalForm />
      <RecordForm />
      <ExportSite />
      <section className="review-section">
        <h3>{t('review.print')}</h3>
        <p className="panel-note-inline">{t('review.printNote')}</p>
        <button
          type="button"
          className="review-button"
          data-testid="review-print"
          onClick={async () => {
            const record = draft.dirty || !draft.recordId ? await controller.save() : { id: draft.recordId };
            if (record) window.location.hash = `print=${encodeURIComponent(record.id)}`;
          }}
        >
          {t('review.openPrint')}
        </button>
      </section>
    </div>
  );
}
