/**
 * "参考图层 / Reference layers" in the layer panel (issue 10): add a bureau layer (file picker
 * or drop, one file or the loose parts of one shapefile; read in the worker with progress and
 * cancel; the CRS it was read in shown with its reason and changeable, as for sites), the stored layers with their provenance, role, place in
 * the verdict and style, the switch that leaves the schematic built-in layers out of the
 * verdict, and the profile bundle (export / import in one step). Everything shown comes from the
 * worker's answers; nothing here reads a layer's features.
 */
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { CRS_INFO, type CrsCode } from '../../crs/projections';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { PROGRESS_LABELS } from '../../worker/protocol';
import { SHAPEFILE_PART_EXTENSIONS } from '../../io/chosen-files';
import { chooseImport } from '../../io/choose-import';
import { useReference, useReferenceController } from '../../state/reference-hooks';
import type { ReferenceImportFlow } from '../../state/reference-state';
import { AxisOrderBox, CrsChooser } from '../review/import-preview';
import { downloadBlob } from '../review/download';
import { ReferenceLayerRow } from './reference-layer-row';
import { ServerLayerPicker } from './server-layer-picker';
import './reference.css';

/** The formats a reference layer comes in, and the parts a .shp may be picked with. */
const REFERENCE_ACCEPT = ['.zip', '.shp', ...SHAPEFILE_PART_EXTENSIONS, '.geojson', '.json', '.kml', '.kmz', '.dxf', '.csv', '.xlsx', '.fgb', '.txt'].join(',');

function carriesFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

export function ReferenceLayersSection() {
  const { t, lang } = useTranslation();
  const controller = useReferenceController();
  const listing = useReference((state) => state.listing);
  const listError = useReference((state) => state.listError);
  const flow = useReference((state) => state.importFlow);
  const notice = useReference((state) => state.notice);
  const busy = useReference((state) => state.profileBusy);
  const [dragging, setDragging] = useState(false);
  const addInput = useRef<HTMLInputElement>(null);
  const profileInput = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const profile = listing?.profile;
  const layers = profile?.layers ?? [];
  const builtInCount = profile?.builtInLayers === undefined;

  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    // Handled here: the window's drop zone (a site import) sees `defaultPrevented` and lets it be.
    event.preventDefault();
    setDragging(false);
    // One file, or a shapefile's parts as one layer; anything else comes back as the import's refusal.
    void chooseImport([...event.dataTransfer.files]).then((chosen) => chosen && controller.importFile(chosen.source, chosen.fileName));
  };

  return (
    <section
      className={`layer-group reference-group ${dragging ? 'is-drop-target' : ''}`}
      data-testid="reference-layers"
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h3>{t('reference.title')}</h3>
      <div className="reference-profile">
        <label htmlFor={nameId}>{t('reference.profileName')}</label>
        <ProfileNameInput id={nameId} value={profile?.name ?? ''} disabled={!profile} onCommit={(name) => void controller.updateProfile({ name })} />
        {listing && (
          <p className="reference-hash" data-testid="reference-profile-hash" title={listing.hash}>
            {t('reference.profileHash', { hash: listing.hash.slice(0, 12) })}
          </p>
        )}
      </div>
      {listError && (
        <p className="form-error" role="alert">
          {pick(listError.message, lang)} {listError.hint ? pick(listError.hint, lang) : ''}
        </p>
      )}
      {flow.phase !== 'idle' && <ReferenceImport flow={flow} />}
      {layers.length === 0 ? (
        <p className="panel-note-inline reference-empty">{t('reference.none')}</p>
      ) : (
        <ul className="reference-list" data-testid="reference-list">
          {layers.map((layer) => (
            <ReferenceLayerRow key={layer.id} layer={layer} />
          ))}
        </ul>
      )}
      <div className="reference-actions">
        <button
          type="button"
          className="review-button is-primary"
          data-testid="reference-add"
          title={t('reference.addTitle')}
          disabled={flow.phase === 'reading'}
          onClick={() => addInput.current?.click()}
        >
          {t('reference.add')}
        </button>
        <input
          ref={addInput}
          type="file"
          hidden
          multiple
          data-testid="reference-add-input"
          accept={REFERENCE_ACCEPT}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void chooseImport(files).then((chosen) => chosen && controller.importFile(chosen.source, chosen.fileName));
          }}
        />
        <span className="reference-drop-hint">{t('reference.dropHint')}</span>
      </div>
      <ServerLayerPicker />
      <label className="check-row reference-builtin" title={t('reference.builtInHint')}>
        <input
          type="checkbox"
          checked={builtInCount}
          disabled={!profile}
          data-testid="reference-builtin-toggle"
          onChange={(event) => void controller.updateProfile({ builtInLayers: event.target.checked ? null : [] })}
        />
        {t('reference.builtIn')}
      </label>
      <div className="reference-actions">
        <button
          type="button"
          className="review-button is-small"
          data-testid="reference-profile-export"
          disabled={!profile || busy !== null}
          onClick={async () => {
            const exported = await controller.exportProfile();
            if (exported) downloadBlob(exported.fileName, exported.file);
          }}
        >
          {busy === 'export' ? t('reference.working') : t('reference.exportProfile')}
        </button>
        <button type="button" className="review-button is-small" data-testid="reference-profile-import" disabled={busy !== null} onClick={() => profileInput.current?.click()}>
          {busy === 'import' ? t('reference.working') : t('reference.importProfile')}
        </button>
        <input
          ref={profileInput}
          type="file"
          hidden
          accept=".zip"
          data-testid="reference-profile-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            const replacing = layers.length > 0;
            if (replacing && !window.confirm(t('reference.importProfileConfirm', { count: layers.length }))) return;
            void controller.importProfile(file, file.name);
          }}
        />
      </div>
      {notice && (
        <p className={notice.kind === 'error' ? 'form-error' : 'panel-note-inline'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="reference-notice" key={notice.id}>
          {pick(notice.text.message, lang)} {notice.text.hint ? pick(notice.text.hint, lang) : ''}
        </p>
      )}
      {listing && (
        <p className="panel-note-inline reference-storage" data-testid="reference-storage" data-storage={listing.storage}>
          {t(`reference.storage.${listing.storage}` as 'reference.storage.opfs')}
        </p>
      )}
    </section>
  );
}

