/**
 * The printable siting-review report of one saved record (`#print=<record id>`), laid out
 * for A4 or A3, portrait or landscape (`&paper=A3-landscape`, chosen in the toolbar; A4
 * portrait by default) through the browser's print (to PDF): title block (project, applicant, reviewer,
 * date, status), the map with legend, scale bar and north arrow, verdict and reasons, area,
 * the boundary-point table (界址点坐标表) in the site's Gauss–Krüger zone, zone / conflict /
 * proximity / indicator tables, notes and history, data provenance and the schematic-data
 * disclaimer. Everything is React text. `data-testid="print-ready"` marks a finished page.
 */
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { bbox as turfBbox } from '@turf/bbox';
import type { SiteReport } from '../analysis/siting-review';
import { leftOutOfVerdict, restsOnSchematicData } from '../analysis/review/verdict-basis';
import { formatAreaIn, formatControlValue, formatDistanceTo, formatNumber } from '../analysis/units';
import { importFormatLabel, sourceFileLabel } from '../io/format-labels';
import { CRS_INFO } from '../crs/projections';
import { REVIEW_STATUS_LABELS, type ReviewRecord } from '../records/review-records';
import { reviewInputs } from '../records/engine-proposal';
import type { Bilingual, CatalogLayer, Lang } from '../data/catalog-types';
import { pick, translate, type MessageKey } from '../i18n';
import { useTranslation } from '../state/use-translation';
import { ReferenceSections, SHORT_ON_PAPER_ROWS } from '../components/reference/reference-report';
import type { ReviewedReport } from '../worker/protocol';
import type { ReferenceSection } from '../analysis/review/reference-types';
import { drawsAsOutline, ESTIMATED_POSITION_LABEL, legendEntries } from '../map/catalog-style';
import { MARK_SOURCE_IDS, REVIEW_COLORS, UNANSWERED_DASH, UNANSWERED_FILL_OPACITY, UNCOUNTED_FILL_OPACITY } from '../map/review-layers';
import { LegendSwatch } from '../components/legend-swatch';
import { AccuracyBadge } from '../components/accuracy-badge';
import { noConflictsText, VERDICT_KEYS } from '../components/review/review-report';
import { useAtlas } from '../state/atlas-store';
import { boundaryTable } from '../io/boundary-table';
import { reportOverlays, type ReviewOverlays } from '../map/review-layers';
import { referenceLegendItems, type ReferenceLegendItem } from '../map/reference-layers';
import { useReferenceController } from '../state/reference-hooks';
import type { PrintReference } from '../state/reference-actions';
import { useReviewLayerData } from '../state/review-layer-data';
import { useReview, useReviewController } from '../state/review-store';
import { isDropped } from '../worker/protocol';
import { PRINT_KEY } from '../state/review-url';
import { replaceHashEntries, useHashEntry } from '../state/use-hash-entry';
import { parseSheet, type SheetChoice } from '../components/tools/sheet-route';
import { sheetMillimetres } from '../map/tools/export-png';
import { PrintMap, printMapSize, type CapturedMap } from './print-map';
import { drawnLegend, drawnReferenceFeatures, drawnSources, outlineCrosses, type DrawnFeature, type ExportLegendItem } from '../map/legend-items';
import { PRINT_LAYER_IDS } from './print-layers';
import { compareWithDecision, type SnapshotDifference } from '../records/decision-snapshot';
import { decidedAgainstVerdict } from '../records/decision-reason';
import { niceLength } from '../map/scale';
import { reportDate, reportTimestamp } from '../i18n/report-date';
import { bracketed } from '../i18n/bracketed';
import './print.css';

type Loaded =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: Bilingual }
  // Issue 11: `report` is the decided snapshot when the record has one; `fresh` today's review beside it.
  | { status: 'ready'; record: ReviewRecord; report: SiteReport; fresh?: SiteReport; difference?: SnapshotDifference | null };

/** Grows a lon/lat box to at least `minimumMetres` across, so a tiny site keeps some surroundings. */
function atLeast(box: [number, number, number, number], minimumMetres: number): [number, number, number, number] {
  const [west, south, east, north] = box;
  const latitude = (south + north) / 2;
  const halfLat = Math.max((north - south) / 2, minimumMetres / 2 / 110_574);
  const halfLon = Math.max((east - west) / 2, minimumMetres / 2 / (111_320 * Math.cos((latitude * Math.PI) / 180)));
  const centerLon = (west + east) / 2;
  return [centerLon - halfLon, latitude - halfLat, centerLon + halfLon, latitude + halfLat];
}

/**
 * Nearest facilities closer than this are brought into the printed map's frame (metres).
 * Farther ones keep their line and their distance in the table: a facility 5 km off would
 * shrink a 6-ha site to a few millimetres of paper.
 */
const NEAR_ENOUGH_M = 1500;
/** The printed map is at least this wide and high (metres): about 1:6 000 on A4, a site plan's scale. */
const MIN_FRAME_M = 1000;

/** The class that keeps a short table whole on paper (print.css `.is-short`; a boundary-point or facilities table split 2 + 2 reads as two tables). */
function shortTable(rows: number): string {
  return rows <= SHORT_ON_PAPER_ROWS ? ' is-short' : '';
}

