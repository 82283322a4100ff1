/**
 * The side effects of the reference layers (issue 10), behind one controller the layer panel,
 * the map and the report call: import through the analysis worker (progress, cancel, CRS
 * confirmation), role / name / style / enabled changes, removal, the profile bundle, and the
 * features of the drawn layers for the current view. Every change the worker confirms is
 * followed by a fresh review of the open site. No React and no MapLibre.
 */
import type { CrsCode } from '../crs/projections';
import { formatImportError, readAsOf, remediesOf, type ImportError } from '../io/types';
import type { StyledLayerConfig } from '../records/profile-bundle';
import { isDropped, type Analysis, type AnalysisError, type ProfileChanges, type ReferenceFeatures, type ReferenceListing, type Result } from '../worker/protocol';
import { referenceLayers, type ReferenceMessage, type ReferenceStore } from './reference-state';

function messageOf(error: ImportError | AnalysisError): ReferenceMessage {
  if ('file' in error) return { message: { zh: formatImportError(error, 'zh'), en: formatImportError(error, 'en') } };
  return { message: error.message, hint: error.hint };
}

/** What `window.__reference` exposes to browser tests: figures only. */
export interface ReferenceTestHooks {
  /** Seconds from choosing a file to the layer being stored, one per import. */
  importSeconds: number[];
  /** Worker-side step timings of the last import (ms). */
  lastTimings: { read: number; parse: number; index: number; store: number } | null;
}

declare global {
  interface Window {
    __reference?: ReferenceTestHooks;
  }
}

export interface ReferenceControllerOptions {
  store: ReferenceStore;
  /** The analysis engine (the review's worker: one worker owns the layer store). */
  analysis: () => Analysis;
  /** Called after the profile changed, so the open site is reviewed again. */
  onProfileChanged: () => void;
}

export type Bounds = [number, number, number, number];

/** The reference layers drawn on a printed map: their configs (style) and features in its frame. */
export interface PrintReference {
  layers: StyledLayerConfig[];
  features: Record<string, ReferenceFeatures>;
}

export class ReferenceController {
  private readonly store: ReferenceStore;
  private readonly analysis: () => Analysis;
  private readonly onProfileChanged: () => void;
  private importAbort: AbortController | null = null;
  private featuresAbort: AbortController | null = null;
  private lastBounds: Bounds | null = null;
  private readonly hooks: ReferenceTestHooks = { importSeconds: [], lastTimings: null };

  constructor(options: ReferenceControllerOptions) {
    this.store = options.store;
    this.analysis = options.analysis;
    this.onProfileChanged = options.onProfileChanged;
  }

  /** Reads the stored profile. */
  async start(): Promise<void> {
    if (typeof window !== 'undefined') window.__reference = this.hooks;
    const listed = await this.analysis().listReference();
    if (isDropped(listed)) return;
    if (!listed.ok) {
      this.store.dispatch({ type: 'list-failed', error: messageOf(listed.error) });
      return;
    }
    this.store.dispatch({ type: 'listed', listing: listed.value });
    if (listed.value.profile.layers.length > 0) this.onProfileChanged();
    // The map may have told its view before the profile was read (the listing can take longer
    // than the first draw): its layers' features for that view are read now, not at the next move.
    this.refreshFeatures();
  }

  // ------------------------------------------------------------------------ import

  /**
   * Reads a file in the worker and stores it as a reference layer; `crs` and `axisSwapped`
   * override detection, `replaceId` re-reads a layer.
   */
  async importFile(
    source: Blob,
    fileName: string,
    options: { crs?: CrsCode; axisSwapped?: boolean; replaceId?: string; repair?: boolean } = {},
  ): Promise<void> {
    this.importAbort?.abort();
    const abort = new AbortController();
    this.importAbort = abort;
    this.store.dispatch({
      type: 'import-started',
      fileName,
      source,
      crs: options.crs,
      axisSwapped: options.axisSwapped,
      replaceId: options.replaceId,
      repair: options.repair,
      at: performance.now(),
    });
    const outcome = await this.analysis().importReference(
      source,
      {
        fileName,
        ...(options.crs ? { crs: options.crs } : {}),
        ...(options.axisSwapped !== undefined ? { axisSwapped: options.axisSwapped } : {}),
        ...(options.replaceId ? { replaceId: options.replaceId } : {}),
        ...(options.repair ? { repair: true } : {}),
      },
      { signal: abort.signal, onProgress: (progress) => this.store.dispatch({ type: 'import-progress', progress }) },
    );
    if (abort.signal.aborted || isDropped(outcome)) return;
    this.importAbort = null;
    if (!outcome.ok) {
      const readAs = readAsOf(outcome.error);
      this.store.dispatch({ type: 'import-failed', error: messageOf(outcome.error), remedies: remediesOf(outcome.error, options.repair === true), ...(readAs ? { readAs } : {}) });
      return;
    }
    const at = performance.now();
    const flow = this.store.getState().importFlow;
    if (flow.phase === 'reading') this.hooks.importSeconds.push((at - flow.startedAt) / 1000);
    this.hooks.lastTimings = outcome.value.timings;
    this.store.dispatch({ type: 'import-stored', summary: outcome.value, at });
    this.refreshFeatures();
    this.onProfileChanged();
  }

