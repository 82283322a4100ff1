/**
 * The report's sections for the reference layers (issue 10 "Report"): one per layer, with
 * its provenance (file, date added, features, CRS), whether it counts in the verdict, and its
 * findings as the engine reports them — overlaps per feature and in total, the part of the
 * site outside, the breakdown by class with code, name and official colour, distances — in 亩
 * and m². Shared by the review panel and the print view (`variant`), which differ only in how
 * many rows they show. Attribute values are text, never markup.
 */
import { useMemo } from 'react';
import type { ReferenceFinding, ReferenceSection } from '../../analysis/review/reference-types';
import { formatAreaIn, formatLength } from '../../analysis/units';
import type { Lang } from '../../data/catalog-types';
import { pick, type MessageKey } from '../../i18n';
import type { ReviewProfileStamp } from '../../records/review-records';
import { useTranslation } from '../../state/use-translation';
import { reportDate } from '../../i18n/report-date';
import { fieldTitle } from '../../analysis/review/presets';
import './reference.css';

/** Rows shown open per section in the panel; the rest (up to {@link MAX_ROWS}) behind "more". The print lists all up to MAX_ROWS. */
const PANEL_ROWS = 30;
const MAX_ROWS = 500;

const SEVERITY_MARK: Record<ReferenceFinding['severity'], string> = { blocker: '✕', review: '!', info: 'i' };

/** The date a layer was added, as the rest of the printed report writes dates (2026年11月21日 / 21 November 2026). */
function shownDate(iso: string | undefined, lang: Lang): string {
  return iso ? reportDate(iso, lang) : '—';
}

/** "1.85 亩 · 1,234 平方米" (亩 first, as planning documents state areas) */
function area(m2: number, lang: Lang): string {
  return `${formatAreaIn(m2, 'mu', lang, 2)} · ${formatAreaIn(m2, 'm2', lang, 0)}`;
}

export function ReferenceSections({
  sections,
  profile,
  recorded,
  variant = 'panel',
}: {
  sections: ReferenceSection[] | undefined;
  profile?: ReviewProfileStamp;
  /** The profile stored with the record (print): a different one is pointed out. */
  recorded?: ReviewProfileStamp;
  variant?: 'panel' | 'print';
}) {
  const { t } = useTranslation();
  if (!sections || sections.length === 0) return null;
  const builtInCount = profile?.builtInLayers === undefined;
  return (
    <div className={`reference-sections is-${variant}`} data-testid="reference-sections">
      {profile && (
        <p className="reference-profile-line" data-testid="reference-report-profile">
          {t('reference.report.profile', { name: profile.name || t('reference.unnamedProfile'), hash: profile.hash.slice(0, 12) })}
          {' · '}
          {builtInCount ? t('reference.report.builtInCount') : t('reference.report.builtInLeftOut')}
        </p>
      )}
      {recorded && profile && recorded.hash !== profile.hash && (
        <p className="form-error" data-testid="reference-profile-changed">
          {t('reference.report.profileChanged', { name: recorded.name || t('reference.unnamedProfile'), hash: recorded.hash.slice(0, 12) })}
        </p>
      )}
      {sections.map((section) => (
        <ReferenceSectionBlock key={section.layer} section={section} variant={variant} />
      ))}
    </div>
  );
}

/**
 * Findings as a reviewer reads them: the largest overlap first, else the nearest first; the
 * engine's order (the layer's) among equals. The section's figures do not depend on it.
 */
function readingOrder(findings: readonly ReferenceFinding[]): ReferenceFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => (b.finding.overlap_m2 ?? -1) - (a.finding.overlap_m2 ?? -1) || (a.finding.distance_m ?? Infinity) - (b.finding.distance_m ?? Infinity) || a.index - b.index)
    .map(({ finding }) => finding);
}

