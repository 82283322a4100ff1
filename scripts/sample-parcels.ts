/**
 * Synthetic sample parcels (合成示例地块) for the land-use intensity analysis and the
 * benchmarks: a seeded generator that fills zone polygons (the industrial parks, the
 * development zones) with rectangular plots along rotated street grids, carrying the
 * parcel attributes of src/analysis/parcel-fields.ts.
 *
 * THESE ARE NOT REAL PARCELS. Every feature carries `sample: true` and a `synthetic`
 * label, and the FlatGeobuf title says so. Proportions and figures are plausible-looking
 * choices made for testing, not statistics of Weihai or Rushan.
 *
 * Usage:
 *   npm run parcels -- --count 100000 --seed 1 --out /tmp/parcels.fgb [--zones industrial-parks|development-zones|all]
 *                      [--format fgb|geojson]
 *
 * Library use: `generateSampleParcels({ count, seed, zones })` → FeatureCollection (lon/lat).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { projectPoint, unprojectPoint, type GaussKrugerCode } from '../src/crs/projections';
import { measureArea } from '../src/analysis/measure';
import { indexedEdgesContain } from '../src/geometry/planar';
import type { LandUse, ParcelStatus } from '../src/analysis/parcel-fields';

export const SAMPLE_LABEL = '合成示例数据，非真实地块 / synthetic sample data, not real parcels';
export const SAMPLE_TITLE = '合成示例地块（非真实数据）/ Synthetic sample parcels (not real data)';
export const MINIMUM_COUNT = 1;
export const MAXIMUM_COUNT = 200_000;

export interface SampleZoneLayer {
  /** Layer id; "industrial-parks" gets the industry-heavy land-use mix, others a mixed one. */
  layer: string;
  features: FeatureCollection;
}

export interface SampleParcelOptions {
  /** Number of parcels, 1 … 200 000. */
  count: number;
  /** Any integer; the same seed and zones give the same parcels. */
  seed: number;
  /** Zones to fill, in priority order: where zones overlap, the earlier zone's plots win. */
  zones: SampleZoneLayer[];
  /** Optional land polygons: plots whose centre falls outside them (at sea) are not used. */
  land?: FeatureCollection;
  /** Share of the zone area covered by parcels before roads and gaps (default 0.75). */
  coverage?: number;
}

/** mulberry32: a small, fast, seedable PRNG (public domain, Tommy Ettinger). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function pick<T extends string>(random: Random, weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let target = random() * total;
  for (const [value, weight] of entries) {
    target -= weight;
    if (target < 0) return value;
  }
  return entries[entries.length - 1][0];
}

/** Land-use mix of an industrial park, and of a development zone as a whole (synthetic). */
const PARK_LAND_USES: Record<LandUse, number> = {
  industrial: 52, storage: 9, residential: 4, commercial: 6, public: 5, transport: 7, green: 8, water: 2, agricultural: 4, unused: 3,
};
const ZONE_LAND_USES: Record<LandUse, number> = {
  industrial: 30, storage: 6, residential: 22, commercial: 11, public: 8, transport: 7, green: 8, water: 2, agricultural: 4, unused: 2,
};

/** Status by land use: construction land is mostly built; farmland and water mostly not ready. */
function statusWeights(landUse: LandUse): Partial<Record<ParcelStatus, number>> {
  switch (landUse) {
    case 'agricultural':
      return { ready: 30, unready: 70 };
    case 'water':
      return { unready: 100 };
    case 'unused':
      return { ready: 40, unready: 60 };
    case 'green':
      return { built: 60, ready: 20, unready: 20 };
    case 'transport':
      return { built: 85, supplied: 5, ready: 10 };
    default:
      return { built: 68, supplied: 10, idle: 4, ready: 10, unready: 8 };
  }
}

/**
 * GB/T 4754-2017 two-digit manufacturing divisions common in Weihai's industries (food,
 * textiles, medicine, rubber/plastics, equipment, vehicles, ships, electronics, instruments).
 */
