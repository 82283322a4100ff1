/**
 * The review's map overlays, rendered inside <AtlasMap>: the import preview, the site, the
 * railway protection zone near it, the overlap with each conflict, lines to the nearest
 * station / port / bridge, the typed go-to position. All GeoJSON sources derived from the
 * review state (review-overlays.ts); the layer specs are constants here. Nothing calls
 * addLayer by hand; the camera moves only when the state asks for it (`focus`).
 */
import { useEffect, useMemo } from 'react';
import { Layer, Source, useMap, type LayerProps } from 'react-map-gl/maplibre';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { bbox as turfBbox, bboxPolygon } from '@turf/turf';
import { LABEL_FONT_STACK } from './catalog-style';
import { useAtlas } from '../state/atlas-store';
import { useReview } from '../state/review-store';
import { shownReport } from '../state/review-state';
import { EMPTY_OVERLAYS, proximityEnds, reviewOverlays, type ReviewOverlays } from '../state/review-overlays';
import { useReviewLayerData } from '../state/review-layer-data';
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
} as const;

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
const CONFLICT_FILL: LayerProps = {
  id: 'review-conflict-fill',
  type: 'fill',
  paint: {
    'fill-color': ['match', ['get', 'severity'], 'blocker', REVIEW_COLORS.conflict, REVIEW_COLORS.conflictReview],
    'fill-opacity': 0.55,
  },
};
const CONFLICT_LINE: LayerProps = {
  id: 'review-conflict-line',
  type: 'line',
  paint: { 'line-color': ['match', ['get', 'severity'], 'blocker', REVIEW_COLORS.conflict, REVIEW_COLORS.conflictReview], 'line-width': 2 },
};
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
  const layers = useReviewLayerData(draft !== null);
  const report = shownReport(reportState);
  const railClass = draft?.proposal.railClass;

  const overlays = useMemo(() => (report ? reviewOverlays(report, layers, { railClass }) : EMPTY_OVERLAYS), [report, layers, railClass]);
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
      <Source id="review-protection-zone" type="geojson" data={overlays.protectionZone}>
        <Layer {...PROTECTION_ZONE_FILL} />
      </Source>
      <Source id="review-site" type="geojson" data={site}>
        <Layer {...SITE_FILL} />
        <Layer {...SITE_LINE} />
      </Source>
      <Source id="review-conflicts" type="geojson" data={overlays.conflicts}>
        <Layer {...CONFLICT_FILL} />
        <Layer {...CONFLICT_LINE} />
      </Source>
      <Source id="review-proximity" type="geojson" data={overlays.proximity}>
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
    const width = map.getContainer().clientWidth;
    const left = layerPanelOpen && width > 760 ? 330 : 50;
    const [west, south, east, north] = focus.bounds;
    map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding: { top: 50, bottom: 50, right: 50, left }, maxZoom: focus.maxZoom, duration: 500 },
    );
    // Only a new request moves the camera, not a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.seq]);
  return null;
}
