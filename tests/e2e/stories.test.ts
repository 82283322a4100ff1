/**
 * Presentation mode in Chromium: a story link opens the kiosk view at its first caption;
 * the clicker's keys move through the steps (caption and camera change); Esc gives the
 * atlas back; a recorded two-view tour exports as a valid file that plays; autoplay loops;
 * a broken story file stops the build with a message naming it. Nothing leaves the origin.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { storyLayerIndex } from '../../scripts/build-stories';
import { screenZoom } from '../../src/story/story-camera';
import { validateStory, type Story } from '../../src/story/story-schema';
import { requestsLeavingOrigin, useBrowserPages, type RecordedPage } from './browser';
import { StoryDriver, type HighlightView } from './story-driver';

const root = path.resolve(import.meta.dirname, '../..');
const readStory = (id: string) => JSON.parse(readFileSync(path.join(root, 'layers', 'stories', `${id}.json`), 'utf8')) as Story;
const RANCH = readStory('rushan-marine-ranch');
const ZONES = readStory('weihai-five-zones-nine-bases');

/** Every highlighted name written, clear of the card, the edges, the controls and the other points; every feature clear of the card. */
const SHOWN_AS_IT_SHOULD_BE: HighlightView = {
  unnamed: [],
  labelsUnderCard: [],
  labelsAtEdges: [],
  labelsUnderControls: [],
  labelsOverOtherPoints: [],
  featuresUnderCard: [],
};

