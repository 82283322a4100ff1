/**
 * The analysis engine behind the {@link Analysis} interface, running in the current thread.
 * The worker (analysis-worker.ts) serves exactly this object; Node tests drive it directly;
 * the page falls back to it when no worker can start. Plain calls into src/io and
 * src/analysis — nothing here knows about postMessage.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { CrsCode } from '../crs/projections';
import { importFile as importWithRegistry } from '../io/registry';
import { exportSite as exportWithEngine, type ExportFormat } from '../io/export';
import { measureArea, measureLength, type MeasureOptions } from '../analysis/measure';
import {
  createReviewContext,
  reviewSite,
  SiteReviewError,
  type Proposal,
  type ReviewContext,
  type ReviewContextOptions,
  type ReviewOptions,
} from '../analysis/siting-review';
import { computeLandUseIntensity, prepareParcels, type ZoneLayer } from '../analysis/land-use-intensity';
import type { ParcelFieldMapping } from '../analysis/parcel-fields';
import { LayerLoadError } from '../data/load-layer';
import { fail, ok } from '../io/types';
import { withCarried } from '../io/chosen-files';
import { blobChunks } from '../io/geojson-stream';
import { fetchAtlasLayers, type LayerSource } from './atlas-layer-source';
import { createReferenceOperations } from './reference-operations';
import type { ReferenceStore } from '../records/reference-store';
import {
  analysisError,
  CANCELLED,
  type Analysis,
  type AnalysisError,
  type AnalysisImportOptions,
  type AnalysisProgress,
  type AtlasLayersSummary,
  type CallOptions,
  type ImportFileOutcome,
  type ImportSource,
  type LandUseIntensityOutcome,
  type Measurement,
  type Result,
} from './protocol';

export interface InProcessAnalysisOptions {
  /** Where `loadAtlasLayers` gets its layers; default {@link fetchAtlasLayers} (catalog + FlatGeobuf over HTTP). */
  layerSource?: LayerSource;
  /** Which layers play which part in the review; default: the atlas's layer ids. */
  contextOptions?: ReviewContextOptions;
  /** The reference-layer store; default OPFS, else IndexedDB, else memory (src/records/reference-store.ts). */
  openReferenceStore?: () => Promise<ReferenceStore>;
}

interface LoadedAtlas {
  context: ReviewContext;
  summary: Omit<AtlasLayersSummary, 'reused'>;
}

/** Reading progress is reported in steps of at least this fraction (≤ 100 messages per file). */
const READING_STEP = 0.01;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function internalError(what: { zh: string; en: string }, error: unknown): AnalysisError {
  const detail = describeError(error);
  return analysisError(
    'INTERNAL',
    { zh: `${what.zh}时出错：${detail}`, en: `${what.en} failed: ${detail}` },
    { zh: '请重试；若问题重复出现，请报告此信息。', en: 'Try again; if it happens again, report this message.' },
  );
}

function isBlob(source: ImportSource): source is Blob {
  return typeof Blob !== 'undefined' && source instanceof Blob;
}

/** A file whose bytes did not come to the size it had when it was chosen (it was changed since). */
class FileChangedWhileRead extends Error {
  constructor(size: number) {
    super(`the file changed after it was chosen (it no longer has its ${size} bytes); choose it again`);
  }
}

/**
 * The whole of a Blob as bytes, reporting the fraction read. Streaming costs one copy more
 * than `blob.arrayBuffer()` but gives the progress bar something true to show for a 50 MB file.
 */
export async function readBlob(blob: Blob, call: CallOptions): Promise<Uint8Array | undefined> {
  const total = blob.size;
  if (typeof blob.stream !== 'function' || total === 0) return new Uint8Array(await blob.arrayBuffer());
  const bytes = new Uint8Array(total);
  let done = 0;
  let reported = 0;
  call.onProgress?.({ stage: 'reading', fraction: 0, done, total });
  try {
    // The streamed GeoJSON's reader: it ends at the Blob's size, asking no read after the last
    // byte (issue 12: Chromium did not always answer one), and lets the stream go.
    for await (const chunk of blobChunks(blob, undefined, call.signal)) {
      if (chunk.length > total - done) throw new FileChangedWhileRead(total);
      bytes.set(chunk, done);
      done += chunk.length;
      const fraction = done / total;
      if (fraction - reported >= READING_STEP || done === total) {
        reported = fraction;
        call.onProgress?.({ stage: 'reading', fraction, done, total });
      }
    }
  } catch (error) {
    if (call.signal?.aborted) return undefined;
    throw error;
  }
  if (done < total) throw new FileChangedWhileRead(total);
  return bytes;
}

