/**
 * Shared plumbing of the Node CLIs (`review`, `intensity`): argument parsing and the one-line
 * bilingual error printer. A person never sees a stack trace: every failure ends as one line
 * on stderr (zh, then en) and a non-zero exit code, with nothing written to stdout.
 */
import { parseArgs as parseNodeArgs } from 'node:util';
import type { Bilingual } from '../../src/data/catalog-types';

/** Exit code for bad input (usage, unreadable or invalid file). */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an internal failure (a bug): still one line, no stack trace. */
export const EXIT_INTERNAL = 3;

/** Thrown by {@link fail}; caught by {@link runCli}. */
export class CliFailure extends Error {
  readonly text: Bilingual;
  readonly exitCode: number;
  constructor(text: Bilingual, exitCode = EXIT_BAD_INPUT) {
    super(`${text.en} / ${text.zh}`);
    this.name = 'CliFailure';
    this.text = text;
    this.exitCode = exitCode;
  }
}

/** One line: "错误：… | Error: …" (newlines in the messages are flattened). */
export function errorLine(text: Bilingual): string {
  const flat = (value: string) => value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return `错误：${flat(text.zh)} | Error: ${flat(text.en)}`;
}

/** Stops the CLI with a bilingual message: one line on stderr, exit code 2 (bad input). */
export function fail(messageZh: string, messageEn: string, exitCode = EXIT_BAD_INPUT): never {
  throw new CliFailure({ zh: messageZh, en: messageEn }, exitCode);
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the option means, for --help. */
  help: Bilingual;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/**
 * Parses `argv` (without node and script) against `options`. Unknown options, missing
 * values and repeated options end in {@link fail}.
 */
export function parseArgs(argv: string[], options: Record<string, OptionSpec>): ParsedArgs {
  try {
    const parsed = parseNodeArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { type: spec.type }])),
      allowPositionals: true,
      strict: true,
    });
    return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return fail(`命令行参数有误（${message}），请用 --help 查看用法`, `Bad command-line arguments (${message}); see --help`);
  }
}

/** The --help text built from the option specs. */
export function usage(command: string, synopsis: string, options: Record<string, OptionSpec>): string {
  const lines = [`Usage / 用法: ${command} ${synopsis}`, ''];
  for (const [name, spec] of Object.entries(options)) {
    lines.push(`  --${name}${spec.type === 'string' ? ' <value>' : ''}`);
    lines.push(`      ${spec.help.en}`);
    lines.push(`      ${spec.help.zh}`);
  }
  return lines.join('\n');
}

/** A finite number option (undefined when absent); fails with the option's name otherwise. */
export function numberOption(name: string, value: string | boolean | undefined, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || (range.min !== undefined && number < range.min) || (range.max !== undefined && number > range.max)) {
    const bounds = `${range.min ?? '−∞'}–${range.max ?? '∞'}`;
    return fail(`--${name} 应为 ${bounds} 之间的数值，收到 "${String(value)}"`, `--${name} must be a number in ${bounds}, got "${String(value)}"`);
  }
  return number;
}

/**
 * A ratio option as a fraction: "35%" → 0.35; "0.35" → 0.35; a bare number above 1 (up to
 * 100) is read as percent ("35" → 0.35), since a share of the site cannot exceed 1.
 */
export function ratioOption(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const isPercent = text.endsWith('%');
  const number = numberOption(name, isPercent ? text.slice(0, -1) : text, { min: 0, max: 100 });
  if (number === undefined) return undefined;
  return isPercent || number > 1 ? number / 100 : number;
}

/**
 * Runs a CLI's main function: its JSON result goes to stdout only when everything
 * succeeded; a {@link CliFailure} or any other error becomes one line on stderr.
 */
export async function runCli(main: () => Promise<unknown>): Promise<void> {
  try {
    const output = await main();
    if (output !== undefined) process.stdout.write(typeof output === 'string' ? output : `${JSON.stringify(output, null, 2)}\n`);
  } catch (error) {
    if (error instanceof CliFailure) {
      process.stderr.write(`${errorLine(error.text)}\n`);
      process.exitCode = error.exitCode;
    } else {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      process.stderr.write(`${errorLine({ zh: `内部错误：${message}`, en: `internal error: ${message}` })}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  }
}
