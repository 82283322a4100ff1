/**
 * Issue 10 — the review against a bureau's own layers, in the browser, driven as a reviewer
 * would (tests/e2e/reference-driver.ts): the synthetic 永久基本农田 Shapefile (≥ 50,000
 * polygons, EPSG:4528, GBK; scripts/bureau/make-bureau-dataset.sh) is added through the layer
 * panel (progress shown; the longest main-thread block while it imports is measured with a
 * `longtask` PerformanceObserver and printed), set to "prohibited", a site is pasted across it
 * as a 界址点 table, and the conflict is seen drawn and listed in 亩; after a reload the layer
 * and the profile are still there; the print has the section; the profile bundle exported and
 * imported into a clean browser context gives identical findings.
 *
 * Expected overlaps come from GDAL/OGR + Shapely (scripts/expected/make-reference-layers-e2e.py
 * → tests/fixtures/e2e/expected-reference-layers.json), never from the app.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserPages, type RecordedPage } from './browser';
import { ReferenceDriver } from './reference-driver';
import { expected, withinTolerance } from './expected-reference-layers';
import { PRINT_LAYER_IDS } from '../../src/print/print-layers';

const root = path.resolve(import.meta.dirname, '../..');
const LAYER_FILE = path.join(root, 'tests/fixtures/bureau/YJJBNTBHTB.zip');
const PROFILE_NAME = '乳山市 审查方案（浏览器测试）';
// A file named by its database code starts with what the code holds in front (presets.ts defaultLayerName).
const LAYER_NAME = `永久基本农田（${expected.layer_file.replace(/\.zip$/i, '')}）`;

describe('reference layers in Chromium', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();
  const scratch = mkdtempSync(path.join(tmpdir(), 'reference-e2e-'));
  const view = `map=15.00/${expected.site_centre_lonlat[1]}/${expected.site_centre_lonlat[0]}`;
  let recorded: RecordedPage;
  let driver: ReferenceDriver;
  let layerId = '';
  let recordId = '';
  let findingsInFirstBrowser: { id: string; overlap: number | null }[] = [];
  let bundlePath = '';

  const start = async () => {
    recorded = await pages.fresh({ width: 1400, height: 900 });
    recorded.page.on('dialog', (dialog) => void dialog.accept());
    driver = new ReferenceDriver(recorded.page, baseURL);
  };

  /** Pastes the site's 界址点 table and waits for its review. */
  const reviewSite = async () => {
    await driver.review.pasteTable(expected.site_table);
    expect(await driver.review.previewCrs()).toBe(expected.projected_crs);
    await driver.review.acceptImport();
    await driver.review.waitForReview();
  };

  it('refuses a damaged file with the importer’s message, and a cancelled import stores nothing', async () => {
    await start();
    await driver.review.open(view);
    const broken = await driver.addLayer(path.join(root, 'tests/fixtures/import/bad-truncated.zip'));
    expect(broken.phase).toBe('error');
    expect(await driver.importError()).toMatch(/bad-truncated\.zip/);
    await driver.closeImport();

    await driver.startAddingLayer(LAYER_FILE);
    await driver.cancelImport();
    // Long enough for the worker to have finished parsing had it not stopped: nothing was kept.
    await recorded.page.waitForTimeout(15_000);
    expect(await driver.layerNames()).toEqual([]);
    expect(await recorded.page.getByTestId('reference-import').count()).toBe(0);
    expect(recorded.errors).toEqual([]);
  }, 300_000);

  it('imports the 50,000-polygon Shapefile through the layer panel in the worker, with progress', async () => {
    await driver.review.open(view);
    await driver.watchLongTasks();
    const imported = await driver.addLayer(LAYER_FILE);
    if (imported.phase === 'error') throw new Error(await driver.importError());
    // The progress line went through the worker's stages (the page only ever held the file handle).
    expect(imported.stages).toEqual(expect.arrayContaining(['reading', 'parsing', 'indexing', 'storing']));
    // Long tasks while the file was read, parsed, indexed and stored (the import proper), and
    // in the seconds after, when the map draws the new layer's features in the view.
    await recorded.page.waitForTimeout(3000);
    const tasks = await driver.longTasks();
    const during = tasks.filter((task) => task.start + task.duration > imported.startedAt && task.start < imported.storedAt).map((task) => task.duration);
    const after = tasks.filter((task) => task.start >= imported.storedAt).map((task) => task.duration);
    const figures = await driver.importFigures();
    const longest = (list: number[]) => (list.length === 0 ? 0 : Math.max(...list)).toFixed(0);
    console.log(
      `[reference import] ${expected.layer_features.toLocaleString('en')} polygons in ${figures.seconds.at(-1)?.toFixed(1)} s ` +
        `(worker: read ${figures.timings?.read.toFixed(0)} ms, parse ${figures.timings?.parse.toFixed(0)} ms, index ${figures.timings?.index.toFixed(0)} ms, store ${figures.timings?.store.toFixed(0)} ms); ` +
        `longest main-thread block while importing: ${longest(during)} ms (${during.length} long tasks ≥ 50 ms); ` +
        `drawing the layer afterwards: longest ${longest(after)} ms (${after.length} long tasks; software WebGL)`,
    );
    expect(await driver.importedCrs()).toBe('EPSG:4528');
    await driver.confirmImport();

    const row = await driver.layerRow(LAYER_NAME);
    layerId = row.id;
    expect(row.file).toBe(expected.layer_file);
    expect(row.features).toBe(expected.layer_features);
    expect(row.crs).toBe('EPSG:4528');
    for (const field of expected.layer_fields) expect(row.fields).toContain(field);
    expect(row.added).toMatch(/\d{4}/);
    expect(await driver.storage()).toBe('opfs');
    expect(recorded.errors).toEqual([]);
  }, 600_000);

  it('sets the role, reviews a site across the layer and shows the conflict drawn and listed in 亩', async () => {
    // Changed away and back, so the role shown is the one chosen, not only the preset.
    await driver.setRole(LAYER_NAME, 'proximity');
    await driver.setRole(LAYER_NAME, 'prohibited');
    expect((await driver.layerRow(LAYER_NAME)).role).toBe('prohibited');
    await driver.setProfileName(PROFILE_NAME);

    await reviewSite();
    const section = await driver.reportSection(layerId);
    expect(withinTolerance(section.total ?? NaN, expected.total_overlap_m2)).toBe(true);
    expect(section.findings.map((finding) => finding.id).sort()).toEqual(expected.findings.map((finding) => finding.id).sort());
    // Listed as a reviewer reads them: the largest overlap first.
    const overlaps = section.findings.map((finding) => finding.overlap ?? 0);
    expect(overlaps).toEqual([...overlaps].sort((a, b) => b - a));
    // Named by the 图斑编号 (the preset for a layer with no name field) and placed by the
    // 坐落单位名称, as GDAL reads them from the GBK Shapefile.
    expect(section.namedBy).toContain('图斑编号 TBBH');
    for (const finding of expected.findings) {
      const shown = section.findings.find((candidate) => candidate.id === finding.id);
      expect(shown?.name, `parcel ${finding.id} name`).toBe(finding.tbbh);
      expect(shown?.place, `parcel ${finding.id} place`).toBe(finding.zldwmc);
    }
    // Named by the 标识码 BSM when the reviewer chooses it; then back to the automatic 图斑编号.
    await driver.setNameField(LAYER_NAME, layerId, 'BSM', '要素（标识码 BSM）');
    const byId = await driver.reportSection(layerId);
    expect(byId.findings.map((finding) => finding.name).sort()).toEqual(expected.findings.map((finding) => finding.id).sort());
    await driver.setNameField(LAYER_NAME, layerId, '', '图斑编号 TBBH');
    expect(await driver.row(LAYER_NAME).getByTestId('reference-name-field').locator('option').first().textContent()).toBe('自动（图斑编号 TBBH）');
    for (const finding of expected.findings) {
      const shown = section.findings.find((candidate) => candidate.id === finding.id);
      expect(withinTolerance(shown?.overlap ?? NaN, finding.overlap_m2), `parcel ${finding.id}: ${shown?.overlap} vs ${finding.overlap_m2} m²`).toBe(true);
    }
    // Listed in 亩 as a planner reads it (two decimals, zh-CN grouping).
    const mu = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(section.total! / (10_000 / 15));
    expect(Math.abs(section.total! / (10_000 / 15) - expected.total_overlap_mu)).toBeLessThan(Math.max(0.0015, expected.total_overlap_mu * 0.001));
    expect(section.text).toContain(`${mu} 亩`);
    expect(await driver.review.verdict()).toBe('non-compliant');
    const drawn = await driver.drawnCounts(layerId);
    expect(drawn.findings).toBeGreaterThan(0);
    expect(drawn.layer).toBeGreaterThan(0);
    findingsInFirstBrowser = section.findings;

    // The record keeps the profile's name, hash and the layer version it was reviewed with.
    // A decision names its reviewer (else it is refused before the reason is asked for).
    await driver.review.fillRecord({ reviewer: '审查员甲' });
    recordId = await driver.review.save();
    // Approving a non-compliant site without a written reason is refused, and the record stays pending.
    await recorded.page.getByTestId('review-status-approved').click();
    const notice = recorded.page.getByTestId('review-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/不符合.*审查意见/s);
    expect(await recorded.page.locator('[data-testid="review-record"] .status-badge').first().getAttribute('data-status')).toBe('pending');
    const set = JSON.parse((await driver.review.exportReviewSet()).text) as { features: { id: string; properties: { reviewProfile?: { name: string; hash: string; layers: { id: string; hash: string }[] } } }[] };
    const stamp = set.features.find((feature) => feature.id === recordId)?.properties.reviewProfile;
    expect(stamp?.name).toBe(PROFILE_NAME);
    expect(stamp?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await recorded.page.getByTestId('reference-profile-hash').getAttribute('title')).toBe(stamp?.hash);
    expect(stamp?.layers.map((layer) => layer.id)).toEqual([layerId]);
    expect(stamp?.layers[0].hash).toMatch(/^[0-9a-f]{64}$/);
    // With the reason written, the approval is recorded (and the print says it overrode the verdict).
    await driver.review.showTab('site');
    await driver.review.fillRecord({ notes: '经论证同意占用，已办理占补平衡手续（测试）' });
    await driver.review.decide('approved');
    expect(recorded.errors).toEqual([]);
  }, 300_000);

  it('prints the reference section', async () => {
    await driver.review.openPrintView(recordId);
    const printed = recorded.page.getByTestId('print-document').getByTestId(`reference-section-${layerId}`);
    await printed.waitFor();
    expect(withinTolerance(Number(await printed.getAttribute('data-total-m2')), expected.total_overlap_m2)).toBe(true);
    expect(await printed.textContent()).toContain(expected.layer_file);
    // Named as the panel names it: what the code holds, then the code.
    expect(await printed.textContent()).toContain(LAYER_NAME);
    // The printed map draws the layer the review read, and its legend names it.
    expect(await recorded.page.getByTestId('print-legend-reference').allTextContents()).toEqual([LAYER_NAME]);
    // The legend lists the atlas's layers the frame shows, and only those: as GDAL finds them
    // in the built layer files within the frame the map drew (exact intersection, OGR's
    // spatial filter; ogrinfo lists each feature it keeps).
    const frame = ((await recorded.page.getByTestId('print-map-image').getAttribute('data-bounds')) ?? '').split(',').map(Number);
    expect(frame).toHaveLength(4);
    // A layer drawn as a faint tint with an outline (the counties, 4 %) is in the frame when its
    // outline is: GDAL's SQLite dialect, ST_Boundary against the frame.
    const faint = (id: string) => {
      const style = (JSON.parse(readFileSync(path.join(root, 'layers', id, 'layer.json'), 'utf8')) as { style: { type: string; fillOpacity?: number } }).style;
      return style.type === 'fill' && (style.fillOpacity ?? 0.5) < 0.1;
    };
    const inFrame = PRINT_LAYER_IDS.filter((id) => id !== 'basemap-land').filter((id) => {
      const file = path.join(root, 'public/data', `${id}.fgb`);
      const args = faint(id)
        ? ['-ro', '-q', '-dialect', 'SQLite', '-sql', `SELECT 1 FROM "${id}" WHERE ST_Intersects(ST_Boundary(geometry), BuildMbr(${frame.join(', ')}))`, file]
        : ['-ro', '-q', '-spat', ...frame.map(String), file, id];
      return /OGRFeature/.test(execFileSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    });
    const legendLayers = await recorded.page.getByTestId('print-legend-layer').evaluateAll((items) => items.map((item) => item.getAttribute('data-layer-id')));
    expect(legendLayers.sort()).toEqual([...inFrame].sort());
    expect(legendLayers.length, 'a 1 km frame in the countryside does not show every layer').toBeLessThan(PRINT_LAYER_IDS.length - 1);
    // The review's own marks as drawn: the site and its overlaps with the farmland; no part to check (the layer is prohibited).
    const marks = await recorded.page.getByTestId('print-legend-mark').evaluateAll((items) => items.map((item) => item.getAttribute('data-mark')));
    expect(marks).toEqual(expect.arrayContaining(['site', 'conflict']));
    expect(marks).not.toContain('review');
    // The approval of a non-compliant site is said to go against the verdict, where the verdict is; and there is a place to sign.
    expect(await recorded.page.getByTestId('print-against-verdict').textContent()).toMatch(/通过.*不一致.*审查意见/);
    expect(await recorded.page.getByTestId('print-signature').textContent()).toContain('审查人（签字）');
    // The data sources name the bureau's layer the refusal rests on (file, version), not only
    // the atlas's layers, and the disclaimer speaks for both kinds of data.
    const sourceRow = recorded.page.locator(`[data-testid="print-provenance-table"] tr[data-reference-layer="${layerId}"]`);
    expect(await sourceRow.textContent()).toContain(expected.layer_file);
    expect(await recorded.page.getByTestId('print-disclaimer').getAttribute('data-disclaimer')).toBe('print.disclaimerMixed');
    // On paper the long findings table runs on from the page the section starts on (its head
    // repeated), instead of the whole section being pushed on, leaving a page mostly blank.
    const pdfPath = path.join(scratch, 'reference-report.pdf');
    await recorded.page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1]);
    const pages = Array.from({ length: pageCount }, (_, index) => execFileSync('pdftotext', ['-f', String(index + 1), '-l', String(index + 1), '-layout', pdfPath, '-'], { encoding: 'utf8' }));
    // The section's source line is the first place the file name is printed (the data sources
    // at the end name it again).
    const starts = pages.findIndex((text) => text.includes(expected.layer_file));
    expect(starts, 'the page the reference section starts on').toBeGreaterThanOrEqual(0);
    // No page but the last is left mostly blank: the lowest text of each reaches 60 % of the page
    // (pushed whole, the section left the page before it filled to less than a third; a short
    // section kept whole may leave a few lines free).
    for (let page = 1; page < pageCount; page++) {
      const boxes = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdfPath, '-'], { encoding: 'utf8' });
      const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(boxes)?.[1]);
      const lowest = Math.max(...[...boxes.matchAll(/yMax="([\d.]+)"/g)].map((match) => Number(match[1])));
      expect(lowest / height, `page ${page} of ${pageCount} filled to`).toBeGreaterThan(0.6);
    }
    // Rows are told by their 图斑编号, each printed once.
    const rowsOn = (text: string) => expected.findings.reduce((count, finding) => count + (text.match(new RegExp(`(?<!\\d)${finding.tbbh}(?!\\d)`, 'g')) ?? []).length, 0);
    expect(rowsOn(pages[starts]), 'findings rows under the section head').toBeGreaterThan(0);
    expect(rowsOn(pages.join('\n')), 'every finding printed once').toBe(expected.findings.length);
  }, 300_000);

  it('keeps the layer, a new name given to it and the profile across a reload', async () => {
    await driver.review.open(view);
    await recorded.page.getByTestId('reference-list').waitFor();
    const renamed = '乳山市永久基本农田（2025 年更新）';
    await driver.rename(LAYER_NAME, renamed);
    await driver.review.open(view);
    await recorded.page.getByTestId('reference-list').waitFor();
    expect(await driver.layerNames()).toEqual([renamed]);
    // An emptied name is not stored: the current one comes back.
    await driver.rename(renamed, '   ');
    expect(await driver.layerNames()).toEqual([renamed]);
    expect(await driver.row(renamed).getByTestId('reference-rename').inputValue()).toBe(renamed);
    await driver.rename(renamed, LAYER_NAME);
    await driver.review.open(view);
    await recorded.page.getByTestId('reference-list').waitFor();
    expect(await driver.layerNames()).toEqual([LAYER_NAME]);
    expect(await driver.profileName()).toBe(PROFILE_NAME);
    const row = await driver.layerRow(LAYER_NAME);
    expect(row.role).toBe('prohibited');
    expect(row.features).toBe(expected.layer_features);
  }, 300_000);

  it('exports the profile bundle and, imported into a clean browser, gives identical findings', async () => {
    const bundle = await driver.exportProfile();
    expect(bundle.name).toMatch(/\.review-profile\.zip$/);
    bundlePath = path.join(scratch, bundle.name);
    writeFileSync(bundlePath, bundle.bytes);

    await start(); // a new browser context: empty OPFS and IndexedDB
    await driver.review.open(view);
    expect(await driver.layerNames()).toEqual([]);
    await driver.importProfile(bundlePath);
    expect(await driver.profileName()).toBe(PROFILE_NAME);
    const row = await driver.layerRow(LAYER_NAME);
    expect(row.id).toBe(layerId);
    expect(row.role).toBe('prohibited');
    await reviewSite();
    const section = await driver.reportSection(layerId);
    expect(section.findings).toEqual(findingsInFirstBrowser);
    expect(recorded.errors).toEqual([]);
    rmSync(scratch, { recursive: true, force: true });
  }, 600_000);
});
