#!/usr/bin/env bash
# `npm run bureau-data`: the synthetic bureau dataset over 乳山市 (issue 10) as a bureau would
# hand it over — zipped ESRI Shapefiles in EPSG:4528 (CGCS2000 3° Gauss–Krüger zone 40,
# eastings prefixed with 40) with GBK attributes and a .cpg — plus the test sites and the
# review profile. Everything is labelled 合成示例数据 synthetic.
#
# make-bureau-dataset.py draws the layers (seeded, deterministic) as GeoJSON; GDAL's ogr2ogr
# writes the Shapefiles (-lco ENCODING=GBK writes the .cpg and the DBF language driver byte;
# DBF_DATE_LAST_UPDATE pins the header date so reruns give identical bytes); the zips are
# written with fixed timestamps and a fixed member order for the same reason.
#
# Output: tests/fixtures/bureau/{YJJBNTBHTB,STBHHX,CZKFBJ,ZXCQGHYDYH,DLTB}.zip,
#         tests/fixtures/bureau/sites.geojson, tests/fixtures/bureau/profile.json
# Needs Debian's /usr/bin/python3 (shapely, pyproj, numpy) and gdal-bin.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="tests/fixtures/bureau"
WORK="$(mktemp -d /tmp/bureau-data.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

/usr/bin/python3 scripts/bureau/make-bureau-dataset.py "$WORK" "$OUT"

for layer in YJJBNTBHTB STBHHX CZKFBJ ZXCQGHYDYH DLTB; do
  mkdir -p "$WORK/$layer"
  ogr2ogr -f 'ESRI Shapefile' "$WORK/$layer/$layer.shp" "$WORK/$layer.geojson" \
    -a_srs EPSG:4528 -nln "$layer" \
    -lco ENCODING=GBK -lco RESIZE=YES -lco DBF_DATE_LAST_UPDATE=2026-01-01
  /usr/bin/python3 - "$WORK/$layer" "$OUT/$layer.zip" <<'PY'
import os, sys, zipfile
folder, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, 'w', compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for name in sorted(os.listdir(folder)):
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(folder, name), 'rb') as source:
            archive.writestr(info, source.read(), compresslevel=9)
PY
done
ls -l "$OUT" >&2
