/**
 * A stored proposal written out field by field (src/components/review/proposal-text.ts), as the
 * save-conflict comparison shows it: shares as the percent the form takes, investment with its
 * unit, an industry code with the edition it was typed in, and nothing dropped.
 */
import { describe, expect, it } from 'vitest';
import { proposalFieldTexts } from '../../src/components/review/proposal-text';

describe('proposalFieldTexts', () => {
  it('writes each field as the form shows it, in the form’s order, and leaves out fields neither gives', () => {
    const rows = proposalFieldTexts(
      [
        { industryCode: '3511', industryEdition: '2017', far: 1.2, coverage: 0.35, greenRatio: 0.15, investmentIntensity: 3000, railClass: 'suburban' },
        { industryCode: '35', far: 0.8, coverage: 0.35 },
      ],
      'zh',
    );
    expect(rows).toEqual([
      { field: 'industryCode', label: '行业代码', texts: ['3511（GB/T 4754-2017）', '35（GB/T 4754-2002）'] },
      { field: 'far', label: '容积率', texts: ['1.2', '0.8'] },
      { field: 'coverage', label: '建筑系数', texts: ['35 %', '35 %'] },
      { field: 'greenRatio', label: '绿地率', texts: ['15 %', ''] },
      { field: 'investmentIntensity', label: '投资强度', texts: ['3000 万元/公顷', ''] },
      { field: 'railClass', label: '铁路保护区地段', texts: ['城市郊区居民居住区', ''] },
    ]);
  });

  it('writes English, and a percentage without a float’s tail', () => {
    const rows = proposalFieldTexts([{ officeShare: 0.07, industryCode: '27', industryEdition: '2002' }], 'en');
    expect(rows).toEqual([
      { field: 'industryCode', label: 'Industry code', texts: ['27 (GB/T 4754-2002)'] },
      { field: 'officeShare', label: 'Office and living-service land share', texts: ['7 %'] },
    ]);
  });

  it('shows a field it does not know as its JSON rather than hiding a difference', () => {
    const rows = proposalFieldTexts([{ far: 1, storeys: 4 } as never, { far: 1 }], 'zh');
    expect(rows.at(-1)).toEqual({ field: 'storeys', label: 'storeys', texts: ['4', ''] });
  });
});
