/**
 * The worker side of the protocol: takes request messages, runs them on an {@link Analysis}
 * (the in-process engine), posts progress and the one result per request. Works on any
 * postMessage endpoint — the worker's global scope, or a MessagePort (the in-process
 * fallback and the Node tests use a MessageChannel, so the messages are really cloned and
 * transferred there too).
 */
import { fail } from '../io/types';
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
  }
}

/** Buffers in a result worth moving instead of copying: the bytes of an exported file. */
function transferablesOf(operation: OperationName, result: OperationResults[OperationName]): Transferable[] {
  if (operation !== 'exportSite' || !result.ok || !('bytes' in result.value)) return [];
  const bytes = result.value.bytes;
  // Only a view over its whole buffer can be moved without moving bytes that are not its own.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
}

/**
 * Serves `analysis` on `endpoint` until the returned function is called.
 *
 * @example serveAnalysis(createInProcessAnalysis(), self as unknown as MessageEndpoint)
 */
export function serveAnalysis(analysis: Analysis, endpoint: MessageEndpoint): () => void {
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
    const onProgress = (progress: AnalysisProgress) => {
      if (running.has(message.id)) post({ kind: 'progress', id: message.id, progress });
    };
    const reply = (result: OperationResults[OperationName]) =>
      post({ kind: 'result', id: message.id, operation: message.operation, result } as WorkerMessage, transferablesOf(message.operation, result));
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
