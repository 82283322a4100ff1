/**
 * A WFS 2.0 feature type (OGC 09-025r2): GetFeature with a BBOX filter, paged with COUNT and
 * STARTINDEX. GeoJSON output where the server offers it (GetCapabilities lists the output
 * formats), GML 3.2 otherwise. The BBOX and the output are asked in EPSG:4490 (CGCS2000
 * geographic), whose EPSG axis order is latitude, longitude; positions are put back in
 * lon/lat order whatever the server wrote (lonLatOrder).
 */
import type { Feature, Geometry, Position } from 'geojson';
import {
  DEFAULT_FEATURE_LIMIT,
  fetchFromSource,
  lonLatOrder,
  notFormat,
  type FeaturesOptions,
  type FeaturesPage,
  type LayerSource,
  type LonLatBox,
} from './layer-source';
import { normaliseAxisOrder } from './ogc-api-source';
import { commonJsExports } from '../commonjs';

export const WFS_PAGE_SIZE = 1000;
const CRS_URN = 'urn:ogc:def:crs:EPSG::4490';

export interface WfsFeatureType {
  name: string;
  title: string;
}

export interface WfsCapabilities {
  featureTypes: WfsFeatureType[];
  /** A GetFeature output format that gives GeoJSON, when the server offers one. */
  geojsonFormat: string | null;
}

async function parseXml(label: string, text: string): Promise<Document> {
  const { DOMParser } = commonJsExports(await import('@xmldom/xmldom'), 'DOMParser');
  let failed = false;
  const parser = new DOMParser({
    onError: (level) => {
      if (level !== 'warning') failed = true;
    },
  });
  let document: Document;
  try {
    document = parser.parseFromString(text, 'text/xml') as unknown as Document;
  } catch {
    throw notFormat(label, 'XML');
  }
  if (failed || !document?.documentElement) throw notFormat(label, 'XML');
  return document;
}

function localName(node: Node): string {
  return ((node as Element).localName ?? node.nodeName.replace(/^.*:/, '')) as string;
}

function childElements(element: Element): Element[] {
  const children: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) children.push(node as Element);
  return children;
}

function descendants(element: Element, name: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Element) => {
    for (const child of childElements(node)) {
      if (localName(child) === name) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** Feature types and GeoJSON support from GetCapabilities. */
export async function wfsCapabilities(endpoint: string, signal?: AbortSignal): Promise<WfsCapabilities> {
  const url = withParameters(endpoint, { SERVICE: 'WFS', VERSION: '2.0.0', REQUEST: 'GetCapabilities' });
  const { text } = await fetchFromSource(endpoint, url, { signal });
  const document = await parseXml(endpoint, text);
  if (localName(document.documentElement) !== 'WFS_Capabilities') throw notFormat(endpoint, 'WFS 2.0 capabilities');
  const featureTypes = descendants(document.documentElement, 'FeatureType').map((type) => {
    const name = childElements(type).find((child) => localName(child) === 'Name')?.textContent?.trim() ?? '';
    const title = childElements(type).find((child) => localName(child) === 'Title')?.textContent?.trim() ?? name;
    return { name, title };
  });
  const formats = descendants(document.documentElement, 'Parameter')
    .filter((parameter) => parameter.getAttribute('name')?.toLowerCase() === 'outputformat')
    .flatMap((parameter) => descendants(parameter, 'Value').map((value) => value.textContent?.trim() ?? ''));
  const geojsonFormat = formats.find((format) => /json/i.test(format)) ?? null;
  return { featureTypes: featureTypes.filter((type) => type.name), geojsonFormat };
}

function withParameters(endpoint: string, parameters: Record<string, string>): string {
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  return url.href;
}

function positions(element: Element): Position[] {
  const list = descendants(element, 'posList')[0] ?? (localName(element) === 'posList' ? element : undefined);
  const dimension = Number(list?.getAttribute('srsDimension') ?? element.getAttribute('srsDimension') ?? 2) || 2;
  const numbers = list
    ? (list.textContent ?? '').trim().split(/\s+/).map(Number)
    : descendants(element, 'pos').flatMap((pos) => (pos.textContent ?? '').trim().split(/\s+/).map(Number).slice(0, 2));
  const step = list ? dimension : 2;
  const result: Position[] = [];
  for (let index = 0; index + 1 < numbers.length; index += step) result.push(lonLatOrder(numbers[index]!, numbers[index + 1]!));
  return result;
}

function ringOf(container: Element): Position[] {
  const ring = descendants(container, 'LinearRing')[0] ?? container;
  return positions(ring);
}

function polygonOf(element: Element): Position[][] {
  const rings: Position[][] = [];
  for (const child of childElements(element)) {
    const name = localName(child);
    if (name === 'exterior' || name === 'interior') rings.push(ringOf(child));
  }
  return rings;
}

/** GML 3.2 geometry → GeoJSON (the simple-features subset WFS servers write). */
export function gmlGeometry(element: Element): Geometry | null {
  switch (localName(element)) {
    case 'Point':
      return { type: 'Point', coordinates: positions(element)[0] ?? [] };
    case 'LineString':
      return { type: 'LineString', coordinates: positions(element) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: polygonOf(element) };
    case 'MultiSurface':
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: descendants(element, 'Polygon').map(polygonOf) };
    case 'MultiCurve':
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: descendants(element, 'LineString').map(positions) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: descendants(element, 'Point').map((point) => positions(point)[0] ?? []) };
    default:
      return null;
  }
}