describe('presentation mode in Chromium', () => {
  const baseURL = inject('baseURL');
  let recorded: RecordedPage;
  let story: StoryDriver;

  const pages = useBrowserPages();

  async function freshPage(viewport?: { width: number; height: number }) {
    recorded = await pages.fresh(viewport);
    story = new StoryDriver(recorded.page, baseURL);
  }

  /** Asserts the camera is at a step's camera (zoom as shown on this map's size). */
  async function expectCameraAt(camera: Story['steps'][number]['camera']) {
    const size = await story.mapSize();
    const seen = await story.camera();
    expect(seen.lon).toBeCloseTo(camera.center[0], 4);
    expect(seen.lat).toBeCloseTo(camera.center[1], 4);
    expect(seen.zoom).toBeCloseTo(screenZoom(camera.zoom, size.width, size.height), 2);
    expect(seen.pitch).toBeCloseTo(camera.pitch, 1);
    expect(seen.bearing).toBeCloseTo(camera.bearing, 1);
  }

  /**
   * Asserts the camera is at a step's camera, or moved from it as little as keeps the step's
   * highlights clear of the caption card: its bearing and pitch, never zoomed in, at most a
   * zoom step out, the story's centre still on the map above the card.
   */
  async function expectCameraAtOrFramed(camera: Story['steps'][number]['camera']) {
    const size = await story.mapSize();
    const seen = await story.camera();
    const zoom = screenZoom(camera.zoom, size.width, size.height);
    expect(seen.zoom).toBeLessThanOrEqual(zoom + 0.01);
    expect(seen.zoom).toBeGreaterThan(zoom - 1);
    expect(seen.pitch).toBeCloseTo(camera.pitch, 1);
    expect(seen.bearing).toBeCloseTo(camera.bearing, 1);
    const [x, y] = await story.screenPosition(camera.center);
    const card = await story.cardTop();
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(size.width);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(card);
  }

  it('opens #story=…&step=1 in kiosk view on the first caption, steps with → and PageDown, leaves with Esc', async () => {
    await freshPage();
    await story.openStory(RANCH.id, 1);
    expect(await story.caption()).toBe(RANCH.steps[0].caption.zh);
    expect(await story.stepTitle()).toBe(RANCH.steps[0].title?.zh);
    expect(await story.figures()).toContain('199');
    // Kiosk: no header, no layer panel; the schematic footnote is there.
    expect(await story.headerVisible()).toBe(false);
    expect(await story.layerPanelVisible()).toBe(false);
    expect(await story.note()).toContain('示意');
    await story.waitForStep(1);
    await expectCameraAtOrFramed(RANCH.steps[0].camera);

    const before = await story.camera();
    await story.press('ArrowRight');
    await story.waitForStep(2);
    expect(await story.caption()).toBe(RANCH.steps[1].caption.zh);
    const after = await story.camera();
    expect(Math.abs(after.lon - before.lon) + Math.abs(after.lat - before.lat)).toBeGreaterThan(0.01);
    await expectCameraAtOrFramed(RANCH.steps[1].camera);
    // The link follows, so a presenter can bookmark the step.
    expect(await story.hash()).toMatch(/story=rushan-marine-ranch&step=2/);

    await story.press('PageDown');
    await story.waitForStep(3);
    expect(await story.caption()).toBe(RANCH.steps[2].caption.zh);
    await expectCameraAtOrFramed(RANCH.steps[2].camera);

    await story.press('PageUp');
    await story.waitForStep(2);
    await story.press('End');
    await story.waitForStep(RANCH.steps.length);
    expect(await story.caption()).toBe(RANCH.steps[RANCH.steps.length - 1].caption.zh);
    await story.press('Home');
    await story.waitForStep(1);
    await story.press(' ');
    await story.waitForStep(2);

    // Language during the show.
    await story.switchLanguage();
    await expect.poll(() => story.caption()).toBe(RANCH.steps[1].caption.en);
    await story.switchLanguage();
    await expect.poll(() => story.caption()).toBe(RANCH.steps[1].caption.zh);
    // After a click on the language button, Space moves the story on (it does not press the button again).
    await story.press(' ');
    await story.waitForStep(3);
    expect(await story.caption()).toBe(RANCH.steps[2].caption.zh);

    await story.leave();
    await expect.poll(() => story.isPlaying()).toBe(false);
    expect(await story.headerVisible()).toBe(true);
    expect(await story.layerPanelVisible()).toBe(true);
    expect(await story.hash()).not.toMatch(/story=/);
    // The step's layers stay on for questions afterwards.
    expect(await story.hash()).toMatch(/layers=[^&]*marine-ranch/);

    expect(requestsLeavingOrigin(recorded.requests, baseURL)).toEqual([]);
    expect(recorded.errors).toEqual([]);
  });

  it('starts a tour from the header menu, at 1920×1080 with captions of at least 32 px; blanks the screen; leaves the layers as they were', async () => {
    await freshPage({ width: 1920, height: 1080 });
    await story.openAtlas();
    const visibleLayers = () =>
      recorded.page.evaluate(() => {
        const map = (window as unknown as { __atlas: { map: { getStyle(): { layers: { id: string; layout?: { visibility?: string } }[] } } } }).__atlas.map;
        return map.getStyle().layers.filter((layer) => layer.layout?.visibility !== 'none').map((layer) => layer.id);
      });
    const layersBefore = await visibleLayers();
    expect(layersBefore).toContain('industrial-parks-fill');
    await story.startFromMenu('laixi-rongcheng-hsr');
    await story.waitForStep(1);
    const hsr = readStory('laixi-rongcheng-hsr');
    expect(await story.caption()).toBe(hsr.steps[0].caption.zh);
    const fontSize = await recorded.page.getByTestId('story-caption').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(32);
    await story.press('ArrowRight');
    await story.waitForStep(2);
    await expectCameraAt(hsr.steps[1].camera);
    // The clicker's blank key: B blanks the screen black over everything; the next key only
    // brings the slide back (no step skipped unseen); W blanks it white.
    await story.press('b');
    const blank = recorded.page.getByTestId('story-blank');
    expect(await blank.getAttribute('data-blank')).toBe('black');
    expect(await blank.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(0, 0, 0)');
    await story.press('PageDown');
    await expect.poll(() => blank.count()).toBe(0);
    expect(await story.step()).toBe(2);
    await story.press('w');
    expect(await blank.getAttribute('data-blank')).toBe('white');
    await story.press('w');
    await expect.poll(() => blank.count()).toBe(0);
    await recorded.page.getByTestId('story-exit').click();
    await expect.poll(() => story.isPlaying()).toBe(false);
    // The atlas's layers from before the show come back (the HSR story shows only four).
    await expect.poll(() => visibleLayers()).toEqual(layersBefore);
    expect(requestsLeavingOrigin(recorded.requests, baseURL)).toEqual([]);
    expect(recorded.errors).toEqual([]);
  });

  // The presenter's laptop is 1366 × 768, the hall's screen 1920 × 1080. The map answers what
  // it has placed (queryRenderedFeatures); the view is polled until it settles, not waited for.
  it.each([
    { width: 1366, height: 768, start: 'zh' },
    { width: 1920, height: 1080, start: 'en' },
  ])('names all nine bases of 五区九基地 step 1 at $width×$height, clear of the caption card and the edges, in both languages', async ({ width, height, start }) => {
    await freshPage({ width, height });
    await story.openStory(ZONES.id, 1);
    if (start === 'en') await story.switchLanguage();
    await story.waitForStep(1);
    const bases = ZONES.steps[0].highlight![0].ids;
    expect(bases).toHaveLength(9);
    await expect.poll(() => story.highlightView(bases), { timeout: 30_000, interval: 500 }).toEqual(SHOWN_AS_IT_SHOULD_BE);
    // The other language's caption is longer or shorter: the card changes height, the camera follows it.
    await story.switchLanguage();
    await expect.poll(() => story.highlightView(bases), { timeout: 30_000, interval: 500 }).toEqual(SHOWN_AS_IT_SHOULD_BE);
    expect(recorded.errors).toEqual([]);
  });

  it.each([
    { width: 1366, height: 768, step: 1 },
    { width: 1920, height: 1080, step: 7 },
  ])('frames step $step of the railway tour above the taller English caption card at $width×$height', async ({ width, height, step }) => {
    await freshPage({ width, height });
    await story.openStory('laixi-rongcheng-hsr', step);
    await story.switchLanguage();
    await story.waitForStep(step);
    await expect.poll(() => story.highlightView(), { timeout: 30_000, interval: 500 }).toEqual(SHOWN_AS_IT_SHOULD_BE);
  });

  it('keeps 海阳所镇 and 牡蛎小镇, 350 m apart, each name by its own point (1920×1080, arriving from step 3)', async () => {
    await freshPage({ width: 1920, height: 1080 });
    await story.openStory(RANCH.id, 3);
    await story.waitForStep(3);
    await story.press('ArrowRight');
    await story.waitForStep(4);
    expect(RANCH.steps[3].highlight!.flatMap((entry) => entry.ids)).toEqual(expect.arrayContaining(['oyster-town', 'town-haiyangsuo']));
    await expect.poll(() => story.highlightView(), { timeout: 30_000, interval: 500 }).toEqual(SHOWN_AS_IT_SHOULD_BE);
  });

  it('records two views, exports a story that validates, and plays it', async () => {
    await freshPage();
    const first = { map: '11.00/36.80000/121.60000', layers: ['basemap-land', 'marine-ranch'] };
    const second = { map: '12.00/36.75000/121.55000', layers: ['basemap-land', 'marine-ranch', 'towns'] };
    await story.openAtlas(`map=${first.map}&layers=${first.layers.join(',')}`);
    await story.openAuthoring();
    await story.setTourTitle({ zh: '测试导览', en: 'Test tour' });
    await story.recordView();
    await story.writeCaption(1, { zh: '第一景：乳山外海', en: 'Scene one: off Rushan' });
    await story.moveTo(second.map, second.layers);
    await story.recordView();
    await story.writeCaption(2, { zh: '第二景：海阳所镇', en: 'Scene two: Haiyangsuo' });

    const exported = await story.exportStory();
    expect(exported.name).toMatch(/^tour-\d{8}-\d{4}\.json$/);
    const file = JSON.parse(exported.text) as Story;
    expect(validateStory(file, { file: exported.name, layers: await storyLayerIndex(), requireBothLanguages: true })).toEqual([]);
    expect(file.steps.map((step) => step.layers)).toEqual([first.layers, second.layers]);
    expect(file.steps[1].camera.center).toEqual([121.55, 36.75]);

    // Open the exported file again and play it.
    await story.openStoryFile(exported.name, exported.text);
    await story.waitForStep(1);
    expect(await story.caption()).toBe('第一景：乳山外海');
    let camera = await story.camera();
    expect(camera.lon).toBeCloseTo(121.6, 4);
    expect(camera.lat).toBeCloseTo(36.8, 4);
    await story.press('ArrowRight');
    await story.waitForStep(2);
    expect(await story.caption()).toBe('第二景：海阳所镇');
    camera = await story.camera();
    expect(camera.lon).toBeCloseTo(121.55, 4);
    expect(camera.lat).toBeCloseTo(36.75, 4);
    await story.leave();
    expect(requestsLeavingOrigin(recorded.requests, baseURL)).toEqual([]);
    expect(recorded.errors).toEqual([]);
  });

  it('refuses to export a tour without captions and says which step', async () => {
    await freshPage();
    await story.openAtlas('map=11.00/36.80000/121.60000&layers=basemap-land,marine-ranch');
    await story.openAuthoring();
    await story.recordView();
    await recorded.page.getByTestId('story-author-export').click();
    await expect.poll(() => story.authoringProblems()).toMatch(/第 1 步.*caption/);
  });

  it('autoplay moves on by itself and loops to the first step', async () => {
    await freshPage();
    const tour = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/stories/good/sample-tour.json'), 'utf8')) as Story;
    for (const step of tour.steps) {
      step.camera.duration = 300;
      step.hold = 2000;
    }
    await story.openAtlas();
    await story.openAuthoring();
    await story.openStoryFile('sample-tour.json', JSON.stringify(tour));
    await story.waitForStep(1);
    await story.toggleAutoplay();
    expect(await story.hash()).toMatch(/autoplay=1/);
    await story.waitForStep(2, 20_000);
    await story.waitForStep(1, 20_000);
    expect(await story.caption()).toBe(tour.steps[0].caption.zh);
  });

  it('a story file with a bad field fails the build with a message naming it', () => {
    const stories = mkdtempSync(path.join(tmpdir(), 'atlas-e2e-stories-'));
    const out = mkdtempSync(path.join(tmpdir(), 'atlas-e2e-out-'));
    try {
      cpSync(path.join(root, 'tests/fixtures/stories/bad/bad-zoom.json'), path.join(stories, 'bad-zoom.json'));
      const result = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-stories.ts', '--stories', stories, '--out', out], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/bad-zoom\.json — story "bad-zoom", step 2, field camera\.zoom: zoom must be a number from 5 to 18, found 25/);
      expect(existsSync(path.join(out, 'stories.json'))).toBe(false);
    } finally {
      rmSync(stories, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
