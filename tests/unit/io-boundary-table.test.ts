/**
 * The printed boundary-point table: same points, same order as the CSV export, coordinates
 * equal to PROJ cs2cs (tests/fixtures/import/expected.json, scripts/fixtures/make-import-fixtures.sh).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { boundaryTable } from '../../src/io/boundary-table';
import { exportSite } from '../../src/io/export';

const expected = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/import/expected.json'), 'utf8')) as {
  parcels: { parcel_id: string; lonlat: [number, number][]; projected: Record<string, [number, number][]>; clockwise_from_north_west: number[] }[];
};

describe('boundaryTable', () => {
  for (const parcel of expected.parcels) {
    for (const crs of ['EPSG:4528', 'EPSG:4529'] as const) {
      it(`numbers ${parcel.parcel_id} clockwise from the north-west in ${crs}, X north / Y east as PROJ gives them`, () => {
        const geometry: Polygon = { type: 'Polygon', coordinates: [[...parcel.lonlat, parcel.lonlat[0]]] };
        const [part] = boundaryTable(geometry, crs);
        expect(part.points.map((point) => point.label)).toEqual(parcel.clockwise_from_north_west.map((_, index) => `J${index + 1}`));
        part.points.forEach((point, index) => {
          const [easting, northing] = parcel.projected[crs][parcel.clockwise_from_north_west[index]];
          expect(Math.abs(point.x - northing)).toBeLessThan(0.001);
          expect(Math.abs(point.y - easting)).toBeLessThan(0.001);
          const [nextEasting, nextNorthing] = parcel.projected[crs][parcel.clockwise_from_north_west[(index + 1) % part.points.length]];
          expect(point.edgeToNext).toBeCloseTo(Math.hypot(nextEasting - easting, nextNorthing - northing), 2);
        });
        expect(part.holes).toBe(0);
      });
    }
  }

  it('lists exactly the rows of the CSV export', () => {
    const parcel = expected.parcels[1];
    const geometry: Polygon = { type: 'Polygon', coordinates: [[...parcel.lonlat, parcel.lonlat[0]]] };
    const csv = exportSite({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { parcel_id: 'P' }, geometry }] }, 'csv', 'EPSG:4529');
    expect(csv.ok).toBe(true);
    if (!csv.ok) return;
    const rows = csv.value.text.trim().split(/\r\n/).slice(1).map((line) => line.split(','));
    const [part] = boundaryTable(geometry, 'EPSG:4529');
    expect(rows.map((row) => [row[1], row[2], row[3]])).toEqual(part.points.map((point) => [point.label, point.x.toFixed(3), point.y.toFixed(3)]));
  });

  it('gives each part of a multipolygon its own table and counts left-out holes', () => {
    const square = (lon: number, lat: number, size: number) => [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ];
    const parts = boundaryTable(
      { type: 'MultiPolygon', coordinates: [[square(121.6, 36.9, 0.01), square(121.603, 36.903, 0.002)], [square(121.7, 36.9, 0.01)]] },
      'EPSG:4529',
    );
    expect(parts.map((part) => [part.part, part.points.length, part.holes])).toEqual([
      [1, 4, 1],
      [2, 4, 0],
    ]);
  });
});
