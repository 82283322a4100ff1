/**
 * The review's map overlays, rendered inside <AtlasMap>: the import preview, the site, the
 * railway protection zone near it, the overlap with each conflict (built-in and reference
 * layers), the part of the site outside an `inside` layer, lines to the nearest station /
 * port / bridge, the typed go-to position. The geometry is the report's own (the engine's
 * findings, lon/lat): nothing is clipped here. The layer specs are constants; nothing calls
 * addLayer by hand; the camera moves only when the state asks for it (`focus`).
 */
import { useEffect, useMemo } from 'react';
import { Layer, Source, useMap, type LayerProps } from 'react-map-gl/maplibre';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { bbox as turfBbox } from '@turf/bbox';
import { bboxPolygon } from '@turf/bbox-polygon';
import { LABEL_FONT_STACK, REVIEW_HATCH_PATTERN_ID } from './catalog-style';
import { formatEstimatedLength } from '../analysis/units';
import { shownSeverity } from '../analysis/review/verdict-basis';
import { useAtlas } from '../state/atlas-store';
import { useReview } from '../state/review-store';
import { shownReport } from '../state/review-state';
import type { SiteReport } from '../analysis/siting-review';
import { isPolygonal } from '../state/review-actions';

/** Colours shared with the panel legend and the print view. */
export const REVIEW_COLORS = {
  site: '#1d4ed8',
  preview: '#7c3aed',
  conflict: '#dc2626',
  conflictReview: '#d97706',
  protectionZone: '#f87171',
  proximity: '#0f172a',
  goto: '#db2777',
  /** An overlap with a layer left out of the verdict: drawn, as its reason is listed, but as information. */
  uncounted: '#64748b',
} as const;

/** How a part no layer answers for is drawn (map, panel and print legends): a wash, a hatch, a dashed edge. */
export const UNANSWERED_FILL_OPACITY = 0.2;
export const UNANSWERED_DASH = [2, 1.5];
/** How an overlap left out of the verdict is filled (grey; map, panel and print legends). */
export const UNCOUNTED_FILL_OPACITY = 0.3;

export interface ConflictOverlayProperties {
  layer: string;
  id: string;
  severity: 'blocker' | 'review' | 'info';
  name_zh: string;
  name_en: string;
  overlap_m2: number;
  /**
   * A part the layer gives no answer for — outside an `inside` layer's boundary, or where a
   * classes layer has no feature — as opposed to an overlap with a class or feature that asks
   * for review. Drawn hatched with a dashed edge, so the two kinds of orange are told apart.
   */
  unanswered?: boolean;
}

export interface ProximityOverlayProperties {
  layer: string;
  id: string;
  distance_m: number;
  /** Map label, e.g. "乳山南站 3.02 km". */
  label_zh: string;
  label_en: string;
}

export interface ReviewOverlays {
  conflicts: FeatureCollection<Polygon | MultiPolygon, ConflictOverlayProperties>;
  /** The railway protection zones near the site. */
  protectionZone: FeatureCollection<Polygon | MultiPolygon, { width_m: number }>;
  proximity: FeatureCollection<LineString, ProximityOverlayProperties>;
}

/** Built-in proximity layers that get a line on the map (reference proximity layers always do). */
export const DEFAULT_LINE_LAYERS = ['hsr-stations', 'ports', 'bridges'] as const;

export const EMPTY_OVERLAYS: ReviewOverlays = {
  conflicts: { type: 'FeatureCollection', features: [] },
  protectionZone: { type: 'FeatureCollection', features: [] },
  proximity: { type: 'FeatureCollection', features: [] },
};

function formatDistance(metres: number, lang: 'zh' | 'en', estimated = false): string {
  if (estimated) return formatEstimatedLength(metres, lang);
  if (metres >= 1000) return `${(metres / 1000).toFixed(2)} ${lang === 'zh' ? '千米' : 'km'}`;
  return `${Math.round(metres)} ${lang === 'zh' ? '米' : 'm'}`;
}

