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
