/**
 * Issue 14 — 用地用海 colours, in the browser: the synthetic 中心城区规划用地用海 Shapefile
 * (tests/fixtures/bureau/ZXCQGHYDYH.zip, YDYHFLDM codes) added through the layer panel is
 * read as a class breakdown; its legend shows code, name and colour; a site reviewed across
 * it lists each class with the colour of the cartography specification's appendix B.
 *
 * Expected colours come from the spec's table as scripts/standards/extract-ydyh-colours.py
 * read it (tests/fixtures/standards/ydyh-colours.csv), looked up here on their own (the
 * code's row, its second level, its first level); the site's place and each class's overlap
 * from GDAL (SpatiaLite SQL on the file). A site half outside the layer: the part no class
 * covers (GDAL: the site less its overlaps) is in the report and on the printed map, with its
 * own legend line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserPages } from './browser';
import { ReferenceDriver } from './reference-driver';

const root = path.resolve(import.meta.dirname, '../..');
const LAYER_FILE = path.join(root, 'tests/fixtures/bureau/ZXCQGHYDYH.zip');

const specRows = readFileSync(path.join(root, 'tests/fixtures/standards/ydyh-colours.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const specHex = new Map(specRows.map(([code, , r, g, b]) => [code, `#${[r, g, b].map((value) => Number(value).toString(16).padStart(2, '0')).join('')}`]));
/** The spec colour of a code: its own row, else its second level, else its first level; else none. */
const expectedColour = (code: string) => specHex.get(code) ?? specHex.get(code.slice(0, 4)) ?? specHex.get(code.slice(0, 2)) ?? null;

/** GDAL/SpatiaLite SQL on the layer file; rows of `name (Type) = value` pairs. */
function ogrSql(sql: string): Record<string, string>[] {
  const out = execFileSync('ogrinfo', ['-ro', '-q', '-dialect', 'sqlite', '-sql', sql, `/vsizip/${LAYER_FILE}`], { encoding: 'utf8' });
  return out
    .split('OGRFeature')
    .slice(1)
    .map((block) => Object.fromEntries([...block.matchAll(/^\s+(\w+) \(\w+\) = (.*)$/gm)].map((match) => [match[1], match[2].trim()])));
}

/** A 600 m square (EPSG:4528) round a point: as WKT for GDAL, and as 界址点 (X the northing, Y the easting). */
function squareAround(easting: number, northing: number): { wkt: string; corners: [number, number][] } {
  const wkt = `POLYGON((${easting - 300} ${northing - 300},${easting + 300} ${northing - 300},${easting + 300} ${northing + 300},${easting - 300} ${northing + 300},${easting - 300} ${northing - 300}))`;
  const corners: [number, number][] = [
    [northing + 300, easting - 300],
    [northing + 300, easting + 300],
    [northing - 300, easting + 300],
    [northing - 300, easting - 300],
  ];
  return { wkt, corners };
}

/** The site: a 600 m square (EPSG:4528) on the centroid of the layer's largest 0701 parcel — GDAL's figures. */
function siteAndExpectedClasses(): { corners: [number, number][]; byClass: Map<string, number> } {
  const [centre] = ogrSql("select ST_X(ST_Centroid(geometry)) x, ST_Y(ST_Centroid(geometry)) y from ZXCQGHYDYH where YDYHFLDM = '0701' order by ST_Area(geometry) desc limit 1");
  const easting = Number(centre.x);
  const northing = Number(centre.y);
  const { wkt, corners } = squareAround(easting, northing);
  const rows = ogrSql(`select YDYHFLDM code, sum(ST_Area(ST_Intersection(geometry, GeomFromText('${wkt}')))) area from ZXCQGHYDYH where ST_Intersects(geometry, GeomFromText('${wkt}')) group by YDYHFLDM`);
  return {
    corners,
    byClass: new Map(rows.filter((row) => Number(row.area) > 0.01).map((row) => [row.code, Number(row.area)])),
  };
}

