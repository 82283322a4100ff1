/**
 * The contract between the page and the analysis worker (issue 4): the operations, their
 * inputs and results, the progress events and the messages on the wire. Types only, plus
 * the bilingual texts both sides share — no engine code, so the page's bundle pays nothing
 * for importing it.
 *
 * Every operation resolves to a value, never rejects: `{ ok: true, value }` or
 * `{ ok: false, error }`, where every error carries `message` and `hint` in zh and en
 * (CONVENTIONS.md "Failures are values"). The same {@link Analysis} interface is
 * implemented three times: by the engine itself (`createInProcessAnalysis`, used in the
 * worker, by Node tests and as a fallback), and by the page-side `AnalysisClient`, which
 * forwards calls to the worker over postMessage.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import type { CrsCode } from '../crs/projections';
import type { ImportError, ImportOptions, ImportResult, Result } from '../io/types';
import type { ExportError, ExportFile, ExportFormat } from '../io/export';
import type { Proposal, ReviewOptions, SiteReport } from '../analysis/siting-review';
import type { AreaMeasurement, LengthMeasurement, MeasureOptions } from '../analysis/measure';

export type { Result };

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/**
 * Failures that are not the engine's own (import and export errors keep their own codes):
 * - `SUPERSEDED`: a newer `review` arrived before this one was computed; ignore it.
 * - `CANCELLED`: the caller's AbortSignal fired.
 * - `NO_ATLAS_LAYERS`: `review` before `loadAtlasLayers`.
 * - `LAYER_LOAD_FAILED`: the catalog or a layer file could not be read.
 * - `INVALID_SITE`: the site cannot be reviewed (a line, an empty geometry, a point without area).
 * - `INVALID_GEOMETRY`: `measure` got something it cannot measure.
 * - `WORKER_FAILED`: the worker died; the call was not answered.
 * - `INTERNAL`: a bug; the message says what failed, without a stack trace.
 */
export type AnalysisErrorCode =
  | 'SUPERSEDED'
  | 'CANCELLED'
  | 'NO_ATLAS_LAYERS'
  | 'LAYER_LOAD_FAILED'
  | 'INVALID_SITE'
  | 'INVALID_GEOMETRY'
  | 'WORKER_FAILED'
  | 'INTERNAL';

export interface AnalysisError {
  code: AnalysisErrorCode;
  /** What went wrong. */
  message: Bilingual;
  /** What to do about it. */
  hint: Bilingual;
}

export function analysisError(code: AnalysisErrorCode, message: Bilingual, hint: Bilingual): AnalysisError {
  return { code, message, hint };
}

export const SUPERSEDED: AnalysisError = analysisError(
  'SUPERSEDED',
  { zh: '已有更新的审查请求，本次结果作废。', en: 'A newer review request replaced this one.' },
  { zh: '无需处理：界面会显示最新一次的结果。', en: 'Nothing to do: the newest result will be shown.' },
);

export const CANCELLED: AnalysisError = analysisError(
  'CANCELLED',
  { zh: '操作已取消。', en: 'The operation was cancelled.' },
  { zh: '如需结果，请重新操作。', en: 'Start it again if you need the result.' },
);

/** True for the two outcomes a caller should silently ignore (a newer call or the caller itself ended it). */
export function isDropped(result: Result<unknown, { code: string }>): boolean {
  return !result.ok && (result.error.code === 'SUPERSEDED' || result.error.code === 'CANCELLED');
}

// ---------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------

/**
 * Stages reported while work runs. Import: `reading` (with a byte fraction), `parsing`
 * (the engine parses, converts and validates in one step), and for large results
 * `receiving` (with a feature fraction: the page decoding the features in short steps).
 * `converting` and `validating` are reserved for when src/io reports its inner steps.
 * Atlas layers: `catalog`, `layers` (with a fraction of the layer files), `indexing`.
 */
export type ProgressStage = 'reading' | 'parsing' | 'converting' | 'validating' | 'receiving' | 'catalog' | 'layers' | 'indexing';

export interface AnalysisProgress {
  stage: ProgressStage;
  /** 0–1 within the stage, where it is cheap to know. */
  fraction?: number;
  /** Bytes read so far and in total (`reading`), features (`receiving`), or layer files (`layers`). */
  done?: number;
  total?: number;
}

/** Labels for a progress line, e.g. `${PROGRESS_LABELS[stage][lang]} ${Math.round(fraction * 100)} %`. */
export const PROGRESS_LABELS: Record<ProgressStage, Bilingual> = {
  reading: { zh: '正在读取文件', en: 'Reading the file' },
  parsing: { zh: '正在解析', en: 'Parsing' },
  converting: { zh: '正在转换坐标', en: 'Converting coordinates' },
  validating: { zh: '正在检查几何', en: 'Checking geometry' },
  receiving: { zh: '正在接收要素', en: 'Receiving features' },
  catalog: { zh: '正在读取图层目录', en: 'Reading the layer catalog' },
  layers: { zh: '正在加载规划图层', en: 'Loading planning layers' },
  indexing: { zh: '正在建立空间索引', en: 'Building the spatial index' },
};

// ---------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------

/**
 * File bytes for `importFile`. A `Blob`/`File` is best: posting it copies nothing and the
 * worker reads it (with a byte fraction). An `ArrayBuffer` — or a `Uint8Array` spanning
 * its whole buffer — is *transferred*: after the call the caller's buffer is empty.
 */
export type ImportSource = Blob | ArrayBuffer | Uint8Array;

