#!/usr/bin/python3
"""Reference table of public positions for the built-in point features (issue 15).

Run:   /usr/bin/python3 scripts/expected/make-public-positions.py
Writes tests/fixtures/expected/public-positions.json, read by tests/unit/layer-positions.test.ts.

Every number below is copied from the cited source, never read from layers/: the test then
checks that each shipped feature lies within its stated uncertainty of the position given
here, so a station that drifts (or a generator that moves it) makes the test fail.

Kinds:
  * public   — a coordinate published by a third party (OpenStreetMap station points via a
               public station list; Wikipedia infobox coordinates). The uncertainty is the one
               the source or REFERENCE.md states.
  * estimate — no public coordinate was found; the entry records the REFERENCE.md "(est.)"
               position and its stated uncertainty, so the feature may not wander beyond it.
Features with neither (hand-placed towns, ports other than 乳山港) are not listed: there is
nothing to check them against, and their position_note says so.

Sources:
  OSM   = OpenStreetMap station points as listed in packages/china/data/stations.json of the
          GitHub repository mayurrawte/railroutes (commit db7e08873ce3), 4 decimals, WGS 84;
          REFERENCE.md states ±100 m and cross-checks 莱西 and 荣成 against a GCJ-02 pair.
  REF   = /work/shared/REFERENCE.md (project fact sheet), "(est.)" positions.
  Wiki  = Wikipedia infobox coordinates (degrees, minutes, seconds as printed).
"""
from __future__ import annotations

import json
from pathlib import Path

from pyproj import Geod

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / 'tests' / 'fixtures' / 'expected' / 'public-positions.json'
GEOD = Geod(ellps='GRS80')

OSM = 'OpenStreetMap via github.com/mayurrawte/railroutes packages/china/data/stations.json (commit db7e088)'
REF = 'REFERENCE.md (est.)'


def dms(degrees: int, minutes: int = 0, seconds: float = 0.0) -> float:
    """Degrees-minutes-seconds as printed in an infobox → decimal degrees."""
    return degrees + minutes / 60 + seconds / 3600


# (layer, feature id, name, lon, lat, kind, uncertainty m, source, quoted as)
ENTRIES = [
    # 莱荣高铁: the two existing end stations are public, the five new stations are estimates.
    ('hsr-stations', 'station-laixi', '莱西站', 120.5247, 36.8235, 'public', 100, OSM, '"Laixi" (former 莱西北) [120.5247, 36.8235]'),
    ('hsr-stations', 'station-rongcheng', '荣成站', 122.4026, 37.1438, 'public', 100, OSM, '"Rongcheng" [122.4026, 37.1438]'),
    ('hsr-stations', 'station-laiyang-south', '莱阳南站', 120.80, 36.65, 'estimate', 10000, REF, '36.65, 120.80 (±10 km)'),
    ('hsr-stations', 'station-haiyang', '海阳站', 121.15, 36.80, 'estimate', 5000, REF, '36.80, 121.15 (±5 km)'),
    ('hsr-stations', 'station-rushan-south', '乳山南站', 121.53, 36.87, 'estimate', 5000, REF, '36.87, 121.53 (±5 km)'),
    ('hsr-stations', 'station-weihai-nanhai', '威海南海站', 121.92, 37.00, 'estimate', 5000, REF, '37.00, 121.92 (±5 km)'),
    ('hsr-stations', 'station-wendeng-south', '文登南站', 122.06, 37.14, 'estimate', 5000, REF, '37.14, 122.06 (±5 km)'),
    # 青荣城际 and 桃威铁路 stations (OSM names in quotes).
    ('railway-stations', 'railway-station-laiyang', '莱阳站', 120.7043, 36.9275, 'public', 100, OSM, '"Laiyang" [120.7043, 36.9275]'),
    ('railway-stations', 'railway-station-haiyang-north', '海阳北站', 120.9561, 37.0688, 'public', 100, OSM, '"Haiyangbei" [120.9561, 37.0688]'),
    ('railway-stations', 'railway-station-taocun-north', '桃村北站', 121.1415, 37.2109, 'public', 100, OSM, '"Taocun North" [121.1415, 37.2109]'),
    ('railway-stations', 'railway-station-weihai-north', '威海北站', 122.0430, 37.4953, 'public', 100, OSM, '"Weihaibei" [122.043, 37.4953]'),
    ('railway-stations', 'railway-station-weihai', '威海站', 122.1386, 37.4260, 'public', 100, OSM, '"Weihai" [122.1386, 37.426]'),
    ('railway-stations', 'railway-station-wendeng-east', '文登东站', 122.2534, 37.2404, 'public', 100, OSM, '"Wendengdong" [122.2534, 37.2404]'),
    ('railway-stations', 'railway-station-taocun', '桃村站', 121.1368, 37.1881, 'public', 100, OSM, '"Taocun" [121.1368, 37.1881]'),
    ('railway-stations', 'railway-station-rushan', '乳山站', 121.5020, 36.9967, 'public', 100, OSM, '"Rushan" [121.502, 36.9967]'),
    ('railway-stations', 'railway-station-xiachu', '下初站', 121.6002, 37.0247, 'public', 100, OSM, '"Xiachu" [121.6002, 37.0247]'),
    ('railway-stations', 'railway-station-wendeng', '文登站', 121.9858, 37.1786, 'public', 100, OSM, '"Wendeng" [121.9858, 37.1786]'),
    # Ports and the bridge: no public coordinate found; REFERENCE.md estimates.
    ('ports', 'rushan-port', '乳山港', 121.49, 36.78, 'estimate', 2000, 'REFERENCE.md "乳山港 ≈36.78, 121.49 (est.)"', '36.78, 121.49 (est., 2 decimals)'),
    ('bridges', 'rushankou-bridge', '乳山口大桥 (midpoint)', 121.48, 36.79, 'estimate', 1500,
     'REFERENCE.md: the bridge crosses the 乳山口 mouth; 乳山口 tide station 36.79 N 121.48 E (2-decimal source)', '36.79, 121.48 (2 decimals)'),
    # County-level seats with a cited coordinate.
    ('towns', 'town-huancui', '威海（环翠区）', dms(122, 7, 14), dms(37, 30, 48), 'public', 500, 'en.wikipedia.org/wiki/Weihai infobox', '37°30′48″N 122°07′14″E'),
    ('towns', 'town-rongcheng', '荣成市', dms(122, 26), dms(37, 8), 'public', 2000, 'de.wikipedia.org/wiki/Rongcheng', '37°8′N 122°26′E (arc-minutes)'),
    ('towns', 'town-rushan', '乳山市', dms(121, 32, 11), dms(36, 54, 55), 'public', 500, 'en.wikipedia.org/wiki/Rushan,_Shandong', '36°54′55″N 121°32′11″E'),
    ('towns', 'town-haiyang', '海阳市', dms(121, 10, 5), dms(36, 46, 45), 'public', 500, 'en.wikipedia.org/wiki/Haiyang infobox', '36°46′45″N 121°10′05″E'),
    ('towns', 'town-laiyang', '莱阳市', dms(120, 42, 49), dms(36, 58, 33), 'public', 500, 'ru.wikipedia.org/wiki/Лайян', '36°58′33″N 120°42′49″E'),
    ('towns', 'town-laixi', '莱西市', dms(120, 32), dms(36, 52), 'public', 2000, 'ru.wikipedia.org/wiki/Лайси', '36°52′N 120°32′E (arc-minutes)'),
]

