/**
 * `npm run bench`: figures for issue 3's performance targets, printed as a table — no
 * asserts (CONVENTIONS.md: speed is measured by benchmarks that print ratios against a
 * baseline, never by timed assertions in tests).
 *
 *  1. Siting review of one site against every atlas layer plus 100 000 synthetic sample
 *     parcels: median and p95 with the spatial index, the same with `useIndex: false`
 *     (a naive loop over all features), and the ratio. Target: median ≤ 20 ms.
 *  2. Land-use intensity of every development zone and park from the 100 000 parcels,
 *     cold (reading the parcels, building the index, projecting) and warm. Target ≤ 2 s.
 *     Baseline: Turf intersect + area for every parcel × zone pair, extrapolated from a
 *     sample of pairs.
 *  3. FlatGeobuf write (with index) and read (all, and one park's bbox) of the 100 000 parcels,
 *     and the import registry reading that file (what the intensity CLI does first).
 *
 *  1b. Siting review with the bureau's reference layers (issue 10): the synthetic bureau
 *     profile (tests/fixtures/bureau/profile.json, `npm run bureau-data`) read once and
 *     indexed, then each bureau test site reviewed with every reference layer; median and
 *     p95 per review. Target: median ≤ 50 ms. Skipped (with a note) when the dataset is absent.
 *  1c. Importing the bureau's 59,399-polygon 永久基本农田 Shapefile (YJJBNTBHTB.zip, GBK,
 *     EPSG:4528) as a reference layer, whole process: the worker's importReference (import
 *     registry → indexed FlatGeobuf → SHA-256 → memory store), bundled and run by node,
 *     against `ogr2ogr -f FlatGeobuf` (with its spatial index) to EPSG:4490 from the same zip;
 *     wall time (median of 3) and peak memory (GNU time). Target (issue 10): ≤ 3× ogr2ogr.
 *
 * Options: --count N (default 100000), --seed S (default 1), --runs N (default 50).
 * The parcels are synthetic sample data (scripts/sample-parcels.ts), generated in memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { area as turfArea } from '@turf/area';
import { intersect } from '@turf/intersect';
import { generateSampleParcels, SAMPLE_TITLE } from '../sample-parcels';
import { parcelLayerMeta, squareSite } from './bench-sites';
import { NODE_BUNDLE_OPTIONS } from '../cli/launch.mjs';
import { readAuthoredLayer, readAuthoredLayers, REPOSITORY_ROOT, type AuthoredLayer } from '../lib/atlas-layers';
import { computeLandUseIntensity, prepareParcels } from '../../src/analysis/land-use-intensity';

const { values } = parseArgs({
  options: { count: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' } },
  strict: true,
});
const COUNT = Number(values.count ?? 100_000);
const SEED = Number(values.seed ?? 1);
const RUNS = Number(values.runs ?? 50);

const rows: [string, string, string][] = [];
function row(what: string, figure: string, note = ''): void {
  rows.push([what, figure, note]);
  process.stderr.write(`  … ${what}: ${figure}${note ? ` (${note})` : ''}\n`);
}

function milliseconds(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const position = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[position];
}

function time<T>(action: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = action();
  return { result, ms: performance.now() - start };
}

async function timeAsync<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await action();
  return { result, ms: performance.now() - start };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  row('machine', `${cpus.length} cores × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`, `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  row('node', process.version, `${os.platform()} ${os.release()}; load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);

  // Layers -------------------------------------------------------------------------------
  let layers: AuthoredLayer[];
  let layerNote = 'all authored layers';
  try {
    layers = await readAuthoredLayers();
  } catch (error) {
    // Other layers may be mid-edit; the zones are what the parcels and intensity need.
    layers = [await readAuthoredLayer('development-zones'), await readAuthoredLayer('industrial-parks')];
    layerNote = `zones only — authored layers failed validation: ${(error as Error).message.split('\n')[1]?.trim() ?? ''}`;
  }
  const featureTotal = layers.reduce((sum, layer) => sum + layer.features.features.length, 0);
  row('atlas layers', `${layers.length} layers, ${featureTotal} features`, layerNote);
  const zoneLayers = ['industrial-parks', 'development-zones'].map((id) => {
    const layer = layers.find((candidate) => candidate.meta.id === id);
    if (!layer) throw new Error(`layer ${id} missing`);
    return { layer: id, features: layer.features };
  });
  const land = layers.find((layer) => layer.meta.id === 'basemap-land')?.features;

  // Parcels ------------------------------------------------------------------------------
  const generated = time(() => generateSampleParcels({ count: COUNT, seed: SEED, zones: zoneLayers, land }));
  const parcels = generated.result;
  row('generate sample parcels', milliseconds(generated.ms), `${parcels.features.length} synthetic parcels, seed ${SEED}`);

  // 1. Siting review ---------------------------------------------------------------------
  let reviewModule: typeof import('../../src/analysis/siting-review') | undefined;
  try {
    reviewModule = await import('../../src/analysis/siting-review');
  } catch (error) {
    row('siting review', 'not run', `src/analysis/siting-review.ts could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  if (reviewModule) {
    const { createReviewContext, reviewSite } = reviewModule;
    const parcelLayer = { meta: parcelLayerMeta(), features: parcels as FeatureCollection };
    const built = time(() => createReviewContext([...layers, parcelLayer]));
    row('review: build context (index all layers + parcels)', milliseconds(built.ms), 'once per session');
    // A 9 ha site in the middle of the Rushan new-energy vehicle park, among the parcels.
    const park = zoneLayers[0].features.features.find((feature) => feature.properties?.id === 'rushan-new-energy-vehicle-park') ?? zoneLayers[0].features.features[0];
    const ring = (park.geometry as Polygon).coordinates[0];
    const centreLon = ring.reduce((sum, position) => sum + position[0], 0) / ring.length;
    const centreLat = ring.reduce((sum, position) => sum + position[1], 0) / ring.length;
    const site = squareSite(centreLon, centreLat, 300);
    const proposal = { industryCode: '36', far: 1.2, coverage: 0.45 };
    const cold = time(() => reviewSite(built.result, site, proposal));
    row('review: first run, indexed (cold projection caches)', milliseconds(cold.ms), `${cold.result.candidates_tested} candidates tested; verdict ${cold.result.verdict}`);
    const indexed: number[] = [];
    for (let run = 0; run < RUNS; run += 1) indexed.push(time(() => reviewSite(built.result, site, proposal)).ms);
    const naiveRuns = Math.max(3, Math.min(7, Math.round(RUNS / 10)));
    const naive: number[] = [];
    let naiveReport;
    for (let run = 0; run < naiveRuns; run += 1) {
      const measured = time(() => reviewSite(built.result, site, proposal, { useIndex: false }));
      naive.push(measured.ms);
      naiveReport = measured.result;
    }
    const indexedMedian = percentile(indexed, 0.5);
    const naiveMedian = percentile(naive, 0.5);
    row('review: indexed, median', milliseconds(indexedMedian), `p95 ${milliseconds(percentile(indexed, 0.95))}; ${RUNS} runs; target ≤ 20 ms`);
    row(
      'review: naive loop (useIndex:false), median',
      milliseconds(naiveMedian),
      `p95 ${milliseconds(percentile(naive, 0.95))}; ${naiveRuns} runs; every feature of every layer projected and tested (${featureTotal + parcels.features.length}); ${naiveReport?.candidates_tested} reached the exact test`,
    );
    row('review: speed-up (naive median / indexed median)', `${(naiveMedian / indexedMedian).toFixed(0)}×`, 'same report apart from candidates_tested');
  }

  // 1b. Siting review with the reference layers of the synthetic bureau profile -------------
  const bureauProfile = path.join(REPOSITORY_ROOT, 'tests/fixtures/bureau/profile.json');
  if (!reviewModule) {
    row('review with reference layers', 'not run', 'siting-review.ts could not be loaded');
  } else if (!existsSync(bureauProfile)) {
    row('review with reference layers', 'not run', 'no synthetic bureau dataset: run npm run bureau-data');
  } else {
    await benchReferenceReview(reviewModule, layers, bureauProfile);
  }
  await benchReferenceImport(path.join(REPOSITORY_ROOT, 'tests/fixtures/bureau/YJJBNTBHTB.zip'));

  // 2. Land-use intensity ----------------------------------------------------------------
  const zoneCount = zoneLayers.reduce((sum, layer) => sum + layer.features.features.length, 0);
  const colds: number[] = [];
  let results;
  for (let run = 0; run < 3; run += 1) {
    const cold = time(() => {
      const prepared = prepareParcels(parcels);
      if (!prepared.ok) throw new Error(prepared.problems[0].message.en);
      return { prepared: prepared.parcels, zones: computeLandUseIntensity(zoneLayers, prepared.parcels) };
    });
    colds.push(cold.ms);
    results = cold.result;
  }
  const prepareOnly = time(() => prepareParcels(parcels));
  row('intensity: every zone, cold (read + index + project + clip)', milliseconds(percentile(colds, 0.5)), `median of 3; ${zoneCount} zones × ${parcels.features.length} parcels; target ≤ 2 s`);
  row('intensity: of which reading + indexing parcels', milliseconds(prepareOnly.ms), '');
  const warm: number[] = [];
  for (let run = 0; run < 5; run += 1) warm.push(time(() => computeLandUseIntensity(zoneLayers, results!.prepared)).ms);
  row('intensity: every zone, warm (index and projections reused)', milliseconds(percentile(warm, 0.5)), 'median of 5; e.g. recomputing after a zone edit');
  const counted = results!.zones.reduce((sum, zone) => sum + zone.parcel_count, 0);
  const crossing = results!.zones.reduce((sum, zone) => sum + zone.crossing_parcel_count, 0);
  row('intensity: parcel pieces counted', `${counted}`, `${crossing} crossing a zone boundary (clipped exactly)`);
  // Naive baseline: for every zone, a loop over all parcels with a bbox test, then Turf
  // intersect + area for each overlapping pair. The loop is run in full; the Turf part is
  // timed on a sample of the overlapping pairs and extrapolated.
  const zoneFeatures = zoneLayers.flatMap((layer) => layer.features.features) as Feature<Polygon>[];
  const parcelBoxes = parcels.features.map((feature) => {
    const ring = feature.geometry.coordinates[0];
    return [
      Math.min(...ring.map((position) => position[0])),
      Math.min(...ring.map((position) => position[1])),
      Math.max(...ring.map((position) => position[0])),
      Math.max(...ring.map((position) => position[1])),
    ];
  });
  const scan = time(() => {
    const pairs: [number, number][] = [];
    zoneFeatures.forEach((zone, zoneIndex) => {
      const ring = zone.geometry.coordinates[0];
      const west = Math.min(...ring.map((position) => position[0]));
      const south = Math.min(...ring.map((position) => position[1]));
      const east = Math.max(...ring.map((position) => position[0]));
      const north = Math.max(...ring.map((position) => position[1]));
      parcelBoxes.forEach((box, parcelIndex) => {
        if (box[0] <= east && box[2] >= west && box[1] <= north && box[3] >= south) pairs.push([zoneIndex, parcelIndex]);
      });
    });
    return pairs;
  });
  const pairs = scan.result;
  const samplePairs = Math.min(500, pairs.length);
  const clipped = time(() => {
    let sum = 0;
    for (let sample = 0; sample < samplePairs; sample += 1) {
      const [zoneIndex, parcelIndex] = pairs[Math.floor((sample * pairs.length) / samplePairs)];
      const piece = intersect({ type: 'FeatureCollection', features: [parcels.features[parcelIndex], zoneFeatures[zoneIndex]] });
      if (piece) sum += turfArea(piece);
    }
    return sum;
  });
  const perPair = samplePairs > 0 ? clipped.ms / samplePairs : 0;
  const naiveTotal = scan.ms + perPair * pairs.length;
  row(
    'intensity: naive loop (bbox test, Turf intersect + area)',
    milliseconds(naiveTotal),
    `${pairs.length} bbox-overlapping pairs × ${perPair.toFixed(3)} ms (timed on ${samplePairs}) + ${milliseconds(scan.ms)} scan; ${(naiveTotal / percentile(colds, 0.5)).toFixed(0)}× the cold figure`,
  );

  // 3. FlatGeobuf ------------------------------------------------------------------------
  try {
    const { writeFlatGeobuf } = await import('../../src/data/fgb-writer');
    const written = time(() => writeFlatGeobuf(parcels, { title: SAMPLE_TITLE }));
    row('FlatGeobuf write with index (100k parcels)', milliseconds(written.ms), `${(written.result.length / 1e6).toFixed(1)} MB`);
    const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
    const readAll = await timeAsync(async () => {
      let count = 0;
      for await (const feature of deserialize(written.result)) if (feature) count += 1;
      return count;
    });
    row('FlatGeobuf read, all features', milliseconds(readAll.ms), `${readAll.result} features`);
    const park = zoneLayers[0].features.features[0];
    const ring = (park.geometry as Polygon).coordinates[0];
    const rect = {
      minX: Math.min(...ring.map((position) => position[0])),
      minY: Math.min(...ring.map((position) => position[1])),
      maxX: Math.max(...ring.map((position) => position[0])),
      maxY: Math.max(...ring.map((position) => position[1])),
    };
    // flatgeobuf 4 logs its index search with console.log/debug; keep the table readable.
    const quiet = { log: console.log, debug: console.debug, info: console.info };
    console.log = console.debug = console.info = () => undefined;
    const readBox = await timeAsync(async () => {
      let count = 0;
      for await (const feature of deserialize(written.result, { rect })) if (feature) count += 1;
      return count;
    }).finally(() => Object.assign(console, quiet));
    row('FlatGeobuf read, one park bbox (uses the index)', milliseconds(readBox.ms), `${readBox.result} features`);
    // The intensity CLI's path: the import registry reads, checks and converts the file.
    const { importFile } = await import('../../src/io/registry');
    const imported = await timeAsync(() => importFile(written.result, { fileName: 'sample-parcels.fgb' }));
    row(
      'import registry: read the 100k-parcel FlatGeobuf (CLI path)',
      milliseconds(imported.ms),
      imported.result.ok ? `${imported.result.value.features.features.length} features, CRS ${imported.result.value.crs.crs}` : imported.result.error.message.en,
    );
  } catch (error) {
    row('FlatGeobuf', 'not run', (error as Error).message.split('\n')[0]);
  }

  const width = Math.max(...rows.map(([what]) => what.length));
  const figureWidth = Math.max(...rows.map(([, figure]) => figure.length));
  process.stdout.write('\nBenchmark (synthetic sample parcels; figures vary with machine load)\n');
  for (const [what, figure, note] of rows) {
    process.stdout.write(`${what.padEnd(width)}  ${figure.padStart(figureWidth)}  ${note}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message?.split('\n')[0] ?? String(error)}\n`);
  process.exit(1);
});

/**
 * 1b: the synthetic bureau profile read once and indexed (as the review CLI does), then every
 * bureau test site reviewed with every reference layer; median and p95 per review.
 */
