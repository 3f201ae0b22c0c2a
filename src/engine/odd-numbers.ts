import { isDigitByte as isDigit, scanFileBytes } from './scan-file-bytes.ts';
import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';
import { DataError, truncate } from './errors.ts';

/**
 * Numbers that DuckDB's CSV reader and its text-to-number casts accept but that are not written as
 * plain decimal numbers: a digit separator between digits (`1_000` is read as 1000, `0_3` as 3,
 * `1.5_0` as 1.5), a plus sign before a minus sign (`+-3` is read as −3) and, in a column DuckDB
 * types as integers (the quick commands' type detection), a hexadecimal or binary literal (`0x10`
 * is read as 16, `0b101` as 5; the DOUBLE cast that ingest uses refuses them). A cell like these
 * is more likely a typing slip than a number, so ingest, the quick commands and import-studies
 * refuse it instead of analysing the value DuckDB made of it. (Other forms DuckDB refuses itself,
 * e.g. `-+3`, `3_`, `1e_3`, `-0x10`; `inf` and `nan` are refused by the finite-number checks.)
 *
 * Finding such a cell costs a second read of the file as text, so that read happens only when a
 * byte scan ({@link mayHoldOddNumbers}) finds `+-`, `_` between two digits, or `0x`/`0b` (either
 * case) after a byte that is not a letter, digit or '.', anywhere in the file: a file without them
 * (the usual export) costs one pass over its bytes.
 */

const UNDERSCORE = 0x5f;

/** A byte that can be part of a word or number (ASCII letter, digit, '.'); no cell starts after one. */
const isWordByte = (b: number | undefined): boolean => b !== undefined && (isDigit(b) || b === 0x2e || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a));

/** The prefixes of the hexadecimal and binary literals DuckDB's integer cast reads. */
const RADIX_PREFIXES = ['0x', '0X', '0b', '0B'];

/** Whether `bytes` holds `+-`, an `_` between two digits, or (with `radix`) `0x`/`0b` that may begin a cell. */
function holdsOddBytes(bytes: Buffer, radix: boolean): boolean {
  if (bytes.indexOf('+-') !== -1) return true;
  for (let i = bytes.indexOf(UNDERSCORE); i !== -1; i = bytes.indexOf(UNDERSCORE, i + 1)) {
    if (isDigit(bytes[i - 1]) && isDigit(bytes[i + 1])) return true;
  }
  if (radix)
    for (const prefix of RADIX_PREFIXES) {
      for (let i = bytes.indexOf(prefix); i !== -1; i = bytes.indexOf(prefix, i + 1)) if (!isWordByte(bytes[i - 1])) return true;
    }
  return false;
}

/**
 * Whether the file's bytes hold `+-`, `_` between two digits or `0x`/`0b` starting a cell anywhere
 * (in any column, quoted or not): when false, no cell of it is an odd number (see the module
 * comment) and the text read of {@link firstOddNumber} can be skipped. `radix` false leaves out the
 * search for `0x`/`0b`, for reads that type every numeric column DOUBLE (ingest), whose cast
 * refuses those cells itself: its four searches cost about 0.2 s of CPU on the 86 MB benchmark
 * file, where '0' is frequent, against 0.013 s for the rest. Reads the file in 4 MB pieces,
 * keeping the last two bytes of each so a pattern across a boundary is found.
 * @example if (await mayHoldOddNumbers(path)) { const odd = await firstOddNumber(db, textSource, numericColumns); … }
 */
export async function mayHoldOddNumbers(path: string, radix = true): Promise<boolean> {
  return scanFileBytes(path, 2, (bytes) => holdsOddBytes(bytes, radix));
}

/**
 * SQL true when the text cell `v` holds `_` or `+-`, or starts (after spaces) with `0x` or `0b` in
 * either case: of the cells DuckDB reads as numbers, exactly the odd ones (see the module comment).
 */
export function oddCellSql(v: string): string {
  return `(contains(${v}, '_') OR contains(${v}, '+-') OR regexp_matches(${v}, '^\\s*0[xXbB]'))`;
}

/** A text cell JavaScript-side: the same test as oddCellSql. */
const ODD_CELL = /_|\+-|^\s*0[xXbB]/;

