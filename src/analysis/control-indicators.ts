/**
 * 《工业项目建设用地控制指标》(国土资发〔2008〕24号) check of one industrial project.
 * Pure: no Node APIs, no React, no MapLibre.
 *
 * Indicators (REFERENCE.md "Land-use intensity rules"):
 * - 容积率 (floor-area ratio) ≥ the minimum for the project's industry (GB/T 4754 two-digit
 *   code, the 2002 edition the 2008 indicators are keyed to — codes 29–33 differ in the 2017
 *   edition). Only codes 13–33 were verified; 34–43 have no default and can be supplied in
 *   `options.minFarByCode`. (Storeys taller than 8 m count double when computing the FAR —
 *   the caller's job.)
 * - 建筑系数 (building coverage) ≥ 30 %.
 * - 行政办公及生活服务设施用地所占比重 (office and living-service land share) ≤ 7 %.
 * - 绿地率 (green ratio) ≤ 20 % (a ceiling: industrial land is not to be spent on lawns).
 * - 投资强度 (investment intensity, 万元/公顷) ≥ a threshold the caller supplies; its tiers by
 *   region class were not verified, so there is no default.
 *
 * Ratios are fractions (0.35 = 35 %). A missing input leaves its indicator out (not failed).
 */
import type { Bilingual } from '../data/catalog-types';

export type ControlIndicatorId =
  | 'floor-area-ratio'
  | 'building-coverage'
  | 'office-service-share'
  | 'green-ratio'
  | 'investment-intensity';

/** What a project proposes. Ratios are fractions; investment intensity in 万元/公顷. */
export interface ControlProposal {
  /** GB/T 4754 (2002) industry code; the first two digits are used ("27", "2710"). */
  industryCode?: string;
  /** 容积率 (dimensionless). */
  far?: number;
  /** 建筑系数, fraction of the site. */
  coverage?: number;
  /** 行政办公及生活服务设施用地所占比重, fraction of the site. */
  officeShare?: number;
  /** 绿地率, fraction of the site. */
  greenRatio?: number;
  /** 投资强度, 万元 per 公顷. */
  investmentIntensity?: number;
}

export interface ControlOptions {
  /** Extra or replacement minimum FARs by two-digit code, e.g. { '35': 0.7 } once verified. */
  minFarByCode?: Record<string, number>;
  /** Minimum 投资强度 in 万元/公顷 for the site's region class; no check without it. */
  minInvestmentIntensity?: number;
}

export interface ControlCheck {
  indicator: ControlIndicatorId;
  label: Bilingual;
  /** The proposal's value (fraction for ratios, 万元/公顷 for investment intensity). */
  value: number;
  /** The limit it is compared with; null when no verified limit exists (then `ok` is null). */
  limit: number | null;
  /** `min`: value must be ≥ limit; `max`: value must be ≤ limit. */
  bound: 'min' | 'max';
  /** true = meets the limit, false = fails it, null = not assessed (see `note`). */
  ok: boolean | null;
  rule: Bilingual;
  note?: Bilingual;
  /**
   * Not assessed although everything it needs was given: the standard sets a limit for the
   * industry that this atlas has not verified (GB/T 4754-2002 divisions 34–43). A person must
   * check it, so the review asks for one.
   */
  unverified?: true;
}

const SOURCE = '《工业项目建设用地控制指标》(国土资发〔2008〕24号)';
const SOURCE_EN = 'Control Indicators for Industrial Project Land (《工业项目建设用地控制指标》, 国土资发〔2008〕24号)';

/** 建筑系数 ≥ 30 %. */
export const MIN_BUILDING_COVERAGE = 0.3;
/** 行政办公及生活服务设施用地所占比重 ≤ 7 %. */
export const MAX_OFFICE_SERVICE_SHARE = 0.07;
/** 绿地率 ≤ 20 %. */
export const MAX_GREEN_RATIO = 0.2;

/** The edition of GB/T 4754 the indicator tables, and so the engine, read an industry code in (a 2017 code is mapped to it first: industry-editions.ts). */
export const INDUSTRY_EDITION = 'GB/T 4754-2002';

