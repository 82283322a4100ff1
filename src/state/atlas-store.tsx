/**
 * The atlas store: `atlasReducer` in the app's one store pattern (reducer-store.ts), with its
 * React context and slice hook.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { atlasReducer, type AtlasAction, type AtlasState } from './atlas-state';
import { createReducerStore, type ReducerStore } from './reducer-store';

export type AtlasStore = ReducerStore<AtlasState, AtlasAction>;

export function createAtlasStore(initial: AtlasState): AtlasStore {
  return createReducerStore(atlasReducer, initial);
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
