/**
 * src/crs/projections.ts against PROJ: expected values from scripts/expected/make-crs-fixtures.py
 * (cs2cs with PROJ's own EPSG definitions) in tests/fixtures/expected/crs-transforms.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import {
  CRS_CODES,
  CRS_INFO,
  gaussKrugerProjector,
  gaussKrugerZoneFor,
  parseCrsCode,
  projectGeometry,
  projectPoint,
  unprojectGeometry,
  unprojectPoint,
  type CrsCode,
  type GaussKrugerCode,
} from '../../src/crs/projections';

type Pair = [number, number];
interface CrsFixture {
  lonLat: Pair[];
  forward: Record<string, Pair[]>;
  inverse: Record<string, { input: Pair[]; lonLat: Pair[] }>;
  offsetSystems: { points: { wgs84: Pair; gcj02: Pair; bd09: Pair }[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/expected/crs-transforms.json', import.meta.url), 'utf8'),
) as CrsFixture;

/** Ground distance in metres between two nearby lon/lat points (local sphere, R = 6371 km). */
function groundMetres(a: Pair, b: Pair): number {
  const metresPerDegree = (Math.PI / 180) * 6_371_000;
  const dx = (a[0] - b[0]) * metresPerDegree * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * metresPerDegree;
  return Math.hypot(dx, dy);
}

const MILLIMETRE = 0.001;
const projectedCodes = Object.keys(fixture.forward) as CrsCode[];

describe('Gauss–Krüger and Web Mercator transforms agree with cs2cs', () => {
  it('covers every projected CRS of the atlas and about 40 points', () => {
    expect([...projectedCodes].sort()).toEqual(CRS_CODES.filter((code) => CRS_INFO[code].kind === 'projected').sort());
    expect(fixture.lonLat.length).toBeGreaterThanOrEqual(40);
  });

  it.each(projectedCodes)('lon/lat → %s within 1 mm', (code) => {
    fixture.lonLat.forEach((lonLat, index) => {
      const [x, y] = projectPoint(lonLat, code);
      const [expectedX, expectedY] = fixture.forward[code][index];
      expect(Math.hypot(x - expectedX, y - expectedY), `${code} point ${index} ${lonLat}`).toBeLessThanOrEqual(MILLIMETRE);
    });
  });

  // The import's checks project every vertex through this (issue 12).
  const gaussKrugerCodes = projectedCodes.filter((code) => CRS_INFO[code].label.en.includes('Gauss')) as GaussKrugerCode[];
  it.each(gaussKrugerCodes)('gaussKrugerProjector: lon/lat → %s within 1 mm, NaN for non-finite input', (code) => {
    const project = gaussKrugerProjector(code);
    fixture.lonLat.forEach((lonLat, index) => {
      const [x, y] = project(lonLat[0], lonLat[1]);
      const [expectedX, expectedY] = fixture.forward[code][index];
      expect(Math.hypot(x - expectedX, y - expectedY), `${code} point ${index} ${lonLat}`).toBeLessThanOrEqual(MILLIMETRE);
    });
    expect(project(Number.NaN, 37).every(Number.isNaN)).toBe(true);
    expect(project(121.5, Number.POSITIVE_INFINITY).every(Number.isNaN)).toBe(true);
  });

  it.each(projectedCodes)('%s → lon/lat within 1 mm on the ground', (code) => {
    const { input, lonLat } = fixture.inverse[code];
    input.forEach((xy, index) => {
      const result = unprojectPoint(xy, code);
      expect(groundMetres(result, lonLat[index]), `${code} point ${index} ${xy}`).toBeLessThanOrEqual(MILLIMETRE);
    });
  });

  it('EPSG:4326 and EPSG:4490 project identically (no silent datum shift)', () => {
    for (const lonLat of fixture.lonLat) {
      expect(projectPoint(lonLat, 'EPSG:4326')).toEqual(lonLat);
      expect(projectPoint(lonLat, 'EPSG:4490')).toEqual(lonLat);
      expect(unprojectPoint(lonLat, 'EPSG:4326')).toEqual(lonLat);
    }
  });

  it('non-finite input gives NaN, not an exception', () => {
    expect(projectPoint([Number.NaN, 37], 'EPSG:4529').every(Number.isNaN)).toBe(true);
    expect(unprojectPoint([41_000_000, Number.POSITIVE_INFINITY], 'EPSG:4529').every(Number.isNaN)).toBe(true);
  });
});

