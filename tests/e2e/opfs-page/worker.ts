/**
 * The worker of opfs-store.test.ts: the reference store's OPFS backend in a dedicated worker
 * (where the app's analysis worker runs it), on Chromium's real origin-private file system.
 * A fault is injected by making the sync access handle's `write` throw after its first call.
 */
import { opfsBackend } from '../../../src/records/reference-store';

export type OpfsCase = 'fresh' | 'fresh-fails' | 'existing-with-sync-broken';
export interface OpfsOutcome {
  error: string | null;
  /** The files in `layers/` afterwards. */
  files: string[];
  /** The bytes read back of `layers/t.fgb` (as a number array), or null when it is absent. */
  bytes: number[] | null;
}

/** Three pieces, as the FlatGeobuf writer lays a file out (each valid until the next is asked for). */
function pieces(seed: number): { pieces(): Iterable<Uint8Array> } {
  return {
    *pieces() {
      const piece = new Uint8Array(5);
      for (let index = 0; index < 3; index += 1) {
        piece.forEach((_, at) => (piece[at] = seed + index * 10 + at));
        yield piece;
      }
    },
  };
}

async function run(which: OpfsCase): Promise<OpfsOutcome> {
  const backend = await opfsBackend();
  for (const file of await backend.list('layers')) await backend.remove(`layers/${file}`);
  const prototype = (globalThis as unknown as { FileSystemSyncAccessHandle: { prototype: { write: (...args: unknown[]) => number } } }).FileSystemSyncAccessHandle.prototype;
  const write = prototype.write;
  let error: string | null = null;
  try {
    if (which === 'existing-with-sync-broken') await backend.writeBytes('layers/t.fgb', pieces(1));
    if (which !== 'fresh') {
      let calls = 0;
      prototype.write = function (this: unknown, ...args: unknown[]) {
        calls += 1;
        if (calls > 1) throw new DOMException('injected: the disk is full', 'QuotaExceededError');
        return write.apply(this, args);
      };
    }
    await backend.writeBytes('layers/t.fgb', pieces(100));
  } catch (caught) {
    error = (caught as Error).message;
  } finally {
    prototype.write = write;
  }
  const blob = await backend.readBlob('layers/t.fgb');
  return { error, files: await backend.list('layers'), bytes: blob ? [...new Uint8Array(await blob.arrayBuffer())] : null };
}

self.onmessage = async ({ data }: MessageEvent<{ id: number; which: OpfsCase }>) => {
  self.postMessage({ id: data.id, outcome: await run(data.which) });
};
