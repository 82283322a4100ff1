/**
 * Screenshots of the running atlas for review by eye (not a pixel test).
 *   npx tsx scripts/screenshot.ts --url http://127.0.0.1:5173/ --hash "map=9/36.9/121.6" --size 1920x1080 --out shot.png
 * Waits for window.__atlas.ready, then for the map to go idle.
 */
import { parseArgs } from 'node:util';
import { launchBrowser, newRecordedPage, requestsLeavingOrigin } from '../tests/e2e/browser';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:5173/' },
    hash: { type: 'string', default: '' },
    size: { type: 'string', default: '1280x720' },
    out: { type: 'string', default: 'screenshot.png' },
    click: { type: 'string' },
    lang: { type: 'string' },
  },
});
const [width, height] = values.size!.split('x').map(Number);
const browser = await launchBrowser();
try {
  const { page, requests, errors } = await newRecordedPage(browser, { width, height });
  await page.goto(values.hash ? `${values.url}#${values.hash}` : values.url!);
  await page.waitForFunction(() => (window as unknown as { __atlas?: { ready?: boolean } }).__atlas?.ready === true, null, { timeout: 60_000 });
  if (values.lang === 'en') await page.getByTestId('lang-switch').click();
  if (values.click) {
    const [lon, lat] = values.click.split(',').map(Number);
    const point = await page.evaluate(([x, y]) => {
      const map = (window as unknown as { __atlas: { map: { project(p: [number, number]): { x: number; y: number } } } }).__atlas.map;
      return map.project([x, y]);
    }, [lon, lat] as [number, number]);
    await page.mouse.click(point.x, point.y);
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: values.out });
  const outside = requestsLeavingOrigin(requests, values.url!);
  console.log(`${values.out}: ${requests.length} requests, ${outside.length} outside the origin${outside.length ? `: ${outside.join(' ')}` : ''}`);
  if (errors.length) console.log(`page errors:\n${errors.join('\n')}`);
} finally {
  await browser.close();
}
