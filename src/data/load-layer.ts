/**
 * Loads the catalog and the FlatGeobuf layer files over HTTP. No React, no MapLibre: the
 * same functions serve the map, a worker or a test. Failures throw `LayerLoadError`, whose
 * message names the file and what to do, in Chinese and English.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { ByteBuffer } from 'flatbuffers';
// flatgeobuf's parts, not its readers: its deserialize of bytes lives in one module with its
// HTTP range reader, which only a bounding-box read needs (loaded then, below). The first load
// of the app reads whole files (issue 12: ≈ 5 KB of gzip less before the first draw).
import { magicbytes, SIZE_PREFIX_LEN } from 'flatgeobuf/lib/mjs/constants.js';
import { Feature as FgbFeature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import type { Bilingual, Catalog, CatalogLayer } from './catalog-types';

/** A load failure a planner can act on: `message` is bilingual, `url` the file asked for. */
export class LayerLoadError extends Error {
  readonly bilingual: Bilingual;
  readonly url: string;
  constructor(bilingual: Bilingual, url: string) {
    super(`${bilingual.zh} / ${bilingual.en}`);
    this.name = 'LayerLoadError';
    this.bilingual = bilingual;
    this.url = url;
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Resolves `relative` against the app base (`./` in production, so the app works from any folder). */
export function resolveDataUrl(relative: string, base: string = import.meta.env.BASE_URL): string {
  const origin = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  return new URL(relative, new URL(base, origin)).href;
}

const REBUILD_HINT: Bilingual = {
  zh: '请在项目目录运行 `npm run data` 重新生成数据后刷新页面。',
  en: 'Run `npm run data` in the project folder to rebuild the data, then reload the page.',
};

async function fetchOrExplain(url: string, what: Bilingual, signal?: AbortSignal, early?: Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await (early ?? fetch(url, { signal }));
    signal?.throwIfAborted();
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new LayerLoadError(
      {
        zh: `无法读取${what.zh}（${url}）：网络或服务器未响应。请确认图集服务仍在运行。`,
        en: `Could not read ${what.en} (${url}): the network or server did not answer. Check that the atlas server is still running.`,
      },
      url,
    );
  }
  if (!response.ok) {
    const missing = response.status === 404;
    throw new LayerLoadError(
      {
        zh: `${what.zh}${missing ? '缺失' : `读取失败（HTTP ${response.status}）`}：${url}。${REBUILD_HINT.zh}`,
        en: `${what.en} ${missing ? 'is missing' : `could not be read (HTTP ${response.status})`}: ${url}. ${REBUILD_HINT.en}`,
      },
      url,
    );
  }
  return response;
}

/** A catalog request started before the app renders (`prefetchCatalog`), taken by the first `loadCatalog` of the same URL. */
let prefetched: { url: string; response: Promise<Response> } | null = null;

/**
 * Starts fetching `data/catalog.json` at once (the entry module calls it before React renders),
 * so the catalog — and after it the layer files — does not wait for the first render and the
 * map's set-up on a busy main thread (issue 12: first full draw). Failures surface in `loadCatalog`.
 */
export function prefetchCatalog(base: string = import.meta.env.BASE_URL): void {
  const url = resolveDataUrl('data/catalog.json', base);
  const response = fetch(url);
  response.catch(() => undefined); // reported by loadCatalog, which awaits it
  prefetched = { url, response };
}

/** Fetches `data/catalog.json` under `base` and checks it is a catalog this app understands. */
export async function loadCatalog(base: string = import.meta.env.BASE_URL, signal?: AbortSignal): Promise<Catalog> {
  const url = resolveDataUrl('data/catalog.json', base);
  const what = { zh: '图层目录（catalog.json）', en: 'the layer catalog (catalog.json)' };
  const early = prefetched?.url === url ? prefetched.response : undefined;
  prefetched = null;
  const response = await fetchOrExplain(url, what, signal, early);
  let catalog: unknown;
  try {
    catalog = await response.json();
  } catch {
    // Vite's dev server answers unknown paths with index.html: that is a missing file too.
    throw new LayerLoadError(
      { zh: `图层目录不是有效的 JSON：${url}。${REBUILD_HINT.zh}`, en: `The layer catalog is not valid JSON: ${url}. ${REBUILD_HINT.en}` },
      url,
    );
  }
  const candidate = catalog as Partial<Catalog> | null;
  if (!candidate || candidate.version !== 1 || !Array.isArray(candidate.layers)) {
    throw new LayerLoadError(
      {
        zh: `图层目录格式不符（需要 version 1 与 layers 列表）：${url}。${REBUILD_HINT.zh}`,
        en: `The layer catalog has an unexpected format (needs version 1 and a layers list): ${url}. ${REBUILD_HINT.en}`,
      },
      url,
    );
  }
  // The build sorts by `order`; sorting again keeps the draw order right for hand-edited catalogs.
  return { ...(candidate as Catalog), layers: [...candidate.layers].sort((a, b) => a.order - b.order) };
}

export interface LoadLayerOptions {
  signal?: AbortSignal;
  /** [west, south, east, north]: read only features whose boxes meet it, through the file's spatial index (HTTP range requests). */
  bbox?: [number, number, number, number];
  base?: string;
}

/**
 * The features of a whole FlatGeobuf file held in memory, in file order, as GeoJSON: the header,
 * the spatial index skipped, then each size-prefixed feature (the format's layout, read with the
 * package's own header, feature and GeoJSON converters).
 */
export function* featuresOf(bytes: Uint8Array): Generator<Feature> {
  const buffer = new ByteBuffer(bytes);
  const headerLength = buffer.readUint32(magicbytes.length);
  buffer.setPosition(magicbytes.length);
  const header = fromByteBuffer(buffer);
  let offset = magicbytes.length + SIZE_PREFIX_LEN + headerLength;
  if (header.indexNodeSize > 0) offset += calcTreeSize(header.featuresCount, header.indexNodeSize);
  for (let id = 0; offset < buffer.capacity(); id++) {
    const length = buffer.readUint32(offset);
    buffer.setPosition(offset);
    yield fromFeature(id, FgbFeature.getSizePrefixedRootAsFeature(buffer), header) as Feature;
    offset += SIZE_PREFIX_LEN + length;
  }
}

/** FlatGeobuf files start with these magic bytes ("fgb" + version 3). */
const FLATGEOBUF_MAGIC = [0x66, 0x67, 0x62];

/**
 * Reads one layer's FlatGeobuf file into a GeoJSON FeatureCollection (lon/lat). Without
 * `bbox` the whole file is fetched once; with `bbox` only the index and the matching
 * features are requested.
 */
export async function loadLayerData(layer: CatalogLayer, options: LoadLayerOptions = {}): Promise<FeatureCollection> {
  const url = resolveDataUrl(layer.url, options.base);
  const what = { zh: `图层“${layer.title.zh}”的数据文件`, en: `the data file of layer "${layer.title.en}"` };
  const features: Feature[] = [];
  try {
    if (options.bbox) {
      const [minX, minY, maxX, maxY] = options.bbox;
      // The GeoJSON reader alone: the package's index also pulls in its OpenLayers adapter.
      const geojson = await import('flatgeobuf/lib/mjs/geojson.js');
      for await (const feature of geojson.deserialize(url, { rect: { minX, minY, maxX, maxY } })) {
        options.signal?.throwIfAborted();
        features.push(feature as Feature);
      }
    } else {
      const response = await fetchOrExplain(url, what, options.signal);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!FLATGEOBUF_MAGIC.every((byte, index) => bytes[index] === byte)) {
        throw new LayerLoadError(
          {
            zh: `${what.zh}不是 FlatGeobuf 文件：${url}。${REBUILD_HINT.zh}`,
            en: `${what.en} is not a FlatGeobuf file: ${url}. ${REBUILD_HINT.en}`,
          },
          url,
        );
      }
      for (const feature of featuresOf(bytes)) features.push(feature);
    }
  } catch (error) {
    if (error instanceof LayerLoadError || isAbortError(error)) throw error;
    throw new LayerLoadError(
      {
        zh: `${what.zh}无法解析：${url}（${(error as Error).message}）。${REBUILD_HINT.zh}`,
        en: `${what.en} could not be parsed: ${url} (${(error as Error).message}). ${REBUILD_HINT.en}`,
      },
      url,
    );
  }
  return { type: 'FeatureCollection', features: features as Feature<Geometry>[] };
}
