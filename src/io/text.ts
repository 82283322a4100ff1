/**
 * Byte → text decoding shared by the text formats (CSV, GeoJSON, KML, DXF). Chinese
 * survey tables and CAD files are often saved as GBK by Excel/AutoCAD on Chinese Windows,
 * so UTF-8 is tried strictly first and GBK is the fallback (WHATWG Encoding: "gbk" is
 * decoded as GB18030, a superset).
 */
import type { Bilingual } from '../data/catalog-types';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gbk';
}

export function decodeText(bytes: Uint8Array, preferred?: 'gbk'): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const hasUtf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasUtf8Bom ? bytes.subarray(3) : bytes;
  if (preferred === 'gbk' && !hasUtf8Bom) return { text: new TextDecoder('gbk').decode(body), encoding: 'gbk' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: a replacement character would appear; GBK is what Chinese Windows writes.
    return { text: new TextDecoder('gbk').decode(body), encoding: 'gbk' };
  }
}

/** 1-based line and column of a character offset, for parse-error messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Only whitespace (or nothing) in the bytes. */
export function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) {
      return false;
    }
  }
  return true;
}

/** Longest library complaint quoted in a message: a short technical note, not a paragraph. */
export const LIBRARY_NOTE_MAX = 160;

/**
 * A parser library's own complaint (always English), quoted in a message: in the Chinese text
 * it is marked as the program's English note, so a reader sees a Chinese sentence first and
 * knows the rest is a technical detail to pass on, not a sentence of ours. The note is cut
 * to LIBRARY_NOTE_MAX characters and carries no web address: the atlas runs offline in the
 * bureau, and a pointer to a library's documentation ("If it is, see https://…", jszip) is
 * no help to a planner (issue: a damaged zip showed jszip's URL in both languages).
 *
 * @example libraryNote(new Error('Unexpected token')) // { zh: '英文程序提示：Unexpected token', en: 'Unexpected token' }
 * @example libraryNote(new Error('Bad header. See the manual for help')).en // 'Bad header.'
 */
export function libraryNote(error: unknown): Bilingual {
  const reason = cleanFileText(withoutWebPointers(cleanFileText(error instanceof Error ? error.message : String(error), QUOTED_TEXT_MAX * 4)), LIBRARY_NOTE_MAX);
  return { zh: `英文程序提示：${reason}`, en: reason };
}

/**
 * A web address — scheme://… or www.… up to the next space or closing bracket — with the
 * brackets around it and a word that led to it ("at", "on", "see"), when there is one.
 */
const WEB_ADDRESS = /(?:\s+(?:at|on|from|see|visit)\s*:?)?\s*[(\[<]?\b(?:(?:https?|ftp|file):\/\/|www\.)[^\s)）\]>"']*[)\]>]?/gi;

/**
 * A trailing pointer to further reading: "; see …", ". See the docs", "? If it is, see …",
 * "(see …)", "For more details visit …". Only after punctuation, so a reason that merely
 * contains the word ("cannot see the header") keeps it.
 */
const SEE_TAIL = /(?:([.?!])|\s*[,;:(—])\s*(?:if [^,.;?!]{0,40},\s*)?(?:please\s+)?(?:see|visit|refer to|read more|more info(?:rmation)?|for (?:more )?(?:info(?:rmation)?|details|help))\b.*$/i;

/** A library message without web addresses and without a "see …" tail pointing to them. */
function withoutWebPointers(message: string): string {
  const tidy = message
    .replace(SEE_TAIL, '$1')
    .replace(WEB_ADDRESS, '')
    // What a removed tail leaves at the end: a dangling colon, comma or dash.
    .replace(/[\s,;:(—]+$/, '')
    .trim();
  return tidy || 'no further detail';
}

/** Longest piece of a file's own text quoted in a message (a header, a cell, a parser's complaint). */
export const QUOTED_TEXT_MAX = 200;

/**
 * Text taken from a file (or from a parser's error about it) made safe to quote in a
 * message: control characters (terminal escape sequences, NUL, bidirectional overrides)
 * removed, whitespace runs collapsed to one space, and cut to `max` characters with "…"
 * (issue 11: a CSV header echoed escape codes and a 2 MB "one line" to the terminal).
 *
 * @example cleanFileText('\u001b[31mX\u001b[0m') // "X"
 */
export function cleanFileText(value: unknown, max = QUOTED_TEXT_MAX): string {
  const text = String(value)
    // ESC [ … final byte (CSI) and ESC ] … BEL/ST (OSC) sequences first, so their parameters go too.
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = Array.from(text.length > max * 2 + 8 ? text.slice(0, max * 2 + 8) : text);
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : characters.join('');
}

/** "1 crossing", "2 crossings", "≥ 64 crossings": an English count with its noun. */
export function countOf(count: number | string, one: string, many: string): string {
  return `${count} ${Number(count) === 1 ? one : many}`;
}

/** "was" for one, "were" for any other count. */
export function wasWere(count: number): string {
  return count === 1 ? 'was' : 'were';
}

/**
 * The calendar day on the user's clock, YYYY-MM-DD: the date a map sheet, a picture, a
 * 电子报盘 file or a download's name carries. (`toISOString()` gives the UTC day: in Weihai,
 * UTC+8, yesterday's until 08:00.)
 */
export function localDay(date: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
