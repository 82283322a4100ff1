/**
 * Build the atlas data: layers/<id>/{<id>.geojson, layer.json} → public/data/<id>.fgb
 * (FlatGeobuf with a packed Hilbert R-tree, see src/data/fgb-writer.ts) and
 * public/data/catalog.json (the `Catalog` of src/data/catalog-types.ts).
 *
 * `npm run data` runs this file. On any validation problem it prints every problem
 * (file, layer, feature, field; English and Chinese), exits with status 1 and writes
 * nothing, so a broken layer never reaches the app half-built. Output is deterministic
 * apart from `catalog.generated`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Catalog, CatalogLayer } from '../src/data/catalog-types';
import { validateCatalog } from '../src/data/catalog-validate';
import { writeFlatGeobuf } from '../src/data/fgb-writer';
import { DEFAULT_LAYERS_ROOT, LayerValidationError, REPOSITORY_ROOT, readAuthoredLayers } from './lib/atlas-layers';
import { CliFailure, errorLine, fail, parseArgs, usage, type OptionSpec } from './cli/cli-common';

export const DEFAULT_OUTPUT_DIRECTORY = path.join(REPOSITORY_ROOT, 'public', 'data');

export interface BuildOptions {
  /** Folder holding layers/<id>/; default <repo>/layers. */
  layersRoot?: string;
  /** Folder receiving <id>.fgb and catalog.json; default <repo>/public/data. */
  outputDirectory?: string;
  /** Timestamp written to catalog.generated; default now. */
  generated?: Date;
}

export interface BuiltLayer {
  id: string;
  file: string;
  featureCount: number;
  bytes: number;
}

export interface BuildResult {
  catalog: Catalog;
  catalogFile: string;
  layers: BuiltLayer[];
  totalBytes: number;
  milliseconds: number;
}

function collectionBounds(collection: FeatureCollection): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coordinates: unknown): void => {
    if (!Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === 'number') {
      const [lon, lat] = coordinates as number[];
      bounds[0] = Math.min(bounds[0], lon);
      bounds[1] = Math.min(bounds[1], lat);
      bounds[2] = Math.max(bounds[2], lon);
      bounds[3] = Math.max(bounds[3], lat);
      return;
    }
    for (const child of coordinates) visit(child);
  };
  const visitGeometry = (geometry: Geometry | null): void => {
    if (!geometry) return;
    if (geometry.type === 'GeometryCollection') geometry.geometries.forEach(visitGeometry);
    else visit(geometry.coordinates);
  };
  for (const feature of collection.features) visitGeometry(feature.geometry);
  return bounds;
}

/**
 * Read and validate every authored layer, then write the FlatGeobuf files and the catalog.
 * Throws {@link LayerValidationError} (nothing written) when any layer has a problem.
 */
export async function buildLayers(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const layersRoot = options.layersRoot ?? DEFAULT_LAYERS_ROOT;
  const outputDirectory = options.outputDirectory ?? DEFAULT_OUTPUT_DIRECTORY;
  const authored = await readAuthoredLayers(layersRoot);

  // Encode everything in memory first: a failure half-way must not leave a mixed build.
  const encoded = authored.map(({ meta, features }) => {
    const bytes = writeFlatGeobuf(features, { title: meta.id, description: meta.title.en });
    const entry: CatalogLayer = {
      ...meta,
      url: `data/${meta.id}.fgb`,
      featureCount: features.features.length,
      bbox: collectionBounds(features),
    };
    return { meta, bytes, entry };
  });
  const catalog: Catalog = {
    version: 1,
    generated: (options.generated ?? new Date()).toISOString(),
    layers: encoded.map(({ entry }) => entry),
  };
  const catalogProblems = validateCatalog(catalog);
  if (catalogProblems.length > 0) throw new LayerValidationError(catalogProblems);

  await mkdir(outputDirectory, { recursive: true });
  const layers: BuiltLayer[] = [];
  for (const { meta, bytes } of encoded) {
    const file = path.join(outputDirectory, `${meta.id}.fgb`);
    await writeFile(file, bytes);
    layers.push({ id: meta.id, file, featureCount: catalog.layers.find((layer) => layer.id === meta.id)!.featureCount, bytes: bytes.length });
  }
  const catalogFile = path.join(outputDirectory, 'catalog.json');
  await writeFile(catalogFile, `${JSON.stringify(catalog, null, 2)}\n`);
  return {
    catalog,
    catalogFile,
    layers,
    totalBytes: layers.reduce((sum, layer) => sum + layer.bytes, 0),
    milliseconds: performance.now() - started,
  };
}

