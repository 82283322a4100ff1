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
import { labelPoints } from '../map/label-points';
import { proximityEnds, ReviewOverlaySources, type ReviewOverlays } from '../map/review-layers';
import type { CatalogLayer, Lang } from '../data/catalog-types';

/** Layers drawn on the printed map (key projects are left out: they crowd a site-scale map). */
export const PRINT_LAYER_IDS = [
  'basemap-land',
  'basemap-counties',
  'development-zones',
  'industrial-parks',
  'marine-ranch',
  'roads',
  'hsr-line',
  'railways',
  'bridges',
  'hsr-stations',
  'railway-stations',
  'ports',
  'towns',
] as const;

/**
 * CSS pixels of the map, close to its printed size (≈ 140 mm ≈ 530 px at 96 dpi) so labels
 * print at a readable size; drawn at three times the resolution for print.
 */
export const PRINT_MAP_WIDTH = 640;
export const PRINT_MAP_HEIGHT = 430;
const PIXEL_RATIO = 3;

export interface CapturedMap {
  dataUrl: string;
  /** Ground metres per CSS pixel at the map centre (Web Mercator, 512-px tiles). */
  metresPerPixel: number;
  widthPx: number;
  heightPx: number;
}

/** WGS 84 equatorial circumference, metres (MapLibre's own constant). */
const EARTH_CIRCUMFERENCE = 2 * Math.PI * 6378137;

export function metresPerPixel(latitude: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function PrintMap({
  layers,
  layerData,
  site,
  overlays,
  bounds,
  language,
  onCaptured,
}: {
  layers: readonly CatalogLayer[];
  layerData: (layerId: string) => FeatureCollection | undefined;
  site: FeatureCollection;
  overlays: ReviewOverlays;
  bounds: [number, number, number, number];
  language: Lang;
  onCaptured: (capture: CapturedMap) => void;
}) {
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const printLayers = useMemo(() => layers.filter((layer) => (PRINT_LAYER_IDS as readonly string[]).includes(layer.id)), [layers]);
  const layerUi = useMemo(() => Object.fromEntries(printLayers.map((layer) => [layer.id, { visible: true, opacity: 1 }])), [printLayers]);
  const style = useMemo(() => catalogStyle({ layers: printLayers, layerUi, language }), [printLayers, layerUi, language]);
  const ends = useMemo(() => proximityEnds(overlays), [overlays]);
  const allLoaded = printLayers.every((layer) => layerData(layer.id) !== undefined);

  const sourceData = (source: CatalogSource): FeatureCollection => {
    const data = layerData(source.layerId);
    if (!data) return EMPTY;
    return source.role === 'features' ? data : labelPoints(data);
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
        widthPx: PRINT_MAP_WIDTH,
        heightPx: PRINT_MAP_HEIGHT,
      });
    };
    // 'idle': every source loaded and the last frame drawn; the repaint makes an idle map fire it again.
    map.once('idle', capture);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', capture);
    };
  }, [map, allLoaded, overlays, site, onCaptured]);

  return (
    <div className="print-map-live" style={{ width: PRINT_MAP_WIDTH, height: PRINT_MAP_HEIGHT }}>
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
        pixelRatio={PIXEL_RATIO}
        canvasContextAttributes={{ preserveDrawingBuffer: true }}
        fadeDuration={0}
        onLoad={(event) => setMap(addStyleImages(event.target))}
        style={{ width: PRINT_MAP_WIDTH, height: PRINT_MAP_HEIGHT }}
      >
        {map && allLoaded && (
          <>
            {style.sources.map((source) => (
              <Source key={source.id} id={source.id} type="geojson" promoteId={source.promoteId} data={sourceData(source)} />
            ))}
            {style.layers.map((layer) => (
              <Layer key={layer.id} {...layer} />
            ))}
            <ReviewOverlaySources site={site} overlays={overlays} ends={ends} language={language} />
          </>
        )}
      </Map>
    </div>
  );
}
