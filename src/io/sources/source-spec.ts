/**
 * Which source a layer address names, for `--layer <address>:<role>` and profile layers:
 *   postgresql://user@host:port/db?table=schema.name   a PostGIS table (CLI only)
 *   http(s)://…/collections/{id}[/items]               OGC API – Features
 *   http(s)://…?SERVICE=WFS&TYPENAMES=ns:name          WFS 2.0
 *   http(s)://…/file.fgb                               FlatGeobuf by URL (range requests)
 *   anything else                                      a file path, read by the importers
 */
import type { LayerSource } from './layer-source';
import { flatgeobufUrlSource } from './flatgeobuf-url-source';
import { ogcApiSource } from './ogc-api-source';
import { wfsSource } from './wfs-source';

export type SourceAddress =
  | { kind: 'file'; path: string }
  | { kind: 'postgis'; url: string }
  | { kind: 'ogc-api'; collectionUrl: string }
  | { kind: 'wfs'; endpoint: string; typeName: string }
  | { kind: 'flatgeobuf-url'; url: string };

export function parseSourceAddress(text: string): SourceAddress {
  if (/^postgres(ql)?:\/\//iu.test(text)) return { kind: 'postgis', url: text };
  if (!/^https?:\/\//iu.test(text)) return { kind: 'file', path: text };
  const url = new URL(text);
  const parameter = (name: string) => [...url.searchParams.entries()].find(([key]) => key.toLowerCase() === name)?.[1];
  if (parameter('service')?.toUpperCase() === 'WFS') {
    const typeName = parameter('typenames') ?? parameter('typename');
    if (typeName) {
      for (const key of [...url.searchParams.keys()]) {
        if (['service', 'typenames', 'typename', 'request', 'version'].includes(key.toLowerCase())) url.searchParams.delete(key);
      }
      return { kind: 'wfs', endpoint: url.href, typeName };
    }
  }
  const collection = /^(.*\/collections\/[^/?#]+)(\/items)?\/?$/u.exec(url.origin + url.pathname);
  if (collection) return { kind: 'ogc-api', collectionUrl: collection[1]! };
  return { kind: 'flatgeobuf-url', url: text };
}

/** A short layer name for presets and reports: the table, type or collection name, or the file name. */
export function addressName(address: SourceAddress): string {
  switch (address.kind) {
    case 'file':
      return address.path.split(/[\\/]/u).pop() ?? address.path;
    case 'postgis': {
      const url = new URL(address.url);
      return url.searchParams.get('table')?.split('.').pop() ?? 'query';
    }
    case 'ogc-api':
      return decodeURIComponent(address.collectionUrl.split('/').pop() ?? 'collection');
    case 'wfs':
      return address.typeName.replace(/^.*:/u, '');
    case 'flatgeobuf-url':
      return decodeURIComponent(new URL(address.url).pathname.split('/').pop() ?? address.url);
  }
}

/** The browser-reachable sources (PostGIS is opened by the CLI itself). */
export function webSource(address: Exclude<SourceAddress, { kind: 'file' } | { kind: 'postgis' }>): LayerSource {
  switch (address.kind) {
    case 'ogc-api':
      return ogcApiSource(address.collectionUrl);
    case 'wfs':
      return wfsSource(address.endpoint, address.typeName);
    case 'flatgeobuf-url':
      return flatgeobufUrlSource(address.url);
  }
}
