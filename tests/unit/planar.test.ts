/**
 * The shared planar geometry (src/analysis/planar.ts, code review finding 18). Expected
 * values are worked out by hand from the shapes (rectangles, right triangles, an L of two
 * rectangles), so they do not come from the code under test; the engines that use these
 * functions keep their PostGIS / Shapely fixture tests (measure, siting-review,
 * land-use-intensity).
 */
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  distanceToRing,
  edgeCrossesRay,
  flatRingSignedArea,
  pointInPolygons,
  pointInRings,
  polygonArea,
  polygonsArea,
  polygonsCentroid,
  ringSignedArea,
} from '../../src/geometry/planar';

/** Rectangle [x0, y0]–[x1, y1], counter-clockwise, closed. */
const rectangle = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
// An L: the 4 × 1 bar along the bottom plus the 1 × 3 bar on its left above it (area 4 + 3 = 7).
const ell: Position[] = [[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4], [0, 0]];

describe('ringSignedArea', () => {
  it('is + counter-clockwise, − clockwise, closed or open', () => {
    expect(ringSignedArea(rectangle(0, 0, 2, 1))).toBe(2);
    expect(ringSignedArea([...rectangle(0, 0, 2, 1)].reverse())).toBe(-2);
    expect(ringSignedArea(rectangle(0, 0, 2, 1).slice(0, -1))).toBe(2);
    expect(ringSignedArea(ell)).toBe(7);
    expect(ringSignedArea([[0, 0], [3, 0], [0, 4]])).toBe(6);
  });

  it('keeps the centimetres at zone-prefixed Gauss–Krüger coordinates (≈ 4·10⁷ m)', () => {
    const [x, y] = [41_363_629.437758, 4_086_506.691589];
    expect(ringSignedArea(rectangle(x, y, x + 0.1, y + 0.1))).toBeCloseTo(0.01, 9);
    expect(ringSignedArea(rectangle(x, y, x + 123.45, y + 67.89))).toBeCloseTo(123.45 * 67.89, 6);
  });

  it('is 0 for fewer than three vertices and for collinear points', () => {
    expect(ringSignedArea([])).toBe(0);
    expect(ringSignedArea([[0, 0], [1, 1]])).toBe(0);
    expect(ringSignedArea([[0, 0], [1, 0], [2, 0], [0, 0]])).toBe(0);
  });
});

describe('flatRingSignedArea', () => {
  it('agrees with ringSignedArea on a flat copy, and reads a vertex range', () => {
    const flat = new Float64Array(ell.slice(0, -1).flat());
    expect(flatRingSignedArea(flat)).toBe(7);
    const both = new Float64Array([...rectangle(10, 10, 13, 12).slice(0, -1).flat(), ...ell.slice(0, -1).flat()]);
    expect(flatRingSignedArea(both, 0, 4)).toBe(6);
    expect(flatRingSignedArea(both, 4, 10)).toBe(7);
    expect(flatRingSignedArea(both, 0, 2)).toBe(0);
  });
});

describe('polygonArea and polygonsArea', () => {
  it('subtracts holes whatever their winding, sums parts', () => {
    const hole = rectangle(1, 1, 2, 2);
    expect(polygonArea([rectangle(0, 0, 4, 4), hole])).toBe(15);
    expect(polygonArea([rectangle(0, 0, 4, 4), [...hole].reverse()])).toBe(15);
    expect(polygonArea([[...rectangle(0, 0, 4, 4)].reverse(), hole])).toBe(15);
    expect(polygonsArea([[rectangle(0, 0, 4, 4), hole], [rectangle(10, 0, 11, 1)]])).toBe(16);
    expect(polygonsArea([])).toBe(0);
  });
});

describe('polygonsCentroid', () => {
  it('finds the centre of a rectangle and the weighted centre of an L', () => {
    expect(polygonsCentroid([[rectangle(0, 0, 2, 2)]])).toEqual({ centroid: [1, 1], area: 4 });
    // Bottom bar 4 × 1 centred (2, 0.5), upper bar 1 × 3 centred (0.5, 2.5): (4·2 + 3·0.5)/7, (4·0.5 + 3·2.5)/7.
    const ellCentroid = polygonsCentroid([[ell]])!;
    expect(ellCentroid.area).toBe(7);
    expect(ellCentroid.centroid[0]).toBeCloseTo(9.5 / 7, 12);
    expect(ellCentroid.centroid[1]).toBeCloseTo(9.5 / 7, 12);
  });

  it('weights parts by area and subtracts holes, whatever the winding', () => {
    // 2 × 2 square at the origin (centre 1, 1) and a 2 × 2 square at x 10 (centre 11, 1): midpoint.
    const parts = polygonsCentroid([[rectangle(0, 0, 2, 2)], [[...rectangle(10, 0, 12, 2)].reverse()]])!;
    expect(parts.centroid[0]).toBeCloseTo(6, 12);
    expect(parts.centroid[1]).toBeCloseTo(1, 12);
    // A 4 × 4 square with the 2 × 2 quarter [2, 4]² cut out: an L of area 12, centroid (5/3, 5/3).
    const cut = polygonsCentroid([[rectangle(0, 0, 4, 4), rectangle(2, 2, 4, 4)]])!;
    expect(cut.area).toBe(12);
    expect(cut.centroid[0]).toBeCloseTo(5 / 3, 12);
    expect(cut.centroid[1]).toBeCloseTo(5 / 3, 12);
  });

  it('is undefined when there is no area', () => {
    expect(polygonsCentroid([[[[0, 0], [1, 0], [2, 0], [0, 0]]]])).toBeUndefined();
    expect(polygonsCentroid([])).toBeUndefined();
  });
});

describe('point in polygon', () => {
  const holed = [rectangle(0, 0, 4, 4), rectangle(1, 1, 2, 2)];
  it('is even–odd over every ring: inside, in a hole, outside', () => {
    expect(pointInRings([3, 3], holed)).toBe(true);
    expect(pointInRings([1.5, 1.5], holed)).toBe(false);
    expect(pointInRings([5, 1], holed)).toBe(false);
    expect(pointInRings([0.5, 3.5], [ell])).toBe(true);
    expect(pointInRings([3, 3], [ell])).toBe(false);
  });

  it('works on open rings and across parts', () => {
    expect(pointInRings([1, 0.5], [ell.slice(0, -1)])).toBe(true);
    expect(pointInPolygons([10.5, 0.5], [holed, [rectangle(10, 0, 11, 1)]])).toBe(true);
    expect(pointInPolygons([1.5, 1.5], [holed, [rectangle(10, 0, 11, 1)]])).toBe(false);
  });

  it('edgeCrossesRay counts an edge to the right of the point once, half-open in y', () => {
    expect(edgeCrossesRay(0, 0.5, 1, 0, 1, 1)).toBe(true);
    expect(edgeCrossesRay(2, 0.5, 1, 0, 1, 1)).toBe(false);
    expect(edgeCrossesRay(0, 1, 1, 0, 1, 1)).toBe(false);
    expect(edgeCrossesRay(0, 0, 1, 0, 1, 1)).toBe(true);
  });
});

describe('distanceToRing', () => {
  it('is the distance to the nearest edge, 0 on it', () => {
    expect(distanceToRing([2, 5], rectangle(0, 0, 4, 4))).toBe(1);
    expect(distanceToRing([7, 8], rectangle(0, 0, 4, 4))).toBe(5);
    expect(distanceToRing([4, 2], rectangle(0, 0, 4, 4))).toBe(0);
    expect(distanceToRing([2, 2], rectangle(0, 0, 4, 4))).toBe(2);
  });
});
