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
import type { ParcelProblem, ZoneIntensity, ZoneLayer } from '../analysis/land-use-intensity';
import type { ParcelFieldMapping } from '../analysis/parcel-fields';
import type { CrsAssumption } from '../crs/detect';
import type { ReferenceSection, ReviewProfile } from '../analysis/review/reference-types';
import type { StyledLayerConfig } from '../records/profile-bundle';
import type { StorageBackend } from '../records/reference-store';
import type { ReviewProfileStamp } from '../records/review-records';

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
 * - `REFERENCE_NOT_FOUND`: no reference layer has the id given (issue 10).
 * - `INVALID_PROFILE`: a profile bundle or a layer change that fails validation (issue 10).
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
  | 'REFERENCE_NOT_FOUND'
  | 'INVALID_PROFILE'
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
export type ProgressStage = 'reading' | 'parsing' | 'converting' | 'validating' | 'receiving' | 'catalog' | 'layers' | 'indexing' | 'storing';

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
  storing: { zh: '正在保存到浏览器存储', en: 'Saving to the browser storage' },
};

// ---------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------

/**
 * File bytes for `importFile`. A `Blob`/`File` is best: posting it copies nothing and the
 * worker reads it (with a byte fraction). An `ArrayBuffer` — or a `Uint8Array` spanning
 * its whole buffer — is *transferred*: after the call the caller's buffer is empty.
 * A shapefile picked as loose files travels as its .shp here and its .dbf/.prj/.cpg beside
 * it in `options.parts`.
 */
export type ImportSource = Blob | ArrayBuffer | Uint8Array;

export interface AnalysisImportOptions extends Omit<ImportOptions, 'fileName'> {
  /** Defaults to the `File`'s own name; required for other sources (it picks the importer). */
  fileName?: string;
  /**
   * The loose .dbf/.prj/.cpg of a .shp source (`ImportOptions.parts`): Blobs are posted by
   * reference, like the source, and read in the worker by the shapefile importer, with the
   * same size caps as the members of a zip; bytes are copied. The analysis client fills it in
   * from a source made by src/io/file-set.ts `chosenImport`.
   */
  parts?: ImportOptions['parts'];
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

/**
 * `landUseIntensity`: the TD/T 1029 indicators of every zone (layer then feature order, like
 * the `intensity` CLI), or — when parcels cannot be read — every problem found, as a value.
 */
export type LandUseIntensityOutcome = { ok: true; zones: ZoneIntensity[]; parcelCount: number } | { ok: false; problems: ParcelProblem[] };

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
  /**
   * Land-use intensity (TD/T 1029) of the zones of `zones` from lon/lat `parcels` read through
   * `mapping` — the explorer's dashboard, off the page's thread.
   */
  landUseIntensity(
    zones: ZoneLayer[],
    parcels: FeatureCollection,
    mapping?: ParcelFieldMapping,
    call?: CallOptions,
  ): Promise<Result<LandUseIntensityOutcome, AnalysisError>>;
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
  landUseIntensity: { zones: ZoneLayer[]; parcels: FeatureCollection; mapping: ParcelFieldMapping };
}

/** What each operation resolves to. */
export interface OperationResults {
  importFile: ImportFileOutcome;
  loadAtlasLayers: Result<AtlasLayersSummary, AnalysisError>;
  review: Result<SiteReport, AnalysisError>;
  measure: Result<Measurement, AnalysisError>;
  exportSite: Result<ExportFile, ExportError | AnalysisError>;
  landUseIntensity: Result<LandUseIntensityOutcome, AnalysisError>;
}

export type OperationName = keyof OperationPayloads;

export const OPERATION_NAMES: readonly OperationName[] = ['importFile', 'loadAtlasLayers', 'review', 'measure', 'exportSite', 'landUseIntensity'];

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

// ---------------------------------------------------------------------------------------
// Reference layers and the review profile (issue 10)
// ---------------------------------------------------------------------------------------
// Declared as additions to the interfaces above (TypeScript merges them), so the reference
// operations stay in one block. The worker alone opens the layer store
// (src/records/reference-store.ts); the page gets summaries, never a whole layer.

/** Options of `importReference`: those of a site import, plus the layer's display name. */
export interface ReferenceImportOptions extends AnalysisImportOptions {
  /** Display name; default the file name without its extension. */
  name?: string;
  /** Replace this layer (the same file read again in another CRS) instead of adding one. */
  replaceId?: string;
}

/** The stored profile, its content hash and where it is kept. */
export interface ReferenceListing {
  profile: ReviewProfile;
  /** Hex SHA-256 of the profile's canonical JSON without map styles and name fields (profile-bundle.ts `profileHash`). */
  hash: string;
  /** Where the layers live: the origin-private file system, IndexedDB, or memory (nothing survives a reload). */
  storage: StorageBackend['kind'];
}

/** What the page learns of an imported reference layer (never the features). */
export interface ReferenceImportSummary extends ReferenceListing {
  config: StyledLayerConfig;
  format: string;
  /** The CRS the file was read in and why, as for sites: confirm or read again in another. */
  crs: CrsAssumption;
  warnings: Bilingual[];
  /** Milliseconds of each step in the worker: read, parse (import registry), index (FlatGeobuf), store. */
  timings: { read: number; parse: number; index: number; store: number };
}

