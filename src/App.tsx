/**
 * The app shell: header, map, layer panel (left), inspector (right), coordinate readout
 * (bottom) and the error banner. Layout only — state lives in src/state, the map in
 * src/map, the panels in src/components.
 */
import { useEffect } from 'react';
import { CursorReadout } from './components/cursor-readout';
import { ErrorBanner } from './components/error-banner';
import { Header } from './components/header';
import { Inspector } from './components/inspector';
import { LayerPanel } from './components/layer-panel';
import { HTML_LANG } from './i18n';
import { useTranslation } from './i18n/use-translation';
import { AtlasMap } from './map/atlas-map';
import { useAtlas } from './state/atlas-store';
import { useLayerLoader } from './state/use-layer-loader';
import { useUrlSync } from './state/use-url-sync';

export function App() {
  useLayerLoader();
  useUrlSync();
  const { lang, t } = useTranslation();
  const loading = useAtlas((state) => state.catalog === null && state.errors.length === 0);

  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
  }, [lang]);

  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <AtlasMap />
        <LayerPanel />
        <Inspector />
        <ErrorBanner />
        {loading && <div className="map-loading">{t('map.loading')}</div>}
      </main>
      <footer className="app-footer">
        <CursorReadout />
      </footer>
    </div>
  );
}
