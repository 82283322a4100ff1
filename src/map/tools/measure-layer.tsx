/**
 * The measuring tools on the map (issue 14): while one is on, a click places a point
 * (distance: a polyline; area: a polygon; point: one position to read), a click on the first
 * point closes the polygon, a double click or Enter finishes, Backspace takes the last point
 * back, Esc leaves the tool. The shape is drawn from the tools store with a <Source>; the
 * figures are computed by the panel (src/components/tools/measure-panel.tsx).
 */
import { useEffect, useMemo } from 'react';
import { Layer, Source, useMap, type LayerProps } from 'react-map-gl/maplibre';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { MapMouseEvent } from 'maplibre-gl';
import { toolsStore, useTools } from '../../state/tools-store';

const COLOR = '#b45309';
/** Pixels: a click this close to the first point closes the polygon; two clicks this close are one (a double click). */
const CLOSE_PIXELS = 8;

const LINE: LayerProps = {
  id: 'planner-measure-line',
  type: 'line',
  filter: ['==', ['geometry-type'], 'LineString'],
  paint: { 'line-color': COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
};
const FILL: LayerProps = {
  id: 'planner-measure-fill',
  type: 'fill',
  filter: ['==', ['geometry-type'], 'Polygon'],
  paint: { 'fill-color': COLOR, 'fill-opacity': 0.15 },
};
const OUTLINE: LayerProps = {
  id: 'planner-measure-outline',
  type: 'line',
  filter: ['==', ['geometry-type'], 'Polygon'],
  paint: { 'line-color': COLOR, 'line-width': 2.5 },
};
const VERTICES: LayerProps = {
  id: 'planner-measure-vertices',
  type: 'circle',
  filter: ['==', ['geometry-type'], 'Point'],
  paint: { 'circle-radius': 4.5, 'circle-color': '#ffffff', 'circle-stroke-color': COLOR, 'circle-stroke-width': 2 },
};

function shapeOf(mode: string | null, points: Position[], finished: boolean): FeatureCollection {
  const features: Feature[] = points.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates } }));
  if (mode === 'area' && points.length >= 3) {
    features.unshift({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...points, points[0]]] } });
  } else if (mode !== 'point' && points.length >= 2) {
    features.unshift({ type: 'Feature', properties: { finished }, geometry: { type: 'LineString', coordinates: points } });
  }
  return { type: 'FeatureCollection', features };
}

export function MeasureLayer() {
  const { current: mapRef } = useMap();
  const mode = useTools((state) => state.measure);
  const points = useTools((state) => state.points);
  const finished = useTools((state) => state.finished);
  const data = useMemo(() => shapeOf(mode, points, finished), [mode, points, finished]);

  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map || !mode) return;
    const near = (a: Position, b: Position) => {
      const pa = map.project([a[0], a[1]]);
      const pb = map.project([b[0], b[1]]);
      return Math.hypot(pa.x - pb.x, pa.y - pb.y) <= CLOSE_PIXELS;
    };
    const onClick = (event: MapMouseEvent) => {
      const position: Position = [event.lngLat.lng, event.lngLat.lat];
      const state = toolsStore.getState();
      const placed = state.finished ? [] : state.points;
      if (mode === 'area' && placed.length >= 3 && near(placed[0], position)) {
        toolsStore.dispatch({ type: 'measure-finished' });
        return;
      }
      // The second click of a double click lands on the point just placed.
      if (placed.length > 0 && near(placed[placed.length - 1], position)) return;
      toolsStore.dispatch({ type: 'measure-point-added', position });
    };
    const onDoubleClick = (event: MapMouseEvent) => {
      event.preventDefault();
      toolsStore.dispatch({ type: 'measure-finished' });
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if (event.key === 'Enter') toolsStore.dispatch({ type: 'measure-finished' });
      else if (event.key === 'Backspace') toolsStore.dispatch({ type: 'measure-point-removed' });
      else if (event.key === 'Escape') toolsStore.dispatch({ type: 'measure-selected', mode: null });
    };
    const doubleClickZoom = map.doubleClickZoom.isEnabled();
    map.doubleClickZoom.disable();
    const canvas = map.getCanvasContainer();
    canvas.classList.add('is-measuring');
    map.on('click', onClick);
    map.on('dblclick', onDoubleClick);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      map.off('click', onClick);
      map.off('dblclick', onDoubleClick);
      window.removeEventListener('keydown', onKeyDown);
      canvas.classList.remove('is-measuring');
      if (doubleClickZoom) map.doubleClickZoom.enable();
    };
  }, [mapRef, mode]);

  if (!mode) return null;
  return (
    <Source id="planner-measure" type="geojson" data={data}>
      <Layer {...FILL} />
      <Layer {...OUTLINE} />
      <Layer {...LINE} />
      <Layer {...VERTICES} />
    </Source>
  );
}
