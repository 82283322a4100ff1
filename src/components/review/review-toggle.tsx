/** The button that opens and closes the siting-review sidebar (it sits at the end of the title bar). */
import { useTranslation } from '../../state/use-translation';
import { useReview, useReviewDispatch } from '../../state/review-store';

export function ReviewToggle() {
  const open = useReview((state) => state.panelOpen);
  const dispatch = useReviewDispatch();
  const { t } = useTranslation();
  return (
    <div className="review-toggle-bar">
      <button
        type="button"
        className={`review-toggle ${open ? 'is-open' : ''}`}
        aria-expanded={open}
        aria-controls="review-panel"
        data-testid="review-toggle"
        title={open ? t('review.closePanel') : t('review.openPanel')}
        onClick={() => dispatch({ type: 'panel-toggled' })}
      >
        {t('review.title')}
      </button>
    </div>
  );
}
