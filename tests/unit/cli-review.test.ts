/**
 * The `review` CLI end to end: runs `tsx scripts/cli/review.ts` on the fixtures and checks
 * the JSON shape, and that bad input gives one bilingual stderr line, a non-zero exit code,
 * no stack trace and nothing on stdout. Areas and overlaps are PostGIS's
 * (tests/fixtures/expected/review-overlaps.json, scripts/expected/make-review-fixtures.sh on the
 * shipped layers); 亩 follow from m² by definition (1 亩 = 10000/15 m², REFERENCE.md "Units");
 * each verdict is the README rule applied by that script to the PostGIS figures.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const FIXTURES = 'tests/fixtures/review';

type RailClass = 'urban' | 'suburban' | 'village' | 'other';
interface ExpectedSite {
  file: string;
  id: string;
  area_m2: number;
  overlaps: { layer: string; id: string; overlap_m2: number }[];
  other_sites: { id: string; overlap_m2: number }[];
  rail_overlap_m2: Record<RailClass, number>;
  rail_lines: { layer: string; id: string; overlap_m2: Record<RailClass, number> }[];
  verdict: Record<RailClass, string>;
}
/** The layers whose lines carry a railway safety protection zone. */
const RAILWAY_LAYERS = ['hsr-line', 'railways'];
const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/review-overlaps.json'), 'utf8')) as { sites: Record<string, ExpectedSite> };

/** 1 亩 = 10000/15 m² (REFERENCE.md "Units and coordinate systems"). */
const squareMetresToMu = (squareMetres: number) => (squareMetres * 15) / 10_000;

/** Within `tolerance` (relative) of `wanted`, or within `rounding` (absolute: the CLI prints 亩 to 0.001). */
function expectClose(actual: number, wanted: number, tolerance: number, what: string, rounding = 0): void {
  expect(Math.abs(actual - wanted), `${what}: ${actual} vs PostGIS ${wanted}`).toBeLessThanOrEqual(Math.max(Math.abs(wanted) * tolerance, rounding));
}

