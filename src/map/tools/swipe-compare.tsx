/**
 * Swipe compare (issue 14): two layers or layer groups side by side under a draggable
 * divider. The approach of maplibre-gl-compare, written here in a few dozen lines rather than
 * added as a dependency (it is unmaintained since 2022 and expects a global `maplibregl`): a
 * second, non-interactive map with the same style lies over the atlas map, kept on the same
 * camera, and is clipped with CSS `clip-path` to the right of the divider. The atlas map (left)
 * shows the left choice and hides the right one; the overlay the reverse.
 */
import { useEffect, useRef, useState } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { maplibregl } from '../maplibre-setup';
import { addStyleImages, LOCAL_IDEOGRAPH_FONT_FAMILY } from '../catalog-style';
import { useAtlas, useDispatch } from '../../state/atlas-store';
import { toolsStore, useTools } from '../../state/tools-store';
import type { CatalogLayer } from '../../data/catalog-types';
import { useTranslation } from '../../state/use-translation';
import '../../components/tools/tools.css';

/** The catalog layers a choice ('group:<group>' / 'layer:<id>') stands for. */
export function layersOfChoice(choice: string, layers: readonly CatalogLayer[]): string[] {
  const [kind, value] = choice.split(':');
  return layers.filter((layer) => (kind === 'group' ? layer.group === value : layer.id === value)).map((layer) => layer.id);
}

/** MapLibre layers drawn for catalog layer `id` (catalog-style names them `<id>-…`). */
function styleLayerIdsOf(style: StyleSpecification, ids: readonly string[]): string[] {
  return style.layers.filter((layer) => ids.some((id) => layer.id.startsWith(`${id}-`))).map((layer) => layer.id);
}

function renderedCount(map: MapLibreMap, layerIds: string[], box: [[number, number], [number, number]]): number {
  const present = layerIds.filter((id) => map.getLayer(id) && !id.endsWith('-label'));
  return present.length ? map.queryRenderedFeatures(box, { layers: present }).length : 0;
}

export function SwipeCompare() {
  const { current: mapRef } = useMap();
  const swipe = useTools((state) => state.swipe);
  const catalog = useAtlas((state) => state.catalog);
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const overlayRef = useRef<HTMLDivElement | null>(null);
  const countRef = useRef<() => void>(() => undefined);
  const [counts, setCounts] = useState({ left: 0, right: 0 });
  const left = swipe?.left;
  const right = swipe?.right;

  // Left choice on and right choice off in the atlas map (the layer panel shows it).
  useEffect(() => {
    if (!catalog || !left || !right) return;
    const leftIds = layersOfChoice(left, catalog.layers);
    const rightIds = layersOfChoice(right, catalog.layers);
    for (const id of rightIds) if (!leftIds.includes(id)) dispatch({ type: 'layer-visibility-set', layerId: id, visible: false });
    for (const id of leftIds) dispatch({ type: 'layer-visibility-set', layerId: id, visible: true });
  }, [catalog, left, right, dispatch]);

  // The overlay map: the same style, right choice on, left choice off, on the same camera.
  useEffect(() => {
    const map = mapRef?.getMap();
    const container = overlayRef.current;
    if (!map || !container || !catalog || !left || !right) return;
    const leftIds = layersOfChoice(left, catalog.layers);
    const rightIds = layersOfChoice(right, catalog.layers);
    const style = map.getStyle();
    const hide = new Set(styleLayerIdsOf(style, leftIds.filter((id) => !rightIds.includes(id))));
    const show = new Set(styleLayerIdsOf(style, rightIds));
    style.layers = style.layers
      .filter((layer) => !layer.id.startsWith('review-draw') && !layer.id.startsWith('planner-'))
      .map((layer) => (hide.has(layer.id) ? { ...layer, layout: { ...layer.layout, visibility: 'none' } } : show.has(layer.id) ? { ...layer, layout: { ...layer.layout, visibility: 'visible' } } : layer)) as StyleSpecification['layers'];
    const compare = new maplibregl.Map({
      container,
      style,
      center: map.getCenter(),
      zoom: map.getZoom(),
      bearing: map.getBearing(),
      pitch: map.getPitch(),
      interactive: false,
      attributionControl: false,
      fadeDuration: 0,
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
    });
    addStyleImages(compare);
    const follow = () => compare.jumpTo({ center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() });
    // What each side shows, for the panel and for tests: features of each choice in its half.
    const count = () => {
      const { position } = toolsStore.getState().swipe ?? { position: 0.5 };
      const { width, height } = map.getCanvas().getBoundingClientRect();
      const split = width * position;
      setCounts({
        left: renderedCount(map, styleLayerIdsOf(map.getStyle(), leftIds), [[0, 0], [split, height]]),
        right: renderedCount(compare, styleLayerIdsOf(style, rightIds), [[split, 0], [width, height]]),
      });
    };
    countRef.current = count;
    map.on('move', follow);
    map.on('idle', count);
    compare.on('idle', count);
    return () => {
      map.off('move', follow);
      map.off('idle', count);
      countRef.current = () => undefined;
      compare.remove();
    };
  }, [mapRef, catalog, left, right]);

  const position = swipe?.position;
  useEffect(() => countRef.current(), [position]);

  if (!swipe) return null;
  const percent = Math.round(swipe.position * 1000) / 10;
  const moveTo = (clientX: number) => {
    const rect = overlayRef.current?.getBoundingClientRect();
    if (rect && rect.width > 0) toolsStore.dispatch({ type: 'swipe-set', swipe: { position: (clientX - rect.left) / rect.width } });
  };
  return (
    <div className="swipe-compare" data-testid="swipe-compare" data-left-count={counts.left} data-right-count={counts.right}>
      <div ref={overlayRef} className="swipe-compare-map" data-testid="swipe-right" style={{ clipPath: `inset(0 0 0 ${percent}%)` }} />
      <div
        className="swipe-divider"
        data-testid="swipe-divider"
        role="slider"
        tabIndex={0}
        aria-label={t('tools.swipe.divider')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        style={{ left: `${percent}%` }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          event.stopPropagation();
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event.clientX);
        }}
        onKeyDown={(event) => {
          const step = event.shiftKey ? 0.1 : 0.02;
          if (event.key === 'ArrowLeft') toolsStore.dispatch({ type: 'swipe-set', swipe: { position: swipe.position - step } });
          else if (event.key === 'ArrowRight') toolsStore.dispatch({ type: 'swipe-set', swipe: { position: swipe.position + step } });
          else return;
          event.preventDefault();
        }}
      />
    </div>
  );
}
