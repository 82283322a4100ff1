/**
 * Sites under review (issue 4 "Keep it"): the record model, its validation, the pure edits
 * the review panel makes (new record, status change, field edits), and persistence in
 * IndexedDB through `idb`, so records survive a reload and a closed tab.
 *
 * A record is plain JSON-compatible data: strings, finite numbers, booleans, arrays and
 * objects, with no `undefined` members. {@link validateRecord} returns that canonical form;
 * everything written to IndexedDB or to a review-set file goes through it, so what is read
 * back equals what was written (review-set.ts relies on this for its lossless round trip).
 *
 * No React, no MapLibre (CONVENTIONS.md "The shape"); the IndexedDB part needs a browser
 * (or any `indexedDB` passed in), the rest runs anywhere.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Bilingual } from '../data/catalog-types';
import { CRS_CODES, type CrsCode } from '../crs/crs-codes'; // the codes without proj4 (issue 12: first-load chunk)
import type { RailAreaClass } from '../analysis/protection-zone';
import type { ControlProposal } from '../analysis/control-indicators';
import type { Verdict } from '../analysis/siting-review';
import { INDUSTRY_EDITIONS, type IndustryEdition } from '../analysis/industry-edition-list'; // not the division tables (issue 12: first-load chunk)
import { fail, ok, type Result } from '../io/types';

// ---------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------

export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'returned';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['pending', 'approved', 'rejected', 'returned'];

/** 待审 / 通过 / 不予通过 / 退回补正 (returned to the applicant for changes). */
export const REVIEW_STATUS_LABELS: Record<ReviewStatus, Bilingual> = {
  pending: { zh: '待审', en: 'Pending' },
  approved: { zh: '通过', en: 'Approved' },
  rejected: { zh: '不予通过', en: 'Rejected' },
  returned: { zh: '退回补正', en: 'Returned' },
};

/** What the decision buttons say: the act, not the state it leaves ("Approve", where the record then reads "Approved"). */
export const REVIEW_DECISION_ACTIONS: Record<Exclude<ReviewStatus, 'pending'>, Bilingual> = {
  approved: { zh: '通过', en: 'Approve' },
  rejected: { zh: '不予通过', en: 'Reject' },
  returned: { zh: '退回补正', en: 'Return for correction' },
};

const RAIL_CLASSES: readonly RailAreaClass[] = ['urban', 'suburban', 'village', 'other'];
const VERDICTS: readonly Verdict[] = ['compliant', 'needs-review', 'non-compliant'];

/** One status change (or the creation), oldest first. */
export interface ReviewHistoryEntry {
  /** ISO 8601 timestamp. */
  at: string;
  status: ReviewStatus;
  reviewer: string;
  note: string;
}

/** Where the site's geometry came from (the import's CRS assumption, kept for the record). */
export interface ReviewSource {
  fileName?: string;
  /** Importer id: geojson, shapefile, kml, kmz, dxf, csv, flatgeobuf; absent for a drawn site. */
  format?: string;
  /** CRS the source coordinates were read in (EPSG:4490 for a site drawn on the map). */
  crs: CrsCode;
  /** true = guessed from the numbers; false = declared by the file or chosen by the user. */
  crsDetected: boolean;
  axisSwapped: boolean;
}

/**
 * What the applicant proposes, as the review reads it: ratios are fractions (0.35 = 35 %),
 * investment intensity in 万元/公顷, industry code GB/T 4754-2002; `railClass` is the
 * 《铁路安全管理条例》 Art. 27 area class for the protection-zone width.
 */
export interface ReviewProposal extends ControlProposal {
  railClass?: RailAreaClass;
  /** Issue 11: the GB/T 4754 edition `industryCode` is given in; absent = 2002 (records before issue 11). */
  industryEdition?: IndustryEdition;
}

/** The verdict of the latest review run, and when it ran. */
export interface ReviewVerdict {
  verdict: Verdict;
  at: string;
}

export type ReviewSite = Feature<Polygon | MultiPolygon>;

/**
 * The review profile a verdict was reached with (issue 10): its name and content hash (hex
 * SHA-256 of its canonical JSON, src/records/profile-bundle.ts `profileHash`), and the
 * version (hash of the stored FlatGeobuf) of each reference layer it used.
 */
export interface ReviewProfileStamp {
  name: string;
  hash: string;
  layers: { id: string; name: string; hash: string; enabled: boolean }[];
  /** Built-in layers that counted; absent = all of them. */
  builtInLayers?: string[];
}