  /**
   * Reads the file again in another CRS or axis order: the just-imported one (replacing the
   * layer), or one refused for its coordinates (no CRS found, one not supported, outside the
   * region — swapped X/Y is the other usual cause). `axisSwapped` undefined: detect it again.
   */
  async reimport(crs: CrsCode | undefined, axisSwapped?: boolean): Promise<void> {
    const flow = this.store.getState().importFlow;
    const axis = axisSwapped !== undefined ? { axisSwapped } : {};
    // A repaired file stays repaired when another CRS is chosen for it.
    if (flow.phase === 'confirm') {
      await this.importFile(flow.source, flow.fileName, { crs: crs ?? flow.summary.crs.crs, ...axis, replaceId: flow.summary.config.id, repair: flow.repaired === true });
    } else if (flow.phase === 'error' && flow.remedies.crs) {
      await this.importFile(flow.source, flow.fileName, {
        ...(crs ? { crs } : {}),
        ...axis,
        ...(flow.replaceId ? { replaceId: flow.replaceId } : {}),
        repair: flow.repaired === true,
      });
    }
  }

  /** Reads the file that was refused again with repair: self-crossing rings split, overlapping parts merged (each a warning). */
  async repairImport(): Promise<void> {
    const flow = this.store.getState().importFlow;
    if (flow.phase !== 'error' || !flow.remedies.repair) return;
    await this.importFile(flow.source, flow.fileName, {
      ...(flow.crs ? { crs: flow.crs } : {}),
      ...(flow.axisSwapped !== undefined ? { axisSwapped: flow.axisSwapped } : {}),
      ...(flow.replaceId ? { replaceId: flow.replaceId } : {}),
      repair: true,
    });
  }

  cancelImport(): void {
    this.importAbort?.abort();
    this.importAbort = null;
    this.store.dispatch({ type: 'import-closed' });
  }

  /** The reviewer accepts the CRS shown (or closes an error). */
  closeImport(): void {
    this.store.dispatch({ type: 'import-closed' });
  }

  // ------------------------------------------------------------------------ changes

  private async apply(work: Promise<Result<ReferenceListing, AnalysisError>>): Promise<boolean> {
    const result = await work;
    if (isDropped(result)) return false;
    if (!result.ok) {
      this.store.dispatch({ type: 'notice', kind: 'error', text: messageOf(result.error) });
      return false;
    }
    this.store.dispatch({ type: 'listed', listing: result.value });
    this.onProfileChanged();
    return true;
  }

  /** New role, name, enabled flag or style of a layer. */
  updateLayer(config: StyledLayerConfig): Promise<boolean> {
    const visibleBefore = referenceLayers(this.store.getState()).find((layer) => layer.id === config.id)?.style?.visible !== false;
    return this.apply(this.analysis().updateReference(config)).then((done) => {
      // A layer switched on again needs its features for the view.
      if (done && !visibleBefore && config.style?.visible !== false) this.refreshFeatures();
      return done;
    });
  }

  removeLayer(id: string): Promise<boolean> {
    return this.apply(this.analysis().removeReference(id));
  }

  updateProfile(changes: ProfileChanges): Promise<boolean> {
    return this.apply(this.analysis().updateProfile(changes));
  }

  // ------------------------------------------------------------------------ server layers (issue 13)

