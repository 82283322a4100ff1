/**
 * Node-only reader of the authored layers: layers/<id>/layer.json + layers/<id>/<id>.geojson.
 * Used by the build script (layers → FlatGeobuf + catalog), the CLIs and the unit tests,
 * so every consumer sees the same validated data. `layers/stories/` holds presentation
 * tours, not a layer, and is skipped.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import type { LayerMeta } from '../../src/data/catalog-types';
import { GEOMETRY_KINDS, validateLayerFeatures, validateLayerMeta } from '../../src/data/catalog-validate';

export interface AuthoredLayer {
  meta: LayerMeta;
  features: FeatureCollection;
}

/** The repository root (two folders above scripts/lib/). */
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_LAYERS_ROOT = path.join(REPOSITORY_ROOT, 'layers');

/** Folders under layers/ that are not layers. */
const NOT_LAYER_FOLDERS = new Set(['stories']);

/** Thrown when the authored layers have problems; `problems` holds one bilingual line each. */
export class LayerValidationError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Authored layers have ${problems.length} problem(s) / 图层数据有 ${problems.length} 处问题:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'LayerValidationError';
    this.problems = problems;
  }
}

function relativeName(file: string): string {
  const relative = path.relative(REPOSITORY_ROOT, file);
  return relative.startsWith('..') ? file : relative;
}

async function readJson(file: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push(`${relativeName(file)}: file is missing or unreadable / 文件缺失或无法读取`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push(`${relativeName(file)}: not valid JSON (${(error as Error).message}) / 不是有效的 JSON`);
    return undefined;
  }
}

/** Read and validate one layer folder; collects problems instead of throwing. */
async function readLayerFolder(folder: string, problems: string[]): Promise<AuthoredLayer | undefined> {
  const id = path.basename(folder);
  const metaFile = path.join(folder, 'layer.json');
  const dataFile = path.join(folder, `${id}.geojson`);
  const before = problems.length;
  const meta = await readJson(metaFile, problems);
  const features = await readJson(dataFile, problems);
  if (problems.length > before) return undefined;
  const metaProblems = validateLayerMeta(meta, relativeName(metaFile));
  const layerMeta = meta as LayerMeta;
  if (typeof layerMeta === 'object' && layerMeta !== null && layerMeta.id !== id) {
    // The folder name is the id the build writes (<id>.fgb) and the app asks for.
    metaProblems.push(`${relativeName(metaFile)} [${String(layerMeta.id)}]: id must equal the folder name "${id}" / id 应与文件夹名 "${id}" 一致`);
  }
  problems.push(...metaProblems);
  // Check the features even when layer.json has problems, as long as the geometry type is
  // known, so one run lists everything to fix.
  const geometryTypeKnown = typeof layerMeta === 'object' && layerMeta !== null && GEOMETRY_KINDS.includes(layerMeta.geometryType);
  const featureProblems = geometryTypeKnown
    ? validateLayerFeatures({ ...layerMeta, id }, features, relativeName(dataFile))
    : [];
  problems.push(...featureProblems);
  if (metaProblems.length > 0 || featureProblems.length > 0) return undefined;
  return { meta: layerMeta, features: features as FeatureCollection };
}

async function layerFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !NOT_LAYER_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => path.join(root, entry.name))
    .sort();
}

/**
 * Every authored layer under `root`, validated, sorted by `meta.order` (then id, so the
 * order is stable). Throws a {@link LayerValidationError} listing all problems, each
 * naming the file, layer id, feature id and field.
 */
export async function readAuthoredLayers(root: string = DEFAULT_LAYERS_ROOT): Promise<AuthoredLayer[]> {
  const problems: string[] = [];
  const layers: AuthoredLayer[] = [];
  for (const folder of await layerFolders(root)) {
    const layer = await readLayerFolder(folder, problems);
    if (layer) layers.push(layer);
  }
  // Equal `order` values are allowed (authors work independently); the id breaks the tie so
  // the catalog order is still deterministic.
  if (problems.length > 0) throw new LayerValidationError(problems);
  return layers.sort((a, b) => a.meta.order - b.meta.order || a.meta.id.localeCompare(b.meta.id));
}

/** One authored layer by id, validated. Throws when it is missing or invalid. */
export async function readAuthoredLayer(id: string, root: string = DEFAULT_LAYERS_ROOT): Promise<AuthoredLayer> {
  const folder = path.join(root, id);
  const exists = await stat(folder).then((info) => info.isDirectory(), () => false);
  if (!exists || NOT_LAYER_FOLDERS.has(id)) {
    throw new LayerValidationError([`${relativeName(folder)}: no such layer "${id}" / 图层 "${id}" 不存在`]);
  }
  const problems: string[] = [];
  const layer = await readLayerFolder(folder, problems);
  if (!layer) throw new LayerValidationError(problems);
  return layer;
}
