/**
 * The boundary-point table (界址点坐标表) of a site for the printed report: the same points
 * in the same order as the CSV export (src/io/export.ts) — outer ring of each part projected
 * into a Gauss–Krüger CRS, numbered J1…Jn clockwise from the north-west corner
 * (`clockwiseFromNorthWest`), X = northing, Y = easting (Chinese survey order), the closing
 * point not repeated — plus the length of the edge to the next point, planar in the same
 * projection as survey tables give it. Pure.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { projectGeometry, type GaussKrugerCode } from '../crs/projections';
import { clockwiseFromNorthWest } from './export';

export interface BoundaryPoint {
  /** "J1" … */
  label: string;
  /** Northing, metres. */
  x: number;
  /** Easting, metres (zone-prefixed when the CRS is). */
  y: number;
  /** Planar length of the edge from this point to the next (the last closes to J1), metres. */
  edgeToNext: number;
}

export interface BoundaryPart {
  /** 1-based part number (a MultiPolygon has several). */
  part: number;
  points: BoundaryPoint[];
  /** Inner rings left out of the table (a table cannot express holes). */
  holes: number;
}

function openRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
}

/**
 * Boundary points of each polygon part in `crs`.
 *
 * @param geometry the site in lon/lat (CGCS2000)
 * @param crs a Gauss–Krüger CRS, normally the site's own 3° zone (`report.site.projected_crs`)
 * @example boundaryTable(site.geometry, 'EPSG:4529')[0].points[0] // { label: 'J1', x: 4086950.252, y: 41370768.800, edgeToNext: … }
 */
export function boundaryTable(geometry: Polygon | MultiPolygon, crs: GaussKrugerCode): BoundaryPart[] {
  const projected = projectGeometry(geometry, crs);
  const polygons = projected.type === 'Polygon' ? [projected.coordinates] : projected.coordinates;
  return polygons.map((polygon, index) => {
    const ordered = clockwiseFromNorthWest(openRing(polygon[0]));
    const points = ordered.map((position, pointIndex) => {
      const next = ordered[(pointIndex + 1) % ordered.length];
      return {
        label: `J${pointIndex + 1}`,
        x: position[1],
        y: position[0],
        edgeToNext: Math.hypot(next[0] - position[0], next[1] - position[1]),
      };
    });
    return { part: index + 1, points, holes: polygon.length - 1 };
  });
}
