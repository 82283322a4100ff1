/**
 * Presentation stories: the shipped tours validate against the authored layers; every
 * broken fixture in tests/fixtures/stories/bad fails with a message naming the file, the
 * story, the step and the field (English and Chinese); the build script exits 1 and writes
 * nothing on a bad file; the recording helpers produce a file that validates.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStories, storyLayerIndex, StoryBuildError } from '../../scripts/build-stories';
import { cameraFromView, screenZoom, storyZoom, zoomOffsetFor } from '../../src/story/story-camera';
import { addStep, createDraft, moveStep, removeStep, stepFromView, storyFileText } from '../../src/story/story-draft';
import { readStoryHash, writeStoryHash } from '../../src/story/story-hash';
import {
  figureValueText,
  formatStoryProblem,
  parseStoryText,
  validateStory,
  validateStoryFiles,
  type Story,
  type StoryLayerIndex,
} from '../../src/story/story-schema';
import { createStoryState, storyReducer } from '../../src/story/story-store';

const REPOSITORY = path.resolve(__dirname, '..', '..');
const SHIPPED = path.join(REPOSITORY, 'layers', 'stories');
const FIXTURES = path.join(REPOSITORY, 'tests', 'fixtures', 'stories');
const temporaryDirectories: string[] = [];
let layers: StoryLayerIndex;

beforeAll(async () => {
  layers = await storyLayerIndex();
});
afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'atlas-stories-'));
  temporaryDirectories.push(directory);
  return directory;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every line is bilingual: English, " / ", then text with CJK characters. */
function expectBilingual(lines: string[]): void {
  for (const line of lines) expect(line, line).toMatch(/ \/ .*[\u4e00-\u9fff]/);
}

