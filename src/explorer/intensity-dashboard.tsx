/**
 * Intensity dashboard (集约利用, issue 5), a lazy chunk: the TD/T 1029 indicators of every
 * zone and park from the engine (figures equal the `intensity` CLI's for the same parcels),
 * zones ranked on any indicator with a chart, the selected zone's twelve indicators, the
 * parcel source (synthetic sample or the user's own file via the field-mapping dialog), and
 * the map controls (colour parcels by 容积率 / 投资强度 / 地均税收 with the legend, 3D).
 */
import { useMemo, useState } from 'react';
import { INDICATORS, type IndicatorKey } from '../analysis/land-use-intensity';
import { Chart } from './chart';
import { useExplorerModel } from './explorer-model';
import { flyToBox, updateExplorer, useExplorer } from './explorer-store';
import { pick as pickText } from '../i18n';
import { useExplorerText } from '../state/use-translation';
import { FieldMappingDialog } from './field-mapping-dialog';
import { displayValue, formatIndicator, indicatorSpec, rankZones } from './intensity-model';
import { FAILING_COLOR, legendClasses, MAP_INDICATORS, MAP_INDICATOR_SPECS, type MapIndicator } from './parcel-figures';
import { parkKey } from './park-model';
import { SampleLabel } from './sample-label';
import { bracketed } from '../i18n/bracketed';

function ParcelSourceBar() {
  const { s } = useExplorerText();
  const model = useExplorerModel();
  const source = useExplorer((state) => state.parcelSource);
  const [dialog, setDialog] = useState(false);
  const count = model.dashboard?.ok ? model.dashboard.parcelCount : (model.parcels?.collection.features.length ?? 0);
  return (
    <div className="explorer-source">
      <span data-testid="parcel-source">
        {s('intensity.parcelSource')}:{' '}
        {source.kind === 'sample' ? s('intensity.sampleSource', { count }) : s('intensity.userSource', { name: source.name, count })}
      </span>
      <button type="button" data-testid="load-own-parcels" onClick={() => setDialog(true)}>
        {s('intensity.loadOwn')}
      </button>
      {source.kind === 'user' && (
        <button type="button" data-testid="use-sample-parcels" onClick={() => updateExplorer({ parcelSource: { kind: 'sample' } })}>
          {s('intensity.useSample')}
        </button>
      )}
      {dialog && <FieldMappingDialog onClose={() => setDialog(false)} />}
    </div>
  );
}

function MapControls() {
  const { s, lang } = useExplorerText();
  const showParcels = useExplorer((state) => state.showParcels);
  const showBuildings = useExplorer((state) => state.showBuildings);
  const indicator = useExplorer((state) => state.mapIndicator);
  const spec = MAP_INDICATOR_SPECS[indicator];
  return (
    <div className="explorer-map-controls" data-testid="map-controls">
      <strong>{s('map.title')}</strong>
      <label>
        <input type="checkbox" checked={showParcels} data-testid="show-parcels" onChange={(event) => updateExplorer({ showParcels: event.target.checked })} />{' '}
        {s('map.show')}
      </label>
      <label>
        <input type="checkbox" checked={showBuildings} onChange={(event) => updateExplorer({ showBuildings: event.target.checked })} /> {s('map.buildings')}
      </label>
      <label>
        {s('map.styleBy')}{' '}
        <select value={indicator} data-testid="map-indicator" onChange={(event) => updateExplorer({ mapIndicator: event.target.value as MapIndicator })}>
          {MAP_INDICATORS.map((key) => (
            <option key={key} value={key}>
              {pickText(MAP_INDICATOR_SPECS[key].label, lang)}
              {MAP_INDICATOR_SPECS[key].unit[lang] ? bracketed('', MAP_INDICATOR_SPECS[key].unit[lang], lang) : ''}
            </option>
          ))}
        </select>
      </label>
      <ul className="explorer-legend" data-testid="map-legend" aria-label={pickText(spec.label, lang)}>
        {legendClasses(indicator, lang).map((row) => (
          <li key={row.label}>
            <span className="explorer-swatch" style={{ background: row.color }} /> {row.label}
            {spec.unit[lang] && !row.label.includes('（') && !row.label.includes('(') ? ` ${spec.unit[lang]}` : ''}
          </li>
        ))}
        <li>
          <span className="explorer-swatch" style={{ background: 'transparent', border: `2px solid ${FAILING_COLOR}` }} /> {s('map.failing')}
        </li>
      </ul>
      <small className="explorer-muted">
        {s('map.zoomIn')} · {s('map.heightNote')}
      </small>
    </div>
  );
}

