/**
 * Presets: the role a reference layer starts with, from its layer (file) name and its field
 * names. Always changeable by the reviewer; a layer nothing recognises starts as
 * `proximity`, which only informs and never moves the verdict.
 *
 * Names recognised, in Chinese and in their pinyin-initial codes (as 国土空间规划 and 三调
 * databases name their feature classes and fields):
 * - 永久基本农田 · YJJBNT… (YJJBNTTB, YJJBNTBHTB) · 基本农田 JBNT → prohibited;
 * - 生态保护红线 · STBHHX → prohibited; 海洋牧场 → prohibited;
 * - 城镇开发边界 · CZKFBJ → inside (needs review when outside);
 * - 地类图斑 · DLTB with field DLBM (三调) → classes on DLBM, 耕地 01xx needs review
 *   (占用耕地 must be balanced: 占补平衡);
 * - a layer with field YDYHFLDM (用地用海分类代码; the planning layers GHYDYH, ZXCQGHYDYH …)
 *   → classes on YDYHFLDM, 耕地 01xx needs review;
 * - 铁路 / 高铁 / 城际 / railway / TL → protected line, Art. 27 其他地区 width: 20 m for
 *   high-speed names (高铁, 高速铁路, 城际, 客专), 15 m otherwise (protection-zone.ts);
 * - 开发区 / 园区 / KFQ / YQ → zone (industry field when one is recognised).
 * Where the codes were checked: public GitHub code using the national database layouts —
 * layer names YJJBNTTB, STBHHX, CZKFBJ, DLTB, ZXCQGHYDYH and fields YDYHFLDM / YDYHFLMC,
 * DLBM / DLMC (code search hits, e.g. a county 国土空间总体规划 动态维护 tool listing
 * ZXCQGHYDYH with compare field YDYHFLDM; a GeoServer layer list czkfbj, dltb, stbhhx,
 * yjjbntbhtb). The text of 《市级国土空间总体规划数据库规范（试行）》 itself was not
 * available here: the exact feature-class codes of the standard are unverified.
 * Pure.
 */
import type { ReferenceRole } from './reference-types';
import { railProtectionWidth } from '../protection-zone';
import { nameFieldAmong } from '../../io/feature-name';

/** Upper-case, without extension, path or separators: "yjjbnt_tb.shp" → "YJJBNTTB". */
function normalise(name: string): string {
  const base = name.replace(/^.*[\\/]/u, '').replace(/\.(zip|shp|geojson|json|kml|kmz|dxf|csv|fgb|gpkg|txt)$/iu, '');
  return base.toUpperCase().replace(/[\s_\-.·()（）]+/gu, '');
}

function hasField(fields: readonly string[], pattern: RegExp): string | undefined {
  return fields.find((field) => pattern.test(field.trim()));
}

const HIGH_SPEED_NAME = /高铁|高速铁路|城际|客专|客运专线|HSR|HIGHSPEED/u;
const RAIL_NAME = /铁路|高铁|城际|RAILWAY|RAIL|^TL(?![A-Z])|TLX/u;
const INDUSTRY_FIELD = /^(clusters|industries|industry|rushan_industries|ZDCY|CYLX|主导产业|产业)$/iu;

/**
 * Whether a layer is one of the two prohibited layers every bureau has — 永久基本农田 or the
 * 生态保护红线 — by its name or its database code.
 */
export function protectedLayerOf(layerName: string): 'farmland' | 'red-line' | undefined {
  const name = normalise(layerName);
  if (/永久基本农田|基本农田|^YJJBNT|^JBNT/u.test(name) || name.includes('YJJBNT')) return 'farmland';
  if (/生态保护红线|生态红线|^STBHHX|STBHHX/u.test(name)) return 'red-line';
  return undefined;
}

/**
 * The preset role for a layer.
 * @param layerName the layer's (file) name, e.g. 永久基本农田.zip, STBHHX.shp, 青荣城际
 * @param fields the attribute field names
 * @example presetRole('DLTB.shp', ['BSM', 'DLBM', 'DLMC']) // { kind: 'classes', field: 'DLBM', review: ['01'] }
 */
