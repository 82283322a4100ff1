#!/usr/bin/python3
"""Expected areas, lengths and distances for tests/unit/measure.test.ts.

Independent of the code under test: planar figures are Shapely (GEOS) areas/lengths of
the geometry projected by pyproj (PROJ, EPSG database definitions) into the CGCS2000
3° Gauss–Krüger zone of the lon/lat centroid (zone 40 = EPSG:4528 west of 121.5°E,
zone 41 = EPSG:4529 east — REFERENCE.md), or into the CRS a case names. Ellipsoidal
figures are pyproj.Geod(ellps='GRS80') (GeographicLib's C implementation inside PROJ).

The test geometries are defined here and written into the fixtures next to the expected
values, so the tests read inputs and outputs from one file.

Run with /usr/bin/python3. Outputs: tests/fixtures/expected/measure-areas.json,
tests/fixtures/expected/measure-lengths.json
"""
import json
import math
import os
import re

import pyproj
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, mapping, shape
from shapely.ops import transform

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT_DIR = os.path.join(ROOT, 'tests', 'fixtures', 'expected')

GEOD = Geod(ellps='GRS80')
M2_PER_MU = 10000 / 15  # REFERENCE.md: 1 亩 = 10000/15 m²


def offsets_to_ring(lon0, lat0, offsets_m):
    """A closed lon/lat ring from (east, north) offsets in metres around (lon0, lat0),
    converted with a rough local scale; the exact area comes from the tools, not from
    these offsets. Rounded to 1e-7° (≈ 1 cm) so the fixture reads cleanly."""
    ring = []
    for east, north in offsets_m:
        lon = lon0 + east / (111320 * math.cos(math.radians(lat0)))
        lat = lat0 + north / 110950
        ring.append([round(lon, 7), round(lat, 7)])
    ring.append(ring[0])
    return ring


def rectangle(width, height, x=0.0, y=0.0):
    return [(x, y), (x + width, y), (x + width, y + height), (x, y + height)]


def zone_for(lon):
    return 'EPSG:4528' if lon < 121.5 else 'EPSG:4529'


def project(geometry, crs):
    transformer = Transformer.from_crs('EPSG:4490', crs, always_xy=True)
    return transform(transformer.transform, geometry)


def geodesic_polygon_area(polygon):
    def ring_area(coords):
        lons = [c[0] for c in coords[:-1]]
        lats = [c[1] for c in coords[:-1]]
        area, _ = GEOD.polygon_area_perimeter(lons, lats)
        return abs(area)

    return ring_area(list(polygon.exterior.coords)) - sum(ring_area(list(r.coords)) for r in polygon.interiors)


def area_case(name, description, geojson, crs=None):
    geometry = shape(geojson)
    chosen = crs or zone_for(geometry.centroid.x)
    planar = project(geometry, chosen).area
    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    ellipsoidal = sum(geodesic_polygon_area(polygon) for polygon in polygons)
    case = {'name': name, 'description': description, 'geometry': geojson}
    if crs:
        case['options'] = {'crs': crs}
    case['expected'] = {
        'projected_crs': chosen,
        'area_m2': planar,
        'area_m2_ellipsoidal': ellipsoidal,
        'area_mu': planar / M2_PER_MU,
        'area_ha': planar / 10000,
        'area_km2': planar / 1e6,
    }
    return case


def length_case(name, description, geojson, crs=None):
    geometry = shape(geojson)
    chosen = crs or zone_for(geometry.centroid.x)
    planar = project(geometry, chosen).length
    lines = list(geometry.geoms) if isinstance(geometry, MultiLineString) else [geometry]
    ellipsoidal = sum(GEOD.line_length([c[0] for c in line.coords], [c[1] for c in line.coords]) for line in lines)
    case = {'name': name, 'description': description, 'geometry': geojson}
    if crs:
        case['options'] = {'crs': crs}
    case['expected'] = {'projected_crs': chosen, 'length_m': planar, 'length_m_ellipsoidal': ellipsoidal}
    return case


def polygon(*rings):
    return {'type': 'Polygon', 'coordinates': list(rings)}


