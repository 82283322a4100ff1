/**
 * GB/T 4754 editions (issue 11 "Industry codes"): the review's indicator tables
 * (control-indicators.ts `MIN_FLOOR_AREA_RATIO_BY_CODE`, siting-review.ts `INDUSTRY_TARGETS`)
 * are keyed to the 2002 edition's divisions, as 《工业项目建设用地控制指标》(国土资发〔2008〕24号)
 * is; applicants today give codes of GB/T 4754-2017, the edition in force (it replaced
 * GB/T 4754-2011 on 2017-10-01 and keeps the 2011 divisions). This module turns a 2017 code
 * into the 2002 code the tables read, or refuses where one 2017 division covers 2002
 * divisions with different minimum floor-area ratios. Pure: no DOM, no React.
 *
 * Sources of the division lists below (checked 2026-12 with the project's search tool):
 * - 2002 divisions 13–43: 国家统计局《三次产业划分规定》(国统字〔2003〕14号) annex, as
 *   reprinted at finance.sina.com.cn/g/20040120/1130609427.shtml and
 *   360docs.net/doc/2617883926.html (13 农副食品加工业 … 29 橡胶制品业, 30 塑料制品业,
 *   31 非金属矿物制品业, 32 黑色金属冶炼及压延加工业, 33 有色金属冶炼及压延加工业,
 *   34 金属制品业, 35 通用设备, 36 专用设备, 37 交通运输设备, 39 电气机械及器材,
 *   40 通信设备、计算机及其他电子设备, 41 仪器仪表及文化、办公用机械, 42 工艺品及其他制造业,
 *   43 废弃资源和废旧材料回收加工业; there is no 38).
 * - 2017 divisions 13–43: GB/T 4754-2017 as listed at crsrw.com/qiyezixun/48983.html
 *   (… 28 化学纤维制造业, 29 橡胶和塑料制品业, 30 非金属矿物制品业, 31 黑色金属冶炼和压延加工业,
 *   32 有色金属冶炼和压延加工业, 33 金属制品业, 34 通用设备, 35 专用设备, 36 汽车制造业,
 *   37 铁路、船舶、航空航天和其他运输设备, 38 电气机械和器材, 39 计算机、通信和其他电子设备,
 *   40 仪器仪表, 41 其他制造业, 42 废弃资源综合利用业, 43 金属制品、机械和设备修理业), and
 *   the 2011 list in 《三次产业划分规定》(2012), tjj.hebei.gov.cn/hetj/ztbd/tjbz/101528709239959.html.
 * - 2017 groups used to split a division: 291 橡胶制品业, 292 塑料制品业; 241 文教办公用品,
 *   242 乐器, 243 工艺美术及礼仪用品, 244 体育用品, 245 玩具 (GB/T 4754-2017 code lists in
 *   public repositories, found with the search tool).
 *
 * The pairs are matched by division name; where a 2017 division took in part of another 2002
 * division (2017 19 took 制鞋 from 2002 18; 24 took 工艺美术 from 2002 42; 29 joined 2002 29
 * and 30) the table lists every 2002 division it draws on. A division with one candidate, or
 * candidates with the same verified minimum FAR, maps; otherwise the code is refused unless a
 * three-digit group in {@link GROUPS_2017} settles it. Divisions 33–43 map to 2002 divisions
 * that have no verified minimum (REFERENCE.md), so their FAR is "not assessed" either way.
 */
import type { Bilingual } from '../data/catalog-types';
import { MIN_FLOOR_AREA_RATIO_BY_CODE } from './control-indicators';
import type { IndustryEdition } from './industry-edition-list';

// The edition list is split out (issue 12: the first-load chunk validates records with it
// without carrying the division tables); it is still importable from this module.
export * from './industry-edition-list';

/** New proposals: the edition in force. */
export const DEFAULT_INDUSTRY_EDITION: IndustryEdition = '2017';

export const INDUSTRY_EDITION_LABELS: Record<IndustryEdition, Bilingual> = {
  '2017': { zh: 'GB/T 4754-2017（现行）', en: 'GB/T 4754-2017 (in force)' },
  '2002': { zh: 'GB/T 4754-2002（控制指标所用版本）', en: 'GB/T 4754-2002 (the edition of the control indicators)' },
};

/**
 * GB/T 4754-2017 manufacturing division → the 2002 divisions it draws on, with the 2017 name.
 * Outside 13–43 the FAR table does not apply (it covers manufacturing only).
 */
