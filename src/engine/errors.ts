import { isAbsolute, relative } from 'node:path';

/**
 * User-facing errors, classed by phase (see src/engine/run-pipeline.ts for the phases).
 * Each carries a location so the CLI can print one clear message with no stack trace.
 */

/**
 * Where a run-time problem of a stage is: its spec path (or one of its options' paths), its id and
 * its type, e.g. `stages[3].where (stage 'summary', export-summary)`. The one wording of the run's
 * messages, for the errors the engine locates itself and for those a stage words with a file.
 */
export function stageWhere(specPath: string, stageId: string, type: string): string {
  return `${specPath} (stage '${stageId}', ${type})`;
}

/** A value's text as a message quotes it: at most `n` characters, then an ellipsis (a long cell stays readable). */
export function truncate(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** A problem in the pipeline spec, located by its spec path (`stages[2].method`) and YAML position. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(
    message: string,
    readonly specPath: string = '',
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Several spec problems reported at once (`alliance validate` lists all of them). */
export class SpecErrors extends Error {
  override name = 'SpecErrors';
  constructor(readonly errors: SpecError[]) {
    super(errors.map(formatSpecError).join('\n'));
  }
}

/** A problem in an input data file, located by file, data row (1-based, header excluded) and column. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    message: string,
    readonly file?: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** `--strict` was given and a stage excluded or altered data. */
export class StrictError extends Error {
  override name = 'StrictError';
}

/** Shows a path relative to the working folder when it lies inside it. */
export function displayPath(p: string | undefined): string | undefined {
  if (!p || !isAbsolute(p)) return p;
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

export function formatSpecError(e: SpecError): string {
  const where = [displayPath(e.file), e.line !== undefined ? `line ${e.line}` : undefined, e.column !== undefined ? `column ${e.column}` : undefined]
    .filter(Boolean)
    .join(', ');
  const path = e.specPath ? `${e.specPath}: ` : '';
  return `${where ? `${where}: ` : ''}${path}${e.message}`;
}

export function formatDataError(e: DataError): string {
  const parts: string[] = [];
  if (e.file) parts.push(displayPath(e.file)!);
  if (e.row !== undefined) parts.push(`row ${e.row}`);
  if (e.column !== undefined) parts.push(`column '${e.column}'`);
  return `${parts.length ? `${parts.join(', ')}: ` : ''}${e.message}`;
}
