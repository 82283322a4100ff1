/**
 * The review profile as data (issue 10 "Review profile"): its validation, its content hash,
 * and its bundle file — one zip holding `profile.json` and `layers/<id>.fgb` (each layer as
 * indexed FlatGeobuf), so a bureau prepares a profile once and every reviewer imports it in
 * one step.
 *
 * Pure: bytes in, values out. No React, no MapLibre, no browser storage — the app's worker
 * (src/worker) and the review CLI read the same bundle through {@link readProfileBundle}.
 * Failures are values with a zh + en message naming the file and what to do
 * (CONVENTIONS.md "Failures are values").
 */
import type { Bilingual } from '../data/catalog-types';
import type { ReferenceLayerConfig, ReferenceRole, ReviewProfile } from '../analysis/review/reference-types';
import { fail, ok, type Result } from '../io/types';

export const PROFILE_FORMAT = 'weihai-atlas-review-profile';
export const PROFILE_VERSION = 1;
/** Name of the profile inside a bundle. */
export const PROFILE_ENTRY = 'profile.json';
/** Folder of the layer files inside a bundle: `layers/<id>.fgb`. */
export const LAYER_FOLDER = 'layers/';
/** File extension of a profile bundle (a zip). */
export const BUNDLE_EXTENSION = '.review-profile.zip';

/** A profile with no reference layers: the atlas's built-in (schematic) layers only, as before issue 10. */
export function emptyProfile(name = ''): ReviewProfile {
  return { format: PROFILE_FORMAT, version: PROFILE_VERSION, name, layers: [] };
}

/** What is wrong with a profile or bundle: which file, what, what to do. */
export interface ProfileError {
  message: Bilingual;
  hint: Bilingual;
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

class Invalid extends Error {
  constructor(
    readonly field: string,
    readonly problem: Bilingual,
  ) {
    super(problem.en);
  }
}

function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) throw new Invalid(field, { zh: `应为对象，实际为 ${shown(value)}`, en: `must be an object, got ${shown(value)}` });
  return value;
}

function text(value: unknown, field: string, nonEmpty = false): string {
  if (typeof value !== 'string') throw new Invalid(field, { zh: `应为文本，实际为 ${shown(value)}`, en: `must be text, got ${shown(value)}` });
  if (nonEmpty && value.trim() === '') throw new Invalid(field, { zh: '不能为空', en: 'must not be empty' });
  return value;
}

function texts(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new Invalid(field, { zh: `应为文本数组，实际为 ${shown(value)}`, en: `must be an array of text, got ${shown(value)}` });
  return value.map((item, index) => text(item, `${field}[${index}]`));
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Invalid(field, { zh: `应为非负整数，实际为 ${shown(value)}`, en: `must be a whole number ≥ 0, got ${shown(value)}` });
  }
  return value;
}

function severity<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new Invalid(field, { zh: `应为 ${choices.join('、')} 之一，实际为 ${shown(value)}`, en: `must be one of ${choices.join(', ')}, got ${shown(value)}` });
  }
  return value as T;
}

/** Layer ids become file names (`layers/<id>.fgb`): kebab-case letters, digits and hyphens only. */
export const LAYER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The canonical copy of a role (known members only, fixed order). */
function role(value: unknown, field: string): ReferenceRole {
  const given = object(value, field);
  switch (given.kind) {
    case 'prohibited':
      return { kind: 'prohibited' };
    case 'inside':
      return { kind: 'inside', severity: severity(given.severity ?? 'review', `${field}.severity`, ['review', 'blocker'] as const) };
    case 'classes':
      return {
        kind: 'classes',
        field: text(given.field, `${field}.field`, true),
        ...(given.prohibited !== undefined ? { prohibited: texts(given.prohibited, `${field}.prohibited`) } : {}),
        ...(given.review !== undefined ? { review: texts(given.review, `${field}.review`) } : {}),
      };
    case 'zone':
      return { kind: 'zone', ...(given.industryField !== undefined ? { industryField: text(given.industryField, `${field}.industryField`, true) } : {}) };
    case 'line': {
      const width = given.widthM;
      if (typeof width !== 'number' || !Number.isFinite(width) || width <= 0 || width > 10_000) {
        throw new Invalid(`${field}.widthM`, { zh: `应为 0–10000 米之间的宽度，实际为 ${shown(width)}`, en: `must be a width of 0–10,000 m, got ${shown(width)}` });
      }
      return {
        kind: 'line',
        widthM: width,
        ...(given.severity !== undefined ? { severity: severity(given.severity, `${field}.severity`, ['review', 'blocker'] as const) } : {}),
      };
    }
    case 'proximity':
      return { kind: 'proximity' };
    default:
      throw new Invalid(`${field}.kind`, {
        zh: `应为 prohibited、inside、classes、zone、line、proximity 之一，实际为 ${shown(given.kind)}`,
        en: `must be one of prohibited, inside, classes, zone, line, proximity, got ${shown(given.kind)}`,
      });
  }
}

