import { describe, expect, it } from 'vitest';
// MapLibre's own style-spec (a dependency of maplibre-gl) classifies and evaluates the paint:
// the check does not rest on shader-variants.ts's own reading of the expressions.
import { Color, expression, latest } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification } from 'maplibre-gl';
import type { CatalogLayer } from '../../src/data/catalog-types';
import { catalogStyle } from '../../src/map/catalog-style';
import { referenceLayerSpecs } from '../../src/map/reference-layers';
import { NO_SUCH_KEY, oneProgramPerKind } from '../../src/map/shader-variants';
import { readAuthoredLayers } from '../../scripts/lib/atlas-layers';

type AnyLayer = { id: string; type: string; paint?: Record<string, unknown> };

function compiled(layer: AnyLayer, property: string) {
  const spec = (latest as any)[`paint_${layer.type}`][property];
  const raw = layer.paint?.[property] ?? spec.default;
  const value = Array.isArray(raw) && typeof raw[0] !== 'string' ? ['literal', raw] : raw;
  const result = expression.createPropertyExpression(value, `${layer.id}.paint.${property}`, spec);
  if (result.result !== 'success') throw new Error(`${layer.id} ${property}: ${result.value.map((error) => error.message).join('; ')}`);
  return result.value;
}

/**
 * How MapLibre binds a paint property in the shader: a uniform (constant, or by zoom only),
 * an attribute (per feature), or a pair of attributes (per feature and zoom).
 */
function binding(layer: AnyLayer, property: string): string {
  if (layer.paint?.[property] === undefined && (latest as any)[`paint_${layer.type}`][property].default === undefined) return 'unset';
  const kind = compiled(layer, property).kind;
  return kind === 'constant' || kind === 'camera' ? 'uniform' : kind === 'source' ? 'attribute' : 'attribute × zoom';
}

/** The shader variant a layer asks for: its kind and how each of its paint properties is bound. */
function variant(layer: AnyLayer): string {
  const paintSpec = (latest as any)[`paint_${layer.type}`] as Record<string, { 'property-type': string }>;
  const patterned = layer.paint?.['fill-pattern'] !== undefined || layer.paint?.['line-pattern'] !== undefined;
  const properties = Object.keys(paintSpec).filter((property) => paintSpec[property]['property-type'] === 'data-driven' || paintSpec[property]['property-type'] === 'cross-faded-data-driven');
  return `${layer.type}${patterned ? ' (pattern)' : ''}: ${properties.map((property) => `${property}=${binding(layer, property)}`).join(', ')}`;
}

function evaluate(layer: AnyLayer, property: string, zoom: number, properties: Record<string, unknown>, state: Record<string, unknown>): unknown {
  const value = compiled(layer, property).evaluate({ zoom } as never, { type: 1, properties, id: 7 } as never, state);
  return value instanceof Color ? value.toString() : value;
}

const ZOOMS = [4, 8, 9, 11, 13, 16, 22];
const STATES = [{}, { hover: true }, { selected: true }, { hover: true, selected: true }];

