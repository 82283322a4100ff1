/**
 * The review set as one file (issue 4): every site under review as a GeoJSON
 * FeatureCollection — one Feature per record, the site as its geometry (lon/lat, RFC 7946),
 * the rest of the record in `properties` — so the file also opens in QGIS or any GIS.
 * Pure functions; the caller reads and saves the file.
 *
 * ```json
 * { "type": "FeatureCollection", "format": "weihai-rushan-atlas/review-set", "version": 1,
 *   "features": [ { "type": "Feature", "id": "<record id>", "geometry": { "type": "Polygon", … },
 *     "properties": { "id": "<record id>", "name": …, "applicant": …, "caseNumber": …, "status": "pending", "notes": …,
 *       "reviewer": …, "createdAt": …, "updatedAt": …, "decidedAt"?: …, "history": [ … ],
 *       "source": { … }, "proposal": { … }, "lastVerdict"?: { … },
 *       "siteProperties": { …the site feature's own properties… } | null, "siteId"?: … } } ] }
 * ```
 *
 * Lossless: `reviewSetFromGeoJSON(reviewSetToGeoJSON(records))` deep-equals the canonical
 * records (as `validateRecord` returns them), also after `JSON.stringify` / `JSON.parse`.
 * Import is all or nothing: the first problem is reported with the feature's position and
 * the field, and no record is returned.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Bilingual } from '../data/catalog-types';
import { validateRecord, type ReviewRecord } from './review-records';
import { describeJsonError } from '../io/json-error-position';
import { fail, ok, type Result } from '../io/types';

export const REVIEW_SET_FORMAT = 'weihai-rushan-atlas/review-set';
export const REVIEW_SET_VERSION = 1;
/** Suggested file name ending and type for a saved review set. */
export const REVIEW_SET_FILE_SUFFIX = '.review-set.geojson';
export const REVIEW_SET_MIME = 'application/geo+json';

/** `properties` of one feature: the record without its site, plus the site's own properties and id. */
export type ReviewSetProperties = Omit<ReviewRecord, 'site'> & {
  siteProperties: Record<string, unknown> | null;
  siteId?: string | number;
};

export interface ReviewSetCollection extends FeatureCollection<Polygon | MultiPolygon, ReviewSetProperties> {
  format: typeof REVIEW_SET_FORMAT;
  version: typeof REVIEW_SET_VERSION;
}

export interface ReviewSetError {
  message: Bilingual;
  hint: Bilingual;
  /** 0-based position of the offending feature, when one is at fault. */
  featureIndex?: number;
  /** Field path inside the record (`history[1].status`), when one is at fault. */
  field?: string;
}

/**
 * One GeoJSON FeatureCollection holding every record.
 *
 * @param records as stored (canonical records from `listRecords`)
 * @example JSON.stringify(reviewSetToGeoJSON(records), null, 1) // the file to save
 */
export function reviewSetToGeoJSON(records: readonly ReviewRecord[]): ReviewSetCollection {
  return {
    type: 'FeatureCollection',
    format: REVIEW_SET_FORMAT,
    version: REVIEW_SET_VERSION,
    features: records.map((record): Feature<Polygon | MultiPolygon, ReviewSetProperties> => {
      const { site, ...rest } = record;
      const properties: ReviewSetProperties = { ...rest, siteProperties: site.properties ?? null };
      if (site.id !== undefined) properties.siteId = site.id;
      return { type: 'Feature', id: record.id, geometry: site.geometry, properties };
    }),
  };
}

/** The review set as the text of a `.review-set.geojson` file. */
export function serializeReviewSet(records: readonly ReviewRecord[]): string {
  return `${JSON.stringify(reviewSetToGeoJSON(records), null, 1)}\n`;
}

