/**
 * The siting-review state (issue 4) and its reducer: the site being reviewed (geometry,
 * where it came from, the applicant's proposal, the record fields), the latest SiteReport,
 * the saved records, the import in progress and the drawing tool. Pure: no React, no
 * MapLibre, no DOM — `review-store.tsx` wraps it for `useSyncExternalStore`, the side effects
 * (worker calls, IndexedDB) live in `review-actions.ts` and `review-runner.ts`.
 */
import type { Position } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import type { CrsCode } from '../crs/projections';
import type { SiteReport } from '../analysis/siting-review';
import type { ImportRemedies, ImportResult } from '../io/types';
import type { ReviewProposal, ReviewRecord, ReviewSite, ReviewSource } from '../records/review-records';
import type { ReviewSetImportPlan } from '../records/review-set';
import type { KeptDraftFields } from '../records/draft-store';
import type { AnalysisProgress } from '../worker/protocol';
import { createReducerStore, type ReducerStore } from './reducer-store';

export type DrawTool = 'polygon' | 'rectangle' | 'circle';
export type ReviewTab = 'site' | 'records';

/** The site under review and the record fields being edited (saved or not yet). */
export interface ReviewDraft extends KeptDraftFields {
  /** Tells one draft from the next (a result for an earlier draft is dropped). */
  session: number;
  /** Bumped on every geometry change: a report belongs to one revision. */
  siteRevision: number;
  /** Bumped on every proposal change. */
  proposalRevision: number;
  /** Bumped on every change of anything saved (geometry, proposal, fields). */
  editRevision: number;
  /** Unsaved changes. */
  dirty: boolean;
  /**
   * A decision refused because no reviewer is named (src/records/decision-reason.ts
   * `decisionNeedsReviewer`): why, shown next to the field until a name is typed.
   */
  reviewerMissing?: ReviewMessage;
}

// --- issue 11 (records-safety) ---
/** What the records-safety dialogs show (issue 11 "No silent loss"). */
export interface SafetyState {
  /** "Replace the unsaved site?" — asked before a new site, record or import replaces a dirty draft. */
  confirm: { id: number; what: Bilingual } | null;
  /** A save refused on a stale revision: ours (as it would have been saved) and theirs (as stored; null = deleted). */
  conflict: { mine: ReviewRecord; theirs: ReviewRecord | null; comparing: boolean } | null;
  /** A review-set file read and compared, waiting for the reviewer to import it or not. */
  importPlan: { fileName: string; plan: ReviewSetImportPlan } | null;
  /** navigator.storage.persisted(): true / false, null = not known (not asked yet or not supported). */
  persisted: boolean | null;
}

/** The draft fields kept by the autosave (src/records/draft-store.ts) and restored on load. */
export type RestorableDraft = KeptDraftFields;
// --- end issue 11 ---

/** A failure a person can act on: what is wrong and what to do. */
export interface ReviewMessage {
  message: Bilingual;
  hint?: Bilingual;
}

export type ReportState =
  | { status: 'none' }
  | { status: 'running'; previous: SiteReport | null }
  | { status: 'ready'; report: SiteReport; siteRevision: number; proposalRevision: number }
  | { status: 'error'; error: ReviewMessage };

/** The file (or pasted table) being imported: read → preview with CRS chooser → accepted. */
export type ImportFlow =
  | { phase: 'idle' }
  | { phase: 'reading'; fileName: string; source: Blob; progress: AnalysisProgress | null; crs?: CrsCode; axisSwapped?: boolean; repaired?: true }
  | {
      phase: 'preview';
      fileName: string;
      source: Blob;
      result: ImportResult;
      /** The feature to take as the site (index into result.features). */
      featureIndex: number;
      /** The CRS chosen by hand, or undefined while the file's own/detected CRS stands. */
      chosenCrs?: CrsCode;
      chosenAxisSwapped?: boolean;
      /** Read with repair: another CRS or axis order chosen reads it with repair again. */
      repaired?: true;
    }
  | {
      phase: 'error';
      fileName: string;
      source: Blob;
      error: ReviewMessage;
      crs?: CrsCode;
      axisSwapped?: boolean;
      repaired?: true;
      /** What the panel offers: a repair (a self-crossing ring, overlapping parts), another CRS. */
      remedies: ImportRemedies;
    };

export type RecordsState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: ReviewMessage };

export interface ReviewNotice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: ReviewMessage;
}

