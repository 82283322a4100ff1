#!/usr/bin/env node
/**
 * Runs a CLI from its ahead-built bundle: `node scripts/cli/launch.mjs <review|intensity> …`.
 *
 * Each CLI is bundled by esbuild into build/cli/<name>.mjs, holding only the code it uses
 * (tree-shaken Turf, proj4 …), and run by plain `node`: no tsx loader hooks, no TypeScript at
 * start. What the code loads with import() — each importer but the one a file needs, its
 * libraries (jszip, xmldom, papaparse …), the PostgreSQL driver — is split into chunks in
 * build/cli/chunks/, read only by a run that uses it (issue 12: a GeoJSON site's review reads
 * ≈ 0.8 of the 1.4 MB). The bundle is rebuilt here when it is missing or older than
 * any source it may contain (src/, scripts/cli/, scripts/lib/, package-lock.json), so
 * `npm run review` always runs the current code. `npm run build:cli` builds them ahead;
 * then `node build/cli/review.mjs …` starts fastest (no staleness check).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_NAMES = ['review', 'intensity'];
const SOURCES = ['src', 'scripts/cli', 'scripts/lib', 'package-lock.json'];

export function bundlePath(name) {
  return path.join(ROOT, 'build', 'cli', `${name}.mjs`);
}

function newestSourceTime() {
  let newest = 0;
  const visit = (entry) => {
    const stats = statSync(entry);
    if (stats.isDirectory()) {
      for (const child of readdirSync(entry)) visit(path.join(entry, child));
    } else if (stats.mtimeMs > newest) {
      newest = stats.mtimeMs;
    }
  };
  for (const source of SOURCES) {
    const full = path.join(ROOT, source);
    if (existsSync(full)) visit(full);
  }
  return newest;
}

/**
 * How a script is bundled to run under plain `node` (the CLIs here, the benchmarks' probes):
 * one ESM file for Node 20; some dependencies are CommonJS and call require(), so the
 * bundle gets one.
 */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'error',
  banner: { js: "import { createRequire as __atlasCreateRequire } from 'node:module'; const require = __atlasCreateRequire(import.meta.url);" },
};

/** Where the CLIs' shared chunks go (file names hold a hash of their content). */
const CHUNKS = path.join(ROOT, 'build', 'cli', 'chunks');

/** The chunks build/cli/<name>.mjs may load, as its last build listed them. */
function manifestPath(name) {
  return path.join(ROOT, 'build', 'cli', `${name}.chunks.json`);
}

/**
 * Bundles one CLI, with the code it loads on demand split into chunks. Atomic for a running
 * CLI: built in a folder of its own, the chunks moved into build/cli/chunks/ first (a chunk's
 * name holds its content's hash, so one of the same name is the same file), the entry last.
 */
export async function buildCli(name) {
  const { build } = await import('esbuild');
  const outfile = bundlePath(name);
  const staging = path.join(ROOT, 'build', 'cli', `.${name}.${process.pid}.${Date.now()}`);
  try {
    const result = await build({
      entryPoints: { [name]: path.join(ROOT, 'scripts', 'cli', `${name}.ts`) },
      outdir: staging,
      ...NODE_BUNDLE_OPTIONS,
      splitting: true,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      metafile: true,
    });
    mkdirSync(CHUNKS, { recursive: true });
    const chunks = Object.keys(result.metafile.outputs)
      .map((output) => path.basename(output))
      .filter((file) => file !== `${name}.mjs`);
    for (const chunk of chunks) renameSync(path.join(staging, 'chunks', chunk), path.join(CHUNKS, chunk));
    writeFileSync(manifestPath(name), `${JSON.stringify(chunks)}\n`);
    renameSync(path.join(staging, `${name}.mjs`), outfile);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return outfile;
}

/** Removes the chunks no CLI's last build lists (`npm run build:cli`, which rebuilds them all). */
function pruneChunks() {
  const listed = new Set();
  for (const name of CLI_NAMES) {
    if (!existsSync(manifestPath(name))) return;
    for (const chunk of JSON.parse(readFileSync(manifestPath(name), 'utf8'))) listed.add(chunk);
  }
  for (const file of readdirSync(CHUNKS)) if (!listed.has(file)) rmSync(path.join(CHUNKS, file), { force: true });
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!CLI_NAMES.includes(name ?? '')) {
    process.stderr.write(`错误：未知命令 ${JSON.stringify(name ?? '')}，可用：${CLI_NAMES.join('、')} | Error: unknown command ${JSON.stringify(name ?? '')}; use one of ${CLI_NAMES.join(', ')}\n`);
    process.exit(2);
  }
  const outfile = bundlePath(name);
  if (!existsSync(outfile) || statSync(outfile).mtimeMs < newestSourceTime()) await buildCli(name);
  // The bundle reads its arguments from process.argv.slice(2), as when run directly.
  process.argv = [process.argv[0], outfile, ...rest];
  await import(pathToFileURL(outfile).href);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--build-all') {
    for (const name of CLI_NAMES) await buildCli(name);
    pruneChunks();
  } else {
    await main();
  }
}
