#!/usr/bin/python3
"""
Small hand-made reference layers around one test site, and the review findings they should
give, computed independently with Shapely + pyproj (Debian /usr/bin/python3), never with the
atlas's engine:
- both shapes projected to the site's CGCS2000 3-degree Gauss-Kruger zone (EPSG:4529, zone 41,
  the site lies east of 121.5 E), then intersected / differenced / unioned planar, as PostGIS
  ST_Area(ST_Intersection(ST_Transform(...))) does;
- line buffers: Shapely buffer with 8 segments per quarter circle and round caps (PostGIS
  ST_Buffer's default), of the line projected to the same zone;
- distances: closest points found in the projection (shapely.ops.nearest_points), then the
  geodesic between them on GRS80 (pyproj Geod).
Writes the layers to tests/fixtures/review-rules/*.geojson and the expected values to
tests/fixtures/expected/review-rules.json. Run: /usr/bin/python3 scripts/expected/make-rule-fixtures.py
"""
import json
import os

from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.ops import nearest_points, transform, unary_union

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
LAYERS = os.path.join(ROOT, "tests", "fixtures", "review-rules")
EXPECTED = os.path.join(ROOT, "tests", "fixtures", "expected", "review-rules.json")
CRS = "EPSG:4529"
to_plane = Transformer.from_crs("EPSG:4490", CRS, always_xy=True).transform
geod = Geod(ellps="GRS80")

# The site: a 0.004 x 0.003 degree rectangle (about 357 m x 333 m) east of 121.5 E, with a notch.
W, S = 121.5600, 36.9000
SITE = Polygon([(W, S), (W + 0.004, S), (W + 0.004, S + 0.003), (W + 0.002, S + 0.003), (W + 0.002, S + 0.0025), (W, S + 0.0025), (W, S)])


def box(w, s, e, n):
    return [(w, s), (e, s), (e, n), (w, n), (w, s)]


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": mapping(geometry)}


