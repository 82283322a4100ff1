/**
 * Areas, lengths and distances (src/analysis/measure.ts) against pyproj + Shapely and
 * pyproj.Geod(GRS80): expected values from scripts/expected/make-measure-fixtures.py in
 * tests/fixtures/expected/measure-*.json. Unit conversions and formatters (units.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { measureArea, measureDistance, measureLength } from '../../src/analysis/measure';
import {
  areaPhrase,
  M2_PER_HA,
  M2_PER_KM2,
  M2_PER_MU,
  convertArea,
  formatArea,
  formatAreaIn,
  formatEstimatedLength,
  formatLength,
  muToSquareMetres,
  squareMetresToMu,
  formatControlValue,
} from '../../src/analysis/units';
import type { GaussKrugerCode } from '../../src/crs/projections';

interface AreaCase {
  name: string;
  geometry: Polygon | MultiPolygon;
  options?: { crs: GaussKrugerCode };
  expected: {
    projected_crs: string;
    area_m2: number;
    area_m2_ellipsoidal: number;
    area_mu: number;
    area_ha: number;
    area_km2: number;
  };
}
interface LengthCase {
  name: string;
  geometry: LineString | MultiLineString;
  options?: { crs: GaussKrugerCode };
  expected: { projected_crs: string; length_m: number; length_m_ellipsoidal: number };
}

const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/expected/${name}`, import.meta.url), 'utf8')) as T;
const areas = read<{ cases: AreaCase[] }>('measure-areas.json');
const lengths = read<{ cases: LengthCase[]; distances: { a: Position; b: Position; distance_m: number }[] }>(
  'measure-lengths.json',
);

/** 0.01 % — the tolerance the brief sets; the real agreement is far tighter (see report). */
const RELATIVE = 1e-4;
function expectClose(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE);
}

