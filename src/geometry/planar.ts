/**
 * Planar geometry on projected coordinates (Gauss–Krüger metres, or a local frame shifted
 * from them): the shoelace area, the area centroid and the point-in-polygon test that
 * measure, siting review, land-use intensity, import validation and export all need. One
 * copy, so the engines cannot drift apart. Pure and dependency-free.
 *
 * Conventions shared by every function here:
 * - a ring is a list of [x, y]; it may be closed (last = first) or open — the closing edge
 *   is always implied, and a repeated closing vertex adds nothing;
 * - signed areas are positive for counter-clockwise rings (x east, y north);
 * - a polygon is [exterior, ...holes]; the exterior adds and holes subtract *whatever their
 *   winding* (files in the wild do not all follow RFC 7946's right-hand rule);
 * - sums are taken relative to the ring's first vertex: zone-prefixed Gauss–Krüger eastings
 *   are ≈ 4·10⁷ m, and products of such numbers would lose the centimetres in doubles.
 */
import type { Position } from 'geojson';

/**
 * Signed shoelace area of a ring (m² for metre coordinates); positive when counter-clockwise.
 * Rings with fewer than three vertices measure 0.
 *
 * @example ringSignedArea([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]) // 2
 */
export function ringSignedArea(ring: Position[]): number {
  const count = ring.length;
  if (count < 3) return 0;
  const originX = ring[0][0];
  const originY = ring[0][1];
  let twiceArea = 0;
  // The edges from and to the first vertex vanish in the shifted frame (it is the origin).
  let previousX = ring[1][0] - originX;
  let previousY = ring[1][1] - originY;
  for (let index = 2; index < count; index += 1) {
    const x = ring[index][0] - originX;
    const y = ring[index][1] - originY;
    twiceArea += previousX * y - x * previousY;
    previousX = x;
    previousY = y;
  }
  return twiceArea / 2;
}

/**
 * Signed shoelace area of the vertices `start … end − 1` of a flat [x0, y0, x1, y1, …] array
 * (the layout of the land-use-intensity engine, which avoids one array per ring). The range
 * is an open ring; fewer than three vertices measure 0.
 *
 * @param coordinates flat coordinates
 * @param start first vertex (index of the vertex, not of the number)
 * @param end one past the last vertex; default: the whole array
 * @example flatRingSignedArea(new Float64Array([0, 0, 2, 0, 2, 1, 0, 1])) // 2
 */
export function flatRingSignedArea(coordinates: ArrayLike<number>, start = 0, end = coordinates.length / 2): number {
  if (end - start < 3) return 0;
  const originX = coordinates[start * 2];
  const originY = coordinates[start * 2 + 1];
  let twiceArea = 0;
  let previousX = 0;
  let previousY = 0;
  for (let vertex = start + 1; vertex < end; vertex += 1) {
    const x = coordinates[vertex * 2] - originX;
    const y = coordinates[vertex * 2 + 1] - originY;
    twiceArea += previousX * y - x * previousY;
    previousX = x;
    previousY = y;
  }
  return twiceArea / 2;
}

/**
 * Area of one polygon [exterior, ...holes]: |exterior| − Σ |hole|, whatever the winding.
 * Not clamped: holes that are not inside their exterior (invalid input) can make it negative;
 * callers that report areas to people clamp (see `measureArea`).
 */
export function polygonArea(polygon: Position[][]): number {
  let area = 0;
  polygon.forEach((ring, ringIndex) => {
    area += (ringIndex === 0 ? 1 : -1) * Math.abs(ringSignedArea(ring));
  });
  return area;
}

/** Sum of {@link polygonArea} over the polygons of a MultiPolygon-like list (parts assumed disjoint). */
export function polygonsArea(polygons: Position[][][]): number {
  let total = 0;
  for (const polygon of polygons) total += polygonArea(polygon);
  return total;
}

/**
 * Area-weighted centroid of polygons (exteriors add, holes subtract, whatever the winding),
 * as GEOS/Shapely compute it. Undefined when the net area is not positive (degenerate rings),
 * so each caller chooses its own fallback.
 *
 * @returns the centroid [x, y] and the net area it was weighted by
 * @example polygonsCentroid([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]]) // { centroid: [1, 1], area: 4 }
 */
