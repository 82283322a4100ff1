/**
 * Drawing and vertex editing of the site with terra-draw and its MapLibre adapter — the one
 * imperative wrapper around it. It follows the review state: the chosen tool (polygon,
 * rectangle, circle) draws; `editing` loads the site into terra-draw's select mode with
 * draggable vertices and midpoints. Finished shapes and edited geometry go back to the store
 * through the controller; edits are sent at most once per animation frame (the worker
 * client drops reviews that go stale meanwhile). Esc cancels a drawing.
 */
import { useEffect, useRef, useState } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useReview, useReviewController, useReviewDispatch, useReviewStore } from '../state/review-store';
import type { DrawTool } from '../state/review-state';
import { REVIEW_COLORS } from './review-layers';
import { snapSiteVertex } from './tools/snapping'; // issue 14: snapping to visible features

const SITE_FEATURE_ID = 'review-site';

type Hex = `#${string}`;
const SITE: Hex = REVIEW_COLORS.site as Hex;
const WHITE: Hex = '#ffffff';

function createDraw(map: unknown): TerraDraw {
  const drawingStyles = {
    fillColor: SITE,
    fillOpacity: 0.15,
    outlineColor: SITE,
    outlineWidth: 2,
  };
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'review-draw', coordinatePrecision: 9 }),
    // Identifiers are strings so the site can keep a fixed one while it is edited.
    idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: (() => {
      let next = 0;
      return () => `drawn-${++next}`;
    })() },
    modes: [
      new TerraDrawPolygonMode({
        snapping: { toCustom: snapSiteVertex },
        styles: { ...drawingStyles, closingPointColor: SITE, closingPointOutlineColor: WHITE, closingPointWidth: 6, closingPointOutlineWidth: 2 },
      }),
      new TerraDrawRectangleMode({ styles: drawingStyles }),
      new TerraDrawCircleMode({ styles: drawingStyles, segments: 64 }),
      new TerraDrawSelectMode({
        allowManualDeselection: false,
        dragEventThrottle: 0,
        flags: {
          polygon: {
            feature: {
              draggable: false,
              coordinates: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom: snapSiteVertex } },
            },
          },
        },
        styles: {
          selectedPolygonColor: SITE,
          selectedPolygonFillOpacity: 0.08,
          selectedPolygonOutlineColor: SITE,
          selectedPolygonOutlineWidth: 2.5,
          selectionPointColor: WHITE,
          selectionPointOutlineColor: SITE,
          selectionPointWidth: 5,
          selectionPointOutlineWidth: 2.5,
          midPointColor: SITE,
          midPointOutlineColor: WHITE,
          midPointWidth: 3.5,
          midPointOutlineWidth: 1.5,
        },
      }),
    ],
  });
}

function polygonOf(feature: GeoJSONStoreFeatures | undefined): Polygon | null {
  return feature?.geometry.type === 'Polygon' ? (feature.geometry as Polygon) : null;
}

