import { DataError, formatDataError, formatSpecError, SpecError, SpecErrors, StrictError } from '../engine/errors.ts';
import { PathError } from '../engine/safe-path.ts';
import { StatInputError } from '../stats/errors.ts';

/** Exit codes: 0 success, 1 user error (spec, data, strict), 2 usage, 70 internal error. */
export const EXIT = { ok: 0, user: 1, usage: 2, internal: 70 } as const;

/**
 * Turns any error into one clear message on stderr and an exit code. User errors (spec,
 * data, paths, --strict) print no stack trace; anything else is an internal error.
 */
export function reportError(e: unknown): number {
  const write = (s: string) => process.stderr.write(`${s}\n`);
  if (e instanceof SpecErrors) {
    write(`error: the pipeline spec has ${e.errors.length} problem${e.errors.length > 1 ? 's' : ''}:`);
    for (const x of e.errors) write(`  ${formatSpecError(x)}`);
    return EXIT.user;
  }
  if (e instanceof SpecError) {
    write(`error: ${formatSpecError(e)}`);
    return EXIT.user;
  }
  if (e instanceof DataError) {
    write(`error: ${formatDataError(e)}`);
    return EXIT.user;
  }
  if (e instanceof PathError || e instanceof StrictError || e instanceof StatInputError || e instanceof UsageError) {
    write(`error: ${e.message}`);
    return e instanceof UsageError ? EXIT.usage : EXIT.user;
  }
  write(`internal error: ${(e as Error)?.stack ?? String(e)}`);
  write('This is a bug in alliance; please report it with the command you ran.');
  return EXIT.internal;
}

/** Wrong command-line usage (missing or conflicting flags). */
export class UsageError extends Error {
  override name = 'UsageError';
}
