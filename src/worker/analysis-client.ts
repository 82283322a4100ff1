/**
 * The page's side of the analysis worker: a typed promise API over postMessage.
 *
 * - Each call gets a request id; progress events and the one result are routed back by it.
 * - File bytes cross without copying: a Blob/File is posted by reference and read in the
 *   worker; an ArrayBuffer is transferred (the caller's copy is emptied). A shapefile's loose
 *   parts go beside its .shp as Blobs in the options (`parts`), read in the worker too.
 * - Files chosen together that are not one import (src/io/file-set.ts) are refused here, with
 *   the ImportError the grouping wrote, before anything is posted.
 * - `review` supersedes: while one review runs, only the newest later call waits; the ones
 *   it replaces resolve `SUPERSEDED` without being computed (rules in latest-only-queue.ts).
 * - Every promise resolves, never rejects: errors are values with zh + en text.
 * - If the worker dies, pending calls resolve `WORKER_FAILED` and later calls run in the
 *   page through the in-process engine (loaded on demand), with the atlas layers reloaded.
 *
 * The sequencing lives in this class and {@link LatestOnlyQueue}, both independent of the
 * real Worker: tests drive them through a fake {@link AnalysisTransport}.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { CrsCode } from '../crs/projections';
import type { ExportFormat } from '../io/export';
import type { MeasureOptions } from '../analysis/measure';
import type { Proposal, ReviewOptions } from '../analysis/siting-review';
import type { ZoneLayer } from '../analysis/land-use-intensity';
import type { ParcelFieldMapping } from '../analysis/parcel-fields';
import { LatestOnlyQueue, type DropReason } from './latest-only-queue';
import {
  analysisError,
  CANCELLED,
  SUPERSEDED,
  type Analysis,
  type AnalysisError,
  type AnalysisImportOptions,
  type AnalysisProgress,
  type CallOptions,
  type ClientMessage,
  type ImportSource,
  type OperationName,
  type ProfileChanges,
  type ReferenceImportOptions,
  type OperationPayloads,
  type OperationResults,
  type WorkerMessage,
} from './protocol';
import type { MessageEndpoint } from './analysis-server';
import type { StyledLayerConfig } from '../records/profile-bundle';
import { withCarried } from '../io/chosen-files';
import type { ImportError, ImportPart, Result } from '../io/types';

/** How the client reaches the engine. The real one wraps a Worker; tests pass a fake. */
export interface AnalysisTransport {
  send(message: ClientMessage, transfer: Transferable[]): void;
  /** Called once by the client: `message` for every worker message, `failure` when the engine can no longer answer. */
  connect(handlers: { message: (message: WorkerMessage) => void; failure: (detail: string) => void }): void;
  close(): void;
}

export interface AnalysisClientOptions {
  /** Where calls go after the transport fails; default: none (calls keep failing with `WORKER_FAILED`). */
  fallback?: () => AnalysisTransport;
}

interface Pending {
  operation: OperationName;
  resolve: (result: OperationResults[OperationName]) => void;
  onProgress?: (progress: AnalysisProgress) => void;
  detach: () => void;
  /** Features of a large import result received so far (see `FeaturesMessage`). */
  features?: Feature[];
}

function workerFailed(detail: string): AnalysisError {
  return analysisError(
    'WORKER_FAILED',
    { zh: `后台分析线程出错，本次操作没有完成（${detail}）。`, en: `The background analysis worker failed; this operation did not finish (${detail}).` },
    { zh: '请重试；之后的操作改在页面内运行，大文件导入时界面可能短暂卡顿。', en: 'Try again; further operations run in the page, which may pause briefly while large files import.' },
  );
}

function dropped(reason: DropReason, error?: unknown): OperationResults['review'] {
  if (reason === 'superseded') return { ok: false, error: SUPERSEDED };
  if (reason === 'cancelled') return { ok: false, error: CANCELLED };
  return { ok: false, error: workerFailed(error instanceof Error ? error.message : String(error)) };
}

/** The bytes to post and the buffers to move with them (see {@link ImportSource}). */
function prepareSource(source: ImportSource): { source: ImportSource; transfer: Transferable[] } {
  if (source instanceof ArrayBuffer) return { source, transfer: [source] };
  if (source instanceof Uint8Array) {
    const whole = source.byteOffset === 0 && source.byteLength === source.buffer.byteLength && source.buffer instanceof ArrayBuffer;
    // A view onto part of a larger buffer is copied: moving the buffer would take bytes that are not the caller's to give.
    return whole ? { source, transfer: [source.buffer as ArrayBuffer] } : { source: source.slice(), transfer: [] };
  }
  return { source, transfer: [] };
}