describe('measureArea agrees with Shapely (planar, Gauss–Krüger) and GeographicLib (GRS80)', () => {
  it('has the cases the brief asks for', () => {
    const names = areas.cases.map((item) => item.name);
    expect(names).toEqual(
      expect.arrayContaining(['parcel-1mu', 'parcel-50mu', 'polygon-5km2', 'polygon-with-hole', 'multipolygon']),
    );
    expect(names.filter((name) => name.startsWith('straddle-121.5')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(areas.cases.map((item) => [item.name, item] as const))('%s', (_, item) => {
    const result = measureArea(item.geometry, item.options);
    expect(result.projected_crs).toBe(item.expected.projected_crs);
    expectClose(result.area_m2, item.expected.area_m2, 'planar m²');
    expectClose(result.area_m2_ellipsoidal, item.expected.area_m2_ellipsoidal, 'ellipsoidal m²');
    expectClose(result.area_mu, item.expected.area_mu, '亩');
    expectClose(result.area_ha, item.expected.area_ha, 'ha');
    expectClose(result.area_km2, item.expected.area_km2, 'km²');
  });

  it('winding does not matter and holes subtract', () => {
    const polygon = areas.cases.find((item) => item.name === 'polygon-with-hole')!.geometry as Polygon;
    const [shell, hole] = polygon.coordinates;
    const reversed: Polygon = { type: 'Polygon', coordinates: [[...shell].reverse(), [...hole].reverse()] };
    expect(measureArea(reversed).area_m2).toBeCloseTo(measureArea(polygon).area_m2, 6);
    const shellOnly = measureArea({ type: 'Polygon', coordinates: [shell] });
    const holeOnly = measureArea({ type: 'Polygon', coordinates: [hole] }, { crs: shellOnly.projected_crs });
    expect(measureArea(polygon).area_m2).toBeCloseTo(shellOnly.area_m2 - holeOnly.area_m2, 6);
  });

  it('never returns a negative area: holes larger than their exterior leave 0, not less (code review finding 1)', () => {
    const polygon = areas.cases.find((item) => item.name === 'polygon-with-hole')!.geometry as Polygon;
    const [shell, hole] = polygon.coordinates;
    // The shell as a "hole" of the small ring: invalid (the importer refuses it), measured as 0.
    const inverted: Polygon = { type: 'Polygon', coordinates: [hole, shell] };
    const measured = measureArea(inverted);
    expect(measured.area_m2).toBe(0);
    expect(measured.area_m2_ellipsoidal).toBe(0);
    expect(measured.area_mu).toBe(0);
    // Clamped per polygon: a broken part does not eat into a good one.
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[shell], [hole, shell]] };
    expect(measureArea(multi).area_m2).toBeCloseTo(measureArea({ type: 'Polygon', coordinates: [shell] }).area_m2, 6);
  });

  it('empty geometry measures 0', () => {
    expect(measureArea({ type: 'Polygon', coordinates: [] })).toMatchObject({ area_m2: 0, area_m2_ellipsoidal: 0 });
    expect(measureArea({ type: 'MultiPolygon', coordinates: [] }).area_mu).toBe(0);
  });
});

describe('measureLength and measureDistance agree with Shapely and pyproj.Geod(GRS80)', () => {
  it.each(lengths.cases.map((item) => [item.name, item] as const))('%s', (_, item) => {
    const result = measureLength(item.geometry, item.options);
    expect(result.projected_crs).toBe(item.expected.projected_crs);
    expectClose(result.length_m, item.expected.length_m, 'planar m');
    expectClose(result.length_m_ellipsoidal, item.expected.length_m_ellipsoidal, 'ellipsoidal m');
  });

  it.each(lengths.distances.map((item) => [`${item.a} → ${item.b}`, item] as const))('%s', (_, item) => {
    expectClose(measureDistance(item.a, item.b), item.distance_m, 'geodesic m');
  });

  it('a point to itself is 0 m', () => {
    expect(measureDistance([121.5, 36.9], [121.5, 36.9])).toBe(0);
  });
});

describe('units (REFERENCE: 1 亩 = 10000/15 m², 15 亩 = 1 ha, 1 km² = 1500 亩)', () => {
  it('constants and converters', () => {
    expect(M2_PER_MU * 15).toBeCloseTo(10_000, 9);
    expect(M2_PER_HA).toBe(10_000);
    expect(M2_PER_KM2).toBe(1e6);
    expect(squareMetresToMu(1e6)).toBeCloseTo(1500, 9);
    expect(muToSquareMetres(15)).toBeCloseTo(M2_PER_HA, 9);
    expect(convertArea(95_000, 'mu', 'km2')).toBeCloseTo(63.333, 3); // 9.5万亩 ≈ 63.33 km²
    expect(convertArea(5_000, 'mu', 'km2')).toBeCloseTo(3.333, 3);
    expect(convertArea(1, 'ha', 'mu')).toBeCloseTo(15, 9);
  });

  it('states an area in a reason as 亩 first, then square metres, a sliver as one', () => {
    // 12,345 m² = 12,345 × 15 / 10,000 亩 = 18.5175 亩.
    expect(areaPhrase(12_345)).toEqual({ zh: '18.52 亩（12,345 平方米）', en: '18.52 mu (12,345 m²)' });
    expect(areaPhrase(2)).toEqual({ zh: '<0.01 亩（2 平方米）', en: '<0.01 mu (2 m²)' });
    expect(areaPhrase(0.3)).toEqual({ zh: '<0.01 亩（<1 平方米）', en: '<0.01 mu (<1 m²)' });
    expect(areaPhrase(0)).toEqual({ zh: '0 亩（0 平方米）', en: '0 mu (0 m²)' });
  });

  it('formats areas as planning documents write them', () => {
    const marineRanch = muToSquareMetres(95_000);
    expect(formatArea(marineRanch, 'zh')).toBe('95,000 亩（6,333 公顷，63.33 平方千米）');
    expect(formatArea(marineRanch, 'en')).toBe('95,000 mu (6,333 ha, 63.33 km²)');
    expect(formatArea(muToSquareMetres(14.84), 'zh')).toBe('14.84 亩（0.989 公顷）');
    expect(formatAreaIn(M2_PER_MU * 1234.5, 'mu', 'en', 1)).toBe('1,234.5 mu');
    // A sliver is never written as 0 (a 0.4 m² blocker overlap), and 0 stays 0.
    expect(formatAreaIn(0.4, 'mu', 'zh', 2)).toBe('<0.01 亩');
    expect(formatAreaIn(0.4, 'm2', 'zh', 0)).toBe('<1 平方米');
    expect(formatAreaIn(0, 'm2', 'en', 0)).toBe('0 m²');
    expect(formatAreaIn(0.6, 'm2', 'en', 0)).toBe('1 m²');
    expect(formatArea(Number.NaN, 'en')).toBe('—');
  });

  it('formats lengths', () => {
    expect(formatLength(192_814, 'en')).toBe('192.81 km');
    expect(formatLength(192_814, 'zh')).toBe('192.81 千米');
    expect(formatLength(20, 'zh')).toBe('20.0 米');
    expect(formatLength(3.5, 'en')).toBe('3.50 m');
    // To an estimated position: the whole km, said to be approximate; nothing in metres.
    expect(formatEstimatedLength(12_349, 'en')).toBe('≈ 12 km (estimated position)');
    expect(formatEstimatedLength(12_500, 'zh')).toBe('约 13 千米（估计位置）');
    expect(formatEstimatedLength(640, 'zh')).toBe('不足 1 千米（估计位置）');
    expect(formatEstimatedLength(0, 'en')).toBe('under 1 km (estimated position)');
    // Where a note beside the table says why (the explorer), without the suffix.
    expect(formatEstimatedLength(12_500, 'zh', false)).toBe('约 13 千米');
  });
});

describe('formatControlValue (the review panel and the printed report show a control indicator alike)', () => {
  it('gives the investment intensity its unit, the floor-area ratio bare, shares as percentages', () => {
    expect(formatControlValue('investment-intensity', 1500, 'zh')).toBe('1,500 万元/公顷');
    expect(formatControlValue('investment-intensity', 3000, 'en')).toBe('3,000 ×10⁴ CNY/ha');
    expect(formatControlValue('floor-area-ratio', 1.2, 'zh')).toBe('1.20');
    expect(formatControlValue('building-coverage', 0.4, 'en')).toBe('40.0%');
    expect(formatControlValue('green-ratio', null, 'zh')).toBe('—');
  });
});