const INDUSTRY_CODES: Record<string, number> = {
  '13': 6, '14': 5, '17': 4, '18': 5, '26': 3, '27': 7, '29': 5, '30': 3, '33': 6, '34': 9, '35': 9, '36': 8, '37': 5, '38': 7, '39': 10, '40': 4,
};
/** GB/T 4754-2017 division 59: 装卸搬运和仓储业 (handling and storage). */
const STORAGE_INDUSTRY_CODE = '59';

interface Figures {
  floor_area_m2: number;
  footprint_m2: number;
  investment_wan: number | null;
  tax_wan: number | null;
  industry_code: string | null;
}

const round = (value: number, digits = 0): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Figures consistent with the plot: footprint ≤ area; floor ≥ footprint when built; nothing built → 0. */
function figuresFor(random: Random, landUse: LandUse, status: ParcelStatus, areaM2: number): Figures {
  const hectares = areaM2 / 10_000;
  const industryCode =
    landUse === 'industrial' ? pick(random, INDUSTRY_CODES) : landUse === 'storage' ? STORAGE_INDUSTRY_CODE : null;
  if (status !== 'built') {
    // Supplied industrial land often has part of its investment in place before completion.
    const investment =
      status === 'supplied' && (landUse === 'industrial' || landUse === 'storage') ? round(hectares * uniform(random, 0, 1200), 1) : 0;
    return { floor_area_m2: 0, footprint_m2: 0, investment_wan: investment, tax_wan: 0, industry_code: industryCode };
  }
  let coverage: number;
  let floorPerFootprint: number;
  let investmentPerHa: number | null;
  let taxPerHa: number | null;
  switch (landUse) {
    case 'industrial':
      coverage = uniform(random, 0.32, 0.65);
      floorPerFootprint = uniform(random, 1, 2.6);
      investmentPerHa = Math.exp(Math.log(3000) + 0.45 * normal(random));
      taxPerHa = Math.exp(Math.log(150) + 0.7 * normal(random));
      break;
    case 'storage':
      coverage = uniform(random, 0.4, 0.65);
      floorPerFootprint = uniform(random, 1, 1.6);
      investmentPerHa = uniform(random, 800, 2500);
      taxPerHa = uniform(random, 20, 150);
      break;
    case 'residential':
      coverage = uniform(random, 0.18, 0.3);
      floorPerFootprint = uniform(random, 4, 11);
      investmentPerHa = null;
      taxPerHa = null;
      break;
    case 'commercial':
      coverage = uniform(random, 0.3, 0.55);
      floorPerFootprint = uniform(random, 2, 7);
      investmentPerHa = uniform(random, 1500, 8000);
      taxPerHa = Math.exp(Math.log(300) + 0.6 * normal(random));
      break;
    case 'public':
      coverage = uniform(random, 0.2, 0.4);
      floorPerFootprint = uniform(random, 1.5, 4);
      investmentPerHa = null;
      taxPerHa = 0;
      break;
    case 'transport':
      coverage = uniform(random, 0.02, 0.2);
      floorPerFootprint = uniform(random, 1, 1.5);
      investmentPerHa = null;
      taxPerHa = 0;
      break;
    default:
      // Green, and the rare "built" farmland/water/unused plot: pavilions, pump houses.
      coverage = uniform(random, 0, 0.03);
      floorPerFootprint = 1;
      investmentPerHa = null;
      taxPerHa = 0;
  }
  const footprint = round(areaM2 * coverage);
  return {
    floor_area_m2: Math.max(footprint, round(footprint * floorPerFootprint)),
    footprint_m2: footprint,
    investment_wan: investmentPerHa === null ? null : round(investmentPerHa * hectares, 1),
    tax_wan: taxPerHa === null ? null : round(taxPerHa * hectares, 1),
    industry_code: industryCode,
  };
}

/** Even–odd point-in-polygon over many polygons (lon/lat or metres), with an index of the edges. */
class PolygonTester {
  private readonly rings: Float64Array[] = [];
  private readonly edgeRing: number[] = [];
  private readonly edgeVertex: number[] = [];
  private readonly index: Flatbush | undefined;

