/**
 * Facts the authored layers must agree with (issue 2). Every published figure below is
 * quoted from /work/shared/REFERENCE.md with the section it comes from. Areas and lengths
 * are checked twice: the independent measurement of the shipped layers by pyproj/Shapely
 * (tests/fixtures/expected/layer-measures.json, scripts/expected/make-layer-fixtures.py)
 * must match the published figure within the stated tolerance, and the app's own
 * measurement (src/analysis/measure.ts) must equal that independent one — so the tests
 * fail when a geometry changes, whoever measures it. The layers are also built to
 * FlatGeobuf in a temporary folder and decoded again, so what the app loads is what was checked.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { geojson } from 'flatgeobuf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { measureArea, measureLength } from '../../src/analysis/measure';
import { type AuthoredLayer, readAuthoredLayer } from '../../scripts/lib/atlas-layers';
import { buildLayers, type BuildResult } from '../../scripts/build-layers';
import { featuresOf } from '../../src/data/load-layer';

/** The layer ids the app, the stories and the analysis engine rely on. */
// No `basemap-rivers`: GSHHG full resolution has no river east of ≈119.03°E at these
// latitudes (checked with `gmt coast -R117/123/35/38 -Df -Ia`), so issue 2's "rivers where
// GSHHG has them" yields none here and scripts/basemap writes no such layer.
const CONTRACT_LAYERS = [
  'basemap-land', 'basemap-counties', 'towns', 'development-zones', 'industrial-parks',
  'marine-ranch', 'hsr-line', 'hsr-stations', 'bridges', 'ports', 'roads', 'key-projects',
] as const;

interface IndependentMeasure {
  projected_crs: string;
  area_m2?: number;
  area_km2?: number;
  area_mu?: number;
  length_m?: number;
  length_m_ellipsoidal?: number;
}
const INDEPENDENT = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/expected/layer-measures.json'), 'utf8')) as {
  inputs: Record<string, string>;
  layers: Record<string, Record<string, IndependentMeasure>>;
};

/** pyproj/Shapely's measurement of a shipped feature (GK zone of the centroid, GRS80 geodesics). */
function independent(layerId: string, feature: Feature): IndependentMeasure {
  const measured = INDEPENDENT.layers[layerId]?.[String(feature.properties?.id)];
  if (!measured) throw new Error(`${layerId}/${feature.properties?.id} is not in layer-measures.json: run \`npm run expected\``);
  return measured;
}

/** The app measures as the independent tools do: same CRS, same figure to 1e-6. */
function expectSameAsIndependent(app: number, independentValue: number, what: string): void {
  expectWithin(app, independentValue, 1e-6, `${what} (app vs pyproj/Shapely)`);
}

const layers = new Map<string, AuthoredLayer>();
const loadProblems = new Map<string, string>();
let temporaryDirectory: string;
let build: BuildResult | undefined;
let buildProblem = '';

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => {}); // flatgeobuf logs its tree search
  for (const id of CONTRACT_LAYERS) {
    try {
      layers.set(id, await readAuthoredLayer(id));
    } catch (error) {
      loadProblems.set(id, (error as Error).message);
    }
  }
  temporaryDirectory = mkdtempSync(path.join(tmpdir(), 'atlas-layer-data-'));
  try {
    build = await buildLayers({ outputDirectory: temporaryDirectory });
  } catch (error) {
    buildProblem = (error as Error).message;
  }
});

