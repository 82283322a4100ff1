/**
 * The reproducers of issue 11 ("Importers under attack"), one file per case, written by
 * scripts/fixtures/make-hostile-fixtures.py into tests/fixtures/import/hostile/ (byte by
 * byte, cut from GDAL-written fixtures, or written by GDAL itself — never by the code under
 * test). Each must be answered within seconds: a clean bilingual refusal with the stated
 * code, or a correct import. The size caps say the limit and the option that raises it.
 * A handful also go through the CLI (`npm run --silent review -- <file>`): exit 0 with one
 * JSON object on stdout, or exit 2 with one short line on stderr and nothing on stdout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it, vi } from 'vitest';
import { importFile } from '../../src/io/registry';
import { DEFAULT_IMPORT_LIMITS, type ImportError, type ImportOptions, type ImportResult } from '../../src/io/types';

const ROOT = path.resolve(__dirname, '../..');
const HOSTILE = path.join(ROOT, 'tests/fixtures/import/hostile');
/** Seconds any one reproducer may take here (2 shared cores under a parallel suite; alone each takes < 3 s). */
const SECONDS = 20;

const source = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/import/source-parcels.geojson'), 'utf8')) as {
  features: { properties: { parcel_id: string }; geometry: { coordinates: Position[][] } }[];
};

async function timed(name: string, options: Partial<ImportOptions> = {}) {
  const bytes = new Uint8Array(readFileSync(path.join(HOSTILE, name)));
  const started = performance.now();
  const outcome = await importFile(bytes, { fileName: name, ...options });
  const seconds = (performance.now() - started) / 1000;
  expect(seconds, `${name} took ${seconds.toFixed(1)} s`).toBeLessThan(SECONDS);
  return { outcome, seconds };
}

async function refused(name: string, code: ImportError['code'], options: Partial<ImportOptions> = {}): Promise<ImportError> {
  const { outcome } = await timed(name, options);
  if (outcome.ok) throw new Error(`${name} should be refused, imported ${outcome.value.features.features.length} feature(s)`);
  expect(outcome.error.code, outcome.error.message.en).toBe(code);
  for (const text of [outcome.error.message.zh, outcome.error.hint.zh]) expect(text).toMatch(/[\u4e00-\u9fff]/);
  for (const text of [outcome.error.message.en, outcome.error.hint.en, outcome.error.message.zh]) {
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text.length).toBeLessThanOrEqual(600);
  }
  return outcome.error;
}

async function imported(name: string, options: Partial<ImportOptions> = {}): Promise<ImportResult & { seconds: number }> {
  const { outcome, seconds } = await timed(name, options);
  if (!outcome.ok) throw new Error(`${name} should import: ${outcome.error.message.en}`);
  return { ...outcome.value, seconds };
}

function polygonsOf(geometry: Geometry | null): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`expected a polygon, got ${geometry?.type}`);
}

/** Same vertices as the source parcel (any start, either direction), to 1e-9°. */
function sameRing(actual: Position[], expected: Position[]): boolean {
  const open = (ring: Position[]) => ring.slice(0, -1);
  const [a, e] = [open(actual), open(expected)];
  if (a.length !== e.length) return false;
  const close = (p: Position, q: Position) => Math.abs(p[0] - q[0]) < 1e-9 && Math.abs(p[1] - q[1]) < 1e-9;
  for (const candidate of [e, [...e].reverse()]) {
    const start = candidate.findIndex((position) => close(position, a[0]));
    if (start >= 0 && a.every((position, index) => close(position, candidate[(start + index) % candidate.length]))) return true;
  }
  return false;
}

describe('endless loops once: FlatGeobuf and DXF', () => {
  it('a FlatGeobuf cut to its 8-byte magic is refused as truncated', async () => {
    const error = await refused('fgb-magic-only.fgb', 'PARSE_ERROR');
    expect(error.message.en).toContain('truncated');
  });
  it('a FlatGeobuf whose header has 0 features (GDAL, with an index node size) is an empty file', async () => {
    await refused('fgb-zero-features.fgb', 'EMPTY_COLLECTION');
  });
  it('a DXF POLYLINE without SEQEND ends at the next entity, with a warning', async () => {
    const result = await imported('dxf-polyline-no-seqend.dxf');
    expect(result.features.features).toHaveLength(1);
    expect(result.features.features[0].properties).toMatchObject({ layer: 'PARCEL', handle: '2A' });
    expect(result.warnings.map((warning) => warning.en).join(' ')).toContain('SEQEND');
    expect(result.crs.crs).toBe('EPSG:4528');
  });
  it('a DXF table without ENDTAB does not stop the entities being read', async () => {
    const result = await imported('dxf-table-no-endtab.dxf');
    expect(result.features.features.map((feature) => feature.properties?.handle)).toEqual(['2B']);
  });
  it('DXF entities dxf-parser printed warnings about are counted in a warning, not printed', async () => {
    const result = await imported('dxf-unknown-entities.dxf');
    expect(result.warnings.map((warning) => warning.en).join(' ')).toContain('ACAD_PROXY_ENTITY ×1, MESH ×1');
  });
});

