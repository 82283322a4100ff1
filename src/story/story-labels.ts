/**
 * Where each highlight label goes on the screen. Pure: no React, no MapLibre.
 *
 * MapLibre places a label at the first of its sides that collides with nothing, one label
 * after another: in a cluster (the nine bases seen over the whole city at 1366 × 768) an early
 * label takes the only place a later one had, and that name is missing; and it knows nothing
 * of the caption card, so a label can be placed under it. Here the labels of a step are laid
 * out together, on the screen the camera is flying to, by a small search over their sides:
 * each inside the part of the map left free, none over another or over a highlighted point.
 * The side found is given to MapLibre first (its collision test still has the last word).
 */
import type { ScreenBox } from './story-camera';

/** What a story highlight is drawn as (story-effects.ts makes them). */
export type HighlightKind = 'area' | 'line' | 'point';

/**
 * Where a label's text goes from its point, on the screen: `right` is text to the right of the
 * point (MapLibre's `left` anchor), `above-left` text above and to the left, and so on.
 */
export type LabelSide = 'right' | 'above-right' | 'above' | 'above-left' | 'left' | 'below-left' | 'below' | 'below-right';

/** Counter-clockwise from `right`, 45° apart: the screen direction `index × 45°` is LABEL_SIDES[index]. */
export const LABEL_SIDES: readonly LabelSide[] = ['right', 'above-right', 'above', 'above-left', 'left', 'below-left', 'below', 'below-right'];

/** The sides a label tries with no other name close by: below, above, beside, then the corners. */
export const USUAL_SIDES: readonly LabelSide[] = ['below', 'above', 'right', 'left', 'below-right', 'below-left', 'above-right', 'above-left'];

/**
 * The sides a `kind` label may take, best first, when the names close by lie the other way
 * from screen direction `direction × 45°` (LABEL_SIDES): straight away first, then 45° and 90°
 * either way, then (not for a point) the rest. MapLibre tries these for a label the layout
 * found no room for: a point's name then never goes towards its neighbours, where it would be
 * read as theirs (海阳所镇 and 牡蛎小镇 are 350 m apart).
 */
export function sidesAwayFrom(direction: number, kind: HighlightKind): LabelSide[] {
  const turns = kind === 'point' ? [0, 1, -1, 2, -2] : [0, 1, -1, 2, -2, 3, -3, 4];
  return turns.map((turn) => LABEL_SIDES[(((direction + turn) % 8) + 8) % 8]);
}

/** A label to lay out: its point on the screen (CSS px) and its size written whole and without its qualifier. */
export interface LabelToPlace {
  id: string;
  kind: HighlightKind;
  at: readonly [number, number];
  whole: { width: number; height: number };
  short: { width: number; height: number };
}

export interface LabelLayoutOptions {
  /** The text's distance from its point, CSS px (MapLibre's offset). */
  offset: number;
  /** Room kept round each label, CSS px (MapLibre's `text-padding`, and a little for rounding). */
  padding: number;
  /** Half the side of the square kept clear round each highlighted point, CSS px. */
  pointRadius: number;
  /** Names nearer each other than this, CSS px, crowd: each looks away from the others first. */
  reach: number;
}

/** Where a label goes: its sides, best first (the first is the one the layout found room at), and whether it drops its qualifier. */
export interface LabelPlacement {
  sides: LabelSide[];
  short: boolean;
  /** False when no room was found for it: MapLibre is left to try. */
  placed: boolean;
}

/** The screen box of a `size` label on `side` of `at`, grown by `padding`. */
export function labelBox(at: readonly [number, number], size: { width: number; height: number }, side: LabelSide, offset: number, padding: number): ScreenBox {
  const corner = offset / Math.SQRT2;
  const [x, y] = at;
  const { width, height } = size;
  let left: number;
  let top: number;
  switch (side) {
    case 'right':
      [left, top] = [x + offset, y - height / 2];
      break;
    case 'left':
      [left, top] = [x - offset - width, y - height / 2];
      break;
    case 'above':
      [left, top] = [x - width / 2, y - offset - height];
      break;
    case 'below':
      [left, top] = [x - width / 2, y + offset];
      break;
    case 'above-right':
      [left, top] = [x + corner, y - corner - height];
      break;
    case 'above-left':
      [left, top] = [x - corner - width, y - corner - height];
      break;
    case 'below-right':
      [left, top] = [x + corner, y + corner];
      break;
    case 'below-left':
      [left, top] = [x - corner - width, y + corner];
      break;
  }
  return { left: left - padding, top: top - padding, right: left + width + padding, bottom: top + height + padding };
}

const overlaps = (a: ScreenBox, b: ScreenBox) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (box: ScreenBox, frame: ScreenBox) => box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;

/** The direction (LABEL_SIDES index) away from the labels within `reach` of label `index`, each pushing by the inverse square of its distance; undefined when none is that close. */
function awayFrom(labels: readonly LabelToPlace[], index: number, reach: number): number | undefined {
  const [x, y] = labels[index].at;
  let pushRight = 0;
  let pushUp = 0;
  let crowded = false;
  labels.forEach((other, otherIndex) => {
    if (otherIndex === index) return;
    const right = x - other.at[0];
    const up = other.at[1] - y;
    const distance = Math.hypot(right, up);
    if (distance >= reach) return;
    crowded = true;
    // Two labels on one point part left and right.
    if (distance === 0) pushRight += index < otherIndex ? -1 : 1;
    else {
      pushRight += right / distance ** 3;
      pushUp += up / distance ** 3;
    }
  });
  if (!crowded) return undefined;
  return octantOf(pushRight, pushUp);
}

