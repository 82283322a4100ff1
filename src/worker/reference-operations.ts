/**
 * The reference-layer operations of the analysis engine (issue 10): import a file as a
 * reference layer into the layer store, list / change / remove layers, read features by
 * bounding box for drawing, export and import the profile bundle, and gather each layer's
 * candidates for a review. Runs in the worker (the page gets summaries only); Node tests run
 * it in-process with a memory store. The rules themselves are the engine's (src/analysis).
 */
import type { Feature, Geometry } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import { FlatGeobufStreamWriter, type FlatGeobufPieces, type FlatGeobufWriteOptions } from '../data/fgb-writer';
import { cleanImportError, fileSizeRefusal, importFile as importWithRegistry, pickImporter } from '../io/registry';
import { blobChunks, byteChunks, streamGeoJson } from '../io/geojson-stream';
import { withCarried } from '../io/chosen-files';
import { fail, ok, type CrsAssumption, type ImportError, type ImportOptions } from '../io/types';
import type { ReferenceInput, ReferenceLayerConfig, ReferenceRole, ReviewProfile } from '../analysis/review/reference-types';
import { defaultLayerName, layerFileStem, namingFieldOf, presetRole, protectedLayerOf } from '../analysis/review/presets';
import { referenceQueryBox } from '../analysis/review/reference-review';
import {
  BUNDLE_EXTENSION,
  LAYER_ID_PATTERN,
  profileHash,
  readProfileBundle,
  sha256Hex,
  validateProfile,
  writeProfileBundle,
  type ReferenceStyle,
  type StyledLayerConfig,
} from '../records/profile-bundle';
import { sha256HexOfPieces } from '../records/piece-hash';
import { envelopeOfLayer, isServerLayer, openBestBackend, ReferenceStore, SOURCE_INDEX_FIELD, type Bounds } from '../records/reference-store';
import { addressName, parseSourceAddress, webSource } from '../io/sources/source-spec';
import { SourceUnavailableError, type LayerSource } from '../io/sources/layer-source';
import { wfsCapabilities } from '../io/sources/wfs-source';
import { ogcApiCollections } from '../io/sources/ogc-api-source';
import {
  analysisError,
  CANCELLED,
  type AnalysisError,
  type CallOptions,
  type ImportSource,
  type ProfileChanges,
  type ProfileStamp,
  type ReferenceFeatures,
  type ReferenceImportOptions,
  type ReferenceImportSummary,
  type ReferenceListing,
  type Result,
  type ServerLayerChoice,
  type ServerReferenceSummary,
} from './protocol';

/** Features sent for drawing at most; beyond it the page is told to zoom in (MapLibre copies every feature to its own worker). */
export const DRAW_FEATURE_LIMIT = 4000;

/**
 * Default colours by role, so a new layer reads at a glance: red prohibited, blue inside, dark
 * slate for a class layer (a 三调 or 用地用海 layer covers everything; its classes are in the
 * table) — far from the other defaults (it used to match the farmland's brown) and from every
 * colour of the 用地用海 spec, which its codes without a spec colour are drawn beside.
 */
const ROLE_COLORS: Record<ReferenceRole['kind'], string> = {
  prohibited: '#b91c1c',
  inside: '#2563eb',
  classes: '#1f2937',
  zone: '#7c3aed',
  line: '#a21caf',
  proximity: '#475569',
};

/**
 * The two prohibited layers a bureau always has side by side get colours of their own, as
 * 三区三线 maps draw them: farmland yellow-brown, the ecological red line green (the red of
 * `prohibited` would draw both alike).
 */
const PROTECTED_COLORS: Record<NonNullable<ReturnType<typeof protectedLayerOf>>, string> = { farmland: '#ca8a04', 'red-line': '#15803d' };

/** A new layer's style: by its name where it is one of the protected layers (presets.ts), else by its role. */
export function defaultStyle(role: ReferenceRole, name = ''): ReferenceStyle {
  const known = protectedLayerOf(name);
  return { color: known ? PROTECTED_COLORS[known] : ROLE_COLORS[role.kind], opacity: 0.35, visible: true };
}

function storeFailure(what: Bilingual, error: unknown): AnalysisError {
  const detail = error instanceof Error ? error.message : String(error);
  return analysisError(
    'INTERNAL',
    { zh: `${what.zh}失败：${detail}`, en: `${what.en} failed: ${detail}` },
    {
      zh: '浏览器存储可能已满或被禁止（隐私模式）；请释放空间或换用普通窗口后重试。',
      en: 'The browser storage may be full or blocked (private browsing); free some space or use a normal window, then try again.',
    },
  );
}

