/**
 * Export of the current view as a 300 dpi PNG on A4 or A3, portrait or landscape (issue 14),
 * with title, legend of what it draws, scale bar, north arrow and provenance drawn on
 * the sheet (src/map/tools/export-png.ts).
 */
import { useState } from 'react';
import { mapLegend } from '../../map/legend-items';
import { exportMapPng, sheetPixels, type Orientation, type PaperSize } from '../../map/tools/export-png';
import { exportableMap } from '../../map/tools/export-map-binding';
import { useAtlas } from '../../state/atlas-store';
import { toolsStore } from '../../state/tools-store';
import { useTranslation } from '../../state/use-translation';
import { useReference } from '../../state/reference-hooks';
import { localDay } from '../../io/text';
import { referenceFeatures as selectReferenceFeatures, referenceLayers as selectReferenceLayers } from '../../state/reference-state';

const DPI = 300;

export function ExportCard() {
  const { lang, t } = useTranslation();
  const catalog = useAtlas((state) => state.catalog);
  const layerUi = useAtlas((state) => state.layerUi);
  const layerData = useAtlas((state) => state.layerData);
  const referenceLayers = useReference(selectReferenceLayers);
  const referenceFeatures = useReference(selectReferenceFeatures);
  const [paper, setPaper] = useState<PaperSize>('A3');
  const [orientation, setOrientation] = useState<Orientation>('landscape');
  const [state, setState] = useState<{ phase: 'idle' | 'working' | 'done' | 'error'; message?: string }>({ phase: 'idle' });
  const size = sheetPixels(paper, orientation, DPI);

  const run = async () => {
    const map = exportableMap();
    if (!map || !catalog) return;
    setState({ phase: 'working' });
    // What the picture draws is kept by exportMapPng (its frame is not the screen's).
    const legend = mapLegend(catalog.layers, layerUi, layerData, referenceLayers, referenceFeatures, lang);
    const schematic = catalog.layers.some((layer) => layerUi[layer.id]?.visible && layer.provenance.accuracy === 'schematic');
    const date = localDay();
    try {
      const blob = await exportMapPng(map, {
        paper,
        orientation,
        dpi: DPI,
        title: t('app.title'),
        legendTitle: t('tools.export.legend'),
        legend,
        provenance: [t('tools.export.crs'), ...(schematic ? [t('tools.export.schematic')] : []), t('tools.export.date', { date })],
        scaleUnit: { metres: 'm', kilometres: 'km' },
      });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `atlas-${paper}-${orientation}-${DPI}dpi-${date}.png`;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ phase: 'done' });
    } catch (error) {
      setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="tools-card" data-testid="export-card" aria-label={t('tools.export.title')}>
      <div className="tools-card-heading">
        <h2>{t('tools.export.title')}</h2>
        <button type="button" className="tools-close" aria-label={t('tools.close')} onClick={() => toolsStore.dispatch({ type: 'export-toggled', open: false })}>
          ×
        </button>
      </div>
      <div className="tools-row">
        <label className="tools-row">
          <span>{t('tools.export.paper')}</span>
          <select data-testid="export-paper" value={paper} onChange={(event) => setPaper(event.target.value as PaperSize)}>
            <option value="A4">A4</option>
            <option value="A3">A3</option>
          </select>
        </label>
        <label className="tools-row">
          <span>{t('tools.export.orientation')}</span>
          <select data-testid="export-orientation" value={orientation} onChange={(event) => setOrientation(event.target.value as Orientation)}>
            <option value="landscape">{t('tools.export.landscape')}</option>
            <option value="portrait">{t('tools.export.portrait')}</option>
          </select>
        </label>
      </div>
      <p className="tools-hint" data-testid="export-size">
        {t('tools.export.size', { width: size.width, height: size.height, dpi: DPI })}
      </p>
      <button type="button" className="review-button is-primary" data-testid="export-png" disabled={state.phase === 'working'} onClick={() => void run()}>
        {state.phase === 'working' ? t('tools.export.working') : t('tools.export.png')}
      </button>
      <a
        className="review-button"
        data-testid="export-sheet"
        href={`${window.location.pathname}${window.location.search}${window.location.hash ? `${window.location.hash}&` : '#'}sheet=${paper}-${orientation}`}
        target="_blank"
        rel="noopener"
      >
        {t('tools.sheet.button')}
      </a>
      {state.phase === 'error' && (
        <p className="form-error" role="alert">
          {t('tools.export.failed')} ({state.message})
        </p>
      )}
    </section>
  );
}