const GEOMETRY_NAMES = new Set(['Point', 'LineString', 'Polygon', 'MultiSurface', 'MultiPolygon', 'MultiCurve', 'MultiLineString', 'MultiPoint']);

/** Features of a GML 3.2 wfs:FeatureCollection. */
export function gmlFeatures(document: Document): Feature[] {
  const members = descendants(document.documentElement, 'member');
  return members.flatMap((member) => {
    const feature = childElements(member)[0];
    if (!feature) return [];
    const properties: Record<string, string> = {};
    let geometry: Geometry | null = null;
    for (const child of childElements(feature)) {
      const name = localName(child);
      if (name === 'boundedBy') continue;
      const inner = childElements(child).find((candidate) => GEOMETRY_NAMES.has(localName(candidate)));
      if (inner) geometry ??= gmlGeometry(inner);
      else properties[name] = child.textContent ?? '';
    }
    const id = feature.getAttribute('gml:id') ?? undefined;
    return [{ type: 'Feature' as const, id, properties, geometry: geometry as Geometry }];
  });
}

/**
 * `endpoint` is the service URL (with any fixed parameters such as `map=`); `typeName` the
 * feature type. `geojsonFormat` null → GML 3.2; undefined → asked from GetCapabilities once.
 */
export function wfsSource(endpoint: string, typeName: string, geojsonFormat?: string | null, pageSize = WFS_PAGE_SIZE): LayerSource {
  const label = `${endpoint} ${typeName}`;
  let format: Promise<string | null> | undefined = geojsonFormat === undefined ? undefined : Promise.resolve(geojsonFormat);
  return {
    kind: 'wfs',
    label,
    async features(bbox: LonLatBox, options: FeaturesOptions = {}): Promise<FeaturesPage> {
      format ??= wfsCapabilities(endpoint, options.signal).then((capabilities) => capabilities.geojsonFormat);
      const outputFormat = await format;
      const limit = options.limit ?? DEFAULT_FEATURE_LIMIT;
      const features: Feature[] = [];
      let bytes = 0;
      let truncated = false;
      for (let start = 0; ; start += pageSize) {
        const count = Math.min(pageSize, limit - features.length + 1);
        const url = withParameters(endpoint, {
          SERVICE: 'WFS',
          VERSION: '2.0.0',
          REQUEST: 'GetFeature',
          TYPENAMES: typeName,
          SRSNAME: CRS_URN,
          // EPSG:4490 axis order: lat, lon.
          BBOX: `${bbox[1]},${bbox[0]},${bbox[3]},${bbox[2]},${CRS_URN}`,
          COUNT: String(count),
          STARTINDEX: String(start),
          ...(outputFormat ? { OUTPUTFORMAT: outputFormat } : {}),
        });
        const page = await fetchFromSource(label, url, { signal: options.signal });
        bytes += page.bytes;
        let pageFeatures: Feature[];
        if (outputFormat) {
          let parsed: { type?: string; features?: Feature[] };
          try {
            parsed = JSON.parse(page.text) as typeof parsed;
          } catch {
            throw notFormat(label, 'GeoJSON');
          }
          if (parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) throw notFormat(label, 'GeoJSON FeatureCollection');
          pageFeatures = parsed.features.map((feature) => ({ ...feature, geometry: normaliseAxisOrder(feature.geometry) as Geometry }));
        } else {
          const document = await parseXml(label, page.text);
          if (localName(document.documentElement) !== 'FeatureCollection') throw notFormat(label, 'WFS 2.0 FeatureCollection (GML 3.2)');
          pageFeatures = gmlFeatures(document);
        }
        for (const feature of pageFeatures) {
          if (features.length >= limit) {
            truncated = true;
            break;
          }
          features.push(feature);
        }
        options.onProgress?.(features.length);
        if (truncated || pageFeatures.length < count) break;
      }
      return { features, truncated, bytes };
    },
    async count(signal?: AbortSignal): Promise<number | null> {
      const url = withParameters(endpoint, { SERVICE: 'WFS', VERSION: '2.0.0', REQUEST: 'GetFeature', TYPENAMES: typeName, RESULTTYPE: 'hits' });
      const { text } = await fetchFromSource(label, url, { signal });
      const document = await parseXml(label, text);
      const matched = Number(document.documentElement.getAttribute('numberMatched'));
      return Number.isFinite(matched) ? matched : null;
    },
  };
}