export interface ReviewRecord {
  /** UUID, the IndexedDB key. */
  id: string;
  /** The project's name as the applicant gives it. */
  name: string;
  applicant: string;
  /**
   * The bureau's own number for the case (文号 / 收件编号), as the reviewer types it; the `id`
   * is the database's. Absent in records saved before it existed; '' when not given.
   */
  caseNumber?: string;
  status: ReviewStatus;
  /** The reviewer's working notes (plain text; shown as text, never as HTML). */
  notes: string;
  /** Who last changed the record. */
  reviewer: string;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  /** When the status last became approved, rejected or returned; absent while pending. */
  decidedAt?: string;
  history: ReviewHistoryEntry[];
  /** The site in lon/lat (CGCS2000 ≈ WGS 84). */
  site: ReviewSite;
  source: ReviewSource;
  proposal: ReviewProposal;
  lastVerdict?: ReviewVerdict;
  /** The review profile of the latest verdict (absent for records saved before issue 10 or without reference layers). */
  reviewProfile?: ReviewProfileStamp;
  // --- issue 11 (records-safety) ---
  /** Saves so far: 0 until first stored; each save checks it against the stored one and adds 1. */
  revision: number;
  /** The report the standing decision was made on (approved / rejected / returned); absent while pending. */
  decision?: ReviewDecision;
  // --- end issue 11 ---
}

// --- issue 11 (records-safety): a decision is a snapshot ---
/**
 * What a decision was made on, kept as it was (issue 11 "A decision is a snapshot"): the
 * full report (findings with their geometry, verdict, reasons) as JSON, the review profile
 * stamp, and the engine that produced it — the package version and a SHA-256 of the rule
 * tables (src/records/decision-snapshot.ts `engineVersion`).
 */
export interface ReviewDecision {
  status: Exclude<ReviewStatus, 'pending'>;
  /** ISO 8601; equals `decidedAt`. */
  at: string;
  by: string;
  verdict: Verdict;
  /** The SiteReport as JSON (plain data; read by the print view). */
  report: Record<string, unknown>;
  engine: { version: string; rulesHash: string };
  reviewProfile?: ReviewProfileStamp;
}
// --- end issue 11 ---

/** A random UUID; `crypto.randomUUID` exists only in secure contexts, so an http:// LAN address gets the same from getRandomValues. */
export function newRecordId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4 (RFC 9562 §5.4)
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface NewRecordInput {
  site: ReviewSite;
  source: ReviewSource;
  name?: string;
  applicant?: string;
  caseNumber?: string;
  reviewer?: string;
  notes?: string;
  proposal?: ReviewProposal;
  reviewProfile?: ReviewProfileStamp;
}

/**
 * A new pending record with a fresh id, its creation in the history. Fails (with the field
 * named) when the input is not a valid record, e.g. a site that is not a closed polygon.
 *
 * @example const created = createRecord({ site, source: { crs: 'EPSG:4528', crsDetected: true, axisSwapped: true } });
 */
export function createRecord(input: NewRecordInput, now: Date = new Date()): Result<ReviewRecord, RecordError> {
  const at = now.toISOString();
  const reviewer = input.reviewer ?? '';
  return validateRecord({
    id: newRecordId(),
    name: input.name ?? '',
    applicant: input.applicant ?? '',
    ...(input.caseNumber !== undefined ? { caseNumber: input.caseNumber } : {}),
    status: 'pending',
    notes: input.notes ?? '',
    reviewer,
    createdAt: at,
    updatedAt: at,
    history: [{ at, status: 'pending', reviewer, note: '' }],
    site: input.site,
    source: input.source,
    proposal: input.proposal ?? {},
    ...(input.reviewProfile ? { reviewProfile: input.reviewProfile } : {}),
    revision: 0,
  });
}

/**
 * The record with a new status: the change is appended to the history, `decidedAt` set for
 * approved / rejected / returned and removed when the site goes back to pending.
 */
export function changeStatus(
  record: ReviewRecord,
  status: ReviewStatus,
  change: { reviewer: string; note?: string; decision?: Omit<ReviewDecision, 'status' | 'at' | 'by'> },
  now: Date = new Date(),
): ReviewRecord {
  const at = now.toISOString();
  const changed: ReviewRecord = {
    ...record,
    status,
    reviewer: change.reviewer,
    updatedAt: at,
    decidedAt: at,
    history: [...record.history, { at, status, reviewer: change.reviewer, note: change.note ?? '' }],
  };
  // Back to pending: no decision stands.
  if (status === 'pending') delete changed.decidedAt;
  // Issue 11: a decision keeps the report it was made on; any other status change drops the old one.
  delete changed.decision;
  if (status !== 'pending' && change.decision) changed.decision = { ...change.decision, status, at, by: change.reviewer };
  return changed;
}

export type EditableFields = Pick<ReviewRecord, 'name' | 'applicant' | 'caseNumber' | 'notes' | 'reviewer' | 'site' | 'proposal' | 'lastVerdict' | 'reviewProfile'>;

/** The record with some fields replaced and `updatedAt` moved on; validated like any record. */
export function editRecord(record: ReviewRecord, changes: Partial<EditableFields>, now: Date = new Date()): Result<ReviewRecord, RecordError> {
  return validateRecord({ ...record, ...changes, updatedAt: now.toISOString() });
}


// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

/** What is wrong with a record: the field path (`history[2].status`) and a message naming it. */
export interface RecordError {
  field: string;
  message: Bilingual;
}

