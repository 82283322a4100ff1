#!/usr/bin/env bash
# Regenerates every expected-value fixture in tests/fixtures/expected/ from independent
# tools (PROJ, pyproj/Shapely, GDAL, PostGIS), never from the code under test.
# Called by `npm run expected`. One step per line: add new fixture scripts below.
# Python steps use Debian's /usr/bin/python3 (it has pyproj and shapely; the pyenv
# python3 on PATH does not).
set -euo pipefail
cd "$(dirname "$0")/../.."

# CRS transforms (cs2cs) and GCJ-02/BD-09 reference values → crs-transforms.json
/usr/bin/python3 scripts/expected/make-crs-fixtures.py
# Areas, lengths, distances (pyproj + Shapely, Geod GRS80) → measure-areas.json, measure-lengths.json
/usr/bin/python3 scripts/expected/make-measure-fixtures.py
# Import fixtures in every format (ogr2ogr, cs2cs, zip, iconv) → tests/fixtures/import/
bash scripts/fixtures/make-import-fixtures.sh
# Invalid-structure and unsupported-CRS import fixtures (GDAL, Shapely/pyproj) → tests/fixtures/import/
bash scripts/fixtures/make-invalid-import-fixtures.sh
# Site-review overlaps and distances (PostGIS ST_Intersection / geography; needs root to start a throwaway cluster)
bash scripts/expected/make-review-fixtures.sh
# Land-use intensity of a small parcel set (independent computation) → intensity-small.json
/usr/bin/python3 scripts/expected/make-intensity-fixtures.py
