/**
 * "Load own parcels" (issue 5): reads a parcel file of any format the engine imports (in the
 * analysis worker: GeoJSON, zipped Shapefile, KML/KMZ, DXF, FlatGeobuf, CSV), then lets the
 * user map its columns and value codes to the canonical parcel attributes. The mapping is
 * remembered per set of column names (localStorage) and applied next time. Applying switches
 * the dashboard and the map to the user's parcels.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import { LAND_USE_LABELS, LAND_USES, mapParcelFields, PARCEL_FIELDS, PARCEL_STATUS_LABELS, PARCEL_STATUSES, type LandUse, type ParcelFieldMapping, type ParcelFieldName, type ParcelStatus } from '../analysis/parcel-fields';
import { createAnalysisClient } from '../worker/analysis-client';
import { updateExplorer } from './explorer-store';
import { pick as pickText } from '../i18n';
import { useExplorerText } from '../state/use-translation';
import { columnsOf, guessMapping, recallMapping, rememberMapping, unknownCodes } from './field-mapping';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function FieldMappingDialog({ onClose }: { onClose: () => void }) {
  const { s, lang } = useExplorerText();
  const [phase, setPhase] = useState<'choose' | 'reading' | 'map'>('choose');
  const [failure, setFailure] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; collection: FeatureCollection } | null>(null);
  const [mapping, setMapping] = useState<ParcelFieldMapping>({ columns: {} });
  const [remembered, setRemembered] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const read = async (chosen: File) => {
    setPhase('reading');
    setFailure(null);
    const client = createAnalysisClient();
    try {
      const outcome = await client.importFile(chosen, {});
      if (!outcome.ok) {
        const error = outcome.error;
        setFailure(`${'file' in error ? `${error.file}: ` : ''}${pickText(error.message, lang)} ${pickText(error.hint, lang)}`);
        setPhase('choose');
        return;
      }
      const collection = outcome.value.features;
      const columns = columnsOf(collection);
      const recalled = recallMapping(storage(), columns);
      setRemembered(recalled !== null);
      setMapping(recalled ?? guessMapping(columns));
      setFile({ name: chosen.name, collection });
      setPhase('map');
    } finally {
      client.dispose();
    }
  };

  const columns = useMemo(() => (file ? columnsOf(file.collection) : []), [file]);
  const preview = useMemo(() => {
    if (!file) return { ok: 0, bad: 0 };
    let ok = 0;
    let bad = 0;
    for (const feature of file.collection.features) {
      if (mapParcelFields(feature.properties, mapping).ok) ok += 1;
      else bad += 1;
    }
    return { ok, bad };
  }, [file, mapping]);
  const landUseCodes = useMemo(() => (file ? unknownCodes(file.collection, 'land_use', mapping.columns?.land_use, { landUseValues: {}, statusValues: {} }) : []), [file, mapping.columns?.land_use]);
  const statusCodes = useMemo(() => (file ? unknownCodes(file.collection, 'status', mapping.columns?.status, { landUseValues: {}, statusValues: {} }) : []), [file, mapping.columns?.status]);

  const setColumn = (name: ParcelFieldName, column: string) =>
    setMapping((previous) => {
      const next = { ...(previous.columns ?? {}) };
      if (column) next[name] = column;
      else delete next[name];
      return { ...previous, columns: next };
    });

  const apply = () => {
    if (!file) return;
    rememberMapping(storage(), columns, mapping);
    updateExplorer({ parcelSource: { kind: 'user', name: file.name, collection: file.collection, mapping } });
    onClose();
  };

  return (
    <div className="explorer-dialog-backdrop">
      <div className="explorer-dialog" role="dialog" aria-modal="true" aria-label={s('mapping.title')} data-testid="mapping-dialog">
        <h3>{s('mapping.title')}</h3>
        {phase !== 'map' && (
          <>
            <input
              type="file"
              data-testid="parcel-file"
              accept=".geojson,.json,.zip,.kml,.kmz,.dxf,.fgb,.csv"
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                if (chosen) void read(chosen);
              }}
            />
            {phase === 'reading' && <p>{s('mapping.importing')}</p>}
            {failure && (
              <p className="explorer-error" role="alert" data-testid="mapping-error">
                {s('mapping.failed')}
                {failure}
              </p>
            )}
          </>
        )}
        {phase === 'map' && file && (
          <>
            <p className="explorer-muted">{s('mapping.intro')}</p>
            {remembered && <p data-testid="mapping-remembered">{s('mapping.remembered')}</p>}
            <table className="explorer-table">
              <tbody>
                {PARCEL_FIELDS.map((spec) => (
                  <tr key={spec.name}>
                    <th scope="row">
                      {pickText(spec.label, lang)} {spec.required && <small className="explorer-muted">({s('mapping.required')})</small>}
                    </th>
                    <td>
                      <select value={mapping.columns?.[spec.name] ?? ''} data-testid={`mapping-${spec.name}`} onChange={(event) => setColumn(spec.name, event.target.value)}>
                        <option value="">{s('mapping.none')}</option>
                        {columns.map((column) => (
                          <option key={column} value={column}>
                            {column}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {landUseCodes.length > 0 && (
              <CodeTable
                title={s('mapping.codes', { field: pickText(PARCEL_FIELDS[0].label, lang) })}
                codes={landUseCodes}
                options={LAND_USES.map((code) => ({ code, label: pickText(LAND_USE_LABELS[code], lang) }))}
                values={mapping.landUseValues ?? {}}
                testId="mapping-land-use-code"
                onChange={(code, value) => setMapping((previous) => ({ ...previous, landUseValues: { ...(previous.landUseValues ?? {}), [code]: value as LandUse } }))}
              />
            )}
            {statusCodes.length > 0 && (
              <CodeTable
                title={s('mapping.codes', { field: pickText(PARCEL_FIELDS[1].label, lang) })}
                codes={statusCodes}
                options={PARCEL_STATUSES.map((code) => ({ code, label: pickText(PARCEL_STATUS_LABELS[code], lang) }))}
                values={mapping.statusValues ?? {}}
                testId="mapping-status-code"
                onChange={(code, value) => setMapping((previous) => ({ ...previous, statusValues: { ...(previous.statusValues ?? {}), [code]: value as ParcelStatus } }))}
              />
            )}
            <p data-testid="mapping-preview">{s('mapping.preview', preview)}</p>
          </>
        )}
        <div className="explorer-dialog-actions">
          <button type="button" onClick={onClose}>
            {s('mapping.cancel')}
          </button>
          {phase === 'map' && (
            <button type="button" className="is-primary" data-testid="mapping-apply" disabled={preview.ok === 0} onClick={apply}>
              {s('mapping.apply')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

function CodeTable(props: {
  title: string;
  codes: string[];
  options: { code: string; label: string }[];
  values: Record<string, string>;
  testId: string;
  onChange: (code: string, value: string) => void;
}) {
  const { s } = useExplorerText();
  return (
    <>
      <h4>{props.title}</h4>
      <table className="explorer-table">
        <tbody>
          {props.codes.map((code) => (
            <tr key={code}>
              <th scope="row">{code}</th>
              <td>
                <select value={props.values[code] ?? ''} data-testid={props.testId} data-code={code} onChange={(event) => props.onChange(code, event.target.value)}>
                  <option value="">{s('mapping.none')}</option>
                  {props.options.map((option) => (
                    <option key={option.code} value={option.code}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
