import { build } from 'esbuild';
import path from 'node:path';
const ROOT = '/work/main';
const head = process.argv[2] === 'head';
const redirect = {
  name: 'head',
  setup(b: any) {
    if (!head) return;
    b.onResolve({ filter: /importers\/shapefile$/ }, (a: any) => ({ path: path.join(ROOT, 'src/io/importers/shapefile-head-tmp.ts') }));
    b.onResolve({ filter: /data\/fgb-writer$/ }, (a: any) => ({ path: path.join(ROOT, 'src/data/fgb-writer-old-tmp.ts') }));
  },
};
await build({
  stdin: {
    contents: `import { readFile } from 'node:fs/promises';
import { createReferenceOperations } from '/work/main/src/worker/reference-operations.ts';
import { memoryBackend, ReferenceStore } from '/work/main/src/records/reference-store.ts';
const file = process.argv[2];
const operations = createReferenceOperations({ openStore: async () => new ReferenceStore(memoryBackend()), readSource: async (bytes) => bytes });
const imported = await operations.importReference(new Uint8Array(await readFile(file)), { fileName: file.split('/').pop() });
if (!imported.ok) { console.error(imported.error.message.en); process.exit(1); }
console.log(JSON.stringify({ n: imported.value.config.source.features, hash: imported.value.config.source.hash, ...imported.value.timings }));`,
    resolveDir: ROOT, loader: 'ts',
  },
  outfile: `/tmp/prof/import-${head ? 'head' : 'new'}.mjs`,
  bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', plugins: [redirect],
  banner: { js: "import { createRequire as __atlasCreateRequire } from 'node:module'; const require = __atlasCreateRequire(import.meta.url);" },
});
