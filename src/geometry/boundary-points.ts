/**
 * A site boundary as a 界址点 (boundary-point) table and back (issue 14): one row per vertex
 * with its 点号 (J1, J2 … numbered on through every ring, as 勘测定界 tables do), X = northing
 * and Y = easting in a Gauss–Krüger CRS (the X/Y order of Chinese survey tables, REFERENCE.md),
 * and the part and ring it belongs to. The closing vertex of a ring is not repeated.
 * Pure: no React, no DOM; conversions through src/crs/projections.ts.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import { projectPoint, unprojectPoint, type CrsCode } from '../crs/projections';

export interface BoundaryPointRow {
  /** 点号: J1, J2 … */
  pointId: string;
  /** Northing, metres. */
  x: number;
  /** Easting, metres (zone-prefixed when the CRS is). */
  y: number;
  /** Polygon index within a MultiPolygon (0 for a Polygon). */
  part: number;
  /** 0 = exterior ring, 1… = holes. */
  ring: number;
  /**
   * The vertex's own lon/lat while X and Y are as read: an untouched point keeps its exact
   * position instead of a round trip through the projection. Dropped when X or Y is edited.
   */
  lonLat?: [number, number];
}

/** The atlas region in lon/lat, with a margin: a table whose points fall outside was typed in the wrong zone or order. */
const REGION = { west: 118, east: 125.5, south: 35, north: 39 };

function isClosed(ring: Position[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first[0] === last[0] && first[1] === last[1];
}

/** The rows of a lon/lat Polygon or MultiPolygon in the Gauss–Krüger `crs`. */
export function boundaryPointRows(geometry: Polygon | MultiPolygon, crs: CrsCode): BoundaryPointRow[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rows: BoundaryPointRow[] = [];
  polygons.forEach((polygon, part) => {
    polygon.forEach((ring, ringIndex) => {
      const open = isClosed(ring) ? ring.slice(0, -1) : ring;
      for (const position of open) {
        const [easting, northing] = projectPoint([position[0], position[1]], crs);
        rows.push({ pointId: `J${rows.length + 1}`, x: northing, y: easting, part, ring: ringIndex, lonLat: [position[0], position[1]] });
      }
    });
  });
  return rows;
}

export type BoundaryResult = { ok: true; geometry: Polygon | MultiPolygon } | { ok: false; error: Bilingual };

/**
 * The lon/lat geometry of table rows in `crs`: rows grouped by part and ring in their order,
 * each ring closed. Refuses (with a bilingual reason naming the row) a non-number, a ring of
 * fewer than three distinct points, a hole without an exterior, and points outside the
 * atlas region (a wrong zone or swapped X/Y).
 */
export function geometryFromRows(rows: BoundaryPointRow[], crs: CrsCode): BoundaryResult {
  const parts = new Map<number, Map<number, Position[]>>();
  for (const row of rows) {
    if (!Number.isFinite(row.x) || !Number.isFinite(row.y)) {
      return { ok: false, error: { zh: `界址点 ${row.pointId} 的坐标不是数字，请填写 X（北坐标）和 Y（东坐标），单位米。`, en: `Boundary point ${row.pointId} has a coordinate that is not a number: enter X (northing) and Y (easting) in metres.` } };
    }
    const [lon, lat] = row.lonLat ?? unprojectPoint([row.y, row.x], crs);
    if (!(lon >= REGION.west && lon <= REGION.east && lat >= REGION.south && lat <= REGION.north)) {
      return {
        ok: false,
        error: {
          zh: `界址点 ${row.pointId}（X ${row.x}，Y ${row.y}）按 ${crs} 换算落在 ${lon.toFixed(4)}°E, ${lat.toFixed(4)}°N，不在威海–乳山范围内。请检查带号、X/Y 是否颠倒。`,
          en: `Boundary point ${row.pointId} (X ${row.x}, Y ${row.y}) read in ${crs} lands at ${lon.toFixed(4)}°E, ${lat.toFixed(4)}°N, outside Weihai–Rushan. Check the zone and whether X and Y are swapped.`,
        },
      };
    }
    const rings = parts.get(row.part) ?? new Map<number, Position[]>();
    parts.set(row.part, rings);
    const ring = rings.get(row.ring) ?? [];
    rings.set(row.ring, ring);
    ring.push([lon, lat]);
  }
  const polygons: Position[][][] = [];
  for (const part of [...parts.keys()].sort((a, b) => a - b)) {
    const rings = parts.get(part)!;
    if (!rings.has(0)) {
      return { ok: false, error: { zh: `第 ${part + 1} 部分只有内环（洞），缺少外环（环号 0）。`, en: `Part ${part + 1} has holes but no exterior ring (ring 0).` } };
    }
    const polygon: Position[][] = [];
    for (const ringIndex of [...rings.keys()].sort((a, b) => a - b)) {
      const ring = rings.get(ringIndex)!;
      const distinct = new Set(ring.map((position) => `${position[0]},${position[1]}`));
      if (distinct.size < 3) {
        return { ok: false, error: { zh: `第 ${part + 1} 部分第 ${ringIndex} 环不足三个不同的界址点，无法成面。`, en: `Ring ${ringIndex} of part ${part + 1} has fewer than three distinct boundary points: it is no polygon.` } };
      }
      const closed = isClosed(ring) ? ring : [...ring, ring[0]];
      polygon.push(closed);
    }
    polygons.push(polygon);
  }
  if (polygons.length === 0) return { ok: false, error: { zh: '表中没有界址点。', en: 'The table has no boundary points.' } };
  return { ok: true, geometry: polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons } };
}

