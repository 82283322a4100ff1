/**
 * Catalog → MapLibre style. ONE pure function (`catalogStyle`) turns the catalog layers,
 * the per-layer UI state, the interface language and the hovered/selected features into
 * the sources, the layers (in draw order) and the feature states the map should have.
 * Components map over the result; nothing calls `addLayer` by hand (CONVENTIONS.md:
 * "derive the style from state"). The legend swatches come from the same style data
 * (`legendEntries`), so the legend cannot drift from the map.
 *
 * Imports types only from MapLibre: this file runs in Node unit tests.
 */
import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  LayerSpecification,
  LineLayerSpecification,
  StyleSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Accuracy, Bilingual, CatalogLayer, Lang, LayerStyle } from '../data/catalog-types';

/** Sea colour: the map background; land is drawn by the basemap-land layer. */
export const SEA_COLOR = '#cfe0ea';

/** Colour of the selected feature's outline / stroke. */
export const SELECTION_COLOR = '#1d4ed8';

/**
 * CSS font families for map labels. MapLibre draws glyphs locally with the browser's fonts
 * when the style has no `glyphs` URL, so no glyph server is ever asked (the atlas is offline).
 */
export const LABEL_FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'sans-serif'];
export const LOCAL_IDEOGRAPH_FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Dash drawn on outlines and lines of schematic geometry, in line widths: "estimated, not surveyed". */
export const SCHEMATIC_DASH = [3, 2];

/**
 * The fixed part of the style: a sea-coloured background and nothing that points off the
 * origin — no tiles, no `glyphs`, no `sprite`.
 */
export const BASE_STYLE: StyleSpecification = {
  version: 8,
  name: 'weihai-rushan-atlas',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': SEA_COLOR } }],
};

export interface LayerUiInput {
  visible: boolean;
  /** 0–1, multiplies the style's own opacities. */
  opacity: number;
}

export interface FeatureReference {
  layerId: string;
  featureId: string | number;
}

export interface CatalogStyleInput {
  layers: readonly CatalogLayer[];
  layerUi: Readonly<Record<string, LayerUiInput | undefined>>;
  language: Lang;
  hovered?: FeatureReference | null;
  selected?: FeatureReference | null;
}

/**
 * A GeoJSON source without its data: the map component attaches the loaded FeatureCollection
 * (`role: 'features'`) or its label points (`role: 'label-points'`, polygon layers with labels,
 * see label-points.ts).
 */
export interface CatalogSource {
  id: string;
  layerId: string;
  role: 'features' | 'label-points';
  type: 'geojson';
  /** Feature ids come from the `id` property, so feature-state hover/selection works. */
  promoteId: string;
}

export interface FeatureStateEntry {
  source: string;
  id: string | number;
  state: { hover?: boolean; selected?: boolean };
}

export interface CatalogStyle {
  sources: CatalogSource[];
  /** In draw order, bottom first: all geometry by catalog `order`, then all labels. */
  layers: LayerSpecification[];
  /** MapLibre layer ids that answer hover and click (visible layers only). */
  interactiveLayerIds: string[];
  featureStates: FeatureStateEntry[];
}

/** MapLibre layer ids of one catalog layer (the test-hook contract: `<id>-fill` …). */
export function mapLayerIds(layer: Pick<CatalogLayer, 'id' | 'style'>): {
  fill?: string;
  outline?: string;
  line?: string;
  circle?: string;
  label?: string;
} {
  const ids: ReturnType<typeof mapLayerIds> = {};
  if (layer.style.type === 'fill') {
    ids.fill = `${layer.id}-fill`;
    ids.outline = `${layer.id}-outline`;
  } else if (layer.style.type === 'line') {
    ids.line = `${layer.id}-line`;
  } else {
    ids.circle = `${layer.id}-circle`;
  }
  if (layer.style.label) ids.label = `${layer.id}-label`;
  return ids;
}

/**
 * Basemap layers without labels (land, rivers) are the canvas, not things to inspect: they
 * take no hover or click, so the cursor is not a hand over all of the land.
 */
