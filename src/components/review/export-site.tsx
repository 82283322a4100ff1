/**
 * Export of the site under review as GeoJSON, KML, DXF or a boundary-point CSV (界址点坐标表)
 * in a chosen CRS, through the engine's exporters; the CRS list follows what each format can
 * hold (CSV: Gauss–Krüger; DXF: projected metres; KML: WGS 84 by specification).
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { CRS_CODES, CRS_INFO, gaussKrugerZoneFor, isGaussKrugerCrs, isProjectedCrs, type CrsCode } from '../../crs/projections';
import { BAOPAN_CRS_CODES, type ExportFormat } from '../../io/export';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { shownReport } from '../../state/review-state';
import { useReview, useReviewController } from '../../state/review-store';
import { downloadFile, safeFileName } from './download';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'geojson', label: 'GeoJSON' },
  { format: 'kml', label: 'KML' },
  { format: 'dxf', label: 'DXF' },
  { format: 'csv', label: 'CSV 界址点坐标表' },
  { format: 'baopan-txt', label: '电子报盘 TXT' },
];

export function crsChoices(format: ExportFormat): CrsCode[] {
  switch (format) {
    case 'csv':
      return CRS_CODES.filter(isGaussKrugerCrs);
    case 'dxf':
      return CRS_CODES.filter(isProjectedCrs);
    case 'kml':
      return ['EPSG:4326'];
    case 'geojson':
      return [...CRS_CODES];
    case 'baopan-txt':
      return [...BAOPAN_CRS_CODES];
  }
}

export function ExportSite() {
  const { t, lang } = useTranslation();
  const id = useId();
  const controller = useReviewController();
  const report = useReview((state) => shownReport(state.report));
  const centroidLongitude = useReview((state) => {
    const ring = state.draft?.site.geometry.type === 'Polygon' ? state.draft.site.geometry.coordinates[0] : state.draft?.site.geometry.coordinates[0]?.[0];
    return ring?.[0]?.[0];
  });
  const siteZone: CrsCode = report?.site.projected_crs ?? gaussKrugerZoneFor(centroidLongitude ?? 121.5);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [crs, setCrs] = useState<CrsCode>(siteZone);
  const [busy, setBusy] = useState(false);
  const choices = useMemo(() => crsChoices(format), [format]);

  // Keep a CRS the format can hold; prefer the site's own Gauss–Krüger zone.
  useEffect(() => {
    if (!choices.includes(crs)) setCrs(choices.includes(siteZone) ? siteZone : choices[0]);
  }, [choices, crs, siteZone]);

  return (
    <section className="review-section export-site" data-testid="review-export">
      <h3>{t('review.exportSite')}</h3>
      <div className="form-grid">
        <label htmlFor={`${id}-format`}>{t('review.exportFormat')}</label>
        <select id={`${id}-format`} value={format} data-testid="review-export-format" onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {FORMATS.map((entry) => (
            <option key={entry.format} value={entry.format}>
              {entry.format === 'csv' ? t('review.exportCsv') : entry.format === 'baopan-txt' ? t('review.exportBaopan') : entry.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-crs`}>{t('review.crs')}</label>
        <select id={`${id}-crs`} value={choices.includes(crs) ? crs : choices[0]} data-testid="review-export-crs" onChange={(event) => setCrs(event.target.value as CrsCode)}>
          {choices.map((code) => (
            <option key={code} value={code}>
              {code} · {pick(CRS_INFO[code].label, lang)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className="review-button"
        disabled={busy}
        data-testid="review-export-submit"
        onClick={async () => {
          setBusy(true);
          try {
            const exported = await controller.exportSite(format, choices.includes(crs) ? crs : choices[0]);
            if (exported) {
              const crsTag = exported.file.crs.replace(':', '');
              downloadFile(`${safeFileName(exported.name)}_${crsTag}${exported.file.fileNameSuffix}`, exported.file.mime, exported.file.bytes);
              const { warnings, lost } = exported.file;
              if (lost) controller.notify('warning', { message: lost, ...(warnings[0] ? { hint: warnings[0] } : {}) });
              else if (warnings.length > 0) controller.notify('info', { message: warnings[0], ...(warnings[1] ? { hint: warnings[1] } : {}) });
            }
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('review.exportSubmit')}
      </button>
    </section>
  );
}