const OPTIONS: Record<string, OptionSpec> = {
  layers: { type: 'string', help: { en: 'Folder holding layers/<id>/ (default: <repo>/layers)', zh: '图层源文件夹（默认 <仓库>/layers）' } },
  out: { type: 'string', help: { en: 'Output folder for <id>.fgb and catalog.json (default: <repo>/public/data)', zh: '输出文件夹（默认 <仓库>/public/data）' } },
  help: { type: 'boolean', help: { en: 'Show this help', zh: '显示帮助' } },
};

/**
 * `--layers <dir>` and `--out <dir>` override the default folders (used by the tests).
 * Anything else — an unknown or mistyped flag (`--output`), a flag without its value, a
 * stray argument — is refused (CliFailure, exit 2) before anything is read or written: a
 * misspelt output folder must not silently rebuild public/data.
 */
export function parseArguments(argv: string[]): BuildOptions & { help?: boolean } {
  const { positionals, values } = parseArgs(argv, OPTIONS);
  if (positionals.length > 0) {
    fail(
      `多余的参数 "${positionals.join(' ')}"：输出文件夹请用 --out <文件夹> 指定，请用 --help 查看用法`,
      `Unexpected argument "${positionals.join(' ')}": give the output folder as --out <folder>; see --help`,
    );
  }
  const options: BuildOptions & { help?: boolean } = {};
  if (typeof values.layers === 'string') options.layersRoot = path.resolve(values.layers);
  if (typeof values.out === 'string') options.outputDirectory = path.resolve(values.out);
  if (values.help === true) options.help = true;
  return options;
}

function displayPath(folder: string): string {
  const relative = path.relative(REPOSITORY_ROOT, folder);
  return relative === '' ? '.' : relative.startsWith('..') ? folder : relative;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    // One bilingual line, exit 2 (bad usage), nothing built — as the other CLIs do.
    if (!(error instanceof CliFailure)) throw error;
    process.stderr.write(`${errorLine(error.text)}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  if (options.help) {
    process.stdout.write(`${usage('npm run data --', '[options]', OPTIONS)}\n`);
    return;
  }
  try {
    const result = await buildLayers(options);
    const width = Math.max(...result.layers.map((layer) => layer.id.length), 5);
    for (const layer of result.layers) {
      console.log(`${layer.id.padEnd(width)}  ${String(layer.featureCount).padStart(6)} features  ${String(layer.bytes).padStart(9)} bytes`);
    }
    console.log(
      `${'total'.padEnd(width)}  ${String(result.layers.reduce((sum, layer) => sum + layer.featureCount, 0)).padStart(6)} features  ${String(result.totalBytes).padStart(9)} bytes` +
        `  → ${displayPath(path.dirname(result.catalogFile))}/ (${result.layers.length} layer(s) + catalog.json, ${Math.round(result.milliseconds)} ms)`,
    );
  } catch (error) {
    if (error instanceof LayerValidationError) {
      console.error(error.message);
      console.error('Nothing was written. Fix the files above and run `npm run data` again. / 未写入任何文件，请修正以上问题后重新运行 `npm run data`。');
    } else {
      console.error(`Layer build failed / 图层构建失败: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
