import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ATLAS_CONFIG_FILE, connectSources as configuredConnectSources, parseAtlasConfig } from './src/data/atlas-config';

/**
 * FlatGeobuf files are read by bounding box through HTTP range requests against their
 * spatial index. A compressing server breaks that (Chromium: ERR_CONTENT_DECODING_FAILED on a
 * gzipped partial response), and an unknown type invites compression: serve them as opaque bytes.
 */
const flatGeobufAsBytes: Connect.NextHandleFunction = (request, response, next) => {
  if (request.url && /\.fgb(\?|$)/.test(request.url)) {
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Cache-Control', 'no-transform');
  }
  next();
};

/**
 * The Content-Security-Policy of the built app: the offline promise ("every request stays on
 * the app's own origin", README) enforced by the browser, not only by our code.
 * - `default-src 'self'`: anything not named below comes from this origin only.
 * - `script-src 'self' 'wasm-unsafe-eval'`: no inline script, no eval (the build emits module
 *   files only); WebAssembly may be compiled — the SHA-256 a reference layer's version is named
 *   by (src/records/piece-hash.ts, hash-wasm: its module is inside the worker's code, nothing is
 *   fetched). `'wasm-unsafe-eval'` allows WebAssembly only, not JavaScript's eval.
 * - `worker-src 'self' blob:`: the analysis worker and MapLibre's worker are files of this
 *   origin (maplibre-setup.ts: setWorkerUrl); blob: for libraries that wrap a worker in a blob.
 * - `img-src 'self' data: blob:`: MapLibre and echarts draw images from data:/blob: URLs.
 * - styles: CSS files of this origin only (`style-src-elem 'self'`, no `<style>` injected);
 *   inline style *attributes* are allowed (`style-src-attr 'unsafe-inline'`) because echarts
 *   writes its chart tooltips as HTML with style attributes — without it the tooltip loses its
 *   layout (checked in tests/e2e/offline-csp.test.ts). React `style` props and MapLibre set
 *   styles through the CSSOM, which CSP does not restrict. `style-src 'self' 'unsafe-inline'`
 *   is the fallback for browsers without the CSP3 split directives.
 * - `connect-src`: fetch/XHR targets — this origin and the `allowedOrigins` of the
 *   administrator's public/atlas-config.json (src/data/atlas-config.ts), and nothing else.
 *   `npm run configure -- dist` rewrites the policy after the file is edited in a deployed dist/.
 * - `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`: close the remaining doors.
 * `frame-ancestors` works only as a header, so the preview server adds it (see below).
 */
export function connectSources(configText?: string): string[] {
  const text = configText ?? readFileSync(process.env.ATLAS_CONFIG ?? path.join(import.meta.dirname, 'public', ATLAS_CONFIG_FILE), 'utf8');
  const parsed = parseAtlasConfig(text);
  if (!parsed.ok) throw new Error(`${parsed.error.zh}\n${parsed.error.en}`);
  return configuredConnectSources(parsed.config);
}

export function contentSecurityPolicy(options: { header?: boolean; configText?: string } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'worker-src': ["'self'", 'blob:'],
    'img-src': ["'self'", 'data:', 'blob:'],
    // CSP3 browsers read the two split directives: <style> elements from files only, inline
    // style attributes allowed (echarts' tooltip HTML). Older browsers fall back to style-src.
    'style-src': ["'self'", "'unsafe-inline'"],
    'style-src-elem': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'font-src': ["'self'", 'data:'],
    'connect-src': connectSources(options.configText),
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  if (options.header) directives['frame-ancestors'] = ["'self'"];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Puts the policy into the built index.html as `<meta http-equiv>` (so any static server
 * serving dist/ enforces it) and sends it as a header from `vite preview`. Not in the dev
 * server: Vite's dev client injects inline scripts and styles for hot reload.
 */
const contentSecurityPolicyPlugin: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() }, injectTo: 'head-prepend' },
    ],
  },
};

const contentSecurityPolicyHeader: Connect.NextHandleFunction = (_request, response, next) => {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy({ header: true }));
  next();
};

// The app is served from its own origin only: data under /data, no CDN, no tile or glyph server.
export default defineConfig({
  plugins: [
    react(),
    {
      name: 'flatgeobuf-range-requests',
      configureServer: (server) => void server.middlewares.use(flatGeobufAsBytes),
      configurePreviewServer: (server) => void server.middlewares.use(flatGeobufAsBytes),
    },
    contentSecurityPolicyPlugin,
    {
      name: 'content-security-policy-header',
      configurePreviewServer: (server) => void server.middlewares.use(contentSecurityPolicyHeader),
    },
  ],
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
});
