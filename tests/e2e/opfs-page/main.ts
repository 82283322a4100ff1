/**
 * The page of opfs-store.test.ts: starts the worker that drives the reference store's OPFS
 * backend (src/records/reference-store.ts) and hands its answers to the test.
 */
import type { OpfsCase, OpfsOutcome } from './worker';

declare global {
  interface Window {
    runOpfsCase(which: OpfsCase): Promise<OpfsOutcome>;
  }
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let next = 0;
const waiting = new Map<number, (outcome: OpfsOutcome) => void>();
worker.onmessage = ({ data }: MessageEvent<{ id: number; outcome: OpfsOutcome }>) => {
  waiting.get(data.id)?.(data.outcome);
  waiting.delete(data.id);
};
window.runOpfsCase = (which) =>
  new Promise((resolve) => {
    next += 1;
    waiting.set(next, resolve);
    worker.postMessage({ id: next, which });
  });
