/**
 * Key-project board (重点项目 挂图作战, issue 5): the key-projects layer plus local records,
 * as columns by status; investment totals overall, by district and by cluster, with a chart;
 * click a project to fly to it; add and edit records (kept in IndexedDB); export GeoJSON/CSV.
 */
import { useMemo, useState } from 'react';
import { CLUSTERS, RUSHAN_INDUSTRIES } from '../data/industries';
import { useAtlasStore } from '../state/atlas-store';
import { Chart } from './chart';
import { useExplorerModel } from './explorer-model';
import { flyToBox, updateExplorer, useExplorer } from './explorer-store';
import { pick as pickText } from '../i18n';
import { useExplorerText } from '../state/use-translation';
import { formatYi } from './explorer-format';
import {
  boardColumns,
  boardTotals,
  draftFromRecord,
  PROJECT_STATUSES,
  PROJECT_STATUS_LABELS,
  recordFromDraft,
  recordsToCsv,
  recordsToGeoJson,
  type InvestmentTotal,
  type ProjectDraft,
  type ProjectRecord,
} from './project-board';
import { deleteProjectRecord, putProjectRecord, revisionOf } from './project-records';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function TotalText({ total }: { total: InvestmentTotal }) {
  const { s, lang } = useExplorerText();
  const known = total.count - total.unknown_count;
  return (
    <span data-testid="total-investment" data-yi={total.investment_yi} data-count={total.count} data-unknown={total.unknown_count}>
      {known > 0 ? formatYi(total.investment_yi, lang) : s('projects.unknownInvestment')}{' '}
      <small className="explorer-muted">
        {s('projects.count', { count: total.count })}
        {total.unknown_count > 0 ? ` · ${s('projects.known', { known, unknown: total.unknown_count })}` : ''}
      </small>
    </span>
  );
}

