/**
 * Issue 12 (first draw): one shader program per kind of catalog layer.
 *
 * MapLibre compiles a shader program for each combination of how a layer's paint properties
 * vary: constant (or with the zoom only) — a uniform; per feature — a vertex attribute; per
 * feature and zoom — a pair of them. The catalog's layers of one kind used to differ in that
 * (a land fill of one colour beside zones coloured by a field; halos of one radius beside
 * circles that grow on hover; solid edges beside dashed outlines), so the first picture was
 * drawn with 15 programs. Each is compiled before its first draw; in software GL (SwiftShader:
 * intranet PCs and event laptops without a working driver) that was ≈ 0.5 s of the 1.2–1.3 s
 * the GPU took to run the first frame at 1600 × 1000. A hardware driver compiles them too,
 * only faster. Now it is drawn with 8: one for each kind of layer (background, fill, hatched
 * fill, line, circle, text) and MapLibre's own.
 *
 * Here every fill, line and circle of the catalog binds the same properties per feature (and
 * a line's width and opacity per feature and zoom), whatever the values: a constant is
 * written as an expression that reads the feature and gives the constant back. The picture is
 * the same; the map uses one program for fills, one for lines, one for circles.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

/** A key no catalog feature has. Its value is never read: both branches give the same value. */
export const NO_SUCH_KEY = '__atlas_no_such_key__';

/** Zooms the map can show (the catalog's maps stay within them); a ramp between them is flat. */
const ZOOM_SPAN: [number, number] = [0, 24];

/** Expression operators that read the feature (MapLibre's "data-driven" ones). */
const FEATURE_OPERATORS = new Set(['get', 'has', 'feature-state', 'properties', 'id', 'geometry-type', 'within', 'distance']);

type PaintValue = unknown;

/** Does the expression read the feature / the zoom anywhere inside it? */
function reads(value: PaintValue, what: 'feature' | 'zoom'): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const [operator] = value;
  if (operator === 'literal') return false;
  if (what === 'feature' && typeof operator === 'string' && FEATURE_OPERATORS.has(operator)) return true;
  if (what === 'zoom' && operator === 'zoom') return true;
  return value.some((part) => reads(part, what));
}

/** `value` as an expression that reads the feature: the same value for every feature. */
export function perFeature(value: PaintValue): ExpressionSpecification {
  // An array of values (a dash) is written as a literal; an expression (a string first) as it is.
  const expression = Array.isArray(value) && typeof value[0] !== 'string' ? ['literal', value] : value;
  return ['case', ['has', NO_SUCH_KEY], expression, expression] as ExpressionSpecification;
}

/**
 * A paint value made to read the feature, if it does not already. A zoom ramp cannot sit inside
 * another expression: its stops are made to read the feature instead (byFeatureAndZoom).
 */
function byFeature(value: PaintValue): PaintValue {
  if (reads(value, 'feature')) return value;
  return reads(value, 'zoom') ? byFeatureAndZoom(value) : perFeature(value);
}

/**
 * A paint value made to read both the feature and the zoom: a zoom ramp gets stops that read
 * the feature; a value that reads the feature only becomes a flat ramp of itself.
 */
function byFeatureAndZoom(value: PaintValue): PaintValue {
  const zoom = reads(value, 'zoom');
  const feature = reads(value, 'feature');
  if (zoom && feature) return value;
  if (zoom && Array.isArray(value) && (value[0] === 'interpolate' || value[0] === 'step')) {
    // [op, curve|input, …]: interpolate has curve + input before the stops, step the input and a first output.
    const head = value[0] === 'interpolate' ? 3 : 2;
    const stops = value.slice(head).map((part, index) => ((value[0] === 'interpolate' ? index % 2 === 1 : index % 2 === 0) ? perFeature(part) : part));
    return [...value.slice(0, head), ...stops];
  }
  if (zoom) return value; // a zoom expression of another shape: left as it is (the test on the catalog says so)
  const stop = byFeature(value);
  return ['interpolate', ['linear'], ['zoom'], ZOOM_SPAN[0], stop, ZOOM_SPAN[1], stop];
}

/** A solid line, as a dash pattern (the dashed lines' program draws it the same). */
const SOLID: [number, number] = [1, 0];

/**
 * The layer with its fill, line or circle paint bound as one program per kind (see above).
 * Patterned fills, symbols and other kinds come back as they are. A map style's layer or
 * react-map-gl's layer props (the reference layers, the print map): the same shape.
 */
export function oneProgramPerKind<Layer extends { type: string; paint?: unknown }>(given: Layer): Layer {
  return bindOnePerKind(given as unknown as LayerSpecification) as unknown as Layer;
}

function bindOnePerKind(layer: LayerSpecification): LayerSpecification {
  if (layer.type === 'fill') {
    const paint = layer.paint ?? {};
    if (paint['fill-pattern'] !== undefined) return layer;
    return {
      ...layer,
      paint: { ...paint, 'fill-color': byFeature(paint['fill-color'] ?? '#000000'), 'fill-opacity': byFeature(paint['fill-opacity'] ?? 1) } as typeof paint,
    };
  }
  if (layer.type === 'line') {
    const paint = layer.paint ?? {};
    if (paint['line-pattern'] !== undefined || paint['line-gradient'] !== undefined) return layer;
    return {
      ...layer,
      paint: {
        ...paint,
        'line-color': byFeature(paint['line-color'] ?? '#000000'),
        'line-dasharray': byFeature(paint['line-dasharray'] ?? ['literal', SOLID]),
        'line-width': byFeatureAndZoom(paint['line-width'] ?? 1),
        'line-opacity': byFeatureAndZoom(paint['line-opacity'] ?? 1),
      } as typeof paint,
    };
  }
  if (layer.type === 'circle') {
    const paint = layer.paint ?? {};
    return {
      ...layer,
      paint: {
        ...paint,
        'circle-color': byFeature(paint['circle-color'] ?? '#000000'),
        'circle-radius': byFeature(paint['circle-radius'] ?? 5),
        'circle-stroke-color': byFeature(paint['circle-stroke-color'] ?? '#000000'),
        'circle-stroke-width': byFeature(paint['circle-stroke-width'] ?? 0),
      } as typeof paint,
    };
  }
  return layer;
}