export function isInteractive(layer: Pick<CatalogLayer, 'group' | 'style'>): boolean {
  return !(layer.group === 'basemap' && !layer.style.label);
}

const HOVER: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const SELECTED: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The style colour, or a `match` on the colorBy field with the style colour as fallback. */
export function colorExpression(style: LayerStyle): string | ExpressionSpecification {
  const entries = Object.entries(style.colorBy?.values ?? {});
  if (!style.colorBy || entries.length === 0) return style.color;
  // Values are compared as text: FlatGeobuf columns may come back as numbers.
  return ['match', ['to-string', ['get', style.colorBy.field]], ...entries.flat(), style.color] as ExpressionSpecification;
}

/**
 * True where a feature is schematic: its own `accuracy` wins over the layer's
 * (catalog-types.ts, `Accuracy`).
 */
function schematicCondition(layerAccuracy: Accuracy): ExpressionSpecification {
  return ['==', ['coalesce', ['get', 'accuracy'], layerAccuracy], 'schematic'];
}

/**
 * Dash of a line or outline: the authored dash when there is one (it carries meaning, e.g.
 * "planned"); otherwise dashed for schematic features and solid ([1, 0]) for the rest.
 */
function dashExpression(style: LayerStyle, layerAccuracy: Accuracy): ExpressionSpecification {
  if (style.dash && style.dash.length > 0) return ['literal', style.dash];
  return ['case', schematicCondition(layerAccuracy), ['literal', SCHEMATIC_DASH], ['literal', [1, 0]]];
}

/** Width that grows on hover and more on selection. */
function widthExpression(base: number, hoverExtra: number, selectedExtra: number): ExpressionSpecification {
  return ['case', SELECTED, round(base + selectedExtra), HOVER, round(base + hoverExtra), base];
}

function labelTextField(language: Lang): ExpressionSpecification {
  return language === 'zh'
    ? ['coalesce', ['get', 'name_zh'], ['get', 'name_en'], '']
    : ['coalesce', ['get', 'name_en'], ['get', 'name_zh'], ''];
}

function zoomRange(style: LayerStyle): { minzoom?: number; maxzoom?: number } {
  const range: { minzoom?: number; maxzoom?: number } = {};
  if (style.minzoom !== undefined) range.minzoom = style.minzoom;
  if (style.maxzoom !== undefined) range.maxzoom = style.maxzoom;
  return range;
}

function geometryLayers(layer: CatalogLayer, ui: LayerUiInput): LayerSpecification[] {
  const { style } = layer;
  const ids = mapLayerIds(layer);
  const visibility = ui.visible ? 'visible' : 'none';
  const opacity = ui.opacity;
  const accuracy = layer.provenance.accuracy;
  const range = zoomRange(style);
  const color = colorExpression(style);
  const width = style.width ?? (style.type === 'line' ? 2 : 1);
  if (style.type === 'fill') {
    const baseFillOpacity = style.fillOpacity ?? 0.5;
    const fill: FillLayerSpecification = {
      id: ids.fill!,
      type: 'fill',
      source: layer.id,
      ...range,
      layout: { visibility },
      paint: {
        'fill-color': color,
        'fill-opacity': [
          'case',
          SELECTED,
          round(Math.min(1, baseFillOpacity + 0.2) * opacity),
          HOVER,
          round(Math.min(1, baseFillOpacity + 0.12) * opacity),
          round(baseFillOpacity * opacity),
        ],
      },
    };
    const outline: LineLayerSpecification = {
      id: ids.outline!,
      type: 'line',
      source: layer.id,
      ...range,
      layout: { visibility, 'line-join': 'round' },
      paint: {
        'line-color': ['case', SELECTED, SELECTION_COLOR, style.outline ?? style.color],
        'line-width': widthExpression(width, 1, 2),
        'line-opacity': round(opacity),
        'line-dasharray': dashExpression(style, accuracy),
      },
    };
    return [fill, outline];
  }
  if (style.type === 'line') {
    const line: LineLayerSpecification = {
      id: ids.line!,
      type: 'line',
      source: layer.id,
      ...range,
      layout: { visibility, 'line-join': 'round', 'line-cap': 'butt' },
      paint: {
        'line-color': ['case', SELECTED, SELECTION_COLOR, color],
        'line-width': widthExpression(width, 1.5, 2.5),
        'line-opacity': round(opacity),
        'line-dasharray': dashExpression(style, accuracy),
      },
    };
    return [line];
  }
  const radius = style.radius ?? 5;
  const circle: CircleLayerSpecification = {
    id: ids.circle!,
    type: 'circle',
    source: layer.id,
    ...range,
    layout: { visibility },
    paint: {
      'circle-color': color,
      'circle-radius': widthExpression(radius, 2, 3),
      'circle-opacity': round(opacity),
      'circle-stroke-color': ['case', SELECTED, SELECTION_COLOR, style.outline ?? '#ffffff'],
      'circle-stroke-width': ['case', SELECTED, round((style.width ?? 1.5) + 1), style.width ?? 1.5],
      'circle-stroke-opacity': round(opacity),
    },
  };
  return [circle];
}