/** What each field of a record is called; messages write the JSON name first (what a file shows), this in brackets. */
export const RECORD_FIELD_LABELS: Readonly<Record<string, Bilingual>> = {
  id: { zh: '编号', en: 'identifier' },
  name: { zh: '项目名称', en: 'project name' },
  applicant: { zh: '申请单位', en: 'applicant' },
  caseNumber: { zh: '文号', en: 'case number' },
  status: { zh: '审查状态', en: 'review status' },
  notes: { zh: '审查意见', en: "reviewer's notes" },
  reviewer: { zh: '审查人', en: 'reviewer' },
  createdAt: { zh: '创建时间', en: 'creation time' },
  updatedAt: { zh: '修改时间', en: 'last change' },
  decidedAt: { zh: '决定时间', en: 'decision time' },
  history: { zh: '审查记录', en: 'history' },
  site: { zh: '选址范围', en: 'site' },
  source: { zh: '来源', en: 'source' },
  proposal: { zh: '项目指标', en: 'proposal' },
  lastVerdict: { zh: '最近审查结论', en: 'latest verdict' },
  reviewProfile: { zh: '审查方案', en: 'review profile' },
  revision: { zh: '保存次数', en: 'revision' },
};

class Invalid extends Error {
  constructor(
    readonly field: string,
    readonly problem: Bilingual,
  ) {
    super(problem.en);
  }
}

function label(field: string): Bilingual {
  const top = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  const known = RECORD_FIELD_LABELS[top];
  return known ? { zh: `${field}（${known.zh}）`, en: `${field} (${known.en})` } : { zh: field, en: field };
}

function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  } catch {
    return String(value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) throw new Invalid(field, { zh: `应为对象，实际为 ${shown(value)}`, en: `must be an object, got ${shown(value)}` });
  return value;
}

function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new Invalid(field, { zh: `应为数组，实际为 ${shown(value)}`, en: `must be an array, got ${shown(value)}` });
  return value;
}

function requireString(value: unknown, field: string, options: { nonEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') throw new Invalid(field, { zh: `应为文本，实际为 ${shown(value)}`, en: `must be text, got ${shown(value)}` });
  if (options.nonEmpty && value.trim() === '') throw new Invalid(field, { zh: '不能为空', en: 'must not be empty' });
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid(field, { zh: `应为 true 或 false，实际为 ${shown(value)}`, en: `must be true or false, got ${shown(value)}` });
  return value;
}

function requireChoice<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    const list = choices.join(', ');
    throw new Invalid(field, { zh: `应为 ${choices.join('、')} 之一，实际为 ${shown(value)}`, en: `must be one of ${list}, got ${shown(value)}` });
  }
  return value as T;
}

/** ISO 8601 date-time with a time zone, as `Date.prototype.toISOString` writes it (offsets allowed too). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function requireTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new Invalid(field, {
      zh: `应为带时区的 ISO 8601 时间（如 2025-03-01T08:30:00.000Z），实际为 ${shown(value)}`,
      en: `must be an ISO 8601 time with a time zone (e.g. 2025-03-01T08:30:00.000Z), got ${shown(value)}`,
    });
  }
  return value;
}

/** `-0` becomes `0`: JSON cannot write a negative zero, and the round trip must be exact. */
function plainNumber(value: number): number {
  return value === 0 ? 0 : value;
}

function optionalNumber(value: unknown, field: string, range: { min: number; max?: number }): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Invalid(field, { zh: `应为有限数值，实际为 ${shown(value)}`, en: `must be a finite number, got ${shown(value)}` });
  }
  if (value < range.min || (range.max !== undefined && value > range.max)) {
    const bounds = range.max === undefined ? `≥ ${range.min}` : `${range.min}–${range.max}`;
    throw new Invalid(field, { zh: `应在 ${bounds} 之间，实际为 ${value}`, en: `must be ${bounds}, got ${value}` });
  }
  return plainNumber(value);
}

/** Copies a JSON value, refusing what JSON cannot carry exactly (NaN, Infinity, functions, dates, …). */
function jsonValue(value: unknown, field: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Invalid(field, { zh: `含非有限数值 ${String(value)}`, en: `holds the non-finite number ${String(value)}` });
    return plainNumber(value);
  }
  if (Array.isArray(value)) return value.map((item, index) => jsonValue(item, `${field}[${index}]`));
  if (isObject(value) && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) copy[key] = jsonValue(item, `${field}.${key}`);
    }
    return copy;
  }
  throw new Invalid(field, { zh: `含无法保存为 JSON 的值 ${shown(value)}`, en: `holds a value JSON cannot store: ${shown(value)}` });
}

function position(value: unknown, field: string): Position {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((number) => typeof number === 'number' && Number.isFinite(number))) {
    throw new Invalid(field, { zh: `应为 [经度, 纬度] 数值对，实际为 ${shown(value)}`, en: `must be a [longitude, latitude] pair of numbers, got ${shown(value)}` });
  }
  const [lon, lat] = value as number[];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw new Invalid(field, {
      zh: `坐标 ${shown(value)} 不是经纬度（经度 −180…180，纬度 −90…90）；选址须以 CGCS2000 经纬度保存`,
      en: `${shown(value)} is not lon/lat (longitude −180…180, latitude −90…90); sites are stored in CGCS2000 lon/lat`,
    });
  }
  return (value as number[]).map(plainNumber);
}

