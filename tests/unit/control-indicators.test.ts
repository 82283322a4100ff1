/**
 * 《工业项目建设用地控制指标》(国土资发〔2008〕24号) checks. Expected limits are the rule's
 * figures as listed in REFERENCE.md "Land-use intensity rules", written out here by hand.
 */
import { describe, expect, it } from 'vitest';
import { checkControlIndicators, industryDivision } from '../../src/analysis/control-indicators';

/** REFERENCE.md: minimum 容积率 by GB/T 4754 two-digit code (2008 table, codes 13–33). */
const REFERENCE_MIN_FAR: Record<string, number> = {
  '13': 1.0, '14': 1.0, '15': 1.0, '16': 1.0, '17': 0.8, '18': 1.0, '19': 1.0, '20': 0.8, '21': 0.8,
  '22': 0.8, '23': 0.8, '24': 1.0, '25': 0.5, '26': 0.6, '27': 0.7, '28': 0.8, '29': 0.8, '30': 1.0,
  '31': 0.7, '32': 0.6, '33': 0.6,
};

const far = (industryCode: string, value: number) =>
  checkControlIndicators({ industryCode, far: value }).find((check) => check.indicator === 'floor-area-ratio');

describe('minimum floor-area ratio by industry code', () => {
  for (const [code, minimum] of Object.entries(REFERENCE_MIN_FAR)) {
    it(`code ${code}: ≥ ${minimum}`, () => {
      expect(far(code, minimum)?.limit).toBe(minimum);
      expect(far(code, minimum)?.ok).toBe(true);
      expect(far(code, minimum - 0.01)?.ok).toBe(false);
    });
  }

  it('reads four-digit codes by their division', () => {
    expect(industryDivision('2710')).toBe('27');
    expect(industryDivision('C27')).toBe('27');
    expect(industryDivision('abc')).toBeUndefined();
    expect(far('2710', 0.69)?.ok).toBe(false);
  });

  for (const code of ['34', '35', '39', '40', '43']) {
    it(`code ${code} has no verified minimum: not assessed, with a reason`, () => {
      const check = far(code, 0.1);
      expect(check?.limit).toBeNull();
      expect(check?.ok).toBeNull();
      expect(check?.note?.en).toContain(`No verified minimum for GB/T 4754-2002 division ${code}`);
      expect(check?.note?.zh).toContain(code);
    });
  }

  it('a minimum for an unverified code can be supplied', () => {
    const check = checkControlIndicators({ industryCode: '35', far: 0.65 }, { minFarByCode: { '35': 0.7 } })[0];
    expect(check.limit).toBe(0.7);
    expect(check.ok).toBe(false);
  });

  it('a FAR without an industry code is not assessed', () => {
    const check = checkControlIndicators({ far: 1.2 })[0];
    expect(check.ok).toBeNull();
    expect(check.note?.en).toMatch(/industry code/);
  });
});

describe('site-share indicators', () => {
  it('建筑系数 ≥ 30 %', () => {
    const at = (coverage: number) => checkControlIndicators({ coverage })[0];
    expect(at(0.3).ok).toBe(true);
    expect(at(0.2999).ok).toBe(false);
    expect(at(0.3).limit).toBe(0.3);
    expect(at(0.3).bound).toBe('min');
  });

  it('行政办公及生活服务设施用地 ≤ 7 %', () => {
    const at = (officeShare: number) => checkControlIndicators({ officeShare })[0];
    expect(at(0.07).ok).toBe(true);
    expect(at(0.0701).ok).toBe(false);
    expect(at(0.07).bound).toBe('max');
  });

  it('绿地率 ≤ 20 %', () => {
    const at = (greenRatio: number) => checkControlIndicators({ greenRatio })[0];
    expect(at(0.2).ok).toBe(true);
    expect(at(0.25).ok).toBe(false);
    expect(at(0.2).limit).toBe(0.2);
  });
});

describe('投资强度 and missing inputs', () => {
  it('has no default threshold: not assessed until one is configured', () => {
    const unset = checkControlIndicators({ investmentIntensity: 3000 })[0];
    expect(unset.limit).toBeNull();
    expect(unset.ok).toBeNull();
    expect(unset.note?.zh).toContain('未设定');
    const set = checkControlIndicators({ investmentIntensity: 3000 }, { minInvestmentIntensity: 3500 })[0];
    expect(set.ok).toBe(false);
    expect(set.limit).toBe(3500);
  });

  it('missing inputs leave their indicators out instead of failing them', () => {
    expect(checkControlIndicators({})).toEqual([]);
    expect(checkControlIndicators({ industryCode: '27' })).toEqual([]);
    const checks = checkControlIndicators({ industryCode: '27', coverage: 0.4 });
    expect(checks.map((check) => check.indicator)).toEqual(['building-coverage']);
  });

  it('every check cites the rule in zh and en', () => {
    const checks = checkControlIndicators({ industryCode: '27', far: 1, coverage: 0.4, officeShare: 0.05, greenRatio: 0.1, investmentIntensity: 1 });
    expect(checks).toHaveLength(5);
    for (const check of checks) {
      expect(check.rule.zh).toContain('国土资发〔2008〕24号');
      expect(check.rule.en.length).toBeGreaterThan(10);
      expect(check.label.zh.length).toBeGreaterThan(0);
    }
  });
});