describe('oneProgramPerKind (issue 12: one shader program per kind of catalog layer)', () => {
  /** The variants the built-in atlas draws with, by kind. */
  async function catalogVariants(): Promise<Map<string, Set<string>>> {
    const authored = await readAuthoredLayers();
    const layers = authored.map(({ meta }) => meta as unknown as CatalogLayer);
    const layerUi = Object.fromEntries(layers.map((layer) => [layer.id, { visible: true, opacity: 0.8 }]));
    const style = catalogStyle({ layers, layerUi, language: 'zh' });
    const variants = new Map<string, Set<string>>();
    for (const layer of style.layers as AnyLayer[]) {
      if (!['fill', 'line', 'circle'].includes(layer.type)) continue;
      const key = variant(layer);
      const kind = key.slice(0, key.indexOf(':'));
      if (!variants.has(kind)) variants.set(kind, new Set());
      variants.get(kind)!.add(key);
    }
    return variants;
  }

  it('gives every fill, line and circle of the built-in atlas the same variant of its kind', async () => {
    const variants = await catalogVariants();
    // The built-in atlas draws fills, hatched fills, lines and circles.
    expect([...variants.keys()].sort()).toEqual(['circle', 'fill', 'fill (pattern)', 'line']);
    for (const [kind, seen] of variants) expect([...seen], kind).toHaveLength(1);
  });

  it("draws a bureau layer switched on with the programs the atlas's first picture compiled", async () => {
    const catalog = new Set([...(await catalogVariants()).values()].flatMap((seen) => [...seen]));
    const plain = { id: 'farmland', name: '永久基本农田', role: { kind: 'prohibited' }, fields: [], source: { file: 'f.zip', features: 1, crs: 'EPSG:4528' }, style: { color: '#123456', opacity: 0.4 } };
    const classes = { ...plain, id: 'plan', role: { kind: 'classes', field: 'YDYHFLDM' } };
    for (const config of [plain, classes]) {
      for (const spec of referenceLayerSpecs(config as never) as AnyLayer[]) expect(catalog, `${config.id} ${spec.id}: ${variant(spec)}`).toContain(variant(spec));
    }
  });

  it('draws what the layer drew before: every value the same at every zoom, for every feature and state', () => {
    const layers: AnyLayer[] = [
      { id: 'land', type: 'fill', paint: { 'fill-color': '#f2efe6', 'fill-opacity': 0.9 } },
      { id: 'zones', type: 'fill', paint: { 'fill-color': ['match', ['get', 'level'], 'national', '#c8553d', '#d9a05b'], 'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.6, 0.4] } },
      { id: 'outline', type: 'line', paint: { 'line-color': '#6b4f8c', 'line-width': 1, 'line-opacity': 0.8, 'line-dasharray': ['literal', [3, 2]] } },
      { id: 'rail', type: 'line', paint: { 'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#1d4ed8', '#5b3a29'], 'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 4, 2.5], 'line-dasharray': ['case', ['==', ['get', 'accuracy'], 'schematic'], ['literal', [3, 2]], ['literal', [1, 0]]] } },
      { id: 'edge', type: 'line', paint: { 'line-color': '#7b9fd4', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 8, 13, 28], 'line-blur': ['interpolate', ['linear'], ['zoom'], 8, 8, 13, 28], 'line-opacity': ['case', ['==', ['typeof', ['get', 'area']], 'number'], 0.6, 0.25] } },
      { id: 'fading', type: 'line', paint: { 'line-width': 2, 'line-opacity': ['interpolate', ['linear'], ['zoom'], 9, ['case', ['has', 'area'], 0.8, 0], 13, ['case', ['has', 'area'], 0.3, 0]] } },
      { id: 'stepped', type: 'line', paint: { 'line-width': ['step', ['zoom'], 1, 10, 2, 14, 4] } },
      { id: 'growing', type: 'circle', paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3, 14, 9], 'circle-opacity': ['step', ['zoom'], 0.5, 10, 1] } },
      { id: 'halo', type: 'circle', paint: { 'circle-color': '#1f4e79', 'circle-radius': 12, 'circle-blur': 0.25, 'circle-opacity': 0.45 } },
      { id: 'point', type: 'circle', paint: { 'circle-color': '#ffffff', 'circle-radius': ['case', ['boolean', ['feature-state', 'hover'], false], 6, 4], 'circle-stroke-color': '#222222', 'circle-stroke-width': 1.5 } },
    ];
    const features = [{}, { level: 'national', accuracy: 'schematic', area: 12.5 }, { level: 'city', accuracy: 'digitized' }];
    for (const layer of layers) {
      const bound = oneProgramPerKind(layer as LayerSpecification) as AnyLayer;
      const paintSpec = (latest as any)[`paint_${layer.type}`] as Record<string, unknown>;
      for (const property of Object.keys(paintSpec)) {
        if (property.endsWith('-transition') || property.endsWith('pattern') || property === 'line-gradient') continue;
        if (layer.paint?.[property] === undefined && (paintSpec[property] as { default?: unknown }).default === undefined) {
          // A line without a dash gets the solid one, [1, 0]; nothing else is added.
          if (property === 'line-dasharray') for (const properties of features) expect(evaluate(bound, property, 10, properties, {}), layer.id).toEqual([1, 0]);
          else expect(bound.paint?.[property], `${layer.id} ${property}`).toBeUndefined();
          continue;
        }
        for (const zoom of ZOOMS)
          for (const properties of features)
            for (const state of STATES) {
              expect(evaluate(bound, property, zoom, properties, state), `${layer.id} ${property} z${zoom} ${JSON.stringify(properties)} ${JSON.stringify(state)}`).toEqual(
                evaluate(layer, property, zoom, properties, state),
              );
            }
      }
    }
  });

  it('binds what varied as uniforms per feature, and a line\'s width and opacity per feature and zoom', () => {
    const land = oneProgramPerKind({ id: 'land', type: 'fill', source: 's', paint: { 'fill-color': '#f2efe6', 'fill-opacity': 0.9 } }) as AnyLayer;
    expect(binding(land, 'fill-color')).toBe('attribute');
    expect(binding(land, 'fill-opacity')).toBe('attribute');
    const edge = oneProgramPerKind({ id: 'edge', type: 'line', source: 's', paint: { 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 8, 13, 28] } }) as AnyLayer;
    expect(binding(edge, 'line-width')).toBe('attribute × zoom');
    expect(binding(edge, 'line-opacity')).toBe('attribute × zoom');
    expect(binding(edge, 'line-dasharray')).toBe('attribute');
    expect(binding(edge, 'line-blur')).toBe('uniform');
    // The key read is one no feature has; a feature that had it would still get the same value.
    expect(evaluate(land, 'fill-color', 10, { [NO_SUCH_KEY]: 1 }, {})).toBe(evaluate(land, 'fill-color', 10, {}, {}));
    // Patterned fills and symbols are left as they are.
    const hatch = { id: 'hatch', type: 'fill', source: 's', paint: { 'fill-pattern': 'atlas-hatch', 'fill-opacity': 0.6 } } as LayerSpecification;
    expect(oneProgramPerKind(hatch)).toBe(hatch);
  });
});