/** `referenceFeatures`: the layer's features in a bounding box, for drawing. */
export interface ReferenceFeatures {
  features: Feature[];
  /** More features than the limit meet the box: none are sent (zoom in), only the layer's extent. */
  truncated: boolean;
  /** [west, south, east, north] of the whole layer. */
  envelope: [number, number, number, number] | null;
}

/** The profile a review used, stored with each record (issue 10: "Each record stores the profile's name and content hash and the layer versions"). */
export type ProfileStamp = ReviewProfileStamp;

/** A review's report with its reference sections and the profile it used. */
export type ReviewedReport = SiteReport & { reference?: ReferenceSection[]; profile?: ProfileStamp };

/** Changes of the profile itself (not of a layer). `builtInLayers: null` = all built-in layers count. */
export interface ProfileChanges {
  name?: string;
  description?: string;
  builtInLayers?: string[] | null;
}

export interface Analysis {
  /**
   * Reads a file of any format the importers read as a reference layer: parsed in the
   * worker (progress, cancel), CRS detected or given, written as indexed FlatGeobuf to the
   * layer store, role preset from its name and fields. Resolves with a summary only.
   */
  importReference(source: ImportSource, options: ReferenceImportOptions, call?: CallOptions): Promise<Result<ReferenceImportSummary, ImportError | AnalysisError>>;
  /** The stored profile and its layers. */
  listReference(call?: CallOptions): Promise<Result<ReferenceListing, AnalysisError>>;
  removeReference(id: string, call?: CallOptions): Promise<Result<ReferenceListing, AnalysisError>>;
  /** New name, role, enabled flag or style of a layer (its data and source stay). */
  updateReference(config: StyledLayerConfig, call?: CallOptions): Promise<Result<ReferenceListing, AnalysisError>>;
  updateProfile(changes: ProfileChanges, call?: CallOptions): Promise<Result<ReferenceListing, AnalysisError>>;
  /** Features of a layer meeting `bbox` (lon/lat), at most `limit`, with only the properties drawing needs. */
  referenceFeatures(id: string, bbox: [number, number, number, number], limit?: number, call?: CallOptions): Promise<Result<ReferenceFeatures, AnalysisError>>;
  /** The profile and its layer data as one bundle file (profile.json + layers/<id>.fgb). */
  exportProfile(call?: CallOptions): Promise<Result<{ file: Blob; fileName: string }, AnalysisError>>;
  /** Replaces the profile and its layers with a bundle's, after checking all of it (all or nothing). */
  importProfile(source: ImportSource, fileName: string, call?: CallOptions): Promise<Result<ReferenceListing, AnalysisError>>;
}

export interface OperationPayloads {
  importReference: { source: ImportSource; options: ReferenceImportOptions };
  listReference: Record<string, never>;
  removeReference: { id: string };
  updateReference: { config: StyledLayerConfig };
  updateProfile: { changes: ProfileChanges };
  referenceFeatures: { id: string; bbox: [number, number, number, number]; limit?: number };
  exportProfile: Record<string, never>;
  importProfile: { source: ImportSource; fileName: string };
}

export interface OperationResults {
  importReference: Result<ReferenceImportSummary, ImportError | AnalysisError>;
  listReference: Result<ReferenceListing, AnalysisError>;
  removeReference: Result<ReferenceListing, AnalysisError>;
  updateReference: Result<ReferenceListing, AnalysisError>;
  updateProfile: Result<ReferenceListing, AnalysisError>;
  referenceFeatures: Result<ReferenceFeatures, AnalysisError>;
  exportProfile: Result<{ file: Blob; fileName: string }, AnalysisError>;
  importProfile: Result<ReferenceListing, AnalysisError>;
}

export const REFERENCE_OPERATION_NAMES: readonly OperationName[] = [
  'importReference',
  'listReference',
  'removeReference',
  'updateReference',
  'updateProfile',
  'referenceFeatures',
  'exportProfile',
  'importProfile',
];

// ---------------------------------------------------------------------------------------
// Server layers (issue 13): reference layers whose features stay on a map server
// ---------------------------------------------------------------------------------------

/** A layer a WFS endpoint or OGC API landing page offers: `url` is the address to add it by. */
export interface ServerLayerChoice {
  url: string;
  name: string;
  title: string;
}

/** What the page learns of an added server layer. */
export interface ServerReferenceSummary extends ReferenceListing {
  config: StyledLayerConfig;
  /** Whether the server said how many features the layer holds (else `source.features` is 0). */
  counted: boolean;
}

export interface Analysis {
  /** Adds a layer published by a map server (WFS with TYPENAMES, OGC API collection, FlatGeobuf URL); only its config is stored. */
  addServerReference(url: string, name?: string, call?: CallOptions): Promise<Result<ServerReferenceSummary, AnalysisError>>;
  /** The layers of a WFS endpoint (GetCapabilities) or an OGC API landing page (collections). */
  serverLayers(url: string, call?: CallOptions): Promise<Result<ServerLayerChoice[], AnalysisError>>;
}

export interface OperationPayloads {
  addServerReference: { url: string; name?: string };
  serverLayers: { url: string };
}

export interface OperationResults {
  addServerReference: Result<ServerReferenceSummary, AnalysisError>;
  serverLayers: Result<ServerLayerChoice[], AnalysisError>;
}
