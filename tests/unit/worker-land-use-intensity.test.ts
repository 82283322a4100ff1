/**
 * The explorer's land-use intensity runs in the analysis worker: `landUseIntensity` through
 * the whole message path (AnalysisClient → MessageChannel → serveAnalysis → engine, so the
 * payload and result are really cloned) against the Shapely/pyproj expected values of
 * tests/fixtures/expected/intensity-small.json (scripts/expected/make-intensity-fixtures.py),
 * never against the engine itself. Unreadable parcels come back as problems, not a failure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { afterEach, describe, expect, it } from 'vitest';
import { INDICATOR_KEYS } from '../../src/analysis/land-use-intensity';
import { AnalysisClient, messagePortTransport } from '../../src/worker/analysis-client';
import { serveAnalysis, type MessageEndpoint } from '../../src/worker/analysis-server';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const readJson = <T>(...parts: string[]) => JSON.parse(readFileSync(path.join(ROOT, ...parts), 'utf8')) as T;

interface Expected {
  zones: { id: string; name: string; area_m2: number; indicators: Record<string, number | null> }[];
}

const clients: AnalysisClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

function client(): AnalysisClient {
  const channel = new MessageChannel();
  const stop = serveAnalysis(createInProcessAnalysis(), channel.port2 as MessageEndpoint);
  const created = new AnalysisClient(messagePortTransport(channel.port1, stop));
  clients.push(created);
  return created;
}

const zones = [{ layer: 'small-zones', features: readJson<FeatureCollection>('tests', 'fixtures', 'parcels', 'small-zones.geojson') }];
const parcels = readJson<FeatureCollection>('tests', 'fixtures', 'parcels', 'small.geojson');

describe('landUseIntensity through the worker protocol', () => {
  it('gives the Shapely/pyproj indicators of every zone (relative 1e-3)', async () => {
    const expected = readJson<Expected>('tests', 'fixtures', 'expected', 'intensity-small.json');
    const result = await client().landUseIntensity(zones, parcels);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const outcome = result.value;
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.parcelCount).toBe(parcels.features.length);
    expect(outcome.zones.map((zone) => zone.id)).toEqual(expected.zones.map((zone) => zone.id));
    for (const [index, zone] of outcome.zones.entries()) {
      const wanted = expected.zones[index];
      expect(Math.abs(zone.area_m2 - wanted.area_m2), `${zone.id} area`).toBeLessThanOrEqual(wanted.area_m2 * 1e-3);
      for (const key of INDICATOR_KEYS) {
        const value = wanted.indicators[key];
        if (value === null) expect(zone.indicators[key], `${zone.id} ${key}`).toBeNull();
        else expect(Math.abs((zone.indicators[key] as number) - value), `${zone.id} ${key}`).toBeLessThanOrEqual(Math.abs(value) * 1e-3);
      }
    }
  });

  it('returns unreadable parcels as problems with zh and en text', async () => {
    const bad = readJson<FeatureCollection>('tests', 'fixtures', 'parcels', 'bad-attributes.geojson');
    const result = await client().landUseIntensity(zones, bad);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.ok).toBe(false);
    if (result.value.ok) return;
    expect(result.value.problems.length).toBeGreaterThan(0);
    for (const problem of result.value.problems) {
      expect(problem.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(problem.message.en).toMatch(/[a-z]/);
    }
  });

  it('answers CANCELLED when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = client().landUseIntensity(zones, parcels, {}, { signal: controller.signal });
    controller.abort();
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('CANCELLED');
  });
});
