#!/usr/bin/python3
"""Expected values for the reference-layers browser test (tests/e2e/reference-layers.test.ts,
issue 10): a site drawn across the synthetic 永久基本农田 layer (tests/fixtures/bureau/
YJJBNTBHTB.zip, made by scripts/bureau/make-bureau-dataset.sh) and its overlap with every
parcel, computed independently of the app: the layer read by GDAL/OGR (its own Shapefile
reader, FID = position in the file), the site and the parcels intersected by Shapely in the
site's CGCS2000 Gauss–Krüger zone (the layer is in EPSG:4528, zone 40; the site is chosen
west of 121.5°E, so that is the site's zone too and nothing is reprojected).

The site: a skewed quadrilateral (about 420 m × 330 m) around a parcel west of 121.45°E,
picked by rule among 200 as the one whose quadrilateral meets the most parcels, so it crosses
many parcel boundaries (and holes, where the dataset has them).
It is written as a 界址点 table (地块编号, 界址点号, X = northing, Y = zone-prefixed easting,
EPSG:4528) that the test pastes into the review panel.

Usage: make-reference-layers-e2e.py <YJJBNTBHTB.zip> <output.json>
Needs Debian's python3-gdal, python3-shapely and python3-pyproj.
"""
import json
import sys

from osgeo import ogr
from shapely import wkb
from shapely.geometry import Polygon
from shapely.strtree import STRtree

SOURCE, OUTPUT = sys.argv[1], sys.argv[2]
# The site stays west of this easting: 121.45°E at 36.9°N in EPSG:4528, so its Gauss–Krüger
# zone is 40 (central meridian 120°E, the layer's own) with a margin from the 121.5°E zone edge.
WEST_OF_LON = 121.45
dataset = ogr.Open(f'/vsizip/{SOURCE}')
layer = dataset.GetLayer(0)
definition = layer.GetLayerDefn()
field_names = [definition.GetFieldDefn(index).GetName() for index in range(definition.GetFieldCount())]
parcels = {}
# How a finding names its feature (the review's rule, src/analysis/review/reference-review.ts):
# the `id` attribute, else the 标识码 BSM of the national database layouts, else the FID.
feature_ids = {}
# What names a finding and where it lies, as GDAL reads them (GBK, from the .cpg): the
# 图斑编号 TBBH (the app's preset name field for a layer with no name field) and the
# 坐落单位名称 ZLDWMC.
numbers, places = {}, {}
for feature in layer:
    geometry = feature.GetGeometryRef()
    if geometry is None:
        continue
    parcels[feature.GetFID()] = wkb.loads(bytes(geometry.ExportToWkb()))
    attribute = None
    for key in ('id', 'BSM', 'bsm', '标识码'):
        if key in field_names and feature.GetField(key) not in (None, ''):
            attribute = feature.GetField(key)
            break
    feature_ids[feature.GetFID()] = str(attribute) if attribute is not None else str(feature.GetFID())
    numbers[feature.GetFID()] = feature.GetField('TBBH') if 'TBBH' in field_names else None
    places[feature.GetFID()] = feature.GetField('ZLDWMC') if 'ZLDWMC' in field_names else None
fids = list(parcels)
geometries = [parcels[fid] for fid in fids]
tree = STRtree(geometries)
# Shapely 1.8's query returns the geometries themselves; map them back to their FID.
fid_of = {id(geometry): fid for fid, geometry in zip(fids, geometries)}

from pyproj import Transformer

to_4528 = Transformer.from_crs('EPSG:4490', 'EPSG:4528', always_xy=True)
west_limit = to_4528.transform(WEST_OF_LON, 36.9)[0]
# Skewed quadrilateral (east, north offsets in metres), counter-clockwise.
offsets = [(-210.0, -150.0), (200.0, -175.0), (220.0, 160.0), (-190.0, 170.0)]


def quadrilateral(fid):
    cx, cy = parcels[fid].centroid.x, parcels[fid].centroid.y
    return Polygon([(round(cx + dx, 3), round(cy + dy, 3)) for dx, dy in offsets])


# Among 200 parcels spread evenly (by FID) over those west of the limit, the one whose
# quadrilateral meets the most parcels: a site across many boundaries, chosen by rule.
western = [fid for fid in fids if parcels[fid].centroid.x + 250 < west_limit]
sample = western[:: max(1, len(western) // 200)]
centre_fid = max(sample, key=lambda fid: (len(tree.query(quadrilateral(fid))), -fid))
site = quadrilateral(centre_fid)
corners = list(site.exterior.coords)[:-1]
cx, cy = parcels[centre_fid].centroid.x, parcels[centre_fid].centroid.y

findings = []
for candidate in tree.query(site):
    fid = fid_of[id(candidate)]
    overlap = parcels[fid].intersection(site).area
    if overlap > 0:
        findings.append({'fid': fid, 'id': feature_ids[fid], 'tbbh': numbers[fid], 'zldwmc': places[fid], 'overlap_m2': round(overlap, 4)})
findings.sort(key=lambda item: item['fid'])
total = sum(item['overlap_m2'] for item in findings)

result = {
    'description': 'Expected overlaps of the reference-layers e2e site with the synthetic 永久基本农田 layer: OGR reads the layer, Shapely intersects in EPSG:4528 (scripts/expected/make-reference-layers-e2e.py).',
    'layer_file': SOURCE.split('/')[-1],
    'layer_features': len(parcels),
    'layer_fields': field_names,
    'projected_crs': 'EPSG:4528',
    # 界址点 table: X = northing, Y = easting with the zone prefix (as Chinese survey tables write them).
    'site_table': '地块编号,界址点号,X,Y\n' + '\n'.join(f'E2E-REF,J{number + 1},{y:.3f},{x:.3f}' for number, (x, y) in enumerate(corners)),
    'site_area_m2': round(site.area, 4),
    'site_centre_lonlat': None,
    'findings': findings,
    'total_overlap_m2': round(total, 4),
    'total_overlap_mu': round(total / (10000 / 15), 4),
}
lon, lat = Transformer.from_crs('EPSG:4528', 'EPSG:4490', always_xy=True).transform(cx, cy)
result['site_centre_lonlat'] = [round(lon, 6), round(lat, 6)]
with open(OUTPUT, 'w', encoding='utf-8') as out:
    json.dump(result, out, ensure_ascii=False, indent=2)
    out.write('\n')
print(f'{len(findings)} parcels overlap the site; total {total:.2f} m² ({result["total_overlap_mu"]} 亩)', file=sys.stderr)
