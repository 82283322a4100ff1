/**
 * The app shell: header, map, layer panel (left), inspector (right), the siting-review
 * sidebar (docked right), the park explorer drawer (bottom), the story player, coordinate
 * readout (bottom) and the error banner; `#print=<id>`
 * shows the printable review report instead. Layout only — state lives in src/state, the map
 * in src/map, the panels in src/components, the report in src/print.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBanner } from './components/error-banner';
import { ExplorerButton, ExplorerOverlays, ExplorerPanel } from './explorer';
import { Header } from './components/header';
import { LayerPanel } from './components/layer-panel';
import { ReviewDropZone } from './components/review/review-drop-zone';
import { ReviewToggle } from './components/review/review-toggle';
import { HTML_LANG } from './i18n';
import { useTranslation } from './state/use-translation';
import { AtlasMap } from './map/atlas-map';
import { useTools } from './state/tools-store'; // issue 14: planner tools
import { ExportMapBinding } from './map/tools/export-map-binding'; // issue 14: hands the map to the PNG export (tiny, eager)
import { useSheetRoute } from './components/tools/sheet-route'; // issue 14: `#sheet=A3-landscape` printable map sheet
import { usePrintRoute } from './print/use-print-route';
import { ReviewController } from './state/review-actions';
import { createReviewState } from './state/review-state';
import { createReviewStore, ReviewStoreProvider, useReview } from './state/review-store';
import { hashEntry, SITE_KEY } from './state/review-url';
import { useLayerLoader } from './state/use-layer-loader';
import { useStoryKiosk } from './story/story-store';
import { useUrlSync } from './state/use-url-sync';
import { createAnalysisClient } from './worker/analysis-client';
// Issue 12: everything the first picture does not need loads on first use, each part in its own chunk.
import {
  LazyCursorReadout as CursorReadout,
  LazyInspector as Inspector,
  LazyMapSheet as MapSheet, // issue 14
  LazyMeasureLayer as MeasureLayer,
  LazyPlannerToolbar as PlannerToolbar,
  LazyPrintView as PrintView,
  LazyReviewDraw as ReviewDraw,
  LazyReviewLayers as ReviewLayers,
  LazyReviewPanel as ReviewPanel,
  LazySnapSources as SnapSources, // issue 14: planner tools
  LazySwipeCompare as SwipeCompare, // issue 14: swipe compare (loaded when first used)
  LazyStoryMenu as StoryMenu,
  LazyStoryOverlays as StoryOverlays,
  LazyStoryPlayer as StoryPlayer,
} from './components/lazy/lazy-parts';

function createReview() {
  // A link or reload with `site=<id>` reopens that record with the panel open.
  const store = createReviewStore(createReviewState({ panelOpen: hashEntry(window.location.hash, SITE_KEY) !== null }));
  const controller = new ReviewController({ store, createAnalysis: createAnalysisClient });
  return { store, controller };
}

/** The map with the review's overlays; other overlays go in as children. */
function MapWithOverlays({ children }: { children?: ReactNode }) {
  const drawing = useReview((state) => state.tool !== null || state.editing);
  const measuring = useTools((state) => state.measure !== null); // issue 14: clicks place measuring points
  return (
    <AtlasMap featureInteraction={!drawing && !measuring}>
      <ReviewLayers />
      <ReviewDraw />
      <MeasureLayer />
      <SnapSources />
      <ExportMapBinding />
      <SwipeCompare />
      {children}
    </AtlasMap>
  );
}

export function App() {
  useLayerLoader();
  useUrlSync();
  const { lang } = useTranslation();
  const [review] = useState(createReview);
  const printId = usePrintRoute();
  const sheet = useSheetRoute(); // issue 14
  const kiosk = useStoryKiosk(); // a story plays: panels give the screen to the map and the caption

  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
  }, [lang]);

  useEffect(() => {
    const stop = review.controller.start();
    return () => {
      stop();
      review.controller.dispose();
    };
  }, [review]);

  return (
    <ReviewStoreProvider store={review.store} controller={review.controller}>
      {printId !== null ? (
        <PrintView recordId={printId} />
      ) : sheet !== null ? (
        <MapSheet sheet={sheet} />
      ) : (
        <div className="app">
          <div className="app-top">
            <Header />
            <StoryMenu />
            {!kiosk && <ExplorerButton />}
            <ReviewToggle />
          </div>
          <main className="app-main">
            <div className="map-area">
              <MapWithOverlays>
                <StoryOverlays />
                <ExplorerOverlays />
              </MapWithOverlays>
              {!kiosk && <LayerPanel />}
              {!kiosk && <PlannerToolbar />}
              {!kiosk && <Inspector />}
              <ErrorBanner />
              <StoryPlayer />
              <ReviewDropZone />
              {!kiosk && <ExplorerPanel />}
            </div>
            {!kiosk && <ReviewPanel />}
          </main>
          <footer className="app-footer">
            <CursorReadout />
          </footer>
        </div>
      )}
    </ReviewStoreProvider>
  );
}
