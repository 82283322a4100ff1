/**
 * "Go to a coordinate": one pair in any supported CRS (GCJ-02 and BD-09 included) → a marker
 * on the map; with a radius, a circle of that radius becomes the site under review.
 */
import { useId, useState } from 'react';
import { CRS_CODES, CRS_INFO, type CrsCode } from '../../crs/projections';
import type { Bilingual } from '../../data/catalog-types';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { parseCoordinate } from '../../io/coordinate-input';
import { useReviewController } from '../../state/review-store';

export function GotoForm() {
  const { t, lang } = useTranslation();
  const controller = useReviewController();
  const id = useId();
  const [text, setText] = useState('');
  const [crs, setCrs] = useState<CrsCode | 'auto'>('auto');
  const [radius, setRadius] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: Bilingual } | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parseCoordinate(text, crs);
    if (!parsed.ok) {
      setMessage({ kind: 'error', text: parsed.error });
      return;
    }
    const radiusMetres = radius.trim() === '' ? undefined : Number(radius);
    if (radiusMetres !== undefined && !(Number.isFinite(radiusMetres) && radiusMetres > 0 && radiusMetres <= 20_000)) {
      setMessage({ kind: 'error', text: { zh: '半径应为 0 到 20000 米之间的数值。', en: 'The radius must be a number between 0 and 20,000 m.' } });
      return;
    }
    const [lon, lat] = parsed.value.lonLat;
    setMessage({
      kind: 'ok',
      text: {
        zh: `${lon.toFixed(6)}°E, ${lat.toFixed(6)}°N。${parsed.value.reason.zh}`,
        en: `${lon.toFixed(6)}°E, ${lat.toFixed(6)}°N. ${parsed.value.reason.en}`,
      },
    });
    controller.gotoPosition(parsed.value.lonLat, { radiusMetres, crs: parsed.value.crs, axisSwapped: parsed.value.axisSwapped });
  };

  return (
    <form className="review-section goto-form" onSubmit={submit} data-testid="review-goto">
      <h3>{t('review.goto')}</h3>
      <label htmlFor={`${id}-pair`}>{t('review.gotoPair')}</label>
      <input
        id={`${id}-pair`}
        type="text"
        value={text}
        placeholder="121.55, 36.90"
        autoComplete="off"
        spellCheck={false}
        data-testid="review-goto-pair"
        onChange={(event) => setText(event.target.value)}
      />
      <div className="form-row">
        <label htmlFor={`${id}-crs`}>{t('review.crs')}</label>
        <select id={`${id}-crs`} value={crs} data-testid="review-goto-crs" onChange={(event) => setCrs(event.target.value as CrsCode | 'auto')}>
          <option value="auto">{t('review.crsAuto')}</option>
          {CRS_CODES.map((code) => (
            <option key={code} value={code}>
              {code} · {pick(CRS_INFO[code].label, lang)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-radius`}>{t('review.gotoRadius')}</label>
        <input
          id={`${id}-radius`}
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={radius}
          data-testid="review-goto-radius"
          onChange={(event) => setRadius(event.target.value)}
        />
      </div>
      <button type="submit" className="review-button" data-testid="review-goto-submit">
        {radius.trim() ? t('review.gotoCircle') : t('review.gotoSubmit')}
      </button>
      {message && (
        <p className={message.kind === 'error' ? 'form-error' : 'form-note'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="review-goto-message">
          {pick(message.text, lang)}
        </p>
      )}
    </form>
  );
}
