/** The title bar: atlas name and the language switch. */
import { useTranslation } from '../state/use-translation';
import { useDispatch } from '../state/atlas-store';

export function Header() {
  const { t, lang } = useTranslation();
  const dispatch = useDispatch();
  return (
    <header className="app-header">
      <div className="app-heading">
        <h1 data-testid="app-title">{t('app.title')}</h1>
        <span className="app-subtitle">{t('app.subtitle')}</span>
      </div>
      <button
        type="button"
        className="lang-switch"
        data-testid="lang-switch"
        title={t('language.switchTitle')}
        lang={lang === 'zh' ? 'en' : 'zh-CN'}
        onClick={() => dispatch({ type: 'language-set', language: lang === 'zh' ? 'en' : 'zh' })}
      >
        {t('language.switch')}
      </button>
    </header>
  );
}
