/**
 * The app's lazily loaded parts (issue 12), each behind its boundary and mounted on first use
 * (see lazy-boundary.tsx for when). What each keeps out of the first-load chunk:
 * - review: the sidebar (importers' registry, records, forms), the site overlays on the map
 *   (Turf bbox), the drawing tools (terra-draw and its MapLibre adapter);
 * - print view (records, boundary tables, the print map) and the map sheet (issue 14);
 * - stories (schema validation, player, authoring, camera effects with Turf);
 * - planner tools (issue 14: toolbar, measuring, coordinate table, snapping with proj4);
 * - inspector and cursor readout (Gauss–Krüger measurement: proj4, geographiclib);
 * - the bureau's reference layers (issue 10): lazy-reference.tsx (the map imports it).
 * The parsers (shpjs, jszip, dxf-parser, togeojson, xmldom, papaparse) never enter the page:
 * they run in the analysis worker (src/worker), loaded on demand there.
 */
import { useAtlas } from '../../state/atlas-store';
import { useReview } from '../../state/review-store';
import { useTools } from '../../state/tools-store';
import type { SheetChoice } from '../tools/sheet-route';
import { LazyBoundary, lazyNamed, useAfterFirstDraw, useFirstUse } from './lazy-boundary';

// The sidebar shows once terra-draw is in too: a drawing tool picked in it works from the first click.
const ReviewPanel = lazyNamed(() => Promise.all([import('../review/review-panel'), import('../../map/review-draw')]).then(([panel]) => panel), 'ReviewPanel');
const ReviewLayers = lazyNamed(() => import('../../map/review-layers'), 'ReviewLayers');
const ReviewDraw = lazyNamed(() => import('../../map/review-draw'), 'ReviewDraw');
const PrintView = lazyNamed(() => import('../../print/print-view'), 'PrintView');
const MapSheet = lazyNamed(() => import('../tools/map-sheet'), 'MapSheet');
const StoryMenu = lazyNamed(() => import('../../story/story-menu'), 'StoryMenu');
const StoryPlayer = lazyNamed(() => import('../../story/story-player'), 'StoryPlayer');
const StoryOverlays = lazyNamed(() => import('../../story/story-overlays'), 'StoryOverlays');
// The toolbar shows once its map layer is in too: a measurement started in it takes the first click.
const PlannerToolbar = lazyNamed(() => Promise.all([import('../tools/planner-toolbar'), import('../../map/tools/measure-layer')]).then(([toolbar]) => toolbar), 'PlannerToolbar');
const MeasureLayer = lazyNamed(() => import('../../map/tools/measure-layer'), 'MeasureLayer');
const SnapSources = lazyNamed(() => import('../../map/tools/snap-sources'), 'SnapSources');
const SwipeCompare = lazyNamed(() => import('../../map/tools/swipe-compare'), 'SwipeCompare');
const Inspector = lazyNamed(() => import('../inspector'), 'Inspector');
const CursorReadout = lazyNamed(() => import('../cursor-readout'), 'CursorReadout');

/** The review sidebar, from the first time it is opened (a `site=` link opens it at once). */
export function LazyReviewPanel() {
  const used = useFirstUse(useReview((state) => state.panelOpen));
  if (!used) return null;
  return (
    <LazyBoundary className="review-panel">
      <ReviewPanel />
    </LazyBoundary>
  );
}

/** The review's map overlays, from the first site, import preview, coordinate or open panel. */
export function LazyReviewLayers() {
  const wanted = useReview((state) => state.panelOpen || state.draft !== null || state.importFlow.phase !== 'idle' || state.goto !== null);
  if (!useFirstUse(wanted)) return null;
  return (
    <LazyBoundary quiet>
      <ReviewLayers />
    </LazyBoundary>
  );
}

/** terra-draw, from the first opening of the review sidebar (where the drawing tools are), drawing tool or vertex edit. */
export function LazyReviewDraw() {
  const wanted = useReview((state) => state.panelOpen || state.tool !== null || state.editing);
  if (!useFirstUse(wanted)) return null;
  return (
    <LazyBoundary quiet>
      <ReviewDraw />
    </LazyBoundary>
  );
}

export function LazyPrintView({ recordId }: { recordId: string }) {
  return (
    <LazyBoundary>
      <PrintView recordId={recordId} />
    </LazyBoundary>
  );
}

/** The printable map sheet (issue 14), for a `#sheet=` link. */
export function LazyMapSheet({ sheet }: { sheet: SheetChoice }) {
  return (
    <LazyBoundary>
      <MapSheet sheet={sheet} />
    </LazyBoundary>
  );
}

/** A `#story=` link starts the tour at once; otherwise the story parts wait for the first draw. */
function useStoryWanted(): boolean {
  const afterFirstDraw = useAfterFirstDraw();
  const fromUrl = typeof window !== 'undefined' && /(^#|&)story=/.test(window.location.hash);
  return useFirstUse(afterFirstDraw || fromUrl);
}

export function LazyStoryMenu() {
  if (!useStoryWanted()) return null;
  return (
    <LazyBoundary quiet>
      <StoryMenu />
    </LazyBoundary>
  );
}

export function LazyStoryPlayer() {
  if (!useStoryWanted()) return null;
  return (
    <LazyBoundary quiet>
      <StoryPlayer />
    </LazyBoundary>
  );
}

export function LazyStoryOverlays() {
  if (!useStoryWanted()) return null;
  return (
    <LazyBoundary quiet>
      <StoryOverlays />
    </LazyBoundary>
  );
}

export function LazyPlannerToolbar() {
  if (!useFirstUse(useAfterFirstDraw())) return null;
  return (
    <LazyBoundary quiet>
      <PlannerToolbar />
    </LazyBoundary>
  );
}

/** The measuring overlay, with the planner toolbar (after the first draw) or from the first measurement. */
export function LazyMeasureLayer() {
  const afterFirstDraw = useAfterFirstDraw();
  if (!useFirstUse(useTools((state) => state.measure !== null) || afterFirstDraw)) return null;
  return (
    <LazyBoundary quiet>
      <MeasureLayer />
    </LazyBoundary>
  );
}

/** What the site editor snaps to (issue 14), after the first draw (or from the first drawing, vertex edit or measurement). */
export function LazySnapSources() {
  const drawing = useReview((state) => state.tool !== null || state.editing);
  const measuring = useTools((state) => state.measure !== null);
  const afterFirstDraw = useAfterFirstDraw();
  if (!useFirstUse(drawing || measuring || afterFirstDraw)) return null;
  return (
    <LazyBoundary quiet>
      <SnapSources />
    </LazyBoundary>
  );
}

/** The swipe comparison (issue 14), from its first use. */
export function LazySwipeCompare() {
  if (!useFirstUse(useTools((state) => state.swipe !== null))) return null;
  return (
    <LazyBoundary quiet>
      <SwipeCompare />
    </LazyBoundary>
  );
}

/** The feature inspector, from the first selected feature. */
export function LazyInspector() {
  if (!useFirstUse(useAtlas((state) => state.selected !== null))) return null;
  return (
    <LazyBoundary className="inspector">
      <Inspector />
    </LazyBoundary>
  );
}

/** The cursor readout (lon/lat and Gauss–Krüger through proj4), after the first draw. */
export function LazyCursorReadout() {
  if (!useFirstUse(useAfterFirstDraw())) return null;
  return (
    <LazyBoundary className="cursor-readout">
      <CursorReadout />
    </LazyBoundary>
  );
}