/** Polygon layers label one point per feature instead of every part of every tile. */
export function usesLabelPoints(layer: Pick<CatalogLayer, 'geometryType' | 'style'>): boolean {
  return layer.geometryType === 'Polygon' && layer.style.label !== undefined;
}

export function labelSourceId(layerId: string): string {
  return `${layerId}-label-points`;
}

function labelLayer(layer: CatalogLayer, ui: LayerUiInput, language: Lang): SymbolLayerSpecification | undefined {
  const { style } = layer;
  const label = style.label;
  if (!label) return undefined;
  const ids = mapLayerIds(layer);
  const range = zoomRange(style);
  const minzoom = Math.max(label.minzoom ?? 0, range.minzoom ?? 0);
  const placement = layer.geometryType === 'LineString' ? 'line' : 'point';
  const size = label.size ?? 12;
  const symbol: SymbolLayerSpecification = {
    id: ids.label!,
    type: 'symbol',
    source: usesLabelPoints(layer) ? labelSourceId(layer.id) : layer.id,
    ...(minzoom > 0 ? { minzoom } : {}),
    ...(range.maxzoom !== undefined ? { maxzoom: range.maxzoom } : {}),
    layout: {
      visibility: ui.visible ? 'visible' : 'none',
      'text-field': labelTextField(language),
      'text-font': LABEL_FONT_STACK,
      'text-size': size,
      'symbol-placement': placement,
      'text-max-width': language === 'zh' ? 8 : 10,
      'text-padding': 2,
      ...(layer.geometryType === 'Point'
        ? { 'text-variable-anchor': ['top', 'bottom', 'left', 'right'], 'text-radial-offset': round(((style.radius ?? 5) + 3) / size) }
        : {}),
    },
    paint: {
      'text-color': label.color ?? '#2b2b2b',
      'text-halo-color': label.halo ?? '#ffffff',
      'text-halo-width': 1.4,
      'text-opacity': round(ui.opacity),
    },
  };
  return symbol;
}

const HIDDEN: LayerUiInput = { visible: false, opacity: 1 };

/**
 * The whole catalog part of the map style for one UI state. Sources and layers are listed
 * for every catalog layer, hidden ones with `visibility: none`, so toggling a layer never
 * re-orders the map. Labels of all layers draw above all geometry.
 */