const NOT_A_SET_HINT: Bilingual = {
  zh: '请选择由本图集“导出审查集”保存的 .geojson 文件。',
  en: 'Choose a .geojson file saved with "Export review set" in this atlas.',
};
const FIX_HINT: Bilingual = {
  zh: '未导入任何记录。请修正该处后重新导入，或重新导出审查集。',
  en: 'No record was imported. Correct this place and import again, or export the review set again.',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(index: number, properties: unknown): Bilingual {
  const name = isObject(properties) && typeof properties.name === 'string' && properties.name.trim() !== '' ? properties.name.trim() : '';
  const shortName = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  return { zh: `第 ${index + 1} 个要素${shortName ? `（${shortName}）` : ''}`, en: `Feature ${index + 1}${shortName ? ` (${shortName})` : ''}` };
}

function featureError(index: number, properties: unknown, field: string | undefined, message: Bilingual): ReviewSetError {
  const where = describe(index, properties);
  return {
    featureIndex: index,
    ...(field !== undefined ? { field } : {}),
    message: { zh: `${where.zh}：${message.zh}`, en: `${where.en}: ${message.en}` },
    hint: FIX_HINT,
  };
}

/** CRS members that still mean lon/lat (GeoJSON 2008 leftovers GDAL writes). */
const LON_LAT_CRS = /(CRS84|EPSG:{1,2}(4326|4490))$/i;

/**
 * Reads a review set back into records, checking every field of every record. Returns all
 * records or none.
 *
 * @param json the parsed file (use {@link parseReviewSet} for the text)
 * @returns the records in file order, or the first problem: which feature, which field, what to do
 */
export function reviewSetFromGeoJSON(json: unknown): Result<ReviewRecord[], ReviewSetError> {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return fail({
      message: { zh: '文件不是 GeoJSON 要素集（FeatureCollection）。', en: 'The file is not a GeoJSON FeatureCollection.' },
      hint: NOT_A_SET_HINT,
    });
  }
  if (json.format !== REVIEW_SET_FORMAT) {
    return fail({
      message: {
        zh: `这是普通 GeoJSON，不是图集审查集（缺少 "format": "${REVIEW_SET_FORMAT}"）。`,
        en: `This is plain GeoJSON, not an atlas review set (it lacks "format": "${REVIEW_SET_FORMAT}").`,
      },
      hint: {
        zh: '若要审查其中的地块，请用“导入选址”打开它；审查集请选择“导出审查集”保存的文件。',
        en: 'To review its parcels, open it with "Import site"; for a review set choose a file saved with "Export review set".',
      },
    });
  }
  if (json.version !== REVIEW_SET_VERSION) {
    const newer = typeof json.version === 'number' && json.version > REVIEW_SET_VERSION;
    return fail({
      message: newer
        ? { zh: `审查集版本 ${json.version} 由更新版本的图集保存，当前版本只能读取版本 ${REVIEW_SET_VERSION}。`, en: `Review set version ${json.version} was saved by a newer atlas; this one reads version ${REVIEW_SET_VERSION}.` }
        : { zh: `审查集版本 ${JSON.stringify(json.version ?? null)} 无法识别（应为 ${REVIEW_SET_VERSION}）。`, en: `Review set version ${JSON.stringify(json.version ?? null)} is not recognised (expected ${REVIEW_SET_VERSION}).` },
      hint: newer ? { zh: '请使用最新版本的图集。', en: 'Use the latest version of the atlas.' } : NOT_A_SET_HINT,
    });
  }
  if (json.crs !== undefined) {
    const name = isObject(json.crs) && isObject(json.crs.properties) ? json.crs.properties.name : undefined;
    if (typeof name !== 'string' || !LON_LAT_CRS.test(name)) {
      return fail({
        message: {
          zh: `审查集声明了投影坐标系 ${JSON.stringify(name ?? null)}；审查集中的选址必须是经纬度。`,
          en: `The review set declares the CRS ${JSON.stringify(name ?? null)}; sites in a review set must be lon/lat.`,
        },
        hint: { zh: '请用本图集重新导出审查集，不要在 GIS 软件中改变其坐标系。', en: 'Export the review set from the atlas again; do not reproject it in a GIS.' },
      });
    }
  }
  const records: ReviewRecord[] = [];
  const positions = new Map<string, number>();
  for (const [index, feature] of json.features.entries()) {
    if (!isObject(feature) || feature.type !== 'Feature') {
      return fail(featureError(index, undefined, undefined, { zh: '不是 GeoJSON 要素（Feature）。', en: 'not a GeoJSON Feature.' }));
    }
    const properties = feature.properties;
    if (!isObject(properties)) {
      return fail(featureError(index, undefined, 'properties', { zh: '缺少属性（properties），无法读取审查记录。', en: 'it has no properties, so there is no review record to read.' }));
    }
    const { siteProperties, siteId, ...recordFields } = properties;
    if (siteProperties !== null && siteProperties !== undefined && !isObject(siteProperties)) {
      return fail(featureError(index, properties, 'siteProperties', { zh: '字段 siteProperties 应为对象或 null。', en: 'Field siteProperties must be an object or null.' }));
    }
    const site: Record<string, unknown> = { type: 'Feature', properties: siteProperties ?? null, geometry: feature.geometry };
    if (siteId !== undefined) site.id = siteId;
    const checked = validateRecord({ ...recordFields, site });
    if (!checked.ok) {
      // The record's `site.geometry` is the feature's `geometry` in the file: name what the file shows.
      const field = checked.error.field.replace(/^site\.geometry/, 'geometry').replace(/^site\.properties/, 'siteProperties').replace(/^site\.id/, 'siteId');
      const message = {
        zh: checked.error.message.zh.replace(checked.error.field, field),
        en: checked.error.message.en.replace(checked.error.field, field),
      };
      return fail(featureError(index, properties, field, message));
    }
    const earlier = positions.get(checked.value.id);
    if (earlier !== undefined) {
      return fail(
        featureError(index, properties, 'id', {
          zh: `编号 ${checked.value.id} 与第 ${earlier + 1} 个要素重复。`,
          en: `the id ${checked.value.id} repeats feature ${earlier + 1}.`,
        }),
      );
    }
    positions.set(checked.value.id, index);
    records.push(checked.value);
  }
  return ok(records);
}

