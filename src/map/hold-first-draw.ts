/**
 * Issue 12 (first full draw): the map's first complete picture is drawn in one frame.
 *
 * While the initial layers' tiles come back from MapLibre's worker, every tile that arrives
 * asks for a frame, and every frame draws the whole map. On a GPU that is a few milliseconds;
 * in software GL (SwiftShader: headless Chromium, intranet PCs and event laptops without a
 * working driver) it is 150–450 ms at 1600 × 1000, and 6–8 such frames of a half-built picture
 * went by before the map was complete. Here those frames still run — they request the tiles
 * and place the labels — but draw nothing until every source is loaded and label placement
 * has settled (MapLibre re-places once after new symbol tiles); then one frame draws it all.
 * Until then the canvas stays blank and the map's container shows the sea colour (its CSS background).
 *
 * MapLibre has no public switch for this: for the first load only, the painter's `render` is
 * wrapped, and the private `_placementDirty` flag is read where it exists (maplibre-gl 6.17,
 * pinned in package-lock.json). Without a painter the hold does nothing; without the flag the
 * first loaded frame is drawn. After `limitMs` the map draws whatever it has, so a source that
 * never settles cannot keep it blank; a resize ends the hold too (resizing the canvas clears
 * it, and the map redraws at once).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

/** Longest hold (ms) before the map draws whatever it has. */
export const FIRST_DRAW_HOLD_LIMIT_MS = 6000;

interface PainterLike {
  render: (...args: unknown[]) => unknown;
}

/** True while the map still has something to settle before its first complete picture. */
function settling(map: MapLibreMap): boolean {
  return !map.loaded() || (map as unknown as { _placementDirty?: unknown })._placementDirty === true;
}

/**
 * Holds the map's drawing until its picture is complete (or `limitMs` passed). Call it when the
 * map's style has been read (its first 'styledata'), before any tile comes back. Returns a
 * function that ends the hold.
 */
export function holdFirstDraw(map: MapLibreMap, limitMs = FIRST_DRAW_HOLD_LIMIT_MS): () => void {
  const painter = (map as unknown as { painter?: Partial<PainterLike> }).painter;
  const render = painter?.render;
  if (!painter || typeof render !== 'function') return () => {};
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    painter.render = render;
    clearTimeout(timer);
    map.off('remove', release);
    map.off('resize', release);
  };
  const timer = setTimeout(() => {
    release();
    map.triggerRepaint();
  }, limitMs);
  map.on('remove', release);
  map.on('resize', release);
  painter.render = function (this: unknown, ...args: unknown[]) {
    if (held && settling(map)) return undefined;
    release();
    return render.apply(this, args);
  };
  return release;
}
