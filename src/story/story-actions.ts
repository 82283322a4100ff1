/**
 * What the presentation's buttons do: start a story (in full screen when the browser
 * allows), record the current view, export / open a story file. Plain functions over the
 * two stores; no JSX.
 */
import { resolveDataUrl } from '../data/load-layer';
import type { AtlasState } from '../state/atlas-state';
import { visibleLayerIds } from '../state/atlas-state';
import { addStep, createDraft, replaceStep, stepFromView, storyFileText } from './story-draft';
import {
  STORY_FORMAT_VERSION,
  parseStoryText,
  validateStory,
  type Story,
  type StoryCollection,
  type StoryLayerIndex,
  type StoryProblem,
} from './story-schema';
import { storyText } from '../i18n';
import { storyStore, type PlayingStory } from './story-store';

/** Layer ids and kinds from the catalog; feature ids of the layers already loaded. */
export function layerIndexFromAtlas(atlas: AtlasState): StoryLayerIndex {
  const index: Record<string, { geometryType: 'Polygon' | 'LineString' | 'Point'; featureIds?: Set<string> }> = {};
  for (const layer of atlas.catalog?.layers ?? []) {
    const load = atlas.layerData[layer.id];
    index[layer.id] = {
      geometryType: layer.geometryType,
      featureIds: load?.status === 'loaded' ? new Set(load.data.features.map((feature) => String(feature.properties?.id ?? feature.id))) : undefined,
    };
  }
  return index;
}

let shippedLoading: Promise<void> | null = null;

/**
 * Reads public/data/stories.json once, when first needed (a story link, the menu opened):
 * an atlas used without presenting asks for nothing.
 */
export function loadShippedStories(): Promise<void> {
  if (!shippedLoading) {
    const url = resolveDataUrl('data/stories.json');
    shippedLoading = fetch(url)
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const collection = (await response.json()) as StoryCollection;
        if (collection.version !== STORY_FORMAT_VERSION || !Array.isArray(collection.stories)) throw new Error('format');
        storyStore.dispatch({ type: 'shipped-loaded', stories: collection.stories });
      })
      .catch(() => {
        storyStore.dispatch({
          type: 'shipped-failed',
          message: { zh: storyText('zh', 'player.loadFailed', { url }), en: storyText('en', 'player.loadFailed', { url }) },
        });
      });
  }
  return shippedLoading;
}

let fullscreenByUs = false;

/** Whether the current full screen was asked for by the presentation (so leaving it ends the show). */
export function isFullscreenOurs(): boolean {
  return fullscreenByUs && document.fullscreenElement !== null;
}

/** Full screen is a bonus: refused outside a click, or unsupported (headless), the kiosk view still works. */
export function enterFullscreen(): void {
  if (document.fullscreenElement || !document.documentElement.requestFullscreen) return;
  document.documentElement
    .requestFullscreen()
    .then(() => {
      fullscreenByUs = true;
    })
    .catch(() => {
      fullscreenByUs = false;
    });
}

export function leaveFullscreen(): void {
  fullscreenByUs = false;
  if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => undefined);
}

export function toggleFullscreen(): void {
  if (document.fullscreenElement) leaveFullscreen();
  else enterFullscreen();
}

export function startStory(story: Story, options: { stepIndex?: number; origin?: PlayingStory['origin']; autoplay?: boolean; fullscreen?: boolean } = {}): void {
  storyStore.dispatch({
    type: 'story-started',
    story,
    stepIndex: options.stepIndex ?? 0,
    origin: options.origin ?? 'shipped',
    autoplay: options.autoplay ?? false,
  });
  if (options.fullscreen) enterFullscreen();
}

export function stopStory(): void {
  storyStore.dispatch({ type: 'story-stopped' });
  if (isFullscreenOurs()) leaveFullscreen();
}