export const DIVISIONS_2017_TO_2002: Readonly<Record<string, { name: string; divisions2002: readonly string[] }>> = {
  '13': { name: '农副食品加工业', divisions2002: ['13'] },
  '14': { name: '食品制造业', divisions2002: ['14'] },
  '15': { name: '酒、饮料和精制茶制造业', divisions2002: ['15'] },
  '16': { name: '烟草制品业', divisions2002: ['16'] },
  '17': { name: '纺织业', divisions2002: ['17'] },
  '18': { name: '纺织服装、服饰业', divisions2002: ['18'] },
  '19': { name: '皮革、毛皮、羽毛及其制品和制鞋业', divisions2002: ['19', '18'] },
  '20': { name: '木材加工和木、竹、藤、棕、草制品业', divisions2002: ['20'] },
  '21': { name: '家具制造业', divisions2002: ['21'] },
  '22': { name: '造纸和纸制品业', divisions2002: ['22'] },
  '23': { name: '印刷和记录媒介复制业', divisions2002: ['23'] },
  '24': { name: '文教、工美、体育和娱乐用品制造业', divisions2002: ['24', '42'] },
  '25': { name: '石油、煤炭及其他燃料加工业', divisions2002: ['25'] },
  '26': { name: '化学原料和化学制品制造业', divisions2002: ['26'] },
  '27': { name: '医药制造业', divisions2002: ['27'] },
  '28': { name: '化学纤维制造业', divisions2002: ['28'] },
  '29': { name: '橡胶和塑料制品业', divisions2002: ['29', '30'] },
  '30': { name: '非金属矿物制品业', divisions2002: ['31'] },
  '31': { name: '黑色金属冶炼和压延加工业', divisions2002: ['32'] },
  '32': { name: '有色金属冶炼和压延加工业', divisions2002: ['33'] },
  '33': { name: '金属制品业', divisions2002: ['34'] },
  '34': { name: '通用设备制造业', divisions2002: ['35'] },
  '35': { name: '专用设备制造业', divisions2002: ['36'] },
  '36': { name: '汽车制造业', divisions2002: ['37'] },
  '37': { name: '铁路、船舶、航空航天和其他运输设备制造业', divisions2002: ['37'] },
  '38': { name: '电气机械和器材制造业', divisions2002: ['39'] },
  '39': { name: '计算机、通信和其他电子设备制造业', divisions2002: ['40'] },
  '40': { name: '仪器仪表制造业', divisions2002: ['41'] },
  '41': { name: '其他制造业', divisions2002: ['42'] },
  '42': { name: '废弃资源综合利用业', divisions2002: ['43'] },
  // New in 2011: repair was not a manufacturing division in 2002.
  '43': { name: '金属制品、机械和设备修理业', divisions2002: [] },
};

/** 2017 three-digit groups that settle a division spanning 2002 divisions of different minima. */
export const GROUPS_2017: Readonly<Record<string, { name: string; division2002: string }>> = {
  '291': { name: '橡胶制品业', division2002: '29' },
  '292': { name: '塑料制品业', division2002: '30' },
  '241': { name: '文教办公用品制造', division2002: '24' },
  '242': { name: '乐器制造', division2002: '24' },
  '243': { name: '工艺美术及礼仪用品制造', division2002: '42' },
  '244': { name: '体育用品制造', division2002: '24' },
  '245': { name: '玩具制造', division2002: '24' },
};

export interface IndustryEditionError {
  code: string;
  message: Bilingual;
  hint: Bilingual;
}

export type IndustryMapping =
  | { ok: true; /** The code as the 2002-keyed tables read it (division or group). */ code2002: string; division2002: string | null; note?: Bilingual }
  | { ok: false; error: IndustryEditionError };

const CODE = /^([A-Za-z]?)(\d{2})(\d{0,2})$/;

/** The verified minimum FAR of a 2002 division, or null. */
function minimumFar(division2002: string): number | null {
  const value = MIN_FLOOR_AREA_RATIO_BY_CODE[division2002];
  return typeof value === 'number' ? value : null;
}

function farText(division2002: string): string {
  const value = minimumFar(division2002);
  return value === null ? '—' : String(value);
}