/**
 * The layer's SHA-256 (its version's name) could not be computed. It runs as WebAssembly
 * (piece-hash.ts): a Content-Security-Policy without 'wasm-unsafe-eval' in script-src — a
 * server's own header replacing the app's — refuses it.
 */
function hashFailure(fileName: string, error: unknown): AnalysisError {
  const detail = error instanceof Error ? error.message : String(error);
  return analysisError(
    'INTERNAL',
    { zh: `无法计算 ${fileName} 的 SHA-256 校验值，图层未保存：${detail}`, en: `Could not compute the SHA-256 of ${fileName}; the layer was not stored: ${detail}` },
    {
      zh: '校验值由 WebAssembly 计算。请管理员确认服务器发送的 Content-Security-Policy 的 script-src 含有 \'wasm-unsafe-eval\'（与本应用 index.html 中的一致），然后重试。',
      en: "The checksum is computed by WebAssembly. Ask the administrator to make sure the server's Content-Security-Policy allows 'wasm-unsafe-eval' in script-src (as the app's index.html does), then try again.",
    },
  );
}

function notFound(id: string): AnalysisError {
  return analysisError(
    'REFERENCE_NOT_FOUND',
    { zh: `没有编号为 ${id} 的参考图层。`, en: `There is no reference layer with the id ${id}.` },
    { zh: '请刷新页面，图层列表会重新读取。', en: 'Reload the page; the layer list is read again.' },
  );
}

/** A kebab-case id from the file name's Latin letters and digits, unique in the profile. */
function newLayerId(fileName: string, hash: string, taken: Set<string>): string {
  const slug = layerFileStem(fileName)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const base = slug && /^[a-z0-9]/.test(slug) ? slug : `layer-${hash.slice(0, 8)}`;
  let id = base;
  for (let suffix = 2; taken.has(id); suffix += 1) id = `${base}-${suffix}`;
  return LAYER_ID_PATTERN.test(id) ? id : `layer-${hash.slice(0, 8)}`;
}

/** Attribute names in first-seen order over all features (a Shapefile's columns are the same on each). */
function fieldsOf(features: Feature[]): string[] {
  const seen = new Set<string>();
  for (const feature of features) for (const key of Object.keys(feature.properties ?? {})) seen.add(key);
  return [...seen];
}

function boundsOfGeometry(geometry: Geometry, into: Bounds): Bounds {
  const visit = (coordinates: unknown): void => {
    if (typeof (coordinates as number[])[0] === 'number') {
      const [lon, lat] = coordinates as number[];
      if (lon < into[0]) into[0] = lon;
      if (lat < into[1]) into[1] = lat;
      if (lon > into[2]) into[2] = lon;
      if (lat > into[3]) into[3] = lat;
      return;
    }
    for (const part of coordinates as unknown[]) visit(part);
  };
  if (geometry.type === 'GeometryCollection') for (const part of geometry.geometries) boundsOfGeometry(part, into);
  else visit(geometry.coordinates);
  return into;
}

/** A box grown by `metres` on every side (lon/lat; 1° of latitude ≈ 111.32 km). */
function grow(bounds: Bounds, metres: number): Bounds {
  const dLat = metres / 111_320;
  const latitude = Math.max(Math.abs(bounds[1]), Math.abs(bounds[3]));
  const dLon = metres / (111_320 * Math.max(Math.cos((latitude * Math.PI) / 180), 0.01));
  return [bounds[0] - dLon, bounds[1] - dLat, bounds[2] + dLon, bounds[3] + dLat];
}

/** Beyond the engine's radius, proximity widens its look in these steps until a feature is found (metres). */
const PROXIMITY_STEPS = [20_000, 80_000, 300_000];

/** A file read into an indexed FlatGeobuf, with what the layer's config needs. */
interface ReadLayer {
  /** Laid out, not written whole: hashed and stored from its pieces. */
  fgb: FlatGeobufPieces;
  imported: { format: string; crs: CrsAssumption; warnings: Bilingual[] };
  features: number;
  fields: string[];
  timings: { read: number; parse: number };
}

/**
 * Imported features into the indexed FlatGeobuf, in order: each keeps its position among the
 * imported features (findings name it as GDAL would, FID); the layer's fields and name field
 * are read on the way. The same for a file read whole and one streamed.
 */