function ring(value: unknown, field: string): Position[] {
  if (!Array.isArray(value)) throw new Invalid(field, { zh: '应为坐标数组（环）', en: 'must be an array of positions (a ring)' });
  const positions = value.map((item, index) => position(item, `${field}[${index}]`));
  // RFC 7946 §3.1.6: a linear ring has at least four positions, the last equal to the first.
  if (positions.length < 4) {
    throw new Invalid(field, { zh: `环至少需要 4 个坐标（首尾相同），实际 ${positions.length} 个`, en: `a ring needs at least 4 positions (first = last), got ${positions.length}` });
  }
  const first = positions[0];
  const last = positions[positions.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new Invalid(field, { zh: '环未闭合（首尾坐标不同）', en: 'the ring is not closed (first and last positions differ)' });
  }
  return positions;
}

function polygonRings(value: unknown, field: string): Position[][] {
  if (!Array.isArray(value) || value.length === 0) throw new Invalid(field, { zh: '应为至少含一个环的数组', en: 'must be an array of at least one ring' });
  return value.map((item, index) => ring(item, `${field}[${index}]`));
}

function siteGeometry(value: unknown, field: string): Polygon | MultiPolygon {
  const geometry = requireObject(value, field);
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: polygonRings(geometry.coordinates, `${field}.coordinates`) };
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
      throw new Invalid(`${field}.coordinates`, { zh: '应为至少含一个面的数组', en: 'must be an array of at least one polygon' });
    }
    return {
      type: 'MultiPolygon',
      coordinates: geometry.coordinates.map((polygon, index) => polygonRings(polygon, `${field}.coordinates[${index}]`)),
    };
  }
  throw new Invalid(`${field}.type`, {
    zh: `选址应为面（Polygon 或 MultiPolygon），实际为 ${shown(geometry.type)}`,
    en: `a site must be a Polygon or MultiPolygon, got ${shown(geometry.type)}`,
  });
}

function site(value: unknown): ReviewSite {
  const feature = requireObject(value, 'site');
  if (feature.type !== 'Feature') throw new Invalid('site.type', { zh: `应为 "Feature"，实际为 ${shown(feature.type)}`, en: `must be "Feature", got ${shown(feature.type)}` });
  const properties = feature.properties === null || feature.properties === undefined ? null : requireObject(feature.properties, 'site.properties');
  const copy: ReviewSite = {
    type: 'Feature',
    properties: properties === null ? null : (jsonValue(properties, 'site.properties') as Record<string, unknown>),
    geometry: siteGeometry(feature.geometry, 'site.geometry'),
  };
  if (feature.id !== undefined) {
    if (typeof feature.id !== 'string' && !(typeof feature.id === 'number' && Number.isFinite(feature.id))) {
      throw new Invalid('site.id', { zh: `应为文本或数值，实际为 ${shown(feature.id)}`, en: `must be text or a number, got ${shown(feature.id)}` });
    }
    copy.id = feature.id;
  }
  return copy;
}

function source(value: unknown): ReviewSource {
  const object = requireObject(value, 'source');
  const copy: ReviewSource = {
    crs: requireChoice(object.crs, 'source.crs', CRS_CODES),
    crsDetected: requireBoolean(object.crsDetected, 'source.crsDetected'),
    axisSwapped: requireBoolean(object.axisSwapped, 'source.axisSwapped'),
  };
  const fileName = optionalString(object.fileName, 'source.fileName');
  const format = optionalString(object.format, 'source.format');
  return { ...(fileName !== undefined ? { fileName } : {}), ...(format !== undefined ? { format } : {}), ...copy };
}

/** GB/T 4754 codes as the review CLI accepts them: an optional section letter, 2–4 digits. */
const INDUSTRY_CODE = /^[A-Za-z]?\d{2,4}$/;

function proposal(value: unknown): ReviewProposal {
  const object = requireObject(value, 'proposal');
  const copy: ReviewProposal = {};
  if (object.industryCode !== undefined) {
    const code = requireString(object.industryCode, 'proposal.industryCode');
    if (!INDUSTRY_CODE.test(code)) {
      throw new Invalid('proposal.industryCode', {
        zh: `应为 GB/T 4754 行业代码（2–4 位数字），实际为 ${shown(code)}`,
        en: `must be a GB/T 4754 industry code (2–4 digits), got ${shown(code)}`,
      });
    }
    copy.industryCode = code;
  }
  // Ratios are fractions of the site; FAR up to 100 as the review CLI allows.
  const numbers: [keyof ReviewProposal, { min: number; max?: number }][] = [
    ['far', { min: 0, max: 100 }],
    ['coverage', { min: 0, max: 1 }],
    ['officeShare', { min: 0, max: 1 }],
    ['greenRatio', { min: 0, max: 1 }],
    ['investmentIntensity', { min: 0 }],
  ];
  for (const [key, range] of numbers) {
    const number = optionalNumber(object[key], `proposal.${key}`, range);
    if (number !== undefined) (copy as Record<string, unknown>)[key] = number;
  }
  if (object.railClass !== undefined) copy.railClass = requireChoice(object.railClass, 'proposal.railClass', RAIL_CLASSES);
  if (object.industryEdition !== undefined) copy.industryEdition = requireChoice(object.industryEdition, 'proposal.industryEdition', INDUSTRY_EDITIONS);
  return copy;
}

