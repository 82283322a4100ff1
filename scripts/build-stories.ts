/**
 * Build the presentation stories: layers/stories/*.json → public/data/stories.json.
 *
 * Every story is validated with src/story/story-schema.ts against the authored layers
 * (layer ids and feature ids must exist in layers/). On any problem it prints every
 * problem — file, story, step and field, English and Chinese — exits with status 1 and
 * writes nothing, so a broken tour never reaches the big screen. Runs after
 * scripts/build-layers.ts in `npm run data`.
 *
 *   npx tsx scripts/build-stories.ts [--stories <dir>] [--layers <dir>] [--out <dir>]
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  STORY_FORMAT_VERSION,
  formatStoryProblem,
  jsonSyntaxProblem,
  validateStoryFiles,
  type Story,
  type StoryCollection,
  type StoryLayerIndex,
  type StoryProblem,
} from '../src/story/story-schema';
import { DEFAULT_LAYERS_ROOT, LayerValidationError, REPOSITORY_ROOT, readAuthoredLayers } from './lib/atlas-layers';

export const DEFAULT_STORIES_DIRECTORY = path.join(DEFAULT_LAYERS_ROOT, 'stories');
export const DEFAULT_OUTPUT_DIRECTORY = path.join(REPOSITORY_ROOT, 'public', 'data');

export interface BuildStoriesOptions {
  storiesDirectory?: string;
  layersRoot?: string;
  outputDirectory?: string;
  generated?: Date;
}

/** Thrown when a story has problems; nothing has been written. */
export class StoryBuildError extends Error {
  readonly problems: StoryProblem[];
  constructor(problems: StoryProblem[]) {
    super(
      `Stories have ${problems.length} problem(s) / 演示故事有 ${problems.length} 处问题:\n` +
        problems.map((problem) => `  - ${formatStoryProblem(problem)}`).join('\n'),
    );
    this.name = 'StoryBuildError';
    this.problems = problems;
  }
}

function displayPath(file: string): string {
  const relative = path.relative(REPOSITORY_ROOT, file);
  return relative.startsWith('..') ? file : relative;
}

/** Layer id → geometry kind and feature ids, from the validated authored layers. */
export async function storyLayerIndex(layersRoot: string = DEFAULT_LAYERS_ROOT): Promise<StoryLayerIndex> {
  const index: Record<string, { geometryType: 'Polygon' | 'LineString' | 'Point'; featureIds: Set<string> }> = {};
  for (const { meta, features } of await readAuthoredLayers(layersRoot)) {
    index[meta.id] = {
      geometryType: meta.geometryType,
      featureIds: new Set(features.features.map((feature) => String(feature.properties?.id))),
    };
  }
  return index;
}

export interface BuildStoriesResult {
  collection: StoryCollection;
  file: string;
}

/** Reads, validates and writes the stories; throws {@link StoryBuildError} with nothing written. */
export async function buildStories(options: BuildStoriesOptions = {}): Promise<BuildStoriesResult> {
  const storiesDirectory = options.storiesDirectory ?? DEFAULT_STORIES_DIRECTORY;
  const outputDirectory = options.outputDirectory ?? DEFAULT_OUTPUT_DIRECTORY;
  const layers = await storyLayerIndex(options.layersRoot ?? DEFAULT_LAYERS_ROOT);

  let names: string[];
  try {
    names = (await readdir(storiesDirectory)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  const problems: StoryProblem[] = [];
  const files: Array<{ file: string; value: unknown }> = [];
  for (const name of names) {
    const file = displayPath(path.join(storiesDirectory, name));
    const text = await readFile(path.join(storiesDirectory, name), 'utf8');
    try {
      files.push({ file, value: JSON.parse(text) });
    } catch (error) {
      problems.push(jsonSyntaxProblem(file, error));
    }
  }
  if (names.length === 0) {
    problems.push({
      file: displayPath(storiesDirectory),
      field: '',
      message: { en: 'no story files (*.json) found', zh: '未找到演示故事文件（*.json）' },
    });
  }
  problems.push(...validateStoryFiles(files, { layers, requireBothLanguages: true }));
  if (problems.length > 0) throw new StoryBuildError(problems);

  const collection: StoryCollection = {
    version: STORY_FORMAT_VERSION,
    generated: (options.generated ?? new Date()).toISOString(),
    stories: files.map(({ value }) => value as Story),
  };
  await mkdir(outputDirectory, { recursive: true });
  const file = path.join(outputDirectory, 'stories.json');
  await writeFile(file, `${JSON.stringify(collection, null, 2)}\n`);
  return { collection, file };
}

function parseArguments(argv: string[]): BuildStoriesOptions {
  const options: BuildStoriesOptions = {};
  for (let index = 0; index < argv.length; index++) {
    const value = argv[index + 1];
    if (argv[index] === '--stories' && value) options.storiesDirectory = path.resolve(value);
    else if (argv[index] === '--layers' && value) options.layersRoot = path.resolve(value);
    else if (argv[index] === '--out' && value) options.outputDirectory = path.resolve(value);
    else continue;
    index++;
  }
  return options;
}

async function main(): Promise<void> {
  try {
    const result = await buildStories(parseArguments(process.argv.slice(2)));
    for (const story of result.collection.stories) {
      console.log(`${story.id.padEnd(32)}  ${String(story.steps.length).padStart(3)} steps  ${story.title.zh} / ${story.title.en}`);
    }
    console.log(`${result.collection.stories.length} story(ies) → ${displayPath(result.file)}`);
  } catch (error) {
    if (error instanceof StoryBuildError || error instanceof LayerValidationError) {
      console.error(error.message);
      console.error('Nothing was written. Fix the files above and run `npm run data` again. / 未写入任何文件，请修正以上问题后重新运行 `npm run data`。');
    } else {
      console.error(`Story build failed / 演示故事构建失败: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
