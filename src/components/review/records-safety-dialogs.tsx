/**
 * The records-safety dialogs (issue 11 "No silent loss"): "replace the unsaved site?", the
 * save conflict (their revision vs. mine: load theirs / keep mine as a copy / compare), and
 * the review-set import preview (adds, updates, conflicts, older — each with its name and
 * dates). Native <dialog> opened modally: focus stays inside, Esc cancels, every choice is
 * a button reachable by Tab. Text is zh/en from the Bilingual pairs below; file values are
 * shown as text, never as HTML.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { Bilingual } from '../../data/catalog-types';
import { pick } from '../../i18n';
import { RECORD_FIELD_LABELS, REVIEW_STATUS_LABELS, type ReviewRecord } from '../../records/review-records';
import type { ReviewSetChange } from '../../records/review-set';
import { useTranslation } from '../../state/use-translation';
import { useReview, useReviewController } from '../../state/review-store';
import { formatTimestamp } from './record-form';
import { proposalFieldTexts } from './proposal-text';

const TEXT = {
  confirmTitle: { zh: '替换未保存的选址？', en: 'Replace the unsaved site?' },
  confirmBody: { zh: '当前选址有未保存的修改。打开{what}将替换它，这些修改会丢失。', en: 'The current site has unsaved changes. Opening {what} replaces it and those changes are lost.' },
  confirmYes: { zh: '替换（放弃修改）', en: 'Replace (discard changes)' },
  confirmBodyNew: { zh: '当前选址尚未保存。打开{what}将替换它，它会丢失。', en: 'The current site has not been saved. Opening {what} replaces it, and it is lost.' },
  confirmYesNew: { zh: '替换（放弃此选址）', en: 'Replace (discard this site)' },
  confirmNo: { zh: '取消，保留当前选址', en: 'Cancel, keep the current site' },
  conflictTitle: { zh: '保存冲突：记录已在别处更新', en: 'Save conflict: the record was updated elsewhere' },
  conflictDeleted: { zh: '此记录已在别处删除。', en: 'This record was deleted elsewhere.' },
  loadTheirs: { zh: '载入对方版本（放弃我的修改）', en: 'Load their version (discard mine)' },
  keepCopy: { zh: '将我的修改另存为副本', en: 'Keep mine as a copy' },
  compare: { zh: '比较两者', en: 'Compare' },
  hideCompare: { zh: '隐藏比较', en: 'Hide comparison' },
  close: { zh: '关闭（暂不处理）', en: 'Close (decide later)' },
  field: { zh: '字段', en: 'Field' },
  vertices: { zh: '{count} 个顶点', en: '{count} vertices' },
  mine: { zh: '我的（未保存）', en: 'Mine (unsaved)' },
  theirs: { zh: '对方（已保存）', en: 'Theirs (saved)' },
  importTitle: { zh: '导入审查集：预览', en: 'Import review set: preview' },
  importBody: {
    zh: '导入只新增本机没有的记录、更新文件中较新的记录；本机较新或双方都修改过的记录保持不变。导入要么全部完成，要么不做任何改动。',
    en: 'The import only adds records not here and updates those newer in the file; records newer here, or changed on both sides, stay as they are. It is all or nothing.',
  },
  importDo: { zh: '导入（新增 {add} 条，更新 {update} 条）', en: 'Import ({add} added, {update} updated)' },
  importNothing: { zh: '没有可导入的内容', en: 'Nothing to import' },
  cancel: { zh: '取消', en: 'Cancel' },
  inFile: { zh: '文件中', en: 'In the file' },
  here: { zh: '本机', en: 'Here' },
  name: { zh: '项目名称', en: 'Name' },
  change: { zh: '结果', en: 'Outcome' },
  revision: { zh: '第 {revision} 版', en: 'rev. {revision}' },
  unnamed: { zh: '（未命名）', en: '(unnamed)' },
} satisfies Record<string, Bilingual>;

const CHANGE_LABELS: Record<ReviewSetChange, Bilingual> = {
  add: { zh: '新增', en: 'Added' },
  update: { zh: '更新（文件较新）', en: 'Updated (newer in the file)' },
  conflict: { zh: '冲突（双方都修改过）——保留本机', en: 'Conflict (changed on both sides) — kept here' },
  older: { zh: '文件较旧——保留本机较新版本', en: 'Older in the file — the newer one here is kept' },
  same: { zh: '相同，无需改动', en: 'Same, nothing to do' },
};

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** A modal <dialog> that opens when mounted and reports Esc as `onCancel`. */
function ModalDialog({ testId, labelId, onCancel, children }: { testId: string; labelId: string; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      // jsdom and old browsers lack showModal: fall back to a non-modal open dialog.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="records-safety-dialog"
      style={{ maxWidth: 'min(44rem, 92vw)' }}
      data-testid={testId}
      aria-labelledby={labelId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {children}
    </dialog>
  );
}

export function RecordsSafetyDialogs() {
  const confirm = useReview((state) => state.safety.confirm);
  const conflict = useReview((state) => state.safety.conflict);
  const importPlan = useReview((state) => state.safety.importPlan);
  return (
    <>
      {confirm && <ConfirmReplaceDialog key={confirm.id} what={confirm.what} />}
      {conflict && <ConflictDialog />}
      {importPlan && <ImportPlanDialog />}
    </>
  );
}

function ConfirmReplaceDialog({ what }: { what: Bilingual }) {
  const controller = useReviewController();
  const { lang } = useTranslation();
  // A site never saved has no "changes" to lose: it is lost itself.
  const neverSaved = useReview((state) => state.draft?.recordId === null);
  return (
    <ModalDialog testId="records-confirm-replace" labelId="records-confirm-title" onCancel={() => controller.answerConfirm(false)}>
      <h2 id="records-confirm-title">{pick(TEXT.confirmTitle, lang)}</h2>
      <p data-testid="records-confirm-body">{fill(pick(neverSaved ? TEXT.confirmBodyNew : TEXT.confirmBody, lang), { what: pick(what, lang) })}</p>
      <div className="review-actions">
        {/* The safe choice first and focused: Enter keeps the work. */}
        <button type="button" className="review-button is-primary" autoFocus data-testid="records-confirm-cancel" onClick={() => controller.answerConfirm(false)}>
          {pick(TEXT.confirmNo, lang)}
        </button>
        <button type="button" className="review-button is-danger" data-testid="records-confirm-replace-yes" onClick={() => controller.answerConfirm(true)}>
          {pick(neverSaved ? TEXT.confirmYesNew : TEXT.confirmYes, lang)}
        </button>
      </div>
    </ModalDialog>
  );
}

function vertexCount(record: ReviewRecord): number {
  const geometry = record.site.geometry;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((sum, polygon) => sum + polygon.reduce((inner, ring) => inner + ring.length, 0), 0);
}

function ConflictDialog() {
  const conflict = useReview((state) => state.safety.conflict);
  const controller = useReviewController();
  const { lang } = useTranslation();
  if (!conflict) return null;
  const { mine, theirs } = conflict;
  const vertices = (record: ReviewRecord) => fill(pick(TEXT.vertices, lang), { count: vertexCount(record) });
  const label = (field: string) => pick(RECORD_FIELD_LABELS[field] ?? { zh: field, en: field }, lang);
  const rows: [string, string, string, string][] = theirs
    ? ([
        ['revision', String(mine.revision), String(theirs.revision)],
        ['updatedAt', formatTimestamp(mine.updatedAt, lang), formatTimestamp(theirs.updatedAt, lang)],
        ['name', mine.name, theirs.name],
        ['applicant', mine.applicant, theirs.applicant],
        ['caseNumber', mine.caseNumber ?? '', theirs.caseNumber ?? ''],
        ['reviewer', mine.reviewer, theirs.reviewer],
        ['status', pick(REVIEW_STATUS_LABELS[mine.status], lang), pick(REVIEW_STATUS_LABELS[theirs.status], lang)],
        ['notes', mine.notes, theirs.notes],
      ] as const)
        .map(([field, ours, other]): [string, string, string, string] => [field, label(field), ours, other])
        .concat(
          // The proposal field by field, as the form shows it (not its JSON).
          proposalFieldTexts([mine.proposal, theirs.proposal], lang).map(({ field, label: name, texts }): [string, string, string, string] => [`proposal.${field}`, name, texts[0] ?? '', texts[1] ?? '']),
          [['site', label('site'), vertices(mine), vertices(theirs)]],
        )
    : [];
  return (
    <ModalDialog testId="records-conflict" labelId="records-conflict-title" onCancel={() => controller.conflictClose()}>
      <h2 id="records-conflict-title">{pick(TEXT.conflictTitle, lang)}</h2>
      {theirs ? (
        <p data-testid="records-conflict-theirs">
          {theirs.name || pick(TEXT.unnamed, lang)} · {fill(pick(TEXT.revision, lang), { revision: theirs.revision })} · {formatTimestamp(theirs.updatedAt, lang)} · {theirs.reviewer}
        </p>
      ) : (
        <p>{pick(TEXT.conflictDeleted, lang)}</p>
      )}
      {conflict.comparing && theirs && (
        <table className="records-compare" data-testid="records-conflict-compare">
          <thead>
            <tr>
              <th scope="col">{pick(TEXT.field, lang)}</th>
              <th scope="col">{pick(TEXT.mine, lang)}</th>
              <th scope="col">{pick(TEXT.theirs, lang)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([field, name, ours, other]) => (
              <tr key={field} className={ours === other ? '' : 'is-different'} data-field={field}>
                <th scope="row">{name}</th>
                <td>{ours}</td>
                <td>{other}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="review-actions">
        {theirs && (
          <button type="button" className="review-button" autoFocus data-testid="records-conflict-compare-toggle" onClick={() => controller.conflictCompare(!conflict.comparing)}>
            {pick(conflict.comparing ? TEXT.hideCompare : TEXT.compare, lang)}
          </button>
        )}
        <button type="button" className="review-button is-primary" data-testid="records-conflict-keep-copy" onClick={() => void controller.conflictKeepMineAsCopy()}>
          {pick(TEXT.keepCopy, lang)}
        </button>
        <button type="button" className="review-button" data-testid="records-conflict-load-theirs" onClick={() => controller.conflictLoadTheirs()}>
          {pick(TEXT.loadTheirs, lang)}
        </button>
        <button type="button" className="review-button" data-testid="records-conflict-close" onClick={() => controller.conflictClose()}>
          {pick(TEXT.close, lang)}
        </button>
      </div>
    </ModalDialog>
  );
}

function ImportPlanDialog() {
  const pending = useReview((state) => state.safety.importPlan);
  const controller = useReviewController();
  const { lang } = useTranslation();
  if (!pending) return null;
  const { plan } = pending;
  const writes = plan.counts.add + plan.counts.update;
  return (
    <ModalDialog testId="records-import-preview" labelId="records-import-title" onCancel={() => controller.cancelReviewSetImport()}>
      <h2 id="records-import-title">
        {pick(TEXT.importTitle, lang)} — {pending.fileName}
      </h2>
      <p>{pick(TEXT.importBody, lang)}</p>
      <table className="records-compare">
        <thead>
          <tr>
            <th scope="col">{pick(TEXT.name, lang)}</th>
            <th scope="col">{pick(TEXT.change, lang)}</th>
            <th scope="col">{pick(TEXT.inFile, lang)}</th>
            <th scope="col">{pick(TEXT.here, lang)}</th>
          </tr>
        </thead>
        <tbody>
          {plan.items.map((item) => (
            <tr key={item.incoming.id} data-testid="records-import-item" data-change={item.change} data-record-id={item.incoming.id}>
              <th scope="row">{item.incoming.name || pick(TEXT.unnamed, lang)}</th>
              <td>{pick(CHANGE_LABELS[item.change], lang)}</td>
              <td>
                {fill(pick(TEXT.revision, lang), { revision: item.incoming.revision })} · {formatTimestamp(item.incoming.updatedAt, lang)}
              </td>
              <td>{item.current ? `${fill(pick(TEXT.revision, lang), { revision: item.current.revision })} · ${formatTimestamp(item.current.updatedAt, lang)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="review-actions">
        <button type="button" className="review-button is-primary" disabled={writes === 0} data-testid="records-import-confirm" onClick={() => void controller.confirmReviewSetImport()}>
          {writes === 0 ? pick(TEXT.importNothing, lang) : fill(pick(TEXT.importDo, lang), { add: plan.counts.add, update: plan.counts.update })}
        </button>
        <button type="button" className="review-button" autoFocus data-testid="records-import-cancel" onClick={() => controller.cancelReviewSetImport()}>
          {pick(TEXT.cancel, lang)}
        </button>
      </div>
    </ModalDialog>
  );
}
