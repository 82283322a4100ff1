/**
 * The explorer panel's body (loaded lazily by explorer-panel.tsx): three tabs — parks,
 * land-use intensity (itself a further lazy chunk with the dashboard and charts), key
 * projects — over one shared model. Default export for React.lazy.
 */
import { lazy, Suspense } from 'react';
import './explorer.css';
import { ExplorerModelProvider, useExplorerModel } from './explorer-model';
import { updateExplorer, useExplorer, type ExplorerTab } from './explorer-store';
import { pick as pickText } from '../i18n';
import { useExplorerText } from '../state/use-translation';
import { ParksTab } from './parks-tab';
import { ProjectsTab } from './projects-tab';

const IntensityDashboard = lazy(() => import('./intensity-dashboard'));

const TABS: ExplorerTab[] = ['parks', 'intensity', 'projects'];

function Body() {
  const { s, lang } = useExplorerText();
  const tab = useExplorer((state) => state.tab);
  const model = useExplorerModel();
  if (model.status === 'error' && model.error) {
    return (
      <div className="explorer-error" role="alert">
        {pickText(model.error, lang)}
      </div>
    );
  }
  if (model.status === 'loading') return <div className="explorer-loading">{s('panel.loading')}</div>;
  return (
    <>
      {tab === 'parks' && <ParksTab />}
      {tab === 'intensity' && (
        <Suspense fallback={<div className="explorer-loading">{s('panel.loading')}</div>}>
          <IntensityDashboard />
        </Suspense>
      )}
      {tab === 'projects' && <ProjectsTab />}
    </>
  );
}

export default function ExplorerContent() {
  const { s } = useExplorerText();
  const tab = useExplorer((state) => state.tab);
  const expanded = useExplorer((state) => state.expanded);
  return (
    <ExplorerModelProvider>
      <div className="explorer-head">
        <div className="explorer-tabs" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? 'is-active' : ''}
              data-testid={`explorer-tab-${id}`}
              onClick={() => updateExplorer({ tab: id })}
            >
              {s(`tab.${id}`)}
            </button>
          ))}
        </div>
        <div className="explorer-head-actions">
          <button type="button" onClick={() => updateExplorer({ expanded: !expanded })} data-testid="explorer-expand">
            {expanded ? s('panel.shrink') : s('panel.expand')}
          </button>
          <button type="button" onClick={() => updateExplorer({ open: false })} title={s('panel.close')} aria-label={s('panel.close')} data-testid="explorer-close">
            ×
          </button>
        </div>
      </div>
      <div className="explorer-body">
        <Body />
      </div>
    </ExplorerModelProvider>
  );
}
