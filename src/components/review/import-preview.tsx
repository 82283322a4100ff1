/**
 * An import in progress: progress while the worker reads and parses; then a preview — the
 * features on the map, the CRS the coordinates were read in with the reason, a chooser
 * pre-filled with it (alternatives first) and the axis order, so a wrong guess is caught by
 * eye and corrected by reading the file again; the feature to take as the site and its
 * attributes (as text). Nothing reaches the review until "Review this site". Errors show the
 * engine's message. Esc cancels.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import type { Feature } from 'geojson';
import { CRS_CODES, CRS_INFO, type CrsCode } from '../../crs/projections';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { PROGRESS_LABELS } from '../../worker/protocol';
import { isPolygonal } from '../../state/review-actions';
import { displayNameOf } from '../../io/feature-name';
import { useReview, useReviewController } from '../../state/review-store';
import type { ImportFlow } from '../../state/review-state';
import { importFormatLabel, sourceFileLabel } from '../../io/format-labels';

/** The feature list offers at most this many entries (a select of 100 000 options helps nobody). */
const FEATURE_CHOICES = 200;

/**
 * The axis-order box beside the CRS chooser: ticked, the first column (or X) is read as the
 * northing. Both import flows (the site review's and the reference panel's) show it.
 */
export function AxisOrderBox({ swapped, onChange, testId }: { swapped: boolean; onChange: (swapped: boolean) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <label className="check-row">
      <input type="checkbox" checked={swapped} data-testid={testId} onChange={(event) => onChange(event.target.checked)} />
      {t('review.axisSwapped')}
    </label>
  );
}