/**
 * What an import posts: the bytes to post and the buffers to move (prepareSource), and the
 * options with the file's name — not every structured clone keeps a File's name (Node's does
 * not) — and what a chosen set of files carries, a .shp's parts (src/io/chosen-files.ts); or,
 * for files chosen together that are not one import, their refusal, and nothing is posted.
 */
function importPayload<T extends { fileName?: string; parts?: readonly ImportPart[] }>(
  source: ImportSource,
  options: T,
): Result<{ payload: { source: ImportSource; options: T }; transfer: Transferable[] }, ImportError> {
  const name = (source as { name?: unknown }).name;
  const named = options.fileName === undefined && typeof name === 'string' && name !== '' ? { ...options, fileName: name } : options;
  const carried = withCarried(source, named);
  if (!carried.ok) return carried;
  const prepared = prepareSource(source);
  return { ok: true, value: { payload: { source: prepared.source, options: carried.value }, transfer: prepared.transfer } };
}

/**
 * Resolves a catalog URL against the app's base in the page (the worker's own URL is under
 * assets/, so it must receive an absolute URL).
 */
export function absoluteCatalogUrl(catalogUrl: string): string {
  const base = import.meta.env?.BASE_URL ?? './';
  const page = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  return new URL(catalogUrl, new URL(base, page)).href;
}

export class AnalysisClient implements Analysis {
  private transport: AnalysisTransport;
  private readonly fallback?: () => AnalysisTransport;
  private readonly pending = new Map<number, Pending>();
  private readonly reviews: LatestOnlyQueue<OperationPayloads['review'], OperationResults['review']>;
  private nextId = 1;
  private lastCatalogUrl: string | undefined;
  private disposed = false;
  private fellBack = false;

  constructor(transport: AnalysisTransport, options: AnalysisClientOptions = {}) {
    this.transport = transport;
    this.fallback = options.fallback;
    this.attach(transport);
    this.reviews = new LatestOnlyQueue((payload, signal) => this.call('review', payload, [], { signal }), dropped);
  }

  /** true while a review runs in the engine (e.g. to show "updating…"). */
  get reviewBusy(): boolean {
    return this.reviews.busy;
  }

  importFile(source: ImportSource, options: AnalysisImportOptions, call: CallOptions = {}): Promise<OperationResults['importFile']> {
    const posted = importPayload(source, options);
    if (!posted.ok) return Promise.resolve(posted);
    return this.call('importFile', posted.value.payload, posted.value.transfer, call);
  }

  loadAtlasLayers(catalogUrl = 'data/catalog.json', call: CallOptions = {}): Promise<OperationResults['loadAtlasLayers']> {
    const absolute = absoluteCatalogUrl(catalogUrl);
    this.lastCatalogUrl = absolute;
    return this.call('loadAtlasLayers', { catalogUrl: absolute }, [], call);
  }

  /**
   * Reviews a site; call it on every edit. Resolves with the report, or `SUPERSEDED` when a
   * newer call replaced this one before it ran (ignore those: `isDropped(result)`).
   * Progress callbacks are not used by reviews.
   */
  review(site: Feature, proposal: Proposal = {}, options: ReviewOptions = {}, call: CallOptions = {}): Promise<OperationResults['review']> {
    return this.reviews.submit({ site, proposal, options }, call.signal);
  }

  measure(geometry: Geometry, options: MeasureOptions = {}, call: CallOptions = {}): Promise<OperationResults['measure']> {
    return this.call('measure', { geometry, options }, [], call);
  }

  exportSite(features: FeatureCollection, format: ExportFormat, crs: CrsCode, call: CallOptions = {}): Promise<OperationResults['exportSite']> {
    return this.call('exportSite', { features, format, crs }, [], call);
  }

  landUseIntensity(
    zones: ZoneLayer[],
    parcels: FeatureCollection,
    mapping: ParcelFieldMapping = {},
    call: CallOptions = {},
  ): Promise<OperationResults['landUseIntensity']> {
    return this.call('landUseIntensity', { zones, parcels, mapping }, [], call);
  }

  // Reference layers and the review profile (issue 10): see protocol.ts.

  importReference(source: ImportSource, options: ReferenceImportOptions, call: CallOptions = {}): Promise<OperationResults['importReference']> {
    const posted = importPayload(source, options);
    if (!posted.ok) return Promise.resolve(posted);
    return this.call('importReference', posted.value.payload, posted.value.transfer, call);
  }

