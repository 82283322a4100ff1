/**
 * Issue 14 — the planner's tools in the browser (tests/e2e/planner-tools-driver.ts): measure a
 * line and a polygon, read a point's coordinates, take a measured polygon as the site, edit
 * it in the boundary-point table, undo and redo. Expected figures come from pyproj + Shapely
 * (scripts/expected/make-measure-tool-fixtures.py → tests/fixtures/expected/measure-tool.json)
 * and GCJ-02 from tests/fixtures/expected/crs-transforms.json; never from the app.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserPages } from './browser';
import { PlannerToolsDriver } from './planner-tools-driver';

const root = path.resolve(import.meta.dirname, '../..');
const expected = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/expected/measure-tool.json'), 'utf8')) as {
  line: { points: [number, number][]; crs: string; length_m: number; length_m_ellipsoidal: number };
  polygon: { points: [number, number][]; crs: string; area_m2: number; area_mu: number; area_ha: number; area_m2_ellipsoidal: number; perimeter_m: number };
  point: { lonlat: [number, number]; 'EPSG:4529': { x_northing: number; y_easting: number }; 'EPSG:4550': { x_northing: number; y_easting: number } };
  table_edit: { crs: string; point: string; row: number; edited_y: string; area_m2_before: number; area_m2_after: number };
};
const offsetPoints = (
  JSON.parse(readFileSync(path.join(root, 'tests/fixtures/expected/crs-transforms.json'), 'utf8')) as {
    offsetSystems: { points: { wgs84: [number, number]; gcj02: [number, number] }[] };
  }
).offsetSystems.points;

/** 0.01 %: the bar for measured figures against PROJ. */
const TOLERANCE = 1e-4;
const relative = (actual: number, wanted: number) => Math.abs(actual - wanted) / Math.abs(wanted);
const numbersOf = (text: string) => text.split(',').map((part) => Number(part.trim()));

/** Centre of the measured shapes, clear of the layer panel at 1280×720. */
const VIEW = 'map=12.00/36.90500/121.58500';

