/**
 * Presentation mode (stories as data, kiosk view, authoring). What the app shell mounts:
 * - <StoryOverlays /> as a child of <AtlasMap> (camera flights, highlights, train, pulses);
 * - <StoryPlayer /> in the app shell, outside the map (caption card, controls, keys, hash);
 * - <StoryMenu /> in the header (start a tour, make a tour, open a tour file);
 * - useStoryKiosk(): true while a story plays, so the shell hides its panels.
 */
export { StoryOverlays } from './story-overlays';
export { StoryPlayer } from './story-player';
export { StoryMenu } from './story-menu';
export { useStoryKiosk } from './story-store';
