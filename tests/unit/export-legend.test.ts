/**
 * Issue 14 (PNG export): the legend lists what the exported picture draws — a layer's lines
 * only when its source has features in the picture, a 用地用海 class line only when one of the
 * drawn features has that class — and a long legend goes into columns rather than over the title.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { drawnLegend, outlineCrosses, type ExportLegendItem } from '../../src/map/legend-items';
import { legendColumns } from '../../src/map/tools/export-png';

const entry = { kind: 'fill' as const, color: '#000000', outline: '#000000', width: 1, fillOpacity: 0.5 };

describe('the PNG legend', () => {
  it('keeps lines for drawn sources (a label source counts for its layer) and class lines for drawn classes', () => {
    const legend: ExportLegendItem[] = [
      { title: 'no source', entry },
      { title: 'zones', entry, source: 'development-zones' },
      { title: 'towns', entry, source: 'towns' },
      { title: 'ports', entry, source: 'ports' },
      { title: 'plan · 0701', entry, source: 'reference-plan', classOf: { field: 'YDYHFLDM', code: '0701' } },
      { title: 'plan · 09', entry, source: 'reference-plan', classOf: { field: 'YDYHFLDM', code: '09' } },
      { title: 'plan · 1001', entry, source: 'reference-plan', classOf: { field: 'YDYHFLDM', code: '1001' } },
    ];
    const rendered = [
      { source: 'development-zones', properties: {} },
      { source: 'towns-label-points', properties: {} },
      { source: 'reference-plan', properties: { YDYHFLDM: ' 0701 ' } },
      { source: 'reference-plan', properties: { YDYHFLDM: '0902' } },
    ];
    expect(drawnLegend(legend, rendered).map((item) => item.title)).toEqual(['no source', 'zones', 'towns', 'plan · 0701', 'plan · 09']);
  });

  it('finds a polygon layer\'s outline in a frame only where a ring crosses it (the printed legend\'s test for the counties)', () => {
    const square = (west: number, south: number, east: number, north: number) => [[west, south], [east, south], [east, north], [west, north], [west, south]];
    const county: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(6, 6, 8, 8)] } }],
    };
    expect(outlineCrosses(county, [2, 2, 4, 4])).toBe(false); // inside, away from every ring
    expect(outlineCrosses(county, [9, 2, 11, 4])).toBe(true); // across the east edge
    expect(outlineCrosses(county, [5, 5, 6.5, 6.5])).toBe(true); // across the hole's corner
    expect(outlineCrosses(county, [20, 20, 21, 21])).toBe(false); // far away
    expect(outlineCrosses(county, [6.5, 6.5, 7.5, 7.5])).toBe(false); // inside the hole
    // A long edge through the frame, no vertex inside it.
    const triangle: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [10, 10], [0, 10], [0, 0]]]] } }] };
    expect(outlineCrosses(triangle, [4, 4.5, 5, 5.5])).toBe(true);
    expect(outlineCrosses(triangle, [6, 2, 7, 3])).toBe(false);
    expect(outlineCrosses(undefined, [0, 0, 1, 1])).toBe(false);
  });

  it('puts as many lines in a column as fit under the heading, in as few columns as that allows', () => {
    expect(legendColumns(10, 20, 400)).toEqual({ columns: 1, rows: 10 });
    expect(legendColumns(19, 20, 400)).toEqual({ columns: 1, rows: 19 });
    expect(legendColumns(20, 20, 400)).toEqual({ columns: 2, rows: 10 });
    expect(legendColumns(45, 20, 400)).toEqual({ columns: 3, rows: 15 });
    expect(legendColumns(3, 20, 10)).toEqual({ columns: 3, rows: 1 });
  });
});
