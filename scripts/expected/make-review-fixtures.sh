#!/usr/bin/env bash
# Expected values for the siting review (tests/unit/siting-review.test.ts, cli-review.test.ts,
# analysis-worker.test.ts, review-rules.test.ts), computed by PostGIS — never by the code
# under test:
#   - site areas: ST_Area(ST_Transform(site, z)) and ST_Area(site::geography)
#   - overlaps: ST_Area(ST_Intersection(ST_Transform(site, z), ST_Transform(layer, z)))
#   - railway protection zone (莱荣高铁 hsr-line and every `railways` line):
#     ST_Area(ST_Intersection(site_z, ST_Union(ST_Buffer(line_z, w)))) for the
#     《铁路安全管理条例》第二十七条 widths by kind and area class (buffer quad_segs 8)
#   - nearest features: ST_Distance(site::geography, feature::geography) (spheroid); stations
#     are those of hsr-stations, and those of railway-stations on a high-speed `railways` line
#   - district: the county containing the planar centroid
#   - zone coverage: share of the site inside the union of development zones and parks
#   - verdict: the README / src/analysis rule applied to the figures above (see VERDICT below)
# z is the site's 3° Gauss–Krüger zone: EPSG:4528 when the site's centroid is west of
# 121.5°E, else EPSG:4529 (REFERENCE.md).
#
# Inputs: the shipped layers, read straight from layers/<id>/<id>.geojson (no frozen copy:
# regenerating means "against the layers the atlas ships"; the fixture records each layer
# file's SHA-256 so a test can say when the layers changed and this must be re-run), and
# every test site tests/fixtures/review/site*.geojson, and the two parcels of
# tests/fixtures/import/source-parcels.geojson (under "source_parcels", by parcel_id).
# Output: tests/fixtures/expected/review-overlaps.json
#
# Runs a throwaway PostgreSQL 15 + PostGIS 3 cluster under /tmp (unix socket only), as the
# `postgres` user, and removes it afterwards. Needs root (for runuser) and Debian's
# postgresql-15-postgis-3 and /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
OUTPUT="tests/fixtures/expected/review-overlaps.json"
PG_BIN=/usr/lib/postgresql/15/bin

WORK="$(mktemp -d /tmp/review-postgis.XXXXXX)"
chown postgres "$WORK"
cleanup() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# SQL to load the shipped layers and the sites.
/usr/bin/python3 - "$WORK/load.sql" "$WORK/layers.json" <<'PY'
import glob, hashlib, json, os, sys
# The layers the review reads (src/analysis/siting-review.ts); `railways` joins the railway
# protection zone when the atlas ships it (issue 15).
LAYER_IDS = ['development-zones', 'industrial-parks', 'marine-ranch', 'hsr-line', 'railways',
             'hsr-stations', 'railway-stations', 'ports', 'bridges', 'roads', 'towns', 'basemap-counties']
out = open(sys.argv[1], 'w', encoding='utf-8')
q = lambda text: "'" + str(text).replace("'", "''") + "'"
out.write('CREATE EXTENSION postgis;\n')
out.write('CREATE TABLE feats (layer text, id text, props jsonb, geom geometry(Geometry, 4326));\n')
out.write('CREATE TABLE sites (key text, file text, id text, geom geometry(Geometry, 4326));\n')
files = {}
for layer_id in LAYER_IDS:
    path = f'layers/{layer_id}/{layer_id}.geojson'
    if not os.path.exists(path):
        if layer_id == 'railways':
            continue
        sys.exit(f'{path} is missing / 缺少图层文件 {path}')
    raw = open(path, 'rb').read()
    files[path] = hashlib.sha256(raw).hexdigest()
    for feature in json.loads(raw)['features']:
        out.write('INSERT INTO feats VALUES (%s, %s, %s::jsonb, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326));\n' % (
            q(layer_id), q(feature['properties']['id']),
            q(json.dumps(feature['properties'], ensure_ascii=False)), q(json.dumps(feature['geometry']))))
