/**
 * Presentation stories as data: the types of `layers/stories/<id>.json` and their
 * validation. Pure — no React, no MapLibre, no Node APIs — so the build script
 * (scripts/build-stories.ts), the unit tests and the app (import of a story file, export of
 * a recorded tour) call the same functions.
 *
 * A story is a list of steps; each step says where the camera goes, which layers are on,
 * which features stand out, what the caption says (zh and en) and which key figures are
 * shown. Every problem names the file, the story, the step (1-based, as a presenter counts)
 * and the field, in English and Chinese (CONVENTIONS: failures are values a person can act on).
 */
import type { Bilingual, GeometryKind } from '../data/catalog-types';

/** Bumped when the story format changes. */
export const STORY_FORMAT_VERSION = 1;

/** Camera of one step. `center` is [longitude, latitude] in degrees (CGCS2000 ≈ WGS 84). */
export interface StoryCamera {
  center: [number, number];
  zoom: number;
  /** Degrees clockwise from north. */
  bearing: number;
  /** Degrees from looking straight down; > 0 gives the 3D, tilted view. */
  pitch: number;
  /** Length of the flight to this view, in milliseconds. */
  duration: number;
}

/** Features of one layer that stand out in a step, by their `id` property. */
export interface StoryHighlight {
  layer: string;
  ids: string[];
}

/**
 * A key figure: a number (formatted per language) or a text per language, its unit and
 * what it measures. Figures come from REFERENCE.md / the seeds, never from the drawing.
 */
export interface StoryFigure {
  value: number | Bilingual;
  unit: Bilingual;
  label: Bilingual;
}

/**
 * Animated effects a step may ask for: `train` runs a train along its highlighted lines,
 * `pulse` rings its highlighted points. Highlighted areas always fade in.
 */
export type StoryEffect = 'train' | 'pulse';
export const STORY_EFFECTS: readonly StoryEffect[] = ['train', 'pulse'];

export interface StoryStep {
  /** Short heading above the caption. */
  title?: Bilingual;
  caption: Bilingual;
  camera: StoryCamera;
  /** Ids of the catalog layers visible in this step; all others are hidden. */
  layers: string[];
  highlight?: StoryHighlight[];
  figures?: StoryFigure[];
  effects?: StoryEffect[];
  /** Footnote under the caption (e.g. what is schematic about this scene). */
  note?: Bilingual;
  /** Autoplay: how long the step stays after its flight, in milliseconds. */
  hold?: number;
}

export interface Story {
  version: typeof STORY_FORMAT_VERSION;
  /** Kebab-case; the file is layers/stories/<id>.json and the link `#story=<id>`. */
  id: string;
  title: Bilingual;
  summary?: Bilingual;
  steps: StoryStep[];
}

/** What public/data/stories.json holds. */
export interface StoryCollection {
  version: typeof STORY_FORMAT_VERSION;
  generated: string;
  stories: Story[];
}

/** One problem, located as precisely as the data allows. */
export interface StoryProblem {
  file: string;
  /** The story's id when it has a usable one. */
  storyId?: string;
  /** 1-based step number, when the problem is inside a step. */
  step?: number;
  /** Field path inside the story or the step, e.g. `camera.zoom`, `highlight[0].ids[2]`. */
  field: string;
  message: Bilingual;
}

/**
 * What the validator knows about the layers a story may use: geometry kind and, when
 * known, the feature ids. `featureIds: undefined` means "ids not known here" (the app
 * before a layer is loaded) and skips the id check.
 */
export type StoryLayerIndex = Readonly<
  Record<string, { geometryType: GeometryKind; featureIds?: ReadonlySet<string> }>
>;

export interface StoryValidationOptions {
  /** File name used in messages (e.g. `layers/stories/rushan-marine-ranch.json`). */
  file: string;
  /** When given, layer ids and feature ids must exist in it. */
  layers?: StoryLayerIndex;
  /**
   * Shipped stories (true) need every text in both languages; a tour recorded in the app
   * (false) needs each text in at least one, since the other falls back to it.
   */
  requireBothLanguages?: boolean;
}

/**
 * The map's camera limits, repeated here because this module must not import the map:
 * atlas-map.tsx sets maxBounds [118, 35, 125.5, 39], minZoom 5, maxZoom 18; MapLibre's
 * default maximum pitch is 60°.
 */