export interface AnalysisImportOptions extends Omit<ImportOptions, 'fileName'> {
  /** Defaults to the `File`'s own name; required for other sources (it picks the importer). */
  fileName?: string;
}

export type ImportFileOutcome = Result<ImportResult, ImportError | AnalysisError>;

export interface AtlasLayerSummary {
  id: string;
  title: Bilingual;
  featureCount: number;
}

export interface AtlasLayersSummary {
  /** The absolute catalog URL the layers came from. */
  catalogUrl: string;
  layers: AtlasLayerSummary[];
  /** true when an earlier call had already built the review context for this catalog. */
  reused: boolean;
}

/** `measure` of an areal geometry (m², 亩, ha, km²) or a linear one (m). */
export type Measurement = ({ kind: 'area' } & AreaMeasurement) | ({ kind: 'length' } & LengthMeasurement);

export interface CallOptions {
  /** Called with each progress event; never after the promise has resolved. */
  onProgress?: (progress: AnalysisProgress) => void;
  /** Aborting resolves the call at once with `CANCELLED`; the worker stops at its next checkpoint. */
  signal?: AbortSignal;
}

/**
 * The analysis operations, the same whether they run in a worker or in-process.
 * All promises resolve (never reject).
 */
export interface Analysis {
  /**
   * Imports a site file of any format the engine reads (GeoJSON, zipped Shapefile, KML/KMZ,
   * DXF, CSV boundary table, FlatGeobuf): detects or applies the CRS, converts to lon/lat,
   * validates. All features or none (no half imports).
   */
  importFile(source: ImportSource, options: AnalysisImportOptions, call?: CallOptions): Promise<ImportFileOutcome>;
  /**
   * Loads the catalog and the planning layers the review needs and builds the review
   * context once; later calls with the same URL reuse it.
   *
   * @param catalogUrl `data/catalog.json` of the app (relative URLs resolve against the app's base in the page)
   */
  loadAtlasLayers(catalogUrl?: string, call?: CallOptions): Promise<Result<AtlasLayersSummary, AnalysisError>>;
  /**
   * Siting review of one lon/lat site against the loaded layers. On the client, a newer
   * call supersedes a waiting older one (see `AnalysisClient.review`).
   */
  review(site: Feature, proposal?: Proposal, options?: ReviewOptions, call?: CallOptions): Promise<Result<SiteReport, AnalysisError>>;
  /** Area (Polygon, MultiPolygon) or length (LineString, MultiLineString) of lon/lat geometry. */
  measure(geometry: Geometry, options?: MeasureOptions, call?: CallOptions): Promise<Result<Measurement, AnalysisError>>;
  /** A site as GeoJSON, KML, DXF or a CSV boundary-point table in the chosen CRS. */
  exportSite(
    features: FeatureCollection,
    format: ExportFormat,
    crs: CrsCode,
    call?: CallOptions,
  ): Promise<Result<ExportFile, ExportError | AnalysisError>>;
  /** Stops the worker (or releases the in-process engine); pending calls resolve `CANCELLED`. */
  dispose(): void;
}

// ---------------------------------------------------------------------------------------
// Wire messages
// ---------------------------------------------------------------------------------------

/** Arguments of each operation as sent to the worker. */
export interface OperationPayloads {
  importFile: { source: ImportSource; options: AnalysisImportOptions };
  loadAtlasLayers: { catalogUrl: string };
  review: { site: Feature; proposal: Proposal; options: ReviewOptions };
  measure: { geometry: Geometry; options: MeasureOptions };
  exportSite: { features: FeatureCollection; format: ExportFormat; crs: CrsCode };
}

/** What each operation resolves to. */
export interface OperationResults {
  importFile: ImportFileOutcome;
  loadAtlasLayers: Result<AtlasLayersSummary, AnalysisError>;
  review: Result<SiteReport, AnalysisError>;
  measure: Result<Measurement, AnalysisError>;
  exportSite: Result<ExportFile, ExportError | AnalysisError>;
}

export type OperationName = keyof OperationPayloads;

export const OPERATION_NAMES: readonly OperationName[] = ['importFile', 'loadAtlasLayers', 'review', 'measure', 'exportSite'];

/** Page → worker: run an operation. `id` is unique per client and names the reply. */
export type RequestMessage = {
  [K in OperationName]: { kind: 'request'; id: number; operation: K; payload: OperationPayloads[K] };
}[OperationName];

/** Page → worker: the caller no longer wants request `id`. */
export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

export type ClientMessage = RequestMessage | CancelMessage;

/** Worker → page: progress of request `id`. */
export interface ProgressMessage {
  kind: 'progress';
  id: number;
  progress: AnalysisProgress;
}

/**
 * Worker → page: features of a large import result, sent in parts ahead of the result.
 * Receiving a message is one task on the page; 160 000 parcels in one message take ≈ 1 s
 * to decode there (measured in Chromium), in parts of ≈ 16 000 vertices each part stays
 * under a frame, so the map keeps drawing.
 */
export interface FeaturesMessage {
  kind: 'features';
  id: number;
  features: Feature[];
  /** Features sent so far (this part included) and in all. */
  done: number;
  total: number;
}

/**
 * Worker → page: the one answer to request `id`. With `chunkedFeatures`, the import result's
 * `features.features` is empty and its features came in that many `features` messages' worth.
 */
export type ResultMessage = {
  [K in OperationName]: { kind: 'result'; id: number; operation: K; result: OperationResults[K]; chunkedFeatures?: number };
}[OperationName];

export type WorkerMessage = ProgressMessage | FeaturesMessage | ResultMessage;