# The Laixi–Rongcheng line: published length and its tolerance for a polyline through stations.
LINES = [
    {'layer': 'hsr-line', 'id': 'laixi-rongcheng-hsr', 'length_km_published': 193.0, 'tolerance': 0.03,
     'stations_in_order': ['station-laixi', 'station-laiyang-south', 'station-haiyang', 'station-rushan-south',
                           'station-weihai-nanhai', 'station-wendeng-south', 'station-rongcheng'],
     'source': '中新网 2023-12-08; 科技日报 2023-12-08 (193 km; main line 192.814 km) via REFERENCE.md'},
]

# Stations the issue names with a hard limit, whatever uncertainty the feature states.
HARD_LIMITS_M = {'station-laixi': 300, 'station-rongcheng': 300}


def main():
    rows = []
    seen = set()
    for layer, feature_id, name, lon, lat, kind, uncertainty, source, quoted in ENTRIES:
        if (layer, feature_id) in seen:
            raise SystemExit(f'duplicate entry {layer}/{feature_id}')
        seen.add((layer, feature_id))
        rows.append({'layer': layer, 'id': feature_id, 'name': name, 'lon': round(lon, 6), 'lat': round(lat, 6),
                     'kind': kind, 'uncertainty_m': uncertainty, 'source': source, 'quoted': quoted,
                     'point': 'midpoint' if layer == 'bridges' else 'position'})
    # A sanity figure, not used by the test: how far REFERENCE.md's old estimates of 莱西 and 荣成
    # were from the public positions (the issue quotes 9.6 km and 2.3 km).
    superseded = {
        '莱西站': GEOD.inv(120.53, 36.91, 120.5247, 36.8235)[2],
        '荣成站': GEOD.inv(122.42, 37.16, 122.4026, 37.1438)[2],
    }
    document = {
        'note': 'Public and estimated positions with their sources and stated uncertainty; numbers copied from the sources by scripts/expected/make-public-positions.py, not read from layers/. Geodesic distances on GRS80.',
        'generatedBy': 'scripts/expected/make-public-positions.py',
        'hardLimitsMetres': HARD_LIMITS_M,
        'supersededEstimateOffsetsMetres': {key: round(value) for key, value in superseded.items()},
        'positions': rows,
        'lines': LINES,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=2) + '\n')
    print(f'wrote {OUTPUT.relative_to(ROOT)}: {len(rows)} positions; old estimates were off by ' +
          ', '.join(f'{key} {value / 1000:.1f} km' for key, value in superseded.items()))


if __name__ == '__main__':
    main()
