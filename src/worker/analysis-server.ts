/**
 * The worker side of the protocol: takes request messages, runs them on an {@link Analysis}
 * (the in-process engine), posts progress and the one result per request. Works on any
 * postMessage endpoint — the worker's global scope, or a MessagePort (the in-process
 * fallback and the Node tests use a MessageChannel, so the messages are really cloned and
 * transferred there too).
 */
import type { Feature, Geometry } from 'geojson';
import { fail, type ImportResult } from '../io/types';
import {
  analysisError,
  type Analysis,
  type AnalysisError,
  type AnalysisProgress,
  type ClientMessage,
  type OperationName,
  type OperationResults,
  type RequestMessage,
  type WorkerMessage,
} from './protocol';

/** An answer for a request whose run threw, or whose result could not be posted (not cloneable). */
function internalFailure(operation: OperationName, error: unknown): AnalysisError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return analysisError(
    'INTERNAL',
    { zh: `分析线程执行 ${operation} 时出错：${detail}`, en: `The analysis worker failed in ${operation}: ${detail}` },
    { zh: '请重试；若问题重复出现，请报告此信息。', en: 'Try again; if it happens again, report this message.' },
  );
}

/** The least time between two progress events of one stage that are sent to the page. */
export const PROGRESS_INTERVAL_MS = 200;

/**
 * Which of a call's progress events go to the page: the first of each stage, the last of a
 * stage (fraction 1), and otherwise at most one per PROGRESS_INTERVAL_MS. Issue 12: a 51 MB
 * import posted one every 2 % of the file, ≈ 25 a second, and each had the page lay out and
 * paint its progress line — ≈ 0.25 of a core on the page's main thread while the worker
 * parsed, on a machine with two.
 */
export function pacedProgress(intervalMs = PROGRESS_INTERVAL_MS): (progress: AnalysisProgress, now: number) => boolean {
  let last: { stage: AnalysisProgress['stage']; at: number } | undefined;
  return (progress, now) => {
    if (last && last.stage === progress.stage && progress.fraction !== 1 && now - last.at < intervalMs) return false;
    last = { stage: progress.stage, at: now };
    return true;
  };
}

/** The part of `DedicatedWorkerGlobalScope` / `MessagePort` the protocol uses. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** MessagePorts deliver nothing until started (a worker's global scope has no `start`). */
  start?(): void;
}

function run(analysis: Analysis, request: RequestMessage, signal: AbortSignal, onProgress: (progress: AnalysisProgress) => void): Promise<OperationResults[OperationName]> {
  const call = { signal, onProgress };
  switch (request.operation) {
    case 'importFile':
      return analysis.importFile(request.payload.source, request.payload.options, call);
    case 'loadAtlasLayers':
      return analysis.loadAtlasLayers(request.payload.catalogUrl, call);
    case 'review':
      return analysis.review(request.payload.site, request.payload.proposal, request.payload.options, call);
    case 'measure':
      return analysis.measure(request.payload.geometry, request.payload.options, call);
    case 'exportSite':
      return analysis.exportSite(request.payload.features, request.payload.format, request.payload.crs, call);
    case 'landUseIntensity':
      return analysis.landUseIntensity(request.payload.zones, request.payload.parcels, request.payload.mapping, call);
    case 'importReference':
      return analysis.importReference(request.payload.source, request.payload.options, call);
    case 'listReference':
      return analysis.listReference(call);
    case 'removeReference':
      return analysis.removeReference(request.payload.id, call);
    case 'updateReference':
      return analysis.updateReference(request.payload.config, call);
    case 'updateProfile':
      return analysis.updateProfile(request.payload.changes, call);
    case 'referenceFeatures':
      return analysis.referenceFeatures(request.payload.id, request.payload.bbox, request.payload.limit, call);
    case 'exportProfile':
      return analysis.exportProfile(call);
    case 'addServerReference':
      return analysis.addServerReference(request.payload.url, request.payload.name, call);
    case 'serverLayers':
      return analysis.serverLayers(request.payload.url, call);
    case 'importProfile':
      return analysis.importProfile(request.payload.source, request.payload.fileName, call);
  }
}

/**
 * Vertices per `features` message. Decoding costs ≈ 1 µs per vertex with its feature's
 * share of properties (50 MB GeoJSON, 977 000 vertices: 1 045 ms in Chromium), so a part of
 * 16 000 vertices decodes in ≈ 17 ms, about one frame.
 */