export default function IntensityDashboard() {
  const { s, lang } = useExplorerText();
  const model = useExplorerModel();
  const rankBy = useExplorer((state) => state.rankBy) as IndicatorKey;
  const ascending = useExplorer((state) => state.rankAscending);
  const selectedZone = useExplorer((state) => state.selectedZone);
  const dashboard = model.dashboard;
  const spec = indicatorSpec(rankBy);
  const ranked = useMemo(() => (dashboard?.ok ? rankZones(dashboard.zones, rankBy, ascending) : []), [dashboard, rankBy, ascending]);
  const selected = dashboard?.ok ? (dashboard.zones.find((zone) => `${zone.layer}:${zone.id}` === selectedZone) ?? null) : null;
  const chartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      // The title (≈ 16 px) stands above the first category, not on it.
      grid: { left: 150, right: 30, top: 36, bottom: 24 },
      title: { text: s('intensity.chart', { indicator: pickText(spec.label, lang) }), textStyle: { fontSize: 12 }, left: 0 },
      xAxis: { type: 'value', name: spec.kind === 'rate' ? '%' : spec.unit[lang] },
      yAxis: {
        type: 'category',
        inverse: true,
        data: ranked.map((zone) => (lang === 'zh' ? zone.name_zh : zone.name_en)),
        axisLabel: { fontSize: 10, width: 140, overflow: 'truncate' },
      },
      series: [{ type: 'bar', data: ranked.map((zone) => displayValue(spec, zone.indicators[rankBy])), itemStyle: { color: '#35607a' } }],
    }),
    [ranked, spec, rankBy, lang, s],
  );
  const synthetic = model.parcels?.synthetic ?? true;
  return (
    <div className="explorer-intensity" data-testid="intensity-dashboard">
      <ParcelSourceBar />
      {synthetic && <SampleLabel />}
      {dashboard && !dashboard.ok && (
        <div className="explorer-error" role="alert" data-testid="intensity-problems">
          {s('intensity.problems')}
          <ul>
            {dashboard.problems.slice(0, 5).map((problem) => (
              <li key={problem.index}>
                #{problem.index + 1}
                {problem.id !== undefined ? ` (${String(problem.id)})` : ''}: {pickText(problem.message, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!dashboard && <div className="explorer-loading">{s('parks.computing')}</div>}
      {dashboard?.ok && (
        <div className="explorer-intensity-grid">
          <div>
            <label>
              {s('intensity.rankBy')}{' '}
              <select value={rankBy} data-testid="rank-by" onChange={(event) => updateExplorer({ rankBy: event.target.value })}>
                {INDICATORS.map((indicator) => (
                  <option key={indicator.key} value={indicator.key}>
                    {pickText(indicator.label, lang)}
                    {indicator.unit[lang] && indicator.kind === 'per-ha' ? bracketed('', indicator.unit[lang], lang) : ''}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              <input type="checkbox" checked={ascending} onChange={(event) => updateExplorer({ rankAscending: event.target.checked })} /> {s('intensity.ascending')}
            </label>
            <table className="explorer-table" data-testid="intensity-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{s('intensity.zone')}</th>
                  <th>{pickText(spec.label, lang)}</th>
                  <th>{s('intensity.parcels')}</th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((zone, index) => {
                  const key = `${zone.layer}:${zone.id}`;
                  return (
                    <tr
                      key={key}
                      data-testid="intensity-row"
                      data-zone-id={zone.id}
                      data-layer={zone.layer}
                      className={key === selectedZone ? 'is-selected' : ''}
                    >
                      <td>{index + 1}</td>
                      <td>
                        <button
                          type="button"
                          className="explorer-link"
                          data-testid="intensity-zone"
                          onClick={() => {
                            const entry = model.entries.find((candidate) => parkKey(candidate) === key);
                            updateExplorer({ selectedZone: key, selectedPark: key, highlight: entry?.feature ?? null });
                            if (entry) flyToBox(entry.bbox);
                          }}
                        >
                          {lang === 'zh' ? zone.name_zh : zone.name_en}
                        </button>
                      </td>
                      <td data-testid="intensity-value" data-value={zone.indicators[rankBy] ?? ''}>
                        {formatIndicator(spec, zone.indicators[rankBy], lang)}
                      </td>
                      <td>{zone.parcel_count}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div>
            <Chart option={chartOption} height={Math.max(220, ranked.length * 16 + 50)} testId="intensity-chart" label={s('intensity.chart', { indicator: pickText(spec.label, lang) })} />
          </div>
          <div>
            {selected ? (
              <div data-testid="zone-detail" data-zone-id={selected.id} data-layer={selected.layer}>
                <h3>
                  {s('intensity.selected')}: {lang === 'zh' ? selected.name_zh : selected.name_en}
                </h3>
                <p className="explorer-muted">
                  {s('intensity.parcels')}: {selected.parcel_count} ·{' '}
                  {selected.industry_led === null ? '—' : selected.industry_led ? s('intensity.industryLed') : s('intensity.notIndustryLed')}
                </p>
                <table className="explorer-table">
                  <tbody>
                    {INDICATORS.map((indicator) => (
                      <tr key={indicator.key} data-testid="zone-indicator" data-key={indicator.key} data-value={selected.indicators[indicator.key] ?? ''}>
                        <th scope="row" title={indicator.formula}>
                          {pickText(indicator.label, lang)}
                        </th>
                        <td>{formatIndicator(indicator, selected.indicators[indicator.key], lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="explorer-muted">{s('intensity.selected')}: —</p>
            )}
            <MapControls />
          </div>
        </div>
      )}
    </div>
  );
}