afterAll(() => {
  rmSync(temporaryDirectory, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function layer(id: (typeof CONTRACT_LAYERS)[number]): AuthoredLayer {
  const found = layers.get(id);
  if (!found) throw new Error(`Layer ${id} is missing or invalid / 图层 ${id} 缺失或无效:\n${loadProblems.get(id)}`);
  return found;
}

function features(id: (typeof CONTRACT_LAYERS)[number]): Feature[] {
  return layer(id).features.features;
}

function nameOf(feature: Feature): string {
  return `${feature.properties?.id} ${feature.properties?.name_zh}`;
}

/** |measured / expected − 1| ≤ tolerance, with a message showing both numbers. */
function expectWithin(measured: number, expected: number, tolerance: number, what: string): void {
  const deviation = measured / expected - 1;
  expect(
    Math.abs(deviation),
    `${what}: measured ${measured.toFixed(3)}, expected ${expected} ±${(tolerance * 100).toFixed(1)}% (off by ${(deviation * 100).toFixed(2)}%)`,
  ).toBeLessThanOrEqual(tolerance);
}

// ---- land: GSHHG land polygons of basemap-land ------------------------------------------

type LandPolygon = { feature: Feature<Polygon | MultiPolygon>; bbox: number[] };
let landCache: LandPolygon[] | undefined;
function land(): LandPolygon[] {
  landCache ??= features('basemap-land').map((feature) => ({
    feature: feature as Feature<Polygon | MultiPolygon>,
    bbox: turf.bbox(feature),
  }));
  return landCache;
}

function bboxesOverlap(a: number[], b: number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Planar area (m², Gauss–Krüger) of the part of `geometry` that lies on land. */
function areaOnLand(geometry: Polygon | MultiPolygon): number {
  const box = turf.bbox(geometry);
  let total = 0;
  for (const piece of land()) {
    if (!bboxesOverlap(box, piece.bbox)) continue;
    // Clip the (large, detailed) land polygon to the feature's bbox first: same
    // intersection, a fraction of the vertices for the polygon clipper.
    const clipped = turf.bboxClip(piece.feature, [box[0] - 0.001, box[1] - 0.001, box[2] + 0.001, box[3] + 0.001]);
    if (clipped.geometry.coordinates.length === 0) continue;
    const overlap = turf.intersect(turf.featureCollection([turf.feature(geometry), clipped as Feature<Polygon | MultiPolygon>]));
    // Measure in the CRS of the whole polygon so the parts add up to comparable figures.
    if (overlap) total += measureArea(overlap.geometry, { crs: measureArea(geometry).projected_crs }).area_m2;
  }
  return total;
}

function pointOnLand(position: Position): boolean {
  const point = turf.point(position);
  return land().some((piece) => {
    const [west, south, east, north] = piece.bbox;
    return position[0] >= west && position[0] <= east && position[1] >= south && position[1] <= north &&
      turf.booleanPointInPolygon(point, piece.feature);
  });
}

/** Distance in metres from a sea point to the nearest coastline of basemap-land. */
function distanceToLand(position: Position): number {
  let best = Infinity;
  const point = turf.point(position);
  for (const piece of land()) {
    const [west, south, east, north] = piece.bbox;
    // 0.05° ≈ 4–5 km: skip far-away islands.
    if (position[0] < west - 0.05 || position[0] > east + 0.05 || position[1] < south - 0.05 || position[1] > north + 0.05) continue;
    const outline = turf.polygonToLine(piece.feature);
    for (const line of turf.flatten(outline as Parameters<typeof turf.flatten>[0]).features) {
      best = Math.min(best, turf.pointToLineDistance(point, line as Feature<LineString>, { units: 'meters' }));
    }
  }
  return best;
}

/**
 * GSHHG (REFERENCE.md "Data sources") predates reclaimed land, ports and sea walls, and
 * point positions are estimates (±3–10 km for stations). A point counts as "on land" when
 * inside the GSHHG land or within this distance of its shoreline.
 */
const COAST_TOLERANCE_M = 500;
/** Land-use polygons (zones, parks, projects) must lie at least this share on land. */
const MINIMUM_LAND_SHARE = 0.9;

// ---- the tests ----------------------------------------------------------------------------

describe('contract layers', () => {
  it('every contract layer exists and is valid', () => {
    const missing = CONTRACT_LAYERS.filter((id) => !layers.has(id));
    expect(missing, [...loadProblems].map(([id, problem]) => `${id}: ${problem}`).join('\n')).toEqual([]);
  });

  it('each layer decodes from the built FlatGeobuf with the same features', async () => {
    expect(buildProblem).toBe('');
    // Missing layers are reported by the test above; check every layer that is there.
    const present = CONTRACT_LAYERS.filter((id) => layers.has(id));
    expect(present.length).toBeGreaterThan(0);
    for (const id of present) {
      const authored = layer(id);
      const entry = build!.catalog.layers.find((candidate) => candidate.id === id);
      expect(entry, id).toBeDefined();
      const bytes = new Uint8Array(await readFile(path.join(temporaryDirectory, `${id}.fgb`)));
      const decoded: string[] = [];
      for await (const feature of geojson.deserialize(bytes)) decoded.push(String(feature.properties?.id));
      const expected = authored.features.features.map((feature) => String(feature.properties?.id));
      expect(decoded.length, id).toBe(expected.length);
      expect(entry!.featureCount, id).toBe(expected.length);
      expect(decoded.sort(), id).toEqual(expected.sort());
    }
  });

  it('the app reads each built file as the flatgeobuf library reads it (src/data/load-layer.ts featuresOf)', async () => {
    expect(buildProblem).toBe('');
    for (const id of CONTRACT_LAYERS.filter((candidate) => layers.has(candidate))) {
      const bytes = new Uint8Array(await readFile(path.join(temporaryDirectory, `${id}.fgb`)));
      const library: unknown[] = [];
      for await (const feature of geojson.deserialize(bytes)) library.push(feature);
      expect([...featuresOf(bytes)], id).toEqual(library);
    }
  });

  it('the app reads a FlatGeobuf GDAL wrote, spatial index and all, as the GeoJSON GDAL wrote it from', async () => {
    // tests/fixtures/import: parcels-4490.fgb is `ogr2ogr -f FlatGeobuf` of source-parcels.geojson
    // (scripts/fixtures/make-import-fixtures.sh); GDAL writes the index and the features in its order.
    const fixtures = path.resolve(import.meta.dirname, '../fixtures/import');
    const source = JSON.parse(readFileSync(path.join(fixtures, 'source-parcels.geojson'), 'utf8')) as { features: Feature[] };
    const read = [...featuresOf(new Uint8Array(readFileSync(path.join(fixtures, 'parcels-4490.fgb'))))];
    const byId = (features: Feature[]) => new Map(features.map((feature) => [String(feature.properties?.parcel_id), feature]));
    const expected = byId(source.features);
    expect([...byId(read).keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, feature] of byId(read)) {
      expect(feature.properties, id).toEqual(expected.get(id)!.properties);
      expect(feature.geometry, id).toEqual(expected.get(id)!.geometry);
    }
  });
});

describe('independent measurements (pyproj/Shapely)', () => {
  it('were made from the layers as shipped (else run `npm run expected`)', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    for (const [file, sha256] of Object.entries(INDEPENDENT.inputs)) {
      expect(createHash('sha256').update(readFileSync(path.join(root, file))).digest('hex'), `${file} changed since layer-measures.json was made`).toBe(sha256);
    }
  });

  it('the app measures every zone, park and marine-ranch block as pyproj/Shapely do', () => {
    for (const id of ['development-zones', 'industrial-parks', 'marine-ranch'] as const) {
      for (const feature of features(id)) {
        const app = measureArea(feature.geometry as Polygon | MultiPolygon);
        const wanted = independent(id, feature);
        expect(app.projected_crs, nameOf(feature)).toBe(wanted.projected_crs);
        expectSameAsIndependent(app.area_m2, wanted.area_m2!, nameOf(feature));
      }
    }
  });
});

describe('development zones', () => {
  it('zones with a published area measure within ±2% (pyproj/Shapely)', () => {
    // Published areas: REFERENCE.md "Development zones and parks" (e.g. 高区 140 km²,
    // 经区 168.61 km², 临港区 297 km², 南海新区 core 160 km², 荣成海洋高新园 270 km²).
    // ±2%: the zones are schematic; their drawn extent is sized to the published area.
    const withArea = features('development-zones').filter((feature) => typeof feature.properties?.area_published_km2 === 'number');
    expect(withArea.length).toBeGreaterThan(0);
    for (const feature of withArea) {
      const measured = independent('development-zones', feature).area_km2!;
      expectWithin(measured, feature.properties!.area_published_km2 as number, 0.02, nameOf(feature));
      expectSameAsIndependent(measureArea(feature.geometry as Polygon | MultiPolygon).area_km2, measured, nameOf(feature));
    }
  });

  it('the published figures in the data are the ones in REFERENCE.md', () => {
    // REFERENCE.md "Development zones and parks": the only published zone areas (km²),
    // including 荣成经济开发区 227 km² (2016).
    const published = new Set([140, 168.61, 297, 78, 160, 90, 270, 227]);
    for (const feature of features('development-zones')) {
      const value = feature.properties?.area_published_km2;
      if (value === null || value === undefined) continue;
      expect(published.has(value as number), `${nameOf(feature)}: area_published_km2 ${value} is not a figure from REFERENCE.md`).toBe(true);
    }
  });
});

describe('marine ranch (乳山海洋牧场)', () => {
  /** layers/marine-ranch codes the built 5,000 亩 demonstration area as group "demonstration". */
  function isDemonstration(feature: Feature): boolean {
    return feature.properties?.group === 'demonstration';
  }
  /** …and the rest of phase 1 (the 9.5万亩 to be built) as status "planned". */
  function isPlanned(feature: Feature): boolean {
    return feature.properties?.status === 'planned' && !isDemonstration(feature);
  }

  it('every block is either the demonstration area or a planned block', () => {
    const neither = features('marine-ranch').filter((feature) => !isDemonstration(feature) && !isPlanned(feature));
    expect(neither.map(nameOf)).toEqual([]);
  });

  it('the demonstration area measures 5,000 亩 ±0.5%', () => {
    // REFERENCE.md "Marine ranch and oysters": "a 5,000 亩 demonstration area was completed" (seed 002).
    const demonstration = features('marine-ranch').filter(isDemonstration);
    expect(demonstration.map(nameOf)).toHaveLength(1);
    const measured = independent('marine-ranch', demonstration[0]).area_mu!;
    expectWithin(measured, 5_000, 0.005, nameOf(demonstration[0]));
    expectSameAsIndependent(measureArea(demonstration[0].geometry as Polygon | MultiPolygon).area_mu, measured, nameOf(demonstration[0]));
  });

  it('the planned blocks add up to 95,000 亩 ±0.5%', () => {
    // REFERENCE.md "Marine ranch and oysters": "the remaining 9.5万亩 of phase 1 is to be built"
    // (9.5万亩 = 95,000 亩, REFERENCE.md "Units and coordinate systems").
    const planned = features('marine-ranch').filter(isPlanned);
    expect(planned.length).toBeGreaterThan(0);
    const total = planned.reduce((sum, feature) => sum + independent('marine-ranch', feature).area_mu!, 0);
    expectWithin(total, 95_000, 0.005, `sum of ${planned.length} planned blocks`);
    const appTotal = planned.reduce((sum, feature) => sum + measureArea(feature.geometry as Polygon | MultiPolygon).area_mu, 0);
    expectSameAsIndependent(appTotal, total, `sum of ${planned.length} planned blocks`);
  });

  it('each block lies at sea: at most 0.5% of its area on land', () => {
    // REFERENCE.md: "No boundary coordinates were found: draw schematic polygons at sea."
    for (const feature of features('marine-ranch')) {
      const geometry = feature.geometry as Polygon | MultiPolygon;
      const share = areaOnLand(geometry) / measureArea(geometry).area_m2;
      expect(share, `${nameOf(feature)}: ${(share * 100).toFixed(2)}% on land`).toBeLessThanOrEqual(0.005);
    }
  });
});

describe('莱荣高铁 (Laixi–Rongcheng HSR)', () => {
  // REFERENCE.md "莱荣高铁": stations west to east.
  const STATIONS = ['莱西', '莱阳南', '海阳', '乳山南', '威海南海', '文登南', '荣成'];

  function stationName(feature: Feature): string {
    return String(feature.properties?.name_zh ?? '').replace(/站$/, '');
  }

  it('the line is 193 km ±3% (geodesic, pyproj)', () => {
    // REFERENCE.md "莱荣高铁": "193 km (main line 192.814 km)". ±3%: the alignment is
    // schematic, a polyline through the stations.
    const lines = features('hsr-line');
    expect(lines.length).toBeGreaterThan(0);
    const total = lines.reduce((sum, feature) => sum + independent('hsr-line', feature).length_m_ellipsoidal!, 0);
    expectWithin(total / 1000, 193, 0.03, 'hsr-line length (km)');
    const appTotal = lines.reduce((sum, feature) => sum + measureLength(feature.geometry as LineString | MultiLineString).length_m_ellipsoidal, 0);
    expectSameAsIndependent(appTotal, total, 'hsr-line geodesic length');
  });

  it('has the seven stations in order 莱西 … 荣成, along the line and west to east', () => {
    const stations = features('hsr-stations');
    expect(stations.map(stationName).sort()).toEqual([...STATIONS].sort());
    // The `order` attribute (1 = 莱西) the inspector and the stories use.
    const byOrder = [...stations].sort((a, b) => Number(a.properties?.order) - Number(b.properties?.order));
    expect(byOrder.map(stationName)).toEqual(STATIONS);
    expect(byOrder.map((station) => station.properties?.order)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const westToEast = [...stations].sort((a, b) => (a.geometry as Point).coordinates[0] - (b.geometry as Point).coordinates[0]);
    expect(westToEast.map(stationName)).toEqual(STATIONS);
    // Order along the drawn line (distance from the line's start to the nearest point).
    const line = features('hsr-line')[0] as Feature<LineString | MultiLineString>;
    const along = stations
      .map((station) => ({ name: stationName(station), at: turf.nearestPointOnLine(line, station as Feature<Point>).properties.location }))
      .sort((a, b) => a.at - b.at)
      .map((entry) => entry.name);
    expect([along, [...along].reverse()]).toContainEqual(STATIONS);
  });
});

describe('乳山口大桥 (Rushankou bridge)', () => {
  it('is ≈3,310 m ±5%', () => {
    // REFERENCE.md "Rushan transport": "乳山口大桥: on G228 (丹东线); route length 3,310 m".
    const bridge = features('bridges').find((feature) => String(feature.properties?.name_zh ?? '').includes('乳山口大桥'));
    expect(bridge, 'a bridges feature named 乳山口大桥').toBeDefined();
    const length = independent('bridges', bridge!).length_m_ellipsoidal!;
    expectWithin(length, 3_310, 0.05, nameOf(bridge!));
    expectSameAsIndependent(measureLength(bridge!.geometry as LineString | MultiLineString).length_m_ellipsoidal, length, nameOf(bridge!));
  });
});

describe('land features are on land', () => {
  const POINT_LAYERS = ['hsr-stations', 'towns', 'key-projects'] as const;
  const POLYGON_LAYERS = ['development-zones', 'industrial-parks', 'key-projects'] as const;

  for (const id of POINT_LAYERS) {
    it(`${id}: points on land (or within ${COAST_TOLERANCE_M} m of the GSHHG shore)`, () => {
      const offshore: string[] = [];
      for (const feature of features(id)) {
        const positions = feature.geometry.type === 'Point' ? [feature.geometry.coordinates]
          : feature.geometry.type === 'MultiPoint' ? feature.geometry.coordinates : [];
        for (const position of positions) {
          if (pointOnLand(position)) continue;
          const distance = distanceToLand(position);
          if (distance > COAST_TOLERANCE_M) offshore.push(`${nameOf(feature)} ${Math.round(distance)} m offshore`);
        }
      }
      expect(offshore).toEqual([]);
    });
  }

  for (const id of POLYGON_LAYERS) {
    it(`${id}: polygons at least ${MINIMUM_LAND_SHARE * 100}% on land`, () => {
      const wet: string[] = [];
      for (const feature of features(id)) {
        if (feature.geometry.type !== 'Polygon' && feature.geometry.type !== 'MultiPolygon') continue;
        const share = areaOnLand(feature.geometry) / measureArea(feature.geometry).area_m2;
        if (share < MINIMUM_LAND_SHARE) wet.push(`${nameOf(feature)} ${(share * 100).toFixed(1)}% on land`);
      }
      expect(wet).toEqual([]);
    });
  }
});

