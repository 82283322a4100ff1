/**
 * The siting-review sidebar (right, docked beside the map): two tabs — the site under review
 * (bring one in, then its review, proposal, record and export) and the saved records (list,
 * review-set export and import). Notices from the controller show at the top.
 */
import { useEffect, useRef } from 'react';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { useReview, useReviewController, useReviewDispatch } from '../../state/review-store';
import type { ReviewTab } from '../../state/review-state';
import { ImportPreview } from './import-preview';
import { PasteTable } from './paste-table';
import { RecordsList } from './records-list';
import { RecordsSafetyDialogs } from './records-safety-dialogs';
import { SiteReview } from './site-review';
import { SiteStart } from './site-start';

const TABS: ReviewTab[] = ['site', 'records'];

export function ReviewPanel() {
  const open = useReview((state) => state.panelOpen);
  const tab = useReview((state) => state.tab);
  const recordCount = useReview((state) => state.records.length);
  const dispatch = useReviewDispatch();
  const { t } = useTranslation();
  const tabRefs = useRef<Record<ReviewTab, HTMLButtonElement | null>>({ site: null, records: null });
  const controller = useReviewController();

  // Opening the panel starts the analysis worker and its planning layers, so the first review is quick.
  useEffect(() => {
    if (open) controller.analysis();
  }, [open, controller]);

  if (!open) return null;

  const onTabKey = (event: React.KeyboardEvent) => {
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    dispatch({ type: 'tab-selected', tab: next });
    tabRefs.current[next]?.focus();
  };

  return (
    <aside id="review-panel" className="review-panel" data-testid="review-panel" aria-label={t('review.title')}>
      <div className="review-panel-heading">
        <div className="review-tabs" role="tablist" aria-label={t('review.title')} onKeyDown={onTabKey}>
          {TABS.map((name) => (
            <button
              key={name}
              ref={(element) => {
                tabRefs.current[name] = element;
              }}
              type="button"
              role="tab"
              id={`review-tab-${name}`}
              aria-controls={`review-tabpanel-${name}`}
              aria-selected={tab === name}
              tabIndex={tab === name ? 0 : -1}
              className="review-tab"
              data-testid={`review-tab-${name}`}
              onClick={() => dispatch({ type: 'tab-selected', tab: name })}
            >
              {name === 'site' ? t('review.tabSite') : t('review.tabRecords', { count: recordCount })}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="inspector-close"
          data-testid="review-close"
          title={t('review.closePanel')}
          aria-label={t('review.closePanel')}
          onClick={() => dispatch({ type: 'panel-toggled', open: false })}
        >
          ×
        </button>
      </div>
      <Notice />
      <RecordsSafetyDialogs />
      <div className="review-panel-body" role="tabpanel" id={`review-tabpanel-${tab}`} aria-labelledby={`review-tab-${tab}`}>
        {tab === 'site' ? <SiteTab /> : <RecordsList />}
      </div>
    </aside>
  );
}

function SiteTab() {
  const importPhase = useReview((state) => state.importFlow.phase);
  const pasteOpen = useReview((state) => state.pasteOpen);
  const hasDraft = useReview((state) => state.draft !== null);
  if (importPhase !== 'idle') return <ImportPreview />;
  if (pasteOpen) return <PasteTable />;
  if (!hasDraft) return <SiteStart />;
  return <SiteReview />;
}

function Notice() {
  const notice = useReview((state) => state.notice);
  const dispatch = useReviewDispatch();
  const { t, lang } = useTranslation();
  // Information fades after a while; errors stay until dismissed.
  useEffect(() => {
    if (!notice || notice.kind !== 'info') return;
    const timer = setTimeout(() => dispatch({ type: 'notice-dismissed' }), 6000);
    return () => clearTimeout(timer);
  }, [notice, dispatch]);
  if (!notice) return null;
  return (
    <div className={`review-notice is-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="review-notice">
      <p>
        {pick(notice.text.message, lang)}
        {notice.text.hint && <span className="review-hint"> {pick(notice.text.hint, lang)}</span>}
      </p>
      <button type="button" onClick={() => dispatch({ type: 'notice-dismissed' })} aria-label={t('error.dismiss')}>
        ×
      </button>
    </div>
  );
}
