#!/usr/bin/python3
"""Expected figures for the planner tools' browser tests (tests/e2e/planner-tools.test.ts, issue 14).

Independent of the code under test: planar figures are Shapely (GEOS) lengths/areas of the
geometry projected by pyproj (PROJ, EPSG definitions) into the CGCS2000 3° Gauss–Krüger zone
41 (EPSG:4529, every point here lies east of 121.5°E — REFERENCE.md); ellipsoidal figures are
pyproj.Geod(ellps='GRS80') (GeographicLib inside PROJ). The zone-less easting is EPSG:4550.

Cases (inputs are written next to the expected values):
- line: a 3-point polyline measured with the distance tool;
- polygon: a 4-corner polygon measured with the area tool (also taken as the review site);
- point: one position read with the coordinate tool (EPSG:4529 and EPSG:4550);
- snap_edge: the midpoint of edge J2–J3 straight in EPSG:4529, and how far the lon/lat
  midpoint lies off that straight edge;
- table_edit: the polygon with the easting (Y) of its second boundary point J2 typed as
  `edited_y` in the coordinate table (X unchanged): the review's area afterwards.

Run with /usr/bin/python3. Output: tests/fixtures/expected/measure-tool.json
"""
import json
import os

import pyproj
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Polygon

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'tests', 'fixtures', 'expected', 'measure-tool.json')

GEOD = Geod(ellps='GRS80')
M2_PER_MU = 10000 / 15  # REFERENCE.md: 1 亩 = 10000/15 m²
TO_4529 = Transformer.from_crs('EPSG:4490', 'EPSG:4529', always_xy=True)
TO_4550 = Transformer.from_crs('EPSG:4490', 'EPSG:4550', always_xy=True)
FROM_4529 = Transformer.from_crs('EPSG:4529', 'EPSG:4490', always_xy=True)

# Near 乳山口 (east of 121.5°E: zone 41), over open land and sea of the atlas region.
LINE = [[121.55, 36.90], [121.58, 36.92], [121.62, 36.905]]
POLYGON = [[121.555, 36.895], [121.575, 36.895], [121.578, 36.908], [121.557, 36.91]]
POINT = [121.52, 36.89]


def projected(points, transformer=TO_4529):
    return [transformer.transform(lon, lat) for lon, lat in points]


def line_case():
    planar = LineString(projected(LINE)).length
    lons, lats = zip(*LINE)
    ellipsoidal = GEOD.line_length(lons, lats)
    return {'points': LINE, 'crs': 'EPSG:4529', 'length_m': planar, 'length_m_ellipsoidal': ellipsoidal}


def polygon_case():
    ring = projected(POLYGON)
    area = Polygon(ring).area
    lons, lats = zip(*POLYGON)
    ellipsoidal_area, _perimeter = GEOD.polygon_area_perimeter(lons, lats)
    perimeter = Polygon(ring).exterior.length
    return {
        'points': POLYGON,
        'crs': 'EPSG:4529',
        'area_m2': area,
        'area_mu': area / M2_PER_MU,
        'area_ha': area / 10000,
        'area_m2_ellipsoidal': abs(ellipsoidal_area),
        'perimeter_m': perimeter,
    }


def point_case():
    easting, northing = TO_4529.transform(*POINT)
    plain_easting, plain_northing = TO_4550.transform(*POINT)
    return {
        'lonlat': POINT,
        'EPSG:4529': {'x_northing': northing, 'y_easting': easting},
        'EPSG:4550': {'x_northing': plain_northing, 'y_easting': plain_easting},
    }


def table_edit_case():
    ring = projected(POLYGON)
    # J2 moved 120 m east, typed to the millimetre as a person would.
    edited_y = round(ring[1][0] + 120.0, 3)
    edited = list(ring)
    edited[1] = (edited_y, ring[1][1])
    lon, lat = FROM_4529.transform(edited_y, ring[1][1])
    return {
        'crs': 'EPSG:4529',
        'point': 'J2',
        'row': 1,
        'edited_y': f'{edited_y:.3f}',
        'edited_lonlat': [lon, lat],
        'area_m2_before': Polygon(ring).area,
        'area_m2_after': Polygon(edited).area,
    }


def snap_edge_case():
    """The midpoint of the polygon's edge J2–J3, straight in EPSG:4529 (where the review engine
    clips), and the same edge's midpoint straight in lon/lat, for the snapping tests."""
    a, b = POLYGON[1], POLYGON[2]
    (ax, ay), (bx, by) = projected([a, b])
    lon, lat = FROM_4529.transform((ax + bx) / 2, (ay + by) / 2)
    naive_x, naive_y = TO_4529.transform((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    # Distance (m) of the lon/lat midpoint from the straight Gauss–Krüger edge.
    bow = abs((by - ay) * (naive_x - ax) - (bx - ax) * (naive_y - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    return {'a': a, 'b': b, 'midpoint_gk_straight': [lon, lat], 'lonlat_midpoint_off_gk_edge_m': bow}


def main():
    fixture = {
        'generator': 'scripts/expected/make-measure-tool-fixtures.py',
        'tools': {'pyproj': pyproj.__version__, 'proj': pyproj.proj_version_str, 'shapely': shapely.__version__},
        'line': line_case(),
        'polygon': polygon_case(),
        'point': point_case(),
        'table_edit': table_edit_case(),
        'snap_edge': snap_edge_case(),
    }
    with open(OUTPUT, 'w', encoding='utf-8') as out:
        json.dump(fixture, out, ensure_ascii=False, indent=2)
        out.write('\n')
    print(f'wrote {os.path.relpath(OUTPUT, ROOT)}')


if __name__ == '__main__':
    main()