/** A text input that saves on blur or Enter (not on every key: each save re-reviews the site). */
function ProfileNameInput({ id, value, disabled, onCommit }: { id: string; value: string; disabled: boolean; onCommit: (value: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return (
    <input
      id={id}
      type="text"
      value={text}
      disabled={disabled}
      placeholder={t('reference.profileNamePlaceholder')}
      data-testid="reference-profile-name"
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
    />
  );
}

function ReferenceImport({ flow }: { flow: Exclude<ReferenceImportFlow, { phase: 'idle' }> }) {
  const { t, lang } = useTranslation();
  const controller = useReferenceController();
  const box = useRef<HTMLDivElement>(null);
  // The section sits below the atlas's own layers: bring the progress, the CRS to confirm or the error into view.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [flow.phase]);
  if (flow.phase === 'reading') {
    const progress = flow.progress;
    // A share of the file is known while it is read and, for a GeoJSON read in pieces, parsed.
    const fraction = progress?.stage === 'reading' || progress?.stage === 'parsing' ? progress.fraction : undefined;
    return (
      <div className="reference-import" data-testid="reference-import" data-phase="reading" ref={box}>
        <p className="reference-import-title">{t('reference.importing', { file: flow.fileName })}</p>
        <p role="status" data-testid="reference-import-stage" data-stage={progress?.stage ?? 'starting'}>
          {progress ? pick(PROGRESS_LABELS[progress.stage], lang) : t('reference.starting')}
          {fraction !== undefined ? ` ${Math.round(fraction * 100)}%` : '…'}
        </p>
        <progress max={1} value={fraction} aria-label={t('reference.importProgress')} />
        <button type="button" className="review-button is-small" data-testid="reference-import-cancel" onClick={() => controller.cancelImport()}>
          {t('review.cancel')}
        </button>
      </div>
    );
  }
  if (flow.phase === 'error') {
    return (
      <div className="reference-import" data-testid="reference-import" data-phase="error" ref={box}>
        <p className="form-error" role="alert" data-testid="reference-import-error">
          {pick(flow.error.message, lang)} {flow.error.hint ? pick(flow.error.hint, lang) : ''}
        </p>
        {flow.remedies.crs && (
          // Coordinates outside the region are often a wrong CRS or swapped X/Y (the hint says which to check): both can be tried here.
          <>
            <CrsChooser current={flow.crs} alternatives={[]} testId="reference-import-crs-select" onChoose={(code: CrsCode) => void controller.reimport(code, flow.axisSwapped)} />
            <AxisOrderBox swapped={flow.axisSwapped === true} testId="reference-import-axis" onChange={(swapped) => void controller.reimport(flow.crs, swapped)} />
          </>
        )}
        {flow.remedies.repair && (
          <button type="button" className="review-button is-small is-primary" data-testid="reference-import-repair" title={t('review.importRepairTitle')} onClick={() => void controller.repairImport()}>
            {t('review.importRepair')}
          </button>
        )}
        <button type="button" className="review-button is-small" data-testid="reference-import-close" onClick={() => controller.closeImport()}>
          {t('reference.close')}
        </button>
      </div>
    );
  }
  const { summary } = flow;
  const crs = summary.crs;
  return (
    <div className="reference-import" data-testid="reference-import" data-phase="confirm" data-crs={crs.crs} ref={box}>
      <p className="reference-import-title">
        {t('reference.stored', { name: summary.config.name, count: summary.config.source.features.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'), seconds: flow.seconds.toFixed(1) })}
      </p>
      <p>
        <strong>{crs.detected ? t('review.crsDetected') : t('review.crsDeclared')}</strong> {crs.crs} · {pick(CRS_INFO[crs.crs].label, lang)}
      </p>
      <p className="crs-reason" data-testid="reference-import-crs-reason">
        {pick(crs.reason, lang)}
      </p>
      {/* Another zone does not change which column is the northing: the axis order stays. */}
      <CrsChooser current={crs.crs} alternatives={crs.alternatives} testId="reference-import-crs-select" onChoose={(code: CrsCode) => void controller.reimport(code, crs.axisSwapped)} />
      <AxisOrderBox swapped={crs.axisSwapped} testId="reference-import-axis" onChange={(swapped) => void controller.reimport(crs.crs, swapped)} />
      {summary.warnings.length > 0 && (
        <ul className="import-warnings">
          {summary.warnings.map((warning, index) => (
            <li key={index}>{pick(warning, lang)}</li>
          ))}
        </ul>
      )}
      <button type="button" className="review-button is-primary is-small" data-testid="reference-import-confirm" onClick={() => controller.closeImport()}>
        {t('reference.confirmCrs')}
      </button>
    </div>
  );
}
