import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdFirstDraw } from '../../src/map/hold-first-draw';

/**
 * The hold's rules on a stand-in for the map's frame loop (the real map, in Chromium, is in
 * tests/e2e/atlas-shell.test.ts: its first picture is drawn in one frame). A frame is what
 * MapLibre's _render does: it calls painter.render whatever the state.
 */
function fakeMap(options: { painter?: boolean } = {}) {
  const drawn: number[] = [];
  const listeners = new Map<string, Set<() => void>>();
  const state = { loaded: false, placementDirty: false, repaints: 0, frame: 0 };
  const painter = { render: (frame: number) => void drawn.push(frame) };
  const map = {
    ...(options.painter === false ? {} : { painter }),
    get _placementDirty() {
      return state.placementDirty;
    },
    loaded: () => state.loaded,
    triggerRepaint: () => void (state.repaints += 1),
    on: (type: string, listener: () => void) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    off: (type: string, listener: () => void) => void listeners.get(type)?.delete(listener),
    fire: (type: string) => listeners.get(type)?.forEach((listener) => listener()),
    frame: () => painter.render((state.frame += 1)),
  };
  return { map, state, drawn, painter, asMap: map as unknown as MapLibreMap };
}

describe('holdFirstDraw', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws nothing while tiles load or labels settle, then draws every frame', () => {
    const { map, state, drawn, asMap } = fakeMap();
    holdFirstDraw(asMap);
    map.frame();
    map.frame();
    expect(drawn).toEqual([]);
    state.loaded = true;
    state.placementDirty = true; // new symbol tiles: MapLibre places once more
    map.frame();
    expect(drawn).toEqual([]);
    state.placementDirty = false;
    map.frame();
    expect(drawn).toEqual([4]);
    // Released for good: later frames draw, whatever is loading.
    state.loaded = false;
    map.frame();
    expect(drawn).toEqual([4, 5]);
  });

  it('draws whatever the map has once the limit has passed, and asks for that frame', () => {
    const { map, state, drawn, asMap } = fakeMap();
    holdFirstDraw(asMap, 1000);
    map.frame();
    vi.advanceTimersByTime(999);
    expect(state.repaints).toBe(0);
    map.frame();
    expect(drawn).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(state.repaints).toBe(1);
    map.frame();
    expect(drawn).toEqual([3]);
  });

  it('ends when asked, when the map is removed or resized, and restores the painter', () => {
    const first = fakeMap();
    const render = first.painter.render;
    const release = holdFirstDraw(first.asMap);
    first.map.frame();
    release();
    expect(first.painter.render).toBe(render);
    first.map.frame();
    expect(first.drawn).toEqual([2]);

    const second = fakeMap();
    holdFirstDraw(second.asMap, 1000);
    second.map.fire('remove');
    vi.advanceTimersByTime(2000);
    expect(second.state.repaints).toBe(0); // no frame asked of a removed map
    second.map.frame();
    expect(second.drawn).toEqual([1]);

    // A resize clears the canvas; MapLibre redraws right after its 'resize' event.
    const third = fakeMap();
    holdFirstDraw(third.asMap);
    third.map.frame();
    third.map.fire('resize');
    third.map.frame();
    expect(third.drawn).toEqual([2]);
  });

  it('does nothing to a map without the painter it knows', () => {
    const { map, drawn, asMap } = fakeMap({ painter: false });
    expect(() => holdFirstDraw(asMap)).not.toThrow();
    expect('painter' in map).toBe(false);
    expect(drawn).toEqual([]);
  });
});
