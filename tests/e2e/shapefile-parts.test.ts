/**
 * A shapefile picked as its loose parts (parcel.shp, .shx, .dbf, .prj, .cpg chosen together,
 * no zip) in Chromium: as a site, the preview shows the .dbf's attributes and the .prj's CRS and
 * the review measures the parcel's area; as a reference layer, it is stored with its features;
 * two unrelated files are refused in both languages and nothing is imported.
 *
 * The loose parts are the members of the committed zips. Expected values come from outside the
 * app: the attributes from the GDAL source of the zip (tests/fixtures/import/source-parcels.geojson),
 * the area from shapely + pyproj (tests/fixtures/e2e/expected-site-review.json), the bureau
 * layer's feature count and fields from its profile (tests/fixtures/bureau/profile.json, as
 * `ogrinfo -so -al` reports).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowserPages } from './browser';
import { ReferenceDriver } from './reference-driver';
import { ReviewDriver } from './review-driver';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = (relative: string) => path.join(root, 'tests/fixtures', relative);

const sourceParcels = JSON.parse(readFileSync(fixture('import/source-parcels.geojson'), 'utf8')) as { features: { properties: Record<string, string> }[] };
const expectedSites = JSON.parse(readFileSync(fixture('e2e/expected-site-review.json'), 'utf8')) as {
  parcels: Record<string, { projected_crs: string; area_m2: number }>;
};
const bureauProfile = JSON.parse(readFileSync(fixture('bureau/profile.json'), 'utf8')) as {
  layers: { source: { file: string; features: number; crs: string }; fields: string[] }[];
};

/** The site panel's file input, given several files at once (the review driver picks one). */
class PartsReviewDriver extends ReviewDriver {
  async importFiles(paths: string[]): Promise<'preview' | 'error'> {
    await this.openPanel();
    await this.showTab('site');
    await this.page.getByTestId('review-file-input').setInputFiles(paths);
    const shown = this.page.locator('[data-testid="review-import"][data-phase="preview"], [data-testid="review-import"][data-phase="error"]');
    await shown.waitFor({ timeout: 90_000 });
    return (await shown.getAttribute('data-phase')) as 'preview' | 'error';
  }

  /** The attributes the preview lists for the chosen feature, as name → value. */
  async previewProperties(): Promise<Record<string, string>> {
    return this.page.locator('[data-testid="review-import-properties"] .property-row').evaluateAll((rows) =>
      Object.fromEntries(rows.map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? ''])),
    );
  }

  async previewText(): Promise<string> {
    return (await this.page.getByTestId('review-import').textContent()) ?? '';
  }

  async siteShown(): Promise<boolean> {
    return (await this.page.getByTestId('review-site').count()) > 0;
  }
}

/** The reference panel's file input, given several files at once. */
class PartsReferenceDriver extends ReferenceDriver {
  async addLayerFiles(paths: string[]): Promise<'confirm' | 'error'> {
    await this.page.getByTestId('reference-layers').scrollIntoViewIfNeeded();
    await this.page.getByTestId('reference-add-input').setInputFiles(paths);
    const done = this.page.locator('[data-testid="reference-import"][data-phase="confirm"], [data-testid="reference-import"][data-phase="error"]');
    await done.waitFor({ timeout: 120_000 });
    return (await done.getAttribute('data-phase')) as 'confirm' | 'error';
  }

  async layerCount(): Promise<number> {
    return this.page.locator('[data-testid^="reference-layer-"][data-layer-id]').count();
  }
}

/** Unpacks a committed zip into `folder`; the paths of its members, by extension. */
async function unpack(zipPath: string, folder: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const paths: Record<string, string> = {};
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = path.join(folder, entry.name);
    writeFileSync(target, await entry.async('nodebuffer'));
    paths[path.extname(entry.name).slice(1).toLowerCase()] = target;
  }
  return paths;
}

