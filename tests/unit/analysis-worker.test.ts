/**
 * The analysis worker's engine and protocol, in Node:
 * - `createInProcessAnalysis()` imports fixtures and reviews them against the authored
 *   layers (injected with `readAuthoredLayers()` instead of fetch);
 * - the full message path (AnalysisClient → MessageChannel → serveAnalysis → engine) gives
 *   the same answers as the engine, moves file bytes instead of copying them, and routes
 *   progress;
 * - the superseding of reviews is checked deterministically with a fake runner and a fake
 *   transport.
 *
 * Expected figures come from independent tools: vertex lon/lat and projected coordinates
 * from PROJ cs2cs (tests/fixtures/import/expected.json, scripts/fixtures/make-import-fixtures.sh),
 * areas from pyproj/Shapely (tests/fixtures/expected/measure-areas.json), overlaps from PostGIS
 * (tests/fixtures/expected/review-overlaps.json, made from the shipped layers/), and the expected
 * verdicts from the rule the README states, applied by that script to the PostGIS figures.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAuthoredLayers, type AuthoredLayer } from '../../scripts/lib/atlas-layers';
import { createReviewContext, reviewSite, type ReviewLayer, type SiteReport } from '../../src/analysis/siting-review';
import { AnalysisClient, inProcessTransport, messagePortTransport, type AnalysisTransport } from '../../src/worker/analysis-client';
import { CHUNK_VERTICES, featureChunks, pacedProgress, serveAnalysis, type MessageEndpoint } from '../../src/worker/analysis-server';
import { createInProcessAnalysis } from '../../src/worker/in-process-analysis';
import { LatestOnlyQueue, type DropReason } from '../../src/worker/latest-only-queue';
import {
  isDropped,
  type AnalysisProgress,
  type ClientMessage,
  type OperationResults,
  type RequestMessage,
  type WorkerMessage,
} from '../../src/worker/protocol';
import type { ImportResult } from '../../src/io/types';
import type { GaussKrugerCode } from '../../src/crs/projections';
import { deferred, type Deferred } from './deferred';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const CATALOG_URL = 'http://atlas.test/data/catalog.json';

interface ExpectedParcel {
  parcel_id: string;
  lonlat: Position[];
  projected: Record<string, Position[]>;
}
const importExpected = JSON.parse(readFileSync(path.join(FIXTURES, 'import/expected.json'), 'utf8')) as { parcels: ExpectedParcel[] };
const parcelById = new Map(importExpected.parcels.map((parcel) => [parcel.parcel_id, parcel]));
const areaExpected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/measure-areas.json'), 'utf8')) as {
  cases: {
    name: string;
    geometry: Polygon;
    options?: { crs?: GaussKrugerCode };
    expected: { area_m2: number; area_m2_ellipsoidal: number; projected_crs: string };
  }[];
};
type Verdict = 'compliant' | 'needs-review' | 'non-compliant';
interface ExpectedSite {
  file: string;
  id: string;
  area_m2: number;
  overlaps: { layer: string; id: string; overlap_m2: number }[];
  verdict: Record<'urban' | 'suburban' | 'village' | 'other', Verdict>;
}
const reviewExpected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/review-overlaps.json'), 'utf8')) as {
  inputs: Record<string, string>;
  sites: Record<string, ExpectedSite>;
  source_parcels: Record<string, ExpectedSite>;
};

function fixtureBytes(relative: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(path.join(FIXTURES, relative)));
}

function reviewSiteFixture(file: string, id?: string): Feature {
  const features = (JSON.parse(readFileSync(path.join(FIXTURES, 'review', file), 'utf8')) as FeatureCollection).features;
  return id === undefined ? features[0] : features.find((feature) => feature.properties?.id === id)!;
}

function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: { message: { en: string } } }): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.error.message.en}`);
  return result.value;
}

/** Planar area of a ring by the shoelace formula (on coordinates PROJ produced). */
function shoelace(ring: Position[]): number {
  let twice = 0;
  for (let index = 0; index < ring.length; index += 1) {
    const [x1, y1] = ring[index];
    const [x2, y2] = ring[(index + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

function relativeError(actual: number, wanted: number): number {
  return Math.abs(actual - wanted) / Math.abs(wanted);
}

function shifted(site: Feature, metresEast: number): Feature<Polygon> {
  // ≈ 89.2 km per degree of longitude at 36.9°N: enough to tell sites apart by their area.
  const degrees = metresEast / 89_200;
  const polygon = site.geometry as Polygon;
  return {
    type: 'Feature',
    properties: { shift: metresEast },
    geometry: { type: 'Polygon', coordinates: polygon.coordinates.map((ring) => ring.map(([lon, lat]) => [lon + degrees, lat])) },
  };
}

let authoredLayers: AuthoredLayer[];
let layerLoads = 0;

beforeAll(async () => {
  authoredLayers = await readAuthoredLayers();
});

function authoredEngine() {
  return createInProcessAnalysis({
    layerSource: async () => {
      layerLoads += 1;
      return authoredLayers;
    },
  });
}

// ---------------------------------------------------------------------------------------

describe('in-process engine: import', () => {
  it('imports a CSV boundary table given as a Blob, with reading (fraction → 1) then parsing progress', async () => {
    const engine = authoredEngine();
    const progress: AnalysisProgress[] = [];
    const blob = new Blob([fixtureBytes('import/boundary-points-zh.csv')]);
    const outcome = await engine.importFile(blob, { fileName: 'boundary-points-zh.csv' }, { onProgress: (event) => progress.push(event) });
    const result = valueOf(outcome);
    expect(result.format).toBe('csv');
    expect(result.crs.crs).toBe('EPSG:4528');
    expect(result.crs.axisSwapped).toBe(true);
    expect(result.features.features).toHaveLength(2);

    const stages = progress.map((event) => event.stage);
    expect(stages[0]).toBe('reading');
    expect(stages.at(-1)).toBe('parsing');
    const reading = progress.filter((event) => event.stage === 'reading');
    expect(reading.at(-1)).toMatchObject({ fraction: 1, done: blob.size, total: blob.size });
    const fractions = reading.map((event) => event.fraction ?? 0);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('puts every vertex where PROJ cs2cs puts it (≤ 1e-7°)', async () => {
    const engine = authoredEngine();
    const result = valueOf(await engine.importFile(fixtureBytes('import/boundary-points-zh.csv'), { fileName: 'boundary-points-zh.csv' }));
    for (const feature of result.features.features) {
      const parcel = parcelById.get(String(feature.properties?.地块编号 ?? feature.properties?.parcel));
      expect(parcel, JSON.stringify(feature.properties)).toBeDefined();
      const ring = (feature.geometry as Polygon).coordinates[0].slice(0, -1);
      expect(ring).toHaveLength(parcel!.lonlat.length);
      for (const wanted of parcel!.lonlat) {
        const nearest = Math.min(...ring.map((vertex) => Math.hypot(vertex[0] - wanted[0], vertex[1] - wanted[1])));
        expect(nearest).toBeLessThan(1e-7);
      }
    }
  });

  it('reads ArrayBuffer, Uint8Array and Blob sources the same way', async () => {
    const engine = authoredEngine();
    const bytes = fixtureBytes('import/parcels-4528.geojson');
    const fromView = valueOf(await engine.importFile(bytes.slice(), { fileName: 'parcels-4528.geojson' }));
    const fromBuffer = valueOf(await engine.importFile(bytes.slice().buffer, { fileName: 'parcels-4528.geojson' }));
    const fromBlob = valueOf(await engine.importFile(new File([bytes.slice()], 'parcels-4528.geojson'), {}));
    expect(fromBuffer).toEqual(fromView);
    expect(fromBlob).toEqual(fromView);
  });

  it("returns the engine's own error values, in zh and en, with no features", async () => {
    const engine = authoredEngine();
    const bowtie = await engine.importFile(fixtureBytes('import/bad-bowtie.geojson'), { fileName: 'bad-bowtie.geojson' });
    expect(bowtie.ok).toBe(false);
    if (bowtie.ok) return;
    expect(bowtie.error.code).toBe('SELF_INTERSECTION');
    expect(bowtie.error.message.zh).toMatch(/自相交/);
    expect(bowtie.error.message.en).toMatch(/crosses itself/);
    expect('value' in bowtie).toBe(false);

    const empty = await engine.importFile(new Blob([]), { fileName: 'empty.geojson' });
    expect(!empty.ok && empty.error.code).toBe('EMPTY_FILE');
  });

  it('a cancelled import answers CANCELLED', async () => {
    const engine = authoredEngine();
    const controller = new AbortController();
    controller.abort();
    const outcome = await engine.importFile(fixtureBytes('import/boundary-points-zh.csv'), { fileName: 'a.csv' }, { signal: controller.signal });
    expect(!outcome.ok && outcome.error.code).toBe('CANCELLED');
    expect(isDropped(outcome)).toBe(true);
  });
});

describe('in-process engine: atlas layers and review', () => {
  it('refuses to review before the layers are loaded', async () => {
    const engine = authoredEngine();
    const outcome = await engine.review(reviewSiteFixture('site-in-zone.geojson'));
    expect(!outcome.ok && outcome.error.code).toBe('NO_ATLAS_LAYERS');
  });

  it('builds the review context once per catalog, reporting the indexing stage', async () => {
    const engine = authoredEngine();
    const before = layerLoads;
    const progress: AnalysisProgress[] = [];
    const first = valueOf(await engine.loadAtlasLayers(CATALOG_URL, { onProgress: (event) => progress.push(event) }));
    const second = valueOf(await engine.loadAtlasLayers(CATALOG_URL));
    expect(layerLoads - before).toBe(1);
    expect(first.reused).toBe(false);
    expect(second.reused).toBe(true);
    expect(first.layers.map((layer) => layer.id)).toEqual(authoredLayers.map((layer) => layer.meta.id));
    expect(progress.map((event) => event.stage)).toContain('indexing');
  });

  it('reports a layer-loading failure as a value and tries again on the next call', async () => {
    let calls = 0;
    const engine = createInProcessAnalysis({
      layerSource: async () => {
        calls += 1;
        if (calls === 1) throw new Error('disk on fire');
        return authoredLayers;
      },
    });
    const failed = await engine.loadAtlasLayers(CATALOG_URL);
    expect(!failed.ok && failed.error.code).toBe('INTERNAL');
    expect(!failed.ok && failed.error.message.en).toMatch(/disk on fire/);
    expect((await engine.loadAtlasLayers(CATALOG_URL)).ok).toBe(true);
  });

  it('reviews an imported CSV site against the authored layers; the site area is the shoelace of the PROJ coordinates', async () => {
    const engine = authoredEngine();
    valueOf(await engine.loadAtlasLayers(CATALOG_URL));
    const imported = valueOf(await engine.importFile(fixtureBytes('import/boundary-points-zh.csv'), { fileName: 'boundary-points-zh.csv' }));
    const site = imported.features.features.find((feature) => feature.properties?.地块编号 === 'RS-A-01');
    expect(site).toBeDefined();
    // No industry code: the FAR limit and the industry fit are then "not assessed" (information),
    // and coverage 40 % passes 建筑系数 ≥ 30 % (REFERENCE.md), so the verdict is the rule's verdict
    // on the PostGIS figures of this parcel.
    const report = valueOf(await engine.review(site!, { far: 1.2, coverage: 0.4 }, { railClass: 'village' }));
    // RS-A-01 lies west of 121.5°E: zone 40 (EPSG:4528), the CRS the table was written in.
    expect(report.site.projected_crs).toBe('EPSG:4528');
    const wanted = shoelace(parcelById.get('RS-A-01')!.projected['EPSG:4528']);
    expect(relativeError(report.site.area_m2, wanted)).toBeLessThan(1e-6);
    expect(relativeError(report.site.area_m2, reviewExpected.source_parcels['RS-A-01'].area_m2)).toBeLessThan(1e-6);
    expect(report.verdict).toBe(reviewExpected.source_parcels['RS-A-01'].verdict.village);
    expect(report.reasons.every((reason) => reason.zh.length > 0 && reason.en.length > 0)).toBe(true);
  });

  it('the PostGIS fixture was made from the layers the atlas ships (else run `npm run expected`)', () => {
    for (const [file, sha256] of Object.entries(reviewExpected.inputs)) {
      expect(createHash('sha256').update(readFileSync(path.join(FIXTURES, '../..', file))).digest('hex'), file).toBe(sha256);
    }
  });

  it('gives exactly the report reviewSite gives, the PostGIS overlaps and the verdict of the stated rule', async () => {
    const engine = createInProcessAnalysis({ layerSource: async () => authoredLayers });
    valueOf(await engine.loadAtlasLayers(CATALOG_URL));
    const direct = createReviewContext(authoredLayers as ReviewLayer[]);
    for (const [key, wanted] of Object.entries(reviewExpected.sites)) {
      const site = reviewSiteFixture(wanted.file, wanted.id);
      // The other polygons of the file are sites under review too (README "review").
      const otherSites = (JSON.parse(readFileSync(path.join(FIXTURES, 'review', wanted.file), 'utf8')) as FeatureCollection).features
        .filter((feature) => feature.properties?.id !== wanted.id);
      const report = valueOf(await engine.review(site, {}, { railClass: 'other', otherSites }));
      expect(report, key).toEqual(reviewSite(direct, site, {}, { railClass: 'other', otherSites }));
      expect(report.verdict, key).toBe(wanted.verdict.other);
      expect(relativeError(report.site.area_m2, wanted.area_m2), key).toBeLessThan(1e-3);
      for (const overlap of wanted.overlaps) {
        const zone = [...report.zones, ...report.conflicts].find((entry) => entry.layer === overlap.layer && entry.id === overlap.id);
        expect(zone, `${key} ${overlap.layer}/${overlap.id}`).toBeDefined();
        expect(relativeError(zone!.overlap_m2, overlap.overlap_m2), `${key} ${overlap.id}`).toBeLessThan(1e-3);
      }
    }
  });

  it('answers INVALID_SITE, in zh and en, for a line', async () => {
    const engine = authoredEngine();
    valueOf(await engine.loadAtlasLayers(CATALOG_URL));
    const line: Feature = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[121.5, 36.9], [121.6, 36.9]] } };
    const outcome = await engine.review(line);
    expect(!outcome.ok && outcome.error.code).toBe('INVALID_SITE');
    expect(!outcome.ok && outcome.error.message.zh).toMatch(/LineString/);
    expect(!outcome.ok && outcome.error.message.en).toMatch(/polygon or a point/);
  });
});

describe('in-process engine: measure and export', () => {
  it('measures areas as pyproj/Shapely do (planar ≤ 0.01 %, GRS80 ≤ 0.01 %)', async () => {
    const engine = authoredEngine();
    for (const testCase of areaExpected.cases) {
      const measured = valueOf(await engine.measure(testCase.geometry, testCase.options));
      expect(measured.kind).toBe('area');
      if (measured.kind !== 'area') continue;
      expect(measured.projected_crs, testCase.name).toBe(testCase.expected.projected_crs);
      expect(relativeError(measured.area_m2, testCase.expected.area_m2), testCase.name).toBeLessThan(1e-4);
      expect(relativeError(measured.area_m2_ellipsoidal, testCase.expected.area_m2_ellipsoidal), testCase.name).toBeLessThan(1e-4);
    }
  });

  it('refuses to measure a point, in zh and en', async () => {
    const engine = authoredEngine();
    const outcome = await engine.measure({ type: 'Point', coordinates: [121.5, 36.9] });
    expect(!outcome.ok && outcome.error.code).toBe('INVALID_GEOMETRY');
    expect(!outcome.ok && outcome.error.message.zh).toMatch(/Point/);
  });

  it('exports a boundary table whose coordinates are the PROJ ones (≤ 1 mm)', async () => {
    const engine = authoredEngine();
    const imported = valueOf(await engine.importFile(fixtureBytes('import/boundary-points-zh.csv'), { fileName: 'boundary-points-zh.csv' }));
    const file = valueOf(await engine.exportSite(imported.features, 'csv', 'EPSG:4528'));
    expect(file.crs).toBe('EPSG:4528');
    const numbers = [...file.text.matchAll(/(\d{7}\.\d+),(\d{8}\.\d+)/g)].map((match) => [Number(match[2]), Number(match[1])]);
    expect(numbers.length).toBeGreaterThanOrEqual(9);
    const wanted = [...parcelById.values()].flatMap((parcel) => parcel.projected['EPSG:4528']);
    for (const [easting, northing] of numbers) {
      const nearest = Math.min(...wanted.map(([x, y]) => Math.hypot(x - easting, y - northing)));
      expect(nearest).toBeLessThan(0.001);
    }
  });
});

// ---------------------------------------------------------------------------------------

describe('through the message channel (client → serveAnalysis → engine)', () => {
  function channelClient(engine = authoredEngine()) {
    return new AnalysisClient(inProcessTransport(() => engine));
  }

  it('answers an import exactly as the engine does, moving the bytes instead of copying them', async () => {
    const client = channelClient();
    const engine = authoredEngine();
    const direct = valueOf(await engine.importFile(fixtureBytes('import/parcels-4528.dxf'), { fileName: 'parcels-4528.dxf' }));
    const bytes = fixtureBytes('import/parcels-4528.dxf');
    const size = bytes.byteLength;
    const progress: AnalysisProgress[] = [];
    const pending = client.importFile(bytes, { fileName: 'parcels-4528.dxf' }, { onProgress: (event) => progress.push(event) });
    // Transferred: the caller's buffer is now empty.
    expect(bytes.byteLength).toBe(0);
    const viaWorker = valueOf(await pending);
    expect(viaWorker).toEqual(direct);
    expect(progress.find((event) => event.stage === 'reading')).toMatchObject({ fraction: 1, done: size, total: size });
    expect(progress.at(-1)?.stage).toBe('parsing');
    client.dispose();
  });

  it('paces progress for the page: the first and last of each stage, else one per interval', () => {
    const paced = pacedProgress(200);
    const sent = (
      [
        [0, { stage: 'reading', fraction: 0 }],
        [50, { stage: 'reading', fraction: 0.4 }],
        [199, { stage: 'reading', fraction: 0.7 }],
        [210, { stage: 'reading', fraction: 0.8 }],
        [220, { stage: 'reading', fraction: 1 }],
        [225, { stage: 'parsing', fraction: 0.01 }],
        [300, { stage: 'parsing', fraction: 0.3 }],
        [301, { stage: 'indexing' }],
        [302, { stage: 'storing' }],
      ] as [number, AnalysisProgress][]
    ).filter(([now, progress]) => paced(progress, now));
    expect(sent.map(([now]) => now)).toEqual([0, 210, 220, 225, 301, 302]);
  });

  it('posts a File by reference and reports reading progress for it', async () => {
    const client = channelClient();
    const file = new File([fixtureBytes('import/boundary-points-en.csv')], 'boundary-points-en.csv');
    const progress: AnalysisProgress[] = [];
    const result: ImportResult = valueOf(await client.importFile(file, {}, { onProgress: (event) => progress.push(event) }));
    expect(result.sourceName).toBe('boundary-points-en.csv');
    expect(result.features.features).toHaveLength(2);
    expect(progress.filter((event) => event.stage === 'reading').at(-1)?.fraction).toBe(1);
    client.dispose();
  });

  it('reviews, measures and exports with the same results as the engine', async () => {
    const client = channelClient();
    const engine = authoredEngine();
    valueOf(await client.loadAtlasLayers(CATALOG_URL));
    valueOf(await engine.loadAtlasLayers(CATALOG_URL));
    const site = reviewSiteFixture('site-in-zone.geojson');
    const proposal = { industryCode: '36', far: 1.0, coverage: 0.45 };
    expect(valueOf(await client.review(site, proposal))).toEqual(valueOf(await engine.review(site, proposal)));
    expect(valueOf(await client.measure(site.geometry!))).toEqual(valueOf(await engine.measure(site.geometry!)));
    const collection: FeatureCollection = { type: 'FeatureCollection', features: [site] };
    const exported = valueOf(await client.exportSite(collection, 'dxf', 'EPSG:4529'));
    const direct = valueOf(await engine.exportSite(collection, 'dxf', 'EPSG:4529'));
    expect(exported.bytes).toBeInstanceOf(Uint8Array);
    expect(exported.text).toBe(direct.text);
    expect([...exported.bytes]).toEqual([...direct.bytes]);
    client.dispose();
  });

  it('a drag: 30 reviews in one go compute only the first and the last; the last result is for the last site', async () => {
    const client = channelClient();
    valueOf(await client.loadAtlasLayers(CATALOG_URL));
    const base = reviewSiteFixture('site-in-zone.geojson');
    const sites = Array.from({ length: 30 }, (_, step) => shifted(base, step * 10));
    const outcomes = await Promise.all(sites.map((site) => client.review(site)));
    const delivered = outcomes.map((outcome, step) => ({ outcome, step })).filter(({ outcome }) => outcome.ok);
    expect(delivered.map(({ step }) => step)).toEqual([0, 29]);
    expect(outcomes.slice(1, 29).every((outcome) => !outcome.ok && outcome.error.code === 'SUPERSEDED' && isDropped(outcome))).toBe(true);
    const last = valueOf(outcomes[29]);
    const direct = reviewSite(createReviewContext(authoredLayers), sites[29]);
    expect(last.site.centroid).toEqual(direct.site.centroid);
    expect(last.site.area_m2).toBe(direct.site.area_m2);
    client.dispose();
  });

  it('a large import arrives in parts, reassembled in order, with "receiving" progress', async () => {
    // 600 parcels of 6 vertices in lon/lat, cut into parts of ≤ 100 vertices.
    const features: Feature<Polygon>[] = Array.from({ length: 600 }, (_, index) => {
      const x = 121.3 + (index % 30) * 0.002;
      const y = 36.8 + Math.floor(index / 30) * 0.002;
      return {
        type: 'Feature',
        properties: { parcel_id: `P-${index}`, 名称: `地块 ${index}` },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.0015, y], [x + 0.0015, y + 0.0012], [x + 0.0007, y + 0.0016], [x, y + 0.0012], [x, y]]] },
      };
    });
    const text = JSON.stringify({ type: 'FeatureCollection', features });
    const bytes = new TextEncoder().encode(text);
    const direct = valueOf(await authoredEngine().importFile(bytes.slice(), { fileName: 'many.geojson' }));

    const channel = new MessageChannel();
    const stop = serveAnalysis(authoredEngine(), channel.port2 as MessageEndpoint, { chunkVertices: 100 });
    const client = new AnalysisClient(messagePortTransport(channel.port1, stop));
    const progress: AnalysisProgress[] = [];
    const viaParts = valueOf(await client.importFile(bytes, { fileName: 'many.geojson' }, { onProgress: (event) => progress.push(event) }));
    expect(viaParts).toEqual(direct);
    expect(viaParts.features.features.map((feature) => feature.properties?.parcel_id)).toEqual(features.map((feature) => feature.properties?.parcel_id));
    const receiving = progress.filter((event) => event.stage === 'receiving');
    // 7 vertices per feature counted (6 + 1 for the properties): 14 per part → 43 parts.
    expect(receiving).toHaveLength(Math.ceil(600 / 14));
    expect(receiving.at(-1)).toMatchObject({ fraction: 1, done: 600, total: 600 });
    client.dispose();
    channel.port2.close();
  });

  it('featureChunks: parts of at most the vertex limit, every feature once, a huge feature alone', () => {
    const square = (size: number): Feature<Polygon> => ({
      type: 'Feature',
      properties: { size },
      geometry: { type: 'Polygon', coordinates: [Array.from({ length: size }, (_, k) => [121 + k * 1e-4, 37])] },
    });
    const features = [square(5), square(5), square(50), square(5), square(5), square(5)];
    const chunks = featureChunks(features, 20);
    expect(chunks.flat()).toEqual(features);
    // Each feature counts its vertices + 1: 6 + 6 = 12 ≤ 20; 51 alone; 6 + 6 + 6 = 18 ≤ 20.
    expect(chunks.map((chunk) => chunk.map((feature) => feature.properties?.size))).toEqual([[5, 5], [50], [5, 5, 5]]);
    expect(featureChunks(features)).toHaveLength(1);
    expect(CHUNK_VERTICES).toBeGreaterThan(1000);
  });

  it('dispose answers pending calls CANCELLED', async () => {
    const client = channelClient();
    const pending = client.importFile(fixtureBytes('import/parcels-4528.geojson'), { fileName: 'parcels-4528.geojson' });
    client.dispose();
    const outcome = await pending;
    expect(!outcome.ok && outcome.error.code).toBe('CANCELLED');
  });
});

