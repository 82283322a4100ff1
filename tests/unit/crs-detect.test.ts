/**
 * CRS detection rules (src/crs/detect.ts). Projected inputs are cs2cs outputs from
 * tests/fixtures/expected/crs-transforms.json, so the test data is what real Gauss–Krüger
 * tables of these places contain.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCrs, isCrsDetectionError, type CrsAssumption, type CrsDetectionResult } from '../../src/crs/detect';
import { projectPoint } from '../../src/crs/projections';

type Pair = [number, number];
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/expected/crs-transforms.json', import.meta.url), 'utf8'),
) as { lonLat: Pair[]; forward: Record<string, Pair[]> };

/** cs2cs coordinates in `code` of the fixture points whose lon/lat passes `keep`. */
function projected(code: string, keep: (lonLat: Pair) => boolean): Pair[] {
  return fixture.lonLat.flatMap((lonLat, index) => (keep(lonLat) ? [fixture.forward[code][index]] : []));
}
const swapped = (points: Pair[]): Pair[] => points.map(([first, second]) => [second, first]);
const inWeihaiRushan = ([lon, lat]: Pair) => lon >= 120.3 && lon <= 123 && lat >= 36.3 && lat <= 37.8;
const westOfZoneLine = (lonLat: Pair) => inWeihaiRushan(lonLat) && lonLat[0] < 121.5;
const eastOfZoneLine = (lonLat: Pair) => inWeihaiRushan(lonLat) && lonLat[0] >= 121.5;

function assumption(result: CrsDetectionResult): CrsAssumption {
  if (isCrsDetectionError(result)) throw new Error(`expected an assumption, got ${result.message.en}`);
  expect(result.reason.zh.length).toBeGreaterThan(0);
  expect(result.reason.en.length).toBeGreaterThan(0);
  return result;
}

describe('lon/lat', () => {
  it('lon/lat in the region → CGCS2000, offset systems offered as alternatives', () => {
    const result = assumption(detectCrs(fixture.lonLat.filter(inWeihaiRushan)));
    expect(result).toMatchObject({ crs: 'EPSG:4490', detected: true, axisSwapped: false });
    expect(result.alternatives).toEqual(expect.arrayContaining(['EPSG:4326', 'GCJ-02', 'BD-09']));
    expect(result.reason.en).not.toMatch(/outside/);
  });

  it('lat/lon order is recognised and swapped', () => {
    const result = assumption(detectCrs([[36.89, 121.52], [37.5, 122.05]]));
    expect(result).toMatchObject({ crs: 'EPSG:4490', axisSwapped: true });
  });

  it('valid lon/lat outside the region is accepted with a warning', () => {
    const result = assumption(detectCrs([[116.39, 39.91]]));
    expect(result).toMatchObject({ crs: 'EPSG:4490', axisSwapped: false });
    expect(result.reason.en).toMatch(/outside the atlas region/);
    expect(result.reason.zh).toMatch(/不在本图集范围/);
  });
});

describe('zone-prefixed Gauss–Krüger', () => {
  it('40xxxxxx eastings → EPSG:4528', () => {
    expect(assumption(detectCrs(projected('EPSG:4528', westOfZoneLine)))).toMatchObject({
      crs: 'EPSG:4528',
      detected: true,
      axisSwapped: false,
    });
  });

  it('41xxxxxx eastings → EPSG:4529', () => {
    expect(assumption(detectCrs(projected('EPSG:4529', eastOfZoneLine)))).toMatchObject({
      crs: 'EPSG:4529',
      axisSwapped: false,
    });
  });

  it('21xxxxxx eastings → EPSG:4499 (6° zone 21)', () => {
    expect(assumption(detectCrs(projected('EPSG:4499', inWeihaiRushan)))).toMatchObject({ crs: 'EPSG:4499' });
  });

  it('survey-table order (X = northing first, Y = easting) → axisSwapped', () => {
    const result = assumption(detectCrs(swapped(projected('EPSG:4529', eastOfZoneLine))));
    expect(result).toMatchObject({ crs: 'EPSG:4529', axisSwapped: true });
    expect(result.reason.en).toMatch(/swapped/);
  });

  it('a survey table of zone-40 numbers read as a chosen zone 41: the 8-digit column stays the easting', () => {
    // Neither column carries the chosen zone's prefix; the northing must not be read as an
    // easting (which put the points at Infinity°E in the import message).
    const result = assumption(detectCrs(swapped(projected('EPSG:4528', westOfZoneLine)), 'EPSG:4529'));
    expect(result).toMatchObject({ crs: 'EPSG:4529', detected: false, axisSwapped: true });
    expect(result.reason.en).not.toMatch(/Infinity/);
  });

  it('a zone-40 table of Rushan data east of 121.5°E stays zone 40 (the prefix decides)', () => {
    expect(assumption(detectCrs(projected('EPSG:4528', eastOfZoneLine)))).toMatchObject({ crs: 'EPSG:4528' });
  });
});

