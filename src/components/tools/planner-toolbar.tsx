/**
 * The planner's toolbar over the map (issue 14): measure distance, area and a point's
 * coordinates; undo and redo of the site's geometry (also Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y);
 * the 界址点 coordinate table. Buttons are ordinary focusable buttons (Tab, Enter/Space);
 * the measuring tool itself is in src/map/tools/measure-layer.tsx.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode, type RefObject } from 'react';
import { DraftHistoryController, type HistoryStatus } from '../../state/tools-history';
import { toolsStore, useTools, type MeasureMode } from '../../state/tools-store';
import { useReview, useReviewStore } from '../../state/review-store';
import { useTranslation } from '../../state/use-translation';
import { CoordinateTable } from './coordinate-table';
import { ExportCard } from './export-card';
import { SwipeCard } from './swipe-card';
import { MeasurePanel } from './measure-panel';
import './tools.css';

/** Snapping distances offered, screen pixels. */
const SNAP_TOLERANCES = [5, 10, 15, 20];
const NO_HISTORY: HistoryStatus = { canUndo: false, canRedo: false };
const noSubscription = () => () => undefined;

/** The undo history of the review draft, for as long as the toolbar is mounted. */
function useDraftHistory(): { history: DraftHistoryController | null; status: HistoryStatus } {
  const store = useReviewStore();
  const [history, setHistory] = useState<DraftHistoryController | null>(null);
  useEffect(() => {
    const created = new DraftHistoryController(store);
    setHistory(created);
    return () => created.dispose();
  }, [store]);
  const status = useSyncExternalStore(history ? (listener) => history.subscribe(listener) : noSubscription, () => history?.getStatus() ?? NO_HISTORY);
  return { history, status };
}

/**
 * Whether the toolbar must write its secondary buttons (undo, redo, export, swipe) as icons to
 * stay on one row: their labels are measured written out, on one row, against the room the
 * toolbar has between the layer panel and the map's right edge (its CSS `left` and `right`).
 * English at 1366 px with the review panel open needs ≈ 760 px of a ≈ 660 px map; a second
 * row would cover more of a map that is already narrow. Measured again when the map is
 * resized, the language changes or the fonts arrive; the measurement toggles the classes
 * synchronously, before the browser paints, so nothing flickers.
 */