export const CHUNK_VERTICES = 16_000;

function vertexCount(geometry: Geometry | null): number {
  if (!geometry) return 0;
  switch (geometry.type) {
    case 'Point':
      return 1;
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates.length;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.reduce((sum, line) => sum + line.length, 0);
    case 'MultiPolygon':
      return geometry.coordinates.reduce((sum, polygon) => sum + polygon.reduce((inner, ring) => inner + ring.length, 0), 0);
    case 'GeometryCollection':
      return geometry.geometries.reduce((sum, part) => sum + vertexCount(part), 0);
  }
}

/** The features cut into parts of about {@link CHUNK_VERTICES} vertices; one part when the result is small. */
export function featureChunks(features: Feature[], limit = CHUNK_VERTICES): Feature[][] {
  const chunks: Feature[][] = [];
  let current: Feature[] = [];
  let vertices = 0;
  for (const feature of features) {
    const count = vertexCount(feature.geometry) + 1;
    if (current.length > 0 && vertices + count > limit) {
      chunks.push(current);
      current = [];
      vertices = 0;
    }
    current.push(feature);
    vertices += count;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Buffers in a result worth moving instead of copying: the bytes of an exported file. */
function transferablesOf(operation: OperationName, result: OperationResults[OperationName]): Transferable[] {
  if (operation !== 'exportSite' || !result.ok || !('bytes' in result.value)) return [];
  const bytes = result.value.bytes;
  // Only a view over its whole buffer can be moved without moving bytes that are not its own.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
}

export interface ServeOptions {
  /** Vertices per `features` message; default {@link CHUNK_VERTICES}. */
  chunkVertices?: number;
}

/**
 * Serves `analysis` on `endpoint` until the returned function is called.
 *
 * @example serveAnalysis(createInProcessAnalysis(), self as unknown as MessageEndpoint)
 */
export function serveAnalysis(analysis: Analysis, endpoint: MessageEndpoint, options: ServeOptions = {}): () => void {
  const chunkVertices = options.chunkVertices ?? CHUNK_VERTICES;
  const running = new Map<number, AbortController>();
  const post = (message: WorkerMessage, transfer: Transferable[] = []) => endpoint.postMessage(message, transfer);

  const listener = (event: MessageEvent) => {
    const message = event.data as ClientMessage;
    if (message?.kind === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    if (message?.kind !== 'request') return;
    const controller = new AbortController();
    running.set(message.id, controller);
    const paced = pacedProgress();
    const onProgress = (progress: AnalysisProgress) => {
      if (running.has(message.id) && paced(progress, performance.now())) post({ kind: 'progress', id: message.id, progress });
    };
    const reply = (result: OperationResults[OperationName]) => {
      if (message.operation === 'importFile' && result.ok && 'features' in result.value) {
        const collection = (result.value as ImportResult).features;
        const chunks = featureChunks(collection.features, chunkVertices);
        if (chunks.length > 1) {
          let done = 0;
          for (const features of chunks) {
            // A cancel that arrived meanwhile cannot be seen here (this loop is one task); the page drops the parts.
            done += features.length;
            post({ kind: 'features', id: message.id, features, done, total: collection.features.length });
          }
          const emptied = { ...result, value: { ...(result.value as ImportResult), features: { ...collection, features: [] } } };
          post({ kind: 'result', id: message.id, operation: 'importFile', result: emptied, chunkedFeatures: done });
          return;
        }
      }
      post({ kind: 'result', id: message.id, operation: message.operation, result } as WorkerMessage, transferablesOf(message.operation, result));
    };
    void Promise.resolve()
      .then(() => run(analysis, message, controller.signal, onProgress))
      .then(
        (result) => {
          running.delete(message.id);
          reply(result);
        },
        // The engine returns failures as values; a throw is a bug, but the page still gets an answer.
        (error: unknown) => {
          running.delete(message.id);
          reply(fail(internalFailure(message.operation, error)));
        },
      )
      .catch((error: unknown) => reply(fail(internalFailure(message.operation, error))));
  };

  endpoint.addEventListener('message', listener);
  endpoint.start?.();
  return () => {
    endpoint.removeEventListener('message', listener);
    for (const controller of running.values()) controller.abort();
    running.clear();
  };
}
