/**
 * Prints how closely src/crs and src/analysis/measure.ts reproduce the committed
 * expected values (max errors), for the README and reviews. The tests assert the
 * tolerances; this only reports the figures. Run: npx tsx scripts/expected/report-crs-measure-accuracy.ts
 */
import { readFileSync } from 'node:fs';
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { measureArea, measureDistance, measureLength } from '../../src/analysis/measure';
import { projectPoint, unprojectPoint, type CrsCode, type GaussKrugerCode } from '../../src/crs/projections';

type Pair = [number, number];
const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../tests/fixtures/expected/${name}`, import.meta.url), 'utf8'));
const crs = read('crs-transforms.json') as {
  lonLat: Pair[];
  forward: Record<string, Pair[]>;
  inverse: Record<string, { input: Pair[]; lonLat: Pair[] }>;
  offsetSystems: { points: { wgs84: Pair; gcj02: Pair; bd09: Pair }[] };
};
const metresPerDegree = (Math.PI / 180) * 6_371_000;
const ground = (a: Pair, b: Pair) =>
  Math.hypot((a[0] - b[0]) * metresPerDegree * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * metresPerDegree);

for (const code of Object.keys(crs.forward) as CrsCode[]) {
  let forward = 0;
  let inverse = 0;
  crs.lonLat.forEach((lonLat, index) => {
    const [x, y] = projectPoint(lonLat, code);
    const [ex, ey] = crs.forward[code][index];
    forward = Math.max(forward, Math.hypot(x - ex, y - ey));
    inverse = Math.max(inverse, ground(unprojectPoint(crs.inverse[code].input[index], code), crs.inverse[code].lonLat[index]));
  });
  console.log(`${code}: max forward error ${(forward * 1000).toFixed(6)} mm, max inverse error ${(inverse * 1000).toFixed(6)} mm`);
}
for (const code of ['GCJ-02', 'BD-09'] as const) {
  let agreement = 0;
  let roundTrip = 0;
  let minOffset = Infinity;
  let maxOffset = 0;
  for (const point of crs.offsetSystems.points) {
    const shifted = projectPoint(point.wgs84, code);
    agreement = Math.max(agreement, ground(shifted, code === 'GCJ-02' ? point.gcj02 : point.bd09));
    roundTrip = Math.max(roundTrip, ground(unprojectPoint(shifted, code), point.wgs84));
    const [lon, lat] = point.wgs84;
    if (lon >= 120.3 && lon <= 123 && lat >= 36.3 && lat <= 37.8) {
      const offset = ground(shifted, point.wgs84);
      minOffset = Math.min(minOffset, offset);
      maxOffset = Math.max(maxOffset, offset);
    }
  }
  console.log(
    `${code}: vs Python formulas ${(agreement * 1000).toFixed(4)} mm; round trip ${(roundTrip * 1000).toFixed(2)} mm; ` +
      `offset in Weihai–Rushan ${minOffset.toFixed(0)}–${maxOffset.toFixed(0)} m`,
  );
}

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
const areas = read('measure-areas.json') as {
  cases: { name: string; geometry: Polygon | MultiPolygon; options?: { crs: GaussKrugerCode }; expected: { area_m2: number; area_m2_ellipsoidal: number } }[];
};
let planar = 0;
let ellipsoidal = 0;
for (const item of areas.cases) {
  const result = measureArea(item.geometry, item.options);
  planar = Math.max(planar, relative(result.area_m2, item.expected.area_m2));
  ellipsoidal = Math.max(ellipsoidal, relative(result.area_m2_ellipsoidal, item.expected.area_m2_ellipsoidal));
}
console.log(`areas (${areas.cases.length} cases): max relative error planar ${planar.toExponential(2)}, ellipsoidal ${ellipsoidal.toExponential(2)}`);
const lengths = read('measure-lengths.json') as {
  cases: { geometry: LineString | MultiLineString; options?: { crs: GaussKrugerCode }; expected: { length_m: number; length_m_ellipsoidal: number } }[];
  distances: { a: Position; b: Position; distance_m: number }[];
};
let planarLength = 0;
let geodesicLength = 0;
let distance = 0;
for (const item of lengths.cases) {
  const result = measureLength(item.geometry, item.options);
  planarLength = Math.max(planarLength, relative(result.length_m, item.expected.length_m));
  geodesicLength = Math.max(geodesicLength, relative(result.length_m_ellipsoidal, item.expected.length_m_ellipsoidal));
}
for (const item of lengths.distances) distance = Math.max(distance, Math.abs(measureDistance(item.a, item.b) - item.distance_m));
console.log(
  `lengths: max relative error planar ${planarLength.toExponential(2)}, ellipsoidal ${geodesicLength.toExponential(2)}; ` +
    `distances max absolute error ${(distance * 1e9).toFixed(3)} nm`,
);
