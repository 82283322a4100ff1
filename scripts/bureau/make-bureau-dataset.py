#!/usr/bin/python3
"""Synthetic bureau dataset over 乳山市 (Rushan) for the review against reference layers
(issue 10). Every feature is made up — labelled 合成示例数据 synthetic in its SJLY field and in
the profile's description — but shaped like the layers a bureau holds:

  YJJBNTBHTB  永久基本农田保护图斑   ≥ 50,000 field parcels, some with holes (a pond or a
                                     house left out of the parcel), DLBM 0101/0102/0103
  STBHHX      生态保护红线           tens of irregular polygons (hills, reservoirs, coast)
  CZKFBJ      城镇开发边界           a few polygons around the city seat and towns (one with a hole)
  ZXCQGHYDYH  规划用地用海           用地用海 class codes (YDYHFLDM / YDYHFLMC) over two windows
  DLTB        三调地类图斑           DLBM / DLMC over two windows

Layer and field names as used in 三区三线 / 国土空间规划 delivery data (《市级国土空间总体规划
数据库规范（试行）》, 自然资源部 2021-03, §6.2.13–6.2.15 生态保护红线 / 永久基本农田 / 城镇开发边界;
三调 DLTB with BSM, DLBM, DLMC, TBMJ); class codes from 《国土空间调查、规划、用途管制用地用海
分类指南》 (用地用海) and 第三次全国国土调查工作分类 (DLBM). 三区三线 do not overlap: farmland is
kept out of the red line and the development boundary. Only the specification's table of
contents was read here (not its attribute tables): the layer names and the fields BSM, DLBM,
DLMC, TBMJ, YDYHFLDM, YDYHFLMC, XZQDM, XZQMC are those public GIS tools read from such data
(e.g. GitHub code loading YJJBNTBHTB, STBHHX, CZKFBJ, DLTB, ZXCQGHYDYH); HXMC, HXLX, MC, MJ,
ZLDWMC, TBBH are plausible, unverified. Values (BSM numbers, 坐落, areas) are all made up.
The region comes from layers/basemap-counties (乳山市) ∩ layers/basemap-land; a change there
changes the dataset.

Run through scripts/bureau/make-bureau-dataset.sh (npm run bureau-data), which turns the
GeoJSON written here (coordinates in EPSG:4528, zone-prefixed eastings) into zipped GBK
Shapefiles with ogr2ogr. Deterministic: one seeded random generator, fixed iteration order,
coordinates rounded to 1 cm.

Also writes the test sites (tests/fixtures/bureau/sites.geojson, lon/lat) — chosen by rules
against the generated layers, and each checked here to do what its `intent` says — and the
review profile (tests/fixtures/bureau/profile.json).

Usage: make-bureau-dataset.py <work-dir for GeoJSON> <fixture dir>
Needs Debian's /usr/bin/python3 (shapely 1.8, pyproj, numpy).
"""
import json
import math
import os
import random
import sys
import warnings

import numpy
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import transform, unary_union
from shapely.prepared import prep
from shapely.strtree import STRtree
from shapely.affinity import rotate

warnings.filterwarnings('ignore', message='STRtree will be changed')  # shapely 1.8 notice, not an error

SEED = 20260412
SYNTHETIC = '合成示例数据 synthetic'
XZQDM = '371083'
XZQMC = '乳山市'

WORK, FIXTURES = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
rng = random.Random(SEED)

to_4528 = Transformer.from_crs('EPSG:4490', 'EPSG:4528', always_xy=True)
from_4528 = Transformer.from_crs('EPSG:4528', 'EPSG:4490', always_xy=True)


def project(geometry):
    return transform(lambda x, y, z=None: to_4528.transform(x, y), geometry)


def unproject(geometry):
    return transform(lambda x, y, z=None: from_4528.transform(x, y), geometry)


def at(lon, lat):
    """EPSG:4528 (x, y) of a lon/lat point."""
    return to_4528.transform(lon, lat)


def rounded(geometry, digits=2):
    """Coordinates rounded to 1 cm (as a survey delivers them), orientation left to GDAL."""
    def ring(coords):
        return [(round(x, digits), round(y, digits)) for x, y in coords]
    polygons = [geometry] if geometry.geom_type == 'Polygon' else list(geometry.geoms)
    out = [Polygon(ring(p.exterior.coords), [ring(i.coords) for i in p.interiors]) for p in polygons]
    return out[0] if len(out) == 1 else MultiPolygon(out)


def polygons_of(geometry, min_area=1.0):
    """The polygon parts of a shapely result (drops lines and points from touching edges)."""
    if geometry.is_empty:
        return []
    if geometry.geom_type == 'Polygon':
        return [geometry] if geometry.area >= min_area else []
    parts = []
    for part in getattr(geometry, 'geoms', []):
        parts.extend(polygons_of(part, min_area))
    return parts