function historyEntry(value: unknown, field: string): ReviewHistoryEntry {
  const object = requireObject(value, field);
  return {
    at: requireTimestamp(object.at, `${field}.at`),
    status: requireChoice(object.status, `${field}.status`, REVIEW_STATUSES),
    reviewer: requireString(object.reviewer, `${field}.reviewer`),
    note: requireString(object.note, `${field}.note`),
  };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function hash(value: unknown, field: string, allowEmpty = false): string {
  const text = requireString(value, field);
  if (!(allowEmpty && text === '') && !SHA256_HEX.test(text)) {
    throw new Invalid(field, { zh: `应为 64 位十六进制 SHA-256，实际为 ${shown(text)}`, en: `must be a 64-digit hexadecimal SHA-256, got ${shown(text)}` });
  }
  return text;
}

function reviewProfile(value: unknown, prefix = 'reviewProfile'): ReviewProfileStamp {
  const object = requireObject(value, prefix);
  return {
    name: requireString(object.name, 'reviewProfile.name'),
    hash: hash(object.hash, 'reviewProfile.hash'),
    layers: requireArray(object.layers, 'reviewProfile.layers').map((item, index) => {
      const layer = requireObject(item, `reviewProfile.layers[${index}]`);
      return {
        id: requireString(layer.id, `reviewProfile.layers[${index}].id`, { nonEmpty: true }),
        name: requireString(layer.name, `reviewProfile.layers[${index}].name`),
        // A layer whose data predates hashing has none: kept as "" rather than invented.
        hash: hash(layer.hash, `reviewProfile.layers[${index}].hash`, true),
        enabled: requireBoolean(layer.enabled, `reviewProfile.layers[${index}].enabled`),
      };
    }),
    ...(object.builtInLayers !== undefined
      ? { builtInLayers: requireArray(object.builtInLayers, 'reviewProfile.builtInLayers').map((item, index) => requireString(item, `reviewProfile.builtInLayers[${index}]`)) }
      : {}),
  };
}

// --- issue 11 (records-safety) ---
function requireRevision(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Invalid('revision', { zh: `应为非负整数，实际为 ${shown(value)}`, en: `must be a whole number ≥ 0, got ${shown(value)}` });
  }
  return value;
}

const DECIDED_STATUSES = REVIEW_STATUSES.filter((status): status is Exclude<ReviewStatus, 'pending'> => status !== 'pending');

function decision(value: unknown): ReviewDecision {
  const object = requireObject(value, 'decision');
  const engine = requireObject(object.engine, 'decision.engine');
  const report = requireObject(object.report, 'decision.report');
  return {
    status: requireChoice(object.status, 'decision.status', DECIDED_STATUSES),
    at: requireTimestamp(object.at, 'decision.at'),
    by: requireString(object.by, 'decision.by'),
    verdict: requireChoice(object.verdict, 'decision.verdict', VERDICTS),
    report: jsonValue(report, 'decision.report') as Record<string, unknown>,
    engine: { version: requireString(engine.version, 'decision.engine.version'), rulesHash: hash(engine.rulesHash, 'decision.engine.rulesHash', true) },
    ...(object.reviewProfile !== undefined ? { reviewProfile: reviewProfile(object.reviewProfile, 'decision.reviewProfile') } : {}),
  };
}
// --- end issue 11 ---

function verdict(value: unknown): ReviewVerdict {
  const object = requireObject(value, 'lastVerdict');
  return {
    verdict: requireChoice(object.verdict, 'lastVerdict.verdict', VERDICTS),
    at: requireTimestamp(object.at, 'lastVerdict.at'),
  };
}

/**
 * Checks every field of a record and returns its canonical copy (known fields only, no
 * `undefined` members, `-0` as `0`), or the first problem with its field path.
 *
 * @example validateRecord(JSON.parse(text)) // { ok: false, error: { field: 'history[1].status', message: { zh: …, en: … } } }
 */
export function validateRecord(value: unknown): Result<ReviewRecord, RecordError> {
  try {
    const object = requireObject(value, 'record');
    const record: ReviewRecord = {
      id: requireString(object.id, 'id', { nonEmpty: true }),
      name: requireString(object.name, 'name'),
      applicant: requireString(object.applicant, 'applicant'),
      ...(object.caseNumber !== undefined ? { caseNumber: requireString(object.caseNumber, 'caseNumber') } : {}),
      status: requireChoice(object.status, 'status', REVIEW_STATUSES),
      notes: requireString(object.notes, 'notes'),
      reviewer: requireString(object.reviewer, 'reviewer'),
      createdAt: requireTimestamp(object.createdAt, 'createdAt'),
      updatedAt: requireTimestamp(object.updatedAt, 'updatedAt'),
      // Members in the model's order, so a re-saved file is byte for byte the same.
      ...(object.decidedAt !== undefined ? { decidedAt: requireTimestamp(object.decidedAt, 'decidedAt') } : {}),
      history: requireArray(object.history, 'history').map((entry, index) => historyEntry(entry, `history[${index}]`)),
      site: site(object.site),
      source: source(object.source),
      proposal: proposal(object.proposal),
      ...(object.lastVerdict !== undefined ? { lastVerdict: verdict(object.lastVerdict) } : {}),
      ...(object.reviewProfile !== undefined ? { reviewProfile: reviewProfile(object.reviewProfile) } : {}),
      // Issue 11: records from before revisions count as never re-saved.
      revision: object.revision === undefined ? 0 : requireRevision(object.revision),
      ...(object.decision !== undefined ? { decision: decision(object.decision) } : {}),
    };
    return ok(record);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const name = label(error.field);
    return fail({
      field: error.field,
      message: { zh: `字段 ${name.zh}：${error.problem.zh}。`, en: `Field ${name.en}: ${error.problem.en}.` },
    });
  }
}

