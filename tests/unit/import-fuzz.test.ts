/**
 * Fuzzing the importers (issue 11): a seeded generator of hostile and mutated inputs across
 * every format (GeoJSON, zipped Shapefile, KML/KMZ, DXF, CSV, Excel XLSX, CASS DAT, FlatGeobuf) goes through the
 * import registry, each input in a child process with a capped heap
 * (--max-old-space-size) and a time bound, so a hang or a memory blow-up fails this test
 * instead of killing the suite. Every outcome must be one of:
 * - a clean refusal: a known ImportErrorCode, a bilingual message and hint (Chinese in zh),
 *   no control characters, nothing over 600 characters;
 * - a valid import: every polygon with closed rings of at least 3 distinct vertices,
 *   finite coordinates inside the atlas region and no self-intersection — checked here with
 *   turf's kinks (an independent implementation, O(n²), fine for these small inputs), not
 *   with the code under test.
 * Nothing may reach the child's stdout (a library printing there broke the CLIs' JSON).
 *
 * The mutations start from the valid fixtures of tests/fixtures/import/ (written by GDAL
 * and by scripts, never by the code under test): truncation, byte flips, huge counts,
 * deep nesting, NaN/Infinity, __proto__ keys, markup and escape codes in names, bowties,
 * empty geometries. The seed is fixed, so a failure names an input that can be re-made.
 *
 * IMPORT_FUZZ_REGISTRY=<path to registry.ts> runs the same inputs against another copy of
 * src/io (how the before/after counts of issue 11 were taken); IMPORT_FUZZ_COUNT changes
 * the number of inputs, IMPORT_FUZZ_TIME_BOUND_MS the bound per input and
 * IMPORT_FUZZ_TEST_TIMEOUT_MS the test's own timeout (for a slow baseline).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Geometry, Position } from 'geojson';
import JSZip from 'jszip';
import { kinks } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { createRandom as random } from '../../scripts/sample-parcels';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
const REGISTRY = process.env.IMPORT_FUZZ_REGISTRY ?? path.join(ROOT, 'src/io/registry.ts');
const COUNT = Number(process.env.IMPORT_FUZZ_COUNT ?? 1200);
/** Per input; generous because the suite runs files in parallel on 2 cores. */
const TIME_BOUND_MS = Number(process.env.IMPORT_FUZZ_TIME_BOUND_MS ?? 15_000);
const HEAP_MB = 384;
const WORKERS = 2;
const SEED = 20261201;

const ERROR_CODES = new Set([
  'UNSUPPORTED_FORMAT', 'EMPTY_FILE', 'EMPTY_COLLECTION', 'PARSE_ERROR', 'CORRUPT_ZIP', 'NO_LAYERS', 'UNSUPPORTED_CRS',
  'CRS_UNDETECTED', 'OPEN_POLYLINE', 'INVALID_GEOMETRY', 'SELF_INTERSECTION', 'OUTSIDE_REGION', 'MISSING_COLUMNS',
  'NON_NUMERIC_CELL', 'TOO_FEW_POINTS', 'TOO_LARGE',
]);
/** The atlas region (src/crs/detect.ts ATLAS_REGION, 119–124°E, 35.5–38.5°N) with a margin for rounding. */
const REGION = { west: 118.99, east: 124.01, south: 35.49, north: 38.51 };

// ----------------------------------------------------------------------- seeded generator (mulberry32, scripts/sample-parcels.ts)

interface Input {
  id: number;
  name: string;
  how: string;
  bytes: Uint8Array;
  options?: Record<string, unknown>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const HOSTILE_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '""', 'null', '[]', '{}', '0', '-0', '1e308', '4294967295', '2147483647', '"<b>1</b>"', 'true'];
const HOSTILE_TEXT = ['__proto__', 'constructor', 'toString', '<script>alert(1)</script>', '\u001b[2J\u001b[31m', '\u0000', '\u202e', '"', '&amp;', ']]>', '地块'.repeat(200)];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)];
}

