/**
 * `npm run bench` (part 2): the siting review side by side with PostGIS on the same data and
 * the same question — prints figures and ratios, asserts nothing.
 *
 * A throwaway PostgreSQL 15 + PostGIS 3 server is started on loopback by this script
 * (scripts/lib/postgis-server.ts; Debian `postgresql-15-postgis-3`). It holds the atlas
 * layers and the synthetic sample parcels in lon/lat (EPSG:4490) and already projected to
 * both Gauss–Krüger zones (EPSG:4528, EPSG:4529), each column with a GiST index — the best
 * case for PostGIS. For every site the server answers what the engine answers: the overlap
 * of the site with every parcel, zone, park and marine-ranch block, the overlap with the
 * 莱荣 line's 20 m protection zone, and the geodesic distance to the nearest station, port
 * and bridge, all in the site's Gauss–Krüger zone (timed inside the server with
 * clock_timestamp(), planning included). The engine runs in this process, warm (context
 * built, each site reviewed once before the timed run).
 *
 * Sites: 30 squares of 9 ha and 30 of 200 ha centred on seeded random parcels. Then the same
 * 200 ha sites over 400 000 parcels. Answers are compared (parcel overlap sums within 0.1 %).
 *
 * Options: --count N (default 100000), --large N (default 400000; 0 skips), --sites N (30).
 */
import { parseArgs } from 'node:util';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { createRandom, generateSampleParcels } from '../sample-parcels';
import { parcelLayerMeta, squareSite } from './bench-sites';
import { readAuthoredLayers } from '../lib/atlas-layers';
import { postgisAvailable, startPostgis, type PostgisServer } from '../lib/postgis-server';
import { measureArea } from '../../src/analysis/measure';
import { median } from './timing';

const { values } = parseArgs({
  options: { count: { type: 'string' }, large: { type: 'string' }, sites: { type: 'string' } },
  strict: true,
});
const COUNT = Number(values.count ?? 100_000);
const LARGE = Number(values.large ?? 400_000);
const SITES = Number(values.sites ?? 30);

const PLANNING_LAYERS = ['development-zones', 'industrial-parks', 'marine-ranch', 'hsr-line', 'hsr-stations', 'ports', 'bridges'];

function wkt(geometry: Feature['geometry']): string {
  const ring = (positions: number[][]) => `(${positions.map((position) => `${position[0]} ${position[1]}`).join(',')})`;
  switch (geometry.type) {
    case 'Polygon':
      return `POLYGON(${geometry.coordinates.map(ring).join(',')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${geometry.coordinates.map((polygon) => `(${polygon.map(ring).join(',')})`).join(',')})`;
    case 'LineString':
      return `LINESTRING${ring(geometry.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING(${geometry.coordinates.map(ring).join(',')})`;
    case 'Point':
      return `POINT(${geometry.coordinates[0]} ${geometry.coordinates[1]})`;
    default:
      throw new Error(`unsupported geometry ${geometry.type}`);
  }
}

function loadTable(server: PostgisServer, table: string, rows: { layer: string; id: string; geometry: Feature['geometry'] }[]): void {
  const lines = [`CREATE TABLE ${table} (layer text, id text, geom geometry(Geometry, 4490), g4528 geometry, g4529 geometry);`, `COPY ${table} (layer, id, geom) FROM stdin;`];
  for (const row of rows) lines.push(`${row.layer}\t${row.id.replace(/[\t\n\\]/g, ' ')}\tSRID=4490;${wkt(row.geometry)}`);
  lines.push('\\.');
  lines.push(`UPDATE ${table} SET g4528 = ST_Transform(geom, 4528), g4529 = ST_Transform(geom, 4529);`);
  for (const column of ['geom', 'g4528', 'g4529']) lines.push(`CREATE INDEX ON ${table} USING gist (${column});`);
  lines.push(`ANALYZE ${table};`);
  server.psql(lines.join('\n'));
}