function TotalsTable({ title, totals, testId }: { title: string; totals: InvestmentTotal[]; testId: string }) {
  const { lang } = useExplorerText();
  return (
    <table className="explorer-table" data-testid={testId}>
      <caption>{title}</caption>
      <tbody>
        {totals.map((total) => (
          <tr key={total.key} data-testid="total-row" data-key={total.key}>
            <th scope="row">{pickText(total.label, lang)}</th>
            <td>
              <TotalText total={total} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EMPTY_DRAFT: ProjectDraft = { name_zh: '', name_en: '', status: 'planned', investment_yi: '', district: '', clusters: [], rushan_industries: [], longitude: '', latitude: '', note: '' };

function ProjectForm({ initial, existing, onDone }: { initial: ProjectDraft; existing?: ProjectRecord; onDone: () => void }) {
  const { s, lang } = useExplorerText();
  const store = useAtlasStore();
  const model = useExplorerModel();
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const field = (key: keyof ProjectDraft, label: string, testId: string) => (
    <label>
      {label}
      <input value={draft[key] as string} data-testid={testId} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
    </label>
  );
  const toggle = (key: 'clusters' | 'rushan_industries', code: string) =>
    setDraft({ ...draft, [key]: draft[key].includes(code) ? draft[key].filter((entry) => entry !== code) : [...draft[key], code] });
  const save = async () => {
    const result = recordFromDraft(draft, new Date(), existing);
    if (!result.ok) {
      setProblems(result.problems.map((problem) => pickText(problem, lang)));
      return;
    }
    // Issue 11: refused when another tab saved this record since it was read.
    const saved = await putProjectRecord(result.record, existing ? { baseRevision: revisionOf(existing) } : {});
    if (!saved.ok) {
      setProblems([pickText(saved.message, lang)]);
      return;
    }
    model.reloadProjects();
    onDone();
  };
  return (
    <form
      className="explorer-project-form"
      data-testid="project-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {field('name_zh', s('projects.nameZh'), 'project-name-zh')}
      {field('name_en', s('projects.nameEn'), 'project-name-en')}
      <label>
        {s('projects.status')}
        <select value={draft.status} data-testid="project-status" onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
          {PROJECT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {pickText(PROJECT_STATUS_LABELS[status], lang)}
            </option>
          ))}
        </select>
      </label>
      {field('investment_yi', s('projects.investmentYi'), 'project-investment')}
      {field('district', s('projects.district'), 'project-district')}
      {field('longitude', s('projects.longitude'), 'project-longitude')}
      {field('latitude', s('projects.latitude'), 'project-latitude')}
      <button
        type="button"
        onClick={() => {
          const view = store.getState().view;
          setDraft({ ...draft, longitude: view.longitude.toFixed(6), latitude: view.latitude.toFixed(6) });
        }}
      >
        {s('projects.useMapCentre')}
      </button>
      <fieldset>
        <legend>{s('parks.clusters')}</legend>
        {Object.entries(CLUSTERS).map(([code, name]) => (
          <label key={code} className="explorer-check">
            <input type="checkbox" checked={draft.clusters.includes(code)} onChange={() => toggle('clusters', code)} /> {pickText(name, lang)}
          </label>
        ))}
        {Object.entries(RUSHAN_INDUSTRIES).map(([code, name]) => (
          <label key={code} className="explorer-check">
            <input type="checkbox" checked={draft.rushan_industries.includes(code)} onChange={() => toggle('rushan_industries', code)} /> {lang === 'zh' ? '乳山·' : 'Rushan: '}
            {pickText(name, lang)}
          </label>
        ))}
      </fieldset>
      {field('note', s('projects.note'), 'project-note')}
      {problems.length > 0 && (
        <ul className="explorer-error" role="alert" data-testid="project-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="explorer-dialog-actions">
        <button type="button" onClick={onDone}>
          {s('projects.cancel')}
        </button>
        <button type="submit" className="is-primary" data-testid="project-save">
          {s('projects.save')}
        </button>
      </div>
    </form>
  );
}

export function ProjectsTab() {
  const { s, lang } = useExplorerText();
  const model = useExplorerModel();
  const selected = useExplorer((state) => state.selectedProject);
  const [editing, setEditing] = useState<{ draft: ProjectDraft; existing?: ProjectRecord } | null>(null);
  const totals = useMemo(() => boardTotals(model.projects), [model.projects]);
  const columns = useMemo(() => boardColumns(model.projects), [model.projects]);
  const localIds = useMemo(() => new Set(model.localProjects.map((record) => record.id)), [model.localProjects]);
  // Only districts with at least one known investment are charted: a district whose every
  // figure is unpublished would show a bar of 0, and with none known there is no chart (the
  // layer note above says why), not an empty axis.
  const charted = useMemo(() => totals.byDistrict.filter((total) => total.count > total.unknown_count), [totals]);
  const chartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 20, top: 10, bottom: 24 },
      xAxis: { type: 'value', name: s('unit.yi') },
      yAxis: { type: 'category', inverse: true, data: charted.map((total) => pickText(total.label, lang)), axisLabel: { fontSize: 10 } },
      series: [{ type: 'bar', data: charted.map((total) => total.investment_yi), itemStyle: { color: '#e76f51' } }],
    }),
    [charted, lang, s],
  );
  const fly = (record: ProjectRecord) => {
    updateExplorer({ selectedProject: record.id });
    const [lon, lat] = record.position;
    // ≈ 1.5 km around the point.
    flyToBox([lon - 0.02, lat - 0.015, lon + 0.02, lat + 0.015]);
  };
  return (
    <div className="explorer-projects" data-testid="project-board">
      <div className="explorer-source">
        <strong>{s('projects.total')}:</strong> <span data-testid="projects-total"><TotalText total={totals.all} /></span>
        <button type="button" data-testid="project-add" onClick={() => setEditing({ draft: EMPTY_DRAFT })}>
          {s('projects.add')}
        </button>
        <button type="button" data-testid="export-geojson" onClick={() => download('key-projects.geojson', JSON.stringify(recordsToGeoJson(model.projects), null, 1), 'application/geo+json')}>
          {s('projects.exportGeojson')}
        </button>
        <button type="button" data-testid="export-csv" onClick={() => download('key-projects.csv', recordsToCsv(model.projects, lang), 'text/csv;charset=utf-8')}>
          {s('projects.exportCsv')}
        </button>
      </div>
      <p className="explorer-muted">{s('projects.layerNote')}</p>
      {model.storeError && <p className="explorer-error">{pickText(model.storeError, lang)}</p>}
      {editing && <ProjectForm initial={editing.draft} existing={editing.existing} onDone={() => setEditing(null)} />}
      <div className="explorer-board">
        {columns.map((column) => (
          <section key={column.status} className="explorer-board-column" data-testid="board-column" data-status={column.status}>
            <h4>
              {pickText(PROJECT_STATUS_LABELS[column.status], lang)} ({column.records.length})
            </h4>
            {column.records.map((record) => (
              <div key={record.id} className={`explorer-card${selected === record.id ? ' is-selected' : ''}`} data-testid="project-card" data-project-id={record.id}>
                <button type="button" className="explorer-link" onClick={() => fly(record)} data-testid="project-fly">
                  {lang === 'zh' ? record.name_zh : record.name_en}
                </button>
                {localIds.has(record.id) && <small className="explorer-badge">{s('projects.local')}</small>}
                <div className="explorer-muted">
                  {(lang === 'en' ? record.district_en : undefined) ?? (record.district || '—')} · {record.investment_yi === null ? s('projects.unknownInvestment') : formatYi(record.investment_yi, lang)}
                </div>
                <button type="button" className="explorer-small" onClick={() => setEditing({ draft: draftFromRecord(record), existing: record })}>
                  {s('projects.edit')}
                </button>
                {localIds.has(record.id) && (
                  <button
                    type="button"
                    className="explorer-small"
                    onClick={() => void deleteProjectRecord(record.id).then(() => model.reloadProjects())}
                  >
                    {s('projects.delete')}
                  </button>
                )}
              </div>
            ))}
          </section>
        ))}
      </div>
      <div className="explorer-compare-grid">
        <TotalsTable title={s('projects.byDistrict')} totals={totals.byDistrict} testId="totals-district" />
        <TotalsTable title={s('projects.byCluster')} totals={totals.byCluster} testId="totals-cluster" />
        {charted.length > 0 && <Chart option={chartOption} height={Math.max(160, charted.length * 22 + 40)} testId="projects-chart" label={s('projects.chart')} />}
      </div>
    </div>
  );
}
