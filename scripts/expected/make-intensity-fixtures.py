#!/usr/bin/python3
"""Expected land-use intensity indicators for the small parcel fixture, computed with an
independent tool chain (Shapely/GEOS for clipping and areas, pyproj/PROJ for the
Gauss-Krueger projection), never with the TypeScript code under test.

Writes (deterministically, no randomness):
  tests/fixtures/parcels/small-zones.geojson  three test zones (an L-shaped zone with a hole
                                              in Gauss-Krueger zone 40, a quadrilateral in
                                              zone 41, and an empty zone)
  tests/fixtures/parcels/small.geojson        34 parcels: every land use and status, parcels
                                              crossing zone edges, one in the hole, an
                                              L-shaped (concave) and a MultiPolygon parcel,
                                              empty figures
  tests/fixtures/expected/intensity-small.json
  tests/fixtures/expected/intensity-atlas.json  every zone and park of the shipped layers, for
                                              the explorer's parcel fixture and the app's
                                              sample parcels (what the dashboard and the
                                              `intensity` CLI show); needs `npm run data` first

Rules (issue 3, REFERENCE.md "Land-use intensity rules", TD/T 1029): per zone, in the
CGCS2000 3-degree GK CRS of the zone centroid (EPSG:4528 west of 121.5E, 4529 east), each
parcel counts by area(parcel n zone); floor area, footprint, investment and tax are
prorated by area(parcel n zone) / area(parcel). A = built; A2 = built industrial+storage;
D = built+supplied+idle; R = D+ready; T = all; G = idle. Ratios are null when the
denominator is 0; a figure sum is null when every contributing parcel has it empty.

Run with the Debian python (has shapely + pyproj):
  /usr/bin/python3 scripts/expected/make-intensity-fixtures.py
"""
import hashlib
import json
import os
import subprocess

import pyproj
import shapely
import shapely.geos
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.ops import transform

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PARCEL_DIR = os.path.join(ROOT, 'tests', 'fixtures', 'parcels')
EXPECTED_DIR = os.path.join(ROOT, 'tests', 'fixtures', 'expected')

TOOLS = {'pyproj': pyproj.__version__, 'proj': pyproj.proj_version_str, 'shapely': shapely.__version__,
         'geos': shapely.geos.geos_version_string}

SAMPLE_NOTE = 'synthetic test fixture / 合成测试数据'


def rect(west, south, east, north):
    return Polygon([(west, south), (east, south), (east, north), (west, north), (west, south)])


ZONES = [
    {
        'id': 'test-west',
        'name_zh': '测试西区',
        'name_en': 'Test zone west',
        # L-shaped (concave) with a square hole; in GK zone 40.
        'geometry': Polygon(
            [(121.40, 36.90), (121.46, 36.90), (121.46, 36.94), (121.43, 36.94), (121.43, 36.92), (121.40, 36.92), (121.40, 36.90)],
            [[(121.44, 36.925), (121.44, 36.935), (121.45, 36.935), (121.45, 36.925), (121.44, 36.925)]],
        ),
    },
    {
        'id': 'test-east',
        'name_zh': '测试东区',
        'name_en': 'Test zone east',
        # A skewed quadrilateral in GK zone 41.
        'geometry': Polygon([(121.60, 36.90), (121.65, 36.905), (121.645, 36.935), (121.598, 36.93), (121.60, 36.90)]),
    },
    {
        'id': 'test-empty',
        'name_zh': '测试空区',
        'name_en': 'Test zone without parcels',
        'geometry': Polygon([(121.80, 36.80), (121.81, 36.80), (121.805, 36.81), (121.80, 36.80)]),
    },
]


def rotated(cx, cy, half_w, half_h, degrees):
    import math

    angle = math.radians(degrees)
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    corners = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
    points = [(cx + x * cos_a - y * sin_a, cy + x * sin_a + y * cos_a) for x, y in corners]
    return Polygon(points + [points[0]])


