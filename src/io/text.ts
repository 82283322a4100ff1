/**
 * Byte → text decoding shared by the text formats (CSV, GeoJSON, KML, DXF). Chinese
 * survey tables and CAD files are often saved as GBK by Excel/AutoCAD on Chinese Windows,
 * so UTF-8 is tried strictly first and GBK is the fallback (WHATWG Encoding: "gbk" is
 * decoded as GB18030, a superset).
 */
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
