/**
 * CLI and app give the same reference findings (issue 10 "CLI parity"). The same bureau
 * layers (tests/fixtures/bureau: 生态保护红线, 城镇开发边界, 三调地类图斑, roles as in its
 * profile.json) and the same sites go through
 *  - the review CLI: `scripts/cli/review.ts <sites> --layer <file>:<role> … --jsonl`, which
 *    reads each file with the import registry and keeps it in memory; and
 *  - the app's worker code path in process (src/worker/in-process-analysis.ts over a memory
 *    reference store): importReference (import registry → indexed FlatGeobuf → store), the
 *    role set as in the profile, then review(site), which reads each layer's candidates back
 *    from the stored FlatGeobuf by bounding box.
 * Every section must match: layer name and role, finding ids, classes and severities, each
 * area (overlap_m2, outside_m2, total, per-class sums) within 1e-6 relative — a 1 % change
 * in any one area fails — and the verdict.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';
import type { ReferenceRole, ReviewProfile } from '../../src/analysis/review/reference-types';
import { memoryBackend, ReferenceStore } from '../../src/records/reference-store';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';
import type { StyledLayerConfig } from '../../src/records/profile-bundle';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const BUREAU = path.join(ROOT, 'tests/fixtures/bureau');
const profile = JSON.parse(readFileSync(path.join(BUREAU, 'profile.json'), 'utf8')) as ReviewProfile;
const allSites = JSON.parse(readFileSync(path.join(BUREAU, 'sites.geojson'), 'utf8')) as FeatureCollection;

/** Sites over the three layers: development-boundary edge and hole, red line (across 121.5°E), 三调 classes, a concave star. */
const SITE_IDS = ['s01', 's03', 's09', 's12', 's14', 's21'];
const sites = SITE_IDS.map((id) => allSites.features.find((feature) => feature.properties?.id === id)!);
/** Layers by profile id, with the CLI's `--layer` role text for the profile's role. */
const LAYERS: { id: string; option: (role: ReferenceRole) => string }[] = [
  { id: 'stbhhx', option: () => 'prohibited' },
  { id: 'czkfbj', option: (role) => `inside:${(role as { severity: string }).severity}` },
  { id: 'dltb', option: (role) => { const classes = role as { field: string; review?: string[] }; return `classes:${classes.field}:review=${(classes.review ?? []).join(',')}`; } },
];
const configs = LAYERS.map((layer) => ({ ...layer, config: profile.layers.find((entry) => entry.id === layer.id)! }));

interface Finding { id: string; name: string | null; class?: string; overlap_m2?: number; outside_m2?: number; distance_m?: number; severity: string }
interface Section {
  name: string;
  role: string;
  source: { file: string; features: number; crs: string };
  findings: Finding[];
  total_overlap_m2?: number;
  outside_m2?: number;
  classes?: { class: string; overlap_m2: number; severity: string }[];
}
interface Report { verdict: string; reference: Section[] }

/** Equal within 1e-6 relative (0.001 m² absolute near zero): the same numbers, whatever the path. */
function sameArea(cli: number | undefined, app: number | undefined, label: string): void {
  expect(app === undefined, `${label}: present in one path only`).toBe(cli === undefined);
  if (cli === undefined || app === undefined) return;
  expect(Math.abs(cli - app), `${label}: CLI ${cli} m² vs app ${app} m²`).toBeLessThanOrEqual(Math.max(1e-3, Math.abs(cli) * 1e-6));
}

