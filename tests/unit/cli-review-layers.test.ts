/**
 * The review CLI with reference layers (issue 10 "CLI parity and batch"): `--layer` and
 * `--profile` on the small hand-made layers of scripts/expected/make-rule-fixtures.py give
 * the findings Shapely/pyproj give (tests/fixtures/expected/review-rules.json), in the JSON
 * shape the issue specifies; `--jsonl` prints one report per line; `--progress` reports on
 * stderr; a bad `--layer` is one bilingual line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { writeFlatGeobuf } from '../../src/data/fgb-writer';
import { writeProfileBundle } from '../../src/records/profile-bundle';
import type { ReviewProfile } from '../../src/analysis/review/reference-types';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const RULES = 'tests/fixtures/review-rules';
const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/review-rules.json'), 'utf8'));

function review(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/cli/review.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Section {
  layer: string;
  name: string;
  role: string;
  source: { file: string; features: number; crs: string };
  findings: { id: string; name: string | null; class?: string; overlap_m2?: number; outside_m2?: number; distance_m?: number; geometry?: unknown }[];
  total_overlap_m2?: number;
  outside_m2?: number;
}

function within(actual: number | undefined, wanted: number, label: string) {
  expect(actual, label).toBeDefined();
  expect(Math.abs((actual as number) - wanted), `${label}: ${actual} vs ${wanted}`).toBeLessThanOrEqual(Math.max(1, wanted * 1e-3));
}

/** The reference sections of the one report, checked against Shapely. */
function checkSections(reference: Section[], ids: Record<string, string>) {
  const section = (key: string) => reference.find((item) => item.layer === ids[key]) as Section;
  const prohibited = section('prohibited');
  expect(prohibited.role).toBe('prohibited');
  expect(prohibited.source).toEqual({ file: 'yjjbnt.geojson', features: 3, crs: 'EPSG:4490' });
  expect(prohibited.findings.map((finding) => finding.id)).toEqual(['JB-A', 'JB-B']);
  prohibited.findings.forEach((finding, index) => within(finding.overlap_m2, expected.prohibited.findings[index].overlap_m2, finding.id));
  within(prohibited.total_overlap_m2, expected.prohibited.total_overlap_m2, 'total');
  expect(prohibited).not.toHaveProperty('outside_m2');
  expect(prohibited.findings[0]).not.toHaveProperty('distance_m');

  within(section('inside').outside_m2, expected.inside.outside_m2, 'outside');
  const classes = section('classes');
  for (const finding of classes.findings) {
    const want = expected.classes.findings.find((item: { id: string }) => item.id === finding.id);
    expect(finding.class).toBe(want.class);
    within(finding.overlap_m2, want.overlap_m2, `class ${finding.id}`);
  }
  within(section('line').findings[0].overlap_m2, expected.line.findings[0].overlap_m2, 'line');
  within(section('zone').findings[0].overlap_m2, expected.zone.findings[0].overlap_m2, 'zone');
  const nearest = section('proximity').findings[0];
  expect(nearest.id).toBe(expected.proximity.nearest.id);
  expect(Math.abs(nearest.distance_m! - expected.proximity.nearest.distance_m)).toBeLessThan(0.2);
}

