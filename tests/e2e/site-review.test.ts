/**
 * Issue 4 — site review in the browser, driven as a reviewer would (tests/e2e/review-driver.ts).
 * Expected zones and areas come from shapely + pyproj (scripts/expected/make-site-review-e2e.py)
 * and the boundary-point coordinates from PROJ cs2cs (tests/fixtures/import/expected.json),
 * never from the app.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newRecordedPage, type RecordedPage } from './browser';
import { ReviewDriver } from './review-driver';

const root = path.resolve(import.meta.dirname, '../..');
const importFixture = (name: string) => path.join(root, 'tests/fixtures/import', name);
const reviewFixture = (name: string) => path.join(root, 'tests/fixtures/review', name);

interface ExpectedSite {
  projected_crs: string;
  area_m2: number;
  zones: { layer: string; id: string; overlap_m2: number }[];
}
const expected = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/e2e/expected-site-review.json'), 'utf8')) as {
  parcels: Record<string, ExpectedSite>;
  drawn: Record<string, ExpectedSite & { corners: [number, number][] }>;
  misread_zone: { crs: string; region: { west: number; east: number; south: number; north: number }; lonlat: [number, number][] };
};
const projectedParcels = JSON.parse(readFileSync(importFixture('expected.json'), 'utf8')) as {
  parcels: { parcel_id: string; projected: Record<string, [number, number][]>; clockwise_from_north_west: number[] }[];
};

const offsetPoints = (
  JSON.parse(readFileSync(path.join(root, 'tests/fixtures/expected/crs-transforms.json'), 'utf8')) as {
    offsetSystems: { points: { wgs84: [number, number]; gcj02: [number, number]; bd09: [number, number] }[] };
  }
).offsetSystems.points;

const zoneIdsOf = (site: ExpectedSite) => site.zones.map((zone) => zone.id).sort();

/** Every format the engine reads, each holding parcel RS-B-02 (乳山东地块, in 乳山经济开发区). */
const FORMAT_FIXTURES: { format: string; file: string; feature: string }[] = [
  { format: 'GeoJSON', file: 'parcels-4528.geojson', feature: '乳山东地块' },
  { format: 'Shapefile (zip)', file: 'parcels-4528-prj.zip', feature: '乳山东地块' },
  { format: 'KML', file: 'parcels.kml', feature: '乳山东地块' },
  { format: 'KMZ', file: 'parcels.kmz', feature: '乳山东地块' },
  { format: 'DXF', file: 'parcels-4528.dxf', feature: 'RS-B-02' },
  { format: 'CSV boundary-point table', file: 'boundary-points-zh.csv', feature: 'RS-B-02' },
  { format: 'Excel boundary-point table', file: 'boundary-points-zh.xlsx', feature: 'RS-B-02' },
  { format: 'FlatGeobuf', file: 'parcels-4529.fgb', feature: '乳山东地块' },
];

