/**
 * `tsx scripts/build-layers.ts` (npm run data) refuses arguments it does not know (code
 * review finding 11): a mistyped `--output` used to be ignored and the build went to
 * public/data. Every run here also passes `--layers` to a folder that does not exist, so
 * even a regression could not rebuild the real public/data: it would fail differently
 * (exit 1, "Layer build failed") instead of the usage error (exit 2) these tests expect.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(path.join(tmpdir(), 'cli-build-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const NO_LAYERS = path.join(scratch, 'no-such-layers');

function build(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/build-layers.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm warn'));
  return { status: result.status, stdout: result.stdout, lines };
}

describe('build-layers arguments', () => {
  const cases: [string, string[], RegExp][] = [
    ['a mistyped --output', ['--layers', NO_LAYERS, '--output', path.join(scratch, 'out')], /Unknown option '--output'/],
    ['a stray folder argument', ['--layers', NO_LAYERS, path.join(scratch, 'out')], /Unexpected argument/],
    ['--out without its folder', ['--layers', NO_LAYERS, '--out'], /Bad command-line arguments/],
  ];
  for (const [label, args, message] of cases) {
    it(`refuses ${label}: exit 2, one zh+en line, nothing built`, () => {
      const run = build(...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatch(message);
      expect(run.lines[0]).toMatch(/^错误：.*[\u4e00-\u9fff].* \| Error: /);
      expect(existsSync(path.join(scratch, 'out'))).toBe(false);
    });
  }

  it('lists its options with --help', () => {
    const run = build('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--layers');
    expect(run.stdout).toContain('--out');
  });
});
