/**
 * .prj / WKT → atlas CRS (src/io/prj.ts). The WKT texts are produced by PROJ's projinfo
 * (an independent tool) in the three dialects files carry: ESRI WKT1 (ArcGIS .prj, no EPSG
 * code), GDAL WKT1 and WKT2:2019 (FlatGeobuf headers, GDAL-written .prj). projinfo is
 * required: if it is missing the test fails with the install command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CrsCode } from '../../src/crs/projections';
import { matchPrj } from '../../src/io/prj';

function projinfo(code: string, format: string): string {
  const probe = spawnSync('projinfo', ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new Error('PROJ projinfo is required for this test: apt-get install proj-bin');
  return execFileSync('projinfo', [code, '-o', format, '-q'], { encoding: 'utf8' }).trim();
}

const SUPPORTED: CrsCode[] = ['EPSG:4528', 'EPSG:4529', 'EPSG:4549', 'EPSG:4550', 'EPSG:4499', 'EPSG:4510', 'EPSG:4490', 'EPSG:4326', 'EPSG:3857'];

describe('matchPrj', () => {
  for (const code of SUPPORTED) {
    it(`${code} in ESRI WKT1, GDAL WKT1 and WKT2`, () => {
      for (const format of ['WKT1_ESRI', 'WKT1_GDAL', 'WKT2_2019']) {
        expect(matchPrj(projinfo(code, format)).crs, `${code} ${format}`).toBe(code);
      }
    });
  }

  it('matches an ESRI .prj without EPSG code by its Gauss–Krüger parameters', () => {
    // The name is changed so only the parameters can identify it.
    const wkt = projinfo('EPSG:4529', 'WKT1_ESRI').replace('CGCS2000_3_Degree_GK_Zone_41', 'My_Survey_Grid');
    expect(matchPrj(wkt)).toEqual({ crs: 'EPSG:4529', name: 'My_Survey_Grid' });
  });

  it('refuses Beijing 1954 and Xian 1980 grids (other datums) and other projections', () => {
    const beijing = matchPrj(projinfo('EPSG:2436', 'WKT1_ESRI')); // Beijing 1954 3° CM 117E
    const xian = matchPrj(projinfo('EPSG:2385', 'WKT1_ESRI')); // Xian 1980 3° CM 120E
    const utm = matchPrj(projinfo('EPSG:32651', 'WKT1_ESRI')); // WGS 84 / UTM 51N (k = 0.9996)
    for (const match of [beijing, xian, utm]) expect(match.crs).toBeUndefined();
    expect(beijing).toMatchObject({ why: 'datum' });
    expect(xian).toMatchObject({ why: 'datum', name: 'Xian_1980_3_Degree_GK_CM_120E' });
    expect(utm).toMatchObject({ why: 'projection' });
  });
});
