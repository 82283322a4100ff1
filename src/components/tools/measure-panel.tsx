/**
 * Figures of the measuring tools (issue 14): a polyline's length and a polygon's area in the
 * Gauss–Krüger zone of the shape (m, km; m², 亩, 公顷, km²) and on the GRS80 ellipsoid, from
 * src/analysis/measure.ts (pure, fast enough for a handful of clicked points on the main
 * thread); a clicked point in lon/lat, CGCS2000 Gauss–Krüger with and without the zone
 * prefix, and GCJ-02 (高德/腾讯), each with a copy button. A measured polygon can become the
 * site under review.
 */
import { useState, type ReactNode } from 'react';
import type { Polygon, Position } from 'geojson';
import { measureArea, measureLength } from '../../analysis/measure';
import { CRS_INFO, gaussKrugerZoneFor, projectPoint, type CrsCode } from '../../crs/projections';
import { formatNumber } from '../../i18n';
import { parseCoordinate } from '../../io/coordinate-input';
import { toolsStore, useTools } from '../../state/tools-store';
import { useReviewController } from '../../state/review-store';
import { useTranslation } from '../../state/use-translation';
import { formatMetres } from '../cursor-readout';

/** The same 3° zone without the zone prefix in the easting (EPSG:4549 ↔ 4528, 4550 ↔ 4529). */
const WITHOUT_PREFIX: Record<'EPSG:4528' | 'EPSG:4529', CrsCode> = { 'EPSG:4528': 'EPSG:4549', 'EPSG:4529': 'EPSG:4550' };

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="tools-copy"
      data-testid={testId}
      data-copy={text}
      aria-label={`${t('tools.copy')} ${text}`}
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? t('tools.copied') : state === 'failed' ? t('tools.copyFailed') : t('tools.copy')}
    </button>
  );
}