const REVIEW_FUNCTION = `
CREATE OR REPLACE FUNCTION review_site(site_wkt text, zone int) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE started timestamptz := clock_timestamp(); answer json; g text := 'g' || zone;
BEGIN
  EXECUTE format($q$
    WITH s AS (SELECT ST_GeomFromText(%L, 4490) AS ll),
         sz AS (SELECT ll, ST_Transform(ll, %s) AS g FROM s)
    SELECT json_build_object(
      'parcels', (SELECT coalesce(sum(ST_Area(ST_Intersection(p.%I, sz.g))), 0) FROM parcels p, sz WHERE p.%I && sz.g AND ST_Intersects(p.%I, sz.g)),
      'parcel_count', (SELECT count(*) FROM parcels p, sz WHERE p.%I && sz.g AND ST_Intersects(p.%I, sz.g) AND ST_Area(ST_Intersection(p.%I, sz.g)) > 0),
      'zones', (SELECT coalesce(sum(ST_Area(ST_Intersection(f.%I, sz.g))), 0) FROM feats f, sz WHERE f.layer IN ('development-zones', 'industrial-parks', 'marine-ranch') AND f.%I && sz.g),
      'rail', (SELECT coalesce(sum(ST_Area(ST_Intersection(ST_Buffer(f.%I, 20), sz.g))), 0) FROM feats f, sz WHERE f.layer = 'hsr-line' AND ST_DWithin(f.%I, sz.g, 20)),
      'nearest', (SELECT json_object_agg(layer, d) FROM (
          SELECT f.layer, min(ST_Distance(f.geom::geography, sz.ll::geography)) AS d FROM feats f, sz
          WHERE f.layer IN ('hsr-stations', 'ports', 'bridges') GROUP BY f.layer) n))
    FROM sz $q$, site_wkt, zone, g, g, g, g, g, g, g, g, g, g) INTO answer;
  RETURN extract(epoch FROM clock_timestamp() - started) * 1000 || '|' || answer::text;
END $fn$;`;

interface ServerAnswer {
  ms: number;
  parcels: number;
  zones: number;
  rail: number;
}

function askServer(server: PostgisServer, sites: { site: Feature<Polygon>; zone: number }[], passes: number): ServerAnswer[][] {
  const statements: string[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    for (const { site, zone } of sites) statements.push(`SELECT review_site('${wkt(site.geometry)}', ${zone});`);
  }
  const output = server.psql(statements.join('\n')).trim().split('\n');
  const answers: ServerAnswer[][] = [];
  output.forEach((line, index) => {
    const [ms, json] = [line.slice(0, line.indexOf('|')), line.slice(line.indexOf('|') + 1)];
    const parsed = JSON.parse(json) as { parcels: number; zones: number; rail: number };
    const pass = Math.floor(index / sites.length);
    (answers[pass] ??= []).push({ ms: Number(ms), parcels: parsed.parcels, zones: parsed.zones, rail: parsed.rail });
  });
  return answers;
}

