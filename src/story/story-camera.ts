/**
 * Camera arithmetic for stories. Pure.
 *
 * A story's zoom is written for the reference screen, 1920×1080 CSS px (the hall's big
 * screen). On another screen the player shifts the zoom by log2 of the size ratio so the
 * same area shows — one zoom step doubles the scale (the same rule as
 * `defaultViewFor` in src/state/atlas-state.ts). Recording a view does the reverse.
 */
import type { StoryCamera } from './story-schema';

export const REFERENCE_SCREEN = { width: 1920, height: 1080 };

/** log2 of how much smaller (negative) or larger the screen is than the reference. */
export function zoomOffsetFor(width: number, height: number): number {
  const ratio = Math.min(width / REFERENCE_SCREEN.width, height / REFERENCE_SCREEN.height);
  if (!Number.isFinite(ratio) || ratio <= 0) return 0;
  return Math.log2(ratio);
}

/** The zoom to use on a `width`×`height` map for a story zoom written for 1920×1080. */
export function screenZoom(storyZoom: number, width: number, height: number): number {
  return storyZoom + zoomOffsetFor(width, height);
}

/** The story zoom (for 1920×1080) of a view seen at `zoom` on a `width`×`height` map. */
export function storyZoom(zoom: number, width: number, height: number): number {
  return zoom - zoomOffsetFor(width, height);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * A step camera from a live view: centre to 5 decimals (≈1 m), zoom to 2, angles to 1,
 * bearing folded into −180…180. `duration` is the flight length in ms.
 */
export function cameraFromView(
  view: { longitude: number; latitude: number; zoom: number; bearing: number; pitch: number },
  mapSize: { width: number; height: number },
  duration = 4000,
): StoryCamera {
  const bearing = ((((view.bearing + 180) % 360) + 360) % 360) - 180;
  return {
    center: [round(view.longitude, 5), round(view.latitude, 5)],
    zoom: round(storyZoom(view.zoom, mapSize.width, mapSize.height), 2),
    bearing: round(bearing, 1) === -180 ? 180 : round(bearing, 1),
    pitch: round(Math.max(0, view.pitch), 1),
    duration,
  };
}

/**
 * MapLibre's vertical field of view, degrees (its default `fov`, which the atlas keeps): the
 * perspective a pitched map is drawn with, so a pitched step can be framed before it is flown.
 */
export const FIELD_OF_VIEW = 36.86989764584402;

/** Tile size of MapLibre's Web Mercator world: the world is 512 × 2^zoom CSS px wide. */
const TILE_SIZE = 512;

/** Where a map camera looks: centre (lon, lat), zoom on this screen, bearing and pitch in degrees. */
export interface MapView {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/** Space in CSS px kept clear at each edge of the map (MapLibre's `padding`). */
export interface EdgeInsets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A rectangle on the map in CSS px from its top-left corner. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function worldPoint(position: readonly number[], worldSize: number): [number, number] {
  const latitude = Math.max(-85.051129, Math.min(85.051129, position[1]));
  const sinLatitude = Math.sin((latitude * Math.PI) / 180);
  return [((position[0] + 180) / 360) * worldSize, (0.5 - Math.log((1 + sinLatitude) / (1 - sinLatitude)) / (4 * Math.PI)) * worldSize];
}

function lngLatOf(x: number, y: number, worldSize: number): [number, number] {
  const longitude = (x / worldSize) * 360 - 180;
  const latitude = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / worldSize))) * 180) / Math.PI;
  return [longitude, latitude];
}

/** The point of the map the camera centre is drawn at: the middle of what the padding leaves. */
function centrePoint(size: { width: number; height: number }, padding: EdgeInsets): [number, number] {
  return [(padding.left + size.width - padding.right) / 2, (padding.top + size.height - padding.bottom) / 2];
}

/**
 * Where a ground position shows on a `size` map looking at `view` with `padding`, in CSS px
 * from the map's top-left corner; undefined beyond the horizon. The same perspective as
 * MapLibre's Web Mercator transform: the world turned by the bearing, tilted by the pitch
 * about the centre point, seen from `height / 2 / tan(fov / 2)` px away.
 */
export function screenPoint(view: MapView, size: { width: number; height: number }, padding: EdgeInsets, position: readonly number[]): [number, number] | undefined {
  const worldSize = TILE_SIZE * 2 ** view.zoom;
  const [centreX, centreY] = worldPoint(view.center, worldSize);
  const [x, y] = worldPoint(position, worldSize);
  const bearing = (-view.bearing * Math.PI) / 180;
  const dx = x - centreX;
  const dy = y - centreY;
  const across = dx * Math.cos(bearing) - dy * Math.sin(bearing);
  const along = dx * Math.sin(bearing) + dy * Math.cos(bearing);
  const pitch = (view.pitch * Math.PI) / 180;
  const distance = size.height / 2 / Math.tan((FIELD_OF_VIEW * Math.PI) / 360);
  const depth = distance - along * Math.sin(pitch);
  if (depth <= distance * 0.01) return undefined;
  const [originX, originY] = centrePoint(size, padding);
  return [originX + (across * distance) / depth, originY + (along * Math.cos(pitch) * distance) / depth];
}

