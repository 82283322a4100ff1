/**
 * A small undo/redo history of values (issue 14: the review draft's geometry), pure and
 * immutable: `past` ← `present` → `future`, the classic three-stack shape (Redux's
 * "Implementing Undo History"). Recording a new value clears the redo side. A run of quick
 * changes (a vertex drag sends one per animation frame) can be coalesced into one step, so
 * one Ctrl+Z undoes one gesture, not one frame.
 */
export interface DraftHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** How many steps back are kept; older ones fall off (a site has rarely more than a few dozen edits). */
export const DEFAULT_HISTORY_LIMIT = 100;

export function createHistory<T>(present: T): DraftHistory<T> {
  return { past: [], present, future: [] };
}

/**
 * `next` becomes the present. With `coalesce`, it replaces the present instead of pushing it
 * to the past (the same gesture continues). Recording the present value again changes nothing.
 */
export function recordValue<T>(history: DraftHistory<T>, next: T, options: { coalesce?: boolean; limit?: number } = {}): DraftHistory<T> {
  if (Object.is(next, history.present)) return history;
  if (options.coalesce) return { past: history.past, present: next, future: [] };
  const limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
  const past = [...history.past, history.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
}

export function canUndo<T>(history: DraftHistory<T>): boolean {
  return history.past.length > 0;
}

export function canRedo<T>(history: DraftHistory<T>): boolean {
  return history.future.length > 0;
}

/** One step back; unchanged when there is nothing to undo. */
export function undoValue<T>(history: DraftHistory<T>): DraftHistory<T> {
  if (history.past.length === 0) return history;
  const previous = history.past[history.past.length - 1];
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

/** One step forward again; unchanged when there is nothing to redo. */
export function redoValue<T>(history: DraftHistory<T>): DraftHistory<T> {
  if (history.future.length === 0) return history;
  const [next, ...rest] = history.future;
  return { past: [...history.past, history.present], present: next, future: rest };
}

/** Every value (past, present, future) passed through `change`: used when a draft gets a new session number. */
export function mapHistory<T>(history: DraftHistory<T>, change: (value: T) => T): DraftHistory<T> {
  return { past: history.past.map(change), present: change(history.present), future: history.future.map(change) };
}