async function benchReferenceReview(
  reviewModule: typeof import('../../src/analysis/siting-review'),
  layers: AuthoredLayer[],
  profileFile: string,
): Promise<void> {
  const { createReviewContext, reviewSite, siteGeometry } = reviewModule;
  const { loadProfile } = await import('../cli/reference-layers');
  const { referenceFeaturesFor } = await import('../../src/analysis/review/reference-candidates');
  const { geometryBbox } = await import('../../src/analysis/spatial-index');
  let loaded;
  try {
    loaded = await timeAsync(() => loadProfile(profileFile));
  } catch (error) {
    row('review with reference layers', 'not run', `the bureau profile could not be read: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  const { profile, layers: references } = loaded.result;
  const featureCount = references.reduce((sum, layer) => sum + (layer.layer?.features.length ?? layer.config.source.features), 0);
  row('review: read + index the bureau profile', milliseconds(loaded.ms), `${references.length} layers, ${featureCount} features`);
  const context = createReviewContext(layers);
  const sitesFile = path.join(path.dirname(profileFile), 'sites.geojson');
  const sites = existsSync(sitesFile) ? (JSON.parse(readFileSync(sitesFile, 'utf8')) as FeatureCollection).features : [];
  const reviewOne = (site: Feature) => {
    const box = geometryBbox(siteGeometry(site)) as [number, number, number, number];
    return reviewSite(context, site, {}, {
      // The bureau profile's layers are files, held in memory (layer is set).
      references: references.map(({ config, layer }) => ({ config, features: referenceFeaturesFor(layer!, box, config.role) })),
      ...(profile.builtInLayers ? { builtInLayers: profile.builtInLayers } : {}),
    });
  };
  const samples: number[] = [];
  const rounds = Math.max(1, Math.round(RUNS / Math.max(1, sites.length)));
  for (let round = 0; round < rounds; round += 1) {
    for (const site of sites) samples.push(time(() => reviewOne(site)).ms);
  }
  if (samples.length === 0) {
    row('review with reference layers', 'not run', `no bureau test sites (${sitesFile})`);
    return;
  }
  row(
    'review with reference layers, median',
    milliseconds(percentile(samples, 0.5)),
    `p95 ${milliseconds(percentile(samples, 0.95))}; ${samples.length} reviews of ${sites.length} bureau sites; target ≤ 50 ms`,
  );
}

/**
 * 1c: the 59,399-polygon bureau Shapefile imported as a reference layer, as whole processes
 * (median of 3 after a warm-up, peak resident memory from GNU time), against ogr2ogr writing
 * an indexed FlatGeobuf in lon/lat from the same zip.
 */
async function benchReferenceImport(zipFile: string): Promise<void> {
  const what = 'import the 59,399-polygon bureau Shapefile as a reference layer';
  if (!existsSync(zipFile)) {
    row(what, 'not run', 'no synthetic bureau dataset: run npm run bureau-data');
    return;
  }
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const work = mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-import-'));
  const runOnce = (command: string, args: string[]): { seconds: number; peakMb: number | null; stdout: string } => {
    const start = performance.now();
    const result = gnuTime
      ? spawnSync(gnuTime, ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.slice(-300)}`);
    const peakKb = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
    return { seconds, peakMb: Number.isFinite(peakKb) ? peakKb / 1024 : null, stdout: result.stdout };
  };
  // Arguments per run: ogr2ogr's FlatGeobuf driver cannot overwrite a file, so each run writes a new one.
  const measure = (command: string, args: (run: number) => string[]) => {
    runOnce(command, args(0)); // warm-up: file cache
    const samples = [1, 2, 3].map((run) => runOnce(command, args(run)));
    const peaks = samples.map((sample) => sample.peakMb).filter((peak): peak is number => peak !== null);
    return { seconds: percentile(samples.map((sample) => sample.seconds), 0.5), peakMb: peaks.length ? Math.max(...peaks) : null, stdout: samples[1].stdout };
  };
  const describeRun = (timed: { seconds: number; peakMb: number | null }) => `${timed.seconds.toFixed(2)} s${timed.peakMb !== null ? `, peak ${timed.peakMb.toFixed(0)} MB` : ''}`;
  try {
    const { build } = await import('esbuild');
    const script = path.join(work, 'import-reference.mjs');
    await build({
      stdin: {
        // The worker's own operation (src/worker/reference-operations.ts) over a memory store.
        contents: `import { readFile } from 'node:fs/promises';
import { createReferenceOperations } from ${JSON.stringify(path.join(REPOSITORY_ROOT, 'src/worker/reference-operations.ts'))};
import { memoryBackend, ReferenceStore } from ${JSON.stringify(path.join(REPOSITORY_ROOT, 'src/records/reference-store.ts'))};
const file = process.argv[2];
const operations = createReferenceOperations({ openStore: async () => new ReferenceStore(memoryBackend()), readSource: async (bytes) => bytes });
const imported = await operations.importReference(new Uint8Array(await readFile(file)), { fileName: file.split('/').pop() });
if (!imported.ok) { console.error(imported.error.message.en); process.exit(1); }
const { timings, config } = imported.value;
console.log(JSON.stringify({ features: config.source.features, parse: timings.parse, index: timings.index }));`,
        resolveDir: REPOSITORY_ROOT,
        loader: 'ts',
      },
      outfile: script,
      ...NODE_BUNDLE_OPTIONS,
    });
    const ours = measure('node', () => [script, zipFile]);
    const stages = JSON.parse(ours.stdout) as { features: number; parse: number; index: number };
    row(`${what}: worker importReference, whole process`, describeRun(ours), `median of 3; in it parse ${milliseconds(stages.parse)}, FlatGeobuf index + encode ${milliseconds(stages.index)}; ${stages.features} features`);
    if (spawnSync('ogr2ogr', ['--version']).status !== 0) {
      row(`${what}: ogr2ogr -f FlatGeobuf`, 'not run', 'needs gdal-bin');
      return;
    }
    const gdal = measure('ogr2ogr', (run) => ['-f', 'FlatGeobuf', path.join(work, `gdal-${run}.fgb`), `/vsizip/${zipFile}`, '-t_srs', 'EPSG:4490']);
    row(`${what}: ogr2ogr -f FlatGeobuf -t_srs EPSG:4490, same zip`, describeRun(gdal), 'median of 3');
    row(
      'ratio reference-layer import / ogr2ogr',
      `time ${(ours.seconds / gdal.seconds).toFixed(2)}×${ours.peakMb && gdal.peakMb ? `, memory ${(ours.peakMb / gdal.peakMb).toFixed(1)}×` : ''}`,
      'target ≤ 3× time (issue 10)',
    );
  } catch (error) {
    row(what, 'not run', (error as Error).message.split('\n')[0]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