  constructor(polygons: Position[][][]) {
    const boxes: number[] = [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const flat = new Float64Array(ring.flatMap((position) => [position[0], position[1]]));
        const ringNumber = this.rings.length;
        this.rings.push(flat);
        const vertices = flat.length / 2;
        for (let vertex = 0; vertex < vertices; vertex += 1) {
          const next = (vertex + 1) % vertices;
          boxes.push(
            Math.min(flat[vertex * 2], flat[next * 2]),
            Math.min(flat[vertex * 2 + 1], flat[next * 2 + 1]),
            Math.max(flat[vertex * 2], flat[next * 2]),
            Math.max(flat[vertex * 2 + 1], flat[next * 2 + 1]),
          );
          this.edgeRing.push(ringNumber);
          this.edgeVertex.push(vertex);
        }
      }
    }
    if (this.edgeRing.length > 0) {
      this.index = new Flatbush(this.edgeRing.length);
      for (let offset = 0; offset < boxes.length; offset += 4) this.index.add(boxes[offset], boxes[offset + 1], boxes[offset + 2], boxes[offset + 3]);
      this.index.finish();
    }
  }

  contains(x: number, y: number): boolean {
    if (!this.index) return false;
    return indexedEdgesContain(x, y, this.index.search(x, y, Infinity, y), this.rings, this.edgeRing, this.edgeVertex);
  }
}

function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

interface ZonePlan {
  layer: string;
  id: string;
  landUses: Record<LandUse, number>;
  crs: GaussKrugerCode;
  areaM2: number;
  /** Zone polygon in Gauss–Krüger metres. */
  tester: PolygonTester;
  /** Local grid frame: rotation and the extent of the rotated zone. */
  angle: number;
  originX: number;
  originY: number;
  minU: number;
  maxU: number;
  minV: number;
  maxV: number;
}

interface Plot {
  zone: number;
  /** Corners in lon/lat, counter-clockwise, closed. */
  ring: Position[];
  areaM2: number;
  box: [number, number, number, number];
  block: number;
}

