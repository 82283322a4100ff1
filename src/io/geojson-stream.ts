/**
 * A GeoJSON FeatureCollection read in pieces (issue 12: bounded memory). The bytes come in
 * chunks (a File read through its byte stream, blobChunks); batches of the root's `features`
 * elements — about QUICK_BYTES cut where `JSON.parse` takes them, else BATCH_BYTES found by a
 * byte scanner — are decoded, parsed, checked and converted by the same steps as the whole-file importer
 * (toSourceFeature, StreamedImport) and handed to `sink`; then they are dropped. Neither the
 * file, nor its text, nor its parsed objects are ever held whole: the memory is two chunks,
 * one batch and what the sink keeps.
 *
 * Anything the scanner does not expect — not UTF-8, not a FeatureCollection, a `crs` member
 * after the features, invalid JSON — ends the stream with `not-streamable`: the caller then
 * reads the file the ordinary way, whose messages say exactly what is wrong (line and column,
 * GBK text, a bare Feature). Errors the importer itself finds (a geometry, a CRS, a cap) are
 * returned as the whole-file import returns them for a file of one batch; in a larger file the
 * first batch with a fault decides which one is named (StreamedImport).
 */
import type { Feature } from 'geojson';
import { StreamedImport, type SourceFeature } from './complete-import';
import { declaredCrsOf, toSourceFeature } from './importers/geojson';
import { fail, ok, type CrsAssumption, type ImportError, type ImportOptions, type Result } from './types';
import type { Bilingual } from '../data/catalog-types';

/** Bytes of features parsed at once. */
const BATCH_BYTES = 1 << 20;
/**
 * Bytes the quick way (below) parses at once. Small: the text of a batch of 1 MB, decoded,
 * is a string V8 allocates outside its young generation (the Chinese attributes make it a
 * two-byte string of up to 2 MB), freed only by a full collection; batches of 64 KB stay
 * young and die cheaply. Measured on the 51 MB bench file: decoding 341 → 65 ms, garbage
 * collection 391 → 155 ms, the whole streamed import 2.3 → 2.0 s. 32 KB rather than 64: what
 * is alive when the young generation is collected is one batch's objects, and what survives
 * those collections, summed, is what makes V8 grow that generation (to 16 MB a half, kept to
 * the end); with the held batches kept as text (StreamedImport) the bench file's peak went
 * from 150 to 134 MiB (8 paired runs, 2026-12-04); 16 KB and 8 KB were slower (1.11×, 1.12×).
 */
const QUICK_BYTES = 32 << 10;

export interface StreamedGeoJson {
  format: 'geojson';
  crs: CrsAssumption;
  warnings: Bilingual[];
  /** Features handed to the sink (those with a geometry). */
  features: number;
}

export type StreamOutcome = Result<StreamedGeoJson, ImportError> | { ok: false; notStreamable: string };

class NotStreamable extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Index after the string whose opening quote is at `start`, or -1 when the bytes end first;
 * `from` resumes a search that stopped at the end of the bytes (no quote before it).
 */
function stringEnd(bytes: Uint8Array, start: number, from = start + 1): number {
  let at = from;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    let slashes = 0;
    for (let back = quote - 1; back > start && bytes[back] === BACKSLASH; back--) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** Where a scan of one JSON value is: its start, how far it got, its depth, an open string. */
interface ValueScan {
  start: number;
  at: number;
  depth: number;
  /** Inside a string that opened at this index (-1: not in a string). */
  stringStart: number;
}

/**
 * Scans one JSON value from `scan.at`: the index after it, or -1 when the bytes end inside it
 * (resumable: `scan` keeps the depth and an open string, so the next chunk continues).
 */
function scanValue(bytes: Uint8Array, scan: ValueScan): number {
  let at = scan.at;
  let depth = scan.depth;
  const length = bytes.length;
  if (scan.stringStart >= 0) {
    // Resume inside a string: search on from where the last search stopped.
    const end = stringEnd(bytes, scan.stringStart, at);
    if (end < 0) {
      scan.at = length;
      return -1;
    }
    scan.stringStart = -1;
    if (depth === 0) return end;
    at = end;
  } else if (depth === 0 && at === scan.start) {
    const first = bytes[at];
    if (first === undefined) return -1;
    if (first === QUOTE) {
      const end = stringEnd(bytes, at);
      if (end >= 0) return end;
      scan.stringStart = at;
      scan.at = length;
      return -1;
    }
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number, true, false or null: up to the next delimiter.
      while (at < length) {
        const byte = bytes[at];
        if (byte === COMMA || byte === CLOSE_BRACKET || byte === CLOSE_BRACE || isSpace(byte)) return at;
        at++;
      }
      return -1;
    }
  }
  while (at < length) {
    const byte = bytes[at];
    if (byte === QUOTE) {
      const end = stringEnd(bytes, at);
      if (end < 0) {
        scan.stringStart = at;
        scan.at = length;
        scan.depth = depth;
        return -1;
      }
      at = end;
      continue;
    }
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return at + 1;
      if (depth < 0) throw new NotStreamable('unbalanced brackets');
    }
    at++;
  }
  scan.at = at;
  scan.depth = depth;
  return -1;
}

