#!/usr/bin/env bash
# Expected findings of the review against reference layers (issue 10;
# tests/unit/reference-review.test.ts), computed by PostGIS — never by the code under test —
# for the synthetic bureau dataset (scripts/bureau/make-bureau-dataset.sh):
#   - every layer of tests/fixtures/bureau/profile.json is loaded from its zipped Shapefile
#     by GDAL (ogr2ogr → PGDUMP SQL: the .prj gives EPSG:4528, the .cpg GBK), keeping the
#     Shapefile's feature ids (0-based) and the BSM field;
#   - each site of tests/fixtures/bureau/sites.geojson (lon/lat, CGCS2000 = EPSG:4490) and each
#     feature are projected to the SITE's Gauss–Krüger zone z — EPSG:4528 when the site's
#     area-weighted centroid (ST_Centroid in degrees) is west of 121.5°E, else EPSG:4529
#     (REFERENCE.md) — and then intersected:
#       overlap_m2  = ST_Area(ST_Intersection(site_z, ST_Transform(feature, z))) per feature (> 0),
#       total       = the sum over the layer's features,
#       classes     = the sum per value of the role's class field (用地用海 code, DLBM),
#       outside_m2  = ST_Area(ST_Difference(site_z, ST_Union(features_z))) for `inside` layers,
#                     and for `classes` layers (the part of the site no feature classifies);
#     with each finding its BSM, its name (the profile's nameField) and, where the layer has
#     them, its 图斑编号 TBBH and 坐落单位名称 ZLDWMC;
#   - the site's own planar area in z, and the tool versions.
# Output: tests/fixtures/expected/reference-findings.json
#
# Runs a throwaway PostgreSQL 15 + PostGIS 3 cluster under /tmp (unix socket only), as the
# `postgres` user, and removes it afterwards. Needs root (for runuser), Debian's
# postgresql-15-postgis-3, gdal-bin and /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
PROFILE="tests/fixtures/bureau/profile.json"
SITES="tests/fixtures/bureau/sites.geojson"
OUTPUT="tests/fixtures/expected/reference-findings.json"
PG_BIN=/usr/lib/postgresql/15/bin
PORT=54331

WORK="$(mktemp -d /tmp/reference-postgis.XXXXXX)"
chown postgres "$WORK"
cleanup() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The layers, as GDAL reads the zipped Shapefiles: one table per profile layer id.
echo 'SET client_min_messages = warning;' > "$WORK/layers.sql"
/usr/bin/python3 -c "
import json, sys
profile = json.load(open(sys.argv[1], encoding='utf-8'))
for layer in profile['layers']:
    print(layer['id'], layer['source']['file'])
" "$PROFILE" | while read -r layer_id file_name; do
  ogr2ogr -f PGDUMP /vsistdout/ "/vsizip/$ROOT/tests/fixtures/bureau/$file_name" \
    -nln "layer_$layer_id" -nlt PROMOTE_TO_MULTI -preserve_fid \
    -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=GIST -lco CREATE_SCHEMA=OFF -lco SCHEMA=public \
    >> "$WORK/layers.sql"
done

# The sites and the query (one block per profile layer, by role).
/usr/bin/python3 - "$PROFILE" "$SITES" "$WORK/sites.sql" "$WORK/query.sql" <<'PY'
import json, sys
profile = json.load(open(sys.argv[1], encoding='utf-8'))
sites = json.load(open(sys.argv[2], encoding='utf-8'))
q = lambda text: "'" + str(text).replace("'", "''") + "'"
with open(sys.argv[3], 'w', encoding='utf-8') as out:
    out.write('CREATE TABLE sites (id text, name text, geom geometry(Geometry, 4490));\n')
    for feature in sites['features']:
        out.write('INSERT INTO sites VALUES (%s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4490));\n' % (
            q(feature['properties']['id']), q(feature['properties']['name']), q(json.dumps(feature['geometry']))))
