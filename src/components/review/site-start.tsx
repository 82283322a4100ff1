/**
 * Bringing in a site: pick a file (any format the engine reads, or the loose parts of one
 * shapefile picked together; dropping them on the map does the same), draw a polygon /
 * rectangle / circle, paste a boundary-point table, or type a coordinate pair to go there
 * (optionally taking a circle of a given radius as the site).
 */
import { useRef } from 'react';
import { useTranslation } from '../../state/use-translation';
import type { MessageKey } from '../../i18n';
import { importers } from '../../io/registry';
import { SHAPEFILE_PART_EXTENSIONS } from '../../io/chosen-files';
import { chooseImport } from '../../io/choose-import';
import { useReview, useReviewController, useReviewDispatch } from '../../state/review-store';
import type { DrawTool } from '../../state/review-state';
import { GotoForm } from './goto-form';

const TOOLS: { tool: DrawTool; label: MessageKey; hint: MessageKey }[] = [
  { tool: 'polygon', label: 'review.drawPolygon', hint: 'review.drawPolygonHint' },
  { tool: 'rectangle', label: 'review.drawRectangle', hint: 'review.drawRectangleHint' },
  { tool: 'circle', label: 'review.drawCircle', hint: 'review.drawCircleHint' },
];

/** Every extension the importers know, and the parts a .shp may be picked with, for the file picker's filter. */
export const ACCEPTED_EXTENSIONS = [...new Set([...importers.flatMap((importer) => [...importer.extensions, ...(importer.alsoTakes ?? [])]).map((extension) => `.${extension}`), ...SHAPEFILE_PART_EXTENSIONS])].join(',');

export function SiteStart() {
  const { t } = useTranslation();
  const tool = useReview((state) => state.tool);
  const dispatch = useReviewDispatch();
  const controller = useReviewController();
  const fileInput = useRef<HTMLInputElement>(null);
  const active = TOOLS.find((entry) => entry.tool === tool);

  return (
    <div className="site-start">
      <section className="review-section">
        <h3>{t('review.bringIn')}</h3>
        <p className="panel-note-inline">{t('review.bringInNote')}</p>
        <div className="review-actions">
          <button type="button" className="review-button is-primary" data-testid="review-pick-file" title={t('review.pickFileTitle')} onClick={() => fileInput.current?.click()}>
            {t('review.pickFile')}
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={ACCEPTED_EXTENSIONS}
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="review-file-input"
            onChange={(event) => {
              // One file, or a shapefile's parts as one import; anything else comes back as the import's refusal.
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              void chooseImport(files).then((chosen) => chosen && controller.importSource(chosen.source, chosen.fileName));
            }}
          />
          <button type="button" className="review-button" data-testid="review-paste" onClick={() => dispatch({ type: 'paste-toggled', open: true })}>
            {t('review.pasteTable')}
          </button>
        </div>
      </section>
      <section className="review-section">
        <h3>{t('review.drawSite')}</h3>
        <div className="review-actions" role="group" aria-label={t('review.drawSite')}>
          {TOOLS.map((entry) => (
            <button
              key={entry.tool}
              type="button"
              className="review-button"
              aria-pressed={tool === entry.tool}
              data-testid={`review-draw-${entry.tool}`}
              onClick={() => dispatch({ type: 'tool-selected', tool: tool === entry.tool ? null : entry.tool })}
            >
              {t(entry.label)}
            </button>
          ))}
        </div>
        {active && (
          <p className="review-drawing-hint" role="status" data-testid="review-drawing-hint">
            {t(active.hint)} {t('review.escCancels')}
          </p>
        )}
      </section>
      <GotoForm />
    </div>
  );
}