function skipSpace(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && isSpace(bytes[at])) at++;
  return at;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    const ascii = asciiJson(bytes);
    text = utf8.decode(ascii ?? bytes);
  } catch {
    throw new NotStreamable('not UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new NotStreamable('invalid JSON');
  }
}

/**
 * Text asciiJson writes in ASCII at the most: the quick batches (QUICK_BYTES and their
 * brackets), not the scanner's larger ones, so the buffer it keeps and uses again stays small
 * (an escape takes up to 3 bytes a byte).
 */
const ASCII_MAX_BYTES = QUICK_BYTES + 2;
const asciiBuffer = new Uint8Array(ASCII_MAX_BYTES * 3);
const HEX = new TextEncoder().encode('0123456789abcdef');

/**
 * JSON text `bytes` (UTF-8) written in ASCII alone — each non-ASCII character as a `\u` escape
 * (two for one beyond the BMP) — which JSON.parse reads as the same value: `bytes` itself when
 * it is ASCII already, undefined where the plain decode must be used (text longer than
 * ASCII_MAX_BYTES, or a non-ASCII character escaped by a backslash: invalid JSON, which its
 * `\u` escape would make valid). Throws on
 * bytes that are not UTF-8 before that point, as the fatal decoder does (after it, the plain
 * decode refuses them). The view is valid until the next call.
 *
 * Issue 12: Blink decodes text with Chinese attributes into a two-byte string, ≈ 0.3 s for the
 * bench file's 51 MB in the import's worker; ASCII it decodes into a one-byte string, and
 * JSON.parse reads one-byte text faster.
 */
