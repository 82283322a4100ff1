/**
 * An OGC API – Features collection (OGC 17-069r4, Part 1: Core): `…/collections/{id}/items`
 * with `bbox` and `limit`, following the `next` links page by page. Features are GeoJSON in
 * CRS84 (lon/lat), the Core default; a server that writes EPSG axis order is recognised
 * (lonLatOrder). `collections()` lists what a server offers, to pick a layer.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import {
  DEFAULT_FEATURE_LIMIT,
  fetchFromSource,
  lonLatOrder,
  notFormat,
  SourceUnavailableError,
  type FeaturesOptions,
  type FeaturesPage,
  type LayerSource,
  type LonLatBox,
} from './layer-source';

/** Items per request; servers cap it too (MapServer: oga_max_limit). */
export const OGC_API_PAGE_SIZE = 1000;

export interface OgcCollection {
  id: string;
  title: string;
}

function withQuery(url: string, parameters: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(parameters)) target.searchParams.set(key, value);
  return target.href;
}

/** Coordinates in lon/lat order, whatever axis order the server wrote. */
export function normaliseAxisOrder(geometry: Geometry | null): Geometry | null {
  if (!geometry) return geometry;
  const fix = (position: number[]): number[] => {
    const [x, y] = lonLatOrder(position[0]!, position[1]!);
    return [x, y, ...position.slice(2)];
  };
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: fix(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(fix) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((ring) => ring.map(fix)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(fix))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((item) => normaliseAxisOrder(item)!) };
  }
}

/** Some servers drop `bbox` from their `next` links; the page must stay inside the box. */
function keepBbox(url: string, bbox: LonLatBox): string {
  const target = new URL(url);
  if (!target.searchParams.has('bbox')) target.searchParams.set('bbox', bbox.map((value) => value.toFixed(9)).join(','));
  return target.href;
}

function repeatedPage(label: string, read: number): SourceUnavailableError {
  return new SourceUnavailableError(label, {
    zh: `图层服务 ${label} 分页有误：读取 ${read} 个要素后，下一页重复了上一页。请管理员调大服务的单页上限（如 MapServer 的 oga_max_limit）或升级服务软件。`,
    en: `The layer service ${label} pages wrongly: after ${read} features its next page repeats the last one. Ask the administrator to raise the server's page limit (e.g. MapServer's oga_max_limit) or to upgrade the server.`,
  });
}

/** The collections a server offers (`{landing}/collections`). */
export async function ogcApiCollections(landing: string, signal?: AbortSignal): Promise<OgcCollection[]> {
  const url = withQuery(`${landing.replace(/\/$/, '')}/collections`, { f: 'json' });
  const { text } = await fetchFromSource(landing, url, { signal, accept: 'application/json' });
  let parsed: { collections?: { id?: unknown; title?: unknown }[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw notFormat(landing, 'JSON');
  }
  if (!Array.isArray(parsed.collections)) throw notFormat(landing, 'OGC API collections');
  return parsed.collections.filter((item) => typeof item.id === 'string').map((item) => ({ id: String(item.id), title: typeof item.title === 'string' ? item.title : String(item.id) }));
}

/**
 * `collectionUrl` is `{landing}/collections/{id}`. Paging: `limit` per page and the `next`
 * link the server gives (MapServer, pygeoapi, GeoServer and QGIS Server all give one).
 */
export function ogcApiSource(collectionUrl: string, pageSize = OGC_API_PAGE_SIZE): LayerSource {
  const base = collectionUrl.replace(/\/$/, '');
  return {
    kind: 'ogc-api',
    label: base,
    async features(bbox: LonLatBox, options: FeaturesOptions = {}): Promise<FeaturesPage> {
      const limit = options.limit ?? DEFAULT_FEATURE_LIMIT;
      const features: Feature[] = [];
      let bytes = 0;
      let next: string | null = withQuery(`${base}/items`, {
        f: 'json',
        bbox: bbox.map((value) => value.toFixed(9)).join(','),
        limit: String(Math.min(pageSize, limit)),
      });
      let truncated = false;
      const seen = new Set<string>();
      while (next) {
        const page = await fetchFromSource(base, next, { signal: options.signal, accept: 'application/geo+json, application/json' });
        bytes += page.bytes;
        let collection: FeatureCollection & { links?: { rel?: string; href?: string; type?: string }[] };
        try {
          collection = JSON.parse(page.text) as typeof collection;
        } catch {
          throw notFormat(base, 'GeoJSON');
        }
        if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw notFormat(base, 'GeoJSON FeatureCollection');
        // A server whose next page repeats the last one would make the review count
        // features twice: stop and say so (MapServer 8.0.0 ignores `offset`).
        const ids = collection.features.map((feature, index) => String(feature.id ?? `#${features.length + index}`));
        if (ids.length > 0 && ids.every((id) => seen.has(id))) throw repeatedPage(base, features.length);
        ids.forEach((id) => seen.add(id));
        for (const feature of collection.features) {
          if (features.length >= limit) {
            truncated = true;
            break;
          }
          features.push({ ...feature, geometry: normaliseAxisOrder(feature.geometry) as Geometry });
        }
        options.onProgress?.(features.length);
        if (truncated || collection.features.length === 0) break;
        const link = collection.links?.find((candidate) => candidate.rel === 'next' && (!candidate.type || candidate.type.includes('json')));
        next = link?.href ? keepBbox(new URL(link.href, next).href, bbox) : null;
      }
      return { features, truncated, bytes };
    },
    async count(signal?: AbortSignal): Promise<number | null> {
      const { text } = await fetchFromSource(base, withQuery(`${base}/items`, { f: 'json', limit: '1' }), { signal, accept: 'application/geo+json, application/json' });
      try {
        const matched = (JSON.parse(text) as { numberMatched?: unknown }).numberMatched;
        return typeof matched === 'number' ? matched : null;
      } catch {
        throw notFormat(base, 'GeoJSON');
      }
    },
  };
}