export function polygonsCentroid(polygons: Position[][][]): { centroid: Position; area: number } | undefined {
  let totalArea = 0;
  let sumX = 0;
  let sumY = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, ringIndex) => {
      const count = ring.length;
      if (count < 3) return;
      const originX = ring[0][0];
      const originY = ring[0][1];
      let twiceArea = 0;
      let momentX = 0;
      let momentY = 0;
      for (let index = 0; index < count; index += 1) {
        const next = index + 1 === count ? 0 : index + 1;
        const x1 = ring[index][0] - originX;
        const y1 = ring[index][1] - originY;
        const x2 = ring[next][0] - originX;
        const y2 = ring[next][1] - originY;
        const cross = x1 * y2 - x2 * y1;
        twiceArea += cross;
        momentX += (x1 + x2) * cross;
        momentY += (y1 + y2) * cross;
      }
      if (twiceArea === 0) return;
      const sign = ringIndex === 0 ? 1 : -1;
      const area = Math.abs(twiceArea) / 2;
      totalArea += sign * area;
      sumX += sign * area * (momentX / (3 * twiceArea) + originX);
      sumY += sign * area * (momentY / (3 * twiceArea) + originY);
    });
  }
  if (!(totalArea > 0)) return undefined;
  return { centroid: [sumX / totalArea, sumY / totalArea], area: totalArea };
}

/**
 * Whether the edge (x1, y1)–(x2, y2) crosses the ray from (x, y) towards +x: the step of
 * the crossing-number (even–odd) point-in-polygon test. Half-open in y, so a ray through a
 * vertex counts once.
 */
export function edgeCrossesRay(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  return y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1;
}

/**
 * Even–odd point-in-polygon over rings stored flat ([x0, y0, x1, y1, …], not closed), given
 * the edges a spatial index found on the ray from (x, y) towards +x: edge i runs from vertex
 * `edgeVertex[i]` of ring `edgeRing[i]` to the next vertex. Used where many points are tested
 * against the same large polygons (sample parcels, land-use intensity).
 */
export function indexedEdgesContain(
  x: number,
  y: number,
  candidateEdges: Iterable<number>,
  rings: readonly ArrayLike<number>[],
  edgeRing: ArrayLike<number>,
  edgeVertex: ArrayLike<number>,
): boolean {
  let inside = false;
  for (const edge of candidateEdges) {
    const ring = rings[edgeRing[edge]];
    const vertex = edgeVertex[edge];
    const next = (vertex + 1) % (ring.length / 2);
    if (edgeCrossesRay(x, y, ring[vertex * 2], ring[vertex * 2 + 1], ring[next * 2], ring[next * 2 + 1])) inside = !inside;
  }
  return inside;
}

/** [minX, minY, maxX, maxY] of every position of the rings. */
export function ringsBox(rings: readonly Position[][]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}

/**
 * Even–odd point-in-polygon over every ring of one polygon (so a point in a hole is
 * outside). Points exactly on an edge may fall either way.
 *
 * @example pointInRings([1, 1], [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]) // true
 */
export function pointInRings(point: Position, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
      if (edgeCrossesRay(point[0], point[1], ring[index][0], ring[index][1], ring[previous][0], ring[previous][1])) inside = !inside;
    }
  }
  return inside;
}

/** Whether the point lies in any of the polygons (holes excluded). */
export function pointInPolygons(point: Position, polygons: Position[][][]): boolean {
  return polygons.some((polygon) => pointInRings(point, polygon));
}

/** Distance from a point to the segment start–end (same units as the coordinates). */
export function distanceToSegment(point: Position, start: Position, end: Position): number {
  const dx = end[0] - start[0];
  const dy = end[1] - start[1];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((point[0] - start[0]) * dx + (point[1] - start[1]) * dy) / lengthSquared));
  return Math.hypot(start[0] + t * dx - point[0], start[1] + t * dy - point[1]);
}

/** Distance from a point to the nearest edge of a ring (the closing edge included). */
export function distanceToRing(point: Position, ring: Position[]): number {
  let best = Infinity;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    const distance = distanceToSegment(point, ring[previous], ring[index]);
    if (distance < best) best = distance;
  }
  return best;
}