describe('memory once: counts the file claims', () => {
  it('a 104-byte DXF announcing 2³¹−1 LWPOLYLINE vertices: the one vertex it has is counted, and refused', async () => {
    const error = await refused('dxf-lwpolyline-count-2147483647.dxf', 'INVALID_GEOMETRY');
    expect(error.message.en).toContain('only 1 distinct vertices');
  });
  it.each(['shp-dbf-10000000-records.zip', 'shp-dbf-4294967295-records.zip'])('%s: the DBF record count is checked against the file size', async (name) => {
    const error = await refused(name, 'PARSE_ERROR');
    expect(error.message.en).toMatch(/the \.dbf header claims \d+ records but the file holds room for 2/);
  });
  it('a zip member inflating to 1 GiB that no importer needs is never inflated', async () => {
    // Which members are inflated is read from jszip itself, not from the time it took (a loaded
    // machine can be slow): every inflation, on load (checkCRC32) or on reading a member, asks
    // the member's compressed data for its content worker.
    const { default: JSZip } = await import('jszip');
    const probe = await JSZip.loadAsync(readFileSync(path.join(HOSTILE, 'zip-unneeded-member-1gib.zip')), { checkCRC32: false });
    const compressed = (probe.files['padding.bin'] as unknown as { _data: object })._data;
    const prototype = Object.getPrototypeOf(compressed) as { getContentWorker(): unknown };
    const inflate = vi.spyOn(prototype, 'getContentWorker');
    try {
      const before = process.memoryUsage().arrayBuffers;
      const result = await imported('zip-unneeded-member-1gib.zip');
      expect(result.features.features).toHaveLength(2);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 ** 2);
      const inflated = inflate.mock.contexts.map((data) => (data as { uncompressedSize: number }).uncompressedSize);
      expect(inflated).toContain(388); // parcels.shp
      expect(inflated).not.toContain(1024 ** 3); // padding.bin
    } finally {
      inflate.mockRestore();
    }
  });
  it('a zip directory claiming 1.5 GB from 194 compressed bytes is refused before inflating', async () => {
    const error = await refused('zip-lying-uncompressed-size.zip', 'CORRUPT_ZIP');
    expect(error.message.en).toContain('claims 1500000000 bytes');
  });
});

describe('quadratic time once: now n·log n (times printed)', () => {
  it.each([
    ['ring-50000-vertices.geojson', 50_000],
    ['ring-100000-vertices.geojson', 100_000],
  ])('%s imports (self-intersection check over an R-tree of the edges)', async (name, vertices) => {
    const result = await imported(name);
    const [polygon] = polygonsOf(result.features.features[0].geometry);
    expect(polygon[0]).toHaveLength(vertices + 1);
    console.log(`${name}: ${result.seconds.toFixed(2)} s`);
  });
  it('a MultiPolygon of 300 separate parts imports with its 300 parts', async () => {
    const result = await imported('multipolygon-300-parts.geojson');
    expect(polygonsOf(result.features.features[0].geometry)).toHaveLength(300);
    console.log(`multipolygon-300-parts.geojson: ${result.seconds.toFixed(2)} s`);
  });
  it('300 thin parallel strips whose boxes all overlap (but not the strips) import without clipping every pair', async () => {
    const result = await imported('multipolygon-300-strips.geojson');
    expect(polygonsOf(result.features.features[0].geometry)).toHaveLength(300);
    console.log(`multipolygon-300-strips.geojson: ${result.seconds.toFixed(2)} s`);
  });
  it('a CSV of 40 000 parcels (160 000 boundary points) imports', async () => {
    const result = await imported('csv-40000-parcels.csv');
    expect(result.features.features).toHaveLength(40_000);
    expect(result.crs.crs).toBe('EPSG:4528');
    console.log(`csv-40000-parcels.csv: ${result.seconds.toFixed(2)} s`);
  });
});

describe('uncaught once: broken structure is refused by name', () => {
  it.each([
    ['geojson-null-coordinates.geojson', 'non-finite'],
    ['geojson-missing-coordinates.geojson', 'missing'],
    ['geojson-polygon-zero-rings.geojson', 'empty'],
    ['geojson-deep-nesting.geojson', 'nested more than 8 deep'],
    ['geojson-deep-arrays.geojson', 'non-numeric'],
  ])('%s → INVALID_GEOMETRY (%s)', async (name, words) => {
    const error = await refused(name, 'INVALID_GEOMETRY');
    expect(error.message.en).toContain(words);
  });
  it('a KML SimpleField named __proto__ imports, the attribute renamed and no prototype touched', async () => {
    const result = await imported('kml-simplefield-proto.kml');
    const properties = result.features.features[0].properties!;
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(properties['__proto___']).toBe(5);
    expect(properties.parcel_id).toBe('PROTO-1');
    expect(result.warnings[0].en).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).parcel_id).toBeUndefined();
  });
});