export const STORY_CAMERA_LIMITS = {
  bounds: [118, 35, 125.5, 39] as const,
  minZoom: 5,
  maxZoom: 18,
  maxPitch: 60,
  /** A flight longer than this feels broken in front of an audience. */
  maxDuration: 30_000,
};

/** Autoplay hold limits: long enough to read a caption, short enough for a stand. */
export const STORY_HOLD_LIMITS = { min: 2_000, max: 120_000 };

/**
 * Text limits, so a caption still fits the kiosk card at a size readable from the back of
 * a hall (≥ 32 px at 1920×1080). Counted in characters; an English word averages ~6.
 */
export const STORY_TEXT_LIMITS = {
  title: { zh: 40, en: 90 },
  stepTitle: { zh: 24, en: 60 },
  caption: { zh: 120, en: 300 },
  note: { zh: 60, en: 150 },
  figureLabel: { zh: 16, en: 40 },
  figureUnit: { zh: 8, en: 20 },
  figureValue: { zh: 12, en: 16 },
};

export const STORY_MAX_STEPS = 40;
export const STORY_MAX_FIGURES = 4;

/** Story ids become file names and URL values: kebab-case only. */
export const STORY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const STORY_KEYS = new Set(['version', 'id', 'title', 'summary', 'steps']);
const STEP_KEYS = new Set(['title', 'caption', 'camera', 'layers', 'highlight', 'figures', 'effects', 'note', 'hold']);
const CAMERA_KEYS = new Set(['center', 'zoom', 'bearing', 'pitch', 'duration']);
const HIGHLIGHT_KEYS = new Set(['layer', 'ids']);
const FIGURE_KEYS = new Set(['value', 'unit', 'label']);
const BILINGUAL_KEYS = new Set(['zh', 'en']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 50 ? `${text.slice(0, 47)}...` : text;
}

/** Collects problems for one story; `at(step)` narrows the location. */
class ProblemList {
  readonly problems: StoryProblem[] = [];
  storyId?: string;
  constructor(readonly file: string) {}

  add(step: number | undefined, field: string, en: string, zh: string): void {
    this.problems.push({ file: this.file, storyId: this.storyId, step, field, message: { zh, en } });
  }
}

function checkUnknownKeys(
  list: ProblemList,
  step: number | undefined,
  prefix: string,
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      const field = prefix ? `${prefix}.${key}` : key;
      list.add(
        step,
        field,
        `unknown field "${key}" (allowed: ${[...known].join(', ')})`,
        `未知字段 "${key}"（允许：${[...known].join('、')}）`,
      );
    }
  }
}

/** A {zh, en} text; `limits` in characters per language. */
function checkBilingual(
  list: ProblemList,
  step: number | undefined,
  field: string,
  value: unknown,
  options: { required: boolean; bothLanguages: boolean; limits?: { zh: number; en: number } },
): void {
  if (value === undefined && !options.required) return;
  if (!isRecord(value)) {
    list.add(step, field, `must be {"zh": "…", "en": "…"}, found ${shown(value)}`, `应为 {"zh": "…", "en": "…"}，实为 ${shown(value)}`);
    return;
  }
  checkUnknownKeys(list, step, field, value, BILINGUAL_KEYS);
  for (const lang of ['zh', 'en'] as const) {
    const text = value[lang];
    if (text !== undefined && typeof text !== 'string') {
      list.add(step, `${field}.${lang}`, `must be text, found ${shown(text)}`, `应为文本，实为 ${shown(text)}`);
    }
  }
  const zh = typeof value.zh === 'string' ? value.zh.trim() : '';
  const en = typeof value.en === 'string' ? value.en.trim() : '';
  if (options.bothLanguages) {
    if (zh === '') list.add(step, `${field}.zh`, 'Chinese text is missing', '缺少中文文本');
    if (en === '') list.add(step, `${field}.en`, 'English text is missing', '缺少英文文本');
  } else if (zh === '' && en === '') {
    list.add(step, field, 'needs text in Chinese or English', '需填写中文或英文文本');
  }
  if (options.limits) {
    if (zh.length > options.limits.zh) {
      list.add(
        step,
        `${field}.zh`,
        `is ${zh.length} characters; at most ${options.limits.zh} stay readable on the big screen`,
        `共 ${zh.length} 字，超过大屏可读上限 ${options.limits.zh} 字`,
      );
    }
    if (en.length > options.limits.en) {
      list.add(
        step,
        `${field}.en`,
        `is ${en.length} characters; at most ${options.limits.en} stay readable on the big screen`,
        `共 ${en.length} 个字符，超过大屏可读上限 ${options.limits.en}`,
      );
    }
  }
}