  listReference(call: CallOptions = {}): Promise<OperationResults['listReference']> {
    return this.call('listReference', {}, [], call);
  }

  removeReference(id: string, call: CallOptions = {}): Promise<OperationResults['removeReference']> {
    return this.call('removeReference', { id }, [], call);
  }

  updateReference(config: StyledLayerConfig, call: CallOptions = {}): Promise<OperationResults['updateReference']> {
    return this.call('updateReference', { config }, [], call);
  }

  updateProfile(changes: ProfileChanges, call: CallOptions = {}): Promise<OperationResults['updateProfile']> {
    return this.call('updateProfile', { changes }, [], call);
  }

  referenceFeatures(id: string, bbox: [number, number, number, number], limit?: number, call: CallOptions = {}): Promise<OperationResults['referenceFeatures']> {
    return this.call('referenceFeatures', { id, bbox, ...(limit !== undefined ? { limit } : {}) }, [], call);
  }

  addServerReference(url: string, name?: string, call: CallOptions = {}): Promise<OperationResults['addServerReference']> {
    return this.call('addServerReference', { url, ...(name !== undefined ? { name } : {}) }, [], call);
  }

  serverLayers(url: string, call: CallOptions = {}): Promise<OperationResults['serverLayers']> {
    return this.call('serverLayers', { url }, [], call);
  }

  exportProfile(call: CallOptions = {}): Promise<OperationResults['exportProfile']> {
    return this.call('exportProfile', {}, [], call);
  }

  importProfile(source: ImportSource, fileName: string, call: CallOptions = {}): Promise<OperationResults['importProfile']> {
    const prepared = prepareSource(source);
    return this.call('importProfile', { source: prepared.source, fileName }, prepared.transfer, call);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.settleAll({ ok: false, error: CANCELLED });
    this.transport.close();
  }

  private attach(transport: AnalysisTransport): void {
    transport.connect({
      message: (message) => {
        if (transport === this.transport) this.receive(message);
      },
      failure: (detail) => {
        if (transport === this.transport) this.fail(detail);
      },
    });
  }

  private call<K extends OperationName>(
    operation: K,
    payload: OperationPayloads[K],
    transfer: Transferable[],
    call: CallOptions,
  ): Promise<OperationResults[K]> {
    if (this.disposed || call.signal?.aborted) return Promise.resolve({ ok: false, error: CANCELLED } as OperationResults[K]);
    const id = this.nextId++;
    return new Promise<OperationResults[K]>((resolve) => {
      const signal = call.signal;
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.transport.send({ kind: 'cancel', id }, []);
        resolve({ ok: false, error: CANCELLED } as OperationResults[K]);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        operation,
        resolve: resolve as Pending['resolve'],
        onProgress: call.onProgress,
        detach: () => signal?.removeEventListener('abort', onAbort),
      });
      try {
        this.transport.send({ kind: 'request', id, operation, payload } as ClientMessage, transfer);
      } catch (error) {
        // A payload that cannot be cloned (a function in the options, …) fails this call only.
        this.settle(id, {
          ok: false,
          error: analysisError(
            'INTERNAL',
            { zh: `无法把请求发送给分析线程：${(error as Error).message}`, en: `The request could not be sent to the analysis worker: ${(error as Error).message}` },
            { zh: '请报告此信息。', en: 'Report this message.' },
          ),
        });
      }
    });
  }

  private receive(message: WorkerMessage): void {
    if (message.kind === 'progress') {
      this.pending.get(message.id)?.onProgress?.(message.progress);
      return;
    }
    if (message.kind === 'features') {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      // push in a loop: spreading 10 000s of arguments can overflow the stack.
      entry.features ??= [];
      for (const feature of message.features) entry.features.push(feature);
      entry.onProgress?.({ stage: 'receiving', fraction: message.done / message.total, done: message.done, total: message.total });
      return;
    }
    // Results of cancelled or unknown requests are dropped here.
    if (message.chunkedFeatures === undefined) {
      this.settle(message.id, message.result);
      return;
    }
    const received = this.pending.get(message.id)?.features ?? [];
    const result = message.result as OperationResults['importFile'];
    if (!result.ok || received.length !== message.chunkedFeatures) {
      this.settle(message.id, {
        ok: false,
        error: analysisError(
          'INTERNAL',
          { zh: `导入结果不完整：收到 ${received.length} 个要素，应为 ${message.chunkedFeatures} 个。`, en: `The import result is incomplete: ${received.length} of ${message.chunkedFeatures} features arrived.` },
          { zh: '请重新导入该文件。', en: 'Import the file again.' },
        ),
      });
      return;
    }
    this.settle(message.id, { ...result, value: { ...result.value, features: { ...result.value.features, features: received } } });
  }

  private settle(id: number, result: OperationResults[OperationName]): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.detach();
    entry.resolve(result);
  }

  private settleAll(result: OperationResults[OperationName]): void {
    for (const id of [...this.pending.keys()]) this.settle(id, result);
  }

  private fail(detail: string): void {
    this.settleAll({ ok: false, error: workerFailed(detail) });
    // Fall back once: if the fallback fails too, calls keep answering WORKER_FAILED.
    if (!this.fallback || this.fellBack || this.disposed) return;
    this.fellBack = true;
    const failed = this.transport;
    this.transport = this.fallback();
    this.attach(this.transport);
    failed.close();
    // The new engine has no review context yet; rebuild it so reviews keep working.
    if (this.lastCatalogUrl) void this.call('loadAtlasLayers', { catalogUrl: this.lastCatalogUrl }, [], {});
  }
}

