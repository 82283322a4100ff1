import { describe, expect, it } from 'vitest';
import { hashEntry, withHashEntry } from '../../src/state/review-url';

describe('review keys in the URL hash', () => {
  it('reads a key and leaves the others alone when writing it', () => {
    const hash = '#map=10.00/36.90000/121.50000&layers=a,b&story=x';
    expect(hashEntry(hash, 'site')).toBeNull();
    const withSite = withHashEntry(hash, 'site', 'abc-1');
    expect(withSite).toBe('#map=10.00/36.90000/121.50000&layers=a,b&story=x&site=abc-1');
    expect(hashEntry(withSite, 'site')).toBe('abc-1');
    expect(withHashEntry(withSite, 'site', 'def')).toBe('#map=10.00/36.90000/121.50000&layers=a,b&story=x&site=def');
    expect(withHashEntry(withSite, 'site', null)).toBe(hash);
  });

  it('encodes values and removes the last key to an empty hash', () => {
    expect(withHashEntry('', 'print', 'a&b')).toBe('#print=a%26b');
    expect(hashEntry('#print=a%26b', 'print')).toBe('a&b');
    expect(withHashEntry('#print=x', 'print', null)).toBe('');
  });
});