function planZone(layer: string, feature: Feature<Polygon | MultiPolygon>, featureIndex: number, random: Random): ZonePlan {
  const measured = measureArea(feature.geometry);
  const crs = measured.projected_crs;
  const projected = polygonsOf(feature.geometry).map((polygon) =>
    polygon.map((ring) => ring.map((position) => projectPoint([position[0], position[1]], crs) as Position)),
  );
  // Street grids in Chinese parks follow the coast or a trunk road; a rotation of up to ±35° per zone.
  const angle = uniform(random, -35, 35) * (Math.PI / 180);
  const [originX, originY] = projected[0][0][0];
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (const polygon of projected) {
    for (const [x, y] of polygon[0]) {
      const u = (x - originX) * cos + (y - originY) * sin;
      const v = -(x - originX) * sin + (y - originY) * cos;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
  }
  const properties = feature.properties ?? {};
  return {
    layer,
    id: String(properties.id ?? feature.id ?? `${layer}-${featureIndex + 1}`),
    landUses: layer === 'industrial-parks' ? PARK_LAND_USES : ZONE_LAND_USES,
    crs,
    areaM2: measured.area_m2,
    tester: new PolygonTester(projected),
    angle,
    originX,
    originY,
    minU,
    maxU,
    minV,
    maxV,
  };
}

/** Lays plots of about `meanArea` m² along the rotated grid of one zone. */
function plotsForZone(plan: ZonePlan, zoneNumber: number, meanArea: number, random: Random, blockStart: number): { plots: Plot[]; blocks: number } {
  const plots: Plot[] = [];
  const side = Math.sqrt(meanArea);
  // Roads: 20–40 m wide between blocks (规划道路红线), scaled down for very small plots.
  const road = Math.min(30, side * 0.25);
  const cos = Math.cos(plan.angle);
  const sin = Math.sin(plan.angle);
  const toLonLat = (u: number, v: number): Position => {
    const x = plan.originX + u * cos - v * sin;
    const y = plan.originY + u * sin + v * cos;
    return unprojectPoint([x, y], plan.crs);
  };
  let block = blockStart;
  let v = plan.minV + uniform(random, 0, side);
  while (v < plan.maxV) {
    // A block is two rows of plots back to back, then a road.
    const depth = side * uniform(random, 0.75, 1.3);
    for (let row = 0; row < 2 && v < plan.maxV; row += 1) {
      let u = plan.minU + uniform(random, 0, side);
      while (u < plan.maxU) {
        block += 1;
        const plotsInSegment = 2 + Math.floor(random() * 5);
        for (let plot = 0; plot < plotsInSegment && u < plan.maxU; plot += 1) {
          const width = Math.min(4, Math.max(0.3, Math.exp(0.45 * normal(random)))) * (meanArea / depth);
          const centreU = u + width / 2;
          const centreV = v + depth / 2;
          const centreX = plan.originX + centreU * cos - centreV * sin;
          const centreY = plan.originY + centreU * sin + centreV * cos;
          if (plan.tester.contains(centreX, centreY)) {
            const ring = [toLonLat(u, v), toLonLat(u + width, v), toLonLat(u + width, v + depth), toLonLat(u, v + depth)];
            ring.push(ring[0]);
            let west = Infinity;
            let south = Infinity;
            let east = -Infinity;
            let north = -Infinity;
            for (const [lon, lat] of ring) {
              west = Math.min(west, lon);
              east = Math.max(east, lon);
              south = Math.min(south, lat);
              north = Math.max(north, lat);
            }
            plots.push({ zone: zoneNumber, ring, areaM2: width * depth, box: [west, south, east, north], block });
          }
          u += width;
        }
        u += road;
      }
      v += depth;
    }
    v += road;
  }
  return { plots, blocks: block - blockStart };
}

/** Grid hash of plot boxes in lon/lat, to drop plots of a later zone that overlap an earlier zone's. */
class BoxGrid {
  private readonly cells = new Map<string, { zone: number; box: [number, number, number, number] }[]>();
  constructor(private readonly cellSize: number) {}

  private keys(box: [number, number, number, number]): string[] {
    const keys: string[] = [];
    for (let column = Math.floor(box[0] / this.cellSize); column <= Math.floor(box[2] / this.cellSize); column += 1) {
      for (let row = Math.floor(box[1] / this.cellSize); row <= Math.floor(box[3] / this.cellSize); row += 1) keys.push(`${column}:${row}`);
    }
    return keys;
  }

  overlapsOtherZone(zone: number, box: [number, number, number, number]): boolean {
    for (const key of this.keys(box)) {
      for (const entry of this.cells.get(key) ?? []) {
        if (entry.zone === zone) continue;
        if (entry.box[0] < box[2] && entry.box[2] > box[0] && entry.box[1] < box[3] && entry.box[3] > box[1]) return true;
      }
    }
    return false;
  }

  add(zone: number, box: [number, number, number, number]): void {
    for (const key of this.keys(box)) {
      const list = this.cells.get(key);
      if (list) list.push({ zone, box });
      else this.cells.set(key, [{ zone, box }]);
    }
  }
}

/**
 * Seeded synthetic parcels filling `zones`: rectangular plots along a rotated street grid
 * per zone (blocks of two plot rows between roads), land use drawn per street segment from a
 * park or a mixed-zone mix, status by land use, figures consistent with the plot (footprint ≤
 * plot area; floor area ≥ footprint when built; 0 floor/footprint when not built). Plot
 * size adapts to the count: about 0.75 × total zone area / count (so 1 000 parcels in the
 * parks are several hectares each, 200 000 are a few hundred m²). Plots are kept when their
 * centre is inside the zone (so some cross its boundary) and on `land` when given; where
 * zones overlap, the earlier zone keeps its plots. Exactly `count` parcels are returned
 * (fewer only if the zones are too small to hold them).
 *
 * Every feature carries `sample: true`, `synthetic` (a bilingual label), `accuracy:
 * "schematic"`, `zone_layer` and `zone_id`.
 *
 * @example
 * const parcels = generateSampleParcels({ count: 5000, seed: 1, zones: [{ layer: 'industrial-parks', features: parks }] });
 */
export function generateSampleParcels(options: SampleParcelOptions): FeatureCollection<Polygon> {
  const { seed, zones } = options;
  const count = Math.floor(options.count);
  if (!(count >= MINIMUM_COUNT && count <= MAXIMUM_COUNT)) {
    throw new RangeError(`count must be ${MINIMUM_COUNT}–${MAXIMUM_COUNT} / 地块数量应为 ${MINIMUM_COUNT}–${MAXIMUM_COUNT}`);
  }
  const random = createRandom(seed);
  const plans: ZonePlan[] = [];
  for (const zoneLayer of zones) {
    zoneLayer.features.features.forEach((feature, featureIndex) => {
      const geometry = feature.geometry;
      if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return;
      plans.push(planZone(zoneLayer.layer, feature as Feature<Polygon | MultiPolygon>, featureIndex, random));
    });
  }
  if (plans.length === 0) throw new RangeError('no zone polygons to fill / 没有可填充的区域面');
  const land = options.land
    ? new PolygonTester(
        options.land.features.flatMap((feature) =>
          feature.geometry && (feature.geometry.type === 'Polygon' || feature.geometry.type === 'MultiPolygon') ? polygonsOf(feature.geometry) : [],
        ),
      )
    : undefined;
  const totalArea = plans.reduce((sum, plan) => sum + plan.areaM2, 0);
  let meanArea = ((options.coverage ?? 0.75) * totalArea) / count;
  let kept: Plot[] = [];
  // Overlaps, sea and the zone edges lose plots; shrink the plots until there are enough.
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const attemptRandom = createRandom(seed * 7919 + attempt);
    const grid = new BoxGrid(Math.max(1e-4, Math.sqrt(meanArea) / 50_000));
    kept = [];
    let blocks = 0;
    plans.forEach((plan, zoneNumber) => {
      const { plots, blocks: used } = plotsForZone(plan, zoneNumber, meanArea, attemptRandom, blocks);
      blocks += used;
      for (const plot of plots) {
        if (land) {
          const centreLon = (plot.box[0] + plot.box[2]) / 2;
          const centreLat = (plot.box[1] + plot.box[3]) / 2;
          if (!land.contains(centreLon, centreLat)) continue;
        }
        if (grid.overlapsOtherZone(zoneNumber, plot.box)) continue;
        grid.add(zoneNumber, plot.box);
        kept.push(plot);
      }
    });
    if (kept.length >= count) break;
    meanArea *= Math.max(0.3, (kept.length / count) * 0.9);
  }
  // Choose exactly `count` plots: a seeded partial Fisher–Yates shuffle; the rest become gaps.
  const chooser = createRandom(seed ^ 0x5bd1e995);
  const take = Math.min(count, kept.length);
  for (let index = 0; index < take; index += 1) {
    const other = index + Math.floor(chooser() * (kept.length - index));
    [kept[index], kept[other]] = [kept[other], kept[index]];
  }
  const chosen = kept.slice(0, take).sort((a, b) => a.zone - b.zone || a.block - b.block);
  const attributeRandom = createRandom(seed + 104729);
  const blockLandUse = new Map<number, LandUse>();
  const features: Feature<Polygon>[] = chosen.map((plot, index) => {
    const plan = plans[plot.zone];
    // Land use is mostly shared along a street segment, as in a real park's zoning.
    let landUse = blockLandUse.get(plot.block);
    if (landUse === undefined || attributeRandom() < 0.15) {
      landUse = pick(attributeRandom, plan.landUses);
      if (!blockLandUse.has(plot.block)) blockLandUse.set(plot.block, landUse);
    }
    const status = pick(attributeRandom, statusWeights(landUse));
    const figures = figuresFor(attributeRandom, landUse, status, plot.areaM2);
    return {
      type: 'Feature',
      properties: {
        id: `SP${String(index + 1).padStart(6, '0')}`,
        land_use: landUse,
        status,
        floor_area_m2: figures.floor_area_m2,
        footprint_m2: figures.footprint_m2,
        investment_wan: figures.investment_wan,
        tax_wan: figures.tax_wan,
        industry_code: figures.industry_code,
        zone_layer: plan.layer,
        zone_id: plan.id,
        accuracy: 'schematic',
        sample: true,
        synthetic: SAMPLE_LABEL,
      },
      geometry: { type: 'Polygon', coordinates: [plot.ring] },
    };
  });
  return { type: 'FeatureCollection', features };
}

