/**
 * The colours of 用地用海分类 classes (issue 14), from 附录 B「用地用海分类配色指引表」 of
 * 《市级国土空间总体规划制图规范（试行）》 (自然资源部, 2021-03; §5.2.1 points the 现状图 and
 * 土地使用规划图 to it). The spec names classes, not codes: the codes are those of the class
 * names in the 用地用海分类 code list (class-names.ts). Read from a PDF copy of the spec by
 * scripts/standards/extract-ydyh-colours.py (which says which copy; it was not compared with an
 * official download — confirm before relying on it); tests/unit/land-sea-use-colours.test.ts
 * checks this table against that script's output (tests/fixtures/standards/ydyh-colours.csv).
 *
 * What the table does not colour stays uncoloured here (null), never a guess: the first-level
 * classes 07 居住, 08 公共管理与公共服务, 10 工矿 and 14 绿地与开敞空间 (the spec colours only
 * their second-level classes), and second-level classes it leaves out under those four (0702,
 * 0704, 0808, 1004, 1404 …). A second-level class of a coloured first-level class takes its parent's
 * colour — what §5.2.2 asks for 交通 and 公用设施 second-level classes (same colour, a symbol
 * to tell them apart). Pure data.
 */
import type { Bilingual } from './catalog-types';

export interface LandSeaUseColour {
  code: string;
  /** The class as the spec names it. */
  nameInSpec: string;
  rgb: readonly [number, number, number];
}

const TABLE: readonly LandSeaUseColour[] = [
  { code: '01', nameInSpec: '耕地', rgb: [245, 248, 220] },
  { code: '02', nameInSpec: '园地', rgb: [191, 233, 170] },
  { code: '03', nameInSpec: '林地', rgb: [104, 177, 103] },
  { code: '04', nameInSpec: '草地', rgb: [205, 245, 122] },
  { code: '05', nameInSpec: '湿地', rgb: [101, 205, 170] },
  { code: '06', nameInSpec: '农业设施建设用地', rgb: [216, 215, 159] },
  { code: '0701', nameInSpec: '城镇住宅用地/城镇居住用地', rgb: [255, 255, 45] },
  { code: '0703', nameInSpec: '农村宅基地/农村居住用地', rgb: [255, 211, 128] },
  { code: '0801', nameInSpec: '机关团体用地', rgb: [255, 0, 255] },
  { code: '0802', nameInSpec: '科研用地', rgb: [230, 0, 92] },
  { code: '0803', nameInSpec: '文化用地', rgb: [255, 127, 0] },
  { code: '0804', nameInSpec: '教育用地', rgb: [255, 133, 201] },
  { code: '0805', nameInSpec: '体育用地', rgb: [0, 165, 124] },
  { code: '0806', nameInSpec: '医疗卫生用地', rgb: [255, 127, 126] },
  { code: '0807', nameInSpec: '社会福利用地', rgb: [255, 159, 127] },
  { code: '09', nameInSpec: '商业服务业用地', rgb: [255, 0, 0] },
  { code: '1001', nameInSpec: '工业用地', rgb: [187, 150, 116] },
  { code: '1002', nameInSpec: '采矿用地', rgb: [158, 108, 84] },
  { code: '1003', nameInSpec: '盐田用地', rgb: [0, 0, 255] },
  { code: '11', nameInSpec: '仓储用地', rgb: [135, 97, 211] },
  { code: '1102', nameInSpec: '储备库用地', rgb: [153, 153, 255] },
  { code: '12', nameInSpec: '交通运输用地', rgb: [183, 183, 183] },
  { code: '1202', nameInSpec: '公路用地', rgb: [173, 173, 173] },
  { code: '1205', nameInSpec: '管道运输用地', rgb: [153, 153, 153] },
  { code: '1207', nameInSpec: '城镇道路用地', rgb: [163, 163, 163] },
  { code: '13', nameInSpec: '公用设施用地', rgb: [0, 99, 128] },
  { code: '1401', nameInSpec: '公园绿地', rgb: [0, 255, 0] },
  { code: '1402', nameInSpec: '防护绿地', rgb: [20, 141, 74] },
  { code: '1403', nameInSpec: '广场用地', rgb: [172, 255, 207] },
  { code: '15', nameInSpec: '特殊用地', rgb: [133, 145, 86] },
  { code: '16', nameInSpec: '留白用地', rgb: [255, 255, 255] },
  { code: '17', nameInSpec: '陆地水域', rgb: [51, 142, 192] },
  { code: '18', nameInSpec: '渔业用海', rgb: [148, 213, 235] },
  { code: '19', nameInSpec: '工矿通信用海', rgb: [86, 166, 211] },
  { code: '20', nameInSpec: '交通运输用海', rgb: [108, 139, 209] },
  { code: '21', nameInSpec: '游憩用海', rgb: [26, 170, 230] },
  { code: '22', nameInSpec: '特殊用海', rgb: [131, 188, 214] },
  { code: '23', nameInSpec: '其他土地', rgb: [238, 238, 238] },
  { code: '24', nameInSpec: '其他海域', rgb: [214, 234, 243] },
];

export const LAND_SEA_USE_COLOURS: readonly LandSeaUseColour[] = TABLE;

const BY_CODE = new Map(TABLE.map((entry) => [entry.code, entry]));

export const LAND_SEA_USE_COLOUR_SOURCE: Bilingual = {
  zh: '《市级国土空间总体规划制图规范（试行）》附录 B 用地用海分类配色指引表（自然资源部，2021）',
  en: 'Appendix B (colour guide for land and sea use classes) of the Cartography Specification for Municipal Territorial Spatial Master Plans (trial), Ministry of Natural Resources, 2021',
};

export function hexOf(rgb: readonly [number, number, number]): string {
  return `#${rgb.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The spec's colour of a 用地用海 code (#rrggbb): the code's own row, else its second-level
 * row (a third-level code such as 070101), else its first-level row; null when none of
 * them is coloured.
 */
export function landSeaUseColour(code: string): string | null {
  const trimmed = code.trim();
  if (!/^\d{2}/.test(trimmed)) return null;
  const entry = BY_CODE.get(trimmed) ?? (trimmed.length > 4 ? BY_CODE.get(trimmed.slice(0, 4)) : undefined) ?? BY_CODE.get(trimmed.slice(0, 2));
  return entry ? hexOf(entry.rgb) : null;
}

/** The spec's own name of a code that has its own row (the first of "城镇住宅用地/城镇居住用地"), or null. */
export function landSeaUseNameInSpec(code: string): string | null {
  return BY_CODE.get(code.trim())?.nameInSpec.split('/')[0] ?? null;
}
