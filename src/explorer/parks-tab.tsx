/**
 * Park explorer tab: search (Chinese, English, pinyin initials), filters by the seven 千亿级
 * clusters and Rushan's 3+3 industries, the list with area, available land and distances,
 * fly-to + highlight on selection, and the side-by-side comparison of 2–4 parks.
 */
import { useMemo } from 'react';
import type { Lang } from '../data/catalog-types';
import { CLUSTERS, RUSHAN_INDUSTRIES } from '../data/industries';
import { Chart } from './chart';
import { useExplorerModel } from './explorer-model';
import { flyToBox, updateExplorer, useExplorer } from './explorer-store';
import { pick as pickText, type ExplorerKey } from '../i18n';
import { useExplorerText } from '../state/use-translation';
import { formatAreaM2, formatDistance, formatKm2AndMu } from './explorer-format';
import { filterParks, MAXIMUM_COMPARED, parkKey, toggleCompared, type ParkDistance, type ParkEntry } from './park-model';
import { SampleLabel } from './sample-label';
import { bracketed } from '../i18n/bracketed';

type Text = (key: ExplorerKey, values?: Record<string, string | number>) => string;

export function levelText(entry: ParkEntry, s: Text): string {
  if (entry.layer === 'industrial-parks') return entry.programme ? s(`programme.${entry.programme}` as ExplorerKey) : s('parks.park');
  if (entry.level === 'national') return s('level.national');
  if (entry.level === 'provincial') return s('level.provincial');
  return s('level.none');
}

/** Published area when there is one; otherwise the schematic outline's measured area, labelled so. */
export function AreaText({ entry, lang, s }: { entry: ParkEntry; lang: Lang; s: Text }) {
  if (entry.publishedAreaKm2 !== null) {
    return (
      <span data-testid="park-area" data-km2={entry.publishedAreaKm2}>
        <span className="explorer-figure">{formatKm2AndMu(entry.publishedAreaKm2, lang)}</span> <small className="explorer-muted explorer-figure">{s('parks.published')}</small>
      </span>
    );
  }
  return (
    <span data-testid="park-area" data-km2="">
      {s('parks.notPublished')}
      <small className="explorer-muted">
        {' '}
        · {s('parks.outline')} {formatAreaM2(entry.outlineAreaM2, lang)}
      </small>
    </span>
  );
}

export function DistanceText({ distance, lang }: { distance: ParkDistance | undefined; lang: Lang }) {
  const { s } = useExplorerText();
  if (!distance) return <span className="explorer-muted">{s('parks.computing')}</span>;
  if (!distance.known) {
    return (
      <span className="explorer-muted explorer-figure" title={pickText(distance.reason, lang)} data-testid={`distance-${distance.kind}`}>
        {s('common.unknown')}
      </span>
    );
  }
  return (
    <span data-testid={`distance-${distance.kind}`} data-metres={distance.distance_m} data-estimated={String(distance.estimated)} title={pickText(distance.to, lang)}>
      <span className="explorer-figure">{formatDistance(distance.distance_m, lang, distance.estimated && 'short')}</span> <small className="explorer-muted">{pickText(distance.to, lang)}</small>
    </span>
  );
}

function tagNames(entry: ParkEntry, lang: Lang): string[] {
  return [
    ...entry.clusters.map((code) => pickText(CLUSTERS[code], lang) || code),
    ...entry.rushanIndustries.map((code) => `${lang === 'zh' ? '乳山·' : 'Rushan: '}${pickText(RUSHAN_INDUSTRIES[code], lang) || code}`),
  ];
}

