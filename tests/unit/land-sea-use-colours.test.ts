/**
 * Issue 14: the 用地用海 class colours against the cartography specification's appendix B,
 * as scripts/standards/extract-ydyh-colours.py read it from the spec's PDF
 * (tests/fixtures/standards/ydyh-colours.csv — text values, each checked against its printed
 * swatch), the lookup rules (own row, second level, first level, else none), and the class
 * breakdown carrying the colour for 用地用海 fields only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { hexOf, LAND_SEA_USE_COLOURS, landSeaUseColour } from '../../src/data/land-sea-use-colours';
import { classesRule } from '../../src/analysis/review/classes-rule';
import { measureSite, projectShape, type Candidate } from '../../src/analysis/review/measured-site';

const spec = readFileSync(path.resolve(import.meta.dirname, '../fixtures/standards/ydyh-colours.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [code, name, r, g, b] = line.split(',');
    return { code, name, rgb: [Number(r), Number(g), Number(b)] };
  });

describe('用地用海 colours (市级国土空间总体规划制图规范 appendix B)', () => {
  it('holds every row of the spec, with its name and RGB, and nothing else', () => {
    expect(spec.length).toBe(39);
    expect(LAND_SEA_USE_COLOURS.map((entry) => entry.code).sort()).toEqual(spec.map((row) => row.code).sort());
    for (const row of spec) {
      const entry = LAND_SEA_USE_COLOURS.find((candidate) => candidate.code === row.code)!;
      expect(entry.nameInSpec, row.code).toBe(row.name);
      expect([...entry.rgb], row.name).toEqual(row.rgb);
    }
  });

  it('colours a code by its own row, then its second level, then its first level; otherwise none', () => {
    expect(landSeaUseColour('0701')).toBe('#ffff2d');
    expect(landSeaUseColour('070101')).toBe('#ffff2d');
    expect(landSeaUseColour(' 1001 ')).toBe(hexOf([187, 150, 116]));
    // Transport second-level classes the table leaves out take 12's colour (§5.2.2).
    expect(landSeaUseColour('1203')).toBe(hexOf([183, 183, 183]));
    expect(landSeaUseColour('1101')).toBe(hexOf([135, 97, 211]));
    // 07, 08, 10, 14 are coloured only through their second-level classes: no colour of their own.
    for (const code of ['07', '0702', '08', '10', '1004', '14', '1404']) expect(landSeaUseColour(code), code).toBeNull();
    expect(landSeaUseColour('')).toBeNull();
    expect(landSeaUseColour('ABC')).toBeNull();
  });
});

describe('class breakdown colours', () => {
  const site: Polygon = {
    type: 'Polygon',
    coordinates: [[[121.5, 36.9], [121.502, 36.9], [121.502, 36.902], [121.5, 36.902], [121.5, 36.9]]],
  };
  const half = (west: number, east: number, properties: Record<string, string>): Feature<Polygon> => ({
    type: 'Feature',
    properties,
    geometry: { type: 'Polygon', coordinates: [[[west, 36.899], [east, 36.899], [east, 36.903], [west, 36.903], [west, 36.899]]] },
  });

  function breakdown(field: string) {
    const measured = measureSite(site);
    const features = [half(121.499, 121.501, { [field]: '0701' }), half(121.501, 121.503, { [field]: '0702' })];
    const candidates: Candidate[] = features.map((feature, position) => ({ layer: 'test', position, feature, shape: () => projectShape(feature.geometry, measured.crs) }));
    return classesRule(measured, candidates, { field }).classes;
  }

  it('gives 用地用海 classes the spec colour, and none to a class the table does not colour', () => {
    const classes = breakdown('YDYHFLDM');
    expect(classes.find((entry) => entry.class === '0701')?.color).toBe('#ffff2d');
    expect(classes.find((entry) => entry.class === '0702')?.color).toBeNull();
  });

  it('gives 三调 (DLBM) classes no colour: that code list has no verified table here', () => {
    for (const entry of breakdown('DLBM')) expect(entry.color).toBeNull();
  });
});

describe('the map layer of a 用地用海 reference layer', () => {
  it('draws each code in the colour the table gives it (MapLibre evaluates the same lookup)', async () => {
    const { createExpression } = await import('@maplibre/maplibre-gl-style-spec');
    const { landSeaUseColourExpression } = await import('../../src/map/reference-layers');
    const compiled = createExpression(landSeaUseColourExpression('YDYHFLDM', '#123456'), { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never);
    expect(compiled.result).toBe('success');
    const expression = (compiled as { value: { evaluate: (globals: unknown, feature: unknown) => unknown } }).value;
    const colourOf = (code: unknown): string => {
      const colour = expression.evaluate({ zoom: 12 }, { type: 'Polygon', properties: { YDYHFLDM: code } });
      if (typeof colour === 'string') return colour.toLowerCase();
      const { r, g, b } = colour as { r: number; g: number; b: number };
      return hexOf([Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)]);
    };
    const codes = [...spec.map((row) => row.code), '070101', '1203', '1101', '0702', '07', '14', '9999', ''];
    for (const code of codes) expect(colourOf(code), code).toBe(landSeaUseColour(code) ?? '#123456');
    // A number (a shapefile's numeric column) reads as its digits: 9 is "9", not the code "09".
    expect(colourOf(9)).toBe('#123456');
    expect(colourOf(1001)).toBe(landSeaUseColour('1001'));
  });
});

describe('the legend of reference layers (map sheet, PNG export)', () => {
  it('lists a 用地用海 layer by class — code, the spec name, the spec colour — and any other layer in its colour', async () => {
    const { referenceLegendItems } = await import('../../src/map/reference-layers');
    const layer = (id: string, role: unknown) => ({ id, name: id.toUpperCase(), role, fields: [], source: { file: `${id}.zip`, features: 3, crs: 'EPSG:4528' }, style: { color: '#123456', opacity: 0.4 } });
    const feature = (code: string) => ({ type: "Feature" as const, properties: { YDYHFLDM: code }, geometry: { type: "Point" as const, coordinates: [121.5, 36.9] } });
    const items = referenceLegendItems(
      [layer('plan', { kind: 'classes', field: 'YDYHFLDM' }), layer('red', { kind: 'prohibited' })] as never,
      { plan: { features: [feature('1202'), feature('0702'), feature('1202'), feature('0701')] } },
      'zh',
    );
    expect(items.map((item) => [item.title, item.entry.color])).toEqual([
      ['PLAN · 0701 城镇住宅用地', '#ffff2d'],
      ['PLAN · 0702 居住用地', '#123456'],
      ['PLAN · 1202 公路用地', hexOf([173, 173, 173])],
      ['RED', '#123456'],
    ]);
    // The print names a class layer once, above its classes: each class line knows its layer and its own label.
    expect(items.map((item) => item.group)).toEqual([
      { layer: 'PLAN', label: '0701 城镇住宅用地' },
      { layer: 'PLAN', label: '0702 居住用地' },
      { layer: 'PLAN', label: '1202 公路用地' },
      undefined,
    ]);
  });
});

describe('a legend with more classes than it has room for', () => {
  it('shows the classes by first level beyond MAX_CLASS_LINES', async () => {
    const { MAX_CLASS_LINES, referenceLegendItems } = await import('../../src/map/reference-layers');
    const codes = spec.map((row) => row.code).filter((code) => code.length === 4);
    const more = [...codes, '0101', '0102', '0103', '0201', '0301', '1201', '1203', '1701', '1704', '1801', '2001'];
    expect(more.length).toBeGreaterThan(MAX_CLASS_LINES);
    const layer = { id: 'plan', name: 'PLAN', role: { kind: 'classes', field: 'YDYHFLDM' }, fields: [], source: { file: 'p.zip', features: 1, crs: 'EPSG:4528' }, style: { color: '#123456', opacity: 0.4 } };
    const items = referenceLegendItems([layer] as never, { plan: { features: more.map((code) => ({ properties: { YDYHFLDM: code } })) } }, 'zh');
    const firstLevels = [...new Set(more.map((code) => code.slice(0, 2)))].sort();
    expect(items.map((item) => item.title)).toEqual(firstLevels.map((code) => `PLAN · ${code} ${landSeaUseNameOf(code)}`));
    expect(items.find((item) => item.title.includes('· 07 '))?.entry.color).toBe('#123456');
    expect(items.find((item) => item.title.includes('· 12 '))?.entry.color).toBe(hexOf([183, 183, 183]));
  });
});

/** The spec's name of a first-level code, else the class table's first-level name. */
function landSeaUseNameOf(code: string): string {
  const row = spec.find((entry) => entry.code === code);
  if (row) return row.name;
  return ({ '07': '居住用地', '08': '公共管理与公共服务用地', '10': '工矿用地', '14': '绿地与开敞空间用地' } as Record<string, string>)[code] ?? code;
}