function review(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/cli/review.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('review CLI', () => {
  it('prints one JSON object with one report per polygon, shaped as issue 3 specifies', () => {
    const run = review(`${FIXTURES}/site-in-zone.geojson`, '--industry', '37', '--far', '1.2', '--coverage', '40%', '--office-share', '5', '--green', '0.15');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { reports: Record<string, unknown>[] };
    expect(Object.keys(output)).toEqual(['reports']);
    expect(output.reports).toHaveLength(1);
    const report = output.reports[0] as Record<string, any>;
    expect(report.input).toMatchObject({ file: 'site-in-zone.geojson', format: 'geojson' });
    expect(typeof report.input.crs).toBe('string');
    expect(typeof report.input.crs_detected).toBe('boolean');
    expect(typeof report.input.axis_swapped).toBe('boolean');
    for (const key of ['name', 'geometry', 'area_m2', 'area_m2_ellipsoidal', 'area_mu', 'area_ha', 'projected_crs', 'centroid', 'district']) {
      expect(report.site, key).toHaveProperty(key);
    }
    expect(report.site.geometry.type).toBe('Polygon');
    const wanted = EXPECTED.sites['site-in-zone'];
    expectClose(report.site.area_m2, wanted.area_m2, 1e-6, 'area_m2');
    expectClose(report.site.area_mu, squareMetresToMu(wanted.area_m2), 1e-6, 'area_mu', 0.0005);
    expectClose(report.site.area_ha, wanted.area_m2 / 10_000, 1e-6, 'area_ha');
    for (const key of ['zones', 'conflicts', 'proximity', 'controls', 'reasons']) expect(Array.isArray(report[key]), key).toBe(true);
    expect(report.zones[0]).toEqual(expect.objectContaining({ layer: expect.any(String), id: expect.any(String), overlap_m2: expect.any(Number), overlap_pct: expect.any(Number) }));
    expect(report.proximity.map((item: { layer: string }) => item.layer)).toEqual(expect.arrayContaining(['hsr-stations', 'ports', 'bridges', 'roads', 'towns']));
    expect(report.controls.map((check: { indicator: string }) => check.indicator)).toEqual(['floor-area-ratio', 'building-coverage', 'office-service-share', 'green-ratio']);
    expect(report.controls.find((check: { indicator: string }) => check.indicator === 'building-coverage').value).toBeCloseTo(0.4, 10);
    expect(report).not.toHaveProperty('candidates_tested');
  });

  // One run per fixture file; the default rail area class is "other" (README).
  const files = [...new Set(Object.values(EXPECTED.sites).map((site) => site.file))];
  for (const file of files) {
    it(`gives ${file} the PostGIS areas and overlaps and the verdict of the stated rule`, () => {
      const run = review(`${FIXTURES}/${file}`);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const reports = (JSON.parse(run.stdout) as { reports: { site: { area_m2: number; area_mu: number }; zones: { layer: string; id: string; overlap_m2: number }[]; conflicts: { layer: string; id: string; overlap_m2: number }[]; verdict: string }[] }).reports;
      const wanted = Object.values(EXPECTED.sites).filter((site) => site.file === file);
      expect(reports).toHaveLength(wanted.length);
      reports.forEach((report, index) => {
        const site = wanted[index];
        expect(report.verdict, `${file} ${site.id}`).toBe(site.verdict.other);
        expectClose(report.site.area_m2, site.area_m2, 1e-6, `${site.id} area_m2`);
        expectClose(report.site.area_mu, squareMetresToMu(site.area_m2), 1e-6, `${site.id} area_mu`, 0.0005);
        const found = [...report.zones, ...report.conflicts];
        for (const overlap of [...site.overlaps, ...site.other_sites.map((other) => ({ layer: 'sites-under-review', ...other }))]) {
          const entry = found.find((item) => item.layer === overlap.layer && item.id === overlap.id);
          expect(entry, `${site.id} ${overlap.layer}/${overlap.id}`).toBeDefined();
          expectClose(entry!.overlap_m2, overlap.overlap_m2, 1e-3, `${site.id} ${overlap.layer}/${overlap.id}`);
        }
        // Each railway's protection zone (hsr-line, railways) as PostGIS buffers it, and no other.
        const railways = site.rail_lines.filter((line) => line.overlap_m2.other > 0);
        expect(found.filter((item) => RAILWAY_LAYERS.includes(item.layer)).map((item) => `${item.layer}/${item.id}`).sort(), site.id)
          .toEqual(railways.map((line) => `${line.layer}/${line.id}`).sort());
        for (const line of railways) {
          const entry = found.find((item) => item.layer === line.layer && item.id === line.id)!;
          expectClose(entry.overlap_m2, line.overlap_m2.other, 1e-3, `${site.id} ${line.id} rail protection zone`);
        }
      });
    });
  }

  it('treats the other polygons of the file as sites under review', () => {
    const run = review(`${FIXTURES}/sites-two-overlapping.geojson`);
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { reports: { conflicts: { layer: string }[]; verdict: string }[] };
    expect(output.reports).toHaveLength(2);
    for (const [index, report] of output.reports.entries()) {
      expect(report.conflicts.map((conflict) => conflict.layer)).toContain('sites-under-review');
      expect(report.verdict).toBe(EXPECTED.sites[`sites-two-overlapping#s${index + 1}`].verdict.other);
    }
  });

  it('uses the chosen rail area class', () => {
    const run = review(`${FIXTURES}/site-crossing-hsr.geojson`, '--rail-class', 'urban');
    expect(run.status).toBe(0);
    const report = (JSON.parse(run.stdout) as { reports: { verdict: string; conflicts: { layer: string; overlap_m2: number; rule: { zh: string } }[] }[] }).reports[0];
    const wanted = EXPECTED.sites['site-crossing-hsr'];
    expect(report.verdict).toBe(wanted.verdict.urban);
    // 《铁路安全管理条例》第二十七条: 10 m in an urban area for high-speed rail, buffered by PostGIS.
    expectClose(report.conflicts.find((conflict) => conflict.layer === 'hsr-line')!.overlap_m2, wanted.rail_overlap_m2.urban, 1e-3, 'urban rail zone');
    expect(report.conflicts.find((conflict) => conflict.layer === 'hsr-line')?.rule.zh).toContain('10 米');
  });

  const badCases: [string, string[]][] = [
    ['broken JSON', [`${FIXTURES}/bad-not-json.geojson`]],
    ['an empty collection', [`${FIXTURES}/bad-empty.geojson`]],
    ['no polygon in the file', [`${FIXTURES}/bad-line-only.geojson`]],
    ['a missing file', [`${FIXTURES}/no-such-file.geojson`]],
    ['no file', []],
    ['an unknown option', [`${FIXTURES}/site-in-zone.geojson`, '--colour', 'red']],
    ['a bad rail class', [`${FIXTURES}/site-in-zone.geojson`, '--rail-class', 'downtown']],
    ['a non-numeric FAR', [`${FIXTURES}/site-in-zone.geojson`, '--far', 'high']],
    ['an unknown CRS', [`${FIXTURES}/site-in-zone.geojson`, '--crs', 'EPSG:9999']],
    ['a bad industry code', [`${FIXTURES}/site-in-zone.geojson`, '--industry', 'pharma']],
    // Code review finding 9: xmldom used to print its own "[xmldom fatalError]" lines first.
    ['an invalid KML', ['tests/fixtures/import/bad-invalid.kml']],
    // Finding 12: a bare 1 could be 100 % or 1 %.
    ['an ambiguous --coverage 1', [`${FIXTURES}/site-in-zone.geojson`, '--coverage', '1']],
    ['a declared but unsupported CRS', ['tests/fixtures/import/bad-xian80-2383.geojson']],
  ];
  for (const [label, args] of badCases) {
    it(`refuses ${label}: exit ≠ 0, one zh+en line on stderr, nothing on stdout`, () => {
      const run = review(...args);
      expect(run.status).not.toBe(0);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
      expect(lines[0]).toMatch(/Error: [A-Za-z-]/);
      expect(lines[0]).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });
  }

  it('reads ratios by the documented rule: 1.0 is a fraction, 1.5 and 100% are percent (finding 12)', () => {
    const coverage = (text: string) => {
      const run = review(`${FIXTURES}/site-in-zone.geojson`, '--coverage', text);
      expect(run.status, run.stderr).toBe(0);
      const report = (JSON.parse(run.stdout) as { reports: { controls: { indicator: string; value: number }[] }[] }).reports[0];
      return report.controls.find((check) => check.indicator === 'building-coverage')?.value;
    };
    expect(coverage('1.0')).toBeCloseTo(1, 10);
    expect(coverage('1.5')).toBeCloseTo(0.015, 10);
    expect(coverage('100%')).toBeCloseTo(1, 10);
    const help = review('--help');
    expect(help.stdout).toContain('a bare 1 is refused');
    expect(help.stdout).toContain('单独的 1 有歧义');
  });

  it('runs the same from its built bundle: the entry and the chunks each format loads on demand (issue 12)', () => {
    // `node scripts/cli/launch.mjs` builds build/cli/review.mjs (and build/cli/chunks/) when a
    // source is newer, as `npm run review` does; each format's importer and its libraries are
    // chunks of their own, so a chunk that fails to load or a path that no longer resolves
    // from build/cli/ shows here as a difference from the source run.
    const sites = [
      `${FIXTURES}/site-in-zone.geojson`,
      'tests/fixtures/import/parcels-multigeometry.kml',
      'tests/fixtures/import/parcels.kmz',
      'tests/fixtures/import/parcels-4528-prj.zip',
      'tests/fixtures/import/parcels-4528.dxf',
      'tests/fixtures/import/boundary-points-zh.csv',
      'tests/fixtures/import/parcels-4490.fgb',
    ];
    for (const site of sites) {
      const source = review(site);
      const built = spawnSync('node', ['scripts/cli/launch.mjs', 'review', site], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      expect(source.status, `${site}: ${source.stderr}`).toBe(0);
      expect(built.stderr, site).toBe(source.stderr);
      expect(built.status, site).toBe(0);
      expect(built.stdout, site).toBe(source.stdout);
    }
  });

  it('reviews a KML <MultiGeometry> of polygons as one MultiPolygon site (finding 5)', () => {
    const run = review('tests/fixtures/import/parcels-multigeometry.kml');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { reports: { site: { name: string; geometry: { type: string; coordinates: unknown[] } } }[] };
    expect(output.reports).toHaveLength(1);
    expect(output.reports[0].site.geometry.type).toBe('MultiPolygon');
    expect(output.reports[0].site.geometry.coordinates).toHaveLength(2);
    expect(output.reports[0].site.name).toBe('RS-AB-MULTI');
  });

  it('names a boundary-table (CSV) site by its parcel number and imports a repeated point with a warning (findings 2, 7)', () => {
    const run = review('tests/fixtures/import/boundary-points-repeated-vertex.csv');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { reports: { input: { warnings: { en: string }[] }; site: { name: string | null } }[] };
    expect(output.reports.map((report) => report.site.name)).toEqual(['RS-A-01', 'RS-B-02']);
    expect(output.reports[0].input.warnings.some((warning) => warning.en.includes('removed 1 repeated vertex (consecutive'))).toBe(true);
  });

  it('refuses a self-crossing site and says how to repair it; --repair splits it at the crossing, with a warning', () => {
    const refused = review('tests/fixtures/import/bad-bowtie.geojson');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('--repair');
    expect(refused.stderr).not.toMatch(/\n\s+at /u);
    const repaired = review('tests/fixtures/import/bad-bowtie.geojson', '--repair');
    expect(repaired.stderr).toBe('');
    expect(repaired.status).toBe(0);
    const output = JSON.parse(repaired.stdout) as { reports: { input: { warnings: { en: string }[] }; site: { geometry: { type: string; coordinates: unknown[] } } }[] };
    expect(output.reports).toHaveLength(1);
    expect(output.reports[0].site.geometry.type).toBe('MultiPolygon');
    expect(output.reports[0].site.geometry.coordinates).toHaveLength(2);
    expect(output.reports[0].input.warnings.some((warning) => warning.en.includes('split'))).toBe(true);
  });
});
