/**
 * Per-parcel figures for the map (issue 5): 容积率, 投资强度 and 地均税收 of each parcel, the
 * industrial control-indicator check, and a building footprint with a height for the 3D
 * view; plus the class breaks, colours and MapLibre expressions of the choropleth, so the
 * legend and the map come from one table.
 *
 * Pure: imports only MapLibre *types*; runs in Node tests.
 */
import type { DataDrivenPropertyValueSpecification, ExpressionSpecification } from 'maplibre-gl';
import { INVESTMENT_INTENSITY_UNIT } from '../analysis/units';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Bilingual, Lang } from '../data/catalog-types';
import { measureArea } from '../analysis/measure';
import { checkControlIndicators } from '../analysis/control-indicators';
import { mapParcelFields, type ParcelFieldMapping } from '../analysis/parcel-fields';
import { formatNumber } from '../analysis/units';

export const MAP_INDICATORS = ['far', 'investment_per_ha', 'tax_per_ha'] as const;
export type MapIndicator = (typeof MAP_INDICATORS)[number];

export interface MapIndicatorSpec {
  key: MapIndicator;
  label: Bilingual;
  unit: Bilingual;
  /** Upper bounds of the classes but the last (ascending). Fixed, so a legend means the same in every view. */
  breaks: number[];
  digits: number;
}

/**
 * Class breaks: 容积率 around the 2008 industrial minimums (0.5–1.0, 国土资发〔2008〕24号) and
 * above; 投资强度 and 地均税收 in 万元/公顷 at round steps spanning the sample data. They are
 * display classes, not thresholds of any rule.
 */
export const MAP_INDICATOR_SPECS: Record<MapIndicator, MapIndicatorSpec> = {
  far: { key: 'far', label: { zh: '容积率', en: 'Floor-area ratio' }, unit: { zh: '', en: '' }, breaks: [0.5, 0.8, 1.0, 1.5, 2.0], digits: 1 },
  investment_per_ha: {
    key: 'investment_per_ha',
    label: { zh: '投资强度', en: 'Investment intensity' },
    unit: INVESTMENT_INTENSITY_UNIT,
    breaks: [1000, 2000, 3000, 4500, 6000],
    digits: 0,
  },
  tax_per_ha: {
    key: 'tax_per_ha',
    label: { zh: '地均税收', en: 'Tax per hectare' },
    unit: { zh: '万元/公顷·年', en: '×10⁴ CNY/ha/yr' },
    breaks: [50, 100, 200, 350, 500],
    digits: 0,
  },
};

/** Six sequential classes (ColorBrewer YlOrRd 6, low → high) and the colour of unknown values. */
export const CLASS_COLORS = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];
export const NO_DATA_COLOR = '#c8c8c8';
/** Outline of parcels failing an industrial control indicator. */
export const FAILING_COLOR = '#7b00c9';

export interface LegendClass {
  color: string;
  label: string;
}

/** The legend rows of one indicator: "< 0.5", "0.5 – 0.8", …, "≥ 2.0", then "no data". */
export function legendClasses(indicator: MapIndicator, lang: Lang): LegendClass[] {
  const spec = MAP_INDICATOR_SPECS[indicator];
  const format = (value: number) => formatNumber(value, lang, spec.digits);
  const rows: LegendClass[] = [{ color: CLASS_COLORS[0], label: `< ${format(spec.breaks[0])}` }];
  for (let index = 1; index < spec.breaks.length; index += 1) {
    rows.push({ color: CLASS_COLORS[index], label: `${format(spec.breaks[index - 1])} – ${format(spec.breaks[index])}` });
  }
  rows.push({ color: CLASS_COLORS[spec.breaks.length], label: `≥ ${format(spec.breaks[spec.breaks.length - 1])}` });
  rows.push({ color: NO_DATA_COLOR, label: lang === 'zh' ? '无数据（未建成或缺值）' : 'no data (not built or missing)' });
  return rows;
}

/** The class (0 … breaks.length) of a value, as the `step` expression assigns it. */
export function classOf(indicator: MapIndicator, value: number): number {
  const breaks = MAP_INDICATOR_SPECS[indicator].breaks;
  let index = 0;
  while (index < breaks.length && value >= breaks[index]) index += 1;
  return index;
}

/** fill-color: a `step` over the parcel's property, grey where it is null. */
export function choroplethColor(indicator: MapIndicator): DataDrivenPropertyValueSpecification<string> {
  const spec = MAP_INDICATOR_SPECS[indicator];
  const steps: (string | number)[] = [CLASS_COLORS[0]];
  spec.breaks.forEach((limit, index) => steps.push(limit, CLASS_COLORS[index + 1]));
  return [
    'case',
    ['==', ['typeof', ['get', indicator]], 'number'],
    ['step', ['get', indicator], ...steps] as unknown as ExpressionSpecification,
    NO_DATA_COLOR,
  ] as ExpressionSpecification;
}

/** Properties of a parcel as drawn on the map. */
export interface ParcelMapProperties {
  id: string;
  land_use: string;
  status: string;
  area_m2: number;
  far: number | null;
  investment_per_ha: number | null;
  tax_per_ha: number | null;
  /** true when a built industrial/storage parcel fails 容积率 or 建筑系数 of the 2008 control indicators. */
  failing: boolean;
  /** Which indicators fail, e.g. "容积率;建筑系数". */
  failing_zh: string;
  failing_en: string;
  /** Average storeys × 4 m (an assumption for the 3D view, not a surveyed height). */
  height_m: number;
  synthetic: boolean;
}

