/**
 * The reference layers on the map (issue 10), rendered inside <AtlasMap>: each shown layer's
 * features in the current view, read by the worker from the layer store through the
 * FlatGeobuf index on every `moveend` (never the whole layer). The findings' geometry
 * (overlap shapes, the part outside, closest-point lines) is drawn from the report with the
 * review's overlays (review-layers.tsx `reportOverlays`), not here. Sources and layer specs are
 * derived from the state by pure functions; the only imperative code is the `moveend`
 * subscription.
 */
import { useEffect, useMemo } from 'react';
import { Layer, Source, useMap, type LayerProps } from 'react-map-gl/maplibre';
import type { FeatureCollection, GeoJsonProperties } from 'geojson';
import type { StyledLayerConfig } from '../records/profile-bundle';
import type { ReferenceFeatures } from '../worker/protocol';
import { useReference, useReferenceController } from '../state/reference-hooks';
import { classNameFor, classSystemOf } from '../analysis/review/class-names';
import { hexOf, LAND_SEA_USE_COLOURS, landSeaUseColour, landSeaUseNameInSpec } from '../data/land-sea-use-colours';
import type { Lang } from '../data/catalog-types';
import { pick } from '../i18n';
import type { LegendEntry } from './catalog-style';
import { referenceFeatures, referenceLayers } from '../state/reference-state';
import { oneProgramPerKind } from './shader-variants';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Everything of the reference layers is drawn below this (invisible) layer, mounted before the review's overlays. */
export const REFERENCE_ANCHOR_ID = 'reference-anchor';

const ANCHOR_LAYER: LayerProps = { id: REFERENCE_ANCHOR_ID, type: 'fill', layout: { visibility: 'none' }, paint: { 'fill-opacity': 0 } };

/** Whether a layer is drawn in the 用地用海 class colours: a `classes` role on a 用地用海 code field. */
export function usesLandSeaUseColours(layer: StyledLayerConfig): boolean {
  return layer.role.kind === 'classes' && classSystemOf(layer.role.field) === 'land-sea-use';
}

/**
 * A MapLibre expression giving each feature the spec's colour of its 用地用海 code (the same
 * lookup as land-sea-use-colours.ts `landSeaUseColour`: the code, its second level, its first
 * level), and `otherwise` for a code the table does not colour.
 */
export function landSeaUseColourExpression(field: string, otherwise: string): unknown[] {
  const code = ['to-string', ['coalesce', ['get', field], '']];
  const level = (length: number) => LAND_SEA_USE_COLOURS.filter((entry) => entry.code.length === length).flatMap((entry) => [entry.code, hexOf(entry.rgb)]);
  return [
    'match',
    code,
    ...level(4),
    ...level(2),
    ['match', ['slice', code, 0, 4], ...level(4), ['match', ['slice', code, 0, 2], ...level(2), otherwise]],
  ];
}

/** The map source of a reference layer. */
export function referenceSourceId(layerId: string): string {
  return `reference-${layerId}`;
}

/** A layer's colour and opacity, with the defaults of a layer not styled yet. */
function colourOf(layer: StyledLayerConfig): { color: string; opacity: number } {
  return { color: layer.style?.color ?? '#b91c1c', opacity: layer.style?.opacity ?? 0.35 };
}

/** The layer specs of one reference layer, from its style (colour, opacity); 用地用海 classes in their colours. */
export function referenceLayerSpecs(layer: StyledLayerConfig): LayerProps[] {
  const { color, opacity } = colourOf(layer);
  const source = referenceSourceId(layer.id);
  const fillColor = usesLandSeaUseColours(layer) && layer.role.kind === 'classes' ? landSeaUseColourExpression(layer.role.field, color) : color;
  // Bound as the catalog's layers are (shader-variants.ts): a bureau layer switched on reuses the
  // programs the first picture compiled, instead of compiling its own.
  const specs: LayerProps[] = [
    { id: `${source}-fill`, type: 'fill', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': fillColor as never, 'fill-opacity': opacity } },
    { id: `${source}-line`, type: 'line', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': color, 'line-width': 1, 'line-opacity': Math.min(1, opacity + 0.4) } },
    { id: `${source}-point`, type: 'circle', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': color, 'circle-radius': 3.5, 'circle-opacity': Math.min(1, opacity + 0.4) } },
    { id: `${source}-extent`, type: 'line', filter: ['==', ['get', 'extent'], true], paint: { 'line-color': color, 'line-width': 1.5, 'line-dasharray': [3, 2] } },
  ];
  return specs.map(oneProgramPerKind);
}

/** One collection per worker answer, so an unchanged layer keeps its data reference (no setData on re-render). */
const sourceDataCache = new WeakMap<ReferenceFeatures, FeatureCollection>();

/** What to draw for a layer: its features in the view, or — when the view holds too many — only its extent. */
export function referenceSourceData(read: ReferenceFeatures | undefined): FeatureCollection {
  if (!read) return EMPTY;
  let data = sourceDataCache.get(read);
  if (!data) {
    data = sourceDataOf(read);
    sourceDataCache.set(read, data);
  }
  return data;
}

function sourceDataOf(read: ReferenceFeatures): FeatureCollection {
  if (!read.truncated || !read.envelope) return { type: 'FeatureCollection', features: read.features };
  const [west, south, east, north] = read.envelope;
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { extent: true },
        geometry: { type: 'LineString', coordinates: [[west, south], [east, south], [east, north], [west, north], [west, south]] },
      },
    ],
  };
}


