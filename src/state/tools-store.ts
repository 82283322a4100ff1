/**
 * State of the planner tools (issue 14): which measuring tool is on and the points placed,
 * and whether the coordinate table is open. Kept apart from the review and atlas stores —
 * clicks while measuring change only this — with the app's one store pattern
 * (reducer-store.ts) behind `useSyncExternalStore`.
 */
import { useSyncExternalStore } from 'react';
import type { Position } from 'geojson';
import { createReducerStore, type ReducerStore } from './reducer-store';

/** distance = polyline, area = polygon, point = one clicked position's coordinates. */
export type MeasureMode = 'distance' | 'area' | 'point';

export interface ToolsState {
  measure: MeasureMode | null;
  /** Lon/lat of the points placed, in order (distance, area) or the one point (point). */
  points: Position[];
  /** The line or polygon is complete: further clicks start a new one. */
  finished: boolean;
  tableOpen: boolean;
  exportOpen: boolean;
  /** Swipe compare: what each side shows ('group:<group>' or 'layer:<id>'), divider position 0–1; null = off. */
  swipe: SwipeState | null;
  /** Snap drawn and edited site vertices to visible features (off by default: a free hand is the old behaviour). */
  snapping: boolean;
  /** Snapping distance, screen pixels. */
  snapTolerancePx: number;
}

export interface SwipeState {
  left: string;
  right: string;
  position: number;
}

export type ToolsAction =
  | { type: 'measure-selected'; mode: MeasureMode | null }
  | { type: 'measure-point-added'; position: Position }
  | { type: 'measure-point-removed' }
  | { type: 'measure-finished' }
  | { type: 'measure-cleared' }
  | { type: 'table-toggled'; open?: boolean }
  | { type: 'export-toggled'; open?: boolean }
  | { type: 'swipe-set'; swipe: Partial<SwipeState> | null }
  | { type: 'snapping-set'; enabled?: boolean; tolerancePx?: number };

export function createToolsState(): ToolsState {
  return { measure: null, points: [], finished: false, tableOpen: false, exportOpen: false, swipe: null, snapping: false, snapTolerancePx: 10 };
}

export function toolsReducer(state: ToolsState, action: ToolsAction): ToolsState {
  switch (action.type) {
    case 'measure-selected':
      if (state.measure === action.mode) return state;
      return { ...state, measure: action.mode, points: [], finished: false };
    case 'measure-point-added': {
      if (!state.measure) return state;
      if (state.measure === 'point') return { ...state, points: [action.position], finished: true };
      if (state.finished) return { ...state, points: [action.position], finished: false };
      return { ...state, points: [...state.points, action.position] };
    }
    case 'measure-point-removed':
      if (state.points.length === 0) return state;
      return { ...state, points: state.points.slice(0, -1), finished: false };
    case 'measure-finished': {
      const needed = state.measure === 'area' ? 3 : 2;
      if (state.finished || state.points.length < needed) return state;
      return { ...state, finished: true };
    }
    case 'measure-cleared':
      return state.points.length === 0 && !state.finished ? state : { ...state, points: [], finished: false };
    case 'table-toggled': {
      const open = action.open ?? !state.tableOpen;
      return open === state.tableOpen ? state : { ...state, tableOpen: open };
    }
    case 'export-toggled': {
      const open = action.open ?? !state.exportOpen;
      return open === state.exportOpen ? state : { ...state, exportOpen: open };
    }
    case 'swipe-set': {
      if (action.swipe === null) return state.swipe ? { ...state, swipe: null } : state;
      const base = state.swipe ?? { left: 'group:planning', right: 'group:marine', position: 0.5 };
      const next = { ...base, ...action.swipe };
      return { ...state, swipe: { ...next, position: Math.min(1, Math.max(0, next.position)) } };
    }
    case 'snapping-set': {
      const snapping = action.enabled ?? state.snapping;
      const snapTolerancePx = action.tolerancePx ?? state.snapTolerancePx;
      return snapping === state.snapping && snapTolerancePx === state.snapTolerancePx ? state : { ...state, snapping, snapTolerancePx };
    }
  }
}

export type ToolsStore = ReducerStore<ToolsState, ToolsAction>;

/** The app's one tools store (one map per page). */
export const toolsStore: ToolsStore = createReducerStore(toolsReducer, createToolsState());

export function useTools<T>(selector: (state: ToolsState) => T): T {
  return useSyncExternalStore(toolsStore.subscribe, () => selector(toolsStore.getState()));
}