/** Storey height assumed for the 3D view (industrial buildings are often 4–8 m per storey). */
export const STOREY_HEIGHT_M = 4;

const ringArea = (ring: Position[]) => {
  let twice = 0;
  for (let index = 0; index < ring.length - 1; index += 1) twice += ring[index][0] * ring[index + 1][1] - ring[index + 1][0] * ring[index][1];
  return twice / 2;
};

/** The exterior ring scaled by `factor` about its centroid (lon/lat; fine for a parcel a few hundred metres wide). */
function scaledRing(ring: Position[], factor: number): Position[] {
  const area = ringArea(ring);
  let cx = 0;
  let cy = 0;
  if (Math.abs(area) > 0) {
    for (let index = 0; index < ring.length - 1; index += 1) {
      const cross = ring[index][0] * ring[index + 1][1] - ring[index + 1][0] * ring[index][1];
      cx += (ring[index][0] + ring[index + 1][0]) * cross;
      cy += (ring[index][1] + ring[index + 1][1]) * cross;
    }
    cx /= 6 * area;
    cy /= 6 * area;
  } else {
    cx = ring[0][0];
    cy = ring[0][1];
  }
  return ring.map(([x, y]) => [cx + (x - cx) * factor, cy + (y - cy) * factor]);
}

export interface ParcelMapData {
  parcels: FeatureCollection<Polygon | MultiPolygon, ParcelMapProperties>;
  /** One footprint per built parcel with a floor area: the parcel shrunk to its 建筑密度, with `height_m`. */
  buildings: FeatureCollection<Polygon, ParcelMapProperties>;
}

/**
 * Map figures of each parcel: area (planar Gauss–Krüger m², measure.ts), 容积率 = floor area /
 * parcel area, 投资强度 = investment (万元) / ha, 地均税收 = tax (万元/yr) / ha — for built
 * parcels only (unbuilt land has no meaningful ratio; null = grey). `failing` marks built
 * industrial and storage parcels below the 2008 minimum 容积率 of their industry code or
 * the 30 % 建筑系数 (checkControlIndicators); codes without a verified minimum are not
 * assessed. Parcels the mapping cannot read are skipped (the dashboard reports them).
 */
export function parcelMapData(collection: FeatureCollection, mapping: ParcelFieldMapping = {}): ParcelMapData {
  const parcels: Feature<Polygon | MultiPolygon, ParcelMapProperties>[] = [];
  const buildings: Feature<Polygon, ParcelMapProperties>[] = [];
  collection.features.forEach((feature, index) => {
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return;
    const mapped = mapParcelFields(feature.properties, mapping);
    if (!mapped.ok) return;
    const attributes = mapped.attributes;
    const area = measureArea(geometry).area_m2;
    if (!(area > 0)) return;
    const hectares = area / 10_000;
    const built = attributes.status === 'built';
    const far = built && attributes.floor_area_m2 !== null ? attributes.floor_area_m2 / area : null;
    const coverage = built && attributes.footprint_m2 !== null ? attributes.footprint_m2 / area : null;
    const industrial = attributes.land_use === 'industrial' || attributes.land_use === 'storage';
    const failures: Bilingual[] = [];
    if (built && industrial) {
      const checks = checkControlIndicators({
        industryCode: attributes.industry_code ?? undefined,
        far: far ?? undefined,
        coverage: coverage ?? undefined,
      });
      for (const check of checks) if (check.ok === false) failures.push(check.label);
    }
    const storeys = built && attributes.floor_area_m2 && attributes.footprint_m2 ? attributes.floor_area_m2 / attributes.footprint_m2 : 0;
    const properties: ParcelMapProperties = {
      id: String(feature.properties?.id ?? feature.id ?? `parcel-${index + 1}`),
      land_use: attributes.land_use,
      status: attributes.status,
      area_m2: Math.round(area * 10) / 10,
      far,
      investment_per_ha: built && attributes.investment_wan !== null ? attributes.investment_wan / hectares : null,
      tax_per_ha: built && attributes.tax_wan !== null ? attributes.tax_wan / hectares : null,
      failing: failures.length > 0,
      failing_zh: failures.map((label) => label.zh).join(';'),
      failing_en: failures.map((label) => label.en).join(';'),
      height_m: Math.round(storeys * STOREY_HEIGHT_M * 10) / 10,
      synthetic: feature.properties?.sample === true || typeof feature.properties?.synthetic === 'string',
    };
    parcels.push({ type: 'Feature', id: index, properties, geometry });
    if (coverage !== null && coverage > 0 && properties.height_m > 0 && geometry.type === 'Polygon') {
      buildings.push({
        type: 'Feature',
        id: index,
        properties,
        geometry: { type: 'Polygon', coordinates: [scaledRing(geometry.coordinates[0], Math.sqrt(Math.min(1, coverage)))] },
      });
    }
  });
  return { parcels: { type: 'FeatureCollection', features: parcels }, buildings: { type: 'FeatureCollection', features: buildings } };
}
