/**
 * Where reference layers live in the browser (issue 10 "Reference layers"): each layer as an
 * indexed FlatGeobuf file (packed Hilbert R-tree, src/data/fgb-writer.ts) plus the active
 * review profile (`profile.json`, which holds every layer's {@link ReferenceLayerConfig}),
 * kept across reloads in the origin-private file system (OPFS,
 * `navigator.storage.getDirectory()`), or in IndexedDB where OPFS is missing, or in memory
 * (tests; a browser that allows neither — then nothing survives a reload, and
 * {@link ReferenceStore.persistent} says so).
 *
 * Features are read by bounding box through the file's spatial index: a `Blob` (an OPFS
 * `File`, or the Blob IndexedDB keeps) is read by `slice()`, as flatgeobuf's HTTP reader
 * reads by range request — a query touches the header, the tree (read once a file and kept
 * with its Blob: 40 bytes a feature) and the matching features, never the whole file. Only
 * the analysis worker opens this store (one writer); the page asks the worker.
 *
 * Layer files are named by id and content hash (`layers/<id>.<hash16>.fgb`), so writing a
 * new version never touches the old one; `profile.json` is written last and is the commit
 * point, and files no profile names are swept afterwards. A bundle import therefore writes
 * all or nothing.
 *
 * No React, no MapLibre (CONVENTIONS.md "The shape").
 */
import type { Feature } from 'geojson';
import { openDB, type IDBPDatabase } from 'idb';
import { magicbytes, SIZE_PREFIX_LEN } from 'flatgeobuf/lib/mjs/constants.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { Feature as FeatureTable } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize, generateLevelBounds } from 'flatgeobuf/lib/mjs/packedrtree.js';
import * as flatbuffers from 'flatbuffers';
import type { ReferenceLayerConfig, ReviewProfile } from '../analysis/review/reference-types';
import { emptyProfile, isServerLayer, validateProfile } from './profile-bundle';

export { isServerLayer };

/** The column the store adds to every feature: its position in the source file (0-based, as GDAL's FID for Shapefiles). */
export const SOURCE_INDEX_FIELD = '__source_index';

export const PROFILE_FILE = 'profile.json';
const LAYER_DIRECTORY = 'layers';

/**
 * A file's bytes: whole, or laid out in pieces (an indexed FlatGeobuf as the writer gives it,
 * src/data/fgb-writer.ts: each piece valid until the next is asked for). A layer of 80,000
 * features is stored from its pieces, never held as one array beside them (issue 12).
 */
export type FileBytes = Uint8Array | { pieces(): Iterable<Uint8Array> };

/**
 * A file's contents as the pieces a backend writes one after another: a text or a whole array
 * as one piece, a laid-out file as its pieces (each written before the next is asked for).
 */
export function filePieces(data: FileBytes | string): Iterable<Uint8Array | string> {
  return typeof data === 'string' || data instanceof Uint8Array ? [data] : data.pieces();
}

/** The bytes as Blob parts, each piece copied as it comes. */
function blobParts(bytes: FileBytes): BlobPart[] {
  return bytes instanceof Uint8Array ? [bytes as Uint8Array<ArrayBuffer>] : Array.from(bytes.pieces(), (piece) => new Blob([piece as Uint8Array<ArrayBuffer>]));
}

/** Files by name; names may hold one `/` (a folder). */
export interface StorageBackend {
  readonly kind: 'opfs' | 'indexeddb' | 'memory';
  readText(name: string): Promise<string | undefined>;
  writeText(name: string, text: string): Promise<void>;
  writeBytes(name: string, bytes: FileBytes): Promise<void>;
  /** The file as a Blob (read by `slice`), or undefined when absent. */
  readBlob(name: string): Promise<Blob | undefined>;
  remove(name: string): Promise<void>;
  /** Names in a folder (`layers`), without the folder. */
  list(folder: string): Promise<string[]>;
}

// ---------------------------------------------------------------------------------------
// Backends
// ---------------------------------------------------------------------------------------