describe('site review in Chromium', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let recorded: RecordedPage;
  let review: ReviewDriver;
  let dialogs: string[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'site-review-e2e-'));

  beforeAll(async () => {
    browser = await launchBrowser();
    recorded = await newRecordedPage(browser);
    recorded.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    review = new ReviewDriver(recorded.page, baseURL);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each(FORMAT_FIXTURES)('imports $format through the file input and reviews it against the right zones', async ({ file, feature }) => {
    await review.open();
    await review.reviewFile(importFixture(file), feature);
    const site = expected.parcels['RS-B-02'];
    expect(await review.zoneIds()).toEqual(zoneIdsOf(site));
    // Survey-table rounding (mm in the fixtures) moves the area by far less than 0.05 %.
    expect(Math.abs((await review.areaSquareMetres()) - site.area_m2) / site.area_m2).toBeLessThan(5e-4);
    expect(await review.areaCrsText()).toContain(site.projected_crs);
    expect(recorded.errors).toEqual([]);
  });

  it('shows the detected CRS with its reason and reads the file again in a CRS chosen by hand', async () => {
    await review.open();
    expect(await review.importFile(importFixture('boundary-points-zh.csv'))).toBe('preview');
    expect(await review.previewCrs()).toBe('EPSG:4528');
    expect(await recorded.page.getByTestId('review-import-crs-reason').textContent()).toMatch(/40/);
    await recorded.page.getByTestId('review-import-crs-select').selectOption('EPSG:4529');
    // Zone-40 numbers read in zone 41 land ≈ 113.3°E (pyproj, expected-site-review.json
    // "misread_zone"), far outside the region: the one right outcome is a refusal naming
    // where the points land.
    await expect.poll(async () => (await recorded.page.getByTestId('review-import').getAttribute('data-phase')) ?? '').toBe('error');
    const refusal = await review.importError();
    // Outside the region: the refusal offers another CRS and the axis order, the two usual causes.
    expect(await recorded.page.getByTestId('review-import-axis').count()).toBe(1);
    const landed = /(\d+\.\d+)°E, (\d+\.\d+)°N/.exec(refusal);
    expect(landed, refusal).not.toBeNull();
    const [lon, lat] = [Number(landed![1]), Number(landed![2])];
    const misread = expected.misread_zone;
    expect(lon < misread.region.west || lon > misread.region.east || lat < misread.region.south || lat > misread.region.north).toBe(true);
    // The position shown is one of the table's points as PROJ reads them in EPSG:4529 (to the 4 decimals shown).
    expect(misread.lonlat.some(([wantLon, wantLat]) => Math.abs(wantLon - lon) <= 0.00006 && Math.abs(wantLat - lat) <= 0.00006), `${lon}, ${lat}`).toBe(true);
    // Back to the right CRS: the preview returns.
    await recorded.page.getByTestId('review-import-crs-select').selectOption('EPSG:4528');
    await recorded.page.locator('[data-testid="review-import"][data-phase="preview"]').waitFor();
    expect(await review.previewCrs()).toBe('EPSG:4528');
    // Esc cancels the import: nothing was taken.
    await recorded.page.keyboard.press('Escape');
    await expect.poll(() => recorded.page.getByTestId('review-import').count()).toBe(0);
    expect(await recorded.page.getByTestId('review-site').count()).toBe(0);
  });

  it('shows the engine’s message for a broken file and keeps nothing of it', async () => {
    await review.open();
    expect(await review.importFile(importFixture('bad-open-polyline.dxf'))).toBe('error');
    expect(await review.importError()).toMatch(/bad-open-polyline\.dxf/);
    // Nothing to repair in an open polyline, and no CRS would mend it: neither is offered.
    expect(await recorded.page.getByTestId('review-import-repair').count()).toBe(0);
    expect(await recorded.page.getByTestId('review-import-crs-select').count()).toBe(0);
    expect(await recorded.page.getByTestId('review-import-axis').count()).toBe(0);
    await recorded.page.getByTestId('review-import-cancel').click();
    expect(await recorded.page.getByTestId('review-site').count()).toBe(0);
  });

  it('brings an imported site into view below the tool bar on a 1366 × 768 screen', async () => {
    const size = recorded.page.viewportSize();
    await recorded.page.setViewportSize({ width: 1366, height: 768 });
    try {
      await review.open();
      const file = path.join(root, 'tests/fixtures/review/site-in-zone.geojson');
      await review.reviewFile(file);
      const corners = (JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: { coordinates: [number, number][][] } }[] }).features[0].geometry.coordinates[0];
      // Once the camera has stopped: the site's highest vertex on screen and the bottom of the tool bar.
      await recorded.page.waitForFunction(() => !(window as unknown as { __atlas: { map: { isMoving(): boolean } } }).__atlas.map.isMoving());
      const { top, toolbarBottom, panelLeft } = await recorded.page.evaluate((points) => {
        const map = (window as unknown as { __atlas: { map: { project(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement } } }).__atlas.map;
        const box = map.getContainer().getBoundingClientRect();
        const ys = points.map((point) => map.project(point).y + box.top);
        const bar = document.querySelector('[data-testid="planner-toolbar"]')!.getBoundingClientRect();
        const panel = document.querySelector('[data-testid="review-panel"]')?.getBoundingClientRect();
        const xs = points.map((point) => map.project(point).x + box.left);
        return { top: Math.min(...ys), toolbarBottom: bar.bottom, panelLeft: panel ? panel.left - Math.max(...xs) : 0 };
      }, corners);
      expect(top, `site top ${top} px, tool bar bottom ${toolbarBottom} px`).toBeGreaterThan(toolbarBottom);
      expect(panelLeft, 'the site is left of the review panel').toBeGreaterThan(0);
    } finally {
      if (size) await recorded.page.setViewportSize(size);
    }
  });

  it('offers to repair a self-crossing boundary, and the repaired site says what was done', async () => {
    await review.open();
    expect(await review.importFile(importFixture('bad-bowtie.geojson'))).toBe('error');
    expect(await review.importError()).toMatch(/BOWTIE-1/);
    await recorded.page.getByTestId('review-import-repair').click();
    await recorded.page.locator('[data-testid="review-import"][data-phase="preview"]').waitFor();
    // The split is listed in the preview, once for its one crossing, into two polygons.
    expect(await recorded.page.getByTestId('review-import-warnings').textContent()).toMatch(/交点处拆分为 2 个面/);
    await review.acceptImport();
    await review.waitForReview();
    expect(await recorded.page.getByTestId('review-site').count()).toBe(1);
  });

  it('reviews a drawn polygon and follows a dragged vertex', async () => {
    const square = expected.drawn['drawn-square'];
    const edited = expected.drawn['drawn-square-edited'];
    // Centred west of the square so all of it is clear of the layer panel.
    await review.open('map=14.00/36.90200/121.54500');
    await review.drawPolygon(square.corners);
    await review.waitForReview();
    expect(await review.zoneIds()).toEqual(zoneIdsOf(square));
    // Clicks land on whole pixels (≈ 7 m at zoom 14): the area is right to within 1 %.
    expect(Math.abs((await review.areaSquareMetres()) - square.area_m2) / square.area_m2).toBeLessThan(0.01);
    expect(await review.isEditing()).toBe(true);

    const before = await review.reviewTimings();
    await review.dragVertex(square.corners[1], edited.corners[1], 16);
    await expect.poll(async () => Math.abs((await review.areaSquareMetres()) - edited.area_m2) / edited.area_m2, { timeout: 30_000 }).toBeLessThan(0.01);
    await review.waitForReview();
    expect(await review.zoneIds()).toEqual(zoneIdsOf(edited));

    const after = await review.reviewTimings();
    const during = after.latencies.slice(before.latencies.length);
    const sorted = [...during].sort((a, b) => a - b);
    console.log(
      `[review latency while dragging] ${after.submitted - before.submitted} reviews asked, ${after.delivered - before.delivered} shown, ` +
        `${after.superseded - before.superseded} dropped as stale; request→report median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
    );
    expect(after.delivered).toBeGreaterThan(before.delivered);
    expect(recorded.errors).toEqual([]);
  });

  it('reviews a drawn rectangle', async () => {
    const square = expected.drawn['drawn-square'];
    await review.open('map=14.00/36.90200/121.54500');
    await review.drawRectangle(square.corners[0], square.corners[2]);
    await review.waitForReview();
    expect(await review.zoneIds()).toEqual(zoneIdsOf(square));
    expect(Math.abs((await review.areaSquareMetres()) - square.area_m2) / square.area_m2).toBeLessThan(0.01);
  });

  it('reads a pasted boundary-point table like a file', async () => {
    const lines = readFileSync(importFixture('boundary-points-zh.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const table = [lines[0], ...lines.filter((line) => line.startsWith('RS-B-02'))].join('\n');
    await review.open();
    await review.pasteTable(table);
    expect(await review.previewCrs()).toBe('EPSG:4528');
    // The preview, too, calls the paste what it is, not by the file name it was read under.
    const heading = (await recorded.page.getByTestId('review-import-preview').locator('h3').first().textContent()) ?? '';
    expect(heading).toContain('粘贴的界址点坐标');
    expect(heading).not.toContain('.csv');
    await review.acceptImport();
    await review.waitForReview();
    const site = expected.parcels['RS-B-02'];
    expect(await review.zoneIds()).toEqual(zoneIdsOf(site));
    expect(Math.abs((await review.areaSquareMetres()) - site.area_m2) / site.area_m2).toBeLessThan(5e-4);
    // The source is called what it is, not by the file name the paste was read under.
    const source = (await recorded.page.getByTestId('review-site-source').textContent()) ?? '';
    expect(source).toContain('粘贴的界址点坐标');
    expect(source).not.toContain('.csv');
  });

  it('reads a pasted point list without a header row by its numbers, and says which columns it took', async () => {
    // "J1,X,Y" lines as survey software exports them (PROJ's coordinates of RS-B-02, EPSG:4529).
    const table = readFileSync(importFixture('boundary-points-headerless.csv'), 'utf8').trim();
    await review.open();
    await review.pasteTable(table);
    expect(await review.previewCrs()).toBe('EPSG:4529');
    const warnings = (await recorded.page.getByTestId('review-import-warnings').textContent()) ?? '';
    expect(warnings).toContain('表格没有表头，已按数值读取：第 2 列为北坐标（X），第 3 列为东坐标（Y），第 1 列为点号');
    await review.acceptImport();
    await review.waitForReview();
    const site = expected.parcels['RS-B-02'];
    expect(await review.zoneIds()).toEqual(zoneIdsOf(site));
    expect(Math.abs((await review.areaSquareMetres()) - site.area_m2) / site.area_m2).toBeLessThan(5e-4);
  });

  it('goes to a GCJ-02 (高德) coordinate and reviews a circle of the radius typed', async () => {
    const point = offsetPoints.find((entry) => entry.wgs84[0] === 121.52 && entry.wgs84[1] === 36.89)!;
    await review.open();
    const message = await review.goTo(`${point.gcj02[0]}, ${point.gcj02[1]}`, 'GCJ-02');
    const [lon, lat] = /([\d.]+)°E, ([\d.]+)°N/.exec(message)!.slice(1).map(Number);
    // Back from GCJ-02 to CGCS2000 within 1e-5° (≈ 1 m) of the published formulas.
    expect(Math.abs(lon - point.wgs84[0])).toBeLessThan(1e-5);
    expect(Math.abs(lat - point.wgs84[1])).toBeLessThan(1e-5);
    await review.goTo(`${point.gcj02[0]}, ${point.gcj02[1]}`, 'GCJ-02', 300);
    await review.waitForReview();
    // A 64-gon inscribed in a 300 m circle: π r² · (64 / 2π) · sin(2π / 64).
    const circle = Math.PI * 300 ** 2 * (64 / (2 * Math.PI)) * Math.sin((2 * Math.PI) / 64);
    expect(Math.abs((await review.areaSquareMetres()) - circle) / circle).toBeLessThan(5e-3);
  });

  it('keeps a saved site after a reload and in a new tab', async () => {
    await review.open('map=14.00/36.90200/121.54500');
    await review.drawPolygon(expected.drawn['drawn-square'].corners);
    await review.waitForReview();
    await review.fillRecord({ name: '测试项目 A', applicant: '乳山某公司', caseNumber: '乳自然资审〔2026〕17号', reviewer: '王审查', notes: '第一行\n第二行 "quoted" & <tag>' });
    const id = await review.save();
    expect(id).not.toBe('');

    await recorded.page.reload();
    await review.atlas.waitUntilReady();
    await recorded.page.getByTestId('review-site').waitFor();
    expect(await review.recordFieldValue('name')).toBe('测试项目 A');
    expect(await review.recordFieldValue('notes')).toBe('第一行\n第二行 "quoted" & <tag>');
    // The bureau's own case number is kept with the record and shown in the list.
    expect(await review.recordFieldValue('caseNumber')).toBe('乳自然资审〔2026〕17号');
    await review.waitForReview();
    expect(await review.zoneIds()).toEqual(zoneIdsOf(expected.drawn['drawn-square']));
    expect((await review.recordRows()).find((row) => row.id === id)?.text).toContain('乳自然资审〔2026〕17号');

    // A new tab of the same browser profile (the tab before closed) still has it.
    await recorded.page.close();
    const page = await recorded.context.newPage();
    page.on('dialog', (dialog) => void dialog.dismiss());
    recorded = { ...recorded, page };
    review = new ReviewDriver(page, baseURL);
    await review.open();
    const rows = await review.recordRows();
    expect(rows.map((row) => row.id)).toContain(id);
  });

  it('records no decision until the reviewer is named; the case number may come later', async () => {
    await review.open();
    await review.reviewFile(reviewFixture('sites-two-overlapping.geojson'), '相邻选址1');
    // The name remembered from an earlier decision is cleared: nobody is named, and no 文号.
    await review.fillRecord({ name: '相邻选址1', reviewer: '', caseNumber: '', notes: '经论证同意（测试）' });
    await review.tryDecide('approved');
    expect(await review.reviewerMissing()).toContain('未填写审查人，不能记录审查决定。');
    expect(await review.recordStatus()).toBe('pending');
    expect(await review.recordId()).toBe('');
    expect(await review.recordFieldFocused('reviewer')).toBe(true);
    // Nothing typed is lost.
    expect(await review.recordFieldValue('name')).toBe('相邻选址1');
    expect(await review.recordFieldValue('notes')).toBe('经论证同意（测试）');

    // Spaces are no name, for any decision.
    await review.fillRecord({ reviewer: '   ' });
    await review.tryDecide('returned');
    expect(await review.reviewerMissing()).toContain('审查人');
    expect(await review.recordStatus()).toBe('pending');
    expect(await review.recordId()).toBe('');

    await review.fillRecord({ reviewer: '审查员丁' });
    expect(await review.reviewerMissingShown()).toBe(false);
    await review.decide('approved');
    const id = await review.recordId();
    expect(id).not.toBe('');
    expect((await review.historyEntries()).at(-1)).toContain('审查员丁');

    await review.openPrintView(id);
    expect(await recorded.page.getByTestId('print-reviewer').textContent()).toBe('审查员丁');
    expect(await recorded.page.getByTestId('print-case-number').textContent()).toBe('—');
  });

  it('exports the review set and imports it back to the same records', async () => {
    await review.open();
    await review.reviewFile(importFixture('parcels-4528.geojson'), '乳山东地块');
    await review.fillRecord({ name: '乳山东地块项目', applicant: 'Applicant Ltd.', reviewer: 'Li' });
    await review.setProposal({ industryCode: '36', far: '1.2', coverage: '40', greenRatio: '15' });
    await review.waitForReview();
    await review.save();
    await review.decide('approved');

    const first = await review.exportReviewSet();
    expect(first.name).toMatch(/\.review-set\.geojson$/);
    const firstJson = JSON.parse(first.text);
    expect(firstJson.features.length).toBeGreaterThanOrEqual(2);
    const exportedPath = path.join(scratch, first.name);
    writeFileSync(exportedPath, first.text);

    await review.deleteAllRecords();
    expect(await review.recordRows()).toEqual([]);
    await review.importReviewSet(exportedPath);
    await expect.poll(async () => (await review.recordRows()).length).toBe(firstJson.features.length);
    const second = await review.exportReviewSet();
    expect(JSON.parse(second.text)).toEqual(firstJson);
  });

  it('exports one site as a boundary-point CSV in its Gauss–Krüger zone', async () => {
    await review.open();
    await review.reviewFile(importFixture('source-parcels.geojson'), '乳山东地块');
    const csv = await review.exportSite('csv', 'EPSG:4529');
    const parcel = projectedParcels.parcels.find((entry) => entry.parcel_id === 'RS-B-02')!;
    const rows = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((line) => line.split(','));
    expect(rows.length).toBe(parcel.clockwise_from_north_west.length);
    rows.forEach((row, index) => {
      const [easting, northing] = parcel.projected['EPSG:4529'][parcel.clockwise_from_north_west[index]];
      expect(row[1]).toBe(`J${index + 1}`);
      expect(Math.abs(Number(row[2]) - northing)).toBeLessThan(0.002);
      expect(Math.abs(Number(row[3]) - easting)).toBeLessThan(0.002);
    });
  });

  it('prints an A4 report whose PDF holds the boundary-point table', async () => {
    await review.open();
    await review.reviewFile(importFixture('source-parcels.geojson'), '乳山东地块');
    await review.fillRecord({ name: '打印测试', applicant: '申请单位甲', caseNumber: '威自然资规〔2026〕8号', reviewer: '审查员乙' });
    const id = await review.save();
    await review.openPrintView(id);
    // The provenance table tells the reader where each layer comes from, in the report's
    // language, not the team's English technical note (seed numbers, REFERENCE.md, scripts);
    // its dates are written as the rest of the report writes them, not as ISO.
    const provenance = (await recorded.page.getByTestId('print-provenance-table').textContent()) ?? '';
    const zonesMeta = JSON.parse(readFileSync(path.join(root, 'layers/development-zones/layer.json'), 'utf8')) as { provenance: { citation: { zh: string } } };
    expect(provenance).toContain(zonesMeta.provenance.citation.zh);
    expect(provenance).not.toMatch(/seed|REFERENCE\.md|scripts\//i);
    expect(provenance).toContain('2026年11月21日');
    expect(provenance).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // Distances to estimated positions (乳山南站, the port) are printed as the panel gives them: to the km, said to be estimates.
    const estimated = await recorded.page.locator('[data-testid="print-proximity"] td[data-estimated="true"]').allTextContents();
    expect(estimated.length).toBeGreaterThan(0);
    for (const cell of estimated) expect(cell.trim()).toMatch(/^(约 \d+ 千米|不足 1 千米)（估计位置）$/);
    const pdfPath = path.join(scratch, 'report.pdf');
    await recorded.page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1]);
    console.log(`[print] report PDF: ${pages} A4 page(s), ${statSync(pdfPath).size} bytes`);
    expect(text).toContain('界址点坐标表');
    expect(text).toContain('审查员乙');
    expect(await recorded.page.getByTestId('print-case-number').textContent()).toBe('威自然资规〔2026〕8号');
    expect(text).toContain('威自然资规〔2026〕8号');
    // A pending record decides nothing against the verdict; the signature lines are printed.
    expect(text).not.toContain('与审查结论不一致');
    expect(text).toContain('审查人（签字）');
    const parcel = projectedParcels.parcels.find((entry) => entry.parcel_id === 'RS-B-02')!;
    parcel.clockwise_from_north_west.forEach((vertex, index) => {
      const [easting, northing] = parcel.projected['EPSG:4529'][vertex];
      const row = new RegExp(`J${index + 1}\\s+([\\d.]+)\\s+([\\d.]+)`).exec(text);
      expect(row, `row J${index + 1}`).not.toBeNull();
      expect(Math.abs(Number(row![1]) - northing)).toBeLessThan(0.002);
      expect(Math.abs(Number(row![2]) - easting)).toBeLessThan(0.002);
    });
    expect(text).toMatch(/示意/);
    expect(pages).toBeGreaterThanOrEqual(1);
    // Every sheet names its case (the project and the record number's start) and says which
    // page of how many it is, so a loose sheet finds its file.
    for (let page = 1; page <= pages; page++) {
      // pdftotext drops the spaces between CJK glyphs: compared without white space.
      const sheet = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(sheet, `page ${page}`).toContain(`第${page}页/共${pages}页`);
      expect(sheet, `page ${page}`).toContain('打印测试');
      expect(sheet, `page ${page}`).toContain(id.slice(0, 8));
    }
  });

  it('prints the report on A3 landscape when that paper is chosen, with a larger map', async () => {
    await review.open();
    await review.reviewFile(importFixture('source-parcels.geojson'), '乳山东地块');
    await review.fillRecord({ name: 'A3 打印', applicant: '申请单位甲', reviewer: '审查员丙' });
    const id = await review.save();
    // Decided: the print opens with the decision-snapshot note, which must be on the chosen paper too.
    await review.decide('approved');
    await review.openPrintView(id);
    await recorded.page.getByTestId('print-snapshot').waitFor();
    const a4 = await review.printMapImageSize();
    await review.choosePaper('A3-landscape');
    const a3 = await review.printMapImageSize();
    expect(recorded.page.url()).toContain('paper=A3-landscape');
    const pdfPath = path.join(scratch, 'report-a3.pdf');
    await recorded.page.pdf({ path: pdfPath, printBackground: true, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdfPath], { encoding: 'utf8' });
    // Every page, the first (with the snapshot note) included, is A3 landscape.
    const pageSizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(pageSizes.length).toBeGreaterThan(0);
    for (const [pageWidth, pageHeight] of pageSizes) expect(Math.abs(pageWidth - 1190.55) < 1 && Math.abs(pageHeight - 841.89) < 1, `${pageWidth} × ${pageHeight}`).toBe(true);
    // ISO 216 A3 is 420 × 297 mm: 1190.55 × 841.89 pt, landscape.
    const [width, height] = pageSizes[0];
    console.log(`[print] A3 landscape report: ${/Pages:\s+(\d+)/.exec(info)?.[1]} page(s) of ${width} × ${height} pt; map image ${a4.width}×${a4.height} px on A4 portrait, ${a3.width}×${a3.height} px on A3 landscape`);
    expect(Math.abs(Number(width) - 1190.55)).toBeLessThan(1);
    expect(Math.abs(Number(height) - 841.89)).toBeLessThan(1);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('界址点坐标表');
    expect(text).toContain('审查员丙');
    expect(a3.width).toBeGreaterThan(a4.width * 2);
  });

  it('shows HTML in attribute values as text and runs none of it', async () => {
    dialogs = [];
    await review.open();
    expect(await review.importFile(importFixture('html-in-properties.geojson'))).toBe('preview');
    const properties = (await recorded.page.getByTestId('review-import-properties').textContent()) ?? '';
    expect(properties).toContain('<img src=x onerror=alert(1)>');
    expect(properties).toContain('<script>alert(2)</script>');
    expect(await recorded.page.locator('[data-testid="review-import-properties"] img, [data-testid="review-import-properties"] script').count()).toBe(0);
    await review.acceptImport();
    await review.waitForReview();
    expect(await review.recordFieldValue('name')).toBe('<img src=x onerror=alert(1)>');
    const id = await review.save();
    await review.openPrintView(id);
    expect(await recorded.page.getByTestId('print-project').textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await recorded.page.locator('.print-document img:not([data-testid="print-map-image"])').count()).toBe(0);
    await recorded.page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });

  it('is keyboard reachable: the toggle opens the panel, Esc leaves the drawing tool', async () => {
    await review.open();
    await recorded.page.getByTestId('review-toggle').focus();
    await recorded.page.keyboard.press('Enter');
    await recorded.page.getByTestId('review-panel').waitFor();
    await recorded.page.getByTestId('review-draw-polygon').focus();
    await recorded.page.keyboard.press('Enter');
    expect(await recorded.page.getByTestId('review-draw-polygon').getAttribute('aria-pressed')).toBe('true');
    await recorded.page.keyboard.press('Escape');
    await expect.poll(() => recorded.page.getByTestId('review-draw-polygon').getAttribute('aria-pressed')).toBe('false');
    // The focused control is visibly outlined.
    const outline = await recorded.page.getByTestId('review-draw-polygon').evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
  });

  it('keeps the map answering while a 50 MB GeoJSON imports (prints the longest main-thread block)', async () => {
    const bigPath = path.join(scratch, 'big-site-file.geojson');
    const features = await writeBigGeoJson(bigPath, 50 * 1024 * 1024);
    const megabytes = (statSync(bigPath).size / 1048576).toFixed(1);
    await review.open('map=10.00/36.90000/121.50000');
    await review.openPanel();
    await installProbe();

    // 1. The import alone, the map left still: every main-thread block is the import's own work.
    const started = Date.now();
    await recorded.page.getByTestId('review-file-input').setInputFiles(bigPath);
    await recorded.page.locator('[data-testid="review-import"][data-phase="preview"]').waitFor({ timeout: 240_000 });
    const elapsed = Date.now() - started;
    const quiet = await readProbe();
    expect(await review.previewFeatureCount()).toBe(features);
    await recorded.page.getByTestId('review-import-cancel').click();

    // 2. The same import while the reviewer pans: the map must move while the file is still being read.
    await recorded.page.waitForTimeout(1000);
    await installProbe();
    await recorded.page.getByTestId('review-file-input').setInputFiles(bigPath);
    await recorded.page.locator('[data-testid="review-import"][data-phase="reading"]').waitFor();
    const box = (await recorded.page.locator('.map-area canvas').boundingBox())!;
    for (let drag = 0; drag < 3; drag += 1) {
      await recorded.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await recorded.page.mouse.down();
      await recorded.page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 - 40, { steps: 3 });
      await recorded.page.mouse.up();
    }
    await recorded.page.locator('[data-testid="review-import"][data-phase="preview"]').waitFor({ timeout: 240_000 });
    const panned = await readProbe();
    console.log(
      `[50 MB import] ${megabytes} MB, ${features} polygons, ${(elapsed / 1000).toFixed(1)} s from choosing the file to the preview; ` +
        `map left still: longest main-thread block ${quiet.longestBeforePreview.toFixed(0)} ms before the preview (${quiet.longTasksBeforePreview} long tasks), ` +
        `${quiet.longestAfterPreview.toFixed(0)} ms while the preview is first drawn; ` +
        `while panning: ${panned.movesWhileReading} map moves during the import, longest block ${panned.longestBeforePreview.toFixed(0)} ms (software WebGL frames included)`,
    );
    expect(panned.movesWhileReading).toBeGreaterThan(0);
  }, 300_000);

  /** Long tasks, and the map's 'move' events with the import's phase at that moment. */
  async function installProbe(): Promise<void> {
    await recorded.page.evaluate(() => {
      type Probe = { tasks: { start: number; duration: number }[]; moves: string[]; previewAt: number | null };
      const probe: Probe = { tasks: [], moves: [], previewAt: null };
      (window as unknown as { __probe: Probe }).__probe = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: false });
      const phase = () => document.querySelector('[data-testid="review-import"]')?.getAttribute('data-phase') ?? 'none';
      new MutationObserver(() => {
        if (probe.previewAt === null && phase() === 'preview') probe.previewAt = performance.now();
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
      const map = (window as unknown as { __atlas: { map: { on(event: string, listener: () => void): void } } }).__atlas.map;
      map.on('move', () => probe.moves.push(phase()));
    });
  }

  async function readProbe(): Promise<{ longestBeforePreview: number; longTasksBeforePreview: number; longestAfterPreview: number; movesWhileReading: number }> {
    await recorded.page.waitForTimeout(1500);
    return recorded.page.evaluate(() => {
      const probe = (window as unknown as { __probe: { tasks: { start: number; duration: number }[]; moves: string[]; previewAt: number | null } }).__probe;
      const cut = probe.previewAt ?? Infinity;
      const before = probe.tasks.filter((task) => task.start < cut);
      const after = probe.tasks.filter((task) => task.start >= cut);
      return {
        longestBeforePreview: Math.max(0, ...before.map((task) => task.duration)),
        longTasksBeforePreview: before.length,
        longestAfterPreview: Math.max(0, ...after.map((task) => task.duration)),
        movesWhileReading: probe.moves.filter((phase) => phase === 'reading').length,
      };
    });
  }
});

/**
 * Writes a GeoJSON FeatureCollection of about `targetBytes`: 48-gon parcels of ~60 m radius on
 * a grid over Rushan, each with a few attributes. Returns the number of features.
 */
async function writeBigGeoJson(file: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(file);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('{"type":"FeatureCollection","features":[\n');
  let bytes = 0;
  let count = 0;
  const columns = 400;
  while (bytes < targetBytes) {
    const lon = 121.25 + (count % columns) * 0.0015;
    const lat = 36.75 + Math.floor(count / columns) * 0.0015;
    const ring: string[] = [];
    for (let step = 0; step <= 48; step += 1) {
      const angle = ((step % 48) / 48) * 2 * Math.PI;
      ring.push(`[${(lon + 0.0007 * Math.cos(angle)).toFixed(9)},${(lat + 0.00055 * Math.sin(angle)).toFixed(9)}]`);
    }
    const feature =
      `${count ? ',\n' : ''}{"type":"Feature","properties":{"parcel_id":"BIG-${count}","name":"地块 ${count}","use":"工业用地","area_note":"generated for the import benchmark"},` +
      `"geometry":{"type":"Polygon","coordinates":[[${ring.join(',')}]]}}`;
    await write(feature);
    bytes += Buffer.byteLength(feature);
    count += 1;
  }
  await write('\n]}\n');
  await new Promise<void>((resolve) => out.end(resolve));
  return count;
}