/**
 * What the map draws for a report, read from the report's findings: overlap shapes of the
 * conflicts and of the reference layers' findings, the outside part of `inside` layers, the
 * protection zones, the closest-point lines. Reports from before the engine carried geometry
 * simply draw nothing extra.
 */
export function reportOverlays(report: SiteReport): ReviewOverlays {
  const conflicts: Feature<Polygon | MultiPolygon, ConflictOverlayProperties>[] = [];
  for (const conflict of report.conflicts) {
    if (!conflict.geometry) continue;
    conflicts.push({
      type: 'Feature',
      // A built-in layer left out of the verdict: its overlaps are drawn as information, not in
      // the red or orange of what decides.
      properties: { layer: conflict.layer, id: conflict.id, severity: shownSeverity(report, conflict), name_zh: conflict.name.zh, name_en: conflict.name.en, overlap_m2: conflict.overlap_m2 },
      geometry: conflict.geometry,
    });
  }
  const proximity: Feature<LineString, ProximityOverlayProperties>[] = [];
  const lineTo = (layer: string, id: string, name: { zh: string; en: string }, distance: number, line: LineString, estimated = false) =>
    proximity.push({
      type: 'Feature',
      properties: {
        layer,
        id,
        distance_m: distance,
        label_zh: `${name.zh} ${formatDistance(distance, 'zh', estimated)}`,
        label_en: `${name.en} ${formatDistance(distance, 'en', estimated)}`,
      },
      geometry: line,
    });
  const lineLayers = new Set<string>(DEFAULT_LINE_LAYERS);
  for (const entry of report.proximity) {
    if (lineLayers.has(entry.layer) && entry.distance_m > 0 && entry.line) lineTo(entry.layer, entry.id, entry.name, entry.distance_m, entry.line, entry.accuracy === 'schematic');
  }
  for (const section of report.reference ?? []) {
    const counts = section.enabled !== false;
    for (const finding of section.findings) {
      const geometry = finding.geometry;
      if (!geometry) continue;
      const name = finding.name ?? finding.id;
      if (geometry.type === 'LineString') {
        if ((finding.distance_m ?? 0) > 0) lineTo(section.layer, finding.id, { zh: name, en: name }, finding.distance_m ?? 0, geometry);
      } else if ((geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') && finding.severity !== 'info') {
        conflicts.push({
          type: 'Feature',
          // A reference layer switched off counts for nothing: its overlaps are information.
          properties: { layer: section.layer, id: finding.id, severity: counts ? finding.severity : 'info', name_zh: `${section.name} ${name}`, name_en: `${section.name} ${name}`, overlap_m2: finding.overlap_m2 ?? 0 },
          geometry,
        });
      }
    }
    if (section.outside_geometry && (section.outside_m2 ?? 0) > 0) {
      conflicts.push({
        type: 'Feature',
        properties: { layer: section.layer, id: 'outside', severity: counts ? 'review' : 'info', name_zh: `${section.name} 之外`, name_en: `outside ${section.name}`, overlap_m2: section.outside_m2 ?? 0, ...(counts ? { unanswered: true } : {}) },
        geometry: section.outside_geometry,
      });
    }
  }
  // Blockers last: MapLibre draws a layer's features in source order, so they lie above the
  // overlaps that only ask for review (a 三调 耕地 class, the part outside the town boundary).
  const drawOrder = (feature: (typeof conflicts)[number]) => (feature.properties.severity === 'blocker' ? 2 : feature.properties.severity === 'info' ? 0 : 1);
  return {
    conflicts: { type: 'FeatureCollection', features: conflicts.sort((a, b) => drawOrder(a) - drawOrder(b)) },
    protectionZone: {
      type: 'FeatureCollection',
      features: (report.protection_zones ?? []).map((zone) => ({ type: 'Feature', properties: { width_m: zone.width_m }, geometry: zone.geometry })),
    },
    proximity: { type: 'FeatureCollection', features: proximity },
  };
}

/** Ends of the proximity lines as points (drawn as small dots on the feature side). */
export function proximityEnds(overlays: ReviewOverlays): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: overlays.proximity.features.map((line) => ({ type: 'Feature', properties: line.properties, geometry: { type: 'Point', coordinates: line.geometry.coordinates[1] } })),
  };
}

