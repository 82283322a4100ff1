/**
 * The site's 界址点 as a table (issue 14): 点号 J1…, X (northing) and Y (easting) in a
 * CGCS2000 Gauss–Krüger CRS (the site's zone, zone-prefixed, by default), part and ring.
 * A cell edited (Enter or leaving it), a row moved, added or deleted, or a table pasted
 * replaces the site's boundary; the map, the vertex editor and the review follow, and each
 * change is one undo step. Conversions: src/geometry/boundary-points.ts.
 */
import { useMemo, useState } from 'react';
import type { MultiPolygon, Polygon } from 'geojson';
import { CRS_INFO, gaussKrugerZoneFor, type CrsCode } from '../../crs/projections';
import { polygonsCentroid } from '../../geometry/planar';
import { boundaryPointRows, geometryFromRows, renumberRows, rowsFromPastedText, type BoundaryPointRow } from '../../geometry/boundary-points';
import type { Bilingual } from '../../data/catalog-types';
import { useReview, useReviewStore } from '../../state/review-store';
import { replaceSite } from '../../state/tools-history';
import { toolsStore, useTools } from '../../state/tools-store';
import { useTranslation } from '../../state/use-translation';

const TABLE_CRS: CrsCode[] = ['EPSG:4528', 'EPSG:4529', 'EPSG:4549', 'EPSG:4550'];

function siteZone(geometry: Polygon | MultiPolygon): CrsCode {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const centroid = polygonsCentroid(polygons);
  return gaussKrugerZoneFor(centroid ? centroid.centroid[0] : polygons[0][0][0][0]);
}

