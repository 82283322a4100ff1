/**
 * Layer sources against real servers on loopback (issue 13): PostgreSQL 15 + PostGIS 3 and
 * MapServer 8 behind lighttpd publishing the same table as WFS 2.0 (GeoJSON and GML 3.2)
 * and OGC API – Features, plus the table exported by GDAL (`ogr2ogr`) as an indexed
 * FlatGeobuf served with HTTP range requests by the same lighttpd, and as a GeoJSON file
 * read through the import registry. Every source must return the same features for the
 * same bounding boxes; a stopped server must give a bilingual SourceUnavailableError.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, Polygon, MultiPolygon, Position } from 'geojson';
import { freePort, startPostgis, type PostgisServer } from '../../scripts/lib/postgis-server';
import { LIGHTTPD, startMapServer, type MapServer } from '../../scripts/lib/map-server';
import { postgisSource, type PostgisLayerSource } from '../../scripts/lib/postgis-source';
import { importFile } from '../../src/io/registry';
import { memorySource } from '../../src/io/sources/memory-source';
import { flatgeobufUrlSource } from '../../src/io/sources/flatgeobuf-url-source';
import { ogcApiCollections, ogcApiSource } from '../../src/io/sources/ogc-api-source';
import { wfsCapabilities, wfsSource } from '../../src/io/sources/wfs-source';
import { fetchFromSource, SourceUnavailableError, type LayerSource, type LonLatBox } from '../../src/io/sources/layer-source';
import { createReviewContext, reviewSite } from '../../src/analysis/siting-review';
import { loadLayerOptions, referenceInputFor } from '../../scripts/cli/reference-layers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LAUNCH = path.join(ROOT, 'scripts/cli/launch.mjs');

// Sites over the grid (lon/lat): one across several squares and holes, one straddling
// 121.5°E, one beside the grid touching nothing.
const SITES = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'S1', name: 'across squares' }, geometry: { type: 'Polygon', coordinates: [[[121.5061, 36.8521], [121.5122, 36.8518], [121.5127, 36.8567], [121.5066, 36.8571], [121.5061, 36.8521]]] } },
    { type: 'Feature', properties: { id: 'S2', name: 'straddling 121.5E' }, geometry: { type: 'Polygon', coordinates: [[[121.4985, 36.8702], [121.5031, 36.8699], [121.5034, 36.8741], [121.4988, 36.8744], [121.4985, 36.8702]]] } },
    { type: 'Feature', properties: { id: 'S3', name: 'nothing' }, geometry: { type: 'Polygon', coordinates: [[[121.62, 36.95], [121.625, 36.95], [121.625, 36.954], [121.62, 36.954], [121.62, 36.95]]] } },
  ],
};

interface CliSection {
  layer: string;
  role: string;
  source: { file: string; features: number; crs: string };
  findings: { id: string; overlap_m2?: number }[];
  total_overlap_m2?: number;
  unavailable?: unknown;
}

/** Runs the review CLI with one reference layer and returns, per site, its reference section and verdict. */
function reviewWith(layer: string): { section: CliSection; verdict: string }[] {
  const folder = mkdtempSync(path.join(tmpdir(), 'atlas-sources-cli-'));
  const sites = path.join(folder, 'sites.geojson');
  writeFileSync(sites, JSON.stringify(SITES));
  const run = spawnSync('node', [LAUNCH, 'review', sites, '--layer', `${layer}:prohibited:name=永久基本农田`, '--no-builtin'], { encoding: 'utf8', cwd: ROOT });
  if (run.status !== 0) throw new Error(`review CLI failed (${run.status}): ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as { reports: { reference: CliSection[]; verdict: string }[] };
  return parsed.reports.map((report) => ({ section: report.reference[0]!, verdict: report.verdict }));
}

let database: PostgisServer;
let server: MapServer;
let fromDatabase: PostgisLayerSource;
let fileFeatures: Feature[];

// A 40 × 40 grid of 150 m squares (some with a hole), 121.49–121.58°E × 36.84–36.91°N, stored in EPSG:4528 as
// a bureau stores 永久基本农田; ids 1…1600.
const SETUP = `
CREATE TABLE yjjbnt (fid integer PRIMARY KEY, bsm text, dlbm text, geom geometry(MultiPolygon, 4528));
INSERT INTO yjjbnt
SELECT row_number() OVER ()::int, 'YJ' || lpad((row_number() OVER ())::text, 5, '0'), CASE WHEN (i + j) % 3 = 0 THEN '0101' ELSE '0103' END,
       ST_Multi(CASE WHEN (i * j) % 7 = 1
         THEN ST_Difference(ST_MakeEnvelope(x, y, x + 150, y + 150, 4528), ST_MakeEnvelope(x + 50, y + 50, x + 100, y + 100, 4528))
         ELSE ST_MakeEnvelope(x, y, x + 150, y + 150, 4528) END)
FROM generate_series(0, 39) i, generate_series(0, 39) j,
     LATERAL (SELECT 40633000 + i * 200.0 AS x, 4080000 + j * 200.0 AS y) p;
CREATE INDEX ON yjjbnt USING gist (geom);
ANALYZE yjjbnt;`;

const BOXES: LonLatBox[] = [
  [121.49, 36.84, 121.52, 36.87],
  [121.53, 36.87, 121.56, 36.9],
  [121.45, 36.8, 121.65, 36.95], // the whole layer
  [122.0, 37.0, 122.1, 37.1], // nothing
];

function idsOf(features: Feature[]): string[] {
  return features.map((feature) => String(feature.properties?.bsm)).sort();
}

function ringsOf(feature: Feature): Position[][] {
  const geometry = feature.geometry as Polygon | MultiPolygon;
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Largest coordinate difference (degrees) between same-id features of two lists. */
function largestDifference(a: Feature[], b: Feature[]): number {
  const byId = new Map(b.map((feature) => [String(feature.properties?.bsm), feature]));
  let worst = 0;
  for (const feature of a) {
    const other = byId.get(String(feature.properties?.bsm));
    if (!other) return Infinity;
    const ringsA = ringsOf(feature);
    const ringsB = ringsOf(other);
    if (ringsA.length !== ringsB.length) return Infinity;
    ringsA.forEach((ring, ringIndex) => {
      const otherRing = ringsB[ringIndex]!;
      // Same vertex set (servers may start a ring elsewhere): compare each to its nearest.
      for (const position of ring) {
        let nearest = Infinity;
        for (const candidate of otherRing) nearest = Math.min(nearest, Math.hypot(position[0]! - candidate[0]!, position[1]! - candidate[1]!));
        worst = Math.max(worst, nearest);
      }
    });
  }
  return worst;
}

beforeAll(async () => {
  database = await startPostgis();
  database.psql(SETUP);
  server = await startMapServer(database, [{ table: 'yjjbnt', srid: 4528, geometryType: 'POLYGON', idColumn: 'fid', title: '永久基本农田' }]);
  // GDAL writes the same table as an indexed FlatGeobuf into lighttpd's document root and as
  // a GeoJSON file (lon/lat) for the import registry.
  const connection = `PG:host=127.0.0.1 port=${database.port} user=postgres dbname=atlas`;
  execFileSync('ogr2ogr', ['-f', 'FlatGeobuf', path.join(server.documentRoot, 'yjjbnt.fgb'), connection, 'yjjbnt', '-t_srs', 'EPSG:4490', '-lco', 'SPATIAL_INDEX=YES']);
  const geojsonPath = path.join(server.documentRoot, 'yjjbnt.geojson');
  execFileSync('ogr2ogr', ['-f', 'GeoJSON', geojsonPath, connection, 'yjjbnt', '-t_srs', 'EPSG:4490', '-lco', 'COORDINATE_PRECISION=10', '-lco', 'RFC7946=NO']);
  const imported = await importFile(new Uint8Array(readFileSync(geojsonPath)), { fileName: 'yjjbnt.geojson' });
  if (!imported.ok) throw new Error(imported.error.message.en);
  fileFeatures = imported.value.features.features;
  fromDatabase = postgisSource(`${database.url}?table=public.yjjbnt&id=fid`);
}, 120_000);

afterAll(async () => {
  await fromDatabase?.close();
  server?.stop();
  database?.stop();
});

describe('layer sources give the same features for the same bounding box', () => {
  it('lists the layer in WFS capabilities (with a GeoJSON output format) and in OGC API collections', async () => {
    const capabilities = await wfsCapabilities(server.wfsUrl);
    // MapServer names its types in its own namespace (ms:yjjbnt).
    expect(capabilities.featureTypes.map((type) => type.name.replace(/^.*:/, ''))).toContain('yjjbnt');
    expect(capabilities.geojsonFormat).toBeTruthy();
    const collections = await ogcApiCollections(server.ogcApiUrl);
    expect(collections.map((collection) => collection.id)).toContain('yjjbnt');
  });

  it('the PostGIS table holds 1,600 features with an SRID of 4528', async () => {
    const description = await fromDatabase.describe();
    expect(description).toMatchObject({ features: 1600, srid: 4528 });
    expect(description.fields).toEqual(expect.arrayContaining(['fid', 'bsm', 'dlbm']));
  });

  it.each(BOXES.map((box, index) => [index, box] as const))('box %i: file, FlatGeobuf URL, WFS (GeoJSON, GML), OGC API and PostGIS agree', async (_index, box) => {
    const sources: [string, LayerSource, number][] = [
      // [name, source, largest coordinate difference allowed (degrees) against the file]
      ['flatgeobuf-url', flatgeobufUrlSource(`${server.staticUrl}/yjjbnt.fgb`), 1e-9],
      ['wfs-geojson', wfsSource(server.wfsUrl, 'yjjbnt'), 1e-8],
      ['wfs-gml', wfsSource(server.wfsUrl, 'yjjbnt', null, 500), 1e-6],
      // MapServer 8.0 writes OGC API items with 6 decimals (≈ 0.1 m), and ignores `offset`
      // (see the paging test): one page of up to 5,000 covers these boxes.
      ['ogc-api', ogcApiSource(`${server.ogcApiUrl}/collections/yjjbnt`, 5000), 2e-6],
      ['postgis', fromDatabase, 1e-8],
    ];
    const reference = (await memorySource('yjjbnt.geojson', fileFeatures).features(box)).features;
    const expected = idsOf(reference);
    if (box[0] >= 122) expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
    for (const [name, source, tolerance] of sources) {
      const page = await source.features(box);
      // Every source may return candidates by bounding box: the same set here, since all
      // filter by the features' boxes.
      expect(idsOf(page.features), name).toEqual(expected);
      expect(page.truncated, name).toBe(false);
      expect(largestDifference(page.features, reference), name).toBeLessThanOrEqual(tolerance);
    }
  });

  it('pages through a WFS (COUNT/STARTINDEX) and reports truncation at a limit', async () => {
    const whole = BOXES[2]!;
    const paged = await wfsSource(server.wfsUrl, 'yjjbnt', undefined, 250).features(whole);
    expect(idsOf(paged.features)).toEqual(idsOf(fileFeatures));
    const limited = await wfsSource(server.wfsUrl, 'yjjbnt', undefined, 300).features(whole, { limit: 1000 });
    expect(limited.features).toHaveLength(1000);
    expect(limited.truncated).toBe(true);
    expect(limited.bytes).toBeGreaterThan(0);
  });
});

describe('the review CLI against the same layer from a file, a FlatGeobuf URL, WFS, OGC API and PostGIS', () => {
  it('gives the same findings and verdicts', () => {
    const fromFile = reviewWith(path.join(server.documentRoot, 'yjjbnt.geojson'));
    expect(fromFile.map((report) => report.verdict)).toEqual(['non-compliant', 'non-compliant', 'compliant']);
    expect(fromFile[0]!.section.findings.length).toBeGreaterThan(3);
    const addresses: [string, string, number][] = [
      // [name, --layer address, largest overlap difference allowed (m²) against the file]
      // Exact sources: the same coordinates to ≈ 1e-5 m; clipping on the 1 mm grid moves a sum of
      // dozens of squares' overlaps by at most a few tenths of a m².
      ['flatgeobuf-url', `${server.staticUrl}/yjjbnt.fgb`, 0.5],
      ['wfs', `${server.wfsUrl}&SERVICE=WFS&TYPENAMES=yjjbnt`, 0.5],
      // 6-decimal coordinates (≈ 0.1 m) from MapServer's OGC API: within the review's 0.1 %
      // promise (tolerance below: the larger of this in m² and 0.1 % of the total).
      ['ogc-api', `${server.ogcApiUrl}/collections/yjjbnt`, 0.5],
      ['postgis', `${database.url}?table=public.yjjbnt&id=fid`, 0.5],
    ];
    for (const [name, address, tolerance] of addresses) {
      const reports = reviewWith(address);
      reports.forEach((report, index) => {
        const expected = fromFile[index]!;
        expect(report.verdict, `${name} site ${index + 1}`).toBe(expected.verdict);
        expect(report.section.unavailable, name).toBeUndefined();
        expect(report.section.findings.map((finding) => finding.id), `${name} site ${index + 1} findings`).toEqual(expected.section.findings.map((finding) => finding.id));
        const total = expected.section.total_overlap_m2 ?? 0;
        const allowed = name === 'ogc-api' ? Math.max(tolerance, total * 0.001) : tolerance;
        expect(Math.abs((report.section.total_overlap_m2 ?? 0) - total), `${name} site ${index + 1} total`).toBeLessThanOrEqual(allowed);
      });
      expect(reports[0]!.section.source.features, `${name} feature count`).toBe(1600);
    }
  }, 240_000);
});

describe('a server that misbehaves', () => {
  it('a server stopped mid-review: the layer is named as unchecked and the verdict is never compliant', async () => {
    const second = await startMapServer(database, [{ table: 'yjjbnt', srid: 4528, geometryType: 'POLYGON', idColumn: 'fid' }]);
    const [loaded] = await loadLayerOptions([`${second.ogcApiUrl}/collections/yjjbnt:prohibited:name=永久基本农田`]);
    const context = createReviewContext([]);
    const site = SITES.features[2] as Feature<Polygon>; // touches nothing: compliant while the server answers
    const siteBox: LonLatBox = [121.62, 36.95, 121.625, 36.954];
    const before = reviewSite(context, site, {}, { builtInLayers: [], references: [await referenceInputFor(loaded!, siteBox)] });
    expect(before.verdict).toBe('compliant');
    second.stop();
    const after = reviewSite(context, site, {}, { builtInLayers: [], references: [await referenceInputFor(loaded!, siteBox)] });
    expect(after.verdict).not.toBe('compliant');
    // The system's reason is named for the administrator.
    expect(after.reference[0]!.unavailable?.en).toMatch(/Could not reach the layer service .* \(ECONNREFUSED\)\./);
    expect(after.reference[0]!.unavailable?.zh).toMatch(/无法连接图层服务 .*（ECONNREFUSED）。/);
    const reason = after.reasons.find((item) => item.en.includes('永久基本农田'));
    expect(reason?.en).toMatch(/could not be read .*cannot be found compliant/);
    expect(reason?.zh).toMatch(/无法读取.*不能判为符合/);
  }, 60_000);

  it('an OGC API server whose next page repeats the last one is refused, never counted twice', async () => {
    // Debian 12's MapServer 8.0.0 ignores `offset`: every next page is the first page again.
    const failure = await ogcApiSource(`${server.ogcApiUrl}/collections/yjjbnt`, 250).features(BOXES[2]!).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceUnavailableError);
    expect((failure as SourceUnavailableError).text.en).toMatch(/next page repeats the last one/);
    expect((failure as SourceUnavailableError).text.zh).toMatch(/下一页重复了上一页/);
  });


  it('a server that does not answer gives a bilingual SourceUnavailableError naming the source', async () => {
    const source = ogcApiSource('http://127.0.0.1:9/cgi-bin/mapserv/atlas/ogcapi/collections/yjjbnt');
    const failure = await source.features(BOXES[0]!).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceUnavailableError);
    const text = (failure as SourceUnavailableError).text;
    expect(text.zh).toMatch(/无法连接图层服务/);
    expect(text.en).toMatch(/Could not reach the layer service .*127\.0\.0\.1:9/);
  });

  it('a kept-alive connection the server closed while the review was busy is opened again, not reported unreachable', async () => {
    // Apache and lighttpd close an idle connection after 5 s; here lighttpd after 1 s. Node's
    // fetch sends the next request on the closed connection when the event loop was busy
    // (the CLI reviewing between two pages) and fails before any answer.
    const folder = mkdtempSync(path.join(tmpdir(), 'atlas-keepalive-'));
    writeFileSync(path.join(folder, 'page.json'), '{"type":"FeatureCollection","features":[]}');
    copyFileSync(path.join(server.documentRoot, 'yjjbnt.fgb'), path.join(folder, 'yjjbnt.fgb'));
    const port = await freePort();
    writeFileSync(path.join(folder, 'lighttpd.conf'), `server.document-root = "${folder}"\nserver.bind = "127.0.0.1"\nserver.port = ${port}\nserver.max-keep-alive-idle = 1\n`);
    const lighttpd = spawn(LIGHTTPD, ['-D', '-f', path.join(folder, 'lighttpd.conf')], { stdio: 'ignore' });
    try {
      const url = `http://127.0.0.1:${port}/page.json`;
      let first: { text: string } | null = null;
      for (let attempt = 0; !first && attempt < 50; attempt += 1) {
        first = await fetchFromSource('keep-alive', url).catch(() => new Promise<null>((resolve) => setTimeout(() => resolve(null), 100)));
      }
      expect(first?.text).toContain('FeatureCollection');
      await new Promise((resolve) => setTimeout(resolve, 50)); // the connection goes back to the pool
      const busyUntil = Date.now() + 3000;
      while (Date.now() < busyUntil); // the review computing, the server closing the idle connection
      const second = await fetchFromSource('keep-alive', url);
      expect(second.text).toContain('FeatureCollection');
      // The same for a FlatGeobuf read by range requests (flatgeobuf's own fetch).
      const layer = flatgeobufUrlSource(`http://127.0.0.1:${port}/yjjbnt.fgb`);
      const before = await layer.features(BOXES[0]!);
      expect(before.features.length).toBeGreaterThan(10);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const busyAgain = Date.now() + 3000;
      while (Date.now() < busyAgain);
      expect(idsOf((await layer.features(BOXES[0]!)).features)).toEqual(idsOf(before.features));
      // And its header count, which the review CLI reads when it opens the layer.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const busyOnceMore = Date.now() + 3000;
      while (Date.now() < busyOnceMore);
      expect(await layer.count!()).toBe(1600);
      // A count that cannot be read is a SourceUnavailableError (the CLI names the layer unchecked), not a crash.
      const failure = await flatgeobufUrlSource('http://127.0.0.1:9/none.fgb').count!().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SourceUnavailableError);
    } finally {
      lighttpd.kill('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
