/**
 * The presentation's keys in the URL hash: `story=<id>&step=<n>` (n counts from 1, as a
 * presenter does) and `autoplay=1`. The atlas's own `map=` / `layers=` and every other key
 * are kept verbatim and in order (url-state.ts keeps ours the same way), so a bookmark
 * `#story=laixi-rongcheng-hsr&step=1` opens the tour at its first step. Pure functions.
 */
import { decodeHashValue } from '../state/url-state';

export interface StoryHashState {
  storyId?: string;
  /** 0-based step index (the hash holds index + 1). */
  stepIndex?: number;
  autoplay: boolean;
}

const STORY_KEYS = new Set(['story', 'step', 'autoplay']);

function entries(hash: string): string[] {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  return body.split('&').filter((part) => part !== '');
}

function keyOf(part: string): string {
  const equals = part.indexOf('=');
  return equals < 0 ? part : part.slice(0, equals);
}

function valueOf(part: string): string {
  const equals = part.indexOf('=');
  return equals < 0 ? '' : decodeHashValue(part.slice(equals + 1));
}

/** Reads `story=`, `step=` and `autoplay=` from a location hash. Invalid steps are dropped. */
export function readStoryHash(hash: string): StoryHashState {
  const state: StoryHashState = { autoplay: false };
  for (const part of entries(hash)) {
    const key = keyOf(part);
    const value = valueOf(part);
    if (key === 'story' && value.trim() !== '') state.storyId = value.trim();
    else if (key === 'step') {
      const step = Number(value);
      if (Number.isInteger(step) && step >= 1) state.stepIndex = step - 1;
    } else if (key === 'autoplay') state.autoplay = value === '1' || value === 'true' || value === '';
  }
  return state;
}

/**
 * Writes the story keys into `hash` (null removes them), keeping every other entry in
 * place; the story keys go where `story=` was, else at the end. Returns '#…' (or '' when
 * nothing is left).
 */
export function writeStoryHash(hash: string, story: { storyId: string; stepIndex: number; autoplay: boolean } | null): string {
  const parts = entries(hash);
  const firstStoryKey = parts.findIndex((part) => STORY_KEYS.has(keyOf(part)));
  const kept = parts.filter((part) => !STORY_KEYS.has(keyOf(part)));
  if (story) {
    const ours = [`story=${encodeURIComponent(story.storyId)}`, `step=${story.stepIndex + 1}`];
    if (story.autoplay) ours.push('autoplay=1');
    const at = firstStoryKey < 0 ? kept.length : parts.slice(0, firstStoryKey).filter((part) => !STORY_KEYS.has(keyOf(part))).length;
    kept.splice(at, 0, ...ours);
  }
  return kept.length > 0 ? `#${kept.join('&')}` : '';
}
