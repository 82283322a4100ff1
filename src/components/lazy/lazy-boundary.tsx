/**
 * Code that is not needed for the first picture loads on first use (issue 12: first-load
 * JavaScript ≤ 450 KB gzip; the first draw waits for nothing but MapLibre, React and the shell).
 * `lazyNamed` turns a module's named export into a React.lazy component (Vite emits the module
 * and what only it imports as a separate chunk); `LazyBoundary` shows a small, announced loading
 * state while the chunk arrives. The two hooks decide *when* a lazy part mounts:
 * - `useFirstUse(wanted)`: true from the first render where `wanted` was true, and from then
 *   on (a panel closed again keeps its chunk and its state).
 * - `useAfterFirstDraw()`: true once the map's first full draw is done (the store's
 *   `firstDrawn`), or the catalog failed, or after a safety delay — shell parts that are
 *   visible but not part of the map picture (story menu, planner toolbar, reference layers)
 *   wait for it so their chunks and the analysis worker they start do not compete with it.
 */
import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useAtlas } from '../../state/atlas-store';
import { useTranslation } from '../../state/use-translation';
import './lazy.css';

/** React.lazy over a named export: `lazyNamed(() => import('./x'), 'X')`. */
export function lazyNamed<Module, Name extends keyof Module>(
  load: () => Promise<Module>,
  name: Name,
): Module[Name] extends ComponentType<infer Props> ? ComponentType<Props> : never {
  type Component = Module[Name] extends ComponentType<infer Props> ? ComponentType<Props> : never;
  return lazy(() => load().then((module) => ({ default: module[name] as unknown as ComponentType<unknown> }))) as unknown as Component;
}

/** The loading state of a lazy part: announced politely to screen readers, bilingual via i18n. */
export function LoadingState({ className }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`lazy-loading${className ? ` ${className}` : ''}`} role="status" aria-live="polite" aria-busy="true">
      {t('layers.loading')}
    </div>
  );
}

/**
 * Suspense around a lazy part. `quiet`: no visible loading state (map overlays, which draw
 * nothing until they have something to draw). `className` places the loading state where
 * the part will appear.
 */
export function LazyBoundary({ children, quiet = false, className }: { children: ReactNode; quiet?: boolean; className?: string }) {
  return <Suspense fallback={quiet ? null : <LoadingState className={className} />}>{children}</Suspense>;
}

/** True from the first render where `wanted` is true, and ever after. */
export function useFirstUse(wanted: boolean): boolean {
  const [used, setUsed] = useState(wanted);
  // Setting own state while rendering is React's pattern for deriving state from props.
  if (wanted && !used) setUsed(true);
  return used || wanted;
}

/** If the map never reports its first draw (a hidden tab, a lost WebGL context), the shell still completes. */
const FIRST_DRAW_SAFETY_MS = 10_000;

/** True once the first full draw is done, the catalog failed to load, or the safety delay has passed. */
export function useAfterFirstDraw(): boolean {
  const drawn = useAtlas((state) => state.firstDrawn || (state.catalog === null && state.errors.length > 0));
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (drawn) return;
    const timer = setTimeout(() => setLate(true), FIRST_DRAW_SAFETY_MS);
    return () => clearTimeout(timer);
  }, [drawn]);
  return drawn || late;
}