# (geometry, land_use, status, floor_area_m2, footprint_m2, investment_wan, tax_wan, industry_code)
# Figures are plausible-looking but synthetic; None = empty (unknown).
PARCELS = [
    # Zone west, south row: wholly inside.
    (rect(121.401, 36.902, 121.405, 36.905), 'industrial', 'built', 120000, 55000, 48000, 2100, '36'),
    (rect(121.406, 36.902, 121.410, 36.905), 'industrial', 'built', 80000, 60000, 30000, 900, '34'),
    (rect(121.411, 36.902, 121.415, 36.905), 'storage', 'built', 40000, 30000, 9000, 300, '59'),
    (rect(121.416, 36.902, 121.420, 36.905), 'residential', 'built', 200000, 25000, 0, 150, None),
    (rect(121.421, 36.902, 121.425, 36.905), 'commercial', 'built', 90000, 30000, 20000, 1200, None),
    (rect(121.426, 36.902, 121.430, 36.905), 'public', 'built', 30000, 15000, None, None, None),
    (rect(121.431, 36.902, 121.435, 36.905), 'industrial', 'supplied', 0, 0, 5000, 0, '39'),
    (rect(121.436, 36.902, 121.440, 36.905), 'industrial', 'idle', 0, 0, 0, 0, '17'),
    (rect(121.441, 36.902, 121.445, 36.905), 'storage', 'ready', None, None, None, None, None),
    (rect(121.446, 36.902, 121.450, 36.905), 'green', 'built', 500, 300, None, 0, None),
    (rect(121.451, 36.902, 121.455, 36.905), 'transport', 'built', 0, 0, None, None, None),
    # Zone west, second row.
    (rect(121.401, 36.907, 121.405, 36.911), 'agricultural', 'unready', None, None, None, None, None),
    (rect(121.406, 36.907, 121.410, 36.911), 'water', 'unready', None, None, None, None, None),
    (rect(121.411, 36.907, 121.415, 36.911), 'unused', 'ready', None, None, None, None, None),
    (rect(121.416, 36.907, 121.420, 36.911), 'industrial', 'built', 65000, 40000, None, 700, '27'),
    (rect(121.421, 36.907, 121.425, 36.911), 'commercial', 'idle', 0, 0, 0, 0, None),
    # Crossing the west edge x = 121.40 (about half inside).
    (rect(121.398, 36.913, 121.402, 36.916), 'industrial', 'built', 70000, 35000, 25000, 800, '35'),
    # Crossing the re-entrant corner of the L (121.43, 36.92).
    (rect(121.428, 36.918, 121.432, 36.922), 'storage', 'built', 30000, 24000, 7000, 260, '59'),
    # Crossing the hole's west edge, and one wholly inside the hole (not in the zone).
    (rect(121.438, 36.928, 121.442, 36.931), 'industrial', 'built', 50000, 26000, 21000, 640, '38'),
    (rect(121.443, 36.927, 121.447, 36.930), 'industrial', 'built', 99999, 50000, 40000, 999, '13'),
    # Concave (L-shaped) parcel crossing the south edge y = 36.90.
    (
        Polygon([(121.452, 36.898), (121.458, 36.898), (121.458, 36.9005), (121.455, 36.9005), (121.455, 36.9015), (121.452, 36.9015), (121.452, 36.898)]),
        'industrial',
        'built',
        36000,
        21000,
        16000,
        520,
        '40',
    ),
    # MultiPolygon parcel: one part inside the zone, one outside across the east edge.
    (
        MultiPolygon([rect(121.452, 36.912, 121.455, 36.915), rect(121.462, 36.912, 121.464, 36.915)]),
        'commercial',
        'built',
        45000,
        15000,
        12000,
        800,
        None,
    ),
    # Rotated parcel crossing the east edge x = 121.46.
    (rotated(121.4595, 36.925, 0.0018, 0.0012, 25), 'industrial', 'supplied', 0, 0, 0, 0, '36'),
    # Outside every zone.
    (rect(121.47, 36.95, 121.474, 36.953), 'industrial', 'built', 50000, 20000, 15000, 500, '36'),
    # Zone east.
    (rect(121.605, 36.905, 121.609, 36.908), 'industrial', 'built', 60000, 30000, None, 500, '39'),
    (rect(121.610, 36.905, 121.614, 36.908), 'storage', 'built', 20000, 18000, None, None, '59'),
    (rect(121.615, 36.905, 121.619, 36.908), 'residential', 'built', 150000, 20000, None, 0, None),
    (rect(121.620, 36.905, 121.624, 36.908), 'industrial', 'ready', None, None, None, None, None),
    (rect(121.625, 36.905, 121.629, 36.908), 'public', 'supplied', 0, 0, None, None, None),
    (rect(121.605, 36.912, 121.609, 36.916), 'green', 'unready', None, None, None, None, None),
    (rect(121.615, 36.912, 121.619, 36.916), 'industrial', 'idle', 0, 0, 0, 0, '30'),
    # Crossing the skewed south edge and the west edge of zone east.
    (rect(121.630, 36.900, 121.634, 36.904), 'industrial', 'built', 30000, 16000, None, 300, '33'),
    (rect(121.596, 36.915, 121.601, 36.919), 'commercial', 'built', 25000, 10000, 8000, 400, None),
    # Straddling 121.5E, outside every zone (projection choice must not matter).
    (rect(121.498, 36.90, 121.502, 36.903), 'agricultural', 'unready', None, None, None, None, None),
]


