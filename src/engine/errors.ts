/**
 * User-facing errors, classed by phase (see src/engine/run-pipeline.ts for the phases).
 * Each carries a location so the CLI can print one clear message with no stack trace.
 */

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

export function formatSpecError(e: SpecError): string {
  const where = [e.file, e.line !== undefined ? `line ${e.line}` : undefined, e.column !== undefined ? `column ${e.column}` : undefined]
    .filter(Boolean)
    .join(', ');
  const path = e.specPath ? `${e.specPath}: ` : '';
  return `${where ? `${where}: ` : ''}${path}${e.message}`;
}

export function formatDataError(e: DataError): string {
  const parts: string[] = [];
  if (e.file) parts.push(e.file);
  if (e.row !== undefined) parts.push(`row ${e.row}`);
  if (e.column !== undefined) parts.push(`column '${e.column}'`);
  return `${parts.length ? `${parts.join(', ')}: ` : ''}${e.message}`;
}
