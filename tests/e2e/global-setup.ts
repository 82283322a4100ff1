import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The built app (empty when E2E_BASE_URL names a running server): tests copy it to serve a configured deployment. */
    distDir: string;
  }
}

/**
 * Builds the atlas exactly as `npm run build` does (`npm run data`, then vite build) into
 * a temporary folder and serves it on loopback for the browser tests.
 * E2E_BASE_URL=http://127.0.0.1:5173/ skips the build and tests a server already running.
 */
export default async function setup(project: TestProject) {
  const given = process.env.E2E_BASE_URL;
  if (given) {
    project.provide('baseURL', given.endsWith('/') ? given : `${given}/`);
    project.provide('distDir', '');
    return;
  }
  const root = path.resolve(import.meta.dirname, '../..');
  // The same data step as `npm start` / `npm run build` (layers, stories, sample parcels).
  execFileSync('npm', ['run', '--silent', 'data'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const outDir = mkdtempSync(path.join(tmpdir(), 'atlas-e2e-'));
  // Built as users get it: vitest sets NODE_ENV=test, and Vite would then bundle React's
  // development build (StrictMode's doubled effects, ≈ 200 KB more) instead of the production one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    // (Assigning undefined would set the text "undefined".)
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseURL', url);
  project.provide('distDir', outDir);
  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