export function asciiJson(bytes: Uint8Array): Uint8Array | undefined {
  const length = bytes.length;
  let at = 0;
  while (at < length && bytes[at] < 0x80) at++;
  if (at === length) return bytes;
  if (length > ASCII_MAX_BYTES) return undefined;
  const out = asciiBuffer;
  out.set(bytes.subarray(0, at));
  let written = at;
  while (at < length) {
    const lead = bytes[at];
    if (lead < 0x80) {
      out[written++] = lead;
      at++;
      continue;
    }
    // An odd run of backslashes before it would escape the character itself (not valid JSON):
    // its `\u` escape would make it valid, so that text goes to the plain decode instead.
    let slashes = 0;
    while (slashes < written && out[written - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 1) return undefined;
    let code: number;
    let size: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      code = lead & 0x1f;
      size = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      code = lead & 0x0f;
      size = 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      code = lead & 0x07;
      size = 4;
    } else throw new RangeError('not UTF-8');
    if (at + size > length) throw new RangeError('not UTF-8');
    for (let next = 1; next < size; next++) {
      const byte = bytes[at + next];
      if ((byte & 0xc0) !== 0x80) throw new RangeError('not UTF-8');
      code = (code << 6) | (byte & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((size === 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) || (size === 4 && (code < 0x10000 || code > 0x10ffff))) {
      throw new RangeError('not UTF-8');
    }
    at += size;
    if (code >= 0x10000) {
      code -= 0x10000;
      written = writeEscape(out, written, 0xd800 | (code >> 10));
      written = writeEscape(out, written, 0xdc00 | (code & 0x3ff));
    } else written = writeEscape(out, written, code);
  }
  return out.subarray(0, written);
}

/** `\uXXXX` for a UTF-16 unit at `at`; the index after it. */
function writeEscape(out: Uint8Array, at: number, unit: number): number {
  out[at] = BACKSLASH;
  out[at + 1] = 0x75;
  out[at + 2] = HEX[(unit >> 12) & 15];
  out[at + 3] = HEX[(unit >> 8) & 15];
  out[at + 4] = HEX[(unit >> 4) & 15];
  out[at + 5] = HEX[unit & 15];
  return at + 6;
}

/**
 * Reads a GeoJSON FeatureCollection from `chunks`, hands each batch of checked lon/lat
 * features to `sink` in file order, and returns what the import found — or `notStreamable`
 * (nothing was wrong with the features so far, the caller should read the file whole).
 * `onBytes` is told how many bytes have been read, for progress.
 */
export async function streamGeoJson(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  sink: (features: Feature[], firstIndex: number) => void | Promise<void>,
  onBytes?: (bytes: number) => void,
): Promise<StreamOutcome> {
  const file = options.fileName;
  // The unparsed bytes are `buffer`, a view on the front of `storage`, which grows by doubling
  // (a chunk appended costs its own length, however small the chunks and long the feature).
  let storage = new Uint8Array(0);
  let buffer = storage;
  let read = 0;
  let ended = false;
  const iterator = chunks[Symbol.asyncIterator]();
  /** Appends the next chunk to the buffer; false at the end of the file. */
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      return false;
    }
    read += next.value.length;
    onBytes?.(read);
    const length = buffer.length + next.value.length;
    if (length > storage.length) {
      const grown = new Uint8Array(Math.max(length, storage.length * 2, 1 << 16));
      grown.set(buffer);
      storage = grown;
    }
    storage.set(next.value, buffer.length);
    buffer = storage.subarray(0, length);
    return true;
  };
  /** Drops the first `count` bytes of the buffer (moved down in place: no new storage). */
  const drop = (count: number): void => {
    storage.copyWithin(0, count, buffer.length);
    buffer = storage.subarray(0, buffer.length - count);
  };

  try {
    // The root object, up to `"features": [`: its `type` and `crs` are kept, other members skipped.
    let at = 0;
    let rootType: unknown;
    let crs: unknown;
    const need = async (index: number): Promise<void> => {
      while (index >= buffer.length) if (!(await more())) throw new NotStreamable('the file ends early');
    };
    await need(2);
    if (buffer[0] === 0xff || buffer[0] === 0xfe) throw new NotStreamable('UTF-16');
    if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) at = 3;
    /** The next byte that is not white space (reading on as needed). */
    const nextToken = async (): Promise<number> => {
      for (;;) {
        at = skipSpace(buffer, at);
        if (at < buffer.length) return buffer[at];
        await need(at);
      }
    };
    if ((await nextToken()) !== OPEN_BRACE) throw new NotStreamable('not an object');
    at++;
    let inFeatures = false;
    // Separators are checked as JSON.parse would: members are `name: value` joined by single commas.
    let afterMember = false;
    while (!inFeatures) {
      const token = await nextToken();
      if (afterMember) {
        if (token === CLOSE_BRACE) throw new NotStreamable('no features member');
        if (token !== COMMA) throw new NotStreamable('a comma was expected');
        at++;
        afterMember = false;
        await nextToken();
      }
      if (buffer[at] === CLOSE_BRACE) throw new NotStreamable('no features member');
      if (buffer[at] !== QUOTE) throw new NotStreamable('a member name was expected');
      // The name and the colon (rescanned from `memberStart` until both are in), then the value
      // (scanned on from where the last chunk ended).
      const memberStart = at;
      let name: unknown;
      for (;;) {
        at = memberStart;
        const nameEnd = stringEnd(buffer, at);
        if (nameEnd >= 0) {
          at = skipSpace(buffer, nameEnd);
          if (at < buffer.length && buffer[at] !== COLON) throw new NotStreamable('a colon was expected');
          if (at < buffer.length) at = skipSpace(buffer, at + 1);
          if (at < buffer.length) {
            name = parseJson(buffer.subarray(memberStart, nameEnd));
            break;
          }
        }
        await need(buffer.length);
      }
      if (name === 'features') {
        if (buffer[at] !== OPEN_BRACKET) throw new NotStreamable('features is not an array');
        at++;
        inFeatures = true;
        break;
      }
      const scan: ValueScan = { start: at, at, depth: 0, stringStart: -1 };
      let end = scanValue(buffer, scan);
      while (end < 0) {
        await need(buffer.length);
        end = scanValue(buffer, scan);
      }
      // Every member is parsed (a bad value here is a bad file, as for JSON.parse); type and crs are kept.
      const value = parseJson(buffer.subarray(scan.start, end));
      if (name === 'type') rootType = value;
      else if (name === 'crs') crs = value;
      at = end;
      afterMember = true;
    }
    if (rootType !== undefined && rootType !== 'FeatureCollection') throw new NotStreamable('not a FeatureCollection');
    const declared = declaredCrsOf(crs, options);
    // A CRS the atlas cannot read is named at the end: the whole-file import checks every
    // feature's type first (a bad one is named instead), so only the types are checked.
    const refusedCrs = 'code' in declared ? declared : undefined;
    const assembler = 'code' in declared ? new StreamedImport(options) : new StreamedImport(options, declared.declared, declared.warnings);

    // The elements of `features`.
    let index = 0;
    let handed = 0;
    /** Gives the sink what the import released (it holds the first features until it has read the CRS). */
    const hand = async (features: Feature[]): Promise<void> => {
      if (features.length === 0) return;
      try {
        await sink(features, handed);
      } catch (error) {
        throw new SinkError(error);
      }
      handed += features.length;
    };
    /** Parses the elements between `from` and `to` (commas between them included). */
    const parseBatch = (from: number, to: number): Promise<ImportError | undefined> => {
      const bytes = buffer.subarray(from, to);
      return takeBatch(parseElements(bytes), bytes);
    };
    /** Checks parsed elements (`bytes`: their text) and hands on what the import releases. */
    const takeBatch = async (parsed: unknown[], bytes: Uint8Array): Promise<ImportError | undefined> => {
      const first = index;
      const batch: SourceFeature[] = [];
      for (const element of parsed) {
        const source = toSourceFeature(element as Feature | null, index++, file);
        if ('code' in source) return source;
        batch.push(source);
      }
      if (refusedCrs) return undefined;
      // Until the CRS is read the import holds its batches: as a copy of their text (off V8's
      // heap, parsed again when the CRS is known), not as the parsed objects (StreamedImport).
      const released = assembler.add(batch, assembler.holding ? rereadBatch(bytes.slice(), first, file) : undefined);
      if (!released.ok) return released.error;
      await hand(released.value);
      for (const held of assembler.released()) await hand(held);
      return undefined;
    };

    let batchStart = -1;
    let scan: ValueScan | undefined;
    let closed = false;
    let quickFailures = 0;
    /** Where in the array the scanner is: before the first element, after an element, after a comma. */
    let place: 'first' | 'element' | 'comma' = 'first';
    while (!closed) {
      if (!scan) {
        at = skipSpace(buffer, at);
        if (at >= buffer.length) {
          if (!(await more())) throw new NotStreamable('the file ends inside features');
          continue;
        }
        const byte = buffer[at];
        if (byte === CLOSE_BRACKET) {
          if (place === 'comma') throw new NotStreamable('a comma before the end of features');
          closed = true;
          break;
        }
        if (byte === COMMA) {
          if (place !== 'element') throw new NotStreamable('a comma without an element before it');
          place = 'comma';
          at++;
          continue;
        }
        if (place === 'element') throw new NotStreamable('a comma was expected between features');
        if (batchStart < 0 && quickFailures < QUICK_TRIES) {
          // The quick way: QUICK_BYTES of bytes, cut after the last `}` that a comma and a
          // `{` follow. When `[` + those bytes + `]` parses, they are whole elements (a cut
          // inside an element or a string leaves brackets or a string open, and JSON.parse
          // refuses it), so no byte of them needs scanning. Otherwise the scanner takes them.
          /** At least `bytes` unparsed bytes in the buffer from `at` (fewer at the end of the file). */
          const ahead = async (bytes: number): Promise<void> => {
            if (buffer.length - at >= bytes || ended) return;
            if (at > 0) {
              drop(at);
              at = 0;
            }
            while (buffer.length < bytes && (await more()));
          };
          await ahead(QUICK_BYTES);
          let cut = elementsEnd(buffer.subarray(at, at + QUICK_BYTES));
          if (cut < 0) {
            // Features longer than QUICK_BYTES (a red-line polygon of thousands of vertices):
            // the cut is looked for in up to BATCH_BYTES, as many as fit, before the scanner.
            await ahead(BATCH_BYTES);
            cut = elementsEnd(buffer.subarray(at, at + BATCH_BYTES));
          }
          const parsed = cut > 0 ? parseQuietly(buffer.subarray(at, at + cut)) : undefined;
          if (parsed) {
            const restore = assembler.checkpoint();
            const firstIndex = index;
            const error = await takeBatch(parsed, buffer.subarray(at, at + cut));
            if (!error) {
              at += cut;
              place = 'element';
              continue;
            }
            // A fault in a quick batch: these elements are taken again by the scanner, whose
            // batches run to at least BATCH_BYTES or the end of the array — so a file of one
            // batch gets the whole-file import's error (a fault further on may come first
            // there, or bad JSON or a cut-off end that sends the file back to be read whole).
            restore();
            index = firstIndex;
            quickFailures = QUICK_TRIES;
          } else if (cut > 0) quickFailures += 1;
        }
        if (batchStart < 0) batchStart = at;
        scan = { start: at, at, depth: 0, stringStart: -1 };
      }
      const end = scanValue(buffer, scan);
      if (end < 0) {
        // The element goes on in the next chunk. Drop what is parsed — once it is at least
        // half the buffer, so that moving the rest down stays linear — and read on.
        const keepFrom = batchStart >= 0 ? batchStart : scan.start;
        if (keepFrom > 0 && keepFrom * 2 >= buffer.length) {
          drop(keepFrom);
          scan.at -= keepFrom;
          scan.start -= keepFrom;
          if (scan.stringStart >= 0) scan.stringStart -= keepFrom;
          if (batchStart >= 0) batchStart -= keepFrom;
        }
        at = scan.start;
        if (!(await more())) throw new NotStreamable('the file ends inside a feature');
        continue;
      }
      scan = undefined;
      at = end;
      place = 'element';
      if (end - batchStart >= BATCH_BYTES) {
        const error = await parseBatch(batchStart, end);
        if (error) return fail(error);
        batchStart = -1;
      }
    }
    // A fault in the last batch is named only once the rest of the root is known to be good
    // GeoJSON: the whole-file import would otherwise fail to parse the file (line and column),
    // or read another `features` member.
    const lastError = batchStart >= 0 ? await parseBatch(batchStart, at) : undefined;
    // After the array: the rest of the root must still be JSON with no `crs` (it would have
    // been needed before the features) and no other `type`.
    drop(at + 1);
    while (await more()) if (buffer.length > 1 << 24) throw new NotStreamable('members after features');
    const tail = parseJson(concatObject(buffer)) as Record<string, unknown>;
    if ('crs' in tail) throw new NotStreamable('a crs member after the features');
    if ('features' in tail) throw new NotStreamable('a second features member');
    if ('type' in tail && tail.type !== 'FeatureCollection') throw new NotStreamable('not a FeatureCollection');
    if (rootType === undefined && !('type' in tail)) throw new NotStreamable('no type member');
    if (lastError) return fail(lastError);
    if (refusedCrs) return fail(refusedCrs);
    const finished = assembler.finish();
    if (!finished.ok) return finished;
    await hand(finished.value.features);
    return ok({ format: 'geojson', crs: finished.value.crs, warnings: finished.value.warnings, features: finished.value.placed });
  } catch (error) {
    if (error instanceof SinkError) throw error.cause;
    // Whatever else went wrong here, the whole-file reader, hardened against hostile files (issue 11), says it properly.
    return { ok: false, notStreamable: error instanceof NotStreamable ? error.message : String(error) };
  } finally {
    // Stop reading the file when the stream ends early (an error in a feature, a fallback).
    if (!ended) void iterator.return?.();
  }
}