function checkNumber(
  list: ProblemList,
  step: number,
  field: string,
  value: unknown,
  range: { min: number; max: number },
  meaning: { en: string; zh: string },
): void {
  if (!isFiniteNumber(value) || value < range.min || value > range.max) {
    list.add(
      step,
      field,
      `${meaning.en} must be a number from ${range.min} to ${range.max}, found ${shown(value)}`,
      `${meaning.zh}须为 ${range.min}–${range.max} 之间的数字，实为 ${shown(value)}`,
    );
  }
}

function checkCamera(list: ProblemList, step: number, value: unknown): void {
  if (!isRecord(value)) {
    list.add(step, 'camera', `must be an object {center, zoom, bearing, pitch, duration}, found ${shown(value)}`, `应为对象 {center, zoom, bearing, pitch, duration}，实为 ${shown(value)}`);
    return;
  }
  checkUnknownKeys(list, step, 'camera', value, CAMERA_KEYS);
  const [west, south, east, north] = STORY_CAMERA_LIMITS.bounds;
  const center = value.center;
  if (!Array.isArray(center) || center.length !== 2 || !center.every(isFiniteNumber)) {
    list.add(step, 'camera.center', `must be [longitude, latitude] in degrees, found ${shown(center)}`, `应为 [经度, 纬度]（度），实为 ${shown(center)}`);
  } else {
    const [longitude, latitude] = center as [number, number];
    if (longitude < west || longitude > east || latitude < south || latitude > north) {
      const swapped = latitude >= west && latitude <= east && longitude >= south && longitude <= north;
      list.add(
        step,
        'camera.center',
        `[${longitude}, ${latitude}] is outside the atlas (longitude ${west}–${east}, latitude ${south}–${north})${swapped ? '; longitude and latitude look swapped' : ''}`,
        `[${longitude}, ${latitude}] 超出图集范围（经度 ${west}–${east}，纬度 ${south}–${north}）${swapped ? '；经纬度似乎写反了' : ''}`,
      );
    }
  }
  checkNumber(list, step, 'camera.zoom', value.zoom, { min: STORY_CAMERA_LIMITS.minZoom, max: STORY_CAMERA_LIMITS.maxZoom }, { en: 'zoom', zh: '缩放级别' });
  checkNumber(list, step, 'camera.bearing', value.bearing, { min: -360, max: 360 }, { en: 'bearing (degrees)', zh: '方位角（度）' });
  checkNumber(list, step, 'camera.pitch', value.pitch, { min: 0, max: STORY_CAMERA_LIMITS.maxPitch }, { en: 'pitch (degrees)', zh: '俯仰角（度）' });
  checkNumber(list, step, 'camera.duration', value.duration, { min: 0, max: STORY_CAMERA_LIMITS.maxDuration }, { en: 'flight duration (ms)', zh: '飞行时长（毫秒）' });
}