export function CrsChooser({ current, alternatives, onChoose, testId }: { current: CrsCode | undefined; alternatives: CrsCode[]; onChoose: (crs: CrsCode) => void; testId: string }) {
  const { t, lang } = useTranslation();
  const id = useId();
  const ordered = [...new Set([...(current ? [current] : []), ...alternatives, ...CRS_CODES])];
  return (
    <div className="form-row">
      <label htmlFor={id}>{t('review.crsChooser')}</label>
      <select id={id} value={current ?? ''} data-testid={testId} onChange={(event) => onChoose(event.target.value as CrsCode)}>
        {!current && <option value="">{t('review.crsPick')}</option>}
        {ordered.map((code) => (
          <option key={code} value={code}>
            {code} · {pick(CRS_INFO[code].label, lang)}
            {alternatives.includes(code) ? ` (${t('review.crsAlternative')})` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ImportPreview() {
  const flow = useReview((state) => state.importFlow);
  const controller = useReviewController();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') controller.cancelImport();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [controller]);

  // Focus follows the phase so keyboard users land on what changed.
  useEffect(() => {
    container.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [flow.phase]);

  return (
    <div className="import-preview" ref={container} data-testid="review-import" data-phase={flow.phase}>
      {flow.phase === 'reading' && <Reading flow={flow} />}
      {flow.phase === 'preview' && <Preview flow={flow} />}
      {flow.phase === 'error' && <ImportFailed flow={flow} />}
    </div>
  );
}

function Reading({ flow }: { flow: Extract<ImportFlow, { phase: 'reading' }> }) {
  const { t, lang } = useTranslation();
  const controller = useReviewController();
  const progress = flow.progress;
  const fraction = progress?.fraction;
  return (
    <section className="review-section">
      <h3>{t('review.importing', { file: sourceFileLabel(flow.fileName, lang) })}</h3>
      <p role="status" data-testid="review-import-stage">
        {progress ? pick(PROGRESS_LABELS[progress.stage], lang) : t('review.importStarting')}
        {fraction !== undefined && progress?.stage === 'reading' ? ` ${Math.round(fraction * 100)}%` : '…'}
      </p>
      <progress max={1} value={progress?.stage === 'reading' ? fraction : undefined} aria-label={t('review.importProgress')} />
      <div className="review-actions">
        <button type="button" className="review-button" data-autofocus onClick={() => controller.cancelImport()}>
          {t('review.cancel')}
        </button>
      </div>
    </section>
  );
}

function Preview({ flow }: { flow: Extract<ImportFlow, { phase: 'preview' }> }) {
  const { t, lang } = useTranslation();
  const controller = useReviewController();
  const id = useId();
  const { result } = flow;
  const features = result.features.features;
  const choices = useMemo(() => {
    const list: { index: number; feature: Feature }[] = [];
    for (const [index, feature] of features.entries()) {
      if (!isPolygonal(feature)) continue;
      list.push({ index, feature });
      if (list.length >= FEATURE_CHOICES) break;
    }
    return list;
  }, [features]);
  const polygonCount = useMemo(() => features.filter((feature) => isPolygonal(feature)).length, [features]);
  const chosen = features[flow.featureIndex];
  const canAccept = isPolygonal(chosen);
  const properties = Object.entries(chosen?.properties ?? {});

  return (
    <section className="review-section" data-testid="review-import-preview">
      <h3>{t('review.previewTitle', { file: sourceFileLabel(flow.fileName, lang) })}</h3>
      <p className="panel-note-inline" data-testid="review-import-summary">
        {t('review.previewSummary', { format: importFormatLabel(result.format, lang), count: features.length, polygons: polygonCount })}
      </p>
      <div className="crs-box" data-testid="review-import-crs" data-crs={result.crs.crs}>
        <p>
          <strong>{result.crs.detected ? t('review.crsDetected') : t('review.crsDeclared')}</strong> {result.crs.crs} · {pick(CRS_INFO[result.crs.crs].label, lang)}
        </p>
        <p className="crs-reason" data-testid="review-import-crs-reason">
          {pick(result.crs.reason, lang)}
        </p>
        <CrsChooser
          current={result.crs.crs}
          alternatives={result.crs.alternatives}
          testId="review-import-crs-select"
          // Another zone does not change which column is the northing: the axis order stays.
          onChoose={(crs) => void controller.reimport(crs, result.crs.axisSwapped)}
        />
        <AxisOrderBox swapped={result.crs.axisSwapped} testId="review-import-axis" onChange={(swapped) => void controller.reimport(result.crs.crs, swapped)} />
      </div>
      {result.warnings.length > 0 && (
        <ul className="import-warnings" data-testid="review-import-warnings">
          {result.warnings.map((warning, index) => (
            <li key={index}>{pick(warning, lang)}</li>
          ))}
        </ul>
      )}
      {choices.length > 1 && (
        <div className="form-row">
          <label htmlFor={`${id}-feature`}>{t('review.chooseFeature')}</label>
          <select
            id={`${id}-feature`}
            value={flow.featureIndex}
            data-testid="review-import-feature"
            onChange={(event) => controller.chooseImportFeature(Number(event.target.value))}
          >
            {choices.map(({ index, feature }) => (
              <option key={index} value={index}>
                {index + 1}. {displayNameOf(feature.properties) || t('review.unnamedFeature')}
              </option>
            ))}
          </select>
        </div>
      )}
      {polygonCount > FEATURE_CHOICES && <p className="panel-note-inline">{t('review.featureChoicesLimited', { shown: FEATURE_CHOICES, count: polygonCount })}</p>}
      {!canAccept && <p className="form-error">{t('review.noPolygon')}</p>}
      {properties.length > 0 && (
        <details className="feature-properties" open={properties.length <= 8}>
          <summary>{t('review.attributes')}</summary>
          <dl data-testid="review-import-properties">
            {properties.map(([key, value]) => (
              <div key={key} className="property-row">
                <dt>{key}</dt>
                {/* File attributes are text, never markup. */}
                <dd>{typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '')}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <div className="review-actions">
        <button type="button" className="review-button is-primary" disabled={!canAccept} data-autofocus data-testid="review-import-accept" onClick={() => controller.acceptImport()}>
          {t('review.acceptSite')}
        </button>
        <button type="button" className="review-button" data-testid="review-import-cancel" onClick={() => controller.cancelImport()}>
          {t('review.cancel')}
        </button>
      </div>
    </section>
  );
}

function ImportFailed({ flow }: { flow: Extract<ImportFlow, { phase: 'error' }> }) {
  const { t, lang } = useTranslation();
  const controller = useReviewController();
  return (
    <section className="review-section">
      <h3>{t('review.importFailed', { file: sourceFileLabel(flow.fileName, lang) })}</h3>
      <p className="form-error" role="alert" data-testid="review-import-error">
        {pick(flow.error.message, lang)}
        {flow.error.hint && ` ${pick(flow.error.hint, lang)}`}
      </p>
      <p className="panel-note-inline">{t('review.importNothingKept')}</p>
      {flow.remedies.crs && (
        // Coordinates outside the region are often a wrong CRS or swapped X/Y (the hint says which to check): both can be tried here.
        <>
          <CrsChooser current={flow.crs} alternatives={[]} testId="review-import-crs-select" onChoose={(crs) => void controller.reimport(crs, flow.axisSwapped)} />
          <AxisOrderBox swapped={flow.axisSwapped === true} testId="review-import-axis" onChange={(swapped) => void controller.reimport(flow.crs, swapped)} />
        </>
      )}
      <div className="review-actions">
        {flow.remedies.repair && (
          <button type="button" className="review-button is-primary" data-testid="review-import-repair" title={t('review.importRepairTitle')} onClick={() => void controller.reimport(flow.crs, flow.axisSwapped, true)}>
            {t('review.importRepair')}
          </button>
        )}
        <button type="button" className="review-button" data-autofocus data-testid="review-import-cancel" onClick={() => controller.cancelImport()}>
          {t('review.close')}
        </button>
      </div>
    </section>
  );
}