// ---------------------------------------------------------------------------------------
// Transports
// ---------------------------------------------------------------------------------------

/** A transport over a started Worker. */
export function workerTransport(worker: Worker): AnalysisTransport {
  return {
    send: (message, transfer) => worker.postMessage(message, transfer),
    connect: (handlers) => {
      worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => handlers.message(event.data));
      // `error`: the module failed to load or threw at the top level; `messageerror`: a reply could not be cloned.
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        handlers.failure(event.message || 'worker error');
      });
      worker.addEventListener('messageerror', () => handlers.failure('messageerror'));
    },
    close: () => worker.terminate(),
  };
}

/** A transport over a MessagePort whose other end is served by `serveAnalysis`. */
export function messagePortTransport(port: MessagePort, onClose?: () => void): AnalysisTransport {
  return {
    send: (message, transfer) => port.postMessage(message, transfer),
    connect: (handlers) => {
      port.addEventListener('message', (event: MessageEvent<WorkerMessage>) => handlers.message(event.data));
      port.start();
    },
    close: () => {
      onClose?.();
      port.close();
    },
  };
}

/**
 * A transport to an engine in this thread, through a MessageChannel: the messages are
 * cloned and transferred exactly as with a worker, so both paths behave the same; only the
 * work blocks this thread. `createEngine` runs on first use (so the page's bundle can load
 * the engine lazily).
 */
export function inProcessTransport(createEngine: () => Promise<Analysis> | Analysis): AnalysisTransport {
  const channel = new MessageChannel();
  let stop: (() => void) | undefined;
  let closed = false;
  const ready = Promise.all([createEngine(), import('./analysis-server')]).then(([engine, server]) => {
    if (closed) {
      engine.dispose();
      return;
    }
    // Messages posted before this queue in the port until serveAnalysis starts it.
    stop = server.serveAnalysis(engine, channel.port2 as MessageEndpoint);
    return engine;
  });
  const transport = messagePortTransport(channel.port1, () => {
    closed = true;
    stop?.();
    void ready.then((engine) => engine?.dispose(), () => undefined);
    channel.port2.close();
  });
  return {
    ...transport,
    connect: (handlers) => {
      transport.connect(handlers);
      ready.catch((error: unknown) => handlers.failure(error instanceof Error ? error.message : String(error)));
    },
  };
}

/**
 * The analysis for the app: a module worker (the map stays responsive while files parse and
 * sites are reviewed), falling back to the engine in the page where workers cannot start.
 *
 * @example
 * const analysis = createAnalysisClient();
 * await analysis.loadAtlasLayers();
 * const outcome = await analysis.importFile(file, {}, { onProgress: showProgress });
 */
export function createAnalysisClient(): AnalysisClient {
  const fallback = () => inProcessTransport(() => import('./in-process-analysis').then((module) => module.createInProcessAnalysis()));
  if (typeof Worker !== 'undefined') {
    try {
      // Written in this literal form so Vite bundles the worker as its own module chunk.
      const worker = new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module', name: 'atlas-analysis' });
      return new AnalysisClient(workerTransport(worker), { fallback });
    } catch {
      // Module workers unsupported (or blocked by a policy): run in the page.
    }
  }
  return new AnalysisClient(fallback());
}
