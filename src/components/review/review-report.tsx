/**
 * The review of the site as the engine reports it: verdict and reasons, area (亩, 公顷, m²,
 * with the Gauss–Krüger CRS it was measured in), the zones and parks it lies in, conflicts,
 * nearest station / port / bridge / expressway / town, industry fit and the control
 * indicators. While a newer review runs, the last one stays with an "updating" mark.
 */
import type { SiteReport, Verdict } from '../../analysis/siting-review';
import { restsOnSchematicData, shownSeverity } from '../../analysis/review/verdict-basis';
import { formatAreaIn, formatControlValue, formatDistanceTo, formatNumber } from '../../analysis/units';
import { CRS_INFO } from '../../crs/projections';
import type { Lang } from '../../data/catalog-types';
import { pick, type MessageKey } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { reportIsStale, shownReport } from '../../state/review-state';
import { useReview } from '../../state/review-store';
import type { ReviewedReport } from '../../worker/protocol';
import { ReferenceSections } from '../reference/reference-report';

export const VERDICT_KEYS: Record<Verdict, MessageKey> = {
  compliant: 'review.verdict.compliant',
  'needs-review': 'review.verdict.needsReview',
  'non-compliant': 'review.verdict.nonCompliant',
};

export function ReviewReport() {
  const { t, lang } = useTranslation();
  const reportState = useReview((state) => state.report);
  const stale = useReview(reportIsStale);
  const report = shownReport(reportState);

  if (reportState.status === 'error') {
    return (
      <section className="review-section">
        <p className="form-error" role="alert" data-testid="review-error">
          {pick(reportState.error.message, lang)} {reportState.error.hint ? pick(reportState.error.hint, lang) : ''}
        </p>
      </section>
    );
  }
  if (!report) {
    return (
      <section className="review-section" data-testid="review-report" data-state="running">
        <p role="status">{t('review.running')}</p>
      </section>
    );
  }
  return (
    <div className={`review-report ${stale ? 'is-stale' : ''}`} data-testid="review-report" data-state={stale ? 'updating' : 'ready'} data-verdict={report.verdict} aria-busy={stale}>
      <VerdictBlock report={report} stale={stale} />
      <AreaBlock report={report} lang={lang} />
      <ZonesBlock report={report} lang={lang} />
      <ConflictsBlock report={report} lang={lang} />
      <ReferenceSections sections={(report as ReviewedReport).reference} profile={(report as ReviewedReport).profile} />
      <ProximityBlock report={report} lang={lang} />
      <ControlsBlock report={report} lang={lang} />
    </div>
  );
}

