/**
 * How a feature is named and identified, in one place: import messages ("feature 2
 * (RS-B-02)"), export (DXF layer, the 地块编号 column of a boundary-point table, KML
 * <name>), the siting review's site name and the land-use-intensity problems all read the
 * same attributes in the same order. Pure, imports nothing, so src/analysis may use it
 * without a cycle.
 */

/**
 * Attribute names that carry a feature's name, most specific first. Parcel numbers come
 * first: 地块编号 / 宗地号 is what planning documents, 界址点 tables and CAD layers call a
 * parcel by (《地籍调查规程》 TD/T 1001), and a boundary-point table has nothing else; then
 * project and place names; then generic ids. Matching ignores case, spaces, `_`, `-` and
 * `.`, so "Parcel ID", "PARCEL_ID" and "parcel-id" all match `parcel_id`. The parcel
 * headers the CSV importer recognises (src/io/importers/csv.ts) are all in the list, so
 * a table's parcel column names its parcels.
 */
export const FEATURE_NAME_KEYS: readonly string[] = [
  '地块编号',
  '地块号',
  '宗地号',
  '宗地编号',
  '宗地代码',
  'parcel_id',
  'parcel_no',
  'parcel',
  'plot',
  '地块',
  'name_zh',
  '项目名称',
  '地块名称',
  '名称',
  'name',
  'name_en',
  'layer',
  'id',
];

function normalise(key: string): string {
  return key.replace(/^\uFEFF/, '').replace(/[\s_\-.]/g, '').toLowerCase();
}

/** Normalised key → its rank in FEATURE_NAME_KEYS. */
const RANK = new Map(FEATURE_NAME_KEYS.map((key, rank) => [normalise(key), rank]));
/** Attribute name → rank (or -1): files repeat the same few names on every feature. */
const rankCache = new Map<string, number>();

function rankOf(key: string): number {
  let rank = rankCache.get(key);
  if (rank === undefined) {
    rank = RANK.get(normalise(key)) ?? -1;
    if (rankCache.size < 10_000) rankCache.set(key, rank);
  }
  return rank;
}

/**
 * An attribute value as a name reads it: non-empty text (trimmed) or a finite number; anything
 * else (null, blank, an object, a boolean) is no name.
 */
export function attributeText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The feature's name from its attributes ({@link FEATURE_NAME_KEYS}, first non-empty
 * text or finite number wins), or null when it has none.
 *
 * @example nameOf({ 地块编号: 'RS-A-01', name: '乳山西地块' }) // 'RS-A-01'
 * @example nameOf({ NAME: ' 东区 ' }) // '东区'
 */
export function nameOf(properties: Record<string, unknown> | null | undefined): string | null {
  if (!properties) return null;
  let bestRank = Infinity;
  let best: string | null = null;
  for (const key in properties) {
    if (!Object.prototype.hasOwnProperty.call(properties, key)) continue;
    const rank = rankOf(key);
    if (rank < 0 || rank >= bestRank) continue;
    const text = attributeText(properties[key]);
    if (text === undefined) continue;
    bestRank = rank;
    best = text;
  }
  return best;
}

/**
 * Of a layer's field names, the one the name rule ranks first ({@link FEATURE_NAME_KEYS}),
 * as a layer's automatic name field starts from it (src/analysis/review/presets.ts autoNameField).
 *
 * @example nameFieldAmong(['BSM', 'NAME', 'id']) // 'NAME'
 */
export function nameFieldAmong(fields: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestRank = Infinity;
  for (const field of fields) {
    const rank = rankOf(field);
    if (rank >= 0 && rank < bestRank) {
      bestRank = rank;
      best = field;
    }
  }
  return best;
}

/**
 * Attribute names a person reads a feature by, before its number: in the site review a
 * reviewer recognises 乳山东地块 sooner than RS-A-01 (the 报盘 format's 地块名称 included).
 */
const DISPLAY_NAME_KEYS = new Set(['name_zh', '项目名称', '地块名称', '名称', 'name', 'name_en'].map(normalise));

/**
 * The name a person reads a feature by: a display name ({@link DISPLAY_NAME_KEYS}) when it
 * has one, else {@link nameOf} (the parcel number and the rest of FEATURE_NAME_KEYS), else ''.
 *
 * @example displayNameOf({ 地块编号: 'RS-A-01', 地块名称: '乳山西地块' }) // '乳山西地块'
 * @example displayNameOf({ parcel: 'P-7' }) // 'P-7'
 */
export function displayNameOf(properties: Record<string, unknown> | null | undefined): string {
  if (!properties) return '';
  let bestRank = Infinity;
  let best: string | undefined;
  for (const key in properties) {
    if (!Object.prototype.hasOwnProperty.call(properties, key) || !DISPLAY_NAME_KEYS.has(normalise(key))) continue;
    const rank = rankOf(key);
    const text = attributeText(properties[key]);
    if (text !== undefined && rank < bestRank) {
      bestRank = rank;
      best = text;
    }
  }
  return best ?? nameOf(properties) ?? '';
}

/**
 * A feature's identifier: `properties.id` first (the atlas's authored layers and most GIS
 * exports carry it as an attribute), then the GeoJSON `feature.id`; null and undefined
 * count as absent, anything else is kept (numbers as numbers, the rest as text). The siting
 * review and the land-use-intensity engine follow this rule, so an id in a report finds its
 * feature again (reference layers put the 标识码 BSM before a reader-assigned feature id:
 * src/analysis/review/reference-review.ts).
 *
 * @example featureIdOf({ id: 7, properties: { id: 'DZ-1' } }) // 'DZ-1'
 * @example featureIdOf({ id: 7, properties: {} }) // 7
 */
export function featureIdOf(feature: { id?: string | number; properties?: Record<string, unknown> | null } | null | undefined): string | number | undefined {
  const own = feature?.properties?.id ?? feature?.id;
  if (own === undefined || own === null) return undefined;
  return typeof own === 'number' ? own : String(own);
}