describe('zones', () => {
  it('splits at 121.5°E: zone 40 west, zone 41 from the line east (REFERENCE)', () => {
    expect(gaussKrugerZoneFor(121.499999)).toBe('EPSG:4528');
    expect(gaussKrugerZoneFor(121.5)).toBe('EPSG:4529');
    expect(gaussKrugerZoneFor(120.0)).toBe('EPSG:4528');
    expect(gaussKrugerZoneFor(122.42)).toBe('EPSG:4529');
  });

  it('CRS_INFO matches the parameters PROJ uses (false easting reproduced by cs2cs on the meridian)', () => {
    const onMeridian = (centralMeridian: number) =>
      fixture.lonLat.findIndex(([lon, lat]) => lon === centralMeridian && lat === 37);
    for (const code of projectedCodes.filter((candidate) => CRS_INFO[candidate].centralMeridian !== undefined)) {
      const info = CRS_INFO[code];
      const index = onMeridian(info.centralMeridian!);
      expect(index, code).toBeGreaterThanOrEqual(0);
      expect(fixture.forward[code][index][0], code).toBeCloseTo(info.falseEasting!, 6);
    }
  });
});

describe('geometries', () => {
  const parcel: Polygon = {
    type: 'Polygon',
    bbox: [121.49, 36.89, 121.51, 36.91],
    coordinates: [
      [
        [121.49, 36.89, 12],
        [121.51, 36.89, 12],
        [121.51, 36.91, 15],
        [121.49, 36.89, 12],
      ],
    ],
  };

  it('projects every position, keeps heights, drops the stale bbox and leaves the input alone', () => {
    const before = JSON.stringify(parcel);
    const projected = projectGeometry(parcel, 'EPSG:4528');
    expect(JSON.stringify(parcel)).toBe(before);
    expect(projected.bbox).toBeUndefined();
    expect(projected.coordinates[0][2]).toEqual([...projectPoint([121.51, 36.91], 'EPSG:4528'), 15]);
    const back = unprojectGeometry(projected, 'EPSG:4528');
    back.coordinates[0].forEach((position, index) => {
      const original = parcel.coordinates[0][index];
      expect(groundMetres([position[0], position[1]], [original[0], original[1]])).toBeLessThan(1e-6);
      expect(position[2]).toBe(original[2]);
    });
  });

  it('handles GeometryCollection, MultiPolygon and Point', () => {
    const collection = projectGeometry(
      {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [122.05, 37.5] },
          { type: 'MultiPolygon', coordinates: [parcel.coordinates] },
        ],
      },
      'EPSG:4529',
    );
    expect(collection.geometries[0]).toEqual({ type: 'Point', coordinates: projectPoint([122.05, 37.5], 'EPSG:4529') });
    expect(collection.geometries[1].type).toBe('MultiPolygon');
  });
});

describe('parseCrsCode', () => {
  it('reads the ways people write CRS names', () => {
    expect(parseCrsCode('EPSG:4528')).toBe('EPSG:4528');
    expect(parseCrsCode(' epsg 4529 ')).toBe('EPSG:4529');
    expect(parseCrsCode('4549')).toBe('EPSG:4549');
    expect(parseCrsCode('gcj02')).toBe('GCJ-02');
    expect(parseCrsCode('BD-09')).toBe('BD-09');
    expect(parseCrsCode('WGS84')).toBe('EPSG:4326');
    expect(parseCrsCode('CGCS2000')).toBe('EPSG:4490');
    expect(parseCrsCode('EPSG:32651')).toBeUndefined();
    expect(parseCrsCode('nonsense')).toBeUndefined();
  });
});

/**
 * No GCJ-02 tool exists in Debian. Checks: (1) agreement with a second, independent
 * implementation of the published formulas (Python, in the fixture script); (2) the
 * round trip WGS 84 → GCJ-02/BD-09 → WGS 84 within 1 cm; (3) the GCJ-02 offset in the
 * atlas region within the 100–700 m REFERENCE.md cites.
 */
describe('GCJ-02 and BD-09 (through gcoord)', () => {
  const points = fixture.offsetSystems.points;

  it('WGS 84 → GCJ-02 and → BD-09 agree with the Python re-implementation within 0.01 m', () => {
    for (const point of points) {
      expect(groundMetres(projectPoint(point.wgs84, 'GCJ-02'), point.gcj02), `${point.wgs84}`).toBeLessThan(0.01);
      expect(groundMetres(projectPoint(point.wgs84, 'BD-09'), point.bd09), `${point.wgs84}`).toBeLessThan(0.01);
    }
  });

  // The brief asks for 1 m; the iterated inverse does far better, so hold it to 1 cm.
  it.each(['GCJ-02', 'BD-09'] as const)('%s round-trips within 1 cm', (code) => {
    for (const point of points) {
      const back = unprojectPoint(projectPoint(point.wgs84, code), code);
      expect(groundMetres(back, point.wgs84), `${point.wgs84}`).toBeLessThan(0.01);
    }
  });

  it('the GCJ-02 offset in Weihai–Rushan is 100–700 m', () => {
    for (const point of points) {
      const [lon, lat] = point.wgs84;
      if (lon < 120.3 || lon > 123 || lat < 36.3 || lat > 37.8) continue;
      const offset = groundMetres(projectPoint(point.wgs84, 'GCJ-02'), point.wgs84);
      expect(offset, `${point.wgs84}`).toBeGreaterThan(100);
      expect(offset, `${point.wgs84}`).toBeLessThan(700);
    }
  });
});