for path in sorted(glob.glob('tests/fixtures/review/site*.geojson')):
    name = os.path.basename(path)
    raw = open(path, 'rb').read()
    files[path] = hashlib.sha256(raw).hexdigest()
    features = json.loads(raw)['features']
    for feature in features:
        key = name[:-len('.geojson')] + ('' if len(features) == 1 else '#' + feature['properties']['id'])
        out.write('INSERT INTO sites VALUES (%s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326));\n' % (
            q(key), q(name), q(feature['properties']['id']), q(json.dumps(feature['geometry']))))
# The parcels every import fixture holds (tests/fixtures/import/), reviewed after import.
path = 'tests/fixtures/import/source-parcels.geojson'
raw = open(path, 'rb').read()
files[path] = hashlib.sha256(raw).hexdigest()
for feature in json.loads(raw)['features']:
    parcel_id = feature['properties']['parcel_id']
    out.write('INSERT INTO sites VALUES (%s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326));\n' % (
        q('source-parcels#' + parcel_id), q('source-parcels.geojson'), q(parcel_id), q(json.dumps(feature['geometry']))))
json.dump(files, open(sys.argv[2], 'w'))
PY

cat > "$WORK/query.sql" <<'SQL'
-- Railway features and their kind: 莱荣高铁 (hsr-line) is high-speed; a `railways` feature has
-- `kind` high-speed or ordinary (layers/railways). 《铁路安全管理条例》第二十七条 widths from
-- the line, by area class: high-speed 10 / 12 / 15 / 20 m, ordinary 8 / 10 / 12 / 15 m
-- (urban / suburban / village / other; REFERENCE.md).
CREATE TEMP TABLE rails AS
SELECT layer, id, geom,
       CASE WHEN layer <> 'hsr-line' AND props->>'kind' = 'ordinary' THEN 'ordinary' ELSE 'high-speed' END AS kind
FROM feats WHERE layer IN ('hsr-line', 'railways');
CREATE TEMP TABLE widths(kind text, rail_class text, width float8);
INSERT INTO widths VALUES
  ('high-speed', 'urban', 10), ('high-speed', 'suburban', 12), ('high-speed', 'village', 15), ('high-speed', 'other', 20),
  ('ordinary', 'urban', 8), ('ordinary', 'suburban', 10), ('ordinary', 'village', 12), ('ordinary', 'other', 15);
