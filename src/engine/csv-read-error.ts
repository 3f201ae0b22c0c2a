import { createReadStream } from 'node:fs';
import { DataError } from './errors.ts';
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
 * The line of the file, as an editor numbers it, on which DuckDB's CSV line `line` starts. DuckDB
 * counts only the line breaks outside quoted cells, so after a quoted cell holding a line break
 * (a therapist's note over two lines) its numbers fall behind the editor's, and a researcher
 * looking there finds another row. One pass over the file up to that line, on error paths only:
 * a `"` opens or closes a quoted cell (a doubled `""` inside one closes and reopens it), and
 * CRLF, LF and a lone CR each end a line. Returns `line` itself when the file ends first.
 * @example await editorLine('notes.csv', 4) // 5 when an earlier cell holds one line break
 */
export async function editorLine(path: string, line: number): Promise<number> {
  if (line <= 1) return line;
  let quoted = false;
  let afterCr = false;
  let ends = 0; // line breaks outside quoted cells
  let breaks = 0; // every line break
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x22) quoted = !quoted;
      else if (b === 0x0d || (b === 0x0a && !afterCr)) {
        breaks++;
        if (!quoted && ++ends === line - 1) return breaks + 1;
      }
      afterCr = b === 0x0d;
    }
  }
  return line;
}

/** DuckDB's CSV read error, said as the user's problem, at `line` (readErrorLine's) when there is one. */
export function describeReadError(message: string, line: number | undefined): string {
  const at = line !== undefined ? `line ${line}: ` : '';
  if (/Invalid unicode|not utf-8/i.test(message)) return `${at}the file is not valid UTF-8 text; re-save it as UTF-8 (for example from Excel: "CSV UTF-8")`;
  if (/Maximum line size/i.test(message)) return `${at}a line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; is a quote left open, or is a field this large intended?`;
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (cols) return `${at}expected ${cols[1]} fields but found ${cols[2]} (a truncated line, a stray delimiter, or an unclosed quote)`;
  if (/unterminated quote|not terminated|quoted value/i.test(message)) return `${at}a quoted field is not closed`;
  return `${at}cannot read the file: ${firstLine(message)}`;
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
    throw new DataError(describeReadError(message, await readErrorLine(message, path)), file);
  }
}
