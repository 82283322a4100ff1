/**
 * The built data as GDAL sees it: every layers/<id> is built into a temporary folder and
 * each .fgb is opened with `ogrinfo -so -al`, an independent FlatGeobuf reader. GDAL must
 * report the authored feature count, the layer's geometry type, the catalog bbox, EPSG:4326
 * and a spatial index. GDAL is required (CI installs gdal-bin): if `ogrinfo` is missing the
 * test fails with the install command, it is never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GeometryKind } from '../../src/data/catalog-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLayers, type BuildResult } from '../../scripts/build-layers';
import { readAuthoredLayers, type AuthoredLayer } from '../../scripts/lib/atlas-layers';
import { GDAL_INSTALL_HINT, gdalSpatialIndexReport, ogrinfo, ogrinfoSummary } from '../../scripts/lib/gdal-tools';

/** ogrinfo's names of the geometry types (OGRGeometryTypeToName). */
const GDAL_GEOMETRY_NAMES: Record<string, string> = {
  Point: 'Point',
  MultiPoint: 'Multi Point',
  LineString: 'Line String',
  MultiLineString: 'Multi Line String',
  Polygon: 'Polygon',
  MultiPolygon: 'Multi Polygon',
};
const MULTI_OF: Record<GeometryKind, string> = { Point: 'MultiPoint', LineString: 'MultiLineString', Polygon: 'MultiPolygon' };

/**
 * The type GDAL should report: the features' one type, or the Multi* type when a layer
 * mixes single and multi parts (fgb-writer promotes those, like ogr2ogr -nlt PROMOTE_TO_MULTI).
 */
function expectedGeometry(layer: AuthoredLayer): string {
  const types = new Set(layer.features.features.map((feature) => feature.geometry.type));
  const type = types.size === 1 ? [...types][0] : MULTI_OF[layer.meta.geometryType];
  return GDAL_GEOMETRY_NAMES[type];
}

let temporaryDirectory: string;
let build: BuildResult;
let authored: AuthoredLayer[];

beforeAll(async () => {
  temporaryDirectory = mkdtempSync(path.join(tmpdir(), 'atlas-built-gdal-'));
  authored = await readAuthoredLayers();
  build = await buildLayers({ outputDirectory: temporaryDirectory });
});

afterAll(() => rmSync(temporaryDirectory, { recursive: true, force: true }));

describe('built FlatGeobuf files read by GDAL', () => {
  it('GDAL ogrinfo is installed', () => {
    let version = '';
    try {
      version = ogrinfo(['--version']);
    } catch (error) {
      throw new Error(`ogrinfo is not available: ${(error as Error).message}\n${GDAL_INSTALL_HINT}`);
    }
    expect(version).toMatch(/^GDAL \d+\.\d+/);
  });

  it('every layer was built', () => {
    expect(build.layers.map((layer) => layer.id).sort()).toEqual(authored.map((layer) => layer.meta.id).sort());
    expect(build.layers.length).toBeGreaterThan(0);
  });

  it('ogrinfo -so -al reports the feature count, geometry type, extent, CRS and columns', () => {
    for (const layer of authored) {
      const file = path.join(temporaryDirectory, `${layer.meta.id}.fgb`);
      const summary = ogrinfoSummary(file);
      const id = layer.meta.id;
      expect(summary.layerName, id).toBe(id);
      expect(summary.featureCount, id).toBe(layer.features.features.length);
      expect(summary.geometry, id).toBe(expectedGeometry(layer));
      expect(summary.epsg, id).toBe(4326);
      for (const column of ['id', 'name_zh', 'name_en']) expect(summary.fields[column], `${id}.${column}`).toBe('String');
      const bbox = build.catalog.layers.find((entry) => entry.id === id)!.bbox;
      // ogrinfo prints 6 decimals.
      summary.extent!.forEach((value, index) => expect(Math.abs(value - bbox[index]), `${id} extent[${index}]`).toBeLessThanOrEqual(5e-7));
    }
  });

  it('GDAL reports a spatial index on every file', () => {
    const report = gdalSpatialIndexReport(build.layers.map((layer) => layer.file));
    for (const layer of build.layers) expect(report[layer.file], layer.id).toBe(true);
  });
});
