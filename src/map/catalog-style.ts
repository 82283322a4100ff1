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
import { QUALIFIER_SCALE } from './label-lines';
import { oneProgramPerKind } from './shader-variants';

/** Sea colour: the map background; land is drawn by the basemap-land layer. */
export const SEA_COLOR = '#cfe0ea';

/**
 * Whether a layer is drawn for its outline, its fill only a faint tint (the counties' 4 %): the
 * printed map's legend lists such a layer only when its outline crosses the frame (print-view.tsx).
 */
export function drawsAsOutline(layer: CatalogLayer): boolean {
  return layer.style.type === 'fill' && (layer.style.fillOpacity ?? 0.5) < 0.1;
}

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
 * A point at an estimated position (a circle cannot be dashed) is drawn inside a soft halo of
 * its colour, this many pixels wider than the symbol: "somewhere about here". White symbols
 * (stations) take their outline's colour.
 */
export const ESTIMATED_HALO_PX = 6;
export const ESTIMATED_HALO_OPACITY = 0.45;

/** The legend's row for points at estimated positions. */
export const ESTIMATED_POSITION_LABEL: Bilingual = { zh: '估计位置', en: 'estimated position' };

/**
 * Approximate extents (`style.extent: 'approximate'`, issue 15): zones and parks whose boundary
 * no public source gives. They are drawn so nobody reads them as a surveyed line: a light
 * fill, a hatch, a blurred edge and a short dash, and a second label line "approximate
 * location · published area …".
 */
export const APPROXIMATE_DASH = [2, 2];
/** Id of the locally generated hatch image (no sprite server: added with map.addImage). */
export const HATCH_PATTERN_ID = 'atlas-hatch';
/**
 * The review's own hatch, for a part of a site no bureau layer answers for: strokes the other
 * way (upper left to lower right) in the review's orange, so it is not read as an approximate
 * extent (REVIEW_COLORS.conflictReview in review-layers.tsx; this file imports no React code).
 */
export const REVIEW_HATCH_PATTERN_ID = 'review-hatch';
export const REVIEW_HATCH_RGBA: readonly [number, number, number, number] = [0xb4, 0x53, 0x09, 200];
/** Property holding a zone's published area in km², read by the approximate-extent label. */
export const PUBLISHED_AREA_FIELD = 'area_published_km2';

/** An RGBA image MapLibre's `addImage` accepts as is ({width, height, data}). */
export interface StyleImage {
  id: string;
  width: number;
  height: number;
  data: Uint8Array;
  pixelRatio: number;
}

/**
 * The hatch: thin diagonal strokes (45°, lower left to upper right) on a transparent tile, in a
 * dark slate at partial alpha so the zone colour underneath still shows. `size` device pixels
 * square; drawn at pixelRatio 2, so one tile covers size/2 CSS pixels. Pure: the same bytes in
 * Node tests and in the browser.
 */
export function hatchPatternImage(
  size = 16,
  { id = HATCH_PATTERN_ID, rgba = [47, 58, 92, 150], falling = false }: { id?: string; rgba?: readonly [number, number, number, number]; falling?: boolean } = {},
): StyleImage {
  const data = new Uint8Array(size * size * 4);
  const [red, green, blue, alpha] = rgba;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      // Distance (in pixels, along x) to the nearest stroke x + y ≡ 0 (mod size), or x − y for
      // strokes falling to the right; strokes wrap across tile edges, so the pattern repeats without seams.
      const offset = (falling ? x - y + size : x + y) % size;
      const distance = Math.min(offset, size - offset);
      const coverage = distance < 1 ? 1 : distance < 2 ? 0.35 : 0;
      const index = (y * size + x) * 4;
      data[index] = red;
      data[index + 1] = green;
      data[index + 2] = blue;
      data[index + 3] = Math.round(alpha * coverage);
    }
  }
  return { id, width: size, height: size, data, pixelRatio: 2 };
}