/** The printed map's frame: the site and the facilities within NEAR_ENOUGH_M, at least MIN_FRAME_M across. */
export function printFrame(site: Geometry, proximity: readonly { distance_m: number; end: Position }[]): [number, number, number, number] {
  const nearEnds = proximity.filter((line) => line.distance_m <= NEAR_ENOUGH_M).map((line) => line.end);
  const box = turfBbox({ type: 'GeometryCollection', geometries: [site, { type: 'MultiPoint', coordinates: nearEnds }] });
  return atLeast([box[0], box[1], box[2], box[3]], MIN_FRAME_M);
}

/** The report's paper choices (`&paper=` in the hash); the first is the default. */
const PAPERS = ['A4-portrait', 'A4-landscape', 'A3-portrait', 'A3-landscape'] as const;
const PAPER_KEY = 'paper';

function paperLabel(choice: SheetChoice, t: ReturnType<typeof useTranslation>['t']): string {
  return `${choice.paper} ${choice.orientation === 'landscape' ? t('tools.export.landscape') : t('tools.export.portrait')}`;
}

/** The paper named in the hash (`&paper=A3-landscape`), A4 portrait otherwise; follows the hash. */
function usePaper(): SheetChoice {
  return parseSheet(useHashEntry(PAPER_KEY)) ?? { paper: 'A4', orientation: 'portrait' };
}

/** Keeps the choice in the hash (a printed link reopens on the same paper). */
function choosePaper(value: string): void {
  replaceHashEntries({ [PAPER_KEY]: value === PAPERS[0] ? null : value });
}