function checkStep(list: ProblemList, index: number, value: unknown, options: StoryValidationOptions): void {
  const step = index + 1;
  const both = options.requireBothLanguages ?? true;
  if (!isRecord(value)) {
    list.add(step, '', `a step must be an object, found ${shown(value)}`, `每一步应为对象，实为 ${shown(value)}`);
    return;
  }
  checkUnknownKeys(list, step, '', value, STEP_KEYS);
  checkBilingual(list, step, 'title', value.title, { required: false, bothLanguages: both, limits: STORY_TEXT_LIMITS.stepTitle });
  checkBilingual(list, step, 'caption', value.caption, { required: true, bothLanguages: both, limits: STORY_TEXT_LIMITS.caption });
  checkBilingual(list, step, 'note', value.note, { required: false, bothLanguages: both, limits: STORY_TEXT_LIMITS.note });
  checkCamera(list, step, value.camera);

  // Layers: known ids, no repeats.
  const visible = new Set<string>();
  if (!Array.isArray(value.layers)) {
    list.add(step, 'layers', `must be a list of layer ids, found ${shown(value.layers)}`, `应为图层 id 列表，实为 ${shown(value.layers)}`);
  } else {
    value.layers.forEach((layerId, position) => {
      const field = `layers[${position}]`;
      if (typeof layerId !== 'string') {
        list.add(step, field, `must be a layer id, found ${shown(layerId)}`, `应为图层 id，实为 ${shown(layerId)}`);
      } else if (visible.has(layerId)) {
        list.add(step, field, `layer "${layerId}" is listed twice`, `图层 "${layerId}" 重复列出`);
      } else {
        visible.add(layerId);
        if (options.layers && !(layerId in options.layers)) {
          list.add(step, field, `no layer "${layerId}" in layers/ (known: ${Object.keys(options.layers).join(', ')})`, `layers/ 中没有图层 "${layerId}"`);
        }
      }
    });
  }

  // Highlights: their layer must be visible in the step, their features must exist.
  const highlightedKinds = new Set<GeometryKind>();
  if (value.highlight !== undefined) {
    if (!Array.isArray(value.highlight)) {
      list.add(step, 'highlight', `must be a list of {layer, ids}, found ${shown(value.highlight)}`, `应为 {layer, ids} 列表，实为 ${shown(value.highlight)}`);
    } else {
      value.highlight.forEach((entry, position) => {
        const field = `highlight[${position}]`;
        if (!isRecord(entry)) {
          list.add(step, field, `must be {layer, ids}, found ${shown(entry)}`, `应为 {layer, ids}，实为 ${shown(entry)}`);
          return;
        }
        checkUnknownKeys(list, step, field, entry, HIGHLIGHT_KEYS);
        const layerId = entry.layer;
        const layerInfo = typeof layerId === 'string' ? options.layers?.[layerId] : undefined;
        if (typeof layerId !== 'string') {
          list.add(step, `${field}.layer`, `must be a layer id, found ${shown(layerId)}`, `应为图层 id，实为 ${shown(layerId)}`);
        } else if (options.layers && !layerInfo) {
          list.add(step, `${field}.layer`, `no layer "${layerId}" in layers/`, `layers/ 中没有图层 "${layerId}"`);
        } else if (!visible.has(layerId)) {
          list.add(step, `${field}.layer`, `layer "${layerId}" is highlighted but not in this step's "layers"`, `高亮图层 "${layerId}" 未列入本步的 "layers"`);
        }
        if (layerInfo) highlightedKinds.add(layerInfo.geometryType);
        if (!Array.isArray(entry.ids) || entry.ids.length === 0) {
          list.add(step, `${field}.ids`, `must be a non-empty list of feature ids, found ${shown(entry.ids)}`, `应为非空的要素 id 列表，实为 ${shown(entry.ids)}`);
          return;
        }
        entry.ids.forEach((featureId, idPosition) => {
          const idField = `${field}.ids[${idPosition}]`;
          if (typeof featureId !== 'string' || featureId === '') {
            list.add(step, idField, `must be a feature id (text), found ${shown(featureId)}`, `应为要素 id（文本），实为 ${shown(featureId)}`);
          } else if (layerInfo?.featureIds && !layerInfo.featureIds.has(featureId)) {
            list.add(step, idField, `layer "${String(layerId)}" has no feature with id "${featureId}"`, `图层 "${String(layerId)}" 中没有 id 为 "${featureId}" 的要素`);
          }
        });
      });
    }
  }

  if (value.figures !== undefined) {
    if (!Array.isArray(value.figures)) {
      list.add(step, 'figures', `must be a list of {value, unit, label}, found ${shown(value.figures)}`, `应为 {value, unit, label} 列表，实为 ${shown(value.figures)}`);
    } else {
      if (value.figures.length > STORY_MAX_FIGURES) {
        list.add(step, 'figures', `has ${value.figures.length} figures; at most ${STORY_MAX_FIGURES} fit the screen`, `共 ${value.figures.length} 个数字，屏幕最多容纳 ${STORY_MAX_FIGURES} 个`);
      }
      value.figures.forEach((figure, position) => {
        const field = `figures[${position}]`;
        if (!isRecord(figure)) {
          list.add(step, field, `must be {value, unit, label}, found ${shown(figure)}`, `应为 {value, unit, label}，实为 ${shown(figure)}`);
          return;
        }
        checkUnknownKeys(list, step, field, figure, FIGURE_KEYS);
        if (!isFiniteNumber(figure.value)) {
          checkBilingual(list, step, `${field}.value`, figure.value, { required: true, bothLanguages: both, limits: STORY_TEXT_LIMITS.figureValue });
        }
        // A unit may be empty (a count), but the key must be there so nobody forgets it.
        if (!isRecord(figure.unit) || typeof figure.unit.zh !== 'string' || typeof figure.unit.en !== 'string') {
          list.add(step, `${field}.unit`, `must be {"zh": "…", "en": "…"} (empty text for a plain count), found ${shown(figure.unit)}`, `应为 {"zh": "…", "en": "…"}（纯计数可为空文本），实为 ${shown(figure.unit)}`);
        } else {
          checkUnknownKeys(list, step, `${field}.unit`, figure.unit, BILINGUAL_KEYS);
          const limits = STORY_TEXT_LIMITS.figureUnit;
          if (figure.unit.zh.length > limits.zh || figure.unit.en.length > limits.en) {
            list.add(step, `${field}.unit`, `unit is too long (at most ${limits.zh} / ${limits.en} characters)`, `单位过长（最多 ${limits.zh} / ${limits.en} 字符）`);
          }
        }
        checkBilingual(list, step, `${field}.label`, figure.label, { required: true, bothLanguages: both, limits: STORY_TEXT_LIMITS.figureLabel });
      });
    }
  }

  if (value.effects !== undefined) {
    if (!Array.isArray(value.effects)) {
      list.add(step, 'effects', `must be a list (${STORY_EFFECTS.join(', ')}), found ${shown(value.effects)}`, `应为列表（${STORY_EFFECTS.join('、')}），实为 ${shown(value.effects)}`);
    } else {
      value.effects.forEach((effect, position) => {
        const field = `effects[${position}]`;
        if (!STORY_EFFECTS.includes(effect as StoryEffect)) {
          list.add(step, field, `unknown effect ${shown(effect)} (known: ${STORY_EFFECTS.join(', ')})`, `未知效果 ${shown(effect)}（可用：${STORY_EFFECTS.join('、')}）`);
        } else if (options.layers && effect === 'train' && !highlightedKinds.has('LineString')) {
          list.add(step, field, 'the train needs a highlighted line (e.g. hsr-line) to run along', '列车动画需要本步高亮一条线要素（如 hsr-line）');
        } else if (options.layers && effect === 'pulse' && !highlightedKinds.has('Point')) {
          list.add(step, field, 'pulse needs highlighted points (e.g. hsr-stations)', '脉冲动画需要本步高亮点要素（如 hsr-stations）');
        }
      });
    }
  }

  if (value.hold !== undefined) {
    checkNumber(list, step, 'hold', value.hold, STORY_HOLD_LIMITS, { en: 'autoplay hold (ms)', zh: '自动播放停留时长（毫秒）' });
  }
}

