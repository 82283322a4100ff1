/**
 * The parcel (宗地) attributes the land-use intensity analysis reads, their allowed values
 * and a mapper from a file's own column names and codes to them. Pure, no React, no
 * MapLibre: the CLI, the sample-parcel generator and the app's field-mapping dialog use
 * the same table.
 *
 * Canonical attributes (issue 3):
 * - `land_use`: industrial, storage, residential, commercial, public, transport, green,
 *   water, agricultural, unused
 * - `status`: built (已建成), supplied (已供应未建成), idle (闲置), ready (具备供应条件),
 *   unready (不具备供应条件)
 * - `floor_area_m2`, `footprint_m2` (m²), `investment_wan` (fixed assets, 万元),
 *   `tax_wan` (annual, 万元), `industry_code` (GB/T 4754 two-digit division code, text)
 */
import type { Bilingual, FieldUnit } from '../data/catalog-types';

export const LAND_USES = [
  'industrial',
  'storage',
  'residential',
  'commercial',
  'public',
  'transport',
  'green',
  'water',
  'agricultural',
  'unused',
] as const;
export type LandUse = (typeof LAND_USES)[number];

export const PARCEL_STATUSES = ['built', 'supplied', 'idle', 'ready', 'unready'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** Names of land uses, following the GB/T 21010 / 国土空间调查 class names planners use. */
export const LAND_USE_LABELS: Record<LandUse, Bilingual> = {
  industrial: { zh: '工业用地', en: 'Industrial' },
  storage: { zh: '仓储用地', en: 'Storage / logistics' },
  residential: { zh: '居住用地', en: 'Residential' },
  commercial: { zh: '商业服务业用地', en: 'Commercial' },
  public: { zh: '公共管理与公共服务用地', en: 'Public administration and services' },
  transport: { zh: '交通运输用地', en: 'Transport' },
  green: { zh: '绿地与开敞空间用地', en: 'Green and open space' },
  water: { zh: '水域', en: 'Water' },
  agricultural: { zh: '农用地', en: 'Agricultural' },
  unused: { zh: '未利用地', en: 'Unused' },
};

/** Supply status in the sense of TD/T 1029 (开发区土地集约利用评价). */
export const PARCEL_STATUS_LABELS: Record<ParcelStatus, Bilingual> = {
  built: { zh: '已建成', en: 'Built' },
  supplied: { zh: '已供应未建成', en: 'Supplied, not built' },
  idle: { zh: '闲置土地', en: 'Idle' },
  ready: { zh: '已达到供地条件', en: 'Ready for supply' },
  unready: { zh: '未达到供地条件', en: 'Not ready for supply' },
};

export type ParcelFieldName =
  | 'land_use'
  | 'status'
  | 'floor_area_m2'
  | 'footprint_m2'
  | 'investment_wan'
  | 'tax_wan'
  | 'industry_code';

export interface ParcelFieldSpec {
  name: ParcelFieldName;
  label: Bilingual;
  kind: 'code' | 'number' | 'text';
  unit?: FieldUnit;
  /** Only `land_use` and `status` must be present on every parcel. */
  required: boolean;
  /** Column names seen in Chinese and English parcel files, matched case-insensitively. */
  synonyms: string[];
}

/** The canonical parcel attributes in the order a field-mapping dialog lists them. */
export const PARCEL_FIELDS: readonly ParcelFieldSpec[] = [
  {
    name: 'land_use',
    label: { zh: '用地类型', en: 'Land use' },
    kind: 'code',
    required: true,
    synonyms: ['land_use', 'landuse', 'use', 'dlmc', 'ydlx', '用地类型', '用地性质', '地类', '地类名称'],
  },
  {
    name: 'status',
    label: { zh: '供应状态', en: 'Supply status' },
    kind: 'code',
    required: true,
    synonyms: ['status', 'supply_status', 'state', 'gyzt', '状态', '供应状态', '利用状态'],
  },
  {
    name: 'floor_area_m2',
    label: { zh: '建筑面积', en: 'Floor area' },
    kind: 'number',
    unit: 'm2',
    required: false,
    synonyms: ['floor_area_m2', 'floor_area', 'gfa', 'jzmj', '建筑面积', '总建筑面积'],
  },
  {
    name: 'footprint_m2',
    label: { zh: '建筑基底面积', en: 'Building footprint' },
    kind: 'number',
    unit: 'm2',
    required: false,
    synonyms: ['footprint_m2', 'footprint', 'jdmj', '基底面积', '建筑基底面积', '建筑占地面积'],
  },
  {
    name: 'investment_wan',
    label: { zh: '固定资产投资', en: 'Fixed-asset investment' },
    kind: 'number',
    unit: 'yuan-wan',
    required: false,
    synonyms: ['investment_wan', 'investment', 'gdzctz', '固定资产投资', '投资额', '固定资产投资额'],
  },
  {
    name: 'tax_wan',
    label: { zh: '年税收', en: 'Annual tax' },
    kind: 'number',
    unit: 'yuan-wan',
    required: false,
    synonyms: ['tax_wan', 'tax', 'ss', '税收', '年税收', '税收总额'],
  },
  {
    name: 'industry_code',
    label: { zh: '行业代码（GB/T 4754）', en: 'Industry code (GB/T 4754)' },
    kind: 'text',
    required: false,
    synonyms: ['industry_code', 'industry', 'hydm', '行业代码', '行业分类代码'],
  },
];

/** Canonical attributes of one parcel after mapping. Missing figures are null, never 0. */
export interface ParcelAttributes {
  land_use: LandUse;
  status: ParcelStatus;
  floor_area_m2: number | null;
  footprint_m2: number | null;
  investment_wan: number | null;
  tax_wan: number | null;
  industry_code: string | null;
}

/**
 * Which source column feeds each canonical attribute, plus optional translation tables for
 * the codes of `land_use` and `status` (source value → canonical code). Columns not named
 * here are looked up by the canonical name and then by {@link ParcelFieldSpec.synonyms}.
 */
export interface ParcelFieldMapping {
  columns?: Partial<Record<ParcelFieldName, string>>;
  landUseValues?: Record<string, LandUse>;
  statusValues?: Record<string, ParcelStatus>;
}

/** Chinese and common English words for the land-use codes, checked after the mapping's own table. */
const LAND_USE_SYNONYMS: Record<string, LandUse> = {
  工业: 'industrial',
  工业用地: 'industrial',
  仓储: 'storage',
  仓储用地: 'storage',
  物流仓储用地: 'storage',
  warehouse: 'storage',
  logistics: 'storage',
  居住: 'residential',
  居住用地: 'residential',
  住宅用地: 'residential',
  商业: 'commercial',
  商业用地: 'commercial',
  商业服务业用地: 'commercial',
  商服用地: 'commercial',
  公共服务: 'public',
  公共管理与公共服务用地: 'public',
  公共管理与公共服务设施用地: 'public',
  交通: 'transport',
  交通运输用地: 'transport',
  道路与交通设施用地: 'transport',
  绿地: 'green',
  绿地与开敞空间用地: 'green',
  绿地与广场用地: 'green',
  水域: 'water',
  水域及水利设施用地: 'water',
  陆地水域: 'water',
  农用地: 'agricultural',
  耕地: 'agricultural',
  farmland: 'agricultural',
  未利用地: 'unused',
  其他土地: 'unused',
};

const STATUS_SYNONYMS: Record<string, ParcelStatus> = {
  已建成: 'built',
  已建: 'built',
  建成: 'built',
  已供应未建成: 'supplied',
  已供未建: 'supplied',
  已供应: 'supplied',
  闲置: 'idle',
  闲置土地: 'idle',
  已达到供地条件: 'ready',
  具备供地条件: 'ready',
  可供应: 'ready',
  未达到供地条件: 'unready',
  不具备供地条件: 'unready',
  supplied_not_built: 'supplied',
  supplied_unbuilt: 'supplied',
};

/** One problem with one attribute of one parcel, in both languages. */
export interface ParcelFieldProblem {
  field: ParcelFieldName;
  message: Bilingual;
}

export type ParcelMappingResult =
  | { ok: true; attributes: ParcelAttributes }
  | { ok: false; problems: ParcelFieldProblem[] };

function findColumn(
  properties: Record<string, unknown>,
  spec: ParcelFieldSpec,
  mapping: ParcelFieldMapping,
): { column: string | undefined; value: unknown } {
  const explicit = mapping.columns?.[spec.name];
  if (explicit !== undefined) return { column: explicit, value: properties[explicit] };
  if (Object.hasOwn(properties, spec.name)) return { column: spec.name, value: properties[spec.name] };
  const wanted = new Set(spec.synonyms.map((name) => name.toLowerCase()));
  for (const key of Object.keys(properties)) {
    if (wanted.has(key.toLowerCase())) return { column: key, value: properties[key] };
  }
  return { column: undefined, value: undefined };
}

function readCode<T extends string>(
  value: unknown,
  allowed: readonly T[],
  own: Record<string, T> | undefined,
  synonyms: Record<string, T>,
): T | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  // Object.hasOwn, not `in`: a value such as "constructor" must not match Object.prototype.
  if (own && Object.hasOwn(own, text)) return own[text];
  const lower = text.toLowerCase();
  if ((allowed as readonly string[]).includes(lower)) return lower as T;
  if (Object.hasOwn(synonyms, text)) return synonyms[text];
  if (Object.hasOwn(synonyms, lower)) return synonyms[lower];
  return undefined;
}

