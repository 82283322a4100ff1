/**
 * Railway line safety protection zone (铁路线路安全保护区) of the 莱荣高铁 and the planar
 * line buffer it is built with. Pure: no Node APIs, no React, no MapLibre.
 *
 * Rule: 《铁路安全管理条例》(国务院令第639号, 2014) 第二十七条 — the protection zone
 * extends outward from the embankment toe (路堤坡脚), cutting top (路堑坡顶) or bridge outer
 * edge (桥梁外侧) by, for high-speed rail: 城市市区 10 m, 城市郊区居民居住区 12 m,
 * 村镇居民居住区 15 m, 其他地区 20 m (other railways 8 / 10 / 12 / 15 m) — REFERENCE.md.
 *
 * The atlas only holds the railway's centre line, not its formation edges, so the zone built
 * here (width measured from the centre line) is a *minimum*: the real zone is wider by half
 * the formation or bridge width (roughly 6–7 m for a double-track 350 km/h line). Any overlap
 * with it is therefore certain to be inside the real zone, and is treated as a blocker.
 */
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { unionPlanar } from '../geometry/clip';
import type { Bilingual } from '../data/catalog-types';
import { gaussKrugerZoneFor, projectPoint, unprojectPoint, type GaussKrugerCode } from '../crs/projections';

/** The area classes of Art. 27, as the user chooses them. */
export type RailAreaClass = 'urban' | 'suburban' | 'village' | 'other';
export const RAIL_AREA_CLASSES: readonly RailAreaClass[] = ['urban', 'suburban', 'village', 'other'];

/** 《铁路安全管理条例》第二十七条: high-speed rail widths in metres by area class. */
export const HIGH_SPEED_RAIL_PROTECTION_WIDTH_M: Record<RailAreaClass, number> = {
  urban: 10, // 城市市区
  suburban: 12, // 城市郊区居民居住区
  village: 15, // 村镇居民居住区
  other: 20, // 其他地区
};

/** 《铁路安全管理条例》第二十七条: other (ordinary) railway widths in metres by area class — REFERENCE.md. */
export const ORDINARY_RAIL_PROTECTION_WIDTH_M: Record<RailAreaClass, number> = {
  urban: 8, // 城市市区
  suburban: 10, // 城市郊区居民居住区
  village: 12, // 村镇居民居住区
  other: 15, // 其他地区
};

/** Which Art. 27 table applies: high-speed rail, or any other railway. */
export type RailKind = 'high-speed' | 'ordinary';

/** The Art. 27 width (m) for a railway kind and area class. */
export function railProtectionWidth(railClass: RailAreaClass, kind: RailKind = 'high-speed'): number {
  return (kind === 'high-speed' ? HIGH_SPEED_RAIL_PROTECTION_WIDTH_M : ORDINARY_RAIL_PROTECTION_WIDTH_M)[railClass];
}

/** The class to use when the user picks none: 其他地区 (the widest, safest). */
export const DEFAULT_RAIL_AREA_CLASS: RailAreaClass = 'other';

export const RAIL_AREA_CLASS_LABELS: Record<RailAreaClass, Bilingual> = {
  urban: { zh: '城市市区', en: 'urban area' },
  suburban: { zh: '城市郊区居民居住区', en: 'suburban residential area' },
  village: { zh: '村镇居民居住区', en: 'village/town residential area' },
  other: { zh: '其他地区', en: 'other areas' },
};

/** The rule text reported with a protection-zone conflict, for a given class. */
export function railProtectionRule(railClass: RailAreaClass, kind: RailKind = 'high-speed'): Bilingual {
  const width = railProtectionWidth(railClass, kind);
  const label = RAIL_AREA_CLASS_LABELS[railClass];
  const railZh = kind === 'high-speed' ? '高速铁路' : '其他铁路';
  const railEn = kind === 'high-speed' ? 'high-speed rail' : 'railway (other than high-speed)';
  return {
    zh:
      `《铁路安全管理条例》第二十七条：${railZh}线路安全保护区（${label.zh}）自路堤坡脚、路堑坡顶或桥梁外侧起 ${width} 米；` +
      `本图集只有线路中心线，按中心线两侧各 ${width} 米检查，为最小范围（实际保护区还需加上半个路基或桥梁宽度）。`,
    en:
      `Railway Safety Regulations (铁路安全管理条例) Art. 27: the ${railEn} line safety protection zone (${label.en}) ` +
      `extends ${width} m from the embankment toe, cutting top or bridge outer edge; the atlas only has the centre line, ` +
      `so ${width} m either side of it is checked — a minimum (the real zone is wider by half the formation or bridge width).`,
  };
}

/** Line work in planar metres (any projected CRS, or a local frame shifted from one). */
export type PlanarLines = Position[][];

