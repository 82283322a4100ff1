/**
 * Paste a boundary-point table (界址点坐标表) copied from a spreadsheet or a document: it goes
 * through the same CSV importer as a file, so the CRS is detected and shown for checking.
 * Esc closes it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../state/use-translation';
import { useReviewController, useReviewDispatch } from '../../state/review-store';

const EXAMPLE = '点号,X,Y\nJ1,4086950.252,41370768.800\nJ2,4086283.660,41370803.247\nJ3,4086218.036,41371470.938';

export function PasteTable() {
  const { t } = useTranslation();
  const dispatch = useReviewDispatch();
  const controller = useReviewController();
  const id = useId();
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const close = () => dispatch({ type: 'paste-toggled', open: false });

  useEffect(() => {
    area.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') dispatch({ type: 'paste-toggled', open: false });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [dispatch]);

  return (
    <form
      className="review-section paste-table"
      data-testid="review-paste-form"
      onSubmit={(event) => {
        event.preventDefault();
        // Spreadsheets copy tab-separated rows; the CSV importer reads commas, tabs and spaces alike.
        if (text.trim()) void controller.importPastedTable(text);
      }}
    >
      <h3>{t('review.pasteTable')}</h3>
      <label htmlFor={`${id}-text`}>{t('review.pasteLabel')}</label>
      <textarea
        ref={area}
        id={`${id}-text`}
        rows={9}
        value={text}
        placeholder={EXAMPLE}
        spellCheck={false}
        data-testid="review-paste-text"
        onChange={(event) => setText(event.target.value)}
      />
      <p className="panel-note-inline">{t('review.pasteNote')}</p>
      <div className="review-actions">
        <button type="submit" className="review-button is-primary" disabled={!text.trim()} data-testid="review-paste-submit">
          {t('review.pasteRead')}
        </button>
        <button type="button" className="review-button" onClick={close}>
          {t('review.cancel')}
        </button>
      </div>
    </form>
  );
}
