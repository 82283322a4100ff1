/**
 * The presenter's blank screen in the story store (src/story/story-store.ts): only during a
 * show, and gone when the show ends.
 */
import { describe, expect, it } from 'vitest';
import { createStoryState, storyReducer, type StoryAction, type StoryState } from '../../src/story/story-store';
import type { Story } from '../../src/story/story-schema';

const run = (state: StoryState, ...actions: StoryAction[]) => actions.reduce(storyReducer, state);
const story = { id: 'demo', steps: [{}, {}] } as unknown as Story;

describe('storyReducer: blank screen', () => {
  it('blanks only while a story plays, and the end of the show brings the screen back', () => {
    expect(run(createStoryState(), { type: 'blank-set', blank: 'black' }).blank).toBeNull();
    const playing = run(createStoryState(), { type: 'story-started', story, stepIndex: 0, origin: 'menu' as never });
    const black = run(playing, { type: 'blank-set', blank: 'black' });
    expect(black.blank).toBe('black');
    expect(run(black, { type: 'blank-set', blank: 'white' }).blank).toBe('white');
    expect(run(black, { type: 'blank-set', blank: null }).blank).toBeNull();
    expect(run(black, { type: 'story-stopped' }).blank).toBeNull();
  });
});
