/**
 * Land-use intensity against values computed independently with Shapely/GEOS + pyproj
 * (scripts/expected/make-intensity-fixtures.py → tests/fixtures/expected/intensity-small.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import {
  INDICATORS,
  INDICATOR_KEYS,
  ParcelDataError,
  computeLandUseIntensity,
  prepareParcels,
  type IndicatorKey,
} from '../../src/analysis/land-use-intensity';
import { mapParcelFields } from '../../src/analysis/parcel-fields';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const readJson = <T>(relative: string): T => JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as T;

const zones = readJson<FeatureCollection>('parcels/small-zones.geojson');
const parcels = readJson<FeatureCollection>('parcels/small.geojson');

interface ExpectedZone {
  id: string;
  area_m2: number;
  projected_crs: string;
  parcel_count: number;
  areas: Record<string, number>;
  indicators: Record<IndicatorKey, number | null>;
}
const expected = readJson<{ zones: ExpectedZone[] }>('expected/intensity-small.json');

/** Within 0.1 % (relative), or both null. */
function expectClose(actual: number | null, wanted: number | null, label: string): void {
  if (wanted === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const tolerance = Math.max(Math.abs(wanted) * 1e-3, 1e-9);
  expect(Math.abs((actual as number) - wanted), `${label}: ${actual} vs ${wanted}`).toBeLessThanOrEqual(tolerance);
}

describe('computeLandUseIntensity', () => {
  const results = computeLandUseIntensity({ layer: 'test-zones', features: zones }, parcels);

  it('returns one result per zone, in order, with every indicator key', () => {
    expect(results.map((zone) => zone.id)).toEqual(expected.zones.map((zone) => zone.id));
    for (const zone of results) expect(Object.keys(zone.indicators)).toEqual([...INDICATOR_KEYS]);
  });

  for (const wanted of expected.zones) {
    it(`matches Shapely/pyproj for ${wanted.id}`, () => {
      const zone = results.find((result) => result.id === wanted.id)!;
      expect(zone.projected_crs).toBe(wanted.projected_crs);
      expect(zone.parcel_count).toBe(wanted.parcel_count);
      expectClose(zone.area_m2, wanted.area_m2, 'area_m2');
      for (const [key, value] of Object.entries(wanted.areas)) {
        expectClose(zone.areas[key as keyof typeof zone.areas], value, `areas.${key}`);
      }
      for (const key of INDICATOR_KEYS) expectClose(zone.indicators[key], wanted.indicators[key], key);
    });
  }

  it('counts crossing parcels by their inside part (the fixture has several)', () => {
    const west = results.find((zone) => zone.id === 'test-west')!;
    expect(west.crossing_parcel_count).toBeGreaterThanOrEqual(5);
  });

  it('marks a zone industry-led when A2/A > 30 % and residential/A < 25 %', () => {
    const west = results.find((zone) => zone.id === 'test-west')!;
    expect(west.industry_led).toBe(true);
    expect(results.find((zone) => zone.id === 'test-empty')!.industry_led).toBeNull();
  });

  it('gives the same figures from prepared parcels (index reuse)', () => {
    const prepared = prepareParcels(parcels);
    if (!prepared.ok) throw new Error('fixture should prepare');
    const again = computeLandUseIntensity({ layer: 'test-zones', features: zones }, prepared.parcels);
    const twice = computeLandUseIntensity({ layer: 'test-zones', features: zones }, prepared.parcels);
    expect(again.map((zone) => zone.indicators)).toEqual(results.map((zone) => zone.indicators));
    expect(twice.map((zone) => zone.indicators)).toEqual(results.map((zone) => zone.indicators));
  });

  it('reads renamed columns and Chinese codes through a field mapping', () => {
    const renamed: FeatureCollection = {
      ...parcels,
      features: parcels.features.map((feature) => {
        const properties = feature.properties ?? {};
        return {
          ...feature,
          properties: {
            用地性质: properties.land_use === 'industrial' ? '工业用地' : properties.land_use,
            状态: properties.status === 'built' ? '已建成' : properties.status,
            GFA: properties.floor_area_m2,
            基底面积: properties.footprint_m2,
            invest: properties.investment_wan,
            税收: properties.tax_wan,
          },
        };
      }),
    };
    const mapped = computeLandUseIntensity({ layer: 'test-zones', features: zones }, renamed, {
      mapping: { columns: { floor_area_m2: 'GFA', investment_wan: 'invest' } },
    });
    for (let index = 0; index < results.length; index += 1) {
      expect(mapped[index].indicators).toEqual(results[index].indicators);
    }
  });

  it('reports unreadable parcels as values with zh and en messages', () => {
    const broken: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { land_use: 'industrial', status: 'built' }, geometry: { type: 'Point', coordinates: [121.4, 36.9] } },
        { type: 'Feature', properties: { land_use: 'factory', status: 'built' }, geometry: parcels.features[0].geometry },
        { type: 'Feature', properties: { land_use: 'industrial', status: 'built', floor_area_m2: -5 }, geometry: parcels.features[0].geometry },
      ],
    };
    const result = prepareParcels(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.index)).toEqual([0, 1, 2]);
    for (const problem of result.problems) {
      expect(problem.message.zh.length).toBeGreaterThan(0);
      expect(problem.message.en.length).toBeGreaterThan(0);
    }
    expect(() => computeLandUseIntensity({ layer: 'test-zones', features: zones }, broken)).toThrow(ParcelDataError);
  });

  it('gives null indicators for a zone without parcels and for no parcels at all', () => {
    const none = computeLandUseIntensity({ layer: 'test-zones', features: zones }, { type: 'FeatureCollection', features: [] });
    for (const zone of none) for (const key of INDICATOR_KEYS) expect(zone.indicators[key]).toBeNull();
  });
});

describe('INDICATORS', () => {
  it('labels every key in zh and en, in output order', () => {
    expect(INDICATORS.map((indicator) => indicator.key)).toEqual([...INDICATOR_KEYS]);
    for (const indicator of INDICATORS) {
      expect(indicator.label.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(indicator.label.en.length).toBeGreaterThan(3);
    }
  });
});

describe('mapParcelFields', () => {
  it('keeps empty figures as null, not 0', () => {
    const result = mapParcelFields({ land_use: 'industrial', status: 'ready', floor_area_m2: null, tax_wan: '' });
    expect(result.ok && result.attributes.floor_area_m2).toBeNull();
    expect(result.ok && result.attributes.tax_wan).toBeNull();
  });

  it('does not take prototype names for codes', () => {
    expect(mapParcelFields({ land_use: 'constructor', status: 'built' }).ok).toBe(false);
  });

  it('reads numeric text with thousands separators and pads industry codes', () => {
    const result = mapParcelFields({ land_use: 'Industrial', status: 'BUILT', floor_area_m2: '12,500.5', industry_code: 7 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.attributes.land_use).toBe('industrial');
    expect(result.attributes.floor_area_m2).toBe(12500.5);
    expect(result.attributes.industry_code).toBe('07');
  });
});