  /** Adds a map server's layer (only its config is stored); the message saying why not, or null when added. */
  async addServerLayer(url: string, name?: string): Promise<ReferenceMessage | null> {
    const result = await this.analysis().addServerReference(url, name);
    if (isDropped(result)) return null;
    if (!result.ok) return messageOf(result.error);
    this.store.dispatch({ type: 'listed', listing: result.value });
    this.refreshFeatures();
    this.onProfileChanged();
    return null;
  }

  /** The layers a WFS endpoint or OGC API landing page offers. */
  serverLayers(url: string): ReturnType<Analysis['serverLayers']> {
    return this.analysis().serverLayers(url);
  }

  // ------------------------------------------------------------------------ profile bundle

  /** The profile and its layers as one bundle file, or null after saying why not. */
  async exportProfile(): Promise<{ file: Blob; fileName: string } | null> {
    this.store.dispatch({ type: 'profile-busy', busy: 'export' });
    const result = await this.analysis().exportProfile();
    this.store.dispatch({ type: 'profile-busy', busy: null });
    if (isDropped(result)) return null;
    if (!result.ok) {
      this.store.dispatch({ type: 'notice', kind: 'error', text: messageOf(result.error) });
      return null;
    }
    return result.value;
  }

  /** Replaces the profile and its layers with a bundle's (all or nothing). */
  async importProfile(file: Blob, fileName: string): Promise<boolean> {
    this.store.dispatch({ type: 'profile-busy', busy: 'import' });
    const done = await this.apply(this.analysis().importProfile(file, fileName));
    this.store.dispatch({ type: 'profile-busy', busy: null });
    if (done) {
      const listing = this.store.getState().listing;
      const count = listing?.profile.layers.length ?? 0;
      this.store.dispatch({
        type: 'notice',
        kind: 'info',
        text: { message: { zh: `已导入审查方案“${listing?.profile.name ?? ''}”（${count} 个参考图层）。`, en: `Imported the review profile "${listing?.profile.name ?? ''}" (${count} reference layer${count === 1 ? '' : 's'}).` } },
      });
      this.refreshFeatures();
    }
    return done;
  }

  // ------------------------------------------------------------------------ drawing

  /** The map moved: read each shown layer's features in the new view (the previous read is dropped). */
  viewChanged(bounds: Bounds): void {
    this.lastBounds = bounds;
    this.refreshFeatures();
  }

  refreshFeatures(): void {
    const bounds = this.lastBounds;
    if (!bounds) return;
    this.featuresAbort?.abort();
    const abort = new AbortController();
    this.featuresAbort = abort;
    const layers = referenceLayers(this.store.getState()).filter((layer) => layer.style?.visible !== false);
    for (const layer of layers) {
      void this.analysis()
        .referenceFeatures(layer.id, bounds, undefined, { signal: abort.signal })
        .then((result) => {
          if (abort.signal.aborted || !result.ok) return;
          this.store.dispatch({ type: 'features-read', id: layer.id, features: result.value, bounds });
        });
    }
  }

  /**
   * The reference layers a printed report was reviewed against, as this browser stores them
   * (style included), with their features in `bounds` — for the printed map, read from the
   * worker directly (the page's own map may show another view). A layer that is gone or cannot
   * be read is left off the map; its section still says what the review found.
   */
  async layersForPrint(ids: readonly string[], bounds: Bounds): Promise<PrintReference> {
    if (ids.length === 0) return { layers: [], features: {} };
    const listed = await this.analysis().listReference();
    if (isDropped(listed) || !listed.ok) return { layers: [], features: {} };
    // Every layer the review read is printed, one hidden on the page's map too: the report's sections name it.
    const layers = (listed.value.profile.layers as StyledLayerConfig[])
      .filter((layer) => ids.includes(layer.id))
      .map((layer) => (layer.style ? { ...layer, style: { ...layer.style, visible: true } } : layer));
    const features: Record<string, ReferenceFeatures> = {};
    await Promise.all(
      layers.map(async (layer) => {
        const read = await this.analysis().referenceFeatures(layer.id, bounds);
        if (!isDropped(read) && read.ok) features[layer.id] = read.value;
      }),
    );
    return { layers: layers.filter((layer) => features[layer.id] !== undefined), features };
  }

  dispose(): void {
    this.importAbort?.abort();
    this.featuresAbort?.abort();
  }
}
