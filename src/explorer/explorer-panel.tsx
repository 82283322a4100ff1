/**
 * The explorer panel's shell, in the first bundle: a bottom drawer over the map (full width
 * between the map edges, under the layer panel and inspector's lower part; "expand" makes it
 * taller). Esc closes it. Its body is a lazy chunk (explorer-content.tsx), fetched the first
 * time the panel opens and kept mounted afterwards so its state survives closing.
 */
import { lazy, Suspense, useEffect } from 'react';
import { updateExplorer, useExplorer } from './explorer-store';
import { useExplorerText } from '../state/use-translation';

const ExplorerContent = lazy(() => import('./explorer-content'));

export function ExplorerPanel() {
  const { s } = useExplorerText();
  const open = useExplorer((state) => state.open);
  const everOpened = useExplorer((state) => state.everOpened);
  const expanded = useExplorer((state) => state.expanded);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A dialog inside the panel handles its own Esc first.
      if (document.querySelector('.explorer-dialog')) return;
      updateExplorer({ open: false });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!everOpened) return null;
  return (
    <section
      className={`explorer-panel${expanded ? ' is-expanded' : ''}`}
      data-testid="explorer-panel"
      aria-label={s('panel.title')}
      hidden={!open}
      style={{
        position: 'absolute',
        left: 10,
        right: 10,
        bottom: 10,
        height: expanded ? 'calc(100% - 20px)' : '46%',
        zIndex: 5,
        display: open ? 'flex' : 'none',
        flexDirection: 'column',
        background: 'rgba(255,255,255,0.98)',
        borderRadius: 6,
        boxShadow: '0 1px 3px rgba(16,24,32,0.18), 0 4px 14px rgba(16,24,32,0.1)',
      }}
    >
      <Suspense fallback={<div style={{ padding: 12 }}>{s('panel.loading')}</div>}>
        <ExplorerContent />
      </Suspense>
    </section>
  );
}
