/**
 * Opening zip archives (zipped shapefiles, KMZ) with jszip, loaded on demand. A truncated
 * or damaged archive becomes an ImportError, never an exception.
 *
 * Bounded memory (issue 11: members inflating to gigabytes): the archive's directory is
 * read without inflating anything (jszip's `checkCRC32` load option would inflate every
 * member, needed or not); a member is inflated only when an importer asks for it, only if
 * the size the directory records is within ImportLimits.maxInflatedBytes and plausible
 * for its compressed size, and the inflation stops the moment it produces more than
 * that. Its CRC-32 is then checked against the directory here.
 */
import type JSZip from 'jszip';
import { importError, limitError } from './complete-import';
import type { Bilingual } from '../data/catalog-types';
import { cleanFileText, libraryNote } from './text';
import { fail, ok, type ImportError, type ImportLimits, type Result } from './types';

/** The zip signature "PK\x03\x04" (a local file header) at byte 0: what every zip archive starts with. */
export function startsLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * jszip's complaint when it finds no end-of-central-directory record, the directory a zip
 * ends with (APPNOTE.TXT 4.3.16): the archive was cut short, or the file is no zip at all.
 * Its text ("Corrupted zip: can't find end of central directory", or "Can't find end of
 * central directory : is this a zip file ? If it is, see https://…") is not shown: ours is.
 */
const NO_END_OF_DIRECTORY = /end of central directory/i;

export async function openZip(bytes: Uint8Array, file: string): Promise<Result<JSZip, ImportError>> {
  const { default: JSZipClass } = await import('jszip');
  try {
    return ok(await JSZipClass.loadAsync(bytes, { checkCRC32: false }));
  } catch (error) {
    const again = { zh: '请重新导出或重新压缩（打包为 zip）该文件，或重新下载，然后再导入。', en: 'Export or compress (zip) the file again, or download it again, then import it.' };
    if (NO_END_OF_DIRECTORY.test(error instanceof Error ? error.message : String(error))) {
      return fail(
        importError(
          'CORRUPT_ZIP',
          file,
          {
            zh: '不是完整的 zip 压缩包：文件已损坏、被截断（如下载或复制未完成），或根本不是 zip 文件（找不到压缩包末尾的目录）。',
            en: 'This is not a complete zip archive: it is damaged, cut short (e.g. by an unfinished download or copy), or not a zip file at all (the directory at the end of a zip is missing).',
          },
          again,
        ),
      );
    }
    const reason = libraryNote(error);
    return fail(
      importError(
        'CORRUPT_ZIP',
        file,
        {
          zh: `压缩包已损坏或不完整（${reason.zh}），可能下载或复制时被截断。`,
          en: `The zip archive is damaged or incomplete (${reason.en}); it may have been cut short while downloading or copying.`,
        },
        again,
      ),
    );
  }
}

/** Entries of the archive that are files, without macOS resource-fork copies. */
export function zipEntries(zip: JSZip): JSZip.JSZipObject[] {
  return Object.values(zip.files).filter((entry) => !entry.dir && !entry.name.includes('__MACOSX/'));
}

/** What the zip directory says of a member (jszip keeps it as the entry's CompressedObject). */
interface DirectoryRecord {
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
}

function directoryRecord(entry: JSZip.JSZipObject): DirectoryRecord | undefined {
  const data = (entry as unknown as { _data?: Partial<DirectoryRecord> })._data;
  if (!data || typeof data.uncompressedSize !== 'number' || typeof data.compressedSize !== 'number') return undefined;
  return { compressedSize: data.compressedSize, uncompressedSize: data.uncompressedSize, crc32: data.crc32 ?? 0 };
}

/** Deflate cannot expand data more than about 1 032 : 1 (RFC 1951: 258 bytes per ≥ 2-bit code). */
const MAX_DEFLATE_RATIO = 1032;

/** jszip's StreamHelper (not in its type declarations). */
interface ZipStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): ZipStream;
  on(event: 'error', listener: (error: Error) => void): ZipStream;
  on(event: 'end', listener: () => void): ZipStream;
  pause(): ZipStream;
  resume(): ZipStream;
}