/**
 * Minimum 容积率 by GB/T 4754-2002 two-digit code, 国土资发〔2008〕24号 (REFERENCE.md).
 * Codes 34–43 are deliberately absent: their values were not verified.
 */
export const MIN_FLOOR_AREA_RATIO_BY_CODE: Readonly<Record<string, number>> = {
  '13': 1.0, // 农副食品加工业
  '14': 1.0, // 食品制造业
  '15': 1.0, // 饮料制造业
  '16': 1.0, // 烟草制品业
  '17': 0.8, // 纺织业
  '18': 1.0, // 纺织服装、鞋、帽制造业
  '19': 1.0, // 皮革、毛皮、羽毛(绒)及其制品业
  '20': 0.8, // 木材加工及木、竹、藤、棕、草制品业
  '21': 0.8, // 家具制造业
  '22': 0.8, // 造纸及纸制品业
  '23': 0.8, // 印刷业和记录媒介的复制
  '24': 1.0, // 文教体育用品制造业
  '25': 0.5, // 石油加工、炼焦及核燃料加工业
  '26': 0.6, // 化学原料及化学制品制造业
  '27': 0.7, // 医药制造业
  '28': 0.8, // 化学纤维制造业
  '29': 0.8, // 橡胶制品业
  '30': 1.0, // 塑料制品业
  '31': 0.7, // 非金属矿物制品业
  '32': 0.6, // 黑色金属冶炼及压延加工业
  '33': 0.6, // 有色金属冶炼及压延加工业
};

export const CONTROL_LABELS: Record<ControlIndicatorId, Bilingual> = {
  'floor-area-ratio': { zh: '容积率', en: 'Floor-area ratio' },
  'building-coverage': { zh: '建筑系数', en: 'Building coverage' },
  'office-service-share': { zh: '行政办公及生活服务设施用地所占比重', en: 'Office and living-service land share' },
  'green-ratio': { zh: '绿地率', en: 'Green ratio' },
  'investment-intensity': { zh: '投资强度', en: 'Investment intensity' },
};

/** The two-digit division of a GB/T 4754 code ("2710" → "27"); undefined when not a code. */
export function industryDivision(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const trimmed = code.trim();
  const match = /^[A-Za-z]?(\d{2})\d{0,2}$/.exec(trimmed);
  return match ? match[1] : undefined;
}

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

