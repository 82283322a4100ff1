/**
 * The reference layers' state (issue 10): the stored review profile as the worker last
 * reported it, the import in progress (read → confirm the CRS → done), the features of each
 * drawn layer in the current view, and notices. Pure: no React, no MapLibre, no DOM — the side
 * effects live in reference-actions.ts, the React binding in reference-hooks.ts.
 */
import type { Bilingual } from '../data/catalog-types';
import type { CrsCode } from '../crs/projections';
import type { ImportRemedies } from '../io/types';
import type { StyledLayerConfig } from '../records/profile-bundle';
import type { AnalysisProgress, ReferenceFeatures, ReferenceImportSummary, ReferenceListing } from '../worker/protocol';
import { createReducerStore, type ReducerStore } from './reducer-store';

export interface ReferenceMessage {
  message: Bilingual;
  hint?: Bilingual;
}

export type ReferenceImportFlow =
  | { phase: 'idle' }
  | {
      phase: 'reading';
      fileName: string;
      source: Blob;
      progress: AnalysisProgress | null;
      startedAt: number;
      crs?: CrsCode;
      /** Axis order chosen by the reviewer (undefined: detected). */
      axisSwapped?: boolean;
      replaceId?: string;
      repaired?: true;
    }
  /** Stored; the CRS it was read in is shown with its reason until the reviewer confirms it (or reads the file again in another). */
  | { phase: 'confirm'; fileName: string; source: Blob; summary: ReferenceImportSummary; seconds: number; repaired?: true }
  | {
      phase: 'error';
      fileName: string;
      source: Blob;
      error: ReferenceMessage;
      crs?: CrsCode;
      /** The axis order it was refused in, when the reviewer chose one: the panel shows it ticked. */
      axisSwapped?: boolean;
      replaceId?: string;
      /** Read with repair: a CRS chosen next reads it with repair again (also in `confirm`). */
      repaired?: true;
      /** What the panel offers: a repair (self-crossing rings split, overlapping parts merged), another CRS. */
      remedies: ImportRemedies;
    };

export interface ReferenceState {
  /** null until the worker has answered. */
  listing: ReferenceListing | null;
  listError: ReferenceMessage | null;
  importFlow: ReferenceImportFlow;
  /** Layer id → its features in the current view (drawn on the map). */
  features: Record<string, ReferenceFeatures>;
  /** Layer id → the [west, south, east, north] its features were read for (a map sheet waits for its own frame). */
  readBounds: Record<string, [number, number, number, number]>;
  /** A profile bundle being imported or exported. */
  profileBusy: 'import' | 'export' | null;
  notice: { id: number; kind: 'info' | 'error'; text: ReferenceMessage } | null;
}

export type ReferenceAction =
  | { type: 'listed'; listing: ReferenceListing }
  | { type: 'list-failed'; error: ReferenceMessage }
  | { type: 'import-started'; fileName: string; source: Blob; crs?: CrsCode; axisSwapped?: boolean; replaceId?: string; repair?: boolean; at: number }
  | { type: 'import-progress'; progress: AnalysisProgress }
  | { type: 'import-stored'; summary: ReferenceImportSummary; at: number }
  /** `readAs`: the CRS and axis order the refused coordinates were read in (detected or chosen). */
  | { type: 'import-failed'; error: ReferenceMessage; remedies: ImportRemedies; readAs?: { crs: CrsCode; axisSwapped: boolean } }
  | { type: 'import-closed' }
  | { type: 'features-read'; id: string; features: ReferenceFeatures; bounds: [number, number, number, number] }
  | { type: 'profile-busy'; busy: 'import' | 'export' | null }
  | { type: 'notice'; kind: 'info' | 'error'; text: ReferenceMessage };

export function createReferenceState(): ReferenceState {
  return { listing: null, listError: null, importFlow: { phase: 'idle' }, features: {}, readBounds: {}, profileBusy: null, notice: null };
}

const NO_LAYERS: StyledLayerConfig[] = [];

/** The layers of the stored profile, in profile order (empty until listed); the same array while unchanged (a selector). */
export function referenceLayers(state: ReferenceState): StyledLayerConfig[] {
  return (state.listing?.profile.layers as StyledLayerConfig[] | undefined) ?? NO_LAYERS;
}

/** Layer id → its features in the view (a selector). */
export const referenceFeatures = (state: ReferenceState) => state.features;

export function referenceReducer(state: ReferenceState, action: ReferenceAction): ReferenceState {
  switch (action.type) {
    case 'listed': {
      // Drawn features of layers no longer in the profile go.
      const ids = new Set(action.listing.profile.layers.map((layer) => layer.id));
      const features = Object.fromEntries(Object.entries(state.features).filter(([id]) => ids.has(id)));
      return { ...state, listing: action.listing, listError: null, features };
    }
    case 'list-failed':
      return { ...state, listError: action.error };
    case 'import-started':
      return {
        ...state,
        importFlow: {
          phase: 'reading',
          fileName: action.fileName,
          source: action.source,
          progress: null,
          startedAt: action.at,
          crs: action.crs,
          ...(action.axisSwapped !== undefined ? { axisSwapped: action.axisSwapped } : {}),
          replaceId: action.replaceId,
          ...(action.repair ? { repaired: true } : {}),
        },
      };
    case 'import-progress':
      return state.importFlow.phase === 'reading' ? { ...state, importFlow: { ...state.importFlow, progress: action.progress } } : state;
    case 'import-stored': {
      if (state.importFlow.phase !== 'reading') return state;
      const { fileName, source, startedAt, repaired } = state.importFlow;
      const listing = { profile: action.summary.profile, hash: action.summary.hash, storage: action.summary.storage };
      const { [action.summary.config.id]: _stale, ...features } = state.features;
      return {
        ...state,
        listing,
        features,
        importFlow: { phase: 'confirm', fileName, source, summary: action.summary, seconds: (action.at - startedAt) / 1000, ...(repaired ? { repaired } : {}) },
      };
    }
    case 'import-failed': {
      if (state.importFlow.phase !== 'reading') return state;
      // What was tried shows in the chooser and the axis box: the reviewer's choice, else the detection.
      const crs = state.importFlow.crs ?? action.readAs?.crs;
      const axisSwapped = state.importFlow.axisSwapped ?? action.readAs?.axisSwapped;
      return {
        ...state,
        importFlow: {
          phase: 'error',
          fileName: state.importFlow.fileName,
          source: state.importFlow.source,
          error: action.error,
          ...(crs ? { crs } : {}),
          ...(axisSwapped !== undefined ? { axisSwapped } : {}),
          ...(state.importFlow.replaceId ? { replaceId: state.importFlow.replaceId } : {}),
          ...(state.importFlow.repaired ? { repaired: true } : {}),
          remedies: action.remedies,
        },
      };
    }
    case 'import-closed':
      return state.importFlow.phase === 'idle' ? state : { ...state, importFlow: { phase: 'idle' } };
    case 'features-read':
      return { ...state, features: { ...state.features, [action.id]: action.features }, readBounds: { ...state.readBounds, [action.id]: action.bounds } };
    case 'profile-busy':
      return { ...state, profileBusy: action.busy };
    case 'notice':
      return { ...state, notice: { id: (state.notice?.id ?? 0) + 1, kind: action.kind, text: action.text } };
  }
}

export type ReferenceStore = ReducerStore<ReferenceState, ReferenceAction>;

export function createReferenceStore(initial: ReferenceState = createReferenceState()): ReferenceStore {
  return createReducerStore(referenceReducer, initial);
}
