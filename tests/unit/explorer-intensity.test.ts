/**
 * The intensity dashboard's model and the `intensity` CLI, each against an independent
 * computation (Shapely/GEOS clipping, pyproj/PROJ Gauss–Krüger areas:
 * tests/fixtures/expected/intensity-atlas.json, scripts/expected/make-intensity-fixtures.py)
 * for every zone and park of the shipped layers; a parcel file with renamed columns and
 * codes, mapped in the field-mapping model, gives the same indicators as the canonical file;
 * ranking, display and the map's per-parcel figures.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_KEYS, INDICATORS } from '../../src/analysis/land-use-intensity';
import type { ParcelFieldMapping } from '../../src/analysis/parcel-fields';
import { readAuthoredLayer } from '../../scripts/lib/atlas-layers';
import { computeDashboard, formatIndicator, indicatorSpec, rankZones } from '../../src/explorer/intensity-model';
import { columnsOf, guessMapping, recallMapping, rememberMapping, unknownCodes } from '../../src/explorer/field-mapping';
import { classOf, legendClasses, parcelMapData } from '../../src/explorer/parcel-figures';
import { RENAMED_COLUMNS, RENAMED_LAND_USE, RENAMED_STATUS } from '../fixtures/explorer/make-renamed-parcels-table';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'explorer');
const read = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as FeatureCollection;

interface CliOutput {
  zones: { layer: string; id: string; indicators: Record<string, number | null> }[];
}

function runCli(file: string): CliOutput {
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'cli', 'intensity.ts'), file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as CliOutput;
}

type Indicators = Record<string, number | null>;
interface ExpectedZone {
  layer: string;
  id: string;
  indicators: Indicators;
}
const INDEPENDENT = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'expected', 'intensity-atlas.json'), 'utf8')) as {
  parcel_sets: Record<'canonical' | 'sample', { zones: ExpectedZone[] }>;
};

/** Same indicator to 1e-6 (relative) as Shapely/pyproj, or both null (no denominator / no figure). */
function expectIndicators(actual: Indicators, wanted: Indicators, label: string): void {
  expect(Object.keys(actual).sort(), label).toEqual(Object.keys(wanted).sort());
  for (const [key, value] of Object.entries(wanted)) {
    if (value === null) expect(actual[key], `${label} ${key}`).toBeNull();
    else expect(Math.abs((actual[key] as number) - value), `${label} ${key}: ${actual[key]} vs Shapely/pyproj ${value}`).toBeLessThanOrEqual(Math.abs(value) * 1e-6);
  }
}

function expectZonesMatch(actual: { layer: string; id: string; indicators: Indicators }[], who: string): void {
  const wanted = INDEPENDENT.parcel_sets.canonical.zones;
  expect(actual.map((zone) => `${zone.layer}:${zone.id}`).sort()).toEqual(wanted.map((zone) => `${zone.layer}:${zone.id}`).sort());
  for (const zone of wanted) {
    expectIndicators(actual.find((candidate) => candidate.layer === zone.layer && candidate.id === zone.id)!.indicators, zone.indicators, `${who} ${zone.layer}:${zone.id}`);
  }
  // Something is measured: most parks have built industrial land.
  expect(wanted.filter((zone) => zone.indicators.industrial_far !== null).length).toBeGreaterThan(10);
}

let zoneLayers: { layer: string; features: FeatureCollection }[];
beforeAll(async () => {
  zoneLayers = [];
  for (const id of ['development-zones', 'industrial-parks']) zoneLayers.push({ layer: id, features: (await readAuthoredLayer(id)).features });
});

/** The mapping a person makes in the dialog for parcels-renamed.geojson. */
const RENAMED_MAPPING: ParcelFieldMapping = {
  columns: { ...RENAMED_COLUMNS },
  landUseValues: { M: 'industrial', W: 'storage' },
  statusValues: Object.fromEntries(Object.entries(RENAMED_STATUS).map(([code, value]) => [value, code])) as ParcelFieldMapping['statusValues'],
};

