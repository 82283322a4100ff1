/**
 * Cursor position: lon/lat (CGCS2000, 5 decimals ≈ 1 m) and CGCS2000 Gauss–Krüger
 * X (northing) / Y (easting, zone-prefixed) in the 3° zone of the cursor's longitude —
 * the X/Y order of Chinese survey tables (REFERENCE.md).
 */
import { gaussKrugerZoneFor, projectPoint } from '../crs/projections';
import { useTranslation } from '../state/use-translation';
import { useCursorPosition } from '../state/cursor-store';

/** Metres with 2 decimals, digits grouped in threes by spaces: 41 366 612.34. */
export function formatMetres(value: number): string {
  const [whole, fraction] = Math.abs(value).toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${value < 0 ? '−' : ''}${grouped}.${fraction}`;
}

export function CursorReadout() {
  const position = useCursorPosition();
  const { t } = useTranslation();
  let lonLat = t('cursor.outside');
  let gaussKruger = '';
  if (position) {
    lonLat = `${position.longitude.toFixed(5)}°E, ${position.latitude.toFixed(5)}°N`;
    const zone = gaussKrugerZoneFor(position.longitude);
    const [easting, northing] = projectPoint([position.longitude, position.latitude], zone);
    gaussKruger = `X ${formatMetres(northing)}  Y ${formatMetres(easting)}  (${zone})`;
  }
  return (
    <div className="cursor-readout">
      <span className="cursor-label">{t('cursor.lonlat')}</span>
      <span data-testid="cursor-lonlat" className={position ? 'cursor-value' : 'cursor-hint'}>
        {lonLat}
      </span>
      <span className="cursor-label">{t('cursor.gk')}</span>
      <span data-testid="cursor-gk" className="cursor-value">{gaussKruger || '—'}</span>
    </div>
  );
}
