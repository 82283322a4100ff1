/**
 * The review CLI's reference layers: `--layer <file>:<role>[:<arg>][:name=<text>]` and
 * `--profile <file>` (a profile JSON whose layers' `source.file` are paths relative to it, or
 * a profile bundle zip from the app, src/records/profile-bundle.ts). Each layer is imported
 * once through the import registry and indexed (flatbush); each site then reads the features
 * in the box its role needs (src/analysis/review/reference-candidates.ts).
 *
 * A layer may also live on a server (issue 13): `--layer "postgresql://user@host:port/db?table=schema.name":prohibited`,
 * an OGC API – Features collection URL, a WFS URL with TYPENAMES, or a FlatGeobuf URL
 * (src/io/sources/source-spec.ts). Such a layer is not downloaded: each site asks the
 * source for the features in its box (for PostGIS the box filter runs in the database, on
 * its GiST index). A source that fails mid-run makes that layer "unchecked" for the site —
 * the verdict then can never be compliant — and the run goes on.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Feature } from 'geojson';
import type { Bilingual } from '../../src/data/catalog-types';
import { importFile } from '../../src/io/registry';
import { parseCrsCode } from '../../src/crs/projections';
import type { ImportError } from '../../src/io/types';
import type { ReferenceLayerConfig, ReferenceRole, ReviewProfile } from '../../src/analysis/review/reference-types';
import { defaultLayerName, layerFileStem, presetRole } from '../../src/analysis/review/presets';
import { indexReferenceLayer, referenceFeaturesFor, type IndexedReferenceLayer } from '../../src/analysis/review/reference-candidates';
import { referenceQueryBox } from '../../src/analysis/review/reference-review';
import type { ReferenceInput } from '../../src/analysis/review/reference-types';
import type { BoundingBox } from '../../src/analysis/spatial-index';
import { SourceUnavailableError, type LayerSource } from '../../src/io/sources/layer-source';
import { addressName, parseSourceAddress, webSource } from '../../src/io/sources/source-spec';
import { postgisSource } from '../lib/postgis-source';
import { readProfileBundle, validateProfile } from '../../src/records/profile-bundle';
import { fail } from './cli-common';

export interface LoadedReferenceLayer {
  config: ReferenceLayerConfig;
  /** A file layer: imported once and indexed in memory. */
  layer?: IndexedReferenceLayer;
  /** A server or database layer: asked per site. */
  source?: LayerSource & { close?(): Promise<void> };
  /** Bytes received from `source` so far (for the benchmark). */
  bytesRead: number;
}

/** The features a site's review needs from one reference layer, or why they could not be read. */
export async function referenceInputFor(loaded: LoadedReferenceLayer, siteBox: BoundingBox): Promise<ReferenceInput> {
  const { config } = loaded;
  if (loaded.layer) return { config, features: referenceFeaturesFor(loaded.layer, siteBox, config.role) };
  try {
    const page = await loaded.source!.features(referenceQueryBox(siteBox, config.role));
    loaded.bytesRead += page.bytes;
    if (page.truncated) {
      const unavailable: Bilingual = {
        zh: `图层 ${config.name} 在该选址范围内的要素超过单次读取上限，未能完整读取，故未审查`,
        en: `Layer ${config.name} holds more features around this site than one read may bring; it was not read whole and so not checked`,
      };
      return { config, features: { unavailable } };
    }
    return { config, features: page.features };
  } catch (error) {
    if (error instanceof SourceUnavailableError) return { config, features: { unavailable: error.text } };
    throw error;
  }
}

/** Closes database connections. */
export async function closeReferenceLayers(layers: LoadedReferenceLayer[]): Promise<void> {
  await Promise.all(layers.map((layer) => layer.source?.close?.()));
}

/** Opens a server or database layer and reads what it says of itself (count, fields, CRS). */
async function openSourceLayer(address: string): Promise<{ source: LayerSource & { close?(): Promise<void> }; name: string; features: number; crs: string; fields: string[] } | null> {
  const parsed = parseSourceAddress(address);
  if (parsed.kind === 'file') return null;
  const name = addressName(parsed);
  try {
    if (parsed.kind === 'postgis') {
      const source = postgisSource(parsed.url);
      const described = await source.describe();
      return { source, name, features: described.features, crs: `EPSG:${described.srid}`, fields: described.fields };
    }
    const source = webSource(parsed);
    const count = await source.count?.();
    // Web sources are read in lon/lat (CRS84 / EPSG:4490) whatever they store.
    return { source, name, features: count ?? 0, crs: 'EPSG:4490', fields: [] };
  } catch (error) {
    if (error instanceof SourceUnavailableError) return fail(error.text.zh, error.text.en);
    throw error;
  }
}

const ROLE_NAMES = ['prohibited', 'inside', 'classes', 'zone', 'line', 'proximity'] as const;

