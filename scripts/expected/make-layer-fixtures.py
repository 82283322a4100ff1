#!/usr/bin/python3
"""Independent measurements of the shipped layers, for tests/unit/layer-data.test.ts.

The layer test compares (1) the app's measurement (src/analysis/measure.ts) with these
figures, so it fails when a geometry changes and this script was not re-run, and (2) these
figures with the published ones in REFERENCE.md, so a layer that no longer matches its
published area or length fails whatever code measured it.

Independent of the code under test: planar figures are Shapely (GEOS) areas/lengths of the
geometry projected by pyproj (PROJ, EPSG definitions) into the CGCS2000 3° Gauss–Krüger zone
of the lon/lat centroid (EPSG:4528 west of 121.5°E, EPSG:4529 east — REFERENCE.md), the
convention of measure.ts; ellipsoidal figures are pyproj.Geod(ellps='GRS80').

Reads layers/<id>/<id>.geojson as shipped (quick: re-run after any edit of layers/) and
records each file's SHA-256. Run with /usr/bin/python3 (has pyproj and shapely).
Output: tests/fixtures/expected/layer-measures.json
"""
import hashlib
import json
import os

import pyproj
import shapely
import shapely.geos
from pyproj import Geod, Transformer
from shapely.geometry import MultiLineString, MultiPolygon, shape
from shapely.ops import transform

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'tests', 'fixtures', 'expected', 'layer-measures.json')
GEOD = Geod(ellps='GRS80')
M2_PER_MU = 10000 / 15  # REFERENCE.md "Units": 1 亩 = 10000/15 m²

# Polygon layers measured by area, line layers by length.
AREA_LAYERS = ['development-zones', 'industrial-parks', 'marine-ranch']
LENGTH_LAYERS = ['hsr-line', 'bridges']
TRANSFORMERS = {crs: Transformer.from_crs('EPSG:4490', crs, always_xy=True) for crs in ('EPSG:4528', 'EPSG:4529')}


def zone_for(geometry):
    return 'EPSG:4528' if geometry.centroid.x < 121.5 else 'EPSG:4529'


def geodesic_area(geometry):
    def ring_area(coords):
        area, _ = GEOD.polygon_area_perimeter([c[0] for c in coords[:-1]], [c[1] for c in coords[:-1]])
        return abs(area)

    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    return sum(ring_area(list(p.exterior.coords)) - sum(ring_area(list(r.coords)) for r in p.interiors) for p in polygons)


def geodesic_length(geometry):
    lines = list(geometry.geoms) if isinstance(geometry, MultiLineString) else [geometry]
    return sum(GEOD.line_length([c[0] for c in line.coords], [c[1] for c in line.coords]) for line in lines)


def main():
    inputs = {}
    layers = {}
    for layer_id in AREA_LAYERS + LENGTH_LAYERS:
        path = f'layers/{layer_id}/{layer_id}.geojson'
        raw = open(os.path.join(ROOT, path), 'rb').read()
        inputs[path] = hashlib.sha256(raw).hexdigest()
        measured = {}
        for feature in json.loads(raw)['features']:
            geometry = shape(feature['geometry'])
            crs = zone_for(geometry)
            projected = transform(TRANSFORMERS[crs].transform, geometry)
            if layer_id in AREA_LAYERS:
                measured[feature['properties']['id']] = {
                    'projected_crs': crs,
                    'area_m2': projected.area,
                    'area_km2': projected.area / 1e6,
                    'area_mu': projected.area / M2_PER_MU,
                    'area_m2_ellipsoidal': geodesic_area(geometry),
                }
            else:
                measured[feature['properties']['id']] = {
                    'projected_crs': crs,
                    'length_m': projected.length,
                    'length_m_ellipsoidal': geodesic_length(geometry),
                }
        layers[layer_id] = measured
    with open(OUTPUT, 'w', encoding='utf-8') as handle:
        json.dump({
            'generator': 'scripts/expected/make-layer-fixtures.py',
            'tools': {'pyproj': pyproj.__version__, 'proj': pyproj.proj_version_str, 'shapely': shapely.__version__,
                      'geos': shapely.geos.geos_version_string},
            'inputs': inputs,
            'layers': layers,
        }, handle, ensure_ascii=False, indent=1)
        handle.write('\n')
    print(f'wrote {os.path.relpath(OUTPUT, ROOT)}: {sum(len(v) for v in layers.values())} features')


if __name__ == '__main__':
    main()