/**
 * Parses the text of a review-set file, reporting a JSON syntax error with its line and column.
 *
 * @example const imported = parseReviewSet(await file.text()); if (imported.ok) await putRecords(imported.value);
 */
export function parseReviewSet(text: string): Result<ReviewRecord[], ReviewSetError> {
  let json: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(body);
  } catch (error) {
    return fail({
      message: describeJsonError(body, error),
      hint: { zh: '文件可能不完整或被编辑损坏；请重新导出审查集。', en: 'The file may be incomplete or damaged by editing; export the review set again.' },
    });
  }
  return reviewSetFromGeoJSON(json);
}

// ---------------------------------------------------------------------------------------
// Issue 11 (records-safety): import as a merge, previewed first
// ---------------------------------------------------------------------------------------

/**
 * What importing one record of a review set would do:
 * - `add`: no record with its id here — it is added;
 * - `update`: the file's copy is newer (higher revision, saved no earlier than ours) and
 *   carries every status change made here (our history is a prefix of the file's) — it replaces ours;
 * - `conflict`: both changed since they parted (same revision with different content, or each
 *   has what the other lacks) — ours is kept, nothing is written;
 * - `older`: the file's copy is older than ours (an old backup) — ours is kept;
 * - `same`: identical — nothing to do.
 */
export type ReviewSetChange = 'add' | 'update' | 'conflict' | 'older' | 'same';

export interface ReviewSetImportItem {
  change: ReviewSetChange;
  incoming: ReviewRecord;
  /** Ours, when a record with the same id is stored. */
  current?: ReviewRecord;
}

export interface ReviewSetImportPlan {
  /** One per record of the file, in file order. */
  items: ReviewSetImportItem[];
  /** What the import writes: the added and updated records, nothing else. */
  writes: ReviewRecord[];
  /** id → the revision each written id must still have when written (null = absent). */
  expected: Map<string, number | null>;
  counts: Record<ReviewSetChange, number>;
}

function time(value: string): number {
  return Date.parse(value);
}

/** True when every entry of `earlier` is, in order, the start of `later`. */
function historyPrefix(earlier: ReviewRecord['history'], later: ReviewRecord['history']): boolean {
  if (earlier.length > later.length) return false;
  return earlier.every((entry, index) => {
    const other = later[index];
    return time(entry.at) === time(other.at) && entry.status === other.status && entry.reviewer === other.reviewer && entry.note === other.note;
  });
}

/** Canonical records compare by their JSON (validateRecord fixes member order). */
function sameRecord(first: ReviewRecord, second: ReviewRecord): boolean {
  return JSON.stringify(first) === JSON.stringify(second);
}

/**
 * Compares a review set with the records stored here and says, record by record, what an
 * import would do. Never plans to replace a record that has changes the file lacks.
 *
 * @param current the records stored here (canonical, from `listRecords`)
 * @param incoming the records of the file (from {@link parseReviewSet})
 * @example const plan = planReviewSetImport(stored, parsed.value); await importRecords(plan.writes, plan.expected);
 */
export function planReviewSetImport(current: readonly ReviewRecord[], incoming: readonly ReviewRecord[]): ReviewSetImportPlan {
  const byId = new Map(current.map((record) => [record.id, record]));
  const counts: Record<ReviewSetChange, number> = { add: 0, update: 0, conflict: 0, older: 0, same: 0 };
  const items: ReviewSetImportItem[] = [];
  const writes: ReviewRecord[] = [];
  const expected = new Map<string, number | null>();
  for (const record of incoming) {
    const ours = byId.get(record.id);
    let change: ReviewSetChange;
    if (!ours) change = 'add';
    else if (sameRecord(ours, record)) change = 'same';
    else {
      // The same revision with different content: both were saved from one ancestor.
      const theirsNewer = record.revision > ours.revision;
      // Ours has something theirs lacks: saved later, or a history entry theirs does not carry.
      const oursDiverged = time(ours.updatedAt) > time(record.updatedAt) || !historyPrefix(ours.history, record.history);
      const theirsDiverged = time(record.updatedAt) > time(ours.updatedAt) || !historyPrefix(record.history, ours.history);
      if (record.revision === ours.revision) change = 'conflict';
      else if (theirsNewer) change = oursDiverged ? 'conflict' : 'update';
      else change = theirsDiverged ? 'conflict' : 'older';
    }
    counts[change] += 1;
    items.push({ change, incoming: record, ...(ours ? { current: ours } : {}) });
    if (change === 'add' || change === 'update') {
      writes.push(record);
      expected.set(record.id, ours ? ours.revision : null);
    }
  }
  return { items, writes, expected, counts };
}
