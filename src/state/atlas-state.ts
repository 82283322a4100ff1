/**
 * The app state and its reducer. Pure: no React, no MapLibre, no DOM. The store
 * (`atlas-store.ts`) wraps it for `useSyncExternalStore`; the URL hash mirrors
 * `view` and the visible layers (`url-state.ts`).
 */
import type { FeatureCollection } from 'geojson';
import type { Bilingual, Catalog, Lang } from '../data/catalog-types';

export interface ViewState {
  zoom: number;
  latitude: number;
  longitude: number;
  bearing: number;
  pitch: number;
}

/** Whole atlas region (Weihai + Rushan) at 1280×720, leaving room for the layer panel on the left. */
export const DEFAULT_VIEW: ViewState = { zoom: 8.3, latitude: 37.05, longitude: 121.75, bearing: 0, pitch: 0 };

/**
 * The default view for a window of `width`×`height` CSS px: the same region as at
 * 1280×720, so a larger screen zooms in rather than showing beyond the basemap. One zoom
 * step doubles the scale, hence log2 of the size ratio.
 */
export function defaultViewFor(width: number, height: number): ViewState {
  const ratio = Math.min(width / 1280, height / 720);
  if (!Number.isFinite(ratio) || ratio <= 0) return DEFAULT_VIEW;
  const zoom = Math.round((DEFAULT_VIEW.zoom + Math.log2(ratio)) * 100) / 100;
  return { ...DEFAULT_VIEW, zoom };
}

export interface LayerUiState {
  visible: boolean;
  /** 0–1, multiplies the style's own opacities. */
  opacity: number;
}

export type LayerLoad =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; data: FeatureCollection }
  | { status: 'error'; message: Bilingual };

/** A feature on the map: its layer and its `id` property (promoted to the MapLibre feature id). */
export interface FeatureRef {
  layerId: string;
  featureId: string | number;
}

export interface AtlasError {
  id: string;
  message: Bilingual;
}

export interface AtlasState {
  view: ViewState;
  catalog: Catalog | null;
  /** Per layer id; filled when the catalog arrives. */
  layerUi: Record<string, LayerUiState>;
  /** Visible layers asked for by the URL before the catalog was known; null = catalog defaults. */
  requestedLayers: string[] | null;
  layerData: Record<string, LayerLoad>;
  /** Ids of the layers visible when the catalog arrived: `firstDrawn` waits for them. */
  initialLayers: string[] | null;
  /**
   * The initially visible layers are on the map and the map went idle after they arrived
   * (src/map/use-first-draw.ts). Continuous story effects wait for it (a map that never stops
   * repainting never goes idle); the browser-test hook `window.__atlas.ready` mirrors it.
   */
  firstDrawn: boolean;
  language: Lang;
  hovered: FeatureRef | null;
  selected: FeatureRef | null;
  errors: AtlasError[];
  layerPanelOpen: boolean;
}

export type AtlasAction =
  | { type: 'catalog-loaded'; catalog: Catalog }
  | { type: 'view-changed'; view: ViewState }
  | { type: 'hash-applied'; view?: Omit<ViewState, 'bearing' | 'pitch'>; layers?: string[] }
  | { type: 'layer-visibility-set'; layerId: string; visible: boolean }
  | { type: 'layer-opacity-set'; layerId: string; opacity: number }
  | { type: 'layer-data-loading'; layerId: string }
  | { type: 'layer-data-loaded'; layerId: string; data: FeatureCollection }
  | { type: 'layer-data-failed'; layerId: string; message: Bilingual }
  | { type: 'layer-data-cancelled'; layerId: string }
  | { type: 'language-set'; language: Lang }
  | { type: 'feature-hovered'; feature: FeatureRef | null }
  | { type: 'feature-selected'; feature: FeatureRef | null }
  | { type: 'error-raised'; error: AtlasError }
  | { type: 'error-dismissed'; id: string }
  | { type: 'layer-panel-toggled' }
  | { type: 'map-first-drawn' };

export function createInitialState(options: { view?: Partial<ViewState>; requestedLayers?: string[] | null; language?: Lang } = {}): AtlasState {
  return {
    view: { ...DEFAULT_VIEW, ...options.view },
    catalog: null,
    layerUi: {},
    requestedLayers: options.requestedLayers ?? null,
    layerData: {},
    initialLayers: null,
    firstDrawn: false,
    language: options.language ?? 'zh',
    hovered: null,
    selected: null,
    errors: [],
    layerPanelOpen: true,
  };
}