class LayerIndexer {
  readonly #writer = new FlatGeobufStreamWriter();
  #count = 0;

  /** Takes features the import made (their properties are its own: numbered in place). */
  add(features: Feature[]): void {
    for (const feature of features) {
      const properties = (feature.properties ??= {});
      properties[SOURCE_INDEX_FIELD] = this.#count++;
      this.#writer.add(feature);
    }
  }

  finish(options: FlatGeobufWriteOptions): { fgb: FlatGeobufPieces; features: number; fields: string[] } {
    // The layer's fields are the file's keys in first-seen order: the writer's columns, less the one added here.
    const fields = this.#writer.columns.filter((name) => name !== SOURCE_INDEX_FIELD);
    return { fgb: this.#writer.finishInPieces(options), features: this.#count, fields };
  }
}

/** Whether the importer registry takes the file for a GeoJSON (by its first bytes, else its name). */
async function isGeoJson(source: ImportSource, fileName: string): Promise<boolean> {
  const head = source instanceof Blob
    ? new Uint8Array(await source.slice(0, 4096).arrayBuffer())
    : (source instanceof Uint8Array ? source : new Uint8Array(source)).subarray(0, 4096);
  return pickImporter(head, fileName)?.id === 'geojson';
}

/**
 * The ordinary way: the whole file in memory, the importer registry, then the FlatGeobuf.
 * Each feature keeps its position among the imported features, so findings name it as
 * GDAL would (FID).
 */
async function readWhole(
  source: ImportSource,
  importOptions: ImportOptions,
  fgbOptions: FlatGeobufWriteOptions,
  call: CallOptions,
  readSource: ReferenceOperationsOptions['readSource'],
): Promise<Result<ReadLayer, ImportError>> {
  const started = performance.now();
  let bytes = await readSource(source, call);
  if (!bytes || call.signal?.aborted) throw CANCELLED;
  const read = performance.now();
  call.onProgress?.({ stage: 'parsing' });
  const imported = await importWithRegistry(bytes, importOptions);
  bytes = undefined; // the source bytes are no longer needed: let them go before the FlatGeobuf is built
  if (call.signal?.aborted) throw CANCELLED;
  if (!imported.ok) return imported;
  const parsed = performance.now();
  call.onProgress?.({ stage: 'indexing' });
  const indexer = new LayerIndexer();
  indexer.add(imported.value.features.features);
  return ok({
    ...indexer.finish(fgbOptions),
    imported: { format: imported.value.format, crs: imported.value.crs, warnings: imported.value.warnings },
    timings: { read: read - started, parse: parsed - read },
  });
}

/**
 * A GeoJSON read in pieces (src/io/geojson-stream.ts) into the FlatGeobuf writer: never the
 * whole file, its text or its features at once. The same layer as readWhole gives, byte for
 * byte (tests/unit/geojson-stream.test.ts); undefined when the stream cannot take the file
 * (then it is read whole, and its messages are the importer's).
 */
async function streamReferenceGeoJson(
  source: ImportSource,
  importOptions: ImportOptions,
  fgbOptions: FlatGeobufWriteOptions,
  call: CallOptions,
): Promise<Result<ReadLayer, ImportError> | undefined> {
  const started = performance.now();
  const total = source instanceof Blob ? source.size : source.byteLength;
  // The registry's first gate, before a byte is read (a file past the cap is never streamed either).
  const tooLarge = fileSizeRefusal(total, importOptions);
  if (tooLarge) return fail(cleanImportError(tooLarge));
  const chunks = source instanceof Blob ? blobChunks(source, undefined, call.signal) : byteChunks(source instanceof Uint8Array ? source : new Uint8Array(source));
  const indexer = new LayerIndexer();
  let reported = 0;
  const outcome = await streamGeoJson(
    chunks,
    importOptions,
    (features) => {
      if (call.signal?.aborted) throw CANCELLED;
      indexer.add(features);
    },
    (done) => {
      const fraction = total > 0 ? done / total : 1;
      if (fraction - reported >= 0.02 || done === total) {
        reported = fraction;
        call.onProgress?.({ stage: 'parsing', fraction, done, total });
      }
    },
  );
  if (call.signal?.aborted) throw CANCELLED;
  if (!outcome.ok && 'notStreamable' in outcome) return undefined;
  // The registry's last gate too: what a file put into a message is cleaned and cut.
  if (!outcome.ok) return fail(cleanImportError(outcome.error));
  const parsed = performance.now();
  call.onProgress?.({ stage: 'indexing' });
  return ok({
    ...indexer.finish(fgbOptions),
    imported: { format: outcome.value.format, crs: outcome.value.crs, warnings: outcome.value.warnings },
    timings: { read: 0, parse: parsed - started },
  });
}

export interface ReferenceOperationsOptions {
  /** The layer store; default: OPFS, else IndexedDB, else memory (openBestBackend). */
  openStore?: () => Promise<ReferenceStore>;
  /** Reads a Blob with progress (shared with `importFile`). */
  readSource: (source: ImportSource, call: CallOptions) => Promise<Uint8Array | undefined>;
}

export function createReferenceOperations(options: ReferenceOperationsOptions) {
  let opening: Promise<ReferenceStore> | undefined;
  const store = (): Promise<ReferenceStore> => {
    opening ??= (options.openStore ?? (async () => new ReferenceStore(await openBestBackend())))();
    return opening;
  };

  async function listing(profile?: ReviewProfile): Promise<ReferenceListing> {
    const opened = await store();
    const current = profile ?? (await opened.profile());
    return { profile: current, hash: await profileHash(current), storage: opened.backend.kind };
  }

  async function guarded<T>(what: Bilingual, work: () => Promise<Result<T, AnalysisError>>): Promise<Result<T, AnalysisError>> {
    try {
      return await work();
    } catch (error) {
      return fail(storeFailure(what, error));
    }
  }

  return {
    async importReference(source: ImportSource, chosenOptions: ReferenceImportOptions, call: CallOptions = {}): Promise<Result<ReferenceImportSummary, ImportError | AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      // Called without the client (Node, tests): what a chosen set of files carries is honoured here too.
      const carried = withCarried(source, chosenOptions);
      if (!carried.ok) return carried;
      const importOptions = carried.value;
      const fileName = importOptions.fileName ?? ((source as { name?: string }).name || 'layer');
      const started = performance.now();
      // `parts` (a .shp's loose .dbf/.prj/.cpg) go on to the shapefile importer, which reads them here in the worker.
      const { name: _name, replaceId: _replace, ...chosen } = importOptions;
      const registryOptions = { ...chosen, oneLayer: true };
      const name = importOptions.name?.trim() || defaultLayerName(layerFileStem(fileName));
      const fgbOptions = { title: name, description: `reference layer from ${fileName}` };
      let layer: ReadLayer;
      try {
        // A GeoJSON is read in pieces straight into the FlatGeobuf (issue 12: bounded memory);
        // anything else, or a GeoJSON the stream cannot take, is read whole.
        const streamed = (await isGeoJson(source, fileName)) ? await streamReferenceGeoJson(source, { ...registryOptions, fileName }, fgbOptions, call) : undefined;
        if (streamed && !streamed.ok) return streamed;
        if (streamed) layer = streamed.value;
        else {
          const whole = await readWhole(source, { ...registryOptions, fileName }, fgbOptions, call, options.readSource);
          if (!whole.ok) return whole;
          layer = whole.value;
        }
      } catch (error) {
        if (error === CANCELLED) return fail(CANCELLED);
        return fail(storeFailure({ zh: `读取并索引 ${fileName}`, en: `Reading and indexing ${fileName}` }, error));
      }
      const { fgb, imported, fields, features: featureCount } = layer;
      const read = started + layer.timings.read;
      const parsed = read + layer.timings.parse;
      let hash: string;
      try {
        hash = await sha256HexOfPieces(fgb.pieces());
      } catch (error) {
        return fail(hashFailure(fileName, error));
      }
      if (call.signal?.aborted) return fail(CANCELLED);
      const indexedAt = performance.now();
      call.onProgress?.({ stage: 'storing' });
      return guarded({ zh: `保存参考图层 ${fileName}`, en: `Saving the reference layer ${fileName}` }, async () => {
        const opened = await store();
        const profile = await opened.profile();
        const replaced = importOptions.replaceId ? profile.layers.find((entry) => entry.id === importOptions.replaceId) : undefined;
        const role = replaced?.role ?? presetRole(name, fields);
        // A new version of a layer keeps the name field the reviewer chose while the file still
        // has it; otherwise its findings are named automatically (presets.ts autoNameField).
        const namedBy = replaced?.nameField && fields.includes(replaced.nameField) ? replaced.nameField : undefined;
        const config: StyledLayerConfig = {
          id: replaced?.id ?? newLayerId(fileName, hash, new Set(profile.layers.map((entry) => entry.id))),
          name: replaced?.name ?? name,
          role,
          source: { file: fileName, features: featureCount, crs: imported.crs.crs, added: new Date().toISOString(), hash },
          fields,
          ...(namedBy ? { nameField: namedBy } : {}),
          enabled: replaced?.enabled ?? true,
          style: (replaced as StyledLayerConfig | undefined)?.style ?? defaultStyle(role, replaced?.name ?? name),
        };
        const saved = await opened.putLayer(config, fgb);
        const stored = performance.now();
        return ok({
          ...(await listing(saved)),
          config,
          format: imported.format,
          crs: imported.crs,
          warnings: imported.warnings,
          timings: { read: read - started, parse: parsed - read, index: indexedAt - parsed, store: stored - indexedAt },
        });
      });
    },

    async listReference(call: CallOptions = {}): Promise<Result<ReferenceListing, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      return guarded({ zh: '读取参考图层', en: 'Reading the reference layers' }, async () => ok(await listing()));
    },

