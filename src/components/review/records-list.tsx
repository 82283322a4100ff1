/**
 * The sites under review, as saved in this browser (IndexedDB): open, delete, and the whole
 * review set out to one GeoJSON file and back in — previewed first, merged by revision
 * (a newer record is never replaced), all or nothing (issue 11). Also shows whether the
 * browser keeps this storage persistently (navigator.storage.persist()).
 */
import { useRef } from 'react';
import { REVIEW_SET_FILE_SUFFIX, REVIEW_SET_MIME } from '../../records/review-set';
import { pick } from '../../i18n';
import { useTranslation } from '../../state/use-translation';
import { localDay } from '../../io/text';
import { useReview, useReviewController } from '../../state/review-store';
import { downloadFile } from './download';
import { formatTimestamp, StatusBadge } from './record-form';
import { VERDICT_KEYS } from './review-report';

export function RecordsList() {
  const { t, lang } = useTranslation();
  const records = useReview((state) => state.records);
  const recordsState = useReview((state) => state.recordsState);
  const openId = useReview((state) => state.draft?.recordId ?? null);
  const controller = useReviewController();
  const fileInput = useRef<HTMLInputElement>(null);
  const ordered = [...records].sort((first, second) => (first.updatedAt < second.updatedAt ? 1 : first.updatedAt > second.updatedAt ? -1 : 0));

  return (
    <div className="records-list" data-testid="review-records">
      <section className="review-section">
        <div className="review-actions">
          <button
            type="button"
            className="review-button"
            data-testid="review-set-export"
            disabled={records.length === 0}
            onClick={async () => {
              const text = await controller.reviewSetText();
              if (text !== null) downloadFile(`weihai-rushan-${localDay()}${REVIEW_SET_FILE_SUFFIX}`, REVIEW_SET_MIME, text);
            }}
          >
            {t('review.exportSet')}
          </button>
          <button type="button" className="review-button" data-testid="review-set-import" onClick={() => fileInput.current?.click()}>
            {t('review.importSet')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".geojson,.json"
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="review-set-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void controller.importReviewSet(file, file.name);
            }}
          />
        </div>
        <p className="panel-note-inline">{t('review.setNote')}</p>
        <PersistentStorageState />
      </section>
      {recordsState.status === 'loading' && <p className="panel-note">{t('review.recordsLoading')}</p>}
      {recordsState.status === 'error' && (
        <p className="form-error" role="alert">
          {pick(recordsState.error.message, lang)} {recordsState.error.hint ? pick(recordsState.error.hint, lang) : ''}
        </p>
      )}
      {recordsState.status === 'ready' && records.length === 0 && <p className="panel-note">{t('review.recordsEmpty')}</p>}
      <ul className="record-rows">
        {ordered.map((record) => (
          <li key={record.id} className={`record-row ${record.id === openId ? 'is-open' : ''}`} data-testid="review-record-row" data-record-id={record.id}>
            <div className="record-row-main">
              <strong className="record-name">{record.name || t('review.unnamedSite')}</strong>
              <StatusBadge status={record.status} />
            </div>
            <div className="record-row-meta">
              {record.caseNumber && <span data-testid="review-record-case-number">{record.caseNumber}</span>}
              {record.applicant && <span>{record.applicant}</span>}
              <span>{formatTimestamp(record.updatedAt, lang)}</span>
              {record.lastVerdict && <span>{t(VERDICT_KEYS[record.lastVerdict.verdict])}</span>}
            </div>
            <div className="review-actions">
              <button type="button" className="review-button is-small" data-testid="review-record-open" onClick={() => controller.openRecord(record)}>
                {t('review.open')}
              </button>
              <button
                type="button"
                className="review-button is-small is-danger"
                data-testid="review-record-delete"
                onClick={() => {
                  if (window.confirm(t('review.deleteConfirm', { name: record.name || t('review.unnamedSite') }))) void controller.deleteRecord(record.id);
                }}
              >
                {t('review.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

const PERSISTED_TEXT = {
  yes: {
    zh: '持久存储：已启用——浏览器不会因空间不足自动清除本机审查记录（清除浏览数据仍会删除它们，请定期导出审查集）。',
    en: 'Persistent storage: on — the browser will not evict these review records when space runs short (clearing browsing data still removes them; export the review set regularly).',
  },
  no: {
    zh: '持久存储：未启用——空间不足时浏览器可能清除本机审查记录；首次保存时会申请，浏览器可能拒绝。请定期导出审查集备份。',
    en: 'Persistent storage: off — the browser may evict these review records when space runs short; it is requested on the first save and the browser may refuse. Export the review set as a backup regularly.',
  },
  unknown: {
    zh: '持久存储：未知——此浏览器不提供存储状态。请定期导出审查集备份。',
    en: 'Persistent storage: unknown — this browser does not report it. Export the review set as a backup regularly.',
  },
};

/** 持久存储 已启用 / 未启用 and what it means (issue 11). */
function PersistentStorageState() {
  const persisted = useReview((state) => state.safety.persisted);
  const { lang } = useTranslation();
  const key = persisted === true ? 'yes' : persisted === false ? 'no' : 'unknown';
  return (
    <p className="panel-note-inline" data-testid="records-persisted" data-persisted={String(persisted)}>
      {pick(PERSISTED_TEXT[key], lang)}
    </p>
  );
}