/** The index into LABEL_SIDES of the direction (right, up): the nearest of its eight sides. */
export function octantOf(right: number, up: number): number {
  return Math.round(((Math.atan2(up, right) * 180) / Math.PI + 360) / 45) % 8;
}

/** Search steps before the layout settles for the best it has found. */
const SEARCH_LIMIT = 20_000;

/**
 * One layout attempt: each label at one of its sides, inside `area`, over no other label and
 * no highlighted point. Depth-first over the labels, the least free first, each trying its
 * sides in order; if no layout has every label, the one with the most (earlier sides first).
 * Returns the side index chosen per label, −1 for a label left out.
 */
function search(boxes: ScreenBox[][], order: number[]): number[] {
  const chosen = new Array<number>(boxes.length).fill(-1);
  let best = chosen.slice();
  let bestCount = -1;
  let steps = 0;
  const fits = (label: number, box: ScreenBox) => order.every((other) => chosen[other] < 0 || other === label || !overlaps(box, boxes[other][chosen[other]]));
  const visit = (position: number, count: number): boolean => {
    if (++steps > SEARCH_LIMIT) return false;
    if (position === order.length) {
      if (count > bestCount) {
        best = chosen.slice();
        bestCount = count;
      }
      return count === order.length;
    }
    // Even placing every label still to come would not beat the best found: stop here.
    if (count + order.length - position <= bestCount) return false;
    const label = order[position];
    for (let side = 0; side < boxes[label].length; side++) {
      if (!fits(label, boxes[label][side])) continue;
      chosen[label] = side;
      if (visit(position + 1, count + 1)) return true;
      chosen[label] = -1;
    }
    return visit(position + 1, count);
  };
  visit(0, 0);
  return best;
}

/**
 * Sides for every label of a step on the screen the camera will show: inside `area` (the map
 * not under the caption card), over no other label, no highlighted point (`points`) and
 * nothing `covered` (the presenter controls); a point's name nearer its own point than any
 * other point or name's point, so two close names cannot swap places, and no name over
 * another's point. Labels with others within `reach` look away from them first
 * (sidesAwayFrom). Every label keeps its qualifier if all can; else the crowded ones drop
 * theirs, then all do — a name matters more than where it is. Returns one placement per
 * label, in order.
 */
export function layoutLabels(
  labels: readonly LabelToPlace[],
  area: ScreenBox,
  points: ReadonlyArray<readonly [number, number]>,
  options: LabelLayoutOptions,
  covered: readonly ScreenBox[] = [],
): LabelPlacement[] {
  const away = labels.map((_, index) => awayFrom(labels, index, options.reach));
  const crowded = away.map((direction) => direction !== undefined);
  // Every side is tried, those away from the crowd first; but not one where the label would
  // sit by another point or name rather than its own (below).
  const sides = away.map((direction) => (direction === undefined ? [...USUAL_SIDES] : sidesAwayFrom(direction, 'area')));
  const obstacles = [
    ...points.map(([x, y]) => ({ left: x - options.pointRadius, top: y - options.pointRadius, right: x + options.pointRadius, bottom: y + options.pointRadius })),
    ...covered,
  ];
  // For each label, the other points and names' points it must not be read as naming.
  const othersOf = labels.map((label) => [...points, ...labels.map((other) => other.at)].filter((point) => point[0] !== label.at[0] || point[1] !== label.at[1]));
  const attempt = (short: (index: number) => boolean) => {
    const boxes = labels.map((label, index) =>
      sides[index].map((side) => {
        const box = labelBox(label.at, short(index) ? label.short : label.whole, side, options.offset, options.padding);
        const from = (point: readonly [number, number]) => Math.hypot(Math.max(box.left - point[0], 0, point[0] - box.right), Math.max(box.top - point[1], 0, point[1] - box.bottom));
        const others = othersOf[index];
        // A point's name nearer its own point than any other; an area's or line's name at least not over another's point.
        const byAnother = others.some((point) => (label.kind === 'point' ? from(point) < from(label.at) : from(point) === 0));
        return inside(box, area) && !byAnother && !obstacles.some((obstacle) => overlaps(box, obstacle)) ? box : undefined;
      }),
    );
    // Only the sides with room; the labels with the fewest first, points before areas and lines.
    const rank = { point: 0, area: 1, line: 2 };
    const free = boxes.map((list) => list.filter((box): box is ScreenBox => box !== undefined));
    const sideOf = boxes.map((list) => list.flatMap((box, side) => (box ? [side] : [])));
    const order = labels.map((_, index) => index).sort((a, b) => free[a].length - free[b].length || rank[labels[a].kind] - rank[labels[b].kind] || a - b);
    const found = search(free, order);
    return labels.map((_, index) => ({ side: found[index] < 0 ? -1 : sideOf[index][found[index]], short: short(index) }));
  };
  const attempts = [() => false, (index: number) => crowded[index], () => true];
  let result = attempt(attempts[0]);
  for (const short of attempts.slice(1)) {
    if (result.every((placement) => placement.side >= 0)) break;
    const next = attempt(short);
    if (next.filter((placement) => placement.side >= 0).length > result.filter((placement) => placement.side >= 0).length) result = next;
  }
  return result.map(({ side, short }, index) => {
    if (side >= 0) return { sides: [sides[index][side], ...sides[index].filter((_, other) => other !== side)], short, placed: true };
    // No room found: MapLibre tries the sides away from the crowd (for a point, none towards it).
    const direction = away[index];
    return { sides: direction === undefined ? [...USUAL_SIDES] : sidesAwayFrom(direction, labels[index].kind), short, placed: false };
  });
}
