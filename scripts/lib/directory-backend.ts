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
import { filePieces, type FileBytes, type StorageBackend } from '../../src/records/reference-store';

export function directoryBackend(root: string): StorageBackend {
  let writes = 0;
  const at = (name: string): string => path.join(root, ...name.split('/'));
  /** undefined for a file that is not there; any other failure is thrown. */
  const unlessAbsent = <T>(reading: Promise<T>): Promise<T | undefined> =>
    reading.catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  const write = async (name: string, data: FileBytes | string): Promise<void> => {
    const file = at(name);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed: a reader never sees half a file (an OPFS writable commits on close).
    const temporary = `${file}.${process.pid}-${(writes += 1)}.partial`;
    try {
      const handle = await open(temporary, 'w');
      try {
        // Each piece written whole before the next is asked for.
        for (const piece of filePieces(data)) {
          const bytes = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
          for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
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
    readText: (name) => unlessAbsent(readFile(at(name), 'utf8')),
    writeText: write,
    writeBytes: write,
    async readBlob(name) {
      // openAsBlob cannot tell a missing file from a bad argument (it throws ERR_INVALID_ARG_VALUE for both).
      const found = await unlessAbsent(stat(at(name)));
      return found?.isFile() ? ((await openAsBlob(at(name))) as Blob) : undefined;
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
