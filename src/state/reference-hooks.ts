/**
 * The React binding of the reference layers' state: one store and controller per review
 * controller (they share its analysis worker, which alone opens the layer store), created on
 * first use and started once. Components subscribe to slices (`useReference`).
 */
import { useSyncExternalStore } from 'react';
import { ReferenceController } from './reference-actions';
import { createReferenceStore, type ReferenceState, type ReferenceStore } from './reference-state';
import { useReviewController } from './review-store';
import type { ReviewController } from './review-actions';

interface ReferenceBinding {
  store: ReferenceStore;
  controller: ReferenceController;
}

const bindings = new WeakMap<ReviewController, ReferenceBinding>();

function bindingFor(review: ReviewController): ReferenceBinding {
  let binding = bindings.get(review);
  if (!binding) {
    const store = createReferenceStore();
    const controller = new ReferenceController({ store, analysis: () => review.analysis(), onProfileChanged: () => review.rerun() });
    binding = { store, controller };
    bindings.set(review, binding);
    // Reading the stored profile starts the analysis worker (and its planning layers): let the
    // map's first draw go first.
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void controller.start(), { timeout: 2000 });
    else setTimeout(() => void controller.start(), 0);
  }
  return binding;
}

export function useReferenceController(): ReferenceController {
  return bindingFor(useReviewController()).controller;
}

/** Subscribes to one slice; the selector must return a stable reference for unchanged state. */
export function useReference<T>(selector: (state: ReferenceState) => T): T {
  const { store } = bindingFor(useReviewController());
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