function compareSections(cli: Section[], app: Section[], site: string): void {
  expect(app.map((section) => section.name), site).toEqual(cli.map((section) => section.name));
  cli.forEach((wanted, index) => {
    const got = app[index];
    const label = `${site} ${wanted.name}`;
    expect(got.role, label).toBe(wanted.role);
    expect({ file: got.source.file, features: got.source.features, crs: got.source.crs }, label).toEqual(wanted.source);
    expect(got.findings.map((finding) => [finding.id, finding.class ?? null, finding.severity]), label).toEqual(wanted.findings.map((finding) => [finding.id, finding.class ?? null, finding.severity]));
    wanted.findings.forEach((finding, at) => {
      sameArea(finding.overlap_m2, got.findings[at].overlap_m2, `${label} ${finding.id} overlap`);
      sameArea(finding.outside_m2, got.findings[at].outside_m2, `${label} ${finding.id} outside`);
    });
    sameArea(wanted.total_overlap_m2, got.total_overlap_m2, `${label} total`);
    sameArea(wanted.outside_m2, got.outside_m2, `${label} outside`);
    expect((got.classes ?? []).map((entry) => [entry.class, entry.severity]), label).toEqual((wanted.classes ?? []).map((entry) => [entry.class, entry.severity]));
    (wanted.classes ?? []).forEach((entry, at) => sameArea(entry.overlap_m2, got.classes![at].overlap_m2, `${label} class ${entry.class}`));
  });
}

/** The chosen sites, written to a file of their own: both paths read the sites from it. */
const sitesFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'atlas-parity-')), 'sites.geojson');
writeFileSync(sitesFile, JSON.stringify({ type: 'FeatureCollection', features: sites }));

/** The CLI's reports, one per site (--jsonl). */
function cliReports(): Report[] {
  const layerArgs = configs.flatMap(({ config, option }) => ['--layer', `${path.join(BUREAU, config.source.file)}:${option(config.role)}:name=${config.name}`]);
  const result = spawnSync(TSX, ['scripts/cli/review.ts', sitesFile, ...layerArgs, '--jsonl'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 28 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Report);
}

/** The app's reports: the worker's operations in process, layers imported into a memory store. */
async function appReports(): Promise<Report[]> {
  const store = new ReferenceStore(memoryBackend());
  const analysis = createInProcessAnalysis({ openReferenceStore: async () => store, layerSource: async () => readAuthoredLayers() });
  const loaded = await analysis.loadAtlasLayers('file:///atlas/data/catalog.json');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  for (const { config } of configs) {
    const imported = await analysis.importReference(new Uint8Array(readFileSync(path.join(BUREAU, config.source.file))), { fileName: config.source.file, name: config.name });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const changed = await analysis.updateReference({ ...(imported.value.config as StyledLayerConfig), role: config.role });
    if (!changed.ok) throw new Error(JSON.stringify(changed.error));
  }
  // Sites are imported as the app imports a site file (the CLI reads it the same way):
  // the import cleans rings (repeated vertices, orientation), which moves edges by slivers.
  const imported = await analysis.importFile(new Uint8Array(readFileSync(sitesFile)), { fileName: 'sites.geojson' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  expect(imported.value.features.features.map((feature) => feature.properties?.id)).toEqual(SITE_IDS);
  const reports: Report[] = [];
  for (const site of imported.value.features.features) {
    const reviewed = await analysis.review(site as Feature);
    if (!reviewed.ok) throw new Error(JSON.stringify(reviewed.error));
    reports.push(reviewed.value as unknown as Report);
  }
  return reports;
}

describe('reference findings: CLI and app worker path agree (issue 10)', () => {
  it(`sites ${SITE_IDS.join(', ')} × 生态保护红线, 城镇开发边界, 三调地类图斑`, async () => {
    const [cli, app] = [cliReports(), await appReports()];
    expect(cli.length).toBe(sites.length);
    expect(app.length).toBe(sites.length);
    let findings = 0;
    sites.forEach((site, index) => {
      const id = String(site.properties?.id);
      expect(cli[index].reference.length, id).toBe(LAYERS.length);
      compareSections(cli[index].reference, app[index].reference, id);
      expect(app[index].verdict, `${id} verdict`).toBe(cli[index].verdict);
      findings += cli[index].reference.reduce((sum, section) => sum + section.findings.length, 0);
    });
    // Not vacuous: the sites do meet the layers (red line, boundary, 三调 classes).
    expect(findings).toBeGreaterThan(10);
    expect(cli.some((report) => report.reference.some((section) => (section.classes ?? []).length > 1))).toBe(true);
  }, 300_000);
});
