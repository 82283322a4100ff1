import { describe, expect, it } from 'vitest';
// The style-spec validator MapLibre itself uses (a dependency of maplibre-gl): an
// independent check that what catalogStyle emits is a valid MapLibre style.
import { Color, expression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { CatalogLayer } from '../../src/data/catalog-types';
import {
  addStyleImages,
  APPROXIMATE_DASH,
  BASE_STYLE,
  catalogStyle,
  HATCH_PATTERN_ID,
  hatchPatternImage,
  REVIEW_HATCH_PATTERN_ID,
  REVIEW_HATCH_RGBA,
  legendEntries,
  mapLayerIds,
  SCHEMATIC_DASH,
  type CatalogStyleInput,
} from '../../src/map/catalog-style';
import { validateLayerMeta } from '../../src/data/catalog-validate';
import { catalogSourceData, labelPoint, labelPoints } from '../../src/map/label-points';
import { ATLAS_LABEL_MEASURE, labelProperties, QUALIFIER_SCALE } from '../../src/map/label-lines';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';

function layer(overrides: Partial<CatalogLayer> & Pick<CatalogLayer, 'id' | 'style' | 'geometryType'>): CatalogLayer {
  return {
    title: { zh: overrides.id, en: overrides.id },
    group: 'planning',
    provenance: { source: 'test', citation: { zh: '测试', en: 'test' }, date: '2024-01-01', accuracy: 'digitized' },
    licence: 'CC0-1.0',
    attribution: 'test',
    visible: true,
    order: 10,
    fields: [],
    url: `data/${overrides.id}.fgb`,
    featureCount: 1,
    bbox: [121, 36.5, 122.5, 37.6],
    ...overrides,
  };
}

const land = layer({
  id: 'basemap-land',
  group: 'basemap',
  geometryType: 'Polygon',
  order: 0,
  style: { type: 'fill', color: '#f2efe6', outline: '#c9c2ad', width: 0.5, fillOpacity: 1 },
});
const zones = layer({
  id: 'development-zones',
  geometryType: 'Polygon',
  order: 20,
  provenance: { source: 'test', citation: { zh: '测试', en: 'test' }, date: '2024-01-01', accuracy: 'schematic' },
  style: {
    type: 'fill',
    color: '#d9a05b',
    outline: '#a8672a',
    width: 1.2,
    fillOpacity: 0.4,
    colorBy: { field: 'level', values: { national: '#c8553d', provincial: '#e09f3e' } },
    label: { minzoom: 8, size: 13 },
  },
  fields: [{ key: 'level', label: { zh: '级别', en: 'Level' }, values: { national: { zh: '国家级', en: 'National' }, provincial: { zh: '省级', en: 'Provincial' } } }],
});
const hsrLine = layer({
  id: 'hsr-line',
  group: 'transport',
  geometryType: 'LineString',
  order: 40,
  style: { type: 'line', color: '#7a3b8f', width: 3, dash: [2, 1], label: {} },
});
const stations = layer({
  id: 'hsr-stations',
  group: 'transport',
  geometryType: 'Point',
  order: 50,
  style: { type: 'circle', color: '#ffffff', outline: '#7a3b8f', width: 2, radius: 5, label: { size: 12 }, minzoom: 6 },
});

const allVisible = {
  'basemap-land': { visible: true, opacity: 1 },
  'development-zones': { visible: true, opacity: 0.5 },
  'hsr-line': { visible: true, opacity: 1 },
  'hsr-stations': { visible: true, opacity: 1 },
};

function input(overrides: Partial<CatalogStyleInput> = {}): CatalogStyleInput {
  // Deliberately out of order: the function sorts by `order`.
  return { layers: [stations, zones, land, hsrLine], layerUi: allVisible, language: 'zh', ...overrides };
}

function find(id: string, style = catalogStyle(input())) {
  const found = style.layers.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no layer ${id}`);
  return found as any;
}

interface At {
  zoom?: number;
  properties?: Record<string, unknown>;
  state?: Record<string, unknown>;
}

/**
 * A paint property's value as MapLibre's own style-spec evaluates it for a feature at a zoom
 * (colours as rgba text): what the map draws, whatever form the expression takes.
 */
function paintAt(spec: any, property: string, { zoom = 10, properties = {}, state = {} }: At = {}): unknown {
  const propertySpec = (latest as any)[`paint_${spec.type}`][property];
  const compiled = expression.createPropertyExpression(spec.paint[property], `${spec.id}.paint.${property}`, propertySpec);
  if (compiled.result !== 'success') throw new Error(`${spec.id} ${property}: ${compiled.value.map((error) => error.message).join('; ')}`);
  const value = compiled.value.evaluate({ zoom } as never, { type: 1, properties, id: 1 } as never, state);
  return value instanceof Color ? value.toString() : value;
}

const rgba = (hex: string) => Color.parse(hex)!.toString();

describe('catalogStyle', () => {
  it('names map layers by the test contract: <id>-fill/-outline/-line/-circle/-label', () => {
    expect(mapLayerIds(zones)).toEqual({ fill: 'development-zones-fill', outline: 'development-zones-outline', label: 'development-zones-label' });
    expect(mapLayerIds(hsrLine)).toEqual({ line: 'hsr-line-line', label: 'hsr-line-label' });
    expect(mapLayerIds(stations)).toEqual({ halo: 'hsr-stations-halo', circle: 'hsr-stations-circle', label: 'hsr-stations-label' });
    expect(mapLayerIds(land)).toEqual({ fill: 'basemap-land-fill', outline: 'basemap-land-outline' });
  });

  it('draws geometry in catalog order, then every label above it', () => {
    expect(catalogStyle(input()).layers.map((spec) => spec.id)).toEqual([
      'basemap-land-fill',
      'basemap-land-outline',
      'development-zones-fill',
      'development-zones-outline',
      'hsr-line-line',
      'hsr-stations-halo',
      'hsr-stations-circle',
      'development-zones-label',
      'hsr-line-label',
      'hsr-stations-label',
    ]);
  });

  it('puts the basemap group\'s labels below the thematic ones, whatever their order, so a station keeps its name where a town label collides', () => {
    const towns = layer({
      id: 'towns',
      group: 'basemap',
      geometryType: 'Point',
      order: 90,
      style: { type: 'circle', color: '#555555', radius: 3, label: { minzoom: 8, size: 12 } },
    });
    const style = catalogStyle(input({ layers: [stations, zones, land, hsrLine, towns], layerUi: { ...allVisible, towns: { visible: true, opacity: 1 } } }));
    const ids = style.layers.map((spec) => spec.id);
    // Geometry keeps the catalog order (the towns' circles on top) ...
    expect(ids.indexOf('towns-circle')).toBeGreaterThan(ids.indexOf('hsr-stations-circle'));
    // ... the labels: the reference labels first (placed last, giving way), then the thematic ones in catalog order.
    expect(ids.filter((id) => id.endsWith('-label'))).toEqual(['towns-label', 'development-zones-label', 'hsr-line-label', 'hsr-stations-label']);
    expect(ids.indexOf('towns-label')).toBeGreaterThan(ids.indexOf('towns-circle'));
  });

  it('hides a label from its style.label.maxzoom on (a county name where the towns name the ground), and validates the key', () => {
    const counties = layer({
      id: 'basemap-counties',
      group: 'basemap',
      geometryType: 'Polygon',
      order: 2,
      style: { type: 'fill', color: '#8e6fb0', fillOpacity: 0.04, label: { minzoom: 7, maxzoom: 11 } },
    });
    const style = catalogStyle(input({ layers: [counties, zones], layerUi: { 'basemap-counties': { visible: true, opacity: 1 }, 'development-zones': { visible: true, opacity: 1 } } }));
    const label = style.layers.find((spec) => spec.id === 'basemap-counties-label')!;
    expect(label).toMatchObject({ minzoom: 7, maxzoom: 11 });
    // The layer's own maxzoom still bounds it: the lower of the two.
    const bounded = catalogStyle(input({ layers: [{ ...counties, style: { ...counties.style, maxzoom: 10 } }], layerUi: { 'basemap-counties': { visible: true, opacity: 1 } } }));
    expect(bounded.layers.find((spec) => spec.id === 'basemap-counties-label')).toMatchObject({ maxzoom: 10 });
    const { url: _url, featureCount: _count, bbox: _bbox, ...meta } = counties;
    expect(validateLayerMeta({ ...meta, style: { ...counties.style, label: { minzoom: 7, maxzoom: 11 } } }, 'layer.json')).toEqual([]);
    expect(validateLayerMeta({ ...meta, style: { ...counties.style, label: { minzoom: 7, maxzoom: 6 } } }, 'layer.json').join(' ')).toContain('style.label.maxzoom must be above');
    expect(validateLayerMeta({ ...meta, style: { ...counties.style, label: { maxzoom: 30 } } }, 'layer.json').join(' ')).toContain('style.label.maxzoom must be a number in 0–24');
  });

  it('lists one GeoJSON source per layer, plus label points for labelled polygon layers, promoting the id property', () => {
    expect(catalogStyle(input()).sources).toEqual([
      { id: 'basemap-land', layerId: 'basemap-land', role: 'features', type: 'geojson', promoteId: 'id', buffer: 32, tolerance: 1 },
      { id: 'development-zones', layerId: 'development-zones', role: 'features', type: 'geojson', promoteId: 'id', buffer: 32, tolerance: 1 },
      { id: 'development-zones-label-points', layerId: 'development-zones', role: 'label-points', type: 'geojson', promoteId: 'id', buffer: 32, tolerance: 1 },
      { id: 'hsr-line', layerId: 'hsr-line', role: 'features', type: 'geojson', promoteId: 'id', buffer: 32, tolerance: 1 },
      { id: 'hsr-stations', layerId: 'hsr-stations', role: 'features', labelText: true, type: 'geojson', promoteId: 'id', buffer: 32, tolerance: 1 },
    ]);
    // Polygon labels read the label points; line and point labels read the features (a point
    // layer's with their label lines added: labelText).
    expect(find('development-zones-label').source).toBe('development-zones-label-points');
    expect(find('hsr-line-label').source).toBe('hsr-line');
    expect(find('hsr-stations-label').source).toBe('hsr-stations');
  });

  it('emits a style MapLibre validates, with nothing off the origin', () => {
    const style = catalogStyle(input({ hovered: { layerId: 'development-zones', featureId: 'nanhai' } }));
    const sources = Object.fromEntries(style.sources.map((source) => [source.id, { type: source.type, promoteId: source.promoteId, data: { type: 'FeatureCollection', features: [] } }]));
    const full = { ...BASE_STYLE, sources, layers: [...BASE_STYLE.layers, ...style.layers] };
    expect(validateStyleMin(full as any)).toEqual([]);
    const text = JSON.stringify(full);
    expect(text).not.toMatch(/https?:/);
    expect(full).not.toHaveProperty('glyphs');
    expect(full).not.toHaveProperty('sprite');
  });

  it('keeps hidden layers in the style with visibility none, so toggling never re-orders', () => {
    const hidden = catalogStyle(input({ layerUi: { ...allVisible, 'hsr-line': { visible: false, opacity: 1 } } }));
    expect(hidden.layers).toHaveLength(10);
    expect(find('hsr-line-line', hidden).layout.visibility).toBe('none');
    expect(find('hsr-line-label', hidden).layout.visibility).toBe('none');
    expect(find('hsr-stations-circle', hidden).layout.visibility).toBe('visible');
  });

  it('treats a layer with no UI state as hidden', () => {
    const style = catalogStyle(input({ layerUi: {} }));
    expect(style.layers.every((spec) => (spec as any).layout.visibility === 'none')).toBe(true);
    expect(style.interactiveLayerIds).toEqual([]);
  });

  it("multiplies the style's opacities by the user's layer opacity", () => {
    const fill = find('development-zones-fill');
    // case: selected, hover, default — the default is fillOpacity 0.4 × user 0.5.
    expect(fill.paint['fill-opacity'].at(-1)).toBe(0.2);
    expect(paintAt(find('development-zones-outline'), 'line-opacity')).toBe(0.5);
    expect(find('development-zones-label').paint['text-opacity']).toBe(0.5);
    expect(find('hsr-stations-circle').paint['circle-opacity']).toBe(1);
  });

  it('colours by a categorical property with a match expression falling back to the style colour', () => {
    expect(find('development-zones-fill').paint['fill-color']).toEqual([
      'match',
      ['to-string', ['get', 'level']],
      'national',
      '#c8553d',
      'provincial',
      '#e09f3e',
      '#d9a05b',
    ]);
    expect(find('hsr-line-line').paint['line-color']).toEqual(['case', ['boolean', ['feature-state', 'selected'], false], '#1d4ed8', '#7a3b8f']);
  });

  it('labels points and areas with their label lines in the interface language, lines with name_zh or name_en', () => {
    const lines = (language: string) => [
      'format',
      ['coalesce', ['get', `label_${language}`], ''],
      {},
      ['coalesce', ['get', `note_${language}`], ''],
      { 'font-scale': QUALIFIER_SCALE },
    ];
    const english = catalogStyle(input({ language: 'en' }));
    expect(find('hsr-stations-label').layout['text-field']).toEqual(lines('zh'));
    expect(find('hsr-stations-label', english).layout['text-field']).toEqual(lines('en'));
    expect(find('development-zones-label', english).layout['text-field']).toEqual(lines('en'));
    // The lines come set: MapLibre is given no width it would break Chinese at.
    expect(find('hsr-stations-label').layout['text-max-width']).toBeGreaterThanOrEqual(50);
    expect(find('hsr-line-label').layout['text-field']).toEqual(['coalesce', ['get', 'name_zh'], ['get', 'name_en'], '']);
    expect(find('hsr-line-label', english).layout['text-field']).toEqual(['coalesce', ['get', 'name_en'], ['get', 'name_zh'], '']);
  });

  it('places line labels along the line and keeps the label and layer zoom limits', () => {
    expect(find('hsr-line-label').layout['symbol-placement']).toBe('line');
    expect(find('development-zones-label').layout['symbol-placement']).toBe('point');
    expect(find('development-zones-label').minzoom).toBe(8);
    expect(find('hsr-stations-circle').minzoom).toBe(6);
    expect(find('hsr-stations-label').minzoom).toBe(6);
  });

  it('dashes schematic geometry, honouring a feature-level accuracy, and keeps an authored dash', () => {
    const dash = (id: string, properties: Record<string, unknown> = {}) => paintAt(find(id), 'line-dasharray', { properties });
    // The zones layer is schematic: its features are dashed unless one says it is digitized.
    expect(dash('development-zones-outline')).toEqual(SCHEMATIC_DASH);
    expect(dash('development-zones-outline', { accuracy: 'digitized' })).toEqual([1, 0]);
    // The land layer is digitized: solid, unless a feature says it is schematic.
    expect(dash('basemap-land-outline')).toEqual([1, 0]);
    expect(dash('basemap-land-outline', { accuracy: 'schematic' })).toEqual(SCHEMATIC_DASH);
    expect(dash('hsr-line-line')).toEqual([2, 1]);
    expect(dash('hsr-line-line', { accuracy: 'schematic' })).toEqual([2, 1]);
  });

  it('makes visible layers interactive, except unlabelled basemap layers', () => {
    expect(catalogStyle(input()).interactiveLayerIds).toEqual(['development-zones-fill', 'hsr-line-line', 'hsr-stations-circle']);
    const hidden = catalogStyle(input({ layerUi: { ...allVisible, 'development-zones': { visible: false, opacity: 1 } } }));
    expect(hidden.interactiveLayerIds).toEqual(['hsr-line-line', 'hsr-stations-circle']);
  });

  it('turns hover and selection into feature states, merged when they are the same feature', () => {
    expect(catalogStyle(input()).featureStates).toEqual([]);
    expect(
      catalogStyle(
        input({ hovered: { layerId: 'hsr-stations', featureId: 's1' }, selected: { layerId: 'development-zones', featureId: 'nanhai' } }),
      ).featureStates,
    ).toEqual([
      { source: 'hsr-stations', id: 's1', state: { hover: true } },
      { source: 'development-zones', id: 'nanhai', state: { selected: true } },
    ]);
    expect(
      catalogStyle(input({ hovered: { layerId: 'hsr-line', featureId: 7 }, selected: { layerId: 'hsr-line', featureId: 7 } })).featureStates,
    ).toEqual([{ source: 'hsr-line', id: 7, state: { hover: true, selected: true } }]);
    expect(catalogStyle(input({ hovered: { layerId: 'no-such-layer', featureId: 1 } })).featureStates).toEqual([]);
  });

  it('widens hovered and selected lines and circles through feature state', () => {
    const width = (state: Record<string, unknown>, zoom = 10) => paintAt(find('hsr-line-line'), 'line-width', { state, zoom });
    expect(width({})).toBe(3);
    expect(width({ hover: true })).toBe(4.5);
    expect(width({ selected: true })).toBe(5.5);
    expect(width({ selected: true, hover: true }, 6)).toBe(5.5);
    expect(width({}, 16)).toBe(3);
    expect(paintAt(find('hsr-stations-circle'), 'circle-radius')).toBe(5);
    expect(paintAt(find('hsr-stations-circle'), 'circle-radius', { state: { hover: true } })).toBe(7);
  });
});

describe('approximate extents (style.extent: approximate, issue 15)', () => {
  const approximateZones = layer({ ...zones, style: { ...zones.style, extent: 'approximate' } });
  const approximateInput = (language: 'zh' | 'en' = 'zh') =>
    input({ layers: [stations, approximateZones, land, hsrLine], language });

  it('adds a hatch and a soft edge between the fill and the outline, the fill still answering clicks', () => {
    expect(mapLayerIds(approximateZones)).toEqual({
      fill: 'development-zones-fill',
      hatch: 'development-zones-hatch',
      edge: 'development-zones-edge',
      outline: 'development-zones-outline',
      label: 'development-zones-label',
    });
    const style = catalogStyle(approximateInput());
    const ids = style.layers.map((candidate) => candidate.id);
    expect(ids.slice(ids.indexOf('development-zones-fill'), ids.indexOf('development-zones-outline') + 1)).toEqual([
      'development-zones-fill',
      'development-zones-hatch',
      'development-zones-edge',
      'development-zones-outline',
    ]);
    expect(style.interactiveLayerIds).toContain('development-zones-fill');
    expect(style.interactiveLayerIds).not.toContain('development-zones-hatch');
  });

  it('draws a lighter fill, the local hatch pattern, a blurred edge and a short dash', () => {
    const style = catalogStyle(approximateInput());
    // 0.4 authored × 0.6 for an extent × 0.5 user opacity
    expect(find('development-zones-fill', style).paint['fill-opacity'].at(-1)).toBeCloseTo(0.12, 6);
    expect(find('development-zones-hatch', style).paint['fill-pattern']).toBe(HATCH_PATTERN_ID);
    const blur = find('development-zones-edge', style).paint['line-blur'];
    expect(blur.slice(0, 3)).toEqual(['interpolate', ['linear'], ['zoom']]);
    expect(Math.min(blur[4], blur[6])).toBeGreaterThan(0);
    expect(blur[6]).toBeGreaterThan(blur[4]); // softer when zoomed in
    expect(paintAt(find('development-zones-outline', style), 'line-dasharray')).toEqual(APPROXIMATE_DASH);
    expect(paintAt(find('development-zones-outline', style), 'line-dasharray', { properties: { accuracy: 'digitized' } })).toEqual(APPROXIMATE_DASH);
  });

  it('labels "approximate location" with the published area, or says none is published', () => {
    const zh = JSON.stringify(find('development-zones-label', catalogStyle(approximateInput('zh'))).layout['text-field']);
    const en = JSON.stringify(find('development-zones-label', catalogStyle(approximateInput('en'))).layout['text-field']);
    expect(zh).toContain('位置示意 · 公布面积 ');
    expect(zh).toContain('位置示意 · 面积未公布');
    expect(en).toContain('approximate location\\npublished area ');
    expect(en).toContain('approximate location\\narea not published');
    expect(en).toContain('area_published_km2');
    // A layer without the option keeps its plain name label.
    expect(JSON.stringify(find('development-zones-label').layout['text-field'])).not.toContain('approximate');
  });

  it('emits a style MapLibre validates, with the hatch image declared locally', () => {
    const style = catalogStyle(approximateInput());
    const sources = Object.fromEntries(style.sources.map((source) => [source.id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }]));
    const errors = validateStyleMin({ ...BASE_STYLE, sources, layers: [...BASE_STYLE.layers, ...style.layers] } as any);
    expect(errors).toEqual([]);
  });

  it('makes a seamless diagonal hatch tile and adds it to a map once', () => {
    const image = hatchPatternImage(16);
    expect(image.data.length).toBe(16 * 16 * 4);
    const alpha = (x: number, y: number) => image.data[(y * 16 + x) * 4 + 3];
    expect(alpha(0, 0)).toBeGreaterThan(0); // on the stroke x + y ≡ 0
    expect(alpha(15, 1)).toBeGreaterThan(0);
    expect(alpha(8, 0)).toBe(0); // half a period away: clear
    // Constant along the stroke direction, wrapping across the tile edges: no seams when tiled.
    for (let y = 0; y < 16; y += 1) {
      for (let x = 0; x < 16; x += 1) expect(alpha((x + 1) % 16, (y + 15) % 16)).toBe(alpha(x, y));
    }
    const added: string[] = [];
    const map = { hasImage: (id: string) => added.includes(id), addImage: (id: string) => void added.push(id) };
    addStyleImages(map);
    addStyleImages(map);
    expect(added).toEqual([HATCH_PATTERN_ID, REVIEW_HATCH_PATTERN_ID]);
  });

  it('makes the review’s hatch fall the other way, in its own colour (not read as an approximate extent)', () => {
    const image = hatchPatternImage(16, { id: REVIEW_HATCH_PATTERN_ID, rgba: REVIEW_HATCH_RGBA, falling: true });
    const atlas = hatchPatternImage(16);
    const alpha = (of: typeof image, x: number, y: number) => of.data[(y * 16 + x) * 4 + 3];
    expect(alpha(image, 5, 5)).toBeGreaterThan(0); // on the stroke x − y ≡ 0
    expect(alpha(image, 11, 5)).toBe(0); // the atlas's stroke x + y ≡ 0 (mod 16) runs here
    expect(alpha(atlas, 11, 5)).toBeGreaterThan(0);
    for (let y = 0; y < 16; y += 1) {
      for (let x = 0; x < 16; x += 1) expect(alpha(image, (x + 1) % 16, (y + 1) % 16)).toBe(alpha(image, x, y));
    }
    expect([...image.data.subarray(0, 3)]).toEqual(REVIEW_HATCH_RGBA.slice(0, 3));
  });

  it('shows the hatch and the short dash in the legend', () => {
    const [entry] = legendEntries(layer({ ...approximateZones, style: { ...approximateZones.style, colorBy: undefined } }));
    expect(entry).toMatchObject({ kind: 'fill', hatch: true, dash: APPROXIMATE_DASH, fillOpacity: 0.24 });
  });

  it('is accepted by the layer validator only on fill layers', () => {
    const meta = (style: object) => ({
      id: 'zones', title: { zh: '区', en: 'Zones' }, group: 'planning', geometryType: 'Polygon', style,
      provenance: { source: 's', citation: { zh: '示意', en: 'schematic' }, date: '2024-01-01', accuracy: 'schematic' }, licence: 'CC0-1.0', attribution: 'a', visible: true, order: 1, fields: [],
    });
    expect(validateLayerMeta(meta({ type: 'fill', color: '#aabbcc', extent: 'approximate' }), 'layer.json')).toEqual([]);
    expect(validateLayerMeta(meta({ type: 'fill', color: '#aabbcc', extent: 'roughly' }), 'layer.json').join('\n')).toMatch(/style\.extent must be one of approximate.*style\.extent 应为/);
    expect(validateLayerMeta(meta({ type: 'line', color: '#aabbcc', extent: 'approximate' }), 'layer.json').join('\n')).toMatch(/needs style\.type "fill"/);
  });
});

describe('estimated positions', () => {
  it('draws a halo under the points whose own accuracy, else the layer\'s, is schematic; the circle, not the halo, answers the pointer', () => {
    const style = catalogStyle(input());
    const halo = find('hsr-stations-halo', style);
    expect(halo.type).toBe('circle');
    expect(halo.source).toBe('hsr-stations');
    expect(halo.filter).toEqual(['==', ['coalesce', ['get', 'accuracy'], 'digitized'], 'schematic']);
    // A white station symbol: the halo in its outline colour, wider than the symbol.
    expect(paintAt(halo, 'circle-color')).toBe(rgba('#7a3b8f'));
    expect(paintAt(halo, 'circle-radius')).toBeGreaterThan(5);
    expect(style.interactiveLayerIds).toContain('hsr-stations-circle');
    expect(style.interactiveLayerIds).not.toContain('hsr-stations-halo');
  });
});

describe('legendEntries', () => {
  it('draws one row for a single-colour layer', () => {
    expect(legendEntries(land)).toEqual([{ kind: 'fill', color: '#f2efe6', outline: '#c9c2ad', width: 0.5, dash: undefined, fillOpacity: 1 }]);
  });

  it('lists colorBy values with their translated labels, and "other" for the fallback colour', () => {
    const entries = legendEntries(zones);
    expect(entries.map((entry) => [entry.color, entry.label?.zh, entry.label?.en])).toEqual([
      ['#c8553d', '国家级', 'National'],
      ['#e09f3e', '省级', 'Provincial'],
      ['#d9a05b', '其他', 'Other'],
    ]);
    expect(entries.every((entry) => entry.dash === SCHEMATIC_DASH && entry.fillOpacity === 0.4)).toBe(true);
  });

  it('names colour-by-id values after the loaded features when the field has no values table', () => {
    const byId = layer({
      id: 'zones-by-id',
      geometryType: 'Polygon',
      style: { type: 'fill', color: '#888888', colorBy: { field: 'id', values: { nanhai: '#6fb3a8', 'rushan-edz': '#d28aa6' } } },
    });
    const features = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { id: 'nanhai', name_zh: '南海新区', name_en: 'Nanhai New Area' }, geometry: null as any },
      ],
    };
    expect(legendEntries(byId, features).map((entry) => entry.label)).toEqual([
      { zh: '南海新区', en: 'Nanhai New Area' },
      { zh: 'rushan-edz', en: 'rushan-edz' },
      { zh: '其他', en: 'Other' },
    ]);
  });

  it('names colour-by-id values by the style’s own labels while the layer is not loaded', () => {
    const byId = layer({
      id: 'zones-by-id',
      geometryType: 'Polygon',
      style: {
        type: 'fill',
        color: '#888888',
        colorBy: { field: 'id', values: { nanhai: '#6fb3a8', 'rushan-edz': '#d28aa6' }, labels: { nanhai: { zh: '南海新区', en: 'Nanhai New Area' }, 'rushan-edz': { zh: '乳山经济开发区', en: 'Rushan ED Zone' } } },
      },
    });
    expect(legendEntries(byId).map((entry) => entry.label)).toEqual([
      { zh: '南海新区', en: 'Nanhai New Area' },
      { zh: '乳山经济开发区', en: 'Rushan ED Zone' },
      { zh: '其他', en: 'Other' },
    ]);
  });

  it('labels every built-in colour-by legend line by a name, never by a raw value, before any feature is loaded', async () => {
    for (const { meta } of await readAuthoredLayers()) {
      for (const entry of legendEntries(meta as never)) {
        if (entry.label) expect(entry.label.en, meta.id).not.toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)+$/);
      }
    }
  });

  it('uses the authored dash for lines and no dash for circles', () => {
    expect(legendEntries(hsrLine)[0]).toMatchObject({ kind: 'line', dash: [2, 1], width: 3 });
    expect(legendEntries(stations)[0]).toMatchObject({ kind: 'circle', dash: undefined, outline: '#7a3b8f' });
  });

  it('adds a row "estimated position" in a halo for points of which some are estimates, and halos every row when all are', () => {
    const point = (id: string, accuracy?: string) => ({ type: 'Feature' as const, properties: { id, ...(accuracy ? { accuracy } : {}) }, geometry: { type: 'Point' as const, coordinates: [121, 37] } });
    const mixed = { type: 'FeatureCollection' as const, features: [point('a'), point('b', 'schematic')] };
    // A white symbol's halo takes its outline's colour.
    expect(legendEntries(stations, mixed).map((entry) => [entry.label?.en, entry.halo])).toEqual([
      [undefined, undefined],
      ['estimated position', '#7a3b8f'],
    ]);
    const estimated = layer({ ...stations, id: 'ports', style: { ...stations.style, color: '#1f4e79', outline: '#ffffff' }, provenance: { ...stations.provenance, accuracy: 'schematic' } });
    expect(legendEntries(estimated, { type: 'FeatureCollection', features: [point('p'), point('q')] }).map((entry) => [entry.label, entry.halo])).toEqual([[undefined, '#1f4e79']]);
    // No estimate, no halo; before the data is in, the layer's accuracy decides.
    expect(legendEntries(stations, { type: 'FeatureCollection', features: [point('a')] }).map((entry) => entry.halo)).toEqual([undefined]);
    expect(legendEntries(estimated).map((entry) => entry.halo)).toEqual(['#1f4e79']);
  });
});

describe('labelPoints', () => {
  const square = (lon: number, lat: number, half: number) => [
    [
      [lon - half, lat - half],
      [lon + half, lat - half],
      [lon + half, lat + half],
      [lon - half, lat + half],
      [lon - half, lat - half],
    ],
  ];

  it('labels a polygon once, at the centre of its largest part', () => {
    const collection = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { id: 'rushan', name_zh: '乳山市', name_en: 'Rushan', area_km2: 1665 },
          // A small island first, the mainland part second: the label goes on the mainland.
          geometry: { type: 'MultiPolygon' as const, coordinates: [square(121.9, 36.7, 0.01), square(121.5, 36.9, 0.2)] },
        },
        { type: 'Feature' as const, properties: { id: 'line' }, geometry: { type: 'LineString' as const, coordinates: [[121, 36], [122, 37]] } },
      ],
    };
    const points = labelPoints(collection);
    expect(points.features).toHaveLength(1);
    expect(points.features[0].properties).toEqual({ id: 'rushan', name_zh: '乳山市', name_en: 'Rushan', label_zh: '乳山市', note_zh: '', label_en: 'Rushan', note_en: '' });
    const [lon, lat] = points.features[0].geometry.coordinates;
    expect(lon).toBeCloseTo(121.5, 9);
    expect(lat).toBeCloseTo(36.9, 9);
  });

  it('keeps the label inside a C-shaped polygon whose centroid falls in the gap', () => {
    // A "C" open to the east: vertex centroid (0.55, 0.5) lies in the notch x > 0.2, 0.2 < y < 0.8.
    const shape = [[[0, 0], [1, 0], [1, 0.2], [0.2, 0.2], [0.2, 0.8], [1, 0.8], [1, 1], [0, 1], [0, 0]]];
    const [x, y] = labelPoint({ type: 'Polygon', coordinates: shape })!;
    const inNotch = x > 0.2 && y > 0.2 && y < 0.8;
    const inBox = x >= 0 && x <= 1 && y >= 0 && y <= 1;
    expect(inBox && !inNotch).toBe(true);
  });
});

describe('label lines of the atlas (label-lines labelProperties)', () => {
  const atlasLabels = (properties: Record<string, unknown>) => labelProperties(properties, ATLAS_LABEL_MEASURE);
  it('never breaks a Chinese name inside a word: a name with no good break stays one line', () => {
    // MapLibre at its old width of 8 ems drew 泛海阳光新 over 能源项目.
    expect(atlasLabels({ name_zh: '泛海阳光新能源项目', name_en: 'Fanhai Sunshine New Energy project' })).toEqual({
      label_zh: '泛海阳光新能源项目',
      note_zh: '',
      label_en: 'Fanhai Sunshine\nNew Energy project',
      note_en: '',
    });
    expect(atlasLabels({ name_zh: '威海火炬高技术产业开发区' }).label_zh).toBe('威海火炬高技术产业开发区');
  });

  it('breaks where a name reads well and sets its trailing qualifier smaller on its own line', () => {
    expect(atlasLabels({ name_zh: '威海（荣成）海洋高新技术产业园' }).label_zh).toBe('威海（荣成）\n海洋高新技术产业园');
    expect(atlasLabels({ name_zh: '乳山海洋牧场5000亩示范区' }).label_zh).toBe('乳山海洋牧场\n5000亩示范区');
    const base = atlasLabels({ name_zh: '碳纤维基地（临港区碳纤维产业园）', name_en: 'Carbon fibre base (Lingang carbon fibre park)' });
    expect(base).toEqual({ label_zh: '碳纤维基地', note_zh: '\n（临港区碳纤维产业园）', label_en: 'Carbon fibre base', note_en: '\n(Lingang carbon fibre park)' });
  });

  it('falls back to the other language, set by the rules of its own script', () => {
    expect(atlasLabels({ name_zh: '威海（荣成）海洋高新技术产业园' })).toMatchObject({ label_en: '威海（荣成）\n海洋高新技术产业园' });
    expect(atlasLabels({ name_en: 'Weihai Economic and Technological Development Zone' }).label_zh).toBe('Weihai Economic\nand Technological\nDevelopment Zone');
    expect(atlasLabels({ name_zh: '', name_en: null })).toEqual({});
  });

  it('gives a point layer with labels its features with label lines, leaving the loaded collection as it was', () => {
    const collection = {
      type: 'FeatureCollection' as const,
      features: [{ type: 'Feature' as const, properties: { id: 'p', name_zh: '泛海阳光新能源项目', level: 1 }, geometry: { type: 'Point' as const, coordinates: [121.5, 36.9] } }],
    };
    const copy = JSON.parse(JSON.stringify(collection));
    const labelled = catalogSourceData({ role: 'features', labelText: true }, collection);
    expect(labelled.features[0].properties).toEqual({ id: 'p', name_zh: '泛海阳光新能源项目', level: 1, label_zh: '泛海阳光新能源项目', note_zh: '', label_en: '泛海阳光新能源项目', note_en: '' });
    expect(collection).toEqual(copy);
    expect(catalogSourceData({ role: 'features' }, collection)).toBe(collection);
    // Made once per collection: the map source keeps its data and MapLibre does not tile it again.
    expect(catalogSourceData({ role: 'features', labelText: true }, collection)).toBe(labelled);
    expect(catalogSourceData({ role: 'label-points' }, collection)).toBe(catalogSourceData({ role: 'label-points' }, collection));
  });
});