/** Numbers the rows J1, J2 … in their current order. */
export function renumberRows(rows: BoundaryPointRow[]): BoundaryPointRow[] {
  return rows.map((row, index) => ({ ...row, pointId: `J${index + 1}` }));
}

export type PastedRows = { ok: true; rows: BoundaryPointRow[] } | { ok: false; error: Bilingual };

/**
 * Rows from pasted text (a spreadsheet's cells, a survey table): one point per line, cells
 * separated by tabs, commas or spaces — `X Y`, `点号 X Y` or `点号 X Y 环号`. X is the
 * northing, Y the easting, as in survey tables. Lines without two numbers (a header) are
 * skipped; all rows go into part 0.
 */
export function rowsFromPastedText(text: string): PastedRows {
  const rows: BoundaryPointRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const cells = lines[index].trim().split(/[\t,，;；]+|\s+/).filter((cell) => cell !== '');
    if (cells.length === 0) continue;
    const numeric = cells.map((cell) => (/^[-+]?\d+(\.\d+)?$/.test(cell) ? Number(cell) : Number.NaN));
    let x: number;
    let y: number;
    let ring = 0;
    if (cells.length >= 3 && Number.isNaN(numeric[0])) {
      [x, y] = [numeric[1], numeric[2]];
      if (cells.length >= 4 && Number.isInteger(numeric[3])) ring = numeric[3];
    } else {
      [x, y] = [numeric[0], numeric[1]];
      if (cells.length >= 3 && Number.isInteger(numeric[2])) ring = numeric[2];
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (rows.length === 0) continue; // a header line
      return { ok: false, error: { zh: `第 ${index + 1} 行不是“点号 X Y”格式：${lines[index].slice(0, 60)}`, en: `Line ${index + 1} is not “point X Y”: ${lines[index].slice(0, 60)}` } };
    }
    rows.push({ pointId: `J${rows.length + 1}`, x, y, part: 0, ring });
  }
  if (rows.length === 0) return { ok: false, error: { zh: '粘贴的文本中没有坐标。每行一个点：点号、X（北）、Y（东）。', en: 'The pasted text has no coordinates. One point a line: point id, X (northing), Y (easting).' } };
  return { ok: true, rows };
}
