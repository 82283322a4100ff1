/**
 * One reference layer in the layer panel: shown on the map or not, its name and provenance
 * (file, date added, feature count, CRS, fields), its role in the review with the role's
 * argument (class field and codes, line width, severity), whether it counts in the verdict,
 * its colour and opacity, and removal (asked first). Every change goes to the worker, which
 * stores it in the profile; the open site is then reviewed again.
 */
import { memo, useEffect, useId, useState } from 'react';
import type { ReferenceRole, ReferenceRoleKind } from '../../analysis/review/reference-types';
import type { MessageKey } from '../../i18n';
import type { StyledLayerConfig } from '../../records/profile-bundle';
import { useTranslation } from '../../state/use-translation';
import { useReference, useReferenceController } from '../../state/reference-hooks';
import { classSystemOf } from '../../analysis/review/class-names';
import { autoNameField, fieldTitle } from '../../analysis/review/presets';
import { hexOf, LAND_SEA_USE_COLOUR_SOURCE, LAND_SEA_USE_COLOURS } from '../../data/land-sea-use-colours';
import { pick } from '../../i18n';

export const ROLE_KINDS: ReferenceRoleKind[] = ['prohibited', 'inside', 'classes', 'zone', 'line', 'proximity'];

/** The role a kind starts with when chosen by hand (its argument from the layer's fields where one fits). */
function roleOfKind(kind: ReferenceRoleKind, layer: StyledLayerConfig): ReferenceRole {
  const current = layer.role;
  if (current.kind === kind) return current;
  switch (kind) {
    case 'prohibited':
      return { kind };
    case 'inside':
      return { kind, severity: 'review' };
    case 'classes': {
      const field = layer.fields.find((name) => /^(DLBM|YDYHFLDM|地类编码|用地用海分类代码)$/i.test(name)) ?? layer.fields[0] ?? '';
      return { kind, field, review: ['01'] };
    }
    case 'zone':
      return { kind };
    case 'line':
      // 《铁路安全管理条例》第二十七条: 其他地区 15 m (ordinary) — the reviewer sets 20 m for high-speed lines.
      return { kind, widthM: 15 };
    case 'proximity':
      return { kind };
  }
}

function codes(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

/** A date as the reviewer reads it (local time). */
function shownDate(iso: string | undefined, lang: 'zh' | 'en'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export const ReferenceLayerRow = memo(function ReferenceLayerRow({ layer }: { layer: StyledLayerConfig }) {
  const { t, lang } = useTranslation();
  const controller = useReferenceController();
  const drawn = useReference((state) => state.features[layer.id]);
  const id = useId();
  const style = layer.style ?? { color: '#b91c1c', opacity: 0.35, visible: true };
  const visible = style.visible !== false;
  const enabled = layer.enabled !== false;
  // A map server's layer (issue 13; reference-store.ts isServerLayer, not imported: the store stays out of the page's bundle).
  const serverLayer = /^https?:\/\//i.test(layer.source.file);
  const update = (changes: Partial<StyledLayerConfig>) => void controller.updateLayer({ ...layer, ...changes });
  const setRole = (role: ReferenceRole) => update({ role });
  const role = layer.role;

  return (
    <li className={`layer-row reference-row ${visible ? 'is-visible' : ''}`} data-testid={`reference-layer-${layer.id}`} data-layer-id={layer.id} data-role={role.kind} data-enabled={String(enabled)}>
      <div className="layer-line">
        <label className="layer-label" title={layer.name}>
          <input type="checkbox" checked={visible} data-testid="reference-visible" onChange={(event) => update({ style: { ...style, visible: event.target.checked } })} />
          <svg className="legend-swatch" width={22} height={14} viewBox="0 0 22 14" aria-hidden="true">
            <rect x={1.5} y={1.5} width={19} height={11} fill={style.color} fillOpacity={Math.max(style.opacity, 0.15)} stroke={style.color} strokeWidth={1.5} />
          </svg>
          <span className="layer-title" data-testid="reference-name">
            {layer.name}
          </span>
        </label>
        <span className={`reference-role-badge role-${role.kind}`}>{t(`reference.role.${role.kind}` as MessageKey)}</span>
        {serverLayer && (
          <span className="reference-role-badge" data-testid="reference-server-badge">
            {t('serverLayers.badge')}
          </span>
        )}
      </div>
      <dl className="reference-provenance" data-testid="reference-provenance">
        <dt>{t('reference.file')}</dt>
        <dd data-testid="reference-file">{layer.source.file}</dd>
        <dt>{t('reference.added')}</dt>
        <dd data-testid="reference-added">{shownDate(layer.source.added, lang)}</dd>
        <dt>{t('reference.features')}</dt>
        <dd data-testid="reference-feature-count" data-count={layer.source.features}>
          {serverLayer && layer.source.features === 0 ? t('serverLayers.countUnknown') : layer.source.features.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')}
        </dd>
        <dt>{t('reference.crs')}</dt>
        <dd data-testid="reference-crs">{layer.source.crs}</dd>
      </dl>
      <details className="provenance">
        <summary>{t('reference.fields', { count: layer.fields.length })}</summary>
        <p className="reference-fields" data-testid="reference-fields">
          {layer.fields.join(' · ')}
        </p>
        {layer.source.hash && <p className="reference-hash">SHA-256 {layer.source.hash.slice(0, 16)}…</p>}
      </details>
      {role.kind === 'classes' && classSystemOf(role.field) === 'land-sea-use' && <LandSeaUseLegend fallback={style.color} />}
      <div className="reference-role">
        <label htmlFor={`${id}-role`}>{t('reference.roleLabel')}</label>
        <select id={`${id}-role`} value={role.kind} data-testid="reference-role" onChange={(event) => setRole(roleOfKind(event.target.value as ReferenceRoleKind, layer))}>
          {ROLE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`reference.role.${kind}` as MessageKey)}
            </option>
          ))}
        </select>
        <RoleArgument layer={layer} role={role} onChange={setRole} />
        <p className="reference-role-hint">{t(`reference.roleHint.${role.kind}` as MessageKey)}</p>
      </div>
      <NameFieldSelect
        layer={layer}
        onChange={(nameField) => {
          const { nameField: _dropped, ...rest } = layer;
          void controller.updateLayer(nameField ? { ...rest, nameField } : rest);
        }}
      />
      <label className="check-row">
        <input type="checkbox" checked={enabled} data-testid="reference-enabled" onChange={(event) => update({ enabled: event.target.checked })} />
        {t('reference.enabled')}
      </label>
      <div className="reference-style">
        <NameInput value={layer.name} onChange={(name) => update({ name })} />
        <label>
          {t('reference.color')}
          <input type="color" value={style.color} data-testid="reference-color" onChange={(event) => update({ style: { ...style, color: event.target.value } })} />
        </label>
        <label className="opacity-control">
          <span>{t('layers.opacity')}</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={style.opacity}
            data-testid="reference-opacity"
            onChange={(event) => update({ style: { ...style, opacity: Number(event.target.value) } })}
          />
        </label>
        <button
          type="button"
          className="review-button is-small is-danger"
          data-testid="reference-remove"
          onClick={() => {
            if (window.confirm(t('reference.removeConfirm', { name: layer.name }))) void controller.removeLayer(layer.id);
          }}
        >
          {t('reference.remove')}
        </button>
      </div>
      {visible && drawn?.truncated && <p className="panel-note-inline reference-zoom-note">{t('reference.zoomIn')}</p>}
    </li>
  );
});