def as_area(geometry, min_area=1.0):
    parts = polygons_of(geometry, min_area)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def blob(cx, cy, radius, wobble=0.25, vertices=48, phase_rng=rng):
    """An irregular closed shape: radius modulated by a few random harmonics."""
    harmonics = [(k, phase_rng.uniform(0, 2 * math.pi), phase_rng.uniform(0, wobble) / k ** 0.6) for k in range(2, 6)]
    points = []
    for index in range(vertices):
        theta = 2 * math.pi * index / vertices
        r = radius * (1 + sum(a * math.sin(k * theta + phase) for k, phase, a in harmonics))
        points.append((cx + r * math.cos(theta), cy + r * math.sin(theta)))
    return Polygon(points).buffer(0)


# --- the region: 乳山市 on land -------------------------------------------------------------
counties = json.load(open(os.path.join(ROOT, 'layers/basemap-counties/basemap-counties.geojson'), encoding='utf-8'))
land = json.load(open(os.path.join(ROOT, 'layers/basemap-land/basemap-land.geojson'), encoding='utf-8'))
rushan_lonlat = next(shape(f['geometry']) for f in counties['features'] if f['properties'].get('adcode') == XZQDM)
land_lonlat = unary_union([shape(f['geometry']) for f in land['features']])
region = project(rushan_lonlat.intersection(land_lonlat)).buffer(0)
region_inner = region.buffer(-30)  # keep parcels off the coast and county line
# Town seats (lon/lat) as layers/towns had them on 2026-12-01, frozen here so the dataset stays
# byte-identical when the authored layer is corrected later.
towns = {
    '乳山市': (121.536389, 36.915278), '夏村镇': (121.56, 36.905), '乳山口镇': (121.535, 36.845),
    '海阳所镇': (121.555, 36.775), '乳山寨镇': (121.42, 36.825), '白沙滩镇': (121.655, 36.87),
    '大孤山镇': (121.68, 36.95), '南黄镇': (121.72, 37.03), '冯家镇': (121.61, 36.99), '下初镇': (121.53, 37.02),
    '午极镇': (121.4, 37.04), '育黎镇': (121.4, 36.93), '崖子镇': (121.56, 37.1), '诸往镇': (121.33, 36.99),
    '徐家镇': (121.47, 37.08),
}
rushan_towns = {name: at(*lonlat) for name, lonlat in towns.items() if rushan_lonlat.contains(Point(lonlat))}
MERIDIAN_X = at(121.5, 36.9)[0]  # the zone 40 / 41 boundary, roughly a vertical line in EPSG:4528

# --- 城镇开发边界 -----------------------------------------------------------------------------
# The city seat (乳山市 + 夏村镇) straddles 121.5°E; its boundary has a hole (a hill park kept out).
udb_specs = [
    ('乳山市中心城区', towns['乳山市'], 3300, [(121.545, 36.898, 2200)], (121.528, 36.905, 420)),
    ('乳山口镇', towns['乳山口镇'], 1100, [], None),
    ('白沙滩镇', towns['白沙滩镇'], 1000, [], None),
    ('下初镇', towns['下初镇'], 900, [], None),
    ('午极镇', towns['午极镇'], 1000, [], None),
    ('诸往镇', towns['诸往镇'], 900, [], None),
    ('育黎镇', towns['育黎镇'], 950, [], None),
]
udb_features = []
for index, (name, (lon, lat), radius, extra, hole) in enumerate(udb_specs):
    x, y = at(lon, lat)
    shape_ = blob(x, y, radius, wobble=0.18)
    for elon, elat, eradius in extra:
        shape_ = shape_.union(blob(*at(elon, elat), eradius, wobble=0.18))
    if hole:
        shape_ = shape_.difference(blob(*at(hole[0], hole[1]), hole[2], wobble=0.1, vertices=24))
    shape_ = as_area(shape_.intersection(region))
    udb_features.append({'name': name, 'geometry': rounded(shape_)})
udb_union = unary_union([f['geometry'] for f in udb_features])

# --- 生态保护红线 -----------------------------------------------------------------------------
ECO_TYPES = ['水源涵养', '生物多样性维护', '水土保持', '海岸生态稳定']
eco_features = []
keep_out = udb_union.buffer(400)
minx, miny, maxx, maxy = region.bounds
# One red-line area forced across 121.5°E north of the city, the rest placed at random.
eco_centres = [(MERIDIAN_X, at(121.5, 36.965)[1], 1300)]
while len(eco_centres) < 40:
    x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
    if region_inner.contains(Point(x, y)) and not keep_out.contains(Point(x, y)):
        eco_centres.append((x, y, rng.uniform(400, 1900)))
eco_taken = None
for index, (x, y, radius) in enumerate(eco_centres):
    shape_ = blob(x, y, radius, wobble=0.3).intersection(region).difference(keep_out)
    if eco_taken is not None:
        shape_ = shape_.difference(eco_taken.buffer(50))
    shape_ = as_area(shape_, 1000)
    if shape_ is None or shape_.area < 50_000:
        continue
    eco_taken = shape_ if eco_taken is None else eco_taken.union(shape_)
    eco_features.append({'name': f'乳山市生态保护红线合成区{len(eco_features) + 1:02d}',
                         'type': ECO_TYPES[index % len(ECO_TYPES)], 'geometry': rounded(shape_)})
eco_union = unary_union([f['geometry'] for f in eco_features])

