/**
 * Issue 12 — a bureau layer delivered as GeoJSON, read by the worker in pieces (a File read
 * slice by slice into an indexed FlatGeobuf, src/io/geojson-stream.ts), in Chromium. The
 * synthetic 永久基本农田 Shapefile (59,399 polygons, EPSG:4528, GBK) is turned into a ≈33 MB
 * GeoJSON by GDAL's `ogr2ogr` (which writes the `crs` member and UTF-8 text), added through the
 * layer panel, and a site pasted across it must give the findings GDAL/OGR + Shapely give for
 * the Shapefile (tests/fixtures/e2e/expected-reference-layers.json, as reference-layers.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowserPages } from './browser';
import { ReferenceDriver } from './reference-driver';
import { expected, withinTolerance } from './expected-reference-layers';

const root = path.resolve(import.meta.dirname, '../..');
const SHAPEFILE = path.join(root, 'tests/fixtures/bureau/YJJBNTBHTB.zip');

describe('a GeoJSON reference layer in Chromium, streamed by the worker', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();
  const scratch = mkdtempSync(path.join(tmpdir(), 'reference-geojson-e2e-'));
  const geojson = path.join(scratch, 'YJJBNTBHTB.geojson');

  beforeAll(() => {
    execFileSync('ogr2ogr', ['-f', 'GeoJSON', geojson, `/vsizip/${SHAPEFILE}`], { stdio: 'pipe' });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('refuses a layer with a self-crossing polygon, names it, and stores it split at the crossing when asked to repair', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    const driver = new ReferenceDriver(recorded.page, baseURL);
    await driver.review.open();
    const refused = await driver.addLayer(path.join(root, 'tests/fixtures/import/bad-bowtie.geojson'));
    expect(refused.phase).toBe('error');
    expect(await driver.importError()).toMatch(/BOWTIE-1/);
    // No coordinate system mends a crossing: no CRS chooser beside the repair.
    expect(await recorded.page.getByTestId('reference-import-crs-select').count()).toBe(0);
    await recorded.page.getByTestId('reference-import-repair').click();
    await recorded.page.locator('[data-testid="reference-import"][data-phase="confirm"]').waitFor({ timeout: 60_000 });
    await driver.confirmImport();
    const row = await driver.layerRow('bad-bowtie');
    expect(row.features).toBe(1);
    expect(recorded.errors).toEqual([]);
  });

  it('offers a CRS and the axis order for a layer refused in the wrong one, and stores it read in the one chosen', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    const driver = new ReferenceDriver(recorded.page, baseURL);
    await driver.review.open();
    const table = path.join(root, 'tests/fixtures/import/boundary-points-zh.csv');
    expect((await driver.addLayer(table)).phase).toBe('confirm');
    expect(await driver.importedCrs()).toBe('EPSG:4528');
    // Zone-40 numbers read in zone 41 land ≈ 113.3°E, far outside the region: refused, and
    // the refusal offers the chooser (a CRS can cure it).
    await recorded.page.getByTestId('reference-import-crs-select').selectOption('EPSG:4529');
    await recorded.page.locator('[data-testid="reference-import"][data-phase="error"]').waitFor({ timeout: 60_000 });
    expect(await driver.importError()).toMatch(/°E/);
    await recorded.page.getByTestId('reference-import-crs-select').selectOption('EPSG:4528');
    await recorded.page.locator('[data-testid="reference-import"][data-phase="confirm"]').waitFor({ timeout: 60_000 });
    expect(await driver.importedCrs()).toBe('EPSG:4528');
    // The axis order, the other usual cause. The table's columns are X (northing) then Y, as
    // Chinese surveys write them, so the box is ticked: unticked, the table is read as east
    // first, converts to no position at all and is refused with the box unticked; ticked again,
    // it is read as before.
    const axis = recorded.page.getByTestId('reference-import-axis');
    expect(await axis.isChecked()).toBe(true);
    await axis.uncheck();
    await recorded.page.locator('[data-testid="reference-import"][data-phase="error"]').waitFor({ timeout: 60_000 });
    expect(await driver.importError()).toMatch(/地球上的位置|no position on Earth/);
    expect(await axis.isChecked()).toBe(false);
    await axis.check();
    await recorded.page.locator('[data-testid="reference-import"][data-phase="confirm"]').waitFor({ timeout: 60_000 });
    expect(await axis.isChecked()).toBe(true);
    expect(await driver.importedCrs()).toBe('EPSG:4528');
    await driver.confirmImport();
    expect((await driver.layerRow('boundary-points-zh')).crs).toContain('4528');
    expect(recorded.errors).toEqual([]);
  });

  it('imports GDAL’s GeoJSON of the 59,399-polygon layer and finds what GDAL/Shapely find for the Shapefile', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    recorded.page.on('dialog', (dialog) => void dialog.accept());
    const driver = new ReferenceDriver(recorded.page, baseURL);
    await driver.review.open(`map=15.00/${expected.site_centre_lonlat[1]}/${expected.site_centre_lonlat[0]}`);

    const imported = await driver.addLayer(geojson);
    if (imported.phase === 'error') throw new Error(await driver.importError());
    // Read and parsed together, in pieces: the stream reports `parsing` with the bytes read and
    // never a `reading` stage of its own (the whole-file path reads the File first).
    expect(imported.stages).toEqual(expect.arrayContaining(['parsing', 'indexing', 'storing']));
    expect(imported.stages).not.toContain('reading');
    const figures = await driver.importFigures();
    console.log(
      `[reference import, GeoJSON] ${(statSync(geojson).size / 1e6).toFixed(1)} MB, ${expected.layer_features.toLocaleString('en')} polygons in ${figures.seconds.at(-1)?.toFixed(1)} s ` +
        `(worker: read + parse ${figures.timings?.parse.toFixed(0)} ms, index ${figures.timings?.index.toFixed(0)} ms, store ${figures.timings?.store.toFixed(0)} ms)`,
    );
    expect(await driver.importedCrs()).toBe('EPSG:4528'); // the crs member ogr2ogr wrote
    await driver.confirmImport();

    const row = await driver.layerRow('永久基本农田（YJJBNTBHTB）');
    expect(row.file).toBe('YJJBNTBHTB.geojson');
    expect(row.features).toBe(expected.layer_features);
    expect(row.crs).toBe('EPSG:4528');
    for (const field of expected.layer_fields) expect(row.fields).toContain(field);
    await driver.setRole('永久基本农田（YJJBNTBHTB）', 'prohibited');

    await driver.review.pasteTable(expected.site_table);
    expect(await driver.review.previewCrs()).toBe(expected.projected_crs);
    await driver.review.acceptImport();
    await driver.review.waitForReview();
    const section = await driver.reportSection(row.id);
    expect(withinTolerance(section.total ?? NaN, expected.total_overlap_m2)).toBe(true);
    expect(section.findings.map((finding) => finding.id).sort()).toEqual(expected.findings.map((finding) => finding.id).sort());
    for (const finding of expected.findings) {
      const shown = section.findings.find((candidate) => candidate.id === finding.id);
      expect(withinTolerance(shown?.overlap ?? NaN, finding.overlap_m2), `parcel ${finding.id}: ${shown?.overlap} vs ${finding.overlap_m2} m²`).toBe(true);
    }
    expect(await driver.review.verdict()).toBe('non-compliant');
    expect(recorded.errors).toEqual([]);
  }, 600_000);
});
