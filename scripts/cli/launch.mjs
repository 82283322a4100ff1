#!/usr/bin/env node
/**
 * Runs a CLI from its ahead-built bundle: `node scripts/cli/launch.mjs <review|intensity> …`.
 *
 * Each CLI is bundled by esbuild into one file, build/cli/<name>.mjs, holding only the code
 * it uses (tree-shaken Turf, proj4, the importers …), and run by plain `node`: no tsx loader
 * hooks, no TypeScript at start. The bundle is rebuilt here when it is missing or older than
 * any source it may contain (src/, scripts/cli/, scripts/lib/, package-lock.json), so
 * `npm run review` always runs the current code. `npm run build:cli` builds them ahead;
 * then `node build/cli/review.mjs …` starts fastest (no staleness check).
 */
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
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

/** Bundles one CLI (atomically: written beside, then renamed, so concurrent runs never see half a file). */
export async function buildCli(name) {
  const { build } = await import('esbuild');
  const outfile = bundlePath(name);
  const temporary = `${outfile}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [path.join(ROOT, 'scripts', 'cli', `${name}.ts`)],
    outfile: temporary,
    ...NODE_BUNDLE_OPTIONS,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
  });
  renameSync(temporary, outfile);
  return outfile;
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
  } else {
    await main();
  }
}