    async removeReference(id: string, call: CallOptions = {}): Promise<Result<ReferenceListing, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      return guarded({ zh: '删除参考图层', en: 'Removing the reference layer' }, async () => {
        const opened = await store();
        if (!(await opened.profile()).layers.some((entry) => entry.id === id)) return fail(notFound(id));
        return ok(await listing(await opened.removeLayer(id)));
      });
    },

    async updateReference(config: StyledLayerConfig, call: CallOptions = {}): Promise<Result<ReferenceListing, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      return guarded({ zh: '修改参考图层', en: 'Changing the reference layer' }, async () => {
        const opened = await store();
        const profile = await opened.profile();
        const existing = profile.layers.find((entry) => entry.id === config.id);
        if (!existing) return fail(notFound(config.id));
        // The data and its provenance cannot be changed here: only how the layer is used and drawn.
        const changed = { ...config, source: existing.source, fields: existing.fields };
        const candidate = { ...profile, layers: profile.layers.map((entry) => (entry.id === config.id ? changed : entry)) };
        const checked = validateProfile(candidate);
        if (!checked.ok) return fail(analysisError('INVALID_PROFILE', checked.error.message, checked.error.hint));
        return ok(await listing(await opened.saveProfile(checked.value)));
      });
    },

    async updateProfile(changes: ProfileChanges, call: CallOptions = {}): Promise<Result<ReferenceListing, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      return guarded({ zh: '修改审查方案', en: 'Changing the review profile' }, async () => {
        const opened = await store();
        const profile = { ...(await opened.profile()) };
        if (changes.name !== undefined) profile.name = changes.name;
        if (changes.description !== undefined) profile.description = changes.description;
        if (changes.builtInLayers === null) delete profile.builtInLayers;
        else if (changes.builtInLayers !== undefined) profile.builtInLayers = changes.builtInLayers;
        return ok(await listing(await opened.saveProfile(profile)));
      });
    },

    async referenceFeatures(id: string, bbox: Bounds, limit = DRAW_FEATURE_LIMIT, call: CallOptions = {}): Promise<Result<ReferenceFeatures, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      return guarded({ zh: '读取参考图层要素', en: 'Reading the reference layer features' }, async () => {
        const opened = await store();
        const config = (await opened.profile()).layers.find((entry) => entry.id === id);
        if (!config) return fail(notFound(id));
        if (isServerLayer(config)) return serverFeatures(config, bbox, limit, call.signal);
        const wanted = [namingFieldOf(config), config.role.kind === 'classes' ? config.role.field : undefined].filter((key): key is string => Boolean(key));
        const read = await opened.features(config, bbox, { limit, signal: call.signal, properties: wanted });
        const blob = await opened.layerBlob(config);
        const envelope = blob ? await envelopeOfLayer(blob) : null;
        return ok({ features: read.truncated ? [] : read.features, truncated: read.truncated, envelope });
      });
    },

    async exportProfile(call: CallOptions = {}): Promise<Result<{ file: Blob; fileName: string }, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      return guarded({ zh: '导出审查方案', en: 'Exporting the review profile' }, async () => {
        const opened = await store();
        const profile = await opened.profile();
        const layers = new Map<string, Uint8Array>();
        for (const config of profile.layers) {
          const bytes = await opened.layerBytes(config);
          if (bytes) layers.set(config.id, bytes);
        }
        const written = await writeProfileBundle({ profile, layers });
        if (!written.ok) return fail(analysisError('INTERNAL', written.error.message, written.error.hint));
        const stem = (profile.name.trim() || 'review-profile').replace(/[\\/:*?"<>|\s]+/g, '-');
        return ok({ file: new Blob([written.value as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), fileName: `${stem}${BUNDLE_EXTENSION}` });
      });
    },

    async importProfile(source: ImportSource, fileName: string, call: CallOptions = {}): Promise<Result<ReferenceListing, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      const bytes = await options.readSource(source, call);
      if (!bytes || call.signal?.aborted) return fail(CANCELLED);
      call.onProgress?.({ stage: 'parsing' });
      const bundle = await readProfileBundle(bytes, fileName);
      if (!bundle.ok) return fail(analysisError('INVALID_PROFILE', bundle.error.message, bundle.error.hint));
      if (call.signal?.aborted) return fail(CANCELLED);
      call.onProgress?.({ stage: 'storing' });
      return guarded({ zh: `导入审查方案 ${fileName}`, en: `Importing the review profile ${fileName}` }, async () => {
        const opened = await store();
        return ok(await listing(await opened.replaceAll(bundle.value.profile, bundle.value.layers)));
      });
    },

    /**
     * Adds a layer published by a map server (issue 13): the address is checked by asking the
     * server for a few features and the layer's size; only the config is stored (no data), and
     * each review and draw asks the server again. Role preset from the layer's name and fields.
     */
    async addServerReference(url: string, name: string | undefined, call: CallOptions = {}): Promise<Result<ServerReferenceSummary, AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      const address = serverAddress(url);
      if (!address) return fail(notServerAddress(url));
      const source = webSource(address);
      let sample: Feature[];
      let count: number | null = null;
      try {
        // A look at the whole world, capped: the fields for the role chooser, and proof the server answers.
        sample = (await source.features([-180, -90, 180, 90], { limit: SAMPLE_FEATURES, signal: call.signal })).features;
        count = (await source.count?.(call.signal).catch(() => null)) ?? null;
      } catch (error) {
        if (call.signal?.aborted) return fail(CANCELLED);
        return fail(serverFailure(url, error));
      }
      const layerName = name?.trim() || addressName(address);
      const fields = fieldsOf(sample);
      return guarded({ zh: `保存服务器图层 ${layerName}`, en: `Saving the server layer ${layerName}` }, async () => {
        const opened = await store();
        const profile = await opened.profile();
        const role = presetRole(layerName, fields);
        const config: StyledLayerConfig = {
          id: newLayerId(addressName(address), (await sha256Hex(new TextEncoder().encode(url))), new Set(profile.layers.map((entry) => entry.id))),
          name: layerName,
          role,
          // `features`: the server's own count (WFS resultType=hits, OGC numberMatched); 0 when it cannot say.
          source: { file: url, features: count ?? 0, crs: SERVER_CRS[address.kind], added: new Date().toISOString() },
          fields,
          enabled: true,
          style: defaultStyle(role, layerName),
        };
        const saved = await opened.putServerLayer(config);
        return ok({ ...(await listing(saved)), config, counted: count !== null });
      });
    },

    /** The layers a WFS endpoint or an OGC API landing page offers, to pick one (issue 13). */
    async serverLayers(url: string, call: CallOptions = {}): Promise<Result<ServerLayerChoice[], AnalysisError>> {
      if (call.signal?.aborted) return fail(CANCELLED);
      try {
        const parsed = new URL(url);
        const saysWfs = [...parsed.searchParams.entries()].some(([key, value]) => key.toLowerCase() === 'service' && value.toUpperCase() === 'WFS');
        const wfsLayers = async (): Promise<ServerLayerChoice[]> => {
          const endpoint = new URL(url);
          for (const key of [...endpoint.searchParams.keys()]) if (['service', 'request', 'version', 'typenames', 'typename'].includes(key.toLowerCase())) endpoint.searchParams.delete(key);
          const capabilities = await wfsCapabilities(endpoint.href, call.signal);
          return capabilities.featureTypes.map((type) => {
            const address = new URL(endpoint.href);
            address.searchParams.set('SERVICE', 'WFS');
            address.searchParams.set('TYPENAMES', type.name);
            return { url: address.href, name: type.name, title: type.title };
          });
        };
        const ogcLayers = async (): Promise<ServerLayerChoice[]> => {
          const collections = await ogcApiCollections(url, call.signal);
          const base = url.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\/collections$/, '');
          return collections.map((collection) => ({ url: `${base}/collections/${encodeURIComponent(collection.id)}`, name: collection.id, title: collection.title }));
        };
        if (saysWfs) return ok(await wfsLayers());
        // An address that does not say which service it is (MapServer's …/mapserv?map=…, a landing page): OGC API first, then WFS.
        try {
          return ok(await ogcLayers());
        } catch (first) {
          if (call.signal?.aborted) throw first;
          return ok(await wfsLayers());
        }
      } catch (error) {
        if (call.signal?.aborted) return fail(CANCELLED);
        return fail(serverFailure(url, error));
      }
    },

    /**
     * Every reference layer's candidates for a site: the features whose boxes meet the site's
     * box (grown by a protected line's width; for proximity, widened until one is found), read
     * through the layer's index, and the stamp of the profile used. A layer that cannot be
     * read comes back `unavailable` and the verdict names it.
     */
    async referenceInputs(site: Feature): Promise<{ references: ReferenceInput[]; builtInLayers?: string[]; stamp: ProfileStamp } | null> {
      const opened = await store();
      const profile = await opened.profile();
      if (profile.layers.length === 0 && profile.builtInLayers === undefined) return null;
      const siteBounds = site.geometry ? boundsOfGeometry(site.geometry, [Infinity, Infinity, -Infinity, -Infinity]) : null;
      const references: ReferenceInput[] = [];
      for (const config of profile.layers) {
        if (!siteBounds || !Number.isFinite(siteBounds[0])) {
          references.push({ config, features: [] });
          continue;
        }
        try {
          references.push({ config, features: isServerLayer(config) ? await serverCandidates(config, siteBounds) : await candidates(opened, config, siteBounds) });
        } catch (error) {
          if (error instanceof SourceUnavailableError) {
            references.push({ config, features: { unavailable: error.text } });
            continue;
          }
          references.push({
            config,
            features: {
              unavailable: {
                zh: `参考图层“${config.name}”的数据无法读取（${error instanceof Error ? error.message : String(error)}）`,
                en: `The data of reference layer "${config.name}" cannot be read (${error instanceof Error ? error.message : String(error)})`,
              },
            },
          });
        }
      }
      const stamp: ProfileStamp = {
        name: profile.name,
        hash: await profileHash(profile),
        layers: profile.layers.map((config) => ({ id: config.id, name: config.name, hash: config.source.hash ?? '', enabled: config.enabled !== false })),
        ...(profile.builtInLayers ? { builtInLayers: profile.builtInLayers } : {}),
      };
      return { references, ...(profile.builtInLayers ? { builtInLayers: profile.builtInLayers } : {}), stamp };
    },
  };
}

