/**
 * A minimal external store around `atlasReducer` for `useSyncExternalStore`: components
 * subscribe to slices, so a map move re-renders only what reads `view`. No extra packages.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { atlasReducer, type AtlasAction, type AtlasState } from './atlas-state';

export interface AtlasStore {
  getState(): AtlasState;
  dispatch(action: AtlasAction): void;
  subscribe(listener: () => void): () => void;
}

export function createAtlasStore(initial: AtlasState): AtlasStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = atlasReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const StoreContext = createContext<AtlasStore | null>(null);

export function AtlasStoreProvider({ store, children }: { store: AtlasStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAtlasStore(): AtlasStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAtlasStore outside <AtlasStoreProvider>');
  return store;
}

/** Subscribes to one slice; the selector must return a stable reference for unchanged state. */
export function useAtlas<T>(selector: (state: AtlasState) => T): T {
  const store = useAtlasStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useDispatch(): AtlasStore['dispatch'] {
  return useAtlasStore().dispatch;
}
