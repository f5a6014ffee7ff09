// Argument parsing shared by every subcommand: strict, so a typo is a usage error (exit 2), never ignored.
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError } from './command';
import { looksLikePath } from '../core/io/paths';
import { clip } from '../core/text';

export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** `--top -1` as `--top=-1`: a negative number is an option's value (to be validated), not an unknown option. */
function attachNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([^=]+)$/.exec(argv[i])?.[1];
    if (name && options[name]?.type === 'string' && /^-(\d|\.\d)/.test(argv[i + 1] ?? ''))
      out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** What `parse` returns: named so that the declaration of `parse` can spell it. */
export type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parse<O extends Options>(argv: string[], options: O, minPositionals = 0): Parsed<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: attachNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length < minPositionals)
    throw new UsageError(`expected at least ${minPositionals} argument(s)`);
  return parsed;
}

/**
 * An integer option within [min, max]: `fallback` when absent, otherwise a usage error naming the option, the range
 * and the value given (e.g. "--top must be a positive integer (got -1)").
 */
export function intOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min?: number,
  max?: number,
): number;
export function intOption(
  name: string,
  value: string | undefined,
  fallback: undefined,
  min?: number,
  max?: number,
): number | undefined;
export function intOption(
  name: string,
  value: string | undefined,
  fallback: number | undefined,
  min = 1,
  max = Infinity,
): number | undefined {
  if (value === undefined) return fallback;
  const n = /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  const range =
    max !== Infinity
      ? `an integer from ${min} to ${max}`
      : min === 1
        ? 'a positive integer'
        : min === 0
          ? 'a whole number (0 or more)'
          : `an integer of at least ${min}`;
  throw new UsageError(`--${name} must be ${range} (got ${clip(value, 20)})`);
}

/** Validates an option whose value must be one of a fixed set. */
export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${clip(value, 20)}')`);
  return value as T;
}

/**
 * Refuses an argument meant as a file where a SMILES is expected, rather than reading its name as a SMILES: one that
 * is not there is "no such file", one that is there is a usage error.
 */
export function requireSmilesArgument(arg: string): void {
  if (!looksLikePath(arg)) return;
  if (!fs.existsSync(arg)) throw new CommandError(`no such file: ${clip(arg)}`);
  throw new UsageError(`expected a SMILES, got the file ${clip(arg)}`);
}