// ---------------------------------------------------------------------------------------
// Command line: npm run parcels -- --count N --seed S --out FILE [--zones …] [--format …]

const USAGE =
  'usage: npm run parcels -- --count <1-200000> --seed <integer> --out <file.fgb|file.geojson> [--zones industrial-parks|development-zones|all]';

function failLine(zh: string, en: string): never {
  process.stderr.write(`sample-parcels: ${en} / ${zh}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const values: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const match = /^--(count|seed|out|zones|format)(?:=(.*))?$/.exec(argument);
    if (!match) failLine(`无法识别的参数 ${argument}。${USAGE}`, `unknown argument ${argument}. ${USAGE}`);
    const value = match[2] ?? argv[++index];
    if (value === undefined) failLine(`--${match[1]} 缺少取值`, `--${match[1]} needs a value`);
    values[match[1]] = value;
  }
  const count = Number(values.count ?? '5000');
  if (!Number.isInteger(count) || count < MINIMUM_COUNT || count > MAXIMUM_COUNT) {
    failLine(`--count 应为 ${MINIMUM_COUNT}–${MAXIMUM_COUNT} 的整数`, `--count must be an integer from ${MINIMUM_COUNT} to ${MAXIMUM_COUNT}`);
  }
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(seed)) failLine('--seed 应为整数', '--seed must be an integer');
  const out = values.out;
  if (!out) failLine(`缺少 --out 输出文件。${USAGE}`, `missing --out <file>. ${USAGE}`);
  const format = values.format ?? (out.toLowerCase().endsWith('.geojson') || out.toLowerCase().endsWith('.json') ? 'geojson' : 'fgb');
  if (format !== 'fgb' && format !== 'geojson') failLine('--format 应为 fgb 或 geojson', '--format must be fgb or geojson');
  const zoneChoice = values.zones ?? 'all';
  const layerIds =
    zoneChoice === 'all' ? ['industrial-parks', 'development-zones'] : zoneChoice === 'industrial-parks' || zoneChoice === 'development-zones' ? [zoneChoice] : undefined;
  if (!layerIds) failLine('--zones 应为 industrial-parks、development-zones 或 all', '--zones must be industrial-parks, development-zones or all');

  const { readAuthoredLayer } = await import('./lib/atlas-layers');
  const zones: SampleZoneLayer[] = [];
  for (const id of layerIds) {
    try {
      const layer = await readAuthoredLayer(id);
      zones.push({ layer: id, features: layer.features });
    } catch (error) {
      failLine(`无法读取图层 ${id}`, `cannot read layer ${id}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  let land: FeatureCollection | undefined;
  try {
    land = (await readAuthoredLayer('basemap-land')).features;
  } catch {
    land = undefined; // Without the land mask plots may fall at sea; still valid sample data.
  }
  const collection = generateSampleParcels({ count, seed, zones, land });
  let bytes: Uint8Array;
  if (format === 'fgb') {
    const { writeFlatGeobuf } = await import('../src/data/fgb-writer');
    bytes = writeFlatGeobuf(collection, {
      title: SAMPLE_TITLE,
      description: `${SAMPLE_LABEL}. seed=${seed}, count=${collection.features.length}, zones=${layerIds.join('+')}; generated by scripts/sample-parcels.ts`,
    });
  } else {
    bytes = new TextEncoder().encode(
      JSON.stringify({ type: 'FeatureCollection', name: SAMPLE_TITLE, features: collection.features }),
    );
  }
  try {
    await writeFile(out, bytes);
  } catch (error) {
    failLine(`无法写入 ${out}`, `cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  process.stderr.write(
    `sample-parcels: wrote ${collection.features.length} synthetic parcels (${(bytes.length / 1e6).toFixed(1)} MB) to ${path.relative(process.cwd(), out) || out}\n`,
  );
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    failLine('生成示例地块失败', `failed to generate sample parcels: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
  });
}