/** An error of the caller's sink: passed on as it is, never taken for a reason to fall back. */
class SinkError extends Error {
  constructor(readonly cause: unknown) {
    super('sink failed');
  }
}

/**
 * A batch's features read again from its text (the elements from index `first` on), as
 * takeBatch read them the first time — which succeeded, so nothing here can fail.
 */
function rereadBatch(bytes: Uint8Array, first: number, file: string): () => SourceFeature[] {
  return () =>
    parseElements(bytes).map((element, at) => {
      const source = toSourceFeature(element as Feature | null, first + at, file);
      if ('code' in source) throw new Error('a held batch read differently the second time');
      return source;
    });
}

/** Batches whose quick cut fails to parse before the stream scans every byte (a file with `},{` inside its features). */
const QUICK_TRIES = 3;

/**
 * The index after the last `}` that is followed (white space aside) by `,` and `{` — the end
 * of an element of `features`, unless the file nests objects in arrays inside its features —
 * or -1.
 */
function elementsEnd(bytes: Uint8Array): number {
  let brace = bytes.length;
  while (brace > 1) {
    brace = bytes.lastIndexOf(OPEN_BRACE, brace - 1);
    if (brace <= 0) return -1;
    let back = brace - 1;
    while (back > 0 && isSpace(bytes[back])) back--;
    if (bytes[back] !== COMMA) continue;
    back--;
    while (back > 0 && isSpace(bytes[back])) back--;
    if (bytes[back] === CLOSE_BRACE) return back + 1;
  }
  return -1;
}

