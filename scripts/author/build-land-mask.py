#!/usr/bin/python3
"""Temporary land mask from GSHHG full resolution (same source as the basemap).

Why: the planning layers must be checked against the basemap coastline
(layers/basemap-land/basemap-land.geojson, produced by another script). When that file
is not there yet, this builds an equivalent mask so the checks can run: shoreline
segments from `gmt coast -Df -M -W` are noded together with the region frame,
polygonized, and each face is classified land/sea with `gmt select -Df -N` (GSHHG
itself decides, no guessing). Output: GeoJSON MultiPolygon of land.

Usage: /usr/bin/python3 scripts/author/build-land-mask.py OUT.geojson
"""
import json
import subprocess
import sys

from shapely.geometry import LineString, MultiPolygon, box, mapping
from shapely.ops import polygonize, unary_union

REGION = (120.3, 123.0, 36.3, 37.8)


def shoreline_segments():
    west, east, south, north = REGION
    text = subprocess.run(
        ['gmt', 'coast', f'-R{west}/{east}/{south}/{north}', '-Df', '-M', '-W', '-A0/1/1'],
        check=True, capture_output=True, text=True).stdout
    segments, current = [], []
    for line in text.splitlines():
        if line.startswith('>'):
            if len(current) > 1:
                segments.append(LineString(current))
            current = []
        elif line.strip():
            lon, lat = map(float, line.split()[:2])
            current.append((lon, lat))
    if len(current) > 1:
        segments.append(LineString(current))
    return segments


def classify_land(points):
    """Return a list of booleans: True where GSHHG says the point is on land."""
    text = '\n'.join(f'{x:.9f} {y:.9f} {i}' for i, (x, y) in enumerate(points))
    west, east, south, north = REGION
    # -N: wet/dry/wet/dry/wet for ocean/land/lake/island/pond; keep land (k) only.
    out = subprocess.run(
        ['gmt', 'select', f'-R{west}/{east}/{south}/{north}', '-Df', '-Ns/k/s/k/s'],
        input=text, check=True, capture_output=True, text=True).stdout
    keep = {int(float(line.split()[2])) for line in out.splitlines() if line.strip() and not line.startswith('>')}
    return [i in keep for i in range(len(points))]


def main(out_path):
    west, east, south, north = REGION
    frame = box(west, south, east, north).exterior
    noded = unary_union(shoreline_segments() + [frame])
    faces = list(polygonize(noded))
    reps = [face.representative_point() for face in faces]
    land_flags = classify_land([(p.x, p.y) for p in reps])
    land = unary_union([face for face, is_land in zip(faces, land_flags) if is_land])
    if land.geom_type == 'Polygon':
        land = MultiPolygon([land])
    with open(out_path, 'w') as handle:
        json.dump({'type': 'FeatureCollection', 'features': [
            {'type': 'Feature', 'properties': {'source': 'GSHHG 2.3.7 full (gmt coast -Df)'}, 'geometry': mapping(land)}]}, handle)
    print(f'faces {len(faces)}, land faces {sum(land_flags)}, land parts {len(land.geoms)}, area deg2 {land.area:.4f}')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '/tmp/h2/land-mask.geojson')