describe('shipped stories', () => {
  const files = readdirSync(SHIPPED).filter((name) => name.endsWith('.json'));

  it('ships at least the three tours of the brief', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['laixi-rongcheng-hsr.json', 'rushan-marine-ranch.json', 'weihai-five-zones-nine-bases.json']));
  });

  it('every story validates against the authored layers, in both languages', () => {
    const problems = validateStoryFiles(
      files.map((name) => ({ file: `layers/stories/${name}`, value: readJson(path.join(SHIPPED, name)) })),
      { layers, requireBothLanguages: true },
    );
    expect(problems.map(formatStoryProblem)).toEqual([]);
  });

  it('the railway tour visits all seven stations, west to east', () => {
    const story = readJson(path.join(SHIPPED, 'laixi-rongcheng-hsr.json')) as Story;
    const stations = story.steps.flatMap((step) => step.highlight?.filter((entry) => entry.layer === 'hsr-stations').flatMap((entry) => entry.ids) ?? []);
    const order = ['station-laixi', 'station-laiyang-south', 'station-haiyang', 'station-rushan-south', 'station-weihai-nanhai', 'station-wendeng-south', 'station-rongcheng'];
    for (const id of order) expect(stations).toContain(id);
    // After the overview, the station steps run west to east.
    const firstSeen = order.map((id) => story.steps.findIndex((step, index) => index > 0 && step.highlight?.some((entry) => entry.ids.includes(id))));
    expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
  });

  it('a step whose caption names a line the atlas draws shows that line’s layer', () => {
    // The presenter points at what the caption names: 青荣城际 and 桃威铁路 are in `railways`.
    const drawnIn: [RegExp, string][] = [[/青荣城际|桃威铁路/u, 'railways'], [/莱荣高铁|莱荣/u, 'hsr-line'], [/乳山口大桥/u, 'bridges']];
    const missing: string[] = [];
    for (const name of files) {
      const story = readJson(path.join(SHIPPED, name)) as Story;
      story.steps.forEach((step, index) => {
        const caption = typeof step.caption === 'string' ? step.caption : step.caption.zh;
        for (const [named, layer] of drawnIn) if (named.test(caption) && !step.layers?.includes(layer)) missing.push(`${name} step ${index + 1}: ${layer}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it('a step’s note does not call a station at its public position estimated or schematic', () => {
    // The layer file says which stations have a public position (accuracy digitized); a note
    // that speaks of station positions names those as public.
    const stations = (readJson(path.join(REPOSITORY, 'layers/hsr-stations/hsr-stations.geojson')) as { features: { properties: { id: string; name_zh: string; accuracy: string } }[] }).features;
    const wrong: string[] = [];
    for (const name of files) {
      const story = readJson(path.join(SHIPPED, name)) as Story;
      story.steps.forEach((step, index) => {
        const note = step.note ? (typeof step.note === 'string' ? step.note : step.note.zh) : '';
        if (!/站/u.test(note)) return;
        const shown = step.highlight?.filter((entry) => entry.layer === 'hsr-stations').flatMap((entry) => entry.ids) ?? [];
        for (const id of shown) {
          const station = stations.find((feature) => feature.properties.id === id)?.properties;
          if (station?.accuracy === 'digitized' && !(note.includes(station.name_zh) && note.includes('公开坐标'))) wrong.push(`${name} step ${index + 1}: ${station.name_zh} is public, the note says "${note}"`);
        }
      });
    }
    expect(wrong).toEqual([]);
  });

  it('the marine ranch tour names the 9.5万亩 and 5000亩 figures from REFERENCE.md', () => {
    const text = readFileSync(path.join(SHIPPED, 'rushan-marine-ranch.json'), 'utf8');
    expect(text).toContain('9.5万亩');
    expect(text).toContain('"95,000"');
    expect(text).toContain('5000亩示范区');
    expect(text).toContain('牡蛎小镇');
    expect(text).toContain('乳山口大桥');
    expect(text).toContain('3310');
  });
});

describe('broken story files', () => {
  /** Fixture → where the first expected problem is. */
  const expected: Record<string, { step?: number; field: string; words: RegExp }> = {
    'bad-zoom.json': { step: 2, field: 'camera.zoom', words: /from 5 to 18, found 25/ },
    'bad-pitch.json': { step: 2, field: 'camera.pitch', words: /from 0 to 60, found 85/ },
    'bad-swapped-center.json': { step: 1, field: 'camera.center', words: /look swapped/ },
    'bad-unknown-layer.json': { step: 2, field: 'layers[1]', words: /no layer "hsr-lines"/ },
    'bad-unknown-feature.json': { step: 1, field: 'highlight[0].ids[0]', words: /no feature with id "rushankou-bridges"/ },
    'bad-missing-english.json': { step: 2, field: 'caption.en', words: /English text is missing/ },
    'bad-field-typo.json': { step: 1, field: 'captoin', words: /unknown field "captoin"/ },
    'bad-highlight-hidden.json': { step: 1, field: 'highlight[1].layer', words: /not in this step's "layers"/ },
    'bad-train-without-line.json': { step: 1, field: 'effects[0]', words: /train needs a highlighted line/ },
    'bad-figure-unit.json': { step: 1, field: 'figures[0].unit', words: /\(empty text for a plain count\)/ },
    'bad-id-mismatch.json': { field: 'id', words: /must match the file name/ },
  };

  it('has an expectation for every fixture but the unparsable one', () => {
    const fixtures = readdirSync(path.join(FIXTURES, 'bad')).filter((name) => name !== 'bad-not-json.json');
    expect(fixtures.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, where] of Object.entries(expected)) {
    it(`${name} fails at ${where.step ? `step ${where.step}, ` : ''}${where.field}`, () => {
      const file = `tests/fixtures/stories/bad/${name}`;
      const problems = validateStoryFiles([{ file, value: readJson(path.join(FIXTURES, 'bad', name)) }], { layers, requireBothLanguages: true });
      const match = problems.find((problem) => problem.field === where.field && problem.step === where.step);
      expect(match, problems.map(formatStoryProblem).join('\n')).toBeDefined();
      const line = formatStoryProblem(match!);
      expect(line).toContain(file);
      expect(line).toMatch(/story "[a-z-]+"/);
      if (where.step) expect(line).toContain(`step ${where.step}, field ${where.field}`);
      if (where.step) expect(line).toContain(`第 ${where.step} 步`);
      expect(line).toMatch(where.words);
      expectBilingual(problems.map(formatStoryProblem));
    });
  }

  it('an unparsable file is reported as such, naming the file', () => {
    const text = readFileSync(path.join(FIXTURES, 'bad', 'bad-not-json.json'), 'utf8');
    const result = parseStoryText(text, { file: 'bad-not-json.json' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatStoryProblem(result.problems[0])).toMatch(/bad-not-json\.json.*not valid JSON .* \/ .*不是有效的 JSON/);
  });

  it('the good fixture passes', () => {
    expect(validateStory(readJson(path.join(FIXTURES, 'good', 'sample-tour.json')), { file: 'sample-tour.json', layers })).toEqual([]);
  });

  it('a recorded tour needs only one language; a shipped one needs both', () => {
    const story = readJson(path.join(FIXTURES, 'bad', 'bad-missing-english.json'));
    expect(validateStory(story, { file: 'x.json', layers, requireBothLanguages: false })).toEqual([]);
    expect(validateStory(story, { file: 'x.json', layers, requireBothLanguages: true }).map((problem) => problem.field)).toEqual(['caption.en']);
  });
});

describe('scripts/build-stories.ts', () => {
  const run = (storiesDirectory: string, outputDirectory: string) =>
    spawnSync(process.execPath, [path.join(REPOSITORY, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-stories.ts', '--stories', storiesDirectory, '--out', outputDirectory], {
      cwd: REPOSITORY,
      encoding: 'utf8',
    });

  it('exits 1, names file, story, step and field, and writes nothing for a bad file', () => {
    const stories = temporaryDirectory();
    const out = temporaryDirectory();
    cpSync(path.join(FIXTURES, 'good', 'sample-tour.json'), path.join(stories, 'sample-tour.json'));
    cpSync(path.join(FIXTURES, 'bad', 'bad-zoom.json'), path.join(stories, 'bad-zoom.json'));
    const result = run(stories, out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad-zoom.json');
    expect(result.stderr).toContain('story "bad-zoom", step 2, field camera.zoom');
    expect(result.stderr).toContain('故事 "bad-zoom" 第 2 步 字段 camera.zoom');
    expect(result.stderr).toContain('Nothing was written');
    expect(existsSync(path.join(out, 'stories.json'))).toBe(false);
  });

  it('writes public/data-style stories.json for good files', async () => {
    const stories = temporaryDirectory();
    const out = temporaryDirectory();
    cpSync(path.join(FIXTURES, 'good', 'sample-tour.json'), path.join(stories, 'sample-tour.json'));
    const { collection } = await buildStories({ storiesDirectory: stories, outputDirectory: out, generated: new Date('2026-01-01T00:00:00Z') });
    const written = readJson(path.join(out, 'stories.json')) as { version: number; generated: string; stories: Story[] };
    expect(written.version).toBe(1);
    expect(written.generated).toBe('2026-01-01T00:00:00.000Z');
    expect(written.stories).toEqual([readJson(path.join(FIXTURES, 'good', 'sample-tour.json'))]);
    expect(collection.stories).toHaveLength(1);
  });

  it('throws a StoryBuildError listing every bad fixture at once', async () => {
    const stories = temporaryDirectory();
    for (const name of readdirSync(path.join(FIXTURES, 'bad'))) cpSync(path.join(FIXTURES, 'bad', name), path.join(stories, name));
    const error = await buildStories({ storiesDirectory: stories, outputDirectory: temporaryDirectory() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoryBuildError);
    const files = new Set((error as StoryBuildError).problems.map((problem) => path.basename(problem.file)));
    expect([...files].sort()).toEqual(readdirSync(path.join(FIXTURES, 'bad')).sort());
  });
});

describe('story link in the hash', () => {
  it('reads story and 1-based step, keeping other keys when writing', () => {
    expect(readStoryHash('#map=9.00/36.90000/121.50000&story=rushan-marine-ranch&step=3&layers=a')).toEqual({
      storyId: 'rushan-marine-ranch',
      stepIndex: 2,
      autoplay: false,
    });
    expect(readStoryHash('#story=x&step=0').stepIndex).toBeUndefined();
    expect(readStoryHash('#story=x&step=abc').stepIndex).toBeUndefined();
    expect(readStoryHash('#story=x&autoplay=1').autoplay).toBe(true);
    const written = writeStoryHash('#map=9.00/36.90000/121.50000&story=a&step=1&site=s1&layers=b', { storyId: 'c', stepIndex: 4, autoplay: false });
    expect(written).toBe('#map=9.00/36.90000/121.50000&story=c&step=5&site=s1&layers=b');
    expect(writeStoryHash('#map=1/2/3&site=s1', { storyId: 'c', stepIndex: 0, autoplay: true })).toBe('#map=1/2/3&site=s1&story=c&step=1&autoplay=1');
    expect(writeStoryHash('#map=1/2/3&story=c&step=2&autoplay=1&site=s1', null)).toBe('#map=1/2/3&site=s1');
    expect(writeStoryHash('#story=c&step=2', null)).toBe('');
  });
});

describe('camera for other screens', () => {
  // Expected values: Python math.log2(min(w/1920, h/1080)).
  it('shifts zoom by log2 of the size ratio to 1920×1080', () => {
    expect(zoomOffsetFor(1920, 1080)).toBe(0);
    expect(zoomOffsetFor(1280, 720)).toBeCloseTo(-0.5849625007211563, 12);
    expect(zoomOffsetFor(1366, 768)).toBeCloseTo(-0.49185309632967467, 12);
    expect(zoomOffsetFor(3840, 2160)).toBeCloseTo(1, 12);
    expect(screenZoom(10, 1280, 720)).toBeCloseTo(9.415037499278844, 12);
    expect(storyZoom(screenZoom(10.3, 1366, 768), 1366, 768)).toBeCloseTo(10.3, 12);
  });

  it('records a view rounded, with bearing folded into −180…180', () => {
    const camera = cameraFromView({ longitude: 121.5123456, latitude: 36.8765432, zoom: 11.415037499278844, bearing: 350, pitch: 44.96 }, { width: 1280, height: 720 }, 3000);
    expect(camera).toEqual({ center: [121.51235, 36.87654], zoom: 12, bearing: -10, pitch: 45, duration: 3000 });
  });
});

describe('recording a tour', () => {
  it('two recorded views with captions export as a story that validates', () => {
    let draft = createDraft(new Date(2026, 10, 21, 9, 5), { zh: '我的导览', en: 'My tour' });
    expect(draft.id).toBe('tour-20261121-0905');
    const first = stepFromView({
      view: { longitude: 121.6, latitude: 36.8, zoom: 11, bearing: 0, pitch: 0 },
      mapSize: { width: 1920, height: 1080 },
      layers: ['basemap-land', 'marine-ranch'],
      selected: { layerId: 'marine-ranch', featureId: 'rushan-ranch-demonstration' },
    });
    const second = stepFromView({
      view: { longitude: 121.55, latitude: 36.75, zoom: 12, bearing: 20, pitch: 40 },
      mapSize: { width: 1920, height: 1080 },
      layers: ['basemap-land', 'marine-ranch', 'towns'],
      selected: { layerId: 'ports', featureId: 'rushan-port' }, // not visible: not highlighted
    });
    expect(first.highlight).toEqual([{ layer: 'marine-ranch', ids: ['rushan-ranch-demonstration'] }]);
    expect(second.highlight).toBeUndefined();
    draft = addStep(addStep(draft, first), second);
    // Empty captions are reported, naming the step.
    const unfinished = validateStory(JSON.parse(storyFileText(draft)), { file: 'x.json', layers, requireBothLanguages: false });
    expect(unfinished.map((problem) => `${problem.step} ${problem.field}`)).toEqual(['1 caption', '2 caption']);
    draft = { ...draft, steps: draft.steps.map((step, index) => ({ ...step, caption: { zh: `第${index + 1}景`, en: '' } })) };
    const text = storyFileText(draft);
    expect(validateStory(JSON.parse(text), { file: `${draft.id}.json`, layers, requireBothLanguages: false })).toEqual([]);
    // Empty step titles are dropped from the file, not written as empty texts.
    expect(JSON.parse(text).steps[0].title).toBeUndefined();
    expect(moveStep(draft, 0, 1).steps[0]).toBe(draft.steps[1]);
    expect(moveStep(draft, 0, -1)).toBe(draft);
    expect(removeStep(draft, 0).steps).toEqual([draft.steps[1]]);
  });
});

describe('player state', () => {
  const story = readJson(path.join(FIXTURES, 'good', 'sample-tour.json')) as Story;

  it('moves between steps, clamps without loop and wraps with loop', () => {
    let state = storyReducer(createStoryState(), { type: 'story-started', story, stepIndex: 9, origin: 'shipped' });
    expect(state.playing?.stepIndex).toBe(1); // clamped to the last step
    const flight = state.flight;
    state = storyReducer(state, { type: 'step-moved', offset: 1, loop: false });
    expect(state.playing?.stepIndex).toBe(1);
    expect(state.flight).toBe(flight);
    state = storyReducer(state, { type: 'step-moved', offset: 1, loop: true });
    expect(state.playing?.stepIndex).toBe(0);
    expect(state.flight).toBe(flight + 1);
    state = storyReducer(state, { type: 'camera-settled', flight: flight }); // a stale flight
    expect(state.cameraSettled).toBe(false);
    state = storyReducer(state, { type: 'camera-settled', flight: flight + 1 });
    expect(state.cameraSettled).toBe(true);
    state = storyReducer(state, { type: 'story-stopped' });
    expect(state.playing).toBeNull();
  });

  it('formats figures per language', () => {
    expect(figureValueText({ value: 3310, unit: { zh: '米', en: 'm' }, label: { zh: '', en: '' } }, 'en')).toBe('3,310');
    expect(figureValueText({ value: { zh: '9.5', en: '95,000' }, unit: { zh: '万亩', en: 'mu' }, label: { zh: '', en: '' } }, 'zh')).toBe('9.5');
  });
});