function mapSizeOf(): { width: number; height: number } {
  const container = storyStore.getState().map?.getContainer();
  return container ? { width: container.clientWidth, height: container.clientHeight } : { width: window.innerWidth, height: window.innerHeight };
}

/** The recorded tour, created on first use with a title in both languages. */
export function ensureDraft(): Story {
  const existing = storyStore.getState().draft;
  if (existing) return existing;
  const draft = createDraft(new Date(), { zh: storyText('zh', 'author.defaultTitle'), en: storyText('en', 'author.defaultTitle') });
  storyStore.dispatch({ type: 'draft-changed', draft });
  return draft;
}

function recordedStep(atlas: AtlasState) {
  return stepFromView({ view: atlas.view, mapSize: mapSizeOf(), layers: visibleLayerIds(atlas), selected: atlas.selected });
}

/** "Add current view as a step". */
export function recordCurrentView(atlas: AtlasState): void {
  storyStore.dispatch({ type: 'draft-changed', draft: addStep(ensureDraft(), recordedStep(atlas)) });
}

/** Re-records one step's camera, layers and highlight, keeping its texts. */
export function replaceWithCurrentView(atlas: AtlasState, index: number): void {
  const draft = ensureDraft();
  const previous = draft.steps[index];
  if (!previous) return;
  const fresh = recordedStep(atlas);
  storyStore.dispatch({ type: 'draft-changed', draft: replaceStep(draft, index, { ...fresh, title: previous.title, caption: previous.caption, figures: previous.figures, note: previous.note }) });
}

/** The draft as its file would be, checked like an opened file (one language is enough). */
export function checkDraft(atlas: AtlasState): { text: string; problems: StoryProblem[] } {
  const draft = ensureDraft();
  const text = storyFileText(draft);
  const problems = validateStory(JSON.parse(text), { file: `${draft.id}.json`, layers: layerIndexFromAtlas(atlas), requireBothLanguages: false });
  return { text, problems };
}

/** "Export story JSON": downloads <id>.json when the tour is valid, else lists what to fix. */
export function exportDraft(atlas: AtlasState): boolean {
  const { text, problems } = checkDraft(atlas);
  const draft = ensureDraft();
  if (problems.length > 0) {
    storyStore.dispatch({ type: 'draft-checked', problems, message: null });
    return false;
  }
  const file = `${draft.id}.json`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  storyStore.dispatch({
    type: 'draft-checked',
    problems: [],
    message: { zh: storyText('zh', 'author.exported', { file }), en: storyText('en', 'author.exported', { file }) },
  });
  return true;
}

/** "Play" in the authoring panel: the draft, checked first. */
export function playDraft(atlas: AtlasState): boolean {
  const { text, problems } = checkDraft(atlas);
  if (problems.length > 0) {
    storyStore.dispatch({ type: 'draft-checked', problems, message: null });
    return false;
  }
  startStory(JSON.parse(text) as Story, { origin: 'draft', fullscreen: true });
  return true;
}

/** "Open a tour file": a valid file becomes the draft and plays; problems open the panel. */
export async function openStoryFile(file: File, atlas: AtlasState): Promise<boolean> {
  const text = await file.text();
  const result = parseStoryText(text, { file: file.name, layers: layerIndexFromAtlas(atlas), requireBothLanguages: false });
  if (!result.ok) {
    storyStore.dispatch({ type: 'authoring-set', open: true });
    storyStore.dispatch({ type: 'draft-checked', problems: result.problems, message: null });
    return false;
  }
  storyStore.dispatch({ type: 'draft-changed', draft: result.story });
  storyStore.dispatch({
    type: 'draft-checked',
    problems: [],
    message: {
      zh: storyText('zh', 'author.opened', { file: file.name, count: result.story.steps.length }),
      en: storyText('en', 'author.opened', { file: file.name, count: result.story.steps.length }),
    },
  });
  startStory(result.story, { origin: 'draft' });
  return true;
}
