#!/usr/bin/python3
"""Expected CRS transforms for tests/unit/crs-*.test.ts, computed by PROJ's `cs2cs`.

Independent of the code under test: the CRSs are named by EPSG code, so PROJ takes
their definitions from its own EPSG database (not from src/crs/projections.ts), and the
transforms run in the `cs2cs` binary (Debian proj-bin). pyproj is used only to read each
CRS's axis order, so that the fixture can be written in GIS order (x = easting / lon,
y = northing / lat) whatever the EPSG axis order is.

Also writes independent GCJ-02 / BD-09 values from the published obfuscation formulas
(re-implemented here in Python, not taken from the npm package gcoord): no GCJ-02 tool
exists in Debian, so this is a second implementation to compare with, not an authority.

Run with /usr/bin/python3 (Debian's pyproj). Output: tests/fixtures/expected/crs-transforms.json
"""
import json
import math
import os
import re
import subprocess
import sys

from pyproj import CRS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'tests', 'fixtures', 'expected', 'crs-transforms.json')

GEOGRAPHIC = 'EPSG:4490'  # CGCS2000 lon/lat; the atlas's state CRS
PROJECTED = ['EPSG:4528', 'EPSG:4529', 'EPSG:4549', 'EPSG:4550', 'EPSG:4499', 'EPSG:4510', 'EPSG:3857']


def sample_points():
    """~40 lon/lat points: a grid over Weihai–Rushan plus the atlas corners and points
    on both sides of the 121.5°E zone boundary."""
    points = []
    for lat in (36.35, 36.75, 37.15, 37.55):
        for lon in (120.35, 120.9, 121.45, 121.55, 122.0, 122.5, 122.95):
            points.append([lon, lat])
    points += [
        [119.0, 35.5], [124.0, 35.5], [119.0, 38.5], [124.0, 38.5],  # atlas region corners
        [121.5, 36.89], [121.499999, 36.89], [121.500001, 36.89],  # the zone boundary
        [121.52, 36.89],  # Rushan city seat (REFERENCE)
        [122.05, 37.5],  # 高区 centre (est.)
        [121.48, 36.79],  # 乳山口 tide station
        [122.42, 37.16],  # 荣成 station (est.)
        [120.0, 37.0], [123.0, 37.0],  # on the central meridians
    ]
    return points


def axis_is_north_first(code):
    axes = CRS(code).axis_info
    return axes[0].direction.lower() == 'north'


def cs2cs(source, target, rows, digits):
    """Runs cs2cs on rows in the source's EPSG axis order, returns rows in the target's."""
    text = '\n'.join(f'{a!r} {b!r}' for a, b in rows) + '\n'
    result = subprocess.run(
        ['cs2cs', '-f', f'%.{digits}f', source, target],
        input=text, capture_output=True, text=True, check=True,
    )
    output = []
    for line in result.stdout.strip().split('\n'):
        parts = line.split()
        if '*' in parts[0] or '*' in parts[1]:
            sys.exit(f'cs2cs failed for {source} → {target}: {line}')
        output.append([float(parts[0]), float(parts[1])])
    return output


def to_epsg_order(code, xy_rows):
    return [[y, x] for x, y in xy_rows] if axis_is_north_first(code) else xy_rows


def from_epsg_order(code, rows):
    return [[b, a] for a, b in rows] if axis_is_north_first(code) else rows


# --- GCJ-02 / BD-09, the widely published formulas (Krasovsky ellipsoid constants) ---
GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323
X_PI = math.pi * 3000.0 / 180.0


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon, lat):
    d_lat = _transform_lat(lon - 105.0, lat - 35.0)
    d_lon = _transform_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - GCJ_EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (GCJ_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return [lon + d_lon, lat + d_lat]


def gcj02_to_bd09(lon, lat):
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * X_PI)
    return [z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006]


def compact_json(value):
    """Indented JSON with each coordinate pair on one line (readable diffs)."""
    text = json.dumps(value, indent=1, ensure_ascii=False)
    pair = re.compile(r'\[\s*(-?[\d.e+-]+),\s*(-?[\d.e+-]+)\s*\]')
    return pair.sub(r'[\1, \2]', text) + '\n'


def main():
    points = sample_points()
    projected = {}
    for code in PROJECTED:
        forward = cs2cs(GEOGRAPHIC, code, to_epsg_order(GEOGRAPHIC, points), 6)
        projected[code] = from_epsg_order(code, forward)

    # Inverse: survey-style coordinates (forward results rounded to the millimetre, as
    # coordinate tables print them) back to lon/lat.
    inverse = {}
    for code in PROJECTED:
        xy = [[round(x, 3), round(y, 3)] for x, y in projected[code]]
        back = cs2cs(code, GEOGRAPHIC, to_epsg_order(code, xy), 12)
        inverse[code] = {'input': xy, 'lonLat': from_epsg_order(GEOGRAPHIC, back)}

    # WGS 84 → CGCS2000 must be the identity at this precision: check PROJ agrees that
    # the EPSG:4326 → EPSG:4490 step is a null transform (ballpark, no datum shift).
    wgs_to_cgcs = from_epsg_order(GEOGRAPHIC, cs2cs('EPSG:4326', GEOGRAPHIC, to_epsg_order('EPSG:4326', points), 12))
    worst = max(max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a, b in zip(points, wgs_to_cgcs))
    if worst > 1e-9:
        sys.exit(f'EPSG:4326 → EPSG:4490 moved points by {worst}°; fixture assumptions broken')

    offsets = []
    for lon, lat in points:
        gcj = wgs84_to_gcj02(lon, lat)
        offsets.append({'wgs84': [lon, lat], 'gcj02': gcj, 'bd09': gcj02_to_bd09(*gcj)})

    fixture = {
        'generator': 'scripts/expected/make-crs-fixtures.py (PROJ cs2cs with EPSG database definitions)',
        'proj': subprocess.run(['cs2cs'], capture_output=True, text=True).stderr.strip().split('\n')[0],
        'note': 'All coordinates in GIS order: [easting, northing] metres or [lon, lat] degrees (CGCS2000).',
        'lonLat': points,
        'forward': projected,
        'inverse': inverse,
        'offsetSystems': {
            'note': 'GCJ-02/BD-09 from the published formulas re-implemented in Python; not an official tool.',
            'points': offsets,
        },
    }
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, 'w', encoding='utf-8') as handle:
        handle.write(compact_json(fixture))
    print(f'wrote {os.path.relpath(OUTPUT, ROOT)}: {len(points)} points × {len(PROJECTED)} CRSs')


if __name__ == '__main__':
    main()
