// TEMPORARY scratch harness for the story feature until App.tsx mounts it; deleted before hand-off.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../map/maplibre-setup';
import '../../styles/app.css';
import { useEffect } from 'react';
import { CursorReadout } from '../../components/cursor-readout';
import { ErrorBanner } from '../../components/error-banner';
import { Inspector } from '../../components/inspector';
import { LayerPanel } from '../../components/layer-panel';
import { HTML_LANG } from '../../i18n';
import { useTranslation } from '../../i18n/use-translation';
import { AtlasMap } from '../../map/atlas-map';
import { useAtlas, useDispatch } from '../../state/atlas-store';
import { useLayerLoader } from '../../state/use-layer-loader';
import { useUrlSync } from '../../state/use-url-sync';
import { createInitialState, defaultViewFor } from '../../state/atlas-state';
import { AtlasStoreProvider, createAtlasStore } from '../../state/atlas-store';
import { parseHash } from '../../state/url-state';
import { StoryMenu, StoryOverlays, StoryPlayer, useStoryKiosk } from '..';

function Header() {
  const { t, lang } = useTranslation();
  const dispatch = useDispatch();
  return (
    <header className="app-header">
      <div className="app-heading">
        <h1 data-testid="app-title">{t('app.title')}</h1>
      </div>
      <div style={{ display: 'flex', gap: 8 }}>
        <StoryMenu />
        <button type="button" className="lang-switch" data-testid="lang-switch" onClick={() => dispatch({ type: 'language-set', language: lang === 'zh' ? 'en' : 'zh' })}>
          {t('language.switch')}
        </button>
      </div>
    </header>
  );
}

function App() {
  useLayerLoader();
  useUrlSync();
  const { lang, t } = useTranslation();
  const loading = useAtlas((state) => state.catalog === null && state.errors.length === 0);
  const kiosk = useStoryKiosk();
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
  }, [lang]);
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <AtlasMap>
          <StoryOverlays />
        </AtlasMap>
        {!kiosk && <LayerPanel />}
        {!kiosk && <Inspector />}
        <ErrorBanner />
        <StoryPlayer />
        {loading && <div className="map-loading">{t('map.loading')}</div>}
      </main>
      {!kiosk && (
        <footer className="app-footer">
          <CursorReadout />
        </footer>
      )}
    </div>
  );
}

const fromHash = parseHash(window.location.hash);
const store = createAtlasStore(
  createInitialState({ view: fromHash.view ?? defaultViewFor(window.innerWidth, window.innerHeight), requestedLayers: fromHash.layers ?? null }),
);
window.__atlas = { map: null, ready: false };
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AtlasStoreProvider store={store}>
      <App />
    </AtlasStoreProvider>
  </StrictMode>,
);