/** Images the catalog style and the review's marks refer to; the map adds them before the layers (atlas-map.tsx, print-map.tsx). */
export function styleImages(): StyleImage[] {
  return [hatchPatternImage(), hatchPatternImage(16, { id: REVIEW_HATCH_PATTERN_ID, rgba: REVIEW_HATCH_RGBA, falling: true })];
}

/** The part of a MapLibre map `addStyleImages` needs (kept structural: this file imports no MapLibre code). */
export interface StyleImageTarget {
  hasImage(id: string): boolean;
  addImage(id: string, image: { width: number; height: number; data: Uint8Array }, options?: { pixelRatio?: number }): void;
}

/** Adds the style's local images to a map once (before any layer refers to them); returns the map. */
export function addStyleImages<Target extends StyleImageTarget>(map: Target): Target {
  for (const image of styleImages()) {
    if (!map.hasImage(image.id)) map.addImage(image.id, { width: image.width, height: image.height, data: image.data }, { pixelRatio: image.pixelRatio });
  }
  return map;
}

/** True when the layer's polygons are approximate extents, not boundaries. */
export function isApproximateExtent(layer: Pick<CatalogLayer, 'style'>): boolean {
  return layer.style.type === 'fill' && layer.style.extent === 'approximate';
}

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
  /** The features carry their names as label lines (label-points.ts withLabelText): a point layer with labels. */
  labelText?: true;
  type: 'geojson';
  /** Feature ids come from the `id` property, so feature-state hover/selection works. */
  promoteId: string;
  /** MapLibre's tiling of the GeoJSON: the buffer around each tile and the simplification, in pixels of a 512-px tile (CATALOG_TILING). */
  buffer: number;
  tolerance: number;
}

/**
 * How MapLibre's worker tiles the catalog's GeoJSON (issue 12, first full draw). Its defaults
 * (a 128-px buffer, a 0.375-px simplification) cost the first draw ≈ 0.33 s in software GL: the
 * 19 sources are cut into ≈ 110 tiles before the first picture. A 32-px buffer still holds the
 * widest thing drawn across a tile edge (the 28-px blurred zone edges, the station halos), and a
 * 1-px simplification keeps every vertex a pixel can show; screenshots at zoom 8.6 and 12.6 are
 * the same picture. The review's and the bureau's layers keep MapLibre's defaults, and so do the
 * printed report's map and the PNG export (drawn at up to 3× the screen's pixels).
 */
