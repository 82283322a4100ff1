/**
 * The map: a controlled react-map-gl <Map> whose view lives in the store, with one
 * <Source> per catalog layer and the <Layer>s `catalogStyle` derives from the state.
 * Hover and click go to the store; the cursor position to the cursor store.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import Map, {
  Layer,
  NavigationControl,
  ScaleControl,
  Source,
  type MapLayerMouseEvent,
  type ViewStateChangeEvent,
} from 'react-map-gl/maplibre';
import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { maplibregl } from './maplibre-setup';
import { attributionHtml } from './attribution';
import { CollapsedAttribution } from './collapsed-attribution';
import { BASE_STYLE, SEA_COLOR, catalogStyle, LOCAL_IDEOGRAPH_FONT_FAMILY, addStyleImages, type CatalogSource } from './catalog-style';
import { catalogSourceData } from './label-points';
import { useFeatureStates } from './use-feature-states';
import { useFirstDraw } from './use-first-draw';
import { useTestHooks } from './use-test-hooks';
import { useControlLocale } from './control-locale';
import { holdFirstDraw } from './hold-first-draw';
// Issue 12: the bureau's reference layers load after the first draw (they start the analysis worker).
import { LazyReferenceLayers as ReferenceLayers } from '../components/lazy/lazy-reference';
import { useAtlas, useAtlasStore, useDispatch } from '../state/atlas-store';
import { useTranslation } from '../state/use-translation';
import { setCursorPosition } from '../state/cursor-store';
import type { AtlasState, FeatureRef, LayerLoad } from '../state/atlas-state';

const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };
const NO_LAYERS: string[] = [];

function sourceData(source: CatalogSource, load: LayerLoad | undefined): FeatureCollection {
  return load?.status === 'loaded' ? catalogSourceData(source, load.data) : EMPTY_COLLECTION;
}

/** Keeps the camera near the atlas region: there is no data (and no basemap) beyond it. */
const MAX_BOUNDS: [number, number, number, number] = [118, 35, 125.5, 39];

function featureRefOf(event: MapLayerMouseEvent): FeatureRef | null {
  const feature = event.features?.[0];
  if (!feature || feature.id === undefined || feature.id === null) return null;
  return { layerId: feature.source, featureId: feature.id };
}

/**
 * True once every catalog layer is in the map's style (and from then on). react-map-gl adds a
 * <Layer> when its source is ready, not in JSX order, so overlays wait for this to be added
 * after — and so drawn above — the catalog layers.
 */
function useCatalogLayersMounted(map: MapLibreMap | null, layerIds: readonly string[]): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    if (!map || mounted || layerIds.length === 0) return;
    const check = () => {
      if (layerIds.every((id) => map.getLayer(id))) setMounted(true);
    };
    check();
    map.on('styledata', check);
    return () => {
      map.off('styledata', check);
    };
  }, [map, mounted, layerIds]);
  return mounted;
}

/** Longest wait for the initial layers' data before the map is built anyway (ms). */
const INITIAL_DATA_WAIT_MS = 8000;

/**
 * True once every initially visible layer has its data, failed or was hidden, or the catalog
 * failed, or INITIAL_DATA_WAIT_MS passed — and from then on. Issue 12 (first draw): the map is
 * built only then, so it does not draw empty frames while the data is read (in software GL each
 * frame holds the main thread 50–250 ms), and with the catalog's sources already in its style:
 * the worker tiles them in one pass and the picture comes in one frame.
 */
