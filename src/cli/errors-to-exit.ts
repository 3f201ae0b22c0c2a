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
    // A YAML syntax error makes the parser report follow-on errors; the first is the one to fix.
    const yaml = e.errors.length > 1 && e.errors.every((x) => x.message.startsWith('invalid YAML'));
    const shown = yaml ? e.errors.slice(0, 1) : e.errors;
    write(`error: the pipeline spec has ${shown.length} problem${shown.length > 1 ? 's' : ''}:`);
    for (const x of shown) write(`  ${formatSpecError(x)}${yaml ? ` (and ${e.errors.length - 1} follow-on YAML error${e.errors.length > 2 ? 's' : ''}; fix this one first)` : ''}`);
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

/** A command's report-folder argument that names nothing (verify, open): the folder 'alliance run' writes. */
export function noReportFolder(dir: string): UsageError {
  return new UsageError(`${dir} does not exist: give the report folder 'alliance run' wrote (its --out, by default reports/<pipeline name>)`);
}