/** The role's argument: class field and codes, line width and severity, zone industry field, inside severity. */
function RoleArgument({ layer, role, onChange }: { layer: StyledLayerConfig; role: ReferenceRole; onChange: (role: ReferenceRole) => void }) {
  const { t } = useTranslation();
  const id = useId();
  switch (role.kind) {
    case 'inside':
      return (
        <SeveritySelect value={role.severity} testId="reference-severity" onChange={(severity) => onChange({ ...role, severity })} label={t('reference.outsideIs')} />
      );
    case 'classes':
      return (
        <div className="reference-argument">
          <label htmlFor={`${id}-field`}>{t('reference.classField')}</label>
          <select id={`${id}-field`} value={role.field} data-testid="reference-class-field" onChange={(event) => onChange({ ...role, field: event.target.value })}>
            {!layer.fields.includes(role.field) && <option value={role.field}>{role.field}</option>}
            <FieldOptions fields={layer.fields} />
          </select>
          <CodesInput label={t('reference.prohibitedCodes')} value={role.prohibited ?? []} testId="reference-prohibited-codes" onChange={(list) => onChange({ ...role, prohibited: list })} />
          <CodesInput label={t('reference.reviewCodes')} value={role.review ?? []} testId="reference-review-codes" onChange={(list) => onChange({ ...role, review: list })} />
        </div>
      );
    case 'zone':
      return (
        <div className="reference-argument">
          <label htmlFor={`${id}-industry`}>{t('reference.industryField')}</label>
          <select
            id={`${id}-industry`}
            value={role.industryField ?? ''}
            data-testid="reference-industry-field"
            onChange={(event) => onChange(event.target.value ? { kind: 'zone', industryField: event.target.value } : { kind: 'zone' })}
          >
            <option value="">{t('reference.noField')}</option>
            <FieldOptions fields={layer.fields} />
          </select>
        </div>
      );
    case 'line':
      return (
        <div className="reference-argument">
          <WidthInput value={role.widthM} onChange={(widthM) => onChange({ ...role, widthM })} />
          <SeveritySelect value={role.severity ?? 'blocker'} testId="reference-severity" onChange={(severity) => onChange({ ...role, severity })} label={t('reference.overlapIs')} />
        </div>
      );
    default:
      return null;
  }
}

