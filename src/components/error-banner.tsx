/** Load errors as sentences a planner can act on, in the interface language. */
import { pick } from '../i18n';
import { useTranslation } from '../state/use-translation';
import { useAtlas, useDispatch } from '../state/atlas-store';

export function ErrorBanner() {
  const errors = useAtlas((state) => state.errors);
  const dispatch = useDispatch();
  const { t, lang } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <strong>{t('error.title')}</strong>
      <ul>
        {errors.map((error) => (
          <li key={error.id}>
            <span>{pick(error.message, lang)}</span>
            <button type="button" onClick={() => dispatch({ type: 'error-dismissed', id: error.id })} aria-label={t('error.dismiss')}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