function layer(value: unknown, field: string): ReferenceLayerConfig {
  const given = object(value, field);
  const id = text(given.id, `${field}.id`, true);
  if (!LAYER_ID_PATTERN.test(id)) {
    throw new Invalid(`${field}.id`, { zh: `只能含小写字母、数字和连字符，实际为 ${shown(id)}`, en: `may hold only lower-case letters, digits and hyphens, got ${shown(id)}` });
  }
  const source = object(given.source, `${field}.source`);
  const hash = source.hash === undefined ? undefined : text(source.hash, `${field}.source.hash`);
  if (hash !== undefined && !/^[0-9a-f]{64}$/.test(hash)) {
    throw new Invalid(`${field}.source.hash`, { zh: '应为 64 位十六进制 SHA-256', en: 'must be a 64-digit hexadecimal SHA-256' });
  }
  const added = source.added === undefined ? undefined : text(source.added, `${field}.source.added`);
  if (added !== undefined && !Number.isFinite(Date.parse(added))) {
    throw new Invalid(`${field}.source.added`, { zh: `应为 ISO 8601 时间，实际为 ${shown(added)}`, en: `must be an ISO 8601 time, got ${shown(added)}` });
  }
  const enabled = given.enabled;
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    throw new Invalid(`${field}.enabled`, { zh: `应为 true 或 false，实际为 ${shown(enabled)}`, en: `must be true or false, got ${shown(enabled)}` });
  }
  const style = given.style === undefined ? undefined : referenceStyle(given.style, `${field}.style`);
  return {
    id,
    name: text(given.name, `${field}.name`, true),
    role: role(given.role, `${field}.role`),
    source: {
      file: text(source.file, `${field}.source.file`),
      features: count(source.features, `${field}.source.features`),
      crs: text(source.crs, `${field}.source.crs`),
      ...(added !== undefined ? { added } : {}),
      ...(hash !== undefined ? { hash } : {}),
    },
    fields: texts(given.fields, `${field}.fields`),
    ...(given.nameField !== undefined ? { nameField: text(given.nameField, `${field}.nameField`) } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    ...(style ? { style } : {}),
  } as ReferenceLayerConfig;
}

/** How a reference layer is drawn on the map (kept in the profile so every reviewer sees the same). */
export interface ReferenceStyle {
  /** #rrggbb */
  color: string;
  /** 0–1 */
  opacity: number;
  /** Drawn on the map (the review reads the layer either way). */
  visible?: boolean;
}

/** A layer config with its map style (the style is an addition of the app, ignored by the engine and the CLI). */
export type StyledLayerConfig = ReferenceLayerConfig & { style?: ReferenceStyle };

function referenceStyle(value: unknown, field: string): ReferenceStyle {
  const given = object(value, field);
  const color = text(given.color, `${field}.color`);
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new Invalid(`${field}.color`, { zh: `应为 #rrggbb 颜色，实际为 ${shown(color)}`, en: `must be a #rrggbb colour, got ${shown(color)}` });
  const opacity = given.opacity;
  if (typeof opacity !== 'number' || !(opacity >= 0 && opacity <= 1)) {
    throw new Invalid(`${field}.opacity`, { zh: `应为 0–1 之间的数，实际为 ${shown(opacity)}`, en: `must be a number from 0 to 1, got ${shown(opacity)}` });
  }
  if (given.visible !== undefined && typeof given.visible !== 'boolean') {
    throw new Invalid(`${field}.visible`, { zh: `应为 true 或 false，实际为 ${shown(given.visible)}`, en: `must be true or false, got ${shown(given.visible)}` });
  }
  return { color: color.toLowerCase(), opacity, ...(given.visible !== undefined ? { visible: given.visible as boolean } : {}) };
}

/**
 * Checks a profile and returns its canonical copy (known members only, in a fixed order, so
 * its hash does not depend on how the JSON was written), or the first problem with its
 * field path. `file` names the file in the message.
 *
 * @example validateProfile(JSON.parse(text), 'rushan.review-profile.zip')
 */
