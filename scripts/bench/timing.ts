/**
 * Timing for `npm run bench`: the median of samples, and a command timed as a whole process —
 * wall seconds and, where GNU time is installed (`/usr/bin/time -f %M`), peak resident memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export interface Timed {
  seconds: number;
  peakMb: number | null;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs a command once; wall seconds and (with GNU time) peak resident memory. Throws when it fails. */
function runOnce(command: string, args: string[]): Timed {
  const start = performance.now();
  const result = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-400)}`);
  const peakKb = GNU_TIME ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, peakMb: Number.isFinite(peakKb) ? peakKb / 1024 : null };
}

/**
 * `command` after one warm-up run (file cache, V8's code cache): the median wall seconds of
 * `runs` runs and the highest peak. `args` may differ by run (0 is the warm-up), for a command
 * that cannot write over its output (ogr2ogr's FlatGeobuf driver).
 */
export function measure(command: string, args: string[] | ((run: number) => string[]), runs: number): Timed {
  const argsOf = typeof args === 'function' ? args : () => args;
  runOnce(command, argsOf(0));
  const samples = Array.from({ length: runs }, (_, run) => runOnce(command, argsOf(run + 1)));
  const peaks = samples.map((sample) => sample.peakMb).filter((peak): peak is number => peak !== null);
  return { seconds: median(samples.map((sample) => sample.seconds)), peakMb: peaks.length ? Math.max(...peaks) : null };
}
