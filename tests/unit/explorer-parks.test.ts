/**
 * Park explorer model: available land per park (unsupplied sample parcels clipped to the park)
 * and distances to the nearest HSR station, port and expressway, against the independent
 * figures of tests/fixtures/explorer/expected-parks.json (GDAL + pyproj + Shapely, made by
 * tests/fixtures/explorer/make-expected.py from the default sample parcel build); search and
 * filters; comparison limits; area formatting.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { geojson } from 'flatgeobuf';
import type { Feature, FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleParcels } from '../../scripts/build-parcels';
import { readAuthoredLayer } from '../../scripts/lib/atlas-layers';
import { CLUSTERS, RUSHAN_INDUSTRIES } from '../../src/data/industries';
import { computeDashboard } from '../../src/explorer/intensity-model';
import { formatKm2AndMu } from '../../src/explorer/explorer-format';
import {
  availableLandByPark,
  buildParkEntries,
  createDistanceContext,
  DISTANCE_SOURCE_LAYERS,
  filterParks,
  parkDistances,
  parkKey,
  toggleCompared,
  type ParkEntry,
} from '../../src/explorer/park-model';
import { parkInitials, pinyinInitials } from '../../src/explorer/park-search';

const ROOT = path.resolve(__dirname, '..', '..');
const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/explorer/expected-parks.json'), 'utf8')) as {
  parcels: { count: number; seed: number };
  parks: { layer: string; id: string; unsupplied_m2: number; ready_m2: number; distances: Record<string, { distance_m: number; id: string }> }[];
};
const scratch = mkdtempSync(path.join(tmpdir(), 'explorer-parks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let entries: ParkEntry[];
let parcels: FeatureCollection;
let zones: FeatureCollection;
let parks: FeatureCollection;

beforeAll(async () => {
  zones = (await readAuthoredLayer('development-zones')).features;
  parks = (await readAuthoredLayer('industrial-parks')).features;
  entries = buildParkEntries({ 'development-zones': zones, 'industrial-parks': parks });
  // The same build as public/data (count and seed of the expected file), into a scratch folder.
  await buildSampleParcels({ count: expected.parcels.count, seed: expected.parcels.seed, outputDirectory: scratch });
  const features: Feature[] = [];
  for await (const feature of geojson.deserialize(new Uint8Array(readFileSync(path.join(scratch, 'sample-parcels.fgb'))))) features.push(feature as Feature);
  parcels = { type: 'FeatureCollection', features };
});

describe('park entries', () => {
  it('lists every development zone and park, zones first, with published areas only where published', () => {
    expect(entries.map((entry) => entry.id).sort()).toEqual([...zones.features, ...parks.features].map((feature) => String(feature.properties?.id)).sort());
    expect(entries.slice(0, 3).map((entry) => entry.id)).toEqual(['weihai-lingang-economic-technological-zone', 'weihai-economic-technological-zone', 'weihai-torch-hi-tech-zone']);
    const torch = entries.find((entry) => entry.id === 'weihai-torch-hi-tech-zone')!;
    expect(torch.publishedAreaKm2).toBe(140);
    expect(torch.level).toBe('national');
    expect(entries.find((entry) => entry.id === 'rushan-economic-development-zone')!.publishedAreaKm2).toBeNull();
    expect(entries.filter((entry) => entry.layer === 'industrial-parks').every((entry) => entry.publishedAreaKm2 === null)).toBe(true);
  });
});

describe('available land and distances against GDAL / pyproj / Shapely', () => {
  it('gives the unsupplied and ready parcel area of every park', () => {
    const result = computeDashboard(
      [
        { layer: 'development-zones', features: zones },
        { layer: 'industrial-parks', features: parks },
      ],
      parcels,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const land = availableLandByPark(result.zones);
    expect(land.size).toBe(expected.parks.length);
    for (const park of expected.parks) {
      const found = land.get(`${park.layer}:${park.id}`)!;
      expect(found, park.id).toBeDefined();
      // Clipping in the same Gauss–Krüger zone: agree to 0.01 % or 1 m².
      expect(Math.abs(found.unsupplied_m2 - park.unsupplied_m2), `${park.id} unsupplied`).toBeLessThanOrEqual(Math.max(1, park.unsupplied_m2 * 1e-4));
      expect(Math.abs(found.ready_m2 - park.ready_m2), `${park.id} ready`).toBeLessThanOrEqual(Math.max(1, park.ready_m2 * 1e-4));
    }
    // The figures are not trivially zero.
    expect(expected.parks.filter((park) => park.unsupplied_m2 > 0).length).toBeGreaterThan(10);
  });

  it('gives the distance to the nearest HSR station (莱荣 or another high-speed line), port and expressway, and no airport figure', async () => {
    const layers = await Promise.all(DISTANCE_SOURCE_LAYERS.map((id) => readAuthoredLayer(id)));
    const context = createDistanceContext(layers);
    // Which facilities are points at estimated positions, as the layer files say (accuracy per
    // feature, else the layer's; a schematic line keeps its metres).
    const estimatedFacility = new Map<string, boolean>();
    for (const layer of layers) {
      for (const feature of layer.features.features) {
        const accuracy = feature.properties?.accuracy ?? layer.meta.provenance.accuracy;
        // A schematic facility (a station or port at an estimated place, an expressway drawn
        // between estimated places) gives an estimated distance, whatever its geometry.
        estimatedFacility.set(`${layer.meta.id}:${String(feature.properties?.id)}`, accuracy === 'schematic');
      }
    }
    const estimatedSeen = new Set<boolean>();
    for (const park of expected.parks) {
      const entry = entries.find((candidate) => parkKey(candidate) === `${park.layer}:${park.id}`)!;
      const distances = parkDistances(context, entry);
      expect(distances.map((distance) => distance.kind)).toEqual(['station', 'port', 'airport', 'expressway']);
      for (const kind of ['station', 'port', 'expressway']) {
        const found = distances.find((distance) => distance.kind === kind)!;
        expect(found.known, `${park.id} ${kind}`).toBe(true);
        if (!found.known) continue;
        expect(found.featureId, `${park.id} ${kind}`).toBe(park.distances[kind].id);
        expect(Math.abs(found.distance_m - park.distances[kind].distance_m), `${park.id} ${kind}`).toBeLessThanOrEqual(0.5);
        // A distance is an estimate (shown to the whole km) when either end is: the facility's
        // position, or the park's outline (every park's is schematic: no boundary is published).
        const facility = estimatedFacility.get(`${found.layer}:${found.featureId}`);
        expect(facility, `${found.layer}:${found.featureId} in the layer files`).toBeDefined();
        expect(entry.feature.properties?.accuracy).toBe('schematic');
        expect(found.estimated, `${park.id} ${kind} → ${found.featureId}`).toBe(true);
        // With a surveyed outline, only the facility's position decides.
        const surveyed = parkDistances(context, { ...entry, accuracy: 'surveyed' }).find((distance) => distance.kind === kind)!;
        expect(surveyed.known && surveyed.estimated, `${park.id} ${kind} → ${found.featureId}, surveyed outline`).toBe(facility);
        if (kind === 'station') estimatedSeen.add(facility === true);
      }
      const airport = distances.find((distance) => distance.kind === 'airport')!;
      expect(airport.known).toBe(false);
      if (!airport.known) expect(airport.reason.zh).toContain('未知');
    }
    // Some parks' nearest station has a public position, some an estimated one.
    expect([...estimatedSeen].sort()).toEqual([false, true]);
  });
});

describe('search and filters', () => {
  const initialsOf = (entry: ParkEntry) => parkInitials(entry);

  it('filters by each of the seven clusters and each 3+3 industry to exactly the tagged parks', () => {
    for (const code of Object.keys(CLUSTERS)) {
      const shown = filterParks(entries, { cluster: code });
      const tagged = [...zones.features, ...parks.features].filter((feature) => String(feature.properties?.clusters ?? '').split(';').includes(code));
      expect(shown.map((entry) => entry.id).sort(), code).toEqual(tagged.map((feature) => feature.properties?.id).sort());
    }
    for (const code of Object.keys(RUSHAN_INDUSTRIES)) {
      const shown = filterParks(entries, { rushanIndustry: code });
      expect(shown.every((entry) => entry.rushanIndustries.includes(code)), code).toBe(true);
    }
    expect(filterParks(entries, { cluster: 'carbon-fibre-composites' }).map((entry) => entry.id).sort()).toEqual([
      'carbon-fibre-base',
      'graphene-base',
      'weihai-lingang-economic-technological-zone',
      'weihai-nanhai-new-area',
    ]);
  });

  it('finds parks by Chinese, English and pinyin initials', () => {
    expect(pinyinInitials('高区')).toBe('gq');
    expect(filterParks(entries, { query: 'gq' }, initialsOf).map((entry) => entry.id)).toContain('weihai-torch-hi-tech-zone');
    expect(filterParks(entries, { query: '临港' }, initialsOf).map((entry) => entry.id)).toContain('weihai-lingang-economic-technological-zone');
    expect(filterParks(entries, { query: 'graphene' }, initialsOf).map((entry) => entry.id)).toEqual(['graphene-base']);
    expect(filterParks(entries, { query: 'rsjjkfq' }, initialsOf).map((entry) => entry.id)).toEqual(['rushan-economic-development-zone']);
    expect(filterParks(entries, { query: 'zzzz' }, initialsOf)).toEqual([]);
  });

  it('compares at most four parks', () => {
    let compared: string[] = [];
    for (const key of ['a', 'b', 'c', 'd', 'e']) compared = toggleCompared(compared, key);
    expect(compared).toEqual(['a', 'b', 'c', 'd']);
    expect(toggleCompared(compared, 'b')).toEqual(['a', 'c', 'd']);
  });

  it('prints areas in km² and 亩 (1 km² = 1500 亩)', () => {
    expect(formatKm2AndMu(140, 'zh')).toBe('140 平方千米（210,000 亩）');
    expect(formatKm2AndMu(168.61, 'en')).toBe('168.61 km² (252,915 mu)');
  });
});