describe('a shapefile picked as its loose parts, in Chromium', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();
  const scratch = mkdtempSync(path.join(tmpdir(), 'shapefile-parts-e2e-'));
  let parcels: Record<string, string>;
  let czkfbj: Record<string, string>;

  beforeAll(async () => {
    // One folder per set, as a planner receives them.
    const parcelsFolder = path.join(scratch, 'parcels');
    const bureauFolder = path.join(scratch, 'bureau');
    mkdirSync(parcelsFolder);
    mkdirSync(bureauFolder);
    parcels = await unpack(fixture('import/parcels-4528-prj.zip'), parcelsFolder);
    czkfbj = await unpack(fixture('bureau/CZKFBJ.zip'), bureauFolder);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('as a site: the preview shows the .dbf attributes and the .prj CRS, and the review measures the parcel', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    const review = new PartsReviewDriver(recorded.page, baseURL);
    await review.open();
    expect(await review.importFiles([parcels.shp, parcels.shx, parcels.dbf, parcels.prj, parcels.cpg])).toBe('preview');
    expect(await review.previewFeatureCount()).toBe(sourceParcels.features.length);
    // Declared by the .prj (a lone .shp would have the CRS guessed from the numbers, with a warning).
    expect(await review.previewCrs()).toBe('EPSG:4528');
    // No "lone .shp" warning: the .dbf and the .prj came with it.
    const text = await review.previewText();
    expect(text).not.toMatch(/no \.dbf|no \.prj|没有 \.dbf|没有 \.prj/);
    await review.chooseFeature('乳山东地块');
    const east = sourceParcels.features.find((feature) => feature.properties.parcel_id === 'RS-B-02')!;
    expect(await review.previewProperties()).toEqual(east.properties);
    await review.acceptImport();
    await review.waitForReview();
    const site = expectedSites.parcels['RS-B-02'];
    expect(Math.abs((await review.areaSquareMetres()) - site.area_m2) / site.area_m2).toBeLessThan(5e-4);
    expect(await review.areaCrsText()).toContain(site.projected_crs);
    expect(recorded.errors).toEqual([]);
  });

  it('as a reference layer: stored with the features and fields of the bureau layer', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    const driver = new PartsReferenceDriver(recorded.page, baseURL);
    await driver.review.open();
    expect(await driver.addLayerFiles([czkfbj.shp, czkfbj.shx, czkfbj.dbf, czkfbj.prj, czkfbj.cpg])).toBe('confirm');
    const layer = bureauProfile.layers.find((entry) => entry.source.file === 'CZKFBJ.zip')!;
    expect(await driver.importedCrs()).toBe(layer.source.crs);
    await driver.confirmImport();
    const name = (await driver.layerNames()).find((shown) => shown.includes('CZKFBJ'));
    expect(name).toBeDefined();
    const row = await driver.layerRow(name!);
    expect(row.features).toBe(layer.source.features);
    expect(row.file).toContain('CZKFBJ.shp');
    for (const field of layer.fields) expect(row.fields).toContain(field);
    expect(recorded.errors).toEqual([]);
  });

  it('two unrelated files: refused in both languages, naming both, and nothing imported', async () => {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    const driver = new PartsReferenceDriver(recorded.page, baseURL);
    const review = new PartsReviewDriver(recorded.page, baseURL);
    await review.open();
    const unrelated = [fixture('import/parcels-4528.geojson'), fixture('import/boundary-points-zh.csv')];

    expect(await review.importFiles(unrelated)).toBe('error');
    const first = await review.importError();
    await review.atlas.switchLanguage();
    await recorded.page.getByTestId('review-import-error').filter({ hasNotText: first }).waitFor();
    const second = await review.importError();
    const [zh, en] = /[\u4e00-\u9fff]/.test(first) && !/not the parts/.test(first) ? [first, second] : [second, first];
    for (const text of [zh, en]) {
      expect(text).toContain('parcels-4528.geojson');
      expect(text).toContain('boundary-points-zh.csv');
    }
    expect(zh).toContain('不是同一个 Shapefile 的组成部分');
    expect(zh).toContain('请只选择一个文件');
    expect(en).toContain('not the parts of one shapefile');
    expect(en).toContain('Choose one file, or the parts of one shapefile');
    expect(await review.siteShown()).toBe(false);
    // Nothing to cure by another CRS or a repair.
    expect(await recorded.page.getByTestId('review-import-crs-select').count()).toBe(0);

    // The reference panel refuses them the same way, and stores nothing.
    expect(await driver.addLayerFiles(unrelated)).toBe('error');
    const refused = await driver.importError();
    expect(refused).toContain('parcels-4528.geojson');
    expect(refused).toContain('boundary-points-zh.csv');
    expect(refused).toMatch(/not the parts of one shapefile|不是同一个 Shapefile 的组成部分/);
    await driver.closeImport();
    expect(await driver.layerCount()).toBe(0);
    expect(recorded.errors).toEqual([]);
  });
});