async function main(): Promise<void> {
  if (!postgisAvailable()) {
    process.stdout.write('\nPostGIS side by side: not run — PostgreSQL 15 + PostGIS 3 are not installed (apt-get install postgresql-15-postgis-3)\n');
    return;
  }
  const { createReviewContext, reviewSite } = await import('../../src/analysis/siting-review');
  const layers = await readAuthoredLayers();
  const zoneLayers = ['industrial-parks', 'development-zones'].map((id) => ({ layer: id, features: layers.find((layer) => layer.meta.id === id)!.features }));
  const land = layers.find((layer) => layer.meta.id === 'basemap-land')?.features;
  const generate = (count: number, seed: number) => generateSampleParcels({ count, seed, zones: zoneLayers, land });

  const random = createRandom(7);
  const baseParcels = generate(COUNT, 1);
  const pick = (sideM: number, prefix: string) =>
    Array.from({ length: SITES }, (_, index) => {
      const parcel = baseParcels.features[Math.floor(random() * baseParcels.features.length)]!;
      const ring = parcel.geometry.coordinates[0]!;
      const lon = ring.reduce((sum, position) => sum + position[0]!, 0) / ring.length;
      const lat = ring.reduce((sum, position) => sum + position[1]!, 0) / ring.length;
      const site = squareSite(lon, lat, sideM, { id: `${prefix}-${index}`, name: `${prefix}-${index}` });
      const zone = measureArea(site.geometry).projected_crs === 'EPSG:4528' ? 4528 : 4529;
      return { site, zone };
    });
  const small = pick(300, 'site-9ha');
  const large = pick(Math.sqrt(2_000_000), 'site-200ha');

  const server = await startPostgis();
  const rows: [string, string, string][] = [];
  const row = (what: string, figure: string, note = '') => {
    rows.push([what, figure, note]);
    process.stderr.write(`  … ${what}: ${figure}${note ? ` (${note})` : ''}\n`);
  };
  try {
    row('PostGIS', server.psql("SELECT postgis_lib_version() || ' / GEOS ' || postgis_geos_version();").trim(), 'throwaway server on 127.0.0.1, GiST on lon/lat and both GK zones');
    server.psql(REVIEW_FUNCTION);
    const featureRows = layers
      .filter((layer) => PLANNING_LAYERS.includes(layer.meta.id))
      .flatMap((layer) => layer.features.features.filter((feature) => feature.geometry).map((feature, index) => ({ layer: layer.meta.id, id: String(feature.properties?.id ?? index), geometry: feature.geometry })));
    loadTable(server, 'feats', featureRows);

    const scenario = (label: string, parcels: FeatureCollection<Polygon>, siteSets: [string, typeof small][]) => {
      server.psql('DROP TABLE IF EXISTS parcels;');
      const loadStart = performance.now();
      loadTable(server, 'parcels', parcels.features.map((feature, index) => ({ layer: 'sample-parcels', id: String(feature.properties?.id ?? index), geometry: feature.geometry })));
      row(`${label}: load ${parcels.features.length} parcels into PostGIS + 3 GiST indexes`, `${((performance.now() - loadStart) / 1000).toFixed(1)} s`, 'set-up, not timed below');
      const context = createReviewContext([...layers, { meta: parcelLayerMeta(), features: parcels as FeatureCollection }]);
      for (const [name, sites] of siteSets) {
        // Figures only, as PostGIS answers them (the app asks for the overlap shapes too).
        for (const { site } of sites) reviewSite(context, site, {}, { withGeometry: false }); // warm: projections cached, JIT warm
        const engineTimes: number[] = [];
        const engineAnswers: { parcels: number; zones: number; rail: number }[] = [];
        for (const { site } of sites) {
          const start = performance.now();
          const report = reviewSite(context, site, {}, { withGeometry: false });
          engineTimes.push(performance.now() - start);
          const sum = (items: { layer: string; overlap_m2: number }[], test: (layer: string) => boolean) =>
            items.filter((item) => test(item.layer)).reduce((total, item) => total + item.overlap_m2, 0);
          engineAnswers.push({
            parcels: sum(report.conflicts, (layer) => layer === 'sample-parcels'),
            zones: sum(report.zones, () => true) + sum(report.conflicts, (layer) => layer === 'marine-ranch'),
            rail: sum(report.conflicts, (layer) => layer === 'hsr-line'),
          });
        }
        const [, timed] = askServer(server, sites, 2); // first pass warms the server's caches
        const serverTimes = timed!.map((answer) => answer.ms);
        let worst = 0;
        timed!.forEach((answer, index) => {
          const engine = engineAnswers[index]!;
          for (const key of ['parcels', 'zones', 'rail'] as const) {
            const difference = Math.abs(engine[key] - answer[key]);
            const relative = difference <= 1 ? 0 : difference / Math.max(answer[key], 1);
            worst = Math.max(worst, relative);
          }
        });
        const engineMedian = median(engineTimes);
        const serverMedian = median(serverTimes);
        row(`${label}, ${name}: engine (in process, warm), median`, `${engineMedian.toFixed(2)} ms`, `${sites.length} sites`);
        row(`${label}, ${name}: PostGIS (inside the server), median`, `${serverMedian.toFixed(2)} ms`, `${sites.length} sites`);
        row(`${label}, ${name}: ratio engine / PostGIS`, `${(engineMedian / serverMedian).toFixed(2)}×`, `largest difference in overlap sums ${(worst * 100).toFixed(4)} % (over 1 m²)`);
      }
    };

    scenario(`${COUNT / 1000}k parcels`, baseParcels, [['9 ha', small], ['200 ha', large]]);
    if (LARGE > 0) {
      const batches: FeatureCollection<Polygon>[] = [];
      for (let done = 0, seed = 1; done < LARGE; done += 200_000, seed += 1) batches.push(generate(Math.min(200_000, LARGE - done), seed));
      const all: FeatureCollection<Polygon> = {
        type: 'FeatureCollection',
        features: batches.flatMap((batch, batchIndex) => batch.features.map((feature) => ({ ...feature, properties: { ...feature.properties, id: `${batchIndex}-${feature.properties?.id}` } }))),
      };
      scenario(`${LARGE / 1000}k parcels`, all, [['200 ha', large]]);
    }
  } finally {
    server.stop();
  }
  const width = Math.max(...rows.map(([what]) => what.length));
  const figureWidth = Math.max(...rows.map(([, figure]) => figure.length));
  process.stdout.write('\nSiting review side by side with PostGIS (same layers, same synthetic parcels, same sites)\n');
  for (const [what, figure, note] of rows) process.stdout.write(`${what.padEnd(width)}  ${figure.padStart(figureWidth)}  ${note}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message?.split('\n')[0] ?? String(error)}\n`);
  process.exit(1);
});
