import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Thin layer over playwright-core: Debian's Chromium, headless, WebGL through SwiftShader,
 * and every request the page makes recorded so a test can prove nothing left the origin.
 * The tests, `npm run bench` and the screenshot scripts launch Chromium with these arguments.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Each browser context opens a window, and for each window Chromium 156 loads its omnibox
  // popup (chrome://omnibox-popup.top-chrome) in a renderer of its own: measured in a trace of
  // one page load on this 2-core machine, 1.9 s of CPU in that renderer's main thread and 0.8 s
  // in its pool during the first 1.2 s, beside the page under test. Headless, nobody types in
  // an omnibox; without the popup's WebUI the atlas's first draw took 2.2 s instead of 2.5 s.
  '--disable-features=WebUIOmniboxPopup',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface RecordedPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  /**
   * Content-Security-Policy violations the page reported (`securitypolicyviolation` events),
   * kept across navigations: "<effective directive> <blocked URI>".
   */
  cspViolations: string[];
}

export async function newRecordedPage(
  browser: Browser,
  viewport = { width: 1280, height: 720 },
  options: { timezoneId?: string } = {},
): Promise<RecordedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...options });
  const requests: string[] = [];
  const errors: string[] = [];
  const cspViolations: string[] = [];
  // A binding and an init script are DevTools-protocol features: the page's CSP does not apply to them.
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => void cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
      report?.(`${event.effectiveDirective} ${event.blockedURI}${event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : ''}`);
    });
  });
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, requests, errors, cspViolations };
}

/** Requests to anything other than the app's own origin (data: and blob: URLs are local). */
export function requestsLeavingOrigin(requests: string[], baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  return requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
}

/**
 * One browser for a spec file, launched before its tests and closed after them, and a fresh
 * page (own context, so no cookies or storage carry over) on demand; opening one closes the
 * previous. Call inside `describe`.
 */
export function useBrowserPages(): { fresh(viewport?: { width: number; height: number }): Promise<RecordedPage> } {
  let browser: Browser | undefined;
  let current: RecordedPage | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async fresh(viewport) {
      if (current) await current.context.close();
      current = await newRecordedPage(browser!, viewport);
      return current;
    },
  };
}