/** The elements in `bytes` (`[` + bytes + `]` parsed), or undefined when that is not UTF-8 JSON. */
function parseQuietly(bytes: Uint8Array): unknown[] | undefined {
  try {
    return parseElements(bytes);
  } catch {
    return undefined;
  }
}

/** The elements in `bytes` (commas between them included): `[` + bytes + `]` parsed. */
function parseElements(bytes: Uint8Array): unknown[] {
  return parseJson(concatBrackets(bytes)) as unknown[];
}

/** The buffer quick batches are bracketed in, used again for each (see concatBrackets). */
const bracketed = new Uint8Array(QUICK_BYTES + 2);

/**
 * `[` + elements + `]`: for a quick batch, a view on one buffer used again for each batch,
 * valid until the next call (parseElements decodes it at once); a fresh array for anything
 * longer. Issue 12: in Chromium a fresh array per 32 KB batch took 0.15 s of the bench file's
 * import (allocating and zeroing an ArrayBuffer there costs more than copying into one).
 */
function concatBrackets(elements: Uint8Array): Uint8Array {
  const length = elements.length + 2;
  const bytes = length <= bracketed.length ? bracketed.subarray(0, length) : new Uint8Array(length);
  bytes[0] = OPEN_BRACKET;
  bytes.set(elements, 1);
  bytes[length - 1] = CLOSE_BRACKET;
  return bytes;
}