export function catalogStyle(input: CatalogStyleInput): CatalogStyle {
  const ordered = [...input.layers].sort((a, b) => a.order - b.order);
  const sources: CatalogSource[] = [];
  for (const layer of ordered) {
    sources.push({ id: layer.id, layerId: layer.id, role: 'features', type: 'geojson', promoteId: 'id' });
    if (usesLabelPoints(layer)) {
      sources.push({ id: labelSourceId(layer.id), layerId: layer.id, role: 'label-points', type: 'geojson', promoteId: 'id' });
    }
  }
  const geometry: LayerSpecification[] = [];
  const labels: LayerSpecification[] = [];
  const interactiveLayerIds: string[] = [];
  for (const layer of ordered) {
    const ui = input.layerUi[layer.id] ?? HIDDEN;
    const drawn = geometryLayers(layer, ui);
    geometry.push(...drawn);
    const label = labelLayer(layer, ui, input.language);
    if (label) labels.push(label);
    if (ui.visible && isInteractive(layer)) {
      // The fill answers for a polygon (the outline is part of it); lines and circles answer themselves.
      interactiveLayerIds.push(drawn[0].id);
    }
  }
  return { sources, layers: [...geometry, ...labels], interactiveLayerIds, featureStates: featureStates(input) };
}

function featureStates(input: CatalogStyleInput): FeatureStateEntry[] {
  const known = new Set(input.layers.map((layer) => layer.id));
  const entries: FeatureStateEntry[] = [];
  const add = (reference: FeatureReference | null | undefined, key: 'hover' | 'selected') => {
    if (!reference || !known.has(reference.layerId)) return;
    const existing = entries.find((entry) => entry.source === reference.layerId && entry.id === reference.featureId);
    if (existing) existing.state[key] = true;
    else entries.push({ source: reference.layerId, id: reference.featureId, state: { [key]: true } });
  };
  add(input.hovered, 'hover');
  add(input.selected, 'selected');
  return entries;
}

/** One legend row: a swatch drawn like the map draws the layer, and its label. */
export interface LegendEntry {
  kind: 'fill' | 'line' | 'circle';
  color: string;
  outline: string;
  width: number;
  /** Dash of lines and outlines; undefined = solid. */
  dash?: number[];
  fillOpacity: number;
  /** Undefined for a layer drawn in one colour (the layer title names it). */
  label?: Bilingual;
}

/**
 * Legend rows of one catalog layer from its style: one row, or one per `colorBy` value
 * plus "other" when the fallback colour differs from every listed one. A value is
 * labelled through the matching field's `values` table; failing that, by the names of
 * the first loaded feature carrying it (colour-by-id layers); failing that, by itself.
 */
export function legendEntries(layer: CatalogLayer, features?: FeatureCollection): LegendEntry[] {
  const { style } = layer;
  const dash = style.dash && style.dash.length > 0 ? style.dash : layer.provenance.accuracy === 'schematic' ? SCHEMATIC_DASH : undefined;
  const base: Omit<LegendEntry, 'color'> = {
    kind: style.type,
    outline: style.outline ?? (style.type === 'circle' ? '#ffffff' : style.color),
    width: style.width ?? (style.type === 'line' ? 2 : 1),
    dash: style.type === 'circle' ? undefined : dash,
    fillOpacity: style.type === 'fill' ? style.fillOpacity ?? 0.5 : 1,
  };
  const values = Object.entries(style.colorBy?.values ?? {});
  if (!style.colorBy || values.length === 0) return [{ ...base, color: style.color }];
  const field = layer.fields.find((candidate) => candidate.key === style.colorBy!.field);
  const featureName = (value: string): Bilingual | undefined => {
    const feature = features?.features.find((candidate) => String(candidate.properties?.[style.colorBy!.field]) === value);
    const zh = feature?.properties?.name_zh;
    const en = feature?.properties?.name_en;
    return typeof zh === 'string' || typeof en === 'string' ? { zh: String(zh ?? en), en: String(en ?? zh) } : undefined;
  };
  const entries: LegendEntry[] = values.map(([value, color]) => ({
    ...base,
    color,
    label: field?.values?.[value] ?? featureName(value) ?? { zh: value, en: value },
  }));
  if (!values.some(([, color]) => color.toLowerCase() === style.color.toLowerCase())) {
    entries.push({ ...base, color: style.color, label: { zh: '其他', en: 'other' } });
  }
  return entries;
}