export function presetRole(layerName: string, fields: readonly string[]): ReferenceRole {
  const name = normalise(layerName);
  if (protectedLayerOf(layerName)) return { kind: 'prohibited' };
  if (/海洋牧场/u.test(name)) return { kind: 'prohibited' };
  if (/城镇开发边界|^CZKFBJ|CZKFBJ/u.test(name)) return { kind: 'inside', severity: 'review' };
  const dlbm = hasField(fields, /^DLBM$|^地类编码$/iu);
  if (dlbm && (/地类图斑|三调|^DLTB|DLTB/u.test(name) || !hasField(fields, /^YDYHFLDM$/iu))) {
    return { kind: 'classes', field: dlbm, review: ['01'] };
  }
  const landSeaUse = hasField(fields, /^YDYHFLDM$|^用地用海分类代码$/iu);
  if (landSeaUse) return { kind: 'classes', field: landSeaUse, review: ['01'] };
  if (RAIL_NAME.test(name)) {
    return { kind: 'line', widthM: railProtectionWidth('other', HIGH_SPEED_NAME.test(name) ? 'high-speed' : 'ordinary'), severity: 'blocker' };
  }
  if (/开发区|园区|产业园|工业园|^KFQ|^YQ(?![A-Z])|ZONE|PARK/u.test(name)) {
    const industryField = hasField(fields, INDUSTRY_FIELD);
    return industryField ? { kind: 'zone', industryField } : { kind: 'zone' };
  }
  return { kind: 'proximity' };
}

/**
 * Fields of the national database layouts that name a feature, in the order they are
 * chosen: a name (MC 名称, XMMC 项目名称, GHFQMC 规划分区名称) before a number
 * (YJJBNTTBBH 永久基本农田图斑编号, TBBH 图斑编号). The 标识码 BSM is a record key, not a name
 * a reviewer cites: a feature with none of these keeps the BSM as its id. Where the codes
 * were checked: a public GitHub summary of the 自然资源"一张图"数据库标准 (统一调查监测 表5-13
 * DLTB: BSM, TBBH, DLBM, DLMC, ZLDWMC …; YJJBNTTB: YJJBNTTBBH, TBBH …; STBHHX: MC;
 * CZKFBJ: GHFQMC; 用途管制: XMMC).
 */
const NATIONAL_NAME_FIELDS: readonly string[] = ['MC', 'XMMC', 'GHFQMC', 'YJJBNTTBBH', 'TBBH'];

/**
 * What the national layouts' common fields hold (the same public summary: DLTB 表5-13 and the
 * 永久基本农田, 生态保护红线 and 城镇开发边界 tables), for a field chooser's options and a table's
 * heading ("图斑编号 TBBH"). A field not listed is shown by its own name.
 */
export const NATIONAL_FIELD_TITLES: Readonly<Record<string, { zh: string; en: string }>> = {
  BSM: { zh: '标识码', en: 'identifier code' },
  YSDM: { zh: '要素代码', en: 'feature code' },
  TBBH: { zh: '图斑编号', en: 'patch number' },
  YJJBNTTBBH: { zh: '永久基本农田图斑编号', en: 'farmland patch number' },
  DLBM: { zh: '地类编码', en: 'land-class code' },
  DLMC: { zh: '地类名称', en: 'land-class name' },
  QSDWMC: { zh: '权属单位名称', en: 'owner' },
  ZLDWDM: { zh: '坐落单位代码', en: 'located-in code' },
  ZLDWMC: { zh: '坐落单位名称', en: 'located in' },
  TBMJ: { zh: '图斑面积', en: 'patch area' },
  XZQDM: { zh: '行政区代码', en: 'division code' },
  XZQMC: { zh: '行政区名称', en: 'division name' },
  MC: { zh: '名称', en: 'name' },
  MJ: { zh: '面积', en: 'area' },
  XMMC: { zh: '项目名称', en: 'project name' },
  GHFQDM: { zh: '规划分区代码', en: 'planning-zone code' },
  GHFQMC: { zh: '规划分区名称', en: 'planning-zone name' },
};

