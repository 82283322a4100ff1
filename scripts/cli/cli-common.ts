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
  /** May be given more than once (the value is then a list). */
  multiple?: boolean;
  /** What the option means, for --help. */
  help: Bilingual;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/**
 * Parses `argv` (without node and script) against `options`. Unknown options, missing
 * values and repeated options end in {@link fail}.
 */
export function parseArgs(argv: string[], options: Record<string, OptionSpec>): ParsedArgs {
  try {
    const parsed = parseNodeArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) }])),
      allowPositionals: true,
      strict: true,
    });
    return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (error) {
    // Node appends advice about '--' to unknown options; the name of the option is what helps.
    const message = (error as Error).message.split('\n')[0].replace(/\.\s*To specify a positional argument.*$/, '');
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
export function numberOption(name: string, value: string | boolean | string[] | undefined, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || (range.min !== undefined && number < range.min) || (range.max !== undefined && number > range.max)) {
    const bounds = `${range.min ?? '−∞'}–${range.max ?? '∞'}`;
    return fail(`--${name} 应为 ${bounds} 之间的数值，收到 "${String(value)}"`, `--${name} must be a number in ${bounds}, got "${String(value)}"`);
  }
  return number;
}

/**
 * How the ratio options (--coverage, --office-share, --green) are read, for --help. A share
 * of the site is written three ways; the rule decides by the writing, not by a guess:
 * - with a trailing %: percent ("35%" → 0.35, "1%" → 0.01, "100%" → 1);
 * - a number above 1: percent ("35" → 0.35, "1.5" → 0.015);
 * - a number up to 1: a fraction ("0.35" → 0.35, "1.0" → 1, "0" → 0);
 * - a bare "1" is refused: it could be 100 % (a fraction) or 1 % (percent); write 1.0 or 1%.
 */
export const RATIO_RULE: Bilingual = {
  en: 'Ratios: 35% or 35 (above 1) are percent; 0.35 or 1.0 (up to 1) are fractions; a bare 1 is refused as ambiguous (write 1.0 or 1%).',
  zh: '比例写法：35% 或 35（大于 1）为百分数；0.35、1.0（不大于 1）为小数；单独的 1 有歧义，不接受（请写 1.0 或 1%）。',
};

/** A ratio option as a fraction 0–1, by {@link RATIO_RULE}; fails with the option's name otherwise. */
export function ratioOption(name: string, value: string | boolean | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const isPercent = text.endsWith('%');
  const numberText = isPercent ? text.slice(0, -1).trim() : text;
  const number = numberOption(name, numberText, { min: 0, max: 100 });
  if (number === undefined) return undefined;
  if (isPercent) return number / 100;
  if (number === 1 && !numberText.includes('.')) {
    return fail(
      `--${name} 1 有歧义：若指 100% 请写 1.0 或 100%，若指 1% 请写 1%`,
      `--${name} 1 is ambiguous: write 1.0 or 100% for the whole site, or 1% for one percent`,
    );
  }
  return number > 1 ? number / 100 : number;
}

/**
 * Runs a CLI's main function: its JSON result goes to stdout only when everything
 * succeeded; a {@link CliFailure} or any other error becomes one line on stderr.
 */
export async function runCli(main: () => Promise<unknown>): Promise<void> {
  // stdout carries the one JSON object only: anything a library prints with console.log,
  // info or debug goes to stderr instead (issue 11: dxf-parser's warnings came before the JSON).
  const toStderr = (...values: unknown[]) => process.stderr.write(`${values.map(String).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  // Debug chatter (flatgeobuf's HTTP reader logs every range request) is dropped: a reviewer
  // watching stderr for progress and errors has no use for it.
  console.debug = () => undefined;
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