describe('dashboard and CLI figures each equal the independent computation', () => {
  it('the dashboard, for every zone and park of the canonical fixture', () => {
    const dashboard = computeDashboard(zoneLayers, read('parcels-canonical.geojson'));
    expect(dashboard.ok).toBe(true);
    if (!dashboard.ok) return;
    expectZonesMatch(dashboard.zones, 'dashboard');
    expect(Object.keys(dashboard.zones[0].indicators).sort()).toEqual([...INDICATOR_KEYS].sort());
  });

  it('the intensity CLI, for every zone and park of the canonical fixture', () => {
    expectZonesMatch(runCli(path.join(FIXTURES, 'parcels-canonical.geojson')).zones, 'CLI');
  });

  it('for renamed columns and codes once mapped', () => {
    const renamed = read('parcels-renamed.geojson');
    // Unmapped, the engine cannot read the file: the dashboard reports problems, not figures.
    const unmapped = computeDashboard(zoneLayers, renamed);
    expect(unmapped.ok).toBe(false);
    const canonical = computeDashboard(zoneLayers, read('parcels-canonical.geojson'));
    const mapped = computeDashboard(zoneLayers, renamed, RENAMED_MAPPING);
    expect(mapped.ok && canonical.ok).toBe(true);
    if (!mapped.ok || !canonical.ok) return;
    expect(mapped.zones.map((zone) => zone.indicators)).toEqual(canonical.zones.map((zone) => zone.indicators));
  });
});

describe('field mapping model', () => {
  it('guesses nothing wrong for unknown column names and lists the codes to translate', () => {
    const renamed = read('parcels-renamed.geojson');
    const columns = columnsOf(renamed);
    expect(columns).toContain(RENAMED_COLUMNS.land_use);
    expect(guessMapping(columns).columns).toEqual({});
    expect(unknownCodes(renamed, 'land_use', RENAMED_COLUMNS.land_use, {}).sort()).toEqual(['M', 'W']);
    expect(unknownCodes(renamed, 'status', RENAMED_COLUMNS.status, {}).sort()).toEqual(Object.values(RENAMED_STATUS).sort());
    // Chinese land-use names the engine knows need no translation.
    expect(RENAMED_LAND_USE.green).toBe('绿地');
  });

  it('remembers a mapping per set of columns and drops columns that no longer exist', () => {
    const saved = new Map<string, string>();
    const storage = { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value) };
    const columns = ['B', 'A', 'C'];
    rememberMapping(storage, columns, { columns: { land_use: 'A', status: 'Z' }, statusValues: { x: 'built' } });
    expect(recallMapping(storage, ['A', 'B', 'C'])).toEqual({ columns: { land_use: 'A' }, landUseValues: {}, statusValues: { x: 'built' } });
    expect(recallMapping(storage, ['A', 'B'])).toBeNull();
  });
});

describe('ranking and display', () => {
  it('ranks zones on an indicator with unknown values last, and formats with units', () => {
    const dashboard = computeDashboard(zoneLayers, read('parcels-canonical.geojson'));
    if (!dashboard.ok) throw new Error('fixture unreadable');
    const ranked = rankZones(dashboard.zones, 'industrial_far');
    const values = ranked.map((zone) => zone.indicators.industrial_far);
    const known = values.filter((value): value is number => value !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(values.slice(known.length).every((value) => value === null)).toBe(true);
    expect(formatIndicator(indicatorSpec('land_supply_rate'), 0.8567, 'zh')).toBe('85.7%');
    expect(formatIndicator(indicatorSpec('industrial_investment_intensity'), 3012.4, 'zh')).toBe('3,012 万元/公顷');
    expect(formatIndicator(indicatorSpec('industrial_investment_intensity'), 3012.4, 'en')).toBe('3,012 ×10⁴ CNY/ha');
    expect(formatIndicator(indicatorSpec('composite_far'), null, 'en')).toBe('no data');
    expect(INDICATORS.length).toBe(12);
  });
});

describe('parcel figures for the map', () => {
  it('computes FAR per built parcel, flags failing industrial parcels and classes values', () => {
    const canonical = read('parcels-canonical.geojson');
    const data = parcelMapData(canonical);
    expect(data.parcels.features.length).toBe(canonical.features.length);
    const built = data.parcels.features.filter((feature) => feature.properties.status === 'built');
    expect(built.every((feature) => feature.properties.far !== null)).toBe(true);
    expect(data.parcels.features.filter((feature) => feature.properties.status !== 'built').every((feature) => feature.properties.far === null)).toBe(true);
    // 建筑系数 ≥ 30 %: the sample's industrial coverage is drawn from 32–65 %, so failures come from 容积率 only.
    for (const feature of data.parcels.features.filter((candidate) => candidate.properties.failing)) {
      expect(['industrial', 'storage']).toContain(feature.properties.land_use);
      expect(feature.properties.failing_zh).toContain('容积率');
    }
    expect(data.buildings.features.length).toBeGreaterThan(0);
    expect(classOf('far', 0.49)).toBe(0);
    expect(classOf('far', 0.5)).toBe(1);
    expect(classOf('far', 2.5)).toBe(5);
    expect(legendClasses('far', 'zh').map((row) => row.label)).toEqual(['< 0.5', '0.5 – 0.8', '0.8 – 1.0', '1.0 – 1.5', '1.5 – 2.0', '≥ 2.0', '无数据（未建成或缺值）']);
  });
});