function useCompactToolbar(toolbar: RefObject<HTMLDivElement | null>, language: string): boolean {
  const [compact, setCompact] = useState(false);
  useLayoutEffect(() => {
    const bar = toolbar.current;
    const frame = bar?.parentElement;
    if (!bar || !frame) return;
    const measure = () => {
      const wasCompact = bar.classList.contains('is-compact');
      bar.classList.remove('is-compact');
      bar.classList.add('is-measuring');
      const needed = bar.getBoundingClientRect().width;
      bar.classList.remove('is-measuring');
      if (wasCompact) bar.classList.add('is-compact');
      const style = getComputedStyle(bar);
      const room = frame.clientWidth - (parseFloat(style.left) || 0) - (parseFloat(style.right) || 0);
      setCompact(needed > room);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    let live = true;
    void document.fonts?.ready.then(() => {
      if (live) measure();
    });
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [toolbar, language]);
  return compact;
}

/**
 * A button's face: its label, and an icon the compact toolbar shows instead. The label then
 * stays in the button, visually hidden, as its accessible name; `title` gives it to the mouse.
 */
function Face({ icon, label }: { icon: ReactNode; label: string }) {
  return (
    <>
      <svg className="planner-toolbar-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        {icon}
      </svg>
      <span className="planner-toolbar-label">{label}</span>
    </>
  );
}

/** The icons, drawn in the button's text colour (stroke currentColor, see tools.css). */
const ICONS = {
  undo: <path d="M5.5 3 2 6.5 5.5 10M2.5 6.5H10a4 4 0 0 1 0 8H7" />,
  redo: <path d="M10.5 3 14 6.5 10.5 10M13.5 6.5H6a4 4 0 0 0 0 8h3" />,
  // A picture (a hill and the sun) leaving by the arrow: the image export.
  export: <path d="M8 1.5v6M5.5 5 8 7.5 10.5 5M2 9.5v5h12v-5M3.5 13.5l3-3 2 2 1.5-1.5 2.5 2.5" />,
  // Two halves of the map and the divider between them, as the swipe card draws it.
  swipe: <path d="M8 1.5v13M2 3.5h4.5v9H2zM9.5 3.5H14v9H9.5zM3.5 8h1.5M11 8h1.5" />,
};

function isTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || element.isContentEditable;
}

export function PlannerToolbar() {
  const { t, lang } = useTranslation();
  const toolbar = useRef<HTMLDivElement>(null);
  const compact = useCompactToolbar(toolbar, lang);
  const reviewStore = useReviewStore();
  const measure = useTools((state) => state.measure);
  const tableOpen = useTools((state) => state.tableOpen);
  const snapping = useTools((state) => state.snapping);
  const exportOpen = useTools((state) => state.exportOpen);
  const swiping = useTools((state) => state.swipe !== null);
  const snapTolerancePx = useTools((state) => state.snapTolerancePx);
  const hasSite = useReview((state) => state.draft !== null);
  const { history, status } = useDraftHistory();

  // Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on macOS) — except in a text field, whose own undo wins.
  useEffect(() => {
    if (!history) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextField(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        if (history.undo()) event.preventDefault();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        if (history.redo()) event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [history]);

  // A drag (button down → up) is one undo step. The end waits a frame: the editor sends the
  // drag's last geometry from its own pointer-up handler.
  useEffect(() => {
    if (!history) return;
    let frame = 0;
    const onPointerDown = () => {
      cancelAnimationFrame(frame);
      history.beginGesture();
    };
    const onPointerUp = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => history.endGesture());
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('pointerup', onPointerUp);
    window.addEventListener('pointercancel', onPointerUp);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('pointerup', onPointerUp);
      window.removeEventListener('pointercancel', onPointerUp);
    };
  }, [history]);

  const choose = (mode: MeasureMode) => {
    const next = measure === mode ? null : mode;
    if (next) {
      // One tool owns the pointer: a site drawing or vertex editing in progress ends.
      const review = reviewStore.getState();
      if (review.tool) reviewStore.dispatch({ type: 'tool-selected', tool: null });
      if (review.editing) reviewStore.dispatch({ type: 'editing-set', editing: false });
    }
    toolsStore.dispatch({ type: 'measure-selected', mode: next });
  };

  const measureButtons: { mode: MeasureMode; label: string }[] = [
    { mode: 'distance', label: t('tools.distance') },
    { mode: 'area', label: t('tools.areaTool') },
    { mode: 'point', label: t('tools.pointTool') },
  ];

  return (
    <div className="planner-tools">
      <div
        ref={toolbar}
        className={compact ? 'planner-toolbar is-compact' : 'planner-toolbar'}
        role="toolbar"
        aria-label={t('tools.toolbar')}
        data-testid="planner-toolbar"
        data-compact={compact}
      >
        {measureButtons.map((button) => (
          <button key={button.mode} type="button" data-testid={`tool-measure-${button.mode}`} aria-pressed={measure === button.mode} onClick={() => choose(button.mode)}>
            {button.label}
          </button>
        ))}
        <span className="planner-toolbar-gap" aria-hidden="true" />
        <button type="button" data-testid="tool-undo" disabled={!status.canUndo} title={`${t('tools.undo')} (Ctrl+Z)`} onClick={() => history?.undo()}>
          <Face icon={ICONS.undo} label={t('tools.undo')} />
        </button>
        <button type="button" data-testid="tool-redo" disabled={!status.canRedo} title={`${t('tools.redo')} (Ctrl+Shift+Z / Ctrl+Y)`} onClick={() => history?.redo()}>
          <Face icon={ICONS.redo} label={t('tools.redo')} />
        </button>
        <span className="planner-toolbar-gap" aria-hidden="true" />
        <button type="button" data-testid="tool-snapping" aria-pressed={snapping} title={t('tools.snapHint')} onClick={() => toolsStore.dispatch({ type: 'snapping-set', enabled: !snapping })}>
          {t('tools.snap')}
        </button>
        <select
          className="planner-toolbar-select"
          data-testid="tool-snap-tolerance"
          aria-label={t('tools.snapTolerance')}
          value={snapTolerancePx}
          onChange={(event) => toolsStore.dispatch({ type: 'snapping-set', tolerancePx: Number(event.target.value) })}
        >
          {SNAP_TOLERANCES.map((pixels) => (
            <option key={pixels} value={pixels}>
              {pixels} px
            </option>
          ))}
        </select>
        <span className="planner-toolbar-gap" aria-hidden="true" />
        <button type="button" data-testid="tool-coordinate-table" aria-pressed={tableOpen} disabled={!hasSite && !tableOpen} onClick={() => toolsStore.dispatch({ type: 'table-toggled' })}>
          {t('tools.table.button')}
        </button>
        <button
          type="button"
          data-testid="tool-export"
          aria-pressed={exportOpen}
          title={compact ? t('tools.export.button') : undefined}
          onClick={() => toolsStore.dispatch({ type: 'export-toggled' })}
        >
          <Face icon={ICONS.export} label={t('tools.export.button')} />
        </button>
        <button
          type="button"
          data-testid="tool-swipe"
          aria-pressed={swiping}
          title={compact ? t('tools.swipe.button') : undefined}
          onClick={() => toolsStore.dispatch({ type: 'swipe-set', swipe: swiping ? null : {} })}
        >
          <Face icon={ICONS.swipe} label={t('tools.swipe.button')} />
        </button>
      </div>
      <div className="planner-cards">
        <MeasurePanel />
        <CoordinateTable />
        {exportOpen && <ExportCard />}
        <SwipeCard />
      </div>
    </div>
  );
}