/** Above this many features the preview draws only the chosen one and the file's extent (MapLibre would copy all of them to its worker). */
export const PREVIEW_FEATURE_LIMIT = 2000;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const PREVIEW_FILL: LayerProps = {
  id: 'review-preview-fill',
  type: 'fill',
  paint: { 'fill-color': REVIEW_COLORS.preview, 'fill-opacity': 0.12 },
  filter: ['==', ['geometry-type'], 'Polygon'],
};
const PREVIEW_LINE: LayerProps = {
  id: 'review-preview-line',
  type: 'line',
  paint: { 'line-color': REVIEW_COLORS.preview, 'line-width': 1.5, 'line-dasharray': [2, 1.5] },
};
const PREVIEW_POINT: LayerProps = {
  id: 'review-preview-point',
  type: 'circle',
  paint: { 'circle-color': REVIEW_COLORS.preview, 'circle-radius': 4 },
  filter: ['==', ['geometry-type'], 'Point'],
};
const PREVIEW_CHOSEN: LayerProps = {
  id: 'review-preview-chosen',
  type: 'line',
  paint: { 'line-color': REVIEW_COLORS.preview, 'line-width': 3.5 },
};
const PROTECTION_ZONE_FILL: LayerProps = {
  id: 'review-protection-zone-fill',
  type: 'fill',
  paint: { 'fill-color': REVIEW_COLORS.protectionZone, 'fill-opacity': 0.35 },
};
const SITE_FILL: LayerProps = {
  id: 'review-site-fill',
  type: 'fill',
  paint: { 'fill-color': REVIEW_COLORS.site, 'fill-opacity': 0.14 },
};
const SITE_LINE: LayerProps = {
  id: 'review-site-line',
  type: 'line',
  paint: { 'line-color': REVIEW_COLORS.site, 'line-width': 2.5 },
};
const UNANSWERED: FilterSpecification = ['==', ['get', 'unanswered'], true];
// A part no layer answers for is a light wash under the review's hatch; an overlap is solid,
// drawn above them both (a 耕地 class inside a part outside the town boundary still shows solid).
const UNANSWERED_FILL: LayerProps = {
  id: 'review-unanswered-fill',
  type: 'fill',
  filter: UNANSWERED,
  paint: { 'fill-color': REVIEW_COLORS.conflictReview, 'fill-opacity': UNANSWERED_FILL_OPACITY },
};
/** A conflict's colour by its shown severity: red blocks, grey is information, orange asks for review. */
const SEVERITY_COLOR: ExpressionSpecification = ['match', ['get', 'severity'], 'blocker', REVIEW_COLORS.conflict, 'info', REVIEW_COLORS.uncounted, REVIEW_COLORS.conflictReview];

