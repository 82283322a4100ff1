/**
 * `npm run bench` (part 5): the review against a 1,000,000-polygon layer that stays on a
 * server — prints figures, asserts nothing.
 *
 * A throwaway PostgreSQL 15 + PostGIS 3 (loopback) holds 1,000,000 synthetic parcels
 * (50 m squares, EPSG:4528, GiST index) and MapServer 8 behind lighttpd publishes them as
 * OGC API – Features. 200 sites of 9 ha are reviewed through the review CLI
 * (`node build/cli/review.mjs … --layer <address>:prohibited --no-builtin --jsonl --progress`):
 * once with the PostGIS table (the bounding box is pushed into the database, its GiST index
 * finds the candidates) and once with the OGC API collection. Per-site time is the gap
 * between the CLI's progress lines (median over the sites); bytes are what the CLI says it
 * received, against the table's size on disk.
 *
 * Options: --features N (default 1000000), --sites N (default 200).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCli, bundlePath } from '../cli/launch.mjs';
import { postgisAvailable, startPostgis } from '../lib/postgis-server';
import { mapServerAvailable, startMapServer } from '../lib/map-server';
import { median } from './timing';

const { values } = parseArgs({ options: { features: { type: 'string' }, sites: { type: 'string' } }, strict: true });
const FEATURES = Number(values.features ?? 1_000_000);
const SITES = Number(values.sites ?? 200);
const SIDE = Math.ceil(Math.sqrt(FEATURES));
// Grid origin: 121.49°E, 36.84°N in EPSG:4528 (cs2cs), 60 m pitch.
const ORIGIN_X = 40633000;
const ORIGIN_Y = 4080000;
const PITCH = 60;

/** Runs the CLI; returns the per-site gaps between progress lines (ms) and the last bytes figure. */
function runCli(args: string[]): Promise<{ gaps: number[]; kibibytes: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('node', [bundlePath('review'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const stamps: number[] = [];
    let kibibytes = 0;
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^\d+\/\d+ .*\(([\d.]+) KiB read\)$/.exec(line);
        if (match) {
          stamps.push(performance.now());
          kibibytes = Number(match[1]);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`review CLI exited ${code}`));
      stamps.push(performance.now());
      resolve({ gaps: stamps.slice(1).map((stamp, index) => stamp - stamps[index]!), kibibytes, seconds });
    });
  });
}

async function main(): Promise<void> {
  if (!postgisAvailable() || !mapServerAvailable()) {
    process.stdout.write('\nServer-side layer: not run — needs postgresql-15-postgis-3, cgi-mapserver and lighttpd\n');
    return;
  }
  await buildCli('review');
  const rows: [string, string, string][] = [];
  const row = (what: string, figure: string, note = '') => {
    rows.push([what, figure, note]);
    process.stderr.write(`  … ${what}: ${figure}${note ? ` (${note})` : ''}\n`);
  };
  const work = mkdtempSync(path.join(tmpdir(), 'atlas-bench-sources-'));
  const database = await startPostgis();
  try {
    const loadStart = performance.now();
    database.psql(`
      CREATE TABLE parcels (fid integer PRIMARY KEY, bsm text, dlbm text, geom geometry(MultiPolygon, 4528));
      INSERT INTO parcels
      SELECT n, 'P' || n, CASE WHEN n % 3 = 0 THEN '0101' ELSE '0103' END,
             ST_Multi(ST_MakeEnvelope(${ORIGIN_X} + i * ${PITCH}, ${ORIGIN_Y} + j * ${PITCH}, ${ORIGIN_X} + i * ${PITCH} + 50, ${ORIGIN_Y} + j * ${PITCH} + 50, 4528))
      FROM (SELECT (g - 1) % ${SIDE} AS i, (g - 1) / ${SIDE} AS j, g AS n FROM generate_series(1, ${FEATURES}) g) cells;
      CREATE INDEX ON parcels USING gist (geom);
      ANALYZE parcels;`);
    const size = Number(database.psql("SELECT pg_total_relation_size('parcels');").trim());
    row(`PostGIS layer: ${FEATURES.toLocaleString('en-US')} parcels + GiST index`, `${(size / 2 ** 20).toFixed(0)} MiB`, `loaded in ${((performance.now() - loadStart) / 1000).toFixed(0)} s (set-up, not timed below)`);

    // Sites: 300 m squares (9 ha) spread over the grid, in lon/lat.
    const extent = await import('../../src/crs/projections');
    const sites = Array.from({ length: SITES }, (_, index) => {
      const x = ORIGIN_X + 500 + ((index * 7919) % 1000) / 1000 * (SIDE * PITCH - 1000);
      const y = ORIGIN_Y + 500 + ((index * 104729) % 1000) / 1000 * (SIDE * PITCH - 1000);
      const ring = [[x, y], [x + 300, y], [x + 300, y + 300], [x, y + 300], [x, y]].map(([easting, northing]) => extent.unprojectPoint([easting!, northing!], 'EPSG:4528'));
      return { type: 'Feature', properties: { id: `S${index + 1}` }, geometry: { type: 'Polygon', coordinates: [ring] } };
    });
    const sitesFile = path.join(work, 'sites.geojson');
    writeFileSync(sitesFile, JSON.stringify({ type: 'FeatureCollection', features: sites }));
    const common = [sitesFile, '--no-builtin', '--jsonl', '--progress'];

    const viaDatabase = await runCli([...common, '--layer', `${database.url}?table=public.parcels&id=fid:prohibited`]);
    row(`review CLI, ${SITES} sites × PostGIS layer: per site, median`, `${median(viaDatabase.gaps).toFixed(1)} ms`, `whole run ${viaDatabase.seconds.toFixed(1)} s incl. start`);
    row('  bytes received per review (PostGIS)', `${(viaDatabase.kibibytes / SITES).toFixed(1)} KiB`, `${((viaDatabase.kibibytes * 1024) / SITES / size * 100).toExponential(1)} % of the layer's ${(size / 2 ** 20).toFixed(0)} MiB`);

    const server = await startMapServer(database, [{ table: 'parcels', srid: 4528, geometryType: 'POLYGON', idColumn: 'fid' }]);
    try {
      const viaOgc = await runCli([...common, '--layer', `${server.ogcApiUrl}/collections/parcels:prohibited`]);
      row(`review CLI, ${SITES} sites × OGC API (MapServer 8 CGI): per site, median`, `${median(viaOgc.gaps).toFixed(1)} ms`, `whole run ${viaOgc.seconds.toFixed(1)} s`);
      row('  bytes fetched per review (OGC API GeoJSON)', `${(viaOgc.kibibytes / SITES).toFixed(1)} KiB`, 'the server writes GeoJSON in lon/lat, 6 decimals');
    } finally {
      server.stop();
    }
  } finally {
    database.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map(([what]) => what.length));
  const figureWidth = Math.max(...rows.map(([, figure]) => figure.length));
  process.stdout.write('\nReview against a layer that stays on the server\n');
  for (const [what, figure, note] of rows) process.stdout.write(`${what.padEnd(width)}  ${figure.padStart(figureWidth)}  ${note}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message?.split('\n')[0] ?? String(error)}\n`);
  process.exit(1);
});
