/**
 * One interface for where a layer's features live (CONVENTIONS: "Data enters through one
 * source interface"): a file in memory, an indexed FlatGeobuf by URL (HTTP range requests),
 * an OGC API – Features collection, a WFS 2.0 feature type — and, in the Node CLIs, a
 * PostGIS table (scripts/lib/postgis-source.ts). Drawing, the review's reference layers and
 * the intensity dashboard ask `features(bbox)`; none of them knows where the layer lives.
 *
 * Bounding boxes are lon/lat (CGCS2000 ≈ WGS 84): [west, south, east, north]. Features come
 * back in lon/lat. A source that cannot answer (unreachable, too slow, HTTP error, not the
 * expected format) throws {@link SourceUnavailableError} with a bilingual message naming the
 * source; the review turns it into an "unchecked layer" section and never reports
 * "compliant" over it.
 */
import type { Feature } from 'geojson';
import type { Bilingual } from '../../data/catalog-types';

export type LonLatBox = [number, number, number, number];

export type SourceKind = 'memory' | 'flatgeobuf-url' | 'ogc-api' | 'wfs' | 'postgis';

export interface FeaturesOptions {
  /** At most this many features (default: the source's cap). Reaching it is reported by `truncated`. */
  limit?: number;
  signal?: AbortSignal;
  /** Called after each page with the number of features read so far. */
  onProgress?: (read: number) => void;
}

export interface FeaturesPage {
  features: Feature[];
  /** true when `limit` stopped the reading before the source ran out. */
  truncated: boolean;
  /** Bytes received over the network (0 for memory sources), for the benchmark. */
  bytes: number;
}

export interface LayerSource {
  readonly kind: SourceKind;
  /** What the report names as the layer's source: file name, URL or table. */
  readonly label: string;
  /** Features whose geometry may meet `bbox` (lon/lat). */
  features(bbox: LonLatBox, options?: FeaturesOptions): Promise<FeaturesPage>;
  /** How many features the whole layer holds, when the source can say cheaply (null: unknown). */
  count?(signal?: AbortSignal): Promise<number | null>;
}

/** The default cap of features one request may bring, so no browser downloads a whole city. */
export const DEFAULT_FEATURE_LIMIT = 50_000;
/** Per-request time limit for network sources, ms. */
export const DEFAULT_TIMEOUT_MS = 20_000;

export class SourceUnavailableError extends Error {
  readonly text: Bilingual;
  readonly source: string;
  constructor(source: string, text: Bilingual) {
    super(`${text.en} / ${text.zh}`);
    this.name = 'SourceUnavailableError';
    this.text = text;
    this.source = source;
  }
}

/** The signal the caller gave, combined with a time limit. */
export function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** fetch with a time limit; every failure becomes a SourceUnavailableError naming the source. */
export async function fetchFromSource(
  label: string,
  url: string,
  options: { signal?: AbortSignal; timeoutMs?: number; accept?: string } = {},
): Promise<{ text: string; bytes: number; contentType: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = withTimeout(options.signal, timeoutMs);
  let response: Response;
  try {
    response = await onceMoreIfClosed(() => fetch(url, { signal, headers: options.accept ? { Accept: options.accept } : undefined }), signal);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const code = causeCode(error);
    throw new SourceUnavailableError(label, {
      zh: timedOut
        ? `图层服务 ${label} 在 ${timeoutMs / 1000} 秒内未响应。请检查服务器是否运行、网络是否可达，或稍后重试。`
        : `无法连接图层服务 ${label}${code ? `（${code}）` : ''}。请检查服务器地址和内网连接，或联系管理员。`,
      en: timedOut
        ? `The layer service ${label} did not answer within ${timeoutMs / 1000} s. Check that the server is running and reachable, or try again later.`
        : `Could not reach the layer service ${label}${code ? ` (${code})` : ''}. Check the server address and the intranet connection, or ask the administrator.`,
    });
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) {
    throw new SourceUnavailableError(label, {
      zh: `图层服务 ${label} 返回错误（HTTP ${response.status}）。请检查图层名称与服务配置。`,
      en: `The layer service ${label} answered with an error (HTTP ${response.status}). Check the layer name and the service configuration.`,
    });
  }
  return { text: body, bytes: new TextEncoder().encode(body).length, contentType: response.headers.get('content-type') ?? '' };
}

/** The system's code for why a fetch failed (Node: ECONNREFUSED …; browsers give none), for the administrator. */
function causeCode(error: unknown): string | null {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : null;
}

/**
 * Runs a network read, and once more when it failed because the server had closed the
 * kept-alive connection before answering (Apache's and lighttpd's idle limit is 5 s; the CLI
 * computes between pages). Browsers send such a request again on a new connection; Node's
 * fetch does not. Not after an abort or a timeout.
 */
export async function onceMoreIfClosed<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (signal?.aborted || !['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(causeCode(error) ?? '')) throw error;
    return read();
  }
}

export function notFormat(label: string, expected: string): SourceUnavailableError {
  return new SourceUnavailableError(label, {
    zh: `图层服务 ${label} 的响应不是预期的 ${expected} 格式。请确认地址指向要素服务（WFS / OGC API – Features）的图层。`,
    en: `The answer of the layer service ${label} is not the expected ${expected}. Check that the address points to a feature service layer (WFS / OGC API – Features).`,
  });
}

/**
 * Coordinates in this region are lon ≈ 120–123 and lat ≈ 36–38, so a pair whose first value
 * is a latitude and second a longitude (EPSG axis order for geographic CRSs, as some servers
 * write even in GeoJSON) is recognised and swapped. Returns the positions in lon/lat order.
 */
export function lonLatOrder(first: number, second: number): [number, number] {
  return Math.abs(first) <= 90 && Math.abs(second) > 90 ? [second, first] : [first, second];
}

/** Whether two lon/lat boxes meet (touching counts). */
export function boxTouches(a: LonLatBox, b: LonLatBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}