const CONFLICT_FILL: LayerProps = {
  id: 'review-conflict-fill',
  type: 'fill',
  filter: ['!', UNANSWERED],
  paint: {
    'fill-color': SEVERITY_COLOR,
    'fill-opacity': ['match', ['get', 'severity'], 'info', UNCOUNTED_FILL_OPACITY, 0.55],
  },
};
const CONFLICT_HATCH: LayerProps = {
  id: 'review-conflict-hatch',
  type: 'fill',
  filter: UNANSWERED,
  paint: { 'fill-antialias': false, 'fill-pattern': REVIEW_HATCH_PATTERN_ID },
};
const CONFLICT_LINE: LayerProps = {
  id: 'review-conflict-line',
  type: 'line',
  filter: ['!', UNANSWERED],
  paint: { 'line-color': SEVERITY_COLOR, 'line-width': 2 },
};
const CONFLICT_LINE_DASHED: LayerProps = {
  id: 'review-conflict-line-dashed',
  type: 'line',
  filter: UNANSWERED,
  paint: { 'line-color': REVIEW_COLORS.conflictReview, 'line-width': 2, 'line-dasharray': UNANSWERED_DASH },
};
/** The overlaps' layers, bottom to top: the unanswered parts (wash, hatch), the overlaps, the edges. */
export const CONFLICT_LAYERS: readonly LayerProps[] = [UNANSWERED_FILL, CONFLICT_HATCH, CONFLICT_FILL, CONFLICT_LINE_DASHED, CONFLICT_LINE];
const PROXIMITY_LINE: LayerProps = {
  id: 'review-proximity-line',
  type: 'line',
  paint: { 'line-color': REVIEW_COLORS.proximity, 'line-width': 1.5, 'line-dasharray': [3, 2] },
};
const PROXIMITY_END: LayerProps = {
  id: 'review-proximity-end',
  type: 'circle',
  paint: { 'circle-color': '#ffffff', 'circle-radius': 3.5, 'circle-stroke-color': REVIEW_COLORS.proximity, 'circle-stroke-width': 1.5 },
};

/** The sources of the review's marks, for a legend that lists only the marks a picture draws (print-view.tsx). */
export const MARK_SOURCE_IDS = { conflicts: 'review-conflicts', protectionZone: 'review-protection-zone', proximity: 'review-proximity' } as const;

const GOTO_POINT: LayerProps = {
  id: 'review-goto-point',
  type: 'circle',
  paint: { 'circle-color': REVIEW_COLORS.goto, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
};

function proximityLabel(language: 'zh' | 'en'): LayerProps {
  return {
    id: 'review-proximity-label',
    type: 'symbol',
    layout: {
      'symbol-placement': 'line-center',
      'text-field': ['get', language === 'zh' ? 'label_zh' : 'label_en'],
      'text-font': LABEL_FONT_STACK,
      'text-size': 12,
      // Horizontal at the middle of the line: the lines run in every direction and turned text is hard to read.
      'text-rotation-alignment': 'viewport',
      'text-allow-overlap': false,
    },
    paint: { 'text-color': REVIEW_COLORS.proximity, 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
  };
}

/** The features the import preview draws: all of them, or for a very large file the chosen one plus the extent. */
export function previewFeatures(collection: FeatureCollection, chosen: number): FeatureCollection {
  if (collection.features.length <= PREVIEW_FEATURE_LIMIT) return collection;
  const extent = bboxPolygon(turfBbox(collection)) as Feature<Polygon>;
  const feature = collection.features[chosen];
  return { type: 'FeatureCollection', features: feature ? [extent, feature] : [extent] };
}

export function ReviewLayers() {
  const draft = useReview((state) => state.draft);
  const reportState = useReview((state) => state.report);
  const importFlow = useReview((state) => state.importFlow);
  const goto = useReview((state) => state.goto);
  const language = useAtlas((state) => state.language);
  const report = shownReport(reportState);

  const overlays = useMemo(() => (report ? reportOverlays(report) : EMPTY_OVERLAYS), [report]);
  const ends = useMemo(() => proximityEnds(overlays), [overlays]);
  const editing = useReview((state) => state.editing);
  // While the boundary is edited terra-draw draws the site (with its handles); drawing it twice would hide them.
  const site = useMemo<FeatureCollection>(() => (draft && !editing ? { type: 'FeatureCollection', features: [draft.site] } : EMPTY), [draft, editing]);

  const preview = importFlow.phase === 'preview' ? importFlow : null;
  const previewData = useMemo(() => (preview ? previewFeatures(preview.result.features, preview.featureIndex) : EMPTY), [preview]);
  const chosenData = useMemo<FeatureCollection>(() => {
    const feature = preview?.result.features.features[preview.featureIndex];
    return feature && isPolygonal(feature) ? { type: 'FeatureCollection', features: [feature] } : EMPTY;
  }, [preview]);
  const gotoData = useMemo<FeatureCollection<Point>>(
    () => (goto ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: goto } }] } : EMPTY as FeatureCollection<Point>),
    [goto],
  );

  return (
    <>
      <ReviewOverlaySources site={site} overlays={overlays} ends={ends} language={language} />
      <Source id="review-preview" type="geojson" data={previewData}>
        <Layer {...PREVIEW_FILL} />
        <Layer {...PREVIEW_LINE} />
        <Layer {...PREVIEW_POINT} />
      </Source>
      <Source id="review-preview-chosen" type="geojson" data={chosenData}>
        <Layer {...PREVIEW_CHOSEN} />
      </Source>
      <Source id="review-goto" type="geojson" data={gotoData}>
        <Layer {...GOTO_POINT} />
      </Source>
      <ReviewCamera />
    </>
  );
}