/** The root's members after `features` (", …}") as an object: `{"_":0` + rest. */
function concatObject(rest: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode('{"_":0');
  const bytes = new Uint8Array(head.length + rest.length);
  bytes.set(head);
  bytes.set(rest, head.length);
  return bytes;
}

/**
 * A Blob (a File) as chunks of up to `size` bytes, each valid until the next is asked for (the
 * caller copies what it keeps). Read through the Blob's byte stream into two buffers taken in
 * turn — the next chunk is read while the caller works on this one, and no chunk is a new
 * allocation (issue 12: on the bench machine, fresh memory costs more than the reading); where
 * the stream takes no buffer of the caller's, slice by slice.
 */
export async function* blobChunks(blob: Blob, size = 1 << 20, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    yield* blobSlices(blob, size, signal);
    return;
  }
  const read = (buffer: ArrayBuffer): Promise<ReadableStreamReadResult<Uint8Array>> => {
    const reading = reader!.read(new Uint8Array(buffer));
    // A read ahead that fails while the caller works (the file gone), or after it stopped, fails
    // unobserved — not as an unhandled rejection; the caller meets the failure at its await.
    reading.catch(() => undefined);
    return reading;
  };
  let pending = read(new ArrayBuffer(size));
  let spare: ArrayBuffer | undefined = new ArrayBuffer(size);
  let received = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await pending;
      if (done || !value) return;
      received += value.length;
      // At the Blob's size the file is read: no read is asked after it. Chromium does not
      // always answer a BYOB read at the end of a File's stream — the import waited forever at
      // "parsing 100 %" in about one in eight imports of the 51 MB file on a loaded machine.
      const last = received >= blob.size;
      if (!last) pending = read(spare ?? new ArrayBuffer(size));
      yield value;
      if (last) return;
      // The caller has taken this chunk's bytes: its buffer takes the one after next.
      spare = value.buffer as ArrayBuffer;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** A Blob as chunks of `size` bytes read slice by slice, the next while the caller works on this one. */
async function* blobSlices(blob: Blob, size: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const read = (offset: number): Promise<ArrayBuffer> | undefined => {
    if (offset >= blob.size) return undefined;
    const reading = blob.slice(offset, offset + size).arrayBuffer();
    reading.catch(() => undefined);
    return reading;
  };
  let next = read(0);
  for (let offset = 0; next; offset += size) {
    signal?.throwIfAborted();
    const chunk = await next;
    next = read(offset + size);
    yield new Uint8Array(chunk);
  }
}

/** Bytes already in memory as chunks (no copy). */
export async function* byteChunks(bytes: Uint8Array, size = 4 << 20): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
