/**
 * A 1920×1080 PNG of each shipped story's first step, for review by eye (not a pixel test).
 *
 *   npx tsx scripts/story-screenshots.ts [--out /tmp/story-shots] [--url http://127.0.0.1:5173/]
 *                                        [--page index.html] [--lang zh|en|both] [--step 1] [--size 1920x1080]
 *
 * Without --url it rebuilds public/data/stories.json and starts a Vite dev server on
 * loopback itself (public/data must already hold the layers: `npm run data`); with --url it
 * photographs the stories that server serves and writes nothing here. For each story it
 * opens `#story=<id>&step=<n>`, waits for the caption and the camera's arrival, lets the
 * fade-in finish, and saves <out>/<id>[-en].png. It also reports any request that left the
 * app's origin.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, type ViteDevServer } from 'vite';
import { launchBrowser, newRecordedPage, requestsLeavingOrigin } from '../tests/e2e/browser';
import { buildStories } from './build-stories';
import type { StoryCollection } from '../src/story/story-schema';
import { REPOSITORY_ROOT } from './lib/atlas-layers';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '/tmp/story-shots' },
    url: { type: 'string' },
    page: { type: 'string', default: '' },
    lang: { type: 'string', default: 'zh' },
    step: { type: 'string', default: '1' },
    size: { type: 'string', default: '1920x1080' },
  },
});

const [width, height] = values.size!.split('x').map(Number);
const languages = values.lang === 'both' ? ['zh', 'en'] : [values.lang === 'en' ? 'en' : 'zh'];
const step = Math.max(1, Number(values.step) || 1);
const outDirectory = path.resolve(values.out!);

let server: ViteDevServer | undefined;
let baseURL = values.url;
if (!baseURL) {
  server = await createServer({ root: REPOSITORY_ROOT, logLevel: 'error', server: { host: '127.0.0.1', port: 0, strictPort: false } });
  await server.listen();
  baseURL = server.resolvedUrls?.local[0];
  if (!baseURL) throw new Error('vite did not report a URL');
}
if (!baseURL.endsWith('/')) baseURL = `${baseURL}/`;
// Another server (--url) is photographed as it is: its own stories, and this checkout's files
// are left alone. Our own server serves the stories just built.
const collection: StoryCollection = values.url ? await (await fetch(new URL('data/stories.json', baseURL))).json() : (await buildStories()).collection;
await mkdir(outDirectory, { recursive: true });

const browser = await launchBrowser();
let failures = 0;
try {
  for (const story of collection.stories) {
    for (const lang of languages) {
      const { context, page, requests, errors } = await newRecordedPage(browser, { width, height });
      // The language is the atlas's own saved choice (main.tsx reads it from localStorage).
      await context.addInitScript((language) => window.localStorage.setItem('weihai-rushan-atlas.language', language), lang);
      const file = path.join(outDirectory, `${story.id}${lang === 'en' ? '-en' : ''}${step > 1 ? `-step${step}` : ''}.png`);
      try {
        await page.goto(`${baseURL}${values.page}#story=${story.id}&step=${step}`);
        await page.getByTestId('story-caption').waitFor({ timeout: 60_000 });
        // The kiosk card carries the language it shows; switch with the player's own button if needed.
        const shown = await page.getByTestId('story-player').getAttribute('lang');
        if ((shown === 'en') !== (lang === 'en')) await page.getByTestId('story-language').click();
        await page.waitForFunction(
          () => document.querySelector('[data-testid="story-player"]')?.getAttribute('data-settled') === 'true',
          null,
          { timeout: 60_000 },
        );
        // Fade-in (1.1 s) and a few frames of the train / pulses.
        await page.waitForTimeout(2500);
        await page.screenshot({ path: file });
        const outside = requestsLeavingOrigin(requests, baseURL);
        const caption = (await page.getByTestId('story-caption').textContent()) ?? '';
        console.log(`${file}: "${caption.slice(0, 40)}…" ${requests.length} requests, ${outside.length} outside the origin${outside.length ? `: ${outside.join(' ')}` : ''}`);
        if (errors.length) console.log(`  page errors:\n  ${errors.join('\n  ')}`);
        if (outside.length > 0) failures++;
      } catch (error) {
        failures++;
        console.error(`${story.id} (${lang}): ${(error as Error).message}`);
        if (errors.length) console.error(`  page errors:\n  ${errors.join('\n  ')}`);
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server?.close();
}
if (failures > 0) process.exitCode = 1;