# --- 永久基本农田: fields on a smooth "farmland likelihood" surface -------------------------------
waves = [(rng.uniform(2500, 9000), rng.uniform(0, math.pi), rng.uniform(0, 2 * math.pi), rng.uniform(0.5, 1.0)) for _ in range(7)]


def farmland_score(x, y):
    x = numpy.asarray(x, dtype=float)
    y = numpy.asarray(y, dtype=float)
    total = numpy.zeros_like(x)
    for wavelength, direction, phase, amplitude in waves:
        total += amplitude * numpy.sin(2 * math.pi * (x * math.cos(direction) + y * math.sin(direction)) / wavelength + phase)
    return total


FARM_THRESHOLD = 0.3
not_farmland = unary_union([udb_union.buffer(150), eco_union.buffer(30)])
farm_domain = prep(region_inner.difference(not_farmland))
DISTRICT = 2500.0
farm_parcels = []  # (polygon, dlbm)
DLBM_FARM = [('0101', '水田'), ('0102', '水浇地'), ('0103', '旱地')]
district_x = numpy.arange(math.floor(minx / DISTRICT) * DISTRICT, maxx, DISTRICT)
district_y = numpy.arange(math.floor(miny / DISTRICT) * DISTRICT, maxy, DISTRICT)
for dy in district_y:
    for dx in district_x:
        cell = box(dx + 8, dy + 8, dx + DISTRICT - 8, dy + DISTRICT - 8)
        angle = rng.uniform(-30, 30)
        width, length, gap = rng.uniform(48, 80), rng.uniform(85, 140), rng.uniform(5, 9)
        main_class = rng.choices([0, 1, 2], weights=[1, 4, 7])[0]
        if not region_inner.intersects(cell):
            continue
        cx, cy = dx + DISTRICT / 2, dy + DISTRICT / 2
        cos_a, sin_a = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        span = DISTRICT * 0.75
        columns = numpy.arange(-span, span, width + gap)
        rows = numpy.arange(-span, span, length + gap)
        for v in rows:
            for u in columns:
                corners_uv = [(u, v), (u + width, v), (u + width, v + length), (u, v + length)]
                # Jitter each corner by up to 2 m (gap ≥ 5 m: neighbours never touch).
                corners = [(cx + a * cos_a - b * sin_a + rng.uniform(-2, 2), cy + a * sin_a + b * cos_a + rng.uniform(-2, 2))
                           for a, b in corners_uv]
                xs, ys = zip(*corners)
                if min(xs) < cell.bounds[0] or max(xs) > cell.bounds[2] or min(ys) < cell.bounds[1] or max(ys) > cell.bounds[3]:
                    continue
                if (farmland_score(xs, ys) < FARM_THRESHOLD).any():
                    continue
                polygon = Polygon(corners)
                if rng.random() < 0.15:  # cut a corner: a five-sided field
                    cut = rng.uniform(8, 20)
                    polygon = polygon.difference(Point(corners[2]).buffer(cut, 1))
                if not farm_domain.contains(polygon):
                    continue
                dlbm = main_class if rng.random() < 0.8 else rng.choice([0, 1, 2])
                farm_parcels.append((polygon, dlbm))

# Holes: a pond or a farmhouse left out of some larger parcels.
farm_features = []
town_names = list(rushan_towns)
town_points = numpy.array([rushan_towns[name] for name in town_names])
for index, (polygon, dlbm) in enumerate(farm_parcels):
    if polygon.area > 5000 and rng.random() < 0.05:
        centre = polygon.centroid
        size = rng.uniform(10, 22)
        hole = rotate(box(centre.x - size, centre.y - size * 0.7, centre.x + size, centre.y + size * 0.7), rng.uniform(0, 90))
        if polygon.buffer(-6).contains(hole):
            polygon = polygon.difference(hole)
    nearest = int(numpy.argmin(((town_points - numpy.array([polygon.centroid.x, polygon.centroid.y])) ** 2).sum(axis=1)))
    farm_features.append({'geometry': rounded(polygon), 'dlbm': DLBM_FARM[dlbm], 'town': town_names[nearest]})

# --- windows for the plan and 三调 -----------------------------------------------------------
def window(lon0, lat0, lon1, lat1):
    x0, y0 = at(lon0, lat0)
    x1, y1 = at(lon1, lat1)
    return box(x0, y0, x1, y1).intersection(region)


plan_windows = [window(121.455, 36.850, 121.600, 36.935), window(121.370, 37.015, 121.430, 37.065)]
dltb_windows = [window(121.455, 36.850, 121.600, 36.935), window(121.360, 36.900, 121.440, 36.960)]

PLAN_URBAN = [('0701', '城镇住宅用地', 30), ('0702', '城镇社区服务设施用地', 3), ('0801', '机关团体用地', 3),
              ('0804', '教育用地', 4), ('0806', '医疗卫生用地', 2), ('0901', '商业用地', 8), ('0902', '商务金融用地', 2),
              ('1001', '工业用地', 18), ('1101', '物流仓储用地', 5), ('1208', '交通场站用地', 2),
              ('1401', '公园绿地', 6), ('1402', '防护绿地', 4), ('1403', '广场用地', 1), ('1701', '河流水面', 1)]
