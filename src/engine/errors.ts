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

/**
 * A value's text as a message quotes it: at most `n` characters, then an ellipsis (a long cell stays
 * readable), with line breaks and tabs written as `\n`, `\r` and `\t`, so that a quoted cell over two
 * lines (a therapist's note) keeps the message on one line.
 * @example truncate('first visit,\nreferred') // 'first visit,\\nreferred'
 */
export function truncate(s: string, n = 40): string {
  const shown = s.length > n ? `${s.slice(0, n)}…` : s;
  return shown.replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
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

/**
 * Where in a delimited text file a DataError's rows lie, so that the message can name them by the
 * line a researcher finds in an editor or spreadsheet (the header on line 1) rather than by data row.
 */
export interface RowPlace {
  /** The delimited text file on disk (CSV, TSV, also gzipped) whose data rows `row` and `more` count: set, {@link placeLines} turns them into lines. */
  readonly text?: string;
  /** Further data rows the problem is about (a duplicate's other rows), named after `row`. */
  readonly more?: readonly number[];
  /** The lines of `row` and then `more`, as an editor numbers them; or the line a CSV parse error names, where there is no row. */
  readonly lines?: readonly number[];
}

/** The place of an error a CSV parser reports at a line (readErrorLine's), with no data row: that line, when it is known. */
export function atLine(line: number | undefined): RowPlace {
  return { lines: line === undefined ? undefined : [line] };
}

/**
 * A problem in an input data file, located by file, data row (1-based, header excluded) and column.
 * In a delimited text file the rows are shown as lines once placed ({@link placeLines}).
 */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    message: string,
    readonly file?: string,
    readonly row?: number,
    readonly column?: string,
    readonly place: RowPlace = {},
  ) {
    super(message);
  }
}

/** The same error (message, location, stack) with `place` added to its RowPlace. */
export function withPlace(e: DataError, place: RowPlace): DataError {
  const placed = new DataError(e.message, e.file, e.row, e.column, { ...e.place, ...place });
  placed.stack = e.stack;
  return placed;
}

/** The error with its rows counted in the delimited text file `text` (RowPlace.text), unless it names no row or already has a file to count them in. */
export function rowsInText(e: DataError, text: string): DataError {
  return e.row === undefined || e.place.text !== undefined || e.place.lines?.length ? e : withPlace(e, { text });
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
  const lines = e.place.lines;
  const at = lines?.length ? listedAt('line', lines) : e.row !== undefined ? listedAt('row', [e.row, ...(e.place.more ?? [])]) : undefined;
  if (at) parts.push(at);
  if (e.column !== undefined) parts.push(`column '${e.column}'`);
  return `${parts.length ? `${parts.join(', ')}: ` : ''}${e.message}`;
}

/**
 * Items as words in a sentence: "a", "a and b", "a, b and c" (or with `conjunction` 'or'); '' for none.
 * @example listWords(['mean', 'sd', 'n']) // "mean, sd and n"
 */
export function listWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Rows or lines as a location: `line 5`, `lines 3 and 5`, `rows 2, 4 and 6`; past five, the first five and `…`. */
function listedAt(unit: 'line' | 'row', numbers: readonly number[]): string {
  if (numbers.length === 1) return `${unit} ${numbers[0]}`;
  const shown = numbers.slice(0, 5);
  const list = numbers.length > 5 ? `${shown.join(', ')}, …` : listWords(shown.map(String));
  return `${unit}s ${list}`;
}