/** The ground position drawn at `point` (CSS px from the map's top-left corner); undefined above the horizon. */
export function groundPosition(view: MapView, size: { width: number; height: number }, padding: EdgeInsets, point: readonly [number, number]): [number, number] | undefined {
  const [originX, originY] = centrePoint(size, padding);
  const screenX = point[0] - originX;
  const screenY = point[1] - originY;
  const pitch = (view.pitch * Math.PI) / 180;
  const distance = size.height / 2 / Math.tan((FIELD_OF_VIEW * Math.PI) / 360);
  const denominator = distance * Math.cos(pitch) + screenY * Math.sin(pitch);
  if (denominator <= 0) return undefined;
  const along = (screenY * distance) / denominator;
  const across = (screenX * (distance - along * Math.sin(pitch))) / distance;
  const bearing = (view.bearing * Math.PI) / 180;
  const worldSize = TILE_SIZE * 2 ** view.zoom;
  const [centreX, centreY] = worldPoint(view.center, worldSize);
  const dx = across * Math.cos(bearing) - along * Math.sin(bearing);
  const dy = across * Math.sin(bearing) + along * Math.cos(bearing);
  return lngLatOf(centreX + dx, centreY + dy, worldSize);
}

/** The screen box of `positions` at `view`, or undefined if any lies beyond the horizon. */
function boxAt(view: MapView, size: { width: number; height: number }, padding: EdgeInsets, positions: ReadonlyArray<readonly number[]>): ScreenBox | undefined {
  const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  for (const position of positions) {
    const point = screenPoint(view, size, padding, position);
    if (!point) return undefined;
    box.left = Math.min(box.left, point[0]);
    box.right = Math.max(box.right, point[0]);
    box.top = Math.min(box.top, point[1]);
    box.bottom = Math.max(box.bottom, point[1]);
  }
  return box;
}

/** Less than this many CSS px outside the free box counts as inside (rounding, not a miss). */
const FRAME_TOLERANCE = 0.5;

/**
 * The camera that shows a step's subject inside `free` (the part of the map neither under the
 * caption card nor at its edges), as close to the story's own camera as it can be.
 *
 * `subjects` are the positions to show, one list per highlighted feature; `labels` the point
 * each one's name is written at. A feature the story's camera already shows whole on the
 * screen is what the step is about, and is kept whole in `free`; one larger than the screen
 * (a railway running on past the edges, a zone seen from inside) is context, and only its
 * name point, when on screen, is kept in `free`. If everything kept already lies in `free`
 * the story's camera is returned as it is; else the camera moves the least it can — it pans,
 * and zooms out only when the subject is larger than `free` — keeping bearing and pitch.
 */
export function framedView(
  view: MapView,
  size: { width: number; height: number },
  padding: EdgeInsets,
  free: ScreenBox,
  subjects: ReadonlyArray<ReadonlyArray<readonly number[]>>,
  labels: ReadonlyArray<readonly number[]> = [],
): MapView {
  const kept: Array<readonly number[]> = [];
  const screen: ScreenBox = { left: 0, top: 0, right: size.width, bottom: size.height };
  const within = (box: ScreenBox | undefined, frame: ScreenBox) =>
    box !== undefined &&
    box.left >= frame.left - FRAME_TOLERANCE &&
    box.right <= frame.right + FRAME_TOLERANCE &&
    box.top >= frame.top - FRAME_TOLERANCE &&
    box.bottom <= frame.bottom + FRAME_TOLERANCE;
  subjects.forEach((positions, index) => {
    const box = boxAt(view, size, padding, positions);
    if (box && box.right - box.left <= size.width && box.bottom - box.top <= size.height) kept.push(...positions);
    else if (labels[index] && within(boxAt(view, size, padding, [labels[index]]), screen)) kept.push(labels[index]);
  });
  const freeWidth = free.right - free.left;
  const freeHeight = free.bottom - free.top;
  if (kept.length === 0 || freeWidth <= 0 || freeHeight <= 0) return view;
  let current: MapView = { ...view, center: [view.center[0], view.center[1]] };
  for (let round = 0; round < 12; round++) {
    let box = boxAt(current, size, padding, kept);
    if (within(box, free)) return current;
    // Larger than the free box (or past the horizon): zoom out by the missing ratio.
    const ratio = box ? Math.max((box.right - box.left) / freeWidth, (box.bottom - box.top) / freeHeight) : 2;
    if (ratio > 1) {
      current = { ...current, zoom: current.zoom - Math.log2(ratio) - 0.01 };
      box = boxAt(current, size, padding, kept);
      if (!box) continue;
    }
    if (!box) continue;
    // Pan the least that brings the box inside (its middle to the free box's middle on an axis it overfills).
    const shift = (low: number, high: number, freeLow: number, freeHigh: number) => {
      if (high - low > freeHigh - freeLow) return (freeLow + freeHigh) / 2 - (low + high) / 2;
      if (low < freeLow) return freeLow - low;
      if (high > freeHigh) return freeHigh - high;
      return 0;
    };
    const shiftX = shift(box.left, box.right, free.left, free.right);
    const shiftY = shift(box.top, box.bottom, free.top, free.bottom);
    const [originX, originY] = centrePoint(size, padding);
    const center = groundPosition(current, size, padding, [originX - shiftX, originY - shiftY]);
    if (!center) return current;
    current = { ...current, center };
  }
  return current;
}
