#!/usr/bin/env bash
# Regenerates every expected-value fixture from independent tools (PROJ, pyproj/Shapely,
# GDAL, PostGIS), never from the code under test, and from the layers as shipped in layers/.
# Called by `npm run expected` (needs root for the throwaway PostGIS cluster). Every fixture
# JSON records the versions of the tools that made it ("tools" or "generator").
# Python steps use Debian's /usr/bin/python3 (it has pyproj and shapely; the pyenv python3
# on PATH does not). Every make-* generator in scripts/expected/ and scripts/fixtures/ must
# be listed below: the check at the end fails when one is left out.
set -euo pipefail
cd "$(dirname "$0")/../.."

step() { echo "== $*" >&2; }

# Inputs the generators read -------------------------------------------------------------
# The app's synthetic sample parcels (public/data/sample-parcels.fgb), seeded, from layers/.
step "sample parcels (npx tsx scripts/build-parcels.ts)"
npx tsx scripts/build-parcels.ts >/dev/null
# The explorer's 400-parcel fixture and its renamed-column copy, placed in the shipped zones.
step "explorer parcel fixtures (tests/fixtures/explorer/make-renamed-parcels.ts)"
npx tsx tests/fixtures/explorer/make-renamed-parcels.ts

# Expected values ---------------------------------------------------------------------------
# CRS transforms (cs2cs) and GCJ-02/BD-09 reference values → crs-transforms.json
step make-crs-fixtures.py
/usr/bin/python3 scripts/expected/make-crs-fixtures.py
# Areas, lengths, distances (pyproj + Shapely, Geod GRS80) → measure-areas.json, measure-lengths.json
step make-measure-fixtures.py
/usr/bin/python3 scripts/expected/make-measure-fixtures.py
# Planner tools' measure, coordinate and table-edit figures (pyproj + Shapely) → measure-tool.json (issue 14)
step make-measure-tool-fixtures.py
/usr/bin/python3 scripts/expected/make-measure-tool-fixtures.py
# Import fixtures in every format (ogr2ogr, cs2cs, zip, iconv) → tests/fixtures/import/
# (write-boundary-tables.py is called by this script)
step make-import-fixtures.sh
bash scripts/fixtures/make-import-fixtures.sh
# Invalid-structure and unsupported-CRS import fixtures (GDAL, Shapely/pyproj) → tests/fixtures/import/
step make-invalid-import-fixtures.sh
bash scripts/fixtures/make-invalid-import-fixtures.sh
# Hostile-input reproducers (issue 11: GDAL, Python zipfile/zlib) → tests/fixtures/import/hostile/
step make-hostile-fixtures.py
/usr/bin/python3 scripts/fixtures/make-hostile-fixtures.py
# 电子报盘 TXT fixtures read by an independent parser (pyproj, Shapely) → baopan.json
step make-baopan-fixtures.py
/usr/bin/python3 scripts/fixtures/make-baopan-fixtures.py
# Areas and lengths of the shipped layers (pyproj + Shapely) → layer-measures.json
step make-layer-fixtures.py
/usr/bin/python3 scripts/expected/make-layer-fixtures.py
# Public positions of the built-in points, copied from their sources → public-positions.json
step make-public-positions.py
/usr/bin/python3 scripts/expected/make-public-positions.py
# Site-review overlaps, distances and verdicts on the shipped layers (PostGIS ST_Intersection /
# geography; needs root to start a throwaway cluster) → review-overlaps.json
step make-review-fixtures.sh
bash scripts/expected/make-review-fixtures.sh
# Findings on the synthetic bureau dataset (PostGIS; tests/fixtures/bureau/ from npm run bureau-data) → reference-findings.json
step make-reference-fixtures.sh; bash scripts/expected/make-reference-fixtures.sh
# Reference-layers browser test (GDAL/OGR + Shapely on the synthetic 永久基本农田 layer) → tests/fixtures/e2e/expected-reference-layers.json
step make-reference-layers-e2e.py
/usr/bin/python3 scripts/expected/make-reference-layers-e2e.py tests/fixtures/bureau/YJJBNTBHTB.zip tests/fixtures/e2e/expected-reference-layers.json
# Review rules on small hand-made reference layers (Shapely + pyproj) → review-rules.json
step make-rule-fixtures.py
/usr/bin/python3 scripts/expected/make-rule-fixtures.py
# Browser site-review figures on the shipped layers (Shapely + pyproj) → tests/fixtures/e2e/expected-site-review.json
step make-site-review-e2e.py
/usr/bin/python3 scripts/expected/make-site-review-e2e.py
# Land-use intensity: the small parcel set, and every shipped zone for the explorer's parcels
# and the app's sample (Shapely + pyproj; GDAL reads the FlatGeobuf) → intensity-small.json, intensity-atlas.json
step make-intensity-fixtures.py
/usr/bin/python3 scripts/expected/make-intensity-fixtures.py
# Park explorer: available land and distances per park (GDAL, pyproj, Shapely) → expected-parks.json
step "tests/fixtures/explorer/make-expected.py"
/usr/bin/python3 tests/fixtures/explorer/make-expected.py > tests/fixtures/explorer/expected-parks.json.new
mv tests/fixtures/explorer/expected-parks.json.new tests/fixtures/explorer/expected-parks.json

# Every generator ran: a make-* script in the generator folders that is not named above fails.
SELF=scripts/expected/make-all.sh
missing=0
for generator in scripts/expected/make-* scripts/fixtures/make-*; do
  name="$(basename "$generator")"
  [[ "$name" == "make-all.sh" ]] && continue
  if ! grep -q "^[^#]*${generator}" "$SELF"; then
    echo "make-all.sh does not run ${generator}: add it / make-all.sh 未运行 ${generator}：请加入" >&2
    missing=1
  fi
done
exit "$missing"