function CompareView({ parks }: { parks: ParkEntry[] }) {
  const { s, lang } = useExplorerText();
  const model = useExplorerModel();
  const synthetic = model.parcels?.synthetic ?? true;
  const option = useMemo(() => {
    // An area no source published is marked on the axis ("未公布"), not left as an empty place
    // that reads as zero; published areas are never 0.
    const unpublished = s('level.none');
    const km2 = (entry: ParkEntry) =>
      entry.publishedAreaKm2 ?? { value: 0, label: { show: true, position: 'insideBottom', offset: [0, -2], rotate: 90, align: 'left', verticalAlign: 'middle', formatter: unpublished, fontSize: 10, color: '#56636e' } };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 16, top: 30, bottom: 40 },
      xAxis: { type: 'category', data: parks.map((entry) => entry.shortName ? pickText(entry.shortName, lang) : pickText(entry.name, lang)), axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: { type: 'value', name: lang === 'zh' ? '平方千米' : 'km²' },
      series: [
        // Only this series marks its zeros as unpublished (a park's available land may really be 0).
        { type: 'bar', name: bracketed(s('parks.area'), s('parks.published'), lang), data: parks.map(km2), tooltip: { valueFormatter: (value: unknown) => (value === 0 ? unpublished : String(value)) } },
        { type: 'bar', name: synthetic ? bracketed(s('parks.available'), s('sample.short'), lang) : s('parks.available'), data: parks.map((entry) => { const land = model.available.get(parkKey(entry)); return land ? Math.round(land.unsupplied_m2 / 1e4) / 100 : null; }) },
      ],
    };
  }, [parks, lang, s, model.available, synthetic]);
  const separator = lang === 'zh' ? '；' : '; ';
  const rows: { label: string; cell: (entry: ParkEntry) => React.ReactNode; testId?: string }[] = [
    { label: s('parks.level'), cell: (entry) => levelText(entry, s) },
    { label: s('parks.area'), cell: (entry) => <AreaText entry={entry} lang={lang} s={s} />, testId: 'compare-area' },
    { label: s('parks.industries'), cell: (entry) => entry.industries.map((industry) => pickText(industry, lang)).join(separator) || '—' },
    { label: s('parks.clusters'), cell: (entry) => tagNames(entry, lang).join(separator) || '—' },
    {
      label: s('parks.available'),
      cell: (entry) => {
        const land = model.available.get(parkKey(entry));
        return land ? <span data-testid="park-available" data-m2={land.unsupplied_m2}>{formatAreaM2(land.unsupplied_m2, lang)}</span> : s('parks.computing');
      },
    },
    {
      label: s('parks.ready'),
      cell: (entry) => {
        const land = model.available.get(parkKey(entry));
        return land ? formatAreaM2(land.ready_m2, lang) : s('parks.computing');
      },
    },
    ...(['station', 'port', 'expressway'] as const).map((kind) => ({
      label: s(`parks.${kind}` as ExplorerKey),
      cell: (entry: ParkEntry) => <DistanceText distance={model.distances.get(parkKey(entry))?.find((item) => item.kind === kind)} lang={lang} />,
    })),
  ];
  return (
    <div className="explorer-compare" data-testid="compare-view">
      <h3>
        {s('compare.title')} <button type="button" onClick={() => updateExplorer({ compared: [] })}>{s('parks.clearCompare')}</button>
      </h3>
      {synthetic && <SampleLabel />}
      <div className="explorer-compare-grid">
        <table className="explorer-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>{s('compare.item')}</th>
              {parks.map((entry) => (
                <th key={parkKey(entry)} data-testid="compare-column" data-park-id={entry.id}>
                  {pickText(entry.name, lang)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label} data-testid={row.testId}>
                <th scope="row">{row.label}</th>
                {parks.map((entry) => (
                  <td key={parkKey(entry)}>{row.cell(entry)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <Chart option={option} height={200} testId="compare-chart" label={s('compare.chartArea')} />
      </div>
    </div>
  );
}

export function ParksTab() {
  const { s, lang } = useExplorerText();
  const model = useExplorerModel();
  const query = useExplorer((state) => state.query);
  const cluster = useExplorer((state) => state.cluster);
  const rushanIndustry = useExplorer((state) => state.rushanIndustry);
  const selected = useExplorer((state) => state.selectedPark);
  const compared = useExplorer((state) => state.compared);
  const shown = useMemo(
    () => filterParks(model.entries, { query, cluster, rushanIndustry }, (entry) => model.initials.get(parkKey(entry)) ?? []),
    [model.entries, model.initials, query, cluster, rushanIndustry],
  );
  const comparedEntries = compared.map((key) => model.entries.find((entry) => parkKey(entry) === key)).filter((entry): entry is ParkEntry => Boolean(entry));
  const select = (entry: ParkEntry) => {
    updateExplorer({ selectedPark: parkKey(entry), highlight: entry.feature });
    flyToBox(entry.bbox);
  };
  return (
    <div className="explorer-parks">
      <div className="explorer-filters">
        <input
          type="search"
          value={query}
          placeholder={s('parks.search')}
          aria-label={s('parks.search')}
          data-testid="park-search"
          onChange={(event) => updateExplorer({ query: event.target.value })}
        />
        <label>
          {s('parks.cluster')}{' '}
          <select value={cluster ?? ''} data-testid="park-cluster" onChange={(event) => updateExplorer({ cluster: event.target.value || null })}>
            <option value="">{s('parks.any')}</option>
            {Object.entries(CLUSTERS).map(([code, name]) => (
              <option key={code} value={code}>
                {pickText(name, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s('parks.rushan')}{' '}
          <select value={rushanIndustry ?? ''} data-testid="park-rushan" onChange={(event) => updateExplorer({ rushanIndustry: event.target.value || null })}>
            <option value="">{s('parks.any')}</option>
            {Object.entries(RUSHAN_INDUSTRIES).map(([code, name]) => (
              <option key={code} value={code}>
                {pickText(name, lang)}
              </option>
            ))}
          </select>
        </label>
        <span className="explorer-muted" data-testid="park-count">
          {s('parks.count', { count: shown.length })} · {s('parks.compareHint', { count: compared.length })}
        </span>
      </div>
      {model.parcels?.synthetic !== false && <SampleLabel />}
      <p className="explorer-muted explorer-note" data-testid="park-distance-note">
        {s('parks.distanceNote')}
      </p>
      <div className="explorer-parks-main">
        <table className="explorer-table explorer-park-list" data-testid="park-list">
          <thead>
            <tr>
              <th>{s('parks.compare')}</th>
              <th>{s('intensity.zone')}</th>
              <th>{s('parks.level')}</th>
              <th>{s('parks.area')}</th>
              <th>{s('parks.available')}</th>
              <th>{s('parks.station')}</th>
              <th>{s('parks.port')}</th>
              {/* The roads layer holds few expressways: the header says so, its title why. */}
              <th title={s('parks.coverage')}>{s('parks.expressway')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={8}>{s('parks.none')}</td>
              </tr>
            )}
            {shown.map((entry) => {
              const key = parkKey(entry);
              const distances = model.distances.get(key);
              const land = model.available.get(key);
              const isCompared = compared.includes(key);
              return (
                <tr
                  key={key}
                  data-testid="park-row"
                  data-park-id={entry.id}
                  data-clusters={entry.clusters.join(';')}
                  data-rushan={entry.rushanIndustries.join(';')}
                  className={selected === key ? 'is-selected' : ''}
                >
                  <td>
                    <input
                      type="checkbox"
                      checked={isCompared}
                      disabled={!isCompared && compared.length >= MAXIMUM_COMPARED}
                      aria-label={`${s('parks.compare')} ${pickText(entry.name, lang)}`}
                      data-testid="park-compare"
                      onChange={() => updateExplorer((state) => ({ compared: toggleCompared(state.compared, key) }))}
                    />
                  </td>
                  <td>
                    <button type="button" className="explorer-link" data-testid="park-select" onClick={() => select(entry)}>
                      {pickText(entry.name, lang)}
                    </button>
                    {entry.shortName && <small className="explorer-muted"> {pickText(entry.shortName, lang)}</small>}
                    <div className="explorer-tags">{tagNames(entry, lang).join(' · ')}</div>
                  </td>
                  <td>{levelText(entry, s)}</td>
                  <td>
                    <AreaText entry={entry} lang={lang} s={s} />
                  </td>
                  <td>{land ? <span className="explorer-figure">{formatAreaM2(land.unsupplied_m2, lang)}</span> : s('parks.computing')}</td>
                  {/* The airport is never known (AIRPORT_UNKNOWN): said once in the note above, not in a column of 未知. */}
                  {(['station', 'port', 'expressway'] as const).map((kind) => (
                    <td key={kind}>
                      <DistanceText distance={distances?.find((item) => item.kind === kind)} lang={lang} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {comparedEntries.length >= 2 && <CompareView parks={comparedEntries} />}
      <p className="explorer-muted explorer-footnote" data-testid="parks-footnote">
        {s('parks.schematic')} · {s('parks.distances')}{lang === 'zh' ? '。' : '. '}{s('parks.coverage')}
      </p>
    </div>
  );
}