WITH s AS (
  SELECT key, file, id, geom,
         CASE WHEN ST_X(ST_Centroid(geom)) < 121.5 THEN 4528 ELSE 4529 END AS srid
  FROM sites
), sp AS (
  SELECT s.*, ST_Transform(geom, srid) AS pgeom FROM s
), site_overlaps AS (
  SELECT sp.key, json_agg(json_build_object(
           'layer', f.layer, 'id', f.id,
           'overlap_m2', ST_Area(ST_Intersection(sp.pgeom, ST_Transform(f.geom, sp.srid))))
         ORDER BY f.layer, f.id) AS list
  FROM sp JOIN feats f ON f.layer IN ('development-zones', 'industrial-parks', 'marine-ranch')
    AND ST_Intersects(sp.geom, f.geom)
    AND ST_Area(ST_Intersection(sp.pgeom, ST_Transform(f.geom, sp.srid))) > 0
  GROUP BY sp.key
), coverage AS (
  -- Share of the site inside the union of every development zone and industrial park.
  SELECT sp.key, 100 * ST_Area(ST_Intersection(sp.pgeom, ST_Union(ST_Transform(f.geom, sp.srid)))) / ST_Area(sp.pgeom) AS pct
  FROM sp JOIN feats f ON f.layer IN ('development-zones', 'industrial-parks') AND ST_Intersects(sp.geom, f.geom)
  GROUP BY sp.key, sp.pgeom
), marine AS (
  SELECT sp.key, sum(ST_Area(ST_Intersection(sp.pgeom, ST_Transform(f.geom, sp.srid)))) AS area
  FROM sp JOIN feats f ON f.layer = 'marine-ranch' AND ST_Intersects(sp.geom, f.geom)
  GROUP BY sp.key
), others AS (
  SELECT a.key, json_agg(json_build_object('id', b.id,
           'overlap_m2', ST_Area(ST_Intersection(a.pgeom, ST_Transform(b.geom, a.srid)))) ORDER BY b.id) AS list
  FROM sp a JOIN sp b ON a.file = b.file AND a.key <> b.key AND ST_Intersects(a.geom, b.geom)
  GROUP BY a.key
), rail_zone AS (
  -- The protection zone of every railway, per area class: the union of the buffers, clipped to the site.
  SELECT x.key, json_object_agg(x.rail_class, x.area) AS by_class
  FROM (
    SELECT sp.key, w.rail_class,
           ST_Area(ST_Intersection(sp.pgeom, ST_Union(ST_Buffer(ST_Transform(r.geom, sp.srid), w.width)))) AS area
    FROM sp CROSS JOIN (SELECT DISTINCT rail_class FROM widths) c
    JOIN rails r ON true JOIN widths w ON w.kind = r.kind AND w.rail_class = c.rail_class
    GROUP BY sp.key, sp.pgeom, w.rail_class
  ) x GROUP BY x.key
), rail_lines AS (
  -- Per railway feature, where its widest ("other") zone touches the site.
  SELECT y.key, json_agg(json_build_object('layer', y.layer, 'id', y.id, 'kind', y.kind, 'overlap_m2', y.by_class) ORDER BY y.layer, y.id) AS list,
         min(y.id) AS first_id
  FROM (
    SELECT sp.key, r.layer, r.id, r.kind,
           json_object_agg(w.rail_class, ST_Area(ST_Intersection(sp.pgeom, ST_Buffer(ST_Transform(r.geom, sp.srid), w.width)))) AS by_class
    FROM sp JOIN rails r ON ST_DWithin(sp.geom::geography, r.geom::geography, 100)
    JOIN widths w ON w.kind = r.kind
    GROUP BY sp.key, r.layer, r.id, r.kind
  ) y GROUP BY y.key
), nearest AS (
  SELECT key, json_object_agg(layer, json_build_object('id', id, 'distance_m', distance_m)) AS by_layer
  FROM (
    SELECT DISTINCT ON (sp.key, f.layer) sp.key, f.layer, f.id,
           ST_Distance(sp.geom::geography, f.geom::geography) AS distance_m
    FROM sp JOIN feats f ON (f.layer IN ('hsr-stations', 'ports', 'bridges', 'roads', 'towns')
      AND (f.layer <> 'roads' OR f.props->>'road_class' = 'expressway'))
      -- stations on a high-speed line of `railways` (its `stations` list, names without 站)
      OR (f.layer = 'railway-stations' AND regexp_replace(f.props->>'name_zh', '站$', '') IN (
        SELECT trim(name) FROM feats r, unnest(string_to_array(r.props->>'stations', ';')) AS name
        WHERE r.layer = 'railways' AND r.props->>'kind' = 'high-speed'))
    ORDER BY sp.key, f.layer, ST_Distance(sp.geom::geography, f.geom::geography)
  ) d GROUP BY key
), district AS (
  SELECT sp.key, min(f.id) AS county_id
  FROM sp JOIN feats f ON f.layer = 'basemap-counties'
    AND ST_Contains(ST_Transform(f.geom, sp.srid), ST_Centroid(sp.pgeom))
  GROUP BY sp.key
)
SELECT json_build_object(
  'generator', 'scripts/expected/make-review-fixtures.sh (PostGIS ' || postgis_lib_version() || ', GEOS ' || postgis_geos_version() || ', PROJ ' || postgis_proj_version() || ')',
  'tools', json_build_object('postgresql', current_setting('server_version'), 'postgis', postgis_lib_version(),
                             'geos', postgis_geos_version(), 'proj', postgis_proj_version()),
  'sites', json_object_agg(sp.key, json_build_object(
    'file', sp.file,
    'id', sp.id,
    'projected_crs', 'EPSG:' || sp.srid,
    'area_m2', ST_Area(sp.pgeom),
    'area_m2_ellipsoidal', ST_Area(sp.geom::geography),
    'centroid', json_build_array(ST_X(ST_Transform(ST_Centroid(sp.pgeom), 4326)), ST_Y(ST_Transform(ST_Centroid(sp.pgeom), 4326))),
    'district_id', district.county_id,
    'overlaps', COALESCE(site_overlaps.list, '[]'::json),
    'zone_coverage_pct', COALESCE(coverage.pct, 0),
    'marine_ranch_overlap_m2', COALESCE(marine.area, 0),
    'other_sites', COALESCE(others.list, '[]'::json),
    'rail_line_id', rail_lines.first_id,
    'rail_overlap_m2', rail_zone.by_class,
    'rail_lines', COALESCE(rail_lines.list, '[]'::json),
    'nearest', nearest.by_layer
  ) ORDER BY sp.key))
