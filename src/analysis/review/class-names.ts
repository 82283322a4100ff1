/**
 * Names of the class codes a `classes` layer carries, for the breakdown: first-level
 * (一级类) codes of
 * - 《国土空间调查、规划、用途管制用地用海分类指南》 (用地用海, fields YDYHFLDM / YDYHFLMC), and
 * - the 第三次全国国土调查 (三调) working classification built on GB/T 21010-2017 (field DLBM);
 *   the second-level 耕地 codes 0101 水田, 0102 水浇地, 0103 旱地.
 * Source of the code lists as checked here: public GitHub transcriptions of the guide's
 * appendix table and of the 三调 working classification (code search, file id 54947662366:
 * `PLANNING_TREE` / `SURVEY_TREE`; 耕地 0101–0103 also in a MapGIS 三调 style template,
 * MapGIS/WebClient-Vue cesium/docs/template/guotu.md). They were not read from the
 * standards' own text — confirm before relying on them. English names are the atlas's
 * translations. A code not listed gets no name (null), never a guess.
 */
import type { Bilingual } from '../../data/catalog-types';

/** 用地用海分类 first-level classes (01–24). */
export const LAND_SEA_USE_FIRST_LEVEL: Readonly<Record<string, Bilingual>> = {
  '01': { zh: '耕地', en: 'Cropland' },
  '02': { zh: '园地', en: 'Garden land' },
  '03': { zh: '林地', en: 'Forest land' },
  '04': { zh: '草地', en: 'Grassland' },
  '05': { zh: '湿地', en: 'Wetland' },
  '06': { zh: '农业设施建设用地', en: 'Agricultural facility construction land' },
  '07': { zh: '居住用地', en: 'Residential land' },
  '08': { zh: '公共管理与公共服务用地', en: 'Public administration and service land' },
  '09': { zh: '商业服务业用地', en: 'Commercial and business service land' },
  '10': { zh: '工矿用地', en: 'Industrial and mining land' },
  '11': { zh: '仓储用地', en: 'Warehousing land' },
  '12': { zh: '交通运输用地', en: 'Transport land' },
  '13': { zh: '公用设施用地', en: 'Public utility land' },
  '14': { zh: '绿地与开敞空间用地', en: 'Green and open space land' },
  '15': { zh: '特殊用地', en: 'Special-use land' },
  '16': { zh: '留白用地', en: 'Reserved (blank) land' },
  '17': { zh: '陆地水域', en: 'Inland water' },
  '18': { zh: '渔业用海', en: 'Fishery sea use' },
  '19': { zh: '工矿通信用海', en: 'Industrial, mining and communication sea use' },
  '20': { zh: '交通运输用海', en: 'Transport sea use' },
  '21': { zh: '游憩用海', en: 'Recreational sea use' },
  '22': { zh: '特殊用海', en: 'Special sea use' },
  '23': { zh: '其他土地', en: 'Other land' },
  '24': { zh: '其他海域', en: 'Other sea area' },
};

/** 三调 working classification, first level (00 湿地 is the survey's own wetland group). */
export const THIRD_SURVEY_FIRST_LEVEL: Readonly<Record<string, Bilingual>> = {
  '00': { zh: '湿地', en: 'Wetland' },
  '01': { zh: '耕地', en: 'Cropland' },
  '02': { zh: '园地', en: 'Garden land' },
  '03': { zh: '林地', en: 'Forest land' },
  '04': { zh: '草地', en: 'Grassland' },
  '05': { zh: '商业服务业用地', en: 'Commercial service land' },
  '06': { zh: '工矿用地', en: 'Industrial and mining land' },
  '07': { zh: '住宅用地', en: 'Residential land' },
  '08': { zh: '公共管理与公共服务用地', en: 'Public administration and service land' },
  '09': { zh: '特殊用地', en: 'Special-use land' },
  '10': { zh: '交通运输用地', en: 'Transport land' },
  '11': { zh: '水域及水利设施用地', en: 'Water and water-conservancy land' },
  '12': { zh: '其他土地', en: 'Other land' },
};

/** Second-level 耕地 codes, the same in both lists. */
const CROPLAND_SECOND_LEVEL: Readonly<Record<string, Bilingual>> = {
  '0101': { zh: '水田', en: 'Paddy field' },
  '0102': { zh: '水浇地', en: 'Irrigated land' },
  '0103': { zh: '旱地', en: 'Dry land' },
};

export type ClassSystem = 'land-sea-use' | 'third-survey';

/** Which code list a field holds, from its name (用地用海: YDYH…; 三调: DLBM / 地类编码). */
export function classSystemOf(field: string): ClassSystem | null {
  const name = field.trim().toUpperCase();
  if (/^YDYH|用地用海/u.test(name) || /^GHYT|规划用途/u.test(name)) return 'land-sea-use';
  if (/^(JQ)?DLBM$|地类编码|地类代码/u.test(name)) return 'third-survey';
  return null;
}

/**
 * The name of a class code, or null when the field's code list or the code is not known. A
 * code below the first level without a name of its own (1001, 05H1) gets its first-level
 * class's name; every place that shows it writes the code before the name ("1001 工矿用地"),
 * so the code says which class it is.
 */
export function classNameFor(field: string, code: string): Bilingual | null {
  const system = classSystemOf(field);
  if (!system) return null;
  const trimmed = code.trim();
  if (CROPLAND_SECOND_LEVEL[trimmed]) return CROPLAND_SECOND_LEVEL[trimmed];
  const table = system === 'land-sea-use' ? LAND_SEA_USE_FIRST_LEVEL : THIRD_SURVEY_FIRST_LEVEL;
  const first = table[trimmed.slice(0, 2)];
  return first ?? null;
}