def write(name, features):
    with open(os.path.join(LAYERS, name), "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def plane(geometry):
    return transform(to_plane, geometry)


site_plane = plane(SITE)

# 1. prohibited: 永久基本农田 — A overlaps the south-west, B (with a hole) the east and overlaps A, C is far away.
jbnt = [
    feature(Polygon(box(W - 0.001, S - 0.001, W + 0.0015, S + 0.001)), id="JB-A", name="基本农田A"),
    feature(Polygon(box(W + 0.0012, S - 0.0005, W + 0.005, S + 0.002), [box(W + 0.0025, S + 0.0005, W + 0.0032, S + 0.0012)[::-1]]), id="JB-B", name="基本农田B"),
    feature(Polygon(box(W + 0.02, S + 0.02, W + 0.021, S + 0.021)), id="JB-C", name="基本农田C"),
]
write("yjjbnt.geojson", jbnt)
prohibited = {"findings": [], "total_overlap_m2": 0.0}
pieces = []
for item in jbnt:
    overlap = site_plane.intersection(plane(shape(item["geometry"])))
    if overlap.area > 0:
        prohibited["findings"].append({"id": item["properties"]["id"], "overlap_m2": overlap.area})
        pieces.append(overlap)
prohibited["total_overlap_m2"] = unary_union(pieces).area

# 2. inside: 城镇开发边界 — covers the site except a strip along the north and the notch's corner.
czkfbj = [
    feature(Polygon(box(W - 0.002, S - 0.002, W + 0.003, S + 0.0022)), id="KF-1", name="开发边界西"),
    feature(Polygon(box(W + 0.003, S - 0.002, W + 0.006, S + 0.0026)), id="KF-2", name="开发边界东"),
]
write("czkfbj.geojson", czkfbj)
union_inside = unary_union([plane(shape(item["geometry"])) for item in czkfbj])
outside = site_plane.difference(union_inside)
inside = {
    "outside_m2": outside.area,
    "findings": [
        {"id": item["properties"]["id"], "overlap_m2": site_plane.intersection(plane(shape(item["geometry"]))).area}
        for item in czkfbj
        if site_plane.intersection(plane(shape(item["geometry"]))).area > 0
    ],
}

# 3. classes: 地类图斑 DLTB with DLBM — three patches side by side plus one far away.
dltb = [
    feature(Polygon(box(W - 0.001, S - 0.001, W + 0.0013, S + 0.004)), BSM="1", DLBM="0101", DLMC="水田"),
    feature(Polygon(box(W + 0.0013, S - 0.001, W + 0.0031, S + 0.004)), BSM="2", DLBM="0103", DLMC="旱地"),
    feature(Polygon(box(W + 0.0031, S - 0.001, W + 0.006, S + 0.004)), BSM="3", DLBM="0601", DLMC="工业用地"),
    feature(Polygon(box(W + 0.03, S, W + 0.031, S + 0.001)), BSM="4", DLBM="0101", DLMC="水田"),
]
write("dltb.geojson", dltb)
classes = {"findings": [], "by_class": {}}
for item in dltb:
    overlap = site_plane.intersection(plane(shape(item["geometry"]))).area
    if overlap > 0:
        code = item["properties"]["DLBM"]
        classes["findings"].append({"id": item["properties"]["BSM"], "class": code, "overlap_m2": overlap})
        classes["by_class"][code] = classes["by_class"].get(code, 0.0) + overlap

# 4. zone: a park covering the west 60 % of the site, listing its leading industries.
zones = [
    feature(Polygon(box(W - 0.003, S - 0.003, W + 0.0024, S + 0.006)), id="Z-1", name="测试园区", ZDCY="equipment,new-energy"),
    feature(Polygon(box(W + 0.01, S, W + 0.012, S + 0.002)), id="Z-2", name="远处园区", ZDCY="big-health"),
]
write("zones.geojson", zones)
zone = {
    "findings": [
        {"id": item["properties"]["id"], "overlap_m2": site_plane.intersection(plane(shape(item["geometry"]))).area}
        for item in zones
        if site_plane.intersection(plane(shape(item["geometry"]))).area > 0
    ]
}

# 5. line: a railway crossing the site diagonally, buffered 15 m each side; another far away.
rail = [
    feature(LineString([(W - 0.002, S - 0.001), (W + 0.0018, S + 0.0012), (W + 0.006, S + 0.004)]), id="TL-1", name="测试铁路"),
    feature(LineString([(W + 0.02, S), (W + 0.03, S + 0.001)]), id="TL-2", name="远处铁路"),
]
write("railway.geojson", rail)
WIDTH = 15
line = {"width_m": WIDTH, "findings": []}
for item in rail:
    strip = plane(shape(item["geometry"])).buffer(WIDTH, resolution=8)
    overlap = site_plane.intersection(strip).area
    if overlap > 0:
        line["findings"].append({"id": item["properties"]["id"], "overlap_m2": overlap})

# 6. proximity: points around the site; the nearest and its geodesic distance.
points = [
    feature(Point(W + 0.006, S + 0.001), id="P-1", name="东边站"),
    feature(Point(W - 0.004, S + 0.004), id="P-2", name="西北站"),
    feature(Point(W + 0.001, S - 0.009), id="P-3", name="南边站"),
]
write("stations.geojson", points)
best = None
for item in points:
    a, b = nearest_points(site_plane, plane(shape(item["geometry"])))
    to_lonlat = Transformer.from_crs(CRS, "EPSG:4490", always_xy=True).transform
    (lon1, lat1), (lon2, lat2) = to_lonlat(a.x, a.y), to_lonlat(b.x, b.y)
    distance = geod.inv(lon1, lat1, lon2, lat2)[2]
    if best is None or distance < best["distance_m"]:
        best = {"id": item["properties"]["id"], "distance_m": distance}
proximity = {"nearest": best}

site = {"type": "FeatureCollection", "features": [feature(SITE, name="规则测试选址")]}
with open(os.path.join(LAYERS, "site.geojson"), "w", encoding="utf-8") as handle:
    json.dump(site, handle, ensure_ascii=False, indent=1)
    handle.write("\n")

expected = {
    "source": "scripts/expected/make-rule-fixtures.py (Shapely + pyproj, EPSG:4529 planar, Geod GRS80)",
    "crs": CRS,
    "site_area_m2": site_plane.area,
    "prohibited": prohibited,
    "inside": inside,
    "classes": classes,
    "zone": zone,
    "line": line,
    "proximity": proximity,
}
with open(EXPECTED, "w", encoding="utf-8") as handle:
    json.dump(expected, handle, ensure_ascii=False, indent=1)
    handle.write("\n")
print(json.dumps(expected, ensure_ascii=False, indent=1))