PLAN_RURAL = [('0101', '水田', 3), ('0102', '水浇地', 15), ('0103', '旱地', 30), ('0201', '果园', 10),
              ('0301', '乔木林地', 14), ('0303', '灌木林地', 4), ('0703', '农村宅基地', 10), ('1704', '坑塘水面', 3),
              ('1001', '工业用地', 3)]
PLAN_ROAD = {True: ('1207', '城镇道路用地'), False: ('1202', '公路用地')}

DLTB_URBAN = [('0701', '城镇住宅用地', 35), ('05H1', '商业服务业设施用地', 10), ('0601', '工业用地', 18),
              ('0508', '物流仓储用地', 4), ('08H1', '机关团体新闻出版用地', 3), ('08H2', '科教文卫用地', 5),
              ('0810', '公园与绿地', 6), ('1004', '城镇村道路用地', 10), ('1101', '河流水面', 1), ('0103', '旱地', 3)]
DLTB_RURAL = [('0101', '水田', 3), ('0102', '水浇地', 14), ('0103', '旱地', 30), ('0201', '果园', 10),
              ('0301', '乔木林地', 12), ('0305', '灌木林地', 4), ('0404', '其他草地', 3), ('0702', '农村宅基地', 10),
              ('1006', '农村道路', 4), ('1104', '坑塘水面', 3), ('1107', '沟渠', 2), ('1202', '设施农用地', 2)]


def pick(classes):
    code, name, _ = rng.choices(classes, weights=[weight for *_, weight in classes])[0]
    return code, name


def tessellate(area, spacing):
    """Quadrilaterals between jittered grid points, clipped to `area` by the caller: a full
    coverage without gaps (neighbouring cells share their jittered corners). Jitter ≤ 0.3 of
    the spacing keeps every quadrilateral simple."""
    x0, y0, x1, y1 = area.bounds
    x0, y0 = x0 - spacing, y0 - spacing  # one spare row and column each side: jitter never leaves a gap
    columns = int(math.ceil((x1 - x0) / spacing)) + 2
    rows = int(math.ceil((y1 - y0) / spacing)) + 2
    grid = [[(x0 + i * spacing + rng.uniform(-0.3, 0.3) * spacing, y0 + j * spacing + rng.uniform(-0.3, 0.3) * spacing)
             for i in range(columns + 1)] for j in range(rows + 1)]
    return [Polygon([grid[j][i], grid[j][i + 1], grid[j + 1][i + 1], grid[j + 1][i]])
            for j in range(rows) for i in range(columns)]


def split_by_udb(cell):
    """The parts of a cell inside and outside the development boundary (classes follow it)."""
    inside = as_area(cell.intersection(udb_union), 20)
    outside = as_area(cell.difference(udb_union), 20)
    return [(part, flag) for part, flag in ((inside, True), (outside, False)) if part is not None]


plan_features = []
for area in plan_windows:
    prepared = prep(area)
    blocks = []
    for cell in tessellate(area, 330):
        if not prepared.intersects(cell):
            continue
        for part, urban in split_by_udb(cell.intersection(area)):
            shrunk = as_area(part.buffer(-6, join_style=2), 50)  # 12 m road reserve between blocks
            if shrunk is None:
                continue
            code, name = pick(PLAN_URBAN if urban else PLAN_RURAL)
            blocks.append(shrunk)
            plan_features.append({'geometry': rounded(shrunk), 'code': code, 'name': name})
    # The road reserve: what the blocks leave, cut into 1.5 km pieces (each piece keeps the
    # blocks as holes — a realistic many-holed polygon).
    roads = area.difference(unary_union(blocks))
    x0, y0, x1, y1 = area.bounds
    for ty in numpy.arange(y0, y1, 1500):
        for tx in numpy.arange(x0, x1, 1500):
            tile = box(tx, ty, tx + 1500, ty + 1500)
            for part, urban in split_by_udb(roads.intersection(tile)):
                for piece in polygons_of(part, 20):
                    code, name = PLAN_ROAD[urban]
                    plan_features.append({'geometry': rounded(piece), 'code': code, 'name': name})

dltb_features = []
for area in dltb_windows:
    prepared = prep(area)
    for cell in tessellate(area, 210):
        if not prepared.intersects(cell):
            continue
        for part, urban in split_by_udb(cell.intersection(area)):
            for piece in polygons_of(part, 20):
                code, name = pick(DLTB_URBAN if urban else DLTB_RURAL)
                dltb_features.append({'geometry': rounded(piece), 'code': code, 'name': name})

# --- write the layers ----------------------------------------------------------------------
def write_layer(file_name, features):
    collection = {'type': 'FeatureCollection', 'features': [
        {'type': 'Feature', 'properties': properties, 'geometry': mapping(geometry)} for properties, geometry in features]}
    with open(os.path.join(WORK, file_name + '.geojson'), 'w', encoding='utf-8') as out:
        json.dump(collection, out, ensure_ascii=False)
    return len(features)


def bsm(layer_digit, index):
    return f'{XZQDM}{layer_digit}{index + 1:08d}'