export function CoordinateTable() {
  const { lang, t } = useTranslation();
  const store = useReviewStore();
  const open = useTools((state) => state.tableOpen);
  const site = useReview((state) => state.draft?.site ?? null);
  const [chosenCrs, setChosenCrs] = useState<CrsCode | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const [pasteText, setPasteText] = useState('');
  const crs = chosenCrs ?? (site ? siteZone(site.geometry) : 'EPSG:4529');
  const rows = useMemo(() => (site ? boundaryPointRows(site.geometry, crs) : []), [site, crs]);

  if (!open) return null;

  const commit = (next: BoundaryPointRow[]) => {
    if (!site) return;
    const made = geometryFromRows(renumberRows(next), crs);
    if (!made.ok) {
      setError(made.error);
      return;
    }
    setError(null);
    replaceSite(store, { ...site, geometry: made.geometry });
  };

  const editCell = (index: number, key: 'x' | 'y' | 'ring', text: string) => {
    const value = Number(text.trim());
    const row = rows[index];
    if (key !== 'ring' && Number.isFinite(value) && Math.abs(value - row[key]) < 0.0005) return; // unchanged at the mm shown
    if (key === 'ring' && value === row.ring) return;
    if (!Number.isFinite(value) || (key === 'ring' && (!Number.isInteger(value) || value < 0))) {
      setError({ zh: `${row.pointId} 的${key === 'ring' ? '环号' : key}“${text}”不是有效数字。`, en: `${key === 'ring' ? 'Ring' : key.toUpperCase()} “${text}” of ${row.pointId} is not a valid number.` });
      return;
    }
    const next = rows.map((candidate, position) => {
      if (position !== index) return candidate;
      const changed = { ...candidate, [key]: value };
      if (key !== 'ring') delete changed.lonLat;
      return changed;
    });
    commit(next);
  };

  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const next = [...rows];
    [next[index], next[target]] = [next[target], next[index]];
    commit(next);
  };

  const insertAfter = (index: number) => {
    const row = rows[index];
    const following = rows[index + 1] && rows[index + 1].ring === row.ring && rows[index + 1].part === row.part ? rows[index + 1] : rows.find((candidate) => candidate.part === row.part && candidate.ring === row.ring)!;
    // The midpoint of the edge to the next point: a new vertex that leaves the shape as it is.
    const added: BoundaryPointRow = { pointId: '', x: (row.x + following.x) / 2, y: (row.y + following.y) / 2, part: row.part, ring: row.ring };
    commit([...rows.slice(0, index + 1), added, ...rows.slice(index + 1)]);
  };

  const remove = (index: number) => commit(rows.filter((_row, position) => position !== index));

  const paste = () => {
    const parsed = rowsFromPastedText(pasteText);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    commit(parsed.rows);
    setPasteText('');
  };

  const cellKey = (index: number, key: string) => `${index}-${key}-${rows[index].x}-${rows[index].y}-${rows[index].ring}`;

  return (
    <section className="tools-card tools-table-card" data-testid="coordinate-table" aria-label={t('tools.table.title')}>
      <div className="tools-card-heading">
        <h2>{t('tools.table.title')}</h2>
        <button type="button" className="tools-close" data-testid="coordinate-table-close" aria-label={t('tools.close')} onClick={() => toolsStore.dispatch({ type: 'table-toggled', open: false })}>
          ×
        </button>
      </div>
      {!site ? (
        <p className="tools-hint">{t('tools.table.noSite')}</p>
      ) : (
        <>
          <label className="tools-row">
            <span>{t('tools.table.crs')}</span>
            <select data-testid="coordinate-table-crs" value={crs} onChange={(event) => setChosenCrs(event.target.value as CrsCode)}>
              {TABLE_CRS.map((code) => (
                <option key={code} value={code}>
                  {code} · {CRS_INFO[code].label[lang]}
                </option>
              ))}
            </select>
          </label>
          <div className="tools-table-scroll">
            <table className="tools-table" data-crs={crs}>
              <thead>
                <tr>
                  <th scope="col">{t('tools.table.point')}</th>
                  <th scope="col">{t('tools.table.x')}</th>
                  <th scope="col">{t('tools.table.y')}</th>
                  <th scope="col">{t('tools.table.ring')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('tools.table.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={`${row.part}-${row.ring}-${index}`} data-testid="coordinate-row" data-point={row.pointId} data-x={row.x} data-y={row.y}>
                    <th scope="row">{row.pointId}</th>
                    {(['x', 'y'] as const).map((key) => (
                      <td key={key}>
                        <input
                          key={cellKey(index, key)}
                          data-testid={`coordinate-${key}-${index}`}
                          aria-label={`${row.pointId} ${key.toUpperCase()}`}
                          inputMode="decimal"
                          defaultValue={row[key].toFixed(3)}
                          onBlur={(event) => editCell(index, key, event.currentTarget.value)}
                          onKeyDown={(event) => {
                            if (event.key === 'Enter') editCell(index, key, event.currentTarget.value);
                          }}
                        />
                      </td>
                    ))}
                    <td>
                      <input
                        key={cellKey(index, 'ring')}
                        className="tools-ring"
                        aria-label={`${row.pointId} ${t('tools.table.ring')}`}
                        inputMode="numeric"
                        defaultValue={row.part > 0 ? `${row.ring}` : `${row.ring}`}
                        onBlur={(event) => editCell(index, 'ring', event.currentTarget.value)}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter') editCell(index, 'ring', event.currentTarget.value);
                        }}
                      />
                    </td>
                    <td className="tools-row-actions">
                      <button type="button" aria-label={`${row.pointId} ${t('tools.table.up')}`} title={t('tools.table.up')} disabled={index === 0} onClick={() => move(index, -1)}>
                        ↑
                      </button>
                      <button type="button" aria-label={`${row.pointId} ${t('tools.table.down')}`} title={t('tools.table.down')} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                        ↓
                      </button>
                      <button type="button" aria-label={`${row.pointId} ${t('tools.table.insert')}`} title={t('tools.table.insert')} onClick={() => insertAfter(index)}>
                        +
                      </button>
                      <button type="button" aria-label={`${row.pointId} ${t('tools.table.delete')}`} title={t('tools.table.delete')} onClick={() => remove(index)}>
                        −
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <label className="tools-paste">
            <span>{t('tools.table.paste')}</span>
            <textarea data-testid="coordinate-table-paste" rows={3} value={pasteText} placeholder="J1 4085326.520 41368069.060" onChange={(event) => setPasteText(event.target.value)} />
          </label>
          <button type="button" className="review-button" data-testid="coordinate-table-paste-apply" disabled={pasteText.trim() === ''} onClick={paste}>
            {t('tools.table.replace')}
          </button>
        </>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="coordinate-table-error">
          {error[lang]}
        </p>
      )}
    </section>
  );
}