const USAGE_ZH = '写法：--layer <文件>:<角色>[:<参数>][:name=<名称>]，角色为 prohibited、inside[:review|blocker]、classes:<字段>、zone[:<产业字段>]、line:<宽度米>、proximity';
const USAGE_EN = 'write --layer <file>:<role>[:<arg>][:name=<text>] with role prohibited, inside[:review|blocker], classes:<field>, zone[:<industry field>], line:<width m> or proximity';

/** File, what is wrong, what to do — without doubled sentence ends ("。。"). */
export function importErrorText(error: ImportError): [string, string] {
  const trim = (text: string) => text.trim().replace(/[。.．]+$/u, '');
  return [`${error.file}：${trim(error.message.zh)}。${trim(error.hint.zh)}。`, `${error.file}: ${trim(error.message.en)}. ${trim(error.hint.en)}.`];
}

/** A kebab-case id from a name ("layer-3" when nothing ASCII is left). */
function idFrom(text: string, index: number, taken: Set<string>): string {
  let id = text
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/u, '')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 48);
  if (id === '' || !/^[a-z0-9]/u.test(id)) id = `layer-${index + 1}`;
  let unique = id;
  for (let suffix = 2; taken.has(unique); suffix += 1) unique = `${id}-${suffix}`;
  taken.add(unique);
  return unique;
}

function fieldsOf(features: Feature[]): string[] {
  const fields = new Set<string>();
  for (const feature of features) for (const key of Object.keys(feature.properties ?? {})) fields.add(key);
  return [...fields];
}

async function importLayer(file: string, fileName: string, crsText?: string): Promise<{ features: Feature[]; crs: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    return fail(`无法读取参考图层文件 ${file}（不存在或没有权限）`, `Cannot read the reference layer file ${file} (missing or not permitted)`);
  }
  const crs = crsText ? parseCrsCode(crsText) : undefined;
  const imported = await importFile(bytes, { fileName, oneLayer: true, ...(crs ? { crs } : {}) });
  if (!imported.ok) return fail(...importErrorText(imported.error));
  return { features: imported.value.features.features, crs: imported.value.crs.crs };
}

/** Parses one `--layer` value into file, role and name (the role may need the layer's fields: classes presets). */
export function parseLayerOption(text: string): { file: string; role: string; args: string[]; name?: string } {
  const parts = text.split(':');
  const nameAt = parts.findIndex((part, index) => index > 0 && part.startsWith('name='));
  const name = nameAt >= 0 ? parts.slice(nameAt).join(':').slice('name='.length) : undefined;
  const head = nameAt >= 0 ? parts.slice(0, nameAt) : parts;
  const roleAt = head.findIndex((part, index) => index > 0 && (ROLE_NAMES as readonly string[]).includes(part));
  if (roleAt < 0) return fail(`--layer "${text}" 没有角色。${USAGE_ZH}`, `--layer "${text}" has no role; ${USAGE_EN}`);
  return { file: head.slice(0, roleAt).join(':'), role: head[roleAt], args: head.slice(roleAt + 1), ...(name !== undefined ? { name } : {}) };
}

function roleFrom(option: string, role: string, args: string[], preset: ReferenceRole): ReferenceRole {
  const bad = (zh: string, en: string): never => fail(`--layer "${option}"：${zh}。${USAGE_ZH}`, `--layer "${option}": ${en}; ${USAGE_EN}`);
  const noMoreThan = (count: number) => {
    if (args.length > count) bad(`多余的参数 ${args.slice(count).join(':')}`, `unexpected argument ${args.slice(count).join(':')}`);
  };
  switch (role) {
    case 'prohibited':
      noMoreThan(0);
      return { kind: 'prohibited' };
    case 'proximity':
      noMoreThan(0);
      return { kind: 'proximity' };
    case 'inside': {
      noMoreThan(1);
      const severity = args[0] ?? 'review';
      if (severity !== 'review' && severity !== 'blocker') bad(`inside 的参数应为 review 或 blocker，收到 "${severity}"`, `inside takes review or blocker, got "${severity}"`);
      return { kind: 'inside', severity: severity as 'review' | 'blocker' };
    }
    case 'classes': {
      const field = args[0];
      if (!field) bad('classes 需要分类字段名，如 classes:DLBM', 'classes needs the class field, e.g. classes:DLBM');
      const lists: { prohibited?: string[]; review?: string[] } = {};
      for (const extra of args.slice(1)) {
        const match = /^(prohibited|review)=(.*)$/u.exec(extra);
        if (!match) bad(`不认识的参数 "${extra}"（可用 review=01,02 或 prohibited=…）`, `unknown argument "${extra}" (use review=01,02 or prohibited=…)`);
        lists[match![1] as 'prohibited' | 'review'] = match![2].split(',').map((code) => code.trim()).filter((code) => code !== '');
      }
      // Without explicit code lists, the preset's (耕地 01 → review for DLBM / YDYHFLDM) apply to the same field.
      const fromPreset = preset.kind === 'classes' && preset.field === field && args.length === 1 ? { ...(preset.prohibited ? { prohibited: preset.prohibited } : {}), ...(preset.review ? { review: preset.review } : {}) } : {};
      return { kind: 'classes', field: field!, ...fromPreset, ...lists };
    }
    case 'zone':
      noMoreThan(1);
      return args[0] ? { kind: 'zone', industryField: args[0] } : { kind: 'zone' };
    case 'line': {
      noMoreThan(1);
      const width = Number(args[0]);
      if (!(args[0] !== undefined && Number.isFinite(width) && width > 0 && width <= 10_000)) bad(`line 需要缓冲宽度（米，0–10000），如 line:20，收到 "${args[0] ?? ''}"`, `line needs a buffer width in metres (0–10000), e.g. line:20, got "${args[0] ?? ''}"`);
      return { kind: 'line', widthM: width, severity: 'blocker' };
    }
  }
  return bad(`不认识的角色 "${role}"`, `unknown role "${role}"`);
}