function VerdictBlock({ report, stale }: { report: SiteReport; stale: boolean }) {
  const { t, lang } = useTranslation();
  return (
    <section className="review-section verdict-block">
      <div className={`verdict verdict-${report.verdict}`} data-testid="review-verdict">
        {t(VERDICT_KEYS[report.verdict])}
        {stale && <span className="updating" role="status"> · {t('review.updating')}</span>}
      </div>
      {restsOnSchematicData(report) && (
        <p className="verdict-basis" data-testid="review-verdict-basis">
          {t('review.verdictBasis.schematic')}
        </p>
      )}
      <ul className="reason-list" data-testid="review-reasons">
        {report.reasons.map((reason, index) => (
          <li key={`${reason.code}-${index}`} className={`reason-${reason.severity}`} data-code={reason.code}>
            <span className="reason-mark" aria-hidden="true">
              {reason.severity === 'blocker' ? '✕' : reason.severity === 'review' ? '!' : 'i'}
            </span>
            <span className="visually-hidden">{t(`review.severity.${reason.severity}` as MessageKey)}: </span>
            {pick(reason, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AreaBlock({ report, lang }: { report: SiteReport; lang: Lang }) {
  const { t } = useTranslation();
  const site = report.site;
  return (
    <section className="review-section">
      <h3>{t('review.area')}</h3>
      <ul className="measurement-values" data-testid="review-area" data-area-m2={site.area_m2}>
        <li data-unit="mu">{formatAreaIn(site.area_m2, 'mu', lang, 2)}</li>
        <li data-unit="ha">{formatAreaIn(site.area_m2, 'ha', lang, 4)}</li>
        <li data-unit="m2">{formatAreaIn(site.area_m2, 'm2', lang, 1)}</li>
      </ul>
      <p className="measurement-crs" data-testid="review-area-crs">
        {t('review.measuredIn', { crs: `${site.projected_crs} · ${pick(CRS_INFO[site.projected_crs].label, lang)}` })}
      </p>
      <p className="measurement-ellipsoidal">
        {t('inspector.ellipsoidal')} (GRS80): {formatAreaIn(site.area_m2_ellipsoidal, 'm2', lang, 1)}
        {site.district ? ` · ${pick(site.district, lang)}` : ''}
      </p>
    </section>
  );
}

function ZonesBlock({ report, lang }: { report: SiteReport; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <section className="review-section">
      <h3>{t('review.zones')}</h3>
      {report.zones.length === 0 ? (
        <p className="panel-note-inline" data-testid="review-zones-none">
          {t('review.zonesNone')}
        </p>
      ) : (
        <table className="review-table" data-testid="review-zones">
          <thead>
            <tr>
              <th scope="col">{t('review.zone')}</th>
              <th scope="col" className="number">{t('review.share')}</th>
              <th scope="col" className="number">{t('review.overlapArea')}</th>
            </tr>
          </thead>
          <tbody>
            {report.zones.map((zone) => (
              <tr key={`${zone.layer}:${zone.id}`} data-zone-id={zone.id}>
                <td>{pick(zone.name, lang)}</td>
                <td className="number">{formatNumber(zone.overlap_pct, lang, 1)}%</td>
                <td className="number">{formatAreaIn(zone.overlap_m2, 'mu', lang, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="panel-note-inline">{t('review.zoneCoverage', { pct: formatNumber(report.zone_coverage_pct, lang, 1) })}</p>
    </section>
  );
}

/** The conflicts line when the atlas's own layers found none (panel and print): it points to the reference sections when there are any. */
export function noConflictsText(report: SiteReport, t: (key: MessageKey) => string): string {
  return ((report as ReviewedReport).reference?.length ?? 0) > 0 ? `${t('review.conflictsNone')} ${t('review.conflictsSeeReference')}` : t('review.conflictsNone');
}

function ConflictsBlock({ report, lang }: { report: SiteReport; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <section className="review-section">
      <h3>{t('review.conflicts')}</h3>
      {report.conflicts.length === 0 ? (
        <p className="panel-note-inline" data-testid="review-conflicts-none">
          {noConflictsText(report, t)}
        </p>
      ) : (
        <table className="review-table" data-testid="review-conflicts">
          <thead>
            <tr>
              <th scope="col">{t('review.conflictWith')}</th>
              <th scope="col" className="number">{t('review.overlapArea')}</th>
            </tr>
          </thead>
          <tbody>
            {report.conflicts.map((conflict) => {
              // A layer left out of the verdict: listed in the grey the map draws it in, and said.
              const severity = shownSeverity(report, conflict);
              return (
              <tr key={`${conflict.layer}:${conflict.id}`} className={`conflict-${severity}`} data-conflict-layer={conflict.layer} data-counts={String(severity !== 'info')}>
                <td>
                  <span className={`swatch swatch-${severity}`} aria-hidden="true" /> {pick(conflict.name, lang)}
                  {severity === 'info' && <span className="conflict-not-counted"> {t('print.notCounted')}</span>}
                  <div className="conflict-rule">{pick(conflict.rule, lang)}</div>
                </td>
                <td className="number">
                  {formatAreaIn(conflict.overlap_m2, 'm2', lang, 0)}
                  <br />
                  {formatAreaIn(conflict.overlap_m2, 'mu', lang, 2)}
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ProximityBlock({ report, lang }: { report: SiteReport; lang: Lang }) {
  const { t } = useTranslation();
  if (report.proximity.length === 0) return null;
  return (
    <section className="review-section">
      <h3>{t('review.proximity')}</h3>
      <table className="review-table review-proximity" data-testid="review-proximity">
        <tbody>
          {report.proximity.map((entry) => (
            <tr key={entry.layer} data-layer={entry.layer}>
              <th scope="row">{entry.label ? pick(entry.label, lang) : entry.layer}</th>
              <td>{pick(entry.name, lang)}</td>
              <td className="number" data-estimated={String(entry.accuracy === 'schematic')}>
                {formatDistanceTo(entry.distance_m, lang, entry.accuracy === 'schematic')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="panel-note-inline">{t('review.proximityNote')}</p>
    </section>
  );
}

function ControlsBlock({ report, lang }: { report: SiteReport; lang: Lang }) {
  const { t } = useTranslation();
  if (report.controls.length === 0 && !report.industry) return null;
  return (
    <section className="review-section">
      <h3>{t('review.controls')}</h3>
      {report.industry && (
        <p className="panel-note-inline" data-testid="review-industry" data-status={report.industry.status}>
          {t('review.industryFit', { code: report.industry.code })}
          {lang === 'zh' ? '：' : ': '}
          {t(`review.industry.${report.industry.status}` as MessageKey)}
        </p>
      )}
      {report.controls.length > 0 && (
        <table className="review-table" data-testid="review-controls">
          <thead>
            <tr>
              <th scope="col">{t('review.indicator')}</th>
              <th scope="col" className="number">{t('review.value')}</th>
              <th scope="col" className="number">{t('review.limit')}</th>
              <th scope="col">{t('review.result')}</th>
            </tr>
          </thead>
          <tbody>
            {report.controls.map((check) => (
              <tr key={check.indicator} data-indicator={check.indicator} data-ok={String(check.ok)}>
                <td>{pick(check.label, lang)}</td>
                <td className="number">{formatControlValue(check.indicator, check.value, lang)}</td>
                <td className="number">
                  {check.limit === null ? '—' : `${check.bound === 'min' ? '≥' : '≤'} ${formatControlValue(check.indicator, check.limit, lang)}`}
                </td>
                <td className={check.ok === false ? 'result-fail' : check.ok ? 'result-pass' : 'result-na'}>
                  {check.ok === null ? t('review.notAssessed') : check.ok ? t('review.pass') : t('review.fail')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