export function PrintView({ recordId }: { recordId: string }) {
  const { t, lang } = useTranslation();
  const controller = useReviewController();
  const records = useReview((state) => state.records);
  const recordsState = useReview((state) => state.recordsState);
  const catalog = useAtlas((state) => state.catalog);
  const layerData = useReviewLayerData(true, PRINT_LAYER_IDS);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [captured, setCaptured] = useState<CapturedMap | null>(null);
  const [printedAt] = useState(() => new Date());
  const record = records.find((candidate) => candidate.id === recordId);
  const paper = usePaper();
  const paperKey = `${paper.paper}-${paper.orientation}`;
  // A new paper size draws the map again at the size that paper gives it.
  useEffect(() => setCaptured(null), [paperKey]);

  useEffect(() => {
    document.documentElement.classList.add('print-mode');
    return () => document.documentElement.classList.remove('print-mode');
  }, []);

  useEffect(() => {
    if (recordsState.status === 'loading') return;
    if (recordsState.status === 'error') {
      setLoaded({ status: 'error', message: recordsState.error.message });
      return;
    }
    if (!record) {
      setLoaded({ status: 'missing' });
      return;
    }
    let cancelled = false;
    const inputs = reviewInputs(record);
    // Issue 11: only pending records are other sites under review.
    const others = records.filter((candidate) => candidate.id !== record.id && candidate.status === 'pending').map((candidate) => ({ ...candidate.site, properties: { ...(candidate.site.properties ?? {}), name: candidate.name || candidate.id } }));
    void controller
      .analysis()
      .review(inputs.site, inputs.proposal, { ...inputs.options, otherSites: others })
      .then((result) => {
        if (cancelled || isDropped(result)) return;
        // Issue 11: a decided record prints the report it was decided on; today's review is compared beside it.
        const decided = record.decision ? (record.decision.report as unknown as SiteReport) : null;
        if (result.ok && decided && record.decision) {
          setLoaded({ status: 'ready', record, report: decided, fresh: result.value, difference: compareWithDecision(record.decision, result.value) });
        } else if (!result.ok && decided) {
          setLoaded({ status: 'ready', record, report: decided });
        } else {
          setLoaded(result.ok ? { status: 'ready', record, report: result.value } : { status: 'error', message: result.error.message });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [record, records, recordsState, controller]);

  const back = () => replaceHashEntries({ [PRINT_KEY]: null, [PAPER_KEY]: null });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') back();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const onCaptured = useCallback((capture: CapturedMap) => setCaptured(capture), []);
  const ready = loaded.status === 'ready' && captured !== null;

  return (
    // The named page (print.css) on the whole view: a decided record's snapshot note prints on the chosen paper too.
    <div className="print-view" data-testid="print-view" data-paper={paperKey} lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <div className="print-toolbar" role="toolbar" aria-label={t('print.toolbar')}>
        <button type="button" className="review-button" onClick={back} data-testid="print-back">
          {t('print.back')}
        </button>
        <label className="print-paper">
          <span>{t('tools.export.paper')}</span>
          <select value={paperKey} onChange={(event) => choosePaper(event.target.value)} data-testid="print-paper">
            {PAPERS.map((choice) => (
              <option key={choice} value={choice}>
                {paperLabel(parseSheet(choice)!, t)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="review-button is-primary" disabled={!ready} onClick={() => window.print()} data-testid="print-print">
          {t('print.print')}
        </button>
        {/* Nothing to prepare once the record is missing or unreadable: the message below says so. */}
        {(ready || loaded.status === 'loading' || loaded.status === 'ready') && (
          <span className="print-toolbar-note" data-testid="print-toolbar-note">
            {ready ? t('print.hint') : t('print.preparing')}
          </span>
        )}
      </div>
      {loaded.status === 'loading' && <p className="print-status">{t('print.preparing')}</p>}
      {loaded.status === 'missing' && (
        <p className="print-status form-error" role="alert">
          {t('print.missing')}
        </p>
      )}
      {loaded.status === 'error' && (
        <p className="print-status form-error" role="alert">
          {pick(loaded.message, lang)}
        </p>
      )}
      {loaded.status === 'ready' && loaded.record.decision && (
        <DecisionSnapshotNote record={loaded.record} fresh={loaded.fresh} difference={loaded.difference} lang={lang} />
      )}
      {loaded.status === 'ready' && catalog && (
        <PrintDocument
          record={loaded.record}
          report={loaded.report}
          layers={catalog.layers}
          layerData={layerData}
          lang={lang}
          printedAt={printedAt}
          paper={paper}
          captured={captured}
          onCaptured={onCaptured}
        />
      )}
      {ready && <span data-testid="print-ready" hidden />}
    </div>
  );
}

/**
 * The bureau's layers the report was reviewed against, with their features in the print frame
 * grown by half its width and height on every side (the fitted map shows a little more than
 * the frame); undefined while they are read.
 */
function usePrintReference(report: SiteReport, frame: [number, number, number, number]): PrintReference | undefined {
  const controller = useReferenceController();
  const ids = useMemo(() => ((report as ReviewedReport).reference ?? []).map((section) => section.layer), [report]);
  const [reference, setReference] = useState<PrintReference | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const [west, south, east, north] = frame;
    const padX = (east - west) / 2;
    const padY = (north - south) / 2;
    controller.layersForPrint(ids, [west - padX, south - padY, east + padX, north + padY]).then(
      (read) => live && setReference(read),
      () => live && setReference({ layers: [], features: {} }),
    );
    return () => {
      live = false;
    };
  }, [controller, ids, frame]);
  return reference;
}

function PrintDocument({
  record,
  report,
  layers,
  layerData,
  lang,
  printedAt,
  paper,
  captured,
  onCaptured,
}: {
  record: ReviewRecord;
  report: SiteReport;
  layers: readonly CatalogLayer[];
  layerData: (layerId: string) => FeatureCollection | undefined;
  lang: Lang;
  printedAt: Date;
  paper: SheetChoice;
  captured: CapturedMap | null;
  onCaptured: (capture: CapturedMap) => void;
}) {
  const { t } = useTranslation();
  const overlays = useMemo(() => reportOverlays(report), [report]);
  const site = useMemo<FeatureCollection>(() => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: report.site.geometry }] }), [report]);
  const bounds = useMemo(
    () => printFrame(report.site.geometry, overlays.proximity.features.map((line) => ({ distance_m: line.properties.distance_m, end: line.geometry.coordinates[1] }))),
    [report, overlays],
  );
  const table = useMemo(() => boundaryTable(report.site.geometry, report.site.projected_crs), [report]);
  const crsLabel = `${report.site.projected_crs} · ${pick(CRS_INFO[report.site.projected_crs].label, lang)}`;
  const usedLayers = layers.filter((layer) => (PRINT_LAYER_IDS as readonly string[]).includes(layer.id));
  // What the verdict was reached on: the built-in layers that counted (all of them unless the
  // profile left some out) and the bureau's reference layers switched on.
  const builtInCounted = (report as ReviewedReport).profile?.builtInLayers ?? record.reviewProfile?.builtInLayers;
  const referenceSections = (report as ReviewedReport).reference ?? [];
  const schematic = usedLayers.some((layer) => layer.provenance.accuracy === 'schematic' && (builtInCounted === undefined || builtInCounted.includes(layer.id)));
  const bureauCounted = referenceSections.some((section) => section.enabled !== false);
  const disclaimer: MessageKey = schematic
    ? bureauCounted
      ? 'print.disclaimerMixed'
      : 'print.disclaimer'
    : bureauCounted
      ? 'print.disclaimerReference'
      : 'print.disclaimerGeneral';
  const [widthMm, heightMm] = sheetMillimetres(paper.paper, paper.orientation);
  const mapSize = useMemo(() => printMapSize(widthMm, heightMm), [widthMm, heightMm]);
  const reference = usePrintReference(report, bounds);
  // The record number's first 8 characters tell a sheet's case (the header gives it whole);
  // when it was printed, and by what, close the line instead of a last paragraph of their own.
  const running = `${record.name || t('review.unnamedSite')} · ${t('print.recordId')} ${record.id.slice(0, 8)}… · ${t('print.generated', { date: reportTimestamp(printedAt.toISOString(), lang) })} · ${t('app.title')}`;
  useRunningFooter(running, t('print.pageOf'));

  return (
    <article className="print-document" data-testid="print-document" data-paper={`${paper.paper}-${paper.orientation}`}>
      <header className="print-title">
        <h1>{t('print.title')}</h1>
        <p className="print-project" data-testid="print-project">
          {record.name || t('review.unnamedSite')}
        </p>
        <dl className="print-meta">
          <dt>{t('review.applicant')}</dt>
          <dd>{record.applicant || '—'}</dd>
          <dt>{t('review.caseNumber')}</dt>
          <dd data-testid="print-case-number">{record.caseNumber || '—'}</dd>
          <dt>{t('review.reviewer')}</dt>
          <dd data-testid="print-reviewer">{record.reviewer || '—'}</dd>
          <dt>{t('print.date')}</dt>
          <dd data-testid="print-date">{reportDate(printedAt, lang)}</dd>
          <dt>{t('print.status')}</dt>
          <dd>
            {pick(REVIEW_STATUS_LABELS[record.status], lang)}
            {record.decidedAt ? ` (${reportTimestamp(record.decidedAt, lang)})` : ''}
          </dd>
          <dt>{t('print.recordId')}</dt>
          <dd className="mono">{record.id}</dd>
        </dl>
      </header>

      <section className="print-map-block">
        <div className="print-map-frame">
          {captured ? (
            <img src={captured.dataUrl} alt={t('print.mapAlt')} className="print-map-image" data-testid="print-map-image" data-bounds={captured.bounds.join(',')} />
          ) : (
            // A new paper draws a new map (its size, fit and pixel ratio are read when it is made).
            <PrintMap key={`${paper.paper}-${paper.orientation}`} layers={layers} layerData={layerData} site={site} overlays={overlays} bounds={bounds} language={lang} size={mapSize} reference={reference} onCaptured={onCaptured} />
          )}
          <NorthArrow />
          {captured && <ScaleBar captured={captured} lang={lang} />}
        </div>
        <MapLegend layers={usedLayers} captured={captured} layerData={layerData} reference={reference} overlays={overlays} lang={lang} />
      </section>

      <section className="print-section">
        <h2>{t('print.verdict')}</h2>
        <p className={`verdict verdict-${report.verdict}`} data-testid="print-verdict">
          {t(VERDICT_KEYS[report.verdict])}
        </p>
        {restsOnSchematicData(report) && (
          <p className="verdict-basis" data-testid="print-verdict-basis">
            {t('review.verdictBasis.schematic')}
          </p>
        )}
        {decidedAgainstVerdict(record.status, report.verdict) && (
          <p className="print-against" data-testid="print-against-verdict">
            {t('print.againstVerdict', { decision: pick(REVIEW_STATUS_LABELS[record.status], lang) })}
          </p>
        )}
        <ul className="reason-list">
          {report.reasons.map((reason, index) => (
            <li key={index} className={`reason-${reason.severity}`}>
              <span className="reason-mark" aria-hidden="true">
                {reason.severity === 'blocker' ? '✕' : reason.severity === 'review' ? '!' : 'i'}
              </span>
              {pick(reason, lang)}
            </li>
          ))}
        </ul>
      </section>

      <section className="print-section">
        <h2>{t('review.area')}</h2>
        <p className="print-area" data-testid="print-area">
          {formatAreaIn(report.site.area_m2, 'mu', lang, 2)} · {formatAreaIn(report.site.area_m2, 'ha', lang, 4)} · {formatAreaIn(report.site.area_m2, 'm2', lang, 1)}
        </p>
        <p className="print-note">
          {t('review.measuredIn', { crs: crsLabel })}; {t('inspector.ellipsoidal')} (GRS80) {formatAreaIn(report.site.area_m2_ellipsoidal, 'm2', lang, 1)}
          {report.site.district ? `; ${pick(report.site.district, lang)}` : ''}
        </p>
      </section>

      <section className={`print-section print-boundary${shortTable(table.reduce((rows, part) => rows + part.points.length, 0))}`} data-testid="print-boundary-table">
        <h2>{t('print.boundaryTable')}</h2>
        <p className="print-note">{t('print.boundaryNote', { crs: crsLabel })}</p>
        {table.map((part) => (
          <table key={part.part} className={`print-table boundary-table${shortTable(part.points.length)}`}>
            {table.length > 1 && (
              <caption>
                {t('print.part')} {part.part}
              </caption>
            )}
            <thead>
              <tr>
                <th scope="col">{t('print.pointNo')}</th>
                <th scope="col" className="number">{bracketed('X', t('print.northing'), lang)} m</th>
                <th scope="col" className="number">{bracketed('Y', t('print.easting'), lang)} m</th>
                <th scope="col" className="number">{t('print.edge')} m</th>
              </tr>
            </thead>
            <tbody>
              {part.points.map((point) => (
                <tr key={point.label}>
                  <td>{point.label}</td>
                  <td className="number mono">{point.x.toFixed(3)}</td>
                  <td className="number mono">{point.y.toFixed(3)}</td>
                  <td className="number mono">{point.edgeToNext.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {table.some((part) => part.holes > 0) && <p className="print-note">{t('print.holesLeftOut')}</p>}
      </section>

      <section className="print-section">
        <h2>{t('review.zones')}</h2>
        {report.zones.length === 0 ? (
          <p>{t('review.zonesNone')}</p>
        ) : (
          <table className={`print-table${shortTable(report.zones.length)}`} data-testid="print-zones">
            <thead>
              <tr>
                <th scope="col">{t('review.zone')}</th>
                <th scope="col" className="number">{t('review.share')}</th>
                <th scope="col" className="number">{t('review.overlapArea')}</th>
              </tr>
            </thead>
            <tbody>
              {report.zones.map((zone) => (
                <tr key={`${zone.layer}:${zone.id}`}>
                  <td>{pick(zone.name, lang)}</td>
                  <td className="number">{formatNumber(zone.overlap_pct, lang, 1)}%</td>
                  <td className="number">
                    {formatAreaIn(zone.overlap_m2, 'm2', lang, 0)} / {formatAreaIn(zone.overlap_m2, 'mu', lang, 2)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="print-note">{t('review.zoneCoverage', { pct: formatNumber(report.zone_coverage_pct, lang, 1) })}</p>
      </section>

      <section className="print-section">
        <h2>{t('review.conflicts')}</h2>
        {report.conflicts.length === 0 ? (
          <p>{noConflictsText(report, t)}</p>
        ) : (
          <table className={`print-table${shortTable(report.conflicts.length)}`} data-testid="print-conflicts">
            <thead>
              <tr>
                <th scope="col">{t('review.conflictWith')}</th>
                <th scope="col">{t('print.rule')}</th>
                <th scope="col" className="number">{t('review.overlapArea')}</th>
              </tr>
            </thead>
            <tbody>
              {report.conflicts.map((conflict) => {
                const leftOut = leftOutOfVerdict(report, conflict.layer);
                return (
                <tr key={`${conflict.layer}:${conflict.id}`} data-counts={String(!leftOut)}>
                  <td>
                    {pick(conflict.name, lang)}
                    {leftOut && <span className="print-not-counted"> {t('print.notCounted')}</span>}
                  </td>
                  <td className="print-rule">{pick(conflict.rule, lang)}</td>
                  <td className="number">
                    {formatAreaIn(conflict.overlap_m2, 'm2', lang, 0)} / {formatAreaIn(conflict.overlap_m2, 'mu', lang, 2)}
                  </td>
                </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <ReferenceSections sections={(report as ReviewedReport).reference} profile={(report as ReviewedReport).profile} recorded={record.reviewProfile} variant="print" />

      <section className="print-section">
        <h2>{t('review.proximity')}</h2>
        <table className={`print-table${shortTable(report.proximity.length)}`} data-testid="print-proximity">
          <thead>
            <tr>
              <th scope="col">{t('print.kind')}</th>
              <th scope="col">{t('print.nearest')}</th>
              <th scope="col" className="number">{t('print.distance')}</th>
            </tr>
          </thead>
          <tbody>
            {report.proximity.map((entry) => (
              <tr key={entry.layer}>
                <td>{entry.label ? pick(entry.label, lang) : entry.layer}</td>
                <td>{pick(entry.name, lang)}</td>
                <td className="number" data-estimated={String(entry.accuracy === 'schematic')}>
                  {formatDistanceTo(entry.distance_m, lang, entry.accuracy === 'schematic')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="print-note">{t('review.proximityNote')}</p>
      </section>

      {(report.controls.length > 0 || report.industry) && (
        <section className="print-section">
          <h2>{t('review.controls')}</h2>
          {report.industry && (
            <p>
              {t('review.industryFit', { code: report.industry.code })}: {t(`review.industry.${report.industry.status}` as MessageKey)}
            </p>
          )}
          {report.controls.length > 0 && (
            <table className={`print-table${shortTable(report.controls.length)}`}>
              <thead>
                <tr>
                  <th scope="col">{t('review.indicator')}</th>
                  <th scope="col" className="number">{t('review.value')}</th>
                  <th scope="col" className="number">{t('review.limit')}</th>
                  <th scope="col">{t('review.result')}</th>
                </tr>
              </thead>
              <tbody>
                {report.controls.map((check) => {
                  const shown = (value: number | null) => formatControlValue(check.indicator, value, lang);
                  return (
                    <tr key={check.indicator}>
                      <td>{pick(check.label, lang)}</td>
                      <td className="number">{shown(check.value)}</td>
                      <td className="number">{check.limit === null ? '—' : `${check.bound === 'min' ? '≥' : '≤'} ${shown(check.limit)}`}</td>
                      <td>{check.ok === null ? t('review.notAssessed') : check.ok ? t('review.pass') : t('review.fail')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section className="print-section">
        <h2>{t('review.notes')}</h2>
        <p className="print-notes" data-testid="print-notes">
          {record.notes || '—'}
        </p>
        <table className={`print-table${shortTable(record.history.length)}`}>
          <thead>
            <tr>
              <th scope="col">{t('print.when')}</th>
              <th scope="col">{t('print.status')}</th>
              <th scope="col">{t('review.reviewer')}</th>
              <th scope="col">{t('print.note')}</th>
            </tr>
          </thead>
          <tbody>
            {record.history.map((entry, index) => (
              <tr key={index}>
                <td>{reportTimestamp(entry.at, lang)}</td>
                <td>{pick(REVIEW_STATUS_LABELS[entry.status], lang)}</td>
                <td>{entry.reviewer || '—'}</td>
                <td className="print-rule">{entry.note || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="print-signature" data-testid="print-signature">
          <span>{t('print.signature')}</span>
          <span>{t('print.signatureDate')}</span>
        </div>
      </section>

      <section className="print-section print-provenance" data-testid="print-provenance">
        <h2>{t('print.provenance')}</h2>
        <p className="print-note">
          {t('print.sourceOfSite')}:{' '}
          {record.source.fileName
            ? `${[sourceFileLabel(record.source.fileName, lang), ...(record.source.format ? [importFormatLabel(record.source.format, lang)] : []), record.source.crs].join(' · ')}${record.source.crsDetected ? ` ${t('review.sourceCrsDetected')}` : ''}`
            : `${t('print.drawn')}, ${record.source.crs}`}
        </p>
        <ProvenanceTable layers={usedLayers} lang={lang} references={referenceSections} builtInCounted={builtInCounted} />
        <p className="print-disclaimer" data-testid="print-disclaimer" data-disclaimer={disclaimer}>
          {t(disclaimer)}
        </p>
      </section>
    </article>
  );
}

/** A CSS string holding `text` as text: quotes and backslashes escaped, line breaks as spaces. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\r\n\u2028\u2029]+/g, ' ')}"`;
}

/**
 * The footer every printed sheet carries (print.css @page margin boxes): the project and its
 * record number, when it was printed and by what on the left, "第 N 页 / 共 M 页" on the right. Margin boxes take their values
 * from the root element, so the texts are set there as CSS strings while the report is shown.
 */
function useRunningFooter(running: string, pageOf: string): void {
  useEffect(() => {
    // "第 {page} 页 / 共 {pages} 页": the text around the two counters print.css puts in.
    const [before = '', rest = ''] = pageOf.split('{page}');
    const [middle = '', after = ''] = rest.split('{pages}');
    const style = document.documentElement.style;
    const values: [string, string][] = [
      ['--print-running', cssString(running)],
      ['--print-page-before', cssString(before)],
      ['--print-page-middle', cssString(middle)],
      ['--print-page-after', cssString(after)],
    ];
    for (const [name, value] of values) style.setProperty(name, value);
    return () => {
      for (const [name] of values) style.removeProperty(name);
    };
  }, [running, pageOf]);
}

/**
 * The data-provenance table: for each built-in layer the report draws, its title, where its
 * data come from told to a reader (the layer's citation in the report's language, never the
 * English technical note), the source date as the report writes dates, and its accuracy; then
 * each of the bureau's reference layers the review read, with its file, features, CRS, the
 * date it was added and its version (hash). A layer that did not count in the verdict (a
 * built-in one the profile left out, a reference layer switched off) says so. Text only.
 */
export function ProvenanceTable({
  layers,
  lang,
  references = [],
  builtInCounted,
}: {
  layers: readonly CatalogLayer[];
  lang: Lang;
  references?: readonly ReferenceSection[];
  /** The built-in layers that counted; undefined = all of them. */
  builtInCounted?: readonly string[];
}) {
  const t = (key: MessageKey) => translate(lang, key);
  const notCounted = (counts: boolean) => (counts ? null : <span className="print-not-counted"> {t('print.notCounted')}</span>);
  return (
    <table className="print-table" data-testid="print-provenance-table">
      <thead>
        <tr>
          <th scope="col">{t('print.layer')}</th>
          <th scope="col">{t('layers.source')}</th>
          <th scope="col">{t('layers.date')}</th>
          <th scope="col">{t('inspector.accuracy')}</th>
        </tr>
      </thead>
      <tbody>
        {layers.map((layer) => (
          <tr key={layer.id} data-layer={layer.id}>
            <td>
              {pick(layer.title, lang)}
              {notCounted(builtInCounted === undefined || builtInCounted.includes(layer.id))}
            </td>
            <td className="print-rule">{pick(layer.provenance.citation, lang)}</td>
            <td>{reportDate(layer.provenance.date, lang)}</td>
            <td>
              <AccuracyBadge accuracy={layer.provenance.accuracy} />
            </td>
          </tr>
        ))}
        {references.map((section) => (
          <tr key={`reference:${section.layer}`} data-reference-layer={section.layer}>
            <td>
              {section.name}
              {notCounted(section.enabled !== false)}
            </td>
            <td className="print-rule">
              {[
                section.source.file,
                `${formatNumber(section.source.features, lang, 0)} ${t('print.features')}`,
                section.source.crs,
                ...(section.source.hash ? [`${t('print.version')} ${section.source.hash.slice(0, 12)}`] : []),
              ].join(' · ')}
            </td>
            <td>{section.source.added ? reportDate(section.source.added.slice(0, 10), lang) : '—'}</td>
            <td>{t('print.referenceData')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NorthArrow() {
  const { t } = useTranslation();
  return (
    <svg className="north-arrow" viewBox="0 0 40 56" width="30" height="42" role="img" aria-label={t('print.north')} data-testid="print-north-arrow">
      <polygon points="20,4 30,40 20,33 10,40" fill="#1f2a33" stroke="#1f2a33" strokeWidth="1" />
      <polygon points="20,4 20,33 10,40" fill="#ffffff" stroke="#1f2a33" strokeWidth="1" />
      <text x="20" y="54" textAnchor="middle" fontSize="13" fontWeight="700" fill="#1f2a33">
        N
      </text>
    </svg>
  );
}

function ScaleBar({ captured, lang }: { captured: CapturedMap; lang: Lang }) {
  const { t } = useTranslation();
  // At most a quarter of the map's width.
  const metres = niceLength((captured.widthPx / 4) * captured.metresPerPixel);
  const fraction = metres / captured.metresPerPixel / captured.widthPx;
  const label = metres >= 1000 ? `${formatNumber(metres / 1000, lang, metres % 1000 === 0 ? 0 : 1)} ${lang === 'zh' ? '千米' : 'km'}` : `${metres} ${lang === 'zh' ? '米' : 'm'}`;
  return (
    <div className="scale-bar" style={{ width: `${fraction * 100}%` }} data-testid="print-scale-bar" data-metres={metres} title={t('print.scaleNote')}>
      <div className="scale-bar-ticks">
        <span />
        <span />
      </div>
      <span className="scale-bar-label">
        0 — {label}
      </span>
    </div>
  );
}

/** The review's marks a legend can list. */
type Mark = 'conflict' | 'review' | 'unanswered' | 'uncounted' | 'zone' | 'proximity';

/** The mark of one conflict overlay: a blocking overlap, one asking for review, or a part no layer answers for. */
function conflictMark(properties: { severity?: unknown; unanswered?: unknown } | null | undefined): Mark {
  if (properties?.severity === 'blocker') return 'conflict';
  if (properties?.severity === 'info') return 'uncounted';
  return properties?.unanswered === true ? 'unanswered' : 'review';
}

/** The marks the drawn features show: a blocking overlap, a part to check (as the conflict fill colours them), a protection zone, a line to the nearest facility. */
function drawnMarks(drawn: readonly DrawnFeature[]): Set<Mark> {
  const marks = new Set<Mark>();
  for (const feature of drawn) {
    if (feature.source === MARK_SOURCE_IDS.conflicts) marks.add(conflictMark(feature.properties));
    else if (feature.source === MARK_SOURCE_IDS.protectionZone) marks.add('zone');
    else if (feature.source === MARK_SOURCE_IDS.proximity) marks.add('proximity');
  }
  return marks;
}

/** The marks the review has, before the map is drawn. */
function reviewMarks(overlays: ReviewOverlays): Set<Mark> {
  const marks = new Set<Mark>();
  for (const feature of overlays.conflicts.features) marks.add(conflictMark(feature.properties));
  if (overlays.protectionZone.features.length > 0) marks.add('zone');
  if (overlays.proximity.features.length > 0) marks.add('proximity');
  return marks;
}

/**
 * The map's legend: what the map shows, and nothing it does not — once the map is captured,
 * the review's marks, the bureau's layers (and their classes) and the atlas's layers drawn in
 * the frame (src/map/legend-items.ts, as the PNG export and the map sheet choose theirs);
 * before, what the review and the frame's reads have.
 */
function MapLegend({
  layers,
  captured,
  layerData,
  reference,
  overlays,
  lang,
}: {
  layers: CatalogLayer[];
  captured: CapturedMap | null;
  layerData: (layerId: string) => FeatureCollection | undefined;
  reference: PrintReference | undefined;
  overlays: ReviewOverlays;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const drawn = captured?.drawn;
  const marks = drawn ? drawnMarks(drawn) : reviewMarks(overlays);
  const shown = (items: ExportLegendItem[]) => (drawn ? drawnLegend(items, drawn) : items);
  const referenceItems = reference
    ? shown(referenceLegendItems(reference.layers, drawn ? drawnReferenceFeatures(reference.layers.map((layer) => layer.id), drawn) : reference.features, lang))
    : [];
  // A layer drawn as a faint tint with an outline (the counties) is on the map when its outline
  // crosses the frame (legend-items.ts outlineCrosses); any other when a feature of it was drawn.
  const sources = drawnSources(drawn ?? []);
  const atlasItems = layers
    .filter((layer) => layer.id !== 'basemap-land')
    .filter((layer) => !captured || (drawsAsOutline(layer) ? outlineCrosses(layerData(layer.id), captured.bounds) : sources.has(layer.id)))
    .flatMap((layer) => {
      const title = `${pick(layer.title, lang)}${layer.provenance.accuracy === 'schematic' ? ` (${t('accuracy.schematic')})` : ''}`;
      const entries = legendEntries(layer, layerData(layer.id));
      // One line a layer, and the halo of estimated positions where the layer has both kinds of point.
      const estimated = entries.find((entry) => entry.label === ESTIMATED_POSITION_LABEL);
      return [
        { title, entry: entries[0], source: layer.id, estimated: false },
        ...(estimated ? [{ title: `${pick(layer.title, lang)} · ${pick(ESTIMATED_POSITION_LABEL, lang)}`, entry: estimated, source: layer.id, estimated: true }] : []),
      ];
    });
  const own = [
    { key: 'site', label: t('print.legendSite'), entry: { kind: 'fill' as const, color: REVIEW_COLORS.site, outline: REVIEW_COLORS.site, width: 2, fillOpacity: 0.2 } },
    { key: 'conflict', label: t('print.legendConflict'), entry: { kind: 'fill' as const, color: REVIEW_COLORS.conflict, outline: REVIEW_COLORS.conflict, width: 1.5, fillOpacity: 0.6 } },
    { key: 'review', label: t('print.legendReview'), entry: { kind: 'fill' as const, color: REVIEW_COLORS.conflictReview, outline: REVIEW_COLORS.conflictReview, width: 1.5, fillOpacity: 0.6 } },
    {
      key: 'unanswered',
      label: t('print.legendUnanswered'),
      entry: { kind: 'fill' as const, color: REVIEW_COLORS.conflictReview, outline: REVIEW_COLORS.conflictReview, width: 1.5, fillOpacity: UNANSWERED_FILL_OPACITY, dash: UNANSWERED_DASH, hatch: 'review' as const },
    },
    { key: 'uncounted', label: t('print.legendUncounted'), entry: { kind: 'fill' as const, color: REVIEW_COLORS.uncounted, outline: REVIEW_COLORS.uncounted, width: 1.5, fillOpacity: UNCOUNTED_FILL_OPACITY } },
    { key: 'zone', label: t('print.legendProtection'), entry: { kind: 'fill' as const, color: REVIEW_COLORS.protectionZone, outline: REVIEW_COLORS.protectionZone, width: 1, fillOpacity: 0.4 } },
    { key: 'proximity', label: t('print.legendProximity'), entry: { kind: 'line' as const, color: REVIEW_COLORS.proximity, outline: REVIEW_COLORS.proximity, width: 1.5, dash: [3, 2], fillOpacity: 1 } },
  ].filter((item) => item.key === 'site' || marks.has(item.key as Mark));
  return (
    <div className="print-legend" data-testid="print-legend">
      <h3>{t('print.legend')}</h3>
      <ul>
        {own.map((item) => (
          <li key={item.key} data-testid="print-legend-mark" data-mark={item.key}>
            <LegendSwatch entry={item.entry} />
            <span>{item.label}</span>
          </li>
        ))}
        {referenceItems.map((item, index) => {
          // A class layer is named once, above its classes (it used to lead every class line).
          const group = (item as ReferenceLegendItem).group;
          const opensGroup = group && (referenceItems[index - 1] as ReferenceLegendItem | undefined)?.group?.layer !== group.layer;
          return (
            <Fragment key={`${item.source}-${item.classOf?.code ?? ''}`}>
              {opensGroup && (
                <li className="print-legend-group" data-testid="print-legend-group">
                  {group.layer}
                </li>
              )}
              <li data-testid="print-legend-reference" className={group ? 'print-legend-class' : undefined}>
                <LegendSwatch entry={item.entry} />
                <span>{group ? group.label : item.title}</span>
              </li>
            </Fragment>
          );
        })}
        {atlasItems.map((item) => (
          <li key={`${item.source}${item.estimated ? '-estimated' : ''}`} data-testid={item.estimated ? 'print-legend-estimated' : 'print-legend-layer'} data-layer-id={item.source}>
            <LegendSwatch entry={item.entry} />
            <span>{item.title}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

// --- issue 11 (records-safety): a decision is a snapshot ---
/** Says the report is the decided snapshot (when, by whom, engine, profile) and whether a fresh review would differ. */
function DecisionSnapshotNote({ record, fresh, difference, lang }: { record: ReviewRecord; fresh?: SiteReport; difference?: SnapshotDifference | null; lang: Lang }) {
  const { t } = useTranslation();
  const decision = record.decision;
  if (!decision) return null;
  const status = pick(REVIEW_STATUS_LABELS[decision.status], lang);
  const when = reportTimestamp(decision.at, lang);
  const engine = `${decision.engine.version}${decision.engine.rulesHash ? ` · ${decision.engine.rulesHash.slice(0, 12)}` : ''}`;
  const profile = decision.reviewProfile ? `${decision.reviewProfile.name} · ${decision.reviewProfile.hash.slice(0, 12)}` : '';
  const layers = decision.reviewProfile?.layers.map((layer) => `${layer.name}${layer.hash ? ` (${layer.hash.slice(0, 8)})` : ''}`).join('; ') ?? '';
  return (
    <section className="print-section print-snapshot" data-testid="print-snapshot">
      <p>
        {lang === 'zh'
          ? `本报告为 ${when} 由 ${decision.by || '—'} 作出“${status}”决定时的审查结果快照，而非打印时重新审查的结果。引擎版本 ${engine}${profile ? `；审查方案 ${profile}` : ''}${layers ? `；参考图层 ${layers}` : ''}。`
          : `This report is the snapshot of the review on which "${status}" was decided on ${when} by ${decision.by || '—'}, not a review re-run at printing. Engine ${engine}${profile ? `; review profile ${profile}` : ''}${layers ? `; reference layers ${layers}` : ''}.`}
      </p>
      {fresh && difference && (
        <p className="form-error" data-testid="print-snapshot-differs">
          {lang === 'zh'
            ? `注意：如今重新审查的结果与此不同${difference.verdictChanged ? `——结论为“${t(VERDICT_KEYS[fresh.verdict])}”（决定时为“${t(VERDICT_KEYS[decision.verdict])}”）` : ''}${difference.changedAreas.length > 0 ? `；${difference.changedAreas.length} 处面积变化超过 0.1%` : ''}。`
            : `Note: a review run today differs${difference.verdictChanged ? ` — its verdict is "${t(VERDICT_KEYS[fresh.verdict])}" (decided on "${t(VERDICT_KEYS[decision.verdict])}")` : ''}${difference.changedAreas.length > 0 ? `; ${difference.changedAreas.length} area${difference.changedAreas.length === 1 ? '' : 's'} changed by more than 0.1 %` : ''}.`}
        </p>
      )}
      {fresh && difference === null && (
        <p className="print-note" data-testid="print-snapshot-same">
          {lang === 'zh' ? '如今重新审查的结论与各项面积与此一致（差异不超过 0.1%）。' : 'A review run today gives the same verdict and areas (within 0.1 %).'}
        </p>
      )}
    </section>
  );
}
// --- end issue 11 ---
