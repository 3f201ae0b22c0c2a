import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { atLine, DataError, withPlace } from './errors.ts';
import { sqlString, type DuckDBSession } from './duckdb-session.ts';

/** The longest CSV line (bytes) the reads accept; a longer one is usually a quote left open. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * A strict read of a CSV with every column as text, in the dialect of the ingest stage's typed
 * read: no type detection, a line with too few or too many fields is an error (not padded or
 * skipped), so a structural fault is reported with its line.
 */
export function csvAsTextSql(path: string, delimiter: string, columns: readonly string[]): string {
  const cols = columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  return `read_csv(${sqlString(path)}, delim=${sqlString(delimiter)}, quote='"', escape='"', header=true, auto_detect=false, columns={${cols}}, strict_mode=true, null_padding=false, max_line_size=${MAX_LINE_BYTES})`;
}

/**
 * The line, as an editor numbers it ({@link editorLine}), of the CSV file at `path` that DuckDB's
 * read error `message` names ("CSV Error on Line: N", counting lines outside quoted cells);
 * undefined when it names none.
 */
export async function readErrorLine(message: string, path: string): Promise<number | undefined> {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  return line === undefined ? undefined : editorLine(path, Number(line));
}

/**
 * One pass over the bytes of the delimited text file at `path` (through gunzip for `.gz`, as DuckDB
 * reads it), split into lines as an editor splits them: `onBreak(quoted)` at each line break (CRLF,
 * LF or a lone CR; `quoted` when it lies inside a quoted cell, where a `"` opens or closes one and a
 * doubled `""` closes and reopens it), `onLineText()` at the first other byte of each line. The pass
 * stops when either returns true or the file ends. On error paths only: a callback per line.
 */
async function scanLines(path: string, onBreak: (quoted: boolean) => boolean, onLineText: () => boolean): Promise<void> {
  let quoted = false;
  let afterCr = false;
  let lineStart = true;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const bytes = (/\.gz$/i.test(path) ? stream.pipe(createGunzip()) : stream) as AsyncIterable<Buffer>;
  try {
    for await (const chunk of bytes) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === 0x0a && afterCr) {
          afterCr = false; // a CRLF's LF: the break was counted at its CR
          continue;
        }
        afterCr = b === 0x0d;
        if (b === 0x0d || b === 0x0a) {
          lineStart = true;
          if (onBreak(quoted)) return;
          continue;
        }
        if (lineStart) {
          lineStart = false;
          if (onLineText()) return;
        }
        if (b === 0x22) quoted = !quoted;
      }
    }
  } finally {
    stream.destroy();
  }
}

/**
 * The line of the file, as an editor numbers it, on which DuckDB's CSV line `line` starts. DuckDB
 * counts only the line breaks outside quoted cells, so after a quoted cell holding a line break
 * (a therapist's note over two lines) its numbers fall behind the editor's, and a researcher
 * looking there finds another row. One pass over the file up to that line ({@link scanLines}).
 * Returns `line` itself when the file ends first.
 * @example await editorLine('notes.csv', 4) // 5 when an earlier cell holds one line break
 */
export async function editorLine(path: string, line: number): Promise<number> {
  if (line <= 1) return line;
  let ends = 0; // line breaks outside quoted cells
  let breaks = 0; // every line break
  let found = line;
  await scanLines(
    path,
    (quoted) => {
      breaks++;
      if (quoted || ++ends !== line - 1) return false;
      found = breaks + 1;
      return true;
    },
    () => false,
  );
  return found;
}

/**
 * The lines, as an editor numbers them, on which the data rows `rows` (1-based, header excluded) of
 * the delimited text file at `path` start, in the order given; undefined for a row the file does
 * not reach. Rows are counted as DuckDB's CSV reader counts them: the header is the first record,
 * a record ends at a line break outside quoted cells, and an empty line is no record. So a quoted
 * cell over two lines (a therapist's note) or a blank line before the row puts it further down
 * than row + 1. One pass over the file up to the last row asked for ({@link scanLines}).
 * @example await dataRowLines('notes.csv', [1, 3]) // [2, 5] when row 2 holds a two-line note
 */
export async function dataRowLines(path: string, rows: readonly number[]): Promise<(number | undefined)[]> {
  const wanted = new Map<number, number | undefined>(rows.map((r) => [r, undefined]));
  let left = wanted.size;
  const last = Math.max(...rows);
  let line = 1; // the editor's line being read
  let record = 0; // the record being read (0: the header)
  let open = false; // the record has begun (an empty line begins none)
  await scanLines(
    path,
    (quoted) => {
      line++;
      if (quoted || !open) return false;
      open = false;
      return ++record > last;
    },
    () => {
      if (open) return false; // a line inside a quoted cell
      open = true;
      if (!wanted.has(record) || wanted.get(record) !== undefined) return false;
      wanted.set(record, line);
      return --left === 0;
    },
  );
  return rows.map((r) => wanted.get(r));
}

/**
 * The error with its data rows named by line ({@link dataRowLines}) when it names rows of a
 * delimited text file (`place.text`); otherwise the error itself.
 */
export async function placeLines(e: DataError): Promise<DataError> {
  const { text, more = [], lines } = e.place;
  if (text === undefined || e.row === undefined || lines?.length) return e;
  let found: (number | undefined)[];
  try {
    found = await dataRowLines(text, [e.row, ...more]);
  } catch {
    return e; // the file cannot be read again: its rows are still named
  }
  return found.some((l) => l === undefined) ? e : withPlace(e, { lines: found as number[] });
}

/** DuckDB's CSV read error, said as the user's problem (the DataError carries its line, readErrorLine's). */
export function describeReadError(message: string): string {
  if (/Invalid unicode|not utf-8/i.test(message)) return `the file is not valid UTF-8 text; re-save it as UTF-8 (for example from Excel: "CSV UTF-8")`;
  if (/Maximum line size/i.test(message)) return `a line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; is a quote left open, or is a field this large intended?`;
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (cols) return `expected ${cols[1]} fields but found ${cols[2]} (a truncated line, a stray delimiter, or an unclosed quote)`;
  if (/unterminated quote|not terminated|quoted value/i.test(message)) return `a quoted field is not closed`;
  return `cannot read the file: ${firstLine(message)}`;
}

/** The first line of an engine message, without its `… Error: ` prefix. */
export function firstLine(s: string): string {
  return s.split('\n')[0].replace(/^[A-Za-z ]+Error: /, '');
}

/**
 * Reads the CSV strictly as text ({@link csvAsTextSql}) and throws a DataError naming the file
 * and line of its first structural fault (a ragged line, an unclosed quote, invalid UTF-8);
 * returns quietly when the file has none. For reads that detect the dialect and types, whose
 * own failure ('Error when sniffing file') names no line.
 */
export async function refuseMalformedCsv(db: DuckDBSession, path: string, delimiter: string, columns: readonly string[], file: string): Promise<void> {
  try {
    await db.scalar(`SELECT count(*) FROM ${csvAsTextSql(path, delimiter, columns)}`);
  } catch (e) {
    const message = (e as Error).message;
    const line = await readErrorLine(message, path);
    throw new DataError(describeReadError(message), file, undefined, undefined, atLine(line));
  }
}