export function ReferenceLayers() {
  const { current: map } = useMap();
  const controller = useReferenceController();
  const profileLayers = useReference(referenceLayers);
  const features = useReference(referenceFeatures);
  const shown = useMemo(() => profileLayers.filter((layer) => layer.style?.visible !== false), [profileLayers]);

  useEffect(() => {
    if (!map) return;
    const onMoveEnd = () => {
      const bounds = map.getBounds();
      controller.viewChanged([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]);
    };
    onMoveEnd();
    map.on('moveend', onMoveEnd);
    return () => {
      map.off('moveend', onMoveEnd);
    };
  }, [map, controller]);

  return (
    <>
      <Source id={REFERENCE_ANCHOR_ID} type="geojson" data={EMPTY}>
        <Layer {...ANCHOR_LAYER} />
      </Source>
      {shown.map((layer) => (
        <Source key={layer.id} id={referenceSourceId(layer.id)} type="geojson" data={referenceSourceData(features[layer.id])}>
          {referenceLayerSpecs(layer).map((spec) => (
            <Layer key={spec.id} {...spec} beforeId={REFERENCE_ANCHOR_ID} />
          ))}
        </Source>
      ))}
    </>
  );
}

/** Most class lines a layer gets in a legend before its classes are shown by first level. */
export const MAX_CLASS_LINES = 24;

/** One legend line of a reference layer (map sheet, PNG export): title and swatch. */
export interface ReferenceLegendItem {
  title: string;
  entry: LegendEntry;
  /** The map source of the layer (`reference-<id>`). */
  source: string;
  /** For a class line: the field and the (first-level or full) code it stands for. */
  classOf?: { field: string; code: string };
  /** For a class line: the layer it belongs to and the class alone ("1202 公路用地"), for a legend that names the layer once above its classes. */
  group?: { layer: string; label: string };
}

/**
 * The legend of the shown reference layers: a layer drawn in the 用地用海 class colours gets a
 * line per class among its features in the view (code, name, the spec's colour — or the
 * layer's colour for a class the table leaves out); any other layer one line in its colour.
 */
/** What the legend reads of a layer's features: their properties. */
export interface LegendFeatures {
  features: readonly { properties: GeoJsonProperties }[];
}

export function referenceLegendItems(layers: readonly StyledLayerConfig[], features: Readonly<Record<string, LegendFeatures>>, lang: Lang): ReferenceLegendItem[] {
  const items: ReferenceLegendItem[] = [];
  for (const layer of layers) {
    if (layer.style?.visible === false) continue;
    const { color, opacity } = colourOf(layer);
    const source = referenceSourceId(layer.id);
    const swatch = (fill: string): LegendEntry => ({ kind: 'fill', color: fill, outline: color, width: 1, fillOpacity: Math.max(opacity, 0.35) });
    if (layer.role.kind !== 'classes' || !usesLandSeaUseColours(layer)) {
      items.push({ title: layer.name, entry: swatch(color), source });
      continue;
    }
    const field = layer.role.field;
    const codes = new Set<string>();
    for (const feature of features[layer.id]?.features ?? []) {
      const value = feature.properties?.[field];
      if (value !== undefined && value !== null && String(value).trim() !== '') codes.add(String(value).trim());
    }
    if (codes.size === 0) items.push({ title: layer.name, entry: swatch(color), source });
    // A legend has room for so many lines: beyond that, one per first-level class.
    const shown = codes.size > MAX_CLASS_LINES ? new Set([...codes].map((code) => code.slice(0, 2))) : codes;
    for (const code of [...shown].sort()) {
      // Code and name ("1202 公路用地"): in Chinese the spec's name where the code has its own row,
      // else the class table's (first-level) name.
      const name = classNameFor(field, code);
      const label = (lang === 'zh' ? landSeaUseNameInSpec(code) : null) ?? (name ? pick(name, lang) : '');
      const classLabel = `${code}${label ? ` ${label}` : ''}`;
      items.push({ title: `${layer.name} · ${classLabel}`, entry: swatch(landSeaUseColour(code) ?? color), source, classOf: { field, code }, group: { layer: layer.name, label: classLabel } });
    }
  }
  return items;
}