// ---------------------------------------------------------------------------------------
// IndexedDB
// ---------------------------------------------------------------------------------------

export const REVIEW_DATABASE_NAME = 'weihai-rushan-atlas';
export const REVIEW_STORE_NAME = 'review-sites';
/** Bump with an `upgrade` step when the store's shape changes. */
export const REVIEW_DATABASE_VERSION = 1;

interface ReviewDatabase extends DBSchema {
  'review-sites': {
    key: string;
    value: ReviewRecord;
    indexes: { status: ReviewStatus; updatedAt: string };
  };
}

export type StoreErrorCode = 'UNAVAILABLE' | 'NEWER_VERSION' | 'QUOTA' | 'INVALID_RECORD' | 'DUPLICATE_ID' | 'FAILED' | 'STALE';

export interface StoreError {
  code: StoreErrorCode;
  message: Bilingual;
  hint: Bilingual;
  /** For `INVALID_RECORD`: the field path. */
  field?: string;
  /** For `STALE` (issue 11): the record as stored now, saved elsewhere since this one was read (absent: deleted). */
  current?: ReviewRecord;
}

// --- issue 11 (records-safety): revision check ---
/** Thrown inside a transaction to abort it; turned into a `STALE` error. */
class StaleRevision extends Error {
  constructor(readonly current: ReviewRecord | undefined, readonly name_: string) {
    super('stale revision');
  }
}

function staleError(current: ReviewRecord | undefined, name: string): StoreError {
  const shownName = name.trim() || (current?.name ?? '');
  return {
    code: 'STALE',
    ...(current ? { current } : {}),
    message: current
      ? {
          zh: `记录“${shownName}”已在别处（另一标签页或导入）保存为第 ${current.revision} 版（${current.updatedAt}），本次修改基于较早版本，未保存。`,
          en: `The record "${shownName}" was saved elsewhere (another tab or an import) as revision ${current.revision} (${current.updatedAt}); these edits are based on an older revision and were not saved.`,
        }
      : { zh: `记录“${shownName}”已在别处被删除，本次修改未保存。`, en: `The record "${shownName}" was deleted elsewhere; these edits were not saved.` },
    hint: {
      zh: '请选择：载入对方的版本、将我的修改另存为副本，或先比较两者。',
      en: 'Choose: load their version, keep mine as a copy, or compare the two first.',
    },
  };
}
// --- end issue 11 ---

function storeError(error: unknown): StoreError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError') {
    return {
      code: 'QUOTA',
      message: { zh: '浏览器存储空间已满，审查记录未保存。', en: 'The browser storage is full; the review records were not saved.' },
      hint: { zh: '请导出审查集备份，删除不再需要的记录后重试。', en: 'Export the review set as a backup, delete records no longer needed, and try again.' },
    };
  }
  if (name === 'VersionError') {
    return {
      code: 'NEWER_VERSION',
      message: { zh: '本机的审查记录由更新版本的图集保存，当前版本无法读取。', en: 'The review records here were saved by a newer version of the atlas; this version cannot read them.' },
      hint: { zh: '请使用最新版本的图集。', en: 'Use the latest version of the atlas.' },
    };
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || name === 'NotFoundError') {
    return {
      code: 'UNAVAILABLE',
      message: { zh: `浏览器不允许本页使用本地数据库（${name}）。`, en: `The browser does not let this page use its local database (${name}).` },
      hint: {
        zh: '隐私/无痕模式或禁止网站数据的设置会造成此问题；请换用普通窗口，或先导出审查集。',
        en: 'Private browsing or settings that block site data cause this; use a normal window, or export the review set first.',
      },
    };
  }
  return {
    code: 'FAILED',
    message: { zh: `读写本地审查记录失败：${detail}`, en: `Reading or writing the local review records failed: ${detail}` },
    hint: { zh: '请重试；若反复失败，请导出审查集备份后刷新页面。', en: 'Try again; if it keeps failing, export the review set as a backup and reload the page.' },
  };
}

function invalidRecord(error: RecordError, position?: number): StoreError {
  const where: Bilingual = position === undefined ? { zh: '', en: '' } : { zh: `第 ${position + 1} 条记录：`, en: `Record ${position + 1}: ` };
  return {
    code: 'INVALID_RECORD',
    field: error.field,
    message: { zh: `${where.zh}${error.message.zh}`, en: `${where.en}${error.message.en}` },
    hint: { zh: '记录未保存，请修正该字段。', en: 'Nothing was saved; correct this field.' },
  };
}

