/** The User Timing mark the atlas sets when its first full picture is drawn (use-first-draw.ts); `npm run bench` reads it. */
export const FIRST_DRAW_MARK = 'atlas-first-drawn';
