/**
 * The side effects of the siting review, behind one controller the panel calls: file import
 * through the analysis worker (progress, preview, CRS re-read), drawn and typed sites, the
 * review runner (re-reviews on every edit; the worker client drops stale requests), saving
 * records to IndexedDB, the review-set file, single-site export. No React and no MapLibre:
 * the store says what happened, components and map overlays derive from it.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { bbox as turfBbox } from '@turf/bbox';
import { circle as turfCircle } from '@turf/circle';
import type { Bilingual } from '../data/catalog-types';
import type { CrsCode } from '../crs/projections';
import { formatImportError, readAsOf, remediesOf, type ImportError } from '../io/types';
import type { ExportFile, ExportFormat } from '../io/export';
import { displayNameOf } from '../io/feature-name';
import { localDay } from '../io/text';
import { PASTED_TABLE_FILE, sourceFileLabel } from '../io/format-labels';
import {
  changeStatus,
  createRecord,
  deleteRecord as deleteStoredRecord,
  editRecord,
  listRecords,
  putRecord,
  importRecords,
  newRecordId,
  type ReviewRecord,
  type ReviewSite,
  type ReviewSource,
  type ReviewStatus,
} from '../records/review-records';
import { forgetDraft, keepDraft, keepDraftAtUnload, readKeptDraft } from '../records/draft-store';
import { openRecordsSync, withRecordsLock, type RecordsChange, type RecordsSync } from '../records/record-sync';
import { isDropped, type Analysis, type AnalysisError, type ReviewedReport } from '../worker/protocol';
import type { DrawTool, ReviewDraft, ReviewMessage, ReviewStore } from './review-state';
import { hashEntry, SITE_KEY, withHashEntry } from './review-url';

const REVIEWER_KEY = 'weihai-rushan-atlas.reviewer';

/** What `window.__review` exposes to browser tests and benchmarks (figures only, no control). */
export interface ReviewTestHooks {
  /** Milliseconds from submitting a review to its report arriving, one per delivered report. */
  latencies: number[];
  /** Reviews submitted / delivered / dropped as superseded. */
  submitted: number;
  delivered: number;
  superseded: number;
}

declare global {
  interface Window {
    __review?: ReviewTestHooks;
  }
}

function savedReviewer(): string {
  try {
    return window.localStorage.getItem(REVIEWER_KEY) ?? '';
  } catch {
    return '';
  }
}

function saveReviewer(name: string): void {
  try {
    window.localStorage.setItem(REVIEWER_KEY, name);
  } catch {
    // Not remembering the name is harmless.
  }
}

function importMessage(error: ImportError | AnalysisError): ReviewMessage {
  if ('file' in error) return { message: { zh: formatImportError(error, 'zh'), en: formatImportError(error, 'en') } };
  return { message: error.message, hint: error.hint };
}

export function isPolygonal(feature: Feature | undefined): feature is Feature<Polygon | MultiPolygon> {
  return feature?.geometry?.type === 'Polygon' || feature?.geometry?.type === 'MultiPolygon';
}

function boundsOf(geometry: Polygon | MultiPolygon | { type: 'Point'; coordinates: number[] }): [number, number, number, number] {
  const box = turfBbox(geometry);
  return [box[0], box[1], box[2], box[3]];
}

/** Properties that survive JSON (the record keeps them): drops undefined, functions, non-finite numbers. */
function plainProperties(properties: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!properties) return null;
  return JSON.parse(JSON.stringify(properties, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))) as Record<string, unknown>;
}

export interface ReviewControllerOptions {
  store: ReviewStore;
  /** The analysis engine; created on first use (a module worker in the app). */
  createAnalysis: () => Analysis;
  /** The app's catalog, relative to the page's base. */
  catalogUrl?: string;
  /** Loads the proposal reader (GB/T 4754 tables); a chunk of its own in the app (issue 12: first load). */
  loadProposalReader?: () => Promise<ProposalReader>;
}

const READER_FAILED: Bilingual = { zh: '审查所需的行业分类表未能载入。', en: 'The industry classification tables the review needs did not load.' };
const READER_FAILED_HINT: Bilingual = {
  zh: '请刷新页面；若仍出现，请联系管理员检查应用文件是否完整。',
  en: 'Reload the page; if it happens again, ask the administrator to check that the app’s files are complete.',
};

/** What the review runner needs of src/records/engine-proposal.ts. */
export interface ProposalReader {
  engineProposal: typeof import('../records/engine-proposal').engineProposal;
}