function mutateBytes(next: () => number, bytes: Uint8Array): { bytes: Uint8Array; how: string } {
  const copy = new Uint8Array(bytes);
  const kind = bytes.length < 8 ? 1 : Math.floor(next() * 6);
  if (bytes.length === 0) return { bytes: copy, how: 'empty' };
  switch (kind) {
    case 0: {
      const length = Math.floor(next() * bytes.length);
      return { bytes: copy.subarray(0, length), how: `truncated to ${length}` };
    }
    case 1: {
      const flips = 1 + Math.floor(next() * 16);
      for (let index = 0; index < flips; index += 1) copy[Math.floor(next() * copy.length)] ^= 1 << Math.floor(next() * 8);
      return { bytes: copy, how: `${flips} bit flips` };
    }
    case 2: {
      // A huge count written over 4 bytes: headers, lengths and counts are all uint32 somewhere.
      const at = Math.floor(next() * Math.max(1, copy.length - 4));
      const value = pick(next, [0xffffffff, 0x7fffffff, 0x80000000, 10_000_000, 0]);
      new DataView(copy.buffer).setUint32(at, value, next() < 0.5);
      return { bytes: copy, how: `uint32 ${value} at ${at}` };
    }
    case 3: {
      const start = Math.floor(next() * copy.length);
      const end = Math.min(copy.length, start + 1 + Math.floor(next() * 64));
      copy.fill(next() < 0.5 ? 0 : 0xff, start, end);
      return { bytes: copy, how: `filled ${start}–${end}` };
    }
    case 4: {
      const start = Math.floor(next() * copy.length);
      const end = Math.min(copy.length, start + 1 + Math.floor(next() * 256));
      const out = new Uint8Array(copy.length + (end - start));
      out.set(copy.subarray(0, end));
      out.set(copy.subarray(start), end);
      return { bytes: out, how: `duplicated ${start}–${end}` };
    }
    default: {
      const start = Math.floor(next() * copy.length);
      const end = Math.min(copy.length, start + 1 + Math.floor(next() * 256));
      const out = new Uint8Array(copy.length - (end - start));
      out.set(copy.subarray(0, start));
      out.set(copy.subarray(end), start);
      return { bytes: out, how: `deleted ${start}–${end}` };
    }
  }
}

