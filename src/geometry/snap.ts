/**
 * Snapping a pointer to the vertices and edges of nearby features (issue 14), so a site drawn
 * against an existing boundary shares it: no sliver overlap, no gap. Pure: the caller passes
 * the lines (polygon rings, line strings; lon/lat) near the pointer and a projection to screen
 * pixels. A vertex within the tolerance wins over an edge. A point on an edge is interpolated
 * between the edge's two vertices in the CGCS2000 Gauss–Krüger zone of the edge — the plane
 * the review engine clips in — so it lies on that edge as the engine sees it: a straight
 * lon/lat segment bows away from the straight Gauss–Krüger one (≈ 1 cm at the middle of a
 * 1.4 km edge, measured), which would leave a sliver.
 */
import type { Position } from 'geojson';
import { gaussKrugerZoneFor, projectPoint, unprojectPoint } from '../crs/projections';

/** The point a fraction `t` along the edge a→b, straight in the edge's Gauss–Krüger zone. */
export function pointAlongEdge(a: Position, b: Position, t: number): Position {
  const zone = gaussKrugerZoneFor((a[0] + b[0]) / 2);
  const [ax, ay] = projectPoint([a[0], a[1]], zone);
  const [bx, by] = projectPoint([b[0], b[1]], zone);
  return unprojectPoint([ax + t * (bx - ax), ay + t * (by - ay)], zone);
}

export interface ScreenPoint {
  x: number;
  y: number;
}

export interface SnapResult {
  position: Position;
  kind: 'vertex' | 'edge';
  /** Pixels from the pointer. */
  distance: number;
}

/**
 * The snapped position for a pointer at `pointer` (screen pixels), or undefined when no vertex
 * or edge lies within `tolerancePx`.
 *
 * @param lines candidate rings / line strings, lon/lat
 * @param project lon/lat → screen pixels (the map's projection)
 */
export function snapPointer(pointer: ScreenPoint, lines: readonly Position[][], project: (position: Position) => ScreenPoint, tolerancePx: number): SnapResult | undefined {
  let bestVertex: SnapResult | undefined;
  let bestEdge: { a: Position; b: Position; t: number; distance: number } | undefined;
  for (const line of lines) {
    let previous: ScreenPoint | null = null;
    for (let index = 0; index < line.length; index += 1) {
      const screen = project(line[index]);
      const vertexDistance = Math.hypot(screen.x - pointer.x, screen.y - pointer.y);
      if (vertexDistance <= tolerancePx && (!bestVertex || vertexDistance < bestVertex.distance)) {
        bestVertex = { position: [line[index][0], line[index][1]], kind: 'vertex', distance: vertexDistance };
      }
      if (previous) {
        const dx = screen.x - previous.x;
        const dy = screen.y - previous.y;
        const lengthSquared = dx * dx + dy * dy;
        if (lengthSquared > 0) {
          const t = ((pointer.x - previous.x) * dx + (pointer.y - previous.y) * dy) / lengthSquared;
          if (t > 0 && t < 1) {
            const edgeDistance = Math.hypot(previous.x + t * dx - pointer.x, previous.y + t * dy - pointer.y);
            if (edgeDistance <= tolerancePx && (!bestEdge || edgeDistance < bestEdge.distance)) {
              bestEdge = { a: line[index - 1], b: line[index], t, distance: edgeDistance };
            }
          }
        }
      }
      previous = screen;
    }
  }
  if (bestVertex) return bestVertex;
  if (!bestEdge) return undefined;
  // Only the winning edge is projected into Gauss–Krüger.
  return { position: pointAlongEdge(bestEdge.a, bestEdge.b, bestEdge.t), kind: 'edge', distance: bestEdge.distance };
}

/** [west, south, east, north] of a set of positions. */
export type Bounds = [number, number, number, number];

export function boundsOfLines(lines: readonly Position[][]): Bounds {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const line of lines) {
    for (const [lon, lat] of line) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  }
  return [west, south, east, north];
}

export function boundsIntersect(a: Bounds, b: Bounds): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