/** Features asked of a server for drawing at most (issue 13); beyond it the page is told to zoom in. */
export const SERVER_DRAW_LIMIT = 5000;
/** A review waits this long for one server layer before naming it unchecked (ms). */
export const SERVER_REVIEW_TIMEOUT_MS = 30_000;
/** Features read when a server layer is added, for its fields. */
const SAMPLE_FEATURES = 50;
/** The CRS the app asks each kind of server for (wfs-source.ts: SRSNAME EPSG:4490; OGC API: CRS84 by default). */
const SERVER_CRS: Record<'wfs' | 'ogc-api' | 'flatgeobuf-url', string> = { wfs: 'EPSG:4490', 'ogc-api': 'OGC:CRS84', 'flatgeobuf-url': 'EPSG:4490' };

type WebAddress = Extract<ReturnType<typeof parseSourceAddress>, { kind: 'wfs' | 'ogc-api' | 'flatgeobuf-url' }>;

function serverAddress(url: string): WebAddress | null {
  try {
    const address = parseSourceAddress(url.trim());
    return address.kind === 'wfs' || address.kind === 'ogc-api' || address.kind === 'flatgeobuf-url' ? address : null;
  } catch {
    return null;
  }
}

function serverSourceOf(config: ReferenceLayerConfig): LayerSource {
  const address = serverAddress(config.source.file);
  if (!address) throw new SourceUnavailableError(config.source.file, notServerAddress(config.source.file).message);
  return webSource(address);
}

