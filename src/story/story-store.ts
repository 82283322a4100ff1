/**
 * State of the presentation mode, beside the atlas store (which it does not change):
 * the shipped stories, the story playing and its step, autoplay, the tour being recorded.
 * A small external store for `useSyncExternalStore`, like src/state/atlas-store.tsx.
 * The reducer is pure; the store is one per page (there is one presenter).
 */
import { createReducerStore, type ReducerStore } from '../state/reducer-store';
import { useSyncExternalStore } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Bilingual } from '../data/catalog-types';
import type { Story, StoryProblem } from './story-schema';

export interface PlayingStory {
  story: Story;
  stepIndex: number;
  /** Where the story came from: shipped with the atlas, or recorded / opened in this browser. */
  origin: 'shipped' | 'draft';
}

/** A box on the page, CSS px from the window's top-left corner. */
export interface PageBox {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface StoryState {
  /** Shipped stories from public/data/stories.json; null until read. */
  shipped: Story[] | null;
  loadError: Bilingual | null;
  playing: PlayingStory | null;
  autoplay: boolean;
  /** The screen blanked by the presenter (B / . black, W / , white, as a clicker's blank key), or null. */
  blank: 'black' | 'white' | null;
  /** Counts every step change, so the same step chosen again still re-flies the camera. */
  flight: number;
  /** True once the camera has arrived at the current step. */
  cameraSettled: boolean;
  /**
   * Where the caption card is, in CSS px of the page (its laid-out box: the card's entrance
   * animation moves it, not its place), so the camera frames the map above it; null until measured.
   */
  card: PageBox | null;
  /** Where the presenter controls are (top right, over the map): no label is laid out under them. */
  controls: PageBox | null;
  authoringOpen: boolean;
  draft: Story | null;
  draftProblems: StoryProblem[];
  draftMessage: Bilingual | null;
  /** The MapLibre map, registered by <StoryOverlays> (inside the map) for the authoring panel. */
  map: MapLibreMap | null;
}

export type StoryAction =
  | { type: 'shipped-loaded'; stories: Story[] }
  | { type: 'shipped-failed'; message: Bilingual }
  | { type: 'story-started'; story: Story; stepIndex: number; origin: PlayingStory['origin']; autoplay?: boolean }
  | { type: 'step-chosen'; stepIndex: number }
  | { type: 'step-moved'; offset: 1 | -1; loop: boolean }
  | { type: 'story-stopped' }
  | { type: 'autoplay-set'; autoplay: boolean }
  | { type: 'blank-set'; blank: 'black' | 'white' | null }
  | { type: 'camera-settled'; flight: number }
  | { type: 'kiosk-measured'; card: PageBox; controls: PageBox | null }
  | { type: 'authoring-set'; open: boolean }
  | { type: 'draft-changed'; draft: Story | null }
  | { type: 'draft-checked'; problems: StoryProblem[]; message: Bilingual | null }
  | { type: 'map-registered'; map: MapLibreMap | null };

export function createStoryState(draft: Story | null = null): StoryState {
  return {
    shipped: null,
    loadError: null,
    playing: null,
    autoplay: false,
    blank: null,
    flight: 0,
    cameraSettled: false,
    card: null,
    controls: null,
    authoringOpen: false,
    draft,
    draftProblems: [],
    draftMessage: null,
    map: null,
  };
}

function clampStep(story: Story, stepIndex: number): number {
  return Math.min(Math.max(0, Math.trunc(stepIndex)), story.steps.length - 1);
}

export function storyReducer(state: StoryState, action: StoryAction): StoryState {
  switch (action.type) {
    case 'shipped-loaded':
      return { ...state, shipped: action.stories, loadError: null };
    case 'shipped-failed':
      return { ...state, shipped: [], loadError: action.message };
    case 'story-started': {
      if (action.story.steps.length === 0) return state;
      const stepIndex = clampStep(action.story, action.stepIndex);
      return {
        ...state,
        playing: { story: action.story, stepIndex, origin: action.origin },
        autoplay: action.autoplay ?? state.autoplay,
        flight: state.flight + 1,
        cameraSettled: false,
      };
    }
    case 'step-chosen': {
      if (!state.playing) return state;
      const stepIndex = clampStep(state.playing.story, action.stepIndex);
      if (stepIndex === state.playing.stepIndex) return state;
      return { ...state, playing: { ...state.playing, stepIndex }, flight: state.flight + 1, cameraSettled: false };
    }
    case 'step-moved': {
      if (!state.playing) return state;
      const count = state.playing.story.steps.length;
      let stepIndex = state.playing.stepIndex + action.offset;
      if (stepIndex >= count) stepIndex = action.loop ? 0 : count - 1;
      if (stepIndex < 0) stepIndex = action.loop ? count - 1 : 0;
      if (stepIndex === state.playing.stepIndex) return state;
      return { ...state, playing: { ...state.playing, stepIndex }, flight: state.flight + 1, cameraSettled: false };
    }
    case 'story-stopped':
      return state.playing ? { ...state, playing: null, autoplay: false, blank: null, cameraSettled: false } : state;
    case 'blank-set':
      return state.blank === action.blank || (action.blank && !state.playing) ? state : { ...state, blank: action.blank };
    case 'autoplay-set':
      return state.autoplay === action.autoplay ? state : { ...state, autoplay: action.autoplay };
    case 'camera-settled':
      return action.flight === state.flight && !state.cameraSettled ? { ...state, cameraSettled: true } : state;
    case 'kiosk-measured': {
      const same = (before: PageBox | null, after: PageBox | null) =>
        before === after || (before !== null && after !== null && (['top', 'left', 'width', 'height'] as const).every((key) => Math.abs(before[key] - after[key]) < 1));
      if (same(state.card, action.card) && same(state.controls, action.controls)) return state;
      return { ...state, card: same(state.card, action.card) ? state.card : action.card, controls: same(state.controls, action.controls) ? state.controls : action.controls };
    }
    case 'authoring-set':
      return state.authoringOpen === action.open ? state : { ...state, authoringOpen: action.open };
    case 'draft-changed':
      return { ...state, draft: action.draft, draftProblems: [], draftMessage: null };
    case 'draft-checked':
      return { ...state, draftProblems: action.problems, draftMessage: action.message };
    case 'map-registered':
      return state.map === action.map ? state : { ...state, map: action.map };
  }
}

export type StoryStore = ReducerStore<StoryState, StoryAction>;

export function createStoryStore(initial: StoryState = createStoryState()): StoryStore {
  return createReducerStore(storyReducer, initial);
}

const DRAFT_KEY = 'weihai-rushan-atlas.story-draft';

function savedDraft(): Story | null {
  try {
    const text = typeof window !== 'undefined' ? window.localStorage.getItem(DRAFT_KEY) : null;
    const value = text ? (JSON.parse(text) as Story) : null;
    return value && typeof value === 'object' && Array.isArray(value.steps) ? value : null;
  } catch {
    return null; // storage disabled or a damaged entry: start a new tour
  }
}

/** The page's one presentation store. The recorded tour survives a reload (localStorage). */
export const storyStore: StoryStore = createStoryStore(createStoryState(savedDraft()));

let savedDraftValue = storyStore.getState().draft;
storyStore.subscribe(() => {
  const draft = storyStore.getState().draft;
  if (draft === savedDraftValue) return;
  savedDraftValue = draft;
  try {
    if (draft) window.localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    else window.localStorage.removeItem(DRAFT_KEY);
  } catch {
    // Not keeping the draft across reloads is harmless; export still works.
  }
});

/** Subscribes to one slice of the presentation state. */
export function useStory<T>(selector: (state: StoryState) => T): T {
  return useSyncExternalStore(storyStore.subscribe, () => selector(storyStore.getState()));
}

/** True while a story plays in kiosk view: the app hides its panels. */
export function useStoryKiosk(): boolean {
  return useStory((state) => state.playing !== null);
}

/** The step on screen, or null. */
export function currentStep(state: StoryState) {
  return state.playing ? state.playing.story.steps[state.playing.stepIndex] : null;
}