/**
 * The code the review's 2002-keyed tables should read for a code given in `edition`.
 *
 * A 2002 code is returned as given. A 2017 code becomes its 2002 division (or, where a
 * three-digit group settles a split division, that group's 2002 division); a 2017 division
 * whose 2002 candidates carry different (or unverified) minimum floor-area ratios is refused
 * with a message naming the code and what to enter instead.
 *
 * @param code GB/T 4754 code: optional section letter, 2–4 digits ("C2927", "30")
 * @example mapIndustryCode('30', '2017') // { ok: true, code2002: '31', division2002: '31' } — 非金属矿物制品业, FAR ≥ 0.7
 * @example mapIndustryCode('29', '2017') // { ok: false, … } — 橡胶 0.8 or 塑料 1.0: give 291x or 292x
 */
export function mapIndustryCode(code: string, edition: IndustryEdition): IndustryMapping {
  const trimmed = code.trim();
  const match = CODE.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      error: {
        code: trimmed,
        message: { zh: `行业代码“${trimmed}”不是 GB/T 4754 代码（可带门类字母，2–4 位数字）。`, en: `"${trimmed}" is not a GB/T 4754 code (an optional section letter and 2–4 digits).` },
        hint: { zh: '请输入如 30 或 C3021 的代码。', en: 'Enter a code such as 30 or C3021.' },
      },
    };
  }
  const division = match[2];
  // Both editions number their divisions from 01 to at most 98: 00 and 99 are no industry.
  if (division === '00' || division === '99') {
    return {
      ok: false,
      error: {
        code: trimmed,
        message: {
          zh: `行业代码“${trimmed}”在 GB/T 4754-${edition} 中不存在（大类 ${division} 未定义）。`,
          en: `"${trimmed}" does not exist in GB/T 4754-${edition} (there is no division ${division}).`,
        },
        hint: { zh: '请按项目的行业分类填写，如 30 或 C3021。', en: 'Enter the project’s industry code, such as 30 or C3021.' },
      },
    };
  }
  const digits = match[2] + match[3];
  // A 2002 code is what the tables read: returned as given.
  if (edition === '2002') return { ok: true, code2002: trimmed, division2002: division };
  const entry = DIVISIONS_2017_TO_2002[division];
  // Outside manufacturing: the 2002-keyed tables hold no FAR minimum; no counterpart is claimed.
  if (!entry) {
    return {
      ok: true,
      code2002: '',
      division2002: null,
      note: {
        zh: `GB/T 4754-2017 大类 ${division} 不属于制造业（13–43），工业项目容积率控制值不适用。`,
        en: `GB/T 4754-2017 division ${division} is not manufacturing (13–43); the industrial FAR minimum does not apply.`,
      },
    };
  }
  if (entry.divisions2002.length === 0) {
    return {
      ok: true,
      code2002: '',
      division2002: null,
      note: {
        zh: `GB/T 4754-2017 大类 ${division}（${entry.name}）在 2002 版中没有对应大类，容积率未评估。`,
        en: `GB/T 4754-2017 division ${division} (${entry.name}) has no counterpart in the 2002 edition; FAR not assessed.`,
      },
    };
  }
  const group = digits.length >= 3 ? GROUPS_2017[digits.slice(0, 3)] : undefined;
  if (group && entry.divisions2002.includes(group.division2002)) {
    return { ok: true, code2002: group.division2002, division2002: group.division2002 };
  }
  const minima = new Set(entry.divisions2002.map(farText));
  if (entry.divisions2002.length === 1 || (minima.size === 1 && !minima.has('—'))) {
    const division2002 = entry.divisions2002[0];
    return { ok: true, code2002: division2002, division2002 };
  }
  const candidates = entry.divisions2002.map((candidate) => `${candidate}（容积率 ≥ ${farText(candidate)}）`).join('、');
  const candidatesEn = entry.divisions2002.map((candidate) => `${candidate} (FAR ≥ ${farText(candidate)})`).join(', ');
  const groups = Object.entries(GROUPS_2017)
    .filter(([groupCode]) => groupCode.startsWith(division))
    .map(([groupCode, value]) => `${groupCode} ${value.name}`);
  return {
    ok: false,
    error: {
      code: trimmed,
      message: {
        zh: `GB/T 4754-2017 代码 ${trimmed}（${entry.name}）对应 2002 版的多个大类 ${candidates}，无法确定最低容积率。`,
        en: `GB/T 4754-2017 code ${trimmed} (${entry.name}) spans 2002 divisions ${candidatesEn}, so the minimum FAR cannot be chosen.`,
      },
      hint: {
        zh: `请输入更细的代码（${groups.join('；')}），或改选 2002 版并输入其大类代码。`,
        en: `Enter a longer code (${groups.join('; ')}), or choose the 2002 edition and enter its division.`,
      },
    },
  };
}