function notServerAddress(url: string): AnalysisError {
  return analysisError(
    'INVALID_PROFILE',
    { zh: `“${url.slice(0, 200)}”不是图层服务地址。`, en: `"${url.slice(0, 200)}" is not a layer service address.` },
    {
      zh: '请填写 WFS 地址（含 TYPENAMES=图层名）、OGC API 要素集合地址（…/collections/名称）或 FlatGeobuf 文件地址（…/文件.fgb）。',
      en: 'Enter a WFS address with TYPENAMES=layer, an OGC API collection address (…/collections/name) or a FlatGeobuf file address (…/file.fgb).',
    },
  );
}

function serverFailure(url: string, error: unknown): AnalysisError {
  const text = error instanceof SourceUnavailableError
    ? error.text
    : { zh: `图层服务 ${url} 无法使用（${error instanceof Error ? error.message : String(error)}）。`, en: `The layer service ${url} cannot be used (${error instanceof Error ? error.message : String(error)}).` };
  return analysisError('LAYER_LOAD_FAILED', text, {
    zh: '请检查地址与网络；若浏览器拦截了该地址，需由管理员将其来源加入 atlas-config.json 的 allowedOrigins。',
    en: 'Check the address and the network; if the browser blocked the address, the administrator must add its origin to allowedOrigins in atlas-config.json.',
  });
}