describe('unprefixed Gauss–Krüger', () => {
  it('data that lands in Weihai–Rushan only with CM 120°E → EPSG:4549', () => {
    const result = assumption(detectCrs(projected('EPSG:4549', westOfZoneLine)));
    expect(result).toMatchObject({ crs: 'EPSG:4549', detected: true, axisSwapped: false });
    expect(result.alternatives[0]).toBe('EPSG:4550');
  });

  it('data that lands in Weihai–Rushan only with CM 123°E → EPSG:4550 (EPSG:4510 listed, same numbers)', () => {
    const result = assumption(detectCrs(projected('EPSG:4550', eastOfZoneLine)));
    expect(result).toMatchObject({ crs: 'EPSG:4550', axisSwapped: false });
    expect(result.alternatives).toEqual(['EPSG:4549', 'EPSG:4510']);
  });

  it('swapped unprefixed columns → axisSwapped', () => {
    expect(assumption(detectCrs(swapped(projected('EPSG:4550', eastOfZoneLine))))).toMatchObject({
      crs: 'EPSG:4550',
      axisSwapped: true,
    });
  });

  it('ambiguous (both readings put points inside): the larger share wins, the other is listed, the reason says so', () => {
    // Read with CM 120°E these land at 118.6, 119.0 (outside) and 120.5, 121.0, 121.4°E (inside);
    // with CM 123°E at 121.6, 122.0 (inside) and 123.5, 124.0, 124.4°E (outside).
    const points = [118.6, 119.0, 120.5, 121.0, 121.4].map((lon) => projectPoint([lon, 37.0], 'EPSG:4549'));
    const result = assumption(detectCrs(points));
    expect(result.crs).toBe('EPSG:4549');
    expect(result.alternatives).toContain('EPSG:4550');
    expect(result.reason.en).toMatch(/Both readings/);
    expect(result.reason.en).toMatch(/60%/);
  });

  it('ambiguous with equal shares: the 121.5°E rule on the CM 120°E reading decides', () => {
    // CM 120°E reading: 119.0 (out), 121.0 (in) → centre 120.0°E, west of 121.5 → EPSG:4549.
    const west = [119.0, 121.0].map((lon) => projectPoint([lon, 37.0], 'EPSG:4549'));
    const westResult = assumption(detectCrs(west));
    expect(westResult.crs).toBe('EPSG:4549');
    expect(westResult.reason.en).toMatch(/121\.5°E zone rule/);
    // CM 120°E reading: 119.8 (out; 122.8 with CM 123°E, in), 122.9 (in), 123.5 (out) → centre ≈ 122.07°E → EPSG:4550.
    const east = [119.8, 122.9, 123.5].map((lon) => projectPoint([lon, 37.0], 'EPSG:4549'));
    const eastResult = assumption(detectCrs(east));
    expect(eastResult.crs).toBe('EPSG:4550');
    expect(eastResult.alternatives).toContain('EPSG:4549');
  });
});

describe('Web Mercator', () => {
  it('metres that land in the region → EPSG:3857', () => {
    expect(assumption(detectCrs(projected('EPSG:3857', inWeihaiRushan)))).toMatchObject({ crs: 'EPSG:3857' });
  });
});

describe('given CRS', () => {
  it('the user’s choice is kept, detected = false, the reason says so', () => {
    const result = assumption(detectCrs(projected('EPSG:4549', westOfZoneLine), 'EPSG:4549'));
    expect(result).toMatchObject({ crs: 'EPSG:4549', detected: false, axisSwapped: false });
    expect(result.reason.en).toMatch(/chosen by the user/);
    expect(result.reason.zh).toMatch(/用户指定/);
  });

  it('axis order is still inferred for a given CRS', () => {
    expect(assumption(detectCrs(swapped(projected('EPSG:4529', eastOfZoneLine)), 'EPSG:4529'))).toMatchObject({
      axisSwapped: true,
      detected: false,
    });
    expect(assumption(detectCrs(swapped(projected('EPSG:4550', eastOfZoneLine)), 'EPSG:4550')).axisSwapped).toBe(true);
    expect(assumption(detectCrs([[36.9, 121.53]], 'GCJ-02'))).toMatchObject({ crs: 'GCJ-02', axisSwapped: true });
  });

  it('GCJ-02 / BD-09 are only ever used when given', () => {
    expect(assumption(detectCrs([[121.53, 36.9]], 'BD-09'))).toMatchObject({ crs: 'BD-09', axisSwapped: false });
    expect(assumption(detectCrs([[121.53, 36.9]])).crs).toBe('EPSG:4490');
  });
});

describe('unusable numbers → an error value with zh and en messages', () => {
  const cases: [string, Pair[], string][] = [
    ['no points', [], 'empty'],
    ['NaN', [[121.5, Number.NaN]], 'not-finite'],
    ['infinity', [[Number.POSITIVE_INFINITY, 36]], 'not-finite'],
    ['huge numbers', [[1e9, 5]], 'unrecognised'],
    ['zoned and unzoned rows mixed', [[41_368_069.06, 4_085_326.52], [635_496.87, 4_085_382.58]], 'unrecognised'],
    ['negative metres', [[-500_000, -4_000_000]], 'unrecognised'],
  ];
  it.each(cases)('%s', (_, points, code) => {
    const result = detectCrs(points);
    expect(isCrsDetectionError(result)).toBe(true);
    if (!isCrsDetectionError(result)) return;
    expect(result.error).toBe(code);
    expect(result.message.zh.length).toBeGreaterThan(5);
    expect(result.message.en.length).toBeGreaterThan(5);
  });
});
