/**
 * Framing a story step for the caption card (src/story/story-camera.ts): the perspective a
 * pitched map is drawn with, and the least camera move that brings a step's subject out from
 * under the card. The projection's facts are Web Mercator's (512-px tiles): at zoom z the world
 * is 512 × 2^z px wide; turning the bearing to 90° puts east at the top.
 */
import { describe, expect, it } from 'vitest';
import { framedView, groundPosition, screenPoint, type MapView } from '../../src/story/story-camera';

const size = { width: 1366, height: 768 };
const noPadding = { top: 0, right: 0, bottom: 0, left: 0 };
const card = { top: 0, right: 0, bottom: 237, left: 0 };
const view: MapView = { center: [122.15, 37.2], zoom: 8.6, bearing: 0, pitch: 0 };

describe('screenPoint and groundPosition', () => {
  it('draws the centre in the middle of what the padding leaves, and a longitude step as its share of the world', () => {
    expect(screenPoint(view, size, noPadding, view.center)).toEqual([683, 384]);
    expect(screenPoint(view, size, card, view.center)).toEqual([683, (768 - 237) / 2]);
    const [x, y] = screenPoint(view, size, noPadding, [122.25, 37.2])!;
    expect(x - 683).toBeCloseTo((0.1 / 360) * 512 * 2 ** 8.6, 6);
    expect(y).toBeCloseTo(384, 6);
  });

  it('puts east at the top when the bearing is 90°', () => {
    const [x, y] = screenPoint({ ...view, bearing: 90 }, size, noPadding, [122.25, 37.2])!;
    expect(x).toBeCloseTo(683, 6);
    expect(384 - y).toBeCloseTo((0.1 / 360) * 512 * 2 ** 8.6, 6);
  });

  it('draws the far side of a pitched map smaller than the near side, and finds the ground again under any point', () => {
    const pitched = { ...view, pitch: 45, bearing: -20 };
    const north = screenPoint(pitched, size, card, [122.15, 37.3])!;
    const south = screenPoint(pitched, size, card, [122.15, 37.1])!;
    const centre = screenPoint(pitched, size, card, pitched.center)!;
    expect(Math.hypot(north[0] - centre[0], north[1] - centre[1])).toBeLessThan(Math.hypot(south[0] - centre[0], south[1] - centre[1]));
    for (const point of [north, south, [100, 50] as [number, number], [1300, 700] as [number, number]]) {
      const ground = groundPosition(pitched, size, card, point)!;
      const back = screenPoint(pitched, size, card, ground)!;
      expect(back[0]).toBeCloseTo(point[0], 6);
      expect(back[1]).toBeCloseTo(point[1], 6);
    }
  });
});

describe('framedView', () => {
  const free = { left: 44, top: 77, right: 1322, bottom: 768 - 237 - 88 };

  it('keeps the story’s camera when its subject already lies clear of the card', () => {
    expect(framedView(view, size, card, free, [[[122.1, 37.25], [122.2, 37.2]]])).toEqual(view);
  });

  it('moves a subject out from under the card, panning only when it fits, keeping bearing and pitch', () => {
    const pitched = { ...view, pitch: 40, bearing: 10 };
    // A base south of the centre, drawn under the card by the story's camera.
    const subject = [[122.3, 36.85], [122.33, 36.87]];
    expect(screenPoint(pitched, size, card, subject[0])![1]).toBeGreaterThan(free.bottom);
    const framed = framedView(pitched, size, card, free, [subject]);
    expect([framed.zoom, framed.bearing, framed.pitch]).toEqual([pitched.zoom, 10, 40]);
    for (const position of subject) {
      const [x, y] = screenPoint(framed, size, card, position)!;
      expect(x).toBeGreaterThanOrEqual(free.left - 0.5);
      expect(x).toBeLessThanOrEqual(free.right + 0.5);
      expect(y).toBeGreaterThanOrEqual(free.top - 0.5);
      expect(y).toBeLessThanOrEqual(free.bottom + 0.5);
    }
  });

  it('zooms out just enough for a subject taller than the free part of the map', () => {
    const subject = [[122.15, 36.9], [122.15, 37.5]];
    const framed = framedView(view, size, card, free, [subject]);
    expect(framed.zoom).toBeLessThan(view.zoom);
    expect(framed.zoom).toBeGreaterThan(view.zoom - 0.5);
    const [bottom, top] = subject.map((position) => screenPoint(framed, size, card, position)![1]);
    expect(bottom - top).toBeGreaterThan((free.bottom - free.top) * 0.97);
    expect(bottom - top).toBeLessThanOrEqual(free.bottom - free.top + 0.5);
  });

  it('leaves a feature larger than the screen as context, keeping only its name point clear', () => {
    const railway = [[119.5, 36.5], [123.5, 37.5]];
    const namePoint = [122.15, 36.99];
    const framed = framedView(view, size, card, free, [railway], [namePoint]);
    expect(framed.zoom).toBe(view.zoom);
    expect(screenPoint(framed, size, card, namePoint)![1]).toBeLessThanOrEqual(free.bottom + 0.5);
  });
});