/** A server layer's features in the view, for drawing: at most SERVER_DRAW_LIMIT, else none and "zoom in". */
async function serverFeatures(config: ReferenceLayerConfig, bbox: Bounds, limit: number, signal?: AbortSignal): Promise<Result<ReferenceFeatures, AnalysisError>> {
  try {
    const read = await serverSourceOf(config).features(bbox, { limit: Math.min(limit, SERVER_DRAW_LIMIT), signal });
    return ok({ features: read.truncated ? [] : read.features, truncated: read.truncated, envelope: null });
  } catch (error) {
    if (signal?.aborted) return fail(CANCELLED);
    return fail(serverFailure(config.source.file, error));
  }
}

/** A server layer's candidates for a site: the engine's box for the role, asked of the server with a time limit. */
async function serverCandidates(config: ReferenceLayerConfig, site: Bounds): Promise<Feature[]> {
  const source = serverSourceOf(config);
  const signal = AbortSignal.timeout(SERVER_REVIEW_TIMEOUT_MS);
  const read = async (box: Bounds) => {
    try {
      return (await source.features(box, { signal })).features;
    } catch (error) {
      if (signal.aborted && !(error instanceof SourceUnavailableError)) {
        throw new SourceUnavailableError(source.label, {
          zh: `图层服务 ${source.label} 在 ${SERVER_REVIEW_TIMEOUT_MS / 1000} 秒内未答复`,
          en: `the layer service ${source.label} did not answer within ${SERVER_REVIEW_TIMEOUT_MS / 1000} s`,
        });
      }
      throw error;
    }
  };
  let found = await read(referenceQueryBox(site, config.role));
  if (config.role.kind === 'proximity') {
    for (let step = 0; found.length === 0 && step < PROXIMITY_STEPS.length; step += 1) {
      const metres = PROXIMITY_STEPS[step];
      found = await read(grow(site, metres));
      if (found.length > 0) found = await read(grow(site, metres * 1.5));
    }
  }
  return found;
}

async function candidates(store: ReferenceStore, config: ReferenceLayerConfig, site: Bounds): Promise<Feature[]> {
  // The engine's box for the role (the CLI reads the same), so app and CLI see the same candidates.
  let found = (await store.features(config, referenceQueryBox(site, config.role))).features;
  if (config.role.kind === 'proximity') {
    // Nothing within the engine's radius: the index makes a wider look cheap.
    for (let step = 0; found.length === 0 && step < PROXIMITY_STEPS.length; step += 1) {
      const metres = PROXIMITY_STEPS[step];
      found = (await store.features(config, grow(site, metres))).features;
      // A feature in the box grown by d lies within d·√2 of the site, so the nearest one meets the box grown by 1.5·d.
      if (found.length > 0) found = (await store.features(config, grow(site, metres * 1.5))).features;
    }
  }
  // Source-file order (the order the CLI reads the file in), not the index's Hilbert order.
  return found.sort((first, second) => Number(first.id) - Number(second.id));
}

export type ReferenceOperations = ReturnType<typeof createReferenceOperations>;