/** Visible layer ids in catalog order (the order the URL lists them in). */
export function visibleLayerIds(state: Pick<AtlasState, 'catalog' | 'layerUi'>): string[] {
  if (!state.catalog) return [];
  return state.catalog.layers.filter((layer) => state.layerUi[layer.id]?.visible).map((layer) => layer.id);
}

function withVisibleLayers(state: AtlasState, visibleIds: readonly string[]): Record<string, LayerUiState> {
  const wanted = new Set(visibleIds);
  const layerUi: Record<string, LayerUiState> = {};
  for (const layer of state.catalog?.layers ?? []) {
    const previous = state.layerUi[layer.id] ?? { visible: false, opacity: 1 };
    layerUi[layer.id] = previous.visible === wanted.has(layer.id) ? previous : { ...previous, visible: wanted.has(layer.id) };
  }
  return layerUi;
}

function clampOpacity(opacity: number): number {
  return Number.isFinite(opacity) ? Math.min(1, Math.max(0, opacity)) : 1;
}

export function atlasReducer(state: AtlasState, action: AtlasAction): AtlasState {
  switch (action.type) {
    case 'catalog-loaded': {
      const layerUi: Record<string, LayerUiState> = {};
      const requested = state.requestedLayers ? new Set(state.requestedLayers) : null;
      for (const layer of action.catalog.layers) {
        layerUi[layer.id] = { visible: requested ? requested.has(layer.id) : layer.visible, opacity: 1 };
      }
      const layerData: Record<string, LayerLoad> = {};
      for (const layer of action.catalog.layers) layerData[layer.id] = state.layerData[layer.id] ?? { status: 'idle' };
      const initialLayers = action.catalog.layers.filter((layer) => layerUi[layer.id].visible).map((layer) => layer.id);
      return { ...state, catalog: action.catalog, layerUi, layerData, initialLayers, requestedLayers: null };
    }
    case 'view-changed':
      return { ...state, view: action.view };
    case 'hash-applied': {
      let next = state;
      if (action.view) next = { ...next, view: { ...next.view, ...action.view } };
      if (action.layers) {
        next = next.catalog ? { ...next, layerUi: withVisibleLayers(next, action.layers) } : { ...next, requestedLayers: action.layers };
      }
      return next;
    }
    case 'layer-visibility-set': {
      const previous = state.layerUi[action.layerId];
      if (!previous || previous.visible === action.visible) return state;
      const layerUi = { ...state.layerUi, [action.layerId]: { ...previous, visible: action.visible } };
      // A hidden layer cannot stay selected: the inspector would describe something not on the map.
      const selected = !action.visible && state.selected?.layerId === action.layerId ? null : state.selected;
      const hovered = !action.visible && state.hovered?.layerId === action.layerId ? null : state.hovered;
      return { ...state, layerUi, selected, hovered };
    }
    case 'layer-opacity-set': {
      const previous = state.layerUi[action.layerId];
      if (!previous) return state;
      return { ...state, layerUi: { ...state.layerUi, [action.layerId]: { ...previous, opacity: clampOpacity(action.opacity) } } };
    }
    case 'layer-data-loading':
      return { ...state, layerData: { ...state.layerData, [action.layerId]: { status: 'loading' } } };
    case 'layer-data-loaded':
      return { ...state, layerData: { ...state.layerData, [action.layerId]: { status: 'loaded', data: action.data } } };
    case 'layer-data-failed':
      return {
        ...state,
        layerData: { ...state.layerData, [action.layerId]: { status: 'error', message: action.message } },
        errors: [...state.errors.filter((error) => error.id !== `layer:${action.layerId}`), { id: `layer:${action.layerId}`, message: action.message }],
      };
    case 'layer-data-cancelled':
      return state.layerData[action.layerId]?.status === 'loading'
        ? { ...state, layerData: { ...state.layerData, [action.layerId]: { status: 'idle' } } }
        : state;
    case 'language-set':
      return state.language === action.language ? state : { ...state, language: action.language };
    case 'feature-hovered':
      return sameFeature(state.hovered, action.feature) ? state : { ...state, hovered: action.feature };
    case 'feature-selected':
      return sameFeature(state.selected, action.feature) ? state : { ...state, selected: action.feature };
    case 'error-raised':
      return { ...state, errors: [...state.errors.filter((error) => error.id !== action.error.id), action.error] };
    case 'error-dismissed':
      return { ...state, errors: state.errors.filter((error) => error.id !== action.id) };
    case 'layer-panel-toggled':
      return { ...state, layerPanelOpen: !state.layerPanelOpen };
    case 'map-first-drawn':
      return state.firstDrawn ? state : { ...state, firstDrawn: true };
  }
}

export function sameFeature(a: FeatureRef | null, b: FeatureRef | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.layerId === b.layerId && a.featureId === b.featureId;
}