function mutateText(next: () => number, text: string): { text: string; how: string } {
  const kind = Math.floor(next() * 8);
  const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
  switch (kind) {
    case 0:
    case 1: {
      if (numbers.length === 0) break;
      const match = pick(next, numbers);
      const value = pick(next, HOSTILE_NUMBERS);
      return { text: text.slice(0, match.index) + value + text.slice(match.index! + match[0].length), how: `number → ${value}` };
    }
    case 2: {
      // Swap two numbers: a ring turned into a bowtie, or an axis flipped.
      if (numbers.length < 2) break;
      const [a, b] = [pick(next, numbers), pick(next, numbers)].sort((p, q) => p.index! - q.index!);
      if (a.index === b.index) break;
      return {
        text: text.slice(0, a.index) + b[0] + text.slice(a.index! + a[0].length, b.index) + a[0] + text.slice(b.index! + b[0].length),
        how: `swapped ${a[0]} and ${b[0]}`,
      };
    }
    case 3: {
      const words = [...text.matchAll(/[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*/g)];
      if (words.length === 0) break;
      const word = pick(next, words);
      const value = pick(next, HOSTILE_TEXT);
      return { text: text.slice(0, word.index) + value + text.slice(word.index! + word[0].length), how: `word ${word[0]} → ${JSON.stringify(value).slice(0, 30)}` };
    }
    case 4: {
      const at = Math.floor(next() * text.length);
      const depth = pick(next, [100, 10_000, 100_000]);
      const open = pick(next, ['[', '{"a":', '<Folder>', '0\nSECTION\n']);
      return { text: text.slice(0, at) + open.repeat(depth) + text.slice(at), how: `${depth} × ${JSON.stringify(open)}` };
    }
    case 5: {
      const lines = text.split('\n');
      const at = Math.floor(next() * lines.length);
      lines.splice(at, 1 + Math.floor(next() * 4));
      return { text: lines.join('\n'), how: `lines deleted at ${at}` };
    }
    case 6: {
      const lines = text.split('\n');
      const at = Math.floor(next() * lines.length);
      const copies = pick(next, [2, 50, 5000]);
      lines.splice(at, 0, ...Array<string>(copies).fill(lines[at]));
      return { text: lines.join('\n'), how: `line ${at} repeated ${copies}×` };
    }
    default:
      break;
  }
  const length = Math.floor(next() * text.length);
  return { text: text.slice(0, length), how: `cut to ${length} characters` };
}

function ring(next: () => number, vertices: number, bowtie: boolean): Position[] {
  const [lon, lat] = [121 + next() * 1.5, 36.6 + next() * 0.6];
  const radius = 0.0005 + next() * 0.01;
  const points: Position[] = [];
  for (let index = 0; index < vertices; index += 1) {
    const angle = (2 * Math.PI * index) / vertices;
    points.push([lon + radius * Math.cos(angle), lat + radius * Math.sin(angle)]);
  }
  if (bowtie && vertices >= 4) [points[1], points[2]] = [points[2], points[1]];
  return vertices === 0 ? [] : [...points, points[0]];
}

/** A random GeoJSON geometry, valid or not: bowties, empties, nulls, nesting, Z values. */
function randomGeometry(next: () => number, depth = 0): unknown {
  const kind = Math.floor(next() * 12);
  const vertices = pick(next, [0, 1, 2, 3, 4, 5, 8, 50, 500]);
  switch (kind) {
    case 0:
      return { type: 'Polygon', coordinates: [] };
    case 1:
      return { type: 'MultiPolygon', coordinates: next() < 0.5 ? [] : [[]] };
    case 2:
      return { type: 'Polygon', coordinates: [ring(next, vertices, false).map((position, index) => (index === 1 ? pick(next, [null, [], [NaN, 1], ['1', '2'], position]) : position))] };
    case 3:
      return { type: 'Polygon' };
    case 4:
      return { type: 'GeometryCollection', geometries: [randomGeometry(next, depth + 1), { type: 'Point', coordinates: [121.5, 36.9] }] };
    case 5:
      return depth < 3 ? { type: 'GeometryCollection', geometries: [randomGeometry(next, depth + 1)] } : { type: 'Point', coordinates: [121.5, 36.9] };
    case 6:
      return { type: 'MultiPolygon', coordinates: [[ring(next, Math.max(vertices, 4), next() < 0.5)], [ring(next, 4, false)]] };
    case 7:
      return { type: 'Polygon', coordinates: [ring(next, vertices, false).map((position) => [...position, pick(next, [0, 12.5, 1e308])])] };
    case 8:
      return { type: pick(next, ['Circle', 'polygon', '', null]), coordinates: [ring(next, 4, false)] };
    default:
      return { type: 'Polygon', coordinates: [ring(next, Math.max(vertices, 3), next() < 0.3)] };
  }
}

function randomGeoJson(next: () => number): string {
  const features = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, index) => ({
    type: 'Feature',
    properties: { [pick(next, ['parcel_id', 'name', '__proto__', 'constructor'])]: `${pick(next, HOSTILE_TEXT)}${index}` },
    geometry: randomGeometry(next),
  }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function randomCsv(next: () => number): string {
  const header = pick(next, ['地块编号,点号,X,Y', 'parcel,point,lon,lat', 'X,Y', `${pick(next, HOSTILE_TEXT)},X,Y`, 'a,b,c']);
  const rows = [header];
  const parcels = 1 + Math.floor(next() * 5);
  for (let parcel = 0; parcel < parcels; parcel += 1) {
    const points = ring(next, pick(next, [1, 2, 3, 4, 6]), next() < 0.3).slice(0, -1);
    for (const [index, [lon, lat]] of points.entries()) {
      const x = header.includes('lon') ? lon : 4_080_000 + (lat - 36.9) * 111_000;
      const y = header.includes('lon') ? lat : 40_540_000 + (lon - 121.5) * 89_000;
      rows.push(header.includes('地块') || header.includes('parcel') ? `P${parcel},J${index},${x},${y}` : `${x},${y}`);
    }
  }
  return rows.join(next() < 0.5 ? '\n' : '\r\n');
}

function randomDxf(next: () => number): string {
  let text = '0\nSECTION\n2\nENTITIES\n';
  const entities = 1 + Math.floor(next() * 4);
  for (let index = 0; index < entities; index += 1) {
    const points = ring(next, pick(next, [2, 3, 4, 6]), next() < 0.3).slice(0, -1);
    const xy = points.map(([lon, lat]) => [40_540_000 + (lon - 121.5) * 89_000, 4_080_000 + (lat - 36.9) * 111_000]);
    const closed = next() < 0.8 ? 1 : 0;
    if (next() < 0.5) {
      text += `0\nLWPOLYLINE\n5\n${index + 10}\n8\n${pick(next, ['0', 'PARCEL', ...HOSTILE_TEXT])}\n90\n${pick(next, [xy.length, 2147483647, -1])}\n70\n${closed}\n`;
      for (const [x, y] of xy) text += `10\n${x}\n20\n${y}\n`;
    } else {
      text += `0\nPOLYLINE\n5\n${index + 10}\n8\nPARCEL\n66\n1\n70\n${closed}\n`;
      for (const [x, y] of xy) text += `0\nVERTEX\n8\nPARCEL\n10\n${x}\n20\n${y}\n`;
      if (next() < 0.7) text += '0\nSEQEND\n';
    }
  }
  return `${text}${next() < 0.8 ? '0\nENDSEC\n0\nEOF\n' : ''}`;
}

function randomKml(next: () => number): string {
  const placemarks = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    const coordinates = ring(next, pick(next, [2, 3, 4, 6]), next() < 0.3)
      .map(([lon, lat]) => `${lon},${lat}${next() < 0.2 ? `,${pick(next, ['NaN', 'abc', '&lt;b&gt;1', '1e999', '5'])}` : ''}`)
      .join(' ');
    const polygon = `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;
    const name = pick(next, HOSTILE_TEXT).replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;')).replace(/[\u0000]/g, '');
    const data = `<ExtendedData><Data name="${pick(next, ['__proto__', 'constructor', 'parcel_id'])}"><value>1</value></Data></ExtendedData>`;
    const geometry = next() < 0.4 ? `<MultiGeometry><Point><coordinates>121.5,36.9</coordinates></Point>${polygon}</MultiGeometry>` : polygon;
    return `<Placemark><name>${name}</name>${data}${geometry}</Placemark>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemarks.join('')}</Document></kml>`;
}

async function zipOf(files: Record<string, Uint8Array | string>, store = false): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data, { compression: store ? 'STORE' : 'DEFLATE' });
  return zip.generateAsync({ type: 'uint8array' });
}

async function generateInputs(count: number): Promise<Input[]> {
  const next = random(SEED);
  const bases = readdirSync(FIXTURES)
    .filter((name) => /\.(geojson|json|zip|kml|kmz|dxf|csv|dat|xlsx|fgb)$/i.test(name))
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) }));
  const hostile = readdirSync(path.join(FIXTURES, 'hostile'))
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, 'hostile', name))) }))
    // The large reproducers are timed by import-hostile.test.ts; mutating megabytes here adds only time.
    .filter((file) => file.bytes.length < 64 * 1024);
  const inputs: Input[] = [];
  const add = (name: string, how: string, bytes: Uint8Array, options?: Record<string, unknown>) =>
    inputs.push({ id: inputs.length, name, how, bytes, options });
  for (const base of [...bases, ...hostile]) add(base.name, 'as is', base.bytes);
  while (inputs.length < count) {
    const roll = next();
    if (roll < 0.35) {
      const base = pick(next, [...bases, ...hostile]);
      const { bytes, how } = mutateBytes(next, base.bytes);
      add(base.name, how, bytes);
    } else if (roll < 0.6) {
      const base = pick(next, bases.filter((file) => /\.(geojson|kml|dxf|csv|dat)$/i.test(file.name)));
      const { text, how } = mutateText(next, decoder.decode(base.bytes));
      add(base.name, how, encoder.encode(text));
    } else if (roll < 0.72) {
      add(`random-${inputs.length}.geojson`, 'random GeoJSON', encoder.encode(randomGeoJson(next)), next() < 0.2 ? { repair: true } : undefined);
    } else if (roll < 0.8) {
      add(`random-${inputs.length}.csv`, 'random CSV', encoder.encode(randomCsv(next)));
    } else if (roll < 0.88) {
      add(`random-${inputs.length}.dxf`, 'random DXF', encoder.encode(randomDxf(next)));
    } else if (roll < 0.94) {
      const kml = randomKml(next);
      if (next() < 0.5) add(`random-${inputs.length}.kml`, 'random KML', encoder.encode(kml));
      else add(`random-${inputs.length}.kmz`, 'random KMZ', await zipOf({ 'doc.kml': kml }, next() < 0.5));
    } else {
      // A zipped shapefile, or an Excel workbook, with one member swapped for mutated bytes,
      // re-zipped (so the zip itself is sound and the damage reaches the parsers).
      const archive = next() < 0.3 ? 'boundary-points-zh.xlsx' : 'parcels-4528-prj.zip';
      const zipped = await JSZip.loadAsync(readFileSync(path.join(FIXTURES, archive)));
      const files: Record<string, Uint8Array> = {};
      for (const entry of Object.values(zipped.files)) files[entry.name] = await entry.async('uint8array');
      const member = pick(next, Object.keys(files));
      const { bytes, how } = mutateBytes(next, files[member]);
      files[member] = bytes;
      add(`rezipped-${inputs.length}.${archive.split('.').pop()}`, `${member}: ${how}`, await zipOf(files));
    }
  }
  return inputs.slice(0, count);
}

// ----------------------------------------------------------------------- running in children

type Outcome =
  | { kind: 'ok'; geometries: (Geometry | null)[] }
  | { kind: 'refused'; error: { code: string; file: string; message: { zh: string; en: string }; hint: { zh: string; en: string } } }
  | { kind: 'thrown'; reason: string }
  | { kind: 'hang' }
  | { kind: 'crash'; reason: string };

/** The child: imports each input it is sent and answers with the outcome (geometries only). */
const CHILD = `
const { importFile } = await import(process.env.IMPORT_FUZZ_REGISTRY_PATH);
process.on('message', async (input) => {
  let outcome;
  try {
    const result = await importFile(new Uint8Array(Buffer.from(input.data, 'base64')), { fileName: input.name, ...(input.options ?? {}) });
    outcome = result.ok
      ? { kind: 'ok', geometries: result.value.features.features.map((feature) => feature.geometry) }
      : { kind: 'refused', error: result.error };
  } catch (error) {
    outcome = { kind: 'thrown', reason: String((error && error.stack) || error).slice(0, 300) };
  }
  process.send({ id: input.id, outcome });
});
process.send({ ready: true });
`;

class Runner {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  stdout = '';
  stderrTail = '';

  private start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', `--max-old-space-size=${HEAP_MB}`, '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, IMPORT_FUZZ_REGISTRY_PATH: REGISTRY },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000)));
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`fuzz child exited (${code}) before it was ready: ${this.stderrTail}`)));
    });
  }

  async run(input: Input): Promise<Outcome> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    return new Promise<Outcome>((resolve) => {
      const done = (outcome: Outcome) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (message: { id?: number; outcome?: Outcome }) => {
        if (message.id === input.id && message.outcome) done(message.outcome);
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        done({ kind: 'crash', reason: `exit ${code ?? signal}: ${this.stderrTail.split('\n').filter(Boolean).slice(-2).join(' ')}`.slice(0, 300) });
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        this.child = undefined;
        done({ kind: 'hang' });
      }, TIME_BOUND_MS);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id: input.id, name: input.name, options: input.options, data: Buffer.from(input.bytes).toString('base64') });
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
  }
}

// ----------------------------------------------------------------------- judging outcomes

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function refusalProblem(error: Extract<Outcome, { kind: 'refused' }>['error']): string | undefined {
  if (!ERROR_CODES.has(error.code)) return `unknown code ${error.code}`;
  for (const [what, text] of [['message.zh', error.message?.zh], ['message.en', error.message?.en], ['hint.zh', error.hint?.zh], ['hint.en', error.hint?.en]] as const) {
    if (typeof text !== 'string' || text.trim() === '') return `${what} is empty`;
    if (CONTROL.test(text)) return `${what} has control characters`;
    if (/(?:NaN|Infinity)°/.test(text)) return `${what} prints a coordinate that is not a number`;
    if (text.length > 600) return `${what} is ${text.length} characters`;
    if (what.endsWith('zh') && !/[\u4e00-\u9fff]/.test(text)) return `${what} is not Chinese`;
  }
  return undefined;
}

function ringProblem(ring: Position[]): string | undefined {
  if (!Array.isArray(ring) || ring.length < 4) return `ring of ${ring?.length} positions`;
  for (const position of ring) {
    if (!Array.isArray(position) || position.length < 2 || !position.every((value) => typeof value === 'number' && Number.isFinite(value))) return 'non-finite coordinate';
    const [lon, lat] = position;
    if (lon < REGION.west || lon > REGION.east || lat < REGION.south || lat > REGION.north) return `vertex outside the region (${lon}, ${lat})`;
  }
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'ring not closed';
  const distinct = new Set(ring.slice(0, -1).map(([x, y]) => `${x},${y}`));
  if (distinct.size < 3) return `ring of ${distinct.size} distinct vertices`;
  return undefined;
}

function geometryProblem(geometry: Geometry | null): string | undefined {
  if (geometry === null) return 'null geometry in an import';
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (polygons.length === 0) return 'empty MultiPolygon';
    for (const polygon of polygons) {
      if (polygon.length === 0) return 'polygon without rings';
      for (const ring of polygon) {
        const problem = ringProblem(ring);
        if (problem) return problem;
      }
      if (polygon.reduce((sum, ring) => sum + ring.length, 0) <= 5000 && kinks({ type: 'Polygon', coordinates: polygon }).features.length > 0) {
        return 'self-intersecting polygon';
      }
    }
    return undefined;
  }
  if (geometry.type === 'GeometryCollection') {
    if (geometry.geometries.length === 0) return 'empty collection';
    for (const part of geometry.geometries) {
      const problem = geometryProblem(part);
      if (problem) return problem;
    }
    return undefined;
  }
  const positions: Position[] =
    geometry.type === 'Point' ? [geometry.coordinates]
    : geometry.type === 'MultiPoint' || geometry.type === 'LineString' ? geometry.coordinates
    : geometry.coordinates.flat();
  if (positions.length === 0) return `empty ${geometry.type}`;
  if (!positions.every((position) => position.length >= 2 && position.every((value) => Number.isFinite(value)))) return 'non-finite coordinate';
  return undefined;
}

// ----------------------------------------------------------------------- the test

describe('import fuzzing (issue 11)', () => {
  it(`${COUNT} seeded hostile and mutated inputs: every one a clean refusal or a valid import, within ${TIME_BOUND_MS / 1000} s and ${HEAP_MB} MB each`, async () => {
    const started = performance.now();
    const inputs = await generateInputs(COUNT);
    expect(inputs.length).toBe(COUNT);
    const runners = Array.from({ length: WORKERS }, () => new Runner());
    const tally = { ok: 0, refused: 0, hang: 0, crash: 0, thrown: 0, invalidAccepted: 0, badRefusal: 0, printed: 0 };
    const failures: string[] = [];
    const byFormat = new Map<string, number>();
    let cursor = 0;
    try {
      await Promise.all(
        runners.map(async (runner) => {
          while (cursor < inputs.length) {
            const input = inputs[cursor++];
            const extension = /\.([^.]+)$/.exec(input.name)?.[1] ?? '';
            byFormat.set(extension, (byFormat.get(extension) ?? 0) + 1);
            const printedBefore = runner.stdout.length;
            const outcome = await runner.run(input);
            const label = `#${input.id} ${input.name} (${input.how})`;
            if (runner.stdout.length > printedBefore) {
              tally.printed += 1;
              failures.push(`${label}: printed on stdout: ${JSON.stringify(runner.stdout.slice(printedBefore, printedBefore + 120))}`);
            }
            if (outcome.kind === 'ok') {
              const problem = outcome.geometries.map(geometryProblem).find(Boolean);
              if (problem) {
                tally.invalidAccepted += 1;
                failures.push(`${label}: accepted invalid geometry: ${problem}`);
              } else tally.ok += 1;
            } else if (outcome.kind === 'refused') {
              const problem = refusalProblem(outcome.error);
              if (problem) {
                tally.badRefusal += 1;
                failures.push(`${label}: unclean refusal (${problem}): ${JSON.stringify(outcome.error.message).slice(0, 200)}`);
              } else tally.refused += 1;
            } else {
              tally[outcome.kind] += 1;
              failures.push(`${label}: ${outcome.kind}${'reason' in outcome ? `: ${outcome.reason}` : ''}`);
            }
          }
        }),
      );
    } finally {
      runners.forEach((runner) => runner.stop());
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `import fuzz: ${inputs.length} inputs (${[...byFormat].map(([format, count]) => `${format} ${count}`).join(', ')}) in ${seconds.toFixed(1)} s — ` +
        `${tally.ok} imported, ${tally.refused} refused cleanly, ${tally.hang} hangs, ${tally.crash} crashes (heap or exit), ` +
        `${tally.thrown} thrown, ${tally.invalidAccepted} invalid accepted, ${tally.badRefusal} unclean refusals, ${tally.printed} printed on stdout`,
    );
    if (failures.length > 0) console.log(failures.slice(0, 40).join('\n'));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(tally.ok + tally.refused).toBe(COUNT);
    // Bounded in total time: the suite's budget for this file on 2 cores.
    expect(seconds).toBeLessThan(180);
  }, Number(process.env.IMPORT_FUZZ_TEST_TIMEOUT_MS ?? 240_000));
});
