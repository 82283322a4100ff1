/**
 * Keeps the URL hash and the store in step: the store writes `map=` / `layers=` (with
 * `history.replaceState`, so panning does not flood the back button), and a hash edited by
 * hand or opened from a link is read back into the store. Other hash keys are preserved.
 */
import { useEffect } from 'react';
import { visibleLayerIds } from './atlas-state';
import { useAtlasStore } from './atlas-store';
import { formatHash, parseHash } from './url-state';

/** Writes at most this often while the map moves. */
const WRITE_DELAY_MS = 250;

export function useUrlSync(): void {
  const store = useAtlasStore();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastWritten = window.location.hash;

    const write = () => {
      timer = undefined;
      const state = store.getState();
      if (!state.catalog) return; // the layer list is unknown until then: keep the URL as opened
      const hash = formatHash({ view: state.view, layers: visibleLayerIds(state) }, window.location.hash);
      if (hash !== window.location.hash) {
        lastWritten = hash;
        window.history.replaceState(window.history.state, '', hash);
      }
    };

    let previous = store.getState();
    const unsubscribe = store.subscribe(() => {
      const state = store.getState();
      const changed = state.view !== previous.view || state.layerUi !== previous.layerUi || state.catalog !== previous.catalog;
      previous = state;
      if (changed && timer === undefined) timer = setTimeout(write, WRITE_DELAY_MS);
    });

    const onHashChange = () => {
      if (window.location.hash === lastWritten) return;
      lastWritten = window.location.hash;
      const parsed = parseHash(window.location.hash);
      store.dispatch({ type: 'hash-applied', view: parsed.view, layers: parsed.layers });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store]);
}