def gk_crs_for(longitude):
    # REFERENCE.md: zone 40 (EPSG:4528) west of 121.5E, zone 41 (EPSG:4529) east.
    return 'EPSG:4528' if longitude < 121.5 else 'EPSG:4529'


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write('\n')


def feature_collection(features):
    return {'type': 'FeatureCollection', 'features': features}


def as_geojson_geometry(geometry):
    geojson = mapping(geometry)
    # Shapely writes tuples; round-trip through JSON-compatible lists.
    return json.loads(json.dumps(geojson))


def zone_indicators(zone_shape, parcels):
    """Indicators of one zone from the parcels (the rules in the module doc), in the GK
    zone of the zone's centroid. Returns (crs, zone_projected, parcel_count, sums, indicators)."""
    crs = gk_crs_for(zone_shape.centroid.x)
    forward = Transformer.from_crs('EPSG:4490', crs, always_xy=True).transform
    zone_projected = transform(forward, zone_shape)
    sums = {key: 0.0 for key in ['A', 'A2', 'D', 'R', 'T', 'G', 'res']}
    figures = {key: 0.0 for key in ['floorA', 'footA', 'floorA2', 'footA2', 'invA2', 'taxA2', 'taxA_nonres']}
    contributors = {key: 0 for key in figures}
    known = {key: 0 for key in figures}
    parcel_count = 0

    def add(key, value, share):
        contributors[key] += 1
        if value is not None:
            known[key] += 1
            figures[key] += value * share

    for parcel in parcels:
        parcel_shape = shape(parcel['geometry'])
        # Cheap lon/lat bounding-box test first (the atlas sample has thousands of parcels).
        if not box(*parcel_shape.bounds).intersects(box(*zone_shape.bounds)):
            continue
        parcel_projected = transform(forward, parcel_shape)
        piece = parcel_projected.intersection(zone_projected).area
        if piece <= 0:
            continue
        parcel_count += 1
        share = piece / parcel_projected.area
        p = parcel['properties']
        status, land_use = p['status'], p['land_use']
        sums['T'] += piece
        if status in ('built', 'supplied', 'idle'):
            sums['D'] += piece
        if status in ('built', 'supplied', 'idle', 'ready'):
            sums['R'] += piece
        if status == 'idle':
            sums['G'] += piece
        if status != 'built':
            continue
        sums['A'] += piece
        add('floorA', p['floor_area_m2'], share)
        add('footA', p['footprint_m2'], share)
        if land_use == 'residential':
            sums['res'] += piece
        else:
            add('taxA_nonres', p['tax_wan'], share)
        if land_use in ('industrial', 'storage'):
            sums['A2'] += piece
            add('floorA2', p['floor_area_m2'], share)
            add('footA2', p['footprint_m2'], share)
            add('invA2', p['investment_wan'], share)
            add('taxA2', p['tax_wan'], share)

    def figure(key):
        return None if contributors[key] > 0 and known[key] == 0 else figures[key]

    def ratio(numerator, denominator):
        if numerator is None or denominator <= 0:
            return None
        return numerator / denominator

    hectare = 10000.0
    indicators = {
        'land_development_rate': ratio(sums['R'], sums['T']),
        'land_supply_rate': ratio(sums['D'], sums['R']),
        'land_built_rate': ratio(sums['A'], sums['D']),
        'industrial_land_ratio': ratio(sums['A2'], sums['A']),
        'composite_far': ratio(figure('floorA'), sums['A']),
        'building_density': ratio(figure('footA'), sums['A']),
        'industrial_far': ratio(figure('floorA2'), sums['A2']),
        'industrial_building_coverage': ratio(figure('footA2'), sums['A2']),
        'industrial_investment_intensity': ratio(figure('invA2'), sums['A2'] / hectare),
        'industrial_tax_per_ha': ratio(figure('taxA2'), sums['A2'] / hectare),
        'composite_tax_per_ha': ratio(figure('taxA_nonres'), sums['A'] / hectare),
        'idle_land_rate': ratio(sums['G'], sums['D']),
    }
    return crs, zone_projected, parcel_count, sums, indicators