export function validateProfile(value: unknown, file = PROFILE_ENTRY): Result<ReviewProfile, ProfileError> {
  try {
    const given = object(value, 'profile');
    if (given.format !== PROFILE_FORMAT) {
      throw new Invalid('format', { zh: `应为 "${PROFILE_FORMAT}"，实际为 ${shown(given.format)}（这不是审查方案文件）`, en: `must be "${PROFILE_FORMAT}", got ${shown(given.format)} (this is not a review profile)` });
    }
    if (given.version !== PROFILE_VERSION) {
      throw new Invalid('version', { zh: `本版本只能读取第 ${PROFILE_VERSION} 版，实际为 ${shown(given.version)}`, en: `this version reads version ${PROFILE_VERSION} only, got ${shown(given.version)}` });
    }
    if (!Array.isArray(given.layers)) throw new Invalid('layers', { zh: '应为数组', en: 'must be an array' });
    const layers = given.layers.map((item, index) => layer(item, `layers[${index}]`));
    const seen = new Set<string>();
    for (const [index, entry] of layers.entries()) {
      if (seen.has(entry.id)) throw new Invalid(`layers[${index}].id`, { zh: `编号 ${entry.id} 重复`, en: `the id ${entry.id} occurs twice` });
      seen.add(entry.id);
    }
    const profile: ReviewProfile = {
      format: PROFILE_FORMAT,
      version: PROFILE_VERSION,
      name: text(given.name ?? '', 'name'),
      ...(given.description !== undefined ? { description: text(given.description, 'description') } : {}),
      layers,
      ...(given.builtInLayers !== undefined ? { builtInLayers: texts(given.builtInLayers, 'builtInLayers') } : {}),
    };
    return ok(profile);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return fail({
      message: { zh: `${file}：字段 ${error.field}${error.problem.zh}。`, en: `${file}: field ${error.field} ${error.problem.en}.` },
      hint: { zh: '审查方案未导入；请使用本图集导出的方案文件，或修正该字段。', en: 'The profile was not imported; use a profile file exported by the atlas, or correct this field.' },
    });
  }
}

// ---------------------------------------------------------------------------------------
// Hashes
// ---------------------------------------------------------------------------------------

