/**
 * Opening zip archives (zipped shapefiles, KMZ) with jszip, loaded on demand. A truncated
 * or damaged archive becomes an ImportError, never an exception.
 */
import type JSZip from 'jszip';
import { importError } from './complete-import';
import { fail, ok, type ImportError, type Result } from './types';

export async function openZip(bytes: Uint8Array, file: string): Promise<Result<JSZip, ImportError>> {
  const { default: JSZipClass } = await import('jszip');
  try {
    return ok(await JSZipClass.loadAsync(bytes, { checkCRC32: true }));
  } catch (error) {
    return fail(
      importError(
        'CORRUPT_ZIP',
        file,
        {
          zh: `压缩包已损坏或不完整（${error instanceof Error ? error.message : String(error)}），可能下载或复制时被截断。`,
          en: `The zip archive is damaged or incomplete (${error instanceof Error ? error.message : String(error)}); it may have been cut short while downloading or copying.`,
        },
        { zh: '请重新导出或重新下载该文件后再导入。', en: 'Export or download the file again, then import it.' },
      ),
    );
  }
}

/** Entries of the archive that are files, without macOS resource-fork copies. */
export function zipEntries(zip: JSZip): JSZip.JSZipObject[] {
  return Object.values(zip.files).filter((entry) => !entry.dir && !entry.name.includes('__MACOSX/'));
}

/** Reads an entry; a CRC or inflate failure (damaged member) becomes CORRUPT_ZIP. */
export async function readEntry(entry: JSZip.JSZipObject, file: string): Promise<Result<Uint8Array, ImportError>> {
  try {
    return ok(await entry.async('uint8array'));
  } catch (error) {
    return fail(
      importError(
        'CORRUPT_ZIP',
        file,
        {
          zh: `压缩包中的 ${entry.name} 无法解压（${error instanceof Error ? error.message : String(error)}）。`,
          en: `${entry.name} inside the zip cannot be extracted (${error instanceof Error ? error.message : String(error)}).`,
        },
        { zh: '请重新打包或重新导出该文件。', en: 'Zip or export the file again.' },
      ),
    );
  }
}
