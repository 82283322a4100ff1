/**
 * A printable map sheet (issue 14): `#sheet=A3-landscape` (A4/A3, portrait/landscape) shows
 * the current view on one sheet — title, the map with CGCS2000 Gauss–Krüger grid coordinates
 * on its frame, north arrow, scale bar, legend of what the frame shows (the layer panel's
 * swatches; a 用地用海 reference layer by class, in the spec's colours), provenance and date — sized in millimetres, with a matching named CSS `@page`
 * (map-sheet.css; the CSP allows no inline style element), so the
 * browser's print (or a headless `page.pdf()`) gives the sheet as it is on screen.
 */
import { useEffect, useMemo, useState } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { AtlasMap } from '../../map/atlas-map';
import { drawnLegend, drawnReferenceFeatures, mapLegend, type DrawnFeature } from '../../map/legend-items';
import { sheetMillimetres } from '../../map/tools/export-png';
import { metresPerPixel, niceLength } from '../../map/scale';
import { gaussKrugerZoneFor, projectPoint } from '../../crs/projections';
import { useAtlas } from '../../state/atlas-store';
import { useTranslation } from '../../state/use-translation';
import { useReference } from '../../state/reference-hooks';
import { referenceFeatures as selectReferenceFeatures, referenceLayers as selectReferenceLayers, type ReferenceState } from '../../state/reference-state';
import { LegendSwatch } from '../legend-swatch';
import { localDay } from '../../io/text';
import './map-sheet.css';
// The route lives apart so the app shell can read it without loading the sheet (issue 12: first load).
import type { SheetChoice } from './sheet-route';
export { parseSheet, SHEET_KEY, useSheetRoute, type SheetChoice } from './sheet-route';

/** Page margin, mm: inside the printable area of common printers (the named @page rules in map-sheet.css). */
const MARGIN_MM = 8;


interface Tick {
  value: number;
  /** Fraction along the edge (0 = left / top). */
  at: number;
}

interface SheetFigures {
  eastings: Tick[];
  northings: Tick[];
  zone: string;
  scaleMetres: number;
  scaleFraction: number;
  image: string;
  /** The frame's corners in the zone (easting with the zone prefix, northing), clockwise from the top left. */
  frameCorners: [number, number][];
  /** What the frame draws (source and properties of each feature): the legend lists only that. */
  drawn: DrawnFeature[];
}

/** Longest wait for the reference layers' features before the sheet is read without them, ms. */
const REFERENCE_WAIT_MS = 10_000;

/** Round Gauss–Krüger values between the frame's corners, linearly placed along the edge. */
function ticks(start: number, end: number): Tick[] {
  const interval = niceLength(Math.abs(end - start) / 3);
  const low = Math.min(start, end);
  const high = Math.max(start, end);
  const out: Tick[] = [];
  for (let value = Math.ceil(low / interval) * interval; value <= high; value += interval) out.push({ value, at: (value - start) / (end - start) });
  return out;
}

/** Reads the drawn map: grid ticks, scale bar, and a still image of the map for print. */
function SheetReader({ onRead }: { onRead: (figures: SheetFigures) => void }) {
  const { current: mapRef } = useMap();
  const firstDrawn = useAtlas((state) => state.firstDrawn);
  // The bureau's reference layers come after the first draw: the still image waits until each
  // shown layer's features were read for a box holding this frame (not the main map's view).
  const referenceListed = useReference(selectReferenceListed);
  const referenceLayers = useReference(selectReferenceLayers);
  const readBounds = useReference(selectReadBounds);
  const map: MapLibreMap | undefined = mapRef?.getMap();
  const referenceRead =
    referenceListed &&
    map !== undefined &&
    referenceLayers.every((layer) => layer.style?.visible === false || covers(readBounds[layer.id], map.getBounds().toArray().flat() as [number, number, number, number]));
  // …but not for ever: a layer whose read fails (a server gone) is left out after a while.
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (!firstDrawn) return;
    const timer = setTimeout(() => setWaited(true), REFERENCE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [firstDrawn]);
  const referenceReady = referenceRead || waited;
  useEffect(() => {
    const map: MapLibreMap | undefined = mapRef?.getMap();
    if (!map || !firstDrawn || !referenceReady) return;
    let cancelled = false;
    const read = () => {
      const canvas = map.getCanvas();
      const { width, height } = canvas.getBoundingClientRect();
      const zone = gaussKrugerZoneFor(map.getCenter().lng);
      const corner = (x: number, y: number) => {
        const { lng, lat } = map.unproject([x, y]);
        return projectPoint([lng, lat], zone);
      };
      const [westEasting] = corner(0, height);
      const [eastEasting] = corner(width, height);
      const [, topNorthing] = corner(0, 0);
      const [, bottomNorthing] = corner(0, height);
      const metres = metresPerPixel(map.getCenter().lat, map.getZoom());
      const scaleMetres = niceLength(metres * width * 0.2);
      // What the frame shows: only source and properties are kept, not each drawn geometry.
      const drawn = map.queryRenderedFeatures().map((feature) => ({ source: feature.source, properties: feature.properties }));
      // Right after a frame is drawn the WebGL buffer still holds it (no preserveDrawingBuffer needed).
      map.once('render', () => {
        if (cancelled) return;
        onRead({
          eastings: ticks(westEasting, eastEasting),
          northings: ticks(topNorthing, bottomNorthing),
          zone,
          scaleMetres,
          scaleFraction: scaleMetres / metres / width,
          image: canvas.toDataURL('image/png'),
          frameCorners: [corner(0, 0), corner(width, 0), corner(width, height), corner(0, height)].map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]),
          drawn,
        });
      });
      map.triggerRepaint();
    };
    map.once('idle', read);
    map.triggerRepaint();
    return () => {
      cancelled = true;
    };
  }, [mapRef, firstDrawn, referenceReady, onRead]);
  return null;
}