export interface ReviewState {
  panelOpen: boolean;
  tab: ReviewTab;
  /** The drawing tool in use, or null. */
  tool: DrawTool | null;
  /** Vertex editing of the site's boundary is on. */
  editing: boolean;
  draft: ReviewDraft | null;
  report: ReportState;
  records: ReviewRecord[];
  recordsState: RecordsState;
  importFlow: ImportFlow;
  /** A position entered by coordinates, marked on the map. */
  goto: Position | null;
  /** Whether the paste-a-table dialog is open. */
  pasteOpen: boolean;
  notice: ReviewNotice | null;
  /** A camera move asked for (fit a new site, go to a coordinate); `seq` tells repeated requests apart. */
  focus: FocusRequest | null;
  /** Issue 11: confirmation, save-conflict and review-set import dialogs; persistent storage. */
  safety: SafetyState;
}

export interface FocusRequest {
  /** [west, south, east, north] lon/lat. */
  bounds: [number, number, number, number];
  maxZoom: number;
  seq: number;
}

export function createReviewState(options: { panelOpen?: boolean } = {}): ReviewState {
  return {
    panelOpen: options.panelOpen ?? false,
    tab: 'site',
    tool: null,
    editing: false,
    draft: null,
    report: { status: 'none' },
    records: [],
    recordsState: { status: 'loading' },
    importFlow: { phase: 'idle' },
    goto: null,
    pasteOpen: false,
    notice: null,
    focus: null,
    safety: { confirm: null, conflict: null, importPlan: null, persisted: null },
  };
}

export type ReviewAction =
  | { type: 'panel-toggled'; open?: boolean }
  | { type: 'tab-selected'; tab: ReviewTab }
  | { type: 'tool-selected'; tool: DrawTool | null }
  | { type: 'editing-set'; editing: boolean }
  /** A new site (drawn, imported, typed): starts a new unsaved draft. */
  | { type: 'site-started'; site: ReviewSite; source: ReviewSource; name?: string; reviewer?: string }
  /** The boundary of the current site changed (vertex edit). */
  | { type: 'site-edited'; site: ReviewSite }
  | { type: 'proposal-changed'; proposal: ReviewProposal }
  | { type: 'fields-changed'; fields: Partial<Pick<ReviewDraft, 'name' | 'applicant' | 'caseNumber' | 'notes' | 'reviewer'>> }
  /** A decision on the draft of `session` was not recorded: no reviewer is named. Nothing typed is changed. */
  | { type: 'decision-refused'; session: number; reason: ReviewMessage }
  | { type: 'draft-closed' }
  | { type: 'record-opened'; record: ReviewRecord }
  /** A record was written to IndexedDB (after save, status change). */
  /** `editRevision`: the draft's edit revision the record was made from (absent: not from the draft). */
  | { type: 'record-saved'; record: ReviewRecord; editRevision?: number }
  | { type: 'record-deleted'; id: string }
  | { type: 'records-loaded'; records: ReviewRecord[] }
  | { type: 'records-failed'; error: ReviewMessage }
  | { type: 'review-started'; session: number }
  | { type: 'review-finished'; session: number; report: SiteReport; siteRevision: number; proposalRevision: number }
  | { type: 'review-failed'; session: number; error: ReviewMessage }
  | { type: 'import-started'; fileName: string; source: Blob; crs?: CrsCode; axisSwapped?: boolean; repair?: boolean }
  | { type: 'import-progress'; progress: AnalysisProgress }
  | { type: 'import-previewed'; result: ImportResult; crs?: CrsCode; axisSwapped?: boolean }
  /** `readAs`: the CRS and axis order the refused coordinates were read in (detected or chosen). */
  | { type: 'import-failed'; error: ReviewMessage; remedies: ImportRemedies; readAs?: { crs: CrsCode; axisSwapped: boolean } }
  | { type: 'import-feature-chosen'; featureIndex: number }
  | { type: 'import-closed' }
  | { type: 'paste-toggled'; open: boolean }
  | { type: 'goto-set'; position: Position | null }
  | { type: 'notice-shown'; notice: Omit<ReviewNotice, 'id'> }
  | { type: 'notice-dismissed' }
  | { type: 'focus-requested'; bounds: [number, number, number, number]; maxZoom?: number }
  // --- issue 11 (records-safety) ---
  | { type: 'safety-confirm'; confirm: SafetyState['confirm'] }
  | { type: 'safety-conflict'; conflict: SafetyState['conflict'] }
  | { type: 'safety-import-plan'; importPlan: SafetyState['importPlan'] }
  | { type: 'safety-persisted'; persisted: boolean | null }
  /** A draft kept by the autosave comes back after a reload: unsaved, as it was. */
  | { type: 'draft-restored'; draft: RestorableDraft };

let noticeCounter = 0;
/** Revisions and sessions only ever grow, across drafts too, so a number is never reused. */
let counter = 0;
const next = () => ++counter;

