#!/usr/bin/python3
"""
Expected values for the browser tests of the siting review (tests/e2e/site-review.test.ts),
computed with shapely + pyproj — never by the code under test:
  - for each parcel of tests/fixtures/import/source-parcels.geojson (the parcels every import
    fixture holds, in its own format): the development zones and industrial parks it overlaps
    (area of the intersection > 1 m² in the parcel's Gauss–Krüger zone) and its area there;
  - for the polygons the tests draw on the map (lon/lat corners, before and after a vertex
    is dragged): the same;
  - for the zone-40 boundary table tests/fixtures/import/boundary-points-zh.csv read by
    mistake as EPSG:4529 (zone 41): where each point lands (pyproj), to show that reading is
    far outside the region (119–124°E, 35.5–38.5°N), so the import must refuse it.
Zone: EPSG:4528 when the centroid is west of 121.5°E, else EPSG:4529 (REFERENCE.md).
Output: tests/fixtures/e2e/expected-site-review.json
Run: /usr/bin/python3 scripts/expected/make-site-review-e2e.py
"""
import csv
import json
import os
import pyproj
import shapely
import shapely.geos
from pyproj import Transformer
from shapely.geometry import shape, Polygon, mapping
from shapely.ops import transform

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
ZONE_LAYERS = ['development-zones', 'industrial-parks']

# Polygons drawn by the tests: corners in drawing order (lon, lat).
DRAWN = {
    'drawn-square': [[121.548, 36.905], [121.556, 36.905], [121.556, 36.899], [121.548, 36.899]],
    # The same after its second corner is dragged north-east.
    'drawn-square-edited': [[121.548, 36.905], [121.560, 36.907], [121.556, 36.899], [121.548, 36.899]],
}


def load(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        return json.load(handle)


def zone_for(lon):
    return 'EPSG:4528' if lon < 121.5 else 'EPSG:4529'


def review(polygon):
    crs = zone_for(polygon.centroid.x)
    project = Transformer.from_crs('EPSG:4490', crs, always_xy=True).transform
    planar = transform(project, polygon)
    zones = []
    for layer_id in ZONE_LAYERS:
        layer = load(f'layers/{layer_id}/{layer_id}.geojson')
        for feature in layer['features']:
            other = transform(project, shape(feature['geometry']))
            overlap = planar.intersection(other).area
            if overlap > 1:
                zones.append({'layer': layer_id, 'id': feature['properties']['id'], 'overlap_m2': overlap})
    return {'projected_crs': crs, 'area_m2': planar.area, 'zones': zones}


def main():
    output = {
        'generator': 'scripts/expected/make-site-review-e2e.py (shapely + pyproj)',
        'tools': {'pyproj': pyproj.__version__, 'proj': pyproj.proj_version_str, 'shapely': shapely.__version__,
                  'geos': shapely.geos.geos_version_string},
        'parcels': {},
        'drawn': {},
    }
    for feature in load('tests/fixtures/import/source-parcels.geojson')['features']:
        output['parcels'][feature['properties']['parcel_id']] = review(shape(feature['geometry']))
    for name, corners in DRAWN.items():
        output['drawn'][name] = {'corners': corners, **review(Polygon(corners))}
    # X = northing, Y = easting with the zone-40 prefix; read with zone 41's false easting.
    to_lonlat = Transformer.from_crs('EPSG:4529', 'EPSG:4490', always_xy=True).transform
    with open(os.path.join(ROOT, 'tests/fixtures/import/boundary-points-zh.csv'), encoding='utf-8-sig') as handle:
        rows = list(csv.DictReader(handle))
    output['misread_zone'] = {
        'file': 'boundary-points-zh.csv',
        'crs': 'EPSG:4529',
        'region': {'west': 119, 'east': 124, 'south': 35.5, 'north': 38.5},
        'lonlat': [list(to_lonlat(float(row['Y']), float(row['X']))) for row in rows],
    }
    path = os.path.join(ROOT, 'tests/fixtures/e2e/expected-site-review.json')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(output, handle, ensure_ascii=False, indent=1)
        handle.write('\n')
    print(f'wrote {os.path.relpath(path, ROOT)}')


if __name__ == '__main__':
    main()
