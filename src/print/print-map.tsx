/**
 * The map of the printed report: a fixed-size, non-interactive MapLibre map fitted to the
 * site, drawing the planning layers (from the catalog style, as on screen) and the review's
 * overlays; once everything is drawn the canvas is captured as a PNG (the WebGL context keeps
 * its drawing buffer for this) and the image replaces the map, so the browser prints a
 * picture rather than a live canvas. The metres per pixel at capture feed the scale bar.
 */
import { useEffect, useMemo, useState } from 'react';
import Map, { Layer, Source } from 'react-map-gl/maplibre';
import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { maplibregl } from '../map/maplibre-setup';
import { BASE_STYLE, catalogStyle, LOCAL_IDEOGRAPH_FONT_FAMILY, addStyleImages, type CatalogSource } from '../map/catalog-style';
import { catalogSourceData } from '../map/label-points';
import { metresPerPixel } from '../map/scale';
import { proximityEnds, ReviewOverlaySources, type ReviewOverlays } from '../map/review-layers';
import type { DrawnFeature } from '../map/legend-items';
import type { CatalogLayer, Lang } from '../data/catalog-types';
import { referenceLayerSpecs, referenceSourceData, referenceSourceId } from '../map/reference-layers';
import type { PrintReference } from '../state/reference-actions';
import { PRINT_LAYER_IDS } from './print-layers';

/** A4 portrait, the default report paper: the map is 640 × 430 CSS px, printed ≈ 140 mm wide. */
export const PRINT_MAP_WIDTH = 640;
export const PRINT_MAP_HEIGHT = 430;
/** CSS pixels per printed millimetre of map (640 px over the 140 mm of an A4 portrait report). */
const PX_PER_MM = PRINT_MAP_WIDTH / 140;
/** Report page margins (print.css @page rules), left + right and top + bottom, mm. */
const REPORT_MARGIN_X_MM = 24;
const REPORT_MARGIN_Y_MM = 28;
/** The legend column beside the map and the gap before it (print.css .print-map-block), mm. */
const LEGEND_COLUMN_MM = 46;
/** The canvas is drawn at up to three times its CSS size for print, at most this many device pixels wide (MapLibre's default maxCanvasSize). */
const MAX_CANVAS_PX = 4096;

/**
 * CSS pixel size of the report's map on a sheet `widthMm` × `heightMm`: as wide as the page
 * leaves beside the legend, 2:3 high, and on a landscape page no more than 60% of the page's
 * height, so the title block and the map share the first page.
 */
export function printMapSize(widthMm: number, heightMm: number): { width: number; height: number } {
  const mapWidthMm = widthMm - REPORT_MARGIN_X_MM - LEGEND_COLUMN_MM;
  const mapHeightMm = Math.min(mapWidthMm * (PRINT_MAP_HEIGHT / PRINT_MAP_WIDTH), (heightMm - REPORT_MARGIN_Y_MM) * 0.6);
  return { width: Math.round(mapWidthMm * PX_PER_MM), height: Math.round(mapHeightMm * PX_PER_MM) };
}

export interface CapturedMap {
  dataUrl: string;
  /** Ground metres per CSS pixel at the map centre (Web Mercator, 512-px tiles). */
  metresPerPixel: number;
  widthPx: number;
  heightPx: number;
  /** The features drawn in the frame (their source and attributes): the legend lists only what they show. */
  drawn: DrawnFeature[];
  /** The frame drawn, lon/lat: west, south, east, north. */
  bounds: [number, number, number, number];
}


const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function PrintMap({
  layers,
  layerData,
  site,
  overlays,
  bounds,
  language,
  size,
  reference,
  onCaptured,
}: {
  layers: readonly CatalogLayer[];
  layerData: (layerId: string) => FeatureCollection | undefined;
  site: FeatureCollection;
  overlays: ReviewOverlays;
  bounds: [number, number, number, number];
  language: Lang;
  /** CSS pixels (printMapSize). */
  size: { width: number; height: number };
  /** The bureau's layers the report was reviewed against, read for the frame; undefined while they are read. */
  reference: PrintReference | undefined;
  onCaptured: (capture: CapturedMap) => void;
}) {
  const pixelRatio = Math.min(3, MAX_CANVAS_PX / size.width);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const printLayers = useMemo(() => layers.filter((layer) => (PRINT_LAYER_IDS as readonly string[]).includes(layer.id)), [layers]);
  const layerUi = useMemo(() => Object.fromEntries(printLayers.map((layer) => [layer.id, { visible: true, opacity: 1 }])), [printLayers]);
  const style = useMemo(() => catalogStyle({ layers: printLayers, layerUi, language }), [printLayers, layerUi, language]);
  const ends = useMemo(() => proximityEnds(overlays), [overlays]);
  // The picture is taken once the atlas's layers and the reference layers' features are in.
  const allLoaded = printLayers.every((layer) => layerData(layer.id) !== undefined) && reference !== undefined;

  const sourceData = (source: CatalogSource): FeatureCollection => {
    const data = layerData(source.layerId);
    if (!data) return EMPTY;
    return catalogSourceData(source, data);
  };

  useEffect(() => {
    if (!map || !allLoaded) return;
    let cancelled = false;
    const capture = () => {
      if (cancelled) return;
      const canvas = map.getCanvas();
      const center = map.getCenter();
      onCaptured({
        dataUrl: canvas.toDataURL('image/png'),
        metresPerPixel: metresPerPixel(center.lat, map.getZoom()),
        widthPx: size.width,
        heightPx: size.height,
        drawn: map.queryRenderedFeatures().map((feature) => ({ source: feature.source, properties: feature.properties })),
        bounds: map.getBounds().toArray().flat() as [number, number, number, number],
      });
    };
    // 'idle': every source loaded and the last frame drawn; the repaint makes an idle map fire it again.
    map.once('idle', capture);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', capture);
    };
  }, [map, allLoaded, overlays, site, size, reference, onCaptured]);

  return (
    <div className="print-map-live" style={{ width: size.width, height: size.height }}>
      <Map
        mapLib={maplibregl}
        initialViewState={{
          bounds: [
            [bounds[0], bounds[1]],
            [bounds[2], bounds[3]],
          ],
          fitBoundsOptions: { padding: 36 },
        }}
        mapStyle={BASE_STYLE}
        localIdeographFontFamily={LOCAL_IDEOGRAPH_FONT_FAMILY}
        interactive={false}
        attributionControl={false}
        pixelRatio={pixelRatio}
        canvasContextAttributes={{ preserveDrawingBuffer: true }}
        fadeDuration={0}
        onLoad={(event) => setMap(addStyleImages(event.target))}
        style={{ width: size.width, height: size.height }}
      >
        {map && allLoaded && (
          <>
            {style.sources.map((source) => (
              <Source key={source.id} id={source.id} type="geojson" promoteId={source.promoteId} data={sourceData(source)} />
            ))}
            {style.layers.map((layer) => (
              <Layer key={layer.id} {...layer} />
            ))}
            {reference?.layers.map((layer) => (
              <Source key={layer.id} id={referenceSourceId(layer.id)} type="geojson" data={referenceSourceData(reference.features[layer.id])}>
                {referenceLayerSpecs(layer).map((spec) => (
                  <Layer key={spec.id} {...spec} />
                ))}
              </Source>
            ))}
            <ReviewOverlaySources site={site} overlays={overlays} ends={ends} language={language} />
          </>
        )}
      </Map>
    </div>
  );
}