/**
 * Buffer of planar polylines with round joins and caps: the union of one rectangle per
 * segment and one disc per vertex (the Minkowski sum of the line with a disc), each disc a
 * polygon of `4 × segmentsPerQuarter` vertices on the circle — PostGIS ST_Buffer's default
 * is 8 segments per quarter circle too, so the two agree to well under 0.1 % of a strip area.
 *
 * @param lines polylines in metres
 * @param width buffer distance in metres (> 0)
 * @returns the buffer polygon in the same planar coordinates, or null when there is no segment
 */
export function bufferPlanarLines(
  lines: PlanarLines,
  width: number,
  segmentsPerQuarter = 8,
): Polygon | MultiPolygon | null {
  const pieces: Position[][][] = [];
  const discVertices = 4 * segmentsPerQuarter;
  const addDisc = ([x, y]: Position) => {
    const ring: Position[] = [];
    for (let step = 0; step < discVertices; step += 1) {
      const angle = (2 * Math.PI * step) / discVertices;
      ring.push([x + width * Math.cos(angle), y + width * Math.sin(angle)]);
    }
    ring.push(ring[0]);
    pieces.push([ring]);
  };
  for (const line of lines) {
    const points = line.filter((point, index) => index === 0 || point[0] !== line[index - 1][0] || point[1] !== line[index - 1][1]);
    points.forEach(addDisc);
    for (let index = 1; index < points.length; index += 1) {
      const [x1, y1] = points[index - 1];
      const [x2, y2] = points[index];
      const length = Math.hypot(x2 - x1, y2 - y1);
      const normalX = (-(y2 - y1) / length) * width;
      const normalY = ((x2 - x1) / length) * width;
      pieces.push([
        [
          [x1 + normalX, y1 + normalY],
          [x1 - normalX, y1 - normalY],
          [x2 - normalX, y2 - normalY],
          [x2 + normalX, y2 + normalY],
          [x1 + normalX, y1 + normalY],
        ],
      ]);
    }
  }
  if (pieces.length === 0) return null;
  if (pieces.length === 1) return { type: 'Polygon', coordinates: pieces[0][0] ? pieces[0] : [] };
  // One union over every piece (the clipper sweeps them together), through src/geometry/clip.ts.
  const merged = unionPlanar(pieces.map((piece) => [piece]));
  if (merged.length === 0) return null;
  return merged.length === 1 ? { type: 'Polygon', coordinates: merged[0] } : { type: 'MultiPolygon', coordinates: merged };
}

function lineParts(line: LineString | MultiLineString): Position[][] {
  return line.type === 'LineString' ? [line.coordinates] : line.coordinates;
}

/**
 * The 莱荣高铁 (or any railway) safety protection zone as a lon/lat polygon: the centre line
 * buffered by the Art. 27 high-speed width of `railClass` (default 其他地区, 20 m), built in
 * metres in a Gauss–Krüger zone (the zone of the line's mean longitude unless `crs` is
 * given) and converted back to lon/lat. Width is from the centre line: a minimum zone (see
 * the module comment).
 *
 * @param line the railway centre line, [lon, lat] degrees
 * @param railClass Art. 27 area class chosen by the user
 * @returns a Polygon/MultiPolygon feature in lon/lat with `width_m`, `rail_class` properties, or null for an empty line
 * @example railProtectionZone(hsrLine.geometry, 'village') // 15 m either side of the centre line
 */
export function railProtectionZone(
  line: LineString | MultiLineString,
  railClass: RailAreaClass = DEFAULT_RAIL_AREA_CLASS,
  options: { crs?: GaussKrugerCode } = {},
): Feature<Polygon | MultiPolygon, { width_m: number; rail_class: RailAreaClass; crs: GaussKrugerCode }> | null {
  const parts = lineParts(line);
  const positions = parts.flat();
  if (positions.length === 0) return null;
  const meanLongitude = positions.reduce((sum, position) => sum + position[0], 0) / positions.length;
  const crs = options.crs ?? gaussKrugerZoneFor(meanLongitude);
  // Shift to a local origin: zoned eastings are ~4·10⁷ m and polygon clipping loses
  // precision on such large numbers.
  const [originX, originY] = projectPoint([positions[0][0], positions[0][1]], crs);
  const planar = parts.map((part) =>
    part.map((position) => {
      const [x, y] = projectPoint([position[0], position[1]], crs);
      return [x - originX, y - originY];
    }),
  );
  const width = HIGH_SPEED_RAIL_PROTECTION_WIDTH_M[railClass];
  const buffer = bufferPlanarLines(planar, width);
  if (!buffer) return null;
  const back = (ring: Position[]) => ring.map(([x, y]) => unprojectPoint([x + originX, y + originY], crs));
  const geometry: Polygon | MultiPolygon =
    buffer.type === 'Polygon'
      ? { type: 'Polygon', coordinates: buffer.coordinates.map(back) }
      : { type: 'MultiPolygon', coordinates: buffer.coordinates.map((polygon) => polygon.map(back)) };
  return { type: 'Feature', properties: { width_m: width, rail_class: railClass, crs }, geometry };
}