/**
 * The field the layer's findings are named by in the report (图斑编号 TBBH, 名称 …): chosen, or
 * automatic (presets.ts autoNameField — the option says which field that is; with none, the
 * findings go by their identifier, the 标识码 BSM in the national layouts).
 */
function NameFieldSelect({ layer, onChange }: { layer: StyledLayerConfig; onChange: (nameField: string | undefined) => void }) {
  const { t, lang } = useTranslation();
  const id = useId();
  const current = layer.nameField ?? '';
  const automatic = autoNameField(layer.fields);
  return (
    <div className="reference-argument reference-name-field">
      <label htmlFor={id}>{t('reference.nameField')}</label>
      <select id={id} value={current} data-testid="reference-name-field" onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{t('reference.nameFieldAuto', { field: automatic ? fieldTitle(automatic, lang) : t('reference.nameFieldId') })}</option>
        {current !== '' && !layer.fields.includes(current) && <option value={current}>{current}</option>}
        <FieldOptions fields={layer.fields} />
      </select>
    </div>
  );
}

/** A layer's fields as the options of a field chooser, a national-layout field with what it holds ("图斑编号 TBBH"). */
function FieldOptions({ fields }: { fields: readonly string[] }) {
  const { lang } = useTranslation();
  return (
    <>
      {fields.map((field) => (
        <option key={field} value={field}>
          {fieldTitle(field, lang)}
        </option>
      ))}
    </>
  );
}

function SeveritySelect({ value, onChange, label, testId }: { value: 'review' | 'blocker'; onChange: (value: 'review' | 'blocker') => void; label: string; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="reference-argument">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(event) => onChange(event.target.value as 'review' | 'blocker')}>
        <option value="review">{t('reference.severity.review')}</option>
        <option value="blocker">{t('reference.severity.blocker')}</option>
      </select>
    </div>
  );
}

/** Longest layer name typed here (longer text is cut): names show in the verdict and the printed report. */
const NAME_MAX = 80;

/** The layer's name, changed where it is written; an empty name puts the current one back. */
function NameInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  // Only a name the reviewer changed is stored: leaving the box untouched never rewrites a
  // stored name (one longer than NAME_MAX, or with spaces, from the CLI or a server title).
  const commit = () => {
    if (text === value) return;
    const name = text.trim().slice(0, NAME_MAX);
    setText(name === '' ? value : name);
    if (name !== '' && name !== value) onChange(name);
  };
  return (
    <span className="reference-name-edit">
      <label htmlFor={id}>{t('reference.name')}</label>
      <input
        id={id}
        type="text"
        value={text}
        maxLength={NAME_MAX}
        data-testid="reference-rename"
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          // Enter leaves the box, which stores the name (once, on blur); Escape puts the stored one back.
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') setText(value);
        }}
      />
    </span>
  );
}

/** Codes as typed ("01, 1201"), saved on blur. */
function CodesInput({ label, value, onChange, testId }: { label: string; value: string[]; onChange: (value: string[]) => void; testId: string }) {
  const id = useId();
  const joined = value.join(', ');
  const [text, setText] = useState(joined);
  useEffect(() => setText(joined), [joined]);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        data-testid={testId}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          const list = codes(text);
          if (list.join(', ') !== joined) onChange(list);
        }}
      />
    </>
  );
}

function WidthInput({ value, onChange }: { value: number; onChange: (value: number) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const number = Number(text);
  const valid = Number.isFinite(number) && number > 0 && number <= 10_000;
  return (
    <>
      <label htmlFor={id}>{t('reference.width')}</label>
      <span className="input-with-unit">
        <input
          id={id}
          type="number"
          min={1}
          max={10000}
          step={1}
          value={text}
          aria-invalid={!valid}
          data-testid="reference-width"
          onChange={(event) => setText(event.target.value)}
          onBlur={() => {
            if (valid && number !== value) onChange(number);
          }}
        />
        <span className="unit">m</span>
      </span>
    </>
  );
}

/** The legend of a layer drawn in the 用地用海 class colours: code, the spec's name, colour; the source. */
function LandSeaUseLegend({ fallback }: { fallback: string }) {
  const { t, lang } = useTranslation();
  return (
    <details className="provenance land-sea-use-legend" data-testid="reference-class-legend">
      <summary>{t('reference.classColours')}</summary>
      <ul className="class-legend">
        {LAND_SEA_USE_COLOURS.map((entry) => (
          <li key={entry.code} data-code={entry.code} data-color={hexOf(entry.rgb)}>
            <span className="class-swatch" style={{ background: hexOf(entry.rgb) }} aria-hidden="true" />
            <span className="mono">{entry.code}</span> {entry.nameInSpec}
          </li>
        ))}
        <li>
          <span className="class-swatch" style={{ background: fallback }} aria-hidden="true" />
          {t('reference.classColoursOther')}
        </li>
      </ul>
      <p className="reference-hash">{t('reference.classColoursSource', { source: pick(LAND_SEA_USE_COLOUR_SOURCE, lang) })}</p>
    </details>
  );
}