export const CATALOG_TILING = { buffer: 32, tolerance: 1 } as const;

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
  hatch?: string;
  edge?: string;
  outline?: string;
  line?: string;
  /** Circles: the halo under points at estimated positions. */
  halo?: string;
  circle?: string;
  label?: string;
} {
  const ids: ReturnType<typeof mapLayerIds> = {};
  if (layer.style.type === 'fill') {
    ids.fill = `${layer.id}-fill`;
    if (isApproximateExtent(layer)) {
      ids.hatch = `${layer.id}-hatch`;
      ids.edge = `${layer.id}-edge`;
    }
    ids.outline = `${layer.id}-outline`;
  } else if (layer.style.type === 'line') {
    ids.line = `${layer.id}-line`;
  } else {
    ids.halo = `${layer.id}-halo`;
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

/** A line's name, in the interface language where the feature has it (set along the line: one line of text). */
function lineLabelField(language: Lang): ExpressionSpecification {
  return language === 'zh'
    ? ['coalesce', ['get', 'name_zh'], ['get', 'name_en'], '']
    : ['coalesce', ['get', 'name_en'], ['get', 'name_zh'], ''];
}

/**
 * A point's or an area's name as label-points.ts set it in lines (label-lines labelProperties): the head,
 * then its trailing qualifier smaller — the lines broken where they read well, never by MapLibre.
 */
function labelLinesField(language: Lang): unknown[] {
  return [['coalesce', ['get', `label_${language}`], ''], {}, ['coalesce', ['get', `note_${language}`], ''], { 'font-scale': QUALIFIER_SCALE }];
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
        // Issue 12 (first draw): the edge is drawn by the outline layer above; MapLibre's own
        // antialiased fill edge would draw every ring a second time (in software GL ≈ 15% of the
        // first frame at 1600 × 1000) and adds three shader programs to compile.
        'fill-antialias': false,
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
    if (!isApproximateExtent(layer)) return [fill, outline];
    return approximateExtentLayers(layer, fill, outline, opacity, range, visibility);
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
  const halo: CircleLayerSpecification = {
    id: ids.halo!,
    type: 'circle',
    source: layer.id,
    ...range,
    filter: schematicCondition(accuracy),
    layout: { visibility },
    paint: {
      'circle-color': haloColour(style),
      'circle-radius': radius + ESTIMATED_HALO_PX,
      'circle-blur': 0.25,
      'circle-opacity': round(ESTIMATED_HALO_OPACITY * opacity),
    },
  };
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
  return [halo, circle];
}

/** The halo's colour: the symbol's, or its outline's when the symbol is white. */
function haloColour(style: LayerStyle): string | ExpressionSpecification {
  return style.colorBy ? colorExpression(style) : haloOf(style.color, style);
}

/** The halo of a symbol drawn in `color`: that colour, or the outline's for a white symbol (a station). */
function haloOf(color: string, style: LayerStyle): string {
  return color.toLowerCase() === '#ffffff' ? (style.outline ?? '#222222') : color;
}

/**
 * An approximate extent: the fill is lighter (60% of the authored opacity), a hatch lies over
 * it, a wide blurred line in the zone colour softens the edge, and the outline is a thin
 * short dash. The fill stays first: it answers hover and click for the whole extent.
 */
function approximateExtentLayers(
  layer: CatalogLayer,
  fill: FillLayerSpecification,
  outline: LineLayerSpecification,
  opacity: number,
  range: { minzoom?: number; maxzoom?: number },
  visibility: 'visible' | 'none',
): LayerSpecification[] {
  const { style } = layer;
  const ids = mapLayerIds(layer);
  const base = (style.fillOpacity ?? 0.5) * 0.6;
  const softFill: FillLayerSpecification = {
    ...fill,
    paint: {
      ...fill.paint,
      'fill-opacity': [
        'case',
        SELECTED,
        round(Math.min(1, base + 0.2) * opacity),
        HOVER,
        round(Math.min(1, base + 0.12) * opacity),
        round(base * opacity),
      ],
    },
  };
  const hasPublishedArea: ExpressionSpecification = ['==', ['typeof', ['get', PUBLISHED_AREA_FIELD]], 'number'];
  const hatch: FillLayerSpecification = {
    id: ids.hatch!,
    type: 'fill',
    source: layer.id,
    ...range,
    layout: { visibility },
    paint: { 'fill-antialias': false, 'fill-pattern': HATCH_PATTERN_ID, 'fill-opacity': round(0.6 * opacity) },
  };
  const edge: LineLayerSpecification = {
    id: ids.edge!,
    type: 'line',
    source: layer.id,
    ...range,
    layout: { visibility, 'line-join': 'round' },
    paint: {
      'line-color': colorExpression(style),
      // Wider and softer as the reader zooms in, where a sharp edge would read as a survey.
      'line-width': ['interpolate', ['linear'], ['zoom'], 8, 8, 13, 28],
      'line-blur': ['interpolate', ['linear'], ['zoom'], 8, 8, 13, 28],
      'line-opacity': ['case', hasPublishedArea, round(0.6 * opacity), round(0.25 * opacity)],
    },
  };
  // An extent with no published area has a size that means nothing: no outline at all (only
  // hatch and a fainter soft edge) unless selected; one drawn to a published area gets a faint short dash.
  const dashedOutline: LineLayerSpecification = {
    ...outline,
    paint: {
      ...outline.paint,
      'line-width': widthExpression(Math.max(0.8, (style.width ?? 1) * 0.8), 1, 2),
      // Fades from zoom 9 to 13: at street scale the dash would otherwise read as a surveyed line.
      'line-opacity': [
        'interpolate',
        ['linear'],
        ['zoom'],
        9,
        ['case', SELECTED, round(opacity), hasPublishedArea, round(0.8 * opacity), 0],
        13,
        ['case', SELECTED, round(opacity), hasPublishedArea, round(0.3 * opacity), 0],
      ],
      'line-dasharray': ['literal', APPROXIMATE_DASH],
    },
  };
  return [softFill, hatch, edge, dashedOutline];
}

/**
 * Second label line of an approximate extent, in the interface language: "approximate
 * location · published area 140 km²", or "… · area not published" when the feature has none.
 */
export function approximateExtentCaption(language: Lang): ExpressionSpecification {
  const area: ExpressionSpecification = ['get', PUBLISHED_AREA_FIELD];
  const text =
    language === 'zh'
      ? { published: '位置示意 · 公布面积 ', unit: ' km²', none: '位置示意 · 面积未公布' }
      : // Two lines: the label layer does not wrap (its lines come set, label-points.ts).
        { published: 'approximate location\npublished area ', unit: ' km²', none: 'approximate location\narea not published' };
  return ['case', ['!=', ['typeof', area], 'number'], text.none, ['concat', text.published, ['to-string', area], text.unit]];
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
  const maxzoom = label.maxzoom !== undefined || range.maxzoom !== undefined ? Math.min(label.maxzoom ?? 24, range.maxzoom ?? 24) : undefined;
  const placement = layer.geometryType === 'LineString' ? 'line' : 'point';
  const size = label.size ?? 12;
  const symbol: SymbolLayerSpecification = {
    id: ids.label!,
    type: 'symbol',
    source: usesLabelPoints(layer) ? labelSourceId(layer.id) : layer.id,
    ...(minzoom > 0 ? { minzoom } : {}),
    ...(maxzoom !== undefined ? { maxzoom } : {}),
    layout: {
      visibility: ui.visible ? 'visible' : 'none',
      'text-field':
        placement === 'line'
          ? lineLabelField(language)
          : ([
              'format',
              ...labelLinesField(language),
              ...(isApproximateExtent(layer) ? ['\n', {}, approximateExtentCaption(language), { 'font-scale': 0.78 }] : []),
            ] as unknown as ExpressionSpecification),
      'text-font': LABEL_FONT_STACK,
      'text-size': size,
      'symbol-placement': placement,
      // The lines come set (label-points.ts): a width MapLibre would wrap at would break Chinese inside a word.
      'text-max-width': placement === 'line' ? 10 : 100,
      'text-padding': 2,
      ...(layer.geometryType === 'Point'
        ? {
            'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
            // Clear of the symbol, and of its halo where the position is estimated.
            'text-radial-offset': ['case', schematicCondition(layer.provenance.accuracy), round(((style.radius ?? 5) + ESTIMATED_HALO_PX + 1) / size), round(((style.radius ?? 5) + 3) / size)],
          }
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
    const labelText = layer.geometryType === 'Point' && layer.style.label !== undefined;
    sources.push({ id: layer.id, layerId: layer.id, role: 'features', ...(labelText ? { labelText: true as const } : {}), type: 'geojson', promoteId: 'id', ...CATALOG_TILING });
    if (usesLabelPoints(layer)) {
      sources.push({ id: labelSourceId(layer.id), layerId: layer.id, role: 'label-points', type: 'geojson', promoteId: 'id', ...CATALOG_TILING });
    }
  }
  const geometry: LayerSpecification[] = [];
  const labels: LayerSpecification[] = [];
  const interactiveLayerIds: string[] = [];
  for (const layer of ordered) {
    const ui = input.layerUi[layer.id] ?? HIDDEN;
    const drawn = geometryLayers(layer, ui);
    // One shader program per kind of layer (shader-variants.ts): the first frame draws with 8, not 15.
    geometry.push(...drawn.map(oneProgramPerKind));
    const label = labelLayer(layer, ui, input.language);
    if (label) labels.push(label);
    if (ui.visible && isInteractive(layer)) {
      // The fill answers for a polygon (the outline is part of it); lines and circles answer
      // themselves (not a circle's halo: a click beside an estimated point is not on it).
      interactiveLayerIds.push(mapLayerIds(layer).circle ?? drawn[0].id);
    }
  }
  // Where labels collide MapLibre keeps the upper one: the reference layers' labels (the
  // basemap group: counties, towns) go below the thematic ones, so a station, a port or a zone
  // keeps its name and a town gives way.
  const reference = new Set(ordered.filter((layer) => layer.group === 'basemap').map((layer) => mapLayerIds(layer).label));
  const rankedLabels = [...labels.filter((spec) => reference.has(spec.id)), ...labels.filter((spec) => !reference.has(spec.id))];
  return { sources, layers: [...geometry, ...rankedLabels], interactiveLayerIds, featureStates: featureStates(input) };
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
  /** Drawn with the hatch of approximate extents (HATCH_PATTERN_ID), or 'review': the review's own (REVIEW_HATCH_PATTERN_ID). */
  hatch?: boolean | 'review';
  /** A circle inside the halo of estimated positions (ESTIMATED_HALO_PX), in this colour. */
  halo?: string;
  /** Undefined for a layer drawn in one colour (the layer title names it). */
  label?: Bilingual;
}

/**
 * Legend rows of one catalog layer from its style: one row, or one per `colorBy` value
 * plus "other" when the fallback colour differs from every listed one. A value is
 * labelled through the matching field's `values` table; failing that, by the style's own
 * `colorBy.labels` (colour-by-id layers); failing that, by the names of the first loaded
 * feature carrying it; failing that, by itself.
 */
export function legendEntries(layer: CatalogLayer, features?: FeatureCollection): LegendEntry[] {
  const entries = styleLegendEntries(layer, features);
  if (layer.style.type !== 'circle') return entries;
  // Points at estimated positions: every row in a halo when all are (ports), else one more row
  // "estimated position" (stations: two of seven public). Before the data is in, the layer's accuracy says.
  const layerAccuracy = layer.provenance.accuracy;
  const estimated = (feature: FeatureCollection['features'][number]) => (feature.properties?.accuracy ?? layerAccuracy) === 'schematic';
  if (features ? !features.features.some(estimated) : layerAccuracy !== 'schematic') return entries;
  if (!features || features.features.every(estimated)) return entries.map((entry) => ({ ...entry, halo: haloOf(entry.color, layer.style) }));
  const last = entries[entries.length - 1];
  return [...entries, { ...last, color: layer.style.color, halo: haloOf(layer.style.color, layer.style), label: ESTIMATED_POSITION_LABEL }];
}

function styleLegendEntries(layer: CatalogLayer, features?: FeatureCollection): LegendEntry[] {
  const { style } = layer;
  const approximate = isApproximateExtent(layer);
  const authoredDash = style.dash && style.dash.length > 0 ? style.dash : layer.provenance.accuracy === 'schematic' ? SCHEMATIC_DASH : undefined;
  const dash = approximate ? APPROXIMATE_DASH : authoredDash;
  const base: Omit<LegendEntry, 'color'> = {
    kind: style.type,
    outline: style.outline ?? (style.type === 'circle' ? '#ffffff' : style.color),
    width: style.width ?? (style.type === 'line' ? 2 : 1),
    dash: style.type === 'circle' ? undefined : dash,
    fillOpacity: style.type === 'fill' ? (style.fillOpacity ?? 0.5) * (approximate ? 0.6 : 1) : 1,
    ...(approximate ? { hatch: true } : {}),
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
    label: field?.values?.[value] ?? style.colorBy!.labels?.[value] ?? featureName(value) ?? { zh: value, en: value },
  }));
  if (!values.some(([, color]) => color.toLowerCase() === style.color.toLowerCase())) {
    entries.push({ ...base, color: style.color, label: { zh: '其他', en: 'Other' } });
  }
  return entries;
}