blocks = []
for layer in profile['layers']:
    table = 'layer_' + layer['id']
    role = layer['role']
    class_field = role.get('field') if role['kind'] == 'classes' else None
    name_field = layer.get('nameField')
    # The 图斑编号 and the 坐落单位名称, where the layer has them: what findings are named and
    # placed by when no nameField is given (--layer), read by GDAL, not by the engine.
    extra = [field for field in ('TBBH', 'ZLDWMC') if field in layer['fields']]
    extra_select = ''.join(f', f."{field.lower()}"::text AS {field.lower()}' for field in extra)
    extra_columns = ''.join(f', {field.lower()}' for field in extra)
    extra_json = ''.join(f", '{field.lower()}', {field.lower()}" for field in extra)
    # Candidates by bounding box in the layer's own CRS (indexed), then exact overlap in the
    # site's zone.
    per_feature = f"""
    SELECT sp.id AS site, f.fid, f."bsm" AS bsm,
           {f'f."{class_field.lower()}"' if class_field else 'NULL'}::text AS class,
           {f'f."{name_field.lower()}"' if name_field else 'NULL'}::text AS name{extra_select},
           ST_Transform(f.geom, sp.srid) AS fgeom, sp.pgeom
    FROM sp JOIN {table} f ON f.geom && ST_Transform(sp.geom, 4528)"""
    block = f"""
, {table}_hits AS (
  SELECT site, fid, bsm, class, name{extra_columns}, ST_Area(ST_Intersection(pgeom, fgeom)) AS overlap_m2
  FROM ({per_feature}) c
  WHERE ST_Intersects(pgeom, fgeom)
), {table}_findings AS (
  SELECT site, json_agg(json_build_object('fid', fid, 'bsm', bsm, 'class', class, 'name', name{extra_json}, 'overlap_m2', overlap_m2)
                        ORDER BY fid) AS list, sum(overlap_m2) AS total
  FROM {table}_hits WHERE overlap_m2 > 0 GROUP BY site
)"""
    if class_field:
        block += f"""
, {table}_classes AS (
  SELECT site, json_object_agg(class, area ORDER BY class) AS by_class
  FROM (SELECT site, class, sum(overlap_m2) AS area FROM {table}_hits WHERE overlap_m2 > 0 GROUP BY site, class) x
  GROUP BY site
)"""
    if role['kind'] in ('inside', 'classes'):
        block += f"""
, {table}_outside AS (
  SELECT sp.id AS site,
         ST_Area(ST_Difference(sp.pgeom, COALESCE(
           (SELECT ST_Union(ST_Transform(f.geom, sp.srid)) FROM {table} f WHERE f.geom && ST_Transform(sp.geom, 4528)),
           ST_SetSRID('GEOMETRYCOLLECTION EMPTY'::geometry, sp.srid)))) AS outside_m2
  FROM sp
)"""
    select = f"""'{layer['id']}', json_build_object(
        'role', {q(role['kind'])},
        'findings', COALESCE({table}_findings.list, '[]'::json),
        'total_overlap_m2', COALESCE({table}_findings.total, 0)"""
    if class_field:
        select += f""",
        'class_field', {q(class_field)},
        'classes', COALESCE((SELECT by_class FROM {table}_classes WHERE {table}_classes.site = sp.id), '{{}}'::json)"""
    if role['kind'] in ('inside', 'classes'):
        select += f""",
        'outside_m2', (SELECT outside_m2 FROM {table}_outside WHERE {table}_outside.site = sp.id)"""
    select += ')'
    blocks.append((table, block, select))

with open(sys.argv[4], 'w', encoding='utf-8') as out:
    out.write("""WITH s AS (
  SELECT id, name, geom, CASE WHEN ST_X(ST_Centroid(geom)) < 121.5 THEN 4528 ELSE 4529 END AS srid FROM sites
), sp AS (
  SELECT s.*, ST_Transform(geom, srid) AS pgeom FROM s
)""")
    for table, block, select in blocks:
        out.write(block)
    out.write("""
SELECT json_build_object(
  'generator', 'scripts/expected/make-reference-fixtures.sh',
  'tools', json_build_object('postgis', postgis_lib_version(), 'geos', postgis_geos_version(), 'proj', postgis_proj_version(),
                             'postgresql', current_setting('server_version'), 'gdal', :'gdal_version'),
  'profile', 'tests/fixtures/bureau/profile.json',
  'sites_file', 'tests/fixtures/bureau/sites.geojson',
  'sites', json_object_agg(sp.id, json_build_object(
    'name', sp.name,
    'projected_crs', 'EPSG:' || sp.srid,
    'area_m2', ST_Area(sp.pgeom),
    'centroid', json_build_array(ST_X(ST_Centroid(sp.geom)), ST_Y(ST_Centroid(sp.geom))),
    'layers', json_build_object(""")
    out.write(','.join(select for _, _, select in blocks))
    out.write(""")
  ) ORDER BY sp.id))
FROM sp""")
    for table, _, _ in blocks:
        out.write(f"\nLEFT JOIN {table}_findings ON {table}_findings.site = sp.id")
    out.write(';\n')
PY
chmod a+r "$WORK"/*.sql

runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -w -l "$WORK/server.log" \
  -o "-c listen_addresses='' -c unix_socket_directories=$WORK -p $PORT -c fsync=off" start >/dev/null
PSQL=(runuser -u postgres -- psql -h "$WORK" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -c 'CREATE EXTENSION postgis;'
"${PSQL[@]}" -f "$WORK/layers.sql" >/dev/null
"${PSQL[@]}" -f "$WORK/sites.sql" >/dev/null
# GDAL read the .prj as EPSG:4528: stop here otherwise (the bbox filter and the zone math rely on it).
"${PSQL[@]}" -At -c "SELECT DISTINCT srid FROM geometry_columns WHERE f_table_name LIKE 'layer_%'" > "$WORK/srids"
if [[ "$(cat "$WORK/srids")" != "4528" ]]; then echo "layers not in EPSG:4528: $(cat "$WORK/srids")" >&2; exit 1; fi
"${PSQL[@]}" -At -v gdal_version="$(gdal-config --version 2>/dev/null || ogr2ogr --version)" -f "$WORK/query.sql" > "$WORK/result.json"
# Figures rounded to 1 µm² (centroids to 1e-9°): PostgreSQL's sum() may add in a different
# order from run to run and change the last bit; the tests allow 1 m².
/usr/bin/python3 -c "
import json, sys
def rounded(value, key=None):
    if isinstance(value, float):
        return round(value, 9 if key == 'centroid' else 6)
    if isinstance(value, list):
        return [rounded(item, key) for item in value]
    if isinstance(value, dict):
        return {name: rounded(item, name) for name, item in value.items()}
    return value
data = rounded(json.load(open(sys.argv[1])))
json.dump(data, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
open(sys.argv[2], 'a').write('\n')
print('wrote', sys.argv[2], len(data['sites']), 'sites', file=sys.stderr)
" "$WORK/result.json" "$ROOT/$OUTPUT"