/** An in-memory backend: for tests and as the last resort (nothing survives a reload). */
export function memoryBackend(): StorageBackend {
  const files = new Map<string, Blob | string>();
  return {
    kind: 'memory',
    async readText(name) {
      const value = files.get(name);
      return typeof value === 'string' ? value : value ? value.text() : undefined;
    },
    async writeText(name, text) {
      files.set(name, text);
    },
    async writeBytes(name, bytes) {
      files.set(name, new Blob(blobParts(bytes)));
    },
    async readBlob(name) {
      const value = files.get(name);
      return typeof value === 'string' ? new Blob([value]) : value;
    },
    async remove(name) {
      files.delete(name);
    },
    async list(folder) {
      const prefix = `${folder}/`;
      return [...files.keys()].filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
    },
  };
}

const OPFS_ROOT = 'weihai-rushan-atlas-reference';

/** OPFS's synchronous file access (dedicated workers; not in every DOM typing yet). */
interface SyncAccessHandle {
  truncate(size: number): void;
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

/** The origin-private file system (Chromium, Firefox, Safari ≥ 15.2), in a page or a worker. */
export async function opfsBackend(): Promise<StorageBackend> {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(OPFS_ROOT, { create: true });
  const split = async (name: string, create: boolean): Promise<{ folder: FileSystemDirectoryHandle; file: string }> => {
    const slash = name.indexOf('/');
    if (slash < 0) return { folder: root, file: name };
    return { folder: await root.getDirectoryHandle(name.slice(0, slash), { create }), file: name.slice(slash + 1) };
  };
  const handle = async (name: string): Promise<FileSystemFileHandle | undefined> => {
    try {
      const { folder, file } = await split(name, false);
      return await folder.getFileHandle(file);
    } catch (error) {
      if ((error as DOMException).name === 'NotFoundError') return undefined;
      throw error;
    }
  };
  /** Writes the pieces through a sync access handle (dedicated workers only), in place. */
  const writeInPlace = async (fileHandle: FileSystemFileHandle, pieces: Iterable<Uint8Array | string>): Promise<void> => {
    const access = await (fileHandle as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
    try {
      access.truncate(0);
      let at = 0;
      for (const piece of pieces) at += access.write(typeof piece === 'string' ? new TextEncoder().encode(piece) : piece, { at });
      access.flush();
    } finally {
      access.close();
    }
  };
  const write = async (name: string, data: FileBytes | string): Promise<void> => {
    const { folder, file } = await split(name, true);
    // A file not there yet (a new layer version: its name holds its hash) is written in place
    // through a sync access handle where the worker has one: 36 MB in 0.05 s where the atomic
    // writable took 0.43–0.62 s (Chromium, a profile on disk; issue 12). Writing in place is
    // safe only because no profile names the file yet: a write that fails is removed, and an
    // import stopped part-way (the tab closed) leaves a file that the next save sweeps.
    // Anything else (the profile, the commit point) is replaced atomically: the old file stays
    // whole until the writable is closed.
    const fresh = typeof data !== 'string' && !(await handle(name));
    const fileHandle = await folder.getFileHandle(file, { create: true });
    const pieces = filePieces(data);
    const inPlace = typeof (fileHandle as { createSyncAccessHandle?: unknown }).createSyncAccessHandle === 'function';
    if (fresh && inPlace) {
      try {
        return await writeInPlace(fileHandle, pieces);
      } catch (error) {
        // A write that failed part-way (the quota, a full disk): its partial file goes at once.
        await folder.removeEntry(file).catch(() => undefined);
        throw error;
      }
    }
    if (typeof fileHandle.createWritable === 'function') {
      const writable = await fileHandle.createWritable();
      for (const piece of pieces) await writable.write(piece as FileSystemWriteChunkType);
      await writable.close();
      return;
    }
    // Safari before 17 has no createWritable; its workers have sync access handles.
    return writeInPlace(fileHandle, pieces);
  };
  return {
    kind: 'opfs',
    async readText(name) {
      const found = await handle(name);
      return found ? (await found.getFile()).text() : undefined;
    },
    writeText: write,
    writeBytes: write,
    async readBlob(name) {
      const found = await handle(name);
      return found ? found.getFile() : undefined;
    },
    async remove(name) {
      try {
        const { folder, file } = await split(name, false);
        await folder.removeEntry(file);
      } catch (error) {
        if ((error as DOMException).name !== 'NotFoundError') throw error;
      }
    },
    async list(folder) {
      let directory: FileSystemDirectoryHandle;
      try {
        directory = await root.getDirectoryHandle(folder);
      } catch {
        return [];
      }
      const names: string[] = [];
      for await (const key of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(key);
      return names;
    },
  };
}

export const REFERENCE_DATABASE_NAME = 'weihai-rushan-atlas-reference';
const FILE_STORE = 'files';

/** IndexedDB (every browser), where OPFS is missing: one object store of Blobs and texts by name. */
export async function indexedDbBackend(databaseName = REFERENCE_DATABASE_NAME): Promise<StorageBackend> {
  const database: IDBPDatabase = await openDB(databaseName, 1, {
    upgrade(upgrading) {
      upgrading.createObjectStore(FILE_STORE);
    },
  });
  return {
    kind: 'indexeddb',
    async readText(name) {
      const value = (await database.get(FILE_STORE, name)) as Blob | string | undefined;
      return typeof value === 'string' ? value : value ? value.text() : undefined;
    },
    async writeText(name, text) {
      await database.put(FILE_STORE, text, name);
    },
    async writeBytes(name, bytes) {
      await database.put(FILE_STORE, new Blob(blobParts(bytes)), name);
    },
    async readBlob(name) {
      const value = (await database.get(FILE_STORE, name)) as Blob | string | undefined;
      return typeof value === 'string' ? new Blob([value]) : value;
    },
    async remove(name) {
      await database.delete(FILE_STORE, name);
    },
    async list(folder) {
      const prefix = `${folder}/`;
      const keys = (await database.getAllKeys(FILE_STORE)) as string[];
      return keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
    },
  };
}

/** Can this backend really write? (OPFS exists but refuses in some private modes.) */
async function probe(backend: StorageBackend): Promise<boolean> {
  try {
    await backend.writeText('probe.txt', 'ok');
    const back = await backend.readText('probe.txt');
    await backend.remove('probe.txt');
    return back === 'ok';
  } catch {
    return false;
  }
}

/** The best backend this browser offers: OPFS, else IndexedDB, else memory. */
export async function openBestBackend(): Promise<StorageBackend> {
  if (typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function') {
    try {
      const backend = await opfsBackend();
      if (await probe(backend)) return backend;
    } catch {
      // fall through to IndexedDB
    }
  }
  if (typeof indexedDB !== 'undefined') {
    try {
      const backend = await indexedDbBackend();
      if (await probe(backend)) return backend;
    } catch {
      // fall through to memory
    }
  }
  return memoryBackend();
}

// ---------------------------------------------------------------------------------------
// Reading by bounding box
// ---------------------------------------------------------------------------------------

/** [west, south, east, north] in lon/lat. */
export type Bounds = [number, number, number, number];

export interface FeaturesInBoxOptions {
  /** Stop after this many features (`truncated` is then true). */
  limit?: number;
  signal?: AbortSignal;
  /** Keep only these properties (drawing needs few); default all. */
  properties?: readonly string[];
}

export interface FeaturesInBox {
  features: Feature[];
  truncated: boolean;
}

/** A stored layer's header and packed R-tree, read once per file (40 bytes a feature). */
interface LayerIndex {
  header: HeaderMeta;
  /** Where the features start in the file. */
  featuresStart: number;
  /** The tree's nodes: per node [minX, minY, maxX, maxY, offset] as float64 (the offset read through `words`). */
  boxes: Float64Array;
  words: Uint32Array;
  /** Per level, leaves first: [first node, end node). */
  levels: [number, number][];
}

const layerIndexes = new WeakMap<Blob, Promise<LayerIndex>>();

/** The header and tree of an indexed FlatGeobuf Blob, cached with the Blob (one read of the tree's bytes). */
function layerIndexOf(blob: Blob): Promise<LayerIndex> {
  let index = layerIndexes.get(blob);
  if (!index) {
    index = (async () => {
      // The header as flatgeobuf's readers read it: magic bytes, its length, then the table.
      const prefix = new Uint8Array(await blob.slice(0, magicbytes.length + SIZE_PREFIX_LEN).arrayBuffer());
      if (prefix.length < magicbytes.length + SIZE_PREFIX_LEN || !magicbytes.every((byte, at) => prefix[at] === byte)) throw new Error('the layer file is not FlatGeobuf');
      const headerLength = new DataView(prefix.buffer).getUint32(magicbytes.length, true);
      const treeStart = magicbytes.length + SIZE_PREFIX_LEN + headerLength;
      const header = fromByteBuffer(new flatbuffers.ByteBuffer(new Uint8Array(await blob.slice(magicbytes.length, treeStart).arrayBuffer())));
      const indexed = header.indexNodeSize > 0 && header.featuresCount > 0;
      const featuresStart = treeStart + (indexed ? calcTreeSize(header.featuresCount, header.indexNodeSize) : 0);
      // A fresh buffer from offset 0: the nodes' float64s are 8-byte aligned in it.
      const tree = await blob.slice(treeStart, featuresStart).arrayBuffer();
      return {
        header,
        featuresStart,
        boxes: new Float64Array(tree, 0, Math.floor(tree.byteLength / 8)),
        words: new Uint32Array(tree, 0, Math.floor(tree.byteLength / 4)),
        levels: indexed ? generateLevelBounds(header.featuresCount, header.indexNodeSize) : [],
      };
    })();
    layerIndexes.set(blob, index);
    index.catch(() => layerIndexes.delete(blob));
  }
  return index;
}

/**
 * The leaves of the packed R-tree whose boxes meet `bounds`, in file order (depth first, each
 * node's children in turn), at most `most` of them. flatgeobuf's own search walks the whole
 * tree, level by level and one awaited node range and one async-generator step per item, before
 * the first feature is read (issue 12: ≈ 2 s of the worker in Chromium for a view over 80,000
 * features, in order to draw none of them past the draw limit); this walk is synchronous over
 * the tree read once, and stops as soon as it has found one more than the caller can take.
 */
function searchTree(index: LayerIndex, [minX, minY, maxX, maxY]: Bounds, most: number): number[] {
  const { boxes, words, levels, header } = index;
  if (levels.length === 0) return [];
  const nodeSize = header.indexNodeSize;
  const firstLeaf = levels[0][0];
  const found: number[] = [];
  const visit = (level: number, start: number, end: number): boolean => {
    for (let node = start; node < end; node++) {
      const at = node * 5;
      if (boxes[at] > maxX || boxes[at + 1] > maxY || boxes[at + 2] < minX || boxes[at + 3] < minY) continue;
      if (level === 0) {
        found.push(node - firstLeaf);
        if (found.length >= most) return true;
        continue;
      }
      const child = words[at * 2 + 8] + words[at * 2 + 9] * 2 ** 32;
      if (visit(level - 1, child, Math.min(child + nodeSize, levels[level - 1][1]))) return true;
    }
    return false;
  };
  visit(levels.length - 1, levels[levels.length - 1][0], levels[levels.length - 1][1]);
  return found;
}

/** Where leaf `item`'s feature starts, from the start of the features. */
function featureOffset(index: LayerIndex, item: number): number {
  const at = (index.levels[0][0] + item) * 10;
  return index.words[at + 8] + index.words[at + 9] * 2 ** 32;
}

/** Features nearer together than this are read with one slice (flatgeobuf's own threshold for its range requests)… */
const READ_GAP_BYTES = 256 * 1024;
/** …of at most this many bytes (a box over a whole layer is not read as one 36 MB array). */
const READ_RUN_BYTES = 4 << 20;

/**
 * The features of an indexed FlatGeobuf Blob whose bounding boxes meet `bounds`, read
 * through the packed R-tree, in file order. Each feature's `id` is its position in the source
 * file ({@link SOURCE_INDEX_FIELD}), not its position in the Hilbert-sorted file. With a
 * `limit` and more features than that in the box, the first `limit` are read and `truncated`
 * is set, without the rest being looked for.
 *
 * @example const { features } = await readFeaturesInBox(file, [121.5, 36.8, 121.6, 36.9]);
 */
export async function readFeaturesInBox(blob: Blob, bounds: Bounds, options: FeaturesInBoxOptions = {}): Promise<FeaturesInBox> {
  const index = await layerIndexOf(blob);
  options.signal?.throwIfAborted();
  const { header, featuresStart } = index;
  const limit = options.limit ?? Infinity;
  if (header.featuresCount > 0 && header.indexNodeSize === 0) throw new Error('the layer file has no spatial index');
  const items = searchTree(index, bounds, limit + 1);
  const truncated = items.length > limit;
  if (truncated) items.length = limit;
  const features: Feature[] = [];
  const count = header.featuresCount;
  const endOf = (item: number) => (item + 1 < count ? featureOffset(index, item + 1) : blob.size - featuresStart);
  for (let first = 0; first < items.length; ) {
    // One slice for a run of features with small gaps between them.
    let last = first;
    const start = featureOffset(index, items[first]);
    while (last + 1 < items.length && featureOffset(index, items[last + 1]) - endOf(items[last]) <= READ_GAP_BYTES && endOf(items[last + 1]) - start <= READ_RUN_BYTES) last++;
    const bytes = new Uint8Array(await blob.slice(featuresStart + start, featuresStart + endOf(items[last])).arrayBuffer());
    options.signal?.throwIfAborted();
    for (let at = first; at <= last; at++) {
      const item = items[at];
      const from = featureOffset(index, item) - start;
      // A copy from offset 0 (with its size prefix): the geometry's float64 views need 8-byte alignment.
      const table = FeatureTable.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(bytes.slice(from, endOf(item) - start)));
      const geoJson = fromFeature(item, table, header) as Feature;
      const properties = { ...(geoJson.properties ?? {}) };
      const sourceIndex = properties[SOURCE_INDEX_FIELD];
      delete properties[SOURCE_INDEX_FIELD];
      let kept: Record<string, unknown> = properties;
      if (options.properties) {
        kept = {};
        for (const key of options.properties) if (key in properties) kept[key] = properties[key];
      }
      features.push({ type: 'Feature', id: typeof sourceIndex === 'number' ? sourceIndex : item, geometry: geoJson.geometry, properties: kept });
    }
    first = last + 1;
  }
  return { features, truncated };
}

/** A stored layer file's envelope from its header ([west, south, east, north]), or null when it has none. */
export async function envelopeOfLayer(blob: Blob): Promise<Bounds | null> {
  const { envelope } = (await layerIndexOf(blob)).header;
  return envelope && envelope.length >= 4 ? [envelope[0], envelope[1], envelope[2], envelope[3]] : null;
}

// ---------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------

/** The name of a layer version's file. */
export function layerFileName(config: Pick<ReferenceLayerConfig, 'id' | 'source'>): string {
  return `${LAYER_DIRECTORY}/${config.id}.${(config.source.hash ?? 'nohash').slice(0, 16)}.fgb`;
}

export class ReferenceStore {
  private profileCache: ReviewProfile | undefined;
  private readonly blobs = new Map<string, Blob>();

  constructor(readonly backend: StorageBackend) {}

  /** true when what is stored survives a reload (OPFS or IndexedDB). */
  get persistent(): boolean {
    return this.backend.kind !== 'memory';
  }

  /** The active profile; an empty one when none was saved (or the saved one cannot be read). */
  async profile(): Promise<ReviewProfile> {
    if (this.profileCache) return this.profileCache;
    const text = await this.backend.readText(PROFILE_FILE);
    let profile = emptyProfile();
    if (text !== undefined) {
      try {
        const checked = validateProfile(JSON.parse(text));
        if (checked.ok) profile = checked.value;
      } catch {
        // A damaged profile.json is treated as none; its layer files stay until the next save.
      }
    }
    this.profileCache = profile;
    return profile;
  }

  /** Validates and saves the profile (the commit point), then removes layer files it no longer names. */
  async saveProfile(profile: ReviewProfile): Promise<ReviewProfile> {
    const checked = validateProfile(profile);
    if (!checked.ok) throw new Error(checked.error.message.en);
    await this.backend.writeText(PROFILE_FILE, JSON.stringify(checked.value));
    this.profileCache = checked.value;
    await this.sweep(checked.value);
    return checked.value;
  }

  /** Writes a layer version's file (before the profile that names it is saved). */
  async writeLayerData(config: ReferenceLayerConfig, bytes: FileBytes): Promise<void> {
    const name = layerFileName(config);
    await this.backend.writeBytes(name, bytes);
    this.blobs.delete(name);
  }

  /** Adds or replaces one layer: its data first, then the profile naming it. */
  async putLayer(config: ReferenceLayerConfig, bytes: FileBytes): Promise<ReviewProfile> {
    await this.writeLayerData(config, bytes);
    const profile = await this.profile();
    const others = profile.layers.filter((entry) => entry.id !== config.id);
    const existing = profile.layers.findIndex((entry) => entry.id === config.id);
    const layers = existing < 0 ? [...others, config] : profile.layers.map((entry) => (entry.id === config.id ? config : entry));
    return this.saveProfile({ ...profile, layers });
  }

  /**
   * Adds or replaces a server layer (issue 13): only its config is kept — its features stay on
   * the bureau's server and are asked for at each review and draw (`source.file` is the URL).
   */
  async putServerLayer(config: ReferenceLayerConfig): Promise<ReviewProfile> {
    const profile = await this.profile();
    const existing = profile.layers.some((entry) => entry.id === config.id);
    const layers = existing ? profile.layers.map((entry) => (entry.id === config.id ? config : entry)) : [...profile.layers, config];
    return this.saveProfile({ ...profile, layers });
  }

  async removeLayer(id: string): Promise<ReviewProfile> {
    const profile = await this.profile();
    return this.saveProfile({ ...profile, layers: profile.layers.filter((entry) => entry.id !== id) });
  }

  /**
   * Replaces the whole profile and its layers (a bundle import): every file is written
   * first, the profile last, so a failure part-way leaves the previous profile in force.
   */
  async replaceAll(profile: ReviewProfile, layers: Map<string, Uint8Array>): Promise<ReviewProfile> {
    for (const config of profile.layers) {
      const bytes = layers.get(config.id);
      if (!bytes && isServerLayer(config)) continue; // a server layer has no data of its own
      if (!bytes) throw new Error(`no data for layer ${config.id}`);
      await this.writeLayerData(config, bytes);
    }
    return this.saveProfile(profile);
  }

  /** The stored file of a layer (a Blob read by slices), or undefined when it is missing. */
  async layerBlob(config: ReferenceLayerConfig): Promise<Blob | undefined> {
    const name = layerFileName(config);
    const cached = this.blobs.get(name);
    if (cached) return cached;
    const blob = await this.backend.readBlob(name);
    if (blob) this.blobs.set(name, blob);
    return blob;
  }

  async layerBytes(config: ReferenceLayerConfig): Promise<Uint8Array | undefined> {
    const blob = await this.layerBlob(config);
    return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
  }

  /** Features of a layer in a bounding box, through the file's index; throws when the file is missing. */
  async features(config: ReferenceLayerConfig, bounds: Bounds, options: FeaturesInBoxOptions = {}): Promise<FeaturesInBox> {
    const blob = await this.layerBlob(config);
    if (!blob) throw new Error(`the data file of layer ${config.id} is missing`);
    return readFeaturesInBox(blob, bounds, options);
  }

  /** Removes layer files no profile names (earlier versions, removed layers, an import that stopped part-way). */
  private async sweep(profile: ReviewProfile): Promise<void> {
    const wanted = new Set(profile.layers.map((config) => layerFileName(config)));
    for (const file of await this.backend.list(LAYER_DIRECTORY)) {
      const name = `${LAYER_DIRECTORY}/${file}`;
      if (!wanted.has(name)) {
        await this.backend.remove(name);
        this.blobs.delete(name);
      }
    }
  }
}
