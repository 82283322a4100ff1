/**
 * The review store: `reviewReducer` behind `useSyncExternalStore`, the app's one store pattern
 * (reducer-store.ts), kept apart so a dragged vertex re-renders only what reads the review.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ReviewState, ReviewStore } from './review-state';
import type { ReviewController } from './review-actions';

// The store type and its factory live in review-state.ts (pure), so review-actions.ts can use
// them without importing this React module back.
export { createReviewStore, type ReviewStore } from './review-state';

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
