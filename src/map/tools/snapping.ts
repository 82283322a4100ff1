/**
 * Snapping for the site editor (issue 14): terra-draw's polygon mode and the select mode's
 * vertex drag call `snapSiteVertex` (their `snapping.toCustom`), which, while snapping is on
 * (tools store), moves the pointer onto the nearest vertex or edge of a visible layer or of
 * another saved site within the tolerance (src/geometry/snap.ts). The candidate features are
 * registered by <SnapSources> (snap-sources.tsx) from the atlas and review stores.
 */
import type { Position } from 'geojson';
import { snapPointer, type Bounds } from '../../geometry/snap';
import { toolsStore } from '../../state/tools-store';

/** Rings and lines whose bounds meet `bounds` (lon/lat). */
export type SnapCandidates = (bounds: Bounds) => Position[][];

let candidates: SnapCandidates = () => [];

export function setSnapCandidates(next: SnapCandidates): void {
  candidates = next;
}

interface PointerEvent {
  containerX: number;
  containerY: number;
}
interface SnapContext {
  project: (lng: number, lat: number) => { x: number; y: number };
  unproject: (x: number, y: number) => { lng: number; lat: number };
}

/** terra-draw `toCustom` snapping: a snapped lon/lat, or undefined to leave the pointer where it is. */
export function snapSiteVertex(event: PointerEvent, context: SnapContext): Position | undefined {
  const { snapping, snapTolerancePx } = toolsStore.getState();
  if (!snapping) return undefined;
  const corners = [
    context.unproject(event.containerX - snapTolerancePx, event.containerY - snapTolerancePx),
    context.unproject(event.containerX + snapTolerancePx, event.containerY + snapTolerancePx),
  ];
  const bounds: Bounds = [
    Math.min(corners[0].lng, corners[1].lng),
    Math.min(corners[0].lat, corners[1].lat),
    Math.max(corners[0].lng, corners[1].lng),
    Math.max(corners[0].lat, corners[1].lat),
  ];
  const lines = candidates(bounds);
  if (lines.length === 0) return undefined;
  const snapped = snapPointer({ x: event.containerX, y: event.containerY }, lines, (position) => context.project(position[0], position[1]), snapTolerancePx);
  return snapped?.position;
}
