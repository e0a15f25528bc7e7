/**
 * The commands' argument reading, on `node:util`'s parseArgs (so `--limit=5` and `--limit 5` are the
 * same, and an unknown option is an error): `readArgs` returns the values or a usage error message,
 * and the value readers refuse every bad value instead of ignoring it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A bad command line: the message goes to stderr with the usage, exit code 2. */
export class UsageError extends Error {}

/** Reads `args` against `options` (strict: unknown options and missing values are errors). */
export function readArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error));
  }
}

/** A whole number ≥ `min`, or a UsageError naming the flag. */
export function wholeNumber(flag: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= min)) throw new UsageError(`--${flag} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

/** A four-digit year, or a UsageError. */
export function year(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value.trim())) throw new UsageError(`--year must be a four-digit year, not "${value}"`);
  return value.trim();
}

/** A value that must not be empty (`--product ""` would silently mean "all"). */
export function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim()) throw new UsageError(`--${flag} needs a value`);
  return value;
}

/** Runs a command body; a UsageError prints `kb <name>: message` and the usage, and gives exit 2. */
export async function withUsage(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kb ${name}: ${error.message}\nusage: ${usage}\n`);
    return 2;
  }
}
