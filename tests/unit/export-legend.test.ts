/**
 * Issue 14 (PNG export): the legend lists what the exported picture draws — a layer's lines
 * only when its source has features in the picture, a 用地用海 class line only when one of the
 * drawn features has that class — and a long legend goes into columns rather than over the title.
 */
import { describe, expect, it } from 'vitest';
import { drawnLegend, type ExportLegendItem } from '../../src/map/legend-items';
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

  it('puts as many lines in a column as fit under the heading, in as few columns as that allows', () => {
    expect(legendColumns(10, 20, 400)).toEqual({ columns: 1, rows: 10 });
    expect(legendColumns(19, 20, 400)).toEqual({ columns: 1, rows: 19 });
    expect(legendColumns(20, 20, 400)).toEqual({ columns: 2, rows: 10 });
    expect(legendColumns(45, 20, 400)).toEqual({ columns: 3, rows: 15 });
    expect(legendColumns(3, 20, 10)).toEqual({ columns: 3, rows: 1 });
  });
});