function hex(digest: Uint8Array): string {
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Hex SHA-256 of bytes (Web Crypto: the browser, a worker and Node ≥ 20 all have it). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/**
 * The profile as a reviewer's decision depends on it: what the verdict reads — not the map
 * style, nor the field findings are named by (it names them, it does not find them).
 */
function decisiveProfile(profile: ReviewProfile): unknown {
  return {
    ...profile,
    layers: profile.layers.map((entry) => {
      const { style: _style, nameField: _nameField, ...rest } = entry as StyledLayerConfig;
      return rest;
    }),
  };
}

/**
 * Content hash of a profile: hex SHA-256 of its canonical JSON (validated copy) without the
 * map styles and name fields. Two reviewers with the same hash applied the same rules to the same layer
 * versions (each layer's `source.hash` is inside).
 */
export async function profileHash(profile: ReviewProfile): Promise<string> {
  const canonical = validateProfile(profile);
  const value = canonical.ok ? canonical.value : profile;
  return sha256Hex(new TextEncoder().encode(JSON.stringify(decisiveProfile(value))));
}

// ---------------------------------------------------------------------------------------
// Bundle
// ---------------------------------------------------------------------------------------

/** FlatGeobuf files start with "fgb" and the spec version 3. */
const FLATGEOBUF_MAGIC = [0x66, 0x67, 0x62, 0x03];

export function isFlatGeobuf(bytes: Uint8Array): boolean {
  return FLATGEOBUF_MAGIC.every((byte, index) => bytes[index] === byte);
}

export interface ProfileBundle {
  profile: ReviewProfile;
  /** Layer id → indexed FlatGeobuf bytes. */
  layers: Map<string, Uint8Array>;
}

/**
 * Whether a layer lives on a server (a WFS / OGC API / FlatGeobuf URL, or in the CLIs a
 * PostGIS table): it has no data of its own in the browser or in a bundle; the profile keeps
 * its address and every reviewer's review asks the server.
 */
export function isServerLayer(config: Pick<ReferenceLayerConfig, 'source'>): boolean {
  return /^(https?|postgres(ql)?):\/\//i.test(config.source.file);
}

/**
 * Writes the bundle: `profile.json` (pretty-printed, UTF-8) and `layers/<id>.fgb` for every
 * layer of the profile that has data (server layers travel as their address only). The FlatGeobuf files are stored, not deflated: they are read by
 * range after import, and deflating them saves little.
 *
 * @example const zip = await writeProfileBundle(profile, new Map([['jbnt', fgbBytes]]));
 */
export async function writeProfileBundle(bundle: ProfileBundle): Promise<Result<Uint8Array, ProfileError>> {
  const checked = validateProfile(bundle.profile);
  if (!checked.ok) return checked;
  for (const entry of checked.value.layers) {
    if (!bundle.layers.has(entry.id) && !isServerLayer(entry)) {
      return fail({
        message: { zh: `参考图层“${entry.name}”（${entry.id}）的数据不在本机存储中。`, en: `The data of reference layer "${entry.name}" (${entry.id}) is not in this browser's storage.` },
        hint: { zh: '请删除该图层后重新添加，再导出方案。', en: 'Remove the layer, add it again, then export the profile.' },
      });
    }
  }
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file(PROFILE_ENTRY, `${JSON.stringify(checked.value, null, 2)}\n`);
  for (const entry of checked.value.layers) {
    const data = bundle.layers.get(entry.id);
    if (data) zip.file(`${LAYER_FOLDER}${entry.id}.fgb`, data, { compression: 'STORE' });
  }
  return ok(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' }));
}

function bundleError(file: string, message: Bilingual, hint?: Bilingual): { ok: false; error: ProfileError } {
  return fail({
    message: { zh: `${file}：${message.zh}`, en: `${file}: ${message.en}` },
    hint: hint ?? { zh: '审查方案未导入；请向编制单位索取完整的方案文件。', en: 'The profile was not imported; ask whoever prepared it for a complete profile file.' },
  });
}

/**
 * Reads a bundle: checks the zip, `profile.json`, that every layer's file is there, is
 * FlatGeobuf, and matches the SHA-256 recorded in the profile. All or nothing: any problem
 * returns the reason and no layers.
 *
 * @param file the bundle's file name, for messages
 */
export async function readProfileBundle(bytes: Uint8Array, file: string): Promise<Result<ProfileBundle, ProfileError>> {
  const { default: JSZip } = await import('jszip');
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch (error) {
    return bundleError(file, {
      zh: `不是有效的 zip 压缩包，或已损坏（${error instanceof Error ? error.message : String(error)}）。`,
      en: `is not a valid zip archive, or it is damaged (${error instanceof Error ? error.message : String(error)}).`,
    });
  }
  const entry = zip.file(PROFILE_ENTRY);
  if (!entry) {
    return bundleError(file, { zh: `压缩包中没有 ${PROFILE_ENTRY}，不是审查方案文件。`, en: `has no ${PROFILE_ENTRY}; it is not a review profile.` });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await entry.async('string'));
  } catch (error) {
    return bundleError(file, { zh: `${PROFILE_ENTRY} 不是有效的 JSON（${(error as Error).message}）。`, en: `${PROFILE_ENTRY} is not valid JSON (${(error as Error).message}).` });
  }
  const checked = validateProfile(parsed, `${file} › ${PROFILE_ENTRY}`);
  if (!checked.ok) return checked;
  const layers = new Map<string, Uint8Array>();
  for (const config of checked.value.layers) {
    if (isServerLayer(config)) continue; // read from its server at review time
    const name = `${LAYER_FOLDER}${config.id}.fgb`;
    const member = zip.file(name);
    if (!member) return bundleError(file, { zh: `缺少参考图层“${config.name}”的数据 ${name}。`, en: `the data of reference layer "${config.name}" (${name}) is missing.` });
    let data: Uint8Array;
    try {
      data = await member.async('uint8array');
    } catch (error) {
      return bundleError(file, { zh: `${name} 无法解压（${(error as Error).message}）。`, en: `${name} cannot be extracted (${(error as Error).message}).` });
    }
    if (!isFlatGeobuf(data)) return bundleError(file, { zh: `${name} 不是 FlatGeobuf 文件。`, en: `${name} is not a FlatGeobuf file.` });
    if (config.source.hash) {
      const hash = await sha256Hex(data);
      if (hash !== config.source.hash) {
        return bundleError(file, {
          zh: `${name} 的内容与方案记录的版本（SHA-256 ${config.source.hash.slice(0, 12)}…）不符，文件可能被改动或损坏。`,
          en: `${name} does not match the version the profile records (SHA-256 ${config.source.hash.slice(0, 12)}…); the file may have been changed or damaged.`,
        });
      }
    }
    layers.set(config.id, data);
  }
  return ok({ profile: checked.value, layers });
}
