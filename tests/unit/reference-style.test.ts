/** A new reference layer's colour (src/worker/reference-operations.ts defaultStyle). */
import { describe, expect, it } from 'vitest';
import { defaultStyle } from '../../src/worker/reference-operations';
import { LAND_SEA_USE_COLOURS } from '../../src/data/land-sea-use-colours';

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

  it('gives the layers a bureau loads together colours that tell apart (RGB distance ≥ 60)', () => {
    const colours: Record<string, string> = {
      farmland: defaultStyle({ kind: 'prohibited' }, '永久基本农田').color,
      redLine: defaultStyle({ kind: 'prohibited' }, '生态保护红线').color,
      prohibited: defaultStyle({ kind: 'prohibited' }).color,
      inside: defaultStyle({ kind: 'inside', severity: 'review' }).color,
      classes: defaultStyle({ kind: 'classes', field: 'DLBM' } as never).color,
      zone: defaultStyle({ kind: 'zone' } as never).color,
      line: defaultStyle({ kind: 'line', widthM: 30 }).color,
      proximity: defaultStyle({ kind: 'proximity' } as never).color,
    };
    const rgb = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
    const close: string[] = [];
    const names = Object.keys(colours);
    for (const [i, a] of names.entries()) {
      for (const b of names.slice(i + 1)) {
        const distance = Math.hypot(...rgb(colours[a]!).map((value, k) => value - rgb(colours[b]!)[k]!));
        if (distance < 60) close.push(`${a} ${colours[a]} ~ ${b} ${colours[b]} (${distance.toFixed(0)})`);
      }
    }
    expect(close).toEqual([]);
    // A 用地用海 code without a spec colour keeps the layer's colour: it must not pass for a spec class (e.g. 1207 roads, grey).
    const classes = rgb(colours.classes!);
    const nearSpec = LAND_SEA_USE_COLOURS.filter((entry) => Math.hypot(...entry.rgb.map((value, k) => value - classes[k]!)) < 60).map((entry) => entry.code);
    expect(nearSpec).toEqual([]);
  });
});
