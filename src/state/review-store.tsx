/**
 * The review store: `reviewReducer` behind `useSyncExternalStore`, the same small pattern as
 * atlas-store.tsx, kept apart so a dragged vertex re-renders only what reads the review.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { reviewReducer, type ReviewAction, type ReviewState } from './review-state';
import type { ReviewController } from './review-actions';

export interface ReviewStore {
  getState(): ReviewState;
  dispatch(action: ReviewAction): void;
  subscribe(listener: () => void): () => void;
}

export function createReviewStore(initial: ReviewState): ReviewStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reviewReducer(state, action);
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

const ReviewStoreContext = createContext<ReviewStore | null>(null);
const ReviewControllerContext = createContext<ReviewController | null>(null);

export function ReviewStoreProvider({ store, controller, children }: { store: ReviewStore; controller: ReviewController; children: ReactNode }) {
  return (
    <ReviewStoreContext.Provider value={store}>
      <ReviewControllerContext.Provider value={controller}>{children}</ReviewControllerContext.Provider>
    </ReviewStoreContext.Provider>
  );
}

/** The side effects (import, save, export …): see review-actions.ts. */
export function useReviewController(): ReviewController {
  const controller = useContext(ReviewControllerContext);
  if (!controller) throw new Error('useReviewController outside <ReviewStoreProvider>');
  return controller;
}

export function useReviewStore(): ReviewStore {
  const store = useContext(ReviewStoreContext);
  if (!store) throw new Error('useReviewStore outside <ReviewStoreProvider>');
  return store;
}

/** Subscribes to one slice; the selector must return a stable reference for unchanged state. */
export function useReview<T>(selector: (state: ReviewState) => T): T {
  const store = useReviewStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useReviewDispatch(): ReviewStore['dispatch'] {
  return useReviewStore().dispatch;
}