function isGiven(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Checks a project against the 2008 industrial land-use control indicators.
 *
 * Each indicator whose input is given yields one check; missing inputs yield none. A FAR
 * given for an industry code without a verified minimum yields a check with `limit: null`,
 * `ok: null` and a note "no verified minimum for code NN"; so does an investment intensity
 * without `options.minInvestmentIntensity`.
 *
 * @param proposal ratios as fractions, investment intensity in 万元/公顷
 * @param options extra minimum FARs by code, the investment-intensity threshold
 * @returns one check per indicator given, in a fixed order
 * @example
 * checkControlIndicators({ industryCode: '27', far: 0.6, coverage: 0.4 })
 * // [{ indicator: 'floor-area-ratio', value: 0.6, limit: 0.7, ok: false, … },
 * //  { indicator: 'building-coverage', value: 0.4, limit: 0.3, ok: true, … }]
 */
export function checkControlIndicators(proposal: ControlProposal, options: ControlOptions = {}): ControlCheck[] {
  const checks: ControlCheck[] = [];
  if (isGiven(proposal.far)) {
    const division = industryDivision(proposal.industryCode);
    const table = { ...MIN_FLOOR_AREA_RATIO_BY_CODE, ...(options.minFarByCode ?? {}) };
    const limit = division !== undefined && isGiven(table[division]) ? table[division] : null;
    const check: ControlCheck = {
      indicator: 'floor-area-ratio',
      label: CONTROL_LABELS['floor-area-ratio'],
      value: proposal.far,
      limit,
      bound: 'min',
      ok: limit === null ? null : proposal.far >= limit,
      rule: {
        zh: `${SOURCE}：容积率不低于所属行业（${INDUSTRY_EDITION} 大类 ${division ?? '—'}）的最低值${limit === null ? '' : ` ${limit}`}`,
        en: `${SOURCE_EN}: floor-area ratio at least the minimum for the industry (${INDUSTRY_EDITION} division ${division ?? '—'})${limit === null ? '' : ` of ${limit}`}`,
      },
    };
    if (limit === null) {
      if (division === undefined) {
        check.note = { zh: '未给出行业代码，容积率未评估', en: 'No industry code given: floor-area ratio not assessed' };
      } else if (division >= '34' && division <= '43') {
        // Manufacturing divisions the table sets a minimum for that was not verified: a person checks it.
        check.unverified = true;
        check.note = {
          zh: `${INDUSTRY_EDITION} 大类 ${division} 没有经核实的最低容积率，未评估：请按现行《工业项目建设用地控制指标》人工核对`,
          en: `No verified minimum for ${INDUSTRY_EDITION} division ${division}: floor-area ratio not assessed; check it by hand against the current Control Indicators`,
        };
      } else {
        // Outside manufacturing (13–43) the table sets no minimum: nothing to check by hand.
        check.note = {
          zh: `${INDUSTRY_EDITION} 大类 ${division} 不属制造业，《工业项目建设用地控制指标》的最低容积率不适用`,
          en: `${INDUSTRY_EDITION} division ${division} is not manufacturing: the Control Indicators' minimum floor-area ratio does not apply`,
        };
      }
    }
    checks.push(check);
  }
  if (isGiven(proposal.coverage)) {
    checks.push({
      indicator: 'building-coverage',
      label: CONTROL_LABELS['building-coverage'],
      value: proposal.coverage,
      limit: MIN_BUILDING_COVERAGE,
      bound: 'min',
      ok: proposal.coverage >= MIN_BUILDING_COVERAGE,
      rule: { zh: `${SOURCE}：建筑系数不低于 ${percent(MIN_BUILDING_COVERAGE)}`, en: `${SOURCE_EN}: building coverage at least ${percent(MIN_BUILDING_COVERAGE)}` },
    });
  }
  if (isGiven(proposal.officeShare)) {
    checks.push({
      indicator: 'office-service-share',
      label: CONTROL_LABELS['office-service-share'],
      value: proposal.officeShare,
      limit: MAX_OFFICE_SERVICE_SHARE,
      bound: 'max',
      ok: proposal.officeShare <= MAX_OFFICE_SERVICE_SHARE,
      rule: {
        zh: `${SOURCE}：行政办公及生活服务设施用地不超过总用地的 ${percent(MAX_OFFICE_SERVICE_SHARE)}，不得建成套住宅、宾馆等`,
        en: `${SOURCE_EN}: office and living-service land at most ${percent(MAX_OFFICE_SERVICE_SHARE)} of the site, no housing or hotels`,
      },
    });
  }
  if (isGiven(proposal.greenRatio)) {
    checks.push({
      indicator: 'green-ratio',
      label: CONTROL_LABELS['green-ratio'],
      value: proposal.greenRatio,
      limit: MAX_GREEN_RATIO,
      bound: 'max',
      ok: proposal.greenRatio <= MAX_GREEN_RATIO,
      rule: { zh: `${SOURCE}：绿地率不超过 ${percent(MAX_GREEN_RATIO)}`, en: `${SOURCE_EN}: green ratio at most ${percent(MAX_GREEN_RATIO)}` },
    });
  }
  if (isGiven(proposal.investmentIntensity)) {
    const limit = isGiven(options.minInvestmentIntensity) ? options.minInvestmentIntensity : null;
    const check: ControlCheck = {
      indicator: 'investment-intensity',
      label: CONTROL_LABELS['investment-intensity'],
      value: proposal.investmentIntensity,
      limit,
      bound: 'min',
      ok: limit === null ? null : proposal.investmentIntensity >= limit,
      rule: {
        zh: `${SOURCE}：投资强度不低于所在地区等别的控制值（万元/公顷）${limit === null ? '' : `：${limit}`}`,
        en: `${SOURCE_EN}: investment intensity at least the threshold of the region class (×10⁴ CNY/ha)${limit === null ? '' : `: ${limit}`}`,
      },
    };
    if (limit === null) {
      check.note = {
        zh: '未设定投资强度控制值（各地区等别的数值未经核实），未评估',
        en: 'No investment-intensity threshold set (the regional tiers are not verified): not assessed',
      };
    }
    checks.push(check);
  }
  return checks;
}