// ---------------------------------------------------------------------------------------

/** Lets every settled promise run its callbacks. */
async function flush(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await Promise.resolve();
}

describe('LatestOnlyQueue (pure sequencing)', () => {
  type Outcome = string;
  function setup() {
    const runs: { request: number; signal?: AbortSignal; result: Deferred<Outcome> }[] = [];
    const queue = new LatestOnlyQueue<number, Outcome>(
      (request, signal) => {
        const result = deferred<Outcome>();
        runs.push({ request, signal, result });
        return result.promise;
      },
      (reason: DropReason) => reason,
    );
    return { runs, queue };
  }

  it('runs the first, drops the ones pushed out of the waiting slot, then runs the newest', async () => {
    const { runs, queue } = setup();
    const settled: string[] = [];
    const track = (label: string, promise: Promise<Outcome>) => promise.then((value) => settled.push(`${label}:${value}`));
    const first = track('1', queue.submit(1));
    const second = track('2', queue.submit(2));
    const third = track('3', queue.submit(3));
    await flush();
    // 2 was superseded by 3 before it ever ran.
    expect(settled).toEqual(['2:superseded']);
    expect(runs.map((run) => run.request)).toEqual([1]);
    expect(queue.busy && queue.hasWaiting).toBe(true);

    runs[0].result.resolve('report for 1');
    await flush();
    expect(settled).toEqual(['2:superseded', '1:report for 1']);
    expect(runs.map((run) => run.request)).toEqual([1, 3]);

    runs[1].result.resolve('report for 3');
    await Promise.all([first, second, third]);
    expect(settled).toEqual(['2:superseded', '1:report for 1', '3:report for 3']);
    expect(queue.busy).toBe(false);
  });

  it('never delivers an older result after a newer one', async () => {
    const { runs, queue } = setup();
    const order: number[] = [];
    const all: Promise<unknown>[] = [];
    for (let request = 0; request < 20; request += 1) {
      all.push(queue.submit(request).then((value) => value.startsWith('report') && order.push(request)));
      if (request % 3 === 0) {
        await flush();
        runs.at(-1)?.result.resolve(`report ${runs.at(-1)?.request}`);
        await flush();
      }
    }
    while (queue.busy) {
      runs.at(-1)!.result.resolve(`report ${runs.at(-1)!.request}`);
      await flush();
    }
    await Promise.all(all);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.at(-1)).toBe(19);
  });

  it('a waiting request whose signal aborts leaves the slot and is never run', async () => {
    const { runs, queue } = setup();
    const controller = new AbortController();
    void queue.submit(1);
    const waiting = queue.submit(2, controller.signal);
    controller.abort();
    expect(await waiting).toBe('cancelled');
    expect(queue.hasWaiting).toBe(false);
    runs[0].result.resolve('done');
    await flush();
    expect(runs.map((run) => run.request)).toEqual([1]);
  });

  it('a running request gets the aborted signal; an already aborted one never runs', async () => {
    const { runs, queue } = setup();
    const controller = new AbortController();
    void queue.submit(1, controller.signal);
    controller.abort();
    expect(runs[0].signal?.aborted).toBe(true);
    expect(await queue.submit(2, controller.signal)).toBe('cancelled');
    expect(runs).toHaveLength(1);
  });

  it('a runner that throws answers "failed" and the queue goes on', async () => {
    const { runs, queue } = setup();
    const first = queue.submit(1);
    const second = queue.submit(2);
    runs[0].result.reject(new Error('boom'));
    expect(await first).toBe('failed');
    await flush();
    runs[1].result.resolve('fine');
    expect(await second).toBe('fine');
  });
});

