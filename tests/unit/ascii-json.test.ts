import { describe, expect, it } from 'vitest';
import { asciiJson, streamGeoJson, byteChunks } from '../../src/io/geojson-stream';
import { createRandom } from '../../scripts/sample-parcels';

/**
 * The streamed GeoJSON import writes each batch's UTF-8 text as ASCII before decoding it
 * (issue 12: Blink decodes ASCII into a one-byte string, far faster than Chinese text into a
 * two-byte one). What JSON.parse reads must be the same value, and what is not UTF-8 must be
 * refused as the fatal decoder refuses it. The reference is the platform's own TextDecoder and
 * JSON.parse on the text as it is.
 */
const encoder = new TextEncoder();
const fatal = new TextDecoder('utf-8', { fatal: true });
const ascii = new TextDecoder('utf-8', { fatal: true });

/** What parseJson reads: the ASCII form when there is one, else the bytes as they are. */
function viaAscii(bytes: Uint8Array): unknown {
  return JSON.parse(ascii.decode(asciiJson(bytes) ?? bytes));
}

/** A random string of ASCII (JSON's specials among it), BMP characters (CJK, U+2028, the last of the BMP) and characters beyond the BMP. */
function randomText(random: () => number, length: number): string {
  const pools = [
    () => String.fromCharCode(0x20 + Math.floor(random() * 0x5f)),
    () => ['"', '\\', '\n', '\t', '/', '\u0000'][Math.floor(random() * 6)]!,
    () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000)),
    () => String.fromCharCode(0x80 + Math.floor(random() * 0x780)),
    () => ['\u2028', '\u2029', '\uffff', '\ufeff', '\u00e9'][Math.floor(random() * 5)]!,
    () => String.fromCodePoint(0x10000 + Math.floor(random() * 0xfffff)),
  ];
  let text = '';
  for (let index = 0; index < length; index++) text += pools[Math.floor(random() * pools.length)]!();
  return text;
}

describe('asciiJson', () => {
  it('gives ASCII text that JSON.parse reads as the same value, for 2,000 seeded documents', () => {
    const random = createRandom(12);
    for (let run = 0; run < 2000; run++) {
      const value = { name: randomText(random, Math.floor(random() * 40)), [randomText(random, 3)]: [randomText(random, 5), run, null, true] };
      const bytes = encoder.encode(JSON.stringify(value));
      const written = asciiJson(bytes);
      expect(written, `document ${run}`).toBeDefined();
      expect(written!.every((byte) => byte < 0x80), `document ${run}`).toBe(true);
      expect(viaAscii(bytes), `document ${run}`).toEqual(JSON.parse(fatal.decode(bytes)));
    }
  });

  it('gives ASCII bytes back as they are', () => {
    const bytes = encoder.encode('{"type":"Feature","properties":{"id":"SP1"}}');
    expect(asciiJson(bytes)).toBe(bytes);
  });

  it('leaves text longer than a quick batch to the plain decode (its buffer stays small), ASCII text aside', () => {
    const long = encoder.encode(JSON.stringify({ name: '地块'.repeat(20_000) }));
    expect(asciiJson(long)).toBeUndefined();
    expect(viaAscii(long)).toEqual({ name: '地块'.repeat(20_000) });
    const longAscii = encoder.encode(JSON.stringify({ name: 'ab'.repeat(40_000) }));
    expect(asciiJson(longAscii)).toBe(longAscii);
  });

  it('writes a character beyond the BMP as a surrogate pair of escapes', () => {
    expect(new TextDecoder().decode(asciiJson(encoder.encode('["𠀀中"]')))).toBe('["\\ud840\\udc00\\u4e2d"]');
  });

  it('refuses exactly what the fatal decoder refuses, for 20,000 seeded byte strings', () => {
    const random = createRandom(34);
    // Bytes around UTF-8's edges: lead bytes, continuation bytes, overlong and surrogate starts, and ASCII.
    const alphabet = [0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    let refused = 0;
    for (let run = 0; run < 20_000; run++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 8)).map(() => alphabet[Math.floor(random() * alphabet.length)]!);
      let expected: string | undefined;
      try {
        expected = fatal.decode(bytes);
      } catch {
        expected = undefined;
      }
      // As parseJson reads: the ASCII form, or — where asciiJson leaves the text to it — the plain decode.
      let written: Uint8Array | undefined | 'refused';
      try {
        written = asciiJson(bytes);
        if (written === undefined) fatal.decode(bytes);
      } catch {
        written = 'refused';
      }
      if (expected === undefined) {
        refused++;
        expect(written, `bytes ${[...bytes].join(',')}`).toBe('refused');
      } else {
        expect(written, `bytes ${[...bytes].join(',')}`).not.toBe('refused');
        // The escapes stand for the same UTF-16 units (the alphabet has no 'u', so every `\u` is
        // one written; a bail-out, undefined, leaves the bytes to the plain decode).
        if (written !== undefined && written !== 'refused') expect(ascii.decode(written).replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))).toBe(expected);
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('leaves a non-ASCII character escaped by a backslash to the plain decode, so that invalid JSON stays invalid', () => {
    for (const text of ['["\\中"]', '["\\\\\\中"]']) {
      const bytes = encoder.encode(text);
      expect(asciiJson(bytes), text).toBeUndefined();
      expect(() => viaAscii(bytes), text).toThrow(SyntaxError);
    }
    // An escaped backslash before it: valid JSON, written in ASCII.
    const valid = encoder.encode('["C:\\\\中"]');
    expect(asciiJson(valid)).toBeDefined();
    expect(viaAscii(valid)).toEqual(['C:\\中']);
  });

  it('a streamed FeatureCollection with Chinese attributes and a bad byte: the attributes read, the bad byte sent to the whole-file reader', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: Array.from({ length: 300 }, (_, index) => ({
        type: 'Feature',
        properties: { id: index, name: `地块 ${index} 𠀀`, note: '合成示例数据' },
        geometry: { type: 'Point', coordinates: [122.05 + index / 1e4, 37.32] },
      })),
    };
    const bytes = encoder.encode(JSON.stringify(collection));
    const names: string[] = [];
    const outcome = await streamGeoJson(byteChunks(bytes, 4096), { fileName: 'parcels.geojson' }, (features) => {
      for (const feature of features) names.push(String(feature.properties?.name));
    });
    expect(outcome.ok).toBe(true);
    expect(names).toEqual(collection.features.map((feature) => feature.properties.name));

    const bad = bytes.slice();
    bad[bytes.length - 200] = 0xff;
    const refused = await streamGeoJson(byteChunks(bad, 4096), { fileName: 'parcels.geojson' }, () => undefined);
    expect(refused).toMatchObject({ ok: false, notStreamable: 'not UTF-8' });
  });
});
