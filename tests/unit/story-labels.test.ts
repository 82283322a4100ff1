/**
 * The highlight labels' layout on the screen (src/story/story-labels.ts): every name of a
 * crowded step finds room, none over another, over a highlighted point or outside the free
 * part of the map; close points keep their names on their own far sides. Synthetic screens:
 * every expectation follows from the boxes written here.
 */
import { describe, expect, it } from 'vitest';
import { labelBox, layoutLabels, sidesAwayFrom, type LabelToPlace } from '../../src/story/story-labels';

const options = { offset: 20, padding: 4, pointRadius: 8, reach: 132 };
const overlaps = (a: ReturnType<typeof labelBox>, b: ReturnType<typeof labelBox>) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A Chinese name of `characters` characters at 22 px, and with a 12-character qualifier line under it. */
function label(id: string, at: [number, number], characters: number, kind: LabelToPlace['kind'] = 'area'): LabelToPlace {
  return { id, kind, at, whole: { width: 22 * 12 * 0.72, height: 26.4 + 19 }, short: { width: 22 * characters, height: 26.4 } };
}

describe('layoutLabels', () => {
  // Five bases within 130 × 90 px, as 五区九基地 step 1 shows them round Weihai's centre at 1366 × 768.
  const cluster = [
    label('devices', [616, 97], 6),
    label('electronics', [649, 82], 11),
    label('service', [683, 130], 8),
    label('health', [726, 139], 6),
    label('fashion', [702, 145], 6),
    label('carbon', [630, 188], 5),
  ];
  const area = { left: 6, top: 6, right: 1360, bottom: 519 };

  it('finds room for every name of a cluster, none over another, all in the free part of the map', () => {
    const placements = layoutLabels(cluster, area, [], options);
    expect(placements.map((placement) => placement.placed)).toEqual(cluster.map(() => true));
    const boxes = placements.map((placement, index) =>
      labelBox(cluster[index].at, placement.short ? cluster[index].short : cluster[index].whole, placement.sides[0], options.offset, options.padding),
    );
    boxes.forEach((box, index) => {
      expect(box.left).toBeGreaterThanOrEqual(area.left);
      expect(box.right).toBeLessThanOrEqual(area.right);
      expect(box.top).toBeGreaterThanOrEqual(area.top);
      expect(box.bottom).toBeLessThanOrEqual(area.bottom);
      for (const other of boxes.slice(index + 1)) expect(overlaps(box, other)).toBe(false);
    });
  });

  it('keeps the qualifiers where there is room for them, and drops the crowded ones only when there is not', () => {
    const spread = [label('a', [200, 200], 6), label('b', [700, 300], 6)];
    expect(layoutLabels(spread, area, [], options).map((placement) => placement.short)).toEqual([false, false]);
    const tight = layoutLabels(cluster, { ...area, top: 60 }, [], options);
    expect(tight.every((placement) => placement.placed)).toBe(true);
    expect(tight.some((placement) => placement.short)).toBe(true);
  });

  it('writes no name under the caption card, over a highlighted point or under the controls', () => {
    const near = [label('low', [400, 500], 6, 'point'), label('other', [460, 470], 4, 'point')];
    const controls = { left: 380, top: 380, right: 520, bottom: 430 };
    const placements = layoutLabels(near, area, near.map((entry) => entry.at), options, [controls]);
    placements.forEach((placement, index) => {
      expect(placement.placed).toBe(true);
      const box = labelBox(near[index].at, placement.short ? near[index].short : near[index].whole, placement.sides[0], options.offset, options.padding);
      expect(box.bottom).toBeLessThanOrEqual(area.bottom);
      expect(overlaps(box, controls)).toBe(false);
      for (const [x, y] of near.map((entry) => entry.at)) expect(overlaps(box, { left: x - 8, top: y - 8, right: x + 8, bottom: y + 8 })).toBe(false);
    });
  });

  it('sends the names of two close points to their far sides, each nearer its own point than the other', () => {
    // 海阳所镇 and 牡蛎小镇, 350 m apart: 25 px at 1366 × 768, the town west and a little lower.
    const town = label('town', [606, 265], 4, 'point');
    const oyster = label('oyster', [631, 255], 4, 'point');
    const pair = [town, oyster];
    const placements = layoutLabels(pair, area, [town.at, oyster.at], options);
    expect(placements[0].sides[0]).toMatch(/left/);
    expect(placements[1].sides[0]).toMatch(/right/);
    const distance = (box: ReturnType<typeof labelBox>, [x, y]: readonly [number, number]) =>
      Math.hypot(Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
    placements.forEach((placement, index) => {
      const box = labelBox(pair[index].at, pair[index].short, placement.sides[0], options.offset, options.padding);
      expect(distance(box, pair[index].at)).toBeLessThan(distance(box, pair[1 - index].at));
    });
    // Where no room is found, MapLibre is given only sides away from the neighbour.
    const boxedIn = layoutLabels(pair, { left: 600, top: 250, right: 640, bottom: 270 }, [town.at, oyster.at], options);
    expect(boxedIn[0]).toMatchObject({ placed: false, sides: ['left', 'below-left', 'above-left', 'below', 'above'] });
    expect(boxedIn[1].sides).toEqual(['right', 'above-right', 'below-right', 'above', 'below']);
  });

  it('lets a point turn at most 90° from straight away, an area any way as a last resort', () => {
    expect(sidesAwayFrom(0, 'point')).toEqual(['right', 'above-right', 'below-right', 'above', 'below']);
    expect(sidesAwayFrom(0, 'area')).toHaveLength(8);
    expect(sidesAwayFrom(4, 'area').at(-1)).toBe('right');
  });
});
