/**
 * A reference-store backend on a folder of the disk, for Node (`npm run bench`): what the
 * app's origin-private file system (OPFS) is in a browser — each file written piece by piece
 * and then out of the process's memory, read back as a file-backed Blob by `slice()`.
 *
 * The bench stores the 51 MB GeoJSON's layer here, as the app stores it in OPFS: kept in the
 * memory store instead, the 36 MB file stayed in the measured process — memory the app's
 * worker does not hold (issue 12).
 */
import { openAsBlob } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileBytes, StorageBackend } from '../../src/records/reference-store';

export function directoryBackend(root: string): StorageBackend {
  let writes = 0;
  const at = (name: string): string => path.join(root, ...name.split('/'));
  const exists = async (file: string): Promise<boolean> => (await stat(file).catch(() => undefined))?.isFile() ?? false;
  const write = async (name: string, data: FileBytes | string): Promise<void> => {
    const file = at(name);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed: a reader never sees half a file (an OPFS writable commits on close).
    const temporary = `${file}.${process.pid}-${(writes += 1)}.partial`;
    try {
      const handle = await open(temporary, 'w');
      try {
        // A piece is written whole before the next is asked for (each is valid only until then).
        const pieces = typeof data === 'string' ? [new TextEncoder().encode(data)] : data instanceof Uint8Array ? [data] : data.pieces();
        for (const piece of pieces) {
          for (let done = 0; done < piece.length; ) done += (await handle.write(piece, done, piece.length - done)).bytesWritten;
        }
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };
  return {
    // Kept across runs, as OPFS keeps its files across reloads.
    kind: 'opfs',
    async readText(name) {
      return (await exists(at(name))) ? readFile(at(name), 'utf8') : undefined;
    },
    writeText: write,
    writeBytes: write,
    async readBlob(name) {
      return (await exists(at(name))) ? ((await openAsBlob(at(name))) as Blob) : undefined;
    },
    async remove(name) {
      await rm(at(name), { force: true });
    },
    async list(folder) {
      const names = await readdir(at(folder)).catch(() => [] as string[]);
      return names.filter((name) => !name.endsWith('.partial'));
    },
  };
}
