/**
 * The industry vocabularies the planning layers are tagged with. Codes are stored in the
 * data (`clusters`, `rushan_industries` as ';'-joined codes); names come from here.
 */
import type { Bilingual } from './catalog-types';

/** Weihai's seven 千亿级 (hundred-billion-yuan) industry clusters. */
export const CLUSTERS: Record<string, Bilingual> = {
  'next-gen-it': { zh: '新一代信息技术', en: 'Next-generation information technology' },
  'medicine-devices': { zh: '新医药与医疗器械', en: 'New medicine and medical devices' },
  'equipment-smart-mfg': { zh: '先进装备与智能制造', en: 'Advanced equipment and smart manufacturing' },
  'carbon-fibre-composites': { zh: '碳纤维等复合材料', en: 'Carbon fibre and composite materials' },
  'marine-bio-food': { zh: '海洋生物与健康食品', en: 'Marine biology and health food' },
  'fashion-sports': { zh: '时尚与休闲运动产品', en: 'Fashion and leisure sports products' },
  'wellness-tourism': { zh: '康养旅游', en: 'Health, wellness and tourism' },
};

/** Rushan's "3+3" industries: three traditional, three new. */
export const RUSHAN_INDUSTRIES: Record<string, Bilingual & { kind: 'traditional' | 'new' }> = {
  'equipment': { zh: '装备制造', en: 'Equipment manufacturing', kind: 'traditional' },
  'food-processing': { zh: '食品加工', en: 'Food processing', kind: 'traditional' },
  'textiles-garments': { zh: '纺织服装', en: 'Textiles and garments', kind: 'traditional' },
  'new-energy': { zh: '新能源', en: 'New energy', kind: 'new' },
  'big-data-ai': { zh: '大数据与人工智能', en: 'Big data and AI', kind: 'new' },
  'big-health': { zh: '大健康', en: 'Health industry', kind: 'new' },
};

/** Split a ';'-joined code list as stored in FlatGeobuf columns. */
export function splitList(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value.split(';').map((part) => part.trim()).filter(Boolean);
}
