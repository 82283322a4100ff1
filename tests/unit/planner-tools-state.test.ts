/**
 * Issue 14 — the pure parts of the planner tools: the undo history (draft-history.ts), its
 * binding to the review store (tools-history.ts), the measuring tools' reducer
 * (tools-store.ts) and the boundary-point table (src/geometry/boundary-points.ts), whose
 * Gauss–Krüger figures are checked against pyproj (tests/fixtures/expected/measure-tool.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { boundaryPointRows, geometryFromRows, rowsFromPastedText } from '../../src/geometry/boundary-points';
import { pointAlongEdge, snapPointer } from '../../src/geometry/snap';
import { canRedo, canUndo, createHistory, recordValue, redoValue, undoValue } from '../../src/state/draft-history';
import { DraftHistoryController } from '../../src/state/tools-history';
import { createToolsState, toolsReducer, type ToolsAction, type ToolsState } from '../../src/state/tools-store';
import { createReviewState, createReviewStore } from '../../src/state/review-state';
import type { ReviewSite } from '../../src/records/review-records';

const root = path.resolve(import.meta.dirname, '../..');
const expected = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/expected/measure-tool.json'), 'utf8')) as {
  polygon: { points: [number, number][] };
  point: { lonlat: [number, number]; 'EPSG:4529': { x_northing: number; y_easting: number } };
  table_edit: { edited_y: string; edited_lonlat: [number, number] };
  snap_edge: { a: [number, number]; b: [number, number]; midpoint_gk_straight: [number, number]; lonlat_midpoint_off_gk_edge_m: number };
};

const square = (shift = 0): ReviewSite => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'Polygon', coordinates: [[[121.55 + shift, 36.9], [121.56 + shift, 36.9], [121.56 + shift, 36.91], [121.55 + shift, 36.9]]] },
});
const source = { crs: 'EPSG:4490' as const, crsDetected: false, axisSwapped: false };

describe('draft history', () => {
  it('undoes and redoes in order, and a new value clears the redo side', () => {
    let history = createHistory('a');
    history = recordValue(history, 'b');
    history = recordValue(history, 'c');
    history = undoValue(history);
    expect(history.present).toBe('b');
    history = undoValue(history);
    expect(history.present).toBe('a');
    expect(canUndo(history)).toBe(false);
    expect(undoValue(history)).toBe(history);
    history = redoValue(history);
    expect(history.present).toBe('b');
    history = recordValue(history, 'd');
    expect(canRedo(history)).toBe(false);
    expect(history.past).toEqual(['a', 'b']);
  });

  it('coalesces one gesture into one step and keeps at most `limit` steps', () => {
    let history = recordValue(createHistory(0), 1);
    history = recordValue(history, 2, { coalesce: true });
    history = recordValue(history, 3, { coalesce: true });
    expect(history.past).toEqual([0]);
    expect(undoValue(history).present).toBe(0);
    let long = createHistory(0);
    for (let value = 1; value <= 10; value += 1) long = recordValue(long, value, { limit: 3 });
    expect(long.past).toEqual([7, 8, 9]);
  });
});

describe('draft history bound to the review store', () => {
  it('records a drawn site, a drag as one step, and walks back to no site and forward again', () => {
    const store = createReviewStore(createReviewState());
    const history = new DraftHistoryController(store);
    store.dispatch({ type: 'site-started', site: square(), source });
    const drawnSession = store.getState().draft!.session;
    // A drag: many frames inside one pointer gesture.
    history.beginGesture();
    for (let shift = 1; shift <= 5; shift += 1) store.dispatch({ type: 'site-edited', site: square(shift / 1000) });
    history.endGesture();
    // The editor sending the same boundary back makes no step.
    store.dispatch({ type: 'site-edited', site: square(5 / 1000) });
    expect(history.getStatus()).toEqual({ canUndo: true, canRedo: false });

    expect(history.undo()).toBe(true);
    expect(store.getState().draft!.site.geometry).toEqual(square().geometry);
    expect(store.getState().draft!.session).toBe(drawnSession);
    expect(history.undo()).toBe(true);
    expect(store.getState().draft).toBeNull();
    expect(history.undo()).toBe(false);

    expect(history.redo()).toBe(true);
    expect(store.getState().draft!.site.geometry).toEqual(square().geometry);
    expect(history.redo()).toBe(true);
    // Back to the end of the drag, as an edit of the re-created draft (same session).
    expect(store.getState().draft!.site.geometry).toEqual(square(5 / 1000).geometry);
    expect(history.getStatus()).toEqual({ canUndo: true, canRedo: false });
    history.dispose();
  });

  it('starts afresh when a saved record is opened', () => {
    const store = createReviewStore(createReviewState());
    const history = new DraftHistoryController(store);
    store.dispatch({ type: 'site-started', site: square(), source });
    const record = { id: 'r1', name: '', applicant: '', notes: '', reviewer: '', status: 'pending', site: square(0.1), source, proposal: {}, history: [], createdAt: '', updatedAt: '' };
    store.dispatch({ type: 'record-opened', record: record as never });
    expect(history.getStatus()).toEqual({ canUndo: false, canRedo: false });
    history.dispose();
  });
});

describe('measuring tools reducer', () => {
  const run = (state: ToolsState, ...actions: ToolsAction[]) => actions.reduce(toolsReducer, state);
  it('places points, finishes a polygon only with three, and a point tool keeps one', () => {
    let state = run(createToolsState(), { type: 'measure-selected', mode: 'area' }, { type: 'measure-point-added', position: [1, 1] }, { type: 'measure-point-added', position: [2, 1] });
    expect(run(state, { type: 'measure-finished' }).finished).toBe(false);
    state = run(state, { type: 'measure-point-added', position: [2, 2] }, { type: 'measure-finished' });
    expect(state.finished).toBe(true);
    // A click after finishing starts a new shape.
    expect(run(state, { type: 'measure-point-added', position: [5, 5] }).points).toEqual([[5, 5]]);
    state = run(state, { type: 'measure-selected', mode: 'point' }, { type: 'measure-point-added', position: [1, 1] }, { type: 'measure-point-added', position: [3, 3] });
    expect(state.points).toEqual([[3, 3]]);
  });
});

describe('boundary-point table', () => {
  const polygon: Polygon = { type: 'Polygon', coordinates: [[...expected.polygon.points, expected.polygon.points[0]]] };

  it('numbers the points J1… with X = northing and Y = easting as PROJ projects them', () => {
    const rows = boundaryPointRows({ type: 'Polygon', coordinates: [[expected.point.lonlat, [121.53, 36.89], [121.53, 36.9], expected.point.lonlat]] }, 'EPSG:4529');
    expect(rows.map((row) => row.pointId)).toEqual(['J1', 'J2', 'J3']);
    expect(Math.abs(rows[0].x - expected.point['EPSG:4529'].x_northing)).toBeLessThan(0.001);
    expect(Math.abs(rows[0].y - expected.point['EPSG:4529'].y_easting)).toBeLessThan(0.001);
  });

  it('gives the geometry back unchanged, and an edited easting lands where PROJ puts it', () => {
    const rows = boundaryPointRows(polygon, 'EPSG:4529');
    const same = geometryFromRows(rows, 'EPSG:4529');
    expect(same.ok && same.geometry).toEqual(polygon);
    const edited = rows.map((row, index) => (index === 1 ? { pointId: row.pointId, x: row.x, y: Number(expected.table_edit.edited_y), part: 0, ring: 0 } : row));
    const moved = geometryFromRows(edited, 'EPSG:4529');
    if (!moved.ok) throw new Error(moved.error.en);
    const [lon, lat] = (moved.geometry as Polygon).coordinates[0][1];
    // 1e-8° ≈ 1 mm
    expect(Math.abs(lon - expected.table_edit.edited_lonlat[0])).toBeLessThan(1e-8);
    expect(Math.abs(lat - expected.table_edit.edited_lonlat[1])).toBeLessThan(1e-8);
  });

  it('refuses a ring of two points and a point outside the region, saying which in both languages', () => {
    const rows = boundaryPointRows(polygon, 'EPSG:4529');
    const two = geometryFromRows(rows.slice(0, 2), 'EPSG:4529');
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.error.en).toMatch(/fewer than three/);
    // X and Y swapped: the point lands far outside Weihai–Rushan.
    const swapped = geometryFromRows([{ ...rows[0], x: rows[0].y, y: rows[0].x, lonLat: undefined }, ...rows.slice(1)], 'EPSG:4529');
    expect(swapped.ok).toBe(false);
    if (!swapped.ok) {
      expect(swapped.error.zh).toMatch(/J1/);
      expect(swapped.error.en).toMatch(/swapped/);
    }
  });

  it('reads a pasted survey table with a header, point ids and tabs', () => {
    const pasted = rowsFromPastedText('点号\tX\tY\nJ1\t4085326.520\t41368069.060\nJ2\t4085330.000\t41368100.000\n4085400 41368080\n');
    expect(pasted.ok && pasted.rows.map((row) => [row.pointId, row.x, row.y])).toEqual([
      ['J1', 4085326.52, 41368069.06],
      ['J2', 4085330, 41368100],
      ['J3', 4085400, 41368080],
    ]);
    const bad = rowsFromPastedText('J1 4085326.5 41368069.0\nJ2 abc 41368100');
    expect(bad.ok).toBe(false);
  });
});

describe('snapping', () => {
  // A plain screen: 10 000 px per degree, y down.
  const project = (position: number[]) => ({ x: (position[0] - 121) * 10000, y: (37 - position[1]) * 10000 });
  const square = [[121.5, 36.9], [121.51, 36.9], [121.51, 36.91], [121.5, 36.91], [121.5, 36.9]];

  it('prefers a vertex within the tolerance to an edge, and leaves a far pointer alone', () => {
    const corner = project([121.51, 36.9]);
    expect(snapPointer({ x: corner.x - 3, y: corner.y + 4 }, [square], project, 10)).toMatchObject({ kind: 'vertex', position: [121.51, 36.9] });
    expect(snapPointer({ x: corner.x - 60, y: corner.y + 30 }, [square], project, 10)).toBeUndefined();
  });

  it('puts an edge point on the edge straight in Gauss–Krüger, where PROJ puts the midpoint', () => {
    const { a, b, midpoint_gk_straight: wanted } = expected.snap_edge;
    const [lon, lat] = pointAlongEdge(a, b, 0.5);
    // 1e-9° ≈ 0.1 mm; the lon/lat midpoint would be ≈ 1 cm off (the fixture's figure).
    expect(Math.abs(lon - wanted[0])).toBeLessThan(1e-9);
    expect(Math.abs(lat - wanted[1])).toBeLessThan(1e-9);
    expect(expected.snap_edge.lonlat_midpoint_off_gk_edge_m).toBeGreaterThan(0.005);
    const pointer = project([(a[0] + b[0]) / 2 + 0.0002, (a[1] + b[1]) / 2]);
    const snapped = snapPointer(pointer, [[a, b]], project, 10);
    expect(snapped?.kind).toBe('edge');
  });
});