function PointFigures({ position }: { position: Position }) {
  const { t } = useTranslation();
  const lonLat: [number, number] = [position[0], position[1]];
  const zone = gaussKrugerZoneFor(lonLat[0]);
  const [easting, northing] = projectPoint(lonLat, zone);
  const plain = WITHOUT_PREFIX[zone];
  const [plainEasting, plainNorthing] = projectPoint(lonLat, plain);
  const [gcjLon, gcjLat] = projectPoint(lonLat, 'GCJ-02');
  const rows: { key: string; label: string; shown: string; copy: string }[] = [
    { key: 'lonlat', label: t('tools.point.lonlat'), shown: `${lonLat[0].toFixed(6)}°E, ${lonLat[1].toFixed(6)}°N`, copy: `${lonLat[0].toFixed(7)}, ${lonLat[1].toFixed(7)}` },
    { key: 'gk', label: `${t('tools.point.gk')} (${zone})`, shown: `X ${formatMetres(northing)}  Y ${formatMetres(easting)}`, copy: `${northing.toFixed(3)}, ${easting.toFixed(3)}` },
    { key: 'gk-plain', label: `${t('tools.point.gkPlain')} (${plain})`, shown: `X ${formatMetres(plainNorthing)}  Y ${formatMetres(plainEasting)}`, copy: `${plainNorthing.toFixed(3)}, ${plainEasting.toFixed(3)}` },
    { key: 'gcj02', label: t('tools.point.gcj02'), shown: `${gcjLon.toFixed(6)}, ${gcjLat.toFixed(6)}`, copy: `${gcjLon.toFixed(7)}, ${gcjLat.toFixed(7)}` },
  ];
  return (
    <table className="tools-figures" data-testid="measure-point">
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={`measure-point-${row.key}`} data-value={row.copy}>
            <th scope="row">{row.label}</th>
            <td>{row.shown}</td>
            <td>
              <CopyButton text={row.copy} testId={`measure-copy-${row.key}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A point typed instead of clicked — lon/lat, GCJ-02 or a Gauss–Krüger pair, detected as in
 * "Go to a coordinate" (src/io/coordinate-input.ts) — for measuring between documented
 * positions, and for a keyboard user.
 */
function TypedPoint() {
  const { lang, t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const add = () => {
    const parsed = parseCoordinate(text, 'auto');
    if (!parsed.ok) {
      setError(parsed.error[lang]);
      return;
    }
    setError('');
    setText('');
    toolsStore.dispatch({ type: 'measure-point-added', position: parsed.value.lonLat });
  };
  return (
    <form
      className="tools-row"
      onSubmit={(event) => {
        event.preventDefault();
        add();
      }}
    >
      <label className="tools-row">
        <span>{t('tools.typedPoint')}</span>
        <input data-testid="measure-typed-point" value={text} placeholder="121.55, 36.90" onChange={(event) => setText(event.target.value)} />
      </label>
      <button type="submit" className="review-button" data-testid="measure-typed-add" disabled={text.trim() === ''}>
        {t('tools.add')}
      </button>
      {error && (
        <span className="form-error" role="alert" data-testid="measure-typed-error">
          {error}
        </span>
      )}
    </form>
  );
}

export function MeasurePanel() {
  const { lang, t } = useTranslation();
  const controller = useReviewController();
  const mode = useTools((state) => state.measure);
  const points = useTools((state) => state.points);
  const finished = useTools((state) => state.finished);
  if (!mode) return null;

  const hint = mode === 'distance' ? t('tools.hint.distance') : mode === 'area' ? t('tools.hint.area') : t('tools.hint.point');
  let figures: ReactNode = null;
  if (mode === 'point' && points[0]) {
    figures = <PointFigures position={points[0]} />;
  } else if (mode === 'distance' && points.length >= 2) {
    const length = measureLength({ type: 'LineString', coordinates: points });
    figures = (
      <dl className="tools-figures" data-testid="measure-distance" data-length-m={length.length_m} data-length-m-ellipsoidal={length.length_m_ellipsoidal} data-crs={length.projected_crs}>
        <dt>{t('tools.length')}</dt>
        <dd>
          {formatNumber(length.length_m, lang, 2)} m · {formatNumber(length.length_m / 1000, lang, 4)} km
        </dd>
        <dt>{t('tools.ellipsoidal')}</dt>
        <dd>{formatNumber(length.length_m_ellipsoidal, lang, 2)} m</dd>
        <dt>{t('tools.crs')}</dt>
        <dd>
          {CRS_INFO[length.projected_crs].label[lang]} ({length.projected_crs})
        </dd>
        <dt>{t('tools.vertices')}</dt>
        <dd>{points.length}</dd>
      </dl>
    );
  } else if (mode === 'area' && points.length >= 3) {
    const ring = [...points, points[0]];
    const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
    const area = measureArea(polygon);
    const perimeter = measureLength({ type: 'LineString', coordinates: ring }, { crs: area.projected_crs });
    figures = (
      <>
        <dl className="tools-figures" data-testid="measure-area" data-area-m2={area.area_m2} data-area-m2-ellipsoidal={area.area_m2_ellipsoidal} data-perimeter-m={perimeter.length_m} data-crs={area.projected_crs}>
          <dt>{t('tools.area')}</dt>
          <dd>
            {formatNumber(area.area_m2, lang, 2)} m² · {formatNumber(area.area_mu, lang, 3)} {t('tools.mu')} · {formatNumber(area.area_ha, lang, 4)} {t('tools.hectare')} · {formatNumber(area.area_km2, lang, 6)} km²
          </dd>
          <dt>{t('tools.ellipsoidal')}</dt>
          <dd>{formatNumber(area.area_m2_ellipsoidal, lang, 2)} m²</dd>
          <dt>{t('tools.perimeter')}</dt>
          <dd>{formatNumber(perimeter.length_m, lang, 2)} m</dd>
          <dt>{t('tools.crs')}</dt>
          <dd>
            {CRS_INFO[area.projected_crs].label[lang]} ({area.projected_crs})
          </dd>
        </dl>
        {finished && (
          <button
            type="button"
            className="review-button"
            data-testid="measure-use-as-site"
            onClick={() => {
              controller.siteDrawn(polygon, 'polygon');
              toolsStore.dispatch({ type: 'measure-selected', mode: null });
            }}
          >
            {t('tools.useAsSite')}
          </button>
        )}
      </>
    );
  }

  return (
    <section className="tools-card" data-testid="measure-panel" data-points={JSON.stringify(points)} data-mode={mode} data-finished={finished} aria-live="polite" aria-label={t('tools.measure')}>
      <p className="tools-hint">{hint}</p>
      {figures}
      <TypedPoint />
      <div className="tools-row">
        {mode !== 'point' && (
          <button type="button" className="review-button" data-testid="measure-finish" disabled={finished || points.length < (mode === 'area' ? 3 : 2)} onClick={() => toolsStore.dispatch({ type: 'measure-finished' })}>
            {t('tools.finish')}
          </button>
        )}
        <button type="button" className="review-button" data-testid="measure-clear" disabled={points.length === 0} onClick={() => toolsStore.dispatch({ type: 'measure-cleared' })}>
          {t('tools.clear')}
        </button>
        <button type="button" className="review-button" data-testid="measure-close" onClick={() => toolsStore.dispatch({ type: 'measure-selected', mode: null })}>
          {t('tools.close')}
        </button>
      </div>
    </section>
  );
}
