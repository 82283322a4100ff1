/**
 * Rule *protected line*: a line layer (railway, pipeline) whose buffer of `width` metres
 * each side of the centre line must not be overlapped. Only the runs of segments near the
 * site are buffered — the buffer of any other segment lies farther than `width` from the
 * site and cannot overlap it. The buffer is a *minimum* for railways (the atlas holds centre
 * lines, the rule measures from the formation edge: protection-zone.ts). Pure.
 */
import type { Position } from 'geojson';
import { intersectPlanar } from '../../geometry/clip';
import { bufferPlanarLines } from '../protection-zone';
import type { BoundingBox } from '../spatial-index';
import { asPolygons, boxesTouchPlanar, planarArea, shiftRing, type Candidate, type MeasuredSite, type PlanarPolygons } from './measured-site';

export interface LineFinding {
  candidate: Candidate;
  width_m: number;
  /** Overlap of the site with the buffer, m² (0 when the buffer comes near but does not overlap). */
  overlap_m2: number;
  /** Overlap pieces (shifted planar). */
  pieces: PlanarPolygons;
  /** The buffer of the runs near the site (shifted planar), for drawing. */
  zone: PlanarPolygons;
}

/** Runs of consecutive segments whose bbox meets `box` (absolute planar). */
export function runsNear(lines: Position[][], box: BoundingBox): Position[][] {
  const runs: Position[][] = [];
  for (const line of lines) {
    let run: Position[] = [];
    for (let index = 1; index < line.length; index += 1) {
      const [a, b] = [line[index - 1], line[index]];
      const segmentBox: BoundingBox = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
      if (boxesTouchPlanar(segmentBox, box)) {
        if (run.length === 0) run.push(a);
        run.push(b);
      } else if (run.length > 0) {
        runs.push(run);
        run = [];
      }
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}

/**
 * @param widthOf the buffer width (m) for a candidate, or null to skip it (e.g. a railway of unknown kind)
 * @returns every line whose buffer comes within reach of the site; `overlap_m2` > 0 for the conflicts
 */
export function protectedLineRule(site: MeasuredSite, candidates: Iterable<Candidate>, widthOf: (candidate: Candidate) => number | null): LineFinding[] {
  const found: LineFinding[] = [];
  for (const candidate of candidates) {
    const width = widthOf(candidate);
    if (width === null || !(width > 0)) continue;
    const shape = candidate.shape();
    const near: BoundingBox = [site.clipBox[0] - width - 1, site.clipBox[1] - width - 1, site.clipBox[2] + width + 1, site.clipBox[3] + width + 1];
    if (shape.lines.length === 0 || !boxesTouchPlanar(shape.box, near)) continue;
    site.tested += 1;
    const runs = runsNear(shape.lines, near);
    if (runs.length === 0) continue;
    const buffer = bufferPlanarLines(runs.map((run) => shiftRing(run, site.origin)), width);
    if (!buffer) continue;
    const zone = asPolygons(buffer);
    const pieces = intersectPlanar(site.polygons, zone);
    found.push({ candidate, width_m: width, overlap_m2: planarArea(pieces), pieces, zone });
  }
  return found;
}
