#!/usr/bin/env bash
# Expected values for the siting review (tests/unit/siting-review.test.ts), computed by
# PostGIS — never by the code under test:
#   - site areas: ST_Area(ST_Transform(site, 4528|4529)) and ST_Area(site::geography)
#   - overlaps: ST_Area(ST_Intersection(ST_Transform(site, z), ST_Transform(layer, z)))
#   - 莱荣高铁 protection zone: ST_Area(ST_Intersection(site_z, ST_Buffer(line_z, w))) for the
#     four 《铁路安全管理条例》 Art. 27 high-speed widths (10/12/15/20 m; buffer quad_segs 8)
#   - nearest features: ST_Distance(site::geography, feature::geography) (spheroid)
#   - district: the county containing the planar centroid
# z is the site's 3° Gauss–Krüger zone: EPSG:4528 when the site's centroid is west of
# 121.5°E, else EPSG:4529 (REFERENCE.md).
#
# Inputs: the test sites tests/fixtures/review/site*.geojson and a frozen snapshot of the
# layers they are reviewed against, tests/fixtures/review/layers-snapshot.json (taken from
# layers/ when missing, or when called with --refresh-layers), so the fixtures do not go
# stale when the authored layers are edited.
# Output: tests/fixtures/expected/review-overlaps.json
#
# Runs a throwaway PostgreSQL 15 + PostGIS 3 cluster under /tmp (unix socket only), as the
# `postgres` user, and removes it afterwards. Needs root (for runuser) and Debian's
# postgresql-15-postgis-3 and /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
SNAPSHOT="tests/fixtures/review/layers-snapshot.json"
OUTPUT="tests/fixtures/expected/review-overlaps.json"
PG_BIN=/usr/lib/postgresql/15/bin

if [[ "${1:-}" == "--refresh-layers" || ! -f "$SNAPSHOT" ]]; then
  /usr/bin/python3 - "$SNAPSHOT" <<'PY'
import json, sys, os
# Layers the review reads; counties trimmed to the two the test sites lie in (size).
layer_ids = ['development-zones', 'industrial-parks', 'marine-ranch', 'hsr-line', 'hsr-stations',
             'ports', 'bridges', 'roads', 'towns', 'basemap-counties']
layers = []
for layer_id in layer_ids:
    meta = json.load(open(f'layers/{layer_id}/layer.json', encoding='utf-8'))
    features = json.load(open(f'layers/{layer_id}/{layer_id}.geojson', encoding='utf-8'))
    if layer_id == 'basemap-counties':
        features['features'] = [f for f in features['features'] if f['properties'].get('adcode') in ('371083', '370687')]
    layers.append({'meta': meta, 'features': features})
with open(sys.argv[1], 'w', encoding='utf-8') as out:
    json.dump({'note': 'Frozen copy of layers/ for the siting-review fixtures; refresh with scripts/expected/make-review-fixtures.sh --refresh-layers',
               'layers': layers}, out, ensure_ascii=False)
print(f'wrote {sys.argv[1]}', file=sys.stderr)
PY
fi

WORK="$(mktemp -d /tmp/review-postgis.XXXXXX)"
chown postgres "$WORK"
cleanup() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# SQL to load the snapshot and the sites.
/usr/bin/python3 - "$SNAPSHOT" "$WORK/load.sql" <<'PY'
import json, sys, glob, os
snapshot = json.load(open(sys.argv[1], encoding='utf-8'))
out = open(sys.argv[2], 'w', encoding='utf-8')
q = lambda text: "'" + str(text).replace("'", "''") + "'"
out.write('CREATE EXTENSION postgis;\n')
out.write('CREATE TABLE feats (layer text, id text, props jsonb, geom geometry(Geometry, 4326));\n')
out.write('CREATE TABLE sites (key text, file text, id text, geom geometry(Geometry, 4326));\n')
for layer in snapshot['layers']:
    for feature in layer['features']['features']:
        out.write('INSERT INTO feats VALUES (%s, %s, %s::jsonb, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326));\n' % (
            q(layer['meta']['id']), q(feature['properties']['id']),
            q(json.dumps(feature['properties'], ensure_ascii=False)), q(json.dumps(feature['geometry']))))
