/**
 * Entry point: reads the URL hash and the saved language into the initial state, then
 * renders the app inside the store.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './map/maplibre-setup';
import './styles/app.css';
import { App } from './App';
import { prefetchCatalog } from './data/load-layer';
import type { Lang } from './data/catalog-types';
import { createInitialState, defaultViewFor } from './state/atlas-state';
import { AtlasStoreProvider, createAtlasStore } from './state/atlas-store';
import { parseHash } from './state/url-state';

const LANGUAGE_KEY = 'weihai-rushan-atlas.language';

function savedLanguage(): Lang | undefined {
  try {
    const value = window.localStorage.getItem(LANGUAGE_KEY);
    return value === 'en' || value === 'zh' ? value : undefined;
  } catch {
    return undefined; // storage may be disabled (private mode, file://)
  }
}

// The catalog is on its way while React renders and MapLibre starts (issue 12: first full draw).
prefetchCatalog();

const fromHash = parseHash(window.location.hash);
const store = createAtlasStore(
  createInitialState({ view: fromHash.view ?? defaultViewFor(window.innerWidth, window.innerHeight), requestedLayers: fromHash.layers ?? null, language: savedLanguage() }),
);

let savedAs = store.getState().language;
store.subscribe(() => {
  const language = store.getState().language;
  if (language === savedAs) return;
  savedAs = language;
  try {
    window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Not saving the language is harmless.
  }
});

window.__atlas = { map: null, ready: false };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AtlasStoreProvider store={store}>
      <App />
    </AtlasStoreProvider>
  </StrictMode>,
);
