/**
 * The one store pattern of the app: a pure reducer behind `useSyncExternalStore`. Components
 * subscribe to slices, so a map move re-renders only what reads the view and a dragged vertex
 * only what reads the review. No React import here: the store itself is plain data flow.
 */
export interface ReducerStore<State, Action> {
  getState(): State;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

/** A store whose state changes only through `reducer`; listeners run when the state object changes. */
export function createReducerStore<State, Action>(
  reducer: (state: State, action: Action) => State,
  initial: State,
): ReducerStore<State, Action> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
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