function withRevision(record: ReviewRecord): ReviewRecord {
  return typeof record.revision === 'number' ? record : { ...record, revision: 0 };
}

/** Oldest first, ties by id, so lists do not reorder between reads. */
function byCreation(first: ReviewRecord, second: ReviewRecord): number {
  return first.createdAt < second.createdAt ? -1 : first.createdAt > second.createdAt ? 1 : first.id < second.id ? -1 : first.id > second.id ? 1 : 0;
}

/** An open connection to the review store. Every method resolves to a Result, never rejects. */
export interface ReviewStore {
  /** Every record, oldest first. */
  list(): Promise<Result<ReviewRecord[], StoreError>>;
  get(id: string): Promise<Result<ReviewRecord | undefined, StoreError>>;
  /**
   * Validates, then inserts or replaces by id; resolves with the stored (canonical) record.
   * Issue 11: in the same transaction the stored revision must equal `record.revision` (or
   * nothing be stored under a revision-0 record); the record is written with revision + 1.
   * Otherwise nothing is written and the error is `STALE` with the stored record.
   */
  put(record: ReviewRecord): Promise<Result<ReviewRecord, StoreError>>;
  /**
   * Issue 11, review-set import: writes the records as given (their own revisions) in one
   * transaction, after checking each id is still at the revision the caller previewed
   * (`expected`: id → revision, null = not stored). Any mismatch writes nothing (`STALE`).
   */
  importMany(records: readonly ReviewRecord[], expected: ReadonlyMap<string, number | null>): Promise<Result<ReviewRecord[], StoreError>>;
  /**
   * Writes many records in one transaction: all or none. `replace: true` first removes every
   * record not in the list (importing a review set over the current one).
   */
  putMany(records: readonly ReviewRecord[], options?: { replace?: boolean }): Promise<Result<ReviewRecord[], StoreError>>;
  delete(id: string): Promise<Result<void, StoreError>>;
  clear(): Promise<Result<void, StoreError>>;
  close(): void;
}

export interface OpenReviewStoreOptions {
  /** Default {@link REVIEW_DATABASE_NAME}; tests can use their own. */
  databaseName?: string;
}

function wrapStore(database: IDBPDatabase<ReviewDatabase>): ReviewStore {
  const guard = async <T>(work: () => Promise<T>): Promise<Result<T, StoreError>> => {
    try {
      return ok(await work());
    } catch (error) {
      return fail(storeError(error));
    }
  };
  return {
    // Issue 11: records stored before revisions read as revision 0.
    list: () => guard(async () => (await database.getAll(REVIEW_STORE_NAME)).map(withRevision).sort(byCreation)),
    get: (id) => guard(async () => { const found = await database.get(REVIEW_STORE_NAME, id); return found ? withRevision(found) : undefined; }),
    async put(record) {
      const checked = validateRecord(record);
      if (!checked.ok) return fail(invalidRecord(checked.error));
      try {
        const transaction = database.transaction(REVIEW_STORE_NAME, 'readwrite');
        const current = await transaction.store.get(checked.value.id);
        const storedRevision = current ? validateRecord(current) : undefined;
        const currentRevision = storedRevision?.ok ? storedRevision.value.revision : current ? 0 : null;
        // A new record (revision 0) may only be written where nothing is stored.
        if (checked.value.revision === 0 ? currentRevision !== null : currentRevision !== checked.value.revision) {
          transaction.abort();
          await transaction.done.catch(() => undefined);
          throw new StaleRevision(storedRevision?.ok ? storedRevision.value : undefined, checked.value.name);
        }
        const saved: ReviewRecord = { ...checked.value, revision: checked.value.revision + 1 };
        await Promise.all([transaction.store.put(saved), transaction.done]);
        return ok(saved);
      } catch (error) {
        if (error instanceof StaleRevision) return fail(staleError(error.current, error.name_));
        return fail(storeError(error));
      }
    },
    async importMany(records, expected) {
      const canonical: ReviewRecord[] = [];
      for (const [position, record] of records.entries()) {
        const checked = validateRecord(record);
        if (!checked.ok) return fail(invalidRecord(checked.error, position));
        canonical.push(checked.value);
      }
      try {
        const transaction = database.transaction(REVIEW_STORE_NAME, 'readwrite');
        for (const record of canonical) {
          const current = await transaction.store.get(record.id);
          const revision = current ? (typeof current.revision === 'number' ? current.revision : 0) : null;
          const wanted = expected.has(record.id) ? expected.get(record.id) : null;
          if (revision !== wanted) {
            transaction.abort();
            await transaction.done.catch(() => undefined);
            throw new StaleRevision(current, record.name);
          }
        }
        await Promise.all([...canonical.map((record) => transaction.store.put(record)), transaction.done]);
        return ok(canonical);
      } catch (error) {
        if (error instanceof StaleRevision) return fail(staleError(error.current, error.name_));
        return fail(storeError(error));
      }
    },
    async putMany(records, options = {}) {
      const canonical: ReviewRecord[] = [];
      const seen = new Map<string, number>();
      for (const [position, record] of records.entries()) {
        const checked = validateRecord(record);
        if (!checked.ok) return fail(invalidRecord(checked.error, position));
        const earlier = seen.get(checked.value.id);
        if (earlier !== undefined) {
          return fail({
            code: 'DUPLICATE_ID',
            field: 'id',
            message: {
              zh: `第 ${earlier + 1} 条与第 ${position + 1} 条记录的编号相同（${checked.value.id}）。`,
              en: `Records ${earlier + 1} and ${position + 1} have the same id (${checked.value.id}).`,
            },
            hint: { zh: '记录未保存；请删除重复的记录。', en: 'Nothing was saved; remove the duplicate.' },
          });
        }
        seen.set(checked.value.id, position);
        canonical.push(checked.value);
      }
      return guard(async () => {
        const transaction = database.transaction(REVIEW_STORE_NAME, 'readwrite');
        // One transaction: if any request fails, IndexedDB rolls all of them back.
        await Promise.all([
          ...(options.replace ? [transaction.store.clear()] : []),
          ...canonical.map((record) => transaction.store.put(record)),
          transaction.done,
        ]);
        return canonical;
      });
    },
    delete: (id) => guard(() => database.delete(REVIEW_STORE_NAME, id)),
    clear: () => guard(() => database.clear(REVIEW_STORE_NAME)),
    close: () => database.close(),
  };
}

