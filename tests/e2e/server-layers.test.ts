/**
 * Issue 13 — reference layers from the bureau's map servers, in the browser. PostgreSQL +
 * PostGIS and MapServer 8 (behind lighttpd, on loopback) publish a small 永久基本农田 table
 * stored in EPSG:4528 as WFS 2.0; a copy of the built app is deployed the way an
 * administrator does it — atlas-config.json allowing the map server's origin and listing the
 * WFS layer, `npm run configure -- <dist>` rewriting the Content-Security-Policy — and served
 * on its own port. The layers of a WFS endpoint and of an OGC API landing page are listed to
 * pick from; an address outside `allowedOrigins` is refused with the reason. The reviewer adds the layer with "从服务器添加 / Add from server", sets it
 * to prohibited, pastes a site across it and sees the conflict in 亩; the expected area is
 * PostGIS's own ST_Area(ST_Intersection(…)) in EPSG:4528, computed in the test's database
 * (an independent tool), within 0.1 %. Then the map server is stopped and the review runs
 * again: the section says the layer could not be checked and the verdict is not
 * "compliant". No request leaves the two allowed origins and the page reports no CSP
 * violation.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPostgis, type PostgisServer } from '../../scripts/lib/postgis-server';
import { startMapServer, type MapServer } from '../../scripts/lib/map-server';
import { contentSecurityPolicy } from '../../vite.config';
import { useBrowserPages, type RecordedPage } from './browser';
import { ReferenceDriver } from './reference-driver';

const root = path.resolve(import.meta.dirname, '../..');

// A 10 × 10 grid of 150 m squares (every seventh with a 50 m hole) in EPSG:4528 (CGCS2000
// 3° zone 40, easting with the zone prefix), near 121.37°E 37.07°N; ids 1…100.
const SETUP = `
CREATE TABLE yjjbnt (fid integer PRIMARY KEY, bsm text, dlbm text, geom geometry(MultiPolygon, 4528));
INSERT INTO yjjbnt
SELECT row_number() OVER ()::int, 'YJ' || lpad((row_number() OVER ())::text, 5, '0'), '0101',
       ST_Multi(CASE WHEN (i * j) % 7 = 1
         THEN ST_Difference(ST_MakeEnvelope(x, y, x + 150, y + 150, 4528), ST_MakeEnvelope(x + 50, y + 50, x + 100, y + 100, 4528))
         ELSE ST_MakeEnvelope(x, y, x + 150, y + 150, 4528) END)
FROM generate_series(0, 9) i, generate_series(0, 9) j,
     LATERAL (SELECT 40622000 + i * 200.0 AS x, 4105600 + j * 200.0 AS y) p;
CREATE INDEX ON yjjbnt USING gist (geom);
ANALYZE yjjbnt;`;

/** The site's 界址点 (X = northing, Y = easting with the zone prefix, as a 勘测定界 table writes them). */
const CORNERS: [number, number][] = [
  [4105930.5, 40622420.25],
  [4105940.0, 40623180.75],
  [4106670.25, 40623170.5],
  [4106660.75, 40622410.0],
];
const SITE_TABLE = ['地块编号,界址点号,X,Y', ...CORNERS.map(([x, y], index) => `E2E-WFS,J${index + 1},${x.toFixed(3)},${y.toFixed(3)}`)].join('\n');
const SITE_WKT = `POLYGON((${[...CORNERS, CORNERS[0]].map(([x, y]) => `${y} ${x}`).join(', ')}))`;
const LAYER_NAME = '永久基本农田（测试 WFS）';

/** Issue 13: the overlap equals PostGIS's within 0.1 %. */
function withinTolerance(actual: number, wanted: number): boolean {
  return Math.abs(actual - wanted) <= wanted * 0.001;
}

