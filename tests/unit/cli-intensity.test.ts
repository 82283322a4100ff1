/**
 * The `intensity` CLI end to end: JSON on stdout for good input (checked against the
 * Shapely/pyproj expected values of tests/fixtures/expected/intensity-small.json), and for
 * bad input exit code ≠ 0, one readable line on stderr, no stack trace, nothing on stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INDICATOR_KEYS } from '../../src/analysis/land-use-intensity';
import { writeFlatGeobuf } from '../../src/data/fgb-writer';
import { generateSampleParcels } from '../../scripts/sample-parcels';
import { readAuthoredLayer } from '../../scripts/lib/atlas-layers';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'scripts', 'cli', 'intensity.ts');
const PARCELS = path.join(ROOT, 'tests', 'fixtures', 'parcels');
const scratch = mkdtempSync(path.join(tmpdir(), 'cli-intensity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface CliOutput {
  zones: { layer: string; id: string; name: string; area_m2: number; indicators: Record<string, number | null> }[];
}

describe('intensity CLI, good input', () => {
  it('matches the Shapely/pyproj expected values with --zones-file', () => {
    const result = run(path.join(PARCELS, 'small.geojson'), '--zones-file', path.join(PARCELS, 'small-zones.geojson'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as CliOutput;
    const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'expected', 'intensity-small.json'), 'utf8')) as {
      zones: { id: string; name: string; area_m2: number; indicators: Record<string, number | null> }[];
    };
    expect(output.zones.map((zone) => zone.id)).toEqual(expected.zones.map((zone) => zone.id));
    for (const [index, zone] of output.zones.entries()) {
      const wanted = expected.zones[index];
      expect(Object.keys(zone)).toEqual(['layer', 'id', 'name', 'area_m2', 'indicators']);
      expect(zone.layer).toBe('small-zones');
      expect(zone.name).toBe(wanted.name);
      expect(Math.abs(zone.area_m2 - wanted.area_m2)).toBeLessThanOrEqual(wanted.area_m2 * 1e-3);
      expect(Object.keys(zone.indicators)).toEqual([...INDICATOR_KEYS]);
      for (const key of INDICATOR_KEYS) {
        const value = wanted.indicators[key];
        if (value === null) expect(zone.indicators[key], `${zone.id} ${key}`).toBeNull();
        else expect(Math.abs((zone.indicators[key] as number) - value), `${zone.id} ${key}`).toBeLessThanOrEqual(Math.abs(value) * 1e-3);
      }
    }
  });

  it('reports every industrial park of the atlas from a sample FlatGeobuf', async () => {
    const parks = await readAuthoredLayer('industrial-parks');
    const parcels = generateSampleParcels({ count: 2000, seed: 7, zones: [{ layer: 'industrial-parks', features: parks.features }] });
    const file = path.join(scratch, 'parks-sample.fgb');
    writeFileSync(file, writeFlatGeobuf(parcels, { title: 'synthetic sample parcels (test)' }));
    const result = run(file, '--zones', 'industrial-parks');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The same from the built bundle (`node scripts/cli/launch.mjs`, as `npm run intensity`):
    // the FlatGeobuf importer is a chunk loaded on demand there (issue 12).
    const built = spawnSync('node', [path.join(ROOT, 'scripts', 'cli', 'launch.mjs'), 'intensity', file, '--zones', 'industrial-parks'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(built.stderr).toBe('');
    expect(built.stdout).toBe(result.stdout);
    const output = JSON.parse(result.stdout) as CliOutput;
    expect(output.zones.map((zone) => zone.id)).toEqual(parks.features.features.map((feature) => feature.properties?.id));
    for (const zone of output.zones) {
      expect(zone.layer).toBe('industrial-parks');
      expect(zone.area_m2).toBeGreaterThan(0);
      for (const spec of ['land_development_rate', 'land_supply_rate', 'land_built_rate', 'industrial_land_ratio', 'idle_land_rate']) {
        const value = zone.indicators[spec];
        // The generator fills every park, so the rates exist and are shares.
        expect(value, `${zone.id} ${spec}`).not.toBeNull();
        expect(value as number).toBeGreaterThanOrEqual(0);
        expect(value as number).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('intensity CLI, bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['no file', [], /parcel file/],
    ['a missing file', [path.join(scratch, 'missing.geojson')], /Cannot read/],
    ['an unknown zone layer', [path.join(PARCELS, 'small.geojson'), '--zones', 'parks'], /--zones must be/],
    ['both --zones and --zones-file', [path.join(PARCELS, 'small.geojson'), '--zones', 'industrial-parks', '--zones-file', path.join(PARCELS, 'small-zones.geojson')], /either --zones or --zones-file/],
    ['parcels without land use / status', [path.join(PARCELS, 'bad-attributes.geojson')], /bad-attributes\.geojson: parcel 2 \(id B2\): Land use value <b>factory<\/b> is not one of/],
    ['point parcels', [path.join(PARCELS, 'points.geojson')], /must be polygons/],
    ['a negative floor area', [path.join(PARCELS, 'negative-figure.geojson')], /not a non-negative number/],
    ['an unknown option', [path.join(PARCELS, 'small.geojson'), '--zone', 'industrial-parks'], /Bad command-line arguments/],
    ['a zone file with no polygons', [path.join(PARCELS, 'small.geojson'), '--zones-file', path.join(PARCELS, 'points.geojson')], /holds no polygons/],
  ];
  for (const [label, args, message] of cases) {
    it(`fails readably on ${label}`, () => {
      const result = run(...args);
      expect(result.status).not.toBe(0);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('adds the land_use/status note to attribute errors only, not to geometry errors (code review finding 12)', () => {
    const attribute = run(path.join(PARCELS, 'bad-attributes.geojson'));
    expect(attribute.stderr).toMatch(/Parcels need land_use and status attributes/);
    expect(attribute.stderr).toMatch(/地块须有 land_use 与 status 属性/);
    const geometry = run(path.join(PARCELS, 'points.geojson'));
    expect(geometry.status).not.toBe(0);
    expect(geometry.stderr).toMatch(/must be polygons/);
    expect(geometry.stderr).not.toMatch(/land_use/);
  });

  it('fails readably on an empty file', () => {
    const file = path.join(scratch, 'empty.geojson');
    writeFileSync(file, '');
    const result = run(file);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