function useInitialDataIn(): boolean {
  const ready = useAtlas(
    (state) =>
      (state.catalog === null && state.errors.some((error) => error.id === 'catalog')) ||
      (state.initialLayers !== null &&
        state.initialLayers.every((layerId) => {
          const status = state.layerData[layerId]?.status;
          return status === 'loaded' || status === 'error' || !state.layerUi[layerId]?.visible;
        })),
  );
  const [latched, setLatched] = useState(false);
  useEffect(() => {
    if (ready) setLatched(true);
  }, [ready]);
  useEffect(() => {
    const timer = setTimeout(() => setLatched(true), INITIAL_DATA_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  return ready || latched;
}

/**
 * The map's style for the atlas's state as it stands: the fixed base, then every catalog source
 * with the data read so far (empty for a layer still loading, failed or hidden) and the
 * catalog's layers in draw order.
 */
function mapStyleOf(state: AtlasState): StyleSpecification {
  const { catalog, layerUi, language, hovered, selected, layerData } = state;
  const style = catalogStyle({ layers: catalog?.layers ?? [], layerUi, language, hovered, selected });
  const sources: StyleSpecification['sources'] = { ...BASE_STYLE.sources };
  for (const source of style.sources) {
    const { type, promoteId, buffer, tolerance } = source;
    sources[source.id] = { type, promoteId, buffer, tolerance, data: sourceData(source, layerData[source.layerId]) };
  }
  return { ...BASE_STYLE, sources, layers: [...BASE_STYLE.layers, ...style.layers] };
}

/** Whether what the catalog's style is made of changed between two states. */
function catalogStyleChanged(before: AtlasState, after: AtlasState): boolean {
  return (['catalog', 'layerUi', 'language', 'layerData'] as const).some((key) => before[key] !== after[key]);
}

const prepared = new WeakSet<MapLibreMap>();

/** When the map's style is read or changed: the style's images (added once), and, the first time, the first-draw hold. */
function prepareFirstDraw(map: MapLibreMap): void {
  addStyleImages(map);
  if (prepared.has(map)) return;
  prepared.add(map);
  holdFirstDraw(map);
}

export interface AtlasMapProps {
  /** Overlays (review site, drawing, presentation) rendered inside the <Map>, so they can use
   * <Source>/<Layer>/useMap; mounted after the catalog layers so they draw above them. */
  children?: ReactNode;
  /** false while a drawing tool or vertex editing owns the pointer: no hover, no feature selection. */
  featureInteraction?: boolean;
}

export function AtlasMap({ children, featureInteraction = true }: AtlasMapProps = {}) {
  const dispatch = useDispatch();
  const view = useAtlas((state) => state.view);
  const catalog = useAtlas((state) => state.catalog);
  const layerUi = useAtlas((state) => state.layerUi);
  const layerData = useAtlas((state) => state.layerData);
  const language = useAtlas((state) => state.language);
  const hovered = useAtlas((state) => state.hovered);
  const selected = useAtlas((state) => state.selected);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const dataIn = useInitialDataIn();
  const store = useAtlasStore();
  /** The style the map was built with, and the state it was made from. */
  const [initial, setInitial] = useState<{ style: StyleSpecification; from: AtlasState } | null>(null);
  const { t } = useTranslation();

  const style = useMemo(
    () => catalogStyle({ layers: catalog?.layers ?? [], layerUi, language, hovered, selected }),
    [catalog, layerUi, language, hovered, selected],
  );
  const attribution = useMemo(() => attributionHtml(catalog?.layers ?? []), [catalog]);

  const catalogLayerIds = useMemo(() => style.layers.map((layer) => layer.id), [style.layers]);
  const overlaysReady = useCatalogLayersMounted(catalog ? map : null, catalogLayerIds);

  useFeatureStates(map, style.featureStates);
  useFirstDraw(map, map !== null && catalog !== null);
  useTestHooks(map);
  useControlLocale(map, language);

  const onMove = useCallback(
    (event: ViewStateChangeEvent) => {
      const { zoom, latitude, longitude, bearing, pitch } = event.viewState;
      dispatch({ type: 'view-changed', view: { zoom, latitude, longitude, bearing, pitch } });
    },
    [dispatch],
  );

  const onMouseMove = useCallback(
    (event: MapLayerMouseEvent) => {
      setCursorPosition({ longitude: event.lngLat.lng, latitude: event.lngLat.lat });
      dispatch({ type: 'feature-hovered', feature: featureRefOf(event) });
    },
    [dispatch],
  );

  const onMouseOut = useCallback(() => {
    setCursorPosition(null);
    dispatch({ type: 'feature-hovered', feature: null });
  }, [dispatch]);

  const onClick = useCallback(
    (event: MapLayerMouseEvent) => dispatch({ type: 'feature-selected', feature: featureRefOf(event) }),
    [dispatch],
  );

  // The map is built once, with the catalog's sources and layers already in its style (issue 12,
  // first draw): MapLibre's worker starts tiling them as soon as the style is read, while the
  // main thread is still busy with the map's first frame and its shaders. Afterwards the
  // <Source>s and <Layer>s below find them in place and change only what changes.
  if (dataIn && initial === null) {
    const from = store.getState();
    setInitial({ style: mapStyleOf(from), from });
  }
  if (!dataIn || initial === null) {
    return (
      <div style={{ position: 'absolute', inset: 0, background: SEA_COLOR }} aria-busy="true">
        <div className="map-loading">{t('map.loading')}</div>
      </div>
    );
  }

  return (
    <Map
      mapLib={maplibregl}
      {...view}
      onMove={onMove}
      // When the style is read, before any tile is asked for: the hatch images the fill
      // patterns need, and the hold that keeps the frames blank until the first picture is
      // complete (hold-first-draw.ts).
      onStyleData={(event) => prepareFirstDraw(event.target)}
      // 'load' fires once every initial tile is in (the sources are in the style from the start).
      // A layer ticked, or its data come in, meanwhile is brought into the map first (a style
      // diff: setData, paint, layout): the <Source>s and <Layer>s mounted next take the map's
      // style as their starting point and pass on only later changes.
      onLoad={(event) => {
        const now = store.getState();
        if (catalogStyleChanged(initial.from, now)) event.target.setStyle(mapStyleOf(now), { diff: true });
        flushSync(() => setMap(event.target));
      }}
      onMouseMove={onMouseMove}
      onMouseOut={onMouseOut}
      onClick={onClick}
      interactiveLayerIds={featureInteraction ? style.interactiveLayerIds : NO_LAYERS}
      cursor={hovered ? 'pointer' : 'grab'}
      mapStyle={initial.style}
      localIdeographFontFamily={LOCAL_IDEOGRAPH_FONT_FAMILY}
      attributionControl={false}
      maxBounds={MAX_BOUNDS}
      minZoom={5}
      maxZoom={18}
      // The sea colour shows until the map's first frame is drawn.
      style={{ position: 'absolute', inset: 0, background: SEA_COLOR }}
    >
      {/* Mounted after 'load': the sources and layers are already in the map's style (initial
          style, in draw order), so these only change paint, layout and data from then on. */}
      {map && catalog && (
        <>
          {style.sources.map((source) => (
            <Source
              key={source.id}
              id={source.id}
              type="geojson"
              promoteId={source.promoteId}
              buffer={source.buffer}
              tolerance={source.tolerance}
              data={sourceData(source, layerData[source.layerId])}
            />
          ))}
          {style.layers.map((layer) => (
            <Layer key={layer.id} {...layer} />
          ))}
          {/* The bureau's reference layers (issue 10), below the review's overlays. */}
          {overlaysReady && <ReferenceLayers />}
          {overlaysReady && children}
          {/* MapLibre stacks bottom controls upwards in the order they are added: attribution
              first keeps it at the very bottom, the scale bar above it, navigation on top. */}
          <CollapsedAttribution key={attribution.join('|')} credits={attribution} />
          <ScaleControl key={`scale-${language}`} position="bottom-right" unit="metric" maxWidth={120} />
          <NavigationControl key={`navigation-${language}`} position="bottom-right" visualizePitch />
        </>
      )}
    </Map>
  );
}