function recordToDraft(record: ReviewRecord): ReviewDraft {
  return {
    session: next(),
    recordId: record.id,
    name: record.name,
    applicant: record.applicant,
    caseNumber: record.caseNumber ?? '',
    notes: record.notes,
    reviewer: record.reviewer,
    status: record.status,
    site: record.site,
    source: record.source,
    proposal: record.proposal,
    siteRevision: next(),
    proposalRevision: next(),
    editRevision: next(),
    dirty: false,
    baseRevision: record.revision,
  };
}

function upsert(records: ReviewRecord[], record: ReviewRecord): ReviewRecord[] {
  const index = records.findIndex((candidate) => candidate.id === record.id);
  if (index < 0) return [...records, record];
  const next = [...records];
  next[index] = record;
  return next;
}

/**
 * The review store type lives beside its reducer (not in review-store.tsx) so that
 * review-actions.ts, which the React provider imports, can name it without an import cycle.
 */
export type ReviewStore = ReducerStore<ReviewState, ReviewAction>;

export function createReviewStore(initial: ReviewState): ReviewStore {
  return createReducerStore(reviewReducer, initial);
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case 'panel-toggled': {
      const open = action.open ?? !state.panelOpen;
      if (open === state.panelOpen) return state;
      // Closing the panel ends drawing and editing: their tools live in the panel.
      return open ? { ...state, panelOpen: true } : { ...state, panelOpen: false, tool: null, editing: false };
    }
    case 'tab-selected':
      return state.tab === action.tab ? state : { ...state, tab: action.tab, panelOpen: true };
    case 'tool-selected':
      return { ...state, tool: action.tool, editing: action.tool ? false : state.editing, panelOpen: true };
    case 'editing-set':
      return state.editing === action.editing || (!state.draft && action.editing) ? state : { ...state, editing: action.editing, tool: null };
    case 'site-started': {
      return {
        ...state,
        tool: null,
        panelOpen: true,
        tab: 'site',
        draft: {
          session: next(),
          recordId: null,
          name: action.name ?? '',
          applicant: '',
          caseNumber: '',
          notes: '',
          reviewer: action.reviewer ?? state.draft?.reviewer ?? '',
          status: 'pending',
          site: action.site,
          source: action.source,
          proposal: {},
          siteRevision: next(),
          proposalRevision: next(),
          editRevision: next(),
          dirty: true,
          baseRevision: 0,
        },
        report: { status: 'none' },
        importFlow: { phase: 'idle' },
        pasteOpen: false,
      };
    }
    case 'site-edited':
      if (!state.draft) return state;
      return { ...state, draft: { ...state.draft, site: action.site, siteRevision: next(), editRevision: next(), dirty: true } };
    case 'proposal-changed':
      if (!state.draft) return state;
      return { ...state, draft: { ...state.draft, proposal: action.proposal, proposalRevision: next(), editRevision: next(), dirty: true } };
    case 'fields-changed': {
      if (!state.draft) return state;
      const draft: ReviewDraft = { ...state.draft, ...action.fields, editRevision: next(), dirty: true };
      // A name typed answers the refusal; spaces alone do not.
      if (draft.reviewerMissing && draft.reviewer.trim() !== '') delete draft.reviewerMissing;
      return { ...state, draft };
    }
    case 'decision-refused':
      if (state.draft?.session !== action.session) return state;
      return { ...state, draft: { ...state.draft, reviewerMissing: action.reason } };
    case 'draft-closed':
      return { ...state, draft: null, report: { status: 'none' }, editing: false, tool: null };
    case 'record-opened':
      return {
        ...state,
        draft: recordToDraft(action.record),
        report: { status: 'none' },
        editing: false,
        tool: null,
        tab: 'site',
        panelOpen: true,
      };
    case 'record-saved': {
      const records = upsert(state.records, action.record);
      const draft = state.draft;
      // The draft becomes this record; edits made while the write was under way stay unsaved.
      const fromDraft = action.editRevision !== undefined && draft?.recordId === null;
      if (draft && (fromDraft || draft.recordId === action.record.id)) {
        const unchanged = action.editRevision === undefined ? !draft.dirty : action.editRevision === draft.editRevision;
        return {
          ...state,
          records,
          draft: {
            ...draft,
            recordId: action.record.id,
            status: action.record.status,
            dirty: !unchanged,
            baseRevision: action.record.revision,
          },
        };
      }
      return { ...state, records };
    }
    case 'record-deleted': {
      const records = state.records.filter((record) => record.id !== action.id);
      const draft = state.draft?.recordId === action.id ? null : state.draft;
      return { ...state, records, draft, report: draft ? state.report : { status: 'none' }, editing: draft ? state.editing : false };
    }
    case 'records-loaded':
      return { ...state, records: action.records, recordsState: { status: 'ready' } };
    case 'records-failed':
      return { ...state, recordsState: { status: 'error', error: action.error } };
    case 'review-started':
      if (state.draft?.session !== action.session) return state;
      return {
        ...state,
        report: { status: 'running', previous: state.report.status === 'ready' ? state.report.report : state.report.status === 'running' ? state.report.previous : null },
      };
    case 'review-finished':
      if (state.draft?.session !== action.session) return state;
      return { ...state, report: { status: 'ready', report: action.report, siteRevision: action.siteRevision, proposalRevision: action.proposalRevision } };
    case 'review-failed':
      if (state.draft?.session !== action.session) return state;
      return { ...state, report: { status: 'error', error: action.error } };
    case 'import-started':
      return {
        ...state,
        panelOpen: true,
        pasteOpen: false,
        importFlow: { phase: 'reading', fileName: action.fileName, source: action.source, progress: null, crs: action.crs, axisSwapped: action.axisSwapped, ...(action.repair ? { repaired: true } : {}) },
      };
    case 'import-progress':
      return state.importFlow.phase === 'reading' ? { ...state, importFlow: { ...state.importFlow, progress: action.progress } } : state;
    case 'import-previewed': {
      const flow = state.importFlow;
      if (flow.phase !== 'reading') return state;
      const previousIndex = 0;
      return {
        ...state,
        importFlow: {
          phase: 'preview',
          fileName: flow.fileName,
          source: flow.source,
          result: action.result,
          featureIndex: Math.min(previousIndex, Math.max(0, action.result.features.features.length - 1)),
          chosenCrs: action.crs,
          chosenAxisSwapped: action.axisSwapped,
          ...(flow.repaired ? { repaired: true } : {}),
        },
      };
    }
    case 'import-failed': {
      const flow = state.importFlow;
      if (flow.phase !== 'reading') return state;
      return {
        ...state,
        importFlow: {
          phase: 'error',
          fileName: flow.fileName,
          source: flow.source,
          error: action.error,
          // What was tried shows in the chooser and the axis box: the reader's choice, else the detection.
          crs: flow.crs ?? action.readAs?.crs,
          axisSwapped: flow.axisSwapped ?? action.readAs?.axisSwapped,
          ...(flow.repaired ? { repaired: true } : {}),
          remedies: action.remedies,
        },
      };
    }
    case 'import-feature-chosen':
      return state.importFlow.phase === 'preview' ? { ...state, importFlow: { ...state.importFlow, featureIndex: action.featureIndex } } : state;
    case 'import-closed':
      return state.importFlow.phase === 'idle' ? state : { ...state, importFlow: { phase: 'idle' } };
    case 'paste-toggled':
      return state.pasteOpen === action.open ? state : { ...state, pasteOpen: action.open, panelOpen: true };
    case 'goto-set':
      return { ...state, goto: action.position };
    case 'notice-shown':
      noticeCounter += 1;
      return { ...state, notice: { ...action.notice, id: noticeCounter } };
    case 'notice-dismissed':
      return state.notice ? { ...state, notice: null } : state;
    case 'focus-requested':
      return { ...state, focus: { bounds: action.bounds, maxZoom: action.maxZoom ?? 16, seq: (state.focus?.seq ?? 0) + 1 } };
    // --- issue 11 (records-safety) ---
    case 'safety-confirm':
      return { ...state, safety: { ...state.safety, confirm: action.confirm } };
    case 'safety-conflict':
      return { ...state, safety: { ...state.safety, conflict: action.conflict } };
    case 'safety-import-plan':
      return { ...state, safety: { ...state.safety, importPlan: action.importPlan } };
    case 'safety-persisted':
      return state.safety.persisted === action.persisted ? state : { ...state, safety: { ...state.safety, persisted: action.persisted } };
    case 'draft-restored':
      return {
        ...state,
        panelOpen: true,
        tab: 'site',
        draft: { ...action.draft, session: next(), siteRevision: next(), proposalRevision: next(), editRevision: next(), dirty: true },
        report: { status: 'none' },
      };
    // --- end issue 11 ---
  }
}

/** The report to show: the latest finished one, or the one before a run in progress. */
export function shownReport(report: ReportState): SiteReport | null {
  if (report.status === 'ready') return report.report;
  if (report.status === 'running') return report.previous;
  return null;
}

/** True when the shown report is for an older geometry or proposal than the draft's. */
export function reportIsStale(state: Pick<ReviewState, 'report' | 'draft'>): boolean {
  if (!state.draft) return false;
  if (state.report.status === 'running') return true;
  if (state.report.status !== 'ready') return false;
  return state.report.siteRevision !== state.draft.siteRevision || state.report.proposalRevision !== state.draft.proposalRevision;
}