/** Imports and indexes the `--layer` layers. */
export async function loadLayerOptions(options: string[]): Promise<LoadedReferenceLayer[]> {
  const taken = new Set<string>();
  const loaded: LoadedReferenceLayer[] = [];
  for (const [index, option] of options.entries()) {
    const parsed = parseLayerOption(option);
    const remote = await openSourceLayer(parsed.file);
    if (remote) {
      const role = roleFrom(option, parsed.role, parsed.args, presetRole(remote.name, remote.fields));
      loaded.push({
        config: { id: idFrom(parsed.name ?? remote.name, index, taken), name: parsed.name ?? remote.name, role, source: { file: remote.source.label, features: remote.features, crs: remote.crs }, fields: remote.fields },
        source: remote.source,
        bytesRead: 0,
      });
      continue;
    }
    const fileName = path.basename(parsed.file);
    const { features, crs } = await importLayer(parsed.file, fileName);
    const fields = fieldsOf(features);
    const role = roleFrom(option, parsed.role, parsed.args, presetRole(fileName, fields));
    const name = parsed.name ?? defaultLayerName(layerFileStem(fileName));
    loaded.push({
      config: { id: idFrom(parsed.name ?? fileName, index, taken), name, role, source: { file: fileName, features: features.length, crs }, fields },
      layer: indexReferenceLayer(features),
      bytesRead: 0,
    });
  }
  return loaded;
}

/**
 * Reads a profile: a bundle zip (profile.json + layers/<id>.fgb) or a profile JSON whose
 * layers' `source.file` are read relative to the profile's folder.
 */
export async function loadProfile(file: string): Promise<{ profile: ReviewProfile; layers: LoadedReferenceLayer[] }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    return fail(`无法读取审查方案文件 ${file}（不存在或没有权限）`, `Cannot read the review profile ${file} (missing or not permitted)`);
  }
  const fileName = path.basename(file);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) {
    const bundle = await readProfileBundle(bytes, fileName);
    if (!bundle.ok) return fail(`${bundle.error.message.zh}${bundle.error.hint.zh}`, `${bundle.error.message.en} ${bundle.error.hint.en}`);
    const layers: LoadedReferenceLayer[] = [];
    for (const config of bundle.value.profile.layers) {
      const imported = await importFile(bundle.value.layers.get(config.id)!, { fileName: `${config.id}.fgb` });
      if (!imported.ok) return fail(...importErrorText(imported.error));
      layers.push({ config, layer: indexReferenceLayer(imported.value.features.features), bytesRead: 0 });
    }
    return { profile: bundle.value.profile, layers };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    return fail(`${fileName}：不是有效的 JSON（${(error as Error).message}）。请使用图集导出的审查方案`, `${fileName}: not valid JSON (${(error as Error).message}); use a profile exported by the atlas`);
  }
  const checked = validateProfile(parsed, fileName);
  if (!checked.ok) return fail(`${checked.error.message.zh}${checked.error.hint.zh}`, `${checked.error.message.en} ${checked.error.hint.en}`);
  const folder = path.dirname(file);
  const layers: LoadedReferenceLayer[] = [];
  for (const config of checked.value.layers) {
    // A profile layer may name a server or database instead of a file beside the profile.
    const remote = await openSourceLayer(config.source.file);
    if (remote) {
      layers.push({ config: { ...config, source: { ...config.source, file: remote.source.label, features: remote.features, crs: remote.crs } }, source: remote.source, bytesRead: 0 });
      continue;
    }
    const layerFile = path.resolve(folder, config.source.file);
    const { features } = await importLayer(layerFile, path.basename(layerFile), config.source.crs);
    layers.push({ config: { ...config, source: { ...config.source, features: features.length } }, layer: indexReferenceLayer(features), bytesRead: 0 });
  }
  return { profile: checked.value, layers };
}