function fileNameOf(source: ImportSource, options: AnalysisImportOptions): string {
  if (options.fileName) return options.fileName;
  const name = (source as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'file';
}

/**
 * Creates the engine. `loadAtlasLayers` builds the review context once per catalog URL and
 * keeps it; `review` waits for a load in progress and answers `NO_ATLAS_LAYERS` when none
 * was asked for.
 *
 * @example
 * const analysis = createInProcessAnalysis({ layerSource: async () => readAuthoredLayers() });
 * await analysis.loadAtlasLayers('file:///atlas/data/catalog.json');
 * const report = await analysis.review(siteFeature, { industryCode: '27', far: 1.2 });
 */
export function createInProcessAnalysis(options: InProcessAnalysisOptions = {}): Analysis {
  const layerSource = options.layerSource ?? fetchAtlasLayers;
  let atlas: { catalogUrl: string; loading: Promise<Result<LoadedAtlas, AnalysisError>> } | undefined;
  const reference = createReferenceOperations({
    openStore: options.openReferenceStore,
    readSource: async (source, call) => {
      if (isBlob(source)) return readBlob(source, call);
      const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
      call.onProgress?.({ stage: 'reading', fraction: 1, done: bytes.length, total: bytes.length });
      return bytes;
    },
  });

  async function buildAtlas(catalogUrl: string, onProgress?: (progress: AnalysisProgress) => void): Promise<Result<LoadedAtlas, AnalysisError>> {
    try {
      // The shared load is not tied to one caller's signal: another caller may be waiting for it.
      const layers = await layerSource(catalogUrl, { onProgress });
      onProgress?.({ stage: 'indexing' });
      const context = createReviewContext(layers, options.contextOptions);
      return ok({
        context,
        summary: {
          catalogUrl,
          layers: layers.map((layer) => ({ id: layer.meta.id, title: layer.meta.title, featureCount: layer.features.features.length })),
        },
      });
    } catch (error) {
      if (error instanceof LayerLoadError) {
        return fail(
          analysisError('LAYER_LOAD_FAILED', error.bilingual, {
            zh: '没有规划图层就无法审查选址；修复后刷新页面。',
            en: 'Sites cannot be reviewed without the planning layers; fix this and reload the page.',
          }),
        );
      }
      return fail(internalError({ zh: '加载规划图层', en: 'Loading the planning layers' }, error));
    }
  }

  /** Resolves with CANCELLED as soon as the signal fires, else with the work's result. */
  function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | { ok: false; error: AnalysisError }> {
    if (!signal) return work;
    if (signal.aborted) return Promise.resolve(fail(CANCELLED));
    return new Promise((resolve) => {
      const onAbort = () => resolve(fail(CANCELLED));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then((value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      });
    });
  }

  return {
    async importFile(source: ImportSource, chosenOptions: AnalysisImportOptions, call: CallOptions = {}): Promise<ImportFileOutcome> {
      if (call.signal?.aborted) return fail(CANCELLED);
      // Called without the client (Node, tests): what a chosen set of files carries is honoured here too.
      const carried = withCarried(source, chosenOptions);
      if (!carried.ok) return carried;
      const importOptions = carried.value;
      const fileName = fileNameOf(source, importOptions);
      let bytes: Uint8Array | undefined;
      try {
        if (isBlob(source)) bytes = await readBlob(source, call);
        else {
          bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
          call.onProgress?.({ stage: 'reading', fraction: 1, done: bytes.length, total: bytes.length });
        }
      } catch (error) {
        return fail(internalError({ zh: `读取文件 ${fileName}`, en: `Reading the file ${fileName}` }, error));
      }
      if (!bytes || call.signal?.aborted) return fail(CANCELLED);
      call.onProgress?.({ stage: 'parsing' });
      // io's importFile never throws; the rest of its steps (converting, validating) run inside it.
      // A .shp's loose parts (importOptions.parts, Blobs) are read by the shapefile importer, here in the worker.
      const outcome = await importWithRegistry(bytes, { ...importOptions, fileName });
      return call.signal?.aborted ? fail(CANCELLED) : outcome;
    },

    async loadAtlasLayers(catalogUrl = 'data/catalog.json', call: CallOptions = {}) {
      if (call.signal?.aborted) return fail(CANCELLED);
      const reused = atlas?.catalogUrl === catalogUrl;
      // Progress stops when this caller's promise resolves, even if the shared load goes on.
      let settled = false;
      const onProgress = (progress: AnalysisProgress) => {
        if (!settled) call.onProgress?.(progress);
      };
      if (!atlas || !reused) {
        atlas = { catalogUrl, loading: buildAtlas(catalogUrl, onProgress) };
      }
      const current = atlas;
      const loaded = await unlessCancelled(current.loading, call.signal);
      settled = true;
      if (!loaded.ok) {
        // A failed load is forgotten so the next call tries again.
        if (atlas === current && loaded.error.code !== 'CANCELLED') atlas = undefined;
        return loaded;
      }
      return ok({ ...loaded.value.summary, reused });
    },

    async review(site: Feature, proposal: Proposal = {}, reviewOptions: ReviewOptions = {}, call: CallOptions = {}) {
      if (!atlas) {
        return fail(
          analysisError(
            'NO_ATLAS_LAYERS',
            { zh: '规划图层尚未加载，无法审查选址。', en: 'The planning layers are not loaded, so the site cannot be reviewed.' },
            { zh: '请等待图层加载完成后再试。', en: 'Wait for the layers to finish loading and try again.' },
          ),
        );
      }
      const loaded = await unlessCancelled(atlas.loading, call.signal);
      if (!loaded.ok) return loaded;
      if (call.signal?.aborted) return fail(CANCELLED);
      try {
        // The bureau's reference layers: each layer's candidates in the site's box, read from the store (issue 10).
        const inputs = await reference.referenceInputs(site).catch(() => null);
        if (call.signal?.aborted) return fail(CANCELLED);
        if (!inputs) return ok(reviewSite(loaded.value.context, site, proposal, reviewOptions));
        const withReferences = { ...reviewOptions, references: inputs.references, ...(inputs.builtInLayers ? { builtInLayers: inputs.builtInLayers } : {}) } as ReviewOptions;
        return ok({ ...reviewSite(loaded.value.context, site, proposal, withReferences), profile: inputs.stamp });
      } catch (error) {
        if (error instanceof SiteReviewError) {
          return fail(
            analysisError('INVALID_SITE', error.text, {
              zh: '请检查选址边界：应为闭合的面，或给出面积的点。',
              en: 'Check the site boundary: it must be a closed polygon, or a point with an area.',
            }),
          );
        }
        return fail(internalError({ zh: '审查选址', en: 'Reviewing the site' }, error));
      }
    },

    async measure(geometry: Geometry, measureOptions: MeasureOptions = {}, call: CallOptions = {}): Promise<Result<Measurement, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      let measurement: Measurement;
      if (geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon') {
        measurement = { kind: 'area', ...measureArea(geometry, measureOptions) };
      } else if (geometry?.type === 'LineString' || geometry?.type === 'MultiLineString') {
        measurement = { kind: 'length', ...measureLength(geometry, measureOptions) };
      } else {
        return fail(
          analysisError(
            'INVALID_GEOMETRY',
            {
              zh: `只能量算面或线，收到 ${String(geometry?.type ?? '空几何')}。`,
              en: `Only polygons and lines can be measured, got ${String(geometry?.type ?? 'no geometry')}.`,
            },
            { zh: '请选择一个面或一条线。', en: 'Pick a polygon or a line.' },
          ),
        );
      }
      const figure = measurement.kind === 'area' ? measurement.area_m2 : measurement.length_m;
      if (!Number.isFinite(figure)) {
        return fail(
          analysisError(
            'INVALID_GEOMETRY',
            { zh: '几何中有非数值坐标，无法量算。', en: 'The geometry has non-numeric coordinates and cannot be measured.' },
            { zh: '请检查该几何的顶点。', en: 'Check the vertices of this geometry.' },
          ),
        );
      }
      return ok(measurement);
    },

    async exportSite(features: FeatureCollection, format: ExportFormat, crs: CrsCode, call: CallOptions = {}) {
      if (call.signal?.aborted) return fail(CANCELLED);
      try {
        return exportWithEngine(features, format, crs);
      } catch (error) {
        return fail(internalError({ zh: '导出选址', en: 'Exporting the site' }, error));
      }
    },

    async landUseIntensity(zones: ZoneLayer[], parcels: FeatureCollection, mapping: ParcelFieldMapping = {}, call: CallOptions = {}) {
      if (call.signal?.aborted) return fail(CANCELLED);
      try {
        // Unreadable parcels are the user's data, not an engine failure: they come back as problems.
        const prepared = prepareParcels(parcels, mapping);
        if (!prepared.ok) return ok<LandUseIntensityOutcome>({ ok: false, problems: prepared.problems });
        if (call.signal?.aborted) return fail(CANCELLED);
        const zoneIntensities = computeLandUseIntensity(zones, prepared.parcels);
        return ok<LandUseIntensityOutcome>({ ok: true, zones: zoneIntensities, parcelCount: prepared.parcels.count });
      } catch (error) {
        return fail(internalError({ zh: '计算土地集约利用指标', en: 'Computing the land-use intensity' }, error));
      }
    },

    importReference: reference.importReference,
    listReference: reference.listReference,
    removeReference: reference.removeReference,
    updateReference: reference.updateReference,
    updateProfile: reference.updateProfile,
    referenceFeatures: reference.referenceFeatures,
    exportProfile: reference.exportProfile,
    addServerReference: reference.addServerReference,
    serverLayers: reference.serverLayers,
    importProfile: reference.importProfile,

    dispose() {
      atlas = undefined;
    },
  };
}
