/**
 * The one place polygon clipping happens (intersection, union, difference of planar
 * polygons). Everything else — the review rules, the protection-zone buffer, land-use
 * intensity, the drawing of findings — calls these three functions.
 *
 * The general clipper is Clipper2 (Angus Johnson's Vatti clipper; TypeScript port
 * `clipper2-ts`) on integer millimetres: coordinates are shifted to a local origin (the
 * inputs' south-west corner) and rounded to 1 mm, so every predicate is exact integer
 * arithmetic (Clipper2 compares products exactly, with BigInt beyond 9·10⁷) — no failure on
 * nearly coincident edges and no arbitrary-precision numbers: ≈ 10 µs for a site × parcel
 * pair where the former sweep line (Turf 7 / polyclip-ts on bignumber.js) took 0.4–0.75 ms.
 * Rounding to 1 mm moves an area by at most perimeter × 0.5 mm (a 9 ha square: < 0.6 m²,
 * 0.0007 %). When one side is a single convex polygon without holes (most sites), the other
 * is clipped to it by Sutherland–Hodgman in floating point, exact in area and faster still.
 *
 * Input and output are planar polygons as `Position[][][]` (a list of polygons, each a list
 * of rings, the first ring the shell), metres in a projected CRS. Rings may come in either
 * orientation: each polygon is normalised (shell counter-clockwise, holes clockwise) and
 * combined with the non-zero fill rule, so overlapping operands of a union merge. Output of
 * the general clipper: shells counter-clockwise, holes clockwise, rings closed. Pure: no
 * React, no MapLibre.
 */
import type { Position } from 'geojson';
import { Clipper, ClipType, FillRule, PolyTree64, type Path64, type Paths64, type PolyPath64 } from 'clipper2-ts';

/** Planar polygons: polygons → rings → [x, y] (metres). */
export type PlanarPolygons = Position[][][];

/** Twice the signed area of a ring (positive when counter-clockwise). */
function signedArea2(ring: Position[]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    sum += (ring[previous][0] - ring[index][0]) * (ring[previous][1] + ring[index][1]);
  }
  return sum;
}

/**
 * The ring of `polygons` when they are one convex polygon without holes (a drawn rectangle,
 * most sites), counter-clockwise and without the closing vertex; otherwise null.
 */
function convexRing(polygons: PlanarPolygons): Position[] | null {
  if (polygons.length !== 1 || polygons[0].length !== 1) return null;
  const closed = polygons[0][0];
  const ring = closed.length > 1 && closed[0][0] === closed[closed.length - 1][0] && closed[0][1] === closed[closed.length - 1][1] ? closed.slice(0, -1) : closed.slice();
  if (ring.length < 3) return null;
  if (signedArea2(ring) < 0) ring.reverse();
  for (let index = 0; index < ring.length; index += 1) {
    const [a, b, c] = [ring[index], ring[(index + 1) % ring.length], ring[(index + 2) % ring.length]];
    // A right turn (negative cross product) anywhere: not convex. Collinear vertices are fine.
    if ((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) < 0) return null;
  }
  return ring;
}

/**
 * Sutherland–Hodgman: one ring clipped to a convex counter-clockwise ring. Exact in area for
 * any simple subject ring; where a concave subject leaves the clip region and comes back the
 * result holds zero-width edges along the clip boundary, which change neither area nor drawing.
 */
function clipRingToConvex(subject: Position[], clip: Position[]): Position[] | null {
  let output = subject.length > 1 && subject[0][0] === subject[subject.length - 1][0] && subject[0][1] === subject[subject.length - 1][1] ? subject.slice(0, -1) : subject.slice();
  for (let edge = 0; edge < clip.length && output.length > 0; edge += 1) {
    const from = clip[edge];
    const to = clip[(edge + 1) % clip.length];
    const side = (point: Position) => (to[0] - from[0]) * (point[1] - from[1]) - (to[1] - from[1]) * (point[0] - from[0]);
    const input = output;
    output = [];
    for (let index = 0; index < input.length; index += 1) {
      const current = input[index];
      const previous = input[(index + input.length - 1) % input.length];
      const currentSide = side(current);
      const previousSide = side(previous);
      if (currentSide >= 0) {
        if (previousSide < 0) output.push(crossing(previous, current, previousSide, currentSide));
        output.push(current);
      } else if (previousSide >= 0) {
        output.push(crossing(previous, current, previousSide, currentSide));
      }
    }
  }
  if (output.length < 3) return null;
  output.push(output[0]);
  return output;
}