describe('accepted once though invalid', () => {
  it.each(['geojson-collection-bowtie-label-point.geojson', 'kml-multigeometry-bowtie-label-point.kml'])(
    '%s: the bowtie beside a label point is refused',
    async (name) => {
      const error = await refused(name, 'SELF_INTERSECTION');
      // The crossing of (121.55, 36.895)–(121.56, 36.905) with (121.56, 36.895)–(121.55, 36.905).
      expect(error.message.en).toContain('121.5550°E, 36.9000°N');
    },
  );
  it.each(['geojson-empty-polygon.geojson', 'geojson-empty-multipolygon.geojson'])('%s is refused as empty', async (name) => {
    const error = await refused(name, 'INVALID_GEOMETRY');
    expect(error.message.en).toContain('empty');
  });
  it('an infinite Z (1e999 in the JSON) is refused', async () => {
    const error = await refused('geojson-infinite-z.geojson', 'INVALID_GEOMETRY');
    expect(error.message.en).toContain('non-finite');
  });
  it('a KML Z value of markup is dropped by the KML reader: the 2-D ring imports with finite numbers only', async () => {
    const result = await imported('kml-markup-z.kml');
    const [polygon] = polygonsOf(result.features.features[0].geometry);
    for (const position of polygon[0]) {
      expect(position).toHaveLength(2);
      expect(position.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('refused once though valid', () => {
  it.each(['kmz-stored-doc.kmz', 'kmz-libkml-networklink.kmz'])('%s imports both parcels as drawn', async (name) => {
    const result = await imported(name);
    expect(result.format).toBe('kmz');
    expect(result.features.features).toHaveLength(2);
    for (const parcel of source.features) {
      const feature = result.features.features.find((candidate) => candidate.properties?.parcel_id === parcel.properties.parcel_id);
      expect(feature, parcel.properties.parcel_id).toBeDefined();
      expect(sameRing(polygonsOf(feature!.geometry)[0][0], parcel.geometry.coordinates[0])).toBe(true);
    }
  });
});

describe('text from the file is cleaned and cut', () => {
  it('escape codes in a CSV header do not reach the message', async () => {
    const error = await refused('csv-escape-codes-header.csv', 'MISSING_COLUMNS');
    expect(error.message.en).toContain('The headers are: name, value.');
  });
  it('a 2 MB header line is quoted in at most 200 characters', async () => {
    const error = await refused('csv-2mb-header.csv', 'MISSING_COLUMNS');
    const quoted = /The headers are: (.*)\.$/.exec(error.message.en)?.[1] ?? '';
    expect(quoted.length).toBeLessThanOrEqual(200);
    expect(quoted.endsWith('…')).toBe(true);
  });
});

describe('size caps: the limit, and the option that raises it', () => {
  it('defaults are 2 GB per file and per inflated member, 5 M features, 10 M vertices', () => {
    expect(DEFAULT_IMPORT_LIMITS).toEqual({ maxFileBytes: 2 * 1024 ** 3, maxInflatedBytes: 2 * 1024 ** 3, maxFeatures: 5_000_000, maxVertices: 10_000_000 });
  });
  it.each([
    ['ring-50000-vertices.geojson', { maxVertices: 1000 }, 'maxVertices', 'number of vertices is 50,001, over the import limit of 1,000'],
    ['csv-40000-parcels.csv', { maxFeatures: 100 }, 'maxFeatures', 'number of features is 101, over the import limit of 100'],
    ['ring-50000-vertices.geojson', { maxFileBytes: 1024 ** 2 }, 'maxFileBytes', 'file size is 1.2 MB, over the import limit of 1.0 MB'],
    ['zip-unneeded-member-1gib.zip', { maxInflatedBytes: 100 }, 'maxInflatedBytes', 'over the import limit of 0.0 MB'],
  ] as const)('%s with %o → TOO_LARGE naming limits.%s', async (name, limits, option, words) => {
    const error = await refused(name, 'TOO_LARGE', { limits });
    expect(error.message.en).toContain(words);
    expect(error.hint.en).toContain(`limits.${option}`);
    expect(error.hint.zh).toContain(`limits.${option}`);
  });
});

describe('the CLI contract on reproducers', () => {
  function review(name: string) {
    const run = spawnSync('npm', ['run', '--silent', 'review', '--', path.join(HOSTILE, name)], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }
  it('a DXF with entities dxf-parser warned about: exit 0, stdout is one JSON object', () => {
    const run = review('dxf-unknown-entities.dxf');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).reports).toHaveLength(1);
  });
  it.each(['csv-escape-codes-header.csv', 'csv-2mb-header.csv', 'dxf-lwpolyline-count-2147483647.dxf', 'fgb-magic-only.fgb'])(
    '%s: exit 2, one short clean line on stderr, nothing on stdout',
    (name) => {
      const run = review(name);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0].length).toBeLessThan(1500);
      expect(lines[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    },
  );
});