describe('reference layers from a map server in Chromium', () => {
  const distDir = inject('distDir');
  const pages = useBrowserPages();
  let database: PostgisServer;
  let server: MapServer;
  let app: PreviewServer;
  let appURL = '';
  let deployed = '';
  let expected: { total_m2: number; parcels: number; centre: [number, number] };
  let recorded: RecordedPage;
  let driver: ReferenceDriver;
  let layerId = '';

  beforeAll(async () => {
    if (!distDir) throw new Error('tests/e2e/global-setup.ts did not provide the built app (E2E_BASE_URL set?): this test deploys its own copy');
    database = await startPostgis();
    database.psql(SETUP);
    server = await startMapServer(database, [{ table: 'yjjbnt', srid: 4528, geometryType: 'POLYGON', idColumn: 'fid', title: '永久基本农田' }]);
    // The expected figures from PostGIS itself: the overlap of the site with the union of the parcels, in EPSG:4528.
    const row = database
      .psql(
        `SELECT ST_Area(ST_Intersection(u.geom, s.geom)) || '|' || (SELECT count(*) FROM yjjbnt WHERE ST_Area(ST_Intersection(geom, s.geom)) > 0) || '|' ||
                ST_X(ST_Transform(ST_Centroid(s.geom), 4490)) || '|' || ST_Y(ST_Transform(ST_Centroid(s.geom), 4490))
         FROM (SELECT ST_Union(geom) AS geom FROM yjjbnt) u, (SELECT ST_GeomFromText('${SITE_WKT}', 4528) AS geom) s;`,
      )
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .find((line) => /^[\d.]+\|\d+\|/.test(line))!;
    const [area, parcels, lon, lat] = row.split('|').map(Number);
    expected = { total_m2: area!, parcels: parcels!, centre: [lon!, lat!] };

    // The administrator's deployment: a copy of the built app, its atlas-config.json, `npm run configure`.
    deployed = mkdtempSync(path.join(tmpdir(), 'atlas-e2e-server-layers-'));
    cpSync(distDir, deployed, { recursive: true });
    const mapOrigin = `http://127.0.0.1:${server.port}`;
    const config = {
      format: 'weihai-atlas-config',
      version: 1,
      allowedOrigins: [mapOrigin],
      sources: [{ id: 'yjjbnt-wfs', name: LAYER_NAME, kind: 'wfs', url: server.wfsUrl, typeName: 'yjjbnt' }],
      profiles: [],
    };
    const configText = JSON.stringify(config, null, 2);
    writeFileSync(path.join(deployed, 'atlas-config.json'), configText);
    execFileSync('npm', ['run', '--silent', 'configure', '--', deployed], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    expect(readFileSync(path.join(deployed, 'index.html'), 'utf8')).toContain(`connect-src 'self' ${mapOrigin}`);
    // Served as `vite preview` serves dist/, with the header policy built from this deployment's config.
    app = await preview({
      configFile: false,
      root: deployed,
      logLevel: 'error',
      build: { outDir: deployed },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
      plugins: [
        {
          name: 'deployed-policy',
          configurePreviewServer: (preview) =>
            void preview.middlewares.use((request, response, next) => {
              response.setHeader('Content-Security-Policy', contentSecurityPolicy({ header: true, configText }));
              if (request.url && /\.fgb(\?|$)/.test(request.url)) response.setHeader('Content-Type', 'application/octet-stream');
              next();
            }),
        },
      ],
    });
    appURL = app.resolvedUrls?.local[0] ?? '';
    if (!appURL) throw new Error('vite preview did not report a URL');
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    server?.stop();
    database?.stop();
    if (deployed) rmSync(deployed, { recursive: true, force: true });
  });

  /** Every request went to the app or the map server; the page reported no CSP violation and no error. */
  const stayedInAllowedOrigins = () => {
    const allowed = new Set([new URL(appURL).origin, `http://127.0.0.1:${server.port}`]);
    const elsewhere = recorded.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && !allowed.has(new URL(url).origin));
    expect(elsewhere).toEqual([]);
    expect(recorded.cspViolations).toEqual([]);
  };

  it('refuses an address whose origin the administrator did not allow, with the reason', async () => {
    recorded = await pages.fresh({ width: 1400, height: 900 });
    driver = new ReferenceDriver(recorded.page, appURL);
    await driver.review.open(`map=15.00/${expected.centre[1]}/${expected.centre[0]}`);
    await recorded.page.getByTestId('reference-layers').scrollIntoViewIfNeeded();
    await recorded.page.getByTestId('server-layers-open').click();
    await recorded.page.getByTestId('server-layers-url').fill('http://192.0.2.10:8080/wfs?SERVICE=WFS&TYPENAMES=yjjbnt');
    await recorded.page.getByTestId('server-layers-read').click();
    const refused = (await recorded.page.getByTestId('server-layers-error').textContent()) ?? '';
    expect(refused).toContain('http://192.0.2.10:8080');
    expect(refused).toContain('allowedOrigins');
    expect(recorded.requests.some((url) => url.includes('192.0.2.10'))).toBe(false);

    // A WFS endpoint or an OGC API landing page without a layer: its layers are listed to pick one.
    for (const address of [server.wfsUrl, server.ogcApiUrl]) {
      await recorded.page.getByTestId('server-layers-url').fill(address);
      await recorded.page.getByTestId('server-layers-read').click();
      const choice = recorded.page.getByTestId('server-layers-choices').locator('[data-testid="server-layer-choice"][data-name$="yjjbnt"]');
      await choice.waitFor({ timeout: 60_000 });
    }
  }, 120_000);

  it('adds the configured WFS layer, reviews a site across it and lists the conflict in 亩 as PostGIS computes it', async () => {
    await recorded.page.getByTestId('server-layer-add-yjjbnt-wfs').click();
    await recorded.page.locator('[data-testid="server-layers-added"], [data-testid="server-layers-error"]').first().waitFor({ timeout: 60_000 });
    if ((await recorded.page.getByTestId('server-layers-error').count()) > 0) {
      throw new Error(`${await recorded.page.getByTestId('server-layers-error').textContent()} | CSP: ${recorded.cspViolations.join('; ')} | ${recorded.errors.join('; ')}`);
    }
    const row = await driver.layerRow(LAYER_NAME);
    layerId = row.id;
    expect(row.file).toContain(`TYPENAMES=yjjbnt`);
    expect(row.features).toBe(100); // the server's own count (WFS resultType=hits)
    expect(row.fields).toContain('bsm');
    expect(await recorded.page.getByTestId('reference-server-badge').count()).toBe(1);
    await driver.setRole(LAYER_NAME, 'proximity');
    await driver.setRole(LAYER_NAME, 'prohibited');

    await driver.review.pasteTable(SITE_TABLE);
    expect(await driver.review.previewCrs()).toBe('EPSG:4528');
    await driver.review.acceptImport();
    await driver.review.waitForReview();
    const section = await driver.reportSection(layerId);
    console.log(`[server layer] overlap ${section.total?.toFixed(2)} m² in the app vs ${expected.total_m2.toFixed(2)} m² by PostGIS; ${section.findings.length} parcels (PostGIS: ${expected.parcels})`);
    expect(withinTolerance(section.total ?? NaN, expected.total_m2)).toBe(true);
    expect(section.findings.length).toBe(expected.parcels);
    const mu = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(section.total! / (10_000 / 15));
    expect(section.text).toContain(`${mu} 亩`);
    expect(await driver.review.verdict()).toBe('non-compliant');
    // The layer is drawn from the server's answer for the view (read after the review's; on a
    // loaded machine the map may go idle before that answer is in, so it is waited for).
    await expect.poll(async () => (await driver.drawnCounts(layerId)).layer, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    stayedInAllowedOrigins();
    expect(recorded.errors).toEqual([]);
  }, 300_000);

  it('names the layer as not checked when the map server is down, and never says compliant', async () => {
    server.stop();
    // Any profile change reviews the open site again.
    await driver.setProfileName('服务器停止后 / after the server stopped');
    const unavailable = recorded.page.getByTestId(`reference-section-${layerId}`).getByTestId('reference-unavailable');
    await unavailable.waitFor({ timeout: 120_000 });
    await driver.review.waitForReview();
    const text = (await unavailable.textContent()) ?? '';
    expect(text).toMatch(/无法连接图层服务|图层服务/);
    expect(await driver.review.verdict()).not.toBe('compliant');
    expect(await driver.review.verdict()).not.toBeNull();
    // The app stays usable: the layer panel and the report still answer.
    expect(await driver.layerNames()).toEqual([LAYER_NAME]);
    stayedInAllowedOrigins();
  }, 300_000);
});
