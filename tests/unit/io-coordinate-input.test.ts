/**
 * "Go to a coordinate" parsing. Expected positions come from PROJ cs2cs and the published
 * GCJ-02 / BD-09 formulas in Python (tests/fixtures/expected/crs-transforms.json, made by
 * scripts/expected/make-crs-fixtures.py), never from the code under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCoordinate, splitPair } from '../../src/io/coordinate-input';

const fixtures = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/expected/crs-transforms.json'), 'utf8')) as {
  lonLat: [number, number][];
  forward: Record<string, [number, number][]>;
  offsetSystems: { points: { wgs84: [number, number]; gcj02: [number, number]; bd09: [number, number] }[] };
};
// 乳山 city seat, west of the 121.5°E zone line.
const seat = fixtures.lonLat.findIndex(([lon, lat]) => lon === 121.52 && lat === 36.89);
const west = fixtures.lonLat.findIndex(([lon, lat]) => lon === 121.45 && lat === 36.75);

describe('splitPair', () => {
  it('reads the ways people write a pair', () => {
    expect(splitPair('121.55, 36.90')).toEqual([121.55, 36.9]);
    expect(splitPair('121.55 36.90')).toEqual([121.55, 36.9]);
    expect(splitPair('4086422.6，40631022.4')).toEqual([4086422.6, 40631022.4]);
    expect(splitPair('X=4086422.6 Y=40631022.4')).toEqual([4086422.6, 40631022.4]);
    expect(splitPair('121.55°E, 36.90°N')).toEqual([121.55, 36.9]);
    expect(splitPair('121.55')).toBeUndefined();
    expect(splitPair('a, b')).toBeUndefined();
  });
});

describe('parseCoordinate', () => {
  it('detects a zone-prefixed survey pair written X (north) first, and lands on the PROJ position', () => {
    const [easting, northing] = fixtures.forward['EPSG:4529'][seat];
    const parsed = parseCoordinate(`${northing}, ${easting}`, 'auto');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.crs).toBe('EPSG:4529');
    expect(parsed.value.axisSwapped).toBe(true);
    expect(parsed.value.lonLat[0]).toBeCloseTo(fixtures.lonLat[seat][0], 7);
    expect(parsed.value.lonLat[1]).toBeCloseTo(fixtures.lonLat[seat][1], 7);
  });

  it('reads an unprefixed pair in the CRS chosen by hand', () => {
    const [easting, northing] = fixtures.forward['EPSG:4549'][west];
    const parsed = parseCoordinate(`${easting} ${northing}`, 'EPSG:4549');
    expect(parsed.ok && parsed.value.lonLat[0]).toBeCloseTo(fixtures.lonLat[west][0], 7);
    expect(parsed.ok && parsed.value.lonLat[1]).toBeCloseTo(fixtures.lonLat[west][1], 7);
  });

  it('takes GCJ-02 (高德) and BD-09 (百度) pairs back to CGCS2000 within a few centimetres', () => {
    const point = fixtures.offsetSystems.points.find((entry) => entry.wgs84[0] === 121.52 && entry.wgs84[1] === 36.89) ?? fixtures.offsetSystems.points[10];
    for (const [crs, shifted] of [['GCJ-02', point.gcj02], ['BD-09', point.bd09]] as const) {
      const parsed = parseCoordinate(`${shifted[0]}, ${shifted[1]}`, crs);
      expect(parsed.ok, crs).toBe(true);
      if (!parsed.ok) continue;
      // 1e-6° ≈ 0.1 m
      expect(Math.abs(parsed.value.lonLat[0] - point.wgs84[0]), crs).toBeLessThan(1e-6);
      expect(Math.abs(parsed.value.lonLat[1] - point.wgs84[1]), crs).toBeLessThan(1e-6);
    }
  });

  it('swaps a lat, lon pair typed the other way round', () => {
    const parsed = parseCoordinate('36.9, 121.55', 'EPSG:4490');
    expect(parsed.ok && parsed.value.lonLat).toEqual([121.55, 36.9]);
  });

  it('says what is wrong instead of guessing', () => {
    const garbled = parseCoordinate('hello', 'auto');
    expect(garbled.ok).toBe(false);
    if (!garbled.ok) expect(garbled.error.en).toMatch(/two numbers/);
    const far = parseCoordinate('2.35, 48.85', 'EPSG:4326');
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.error.zh).toMatch(/不在图集范围/);
  });
});
