#!/usr/bin/python3
"""Author the planning, transport, marine and project layers of the atlas.

Run:   /usr/bin/python3 scripts/author/make-layers.py            (writes layers/<id>/)
       /usr/bin/python3 scripts/author/make-layers.py --check    (measures only, writes nothing)

No public boundaries or alignments exist for these features, so lines and polygons are
*schematic*. Points take the best public position that can be cited (OpenStreetMap station
points for the existing stations of 莱荣, 青荣城际 and 桃威铁路; tagged `digitized`,
`position_kind: public`); the rest keep the "(est.)" positions of /work/shared/REFERENCE.md
or places named in the seed documents and say so. Every station, port and bridge carries
`source`, `uncertainty_m` and `position_note` (checked by tests/unit/layer-positions.test.ts
against tests/fixtures/expected/public-positions.json). Those technical notes (`source`,
`position_note`, `status_note`, …) name seeds and REFERENCE.md; each also gets a reader's
version per language (`source_zh` / `source_en`, `position_note_zh` / `_en`, …: documents by
title, publisher and date), and the layer's `fields` list those pairs, tagged with the
interface language they are shown in (FieldSpec.lang). Polygons are clipped to land or sea
with the GSHHG full-resolution coastline and sized so that measured areas and lengths
reproduce the *published* figures; zones and parks are approximate extents
(`style.extent: approximate`), not boundaries:

  * areas: planar area in CGCS2000 3-degree Gauss-Krüger, EPSG:4528 when the polygon's
    centroid lies west of 121.5°E, else EPSG:4529 (the zones planning drawings use);
  * lengths: ellipsoidal (GRS80 geodesic, the CGCS2000 ellipsoid) via pyproj.Geod.

The land mask is layers/basemap-land/basemap-land.geojson when present (the basemap the
app draws); otherwise the equivalent mask built by scripts/author/build-land-mask.py from
the same GSHHG source. The script prints a table of measured vs published figures and
fails (exit 1) when a constraint is not met.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import nearest_points, transform, unary_union, voronoi_diagram
from shapely.prepared import prep
from shapely import affinity

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ROOT / 'layers'
BASEMAP_LAND = LAYERS / 'basemap-land' / 'basemap-land.geojson'
FALLBACK_LAND = Path('/tmp/h2/land-mask.geojson')
AUTHORED = '2026-11-21'

# 1 亩 = 10000/15 m² (REFERENCE "Units").
MU_M2 = 10000.0 / 15.0
GEOD = Geod(ellps='GRS80')

TO_WORK = Transformer.from_crs('EPSG:4490', 'EPSG:4529', always_xy=True)
FROM_WORK = Transformer.from_crs('EPSG:4529', 'EPSG:4490', always_xy=True)
TO_GK = {
    'EPSG:4528': Transformer.from_crs('EPSG:4490', 'EPSG:4528', always_xy=True),
    'EPSG:4529': Transformer.from_crs('EPSG:4490', 'EPSG:4529', always_xy=True),
}

FAILURES: list[str] = []
REPORT: list[tuple[str, str, str, str, str]] = []


# ---------------------------------------------------------------- geometry helpers
def to_work(geom):
    return transform(TO_WORK.transform, geom)


def to_lonlat(geom):
    """Back to lon/lat, rounded to 6 decimals (≈0.1 m), as stored in the GeoJSON."""
    geom = transform(FROM_WORK.transform, geom)
    return transform(lambda x, y, z=None: (_round(x), _round(y)), geom)


def _round(values):
    if hasattr(values, '__iter__'):
        return type(values)(round(v, 6) for v in values) if not hasattr(values, 'shape') else values.round(6)
    return round(values, 6)


def gk_epsg(geom_lonlat) -> str:
    # The brief's rule: zone 40 (CM 120°E) west of 121.5°E, zone 41 (CM 123°E) east of it.
    return 'EPSG:4528' if geom_lonlat.centroid.x < 121.5 else 'EPSG:4529'


def gk_area_km2(geom_lonlat) -> float:
    return transform(TO_GK[gk_epsg(geom_lonlat)].transform, geom_lonlat).area / 1e6


def geod_length_km(line_lonlat) -> float:
    return GEOD.geometry_length(line_lonlat) / 1000.0


def work_point(lon, lat):
    return Point(TO_WORK.transform(lon, lat))


def largest_part(geom, prefer: Point | None = None):
    if geom.is_empty:
        return geom
    parts = list(geom.geoms) if hasattr(geom, 'geoms') else [geom]
    parts = [part for part in parts if part.geom_type == 'Polygon']
    if prefer is not None:
        containing = [part for part in parts if part.contains(prefer)]
        if containing:
            return containing[0]
    return max(parts, key=lambda part: part.area)


def bisect(function, low, high, target, iterations=60):
    """Find x in [low, high] with function(x) ≈ target for a non-decreasing function."""
    for _ in range(iterations):
        middle = (low + high) / 2
        if function(middle) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def check(condition: bool, message: str):
    if not condition:
        FAILURES.append(message)


def report(layer, item, measured, published, verdict):
    REPORT.append((layer, item, measured, published, verdict))


# ---------------------------------------------------------------- land mask
def load_land():
    path = BASEMAP_LAND if BASEMAP_LAND.exists() else FALLBACK_LAND
    if not path.exists():
        subprocess.run(['/usr/bin/python3', str(ROOT / 'scripts/author/build-land-mask.py'), str(FALLBACK_LAND)], check=True)
    data = json.loads(path.read_text())
    features = data['features'] if data.get('type') == 'FeatureCollection' else [data]
    polygons = [shape(feature['geometry']).buffer(0) for feature in features]
    return unary_union(polygons), path


LAND_LONLAT, LAND_PATH = load_land()
LAND = to_work(LAND_LONLAT).buffer(0)
COAST = LAND.boundary


def land_fraction(geom_lonlat) -> float:
    """Share of a polygon's area (or a line's length) on land, measured in the work CRS."""
    geom = to_work(geom_lonlat)
    if geom.geom_type in ('Polygon', 'MultiPolygon'):
        return geom.intersection(LAND).area / geom.area
    return geom.intersection(LAND).length / geom.length


def feature(geometry_lonlat, properties):
    return {'type': 'Feature', 'properties': properties, 'geometry': mapping(geometry_lonlat)}


def write_layer(layer_id, features, meta, dry_run):
    ids = [item['properties']['id'] for item in features]
    check(len(ids) == len(set(ids)), f'{layer_id}: duplicate feature ids')
    for item in features:
        properties = item['properties']
        check(all(properties.get(key) for key in ('id', 'name_zh', 'name_en')), f'{layer_id}: feature without id/name')
        # Schematic unless the position was read from a cited public coordinate (position_kind public).
        allowed = ('schematic', 'digitized') if properties.get('position_kind') == 'public' else ('schematic',)
        check(properties.get('accuracy') in allowed, f'{layer_id}/{properties["id"]}: accuracy {properties.get("accuracy")} not allowed')
        check(item['geometry']['type'] == meta['geometryType'], f'{layer_id}/{properties["id"]}: geometry type')
    if dry_run:
        return
    folder = LAYERS / layer_id
    folder.mkdir(parents=True, exist_ok=True)
    collection = {'type': 'FeatureCollection', 'features': features}
    (folder / f'{layer_id}.geojson').write_text(json.dumps(collection, ensure_ascii=False, indent=None, separators=(',', ':')) + '\n')
    (folder / 'layer.json').write_text(json.dumps(meta, ensure_ascii=False, indent=2) + '\n')


# ---------------------------------------------------------------- shared vocabularies
def bi(zh, en):
    return {'zh': zh, 'en': en}


STATUS_VALUES = {
    'signed': bi('已签约', 'Signed'),
    'under-construction': bi('在建', 'Under construction'),
    'built': bi('已建成', 'Built'),
    'planned': bi('规划', 'Planned'),
    'unknown': bi('不详', 'Unknown'),
}
LEVEL_VALUES = {'national': bi('国家级', 'National'), 'provincial': bi('省级', 'Provincial')}
CLUSTER_FIELD = {'key': 'clusters', 'label': bi('威海千亿级产业集群', 'Weihai industry clusters'), 'list': True}
RUSHAN_FIELD = {'key': 'rushan_industries', 'label': bi('乳山“3+3”产业', 'Rushan "3+3" industries'), 'list': True}


def text_fields(key, label, unit='text', list_=False):
    """The inspector rows of a note kept in both languages: `<key>_zh` shown in the Chinese
    interface, `<key>_en` in the English one (FieldSpec.lang), under one label."""
    kind = {'list': True} if list_ else {'unit': unit}
    return [{'key': f'{key}_zh', 'label': label, **kind, 'lang': 'zh'},
            {'key': f'{key}_en', 'label': label, **kind, 'lang': 'en'}]


SOURCE_FIELDS = text_fields('source', bi('资料来源', 'Source'))
POSITION_FIELDS = text_fields('position_note', bi('位置说明', 'Position note'))

# The technical notes (`source`, `position_note`, …) stay in the data for whoever rebuilds or
# checks a layer; they name documents by seed number and facts by REFERENCE.md. The reader sees
# `<note>_zh` / `<note>_en` instead: documents by title, publisher and date (docs/SEEDS.md), facts
# from REFERENCE.md by the public source it gives, else "public sources".
SEED_000 = 'seed 000: 威海市发改委 reply to NPC deputy proposal No. 8 (2019-06-24)'
SEED_001 = 'seed 001: 威海市新旧动能转换重大工程总体方案 media interpretation (2018-03-02)'
SEED_002 = 'seed 002: 乳山市 half-year work conference speech (events of 2018; the copy is headed 2024-09-01)'
SEED_003 = 'seed 003: 威办发〔2017〕45号 开发区转型升级创新发展实施意见 (2017-11-02)'
REFERENCE = 'REFERENCE.md (project fact sheet)'

DOC_000 = bi('威海市发展改革委对市十七届人大三次会议第8号建议的答复（2019年6月24日）',
             'the Weihai Development and Reform Commission\'s reply to proposal No. 8 of the city\'s people\'s congress (24 June 2019)')
DOC_001 = bi('威海市发展改革委对《威海市新旧动能转换重大工程总体方案》的解读（2018年3月2日）',
             'the Weihai Development and Reform Commission\'s explanation of the city\'s growth-driver master plan (2 March 2018)')
DOC_002 = bi('乳山市2018年半年工作会议讲话', 'a speech at Rushan\'s 2018 half-year work conference')
DOC_003 = bi('《关于进一步推动开发区转型升级创新发展的实施意见》（威办发〔2017〕45号，2017年11月2日）',
             'Weihai\'s opinions on upgrading its development zones (威办发〔2017〕45号, 2 November 2017)')
ZONE_PROFILE = bi('开发区的公开简介', 'the zone\'s public profile')
OSM_POINT = bi('OpenStreetMap车站点', 'the OpenStreetMap station point')


def cite(*parts):
    """`source_zh` / `source_en`: the reader-facing sources, joined with '；' / '; '."""
    english = '; '.join(part['en'] for part in parts)
    return {'source_zh': '；'.join(part['zh'] for part in parts), 'source_en': english[:1].upper() + english[1:]}


def told(key, text):
    """`<key>_zh` / `<key>_en` from a bi() pair, or nulls when there is no note."""
    return {f'{key}_zh': text['zh'] if text else None, f'{key}_en': text['en'] if text else None}


# ================================================================ development zones
# Centres are the "(est.)" positions of REFERENCE.md; areas are the published figures.
ZONES = [
    dict(id='weihai-torch-hi-tech-zone', approval_date='1991-03-06', national_approval_date='1991-03-06', provincial_approval_date=None, history_note='approved by the State Council on 1991-03-06 (REFERENCE.md)', name_zh='威海火炬高技术产业开发区', name_en='Weihai Torch Hi-tech Industrial Development Zone',
         short_name_zh='高区', short_name_en='Hi-tech Zone', level='national', established=1991,
         centre=(122.05, 37.50), area=140.0, area_note='total area as published (REFERENCE.md)',
         industries_zh='医疗器械与生物医药;电子信息与智能制造', industries_en='Medical devices and biomedicine;Electronic information and smart manufacturing',
         clusters='medicine-devices;next-gen-it;equipment-smart-mfg', source=f'{REFERENCE}; {SEED_003}'),
    dict(id='weihai-economic-technological-zone', approval_date='1992-10', national_approval_date=None, provincial_approval_date=None, history_note='set up 1992-10 and run together with the 威海出口加工区 (REFERENCE.md); the date it became national was not found', name_zh='威海经济技术开发区', name_en='Weihai Economic and Technological Development Zone',
         short_name_zh='经区', short_name_en='Economic Zone', level='national', established=None,
         centre=(122.16, 37.44), area=168.61, area_note='managed area, 2020 (REFERENCE.md)',
         industries_zh='船舶;汽车及零部件;电子信息;纺织服装;装备制造;生物医药;新材料;软件和服务外包',
         industries_en='Ships;Automobiles and parts;Electronics;Textiles and garments;Equipment;Biomedicine;New materials;Software and service outsourcing',
         clusters='equipment-smart-mfg;next-gen-it;fashion-sports;medicine-devices', source=f'{REFERENCE}; {SEED_003}'),
    dict(id='weihai-lingang-economic-technological-zone', approval_date='2006-03', national_approval_date='2013-11-20', provincial_approval_date='2006-03', area_construction=78.0, history_note='provincial 2006-03 as 威海工业新区, national 2013-11-20 (REFERENCE.md)', name_zh='威海临港经济技术开发区', name_en='Weihai Lingang Economic and Technological Development Zone',
         short_name_zh='临港区', short_name_en='Lingang Zone', level='national', established=2013,
         centre=(122.02, 37.32), area=297.0, area_note='total area as published; 78 km² planned for construction (REFERENCE.md)',
         industries_zh='碳纤维及复合材料', industries_en='Carbon fibre and composites',
         clusters='carbon-fibre-composites', source=f'{REFERENCE}; {SEED_003}'),
    dict(id='weihai-nanhai-new-area', approval_date=None, national_approval_date=None, provincial_approval_date=None, area_construction=90.0, coast_km=156.0, history_note='development from 2007-03 (REFERENCE.md); approval date not found', name_zh='威海南海新区', name_en='Weihai Nanhai New Area',
         short_name_zh='南海新区', short_name_en='Nanhai New Area', level='provincial', established=None,
         centre=(121.93, 36.99), area=160.0, area_note='core start-up area, 160 km² (90 km² for construction, 156 km of coast) (REFERENCE.md)',
         industries_zh='涉海临海产业;石墨烯;港口产业（东部）;旅游（西部）', industries_en='Marine and coastal industries;Graphene;Port industries (east);Tourism (west)',
         clusters='carbon-fibre-composites;wellness-tourism', source=f'{REFERENCE}; {SEED_001}; {SEED_003}'),
    dict(id='weihai-rongcheng-marine-hi-tech-park', approval_date=None, national_approval_date=None, provincial_approval_date=None, coast_km=125.0, history_note='石岛管理区 founded 2005, merged with the 荣成 marine high-tech park 2020-11 (REFERENCE.md); approval date and level not found', name_zh='威海（荣成）海洋高新技术产业园', name_en='Weihai (Rongcheng) Marine Hi-tech Industrial Park',
         short_name_zh='荣成海洋高新园', short_name_en='Rongcheng Marine Park', level=None, established=None,
         centre=(122.42, 36.90), area=270.0, area_note='270 km² of land, 125 km of coast, after merging with 石岛管理区 in 2020 (REFERENCE.md)',
         industries_zh='海洋生物医药;保健品;新材料;海洋医用食品', industries_en='Marine biomedicine;Health products;New materials;Marine medical food',
         clusters='marine-bio-food;medicine-devices', source=f'{REFERENCE}; {SEED_003}'),
    dict(id='rushan-economic-development-zone', approval_date=None, national_approval_date=None, provincial_approval_date=None, history_note='provincial level (REFERENCE.md); approval date and area not found', name_zh='乳山经济开发区', name_en='Rushan Economic Development Zone',
         short_name_zh='乳山经开区', short_name_en='Rushan ED Zone', level='provincial', established=None,
         centre=(121.55, 36.90), area=None, schematic_km2=18.0, area_note='no published area found; outline size is schematic',
         industries_zh='新能源（汽车）', industries_en='New energy (vehicles)',
         clusters=None, rushan_industries='new-energy', source=f'{REFERENCE}; {SEED_002}'),
]
ZONES.append(
    dict(id='rongcheng-economic-development-zone', name_zh='荣成经济开发区', name_en='Rongcheng Economic Development Zone',
         short_name_zh='荣成经开区', short_name_en='Rongcheng ED Zone', level='provincial', established=1992,
         approval_date='1992-06', national_approval_date=None, provincial_approval_date='1992-06',
         history_note='provincial development zone approved 1992-06; 227 km² (2016) (REFERENCE.md)',
         centre=(122.4333, 37.1333), area=227.0, area_note='227 km² as published for 2016 (REFERENCE.md)',
         industries_zh=None, industries_en=None, clusters=None, source=REFERENCE,
         position_note='no position published: drawn around the 荣成 city seat (de.wikipedia 37°8′N 122°26′E) on our assumption that the city\'s development zone adjoins it; not the legal boundary'))
# 综保区: no published area or centre. Seed 003 makes 经区管委 and 文登区政府 responsible units
# of 综保区 work, and 经区 runs the former export processing zone jointly ("两区合一"):
# 北区 is drawn inside the 经区 area, 南区 in 文登区. Both positions are guesses, said so.
BONDED = [
    dict(id='weihai-comprehensive-bonded-zone-south', name_zh='威海综合保税区南区', name_en='Weihai Comprehensive Bonded Zone (South)',
         short_name_zh='综保区南区', short_name_en='Bonded Zone South', centre=(122.10, 37.165), schematic_km2=3.0,
         industries_zh='现代物流;跨境电商;先进制造;保税服务;文化医疗', industries_en='Logistics;Cross-border e-commerce;Advanced manufacturing;Bonded services;Culture and medical services',
         clusters='equipment-smart-mfg;medicine-devices',
         position_note='position not found; placed in 文登区 because seed 003 lists 文登区政府 among the responsible units'),
    dict(id='weihai-comprehensive-bonded-zone-north', name_zh='威海综合保税区北区', name_en='Weihai Comprehensive Bonded Zone (North)',
         short_name_zh='综保区北区', short_name_en='Bonded Zone North', centre=(122.13, 37.405), schematic_km2=2.0,
         industries_zh='高端信息产业;保税仓储物流', industries_en='High-end information industry;Bonded warehousing and logistics',
         clusters='next-gen-it',
         position_note='position not found; placed inside the 经区 area, which seed 003 makes a responsible unit'),
]

# What each zone's notes say, told to a reader (history, area, position, sources); the
# English technical notes above stay in the data as history_note, area_note, position_note.
ZONE_POSITION_DEFAULT = bi('范围围绕估计的中心位置画出并裁去海域，不是法定边界',
                           'Drawn around an estimated centre and cut to the coastline; not the legal boundary')
ZONE_AREA_DEFAULT = bi('未查到公布面积；图中范围的大小为示意', 'No published area found; the size drawn is schematic')
ZONE_READER = {
    'weihai-torch-hi-tech-zone': dict(
        history=bi('1991年3月6日经国务院批准设立', 'Approved by the State Council on 6 March 1991'),
        area=bi('公布的总面积', 'Total area as published'),
        source=cite(ZONE_PROFILE, DOC_003)),
    'weihai-economic-technological-zone': dict(
        history=bi('1992年10月设立，与威海出口加工区合署运作；升为国家级的时间未查到',
                   'Set up in October 1992 and run together with the Weihai Export Processing Zone; the date it became national was not found'),
        area=bi('2020年的管辖面积', 'Managed area, 2020'),
        source=cite(ZONE_PROFILE, DOC_003)),
    'weihai-lingang-economic-technological-zone': dict(
        history=bi('2006年3月以“威海工业新区”之名成为省级开发区，2013年11月20日升为国家级',
                   'Provincial from March 2006 as the Weihai Industrial New Area (威海工业新区), national from 20 November 2013'),
        area=bi('公布的总面积；其中规划建设用地78平方千米', 'Total area as published; 78 km² planned for construction'),
        source=cite(ZONE_PROFILE, DOC_003)),
    'weihai-nanhai-new-area': dict(
        history=bi('2007年3月起开发建设；批准时间未查到', 'Developed from March 2007; approval date not found'),
        area=bi('核心起步区160平方千米（其中建设用地90平方千米，海岸线156千米）',
                'Core start-up area of 160 km² (90 km² for construction, 156 km of coast)'),
        source=cite(ZONE_PROFILE, DOC_001, DOC_003)),
    'weihai-rongcheng-marine-hi-tech-park': dict(
        history=bi('石岛管理区2005年成立，2020年11月与荣成海洋高新技术产业园合并；批准时间和级别未查到',
                   'The Shidao management area, founded in 2005, merged with the Rongcheng marine hi-tech park in November 2020; approval date and level not found'),
        area=bi('2020年与石岛管理区合并后，陆域270平方千米，海岸线125千米',
                '270 km² of land and 125 km of coast after merging with the Shidao management area in 2020'),
        source=cite(ZONE_PROFILE, DOC_003)),
    'rushan-economic-development-zone': dict(
        history=bi('省级开发区；批准时间和面积未查到', 'Provincial level; approval date and area not found'),
        source=cite(ZONE_PROFILE, DOC_002)),
    'rongcheng-economic-development-zone': dict(
        history=bi('1992年6月批准为省级开发区；2016年面积227平方千米', 'Approved as a provincial development zone in June 1992; 227 km² in 2016'),
        area=bi('公布的2016年面积227平方千米', '227 km², as published for 2016'),
        position=bi('未查到公布的位置：本图集假定开发区紧邻荣成市驻地，故围绕驻地（据德文维基百科，北纬37°8′、东经122°26′）画出；不是法定边界',
                    'No position published: drawn around the Rongcheng city seat (37°8′N 122°26′E, German Wikipedia), on our assumption that the zone adjoins it; not the legal boundary'),
        source=cite(ZONE_PROFILE)),
    'weihai-comprehensive-bonded-zone-south': dict(
        position=bi('未查到位置；因威办发〔2017〕45号文件把文登区政府列为责任单位之一，放在文登区',
                    'Position not found; placed in Wendeng because document 威办发〔2017〕45号 names the Wendeng district government among the responsible units'),
        source=cite(ZONE_PROFILE, DOC_003)),
    'weihai-comprehensive-bonded-zone-north': dict(
        position=bi('未查到位置；因威办发〔2017〕45号文件把经区列为责任单位，放在经区范围内',
                    'Position not found; placed inside the Economic Zone, which document 威办发〔2017〕45号 names as a responsible unit'),
        source=cite(ZONE_PROFILE, DOC_003)),
}


def extent_method_told(published):
    if published:
        return bi(f'大致范围：以估计中心为圆心、顺着周边陆地形状画出的椭圆，裁去海域并与相邻开发区分开，边角圆化，面积（高斯—克吕格投影）与公布的{published:g}平方千米相等',
                  f'Approximate extent: an ellipse around the estimated centre, shaped like the land around it, cut to the coastline and kept apart from neighbouring zones, corners rounded, sized so its area (Gauss–Krüger projection) equals the published {published:g} km²')
    return bi('大致范围：在估计位置周围画出的小块示意范围；面积未公布，大小没有意义',
              'Approximate extent: a small schematic shape around the estimated position; no area is published, so its size means nothing')


SOFTEN_M = 400  # radius of the opening that rounds the extent's corners (a drawing choice)


def circle(centre_work, radius):
    return centre_work.buffer(radius, resolution=32)


MAX_ELONGATION = 2.5  # longest/shortest axis of a zone's extent (a drawing limit)


def land_ellipse(centre, target_km2):
    """Extent shape for a zone: an ellipse centred on the estimated centre whose orientation and
    elongation are those of the land within twice the equal-area radius (principal axes of the
    land's second moments, sampled on a 40 × 40 grid), elongation capped at MAX_ELONGATION.
    Where the land around a centre runs along a coast or a peninsula, the extent runs with it
    instead of being a disc; where land surrounds the centre evenly it stays nearly round.
    Returns a function radius → ellipse of the same area as a disc of that radius."""
    reach = 2 * math.sqrt(target_km2 * 1e6 / math.pi)
    neighbourhood = prep(LAND.intersection(circle(centre, reach)))
    step = reach / 20
    xs, ys = [], []
    for i in range(-20, 21):
        for j in range(-20, 21):
            x, y = centre.x + i * step, centre.y + j * step
            if neighbourhood.contains(Point(x, y)):
                xs.append(x)
                ys.append(y)
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs) / len(xs)
    syy = sum((y - mean_y) ** 2 for y in ys) / len(ys)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / len(xs)
    # Eigenvalues of [[sxx, sxy], [sxy, syy]] and the angle of the major axis.
    half_trace, root = (sxx + syy) / 2, math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2)
    major, minor = half_trace + root, max(half_trace - root, 1e-9)
    ratio = min(math.sqrt(major / minor), MAX_ELONGATION)
    angle = math.degrees(0.5 * math.atan2(2 * sxy, sxx - syy))

    def ellipse(radius):
        disc = circle(centre, radius)
        stretched = affinity.scale(disc, math.sqrt(ratio), 1 / math.sqrt(ratio), origin=centre)
        return affinity.rotate(stretched, angle, origin=centre)

    ellipse.ratio, ellipse.angle = ratio, angle
    return ellipse


def build_zones():
    features, polygons = [], {}
    # Small zones first; the large ones are partitioned around them.
    taken = []
    for zone in BONDED:
        centre = work_point(*zone['centre'])
        shape_of = land_ellipse(centre, zone['schematic_km2'])
        size = lambda r: largest_part(LAND.intersection(shape_of(r)), centre).area / 1e6
        radius = bisect(size, 100, 5000, zone['schematic_km2'])
        polygon = largest_part(LAND.intersection(shape_of(radius)), centre)
        taken.append(polygon.buffer(30))
        polygons[zone['id']] = polygon
    reserved = unary_union(taken)
    # A Voronoi partition between the large zones' centres guarantees no overlaps.
    centres = {zone['id']: work_point(*zone['centre']) for zone in ZONES}
    envelope = box(*LAND.bounds).buffer(50000)
    cells = voronoi_diagram(MultiPoint(list(centres.values())), envelope=envelope)
    cell_of = {}
    for cell in cells.geoms:
        for zone_id, centre in centres.items():
            if cell.contains(centre):
                cell_of[zone_id] = cell.buffer(-60)  # 120 m gap between neighbours keeps edges apart
    for zone in ZONES:
        centre = centres[zone['id']]
        available = LAND.intersection(cell_of[zone['id']]).difference(reserved)
        target = zone['area'] if zone['area'] is not None else zone['schematic_km2']

        shape_of = land_ellipse(centre, target)

        def outline(radius):
            # The ellipse only says "around here", shaped like the land around the centre (see
            # land_ellipse); clipped to land and to the neighbour partition it follows the coast,
            # and a morphological opening (erode then dilate by SOFTEN_M) rounds off the sharp
            # corners where ellipse, coast and partition meet, so the extent does not read as a
            # surveyed line. The opening never adds area outside land or the cell.
            # Simplified (15 m tolerance) inside the loop so the stored outline is the measured one.
            part = largest_part(available.intersection(shape_of(radius)), centre)
            softened = largest_part(part.buffer(-SOFTEN_M, resolution=8).buffer(SOFTEN_M, resolution=8), centre)
            return (softened if not softened.is_empty else part).simplify(15)

        def measured(radius):
            part = outline(radius)
            return gk_area_km2(to_lonlat(part)) if not part.is_empty else 0.0

        radius = bisect(measured, 500, 40000, target, iterations=40)
        polygons[zone['id']] = outline(radius)
        report('development-zones', f"{zone['short_name_zh']} shape", f'elongation {shape_of.ratio:.2f}, major axis {shape_of.angle:+.0f}° from east', 'land around the centre', 'ellipse')
    for zone in ZONES + BONDED:
        polygon = to_lonlat(polygons[zone['id']])
        check(polygon.is_valid and polygon.geom_type == 'Polygon', f"zone {zone['id']} invalid")
        area = gk_area_km2(polygon)
        published = zone.get('area')
        reader = ZONE_READER[zone['id']]
        properties = {
            'id': zone['id'], 'name_zh': zone['name_zh'], 'name_en': zone['name_en'],
            'short_name_zh': zone['short_name_zh'], 'short_name_en': zone['short_name_en'],
            'level': zone.get('level'), 'established': zone.get('established'),
            'approval_date': zone.get('approval_date'), 'provincial_approval_date': zone.get('provincial_approval_date'),
            'national_approval_date': zone.get('national_approval_date'), 'history_note': zone.get('history_note'),
            **told('history_note', reader.get('history')),
            'area_published_km2': published,
            'area_construction_km2_published': zone.get('area_construction'), 'coast_km_published': zone.get('coast_km'),
            'boundary': 'not-published',
            'extent_method': (f'approximate extent: ellipse around the estimated centre shaped like the surrounding land, clipped to GSHHG land and the neighbour partition, corners rounded ({SOFTEN_M} m opening), sized so its Gauss–Krüger area equals the published {published:g} km²'
                              if published else 'approximate extent: small schematic shape around the estimated position; no area published, so its size means nothing'),
            **told('extent_method', extent_method_told(published)),
            'area_note': zone.get('area_note', 'no published area found; outline size is schematic'),
            **told('area_note', reader.get('area', ZONE_AREA_DEFAULT)),
            'industries_zh': zone['industries_zh'], 'industries_en': zone['industries_en'],
            'clusters': zone.get('clusters'), 'rushan_industries': zone.get('rushan_industries'),
            'position_note': zone.get('position_note', 'outline drawn around the estimated centre in REFERENCE.md and clipped to land; not the legal boundary'),
            **told('position_note', reader.get('position', ZONE_POSITION_DEFAULT)),
            'source': zone.get('source', f'{REFERENCE}; {SEED_003}'),
            **reader['source'],
            'accuracy': 'schematic',
        }
        features.append(feature(polygon, properties))
        on_land = land_fraction(polygon)
        check(on_land > 0.999, f"zone {zone['id']} only {on_land:.4f} on land")
        if published:
            error = (area - published) / published
            check(abs(error) <= 0.005, f"zone {zone['id']} area {area:.2f} vs {published}")
            report('development-zones', zone['short_name_zh'], f'{area:.2f} km² ({gk_epsg(polygon)[5:]})', f'{published} km²', f'{error:+.3%}')
        else:
            report('development-zones', zone['short_name_zh'], f'{area:.2f} km² ({gk_epsg(polygon)[5:]})', 'not published', 'schematic size')
    for i, first in enumerate(features):
        for second in features[i + 1:]:
            overlap = shape(first['geometry']).intersection(shape(second['geometry'])).area
            check(overlap == 0, f"zones overlap: {first['properties']['id']} / {second['properties']['id']}")
    return features, {zone['id']: shape(item['geometry']) for zone, item in zip(ZONES + BONDED, features)}


BOUNDARY_FIELD = {'key': 'boundary', 'label': bi('边界', 'Boundary'),
                  'values': {'not-published': bi('未公布——范围为示意', 'not published — schematic extent')}}
ZONE_META = {
    'id': 'development-zones',
    'title': bi('开发区与功能区', 'Development zones'),
    'description': bi('威海市属开发区（高区、经区、临港区、综保区南北区、南海新区、荣成海洋高新园）、乳山经济开发区与荣成经济开发区的大致位置。面积按公布数字，边界未公布，范围为示意。',
                      'Approximate locations of Weihai\'s city-level development zones and the Rushan and Rongcheng economic development zones. Areas match the published figures; no boundary is published, the extents are schematic.'),
    'group': 'planning', 'geometryType': 'Polygon',
    'style': {'type': 'fill', 'color': '#8c96c6', 'outline': '#4d5a8c', 'width': 1.2, 'fillOpacity': 0.28, 'extent': 'approximate',
              'colorBy': {'field': 'id', 'values': {
                  'weihai-torch-hi-tech-zone': '#7b9fd4', 'weihai-economic-technological-zone': '#a48ccf',
                  'weihai-lingang-economic-technological-zone': '#d4a373', 'weihai-nanhai-new-area': '#6fb3a8',
                  'weihai-rongcheng-marine-hi-tech-park': '#88b97a', 'rushan-economic-development-zone': '#d28aa6',
                  'weihai-comprehensive-bonded-zone-south': '#c9b35c', 'weihai-comprehensive-bonded-zone-north': '#c9b35c',
                  'rongcheng-economic-development-zone': '#9fb4c7'},
                  # Legend lines by name, also while the layer is not loaded (the values are ids).
                  'labels': {zone['id']: bi(zone['name_zh'], zone['name_en']) for zone in ZONES + BONDED}},
              'label': {'minzoom': 8, 'size': 12, 'color': '#2f3a5c', 'halo': '#ffffff'}},
    'provenance': {
        'source': 'Published areas and levels: REFERENCE.md (development-zone table, from public zone profiles); names and leading industries: 威办发〔2017〕45号 (seed 003), 威海新旧动能转换总体方案 (seed 001), 乳山 2018 work speech (seed 002). Coastline: GSHHG 2.3.7 full resolution.',
        'citation': bi('开发区名称与主导产业据《关于进一步推动开发区转型升级创新发展的实施意见》（威办发〔2017〕45号）、威海市发展改革委2018年3月2日对《威海市新旧动能转换重大工程总体方案》的解读和乳山市2018年半年工作会议讲话；面积、级别和设立时间据各开发区的公开简介。边界未公布，图中范围是按公布面积画出的大致位置。',
                       'Names and leading industries from Weihai\'s opinions on upgrading its development zones (威办发〔2017〕45号, 2 November 2017), the Weihai Development and Reform Commission\'s explanation of the city\'s growth-driver master plan (2 March 2018) and a speech at Rushan\'s 2018 half-year work conference; areas, levels and dates from the zones\' public profiles. No boundaries are published: each extent is an approximate location drawn to the published area.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'No public boundary exists, so none is drawn: each feature is an approximate extent ("approximate location, published area"), drawn soft and hatched (style.extent = approximate). The extent is an ellipse around the estimated centre with the orientation and elongation (capped at 2.5) of the land within twice its equal-area radius (principal axes of the second moments of the land), clipped to GSHHG land and partitioned against its neighbours (Voronoi, 120 m gaps), its corners rounded by a 400 m morphological opening, with the radius solved so that the planar area in CGCS2000 3° Gauss–Krüger (EPSG:4528 west of 121.5°E, EPSG:4529 east) equals the published figure within 0.5%. 综保区 and 乳山经济开发区 have no published area: their extents are small schematic shapes and area_published_km2 is null. Approval dates, levels and areas are those REFERENCE.md gives; unknown stays null. Authoritative zone boundaries loaded by the bureau replace these. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic outlines: atlas authors (CC0); coastline GSHHG (LGPL)',
    'visible': True, 'order': 20,
    'fields': [
        *text_fields('short_name', bi('简称', 'Short name')),
        {'key': 'level', 'label': bi('级别', 'Level'), 'values': LEVEL_VALUES},
        {'key': 'approval_date', 'label': bi('设立（批准）时间', 'Approved / set up'), 'unit': 'date'},
        {'key': 'provincial_approval_date', 'label': bi('批准为省级开发区', 'Provincial level since'), 'unit': 'date'},
        {'key': 'national_approval_date', 'label': bi('批准为国家级开发区', 'National level since'), 'unit': 'date'},
        *text_fields('history_note', bi('沿革', 'History')),
        {'key': 'area_published_km2', 'label': bi('公布面积', 'Published area'), 'unit': 'km2'},
        {'key': 'area_construction_km2_published', 'label': bi('规划建设用地（公布）', 'Planned for construction (published)'), 'unit': 'km2'},
        {'key': 'coast_km_published', 'label': bi('海岸线（公布）', 'Coastline (published)'), 'unit': 'km'},
        *text_fields('area_note', bi('面积说明', 'Area note')),
        BOUNDARY_FIELD,
        *text_fields('extent_method', bi('示意范围画法', 'How the extent is drawn')),
        *text_fields('industries', bi('主导产业', 'Leading industries'), list_=True),
        CLUSTER_FIELD, RUSHAN_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS,
    ],
}


# ================================================================ industrial parks
PARKS = [
    # 五区九基地 bases (seed 001). The first five rest on the five high-end parks of seed 003.
    dict(id='carbon-fibre-base', name_zh='碳纤维基地（临港区碳纤维产业园）', name_en='Carbon fibre base (Lingang carbon fibre park)', zone='weihai-lingang-economic-technological-zone',
         at=(122.04, 37.33), km2=4.0, clusters='carbon-fibre-composites', programme='five-zones-nine-bases',
         position_note='seed 003 names 临港区碳纤维产业园; placed near the zone centre', source=f'{SEED_001}; {SEED_003}'),
    dict(id='medical-devices-base', name_zh='医疗器械基地（高区医疗器械与生物医药产业园）', name_en='Medical devices base (Hi-tech Zone medical devices and biomedicine park)', zone='weihai-torch-hi-tech-zone',
         at=(122.01, 37.48), km2=3.0, clusters='medicine-devices', programme='five-zones-nine-bases',
         position_note='seed 003 places the park in 高区; position inside the zone is schematic', source=f'{SEED_001}; {SEED_003}'),
    dict(id='electronics-smart-manufacturing-base', name_zh='电子信息与智能制造基地（高区）', name_en='Electronic information and smart manufacturing base (Hi-tech Zone)', zone='weihai-torch-hi-tech-zone',
         at=(122.08, 37.505), km2=3.0, clusters='next-gen-it;equipment-smart-mfg', programme='five-zones-nine-bases',
         position_note='seed 003 places the park in 高区; position inside the zone is schematic', source=f'{SEED_001}; {SEED_003}'),
    dict(id='service-trade-base', name_zh='服务贸易产业基地（经区软件和服务外包产业园）', name_en='Service trade base (Economic Zone software and outsourcing park)', zone='weihai-economic-technological-zone',
         at=(122.15, 37.425), km2=2.5, clusters='next-gen-it', programme='five-zones-nine-bases',
         position_note='seed 001 bases it on one of five existing high-end parks; the matching park in seed 003 is 经区软件和服务外包产业园 (our reading); position schematic', source=f'{SEED_001}; {SEED_003}'),
    dict(id='marine-biology-base', name_zh='海洋生物基地（威海（荣成）海洋高新技术产业园）', name_en='Marine biology base (Rongcheng marine hi-tech park)', zone='weihai-rongcheng-marine-hi-tech-park',
         at=(122.40, 36.92), km2=4.0, clusters='marine-bio-food;medicine-devices', programme='five-zones-nine-bases',
         position_note='seed 003: the 荣成 park leads marine biomedicine; placed near its centre', source=f'{SEED_001}; {SEED_003}'),
    dict(id='medical-health-base', name_zh='医疗健康基地（威海国际医疗健康产业城）', name_en='Medical and health base (Weihai International Medical and Health City)', zone='weihai-economic-technological-zone',
         at=(122.24, 37.41), km2=3.0, clusters='medicine-devices;wellness-tourism', programme='five-zones-nine-bases',
         position_note='seed 003 ties the health city to 东部滨海新城 (经区); placed in the east of the 经区 outline, schematic', source=f'{SEED_001}; {SEED_003}'),
    dict(id='graphene-base', name_zh='石墨烯基地（南海新区石墨烯产业园）', name_en='Graphene base (Nanhai New Area graphene park)', zone='weihai-nanhai-new-area',
         at=(121.96, 37.00), km2=3.0, clusters='carbon-fibre-composites', programme='five-zones-nine-bases',
         position_note='seed 001 names 南海新区石墨烯产业园; position inside the area is schematic', source=SEED_001),
    dict(id='fashion-creative-base', name_zh='时尚创意基地', name_en='Fashion and creative design base', zone='weihai-economic-technological-zone',
         at=(122.19, 37.40), km2=2.0, clusters='fashion-sports', programme='five-zones-nine-bases',
         position_note='no place in the seeds: seed 001 rests it on 中国服装设计创新集成平台 and 国际建筑设计国家平台 without locations; drawn in 经区 (textile and garment base) as a placeholder', source=SEED_001),
    dict(id='quality-agriculture-base', name_zh='品质农业基地', name_en='Quality agriculture base', zone=None,
         at=(121.80, 37.12), km2=6.0, clusters='marine-bio-food', rushan_industries='food-processing', programme='five-zones-nine-bases',
         position_note='no single place in the seeds: seed 001 rests it on the farm produce of 文登, 荣成 and 乳山; one placeholder drawn in rural 文登', source=SEED_001),
    # Rushan's named parks (seed 002).
    dict(id='rushan-new-energy-vehicle-park', name_zh='乳山新能源（汽车）科技产业园', name_en='Rushan New Energy (Vehicle) Technology Park', zone='rushan-economic-development-zone',
         at=(121.56, 36.905), km2=3.0, clusters='equipment-smart-mfg', rushan_industries='new-energy;equipment', programme='rushan-3-plus-3',
         position_note='seed 002: in the 经济开发区; position inside it schematic', source=SEED_002),
    dict(id='rushan-hsr-health-park', name_zh='乳山高铁片区健康产业园', name_en='Rushan HSR District Health Industry Park', zone=None,
         at=(121.515, 36.862), km2=2.5, clusters='wellness-tourism;medicine-devices', rushan_industries='big-health', programme='rushan-3-plus-3',
         position_note='seed 002 names the 高铁片区; drawn next to the estimated 乳山南 station', source=SEED_002),
    dict(id='rushan-coastal-ai-park', name_zh='乳山滨海新区人工智能产业园', name_en='Rushan Coastal New Area AI Industry Park', zone=None,
         at=(121.665, 36.855), km2=2.0, clusters='next-gen-it', rushan_industries='big-data-ai', programme='rushan-3-plus-3',
         position_note='seed 002 names the 滨海新区 without coordinates; drawn inland of 银滩 (our assumption that the coastal new area is the 银滩 coast)', source=SEED_002),
    dict(id='rushan-yintan-bio-health-park', name_zh='银滩生物医养产业园', name_en='Yintan Bio-medicine and Elderly-care Park', zone=None,
         at=(121.725, 36.862), km2=2.0, clusters='wellness-tourism;medicine-devices', rushan_industries='big-health', programme='rushan-3-plus-3',
         position_note='named after 银滩; drawn just inland of the beach (≈36.84 N 121.70 E est.)', source=SEED_000),
]
# Each park's position note told to a reader, and its sources (the English notes stay).
DOC_001_SHORT = bi('威海市发展改革委对新旧动能转换总体方案的解读', 'The Weihai Development and Reform Commission\'s explanation of the growth-driver plan')
PARK_READER = {
    'carbon-fibre-base': (bi('威办发〔2017〕45号文件提到临港区碳纤维产业园；标记放在临港区中心附近',
                             'Document 威办发〔2017〕45号 names the Lingang carbon fibre park; placed near the zone\'s centre'), (DOC_001, DOC_003)),
    'medical-devices-base': (bi('威办发〔2017〕45号文件把该园区列在高区；在高区内的位置为示意',
                                'Document 威办发〔2017〕45号 places the park in the Hi-tech Zone; its position inside the zone is schematic'), (DOC_001, DOC_003)),
    'electronics-smart-manufacturing-base': (bi('威办发〔2017〕45号文件把该园区列在高区；在高区内的位置为示意',
                                                'Document 威办发〔2017〕45号 places the park in the Hi-tech Zone; its position inside the zone is schematic'), (DOC_001, DOC_003)),
    'service-trade-base': (bi(f'{DOC_001_SHORT["zh"]}称该基地依托五个现有高端园区之一；本图集认为与之对应的是威办发〔2017〕45号文件中的经区软件和服务外包产业园；位置为示意',
                              f'{DOC_001_SHORT["en"]} bases it on one of five existing high-end parks; we read the matching park in document 威办发〔2017〕45号 as the Economic Zone software and outsourcing park; position schematic'), (DOC_001, DOC_003)),
    'marine-biology-base': (bi('威办发〔2017〕45号文件以荣成海洋高新园为海洋生物医药的主导园区；标记放在园区中心附近',
                               'Document 威办发〔2017〕45号 makes the Rongcheng park the lead for marine biomedicine; placed near its centre'), (DOC_001, DOC_003)),
    'medical-health-base': (bi('威办发〔2017〕45号文件把医疗健康产业城与东部滨海新城（经区）联系在一起；放在经区范围东部，为示意',
                               'Document 威办发〔2017〕45号 ties the health city to the Eastern Coastal New Town (Economic Zone); placed in the east of the zone, schematic'), (DOC_001, DOC_003)),
    'graphene-base': (bi(f'{DOC_001_SHORT["zh"]}提到南海新区石墨烯产业园；在新区内的位置为示意',
                         f'{DOC_001_SHORT["en"]} names the Nanhai New Area graphene park; its position inside the area is schematic'), (DOC_001,)),
    'fashion-creative-base': (bi(f'文件未给出地点：{DOC_001_SHORT["zh"]}称该基地依托中国服装设计创新集成平台和国际建筑设计国家平台，但未说明位置；暂放在经区（纺织服装产业基地），仅为占位标记',
                                 f'No place given: {DOC_001_SHORT["en"][:1].lower()}{DOC_001_SHORT["en"][1:]} rests it on two design platforms (中国服装设计创新集成平台, 国际建筑设计国家平台) without locations; drawn in the Economic Zone (a textile and garment base) as a placeholder'), (DOC_001,)),
    'quality-agriculture-base': (bi(f'文件未给出具体地点：{DOC_001_SHORT["zh"]}称该基地依托文登、荣成、乳山的农产品；在文登农村地区画了一个占位标记',
                                    f'No single place given: {DOC_001_SHORT["en"][:1].lower()}{DOC_001_SHORT["en"][1:]} rests it on the farm produce of Wendeng, Rongcheng and Rushan; one placeholder drawn in rural Wendeng'), (DOC_001,)),
    'rushan-new-energy-vehicle-park': (bi('乳山市2018年半年工作会议讲话称其位于经济开发区；在开发区内的位置为示意',
                                          'The Rushan 2018 half-year speech places it in the economic development zone; its position inside the zone is schematic'), (DOC_002,)),
    'rushan-hsr-health-park': (bi('乳山市2018年半年工作会议讲话提到高铁片区；画在估计的乳山南站旁',
                                  'The Rushan 2018 half-year speech names the high-speed rail district; drawn next to the estimated Rushan South station'), (DOC_002,)),
    'rushan-coastal-ai-park': (bi('乳山市2018年半年工作会议讲话提到滨海新区，但未给出位置；画在银滩靠陆一侧（本图集假定滨海新区即银滩一带海岸）',
                                  'The Rushan 2018 half-year speech names the coastal new area without a location; drawn inland of Yintan (our assumption that the coastal new area is the Yintan coast)'), (DOC_002,)),
    'rushan-yintan-bio-health-park': (bi('以银滩命名；画在海滩靠陆一侧附近（银滩的估计位置约为北纬36.84°、东经121.70°）',
                                         'Named after Yintan (Silver Beach); drawn just inland of the beach (estimated at about 36.84 N 121.70 E)'), (DOC_000,)),
}
PROGRAMME_VALUES = {'five-zones-nine-bases': bi('威海“五区九基地”', 'Weihai "five zones, nine bases"'),
                    'rushan-3-plus-3': bi('乳山“3+3”产业园区', 'Rushan "3+3" industry parks')}


def rounded_square(centre_work, area_km2, container):
    """A square with rounded corners of the given area, clipped to the container (km² target)."""
    def measured(half):
        shape_ = box(centre_work.x - half, centre_work.y - half, centre_work.x + half, centre_work.y + half).buffer(half * 0.3).buffer(-half * 0.3 * 0.5)
        return largest_part(container.intersection(shape_), centre_work)
    half = bisect(lambda h: measured(h).area / 1e6, 50, 6000, area_km2)
    return measured(half)


def build_parks(zone_polygons):
    features = []
    zones_work = {key: to_work(value) for key, value in zone_polygons.items()}
    for park in PARKS:
        centre = work_point(*park['at'])
        container = zones_work[park['zone']].buffer(-80) if park['zone'] else LAND.buffer(-80)
        check(container.contains(centre), f"park {park['id']} anchor outside its container")
        polygon = to_lonlat(rounded_square(centre, park['km2'], container).simplify(10))
        check(polygon.is_valid and polygon.geom_type == 'Polygon', f"park {park['id']} invalid")
        check(land_fraction(polygon) > 0.999, f"park {park['id']} not on land")
        if park['zone']:
            inside = polygon.intersection(zone_polygons[park['zone']]).area / polygon.area
            check(inside > 0.999, f"park {park['id']} leaves its zone")
        features.append(feature(polygon, {
            'id': park['id'], 'name_zh': park['name_zh'], 'name_en': park['name_en'],
            'programme': park['programme'], 'host_zone': park['zone'],
            'clusters': park.get('clusters'), 'rushan_industries': park.get('rushan_industries'),
            'position_note': park['position_note'], **told('position_note', PARK_READER[park['id']][0]),
            'source': park['source'], **cite(*PARK_READER[park['id']][1]), 'accuracy': 'schematic'}))
        report('industrial-parks', park['id'], f'{gk_area_km2(polygon):.2f} km²', 'not published', 'schematic size')
    return features


PARK_META = {
    'id': 'industrial-parks',
    'title': bi('产业基地与园区', 'Industry bases and parks'),
    'description': bi('威海“五区九基地”中的九个基地及乳山“3+3”产业园区的示意位置。', 'Schematic positions of the nine bases of Weihai\'s "five zones, nine bases" plan and Rushan\'s "3+3" industry parks.'),
    'group': 'planning', 'geometryType': 'Polygon',
    'style': {'type': 'fill', 'color': '#e07a5f', 'outline': '#9c3d24', 'width': 1.2, 'fillOpacity': 0.45, 'dash': [2, 1], 'extent': 'approximate',
              'colorBy': {'field': 'programme', 'values': {'five-zones-nine-bases': '#e07a5f', 'rushan-3-plus-3': '#c8553d'}},
              'label': {'minzoom': 10, 'size': 11, 'color': '#6b2a18', 'halo': '#ffffff'}},
    'provenance': {
        'source': 'Names: seed 001 (五区九基地), seed 003 (重点产业园), seed 002 (乳山园区), seed 000 (银滩生物医养产业园). No published areas or boundaries.',
        'citation': bi('园区名称据威海市发展改革委2018年3月2日对《威海市新旧动能转换重大工程总体方案》的解读（“五区九基地”）、威办发〔2017〕45号文件、乳山市2018年半年工作会议讲话，以及威海市发展改革委2019年6月24日对市十七届人大三次会议第8号建议的答复。各园区均未公布面积和边界，图中方块只是示意标记：文件写明所在区域的放在该区域内，未写地点的两处为占位；方块大小不代表面积。',
                       'Park names from the Weihai Development and Reform Commission\'s explanation of the growth-driver master plan (2 March 2018, the "five zones and nine bases"), document 威办发〔2017〕45号, a speech at Rushan\'s 2018 half-year work conference and the Commission\'s reply to proposal No. 8 of the city\'s people\'s congress (24 June 2019). No areas or boundaries are published: each square is a schematic marker, inside the area the documents name where they name one and a placeholder for the two they do not; its size means nothing.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Each base or park is a small rounded square (2–6 km², size is a drawing choice, not a figure) placed inside the zone the seeds associate it with; where the seeds give no place, position_note says so. The app measures areas itself; no area attribute is stored. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic parks: atlas authors (CC0)',
    'visible': True, 'order': 30,
    'fields': [
        {'key': 'programme', 'label': bi('规划体系', 'Programme'), 'values': PROGRAMME_VALUES},
        # The zone's name, not its id (the value stays the id, for GIS joins with development-zones).
        {'key': 'host_zone', 'label': bi('所在开发区', 'Host zone'),
         'values': {zone['id']: bi(zone['name_zh'], zone['name_en']) for zone in ZONES}},
        CLUSTER_FIELD, RUSHAN_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS,
    ],
}


# ================================================================ marine ranch
FUNCTION_VALUES = {
    'demonstration': bi('示范区', 'Demonstration area'),
    'shellfish-culture': bi('贝类养殖区', 'Shellfish culture'),
    'artificial-reef': bi('人工鱼礁区', 'Artificial reef'),
    'seabed-stocking': bi('底播增殖区', 'Seabed stocking'),
}
RANCH_STATUS = {'built': bi('已建成', 'Built'), 'planned': bi('规划', 'Planned')}
GROUP_VALUES = {'demonstration': bi('5000亩示范区', '5,000-mu demonstration area'),
                'phase1-remaining': bi('一期剩余9.5万亩', 'Remaining 95,000 mu of phase 1')}
# Schematic split of the remaining 95,000 亩 between the functions named by CRI 2018-01-15;
# the split is ours (no published figure), recorded in every feature's area_note.
RANCH = [
    dict(id='rushan-ranch-demonstration', name_zh='乳山海洋牧场5000亩示范区', name_en='Rushan marine ranch 5,000-mu demonstration area',
         function='demonstration', status='built', group='demonstration', mu=5000, plan_total_mu=5000,
         at=(121.585, 36.712), angle=10, aspect=2.0, place='off the south tip of 海阳所镇', place_told=bi('海阳所镇南端外海', 'Off the southern tip of Haiyangsuo')),
    dict(id='rushan-ranch-shellfish-rushankou-west', name_zh='乳山海洋牧场贝类养殖区（乳山口外西侧）', name_en='Rushan marine ranch shellfish culture area (off the Rushankou mouth, west)',
         function='shellfish-culture', status='planned', group='phase1-remaining', mu=25000, plan_total_mu=95000,
         at=(121.425, 36.692), angle=15, aspect=2.6, place='sea south-west of the 乳山口 mouth, off 乳山寨镇, west of the port channel',
         place_told=bi('乳山口西南海域，乳山寨镇外海，进港航道以西', 'Sea south-west of the Rushankou mouth, off Rushanzhai, west of the port channel')),
    dict(id='rushan-ranch-shellfish-baishawan', name_zh='乳山海洋牧场贝类养殖区（白沙湾）', name_en='Rushan marine ranch shellfish culture area (Baisha Bay)',
         function='shellfish-culture', status='planned', group='phase1-remaining', mu=20000, plan_total_mu=95000,
         at=(121.693, 36.772), angle=25, aspect=1.6, place='sea between the 海阳所镇 peninsula and 银滩, read as 白沙湾 off 白沙滩镇 (identification of 白沙湾 uncertain)',
         place_told=bi('海阳所镇半岛与银滩之间的海域，本图集认作白沙滩镇外的白沙湾（这一认定并不确定）', 'Sea between the Haiyangsuo peninsula and Yintan, taken to be Baisha Bay off Baishatan (this identification is uncertain)')),
    dict(id='rushan-ranch-artificial-reef', name_zh='乳山海洋牧场人工鱼礁区', name_en='Rushan marine ranch artificial reef area',
         function='artificial-reef', status='planned', group='phase1-remaining', mu=25000, plan_total_mu=95000,
         at=(121.565, 36.680), angle=5, aspect=2.8, place='offshore south of 海阳所镇, east of the 乳山港 channel',
         place_told=bi('海阳所镇以南外海，乳山港航道以东', 'Offshore south of Haiyangsuo, east of the Rushan Port channel')),
    dict(id='rushan-ranch-seabed-stocking', name_zh='乳山海洋牧场底播增殖区（银滩外）', name_en='Rushan marine ranch seabed stocking area (off Yintan)',
         function='seabed-stocking', status='planned', group='phase1-remaining', mu=25000, plan_total_mu=95000,
         at=(121.775, 36.808), angle=28, aspect=2.4, place='sea off 银滩, ≥2 km from the beach',
         place_told=bi('银滩外海，距海滩至少2公里', 'Sea off Yintan, at least 2 km from the beach')),
]


def navigation_exclusion():
    """Keep the ranch out of 乳山口 and the 乳山港 approach (11.2 km channel, REFERENCE)."""
    channel = LineString([TO_WORK.transform(*pt) for pt in [(121.475, 36.800), (121.482, 36.772), (121.490, 36.720), (121.495, 36.660)]])
    return channel.buffer(1500)


def build_ranch():
    features = []
    sea = box(*LAND.bounds).difference(LAND.buffer(400))  # 400 m off the GSHHG shore
    sea = sea.difference(navigation_exclusion())
    placed = []
    total_remaining = 0.0
    for block in RANCH:
        centre = work_point(*block['at'])
        available = sea.difference(unary_union(placed)) if placed else sea

        def polygon_for(scale):
            width = scale * math.sqrt(block['aspect'])
            height = scale / math.sqrt(block['aspect'])
            rect = box(centre.x - width / 2, centre.y - height / 2, centre.x + width / 2, centre.y + height / 2)
            rect = affinity.rotate(rect, block['angle'], origin=centre)
            return largest_part(available.intersection(rect), centre)

        target = block['mu'] * MU_M2 / 1e6
        scale = bisect(lambda s: gk_area_km2(to_lonlat(polygon_for(s))), 200, 20000, target)
        polygon = to_lonlat(polygon_for(scale))
        placed.append(to_work(polygon).buffer(200))
        area = gk_area_km2(polygon)
        mu = area * 1e6 / MU_M2
        check(polygon.is_valid and polygon.geom_type == 'Polygon', f"ranch {block['id']} invalid")
        on_land = land_fraction(polygon)
        check(on_land <= 0.0, f"ranch {block['id']} {on_land:.4%} on land")
        if block['group'] == 'phase1-remaining':
            total_remaining += mu
        note = ('published: 5,000 亩 demonstration area completed (seed 002)' if block['group'] == 'demonstration' else
                f"schematic share of the published 95,000 亩 remaining in phase 1 (seed 002): {block['mu']:,} 亩 drawn for {FUNCTION_VALUES[block['function']]['en'].lower()}; the split between functions is ours, not published")
        note_told = (bi('公布数字：5000亩示范区已建成（乳山市2018年半年工作会议讲话）',
                        'Published: the 5,000 mu demonstration area is completed (Rushan 2018 half-year speech)') if block['group'] == 'demonstration' else
                     bi(f"示意分配：一期尚余的9.5万亩是公布数字（乳山市2018年半年工作会议讲话），其中本区作为{FUNCTION_VALUES[block['function']]['zh']}画了{block['mu'] / 10000:g}万亩；各功能区之间如何划分是本图集自定的，并未公布",
                        f"Schematic share of the published 95,000 mu left in phase 1 (Rushan 2018 half-year speech): {block['mu']:,} mu drawn for {FUNCTION_VALUES[block['function']]['en'].lower()}; the split between functions is ours, not published"))
        features.append(feature(polygon, {
            'id': block['id'], 'name_zh': block['name_zh'], 'name_en': block['name_en'],
            'function': block['function'], 'status': block['status'], 'phase': 1, 'group': block['group'],
            'plan_total_mu': block['plan_total_mu'], 'drawn_mu': block['mu'], 'area_note': note,
            **told('area_note', note_told),
            'place': block['place'], **told('place', block['place_told']),
            'clusters': 'marine-bio-food', 'rushan_industries': 'food-processing',
            'source': f'{SEED_002}; CRI 2018-01-15 (functional zoning); 全国海洋牧场建设规划 2017–2025 (乳山白沙湾) via {REFERENCE}',
            **cite(DOC_002, bi('CRI 2018年1月15日的报道（功能分区）', 'a CRI report of 15 January 2018 (functional zoning)'),
                   bi('2017—2025年全国海洋牧场建设规划（白沙湾选址）', 'the national marine-ranch plan for 2017–2025 (Baisha Bay site)')),
            'accuracy': 'schematic'}))
        report('marine-ranch', block['id'], f'{mu:,.1f} 亩 ({area:.4f} km², land {on_land:.2%})', f"{block['mu']:,} 亩" + (' (published)' if block['group'] == 'demonstration' else ' (schematic share)'), f"{(mu - block['mu']) / block['mu']:+.3%}")
    error = (total_remaining - 95000) / 95000
    check(abs(error) <= 0.001, f'ranch remaining sum {total_remaining:.1f} 亩')
    report('marine-ranch', 'sum phase1-remaining', f'{total_remaining:,.1f} 亩', '95,000 亩 (published)', f'{error:+.3%}')
    for i, first in enumerate(features):
        for second in features[i + 1:]:
            check(shape(first['geometry']).intersection(shape(second['geometry'])).area == 0, 'ranch polygons overlap')
    return features


RANCH_META = {
    'id': 'marine-ranch',
    'title': bi('乳山海洋牧场（一期）', 'Rushan marine ranch (phase 1)'),
    'description': bi('乳山海洋牧场一期：已建成的5000亩示范区及规划的9.5万亩功能分区（示意）。', 'Rushan marine ranch, phase 1: the completed 5,000-mu demonstration area and the planned 95,000 mu split into functional areas (schematic).'),
    'group': 'marine', 'geometryType': 'Polygon',
    'style': {'type': 'fill', 'color': '#2a9d8f', 'outline': '#1d6b62', 'width': 1.2, 'fillOpacity': 0.4,
              'colorBy': {'field': 'status', 'values': {'built': '#1f7a70', 'planned': '#6cc5b8'}},
              'label': {'minzoom': 10, 'size': 11, 'color': '#134e48', 'halo': '#ffffff'}},
    'provenance': {
        'source': 'Totals: seed 002 (5,000 亩 demonstration area completed; 9.5万亩 of phase 1 remaining); functional zoning: CRI 2018-01-15; sites 乳山湾/乳山口, 白沙湾, sea off 海阳所镇 and 银滩 (REFERENCE.md "Marine ranch"). Coastline: GSHHG 2.3.7 full resolution.',
        'citation': bi('示范区5000亩已建成、一期尚余9.5万亩据乳山市2018年半年工作会议讲话，功能分区据CRI 2018年1月15日的报道，白沙湾选址见国家2017—2025年的海洋牧场建设规划。未找到边界坐标：海上范围是按公布面积画出的示意，各功能区的面积划分由本图集自定。',
                       'The 5,000 mu demonstration area and the 95,000 mu left in phase 1 from a speech at Rushan\'s 2018 half-year work conference; the functional zoning from a CRI report of 15 January 2018; the Baisha Bay site from the national marine-ranch plan for 2017–2025. No boundaries were found: the sea areas are schematic, drawn to the published totals, and their split between uses is the atlas\'s own choice.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'No boundary coordinates were found. Polygons are drawn at sea at least 400 m off the GSHHG shoreline and clear of 乳山口 and the 乳山港 approach channel (1.5 km either side of an assumed channel axis running south from the mouth). Areas are planar CGCS2000 Gauss–Krüger (EPSG:4529 or 4528 by centroid); 1 亩 = 10000/15 m². The demonstration area equals the published 5,000 亩; the four phase-1 polygons sum to the published 95,000 亩, but how that total is split between shellfish culture, artificial reef and seabed stocking is our schematic choice (shellfish 25,000 off the 乳山口 mouth + 20,000 in 白沙湾, artificial reef 25,000, seabed stocking 25,000). Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic marine ranch: atlas authors (CC0); coastline GSHHG (LGPL)',
    'visible': True, 'order': 40,
    'fields': [
        {'key': 'function', 'label': bi('功能', 'Function'), 'values': FUNCTION_VALUES},
        {'key': 'status', 'label': bi('状态', 'Status'), 'values': RANCH_STATUS},
        {'key': 'phase', 'label': bi('期次', 'Phase'), 'unit': 'text'},
        {'key': 'group', 'label': bi('分组', 'Group'), 'values': GROUP_VALUES},
        {'key': 'plan_total_mu', 'label': bi('分组公布总面积', 'Published total of the group'), 'unit': 'mu'},
        {'key': 'drawn_mu', 'label': bi('本区绘制面积（示意分配）', 'Area drawn for this block (schematic share)'), 'unit': 'mu'},
        *text_fields('area_note', bi('面积说明', 'Area note')),
        *text_fields('place', bi('位置', 'Place')),
        CLUSTER_FIELD, RUSHAN_FIELD, *SOURCE_FIELDS,
    ],
}


# ================================================================ HSR and railways
# Public station positions: OpenStreetMap data as listed in the public station file
# packages/china/data/stations.json of the GitHub repository mayurrawte/railroutes (commit
# db7e08873ce3, WGS 84, 4 decimals). REFERENCE.md cross-checks them (±100 m). Stations with no
# public position keep the REFERENCE.md estimate and its uncertainty, and say so.
OSM_SOURCE = 'OpenStreetMap via github.com/mayurrawte/railroutes packages/china/data/stations.json (commit db7e088)'
OSM_UNCERTAINTY_M = 100  # REFERENCE.md: "WGS 84, ±100 m"
LAIRONG = '莱荣高铁'
QINGRONG = '青荣城际'
TAOWEI = '桃威铁路'

# (id, zh, en, lon, lat, uncertainty m, status, connections zh, connections en, public?)
STATIONS = [
    ['laixi', '莱西', 'Laixi', 120.5247, 36.8235, OSM_UNCERTAINTY_M, 'existing', '青荣城际;潍莱高铁', 'Qingrong intercity railway;Weifang–Laixi HSR', True],
    ['laiyang-south', '莱阳南', 'Laiyang South', 120.80, 36.65, 10000, 'new', None, None, False],
    ['haiyang', '海阳', 'Haiyang', 121.15, 36.80, 5000, 'new', None, None, False],
    ['rushan-south', '乳山南', 'Rushan South', 121.53, 36.87, 5000, 'new', None, None, False],
    ['weihai-nanhai', '威海南海', 'Weihai Nanhai', 121.92, 37.00, 5000, 'new', None, None, False],
    ['wendeng-south', '文登南', 'Wendeng South', 122.06, 37.14, 5000, 'new', None, None, False],
    ['rongcheng', '荣成', 'Rongcheng', 122.4026, 37.1438, OSM_UNCERTAINTY_M, 'existing', '青荣城际', 'Qingrong intercity railway', True],
]
STATION_LINES = {'laixi': f'{LAIRONG};{QINGRONG}', 'rongcheng': f'{LAIRONG};{QINGRONG}'}
STATION_NOTES = {
    'laixi': 'public position (OSM); the former 莱西北站, renamed 莱西站 2020-11-26; west end of 莱荣 (REFERENCE.md)',
    'rongcheng': 'public position (OSM); east end of 莱荣, shared with 青荣城际',
    'laiyang-south': 'no public position found: REFERENCE.md estimate (design name 莱阳丁字湾, near 丁字湾)',
    'haiyang': 'no public position found: REFERENCE.md estimate (new station inside 海阳经济开发区, ≈6 km from the old town)',
    'rushan-south': 'no public position found: REFERENCE.md estimate',
    'weihai-nanhai': 'no public position found: REFERENCE.md estimate; described as west of 金海路 and north of 环海路',
    'wendeng-south': 'no public position found: REFERENCE.md estimate',
}
ESTIMATE_TOLD = bi('未找到公开坐标，为估计位置', 'No public position found; an estimate')
STATION_NOTES_TOLD = {
    'laixi': bi('公开坐标（OpenStreetMap）；原莱西北站，2020年11月26日更名为莱西站；莱荣高铁西端',
                'Public position (OpenStreetMap); the former Laixi North station, renamed Laixi on 26 November 2020; west end of the line'),
    'rongcheng': bi('公开坐标（OpenStreetMap）；莱荣高铁东端，与青荣城际共用',
                    'Public position (OpenStreetMap); east end of the line, shared with the Qingdao–Rongcheng intercity railway'),
    'laiyang-south': bi(f'{ESTIMATE_TOLD["zh"]}（设计阶段名为莱阳丁字湾站，靠近丁字湾）',
                        f'{ESTIMATE_TOLD["en"]} (design-stage name Laiyang Dingziwan, near Dingzi Bay)'),
    'haiyang': bi(f'{ESTIMATE_TOLD["zh"]}（新站位于海阳经济开发区内，距老城区约6公里）',
                  f'{ESTIMATE_TOLD["en"]} (a new station inside the Haiyang Economic Development Zone, about 6 km from the old town)'),
    'rushan-south': ESTIMATE_TOLD,
    'weihai-nanhai': bi(f'{ESTIMATE_TOLD["zh"]}；设计阶段资料称其位于金海路以西、环海路以北',
                        f'{ESTIMATE_TOLD["en"]}; design-stage papers place it west of Jinhai Road and north of Huanhai Road'),
    'wendeng-south': ESTIMATE_TOLD,
}
# The station list and order are those of the opening reports (REFERENCE.md 莱荣高铁).
LAIRONG_REPORTS = bi('中新网、科技日报2023年12月8日报道（车站名单）',
                     'China News Service (中新网) and Science and Technology Daily (科技日报) reports of 8 December 2023 (station list)')
# Waypoints (not stations) keep the line on land: north of the head of the 乳山河 arm of
# 乳山湾, and inland of the 南海 inlet.
HSR_WAYPOINTS = {('haiyang', 'rushan-south'): [(121.30, 36.845), (121.45, 36.874)],
                 ('rushan-south', 'weihai-nanhai'): [(121.72, 36.955)]}
HSR_LENGTH_KM = 193.0
HSR_LENGTH_TOLERANCE = 0.03  # ±3%: straight runs between stations, not the surveyed track


def hsr_stations_adjusted():
    """Station positions used. One move, within REFERENCE's uncertainty: 威海南海's estimate lies
    on the shore of the 南海 inlet; it is moved ~1 km inland (north-east).

    Nothing is moved to make the length come out: with 莱西 and 荣成 on their public positions the
    straight runs through the estimates measure ≈1.6% less than the published 193 km (a polyline
    through stations is shorter than the curved track), inside the ±3% the atlas accepts.
    """
    stations = [list(row) for row in STATIONS]
    stations[4][3], stations[4][4] = 121.928, 37.008
    return stations


def hsr_line(stations):
    coordinates = []
    for index, station in enumerate(stations):
        coordinates.append((round(station[3], 6), round(station[4], 6)))
        if index + 1 < len(stations):
            for waypoint in HSR_WAYPOINTS.get((station[0], stations[index + 1][0]), []):
                coordinates.append(waypoint)
    return LineString(coordinates)


def build_hsr():
    stations = hsr_stations_adjusted()
    line = hsr_line(stations)
    length = geod_length_km(line)
    check(abs(length - HSR_LENGTH_KM) / HSR_LENGTH_KM <= HSR_LENGTH_TOLERANCE, f'HSR length {length:.2f}')
    on_land = land_fraction(line)
    check(on_land > 0.999, f'HSR line {on_land:.4%} on land')
    report('hsr-line', '莱荣高铁', f'{length:.2f} km (geodesic; land {on_land:.2%})', '193 km (main line 192.814)', f'{(length - 193) / 193:+.3%}')
    line_feature = feature(line, {
        'id': 'laixi-rongcheng-hsr', 'name_zh': '莱荣高铁（莱西至荣成高速铁路）', 'name_en': 'Laixi–Rongcheng high-speed railway',
        'kind': 'high-speed',
        'opened': '2023-12-08', 'design_speed_kmh': 350, 'length_km_published': 193, 'main_line_km_published': 192.814,
        'stations': ';'.join(station[1] for station in stations),
        'name_note': 'The brief calls it "Laiyang–Rongcheng"; the official name is 莱西至荣成高速铁路 (Laixi–Rongcheng).',
        **told('name_note', bi('正式名称为“莱西至荣成高速铁路”，西端起点是莱西，不是莱阳',
                               'The official name is 莱西至荣成高速铁路, the Laixi–Rongcheng high-speed railway: it starts at Laixi, not Laiyang')),
        'route_note': 'Straight runs between the station positions (public for 莱西 and 荣成, estimated for the five new stations) with three waypoints that keep the line on land; not the surveyed alignment.',
        **told('route_note', bi('各站之间以直线相连（莱西、荣成为公开坐标，五座新站为估计位置），另加三个途经点使线路不出陆地；不是实测线位',
                                'Straight runs between the stations (public positions for Laixi and Rongcheng, estimates for the five new stations), with three waypoints that keep the line on land; not the surveyed alignment')),
        'source': f'中新网 2023-12-08; 科技日报 2023-12-08; CREC 4th Bureau 2022-11-17 (via REFERENCE.md); end stations {OSM_SOURCE}',
        **cite(bi('中新网、科技日报2023年12月8日报道', 'China News Service (中新网) and Science and Technology Daily (科技日报) reports of 8 December 2023'),
               bi('中铁四局2022年11月17日发布的信息', 'a China Railway No. 4 Engineering Group (中铁四局) release of 17 November 2022'),
               bi('两端车站位置取自OpenStreetMap', 'end stations from OpenStreetMap')),
        'accuracy': 'schematic'})
    station_features = []
    work_line = to_work(line)
    previous_distance = -1.0
    for order, station in enumerate(stations, start=1):
        point = Point(round(station[3], 6), round(station[4], 6))
        original = STATIONS[order - 1]
        moved_m = GEOD.inv(original[3], original[4], point.x, point.y)[2]
        check(moved_m <= station[5], f'station {station[0]} moved {moved_m:.0f} m > uncertainty')
        check(LAND_LONLAT.contains(point), f'station {station[0]} not on land')
        check(work_line.distance(to_work(point)) < 1e-3, f'station {station[0]} off the line')
        along = work_line.project(to_work(point))
        check(along > previous_distance, f'station {station[0]} out of order along the line')
        previous_distance = along
        inland_km = COAST.distance(to_work(point)) / 1000
        public = station[9]
        note = STATION_NOTES[station[0]]
        note_told = dict(STATION_NOTES_TOLD[station[0]])
        if moved_m >= 10:
            note += f'; moved {moved_m / 1000:.1f} km from the estimate, within its uncertainty (see layer notes)'
            note_told['zh'] += f'；已从估计位置移动{moved_m / 1000:.1f}公里，仍在其不确定度以内'
            note_told['en'] += f'; moved {moved_m / 1000:.1f} km from the estimate, within its uncertainty'
        station_features.append(feature(point, {
            'id': f'station-{station[0]}', 'name_zh': f'{station[1]}站', 'name_en': f'{station[2]} Station',
            'order': order, 'station_status': station[6], 'lines': STATION_LINES.get(station[0], LAIRONG),
            'connections_zh': station[7], 'connections_en': station[8],
            'uncertainty_m': station[5], 'position_kind': 'public' if public else 'estimate',
            'position_note': note, **told('position_note', note_told),
            'source': OSM_SOURCE if public else f'{REFERENCE} (estimate)',
            **cite(LAIRONG_REPORTS, bi('位置取自OpenStreetMap车站点', 'position from the OpenStreetMap station point') if public
                   else bi('位置为估计，未找到公开坐标', 'the position is an estimate, no public coordinate found')),
            'accuracy': 'digitized' if public else 'schematic'}))
        report('hsr-stations', station[1], f'{point.y:.4f} N {point.x:.4f} E; moved {moved_m:.0f} m; {inland_km:.1f} km from shore', f'±{station[5]} m', 'ok' if moved_m <= station[5] else 'FAIL')
    return [line_feature], station_features


HSR_META = {
    'id': 'hsr-line',
    'title': bi('莱荣高铁', 'Laixi–Rongcheng HSR'),
    'description': bi('莱西至荣成高速铁路，2023年12月8日开通，全长193公里，设计时速350公里（线位示意）。', 'Laixi–Rongcheng high-speed railway, opened 8 Dec 2023, 193 km, 350 km/h design speed (schematic alignment).'),
    'group': 'transport', 'geometryType': 'LineString',
    'style': {'type': 'line', 'color': '#8b1a1a', 'width': 3, 'label': {'minzoom': 9, 'size': 12, 'color': '#5c1010', 'halo': '#ffffff'}},
    'provenance': {
        'source': f'Opening date, length, design speed and station list: 中新网 2023-12-08, 科技日报 2023-12-08, CREC 4th Bureau 2022-11-17 (REFERENCE.md). End stations 莱西 and 荣成: {OSM_SOURCE}. New stations: REFERENCE.md estimates.',
        'citation': bi('开通日期、线路长度、设计时速和车站名单据中新网、科技日报2023年12月8日报道及中铁四局2022年11月17日发布的信息；莱西、荣成站位置取自OpenStreetMap，其余五站为估计位置，线位是连接各站的示意线。',
                       'Opening date, length, design speed and stations from China News Service (中新网) and Science and Technology Daily (科技日报) reports of 8 December 2023 and a China Railway No. 4 Engineering Group (中铁四局) release of 17 November 2022; Laixi and Rongcheng stations at their OpenStreetMap positions, the other five estimated. The line is a schematic link between the stations.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Polyline through the seven station positions, west to east, plus three waypoints that keep it on GSHHG land (north of the 乳山河 arm of 乳山湾 and inland of the 南海 inlet). 莱西 and 荣成 sit on their public (OpenStreetMap) positions; the five new stations have no public position and keep the REFERENCE.md estimates (威海南海 moved ~1 km inland off the inlet shore). Nothing is moved to match the published length: the geodesic (GRS80) length of the straight runs is ≈1.6% below the published 193 km, as expected of a polyline through stations; the generator checks it stays within ±3%. kind = high-speed (《铁路安全管理条例》第二十七条 widths). Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic alignment: atlas authors (CC0)',
    'visible': True, 'order': 60,
    'fields': [
        {'key': 'kind', 'label': bi('铁路类别', 'Railway kind'), 'values': {'high-speed': bi('高速铁路', 'High-speed railway'), 'ordinary': bi('普速铁路', 'Ordinary railway')}},
        {'key': 'opened', 'label': bi('开通日期', 'Opened'), 'unit': 'date'},
        {'key': 'design_speed_kmh', 'label': bi('设计时速', 'Design speed'), 'unit': 'km/h'},
        {'key': 'length_km_published', 'label': bi('公布全长', 'Published length'), 'unit': 'km'},
        {'key': 'main_line_km_published', 'label': bi('正线长度', 'Main line length'), 'unit': 'km'},
        {'key': 'stations', 'label': bi('车站（自西向东）', 'Stations (west to east)'), 'list': True},
        *text_fields('name_note', bi('名称说明', 'Name note')),
        *text_fields('route_note', bi('线位说明', 'Alignment note')),
        *SOURCE_FIELDS,
    ],
}
UNCERTAINTY_FIELD = {'key': 'uncertainty_m', 'label': bi('位置不确定度', 'Position uncertainty'), 'unit': 'm'}
POSITION_KIND_FIELD = {'key': 'position_kind', 'label': bi('位置来源类型', 'Position from'),
                       'values': {'public': bi('公开坐标', 'Public coordinate'), 'estimate': bi('估计位置', 'Estimate')}}
LINES_FIELD = {'key': 'lines', 'label': bi('所在线路', 'Lines'), 'list': True,
               'values': {LAIRONG: bi(LAIRONG, 'Laixi–Rongcheng HSR'), QINGRONG: bi(QINGRONG, 'Qingdao–Rongcheng intercity'),
                          TAOWEI: bi(TAOWEI, 'Taocun–Weihai railway')}}
STATION_META = {
    'id': 'hsr-stations',
    'title': bi('莱荣高铁车站', 'Laixi–Rongcheng HSR stations'),
    'description': bi('莱荣高铁七座车站：莱西、荣成为公开坐标，五座新站为估计位置。', 'The seven stations of the Laixi–Rongcheng HSR: Laixi and Rongcheng at public positions, the five new stations estimated.'),
    'group': 'transport', 'geometryType': 'Point',
    'style': {'type': 'circle', 'color': '#ffffff', 'outline': '#222222', 'width': 2, 'radius': 5,
              'label': {'minzoom': 8, 'size': 12, 'color': '#222222', 'halo': '#ffffff'}},
    'provenance': {
        'source': f'Station list, order and connections: REFERENCE.md (莱荣高铁, from 中新网/科技日报 2023-12-08). Positions: 莱西 and 荣成 {OSM_SOURCE} (±100 m); the others REFERENCE.md estimates with their uncertainty.',
        'citation': bi('车站名单与站序据中新网、科技日报2023年12月8日报道；莱西、荣成站位置取自OpenStreetMap（约±100米），其余五站为估计位置。',
                       'Station list and order from China News Service (中新网) and Science and Technology Daily (科技日报) reports of 8 December 2023; Laixi and Rongcheng at their OpenStreetMap positions (about ±100 m), the other five stations estimated.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Each point carries source, uncertainty_m and position_note; accuracy is "digitized" for the two public positions and "schematic" for the estimates. 威海南海 and 莱阳南 are moved within their stated uncertainty (see the hsr-line notes). The line passes through every station in order. Checked against tests/fixtures/expected/public-positions.json by tests/unit/layer-positions.test.ts. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Stations: atlas authors (CC0); public positions © OpenStreetMap contributors (ODbL)',
    'visible': True, 'order': 70,
    'fields': [
        {'key': 'order', 'label': bi('站序（自西向东）', 'Order (west to east)'), 'unit': 'text'},
        {'key': 'station_status', 'label': bi('车站类型', 'Station'), 'values': {'existing': bi('既有站', 'Existing station'), 'new': bi('新建站', 'New station')}},
        LINES_FIELD,
        *text_fields('connections', bi('衔接线路', 'Connections'), list_=True),
        POSITION_KIND_FIELD, UNCERTAINTY_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS,
    ],
}

# Existing railways (REFERENCE.md "Other railways"). Only stations with a public position are
# drawn; the line between consecutive stations is a straight, schematic run.
# (id, zh, en, lon, lat) — all from the OSM station file, ±100 m.
RAILWAY_STATIONS = {
    'laiyang': ('莱阳', 'Laiyang', 120.7043, 36.9275),
    'haiyang-north': ('海阳北', 'Haiyang North', 120.9561, 37.0688),
    'taocun-north': ('桃村北', 'Taocun North', 121.1415, 37.2109),
    'weihai-north': ('威海北', 'Weihai North', 122.0430, 37.4953),
    'weihai': ('威海', 'Weihai', 122.1386, 37.4260),
    'wendeng-east': ('文登东', 'Wendeng East', 122.2534, 37.2404),
    'taocun': ('桃村', 'Taocun', 121.1368, 37.1881),
    'rushan': ('乳山', 'Rushan', 121.5020, 36.9967),
    'xiachu': ('下初', 'Xiachu', 121.6002, 37.0247),
    'wendeng': ('文登', 'Wendeng', 121.9858, 37.1786),
}
RAILWAY_STATION_NOTES = {
    'taocun-north': 'public position (OSM "Taocun North"); on 青荣城际 between 海阳北 and 威海北',
    'taocun': 'public position (OSM "Taocun"); west end of 桃威铁路 at its junction with the 蓝烟 line',
    'rushan': 'public position (OSM "Rushan"); the 桃威铁路 station at 午极镇 (REFERENCE.md), not 乳山南 of 莱荣',
    'xiachu': 'public position (OSM "Xiachu"); taken as a 桃威铁路 station because 桃威 is the only railway through 下初镇 (our reading)',
    'weihai': 'public position (OSM "Weihai"); served by 青荣城际 and the 桃威铁路 terminus',
}
OSM_TOLD = bi('公开坐标（OpenStreetMap车站点）', 'Public position (OpenStreetMap station point)')
RAILWAY_STATION_NOTES_TOLD = {
    'taocun-north': bi(f'{OSM_TOLD["zh"]}；位于青荣城际海阳北站与威海北站之间',
                       f'{OSM_TOLD["en"]}; on the Qingdao–Rongcheng intercity between Haiyang North and Weihai North'),
    'taocun': bi(f'{OSM_TOLD["zh"]}；桃威铁路西端，在此与蓝烟铁路相接',
                 f'{OSM_TOLD["en"]}; west end of the Taocun–Weihai railway, where it meets the Lanyan line'),
    'rushan': bi(f'{OSM_TOLD["zh"]}；桃威铁路位于午极镇的车站，不是莱荣高铁的乳山南站',
                 f'{OSM_TOLD["en"]}; the Taocun–Weihai railway\'s station at Wuji, not Rushan South on the Laixi–Rongcheng line'),
    'xiachu': bi(f'{OSM_TOLD["zh"]}；因桃威铁路是经过下初镇的唯一铁路，本图集把它算作桃威铁路车站',
                 f'{OSM_TOLD["en"]}; taken as a Taocun–Weihai station because that is the only railway through Xiachu (our reading)'),
    'weihai': bi(f'{OSM_TOLD["zh"]}；青荣城际在此停靠，也是桃威铁路的终点站',
                 f'{OSM_TOLD["en"]}; served by the Qingdao–Rongcheng intercity and the terminus of the Taocun–Weihai railway'),
}
# (id, zh, en, kind, station ids in order; '@laixi' / '@rongcheng' = the shared hsr-stations points)
RAILWAYS = [
    dict(id='qingrong-intercity', name_zh='青荣城际铁路（莱西—荣成段）', name_en='Qingdao–Rongcheng intercity railway (Laixi–Rongcheng section)',
         kind='high-speed', line=QINGRONG,
         stations=['@laixi', 'laiyang', 'haiyang-north', 'taocun-north', (121.93, 37.39), (122.0, 37.42), 'weihai-north', 'weihai', 'wendeng-east', '@rongcheng'],
         route_note='drawn from 莱西 (the atlas frame) to 荣成; the section west of 莱西 to 即墨/青岛 is not drawn; stations between 桃村北 and 威海北 are not listed in our sources ("…" in REFERENCE.md), so that run is schematic, with two waypoints (not stations) that keep it south of the 双岛湾 inlet on GSHHG land',
         route_told=bi('只画莱西（本图集边缘）至荣成段，莱西以西至即墨、青岛段未画；所据资料未列出桃村北与威海北之间的车站，这一段为示意，另加两个途经点（不是车站）使线路保持在双岛湾以南的陆地上',
                       'Drawn from Laixi (the edge of the atlas) to Rongcheng; the section west of Laixi to Jimo and Qingdao is not drawn. Our sources list no stations between Taocun North and Weihai North, so that run is schematic, with two waypoints (not stations) that keep it on land south of the Shuangdao Bay inlet')),
    dict(id='taowei-railway', name_zh='桃威铁路', name_en='Taocun–Weihai railway',
         kind='ordinary', line=TAOWEI,
         stations=['taocun', 'rushan', 'xiachu', 'wendeng', 'weihai'],
         route_note='straight runs between its public station positions; the alignment between stations is schematic',
         route_told=bi('各站公开坐标之间以直线相连；站间线位为示意', 'Straight runs between its stations\' public positions; the alignment between stations is schematic')),
]


def railway_station_position(reference, hsr_positions):
    if isinstance(reference, tuple):  # a waypoint, not a station
        return reference
    if reference.startswith('@'):
        return hsr_positions[reference[1:]]
    _, _, lon, lat = RAILWAY_STATIONS[reference]
    return (lon, lat)


def names_of(railway):
    return [reference for reference in railway['stations'] if not isinstance(reference, tuple)]


def build_railways(hsr_station_features):
    hsr_positions = {item['properties']['id'][len('station-'):]: tuple(item['geometry']['coordinates']) for item in hsr_station_features}
    lines, memberships = [], {}
    for railway in RAILWAYS:
        coordinates = [railway_station_position(reference, hsr_positions) for reference in railway['stations']]
        line = LineString(coordinates)
        on_land = land_fraction(line)
        check(on_land > 0.995, f"railway {railway['id']} only {on_land:.4%} on land")
        length = geod_length_km(line)
        report('railways', railway['line'], f'{length:.2f} km through {len(names_of(railway))} stations (land {on_land:.2%})', 'no published length used', 'schematic')
        names = []
        for reference in railway['stations']:
            if isinstance(reference, tuple):
                continue
            key = reference.lstrip('@')
            memberships.setdefault(key, []).append(railway['line'])
            names.append(STATION_NAME_ZH.get(key) or RAILWAY_STATIONS[key][0])
        lines.append(feature(line, {
            'id': railway['id'], 'name_zh': railway['name_zh'], 'name_en': railway['name_en'],
            'kind': railway['kind'], 'stations': ';'.join(names), 'route_note': railway['route_note'],
            **told('route_note', railway['route_told']),
            'source': f'line, kind and stations: REFERENCE.md ("Other railways"); station positions: {OSM_SOURCE}',
            **cite(bi('线路类别和车站据公开资料', 'kind and stations from public sources'), bi('车站位置取自OpenStreetMap', 'station positions from OpenStreetMap')),
            'accuracy': 'schematic'}))
    stations = []
    for key, (name_zh, name_en, lon, lat) in RAILWAY_STATIONS.items():
        point = Point(lon, lat)
        check(LAND_LONLAT.contains(point), f'railway station {key} not on land')
        stations.append(feature(point, {
            'id': f'railway-station-{key}', 'name_zh': f'{name_zh}站', 'name_en': f'{name_en} Station',
            'lines': ';'.join(memberships.get(key, [])), 'uncertainty_m': OSM_UNCERTAINTY_M, 'position_kind': 'public',
            'position_note': RAILWAY_STATION_NOTES.get(key, 'public position (OSM station file)'),
            **told('position_note', RAILWAY_STATION_NOTES_TOLD.get(key, OSM_TOLD)),
            'source': OSM_SOURCE, **cite(bi('位置取自OpenStreetMap车站点', 'position from the OpenStreetMap station point'), bi('所属线路据公开资料', 'lines from public sources')),
            'accuracy': 'digitized'}))
        check(bool(memberships.get(key)), f'railway station {key} on no line')
        report('railway-stations', name_zh, f'{lat:.4f} N {lon:.4f} E', '±100 m (OSM)', ';'.join(memberships.get(key, [])))
    return lines, stations


STATION_NAME_ZH = {row[0]: row[1] for row in STATIONS}

RAILWAY_META = {
    'id': 'railways',
    'title': bi('既有铁路', 'Existing railways'),
    'description': bi('青荣城际（高速铁路）与桃威铁路（普速铁路），线位为车站之间的示意直线。', 'The Qingdao–Rongcheng intercity (high-speed) and the Taocun–Weihai railway (ordinary); straight schematic runs between stations.'),
    'group': 'transport', 'geometryType': 'LineString',
    'style': {'type': 'line', 'color': '#5b3a29', 'width': 2.5,
              'colorBy': {'field': 'kind', 'values': {'high-speed': '#b03a2e', 'ordinary': '#5b3a29'}},
              'label': {'minzoom': 9, 'size': 11, 'color': '#3d2418', 'halo': '#ffffff'}},
    'provenance': {
        'source': f'Lines, kinds and station lists: REFERENCE.md ("Other railways": 青荣城际 high-speed; 桃威铁路 ordinary, through 乳山 and 文登). Station positions: {OSM_SOURCE}.',
        'citation': bi('青荣城际铁路、桃威铁路的线路类别和车站据公开资料，车站位置取自OpenStreetMap；站间以直线相连，是示意线位，并非实际轨道。',
                       'Kinds and stations of the Qingdao–Rongcheng intercity railway and the Taocun–Weihai railway from public sources, station positions from OpenStreetMap; between stations the line is drawn straight, a schematic run, not the track.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Each line is a polyline through its stations in order; between stations it is a straight schematic run, not the track. kind (high-speed | ordinary) selects the 《铁路安全管理条例》第二十七条 protection-zone width in the siting review. 青荣城际 is drawn only from 莱西 eastward; stations between 桃村北 and 威海北 are not in our sources. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic railways: atlas authors (CC0); station positions © OpenStreetMap contributors (ODbL)',
    'visible': True, 'order': 58,
    'fields': [
        HSR_META['fields'][0],
        {'key': 'stations', 'label': bi('车站（按线路顺序）', 'Stations (in line order)'), 'list': True},
        *text_fields('route_note', bi('线位说明', 'Alignment note')),
        *SOURCE_FIELDS,
    ],
}
RAILWAY_STATION_META = {
    'id': 'railway-stations',
    'title': bi('既有铁路车站', 'Existing railway stations'),
    'description': bi('青荣城际与桃威铁路车站（莱西、荣成见莱荣高铁车站图层），公开坐标。', 'Stations of the Qingdao–Rongcheng intercity and the Taocun–Weihai railway at public positions (Laixi and Rongcheng are in the HSR stations layer).'),
    'group': 'transport', 'geometryType': 'Point',
    'style': {'type': 'circle', 'color': '#ffffff', 'outline': '#5b3a29', 'width': 1.5, 'radius': 4,
              'label': {'minzoom': 9, 'size': 11, 'color': '#3d2418', 'halo': '#ffffff'}},
    'provenance': {
        'source': f'{OSM_SOURCE}; line membership from REFERENCE.md.',
        'citation': bi('车站位置取自OpenStreetMap的车站点（约±100米），所属线路据公开资料。',
                       'Station positions are OpenStreetMap station points (about ±100 m); the lines they serve from public sources.'),
        'date': AUTHORED, 'accuracy': 'digitized',
        'notes': 'Positions are the OpenStreetMap station points (4 decimals, ±100 m). 莱西 and 荣成, shared with 莱荣, are drawn once, in hsr-stations, with lines listing both. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Station positions © OpenStreetMap contributors (ODbL)',
    'visible': True, 'order': 69,
    'fields': [LINES_FIELD, POSITION_KIND_FIELD, UNCERTAINTY_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS],
}


# ================================================================ bridge
BRIDGE_LENGTH_KM = 3.31
# The 2-decimal tide-station position alone carries ≈±700 m; the crossing line is our placement.
BRIDGE_UNCERTAINTY_M = 1500


def build_bridge():
    """乳山口大桥: a straight crossing of the narrowest part of the mouth (≈36.779 N on GSHHG),
    from 乳山寨镇 on the west bank to 海阳所镇 on the east bank, 3.31 km long."""
    west, east = (121.4555, 36.7792), (121.4925, 36.7788)
    line = LineString([west, east])
    centre = line.interpolate(0.5, normalized=True)
    factor = BRIDGE_LENGTH_KM / geod_length_km(line)
    line = affinity.scale(line, factor, factor, origin=centre)
    line = LineString([(round(x, 6), round(y, 6)) for x, y in line.coords])
    length = geod_length_km(line)
    start, end = Point(line.coords[0]), Point(line.coords[-1])
    check(LAND_LONLAT.contains(start) and LAND_LONLAT.contains(end), 'bridge ends not on land')
    water_share = 1 - land_fraction(line)
    check(not LAND_LONLAT.contains(line.interpolate(0.5, normalized=True)), 'bridge middle not over water')
    check(abs(length - BRIDGE_LENGTH_KM) / BRIDGE_LENGTH_KM <= 0.01, f'bridge length {length:.3f}')
    report('bridges', '乳山口大桥', f'{length:.3f} km; {water_share:.0%} over water', '3.31 km route length', f'{(length - 3.31) / 3.31:+.3%}')
    return [feature(line, {
        'id': 'rushankou-bridge', 'name_zh': '乳山口大桥', 'name_en': 'Rushankou Bridge',
        'road': 'G228', 'route_length_m_published': 3310, 'investment_yi': 12.2, 'design_speed_kmh': 80,
        'crossing': '乳山湾口：西岸乳山寨镇—东岸海阳所镇', 'crossing_en': 'Mouth of Rushan Bay: Rushanzhai (west bank) to Haiyangsuo (east bank)',
        'status': 'unknown',
        'status_note': 'seed 002 (2018) planned the start of works by the end of that year; later status not in our sources',
        **told('status_note', bi('乳山市2018年半年工作会议讲话提出当年年底前开工；此后的进展在所据资料中未见',
                                 'The Rushan 2018 half-year speech planned works to start by the end of 2018; later status not in our sources')),
        'uncertainty_m': BRIDGE_UNCERTAINTY_M, 'position_kind': 'estimate',
        'position_note': f'no public coordinates of the bridge or its ends found: drawn straight across the narrowest part of the 乳山湾 mouth on GSHHG, between the banks the source names; the mouth is confirmed by the 乳山口 tide station (36.79 N 121.48 E, 2 decimals); ends {line.coords[0][1]:.4f} N {line.coords[0][0]:.4f} E and {line.coords[-1][1]:.4f} N {line.coords[-1][0]:.4f} E',
        **told('position_note', bi(f'未找到大桥及两端的公开坐标：按GSHHG海岸线在乳山湾口最窄处、报道所说的两岸之间画成直线；湾口位置与乳山口潮位站（北纬36.79°、东经121.48°，两位小数）相符；两端位于北纬{line.coords[0][1]:.4f}°、东经{line.coords[0][0]:.4f}°和北纬{line.coords[-1][1]:.4f}°、东经{line.coords[-1][0]:.4f}°',
                                   f'No public coordinates of the bridge or its ends found: drawn straight across the narrowest part of the mouth of Rushan Bay on the GSHHG coastline, between the banks the report names; the mouth matches the Rushankou tide station (36.79 N 121.48 E, two decimals); ends at {line.coords[0][1]:.4f} N {line.coords[0][0]:.4f} E and {line.coords[-1][1]:.4f} N {line.coords[-1][0]:.4f} E')),
        'source': '青岛新闻网 2018-11-04 (via REFERENCE.md); seed 002',
        **cite(bi('青岛新闻网2018年11月4日报道', 'a 青岛新闻网 (Qingdao news website) report of 4 November 2018'), DOC_002),
        'accuracy': 'schematic'})], line


BRIDGE_META = {
    'id': 'bridges',
    'title': bi('桥梁', 'Bridges'),
    'description': bi('乳山口大桥（G228丹东线），跨乳山湾口，路线长3310米。', 'Rushankou Bridge on G228 across the mouth of Rushan Bay, route length 3,310 m.'),
    'group': 'transport', 'geometryType': 'LineString',
    'style': {'type': 'line', 'color': '#6a3d9a', 'width': 4, 'label': {'minzoom': 10, 'size': 12, 'color': '#3f1f66', 'halo': '#ffffff'}},
    'provenance': {
        'source': '青岛新闻网 2018-11-04 (route length 3,310 m, 12.2亿元, 80 km/h, banks named) via REFERENCE.md; GSHHG 2.3.7 full coastline for the mouth.',
        'citation': bi('路线长度、投资、设计时速及两岸位置据青岛新闻网2018年11月4日报道；桥位是按GSHHG海岸线在乳山口最窄处画出的示意线。',
                       'Route length, cost, design speed and landing banks from a 青岛新闻网 (Qingdao news website) report of 4 November 2018; the line is a schematic crossing drawn at the narrowest point of the Rushankou mouth on the GSHHG coastline.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Straight line across the narrowest part of the 乳山湾 mouth as resolved by GSHHG (≈36.779 N), centred on the channel and scaled to the published 3.31 km route length (geodesic). Ends on land, middle over water. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic bridge: atlas authors (CC0)',
    'visible': True, 'order': 65,
    'fields': [
        {'key': 'road', 'label': bi('所在道路', 'Road'), 'unit': 'text'},
        {'key': 'route_length_m_published', 'label': bi('路线长度（公布）', 'Route length (published)'), 'unit': 'm'},
        {'key': 'investment_yi', 'label': bi('投资', 'Investment'), 'unit': 'yuan-yi'},
        {'key': 'design_speed_kmh', 'label': bi('设计速度', 'Design speed'), 'unit': 'km/h'},
        # `crossing` is the Chinese text (it predates the _zh/_en names).
        {'key': 'crossing', 'label': bi('跨越位置', 'Crossing'), 'unit': 'text', 'lang': 'zh'},
        {'key': 'crossing_en', 'label': bi('跨越位置', 'Crossing'), 'unit': 'text', 'lang': 'en'},
        {'key': 'status', 'label': bi('状态', 'Status'), 'values': STATUS_VALUES},
        *text_fields('status_note', bi('状态说明', 'Status note')),
        POSITION_KIND_FIELD, UNCERTAINTY_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS,
    ],
}


# ================================================================ ports
PORTS = [
    dict(id='rushan-port', name_zh='乳山港', name_en='Rushan Port', at=(121.49, 36.78), uncertainty_m=2000,
         props={'port_class': 'national-class-1-open', 'open_since': '2017-06', 'berths': 4, 'berths_20000t': 2,
                'berth_length_m': 390, 'berth_depth_m': -10.9, 'capacity_mt_per_year': 1.8, 'channel_km': 11.2},
         source='REFERENCE.md (乳山港); seed 002 (一类口岸 approved June of the previous year)',
         cited=cite(bi('公开资料', 'public sources'), bi('乳山市2018年半年工作会议讲话（获批一类开放口岸）', 'a speech at Rushan\'s 2018 half-year work conference (approval as a class-1 open port)'))),
    dict(id='weihai-port', uncertainty_m=5000, name_zh='威海港', name_en='Weihai Port', at=(122.175, 37.455), props={}, source='position estimate only; figures not sourced'),
    dict(id='shidao-port', uncertainty_m=5000, name_zh='石岛港', name_en='Shidao Port', at=(122.43, 36.88), props={}, source='position estimate only; figures not sourced'),
    dict(id='longyan-port', uncertainty_m=5000, name_zh='龙眼港', name_en='Longyan Port', at=(122.58, 37.21), props={}, source='position estimate only; figures not sourced'),
]
PORT_ESTIMATE_ONLY = cite(bi('只有估计位置，未找到可以引用的数据', 'estimated position only; no figures we could source'))


def build_ports():
    features = []
    for port in PORTS:
        estimate = work_point(*port['at'])
        shore_point = nearest_points(COAST, estimate)[0]
        # Step 40 m inland from the shoreline so the point sits on the quay side of the line.
        inland = LAND.buffer(-40).boundary
        point = nearest_points(inland, shore_point)[0]
        point_lonlat = to_lonlat(point)
        shore_km = COAST.distance(to_work(point_lonlat)) / 1000
        moved_km = estimate.distance(point) / 1000
        check(LAND_LONLAT.contains(point_lonlat) and shore_km <= 1.0, f"port {port['id']} not on the shore")
        properties = {'id': port['id'], 'name_zh': port['name_zh'], 'name_en': port['name_en'],
                      'port_class': None, 'open_since': None, 'berths': None, 'berths_20000t': None,
                      'berth_length_m': None, 'berth_depth_m': None, 'capacity_mt_per_year': None, 'channel_km': None}
        properties.update(port['props'])
        properties.update({
            'uncertainty_m': port['uncertainty_m'], 'position_kind': 'estimate',
            'position_note': f'no public coordinate found; on land at the shoreline point nearest the estimated position ({port["at"][1]:.3f} N {port["at"][0]:.3f} E), {moved_km:.2f} km from it, {shore_km * 1000:.0f} m inland of the GSHHG shore',
            **told('position_note', bi(f'未找到公开坐标；放在离估计位置（北纬{port["at"][1]:.3f}°、东经{port["at"][0]:.3f}°）最近的海岸处，距估计位置{moved_km:.2f}公里，在GSHHG海岸线以内{shore_km * 1000:.0f}米的陆地上',
                                       f'No public coordinate found; placed on land at the shoreline point nearest the estimated position ({port["at"][1]:.3f} N {port["at"][0]:.3f} E), {moved_km:.2f} km from it and {shore_km * 1000:.0f} m inland of the GSHHG coastline')),
            'source': port['source'], **port.get('cited', PORT_ESTIMATE_ONLY), 'accuracy': 'schematic'})
        features.append(feature(point_lonlat, properties))
        report('ports', port['name_zh'], f'{shore_km * 1000:.0f} m from shore, moved {moved_km:.2f} km', 'on the shore (≤1 km)', 'ok')
    return features


PORT_META = {
    'id': 'ports',
    'title': bi('港口', 'Ports'),
    'description': bi('乳山港及威海其他主要港口（位置示意）。', 'Rushan Port and Weihai\'s other main ports (schematic positions).'),
    'group': 'transport', 'geometryType': 'Point',
    'style': {'type': 'circle', 'color': '#1f4e79', 'outline': '#ffffff', 'width': 1.5, 'radius': 6,
              'label': {'minzoom': 8, 'size': 12, 'color': '#1f4e79', 'halo': '#ffffff'}},
    'provenance': {
        'source': '乳山港 figures: REFERENCE.md (class-1 open port June 2017; 4 berths, two 20,000 t berths 390 m / −10.9 m; 1.8 Mt/yr; 11.2 km channel) and seed 002. Other ports: names only.',
        'citation': bi('乳山港的口岸等级、泊位、吞吐能力和航道数据据公开资料，获批一类开放口岸一事另见乳山市2018年半年工作会议讲话；其他港口只标名称。各港位置为估计位置，并移至GSHHG海岸线上。',
                       'Rushan Port\'s open-port status, berths, capacity and channel from public sources, its approval as a class-1 open port also from a speech at Rushan\'s 2018 half-year work conference; other ports are named only. Each port is an estimated position moved onto the GSHHG coastline.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Each point is snapped from an estimated position to the nearest GSHHG shoreline and placed 40 m inland (on the quay side). No figures are given for 威海港, 石岛港 and 龙眼港: we found none we could source. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic ports: atlas authors (CC0)',
    'visible': True, 'order': 75,
    'fields': [
        {'key': 'port_class', 'label': bi('口岸类别', 'Port class'), 'values': {'national-class-1-open': bi('国家一类开放口岸', 'National class-1 open port')}},
        {'key': 'open_since', 'label': bi('获批开放', 'Open since'), 'unit': 'text'},
        {'key': 'berths', 'label': bi('泊位数', 'Berths'), 'unit': 'text'},
        {'key': 'berths_20000t', 'label': bi('2万吨级泊位', '20,000 t berths'), 'unit': 'text'},
        {'key': 'berth_length_m', 'label': bi('2万吨级泊位岸线长', 'Length of the 20,000 t berths'), 'unit': 'm'},
        {'key': 'berth_depth_m', 'label': bi('泊位水深', 'Berth depth'), 'unit': 'm'},
        {'key': 'capacity_mt_per_year', 'label': bi('年通过能力（百万吨）', 'Capacity (Mt per year)'), 'unit': 'text'},
        {'key': 'channel_km', 'label': bi('进港航道长度', 'Approach channel'), 'unit': 'km'},
        POSITION_KIND_FIELD, UNCERTAINTY_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS,
    ],
}


# ================================================================ roads
WENLAI_KM = 133.561
WENLAI_WEIHAI_KM = 70.261
WENLAI_YANTAI_KM = 63.3
# 文莱高速 from 宋村镇臧格庄 (文登区) westward through 文登 and 乳山 (north of the city, past the
# 下初 link) to the 乳山/海阳 boundary (Weihai section, 70.261 km), then through 海阳 to
# 冯格庄街道西青埠 (莱阳), where it meets the 潍莱 expressway (Yantai section, 63.3 km). All (est.).
WENLAI_WEIHAI_ANCHORS = [(121.995, 37.065), (121.86, 37.035), (121.70, 36.995), (121.56, 36.968), (121.40, 36.948)]
WENLAI_BORDER_LAT = 36.935  # crossing of the 乳山/海阳 boundary; its longitude is solved below
WENLAI_YANTAI_ANCHORS = [(121.05, 36.87), (120.90, 36.875), (120.76, 36.93), (120.64, 36.975)]
# G228 through Rushan, west (海阳 boundary) to east (文登 boundary), inland of the shore.
G228_WEST = [(121.19, 36.735), (121.26, 36.745), (121.33, 36.765), (121.395, 36.772), (121.43, 36.777)]
G228_EAST = [(121.52, 36.786), (121.56, 36.792), (121.60, 36.797), (121.613, 36.815), (121.626, 36.840),
             (121.66, 36.850), (121.70, 36.853), (121.742, 36.866), (121.762, 36.897), (121.80, 36.918), (121.84, 36.938)]


def chaikin(points, iterations=3):
    """Corner-cutting smoothing (Chaikin 1974); keeps both end points."""
    for _ in range(iterations):
        smoothed = [points[0]]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            smoothed.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            smoothed.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        smoothed.append(points[-1])
        points = smoothed
    return points


def bowed(points, bend):
    """Chaikin-smoothed path whose departure from its end-to-end chord is scaled by `bend`."""
    (x0, y0), (x1, y1) = points[0], points[-1]
    result = []
    for lon, lat in chaikin(points):
        t = (lon - x0) / (x1 - x0)
        chord_lat = y0 + t * (y1 - y0)
        result.append((round(lon, 6), round(chord_lat + bend * (lat - chord_lat), 6)))
    return LineString(result)


def wenlai_sections():
    """Two sections sized to the published figures: the Weihai one by where it meets the
    乳山/海阳 boundary (its longitude, within 121.15–121.35°E), the Yantai one by its bow."""
    def weihai_for(border_lon):
        return bowed(WENLAI_WEIHAI_ANCHORS + [(border_lon, WENLAI_BORDER_LAT)], 1.0)

    border_lon = -bisect(lambda value: geod_length_km(weihai_for(-value)), -121.35, -121.15, WENLAI_WEIHAI_KM)
    weihai = weihai_for(border_lon)
    border = weihai.coords[-1]

    def yantai_for(bend):
        return bowed([border] + WENLAI_YANTAI_ANCHORS, bend)

    bend = bisect(lambda value: geod_length_km(yantai_for(value)), 0.0, 5.0, WENLAI_YANTAI_KM)
    return weihai, yantai_for(bend)


def build_roads(bridge_line):
    features = []
    weihai, yantai = wenlai_sections()
    wenlai = LineString(list(weihai.coords) + list(yantai.coords)[1:])
    length = geod_length_km(wenlai)
    report('roads', '文莱高速 Weihai section', f'{geod_length_km(weihai):.2f} km (ends at {weihai.coords[-1][0]:.3f} E)', '70.261 km', f'{(geod_length_km(weihai) - WENLAI_WEIHAI_KM) / WENLAI_WEIHAI_KM:+.3%}')
    report('roads', '文莱高速 Yantai section', f'{geod_length_km(yantai):.2f} km', '63.3 km', f'{(geod_length_km(yantai) - WENLAI_YANTAI_KM) / WENLAI_YANTAI_KM:+.3%}')
    on_land = land_fraction(wenlai)
    check(abs(length - WENLAI_KM) / WENLAI_KM <= 0.01, f'文莱 length {length:.2f}')
    check(on_land > 0.999, f'文莱 {on_land:.4%} on land')
    report('roads', '文莱高速', f'{length:.2f} km (land {on_land:.2%})', '133.561 km main line', f'{(length - WENLAI_KM) / WENLAI_KM:+.3%}')
    features.append(feature(wenlai, {
        'id': 'wenlai-expressway', 'name_zh': '文莱高速（文登至莱阳高速公路）', 'name_en': 'Wendeng–Laiyang Expressway',
        'road_class': 'expressway', 'road_number': None, 'opened': '2020-09-30',
        'length_km_published': WENLAI_KM, 'weihai_section_km_published': 70.261, 'yantai_section_km_published': 63.3,
        'link_roads_km_published': 33.201,
        'route_note': 'from 宋村镇臧格庄 (文登区) through 文登, 乳山, 海阳 to 冯格庄街道西青埠 (莱阳); schematic line sized to the published main-line length',
        **told('route_note', bi('自文登区宋村镇臧格庄起，经文登、乳山、海阳，至莱阳市冯格庄街道西青埠；示意线位，长度按公布的主线里程画出',
                                'From Zanggezhuang in Songcun (Wendeng) through Wendeng, Rushan and Haiyang to Xiqingbu in Fenggezhuang (Laiyang); a schematic line drawn to the published main-line length')),
        'source': '大众日报 2020-09-30; YMG 2020-09-30 (133.561 km, Weihai 70.261 km, Yantai 63.3 km, link roads 33.201 km); REFERENCE.md',
        **cite(bi('大众日报、YMG 2020年9月30日报道', 'Dazhong Daily (大众日报) and YMG reports of 30 September 2020')),
        'accuracy': 'schematic'}))
    west_end, east_end = bridge_line.coords[0], bridge_line.coords[-1]
    g228 = LineString(G228_WEST + [west_end, east_end] + G228_EAST)
    off_bridge = to_work(g228).difference(to_work(bridge_line).buffer(1))
    land_share = off_bridge.intersection(LAND).length / off_bridge.length
    check(land_share > 0.999, f'G228 off-bridge {land_share:.4%} on land')
    report('roads', 'G228 (乳山段)', f'{geod_length_km(g228):.2f} km; off-bridge land {land_share:.2%}', 'no published length for this section', 'schematic')
    features.append(feature(g228, {
        'id': 'g228-rushan', 'name_zh': 'G228丹东线（乳山段）', 'name_en': 'G228 Dandong Line (Rushan section)',
        'road_class': 'national', 'road_number': 'G228', 'opened': None,
        'length_km_published': None, 'weihai_section_km_published': None, 'yantai_section_km_published': None,
        'link_roads_km_published': None,
        'route_note': 'coastal national road through Rushan, crossing 乳山湾 mouth on the 乳山口大桥 (shares its geometry); alignment elsewhere schematic',
        **told('route_note', bi('沿海岸穿过乳山的国道，经乳山口大桥跨越乳山湾口（与大桥共用线位）；其余线位为示意',
                                'Coastal national road through Rushan, crossing the mouth of Rushan Bay on the Rushankou Bridge (same line as the bridge); elsewhere the alignment is schematic')),
        'source': 'REFERENCE.md (乳山口大桥 on G228 丹东线)',
        **cite(bi('青岛新闻网2018年11月4日关于乳山口大桥的报道', 'a 青岛新闻网 (Qingdao news website) report of 4 November 2018 on the Rushankou Bridge')),
        'accuracy': 'schematic'}))
    return features


ROAD_META = {
    'id': 'roads',
    'title': bi('高速公路与国道', 'Expressways and national roads'),
    'description': bi('文莱高速与G228丹东线乳山段（线位示意）。', 'Wendeng–Laiyang Expressway and the Rushan section of G228 (schematic alignments).'),
    'group': 'transport', 'geometryType': 'LineString',
    'style': {'type': 'line', 'color': '#e8891d', 'width': 2.5,
              'colorBy': {'field': 'road_class', 'values': {'expressway': '#e8891d', 'national': '#c9a227'}},
              'label': {'minzoom': 9, 'size': 11, 'color': '#7a4300', 'halo': '#ffffff'}},
    'provenance': {
        'source': '文莱高速: 大众日报 2020-09-30 and YMG 2020-09-30 (start 宋村镇臧格庄, end 冯格庄街道西青埠, 133.561 km, Weihai 70.261 km, Yantai 63.3 km); REFERENCE.md. G228: REFERENCE.md (乳山口大桥).',
        'citation': bi('文莱高速的起止点和里程据大众日报等媒体2020年9月30日报道；G228丹东线（乳山段）沿乳山海岸绘制，经乳山口大桥。两条线位均由估计的途经地点连成，是示意线位。',
                       'Start, end and lengths of the Wendeng–Laiyang Expressway from Dazhong Daily (大众日报) and YMG reports of 30 September 2020; the G228 Dandong Line (Rushan section) is drawn along the Rushan coast across the Rushankou Bridge. Both alignments join estimated places and are schematic.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Anchors are estimates of the places the sources name; the 文莱 anchor path is smoothed (Chaikin corner cutting); the Weihai section ends where its geodesic length reaches the published 70.261 km (taken as the 乳山/海阳 boundary), and the Yantai section is bowed south through 海阳 until it measures the published 63.3 km, so the whole line equals the published 133.561 km. G228 follows the Rushan coast inland of GSHHG and uses the bridge geometry across 乳山口. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic roads: atlas authors (CC0)',
    'visible': True, 'order': 50,
    'fields': [
        {'key': 'road_class', 'label': bi('道路等级', 'Road class'), 'values': {'expressway': bi('高速公路', 'Expressway'), 'national': bi('国道', 'National road')}},
        {'key': 'road_number', 'label': bi('编号', 'Number'), 'unit': 'text'},
        {'key': 'opened', 'label': bi('通车日期', 'Opened'), 'unit': 'date'},
        {'key': 'length_km_published', 'label': bi('主线长度（公布）', 'Main line (published)'), 'unit': 'km'},
        {'key': 'weihai_section_km_published', 'label': bi('威海段', 'Weihai section'), 'unit': 'km'},
        {'key': 'yantai_section_km_published', 'label': bi('烟台段', 'Yantai section'), 'unit': 'km'},
        {'key': 'link_roads_km_published', 'label': bi('连接线', 'Link roads'), 'unit': 'km'},
        *text_fields('route_note', bi('线位说明', 'Alignment note')),
        *SOURCE_FIELDS,
    ],
}


# ================================================================ key projects
# The county-level district each project is counted under (the board totals by it); a town
# stays in the position note.
DISTRICT_EN = {'乳山市': 'Rushan', '经区（东部滨海新城）': 'Economic Zone (Eastern Coastal New Town)'}
PROJECTS = [
    dict(id='xingyi-new-materials', name_zh='星宜新材料项目', name_en='Xingyi New Materials project', at=(121.545, 36.897),
         status='built', status_note='seed 002: signed, built and in production within the same year',
         investment_yi=None, district='乳山市', clusters='carbon-fibre-composites', rushan_industries=None,
         position_note='seed 002 names Rushan only; drawn in the 乳山经济开发区 outline', source=SEED_002),
    dict(id='fanhai-sunshine-new-energy', name_zh='泛海阳光新能源项目', name_en='Fanhai Sunshine New Energy project', at=(121.565, 36.91),
         status='signed', status_note='seed 002: "引进落地" (brought in and landed), 2018; construction state not stated',
         investment_yi=None, district='乳山市', clusters=None, rushan_industries='new-energy',
         position_note='seed 002 names Rushan only; drawn in the new-energy park', source=SEED_002),
    dict(id='fanuo-yachts', name_zh='法诺游艇项目', name_en='Fanuo Yachts project', at=(121.4673, 36.7907),
         status='signed', status_note='seed 000: one of 13 projects signed in Q1 (total 120亿元 for all 13)',
         investment_yi=None, district='乳山市', clusters='fashion-sports;equipment-smart-mfg', rushan_industries='equipment',
         position_note='seed 000 names Rushan only; drawn on the west bank of 乳山口 as a placeholder', source=SEED_000),
    dict(id='yintan-bio-health-park-project', name_zh='银滩生物医养产业园项目', name_en='Yintan Bio-medicine and Elderly-care Park project', at=(121.725, 36.862),
         status='signed', status_note='seed 000: one of 13 projects signed in Q1 (total 120亿元 for all 13)',
         investment_yi=None, district='乳山市', clusters='wellness-tourism;medicine-devices', rushan_industries='big-health',
         position_note='named after 银滩; same place as the park outline', source=SEED_000),
    dict(id='marine-bio-products-rd', name_zh='海洋生物产品研发生产项目', name_en='Marine biological products R&D and production project', at=(121.535, 36.79),
         status='signed', status_note='seed 000: one of 13 projects signed in Q1 (total 120亿元 for all 13)',
         investment_yi=None, district='乳山市', clusters='marine-bio-food', rushan_industries='food-processing;big-health',
         position_note='seed 000 names Rushan only; drawn on the 海阳所镇 peninsula near the oyster cluster as a placeholder', source=SEED_000),
    dict(id='oyster-town', name_zh='牡蛎小镇', name_en='Oyster Town', at=(121.5589, 36.7757),
         status='planned', status_note='seed 002: planning and design text due by the end of October (2018)',
         investment_yi=None, district='乳山市', clusters='marine-bio-food;wellness-tourism', rushan_industries='food-processing',
         planned_area_km2=3, core_area_km2=1,
         position_note='on the 海阳所镇 peninsula (bounded by sea on three sides, rushan.gov.cn 2021-10-31); exact site not published',
         source=f'{SEED_002}; rushan.gov.cn 2021-10-31 via {REFERENCE}'),
    dict(id='oyster-research-institute', name_zh='牡蛎研究院', name_en='Oyster Research Institute', at=(121.55, 36.785),
         status='unknown', status_note='seed 002 asks for "follow-up docking"; no construction state given',
         investment_yi=None, district='乳山市', clusters='marine-bio-food', rushan_industries='food-processing',
         position_note='no place in the seeds; drawn on the 海阳所镇 peninsula with the oyster cluster as a placeholder', source=SEED_002),
    dict(id='oyster-seedling-centre', name_zh='牡蛎育苗中心', name_en='Oyster seedling centre', at=(121.5827, 36.7661),
         status='planned', status_note='seed 002: not yet landed; land to be solved and works to start by year end (2018)',
         investment_yi=None, district='乳山市', clusters='marine-bio-food', rushan_industries='food-processing',
         position_note='no place in the seeds; drawn on the 海阳所镇 coast as a placeholder', source=SEED_002),
    dict(id='weihai-medical-health-city', name_zh='威海国际医疗健康产业城', name_en='Weihai International Medical and Health City', at=(122.245, 37.405),
         status='unknown', status_note='seed 003 calls for speeding up its investment and construction; no state given',
         investment_yi=None, district='经区（东部滨海新城）', clusters='medicine-devices;wellness-tourism', rushan_industries=None,
         position_note='seed 003 ties it to 东部滨海新城 (经区); position schematic', source=SEED_003),
]

# Each project's status and position notes told to a reader, and its sources.
SPEECH_SAYS = bi('据乳山市2018年半年工作会议讲话，', 'Per the Rushan 2018 half-year speech: ')
REPLY_SIGNED = bi('据威海市发展改革委2019年6月24日的答复，为一季度签约的13个项目之一（13个项目合计120亿元）',
                  'Per the Weihai Development and Reform Commission\'s reply of 24 June 2019: one of 13 projects signed in the first quarter (CNY 12 billion for all 13 together)')
SPEECH_ONLY_RUSHAN = bi('乳山市2018年半年工作会议讲话只写到乳山市', 'The Rushan 2018 half-year speech names only Rushan')
REPLY_ONLY_RUSHAN = bi('威海市发展改革委2019年的答复只写到乳山市', 'The Commission\'s 2019 reply names only Rushan')


def joined(first, second, separator=('', '')):
    return bi(first['zh'] + separator[0] + second['zh'], first['en'] + separator[1] + second['en'])


PROJECT_READER = {
    'xingyi-new-materials': dict(
        status=joined(SPEECH_SAYS, bi('当年签约、当年建成投产', 'signed, built and in production within the same year')),
        position=joined(SPEECH_ONLY_RUSHAN, bi('；标记画在乳山经济开发区范围内', '; drawn inside the Rushan Economic Development Zone')),
        sources=(DOC_002,)),
    'fanhai-sunshine-new-energy': dict(
        status=joined(SPEECH_SAYS, bi('2018年“引进落地”；建设进展未说明', 'brought in and landed (引进落地) in 2018; construction state not stated')),
        position=joined(SPEECH_ONLY_RUSHAN, bi('；标记画在新能源（汽车）科技产业园内', '; drawn in the new-energy park')),
        sources=(DOC_002,)),
    'fanuo-yachts': dict(
        status=REPLY_SIGNED,
        position=joined(REPLY_ONLY_RUSHAN, bi('；暂画在乳山口西岸，仅为占位标记', '; drawn on the west bank of the Rushankou mouth as a placeholder')),
        sources=(DOC_000,)),
    'yintan-bio-health-park-project': dict(
        status=REPLY_SIGNED,
        position=bi('以银滩命名；与银滩生物医养产业园的示意范围在同一位置', 'Named after Yintan; at the same place as the park\'s outline'),
        sources=(DOC_000,)),
    'marine-bio-products-rd': dict(
        status=REPLY_SIGNED,
        position=joined(REPLY_ONLY_RUSHAN, bi('；暂画在海阳所镇半岛上、牡蛎项目附近，仅为占位标记', '; drawn on the Haiyangsuo peninsula near the oyster projects as a placeholder')),
        sources=(DOC_000,)),
    'oyster-town': dict(
        status=joined(SPEECH_SAYS, bi('规划设计文本要求在2018年10月底前完成', 'the planning and design text was due by the end of October 2018')),
        position=bi('位于海阳所镇半岛（三面环海，据乳山市政府网站2021年10月31日信息）；具体选址未公布',
                    'On the Haiyangsuo peninsula (sea on three sides, Rushan government website, 31 October 2021); the exact site is not published'),
        sources=(DOC_002, bi('乳山市政府网站2021年10月31日信息', 'the Rushan government website (31 October 2021)'))),
    'oyster-research-institute': dict(
        status=bi('乳山市2018年半年工作会议讲话要求继续跟进对接；未说明建设进展', 'The Rushan 2018 half-year speech asks for follow-up talks; no construction state given'),
        position=bi('文件未给出地点；暂与其他牡蛎项目一起画在海阳所镇半岛上，仅为占位标记',
                    'No place given in the documents; drawn on the Haiyangsuo peninsula with the other oyster projects as a placeholder'),
        sources=(DOC_002,)),
    'oyster-seedling-centre': dict(
        status=joined(SPEECH_SAYS, bi('项目尚未落地，用地问题有待解决，要求2018年底前开工', 'not yet landed; land still to be found and works to start by the end of 2018')),
        position=bi('文件未给出地点；暂画在海阳所镇沿海，仅为占位标记', 'No place given in the documents; drawn on the Haiyangsuo coast as a placeholder'),
        sources=(DOC_002,)),
    'weihai-medical-health-city': dict(
        status=bi('威办发〔2017〕45号文件要求加快其投资建设；未说明进展', 'Document 威办发〔2017〕45号 calls for speeding up its investment and construction; no state given'),
        position=bi('威办发〔2017〕45号文件把它与东部滨海新城（经区）联系在一起；位置为示意',
                    'Document 威办发〔2017〕45号 ties it to the Eastern Coastal New Town (Economic Zone); position schematic'),
        sources=(DOC_003,)),
}


def nudge_inland(point_lonlat, inland_m):
    """Return the point, or the nearest point at least `inland_m` inland of the shore, and the move in m."""
    work = to_work(point_lonlat)
    core = LAND.buffer(-inland_m)
    if core.contains(work):
        return point_lonlat, 0.0
    target = nearest_points(core.buffer(-5), work)[0]
    moved = to_lonlat(target)
    return moved, work.distance(target)


def build_projects():
    features = []
    for project in PROJECTS:
        point, moved_m = nudge_inland(Point(*project['at']), 200)
        check(LAND_LONLAT.contains(point), f"project {project['id']} not on land")
        reader = PROJECT_READER[project['id']]
        position_note, position_told = project['position_note'], dict(reader['position'])
        if moved_m > 0:
            position_note += f'; moved {moved_m:.0f} m from the first estimate to stand ≥200 m inland of the GSHHG shore'
            position_told['zh'] += f'；为离海岸线至少200米，已从最初的估计位置移动{moved_m:.0f}米'
            position_told['en'] += f'; moved {moved_m:.0f} m from the first estimate to stand at least 200 m inland of the shore'
        properties = {key: project.get(key) for key in ('id', 'name_zh', 'name_en', 'status', 'status_note')}
        properties.update(told('status_note', reader['status']))
        properties.update({'investment_yi': project.get('investment_yi'), 'district': project['district'],
                           'district_en': DISTRICT_EN[project['district']]})
        properties.update({key: project.get(key) for key in ('clusters', 'rushan_industries')})
        properties['planned_area_km2'] = project.get('planned_area_km2')
        properties['core_area_km2'] = project.get('core_area_km2')
        properties.update({'position_note': position_note, **told('position_note', position_told),
                           'source': project['source'], **cite(*reader['sources']), 'accuracy': 'schematic'})
        features.append(feature(point, properties))
        report('key-projects', project['name_zh'], f"{point.y:.3f} N {point.x:.3f} E, {COAST.distance(to_work(point)) / 1000:.2f} km inland", project['status'], 'on land')
    return features


PROJECT_META = {
    'id': 'key-projects',
    'title': bi('重点项目', 'Key projects'),
    'description': bi('威海、乳山有关文件和讲话中点名的重点项目（位置示意）。', 'Key projects in Rushan and Weihai named in official documents and speeches (schematic positions).'),
    'group': 'projects', 'geometryType': 'Point',
    'style': {'type': 'circle', 'color': '#d62828', 'outline': '#ffffff', 'width': 1.5, 'radius': 6,
              'colorBy': {'field': 'status', 'values': {'signed': '#f4a261', 'under-construction': '#e76f51', 'built': '#2a9d8f', 'planned': '#8d99ae', 'unknown': '#adb5bd'}},
              'label': {'minzoom': 10, 'size': 11, 'color': '#5a1010', 'halo': '#ffffff'}},
    'provenance': {
        'source': 'seed 000 (13 projects signed in Q1, 120亿元 in total), seed 002 (乳山 projects and oyster platforms), seed 003 (威海国际医疗健康产业城), REFERENCE.md (牡蛎小镇 3 km² / core 1 km²).',
        'citation': bi('项目名称与进展据威海市发展改革委2019年6月24日对市十七届人大三次会议第8号建议的答复、乳山市2018年半年工作会议讲话和威办发〔2017〕45号文件；牡蛎小镇规划面积据乳山市政府网站2021年10月31日信息。多数文件只写到所在城市，相应点位为示意。',
                       'Project names and progress from the Weihai Development and Reform Commission\'s reply to proposal No. 8 of the city\'s people\'s congress (24 June 2019), a speech at Rushan\'s 2018 half-year work conference and document 威办发〔2017〕45号; the oyster town\'s planned area from the Rushan government website (31 October 2021). Most documents name only the city, so most points are placeholders.'),
        'date': AUTHORED, 'accuracy': 'schematic',
        'notes': 'Statuses are only what a seed says at its date; otherwise "unknown". No per-project investment was published, so investment_yi is null throughout (the 120亿元 is the total of 13 projects). Most seeds name only the city: such points are placeholders and position_note says so. Generated by scripts/author/make-layers.py.'},
    'licence': 'CC0-1.0', 'attribution': 'Schematic projects: atlas authors (CC0)',
    'visible': True, 'order': 80,
    'fields': [
        {'key': 'status', 'label': bi('状态', 'Status'), 'values': STATUS_VALUES},
        *text_fields('status_note', bi('状态说明', 'Status note')),
        {'key': 'investment_yi', 'label': bi('投资额', 'Investment'), 'unit': 'yuan-yi'},
        {'key': 'district', 'label': bi('所在区市', 'District'), 'unit': 'text', 'lang': 'zh'},
        {'key': 'district_en', 'label': bi('所在区市', 'District'), 'unit': 'text', 'lang': 'en'},
        {'key': 'planned_area_km2', 'label': bi('规划面积', 'Planned area'), 'unit': 'km2'},
        {'key': 'core_area_km2', 'label': bi('核心区面积', 'Core area'), 'unit': 'km2'},
        CLUSTER_FIELD, RUSHAN_FIELD, *POSITION_FIELDS, *SOURCE_FIELDS,
    ],
}


# ================================================================ main
def main():
    dry_run = '--check' in sys.argv
    print(f'land mask: {LAND_PATH}')
    zone_features, zone_polygons = build_zones()
    write_layer('development-zones', zone_features, ZONE_META, dry_run)
    write_layer('industrial-parks', build_parks(zone_polygons), PARK_META, dry_run)
    write_layer('marine-ranch', build_ranch(), RANCH_META, dry_run)
    line, stations = build_hsr()
    write_layer('hsr-line', line, HSR_META, dry_run)
    write_layer('hsr-stations', stations, STATION_META, dry_run)
    railway_lines, railway_stations = build_railways(stations)
    write_layer('railways', railway_lines, RAILWAY_META, dry_run)
    write_layer('railway-stations', railway_stations, RAILWAY_STATION_META, dry_run)
    bridge_features, bridge_line = build_bridge()
    write_layer('bridges', bridge_features, BRIDGE_META, dry_run)
    write_layer('ports', build_ports(), PORT_META, dry_run)
    write_layer('roads', build_roads(bridge_line), ROAD_META, dry_run)
    write_layer('key-projects', build_projects(), PROJECT_META, dry_run)
    width = [max(len(str(row[i])) for row in REPORT) for i in range(5)]
    for row in REPORT:
        print('  '.join(str(cell).ljust(width[i]) for i, cell in enumerate(row)))
    if FAILURES:
        print('\nFAILED CHECKS:')
        for failure in FAILURES:
            print('  -', failure)
        sys.exit(1)
    print('\nall checks passed' + (' (nothing written: --check)' if dry_run else ''))


if __name__ == '__main__':
    main()