/**
 * Checks one parsed story file. Returns every problem found (empty = valid), each naming
 * file, story, step and field in English and Chinese.
 *
 * @example
 * validateStory(JSON.parse(text), { file: 'layers/stories/hsr.json', layers: index })
 */
export function validateStory(value: unknown, options: StoryValidationOptions): StoryProblem[] {
  const list = new ProblemList(options.file);
  const both = options.requireBothLanguages ?? true;
  if (!isRecord(value)) {
    list.add(undefined, '', `a story must be a JSON object, found ${shown(value)}`, `故事文件应为 JSON 对象，实为 ${shown(value)}`);
    return list.problems;
  }
  if (typeof value.id === 'string' && STORY_ID_PATTERN.test(value.id)) list.storyId = value.id;
  checkUnknownKeys(list, undefined, '', value, STORY_KEYS);
  if (value.version !== STORY_FORMAT_VERSION) {
    list.add(undefined, 'version', `must be ${STORY_FORMAT_VERSION}, found ${shown(value.version)}`, `应为 ${STORY_FORMAT_VERSION}，实为 ${shown(value.version)}`);
  }
  if (typeof value.id !== 'string' || !STORY_ID_PATTERN.test(value.id)) {
    list.add(undefined, 'id', `must be kebab-case (a-z, 0-9, "-"), found ${shown(value.id)}`, `应为小写字母、数字与连字符组成的 id，实为 ${shown(value.id)}`);
  }
  checkBilingual(list, undefined, 'title', value.title, { required: true, bothLanguages: both, limits: STORY_TEXT_LIMITS.title });
  checkBilingual(list, undefined, 'summary', value.summary, { required: false, bothLanguages: both });
  if (!Array.isArray(value.steps) || value.steps.length === 0) {
    list.add(undefined, 'steps', `must be a non-empty list of steps, found ${shown(value.steps)}`, `应为非空的步骤列表，实为 ${shown(value.steps)}`);
  } else {
    if (value.steps.length > STORY_MAX_STEPS) {
      list.add(undefined, 'steps', `has ${value.steps.length} steps; at most ${STORY_MAX_STEPS}`, `共 ${value.steps.length} 步，最多 ${STORY_MAX_STEPS} 步`);
    }
    value.steps.forEach((step, index) => checkStep(list, index, step, options));
  }
  return list.problems;
}