for path in sorted(glob.glob('tests/fixtures/review/site*.geojson')):
    name = os.path.basename(path)
    features = json.load(open(path, encoding='utf-8'))['features']
    for feature in features:
        key = name[:-len('.geojson')] + ('' if len(features) == 1 else '#' + feature['properties']['id'])
        out.write('INSERT INTO sites VALUES (%s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326));\n' % (
            q(key), q(name), q(feature['properties']['id']), q(json.dumps(feature['geometry']))))
PY

cat > "$WORK/query.sql" <<'SQL'
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
), others AS (
  SELECT a.key, json_agg(json_build_object('id', b.id,
           'overlap_m2', ST_Area(ST_Intersection(a.pgeom, ST_Transform(b.geom, a.srid)))) ORDER BY b.id) AS list
  FROM sp a JOIN sp b ON a.file = b.file AND a.key <> b.key AND ST_Intersects(a.geom, b.geom)
  GROUP BY a.key
), widths(rail_class, width) AS (
  VALUES ('urban', 10), ('suburban', 12), ('village', 15), ('other', 20)
), rail AS (
  SELECT x.key, json_object_agg(x.rail_class, x.area) AS by_class, min(x.line_id) AS line_id
  FROM (
    SELECT sp.key, w.rail_class, f.id AS line_id,
           sum(ST_Area(ST_Intersection(sp.pgeom, ST_Buffer(ST_Transform(f.geom, sp.srid), w.width)))) AS area
    FROM sp CROSS JOIN widths w JOIN feats f ON f.layer = 'hsr-line'
    GROUP BY sp.key, w.rail_class, f.id
  ) x GROUP BY x.key
), nearest AS (
  SELECT key, json_object_agg(layer, json_build_object('id', id, 'distance_m', distance_m)) AS by_layer
  FROM (
    SELECT DISTINCT ON (sp.key, f.layer) sp.key, f.layer, f.id,
           ST_Distance(sp.geom::geography, f.geom::geography) AS distance_m
    FROM sp JOIN feats f ON f.layer IN ('hsr-stations', 'ports', 'bridges', 'roads', 'towns')
      AND (f.layer <> 'roads' OR f.props->>'road_class' = 'expressway')
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
  'layers', 'tests/fixtures/review/layers-snapshot.json',
  'sites', json_object_agg(sp.key, json_build_object(
    'file', sp.file,
    'id', sp.id,
    'projected_crs', 'EPSG:' || sp.srid,
    'area_m2', ST_Area(sp.pgeom),
    'area_m2_ellipsoidal', ST_Area(sp.geom::geography),
    'centroid', json_build_array(ST_X(ST_Transform(ST_Centroid(sp.pgeom), 4326)), ST_Y(ST_Transform(ST_Centroid(sp.pgeom), 4326))),
    'district_id', district.county_id,
    'overlaps', COALESCE(site_overlaps.list, '[]'::json),
    'other_sites', COALESCE(others.list, '[]'::json),
    'rail_line_id', rail.line_id,
    'rail_overlap_m2', rail.by_class,
    'nearest', nearest.by_layer
  ) ORDER BY sp.key))
FROM sp
LEFT JOIN site_overlaps ON site_overlaps.key = sp.key
LEFT JOIN others ON others.key = sp.key
LEFT JOIN rail ON rail.key = sp.key
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
/usr/bin/python3 -c "
import json, sys
data = json.load(open(sys.argv[1]))
json.dump(data, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print('wrote', sys.argv[2], len(data['sites']), 'sites', file=sys.stderr)
" "$WORK/result.json" "$ROOT/$OUTPUT"
