/**
 * Undo/redo of the review draft's geometry (issue 14): watches the review store and records
 * every change of the site — drawn, imported, vertex-edited, edited in the coordinate
 * table — in a `DraftHistory` (draft-history.ts), and puts an earlier or later one back.
 * No React and no MapLibre; `src/components/tools/planner-toolbar.tsx` binds it to buttons
 * and Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y.
 *
 * A step is one site (with where it came from and its draft session) or `null` (no site).
 * Opening a saved record starts a fresh history: undo never walks into another record.
 */
import type { ReviewSite, ReviewSource } from '../records/review-records';
import { canRedo, canUndo, createHistory, mapHistory, recordValue, redoValue, undoValue, type DraftHistory } from './draft-history';
import type { ReviewStore } from './review-state';

export interface SiteStep {
  session: number;
  site: ReviewSite;
  source: ReviewSource;
}
export type HistoryStep = SiteStep | null;


export interface HistoryStatus {
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * The site of the current draft replaced from outside the map (undo/redo, the coordinate
 * table). The vertex editor (src/map/review-draw.tsx) notices a geometry it did not send
 * and reloads it.
 */
export function replaceSite(store: ReviewStore, site: ReviewSite): void {
  store.dispatch({ type: 'site-edited', site });
}

/**
 * Same coordinates within 1e-9° (≈ 0.1 mm; terra-draw keeps 9 decimals): a geometry sent back
 * unchanged, e.g. by the vertex editor on loading it.
 */
export function sameCoordinates(a: ReviewSite['geometry'], b: ReviewSite['geometry']): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  const flatten = (geometry: ReviewSite['geometry']) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat(2);
  const left = flatten(a);
  const right = flatten(b);
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) {
    if (Math.abs(left[index][0] - right[index][0]) > 1e-9 || Math.abs(left[index][1] - right[index][1]) > 1e-9) return false;
  }
  return true;
}

export class DraftHistoryController {
  private history: DraftHistory<HistoryStep>;
  private lastSite: ReviewSite | null;
  private lastSession: number | null;
  /**
   * A pointer gesture (button down → up) is under way, and whether it has made its step yet:
   * a vertex drag sends a change every animation frame, and all of them are one step.
   */
  private gesture = { active: false, stepped: false };
  /** True while this controller itself changes the store (its own change is not a new step). */
  private applying = false;
  private status: HistoryStatus = { canUndo: false, canRedo: false };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: ReviewStore) {
    const draft = store.getState().draft;
    this.history = createHistory<HistoryStep>(draft ? { session: draft.session, site: draft.site, source: draft.source } : null);
    this.lastSite = draft?.site ?? null;
    this.lastSession = draft?.session ?? null;
    this.unsubscribe = store.subscribe(() => this.onStateChange());
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private onStateChange(): void {
    const draft = this.store.getState().draft;
    const site = draft?.site ?? null;
    if (site === this.lastSite && (draft?.session ?? null) === this.lastSession) return;
    const sessionChanged = (draft?.session ?? null) !== this.lastSession;
    this.lastSite = site;
    this.lastSession = draft?.session ?? null;
    if (this.applying) return;
    const step: HistoryStep = draft ? { session: draft.session, site: draft.site, source: draft.source } : null;
    const present = this.history.present;
    if (draft && !sessionChanged && present && present.session === draft.session && sameCoordinates(present.site.geometry, draft.site.geometry)) {
      // The same boundary sent again: no step, and the redo side stays.
      this.history = { ...this.history, present: step };
      return;
    }
    if (draft && sessionChanged && draft.recordId !== null && !draft.dirty) {
      // A saved record was opened: its history starts here.
      this.history = createHistory(step);
    } else {
      const coalesce = !sessionChanged && draft !== null && this.gesture.active && this.gesture.stepped && canUndo(this.history);
      this.history = recordValue(this.history, step, { coalesce });
      if (this.gesture.active && !sessionChanged) this.gesture.stepped = true;
    }
    this.publish();
  }

  undo(): boolean {
    if (!canUndo(this.history)) return false;
    this.history = undoValue(this.history);
    this.apply(this.history.present);
    return true;
  }

  redo(): boolean {
    if (!canRedo(this.history)) return false;
    this.history = redoValue(this.history);
    this.apply(this.history.present);
    return true;
  }

  /** Puts a step into the store: an edit of the same draft, a new draft, or no draft. */
  private apply(step: HistoryStep): void {
    const state = this.store.getState();
    this.applying = true;
    try {
      if (step === null) {
        this.store.dispatch({ type: 'draft-closed' });
      } else if (state.draft && state.draft.session === step.session) {
        replaceSite(this.store, step.site);
      } else {
        const wasEditing = state.editing;
        this.store.dispatch({ type: 'site-started', site: step.site, source: step.source, reviewer: state.draft?.reviewer });
        const session = this.store.getState().draft?.session;
        // The draft came back under a new session number: its other steps follow it.
        if (session !== undefined) {
          const old = step.session;
          this.history = mapHistory(this.history, (value) => (value && value.session === old ? { ...value, session } : value));
          this.lastSession = session;
        }
        if (wasEditing) this.store.dispatch({ type: 'editing-set', editing: true });
      }
    } finally {
      this.applying = false;
      // No gesture continues across an undo.
      this.gesture.stepped = false;
    }
    this.publish();
  }

  /** A pointer button went down: the changes until `endGesture` are one step. */
  beginGesture(): void {
    this.gesture = { active: true, stepped: false };
  }

  endGesture(): void {
    this.gesture = { active: false, stepped: false };
  }

  getStatus(): HistoryStatus {
    return this.status;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(): void {
    const next = { canUndo: canUndo(this.history), canRedo: canRedo(this.history) };
    if (next.canUndo === this.status.canUndo && next.canRedo === this.status.canRedo) return;
    this.status = next;
    for (const listener of [...this.listeners]) listener();
  }
}
