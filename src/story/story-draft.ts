/**
 * Recording a tour in the app: a draft story that grows one "current view" at a time and
 * is exported as a layers/stories/<id>.json file. Pure functions over `Story`; the
 * authoring panel calls them.
 */
import { cameraFromView } from './story-camera';
import { STORY_FORMAT_VERSION, type Story, type StoryHighlight, type StoryStep } from './story-schema';

/** Default flight length and autoplay hold of a recorded step, in ms. */
export const RECORDED_FLIGHT_MS = 4000;
export const RECORDED_HOLD_MS = 10000;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** An empty tour; its id carries the date and time so two exports do not collide. */
export function createDraft(now: Date, title: { zh: string; en: string }): Story {
  const stamp = `${now.getFullYear()}${twoDigits(now.getMonth() + 1)}${twoDigits(now.getDate())}-${twoDigits(now.getHours())}${twoDigits(now.getMinutes())}`;
  return { version: STORY_FORMAT_VERSION, id: `tour-${stamp}`, title, steps: [] };
}

export interface RecordedView {
  view: { longitude: number; latitude: number; zoom: number; bearing: number; pitch: number };
  mapSize: { width: number; height: number };
  /** Visible catalog layer ids, in catalog order. */
  layers: string[];
  /** The selected feature, highlighted in the step when its layer is visible. */
  selected?: { layerId: string; featureId: string | number } | null;
}

/** A step showing the recorded view, with empty captions for the author to fill in. */
export function stepFromView(recorded: RecordedView): StoryStep {
  const highlight: StoryHighlight[] = [];
  if (recorded.selected && recorded.layers.includes(recorded.selected.layerId)) {
    highlight.push({ layer: recorded.selected.layerId, ids: [String(recorded.selected.featureId)] });
  }
  return {
    title: { zh: '', en: '' },
    caption: { zh: '', en: '' },
    camera: cameraFromView(recorded.view, recorded.mapSize, RECORDED_FLIGHT_MS),
    layers: [...recorded.layers],
    ...(highlight.length > 0 ? { highlight } : {}),
    hold: RECORDED_HOLD_MS,
  };
}

export function addStep(draft: Story, step: StoryStep): Story {
  return { ...draft, steps: [...draft.steps, step] };
}

export function replaceStep(draft: Story, index: number, step: StoryStep): Story {
  if (index < 0 || index >= draft.steps.length) return draft;
  return { ...draft, steps: draft.steps.map((existing, position) => (position === index ? step : existing)) };
}

export function removeStep(draft: Story, index: number): Story {
  return { ...draft, steps: draft.steps.filter((_, position) => position !== index) };
}

/** Moves step `index` by `offset` (−1 up, +1 down); out-of-range moves change nothing. */
export function moveStep(draft: Story, index: number, offset: number): Story {
  const target = index + offset;
  if (index < 0 || index >= draft.steps.length || target < 0 || target >= draft.steps.length) return draft;
  const steps = [...draft.steps];
  [steps[index], steps[target]] = [steps[target], steps[index]];
  return { ...draft, steps };
}

/**
 * The story as it goes into a file: empty optional texts dropped (an empty step title means
 * "no heading"), keys in a stable order, two-space indentation and a final newline.
 */
export function storyFileText(story: Story): string {
  const empty = (text?: { zh: string; en: string }) => !text || (text.zh.trim() === '' && text.en.trim() === '');
  const clean: Story = {
    version: STORY_FORMAT_VERSION,
    id: story.id,
    title: story.title,
    ...(story.summary && !empty(story.summary) ? { summary: story.summary } : {}),
    steps: story.steps.map((step) => ({
      ...(step.title && !empty(step.title) ? { title: step.title } : {}),
      caption: step.caption,
      camera: step.camera,
      layers: step.layers,
      ...(step.highlight && step.highlight.length > 0 ? { highlight: step.highlight } : {}),
      ...(step.figures && step.figures.length > 0 ? { figures: step.figures } : {}),
      ...(step.effects && step.effects.length > 0 ? { effects: step.effects } : {}),
      ...(step.note && !empty(step.note) ? { note: step.note } : {}),
      ...(step.hold !== undefined ? { hold: step.hold } : {}),
    })),
  };
  return `${JSON.stringify(clean, null, 2)}\n`;
}
