/**
 * GB/T 4754-2017 codes read against the 2002-keyed indicator table (issue 11). Expected
 * pairs are written out by hand from the two editions' division lists cited in
 * src/analysis/industry-editions.ts (国统字〔2003〕14号 annex for 2002; GB/T 4754-2017 list),
 * and the minima from REFERENCE.md "Land-use intensity rules" — not read from the module.
 */
import { describe, expect, it } from 'vitest';
import { checkControlIndicators } from '../../src/analysis/control-indicators';
import { mapIndustryCode } from '../../src/analysis/industry-editions';

/** 2017 division → (2002 division by name, REFERENCE.md minimum FAR or null when unverified). */
const EXPECTED: [string, string, number | null][] = [
  ['13', '13', 1.0], // 农副食品加工业
  ['15', '15', 1.0], // 酒、饮料和精制茶 ↔ 饮料制造业
  ['17', '17', 0.8], // 纺织业
  ['18', '18', 1.0], // 纺织服装、服饰业 ↔ 纺织服装、鞋、帽
  ['19', '19', 1.0], // 皮革…和制鞋业 ↔ 皮革 (18 and 19 both 1.0)
  ['22', '22', 0.8], // 造纸
  ['26', '26', 0.6], // 化学原料
  ['27', '27', 0.7], // 医药
  ['28', '28', 0.8], // 化学纤维
  ['30', '31', 0.7], // 非金属矿物制品业 — 2002 30 was 塑料 (1.0): the silent error of issue 11
  ['31', '32', 0.6], // 黑色金属冶炼和压延加工业
  ['32', '33', 0.6], // 有色金属冶炼和压延加工业
  ['33', '34', null], // 金属制品业 (2002 34: unverified)
  ['39', '40', null], // 计算机、通信和其他电子设备 ↔ 通信设备、计算机及其他电子设备
];

const farLimit = (code: string | undefined) =>
  checkControlIndicators({ ...(code ? { industryCode: code } : {}), far: 1 }).find((check) => check.indicator === 'floor-area-ratio')?.limit ?? null;

describe('GB/T 4754-2017 → 2002 divisions', () => {
  for (const [code2017, division2002, minimum] of EXPECTED) {
    it(`2017 ${code2017} → 2002 ${division2002} (FAR ≥ ${minimum ?? 'not verified'})`, () => {
      const mapped = mapIndustryCode(code2017, '2017');
      expect(mapped.ok).toBe(true);
      if (!mapped.ok) return;
      expect(mapped.division2002).toBe(division2002);
      expect(farLimit(mapped.code2002)).toBe(minimum);
    });
  }

  it('reads four-digit and lettered codes by their division', () => {
    const mapped = mapIndustryCode('C3021', '2017');
    expect(mapped.ok && mapped.division2002).toBe('31');
  });

  it('refuses 2017 division 29 (橡胶 0.8 / 塑料 1.0) naming the code and the way out', () => {
    const mapped = mapIndustryCode('29', '2017');
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.error.message.zh).toContain('29');
    expect(mapped.error.message.en).toContain('29');
    expect(mapped.error.hint.zh).toContain('291');
    expect(mapped.error.hint.en).toContain('2002');
  });

  it('settles 29 and 24 with a three-digit group', () => {
    const rubber = mapIndustryCode('2911', '2017');
    const plastic = mapIndustryCode('2927', '2017');
    expect(rubber.ok && farLimit(rubber.code2002)).toBe(0.8);
    expect(plastic.ok && farLimit(plastic.code2002)).toBe(1.0);
    const toys = mapIndustryCode('2450', '2017');
    expect(toys.ok && farLimit(toys.code2002)).toBe(1.0);
    expect(mapIndustryCode('24', '2017').ok).toBe(false); // 工美 came from 2002 42 (unverified)
  });

  it('keeps 2002 codes as given and claims nothing outside manufacturing', () => {
    const old = mapIndustryCode('30', '2002');
    expect(old.ok && farLimit(old.code2002)).toBe(1.0);
    const service = mapIndustryCode('65', '2017');
    expect(service.ok && service.division2002).toBe(null);
    const repair = mapIndustryCode('43', '2017');
    expect(repair.ok && repair.division2002).toBe(null);
    expect(mapIndustryCode('3x', '2017').ok).toBe(false);
  });
});

describe('codes that are no industry', () => {
  it('refuses division 00 or 99 in either edition, and text that is no code, each with a message', () => {
    for (const edition of ['2002', '2017'] as const) {
      for (const code of ['9999', '99', '0012']) {
        const mapped = mapIndustryCode(code, edition);
        expect(mapped.ok, `${code} ${edition}`).toBe(false);
        if (!mapped.ok) expect(mapped.error.message.zh).toContain('不存在');
      }
    }
    const text = mapIndustryCode('abc', '2017');
    expect(!text.ok && text.error.message.en).toContain('is not a GB/T 4754 code');
  });
});

describe('the proposal form', () => {
  it('shows why a code is refused, not only that it is', async () => {
    const { fromForm } = await import('../../src/components/review/proposal-form');
    const blank = { far: '', coverage: '', officeShare: '', greenRatio: '', investmentIntensity: '' };
    for (const industryCode of ['abc', '9999']) {
      const parsed = fromForm({ ...blank, industryCode, industryEdition: '2017' }, undefined);
      expect(parsed.invalid).toContain('industryCode');
      expect(parsed.industryError?.message.zh, industryCode).toMatch(/行业代码/);
      expect(parsed.proposal.industryCode).toBeUndefined();
    }
  });
});

describe('what the review says of a 2017 code', () => {
  it('names the 2002 edition it was read in, so "31" is not taken for the 2017 division 31', async () => {
    const { engineProposal } = await import('../../src/records/engine-proposal');
    // 2017 3011 水泥制造 lies in 2017 division 30, which is 2002 division 31 (非金属矿物制品业, FAR ≥ 0.7).
    const proposal = engineProposal({ industryCode: '3011', industryEdition: '2017', far: 0.5 });
    const [far] = checkControlIndicators(proposal);
    expect(far.rule.zh).toContain('GB/T 4754-2002 大类 31');
    expect(far.rule.en).toContain('GB/T 4754-2002 division 31');
    expect(far.limit).toBe(0.7);
    // A division without a verified minimum is named with its edition too.
    const [unverified] = checkControlIndicators({ industryCode: '06', far: 0.5 });
    expect(unverified.note?.zh).toContain('GB/T 4754-2002 大类 06');
  });
});