describe('planner tools in Chromium', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();

  async function openTools(hash = VIEW) {
    const recorded = await pages.fresh();
    const tools = new PlannerToolsDriver(recorded.page, baseURL);
    await tools.review.open(hash);
    return { recorded, tools };
  }

  it('measures a 3-point line: Gauss–Krüger and ellipsoidal length equal to PROJ’s', async () => {
    const { recorded, tools } = await openTools();
    await tools.chooseMeasure('distance');
    for (const [lon, lat] of expected.line.points) await tools.typePoint(`${lon}, ${lat}`);
    const figures = await tools.distanceFigures();
    expect(figures.crs).toBe(expected.line.crs);
    expect(relative(figures.lengthM, expected.line.length_m)).toBeLessThan(TOLERANCE);
    expect(relative(figures.lengthEllipsoidalM, expected.line.length_m_ellipsoidal)).toBeLessThan(TOLERANCE);
    expect(figures.text).toContain('km');

    // The same three points clicked on the map: clicks land on whole pixels (≈ 30 m at zoom 12),
    // so each point is within a pixel and the length within 1 % of PROJ's.
    await tools.page.getByTestId('measure-clear').click();
    for (const point of expected.line.points) await tools.clickPoint(point);
    await tools.finishMeasure();
    const clicked = await tools.measuredPoints();
    expect(clicked).toHaveLength(3);
    clicked.forEach(([lon, lat], index) => {
      expect(Math.abs(lon - expected.line.points[index][0])).toBeLessThan(3e-4);
      expect(Math.abs(lat - expected.line.points[index][1])).toBeLessThan(3e-4);
    });
    expect(relative((await tools.distanceFigures()).lengthM, expected.line.length_m)).toBeLessThan(0.01);
    // Clicking while measuring opens no feature in the inspector.
    expect(await tools.atlas.inspector().count()).toBe(0);
    expect(recorded.errors).toEqual([]);
  });

  it('measures a polygon in m², 亩 and 公顷 equal to PROJ’s, closes it on the first point and takes it as the site', async () => {
    const { recorded, tools } = await openTools();
    await tools.chooseMeasure('area');
    for (const point of expected.polygon.points) await tools.clickPoint(point);
    // A click on the first point closes the polygon.
    await tools.clickPoint(expected.polygon.points[0]);
    await recorded.page.locator('[data-testid="measure-panel"][data-finished="true"]').waitFor();
    expect(relative((await tools.areaFigures()).areaM2, expected.polygon.area_m2)).toBeLessThan(0.01);

    await tools.page.getByTestId('measure-clear').click();
    for (const [lon, lat] of expected.polygon.points) await tools.typePoint(`${lon}, ${lat}`);
    await tools.finishMeasure();
    const figures = await tools.areaFigures();
    expect(figures.crs).toBe(expected.polygon.crs);
    expect(relative(figures.areaM2, expected.polygon.area_m2)).toBeLessThan(TOLERANCE);
    expect(relative(figures.areaEllipsoidalM2, expected.polygon.area_m2_ellipsoidal)).toBeLessThan(TOLERANCE);
    expect(relative(figures.perimeterM, expected.polygon.perimeter_m)).toBeLessThan(TOLERANCE);
    // The 亩 and 公顷 figures as shown (zh-CN grouping), to the digits shown.
    const shown = figures.text.replace(/,/g, '');
    const mu = Number(/([\d.]+) 亩/.exec(shown)?.[1]);
    const hectares = Number(/([\d.]+) 公顷/.exec(shown)?.[1]);
    expect(relative(mu, expected.polygon.area_mu)).toBeLessThan(TOLERANCE);
    expect(relative(hectares, expected.polygon.area_ha)).toBeLessThan(TOLERANCE);

    await tools.useMeasuredAsSite();
    await tools.review.waitForReview();
    expect(relative(await tools.review.areaSquareMetres(), expected.polygon.area_m2)).toBeLessThan(TOLERANCE);
    expect(recorded.errors).toEqual([]);
  });

  it('reads a clicked point in lon/lat, Gauss–Krüger with and without the zone prefix and GCJ-02, with copy buttons', async () => {
    const { recorded, tools } = await openTools();
    await tools.chooseMeasure('point');
    await tools.typePoint(`${expected.point.lonlat[0]}, ${expected.point.lonlat[1]}`);
    const [lon, lat] = numbersOf(await tools.pointValue('lonlat'));
    expect(lon).toBeCloseTo(expected.point.lonlat[0], 7);
    expect(lat).toBeCloseTo(expected.point.lonlat[1], 7);
    for (const [row, crs] of [['gk', 'EPSG:4529'], ['gk-plain', 'EPSG:4550']] as const) {
      const [x, y] = numbersOf(await tools.pointValue(row));
      // PROJ's figures to the millimetre shown.
      expect(Math.abs(x - expected.point[crs].x_northing)).toBeLessThan(0.002);
      expect(Math.abs(y - expected.point[crs].y_easting)).toBeLessThan(0.002);
    }
    const reference = offsetPoints.find((entry) => entry.wgs84[0] === expected.point.lonlat[0] && entry.wgs84[1] === expected.point.lonlat[1])!;
    const [gcjLon, gcjLat] = numbersOf(await tools.pointValue('gcj02'));
    expect(Math.abs(gcjLon - reference.gcj02[0])).toBeLessThan(1e-6);
    expect(Math.abs(gcjLat - reference.gcj02[1])).toBeLessThan(1e-6);

    // A click reads the position under the pointer; Copy puts the copyable text on the clipboard.
    await recorded.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL).origin });
    await tools.clickPoint([121.6, 36.905]);
    const clickedLonLat = numbersOf(await tools.pointValue('lonlat'));
    expect(Math.abs(clickedLonLat[0] - 121.6)).toBeLessThan(3e-4);
    await recorded.page.getByTestId('measure-copy-gk').click();
    await expect.poll(() => recorded.page.getByTestId('measure-copy-gk').textContent()).toBe('已复制');
    expect(await recorded.page.evaluate(() => navigator.clipboard.readText())).toBe(await tools.pointValue('gk'));
    expect(recorded.errors).toEqual([]);
  });

  it('edits a boundary point in the table: the review follows; undo and redo walk the edits back and forth', async () => {
    const { recorded, tools } = await openTools();
    await tools.chooseMeasure('area');
    for (const [lon, lat] of expected.polygon.points) await tools.typePoint(`${lon}, ${lat}`);
    await tools.finishMeasure();
    await tools.useMeasuredAsSite();
    await tools.review.waitForReview();

    await tools.openTable();
    expect(await tools.tableCrs()).toBe(expected.table_edit.crs);
    const before = await tools.tableRows();
    expect(before.map((row) => row.point)).toEqual(['J1', 'J2', 'J3', 'J4']);
    await tools.editCell(expected.table_edit.row, 'y', expected.table_edit.edited_y);
    await expect.poll(async () => relative(await tools.review.areaSquareMetres(), expected.table_edit.area_m2_after), { timeout: 30_000 }).toBeLessThan(TOLERANCE);
    await tools.review.waitForReview();
    const after = await tools.tableRows();
    expect(after[1].y).toBeCloseTo(Number(expected.table_edit.edited_y), 3);
    expect(after[1].x).toBeCloseTo(before[1].x, 6);

    // Undo (button): the boundary and the review are back to the measured polygon.
    await tools.undo();
    await expect.poll(async () => relative(await tools.review.areaSquareMetres(), expected.table_edit.area_m2_before), { timeout: 30_000 }).toBeLessThan(TOLERANCE);
    expect(await tools.tableRows()).toEqual(before);
    // Redo (Ctrl+Shift+Z, focus on the map): the edit again, exactly.
    await recorded.page.locator('.maplibregl-canvas').focus();
    await recorded.page.keyboard.press('Control+Shift+Z');
    await expect.poll(async () => JSON.stringify(await tools.tableRows())).toBe(JSON.stringify(after));
    // Ctrl+Z and Ctrl+Y.
    await recorded.page.keyboard.press('Control+Z');
    await expect.poll(async () => JSON.stringify(await tools.tableRows())).toBe(JSON.stringify(before));
    await recorded.page.keyboard.press('Control+Y');
    await expect.poll(async () => JSON.stringify(await tools.tableRows())).toBe(JSON.stringify(after));
    await tools.review.waitForReview();
    expect(relative(await tools.review.areaSquareMetres(), expected.table_edit.area_m2_after)).toBeLessThan(TOLERANCE);
    expect(recorded.errors).toEqual([]);
  });

  it('undoes a vertex drag and the drawing itself, and redoes both to the same geometry', async () => {
    const { recorded, tools } = await openTools('map=14.00/36.90200/121.54500');
    const corners: [number, number][] = [
      // East of the centre: the review panel opens and narrows the map, the layer panel covers its west.
      [121.548, 36.898],
      [121.556, 36.898],
      [121.556, 36.905],
      [121.548, 36.905],
    ];
    await tools.review.drawPolygon(corners);
    await tools.review.waitForReview();
    const drawn = await tools.siteRows();
    expect(drawn).toHaveLength(4);
    await tools.review.dragVertex(corners[1], [121.559, 36.896], 16);
    await expect.poll(async () => JSON.stringify(await tools.siteRows())).not.toBe(JSON.stringify(drawn));
    await tools.review.waitForReview();
    const dragged = await tools.siteRows();

    // One undo takes back the whole drag (one gesture, however many frames it sent).
    await tools.undo();
    await expect.poll(async () => JSON.stringify(await tools.siteRows())).toBe(JSON.stringify(drawn));
    // Undo once more: the drawing itself goes; redo brings it back, then the drag.
    await tools.undo();
    await expect.poll(() => recorded.page.getByTestId('review-site').count()).toBe(0);
    await tools.redo();
    await recorded.page.getByTestId('review-site').waitFor();
    await expect.poll(async () => JSON.stringify(await tools.siteRows())).toBe(JSON.stringify(drawn));
    await tools.redo();
    await expect.poll(async () => JSON.stringify(await tools.siteRows())).toBe(JSON.stringify(dragged));
    expect(await recorded.page.getByTestId('tool-redo').isDisabled()).toBe(true);
    expect(recorded.errors).toEqual([]);
  });

  it('snaps a drawn site to the edge of a saved site: its corners lie on that edge, no overlap, no gap', async () => {
    const { recorded, tools } = await openTools('map=13.00/36.90150/121.58500');
    // Site A, the "parcel": the measured polygon, saved as a record.
    await tools.chooseMeasure('area');
    for (const [lon, lat] of expected.polygon.points) await tools.typePoint(`${lon}, ${lat}`);
    await tools.finishMeasure();
    await tools.useMeasuredAsSite();
    await tools.review.waitForReview();
    await tools.review.fillRecord({ name: 'A' });
    await tools.review.save();
    const parcel = await tools.siteRows();
    await recorded.page.keyboard.press('Escape');
    await tools.startNewSite();

    // Site B east of A's edge J2–J3: its first two corners clicked 4 px inside A (≈ 35 m at zoom 13),
    // on the southern half of the edge (the railway passes near J3, and snapping takes the nearest line).
    const [j2, j3] = [expected.polygon.points[1], expected.polygon.points[2]];
    const along = (t: number): [number, number] => [j2[0] + t * (j3[0] - j2[0]), j2[1] + t * (j3[1] - j2[1])];
    const offset = 4 / ((512 * 2 ** 13) / 360); // 4 px in degrees of longitude at zoom 13
    const nearEdge = [along(0.15), along(0.5)].map(([lon, lat]) => [lon - offset, lat] as [number, number]);
    await tools.setSnapping(true, 10);
    await tools.review.drawPolygon([nearEdge[0], nearEdge[1], [nearEdge[1][0] + 0.008, nearEdge[1][1]], [nearEdge[0][0] + 0.008, nearEdge[0][1]]]);
    await tools.review.waitForReview();
    const site = await tools.siteRows();
    const a = parcel[1];
    const b = parcel[2];
    // Distance (m, Gauss–Krüger) of a point from the line J2–J3 of site A.
    const fromEdge = (point: { x: number; y: number }) => Math.abs((b.y - a.y) * (point.x - a.x) - (b.x - a.x) * (point.y - a.y)) / Math.hypot(b.x - a.x, b.y - a.y);
    const onEdge = site.filter((point) => fromEdge(point) < 0.001);
    // Two corners on A's edge (within 1 mm: terra-draw keeps 9 decimals of a degree, ≈ 0.1 mm).
    expect(onEdge).toHaveLength(2);
    // The engine: no overlap with site A (no 'sites under review' conflict).
    expect(await tools.overlapsWithOtherSites()).toBe(0);
    expect(recorded.errors).toEqual([]);

    // Without snapping the same clicks leave the corners inside A: the engine reports the overlap.
    await tools.setSnapping(false);
    await tools.startNewSite();
    await tools.review.drawPolygon([nearEdge[0], nearEdge[1], [nearEdge[1][0] + 0.008, nearEdge[1][1]], [nearEdge[0][0] + 0.008, nearEdge[0][1]]]);
    await tools.review.waitForReview();
    const free = await tools.siteRows();
    expect(free.filter((point) => fromEdge(point) < 0.001)).toHaveLength(0);
    expect(Math.min(...free.map(fromEdge))).toBeGreaterThan(10);
    expect(await tools.overlapsWithOtherSites()).toBe(1);
  });

  it('exports the view as a 300 dpi A3 landscape PNG of 4961 × 3508 px with its resolution recorded', async () => {
    const { recorded, tools } = await openTools();
    const { name, bytes } = await tools.exportPng('A3', 'landscape');
    expect(name).toMatch(/^atlas-A3-landscape-300dpi-.*\.png$/);
    // PNG signature, then IHDR: width and height (big-endian) at bytes 16 and 20.
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // 420 × 297 mm at 300 dpi: 4960.6 × 3507.9 → 4961 × 3508 px (ISO 216).
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([4961, 3508]);
    // pHYs: 300 dpi = 11 811 px per metre on both axes, unit metre.
    const phys = bytes.indexOf(Buffer.from('pHYs', 'latin1'));
    expect(phys).toBeGreaterThan(0);
    expect([bytes.readUInt32BE(phys + 4), bytes.readUInt32BE(phys + 8), bytes[phys + 12]]).toEqual([11811, 11811, 1]);
    // The other sheets, as announced before exporting (rendering each at 300 dpi in software WebGL takes ~40 s).
    await recorded.page.getByTestId('export-paper').selectOption('A4');
    await recorded.page.getByTestId('export-orientation').selectOption('portrait');
    expect(await recorded.page.getByTestId('export-size').textContent()).toMatch(/^2480 × 3508/);
    expect(recorded.errors).toEqual([]);
  });

  it('swipes between two layers: each side shows its own, the divider moves by mouse and keyboard', async () => {
    const { recorded, tools } = await openTools('map=10.00/36.85000/121.65000');
    await tools.swipe('layer:development-zones', 'layer:marine-ranch');
    // Both halves draw their layer (the ranch lies east of the middle at this view, zones on both sides).
    await expect.poll(async () => (await tools.swipeCounts()).right, { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await tools.swipeCounts()).left).toBeGreaterThan(0);
    // The left side is the atlas map with the ranch hidden; the layer panel says so.
    expect(await recorded.page.getByTestId('layer-toggle-marine-ranch').isChecked()).toBe(false);
    expect(await tools.atlas.renderedFeatureCount('marine-ranch')).toBe(0);

    // Keyboard: the divider to the far right leaves no room for the right side.
    await recorded.page.getByTestId('swipe-divider').focus();
    for (let step = 0; step < 6; step += 1) await recorded.page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await tools.swipeCounts()).position).toBe(100);
    await expect.poll(async () => (await tools.swipeCounts()).right).toBe(0);
    // Mouse: dragged back to a quarter of the map, the ranch shows again.
    const divider = await recorded.page.getByTestId('swipe-divider').boundingBox();
    const area = await recorded.page.getByTestId('swipe-compare').boundingBox();
    await recorded.page.mouse.move(divider!.x + 1, divider!.y + divider!.height / 2);
    await recorded.page.mouse.down();
    await recorded.page.mouse.move(area!.x + area!.width * 0.25, divider!.y + divider!.height / 2, { steps: 8 });
    await recorded.page.mouse.up();
    await expect.poll(async () => Math.round((await tools.swipeCounts()).position)).toBe(25);
    await expect.poll(async () => (await tools.swipeCounts()).right).toBeGreaterThan(0);
    expect(recorded.errors).toEqual([]);
  });

  it('prints an A3 landscape map sheet whose PDF has the legend, scale bar and frame coordinates (pdftotext)', async () => {
    const { recorded, tools } = await openTools();
    await tools.openSheet('map=11.00/36.88000/121.60000', 'A3-landscape');
    const scaleText = (await recorded.page.getByTestId('map-sheet-scale').textContent()) ?? '';
    expect(scaleText).toMatch(/^比例尺 \d+(\.\d+)? k?m$/);
    const scratch = mkdtempSync(path.join(tmpdir(), 'planner-sheet-'));
    try {
      const file = path.join(scratch, 'sheet.pdf');
      writeFileSync(file, await recorded.page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+1\n/);
      // A3 landscape: 420 × 297 mm = 1190.6 × 841.9 pt.
      const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.map(Number);
      expect(Math.abs(width - 1190.55)).toBeLessThan(1);
      expect(Math.abs(height - 841.89)).toBeLessThan(1);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('图例');
      expect(text).toContain('开发区与功能区');
      expect(text).toContain(scaleText.replace(/\s+/g, ' '));
      // Gauss–Krüger eastings (zone 41, prefixed) along the frame.
      expect(text).toMatch(/\b413\d{5}\b/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    expect(recorded.errors).toEqual([]);
  });

  it('is reachable by keyboard and speaks English', async () => {
    const { recorded, tools } = await openTools();
    let focused = '';
    for (let step = 0; step < 80 && focused !== 'tool-measure-distance'; step += 1) {
      await recorded.page.keyboard.press('Tab');
      focused = await recorded.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    }
    expect(focused).toBe('tool-measure-distance');
    await recorded.page.keyboard.press('Enter');
    await recorded.page.locator('[data-testid="measure-panel"][data-mode="distance"]').waitFor();
    // Esc leaves the tool.
    await recorded.page.keyboard.press('Escape');
    await expect.poll(() => recorded.page.getByTestId('measure-panel').count()).toBe(0);

    await tools.atlas.switchLanguage();
    expect(await recorded.page.getByTestId('tool-measure-distance').textContent()).toBe('Distance');
    await tools.chooseMeasure('area');
    for (const [lon, lat] of expected.polygon.points) await tools.typePoint(`${lon}, ${lat}`);
    await tools.finishMeasure();
    expect((await tools.areaFigures()).text).toMatch(/ mu · .* ha · /);
    expect(recorded.errors).toEqual([]);
  });

  it('keeps the toolbar on one row at 1366 × 768 in English beside the review panel, every button named', async () => {
    const recorded = await pages.fresh({ width: 1366, height: 768 });
    const tools = new PlannerToolsDriver(recorded.page, baseURL);
    await tools.review.open(VIEW);
    await tools.review.openPanel();
    await tools.atlas.switchLanguage();
    const toolbar = recorded.page.getByTestId('planner-toolbar');
    // Undo, redo, export and swipe become icons when the English labels do not fit (they wrapped to a second row).
    await expect.poll(() => toolbar.getAttribute('data-compact')).toBe('true');
    const rows = await toolbar.evaluate((element) => new Set([...element.querySelectorAll('button, select')].filter((control) => (control as HTMLElement).offsetParent !== null).map((control) => Math.round(control.getBoundingClientRect().top))).size);
    expect(rows).toBe(1);
    for (const id of ['tool-undo', 'tool-redo', 'tool-export', 'tool-swipe']) {
      const name = await recorded.page.getByTestId(id).evaluate((element) => (element.textContent ?? '').trim() || element.getAttribute('aria-label') || '');
      expect(name, id).not.toBe('');
    }
    expect(recorded.errors).toEqual([]);
  });
});