let crcTable: Int32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let index = 0; index < bytes.length; index += 1) crc = crcTable[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

function damaged(entry: JSZip.JSZipObject, file: string, why: Bilingual): ImportError {
  const name = cleanFileText(entry.name, 100);
  return importError(
    'CORRUPT_ZIP',
    file,
    {
      zh: `压缩包中的 ${name} 无法解压（${why.zh}）。`,
      en: `${name} inside the zip cannot be extracted (${why.en}).`,
    },
    { zh: '请重新打包或重新导出该文件。', en: 'Zip or export the file again.' },
  );
}

/**
 * Reads an entry; a member larger than `limits.maxInflatedBytes` is TOO_LARGE before any
 * byte is inflated; a directory that lies about the size, a CRC or inflate failure
 * (damaged member) becomes CORRUPT_ZIP.
 */
export async function readEntry(
  entry: JSZip.JSZipObject,
  file: string,
  limits: Pick<ImportLimits, 'maxInflatedBytes'>,
): Promise<Result<Uint8Array, ImportError>> {
  const record = directoryRecord(entry);
  if (!record) return fail(damaged(entry, file, { zh: '目录中没有它的记录', en: 'no directory record' }));
  const where = { zh: `压缩包中的 ${cleanFileText(entry.name, 100)}`, en: `${cleanFileText(entry.name, 100)} in the zip` };
  if (record.uncompressedSize > limits.maxInflatedBytes) {
    return fail(limitError(file, 'maxInflatedBytes', record.uncompressedSize, limits.maxInflatedBytes, where));
  }
  if (record.uncompressedSize > record.compressedSize * MAX_DEFLATE_RATIO + 1024) {
    return fail(damaged(entry, file, { zh: `目录记载压缩后 ${record.compressedSize} 字节、解压后 ${record.uncompressedSize} 字节，不合常理`, en: `the directory claims ${record.uncompressedSize} bytes from ${record.compressedSize} compressed` }));
  }
  try {
    // Chunks are kept and joined at the end, so memory grows with what really inflates,
    // not with what the directory claims.
    const chunks: Uint8Array[] = [];
    let length = 0;
    await new Promise<void>((resolve, reject) => {
      // jszip's internal stream hands over the inflated chunks one by one: it is paused the
      // moment the member outgrows what the directory said, so a lying directory cannot
      // make it inflate gigabytes.
      const stream = (entry as unknown as { internalStream(type: 'uint8array'): ZipStream }).internalStream('uint8array');
      stream
        .on('data', (chunk: Uint8Array) => {
          if (length + chunk.length > record.uncompressedSize) {
            stream.pause();
            reject(new Error(`larger than the ${record.uncompressedSize} bytes the directory records`));
            return;
          }
          chunks.push(chunk);
          length += chunk.length;
        })
        .on('error', (error: Error) => reject(error))
        .on('end', () => resolve())
        .resume();
    });
    if (length !== record.uncompressedSize) return fail(damaged(entry, file, { zh: `只解出 ${length} 字节，应为 ${record.uncompressedSize} 字节`, en: `${length} of ${record.uncompressedSize} bytes` }));
    const output = chunks.length === 1 ? chunks[0] : new Uint8Array(length);
    if (chunks.length !== 1) {
      let offset = 0;
      for (const chunk of chunks) {
        output.set(chunk, offset);
        offset += chunk.length;
      }
    }
    if (crc32(output) !== record.crc32 >>> 0) return fail(damaged(entry, file, { zh: 'CRC-32 校验值不符', en: 'CRC-32 mismatch' }));
    return ok(output);
  } catch (error) {
    return fail(damaged(entry, file, libraryNote(error)));
  }
}