/** A printed table of at most this many rows is kept on one page: the reference sections' here, the report's own in print-view.tsx. */
export const SHORT_ON_PAPER_ROWS = 12;
function shortOnPaper(rows: number, variant: 'panel' | 'print'): string {
  return variant === 'print' && rows <= SHORT_ON_PAPER_ROWS ? ' is-short' : '';
}

function ReferenceSectionBlock({ section, variant }: { section: ReferenceSection; variant: 'panel' | 'print' }) {
  const { t, lang } = useTranslation();
  const findings = useMemo(() => readingOrder(section.findings), [section.findings]);
  const listed = findings.slice(0, MAX_ROWS);
  const open = variant === 'print' ? listed : listed.slice(0, PANEL_ROWS);
  const folded = variant === 'print' ? [] : listed.slice(PANEL_ROWS);
  const hasOverlap = findings.some((finding) => finding.overlap_m2 !== undefined);
  const hasDistance = findings.some((finding) => finding.distance_m !== undefined);
  const hasClass = findings.some((finding) => finding.class !== undefined);
  const hasPlace = findings.some((finding) => finding.place !== undefined);
  const worst = findings.some((finding) => finding.severity === 'blocker') ? 'blocker' : findings.some((finding) => finding.severity === 'review') ? 'review' : 'info';
  return (
    <section
      className={`review-section reference-section severity-${section.enabled ? worst : 'info'} ${section.enabled ? '' : 'is-left-out'}`}
      data-testid={`reference-section-${section.layer}`}
      data-layer={section.layer}
      data-role={section.role}
      data-total-m2={section.total_overlap_m2 ?? ''}
      data-outside-m2={section.outside_m2 ?? ''}
      data-enabled={String(section.enabled)}
    >
      <h3>
        {section.name} <span className={`reference-role-badge role-${section.role}`}>{t(`reference.role.${section.role}` as MessageKey)}</span>
        {!section.enabled && <span className="reference-left-out"> · {t('reference.report.leftOut')}</span>}
      </h3>
      <p className="reference-source" data-testid="reference-section-source">
        {t('reference.report.source', {
          file: section.source.file,
          date: shownDate(section.source.added, lang),
          count: section.source.features.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'),
          crs: section.source.crs,
        })}
      </p>
      {section.unavailable ? (
        <p className="form-error" role="alert" data-testid="reference-unavailable">
          {pick(section.unavailable, lang)}
        </p>
      ) : (
        <>
          {section.total_overlap_m2 !== undefined && (
            <p className="reference-total" data-testid="reference-total">
              <strong>{t('reference.report.totalOverlap')}</strong> {area(section.total_overlap_m2, lang)}
            </p>
          )}
          {/* inside: always (0 says the site is within); classes: only a part the layer leaves without a class. */}
          {section.outside_m2 !== undefined && (section.role !== 'classes' || section.outside_m2 > 0) && (
            <p className="reference-total" data-testid="reference-outside">
              <strong>{t(section.role === 'classes' ? 'reference.report.uncovered' : 'reference.report.outside')}</strong> {area(section.outside_m2, lang)}
            </p>
          )}
          {section.classes && section.classes.length > 0 && (
            <table className={`review-table reference-classes${shortOnPaper(section.classes.length, variant)}`} data-testid="reference-classes">
              <thead>
                <tr>
                  <th scope="col">{t('reference.report.class')}</th>
                  <th scope="col" className="number">
                    {t('reference.report.overlap')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {section.classes.map((entry) => (
                  <tr key={entry.class} className={`severity-${entry.severity}`} data-class={entry.class} data-overlap-m2={entry.overlap_m2}>
                    <td>
                      {entry.color && <span className="class-swatch" style={{ background: entry.color }} aria-hidden="true" />} <ClassLabel code={entry.class} name={entry.name ? pick(entry.name, lang) : ''} />
                      {entry.severity !== 'info' && <span className={`reason-mark severity-${entry.severity}`}> {SEVERITY_MARK[entry.severity]}</span>}
                    </td>
                    <td className="number">
                      {formatAreaIn(entry.overlap_m2, 'mu', lang, 2)} · {formatAreaIn(entry.overlap_m2, 'm2', lang, 0)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {findings.length === 0 && section.outside_m2 === undefined ? (
            <p className="panel-note-inline" data-testid="reference-none">
              {t(section.role === 'proximity' ? 'reference.report.noneNear' : 'reference.report.none')}
            </p>
          ) : (
            findings.length > 0 && (
              <table className={`review-table reference-findings${shortOnPaper(open.length, variant)}`} data-testid="reference-findings">
                <thead>
                  <tr>
                    <th scope="col" data-testid="reference-named-by">
                      {section.named_by ? t('reference.report.featureBy', { field: fieldTitle(section.named_by, lang) }) : t('reference.report.feature')}
                    </th>
                    {hasPlace && <th scope="col">{t('reference.report.place')}</th>}
                    {hasOverlap && (
                      <th scope="col" className="number">
                        {t(section.role === 'inside' ? 'reference.report.insideArea' : 'reference.report.overlap')}
                      </th>
                    )}
                    {hasDistance && (
                      <th scope="col" className="number">
                        {t('reference.report.distance')}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {open.map((finding, index) => (
                    <FindingRow key={`${finding.id}-${index}`} finding={finding} hasPlace={hasPlace} hasOverlap={hasOverlap} hasDistance={hasDistance} hasClass={hasClass} lang={lang} />
                  ))}
                </tbody>
              </table>
            )
          )}
          {folded.length > 0 && (
            <details className="reference-more">
              <summary>{t('reference.report.showMore', { count: folded.length })}</summary>
              <table className="review-table reference-findings">
                <tbody>
                  {folded.map((finding, index) => (
                    <FindingRow key={`${finding.id}-${index}`} finding={finding} hasPlace={hasPlace} hasOverlap={hasOverlap} hasDistance={hasDistance} hasClass={hasClass} lang={lang} />
                  ))}
                </tbody>
              </table>
            </details>
          )}
          {findings.length > listed.length && <p className="panel-note-inline">{t('reference.report.more', { count: findings.length - listed.length })}</p>}
        </>
      )}
    </section>
  );
}

/** One finding on one line: 亩 first (as planning documents state areas), then m². */
function FindingRow({
  finding,
  hasPlace,
  hasOverlap,
  hasDistance,
  hasClass,
  lang,
}: {
  finding: ReferenceFinding;
  hasPlace: boolean;
  hasOverlap: boolean;
  hasDistance: boolean;
  hasClass: boolean;
  lang: Lang;
}) {
  return (
    <tr
      className={`severity-${finding.severity}`}
      data-testid="reference-finding"
      data-id={finding.id}
      data-overlap-m2={finding.overlap_m2 ?? ''}
      data-distance-m={finding.distance_m ?? ''}
    >
      <td>
        <span className={`reason-mark severity-${finding.severity}`} aria-hidden="true">
          {SEVERITY_MARK[finding.severity]}
        </span>{' '}
        <span data-testid="reference-finding-name">{finding.name ?? `#${finding.id}`}</span>
        {hasClass && finding.class !== undefined ? ` · ${finding.class}` : ''}
      </td>
      {hasPlace && <td data-testid="reference-finding-place">{finding.place ?? '—'}</td>}
      {hasOverlap && (
        <td className="number">
          {finding.overlap_m2 === undefined ? (
            '—'
          ) : (
            <>
              {formatAreaIn(finding.overlap_m2, 'mu', lang, 2)}
              {' · '}
              {formatAreaIn(finding.overlap_m2, 'm2', lang, 0)}
            </>
          )}
        </td>
      )}
      {hasDistance && <td className="number">{finding.distance_m === undefined ? '—' : formatLength(finding.distance_m, lang)}</td>}
    </tr>
  );
}

/** "0101 水田": the code, then the name — as the reasons and the legend write it. */
function ClassLabel({ code, name }: { code: string; name: string }) {
  return <>{name ? `${code} ${name}` : code}</>;
}