layers = {}
layers['YJJBNTBHTB'] = write_layer('YJJBNTBHTB', [(
    {'BSM': bsm(1, index), 'TBBH': f'{index + 1:06d}', 'DLBM': f['dlbm'][0], 'DLMC': f['dlbm'][1],
     'ZLDWMC': f['town'], 'TBMJ': round(f['geometry'].area, 2), 'XZQDM': XZQDM, 'XZQMC': XZQMC, 'SJLY': SYNTHETIC},
    f['geometry']) for index, f in enumerate(farm_features)])
layers['STBHHX'] = write_layer('STBHHX', [(
    {'BSM': bsm(2, index), 'HXMC': f['name'], 'HXLX': f['type'], 'MJ': round(f['geometry'].area, 2),
     'XZQDM': XZQDM, 'XZQMC': XZQMC, 'SJLY': SYNTHETIC}, f['geometry']) for index, f in enumerate(eco_features)])
layers['CZKFBJ'] = write_layer('CZKFBJ', [(
    {'BSM': bsm(3, index), 'MC': f['name'], 'MJ': round(f['geometry'].area, 2), 'XZQDM': XZQDM, 'XZQMC': XZQMC,
     'SJLY': SYNTHETIC}, f['geometry']) for index, f in enumerate(udb_features)])
layers['ZXCQGHYDYH'] = write_layer('ZXCQGHYDYH', [(
    {'BSM': bsm(4, index), 'YDYHFLDM': f['code'], 'YDYHFLMC': f['name'], 'TBMJ': round(f['geometry'].area, 2),
     'XZQDM': XZQDM, 'XZQMC': XZQMC, 'SJLY': SYNTHETIC}, f['geometry']) for index, f in enumerate(plan_features)])
layers['DLTB'] = write_layer('DLTB', [(
    {'BSM': bsm(5, index), 'TBBH': f'{index + 1:06d}', 'DLBM': f['code'], 'DLMC': f['name'],
     'TBMJ': round(f['geometry'].area, 2), 'XZQDM': XZQDM, 'XZQMC': XZQMC, 'SJLY': SYNTHETIC}, f['geometry'])
    for index, f in enumerate(dltb_features)])
print('features:', layers, file=sys.stderr)
assert layers['YJJBNTBHTB'] >= 50_000, 'fewer than 50,000 farmland parcels: tune FARM_THRESHOLD'

# --- test sites ----------------------------------------------------------------------------
farm_geometries = [f['geometry'] for f in farm_features]
farm_with_holes = [g for g in farm_geometries if g.geom_type == 'Polygon' and len(g.interiors) > 0]
plan_union = unary_union(plan_windows)
dltb_union = unary_union(dltb_windows)
sites = []


farm_tree = STRtree(farm_geometries)


def farmland_overlap(geometry):
    return sum(geometry.intersection(g).area for g in farm_tree.query(geometry))


def rectangle(x, y, width, height, angle=0.0):
    return rotate(box(x - width / 2, y - height / 2, x + width / 2, y + height / 2), angle, origin=(x, y))


def add_site(site_id, name, intent, geometry, checks):
    """Record a site (EPSG:4528 geometry) after checking it does what its intent says."""
    for label, ok in checks.items():
        assert ok(geometry), f'site {site_id} ({intent}): check "{label}" failed'
    for other in sites:
        assert not other['geometry'].intersects(geometry.buffer(20)), f'site {site_id} touches {other["id"]}'
    sites.append({'id': site_id, 'name': name, 'intent': intent, 'geometry': geometry})


def search(candidates, checks):
    """The first candidate geometry that passes every check."""
    failures = {label: 0 for label in checks}
    for geometry in candidates:
        failed = [label for label, ok in checks.items() if not ok(geometry)]
        if not failed:
            return geometry
        failures[failed[0]] += 1
    raise SystemExit(f'no candidate passes {list(checks)}; first failing check counts: {failures}')


def grid_candidates(x, y, make, step=150, rings=25):
    for radius in range(rings):
        for i in range(-radius, radius + 1):
            for j in range(-radius, radius + 1):
                if max(abs(i), abs(j)) == radius:
                    yield make(x + i * step, y + j * step)


def west_share(geometry):
    return geometry.intersection(box(geometry.bounds[0] - 1, geometry.bounds[1] - 1, MERIDIAN_X, geometry.bounds[3] + 1)).area / geometry.area


def centroid_side_clear(geometry):
    """Centroid at least ≈ 100 m from 121.5°E so the zone choice is unambiguous."""
    lon = unproject(geometry).centroid.x
    return abs(lon - 121.5) > 0.0011


inside_udb = lambda g: udb_union.buffer(-5).contains(g)
outside_all_udb = lambda g: not udb_union.intersects(g)
partly_outside = lambda g: 100 < g.difference(udb_union).area < g.area - 100
no_farm = lambda g: farmland_overlap(g) == 0
some_farm = lambda g: farmland_overlap(g) > 500
no_eco = lambda g: not eco_union.intersects(g)
some_eco = lambda g: 500 < g.intersection(eco_union).area < g.area - 500
straddles = lambda g: 0.2 < west_share(g) < 0.8 and centroid_side_clear(g)
in_plan = lambda g: plan_union.buffer(-5).contains(g)
in_dltb = lambda g: dltb_union.buffer(-5).contains(g)
no_plan = lambda g: not plan_union.intersects(g)
no_dltb = lambda g: not dltb_union.intersects(g)
on_land = lambda g: region.buffer(-5).contains(g)