FROM sp
LEFT JOIN site_overlaps ON site_overlaps.key = sp.key
LEFT JOIN coverage ON coverage.key = sp.key
LEFT JOIN marine ON marine.key = sp.key
LEFT JOIN others ON others.key = sp.key
LEFT JOIN rail_zone ON rail_zone.key = sp.key
LEFT JOIN rail_lines ON rail_lines.key = sp.key
LEFT JOIN nearest ON nearest.key = sp.key
LEFT JOIN district ON district.key = sp.key;
SQL
chmod a+r "$WORK"/*.sql

runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -w -l "$WORK/server.log" \
  -o "-c listen_addresses='' -c unix_socket_directories=$WORK -p 54329 -c fsync=off" start >/dev/null
PSQL=(runuser -u postgres -- psql -h "$WORK" -p 54329 -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -f "$WORK/load.sql" >/dev/null
"${PSQL[@]}" -At -f "$WORK/query.sql" > "$WORK/result.json"
# VERDICT: the rule of README "review" / src/analysis/siting-review.ts, applied to the PostGIS
# figures for a review with no proposal (no industry, no indicators: those are "not assessed",
# information only) in each railway area class:
#   non-compliant  when the site overlaps the marine ranch or a railway protection zone (> 0 m²);
#   needs-review   when it overlaps another site of its file, or < 99 % of it lies inside the
#                  development zones and parks (0 % = outside every zone);
#   compliant      otherwise.
/usr/bin/python3 - "$WORK/result.json" "$WORK/layers.json" "$ROOT/$OUTPUT" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
data['inputs'] = json.load(open(sys.argv[2]))
data['verdict_rule'] = ('no proposal: non-compliant if marine_ranch_overlap_m2 > 0 or rail_overlap_m2[class] > 0; '
                        'else needs-review if other_sites overlap > 0 or zone_coverage_pct < 99; else compliant')
for site in data['sites'].values():
    site['verdict'] = {}
    for rail_class, rail_area in site['rail_overlap_m2'].items():
        if site['marine_ranch_overlap_m2'] > 0 or rail_area > 0:
            verdict = 'non-compliant'
        elif any(other['overlap_m2'] > 0 for other in site['other_sites']) or site['zone_coverage_pct'] < 99:
            verdict = 'needs-review'
        else:
            verdict = 'compliant'
        site['verdict'][rail_class] = verdict
# The imported parcels are kept apart from the review fixture sites (different folder).
data['source_parcels'] = {site['id']: data['sites'].pop(key) for key, site in list(data['sites'].items())
                          if key.startswith('source-parcels#')}
json.dump(data, open(sys.argv[3], 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print('wrote', sys.argv[3], len(data['sites']), 'sites', file=sys.stderr)
PY
