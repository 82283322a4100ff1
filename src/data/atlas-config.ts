/**
 * The administrator's configuration: one JSON file served with the app
 * (`dist/atlas-config.json`, from `public/atlas-config.json` at build time) that says which
 * intranet servers the atlas may talk to, which layer sources they offer, and the review
 * profiles that use them. The browser's Content-Security-Policy `connect-src` is built from
 * `allowedOrigins` and from nothing else (vite.config.ts at build time;
 * `npm run configure -- dist` after editing the file in a deployed `dist/`), so a source
 * outside the list cannot be reached even by mistake.
 *
 * Pure: parsing and validation only, with bilingual messages that name the field.
 */
import type { Bilingual } from './catalog-types';

export const ATLAS_CONFIG_FILE = 'atlas-config.json';

/** A layer published by an intranet server (or a FlatGeobuf file on a static server). */
export interface ConfiguredSource {
  /** Stable id (kebab-case) a profile refers to. */
  id: string;
  /** Display name, e.g. 永久基本农田（市局 WFS）. */
  name: string;
  kind: 'ogc-api' | 'wfs' | 'flatgeobuf-url';
  /** OGC API: the collection URL (…/collections/{id}); WFS: the service URL; FlatGeobuf: the file URL. */
  url: string;
  /** WFS only: the feature type name. */
  typeName?: string;
}

export interface AtlasConfig {
  format: 'weihai-atlas-config';
  version: 1;
  /** Origins (scheme://host[:port]) the app may fetch from besides its own. */
  allowedOrigins: string[];
  sources: ConfiguredSource[];
  /**
   * Review profiles offered to every reviewer (the ReviewProfile JSON of
   * src/analysis/review/reference-types.ts), whose layers may name a configured source by
   * `source.file = "source:<id>"`.
   */
  profiles: unknown[];
}

export const EMPTY_ATLAS_CONFIG: AtlasConfig = { format: 'weihai-atlas-config', version: 1, allowedOrigins: [], sources: [], profiles: [] };

export type ConfigResult = { ok: true; config: AtlasConfig } | { ok: false; error: Bilingual };

function problem(field: string, zh: string, en: string): ConfigResult {
  return {
    ok: false,
    error: {
      zh: `${ATLAS_CONFIG_FILE} 的 ${field}：${zh}。请改正该文件后重新部署（或运行 npm run configure -- dist）。`,
      en: `${ATLAS_CONFIG_FILE}, ${field}: ${en}. Correct the file and deploy again (or run npm run configure -- dist).`,
    },
  };
}

/** "scheme://host[:port]" of an http(s) URL, or null. */
export function originOf(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

const SOURCE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Parses and validates the configuration file's text. */
export function parseAtlasConfig(text: string): ConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return problem('(整个文件 / whole file)', '不是有效的 JSON', 'is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('(整个文件 / whole file)', '应为 JSON 对象', 'must be a JSON object');
  const raw = value as Record<string, unknown>;
  if (raw.format !== 'weihai-atlas-config' || raw.version !== 1) {
    return problem('format/version', '应为 "weihai-atlas-config" 与 1', 'must be "weihai-atlas-config" and 1');
  }
  const allowedOrigins: string[] = [];
  const origins = raw.allowedOrigins ?? [];
  if (!Array.isArray(origins)) return problem('allowedOrigins', '应为数组', 'must be an array');
  for (const [index, entry] of origins.entries()) {
    const origin = typeof entry === 'string' ? originOf(entry) : null;
    if (!origin || origin !== String(entry).replace(/\/$/, '')) {
      return problem(`allowedOrigins[${index}]`, `“${String(entry).slice(0, 80)}”不是 http(s)://主机[:端口] 形式的来源（不含路径）`, `"${String(entry).slice(0, 80)}" is not an origin of the form http(s)://host[:port] (no path)`);
    }
    allowedOrigins.push(origin);
  }
  const sources: ConfiguredSource[] = [];
  const rawSources = raw.sources ?? [];
  if (!Array.isArray(rawSources)) return problem('sources', '应为数组', 'must be an array');
  const ids = new Set<string>();
  for (const [index, entry] of rawSources.entries()) {
    const field = `sources[${index}]`;
    if (typeof entry !== 'object' || entry === null) return problem(field, '应为对象', 'must be an object');
    const source = entry as Record<string, unknown>;
    if (typeof source.id !== 'string' || !SOURCE_ID.test(source.id)) return problem(`${field}.id`, '应为小写字母、数字和连字符', 'must be lower-case letters, digits and hyphens');
    if (ids.has(source.id)) return problem(`${field}.id`, `“${source.id}”重复`, `"${source.id}" is used twice`);
    ids.add(source.id);
    if (source.kind !== 'ogc-api' && source.kind !== 'wfs' && source.kind !== 'flatgeobuf-url') {
      return problem(`${field}.kind`, '应为 ogc-api、wfs 或 flatgeobuf-url', 'must be ogc-api, wfs or flatgeobuf-url');
    }
    const origin = typeof source.url === 'string' ? originOf(source.url) : null;
    if (!origin) return problem(`${field}.url`, '不是 http(s) 地址', 'is not an http(s) URL');
    if (!allowedOrigins.includes(origin)) {
      return problem(`${field}.url`, `来源 ${origin} 不在 allowedOrigins 中，浏览器将拒绝访问`, `its origin ${origin} is not in allowedOrigins, so the browser would refuse it`);
    }
    if (source.kind === 'wfs' && (typeof source.typeName !== 'string' || source.typeName === '')) {
      return problem(`${field}.typeName`, 'WFS 图层需写明要素类型名', 'a WFS layer needs its feature type name');
    }
    sources.push({
      id: source.id,
      name: typeof source.name === 'string' && source.name ? source.name : source.id,
      kind: source.kind,
      url: source.url as string,
      ...(source.kind === 'wfs' ? { typeName: source.typeName as string } : {}),
    });
  }
  const profiles = raw.profiles ?? [];
  if (!Array.isArray(profiles)) return problem('profiles', '应为数组', 'must be an array');
  return { ok: true, config: { format: 'weihai-atlas-config', version: 1, allowedOrigins, sources, profiles } };
}

/** `connect-src` of the Content-Security-Policy: this origin and the configured ones. */
export function connectSources(config: AtlasConfig): string[] {
  return ["'self'", ...config.allowedOrigins];
}