city_x, city_y = at(121.52, 36.89)
geometry = search(grid_candidates(city_x, city_y, lambda x, y: rectangle(x, y, 420, 360, 12)),
                  {'inside': inside_udb, 'farm': no_farm, 'eco': no_eco, 'plan': in_plan, 'dltb': in_dltb, 'east': lambda g: west_share(g) == 0})
add_site('s01', '城区内部地块', 'inside the city development boundary, east of 121.5°E; crosses plan and 三调 class boundaries; no farmland',
         geometry, {'inside': inside_udb})
geometry = search(grid_candidates(MERIDIAN_X + 60, city_y + 500, lambda x, y: rectangle(x, y, 800, 300, -8), step=120),
                  {'inside': inside_udb, 'straddles': straddles, 'farm': no_farm, 'eco': no_eco, 'far': lambda g: not g.intersects(sites[0]['geometry'].buffer(50))})
add_site('s02', '跨121.5°E城区地块', 'straddles 121.5°E inside the development boundary (zone by area-weighted centroid)', geometry, {'straddles': straddles})
geometry = search(grid_candidates(MERIDIAN_X - 200, city_y - 2500, lambda x, y: rectangle(x, y, 700, 500, 20), step=150),
                  {'partly outside': partly_outside, 'straddles': straddles, 'farm': no_farm, 'eco': no_eco,
                   'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s03', '跨界城区边缘地块', 'straddles 121.5°E, partly outside the development boundary, no farmland: needs review', geometry, {})

# A parcel with a hole: one site covering the hole and part of the parcel, one inside another hole.
holed = sorted(farm_with_holes, key=lambda g: (abs(g.centroid.x - city_x) + abs(g.centroid.y - city_y)))
hole_parcel = holed[0]
hole_ring = Polygon(hole_parcel.interiors[0])
hx, hy = hole_ring.centroid.x, hole_ring.centroid.y
add_site('s04', '跨农田空洞地块', 'covers a hole of a 永久基本农田 parcel and part of the parcel around it',
         rectangle(hx + 12, hy + 5, 60, 44, 7), {'farm': some_farm})
inner_parcel = next(g for g in holed[1:] if Polygon(g.interiors[0]).buffer(-3).area > 120
                    and all(g.distance(s['geometry']) > 100 for s in sites))
inner_hole = Polygon(inner_parcel.interiors[0]).buffer(-2.5, join_style=2)
add_site('s05', '农田空洞内地块', 'lies inside a hole of a 永久基本农田 parcel: no farmland overlap; outside the boundary',
         inner_hole, {'farm': no_farm, 'outside': outside_all_udb})

far_west_x, mid_y = at(121.45, 36.99)
geometry = search(grid_candidates(MERIDIAN_X, at(121.5, 36.99)[1], lambda x, y: rectangle(x, y, 800, 520, 3), step=250, rings=40),
                  {'farm': some_farm, 'straddles': straddles, 'outside': outside_all_udb,
                   'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s06', '跨121.5°E农田地块', 'straddles 121.5°E across many 永久基本农田 parcels (about 40 ha)', geometry, {})
geometry = search(grid_candidates(*at(121.30, 36.90), lambda x, y: rectangle(x, y, 1800, 1650, 15), step=400, rings=30),
                  {'farm': lambda g: farmland_overlap(g) > 400_000, 'land': on_land, 'outside': outside_all_udb,
                   'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s07', '大型农田地块（约300公顷）', 'about 300 ha over hundreds of 永久基本农田 parcels, west of 121.5°E', geometry, {})

eco_sorted = sorted(eco_features[1:], key=lambda f: -f['geometry'].area)
eco_target = eco_sorted[0]['geometry']
ex, ey = eco_target.exterior.coords[0] if eco_target.geom_type == 'Polygon' else eco_target.geoms[0].exterior.coords[0]
geometry = search(grid_candidates(ex, ey, lambda x, y: rectangle(x, y, 500, 400, 25), step=100),
                  {'eco': some_eco, 'land': on_land, 'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s08', '占用生态保护红线地块', 'crosses the edge of a 生态保护红线 area', geometry, {})
forced_eco = eco_features[0]['geometry']
geometry = search(grid_candidates(MERIDIAN_X, forced_eco.centroid.y - 600, lambda x, y: rectangle(x, y, 600, 900, 0), step=100),
                  {'eco': some_eco, 'straddles': straddles, 'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s09', '跨121.5°E生态红线地块', 'straddles 121.5°E across a 生态保护红线 area', geometry, {})

zhuwang = at(*towns['诸往镇'])
geometry = search(grid_candidates(*zhuwang, lambda x, y: rectangle(x, y, 280, 220, -15), step=80),
                  {'inside': inside_udb, 'farm': no_farm, 'eco': no_eco, 'plan': no_plan, 'dltb': no_dltb})
add_site('s10', '诸往镇开发边界内地块', 'inside a town development boundary, touches no other layer: must not be non-compliant', geometry, {})
geometry = search(grid_candidates(*at(121.75, 37.05), lambda x, y: rectangle(x, y, 300, 260, 30), step=200, rings=40),
                  {'farm': no_farm, 'eco': no_eco, 'plan': no_plan, 'dltb': no_dltb, 'outside': outside_all_udb, 'land': on_land,
                   'clear': lambda g: farmland_overlap(g.buffer(30)) == 0})
add_site('s11', '远离各图层地块', 'outside the development boundary and touches no layer at all: only the boundary finding', geometry, {})
park_hole = Polygon(next(p for p in polygons_of(udb_features[0]['geometry']) if p.interiors).interiors[0])
add_site('s12', '城区开发边界空洞内地块', 'inside the hole of the city development boundary: wholly outside it',
         park_hole.buffer(-40).intersection(rectangle(park_hole.centroid.x, park_hole.centroid.y, 300, 300, 0)),
         {'outside': outside_all_udb, 'plan': in_plan})
edge_candidates = grid_candidates(*at(121.47, 36.915), lambda x, y: rectangle(x, y, 600, 450, -20), step=150, rings=30)
geometry = search(edge_candidates, {'partly outside': partly_outside, 'farm': some_farm,
                                    'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s13', '跨开发边界占用农田地块', 'crosses the development boundary into 永久基本农田: non-compliant and partly outside', geometry, {})
yuli = at(*towns['育黎镇'])
geometry = search(grid_candidates(yuli[0] - 1800, yuli[1] + 900, lambda x, y: rectangle(x, y, 700, 560, 40), step=150),
                  {'dltb': in_dltb, 'outside': outside_all_udb, 'eco': no_eco,
                   'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s14', '育黎镇三调耕地地块', 'in the 三调 window at 育黎镇, outside the boundary; crosses 耕地 (01xx) and other DLBM classes', geometry, {})
geometry = search(grid_candidates(city_x + 1500, city_y - 800, lambda x, y: rectangle(x, y, 1100, 950, 5), step=150),
                  {'inside': inside_udb, 'plan': in_plan, 'farm': no_farm, 'eco': no_eco,
                   'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s15', '城区大型地块（约100公顷）', 'about 100 ha inside the city boundary over many plan classes and road polygons with holes', geometry, {})

wuji = at(*towns['午极镇'])
geometry = search(grid_candidates(*wuji, lambda x, y: rectangle(x, y, 250, 200, 10), step=80),
                  {'inside': inside_udb, 'plan': in_plan, 'farm': no_farm, 'eco': no_eco, 'dltb': no_dltb})
add_site('s16', '午极镇规划区地块（5公顷）', 'about 5 ha in 午极镇: plan classes only, no 三调 coverage', geometry, {})

# A MultiPolygon site: one part in farmland, one in the city boundary.
part_a = search(grid_candidates(*at(121.42, 36.97), lambda x, y: rectangle(x, y, 260, 200, 0), step=150, rings=30),
                {'farm': some_farm, 'outside': outside_all_udb, 'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
part_b = search(grid_candidates(part_a.centroid.x + 400, part_a.centroid.y, lambda x, y: rectangle(x, y, 200, 150, 0), step=100, rings=30),
                {'outside': outside_all_udb, 'farm': no_farm, 'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites + [{'geometry': part_a}])})
add_site('s17', '两块组成的地块', 'a MultiPolygon site: one part on farmland, one part clear of it', MultiPolygon([part_a, part_b]), {'farm': some_farm})
# A site with its own hole, over farmland.
outer = search(grid_candidates(*at(121.36, 37.00), lambda x, y: rectangle(x, y, 520, 420, -5), step=200, rings=30),
               {'farm': lambda g: farmland_overlap(g) > 30_000, 'outside': outside_all_udb, 'eco': no_eco,
                'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s18', '带内环地块', 'a site with its own hole, over farmland', outer.difference(rectangle(outer.centroid.x, outer.centroid.y, 200, 150, 30)), {})
# At the coast: partly at sea, where no layer reaches.
coast = search(grid_candidates(*at(121.58, 36.80), lambda x, y: rectangle(x, y, 500, 400, 0), step=150, rings=30),
               {'coast': lambda g: 1000 < g.difference(region).area < g.area - 1000, 'farm': no_farm, 'eco': no_eco,
                'outside': outside_all_udb, 'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s19', '海岸地块', 'partly at sea, outside the boundary; no farmland or red line', coast, {})
# A long thin corridor (a road or a pipe trench) across many parcels, straddling 121.5°E.
corridor = search(grid_candidates(MERIDIAN_X, at(121.5, 37.04)[1], lambda x, y: rectangle(x, y, 2200, 40, 4), step=200, rings=40),
                  {'farm': lambda g: farmland_overlap(g) > 10_000, 'straddles': straddles,
                   'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s20', '跨121.5°E线状地块', 'a 2.2 km × 40 m corridor across many parcels, straddling 121.5°E', corridor, {})
# An irregular concave polygon over the 三调 window and the city edge.
star_centre = at(121.47, 36.875)
star = search(grid_candidates(*star_centre, lambda x, y: Polygon([(x + (380 if k % 2 == 0 else 170) * math.cos(math.pi * k / 7),
                                                                      y + (380 if k % 2 == 0 else 170) * math.sin(math.pi * k / 7)) for k in range(14)]),
                              step=150, rings=30),
              {'dltb': in_dltb, 'apart': lambda g: all(not g.intersects(s['geometry'].buffer(50)) for s in sites)})
add_site('s21', '不规则凹多边形地块', 'a concave 14-vertex star over the plan and 三调 windows', star, {})
# Just beside a farmland parcel (8 m gap): must find no overlap.
beside_parcel = sorted(farm_geometries, key=lambda g: abs(g.centroid.x - at(121.62, 36.96)[0]) + abs(g.centroid.y - at(121.62, 36.96)[1]))
for parcel in beside_parcel:
    neighbours = [g for g in farm_tree.query(parcel.buffer(40)) if 0 < g.distance(parcel) < 40]
    candidate = parcel.buffer(15, join_style=2).difference(parcel.buffer(5, join_style=2))
    if neighbours:
        candidate = candidate.difference(unary_union(neighbours).buffer(3))
    candidate = as_area(candidate, 50)
    if candidate is not None and candidate.geom_type == 'Polygon' and no_farm(candidate) and outside_all_udb(candidate) \
            and all(not candidate.intersects(s['geometry'].buffer(50)) for s in sites):
        break
add_site('s22', '紧邻农田的环形地块', 'a ring 5–15 m around a 永久基本农田 parcel (no overlap; the parcel sits in its hole)', candidate, {'farm': no_farm})

site_collection = {'type': 'FeatureCollection', 'name': 'bureau-sites', 'features': []}
for site in sites:
    lonlat = unproject(site['geometry'])
    site_collection['features'].append({
        'type': 'Feature',
        'properties': {'id': site['id'], 'name': site['name'], 'intent': site['intent'], 'SJLY': SYNTHETIC},
        'geometry': json.loads(json.dumps(mapping(rounded(lonlat, 8)))),
    })
with open(os.path.join(FIXTURES, 'sites.geojson'), 'w', encoding='utf-8') as out:
    json.dump(site_collection, out, ensure_ascii=False, indent=1)
    out.write('\n')
print('sites:', ', '.join(f"{s['id']} {s['geometry'].area / 10000:.2f} ha" for s in sites), file=sys.stderr)

# --- the profile ---------------------------------------------------------------------------
FIELDS = {
    'YJJBNTBHTB': ['BSM', 'TBBH', 'DLBM', 'DLMC', 'ZLDWMC', 'TBMJ', 'XZQDM', 'XZQMC', 'SJLY'],
    'STBHHX': ['BSM', 'HXMC', 'HXLX', 'MJ', 'XZQDM', 'XZQMC', 'SJLY'],
    'CZKFBJ': ['BSM', 'MC', 'MJ', 'XZQDM', 'XZQMC', 'SJLY'],
    'ZXCQGHYDYH': ['BSM', 'YDYHFLDM', 'YDYHFLMC', 'TBMJ', 'XZQDM', 'XZQMC', 'SJLY'],
    'DLTB': ['BSM', 'TBBH', 'DLBM', 'DLMC', 'TBMJ', 'XZQDM', 'XZQMC', 'SJLY'],
}


def layer_config(layer_id, name, role, file_name, name_field=None):
    config = {'id': layer_id, 'name': name, 'role': role,
              'source': {'file': file_name + '.zip', 'features': layers[file_name], 'crs': 'EPSG:4528'},
              'fields': FIELDS[file_name]}
    if name_field:
        config['nameField'] = name_field
    return config


profile = {
    'format': 'weihai-atlas-review-profile',
    'version': 1,
    'name': '乳山市合成示例审查方案 (synthetic)',
    'description': '合成示例数据 synthetic: 乳山市三区三线、中心城区规划用地用海与三调地类图斑均为程序生成的示例数据，不是任何机关的成果，'
                   '仅用于测试 (scripts/bureau/make-bureau-dataset.py). Synthetic example data, generated, not any bureau\'s; '
                   'for tests only. Built-in schematic atlas layers are left out of the verdict.',
    'layers': [
        layer_config('yjjbnt', '永久基本农田', {'kind': 'prohibited'}, 'YJJBNTBHTB'),
        layer_config('stbhhx', '生态保护红线', {'kind': 'prohibited'}, 'STBHHX', 'HXMC'),
        layer_config('czkfbj', '城镇开发边界', {'kind': 'inside', 'severity': 'review'}, 'CZKFBJ', 'MC'),
        layer_config('ghydyh', '规划用地用海', {'kind': 'classes', 'field': 'YDYHFLDM', 'review': ['01']}, 'ZXCQGHYDYH'),
        layer_config('dltb', '三调地类图斑', {'kind': 'classes', 'field': 'DLBM', 'review': ['01']}, 'DLTB'),
    ],
    'builtInLayers': [],
}
with open(os.path.join(FIXTURES, 'profile.json'), 'w', encoding='utf-8') as out:
    json.dump(profile, out, ensure_ascii=False, indent=1)
    out.write('\n')
