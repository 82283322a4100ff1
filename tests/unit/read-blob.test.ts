import { describe, expect, it } from 'vitest';
import { createInProcessAnalysis, readBlob } from '../../src/worker/in-process-analysis';
import { byteStreamBlob } from './byte-stream-blob';

/**
 * The whole-file reader (sites, and layers in formats other than GeoJSON) stops at the File's
 * size, as the streamed GeoJSON reader does (issue 12: Chromium did not always answer a read
 * asked after the last byte of a File's stream), and a file whose bytes do not come to its
 * size is refused, not truncated or overrun.
 */
describe('readBlob', () => {
  const bytes = new Uint8Array(100_003).map((_, index) => (index * 13) % 251);

  /** A Blob of `size` bytes whose stream gives `content` in pieces of 4096, then `after` (hang or close). */
  function streamedBlob(content: Uint8Array, size: number, after: 'hang' | 'close') {
    const state = { cancelled: 0 };
    const blob = byteStreamBlob(new Uint8Array(size), () => {
      let at = 0;
      return {
        pull(controller) {
          if (at >= content.length) {
            if (after === 'close') {
              // A byte stream closed while a BYOB read waits answers it with no bytes (as a File's does).
              controller.close();
              controller.byobRequest?.respond(0);
            }
            return after === 'hang' ? new Promise<void>(() => undefined) : undefined;
          }
          controller.enqueue(content.slice(at, at + 4096));
          at += 4096;
          return undefined;
        },
        cancel() {
          state.cancelled += 1;
        },
      };
    });
    return { blob, state };
  }

  it('ends at the Blob\'s size without waiting for the stream to say so, and lets the stream go', async () => {
    const { blob, state } = streamedBlob(bytes, bytes.length, 'hang');
    const fractions: number[] = [];
    const read = readBlob(blob, { onProgress: (progress) => 'fraction' in progress && fractions.push(progress.fraction!) });
    const ended = await Promise.race([read, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 3000))]);
    expect(ended).not.toBe('waiting');
    expect(Buffer.from(ended as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(state.cancelled).toBe(1);
  });

  it('refuses a file that gives more bytes than its size, or fewer (changed after it was chosen)', async () => {
    await expect(readBlob(streamedBlob(bytes, bytes.length - 10, 'close').blob, {})).rejects.toThrow(/changed after it was chosen/);
    await expect(readBlob(streamedBlob(bytes.subarray(0, 5000), bytes.length, 'close').blob, {})).rejects.toThrow(/changed after it was chosen/);
  });

  it('in an import, such a file is a message in both languages naming it, not a thrown error', async () => {
    const analysis = createInProcessAnalysis({ layerSource: async () => [] });
    const outcome = await analysis.importFile(streamedBlob(bytes.subarray(0, 5000), bytes.length, 'close').blob, { fileName: 'site.dxf' });
    expect(outcome.ok).toBe(false);
    const error = (outcome as { ok: false; error: { message: { zh: string; en: string } } }).error;
    expect(error.message.zh).toContain('site.dxf');
    expect(error.message.en).toContain('site.dxf');
    expect(error.message.en).toContain('choose it again');
  });
});