def area_cases():
    side_1mu = math.sqrt(M2_PER_MU)
    straddle_east = offsets_to_ring(121.52, 36.93, [(-5400, -1500), (5400, -1500), (5400, 1500), (-5400, 1500)])
    straddle_west = offsets_to_ring(121.48, 36.95, [(-5400, -1200), (5400, -1200), (4000, 1300), (-5400, 1300)])
    clockwise = offsets_to_ring(122.10, 37.45, [(0, 0), (0, 80), (60, 95), (110, 70), (90, 0)])
    marine_ranch = offsets_to_ring(121.62, 36.72, [(-4500, -3500), (4500, -3600), (4600, 3500), (-4400, 3550)])
    return [
        area_case('parcel-1mu', 'square of about 1 亩 near 乳山经济开发区 (zone 41)',
                  polygon(offsets_to_ring(121.55, 36.90, rectangle(side_1mu, side_1mu)))),
        area_case('parcel-5mu', 'irregular pentagon of about 5 亩 west of 121.5°E (zone 40)',
                  polygon(offsets_to_ring(121.40, 36.85, [(0, 0), (62, -4), (71, 35), (31, 53), (-4, 40)]))),
        area_case('parcel-20mu', 'quadrilateral of about 20 亩 in 高区',
                  polygon(offsets_to_ring(122.05, 37.50, [(0, 0), (130, 10), (120, 110), (-10, 100)]))),
        area_case('parcel-50mu', 'hexagon of about 50 亩 in 临港区',
                  polygon(offsets_to_ring(122.02, 37.32, [(0, 0), (132, -18), (211, 53), (193, 158), (79, 176), (-18, 105)]))),
        area_case('parcel-zone-40-west', 'parcel of about 30 亩 near 120.5°E, far west in zone 40',
                  polygon(offsets_to_ring(120.50, 36.90, rectangle(150, 135)))),
        area_case('parcel-clockwise', 'parcel wound clockwise (against RFC 7946): orientation must not matter',
                  polygon(clockwise[::-1])),
        area_case('polygon-5km2', 'irregular polygon of about 5 km² in 经区',
                  polygon(offsets_to_ring(122.16, 37.44, [(0, 0), (2496, -96), (2688, 1152), (2112, 2016), (480, 1920), (-192, 864)]))),
        area_case('polygon-with-hole', '1 km square with a 300 m square hole, 南海新区',
                  polygon(offsets_to_ring(121.93, 36.99, rectangle(1000, 1000)),
                          offsets_to_ring(121.93, 36.99, rectangle(300, 300, 350, 350)[::-1]))),
        area_case('multipolygon', 'two parcels and one parcel with a hole, near 乳山',
                  {'type': 'MultiPolygon', 'coordinates': [
                      [offsets_to_ring(121.60, 36.90, rectangle(200, 150))],
                      [offsets_to_ring(121.60, 36.90, rectangle(120, 90, 400, 50))],
                      [offsets_to_ring(121.60, 36.90, rectangle(300, 300, 0, 400)),
                       offsets_to_ring(121.60, 36.90, rectangle(100, 80, 100, 500)[::-1])],
                  ]}),
        area_case('straddle-121.5-centroid-east', 'polygon across 121.5°E, centroid ≈ 121.52°E → zone 41',
                  polygon(straddle_east)),
        area_case('straddle-121.5-centroid-west', 'polygon across 121.5°E, centroid west of it → zone 40',
                  polygon(straddle_west)),
        area_case('straddle-121.5-in-4549', 'the east-centred straddling polygon measured in EPSG:4549 (CM 120°E, unprefixed)',
                  polygon(straddle_east), crs='EPSG:4549'),
        area_case('straddle-121.5-in-4528', 'the east-centred straddling polygon forced into zone 40',
                  polygon(straddle_east), crs='EPSG:4528'),
        area_case('marine-ranch-63km2', 'schematic sea area of about 9.5万亩 (≈ 63 km²) off 乳山',
                  polygon(marine_ranch)),
    ]


def length_cases():
    # Station positions are the (est.) REFERENCE.md values; here only test geometry.
    rail = [[121.15, 36.80], [121.53, 36.87], [121.92, 37.00], [122.06, 37.14], [122.42, 37.16]]
    return [
        length_case('line-100m', 'a 100 m line in 乳山',
                    {'type': 'LineString', 'coordinates': offsets_to_ring(121.55, 36.90, [(0, 0), (100, 0)])[:2]}),
        length_case('rail-schematic', '海阳 → 乳山南 → 威海南海 → 文登南 → 荣成, schematic stations',
                    {'type': 'LineString', 'coordinates': rail}),
        length_case('line-straddle-west', 'line across 121.5°E whose centroid is west of it → zone 40',
                    {'type': 'LineString', 'coordinates': [[121.30, 36.88], [121.45, 36.90], [121.56, 36.91]]}),
        length_case('multilinestring', 'two road pieces in 高区',
                    {'type': 'MultiLineString', 'coordinates': [
                        [[122.03, 37.49], [122.05, 37.50], [122.08, 37.505]],
                        [[122.10, 37.47], [122.10, 37.52]],
                    ]}),
        length_case('rail-in-4550', 'the schematic rail line measured in EPSG:4550 (CM 123°E, unprefixed)',
                    {'type': 'LineString', 'coordinates': rail}, crs='EPSG:4550'),
    ]


def distances():
    pairs = [
        ([121.52, 36.89], [122.12, 37.51]),  # 乳山 seat → 威海 (est.)
        ([121.53, 36.87], [121.92, 37.00]),  # 乳山南 → 威海南海 (est.)
        ([121.50, 36.90], [121.50, 36.90001]),  # about 1.1 m
        ([119.0, 35.5], [124.0, 38.5]),  # atlas region diagonal
    ]
    result = []
    for a, b in pairs:
        _, _, distance = GEOD.inv(a[0], a[1], b[0], b[1])
        result.append({'a': a, 'b': b, 'distance_m': distance})
    return result


def compact_json(value):
    """Indented JSON with each coordinate pair on one line (readable diffs)."""
    text = json.dumps(value, indent=1, ensure_ascii=False)
    pair = re.compile(r'\[\s*(-?[\d.e+-]+),\s*(-?[\d.e+-]+)\s*\]')
    return pair.sub(r'[\1, \2]', text) + '\n'


def write(name, content):
    path = os.path.join(OUTPUT_DIR, name)
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(compact_json(content))
    print(f'wrote {os.path.relpath(path, ROOT)}')


def main():
    generator = f'scripts/expected/make-measure-fixtures.py (pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}, shapely {shapely.__version__})'
    write('measure-areas.json', {
        'generator': generator,
        'note': 'area_m2: Shapely area in projected_crs; area_m2_ellipsoidal: pyproj Geod(GRS80) polygon_area_perimeter, holes subtracted.',
        'cases': area_cases(),
    })
    write('measure-lengths.json', {
        'generator': generator,
        'note': 'length_m: Shapely length in projected_crs; length_m_ellipsoidal and distance_m: pyproj Geod(GRS80).',
        'cases': length_cases(),
        'distances': distances(),
    })
    # Sanity print so a reader of the log sees the magnitudes.
    for case in area_cases():
        print(f"  {case['name']}: {case['expected']['area_mu']:.3f} 亩 in {case['expected']['projected_crs']}")


if __name__ == '__main__':
    main()