/** A non-negative number from a number or numeric text ("1,234.5" allowed); null when empty. */
function readAmount(value: unknown): number | null | 'invalid' {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : 'invalid';
  if (typeof value === 'string') {
    const text = value.trim().replace(/,/g, '');
    if (text === '') return null;
    const number = Number(text);
    return Number.isFinite(number) && number >= 0 ? number : 'invalid';
  }
  return 'invalid';
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Reads the canonical parcel attributes from a feature's properties, through `mapping`
 * (explicit source columns and code tables, e.g. from the field-mapping dialog), then the
 * canonical names, then common Chinese/English column names. `land_use` and `status` are
 * required and must translate to a known code; the figures must be non-negative numbers or
 * empty (empty → null: unknown, not zero). `industry_code` is kept as text ("36"), numbers
 * are padded to two digits.
 *
 * @param properties a feature's properties as read from the file (values are data, never HTML)
 * @param mapping optional column names and code tables
 * @returns the attributes, or every problem found, each with a zh and en message
 * @example
 * mapParcelFields({ 用地性质: '工业用地', 状态: '已建成', 建筑面积: 12000 }).ok // true
 */
export function mapParcelFields(
  properties: Record<string, unknown> | null | undefined,
  mapping: ParcelFieldMapping = {},
): ParcelMappingResult {
  const source = properties ?? {};
  const problems: ParcelFieldProblem[] = [];
  const attributes: Partial<ParcelAttributes> = {};
  for (const spec of PARCEL_FIELDS) {
    const { column, value } = findColumn(source, spec, mapping);
    const columnName = column ?? spec.name;
    if (spec.name === 'land_use' || spec.name === 'status') {
      const code =
        spec.name === 'land_use'
          ? readCode(value, LAND_USES, mapping.landUseValues, LAND_USE_SYNONYMS)
          : readCode(value, PARCEL_STATUSES, mapping.statusValues, STATUS_SYNONYMS);
      if (code === undefined) {
        const allowed = (spec.name === 'land_use' ? LAND_USES : PARCEL_STATUSES).join(', ');
        problems.push({
          field: spec.name,
          message:
            value === undefined || value === null || value === ''
              ? {
                  zh: `缺少“${spec.label.zh}”（字段 ${columnName}）`,
                  en: `missing ${spec.label.en.toLowerCase()} (column ${columnName})`,
                }
              : {
                  zh: `“${spec.label.zh}”的值 ${describe(value)} 无法识别，应为 ${allowed} 之一`,
                  en: `${spec.label.en} value ${describe(value)} is not one of ${allowed}`,
                },
        });
      } else if (spec.name === 'land_use') {
        attributes.land_use = code as LandUse;
      } else {
        attributes.status = code as ParcelStatus;
      }
      continue;
    }
    if (spec.name === 'industry_code') {
      if (value === undefined || value === null || String(value).trim() === '') attributes.industry_code = null;
      else if (typeof value === 'number' && Number.isInteger(value)) attributes.industry_code = String(value).padStart(2, '0');
      else attributes.industry_code = String(value).trim();
      continue;
    }
    const amount = readAmount(value);
    if (amount === 'invalid') {
      problems.push({
        field: spec.name,
        message: {
          zh: `“${spec.label.zh}”（字段 ${columnName}）的值 ${describe(value)} 不是非负数`,
          en: `${spec.label.en} (column ${columnName}) value ${describe(value)} is not a non-negative number`,
        },
      });
    } else {
      attributes[spec.name] = amount;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, attributes: attributes as ParcelAttributes };
}
