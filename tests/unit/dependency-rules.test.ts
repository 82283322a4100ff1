/**
 * The layer rules of .dependency-cruiser.cjs (run by `npm run check:deps` inside `npm test`)
 * catch what they promise: a scratch tree with one backward import, one cycle and one UI
 * import in the engine fails with a message naming each rule; the same tree without them
 * passes. (The real src/ is checked by `npm run check:deps` itself, before vitest.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'dependency-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const folder = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), text);
  }
  writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] }));
  return folder;
}

function checkDependencies(cwd: string) {
  const result = spawnSync(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'err-long'], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const CLEAN = {
  'src/data/types.ts': 'export type Id = string;\n',
  'src/analysis/measure.ts': "import type { Id } from '../data/types';\nexport const measure = (id: Id) => id.length;\n",
  'src/state/store.ts': "import { measure } from '../analysis/measure';\nexport const size = measure('x');\n",
};

describe('dependency rules', () => {
  it('pass a tree whose arrows all run down the layers', () => {
    const result = checkDependencies(tree('clean', CLEAN));
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it('fail a backward import, a cycle and React in the engine, naming each rule', () => {
    const result = checkDependencies(
      tree('broken', {
        ...CLEAN,
        'src/analysis/measure.ts': "import type { Id } from '../data/types';\nimport '../state/store';\nexport const measure = (id: Id) => id.length;\n",
        'src/crs/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'src/crs/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        'src/io/read.ts': "import { useState } from 'react';\nexport const read = useState;\n",
        // A stand-in package: the rule matches the resolved path node_modules/react/….
        'node_modules/react/package.json': JSON.stringify({ name: 'react', version: '0.0.0', main: 'index.js' }),
        'node_modules/react/index.js': 'exports.useState = () => undefined;\n',
      }),
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/error layer-analysis-imports-only-lower-layers: src\/analysis\/measure\.ts → src\/state\/store\.ts/);
    expect(result.output).toMatch(/error no-circular: src\/crs\/a\.ts/);
    expect(result.output).toMatch(/error engine-imports-no-ui-library: src\/io\/read\.ts → node_modules\/react\//);
    // The message says what to do, not only what is wrong.
    expect(result.output).toMatch(/Move\s+the\s+shared\s+code\s+down\s+instead/);
  });
});
