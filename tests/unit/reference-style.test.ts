/** A new reference layer's colour (src/worker/reference-operations.ts defaultStyle). */
import { describe, expect, it } from 'vitest';
import { defaultStyle } from '../../src/worker/reference-operations';

describe('defaultStyle', () => {
  it('draws the farmland and the ecological red line, both prohibited, in colours of their own', () => {
    const farmland = defaultStyle({ kind: 'prohibited' }, '永久基本农田（YJJBNTBHTB）').color;
    const redLine = defaultStyle({ kind: 'prohibited' }, '生态保护红线（STBHHX）').color;
    const other = defaultStyle({ kind: 'prohibited' }, '海洋牧场').color;
    expect(new Set([farmland, redLine, other]).size).toBe(3);
    // Any other layer takes its role's colour; a role's colour does not depend on the name.
    expect(defaultStyle({ kind: 'inside', severity: 'review' }, '城镇开发边界').color).toBe(defaultStyle({ kind: 'inside', severity: 'review' }).color);
    expect(defaultStyle({ kind: 'prohibited' }).color).toBe(other);
  });
});
