/**
 * A parcel's ring from its boundary points listed in order (界址点坐标表, CASS .dat): survey
 * lists often repeat the first point at the end to show closure — it is dropped, then the ring
 * is closed. Pure.
 */
import type { Position } from 'geojson';

/** The closed ring, or the number of distinct points when there are fewer than the 3 a parcel needs. */
export function closedRing(pairs: readonly (readonly [number, number])[]): Position[] | number {
  const ring: Position[] = pairs.map((pair) => [...pair]);
  if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
  if (ring.length < 3) return ring.length;
  ring.push([...ring[0]]);
  return ring;
}