export function ReviewDraw() {
  const { current: mapRef } = useMap();
  const tool = useReview((state) => state.tool);
  const editing = useReview((state) => state.editing);
  const session = useReview((state) => state.draft?.session);
  const store = useReviewStore();
  const dispatch = useReviewDispatch();
  const controller = useReviewController();
  const drawRef = useRef<TerraDraw | null>(null);
  // The terra-draw instance exists once the map does; a tool chosen before that is applied
  // when it is ready (the mode effect below depends on the instance), not lost.
  const [drawInstance, setDrawInstance] = useState<TerraDraw | null>(null);
  const toolRef = useRef<DrawTool | null>(null);
  // Issue 14 (undo/redo, coordinate table): the geometry the editor holds — loaded into it or
  // sent from it — and a way to drop an edit not yet sent, so a site replaced from outside
  // the map is reloaded into the editor instead of being overwritten by its stale copy.
  const editorGeometryRef = useRef<Polygon | MultiPolygon | null>(null);
  const cancelPendingRef = useRef<() => void>(() => undefined);
  const siteGeometry = useReview((state) => state.draft?.site.geometry ?? null);

  // One terra-draw instance per map.
  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map) return;
    const draw = createDraw(map);
    draw.start();
    let frame = 0;
    let pending: Polygon | null = null;
    const flush = () => {
      frame = 0;
      if (pending) {
        editorGeometryRef.current = pending;
        controller.siteEdited(pending);
      }
      pending = null;
    };
    cancelPendingRef.current = () => {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pending = null;
    };
    draw.on('finish', (id, context) => {
      if (context.action === 'draw' && toolRef.current) {
        const geometry = polygonOf(draw.getSnapshotFeature(id));
        if (geometry) controller.siteDrawn(geometry, toolRef.current);
        return;
      }
      // The end of a vertex drag: send the final geometry at once.
      if (id === SITE_FEATURE_ID) {
        const geometry = polygonOf(draw.getSnapshotFeature(id));
        if (geometry) {
          if (frame) cancelAnimationFrame(frame);
          pending = geometry;
          flush();
        }
      }
    });
    draw.on('change', (ids, type) => {
      if (type !== 'update' || !ids.includes(SITE_FEATURE_ID) || draw.getMode() !== 'select') return;
      const geometry = polygonOf(draw.getSnapshotFeature(SITE_FEATURE_ID));
      if (!geometry) return;
      pending = geometry;
      if (!frame) frame = requestAnimationFrame(flush);
    });
    drawRef.current = draw;
    setDrawInstance(draw);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      drawRef.current = null;
      setDrawInstance(null);
      delete map.getContainer().dataset.drawMode;
      // When the whole map unmounts (e.g. for the print view) MapLibre may already have removed
      // its style: terra-draw then has nothing left to clean up, and must not throw.
      try {
        draw.stop();
      } catch {
        // the map is gone with everything terra-draw added to it
      }
    };
  }, [mapRef, controller]);

  // Tool and editing state → terra-draw mode.
  useEffect(() => {
    const draw = drawRef.current;
    const map = mapRef?.getMap();
    if (!draw || !map) return;
    toolRef.current = tool;
    draw.clear();
    // terra-draw's layers go on top of the review overlays, so its handles are never covered.
    for (const layer of map.getStyle().layers) if (layer.id.startsWith('review-draw')) map.moveLayer(layer.id);
    // The mode in effect, on the map's container: what a person sees as the active tool (and
    // what a browser test waits for before it clicks).
    const container = map.getContainer();
    if (tool) {
      draw.setMode(tool);
      container.dataset.drawMode = tool;
      return;
    }
    const site = store.getState().draft?.site;
    if (editing && site?.geometry.type === 'Polygon') {
      draw.setMode('select');
      container.dataset.drawMode = 'select';
      editorGeometryRef.current = site.geometry;
      const [result] = draw.addFeatures([{ id: SITE_FEATURE_ID, type: 'Feature', geometry: site.geometry, properties: { mode: 'polygon' } }]);
      if (result?.valid) draw.selectFeature(SITE_FEATURE_ID);
      return;
    }
    draw.setMode('static');
    container.dataset.drawMode = 'static';
  }, [tool, editing, session, store, mapRef, drawInstance]);

  // Issue 14: the site changed from outside the map while its vertices are edited — reload it.
  useEffect(() => {
    const draw = drawRef.current;
    if (!draw || tool || !editing || siteGeometry?.type !== 'Polygon' || draw.getMode() !== 'select') return;
    if (siteGeometry === editorGeometryRef.current) return;
    editorGeometryRef.current = siteGeometry;
    draw.clear();
    // Clearing deselects the old boundary, which terra-draw reports as an edit: drop it.
    cancelPendingRef.current();
    const [result] = draw.addFeatures([{ id: SITE_FEATURE_ID, type: 'Feature', geometry: siteGeometry, properties: { mode: 'polygon' } }]);
    if (result?.valid) draw.selectFeature(SITE_FEATURE_ID);
  }, [siteGeometry, editing, tool]);

  // Esc ends a drawing or the vertex editing.
  useEffect(() => {
    if (!tool && !editing) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      if (tool) dispatch({ type: 'tool-selected', tool: null });
      else dispatch({ type: 'editing-set', editing: false });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [tool, editing, dispatch]);

  return null;
}