/**
 * The first odd number (see the module comment) in `columns` of `textSource`, a read of the file
 * with every column as text, in file order: its data row (1-based, header excluded), column and
 * cell; undefined when there is none. The columns must be ones the caller reads as numbers: there,
 * a cell holding `_` or `+-` was accepted by DuckDB only in an odd form (any other such cell stops
 * the numeric read). One scan when nothing is found; a second, numbering the rows in the order the
 * reader returns them (the file's), to name the row of what was found.
 * @example const odd = await firstOddNumber(db, `read_csv('x.csv', all_varchar=true)`, ['age']);
 */
export async function firstOddNumber(db: DuckDBSession, textSource: string, columns: readonly string[]): Promise<{ row: number; column: string; value: string } | undefined> {
  if (columns.length === 0) return undefined;
  const cells = columns.map((c) => sqlIdent(c));
  const odd = cells.map((c) => oddCellSql(c)).join(' OR ');
  const any = await db.scalar(`SELECT count(*) FROM (SELECT 1 FROM ${textSource} WHERE ${odd} LIMIT 1)`);
  if (Number(any) === 0) return undefined;
  // the row number's name: one no column has (DuckDB compares names case-insensitively)
  let row = '__row';
  while (columns.some((c) => c.toLowerCase() === row)) row += '_';
  const found = (await db.rows(`SELECT ${row}, ${cells.map((c, i) => `${c} AS c${i}`).join(', ')} FROM (SELECT row_number() OVER () AS ${row}, ${cells.join(', ')} FROM ${textSource}) WHERE ${odd} ORDER BY ${row} LIMIT 1`))[0];
  const i = columns.findIndex((_, k) => typeof found[`c${k}`] === 'string' && ODD_CELL.test(found[`c${k}`] as string));
  return { row: Number(found[row]), column: columns[i], value: String(found[`c${i}`]) };
}

/**
 * The message for an odd number found by {@link firstOddNumber}, with what DuckDB would have made
 * of it, ending with `hint` (what the user can do besides correcting the cell).
 */
export function oddNumberMessage(value: string, hint: string): string {
  const trimmed = value.trim();
  const what = trimmed.includes('+-') ? "a '+' before a '-'" : /^0[xXbB]/.test(trimmed) ? `the prefix '${trimmed.slice(0, 2)}' of a ${/^0[xX]/.test(trimmed) ? 'hexadecimal' : 'binary'} number` : "a '_' between digits";
  return `'${truncate(trimmed)}' is not a plain number: it has ${what} and would be read silently as ${duckdbReading(trimmed)}. Correct the cell${hint}`;
}

/** What DuckDB's casts make of an odd number: the separators dropped, `+-` as `-`, `0x`/`0b` in base 16/2 (as Number reads them). */
function duckdbReading(value: string): string {
  const n = Number(value.replace(/_/g, '').replace(/^\+-/, '-'));
  return Number.isFinite(n) ? String(n) : 'another number';
}

/**
 * Starts the byte scan of a CSV file (mayHoldOddNumbers) beside the caller's own read of it, and
 * returns the check to run once that read has succeeded: when the scan found something, it reads
 * `columns` (those read as numbers) of `textSource` (the file with every column as text) and throws
 * a DataError at the first odd number, naming `file`, its data row and column; `hint` ends the
 * message; `radix` as for {@link mayHoldOddNumbers}. How ingest, the quick commands and
 * import-studies hold CSV cells to plain numbers.
 * @example const checkOdd = startOddNumberCheck(path); await db.run(read); await checkOdd(db, text, () => ['age'], 'data.csv', '');
 */
export function startOddNumberCheck(path: string, radix = true): (db: DuckDBSession, textSource: string, columns: () => Promise<readonly string[]> | readonly string[], file: string, hint: string) => Promise<void> {
  const scan = mayHoldOddNumbers(path, radix);
  scan.catch(() => {}); // a read that fails first must not leave a stray rejection
  return async (db, textSource, columns, file, hint) => {
    if (!(await scan)) return;
    const odd = await firstOddNumber(db, textSource, await columns());
    if (odd) throw new DataError(oddNumberMessage(odd.value, hint), file, odd.row, odd.column);
  };
}
