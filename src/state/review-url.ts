/**
 * The review's keys in the URL hash, next to `map=` and `layers=` (url-state.ts keeps keys it
 * does not own verbatim): `site=<record id>` reopens a saved site after a reload, and
 * `print=<record id>` is the printable report of a record. Pure string functions.
 */
import { decodeHashValue, parseHash } from './url-state';

export const SITE_KEY = 'site';
export const PRINT_KEY = 'print';

/** The decoded value of `key` in a hash, or null. */
export function hashEntry(hash: string, key: string): string | null {
  const entry = parseHash(hash).other.find(([name]) => name === key);
  return entry ? decodeHashValue(entry[1]) : null;
}

/**
 * The hash with `key` set to `value` (appended when absent, in place when present) or
 * removed (`value` null). Every other entry is kept as it was, in order.
 */
export function withHashEntry(hash: string, key: string, value: string | null): string {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = body === '' ? [] : body.split('&').filter((part) => part !== '');
  const encoded = value === null ? null : `${key}=${encodeURIComponent(value)}`;
  let written = false;
  const output: string[] = [];
  for (const part of parts) {
    const name = part.includes('=') ? part.slice(0, part.indexOf('=')) : part;
    if (name !== key) {
      output.push(part);
      continue;
    }
    if (encoded !== null && !written) output.push(encoded);
    written = true;
  }
  if (encoded !== null && !written) output.push(encoded);
  return output.length ? `#${output.join('&')}` : '';
}
