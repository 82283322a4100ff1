/**
 * The key-project board (重点项目 挂图作战, issue 5): the key-projects layer plus the records a
 * user adds or edits locally, grouped by status, with investment totals by district and by
 * cluster, validation of edits, and export (GeoJSON, CSV).
 *
 * Investment is in 亿元 (10^8 yuan). An unknown investment is null and is never counted as 0:
 * totals are the sum of the known figures plus how many projects have none (the layer's
 * notes: no per-project investment was published, so every layer record is null).
 *
 * Pure: no React, no DOM (the IndexedDB store is project-records.ts).
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Bilingual, Lang } from '../data/catalog-types';
import { CLUSTERS, RUSHAN_INDUSTRIES, splitList } from '../data/industries';

export const PROJECT_STATUSES = ['planned', 'signed', 'under-construction', 'built', 'unknown'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The layer's own status labels (layers/key-projects/layer.json). */
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, Bilingual> = {
  planned: { zh: '规划', en: 'Planned' },
  signed: { zh: '已签约', en: 'Signed' },
  'under-construction': { zh: '在建', en: 'Under construction' },
  built: { zh: '已建成', en: 'Built' },
  unknown: { zh: '不详', en: 'Unknown' },
};

export interface ProjectRecord {
  id: string;
  name_zh: string;
  name_en: string;
  status: ProjectStatus;
  /** 亿元; null = not known. */
  investment_yi: number | null;
  district: string;
  /** The layer's English district name (layer records only), while the district is the layer's. */
  district_en?: string;
  clusters: string[];
  rushan_industries: string[];
  /** [lon, lat]. */
  position: [number, number];
  /** The note as a reader reads it: Chinese for the layer's records, as typed for one added here. */
  note: string;
  /** The layer's English note (layer records only): what an English CSV export gives. */
  note_en?: string;
  /** `layer`: from the key-projects layer as shipped; `local`: added or edited here. */
  origin: 'layer' | 'local';
  accuracy: string;
  /** ISO timestamp of the last local edit; absent for untouched layer records. */
  updated?: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function isStatus(value: unknown): value is ProjectStatus {
  return typeof value === 'string' && (PROJECT_STATUSES as readonly string[]).includes(value);
}

/** The key-projects layer's point features as records (other geometry is skipped). */
export function recordsFromLayer(collection: FeatureCollection): ProjectRecord[] {
  const records: ProjectRecord[] = [];
  for (const feature of collection.features) {
    if (feature.geometry?.type !== 'Point') continue;
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    const [lon, lat] = feature.geometry.coordinates;
    const investment = properties.investment_yi;
    records.push({
      id: text(properties.id),
      name_zh: text(properties.name_zh),
      name_en: text(properties.name_en),
      status: isStatus(properties.status) ? properties.status : 'unknown',
      investment_yi: typeof investment === 'number' && Number.isFinite(investment) ? investment : null,
      district: text(properties.district),
      ...(text(properties.district_en) ? { district_en: text(properties.district_en) } : {}),
      clusters: splitList(properties.clusters),
      rushan_industries: splitList(properties.rushan_industries),
      position: [lon, lat],
      // The readers' notes (the layer's zh/en pair; the team's technical note only where a layer has no pair).
      note: text(properties.status_note_zh) || text(properties.status_note),
      ...(text(properties.status_note_en) ? { note_en: text(properties.status_note_en) } : {}),
      origin: 'layer',
      accuracy: text(properties.accuracy) || 'schematic',
    });
  }
  return records;
}

/** Layer records with local edits applied (same id replaces), then locally added records. */
export function mergeRecords(layerRecords: readonly ProjectRecord[], localRecords: readonly ProjectRecord[]): ProjectRecord[] {
  const local = new Map(localRecords.map((record) => [record.id, record]));
  const merged = layerRecords.map((record) => local.get(record.id) ?? record);
  const layerIds = new Set(layerRecords.map((record) => record.id));
  for (const record of localRecords) if (!layerIds.has(record.id)) merged.push(record);
  return merged;
}

export interface InvestmentTotal {
  key: string;
  label: Bilingual;
  /** Sum of the known investments, 亿元. */
  investment_yi: number;
  count: number;
  /** Projects counted here whose investment is unknown. */
  unknown_count: number;
}

function addTo(totals: Map<string, InvestmentTotal>, key: string, label: Bilingual, record: ProjectRecord): void {
  let total = totals.get(key);
  if (!total) {
    total = { key, label, investment_yi: 0, count: 0, unknown_count: 0 };
    totals.set(key, total);
  }
  total.count += 1;
  if (record.investment_yi === null) total.unknown_count += 1;
  else total.investment_yi += record.investment_yi;
}

/** Round to 0.0001 亿元 (1 万元) so sums of decimals do not print 12.500000000001. */
const tidy = (value: number) => Math.round(value * 1e4) / 1e4;

export interface BoardTotals {
  all: InvestmentTotal;
  byStatus: InvestmentTotal[];
  byDistrict: InvestmentTotal[];
  /** A project with several clusters counts in each: these do not add up to `all`. */
  byCluster: InvestmentTotal[];
}

/**
 * Counts and investment totals of the records: overall, by status (in {@link PROJECT_STATUSES}
 * order), by district (as written in the record; "" → "未填 / not given") and by cluster
 * (the seven 千亿级 clusters, then Rushan's 3+3 industries; a project without any → "none").
 */
export function boardTotals(records: readonly ProjectRecord[]): BoardTotals {
  const all = new Map<string, InvestmentTotal>();
  const status = new Map<string, InvestmentTotal>();
  const district = new Map<string, InvestmentTotal>();
  const cluster = new Map<string, InvestmentTotal>();
  for (const code of PROJECT_STATUSES) status.set(code, { key: code, label: PROJECT_STATUS_LABELS[code], investment_yi: 0, count: 0, unknown_count: 0 });
  // A district's English name from any record that has it (an edited record may not).
  const englishDistrict = new Map<string, string>();
  for (const record of records) if (record.district_en && !englishDistrict.has(record.district.trim())) englishDistrict.set(record.district.trim(), record.district_en);
  for (const record of records) {
    addTo(all, 'all', { zh: '全部', en: 'All' }, record);
    addTo(status, record.status, PROJECT_STATUS_LABELS[record.status], record);
    const districtName = record.district.trim();
    addTo(district, districtName || '—', districtName ? { zh: districtName, en: englishDistrict.get(districtName) ?? districtName } : { zh: '未填', en: 'not given' }, record);
    const codes = [...record.clusters.map((code) => `cluster:${code}`), ...record.rushan_industries.map((code) => `rushan:${code}`)];
    if (codes.length === 0) addTo(cluster, 'none', { zh: '未归入集群', en: 'No cluster' }, record);
    for (const code of codes) {
      const [kind, name] = code.split(':');
      const label = (kind === 'cluster' ? CLUSTERS[name] : RUSHAN_INDUSTRIES[name]) ?? { zh: name, en: name };
      addTo(cluster, code, kind === 'rushan' ? { zh: `乳山 ${label.zh}`, en: `Rushan: ${label.en}` } : label, record);
    }
  }
  const finish = (map: Map<string, InvestmentTotal>) => [...map.values()].map((total) => ({ ...total, investment_yi: tidy(total.investment_yi) }));
  return {
    all: finish(all)[0] ?? { key: 'all', label: { zh: '全部', en: 'All' }, investment_yi: 0, count: 0, unknown_count: 0 },
    byStatus: finish(status),
    byDistrict: finish(district).sort((a, b) => b.investment_yi - a.investment_yi || b.count - a.count || a.key.localeCompare(b.key)),
    byCluster: finish(cluster).sort((a, b) => b.investment_yi - a.investment_yi || b.count - a.count || a.key.localeCompare(b.key)),
  };
}

/** Records grouped into the board's status columns. */
export function boardColumns(records: readonly ProjectRecord[]): { status: ProjectStatus; records: ProjectRecord[] }[] {
  return PROJECT_STATUSES.map((status) => ({ status, records: records.filter((record) => record.status === status) }));
}

/** What the edit form holds: text as typed. */
export interface ProjectDraft {
  id?: string;
  name_zh: string;
  name_en: string;
  status: string;
  investment_yi: string;
  district: string;
  clusters: string[];
  rushan_industries: string[];
  longitude: string;
  latitude: string;
  note: string;
}

/** Extent of the atlas region (REFERENCE: Rushan and Weihai; the map's max bounds are wider). */
const REGION = { west: 119.5, south: 35.8, east: 123.2, north: 38.2 };

export type DraftResult = { ok: true; record: ProjectRecord } | { ok: false; problems: Bilingual[] };

/**
 * Validates a draft into a local record: a name in at least one language, a known status, an
 * investment that is empty (unknown) or a non-negative number of 亿元, and a position inside
 * the atlas region. Every problem is reported in zh and en.
 */
export function recordFromDraft(draft: ProjectDraft, now: Date, existing?: ProjectRecord): DraftResult {
  const problems: Bilingual[] = [];
  const nameZh = draft.name_zh.trim();
  const nameEn = draft.name_en.trim();
  if (!nameZh && !nameEn) problems.push({ zh: '请填写项目名称（中文或英文）', en: 'Give the project a name (Chinese or English)' });
  if (!isStatus(draft.status)) problems.push({ zh: '请选择项目状态', en: 'Choose a status' });
  let investment: number | null = null;
  const investmentText = draft.investment_yi.trim().replace(/,/g, '');
  if (investmentText !== '') {
    const value = Number(investmentText);
    if (!Number.isFinite(value) || value < 0) problems.push({ zh: `投资额“${draft.investment_yi}”不是非负数（单位：亿元）`, en: `Investment "${draft.investment_yi}" is not a non-negative number (unit: 亿元, 100 million yuan)` });
    else investment = value;
  }
  const longitude = Number(draft.longitude);
  const latitude = Number(draft.latitude);
  if (
    draft.longitude.trim() === '' ||
    draft.latitude.trim() === '' ||
    !Number.isFinite(longitude) ||
    !Number.isFinite(latitude) ||
    longitude < REGION.west ||
    longitude > REGION.east ||
    latitude < REGION.south ||
    latitude > REGION.north
  ) {
    problems.push({
      zh: `位置应在图集范围内（经度 ${REGION.west}–${REGION.east}，纬度 ${REGION.south}–${REGION.north}，十进制度）`,
      en: `The position must lie in the atlas region (longitude ${REGION.west}–${REGION.east}, latitude ${REGION.south}–${REGION.north}, decimal degrees)`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      id: existing?.id ?? draft.id ?? `local-${now.getTime().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
      name_zh: nameZh || nameEn,
      name_en: nameEn || nameZh,
      status: draft.status as ProjectStatus,
      investment_yi: investment,
      district: draft.district.trim(),
      // The English name goes with the district it names: kept while the district is not changed.
      ...(existing?.district_en && existing.district === draft.district.trim() ? { district_en: existing.district_en } : {}),
      clusters: draft.clusters.filter((code) => code in CLUSTERS),
      rushan_industries: draft.rushan_industries.filter((code) => code in RUSHAN_INDUSTRIES),
      position: [longitude, latitude],
      note: draft.note.trim(),
      origin: 'local',
      accuracy: existing?.origin === 'layer' && existing.position[0] === longitude && existing.position[1] === latitude ? existing.accuracy : 'digitized',
      updated: now.toISOString(),
    },
  };
}

export function draftFromRecord(record: ProjectRecord): ProjectDraft {
  return {
    id: record.id,
    name_zh: record.name_zh,
    name_en: record.name_en,
    status: record.status,
    investment_yi: record.investment_yi === null ? '' : String(record.investment_yi),
    district: record.district,
    clusters: [...record.clusters],
    rushan_industries: [...record.rushan_industries],
    longitude: String(record.position[0]),
    latitude: String(record.position[1]),
    note: record.note,
  };
}

/** The records as a GeoJSON FeatureCollection (lon/lat), lists ';'-joined like the layer. */
export function recordsToGeoJson(records: readonly ProjectRecord[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: records.map(
      (record): Feature<Point> => ({
        type: 'Feature',
        properties: {
          id: record.id,
          name_zh: record.name_zh,
          name_en: record.name_en,
          status: record.status,
          investment_yi: record.investment_yi,
          district: record.district,
          ...(record.district_en ? { district_en: record.district_en } : {}),
          clusters: record.clusters.join(';') || null,
          rushan_industries: record.rushan_industries.join(';') || null,
          note: record.note,
          ...(record.note_en ? { note_en: record.note_en } : {}),
          origin: record.origin,
          accuracy: record.accuracy,
          updated: record.updated ?? null,
        },
        geometry: { type: 'Point', coordinates: [...record.position] },
      }),
    ),
  };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote anything with a separator, quote or newline; a leading =,+,-,@ is prefixed with '
  // so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The records as CSV (UTF-8 with BOM so Excel reads the Chinese), one row per project. */
export function recordsToCsv(records: readonly ProjectRecord[], lang: Lang): string {
  const header =
    lang === 'zh'
      ? ['编号', '项目名称', '英文名称', '状态', '投资额（亿元）', '所在区县', '产业集群', '乳山3+3产业', '经度', '纬度', '说明', '来源']
      : ['id', 'name_zh', 'name_en', 'status', 'investment (100 million yuan, 亿元)', 'district', 'clusters', 'rushan_industries', 'longitude', 'latitude', 'note', 'origin'];
  const rows = records.map((record) =>
    [
      record.id,
      record.name_zh,
      record.name_en,
      PROJECT_STATUS_LABELS[record.status][lang],
      record.investment_yi,
      lang === 'en' ? (record.district_en ?? record.district) : record.district,
      record.clusters.join(';'),
      record.rushan_industries.join(';'),
      record.position[0],
      record.position[1],
      lang === 'en' ? (record.note_en ?? record.note) : record.note,
      record.origin,
    ]
      .map(csvCell)
      .join(','),
  );
  return `\uFEFF${[header.map(csvCell).join(','), ...rows].join('\r\n')}\r\n`;
}