/**
 * Checks a whole collection of story files: each file on its own, plus ids that must be
 * unique and match the file name (`<id>.json`), since the link `#story=<id>` finds it by id.
 */
export function validateStoryFiles(
  files: ReadonlyArray<{ file: string; value: unknown }>,
  options: Omit<StoryValidationOptions, 'file'> = {},
): StoryProblem[] {
  const problems: StoryProblem[] = [];
  const seen = new Map<string, string>();
  for (const { file, value } of files) {
    problems.push(...validateStory(value, { ...options, file }));
    if (!isRecord(value) || typeof value.id !== 'string') continue;
    const base = file.split(/[\\/]/).pop() ?? file;
    if (base !== `${value.id}.json`) {
      problems.push({
        file,
        storyId: value.id,
        field: 'id',
        message: { en: `id "${value.id}" must match the file name (${value.id}.json)`, zh: `id "${value.id}" 应与文件名一致（${value.id}.json）` },
      });
    }
    const earlier = seen.get(value.id);
    if (earlier) {
      problems.push({
        file,
        storyId: value.id,
        field: 'id',
        message: { en: `id "${value.id}" is also used by ${earlier}`, zh: `id "${value.id}" 与 ${earlier} 重复` },
      });
    } else {
      seen.set(value.id, file);
    }
  }
  return problems;
}

/**
 * One line per problem, English then Chinese:
 * `layers/stories/x.json — story "x", step 3, field camera.zoom: … / 故事 "x" 第 3 步 字段 camera.zoom：…`
 */
export function formatStoryProblem(problem: StoryProblem): string {
  const story = problem.storyId ? `story "${problem.storyId}"` : 'story (no valid id)';
  const storyZh = problem.storyId ? `故事 "${problem.storyId}"` : '故事（无有效 id）';
  const step = problem.step !== undefined ? `, step ${problem.step}` : '';
  const stepZh = problem.step !== undefined ? ` 第 ${problem.step} 步` : '';
  const field = problem.field ? `, field ${problem.field}` : '';
  const fieldZh = problem.field ? ` 字段 ${problem.field}` : '';
  return `${problem.file} — ${story}${step}${field}: ${problem.message.en} / ${storyZh}${stepZh}${fieldZh}：${problem.message.zh}`;
}

/** A JSON syntax error as a one-line problem (the parser's message may quote the text, newlines included). */
export function jsonSyntaxProblem(file: string, error: unknown): StoryProblem {
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return { file, field: '', message: { en: `not valid JSON (${detail})`, zh: `不是有效的 JSON（${detail}）` } };
}

/** Parses and validates a story file's text; the app's "open story file" uses it. */
export function parseStoryText(
  text: string,
  options: StoryValidationOptions,
): { ok: true; story: Story } | { ok: false; problems: StoryProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [jsonSyntaxProblem(options.file, error)] };
  }
  const problems = validateStory(value, options);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, story: value as Story };
}

/** The figure's value in one language: numbers grouped by thousands, texts picked. */
export function figureValueText(figure: StoryFigure, lang: 'zh' | 'en'): string {
  if (typeof figure.value === 'number') {
    return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 3 }).format(figure.value);
  }
  const text = lang === 'zh' ? figure.value.zh : figure.value.en;
  return text && text.trim() !== '' ? text : lang === 'zh' ? figure.value.en : figure.value.zh;
}
