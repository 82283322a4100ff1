#!/usr/bin/env bash
# Runs before `npm test` (package.json "pretest"): makes sure the Debian packages the tests
# call are present, so the README's two commands are all a fresh machine needs.
#   - root: installs what is missing (apt-get update once, then one apt-get install).
#   - not root: prints the one command to run, in Chinese and English, and stops before any
#     test runs (exit 1).
# The package list lives here and only here: add a row to PACKAGES when a test needs a new
# tool. Each row is "<debian package>|<shell check that succeeds when it is usable>|<why>".
set -euo pipefail

PACKAGES=(
  "chromium|test -x /usr/bin/chromium|browser tests drive /usr/bin/chromium through playwright-core (no browser download)"
  "fonts-noto-cjk|test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc|Chinese map labels: MapLibre draws glyphs from local fonts"
  "gdal-bin|command -v ogrinfo|ogrinfo/ogr2ogr read our FlatGeobuf, DXF and KML output"
  "python3-gdal|/usr/bin/python3 -c 'from osgeo import ogr'|GDAL says whether our FlatGeobuf spatial index is usable"
  "proj-bin|command -v projinfo|projinfo writes the .prj texts the importer must recognise"
  "poppler-utils|command -v pdftotext|the printed review (PDF) is read back as text"
  "postgresql-15-postgis-3|test -x /usr/lib/postgresql/15/bin/postgres && test -f /usr/share/postgresql/15/extension/postgis.control|tests start a throwaway PostGIS cluster on loopback"
  "python3-shapely|/usr/bin/python3 -c 'import shapely'|expected values from Shapely"
  "python3-pyproj|/usr/bin/python3 -c 'import pyproj'|expected values from pyproj"
  "cgi-mapserver|test -x /usr/lib/cgi-bin/mapserv|a real WFS 2.0 / OGC API – Features server (MapServer 8) publishing PostGIS tables on loopback"
  "lighttpd|test -x /usr/sbin/lighttpd|serves MapServer (CGI) and FlatGeobuf files with HTTP range requests on loopback"
)

missing=()
for row in "${PACKAGES[@]}"; do
  IFS='|' read -r package check _why <<<"$row"
  if ! bash -c "$check" >/dev/null 2>&1 </dev/null; then missing+=("$package"); fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "测试需要 Debian 软件包 ${missing[*]}，请先运行：sudo sh -c '${command_line}' | The tests need the Debian packages ${missing[*]}; run first: sudo sh -c '${command_line}'" >&2
  exit 1
fi

echo "ensure-test-system: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt_failed() {
  echo "apt-get 失败（见上方输出），请手动运行：${command_line} | apt-get failed (see its output above); run by hand: ${command_line}" >&2
  exit 1
}
apt-get update -qq </dev/null >/dev/null || apt_failed
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null || apt_failed

# Check again: a package that installed but still fails its check is a real problem, said now
# rather than as a confusing test failure later.
still=()
for row in "${PACKAGES[@]}"; do
  IFS='|' read -r package check _why <<<"$row"
  if ! bash -c "$check" >/dev/null 2>&1 </dev/null; then still+=("$package"); fi
done
if [ ${#still[@]} -gt 0 ]; then
  echo "安装后仍不可用：${still[*]}，请检查 apt 输出 | Still unusable after installing: ${still[*]}; check the apt output" >&2
  exit 1
fi
echo "ensure-test-system: installed ${missing[*]}" >&2