function crossing(a: Position, b: Position, sideA: number, sideB: number): Position {
  const t = sideA / (sideA - sideB);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** Every polygon of `subject` clipped to a convex ring (holes clipped too; empty results dropped). */
function clipToConvex(subject: PlanarPolygons, clip: Position[]): PlanarPolygons {
  const result: PlanarPolygons = [];
  for (const polygon of subject) {
    const outer = polygon[0] ? clipRingToConvex(polygon[0], clip) : null;
    if (!outer || signedArea2(outer) === 0) continue;
    const holes = polygon
      .slice(1)
      .map((ring) => clipRingToConvex(ring, clip))
      .filter((ring): ring is Position[] => ring !== null && signedArea2(ring) !== 0);
    result.push([outer, ...holes]);
  }
  return result;
}

/** Integer units per metre: millimetres. */
const SCALE = 1000;

interface Frame {
  x: number;
  y: number;
}

function frameOf(inputs: PlanarPolygons[]): Frame {
  let x = Infinity;
  let y = Infinity;
  for (const polygons of inputs) {
    for (const polygon of polygons) {
      for (const position of polygon[0] ?? []) {
        if (position[0]! < x) x = position[0]!;
        if (position[1]! < y) y = position[1]!;
      }
    }
  }
  return { x: Math.floor(x), y: Math.floor(y) };
}

function pathSignedArea(path: Path64): number {
  let twice = 0;
  for (let index = 0, previous = path.length - 1; index < path.length; previous = index++) {
    twice += (path[previous]!.x + path[index]!.x) * (path[previous]!.y - path[index]!.y);
  }
  return -twice / 2;
}

function toPaths(polygons: PlanarPolygons, frame: Frame): Paths64 {
  const paths: Paths64 = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, ringIndex) => {
      const path: Path64 = [];
      for (const position of ring) {
        const x = Math.round((position[0]! - frame.x) * SCALE);
        const y = Math.round((position[1]! - frame.y) * SCALE);
        const last = path[path.length - 1];
        if (!last || last.x !== x || last.y !== y) path.push({ x, y });
      }
      if (path.length > 1 && path[0]!.x === path[path.length - 1]!.x && path[0]!.y === path[path.length - 1]!.y) path.pop();
      if (path.length < 3) return;
      const area = pathSignedArea(path);
      if (area === 0) return;
      // Shell counter-clockwise (positive), holes clockwise: non-zero fill then gives holes.
      if ((ringIndex === 0) !== area > 0) path.reverse();
      paths.push(path);
    });
  }
  return paths;
}

function ringOf(path: Path64, frame: Frame): Position[] {
  const ring = path.map((point) => [point.x / SCALE + frame.x, point.y / SCALE + frame.y]);
  if (ring.length > 0) ring.push([...ring[0]!]);
  return ring;
}

/** A Clipper2 polygon tree → shells with their holes (islands inside holes become shells). */
function fromTree(tree: PolyTree64, frame: Frame): PlanarPolygons {
  const polygons: PlanarPolygons = [];
  const visitShell = (shell: PolyPath64) => {
    const outer = shell.poly!;
    const rings = [ringOf(pathSignedArea(outer) > 0 ? outer : [...outer].reverse(), frame)];
    for (let index = 0; index < shell.count; index += 1) {
      const hole = shell.child(index);
      const path = hole.poly!;
      rings.push(ringOf(pathSignedArea(path) < 0 ? path : [...path].reverse(), frame));
      for (let island = 0; island < hole.count; island += 1) visitShell(hole.child(island));
    }
    polygons.push(rings);
  };
  for (let index = 0; index < tree.count; index += 1) visitShell(tree.child(index));
  return polygons;
}

function run(clipType: ClipType, subject: PlanarPolygons[], clip: PlanarPolygons | null): PlanarPolygons {
  const frame = frameOf(clip ? [...subject, clip] : subject);
  const tree = new PolyTree64();
  Clipper.booleanOpWithPolyTree(
    clipType,
    subject.flatMap((polygons) => toPaths(polygons, frame)),
    clip ? toPaths(clip, frame) : null,
    tree,
    FillRule.NonZero,
  );
  return fromTree(tree, frame);
}

/**
 * a ∩ b (empty when either is empty or they do not meet). When one side is a single convex
 * polygon without holes (most sites), the other is clipped to it by Sutherland–Hodgman —
 * exact in area and faster than the general clipper; otherwise Clipper2.
 */
export function intersectPlanar(a: PlanarPolygons, b: PlanarPolygons): PlanarPolygons {
  if (a.length === 0 || b.length === 0) return [];
  const convexA = convexRing(a);
  if (convexA) return clipToConvex(b, convexA);
  const convexB = convexRing(b);
  if (convexB) return clipToConvex(a, convexB);
  return run(ClipType.Intersection, [a], b);
}

/** The union of any number of polygon sets. */
export function unionPlanar(parts: PlanarPolygons[]): PlanarPolygons {
  const nonEmpty = parts.filter((part) => part.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0];
  return run(ClipType.Union, nonEmpty, null);
}

/** a − b (a itself when b is empty). */
export function differencePlanar(a: PlanarPolygons, b: PlanarPolygons): PlanarPolygons {
  if (a.length === 0) return [];
  if (b.length === 0) return a;
  return run(ClipType.Difference, [a], b);
}