export class ReviewController {
  private readonly store: ReviewStore;
  private readonly createAnalysis: () => Analysis;
  private readonly catalogUrl: string;
  private engine: Analysis | null = null;
  private readonly loadProposalReader: () => Promise<ProposalReader>;
  private proposalReader: Promise<ProposalReader> | null = null;
  /** Counts reviews started; only the latest one is sent to the engine. */
  private reviewSequence = 0;
  private importAbort: AbortController | null = null;
  private lastReviewKey = '';
  /** `site=<id>` the page was opened with, until the records are read and it is opened. */
  private siteFromUrl: string | null = null;
  private readonly hooks: ReviewTestHooks = { latencies: [], submitted: 0, delivered: 0, superseded: 0 };

  constructor(options: ReviewControllerOptions) {
    this.store = options.store;
    this.createAnalysis = options.createAnalysis;
    this.catalogUrl = options.catalogUrl ?? 'data/catalog.json';
    this.loadProposalReader = options.loadProposalReader ?? (() => import('../records/engine-proposal'));
  }

  /** Starts the review runner and loads the saved records; returns the stop function. */
  start(): () => void {
    if (typeof window !== 'undefined') {
      window.__review = this.hooks;
      this.siteFromUrl = hashEntry(window.location.hash, SITE_KEY);
    }
    const unsubscribe = this.store.subscribe(() => this.onStateChange());
    // A hash rewritten elsewhere (leaving the print view, a pasted link) gets `site=` back.
    const onHashChange = () => this.syncSiteHash(this.store.getState().draft);
    if (typeof window !== 'undefined') window.addEventListener('hashchange', onHashChange);
    const stopSafety = this.startSafety();
    void this.loadRecords().then(() => this.restoreDraft());
    return () => {
      unsubscribe();
      stopSafety();
      if (typeof window !== 'undefined') window.removeEventListener('hashchange', onHashChange);
      this.importAbort?.abort();
    };
  }

  // --- issue 11 (records-safety): autosave, leave guard, other tabs, confirmations ---
  private sync: RecordsSync | null = null;
  private keepTimer: ReturnType<typeof setTimeout> | null = null;
  private keptRevision = -1;
  private restoring = true;
  private confirmResolve: ((answer: boolean) => void) | null = null;
  private confirmCounter = 0;

