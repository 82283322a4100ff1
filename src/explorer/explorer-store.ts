/**
 * The explorer's UI state, shared by the header button, the panel and the map overlays,
 * which sit in different parts of the app shell: a module-level store in the app's one store
 * pattern (src/state/reducer-store.ts) with a patch reducer. No React import here
 * beyond the hook; the state is plain data.
 */
import { useSyncExternalStore } from 'react';
import { createReducerStore } from '../state/reducer-store';
import type { Feature, FeatureCollection } from 'geojson';
import type { ParcelFieldMapping } from '../analysis/parcel-fields';
import type { MapIndicator } from './parcel-figures';

export type ExplorerTab = 'parks' | 'intensity' | 'projects';

export type ParcelSource =
  | { kind: 'sample' }
  | { kind: 'user'; name: string; collection: FeatureCollection; mapping: ParcelFieldMapping };

export interface ExplorerState {
  open: boolean;
  /** true once opened: the lazy parts stay mounted afterwards. */
  everOpened: boolean;
  expanded: boolean;
  tab: ExplorerTab;
  query: string;
  cluster: string | null;
  rushanIndustry: string | null;
  /** parkKey (layer:id) of the highlighted park or zone. */
  selectedPark: string | null;
  /** The selected park's polygon, outlined on the map. */
  highlight: Feature | null;
  compared: string[];
  /** The intensity dashboard's zone (parkKey) and ranking. */
  selectedZone: string | null;
  rankBy: string;
  rankAscending: boolean;
  showParcels: boolean;
  showBuildings: boolean;
  mapIndicator: MapIndicator;
  parcelSource: ParcelSource;
  selectedProject: string | null;
  /** A camera request for the map overlays: fit a box or centre on a point; `sequence` makes repeats distinct. */
  flight: { bbox: [number, number, number, number]; sequence: number } | null;
}

const initial: ExplorerState = {
  open: false,
  everOpened: false,
  expanded: false,
  tab: 'parks',
  query: '',
  cluster: null,
  rushanIndustry: null,
  selectedPark: null,
  highlight: null,
  compared: [],
  selectedZone: null,
  rankBy: 'composite_far',
  rankAscending: false,
  showParcels: true,
  showBuildings: true,
  mapIndicator: 'far',
  parcelSource: { kind: 'sample' },
  selectedProject: null,
  flight: null,
};

type ExplorerChange = Partial<ExplorerState> | ((previous: ExplorerState) => Partial<ExplorerState>);

/** Merges a patch; returns the same object when nothing changed, so no listener runs. */
function explorerReducer(previous: ExplorerState, change: ExplorerChange): ExplorerState {
  const patch = typeof change === 'function' ? change(previous) : change;
  const next = { ...previous, ...patch };
  if (next.open) next.everOpened = true;
  if (Object.keys(next).every((key) => next[key as keyof ExplorerState] === previous[key as keyof ExplorerState])) return previous;
  return next;
}

const store = createReducerStore(explorerReducer, initial);

export function getExplorerState(): ExplorerState {
  return store.getState();
}

export function updateExplorer(change: ExplorerChange): void {
  store.dispatch(change);
}

export function useExplorer<T>(selector: (state: ExplorerState) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

let sequence = 0;
/**
 * Asks the map overlays to fly to a lon/lat box. An expanded panel covers the map: it goes
 * back to the drawer, so the reader sees where the map went.
 */
export function flyToBox(bbox: [number, number, number, number]): void {
  sequence += 1;
  updateExplorer({ flight: { bbox, sequence }, ...(store.getState().expanded ? { expanded: false } : {}) });
}