/**
 * The site and what the review found around it (protection zone, overlaps, proximity lines),
 * drawn the same on the screen and in the print view.
 */
export function ReviewOverlaySources({
  site,
  overlays,
  ends,
  language,
}: {
  site: FeatureCollection;
  overlays: ReviewOverlays;
  ends: FeatureCollection;
  language: 'zh' | 'en';
}) {
  return (
    <>
      <Source id={MARK_SOURCE_IDS.protectionZone} type="geojson" data={overlays.protectionZone}>
        <Layer {...PROTECTION_ZONE_FILL} />
      </Source>
      <Source id="review-site" type="geojson" data={site}>
        <Layer {...SITE_FILL} />
      </Source>
      <Source id={MARK_SOURCE_IDS.conflicts} type="geojson" data={overlays.conflicts}>
        {CONFLICT_LAYERS.map((layer) => (
          <Layer key={layer.id} {...layer} />
        ))}
      </Source>
      {/* The site's boundary above the overlaps: where they reach its edge, it still shows. */}
      <Source id="review-site-outline" type="geojson" data={site}>
        <Layer {...SITE_LINE} />
      </Source>
      <Source id={MARK_SOURCE_IDS.proximity} type="geojson" data={overlays.proximity}>
        <Layer {...PROXIMITY_LINE} />
        <Layer {...proximityLabel(language)} />
      </Source>
      <Source id="review-proximity-ends" type="geojson" data={ends}>
        <Layer {...PROXIMITY_END} />
      </Source>
    </>
  );
}

/** Moves the camera when the review asks (a new site, a typed position): one fitBounds per request. */
function ReviewCamera() {
  const { current: map } = useMap();
  const focus = useReview((state) => state.focus);
  const layerPanelOpen = useAtlas((state) => state.layerPanelOpen);
  useEffect(() => {
    if (!map || !focus) return;
    // Keep the site clear of the layer panel floating over the left of the map.
    const container = map.getContainer();
    const width = container.clientWidth;
    const left = layerPanelOpen && width > 760 ? 330 : 50;
    // …and below the tool bar over its top, which wraps to two rows on narrow screens.
    const toolbar = document.querySelector('.planner-toolbar');
    const toolbarBottom = toolbar ? toolbar.getBoundingClientRect().bottom - container.getBoundingClientRect().top : 0;
    const top = Math.max(50, Math.min(toolbarBottom + 30, container.clientHeight / 3));
    const [west, south, east, north] = focus.bounds;
    map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding: { top, bottom: 50, right: 50, left }, maxZoom: focus.maxZoom, duration: 500 },
    );
    // Only a new request moves the camera, not a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.seq]);
  return null;
}