describe('用地用海 class colours in Chromium', () => {
  const baseURL = inject('baseURL');
  const pages = useBrowserPages();

  /** A fresh page with the layer added through the layer panel, read as a class breakdown. */
  async function withClassLayer() {
    const recorded = await pages.fresh({ width: 1400, height: 900 });
    recorded.page.on('dialog', (dialog) => void dialog.accept());
    const driver = new ReferenceDriver(recorded.page, baseURL);
    await driver.review.open('map=12.00/36.95/121.40');
    const imported = await driver.addLayer(LAYER_FILE);
    if (imported.phase === 'error') throw new Error(await driver.importError());
    await driver.confirmImport();
    const row = await driver.layerRow('中心城区规划用地用海（ZXCQGHYDYH）');
    expect(row.role).toBe('classes');
    return { recorded, driver, row };
  }

  it('draws the layer as classes with the spec legend, and lists the site’s classes in their colours', async () => {
    const { recorded, driver, row } = await withClassLayer();

    // The legend: every row of the spec, with its code, name and colour.
    const legend = recorded.page.getByTestId(`reference-layer-${row.id}`).getByTestId('reference-class-legend');
    await legend.locator('summary').click();
    const shown = await legend.locator('li[data-code]').evaluateAll((items) => items.map((item) => [item.getAttribute('data-code'), item.getAttribute('data-color'), item.textContent ?? '']));
    expect(shown.length).toBe(specRows.length);
    for (const [code, name] of specRows) {
      const entry = shown.find(([shownCode]) => shownCode === code);
      expect(entry?.[1], code).toBe(specHex.get(code));
      expect(entry?.[2]).toContain(name);
    }

    // A 600 m square across several classes, pasted as a 界址点 table in EPSG:4528.
    const { corners, byClass } = siteAndExpectedClasses();
    await driver.review.pasteTable(['地块编号,界址点号,X,Y', ...corners.map(([x, y], index) => `SQ,J${index + 1},${x.toFixed(3)},${y.toFixed(3)}`)].join('\n'));
    expect(await driver.review.previewCrs()).toBe('EPSG:4528');
    await driver.review.acceptImport();
    await driver.review.waitForReview();
    await driver.reportSection(row.id);
    const classes = await recorded.page
      .getByTestId(`reference-section-${row.id}`)
      .locator('[data-testid="reference-classes"] tr[data-class]')
      .evaluateAll((rows) =>
        rows.map((tr) => ({ code: tr.getAttribute('data-class') ?? '', area: Number(tr.getAttribute('data-overlap-m2')), swatch: (tr.querySelector('.class-swatch') as HTMLElement | null)?.style.background ?? null })),
      );
    const hex = (css: string | null) => {
      const match = /rgb\((\d+), (\d+), (\d+)\)/.exec(css ?? '');
      return match ? `#${match.slice(1).map((value) => Number(value).toString(16).padStart(2, '0')).join('')}` : null;
    };
    console.log(`[land-sea-use colours] site classes: ${classes.map((entry) => `${entry.code} ${hex(entry.swatch) ?? 'no colour'}`).join(', ')}`);
    expect(classes.map((entry) => entry.code).sort()).toEqual([...byClass.keys()].sort());
    for (const entry of classes) expect(Math.abs(entry.area - byClass.get(entry.code)!), entry.code).toBeLessThanOrEqual(Math.max(1, byClass.get(entry.code)! * 0.001));
    expect(classes.filter((entry) => entry.swatch).length).toBeGreaterThan(0);
    for (const entry of classes) expect(hex(entry.swatch), entry.code).toBe(expectedColour(entry.code));

    // The printable map sheet of this view: its legend has a line per class in view, in the spec colour.
    const view = /map=[^&]+/.exec(new URL(recorded.page.url()).hash)?.[0] ?? 'map=15/36.9/121.5';
    await recorded.page.goto('about:blank');
    await recorded.page.goto(`${baseURL}#${view}&sheet=A4-landscape`);
    await recorded.page.getByTestId('map-sheet-ready').waitFor({ state: 'attached', timeout: 120_000 });
    const residential = recorded.page.getByTestId('map-sheet-legend').locator('li').filter({ hasText: '中心城区规划用地用海（ZXCQGHYDYH） · 0701 城镇住宅用地' });
    await residential.waitFor({ timeout: 60_000 });
    expect(await residential.locator('rect').getAttribute('fill')).toBe(expectedColour('0701'));
    // Lines only for what the frame shows: the classes GDAL finds inside the sheet's frame (its
    // corners in EPSG:4528 on the frame element) — none from outside it, and every class that
    // covers at least 1 % of the frame.
    const frame = recorded.page.locator('.map-sheet-frame[data-frame-corners]');
    expect(await frame.getAttribute('data-frame-zone')).toBe('EPSG:4528');
    const frameCorners = JSON.parse((await frame.getAttribute('data-frame-corners')) ?? '[]') as [number, number][];
    const frameWkt = `POLYGON((${[...frameCorners, frameCorners[0]].map(([x, y]) => `${x} ${y}`).join(',')}))`;
    const inFrame = ogrSql(`select YDYHFLDM code, sum(ST_Area(ST_Intersection(geometry, GeomFromText('${frameWkt}')))) area, ST_Area(GeomFromText('${frameWkt}')) frame from ZXCQGHYDYH where ST_Intersects(geometry, GeomFromText('${frameWkt}')) group by YDYHFLDM`);
    const lines = await recorded.page.getByTestId('map-sheet-legend').locator('li').allTextContents();
    const legendCodes = lines.filter((line) => line.startsWith('中心城区规划用地用海（ZXCQGHYDYH） · ')).map((line) => /· (\d+)/.exec(line)?.[1] ?? line);
    console.log(`[land-sea-use colours] sheet legend: ${legendCodes.join(', ')}; GDAL in frame: ${inFrame.map((row) => `${row.code} ${Number(row.area).toFixed(0)} m²`).join(', ')}`);
    const gdalCodes = new Set(inFrame.map((row) => row.code));
    for (const code of legendCodes) expect(gdalCodes.has(code), `legend line ${code} is not in the frame`).toBe(true);
    for (const row of inFrame) if (Number(row.area) >= Number(row.frame) * 0.01) expect(legendCodes, `class ${row.code} covers ${Number(row.area).toFixed(0)} m² of the frame`).toContain(row.code);
    expect(recorded.errors).toEqual([]);
  }, 600_000);

  it('prints the part of a site the class layer does not cover with its own legend line', async () => {
    const { recorded, driver, row } = await withClassLayer();

    // A 600 m square centred on the west edge of the layer's westernmost parcel: its west half lies where no class is.
    const [edge] = ogrSql('select MbrMinX(geometry) x, (MbrMinY(geometry) + MbrMaxY(geometry)) / 2 y from ZXCQGHYDYH order by MbrMinX(geometry) limit 1');
    const easting = Number(edge.x);
    const northing = Number(edge.y);
    const { wkt, corners } = squareAround(easting, northing);
    // GDAL: the square's area less what the layer's parcels cover of it.
    const [uncovered] = ogrSql(`select ST_Area(GeomFromText('${wkt}')) - coalesce(sum(ST_Area(ST_Intersection(geometry, GeomFromText('${wkt}')))), 0) area from ZXCQGHYDYH where ST_Intersects(geometry, GeomFromText('${wkt}'))`);
    const expectedUncovered = Number(uncovered.area);
    expect(expectedUncovered).toBeGreaterThan(100_000);
    await driver.review.pasteTable(['地块编号,界址点号,X,Y', ...corners.map(([x, y], index) => `UC,J${index + 1},${x.toFixed(3)},${y.toFixed(3)}`)].join('\n'));
    await driver.review.acceptImport();
    await driver.review.waitForReview();
    await driver.reportSection(row.id);
    const section = recorded.page.getByTestId(`reference-section-${row.id}`);
    expect(Math.abs(Number(await section.getAttribute('data-outside-m2')) - expectedUncovered)).toBeLessThanOrEqual(expectedUncovered * 0.001);

    // The report printed from the saved record: the uncovered part drawn, and named in the legend.
    await driver.review.fillRecord({ name: '未覆盖部分测试', applicant: '测试单位', reviewer: '测试' });
    const id = await driver.review.save();
    await driver.review.openPrintView(id);
    const marks = await recorded.page.getByTestId('print-legend-mark').evaluateAll((items) => items.map((item) => item.getAttribute('data-mark')));
    expect(marks).toContain('unanswered');
    const line = recorded.page.locator('[data-testid="print-legend-mark"][data-mark="unanswered"]');
    expect(await line.textContent()).toContain('未覆盖');
    const printed = recorded.page.getByTestId('print-document').getByTestId(`reference-section-${row.id}`);
    expect(Math.abs(Number(await printed.getAttribute('data-outside-m2')) - expectedUncovered)).toBeLessThanOrEqual(expectedUncovered * 0.001);
    expect(recorded.errors).toEqual([]);
  }, 600_000);
});
