/**
 * What the benchmarks share: a square test site drawn in its Gauss–Krüger zone, and the
 * layer description of the synthetic sample parcels when they join the review as a layer.
 */
import type { Feature, Polygon } from 'geojson';
import { measureArea } from '../../src/analysis/measure';
import { projectPoint, unprojectPoint } from '../../src/crs/projections';
import type { LayerMeta } from '../../src/data/catalog-types';

/** A square site of `sideM` metres centred on `[lon, lat]`, drawn in its Gauss–Krüger zone. */
export function squareSite(lon: number, lat: number, sideM: number, properties: Record<string, unknown> = { name: 'benchmark site' }): Feature<Polygon> {
  const crs = measureArea({ type: 'Polygon', coordinates: [[[lon, lat], [lon + 1e-6, lat], [lon, lat + 1e-6], [lon, lat]]] }).projected_crs;
  const [x, y] = projectPoint([lon, lat], crs);
  const half = sideM / 2;
  const ring = [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]]
    .map(([easting, northing]) => unprojectPoint([easting!, northing!], crs));
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/** The synthetic sample parcels as a review layer (its id contains "parcel": a review conflict). */
export function parcelLayerMeta(): LayerMeta {
  return {
    id: 'sample-parcels',
    title: { zh: '合成示例地块', en: 'Synthetic sample parcels' },
    group: 'planning',
    geometryType: 'Polygon',
    style: { type: 'fill', color: '#999999' },
    provenance: {
      source: 'scripts/sample-parcels.ts (synthetic)',
      citation: { zh: '程序生成的合成示例地块，仅供性能测试。', en: 'Synthetic sample parcels made by a program, for benchmarks only.' },
      date: '2026-01-01',
      accuracy: 'schematic',
    },
    licence: 'CC0-1.0',
    attribution: 'synthetic',
    visible: false,
    order: 999,
    fields: [],
  };
}