/** A transport the test answers by hand. */
function fakeTransport() {
  const sent: ClientMessage[] = [];
  const transfers: Transferable[][] = [];
  let handlers: { message: (message: WorkerMessage) => void; failure: (detail: string) => void } | undefined;
  let closed = false;
  const transport: AnalysisTransport = {
    send: (message, transfer) => {
      sent.push(message);
      transfers.push(transfer);
    },
    connect: (connected) => {
      handlers = connected;
    },
    close: () => {
      closed = true;
    },
  };
  return {
    transport,
    sent,
    transfers,
    requests: () => sent.filter((message): message is RequestMessage => message.kind === 'request'),
    reply: (message: WorkerMessage) => handlers!.message(message),
    crash: (detail: string) => handlers!.failure(detail),
    isClosed: () => closed,
  };
}

const FAKE_REPORT = (label: string) => ({ ok: true, value: { label } as unknown as SiteReport }) as OperationResults['review'];

describe('AnalysisClient over a fake transport', () => {
  const site = (step: number) => shifted(reviewSiteFixture('site-in-zone.geojson'), step);

  it('sends one review at a time; the superseded call resolves SUPERSEDED and is never sent', async () => {
    const fake = fakeTransport();
    const client = new AnalysisClient(fake.transport);
    const first = client.review(site(1));
    const second = client.review(site(2));
    const third = client.review(site(3));
    expect(fake.requests()).toHaveLength(1);
    expect(client.reviewBusy).toBe(true);
    const secondOutcome = await second;
    expect(!secondOutcome.ok && secondOutcome.error.code).toBe('SUPERSEDED');
    expect(!secondOutcome.ok && secondOutcome.error.message.zh.length).toBeGreaterThan(0);

    const [request] = fake.requests();
    fake.reply({ kind: 'result', id: request.id, operation: 'review', result: FAKE_REPORT('one') });
    expect(valueOf(await first)).toEqual({ label: 'one' });
    await flush();
    const requests = fake.requests();
    expect(requests).toHaveLength(2);
    expect(requests[1].operation === 'review' && requests[1].payload.site.properties?.shift).toBe(3);
    fake.reply({ kind: 'result', id: requests[1].id, operation: 'review', result: FAKE_REPORT('three') });
    expect(valueOf(await third)).toEqual({ label: 'three' });
  });

  it('routes progress to its own call, and drops answers for unknown or cancelled requests', async () => {
    const fake = fakeTransport();
    const client = new AnalysisClient(fake.transport);
    const seen: string[] = [];
    const controller = new AbortController();
    const importing = client.importFile(new Blob(['x']), { fileName: 'a.csv' }, { onProgress: (event) => seen.push(`a:${event.stage}`) });
    const cancelled = client.importFile(new Blob(['y']), { fileName: 'b.csv' }, { onProgress: (event) => seen.push(`b:${event.stage}`), signal: controller.signal });
    const [a, b] = fake.requests();
    fake.reply({ kind: 'progress', id: a.id, progress: { stage: 'parsing' } });
    fake.reply({ kind: 'progress', id: b.id, progress: { stage: 'reading', fraction: 0.5 } });
    controller.abort();
    expect(fake.sent.at(-1)).toEqual({ kind: 'cancel', id: b.id });
    const cancelledOutcome = await cancelled;
    expect(!cancelledOutcome.ok && cancelledOutcome.error.code).toBe('CANCELLED');
    // Late messages for the cancelled request and for an id never sent change nothing.
    fake.reply({ kind: 'progress', id: b.id, progress: { stage: 'parsing' } });
    fake.reply({ kind: 'result', id: 999, operation: 'measure', result: { ok: true, value: {} as never } });
    const failure = { ok: false as const, error: { code: 'EMPTY_FILE' as const, file: 'a.csv', message: { zh: '空', en: 'empty' }, hint: { zh: '', en: '' } } };
    fake.reply({ kind: 'result', id: a.id, operation: 'importFile', result: failure });
    expect(await importing).toEqual(failure);
    expect(seen).toEqual(['a:parsing', 'b:reading']);
  });

  it('transfers an ArrayBuffer, copies a view onto part of a buffer, posts a Blob as is', () => {
    const fake = fakeTransport();
    const client = new AnalysisClient(fake.transport);
    const whole = new ArrayBuffer(16);
    void client.importFile(whole, { fileName: 'a.geojson' });
    expect(fake.transfers[0]).toEqual([whole]);
    const larger = new Uint8Array(32);
    const part = larger.subarray(8, 16);
    void client.importFile(part, { fileName: 'b.geojson' });
    expect(fake.transfers[1]).toEqual([]);
    const blob = new Blob(['{}']);
    void client.importFile(blob, { fileName: 'c.geojson' });
    const third = fake.requests()[2];
    expect(third.operation === 'importFile' && third.payload.source).toBe(blob);
  });

  it('when the worker dies: pending calls answer WORKER_FAILED, later calls go to the fallback, which reloads the layers', async () => {
    const broken = fakeTransport();
    const fallback = fakeTransport();
    const client = new AnalysisClient(broken.transport, { fallback: () => fallback.transport });
    void client.loadAtlasLayers(CATALOG_URL);
    const pending = client.measure({ type: 'Point', coordinates: [121.5, 36.9] });
    broken.crash('script error');
    const outcome = await pending;
    expect(!outcome.ok && outcome.error.code).toBe('WORKER_FAILED');
    expect(!outcome.ok && outcome.error.message.en).toMatch(/script error/);
    expect(broken.isClosed()).toBe(true);
    expect(fallback.requests().map((request) => request.operation)).toEqual(['loadAtlasLayers']);
    void client.measure({ type: 'Point', coordinates: [121.5, 36.9] });
    expect(fallback.requests().map((request) => request.operation)).toEqual(['loadAtlasLayers', 'measure']);
    // Messages from the dead transport are ignored from now on.
    broken.reply({ kind: 'result', id: 1, operation: 'loadAtlasLayers', result: { ok: true, value: { catalogUrl: '', layers: [], reused: false } } });
  });
});
