/**
 * `npm run --silent intensity -- <parcels-file> [--zones development-zones|industrial-parks] [--crs CODE]`:
 * TD/T 1029 land-use intensity indicators of every development zone and/or industrial
 * park from a parcel file (GeoJSON, zipped Shapefile, KML, DXF, FlatGeobuf — anything the
 * import registry reads). Prints one JSON object:
 *
 *   {"zones": [ { "layer", "id", "name", "area_m2", "indicators": { "<key>": number|null } } ]}
 *
 * with the indicator keys of src/analysis/land-use-intensity.ts (INDICATORS). `name` is the
 * zone's Chinese name; `area_m2` is planar (Gauss–Krüger zone of the zone's centroid).
 * Without --zones both layers are reported; --zones-file <file> uses the polygons of another
 * file (e.g. a planner's own zone boundary) instead. Bad input: one bilingual line on stderr, exit
 * code 2, nothing on stdout.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importFile } from '../../src/io/registry';
import { formatImportError } from '../../src/io/types';
import { parseCrsCode, type CrsCode } from '../../src/crs/projections';
import { computeLandUseIntensity, prepareParcels, type ZoneLayer } from '../../src/analysis/land-use-intensity';
import { readAuthoredLayer } from '../lib/atlas-layers';
import { fail, parseArgs, runCli, usage, type OptionSpec } from './cli-common';

const ZONE_LAYERS = ['development-zones', 'industrial-parks'] as const;

const OPTIONS: Record<string, OptionSpec> = {
  zones: {
    type: 'string',
    help: {
      en: 'Zone layer: development-zones or industrial-parks (default: both)',
      zh: '区域图层：development-zones（开发区）或 industrial-parks（产业园区），默认两者都算',
    },
  },
  'zones-file': {
    type: 'string',
    help: {
      en: 'Use the zone polygons of this file instead of the atlas layers (any importable format; layer = file name)',
      zh: '改用此文件中的区域面（任一可导入格式；图层名为文件名），不用图集图层',
    },
  },
  crs: {
    type: 'string',
    help: {
      en: 'CRS of the parcel file when it does not say: EPSG:4490, EPSG:4528, EPSG:4529, gcj02, … (default: detected)',
      zh: '地块文件坐标系（文件未声明时）：EPSG:4490、EPSG:4528、EPSG:4529、gcj02 等（默认自动识别）',
    },
  },
  help: { type: 'boolean', help: { en: 'Show this help', zh: '显示帮助' } },
};

async function main(): Promise<unknown> {
  const { positionals, values } = parseArgs(process.argv.slice(2), OPTIONS);
  if (values.help) return `${usage('npm run --silent intensity --', '<parcels-file> [options]', OPTIONS)}\n`;
  if (positionals.length !== 1) {
    fail('请给出一个地块文件（GeoJSON、FlatGeobuf、Shapefile 等）', 'Give exactly one parcel file (GeoJSON, FlatGeobuf, Shapefile, …)');
  }
  const file = positionals[0];
  const fileName = path.basename(file);

  let layerIds: readonly string[] = ZONE_LAYERS;
  const zonesFile = typeof values['zones-file'] === 'string' ? values['zones-file'] : undefined;
  if (zonesFile !== undefined && values.zones !== undefined) {
    fail('--zones 与 --zones-file 只能用一个', 'Use either --zones or --zones-file, not both');
  }
  if (values.zones !== undefined) {
    const choice = String(values.zones);
    if (!(ZONE_LAYERS as readonly string[]).includes(choice)) {
      fail(`--zones 应为 development-zones 或 industrial-parks，收到 "${choice}"`, `--zones must be development-zones or industrial-parks, got "${choice}"`);
    }
    layerIds = [choice];
  }
  let crs: CrsCode | undefined;
  if (typeof values.crs === 'string') {
    crs = parseCrsCode(values.crs);
    if (!crs) fail(`不认识的坐标系 "${values.crs}"（可用 EPSG:4490、EPSG:4528、EPSG:4529、gcj02、bd09 等）`, `Unknown CRS "${values.crs}" (use EPSG:4490, EPSG:4528, EPSG:4529, gcj02, bd09, …)`);
  }

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    return fail(`无法读取文件 ${file}（不存在、是文件夹或没有权限）`, `Cannot read the file ${file} (missing, a folder, or not permitted)`);
  }
  const imported = await importFile(bytes, { fileName, crs });
  if (!imported.ok) return fail(formatImportError(imported.error, 'zh'), formatImportError(imported.error, 'en'));
  // Read the zones before the (longer) parcel preparation, so a bad zone file fails fast.
  const zones = zonesFile !== undefined ? await readZonesFile(zonesFile) : await readAtlasZones(layerIds);

  const prepared = prepareParcels(imported.value.features);
  if (!prepared.ok) {
    const [first] = prepared.problems;
    const more = prepared.problems.length > 1 ? prepared.problems.length - 1 : 0;
    const idText = first.id !== undefined ? ` (id ${String(first.id)})` : '';
    const label = `${first.index + 1}${idText}`;
    // The attribute note helps only when the shown problem is an attribute one; a point
    // or a broken ring has nothing to do with land_use/status.
    const attributeNote = first.kind === 'attribute';
    return fail(
      `${fileName}：第 ${first.index + 1} 个地块${first.id !== undefined ? `（id ${String(first.id)}）` : ''}：${first.message.zh}${more ? `；另有 ${more}${more >= 19 ? '+' : ''} 处问题` : ''}${attributeNote ? '。地块须有 land_use 与 status 属性（见 README）' : ''}`,
      `${fileName}: parcel ${label}: ${first.message.en}${more ? `; ${more}${more >= 19 ? '+' : ''} more problem(s)` : ''}${attributeNote ? '. Parcels need land_use and status attributes (see README)' : ''}`,
    );
  }

  const results = computeLandUseIntensity(zones, prepared.parcels);
  return {
    zones: results.map((zone) => ({
      layer: zone.layer,
      id: zone.id,
      name: zone.name_zh,
      area_m2: Math.round(zone.area_m2 * 100) / 100,
      indicators: zone.indicators,
    })),
  };
}

async function readAtlasZones(layerIds: readonly string[]): Promise<ZoneLayer[]> {
  const zones: ZoneLayer[] = [];
  for (const id of layerIds) {
    try {
      const layer = await readAuthoredLayer(id);
      zones.push({ layer: id, features: layer.features });
    } catch (error) {
      const first = (error as { problems?: string[] }).problems?.[0] ?? (error as Error).message.split('\n')[0];
      return fail(`图集图层 ${id} 有误：${first}`, `The atlas layer ${id} has problems: ${first}`, 3);
    }
  }
  return zones;
}

async function readZonesFile(file: string): Promise<ZoneLayer[]> {
  const fileName = path.basename(file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    return fail(`无法读取区域文件 ${file}（不存在、是文件夹或没有权限）`, `Cannot read the zone file ${file} (missing, a folder, or not permitted)`);
  }
  const imported = await importFile(bytes, { fileName });
  if (!imported.ok) return fail(formatImportError(imported.error, 'zh'), formatImportError(imported.error, 'en'));
  const features = imported.value.features;
  if (!features.features.some((feature) => feature.geometry?.type === 'Polygon' || feature.geometry?.type === 'MultiPolygon')) {
    return fail(`${fileName}：区域文件中没有面`, `${fileName}: the zone file holds no polygons`);
  }
  return [{ layer: fileName.replace(/\.[^.]+$/, ''), features }];
}

void runCli(main);