def main():
    zone_features = [
        {
            'type': 'Feature',
            'properties': {'id': zone['id'], 'name_zh': zone['name_zh'], 'name_en': zone['name_en'], 'accuracy': 'schematic'},
            'geometry': as_geojson_geometry(zone['geometry']),
        }
        for zone in ZONES
    ]
    parcel_features = []
    for number, (geometry, land_use, status, floor, footprint, investment, tax, industry) in enumerate(PARCELS, start=1):
        parcel_features.append(
            {
                'type': 'Feature',
                'properties': {
                    'id': f'P{number:02d}',
                    'land_use': land_use,
                    'status': status,
                    'floor_area_m2': floor,
                    'footprint_m2': footprint,
                    'investment_wan': investment,
                    'tax_wan': tax,
                    'industry_code': industry,
                    'sample': True,
                    'synthetic': SAMPLE_NOTE,
                },
                'geometry': as_geojson_geometry(geometry),
            }
        )
    write_json(os.path.join(PARCEL_DIR, 'small-zones.geojson'), feature_collection(zone_features))
    write_json(os.path.join(PARCEL_DIR, 'small.geojson'), feature_collection(parcel_features))

    # Re-read what was written, so the expected values describe exactly the fixture files.
    with open(os.path.join(PARCEL_DIR, 'small-zones.geojson'), encoding='utf-8') as handle:
        zones = json.load(handle)['features']
    with open(os.path.join(PARCEL_DIR, 'small.geojson'), encoding='utf-8') as handle:
        parcels = json.load(handle)['features']

    results = []
    for zone in zones:
        crs, zone_projected, parcel_count, sums, indicators = zone_indicators(shape(zone['geometry']), parcels)
        results.append(
            {
                'layer': 'test-zones',
                'id': zone['properties']['id'],
                'name': zone['properties']['name_zh'],
                'area_m2': zone_projected.area,
                'projected_crs': crs,
                'parcel_count': parcel_count,
                'areas': {
                    'built_m2': sums['A'],
                    'built_industrial_m2': sums['A2'],
                    'built_residential_m2': sums['res'],
                    'supplied_m2': sums['D'],
                    'ready_or_supplied_m2': sums['R'],
                    'total_m2': sums['T'],
                    'idle_m2': sums['G'],
                },
                'indicators': indicators,
            }
        )
    write_json(
        os.path.join(EXPECTED_DIR, 'intensity-small.json'),
        {
            'generator': 'scripts/expected/make-intensity-fixtures.py (Shapely/GEOS intersection, pyproj '
            + __import__('pyproj').__version__
            + ' / PROJ '
            + __import__('pyproj').proj_version_str
            + ')',
            'tools': TOOLS,
            'zones': results,
        },
    )
    print(f'wrote intensity-small.json: {len(results)} zones')
    atlas_fixture()


def read_parcels(path):
    """Parcels of a GeoJSON or FlatGeobuf file; FlatGeobuf is read by GDAL's ogr2ogr."""
    if path.endswith('.fgb'):
        if not os.path.exists(path):
            raise SystemExit(f'{path} is missing: run `npm run data` first / 缺少 {path}：请先运行 npm run data')
        text = subprocess.run(['ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', path], check=True, capture_output=True).stdout
        return json.loads(text)['features']
    with open(path, encoding='utf-8') as handle:
        return json.load(handle)['features']


def atlas_fixture():
    """Indicators of every development zone and industrial park of the shipped layers, for the
    parcel sets the dashboard and the `intensity` CLI show: the committed parcel file
    tests/fixtures/explorer/parcels-canonical.geojson and the app's synthetic sample
    public/data/sample-parcels.fgb (built by `npm run data`, read here with ogr2ogr)."""
    inputs = {}
    zone_layers = []
    for layer_id in ('development-zones', 'industrial-parks'):
        relative = f'layers/{layer_id}/{layer_id}.geojson'
        raw = open(os.path.join(ROOT, relative), 'rb').read()
        inputs[relative] = hashlib.sha256(raw).hexdigest()
        zone_layers.append((layer_id, json.loads(raw)['features']))
    parcel_sets = {}
    for name, relative in (('canonical', 'tests/fixtures/explorer/parcels-canonical.geojson'), ('sample', 'public/data/sample-parcels.fgb')):
        path = os.path.join(ROOT, relative)
        parcels = read_parcels(path)
        inputs[relative] = hashlib.sha256(open(path, 'rb').read()).hexdigest()
        zones = []
        for layer_id, features in zone_layers:
            for zone in features:
                crs, zone_projected, parcel_count, _sums, indicators = zone_indicators(shape(zone['geometry']), parcels)
                zones.append({'layer': layer_id, 'id': zone['properties']['id'], 'projected_crs': crs,
                              'parcel_count': parcel_count, 'indicators': indicators})
        parcel_sets[name] = {'file': relative, 'parcels': len(parcels), 'zones': zones}
        print(f'intensity-atlas.json: {name}: {len(parcels)} parcels, {len(zones)} zones')
    write_json(os.path.join(EXPECTED_DIR, 'intensity-atlas.json'), {
        'generator': 'scripts/expected/make-intensity-fixtures.py (atlas zones)',
        'tools': {**TOOLS, 'gdal': subprocess.run(['ogr2ogr', '--version'], capture_output=True, text=True).stdout.strip()},
        'inputs': inputs,
        'parcel_sets': parcel_sets,
    })


if __name__ == '__main__':
    main()
