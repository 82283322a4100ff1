/**
 * The legend of the map as shown — the catalog layers switched on (the layer panel's swatch
 * data) and the bureau's reference layers (用地用海 classes by class) — each line naming the
 * map source it stands for, so a picture's legend keeps only what that picture draws
 * (`drawnLegend`: the 300 dpi PNG, the printable map sheet). Pure.
 */
import type { FeatureCollection } from 'geojson';
import type { CatalogLayer, Lang } from '../data/catalog-types';
import type { LayerLoad, LayerUiState } from '../state/atlas-state';
import { pick } from '../i18n';
import type { StyledLayerConfig } from '../records/profile-bundle';
import { legendEntries, type LegendEntry } from './catalog-style';
import { referenceLegendItems, referenceSourceId, type LegendFeatures } from './reference-layers';

export interface ExportLegendItem {
  title: string;
  entry: LegendEntry;
  /** The map source it stands for: the line is kept only when that source draws something in the picture. */
  source?: string;
  /** …and, for a class line, only when a drawn feature's `field` (trimmed) starts with `code`. */
  classOf?: { field: string; code: string };
}

/** Legend lines for what `rendered` (the picture's drawn features) shows; a label source counts for its layer. */
/** A feature a picture draws, as the legend reads it (MapLibre's queryRenderedFeatures gives these). */
export interface DrawnFeature {
  source: string;
  properties: Record<string, unknown> | null;
}

/** Whether segment a–b meets the box [west, south, east, north] (lon/lat taken as planar: a frame is small). */
function segmentMeetsBox(a: readonly number[], b: readonly number[], [west, south, east, north]: readonly number[]): boolean {
  const inside = (point: readonly number[]) => point[0] >= west && point[0] <= east && point[1] >= south && point[1] <= north;
  if (inside(a) || inside(b)) return true;
  if (Math.max(a[0], b[0]) < west || Math.min(a[0], b[0]) > east || Math.max(a[1], b[1]) < south || Math.min(a[1], b[1]) > north) return false;
  // The segment's line passes between the box's corners when they do not all lie on one side of it.
  const side = (x: number, y: number) => Math.sign((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]));
  const sides = [side(west, south), side(east, south), side(east, north), side(west, north)];
  return sides.some((value) => value >= 0) && sides.some((value) => value <= 0);
}

/**
 * Whether a polygon layer's outline crosses the frame. A picture's legend asks this for a layer
 * drawn as a faint tint with an outline (the counties): inside a county the frame shows no
 * line, and MapLibre's hit test of a polygon's outline also answers for the tile-clipping edges
 * it never draws, so the data answers instead.
 */
export function outlineCrosses(collection: FeatureCollection | undefined, bounds: readonly number[]): boolean {
  for (const feature of collection?.features ?? []) {
    const geometry = feature.geometry;
    const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let index = 1; index < ring.length; index++) if (segmentMeetsBox(ring[index - 1], ring[index], bounds)) return true;
      }
    }
  }
  return false;
}

/** The drawn features by the source they belong to (a layer's label points count as the layer's). */
function bySource(rendered: readonly DrawnFeature[]): Map<string, DrawnFeature[]> {
  const sources = new Map<string, DrawnFeature[]>();
  for (const feature of rendered) {
    const source = feature.source.replace(/-label-points$/, '');
    const list = sources.get(source);
    if (list) list.push(feature);
    else sources.set(source, [feature]);
  }
  return sources;
}

/** The sources a picture drew something of (a layer's label points count as the layer). */
export function drawnSources(rendered: readonly DrawnFeature[]): Set<string> {
  return new Set(bySource(rendered).keys());
}

export function drawnLegend(legend: readonly ExportLegendItem[], rendered: readonly DrawnFeature[]): ExportLegendItem[] {
  const sources = bySource(rendered);
  return legend.filter((item) => {
    if (item.source === undefined) return true;
    const drawn = sources.get(item.source);
    if (!drawn) return false;
    const classOf = item.classOf;
    if (!classOf) return true;
    return drawn.some((feature) => {
      const value = feature.properties?.[classOf.field];
      return value !== undefined && value !== null && String(value).trim().startsWith(classOf.code);
    });
  });
}


/**
 * The reference layers' features as a still image's frame drew them, for that image's legend.
 * The store holds the features of the latest view read, which another map on the page or a
 * later move may have replaced by then: a class drawn in the frame would miss its line.
 */
export function drawnReferenceFeatures(layerIds: readonly string[], rendered: readonly DrawnFeature[]): Record<string, LegendFeatures> {
  const sources = bySource(rendered);
  const features: Record<string, LegendFeatures> = {};
  for (const id of layerIds) features[id] = { features: sources.get(referenceSourceId(id)) ?? [] };
  return features;
}

/** The lines of the shown catalog layers, then of the shown reference layers. */
export function mapLegend(
  catalogLayers: readonly CatalogLayer[],
  layerUi: Readonly<Record<string, LayerUiState>>,
  layerData: Readonly<Record<string, LayerLoad>>,
  referenceLayers: readonly StyledLayerConfig[],
  referenceFeatures: Readonly<Record<string, LegendFeatures>>,
  lang: Lang,
): ExportLegendItem[] {
  const items: ExportLegendItem[] = [];
  for (const layer of catalogLayers) {
    if (!layerUi[layer.id]?.visible) continue;
    const load = layerData[layer.id];
    for (const entry of legendEntries(layer, load?.status === 'loaded' ? load.data : undefined)) {
      items.push({ title: entry.label ? `${pick(layer.title, lang)} · ${pick(entry.label, lang)}` : pick(layer.title, lang), entry, source: layer.id });
    }
  }
  items.push(...referenceLegendItems(referenceLayers, referenceFeatures, lang));
  return items;
}