/** The connection the module-level functions share, opened on first use. */
let shared: { name: string; opening: Promise<Result<ReviewStore, StoreError>> } | undefined;

/**
 * Opens (and on first use creates) the review database: store `review-sites`, key `id`,
 * indexes on `status` and `updatedAt`.
 *
 * @example
 * const opened = await openReviewStore();
 * if (opened.ok) await opened.value.put(record);
 */
export async function openReviewStore(options: OpenReviewStoreOptions = {}): Promise<Result<ReviewStore, StoreError>> {
  if (typeof indexedDB === 'undefined') return fail(storeError(new DOMException('indexedDB is not available', 'InvalidStateError')));
  let database: IDBPDatabase<ReviewDatabase> | undefined;
  try {
    database = await openDB<ReviewDatabase>(options.databaseName ?? REVIEW_DATABASE_NAME, REVIEW_DATABASE_VERSION, {
      upgrade(upgrading, oldVersion) {
        if (oldVersion < 1) {
          const store = upgrading.createObjectStore(REVIEW_STORE_NAME, { keyPath: 'id' });
          store.createIndex('status', 'status');
          store.createIndex('updatedAt', 'updatedAt');
        }
      },
      // Another tab opens a newer version: let it upgrade instead of blocking it forever.
      blocking() {
        database?.close();
        if (shared && shared.name === (options.databaseName ?? REVIEW_DATABASE_NAME)) shared = undefined;
      },
      terminated() {
        if (shared && shared.name === (options.databaseName ?? REVIEW_DATABASE_NAME)) shared = undefined;
      },
    });
  } catch (error) {
    return fail(storeError(error));
  }
  return ok(wrapStore(database));
}

function defaultStore(): Promise<Result<ReviewStore, StoreError>> {
  if (!shared) {
    const opening = openReviewStore();
    shared = { name: REVIEW_DATABASE_NAME, opening };
    // A failed open is not cached: the next call tries again.
    void opening.then((result) => {
      if (!result.ok && shared?.opening === opening) shared = undefined;
    });
  }
  return shared.opening;
}

async function withDefaultStore<T>(work: (store: ReviewStore) => Promise<Result<T, StoreError>>): Promise<Result<T, StoreError>> {
  const opened = await defaultStore();
  return opened.ok ? work(opened.value) : opened;
}

/** Every saved record, oldest first. */
export function listRecords(): Promise<Result<ReviewRecord[], StoreError>> {
  return withDefaultStore((store) => store.list());
}

/** Saves (inserts or replaces) one record after validating it; refused (`STALE`) when its revision is not the stored one. */
export function putRecord(record: ReviewRecord): Promise<Result<ReviewRecord, StoreError>> {
  return withDefaultStore((store) => store.put(record));
}

/** Issue 11: review-set import, all or nothing, checked against the revisions previewed. */
export function importRecords(records: readonly ReviewRecord[], expected: ReadonlyMap<string, number | null>): Promise<Result<ReviewRecord[], StoreError>> {
  return withDefaultStore((store) => store.importMany(records, expected));
}

/** Saves many records in one transaction (all or none); `replace` removes the others first. */
export function putRecords(records: readonly ReviewRecord[], options?: { replace?: boolean }): Promise<Result<ReviewRecord[], StoreError>> {
  return withDefaultStore((store) => store.putMany(records, options));
}

export function deleteRecord(id: string): Promise<Result<void, StoreError>> {
  return withDefaultStore((store) => store.delete(id));
}

export function clearRecords(): Promise<Result<void, StoreError>> {
  return withDefaultStore((store) => store.clear());
}

/**
 * Asks the browser not to evict the atlas's storage under pressure (best effort: the
 * browser may say no; records are kept either way until space runs short).
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