describe('review CLI with reference layers', () => {
  it('--layer: every role on the hand-made layers equals Shapely/pyproj, in the issue’s JSON shape', () => {
    const run = review(
      `${RULES}/site.geojson`,
      '--layer', `${RULES}/yjjbnt.geojson:prohibited:name=jbnt`,
      '--layer', `${RULES}/czkfbj.geojson:inside:blocker`,
      '--layer', `${RULES}/dltb.geojson:classes:DLBM`,
      '--layer', `${RULES}/zones.geojson:zone:ZDCY`,
      '--layer', `${RULES}/railway.geojson:line:${expected.line.width_m}`,
      '--layer', `${RULES}/stations.geojson:proximity`,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = (JSON.parse(run.stdout) as { reports: { reference: Section[]; verdict: string; reasons: { code: string; severity: string; layer?: string }[]; conflicts: object[] }[] }).reports[0];
    checkSections(report.reference, { prohibited: 'jbnt', inside: 'czkfbj', classes: 'dltb', zone: 'zones', line: 'railway', proximity: 'stations' });
    expect(report.reference.find((item) => item.layer === 'jbnt')?.name).toBe('jbnt');
    // Geometry only with --geometry.
    for (const section of report.reference) for (const finding of section.findings) expect(finding).not.toHaveProperty('geometry');
    expect(report.verdict).toBe('non-compliant');
    // inside:blocker: the outside part is a blocker; classes:DLBM takes the preset's 耕地 01 → review.
    expect(report.reasons.find((reason) => reason.layer === 'czkfbj')?.severity).toBe('blocker');
    expect(report.reasons.find((reason) => reason.code === 'reference:dltb:0101')?.severity).toBe('review');
    for (const conflict of report.conflicts) expect(conflict).not.toHaveProperty('geometry');
  });

  it('--profile: a profile JSON with relative layer files gives the same findings; its builtInLayers [] leaves the atlas layers out', () => {
    const run = review(`${RULES}/site.geojson`, '--profile', `${RULES}/profile.json`, '--geometry');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = (JSON.parse(run.stdout) as { reports: { reference: Section[]; reasons: { code: string; severity: string }[] }[] }).reports[0];
    checkSections(report.reference, { prohibited: 'yjjbnt', inside: 'czkfbj', classes: 'dltb', zone: 'zones', line: 'railway', proximity: 'stations' });
    // --geometry: the overlap shapes are in the output.
    expect((report.reference[0].findings[0].geometry as { type: string }).type).toMatch(/Polygon/);
    // The built-in zones do not count: the zone reasons speak of the reference zone (56 %).
    expect(report.reasons.find((reason) => reason.code === 'partly-outside-zones')?.severity).toBe('review');
  });

  it('--profile: the app’s bundle (profile.json + layers/<id>.fgb) gives the same findings', async () => {
    const profile = JSON.parse(readFileSync(path.join(ROOT, RULES, 'profile.json'), 'utf8')) as ReviewProfile;
    const layers = new Map<string, Uint8Array>();
    for (const layer of profile.layers) {
      layers.set(layer.id, writeFlatGeobuf(JSON.parse(readFileSync(path.join(ROOT, RULES, layer.source.file), 'utf8')) as FeatureCollection));
    }
    const bundle = await writeProfileBundle({ profile, layers });
    expect(bundle.ok).toBe(true);
    if (!bundle.ok) return;
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'review-bundle-')), 'rules.review-profile.zip');
    writeFileSync(file, bundle.value);
    const run = review(`${RULES}/site.geojson`, '--profile', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = (JSON.parse(run.stdout) as { reports: { reference: Section[] }[] }).reports[0];
    checkSections(report.reference, { prohibited: 'yjjbnt', inside: 'czkfbj', classes: 'dltb', zone: 'zones', line: 'railway', proximity: 'stations' });
  });

  it('--jsonl: one report per line; --progress: "1/2 …" lines on stderr', () => {
    const run = review('tests/fixtures/review/sites-two-overlapping.geojson', '--layer', `${RULES}/stations.geojson:proximity`, '--jsonl', '--progress');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect((JSON.parse(line) as { reference: Section[] }).reference[0].role).toBe('proximity');
    expect(run.stderr.trim().split('\n').map((line) => line.split(' ')[0])).toEqual(['1/2', '2/2']);
  });

  it('--no-builtin: the marine-ranch overlap is listed but no longer decides the verdict', () => {
    const run = review('tests/fixtures/review/site-marine-ranch.geojson', '--no-builtin');
    expect(run.status).toBe(0);
    const report = (JSON.parse(run.stdout) as { reports: { verdict: string; conflicts: { layer: string }[] }[] }).reports[0];
    expect(report.conflicts.map((conflict) => conflict.layer)).toContain('marine-ranch');
    expect(report.verdict).not.toBe('non-compliant');
  });

  for (const [label, args, said] of [
    ['a --layer without a role', [`${RULES}/yjjbnt.geojson`], undefined],
    ['a line without a width', [`${RULES}/railway.geojson:line`], undefined],
    ['a missing layer file', [`${RULES}/no-such-file.geojson:prohibited`], undefined],
    // Two shapefiles in one zip would be merged into one role (三区三线 delivered as one zip).
    ['a zip of two shapefiles', ['tests/fixtures/import/parcels-two-layers.zip:prohibited'], /2 个图层（(west、east|east、west)）.*\| Error: .*2 layers \((west, east|east, west)\)/],
  ] as const) {
    it(`refuses ${label}: one zh+en line on stderr, exit 2, nothing on stdout`, () => {
      const run = review(`${RULES}/site.geojson`, '--layer', ...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^错误：.+ \| Error: .+/);
      if (said) expect(lines[0]).toMatch(said);
    });
  }
});