/** A field as a heading or an option says it: "图斑编号 TBBH" for a national-layout field, else the field's own name. */
export function fieldTitle(field: string, lang: 'zh' | 'en'): string {
  const title = NATIONAL_FIELD_TITLES[field.trim().toUpperCase()];
  return title ? `${title[lang]} ${field}` : field;
}

/**
 * The field a reference layer's findings are named by when the reviewer has chosen none (the
 * "automatic" choice; the app and the CLI both decide it here, from the layer's field names):
 * the field the shared name rule ranks first (src/io/feature-name.ts: 地块编号, 名称, name …)
 * unless that is only an `id` or a CAD `layer`, else the first national name field the layer
 * has, else that `id` or `layer` field; undefined when the layer has none of them.
 * @example autoNameField(['BSM', 'TBBH', 'DLBM', 'ZLDWMC']) // 'TBBH'
 * @example autoNameField(['BSM', 'TBBH', 'name']) // 'name'
 */
export function autoNameField(fields: readonly string[]): string | undefined {
  const recognised = nameFieldAmong(fields);
  if (recognised && !/^(id|layer)$/iu.test(recognised.trim())) return recognised;
  for (const wanted of NATIONAL_NAME_FIELDS) {
    const field = fields.find((candidate) => candidate.trim().toUpperCase() === wanted);
    if (field) return field;
  }
  return recognised;
}

/** The field a layer's findings are named by: the reviewer's choice, else the automatic one. */
export function namingFieldOf(config: { nameField?: string; fields: readonly string[] }): string | undefined {
  return config.nameField || autoNameField(config.fields);
}

/** The 坐落单位名称 field of a layer (三调 and 永久基本农田 layouts), when it has one. */
export function placeFieldOf(fields: readonly string[]): string | undefined {
  return fields.find((field) => /^(ZLDWMC|坐落单位名称|坐落)$/iu.test(field.trim()));
}

/**
 * The codes a bureau's database names its feature classes by, with what they hold (the
 * codes presetRole recognises by name; DLTB, GHYDYH and ZXCQGHYDYH it reads by their fields).
 */
const CODE_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^YJJBNT/u, '永久基本农田'],
  [/^JBNT/u, '基本农田'],
  [/^STBHHX/u, '生态保护红线'],
  [/^CZKFBJ/u, '城镇开发边界'],
  [/^ZXCQGHYDYH/u, '中心城区规划用地用海'],
  [/^GHYDYH/u, '规划用地用海'],
  [/^DLTB/u, '地类图斑'],
];

/**
 * The name a new reference layer starts with, from its file's stem: a stem that is only one
 * of the database codes above gets what it holds in front, the code kept in brackets so the
 * file can still be found ("YJJBNTBHTB" → "永久基本农田（YJJBNTBHTB）"); any other stem — one
 * with Chinese in it, or a code not known here — stays as it is. The reviewer can rename it.
 * @example defaultLayerName('STBHHX') // '生态保护红线（STBHHX）'
 */
export function defaultLayerName(stem: string): string {
  const trimmed = stem.trim();
  if (!/^[A-Za-z][A-Za-z0-9_\-]*$/u.test(trimmed)) return trimmed;
  const code = normalise(trimmed);
  const known = CODE_NAMES.find(([pattern]) => pattern.test(code));
  return known ? `${known[1]}（${trimmed}）` : trimmed;
}

/** A layer file's name without its folders and format extension ("YJJBNTBHTB.shp.zip" → "YJJBNTBHTB"). */
export function layerFileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(shp\.zip|zip|shp|geojson|json|kml|kmz|dxf|csv|fgb|gpkg|txt)$/i, '') || base;
}