const formatGrid = (value: number) => Math.round(value).toString();

export function MapSheet({ sheet }: { sheet: SheetChoice }) {
  const { lang, t } = useTranslation();
  const catalog = useAtlas((state) => state.catalog);
  const layerUi = useAtlas((state) => state.layerUi);
  const layerData = useAtlas((state) => state.layerData);
  const [figures, setFigures] = useState<SheetFigures | null>(null);
  const referenceLayers = useReference(selectReferenceLayers);
  const referenceFeatures = useReference(selectReferenceFeatures);
  const [widthMm, heightMm] = sheetMillimetres(sheet.paper, sheet.orientation);

  const legend = useMemo(() => {
    // Once the frame is drawn, its reference classes are those it drew (not the store's latest read).
    const features = figures ? drawnReferenceFeatures(referenceLayers.map((layer) => layer.id), figures.drawn) : referenceFeatures;
    const shown = mapLegend(catalog?.layers ?? [], layerUi, layerData, referenceLayers, features, lang);
    return figures ? drawnLegend(shown, figures.drawn) : shown;
  }, [catalog, layerUi, layerData, lang, referenceLayers, referenceFeatures, figures]);
  const schematic = catalog?.layers.some((layer) => layerUi[layer.id]?.visible && layer.provenance.accuracy === 'schematic') ?? false;
  const sources = [...new Set((catalog?.layers ?? []).filter((layer) => layerUi[layer.id]?.visible).map((layer) => layer.attribution))].join('; ');
  const date = localDay();
  const scaleLabel = figures ? (figures.scaleMetres >= 1000 ? `${figures.scaleMetres / 1000} km` : `${figures.scaleMetres} m`) : '';

  return (
    <div className="map-sheet-page">
      <div
        className="map-sheet"
        data-testid="map-sheet"
        data-paper={`${sheet.paper}-${sheet.orientation}`}
        style={{ width: `${widthMm - 2 * MARGIN_MM}mm`, height: `${heightMm - 2 * MARGIN_MM}mm` }}
      >
        <header className="map-sheet-title">
          <h1>{t('app.title')}</h1>
          <span>{t('tools.sheet.subtitle', { paper: `${sheet.paper} ${sheet.orientation === 'landscape' ? t('tools.export.landscape') : t('tools.export.portrait')}`, date })}</span>
        </header>
        <div className="map-sheet-body">
          <div className="map-sheet-frame" data-frame-zone={figures?.zone} data-frame-corners={figures ? JSON.stringify(figures.frameCorners) : undefined}>
            <div className="map-sheet-map">
              {figures ? (
                <img src={figures.image} alt={t('tools.sheet.mapAlt')} />
              ) : (
                <AtlasMap featureInteraction={false}>
                  <SheetReader onRead={setFigures} />
                </AtlasMap>
              )}
              <svg className="map-sheet-north" viewBox="0 0 24 40" aria-label={t('tools.sheet.north')}>
                <text x="12" y="9" textAnchor="middle" fontSize="9" fontWeight="bold">
                  N
                </text>
                <path d="M12 12 L19 38 L12 32 L5 38 Z" fill="#111827" />
              </svg>
              {figures && (
                <div className="map-sheet-scale" data-testid="map-sheet-scale">
                  <div className="map-sheet-scale-bar" style={{ width: `${figures.scaleFraction * 100}%` }} />
                  <span>
                    {t('tools.sheet.scale')} {scaleLabel}
                  </span>
                </div>
              )}
            </div>
            {figures && (
              <>
                {figures.eastings.map((tick) => (
                  <span key={`top-${tick.value}`} className="map-sheet-grid is-top" style={{ left: `${tick.at * 100}%` }}>
                    {formatGrid(tick.value)}
                  </span>
                ))}
                {figures.eastings.map((tick) => (
                  <span key={`bottom-${tick.value}`} className="map-sheet-grid is-bottom" style={{ left: `${tick.at * 100}%` }}>
                    {formatGrid(tick.value)}
                  </span>
                ))}
                {figures.northings.map((tick) => (
                  <span key={`left-${tick.value}`} className="map-sheet-grid is-left" style={{ top: `${tick.at * 100}%` }}>
                    {formatGrid(tick.value)}
                  </span>
                ))}
              </>
            )}
          </div>
          <aside className="map-sheet-legend" data-testid="map-sheet-legend">
            <h2>{t('tools.export.legend')}</h2>
            <ul>
              {legend.map((item, index) => (
                <li key={`${index}-${item.title}`}>
                  <LegendSwatch entry={item.entry} />
                  <span>{item.title}</span>
                </li>
              ))}
            </ul>
          </aside>
        </div>
        <footer className="map-sheet-provenance">
          {t('tools.sheet.grid', { zone: figures?.zone ?? '' })} · {schematic ? `${t('tools.export.schematic')} · ` : ''}
          {t('tools.sheet.sources')}: {sources} · {t('tools.export.date', { date })}
        </footer>
        {figures && <span data-testid="map-sheet-ready" hidden />}
      </div>
    </div>
  );
}

const selectReferenceListed = (state: ReferenceState) => state.listing !== null || state.listError !== null;
const selectReadBounds = (state: ReferenceState) => state.readBounds;

/** Whether a read box [w, s, e, n] holds the frame [w, s, e, n] (to a hair: both come from the same map). */
function covers(read: [number, number, number, number] | undefined, frame: [number, number, number, number]): boolean {
  if (!read) return false;
  const hair = 1e-9;
  return read[0] <= frame[0] + hair && read[1] <= frame[1] + hair && read[2] >= frame[2] - hair && read[3] >= frame[3] - hair;
}