  /** Autosave of the draft (debounced 600 ms), the beforeunload guard, the cross-tab channel. */
  private startSafety(): () => void {
    const unsubscribe = this.store.subscribe(() => this.scheduleKeep());
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      const draft = this.store.getState().draft;
      if (!draft?.dirty) return;
      // Written within this task: a write that waits may never land once the page is gone.
      this.keepNow(true);
      // The browser shows its own "leave site?" prompt; the text is not customisable.
      event.preventDefault();
      event.returnValue = '';
    };
    if (typeof window !== 'undefined') window.addEventListener('beforeunload', onBeforeUnload);
    this.sync = openRecordsSync((change) => void this.onOtherTab(change));
    void this.refreshPersisted();
    return () => {
      unsubscribe();
      if (typeof window !== 'undefined') window.removeEventListener('beforeunload', onBeforeUnload);
      this.sync?.close();
      this.sync = null;
      if (this.keepTimer) clearTimeout(this.keepTimer);
    };
  }

  private scheduleKeep(): void {
    if (this.restoring) return;
    const draft = this.store.getState().draft;
    const revision = draft?.dirty ? draft.editRevision : 0;
    if (revision === this.keptRevision) return;
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = setTimeout(() => this.keepNow(), 600);
  }

  /** Writes the dirty draft now (or forgets the kept one when there is nothing unsaved); `leaving`: as the page goes (draft-store keepDraftAtUnload). */
  private keepNow(leaving = false): void {
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = null;
    const draft = this.store.getState().draft;
    const revision = draft?.dirty ? draft.editRevision : 0;
    // As the page goes, a write of this revision already begun may still not land: write again.
    if (revision === this.keptRevision && !(leaving && draft?.dirty)) return;
    this.keptRevision = revision;
    if (!draft?.dirty) {
      void forgetDraft();
      return;
    }
    const { recordId, name, applicant, caseNumber, notes, reviewer, status, site, source, proposal, baseRevision } = draft;
    const fields = { recordId, name, applicant, caseNumber, notes, reviewer, status, site, source, proposal, baseRevision };
    if (leaving) keepDraftAtUnload(fields);
    else void keepDraft(fields);
  }

  /** After the records are read: brings back the draft kept before a reload, with a notice. */
  private async restoreDraft(): Promise<void> {
    try {
      const kept = await readKeptDraft();
      if (kept.dropped) this.notify('error', { message: kept.dropped });
      // A record opened from the URL (`site=`) is saved as it is: the unsaved edits kept for it (or
      // for another site) take its place rather than being dropped.
      if (!kept.draft || this.store.getState().draft?.dirty) return;
      const { keptAt, ...draft } = kept.draft;
      this.store.dispatch({ type: 'draft-restored', draft });
      this.store.dispatch({ type: 'focus-requested', bounds: boundsOf(draft.site.geometry), maxZoom: 16 });
      const when = localMinute(keptAt);
      this.notify('info', {
        message: { zh: `已恢复上次未保存的选址（${when} 自动保留）。`, en: `Restored the unsaved site from last time (kept automatically at ${when}).` },
        hint: { zh: '请保存记录；关闭该选址即丢弃。', en: 'Save it as a record; closing the site discards it.' },
      });
    } finally {
      this.restoring = false;
      this.keptRevision = -1;
      this.scheduleKeep();
    }
  }

  /**
   * Asks before unsaved changes are replaced (in-app dialog, zh/en). Resolves true at once
   * when there is nothing unsaved.
   */
  confirmReplace(what: Bilingual): Promise<boolean> {
    const draft = this.store.getState().draft;
    if (!draft?.dirty) return Promise.resolve(true);
    this.confirmResolve?.(false);
    this.confirmCounter += 1;
    // The dialog lives in the review panel.
    this.store.dispatch({ type: 'panel-toggled', open: true });
    this.store.dispatch({ type: 'safety-confirm', confirm: { id: this.confirmCounter, what } });
    return new Promise((resolve) => {
      this.confirmResolve = resolve;
    });
  }

  /** The reviewer's answer to {@link confirmReplace}. */
  answerConfirm(answer: boolean): void {
    const resolve = this.confirmResolve;
    this.confirmResolve = null;
    this.store.dispatch({ type: 'safety-confirm', confirm: null });
    resolve?.(answer);
  }

  /** Another tab saved, deleted or imported: refresh the list; an open, unchanged record follows. */
  private async onOtherTab(change: RecordsChange): Promise<void> {
    const listed = await listRecords();
    if (!listed.ok) return;
    this.store.dispatch({ type: 'records-loaded', records: listed.value });
    const draft = this.store.getState().draft;
    if (!draft?.recordId) return;
    const touched = change.type === 'imported' ? change.ids.includes(draft.recordId) : change.id === draft.recordId;
    if (!touched) return;
    const fresh = listed.value.find((record) => record.id === draft.recordId);
    if (!draft.dirty && fresh) {
      this.store.dispatch({ type: 'record-opened', record: fresh });
      this.notify('info', { message: { zh: '此记录已在另一标签页中更新，已载入最新版本。', en: 'This record was updated in another tab; the latest revision is shown.' } });
    } else if (draft.dirty) {
      this.notify('info', {
        message: fresh
          ? { zh: '此记录已在另一标签页中更新；保存时将请您选择如何处理。', en: 'This record was updated in another tab; saving will ask what to do.' }
          : { zh: '此记录已在另一标签页中删除。', en: 'This record was deleted in another tab.' },
      });
    }
  }

  private async refreshPersisted(): Promise<void> {
    try {
      const persisted = await navigator.storage?.persisted?.();
      this.store.dispatch({ type: 'safety-persisted', persisted: typeof persisted === 'boolean' ? persisted : null });
    } catch {
      this.store.dispatch({ type: 'safety-persisted', persisted: null });
    }
  }

  /** navigator.storage.persist(), asked on the first save (browsers want a user gesture nearby). */
  private async askPersistent(): Promise<void> {
    if (this.store.getState().safety.persisted === true) return;
    try {
      const granted = await navigator.storage?.persist?.();
      this.store.dispatch({ type: 'safety-persisted', persisted: typeof granted === 'boolean' ? granted : null });
    } catch {
      this.store.dispatch({ type: 'safety-persisted', persisted: null });
    }
  }

  /** Writes one record under the lock and tells the other tabs; a stale revision opens the conflict dialog. */
  private async storeRecord(record: ReviewRecord, editRevision: number | undefined): Promise<ReviewRecord | null> {
    const stored = await withRecordsLock(async () => {
      const result = await putRecord(record);
      if (result.ok) this.sync?.announce({ type: 'saved', id: result.value.id, revision: result.value.revision });
      return result;
    });
    if (!stored.ok) {
      if (stored.error.code === 'STALE') {
        this.store.dispatch({ type: 'safety-conflict', conflict: { mine: record, theirs: stored.error.current ?? null, comparing: false } });
      }
      this.notify('error', { message: stored.error.message, hint: stored.error.hint });
      return null;
    }
    this.store.dispatch({ type: 'record-saved', record: stored.value, ...(editRevision !== undefined ? { editRevision } : {}) });
    // Saved: the kept draft goes at once (a reload right after must not bring back the pre-save copy).
    this.keptRevision = -1;
    this.keepNow();
    return stored.value;
  }

  /** Conflict choice: drop my edits and open the stored revision. */
  conflictLoadTheirs(): void {
    const conflict = this.store.getState().safety.conflict;
    this.store.dispatch({ type: 'safety-conflict', conflict: null });
    if (conflict?.theirs) this.openRecordNow(conflict.theirs);
    else this.store.dispatch({ type: 'draft-closed' });
  }

  /** Conflict choice: keep my edits as a new record (a copy with a new id, named as a copy). */
  async conflictKeepMineAsCopy(): Promise<ReviewRecord | null> {
    const conflict = this.store.getState().safety.conflict;
    if (!conflict) return null;
    this.store.dispatch({ type: 'safety-conflict', conflict: null });
    const now = new Date().toISOString();
    const copy: ReviewRecord = {
      ...conflict.mine,
      id: newRecordId(),
      name: `${conflict.mine.name || ''}（副本 copy）`.trim(),
      createdAt: now,
      updatedAt: now,
      revision: 0,
      history: [...conflict.mine.history, { at: now, status: conflict.mine.status, reviewer: conflict.mine.reviewer, note: '另存为副本（保存冲突） / kept as a copy (save conflict)' }],
    };
    const stored = await this.storeRecord(copy, undefined);
    if (stored) this.store.dispatch({ type: 'record-opened', record: stored });
    return stored;
  }

  conflictCompare(comparing: boolean): void {
    const conflict = this.store.getState().safety.conflict;
    if (conflict) this.store.dispatch({ type: 'safety-conflict', conflict: { ...conflict, comparing } });
  }

  conflictClose(): void {
    this.store.dispatch({ type: 'safety-conflict', conflict: null });
  }
  // --- end issue 11 ---

  /** The engine, started (and its planning layers requested) on first use. */
  analysis(): Analysis {
    if (!this.engine) {
      this.engine = this.createAnalysis();
      void this.engine.loadAtlasLayers(this.catalogUrl).then((loaded) => {
        if (!loaded.ok && !isDropped(loaded)) this.notify('error', { message: loaded.error.message, hint: loaded.error.hint });
      });
    }
    return this.engine;
  }

  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }

  /** Reviews the current site again: the reference layers or the review profile changed (issue 10). */
  rerun(): void {
    this.lastReviewKey = '';
    this.onStateChange();
  }

  // ------------------------------------------------------------------------ review runner

  private onStateChange(): void {
    const state = this.store.getState();
    const draft = state.draft;
    this.syncSiteHash(draft);
    if (!draft) {
      this.lastReviewKey = '';
      return;
    }
    // Issue 11: only pending records are other sites under review; decided ones are not.
    const others = state.records.filter((record) => record.id !== draft.recordId && record.status === 'pending');
    const key = `${draft.session}:${draft.siteRevision}:${draft.proposalRevision}:${others.map((record) => `${record.id}@${record.updatedAt}`).join(',')}`;
    if (key === this.lastReviewKey) return;
    this.lastReviewKey = key;
    void this.runReview(draft, others);
  }

  private async runReview(draft: ReviewDraft, others: ReviewRecord[]): Promise<void> {
    const started = performance.now();
    this.hooks.submitted += 1;
    this.store.dispatch({ type: 'review-started', session: draft.session });
    // Issue 11: a GB/T 4754-2017 code is read as its 2002 division (the tables' edition); the
    // tables load with the first review (issue 12: first-load chunk). Several reviews can wait
    // on that load (a polygon being drawn asks for one per vertex), and nothing promises they
    // wake in the order they started: only the latest one goes on to the engine, or an older
    // geometry could push the current one out of the engine's queue and never be followed.
    const sequence = ++this.reviewSequence;
    this.proposalReader ??= this.loadProposalReader();
    let reader: ProposalReader;
    try {
      reader = await this.proposalReader;
    } catch {
      this.proposalReader = null; // the next review tries again
      if (sequence === this.reviewSequence) this.store.dispatch({ type: 'review-failed', session: draft.session, error: { message: READER_FAILED, hint: READER_FAILED_HINT } });
      return;
    }
    if (sequence !== this.reviewSequence) {
      this.hooks.superseded += 1;
      return;
    }
    const { railClass, ...proposal } = reader.engineProposal(draft.proposal);
    const result = await this.analysis().review(draft.site, proposal, {
      ...(railClass ? { railClass } : {}),
      otherSites: others.map((record) => ({ ...record.site, properties: { ...(record.site.properties ?? {}), name: record.name || displayNameOf(record.site.properties) || record.id } })),
    });
    if (isDropped(result)) {
      this.hooks.superseded += 1;
      return;
    }
    if (!result.ok) {
      this.store.dispatch({ type: 'review-failed', session: draft.session, error: { message: result.error.message, hint: result.error.hint } });
      return;
    }
    this.hooks.delivered += 1;
    this.hooks.latencies.push(performance.now() - started);
    this.store.dispatch({
      type: 'review-finished',
      session: draft.session,
      report: result.value,
      siteRevision: draft.siteRevision,
      proposalRevision: draft.proposalRevision,
    });
  }

  private syncSiteHash(draft: ReviewDraft | null): void {
    if (typeof window === 'undefined') return;
    const wanted = draft?.recordId ?? null;
    const current = hashEntry(window.location.hash, SITE_KEY);
    if (wanted === current) return;
    // A site still to be opened from the URL must not be wiped before the records arrive.
    if (wanted === null && current !== null && current === this.siteFromUrl) return;
    const hash = withHashEntry(window.location.hash, SITE_KEY, wanted);
    window.history.replaceState(window.history.state, '', hash || window.location.pathname + window.location.search);
  }

  // ------------------------------------------------------------------------ bringing in a site

  /** Reads a file (or pasted table) in the worker and shows its preview; `crs` / `axisSwapped` override detection. */
  async importSource(source: Blob, fileName: string, options: { crs?: CrsCode; axisSwapped?: boolean; repair?: boolean } = {}): Promise<void> {
    this.importAbort?.abort();
    const abort = new AbortController();
    this.importAbort = abort;
    this.store.dispatch({ type: 'import-started', fileName, source, crs: options.crs, axisSwapped: options.axisSwapped, repair: options.repair });
    const outcome = await this.analysis().importFile(
      source,
      {
        fileName,
        ...(options.crs ? { crs: options.crs } : {}),
        ...(options.axisSwapped !== undefined ? { axisSwapped: options.axisSwapped } : {}),
        ...(options.repair ? { repair: true } : {}),
      },
      { signal: abort.signal, onProgress: (progress) => this.store.dispatch({ type: 'import-progress', progress }) },
    );
    if (abort.signal.aborted || isDropped(outcome)) return;
    this.importAbort = null;
    if (!outcome.ok) {
      const readAs = readAsOf(outcome.error);
      this.store.dispatch({ type: 'import-failed', error: importMessage(outcome.error), remedies: remediesOf(outcome.error, options.repair === true), ...(readAs ? { readAs } : {}) });
      return;
    }
    this.store.dispatch({ type: 'import-previewed', result: outcome.value, crs: options.crs, axisSwapped: options.axisSwapped });
    const first = outcome.value.features.features.findIndex((feature) => isPolygonal(feature));
    if (first > 0) this.store.dispatch({ type: 'import-feature-chosen', featureIndex: first });
    const chosen = outcome.value.features.features[Math.max(first, 0)];
    if (chosen?.geometry) this.store.dispatch({ type: 'focus-requested', bounds: boundsOf(chosen.geometry as Polygon), maxZoom: 15 });
  }

  /** Reads the file of the preview again in another CRS / axis order, or with repair (self-crossing rings split, overlapping parts merged; each a warning in the preview). */
  async reimport(crs: CrsCode | undefined, axisSwapped: boolean | undefined, repair?: boolean): Promise<void> {
    const flow = this.store.getState().importFlow;
    if (flow.phase !== 'preview' && flow.phase !== 'error') return;
    // A refused file is read again only for the remedy its refusal offers (as in the reference panel).
    if (flow.phase === 'error' && !(repair ? flow.remedies.repair : flow.remedies.crs)) return;
    // A repaired file stays repaired when another CRS is chosen for it.
    await this.importSource(flow.source, flow.fileName, { crs, axisSwapped, repair: repair ?? flow.repaired === true });
  }

  cancelImport(): void {
    this.importAbort?.abort();
    this.importAbort = null;
    this.store.dispatch({ type: 'import-closed' });
  }

  chooseImportFeature(featureIndex: number): void {
    const flow = this.store.getState().importFlow;
    if (flow.phase !== 'preview') return;
    this.store.dispatch({ type: 'import-feature-chosen', featureIndex });
    const feature = flow.result.features.features[featureIndex];
    if (feature?.geometry) this.store.dispatch({ type: 'focus-requested', bounds: boundsOf(feature.geometry as Polygon), maxZoom: 15 });
  }

  /** Takes the chosen feature of the preview as the site under review (asking first when unsaved changes would be lost). */
  async acceptImport(): Promise<boolean> {
    const flow = this.store.getState().importFlow;
    if (flow.phase !== 'preview') return false;
    const feature = flow.result.features.features[flow.featureIndex];
    if (!isPolygonal(feature)) return false;
    if (!(await this.confirmReplace({ zh: `导入的选址“${sourceFileLabel(flow.fileName, 'zh')}”`, en: `the imported site "${sourceFileLabel(flow.fileName, 'en')}"` }))) return false;
    if (this.store.getState().importFlow !== flow) return false;
    const site: ReviewSite = { type: 'Feature', properties: plainProperties(feature.properties), geometry: feature.geometry };
    const source: ReviewSource = {
      fileName: flow.fileName,
      format: flow.result.format,
      crs: flow.result.crs.crs,
      crsDetected: flow.result.crs.detected,
      axisSwapped: flow.result.crs.axisSwapped,
    };
    this.store.dispatch({ type: 'site-started', site, source, name: displayNameOf(feature.properties), reviewer: savedReviewer() });
    this.store.dispatch({ type: 'focus-requested', bounds: boundsOf(site.geometry), maxZoom: 16 });
    return true;
  }

  /** A pasted boundary-point table goes through the CSV importer like a file. */
  async importPastedTable(text: string): Promise<void> {
    const blob = new Blob([text], { type: 'text/csv' });
    await this.importSource(blob, PASTED_TABLE_FILE);
  }

  /** A polygon finished with a drawing tool (lon/lat, CGCS2000 as the map shows it). */
  async siteDrawn(geometry: Polygon, tool: DrawTool): Promise<void> {
    if (!(await this.confirmReplace({ zh: '新绘制的选址', en: 'the newly drawn site' }))) return;
    const site: ReviewSite = { type: 'Feature', properties: { drawn_with: tool }, geometry };
    this.store.dispatch({ type: 'site-started', site, source: { crs: 'EPSG:4490', crsDetected: false, axisSwapped: false }, reviewer: savedReviewer() });
    this.store.dispatch({ type: 'editing-set', editing: true });
  }

  /** Marks a typed position on the map and moves there; with a radius, takes a circle around it as the site. */
  async gotoPosition(lonLat: [number, number], options: { radiusMetres?: number; crs: CrsCode; axisSwapped: boolean }): Promise<void> {
    this.store.dispatch({ type: 'goto-set', position: lonLat });
    if (options.radiusMetres && options.radiusMetres > 0) {
      if (!(await this.confirmReplace({ zh: '按坐标生成的圆形选址', en: 'the circular site from the coordinates' }))) return;
      // 64 steps: the polygon's area is within 0.2 % of the circle's (1 − sin(2π/64)·64/2π).
      const circle = turfCircle(lonLat, options.radiusMetres / 1000, { steps: 64, units: 'kilometers' });
      const site: ReviewSite = { type: 'Feature', properties: { radius_m: options.radiusMetres }, geometry: circle.geometry };
      this.store.dispatch({
        type: 'site-started',
        site,
        source: { crs: options.crs, crsDetected: false, axisSwapped: options.axisSwapped },
        reviewer: savedReviewer(),
      });
      this.store.dispatch({ type: 'focus-requested', bounds: boundsOf(site.geometry), maxZoom: 16 });
      return;
    }
    const [lon, lat] = lonLat;
    this.store.dispatch({ type: 'focus-requested', bounds: [lon, lat, lon, lat], maxZoom: 15 });
  }

  /** Vertex edit from the drawing layer. */
  siteEdited(geometry: Polygon): void {
    const draft = this.store.getState().draft;
    if (!draft) return;
    this.store.dispatch({ type: 'site-edited', site: { ...draft.site, geometry } });
  }

  // ------------------------------------------------------------------------ records

  async loadRecords(): Promise<void> {
    const listed = await listRecords();
    if (!listed.ok) {
      this.store.dispatch({ type: 'records-failed', error: { message: listed.error.message, hint: listed.error.hint } });
      return;
    }
    const wanted = this.siteFromUrl;
    this.siteFromUrl = null;
    const record = wanted && !this.store.getState().draft ? listed.value.find((candidate) => candidate.id === wanted) : undefined;
    this.store.dispatch({ type: 'records-loaded', records: listed.value });
    if (record) this.openRecordNow(record);
    else this.syncSiteHash(this.store.getState().draft);
  }

  /** Opens a saved record as the draft, asking first when unsaved changes would be lost. */
  async openRecord(record: ReviewRecord): Promise<void> {
    const draft = this.store.getState().draft;
    if (draft?.recordId === record.id && !draft.dirty) return this.openRecordNow(record);
    if (!(await this.confirmReplace({ zh: `记录“${record.name || record.id}”`, en: `the record "${record.name || record.id}"` }))) return;
    this.openRecordNow(record);
  }

  private openRecordNow(record: ReviewRecord): void {
    this.store.dispatch({ type: 'record-opened', record });
    this.store.dispatch({ type: 'focus-requested', bounds: boundsOf(record.site.geometry), maxZoom: 16 });
  }

  /** The record the draft would be saved as (validated), or the reason it cannot be. */
  private recordFromDraft(): { ok: true; record: ReviewRecord; editRevision: number; report: ReviewedReport | null } | { ok: false; error: ReviewMessage } {
    const state = this.store.getState();
    const draft = state.draft;
    if (!draft) return { ok: false, error: { message: { zh: '没有正在审查的选址。', en: 'There is no site under review.' } } };
    const report = state.report.status === 'ready' && state.report.siteRevision === draft.siteRevision && state.report.proposalRevision === draft.proposalRevision ? state.report.report : null;
    const now = new Date();
    const lastVerdict = report ? { verdict: report.verdict, at: now.toISOString() } : undefined;
    const existing = draft.recordId ? state.records.find((record) => record.id === draft.recordId) : undefined;
    // Issue 10: the record keeps the review profile (name, hash, layer versions) its verdict used.
    const reviewProfile = (report as ReviewedReport | null)?.profile;
    const fields = { name: draft.name, applicant: draft.applicant, caseNumber: draft.caseNumber, notes: draft.notes, reviewer: draft.reviewer, site: draft.site, proposal: draft.proposal, ...(reviewProfile ? { reviewProfile } : {}) };
    // Issue 11: the save is checked against the revision the draft was opened at, not the latest one listed.
    const made = existing
      ? editRecord({ ...existing, revision: draft.baseRevision }, { ...fields, ...(lastVerdict ? { lastVerdict } : {}) }, now)
      : createRecord({ source: draft.source, ...fields }, now);
    if (!made.ok) return { ok: false, error: { message: made.error.message, hint: { zh: '记录未保存，请修改该项后重试。', en: 'Nothing was saved; correct this and try again.' } } };
    const record = !existing && lastVerdict ? { ...made.value, lastVerdict } : made.value;
    return { ok: true, record, editRevision: draft.editRevision, report };
  }

  /** Saves the draft as a record (new or updated). Resolves with the stored record, or null after showing why not. */
  async save(): Promise<ReviewRecord | null> {
    const made = this.recordFromDraft();
    if (!made.ok) {
      this.notify('error', made.error);
      return null;
    }
    saveReviewer(made.record.reviewer);
    void this.askPersistent();
    return this.storeRecord(made.record, made.editRevision);
  }

  /**
   * Records a decision: saves the draft, then appends the status change (with the notes) to the
   * history. Refused, with nothing saved and nothing typed lost, when no reviewer is named (the
   * reason is shown next to the field) or when a decision against the verdict gives no reason.
   */
  async setStatus(status: ReviewStatus): Promise<ReviewRecord | null> {
    const session = this.store.getState().draft?.session;
    const made = this.recordFromDraft();
    if (!made.ok) {
      this.notify('error', made.error);
      return null;
    }
    const { decisionNeedsReason, decisionNeedsReviewer } = await import('../records/decision-reason');
    const unsigned = decisionNeedsReviewer(made.record.reviewer);
    if (unsigned) {
      if (session !== undefined) this.store.dispatch({ type: 'decision-refused', session, reason: unsigned });
      return null;
    }
    // Issue 11: a decision keeps the report it was made on; without a current report there is nothing to keep.
    let decision: Parameters<typeof changeStatus>[2]['decision'];
    if (status !== 'pending') {
      if (!made.report) {
        this.notify('error', {
          message: { zh: '审查尚未完成（或结果已过时），无法记录决定。', en: 'The review has not finished (or is out of date), so the decision cannot be recorded.' },
          hint: { zh: '请等待审查结果出现后再作决定。', en: 'Wait for the review result to appear, then decide.' },
        });
        return null;
      }
      const unexplained = decisionNeedsReason(status, made.report.verdict, made.record.notes);
      if (unexplained) {
        this.notify('error', unexplained);
        return null;
      }
      const report = JSON.parse(JSON.stringify(made.report)) as Record<string, unknown>;
      // Loaded on first use like the reason rule: the rule tables it hashes stay out of the first load.
      const { engineStamp } = await import('../records/decision-snapshot');
      decision = { verdict: made.report.verdict, report, engine: await engineStamp(), ...(made.report.profile ? { reviewProfile: made.report.profile } : {}) };
    }
    // The name as it is signed: without the spaces typed around it.
    const changed = changeStatus(made.record, status, { reviewer: made.record.reviewer.trim(), note: made.record.notes, ...(decision ? { decision } : {}) });
    saveReviewer(changed.reviewer);
    void this.askPersistent();
    return this.storeRecord(changed, made.editRevision);
  }

  async deleteRecord(id: string): Promise<void> {
    const deleted = await withRecordsLock(() => deleteStoredRecord(id));
    if (!deleted.ok) {
      this.notify('error', { message: deleted.error.message, hint: deleted.error.hint });
      return;
    }
    this.sync?.announce({ type: 'deleted', id });
    this.store.dispatch({ type: 'record-deleted', id });
  }

  /** The whole review set as the text of one GeoJSON file (read fresh from IndexedDB). */
  async reviewSetText(): Promise<string | null> {
    const listed = await listRecords();
    if (!listed.ok) {
      this.notify('error', { message: listed.error.message, hint: listed.error.hint });
      return null;
    }
    // The review-set format loads with its first use (issue 12: first-load JavaScript).
    const { serializeReviewSet } = await import('../records/review-set');
    return serializeReviewSet(listed.value);
  }

  /**
   * Issue 11: reads a review-set file and compares it with the stored records; the preview
   * dialog shows what it adds, updates, conflicts with and leaves (older). Nothing is written
   * until {@link confirmReviewSetImport}.
   */
  async importReviewSet(file: Blob, fileName = file instanceof File ? file.name : 'review-set.geojson'): Promise<boolean> {
    const { parseReviewSet, planReviewSetImport } = await import('../records/review-set');
    const parsed = parseReviewSet(await file.text());
    if (!parsed.ok) {
      this.notify('error', { message: parsed.error.message, hint: parsed.error.hint });
      return false;
    }
    const listed = await listRecords();
    if (!listed.ok) {
      this.notify('error', { message: listed.error.message, hint: listed.error.hint });
      return false;
    }
    this.store.dispatch({ type: 'safety-import-plan', importPlan: { fileName, plan: planReviewSetImport(listed.value, parsed.value) } });
    return true;
  }

  /** Writes what the previewed import adds and updates, in one transaction; never a newer record. */
  async confirmReviewSetImport(): Promise<number | null> {
    const pending = this.store.getState().safety.importPlan;
    if (!pending) return null;
    this.store.dispatch({ type: 'safety-import-plan', importPlan: null });
    const { plan } = pending;
    const stored = await withRecordsLock(async () => {
      const result = await importRecords(plan.writes, plan.expected);
      if (result.ok && result.value.length > 0) this.sync?.announce({ type: 'imported', ids: result.value.map((record) => record.id) });
      return result;
    });
    if (!stored.ok) {
      const hint = stored.error.code === 'STALE' ? { zh: '记录在预览后又被修改，未导入任何记录；请重新导入以更新预览。', en: 'Records changed after the preview; nothing was imported. Import again to refresh the preview.' } : stored.error.hint;
      this.notify('error', { message: stored.error.message, hint });
      return null;
    }
    await this.loadRecords();
    const added = plan.counts.add;
    const updated = plan.counts.update;
    const kept = plan.counts.conflict + plan.counts.older;
    this.notify('info', {
      message: {
        zh: `已导入：新增 ${added} 条，更新 ${updated} 条；保留本机较新或有冲突的 ${kept} 条。`,
        en: `Imported: ${added} added, ${updated} updated; ${kept} kept as they are here (newer or in conflict).`,
      },
    });
    return stored.value.length;
  }

  cancelReviewSetImport(): void {
    this.store.dispatch({ type: 'safety-import-plan', importPlan: null });
  }

  /** The current site as a file in `format` and `crs`, or null after showing why not. */
  async exportSite(format: ExportFormat, crs: CrsCode): Promise<{ file: ExportFile; name: string } | null> {
    const draft = this.store.getState().draft;
    if (!draft) return null;
    const name = draft.name.trim() || displayNameOf(draft.site.properties) || 'site';
    const properties = { ...(draft.site.properties ?? {}) };
    if (!displayNameOf(properties)) properties.name = name;
    const features: FeatureCollection = { type: 'FeatureCollection', features: [{ ...draft.site, properties }] };
    const exported = await this.analysis().exportSite(features, format, crs);
    if (!exported.ok) {
      if (!isDropped(exported)) this.notify('error', { message: exported.error.message, hint: exported.error.hint });
      return null;
    }
    return { file: exported.value, name };
  }

  notify(kind: 'info' | 'warning' | 'error', text: ReviewMessage): void {
    this.store.dispatch({ type: 'notice-shown', notice: { kind, text } });
  }
}

export type { Bilingual };

/** An ISO time as the reviewer's clock reads it, to the minute ("2026-12-02 15:56"; the kept text if it is not a time). */
function localMinute(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${localDay(at)} ${two(at.getHours())}:${two(at.getMinutes())}`;
}
