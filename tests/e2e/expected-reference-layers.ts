/**
 * What GDAL/OGR + Shapely say of the synthetic 永久基本农田 layer and the site pasted across it
 * (scripts/expected/make-reference-layers-e2e.py → tests/fixtures/e2e/expected-reference-layers.json),
 * shared by the browser tests that import the layer as a Shapefile and as GeoJSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const expected = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/e2e/expected-reference-layers.json'), 'utf8')) as {
  layer_file: string;
  layer_features: number;
  layer_fields: string[];
  projected_crs: string;
  site_table: string;
  site_centre_lonlat: [number, number];
  /**
   * `id`: how the review identifies the parcel (its 标识码 BSM); `fid`: its position in the file
   * (OGR FID); `tbbh` and `zldwmc`: its 图斑编号 and 坐落单位名称 as GDAL reads them.
   */
  findings: { fid: number; id: string; tbbh: string | null; zldwmc: string | null; overlap_m2: number }[];
  total_overlap_m2: number;
  total_overlap_mu: number;
};

/** Issue 10: "every finding equals PostGIS … within 0.1% of area or 1 m²". */
export function withinTolerance(actual: number, wanted: number): boolean {
  return Math.abs(actual - wanted) <= Math.max(1, wanted * 0.001);
}
