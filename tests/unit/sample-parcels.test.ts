/**
 * The synthetic parcel generator: seeded and reproducible, exactly `count` parcels, every
 * one labelled as sample data, attributes consistent with the plot, plots inside the zones.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { booleanPointInPolygon, centroid, lineString, pointToLineDistance } from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import { LAND_USES, PARCEL_STATUSES } from '../../src/analysis/parcel-fields';
import { measureArea } from '../../src/analysis/measure';
import { writeFlatGeobuf } from '../../src/data/fgb-writer';
import { SAMPLE_LABEL, SAMPLE_TITLE, generateSampleParcels } from '../../scripts/sample-parcels';

const ROOT = path.resolve(__dirname, '..', '..');
const zones = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'parcels', 'small-zones.geojson'), 'utf8')) as FeatureCollection;
const zoneLayers = [{ layer: 'industrial-parks', features: zones }];
const scratch = mkdtempSync(path.join(tmpdir(), 'sample-parcels-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generateSampleParcels', () => {
  const parcels = generateSampleParcels({ count: 3000, seed: 42, zones: zoneLayers });

  it('returns exactly count parcels and is reproducible from the seed', () => {
    expect(parcels.features).toHaveLength(3000);
    const again = generateSampleParcels({ count: 3000, seed: 42, zones: zoneLayers });
    expect(again).toEqual(parcels);
    const other = generateSampleParcels({ count: 3000, seed: 43, zones: zoneLayers });
    expect(other.features[0].geometry).not.toEqual(parcels.features[0].geometry);
  });

  it('rejects counts outside 1–200 000', () => {
    expect(() => generateSampleParcels({ count: 0, seed: 1, zones: zoneLayers })).toThrow(RangeError);
    expect(() => generateSampleParcels({ count: 200_001, seed: 1, zones: zoneLayers })).toThrow(RangeError);
  });

  it('labels every parcel as synthetic sample data', () => {
    const ids = new Set<string>();
    for (const feature of parcels.features) {
      expect(feature.properties?.sample).toBe(true);
      expect(feature.properties?.synthetic).toBe(SAMPLE_LABEL);
      expect(feature.properties?.accuracy).toBe('schematic');
      ids.add(String(feature.properties?.id));
    }
    expect(ids.size).toBe(parcels.features.length);
  });

  it('uses every land use and status, in plausible proportions', () => {
    const landUses = new Map<string, number>();
    const statuses = new Map<string, number>();
    for (const feature of parcels.features) {
      landUses.set(feature.properties?.land_use, (landUses.get(feature.properties?.land_use) ?? 0) + 1);
      statuses.set(feature.properties?.status, (statuses.get(feature.properties?.status) ?? 0) + 1);
    }
    expect([...landUses.keys()].sort()).toEqual([...LAND_USES].sort());
    expect([...statuses.keys()].sort()).toEqual([...PARCEL_STATUSES].sort());
    // A park is mostly industrial and mostly built.
    expect(landUses.get('industrial')! / parcels.features.length).toBeGreaterThan(0.35);
    expect(statuses.get('built')! / parcels.features.length).toBeGreaterThan(0.5);
  });

  it('keeps the figures consistent with the plot', () => {
    for (const feature of parcels.features) {
      const properties = feature.properties!;
      const area = measureArea(feature.geometry).area_m2;
      expect(area).toBeGreaterThan(0);
      expect(properties.footprint_m2).toBeLessThanOrEqual(area);
      if (properties.status === 'built') {
        expect(properties.floor_area_m2).toBeGreaterThanOrEqual(properties.footprint_m2);
      } else {
        expect(properties.floor_area_m2).toBe(0);
        expect(properties.footprint_m2).toBe(0);
      }
      const industrial = properties.land_use === 'industrial' || properties.land_use === 'storage';
      if (industrial) expect(properties.industry_code).toMatch(/^\d{2}$/);
      else expect(properties.industry_code).toBeNull();
    }
  });

  it('places every plot centre inside a zone (turf point-in-polygon)', () => {
    const polygons = zones.features as Feature<Polygon>[];
    const rings = polygons.flatMap((zone) => zone.geometry.coordinates.map((ring) => lineString(ring)));
    for (const feature of parcels.features) {
      const centre = centroid(feature);
      // The generator tests centres in Gauss–Krüger metres, where a zone edge along a parallel
      // is straight; in lon/lat it bows by centimetres, so allow 0.5 m at the edge.
      const inside =
        polygons.some((zone) => booleanPointInPolygon(centre, zone)) ||
        rings.some((ring) => pointToLineDistance(centre, ring, { units: 'meters' }) < 0.5);
      expect(inside, JSON.stringify(centre.geometry.coordinates)).toBe(true);
    }
  });

  it('writes a FlatGeobuf whose title says synthetic', async () => {
    const bytes = writeFlatGeobuf(parcels, { title: SAMPLE_TITLE });
    let title: string | null = null;
    let count = 0;
    for await (const feature of deserialize(bytes, { headerMetaFn: (header) => (title = header.title) })) {
      if (feature.properties?.sample === true) count += 1;
    }
    expect(title).toMatch(/synthetic/i);
    expect(count).toBe(parcels.features.length);
  });
});

describe('npm run parcels', () => {
  it('writes the requested file and says how many parcels', () => {
    const out = path.join(scratch, 'parcels.geojson');
    const result = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/sample-parcels.ts', '--count', '1000', '--seed', '3', '--zones', 'industrial-parks', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.status).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection;
    expect(written.features).toHaveLength(1000);
    expect(result.stderr).toMatch(/1000 synthetic parcels/);
  });

  it('fails with one line for a bad count', () => {
    const result = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/sample-parcels.ts', '--count', '0', '--out', path.join(scratch, 'never.fgb')],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--count must be/);
  });
});
