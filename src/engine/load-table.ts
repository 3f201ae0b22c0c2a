import { DataError, rowsInText, truncate } from './errors.ts';
import { isNumericDuckDBType, sqlIdent, sqlString, type DuckDBSession } from './duckdb-session.ts';
import { refuseDuplicateNames, sniffHeader } from './csv-header.ts';
import { resolveInput } from './safe-path.ts';
import type { ColumnKind, TableShape } from './table-shape.ts';
import { formatSuggestion } from '../spec/did-you-mean.ts';
import { unusableNumberMessage, unusableNumberSql } from './max-magnitude.ts';
import { jsonBlankSql, jsonNumberSql } from './decimal-number.ts';
import { oddCellSql, startOddNumberCheck } from './odd-numbers.ts';
import { formatFromName, type FileFormat } from './file-format.ts';
import { refuseMalformedCsv } from './csv-read-error.ts';
import { codedNumberMessage, codedNumbersSql, isMissingCode } from './missing-codes.ts';
import { dropEmptyUnnamedColumns, trailingUnnamedCount } from './unnamed-columns.ts';

/** The first cell of each text column that is not a number (data row, 1-based), per loaded table. */
const firstNonNumber = new WeakMap<TableShape, Map<string, { row: number; value: string }>>();
/** The numeric columns without a value in any row (all cells empty), per loaded table. */
const emptyColumns = new WeakMap<TableShape, Set<string>>();
/**
 * The text columns whose cells are numbers apart from missing-value codes (`NA`, `#NULL!`; see
 * missing-codes.ts), with the first code (data row, 1-based), per loaded table: numbers with
 * missing codes, not categories.
 */
const codedNumbers = new WeakMap<TableShape, Map<string, { row: number; value: string }>>();
/** Columns re-read as text after a late conversion error before giving up. */
const MAX_RETYPED = 64;

/**
 * Loads any CSV/TSV/JSON/Parquet file into a DuckDB table for the quick commands (`alliance
 * correlate FILE …`): types are detected by DuckDB, decimal commas by the header sniffer. A
 * column DuckDB took for numbers but that holds text further down (in JSON, a string after the
 * type sample) is read as text, so that
 * {@link requireFileColumn} can name its first non-number. Like the ingest stage, refuses a CSV
 * header naming a column twice or leaving one unnamed (empty unnamed columns at the end of every
 * line are dropped), a file with no data rows and numbers no analysis can use ('inf',
 * 'nan', '1e999'), naming the data row (1-based, header excluded) and the column. Returns the
 * table's shape so the command can check its columns the way a stage's plan does. The columns in
 * `numbers` are the ones the command analyses as numbers: zero-padded numbers there (`01`, `007`)
 * are read as numbers, as ingest reads its numeric columns, where other columns keep them as text
 * (codes keep their zeros).
 */
export async function loadTable(db: DuckDBSession, file: string, name: string, numbers: readonly string[] = []): Promise<TableShape> {
  const path = resolveInput(process.cwd(), file, { base: 'the current folder' });
  const format = formatFromName(path);
  // a delimited text file's rows are named by line (RowPlace)
  const textFile = format === 'csv' || format === 'tsv' ? path : undefined;
  try {
    const shape = await readTable(db, file, path, format, name, numbers);
    if (textFile) shape.textFile = textFile;
    return shape;
  } catch (e) {
    throw textFile && e instanceof DataError ? rowsInText(e, textFile) : e;
  }
}

/** loadTable's read of the file at `path` (`file` as given), in `format`. */
async function readTable(db: DuckDBSession, file: string, path: string, format: FileFormat, name: string, numbers: readonly string[]): Promise<TableShape> {
  let source: (text: string[]) => string;
  let csv: { decimalComma: boolean; text: string; delimiter: string; columns: string[] } | undefined;
  const json = format === 'json';
  let everyRow = false;
  let trailing = 0;
  if (format === 'parquet') source = () => `read_parquet(${sqlString(path)})`;
  // after a value DuckDB's type sample did not foresee, JSON is typed from every row (a mixed column is then JSON, see tidyTextColumns)
  else if (json) source = (text) => `read_json_auto(${sqlString(path)}${text.length || everyRow ? ', sample_size=-1' : ''})`;
  else {
    const sniff = sniffHeader(path);
    // UTF-16, a workbook or binary: named as ingest names it (it read as 'a quoted field is not closed')
    if (sniff.notText) throw new DataError(`the file is ${sniff.notText}`, file);
    if (sniff.columns.length === 0 || (sniff.columns.length === 1 && sniff.columns[0] === '')) throw new DataError('the file is empty (no header line)', file);
    // a spreadsheet's empty columns at the end of every line are dropped once read (as ingest does)
    trailing = trailingUnnamedCount(sniff.columns);
    refuseDuplicateNames(sniff.columns.slice(0, sniff.columns.length - trailing).map((c) => c.trim()), file);
    const options = `delim=${sqlString(sniff.delimiter)}, header=true, quote='"', escape='"'${sniff.decimalComma ? ", decimal_separator=','" : ''}`;
    csv = { decimalComma: sniff.decimalComma, text: `read_csv(${sqlString(path)}, ${options}, all_varchar=true)`, delimiter: sniff.delimiter, columns: sniff.columns };
    source = (text) => `read_csv(${sqlString(path)}, ${options}${text.length ? `, types={${text.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}` : ''})`;
  }
  const checkOddNumbers = csv && startOddNumberCheck(path);
  const text: string[] = [];
  for (;;) {
    try {
      await db.run(`CREATE TABLE ${sqlIdent(name)} AS SELECT * FROM ${source(text)}`);
    } catch (e) {
      const message = (e as Error).message;
      const late = /Error when converting column "((?:[^"]|"")*)"/.exec(message)?.[1] ?? (/JSON transform error/.test(message) ? '' : undefined);
      if (late === undefined || text.includes(late) || text.length >= MAX_RETYPED) {
        // DuckDB's detection fails on a ragged line or an open quote without naming its line: a strict read does
        if (csv) await refuseMalformedCsv(db, path, csv.delimiter, csv.columns, file);
        throw new DataError(`cannot read the file: ${message.split('\n')[0]}`, file);
      }
      text.push(late);
      continue;
    }
    if (!json || everyRow || text.length || !(await blanksThenNumbers(db, name))) break;
    everyRow = true;
    await db.run(`DROP TABLE ${sqlIdent(name)}`);
  }
  if (trailing) {
    const read = (await db.describe(sqlIdent(name))).map((d) => d.name);
    await dropEmptyUnnamedColumns(db, name, read.slice(read.length - trailing).map((c, i) => [c, read.length - trailing + i + 1] as const), file);
  }
  if (Number(await db.scalar(`SELECT count(*) FROM ${sqlIdent(name)}`)) === 0) {
    // the detection may have made nothing of malformed data lines
    if (csv) await refuseMalformedCsv(db, path, csv.delimiter, csv.columns, file);
    throw new DataError('the file has a header but no data rows', file);
  }
  if (csv && checkOddNumbers) {
    // the columns DuckDB typed as numbers; text columns are held to plain numbers by numberSql
    const numeric = async () => (await db.describe(sqlIdent(name))).filter((d) => isNumericDuckDBType(d.type)).map((d) => d.name);
    await checkOddNumbers(db, csv.text, numeric, file, '');
  }
  await tidyTextColumns(db, name, csv, new Set(numbers));
  const described = await db.describe(sqlIdent(name));
  const columns = new Map<string, ColumnKind>();
  for (const d of described) columns.set(d.name, isNumericDuckDBType(d.type) ? 'number' : 'string');
  const shape: TableShape = { id: name, grain: 'other', columns, roles: {}, instruments: [], file };
  await checkCells(db, name, shape, described, csv?.decimalComma ?? false);
  return shape;
}

/**
 * Whether a text column of a JSON file read with DuckDB's type sample holds blank strings and
 * numbers: a column blank in the sample is typed text, and a later number then reads as its
 * digits ('3'), so the file must be read again typed from every row (the column is then JSON).
 */
async function blanksThenNumbers(db: DuckDBSession, name: string): Promise<boolean> {
  const text = (await db.describe(sqlIdent(name))).filter((d) => d.type === 'VARCHAR').map((d) => sqlIdent(d.name));
  if (text.length === 0) return false;
  const both = text.map((c) => `coalesce(bool_or(trim(${c}) = ''), false) AND coalesce(bool_or(TRY_CAST(trim(${c}) AS DOUBLE) IS NOT NULL), false)`);
  return (await db.scalar(`SELECT ${both.join(' OR ')} FROM ${sqlIdent(name)}`)) === true;
}

/**
 * SQL for the number that text `v` holds, or NULL; with decimal commas `3,5` is one and `3.5` is
 * not, as in the ingest stage. Odd numbers (`1_000`, `+-3`; see odd-numbers.ts) are not numbers.
 */
function numberSql(v: string, decimalComma: boolean): string {
  const text = decimalComma ? `CASE WHEN contains(${v}, '.') THEN NULL ELSE replace(${v}, ',', '.') END` : v;
  return `TRY_CAST(CASE WHEN ${oddCellSql(v)} THEN NULL ELSE ${text} END AS DOUBLE)`;
}

/**
 * Reads the text columns as the ingest stage does: cells trimmed, a blank one (`   `) missing;
 * a column whose cells are then numbers or missing is read as numbers, since DuckDB's
 * detection takes ` 4.5 `, `   ` or a late `4 ` for text, and a column blank in every row is read
 * as numbers all missing, as ingest reads it. Columns with a leading zero (`007`) stay text, as
 * DuckDB keeps them, so codes keep their zeros, unless listed in `numbers`. A JSON file's string
 * columns are read so too (REDCap writes every value as a string, `"3"`). In JSON, a column DuckDB
 * typed JSON or NULL (no value in its sample, or numbers mixed with strings) whose values are all
 * numbers (or strings of numbers, jsonNumberSql), null or blank strings (`"  "`) is read as
 * numbers, the blanks missing, as ingest reads them.
 */
async function tidyTextColumns(db: DuckDBSession, name: string, csv: { decimalComma: boolean } | undefined, numbers: ReadonlySet<string>): Promise<void> {
  const described = await db.describe(sqlIdent(name));
  const textColumns = described.filter((d) => d.type === 'VARCHAR');
  const text = textColumns.map((d) => sqlIdent(d.name));
  const json = csv ? [] : described.filter((d) => d.type === 'JSON' || d.type === 'NULL').map((d) => sqlIdent(d.name));
  if (text.length + json.length === 0) return;
  const number = (c: string) => numberSql(`trim(${c})`, csv?.decimalComma ?? false);
  // a code with a leading zero (`007`) stays text outside the columns analysed as numbers
  const padded = (c: string, i: number) => (numbers.has(textColumns[i]!.name) ? 'false' : `regexp_matches(trim(${c}), '^[-+]?0[0-9]')`);
  // a JSON text column is read as a CSV one: its strings are cells (REDCap writes "3" for 3)
  const numeric = (c: string, i: number) => `coalesce(bool_and(trim(${c}) = '' OR (${number(c)} IS NOT NULL AND NOT ${padded(c, i)})), true)`;
  const untrimmed = (c: string) => `coalesce(bool_or(${c} <> trim(${c}) OR ${c} = ''), false)`;
  const jsonNumber = (c: string) => jsonNumberSql(`${c}::JSON`);
  const jsonNumeric = (c: string) => `coalesce(bool_and(${jsonNumber(c)} IS NOT NULL OR ${jsonBlankSql(`${c}::JSON`)}), true)`;
  const parts = [...text.map((c, i) => `${numeric(c, i)} AS n${i}, ${untrimmed(c)} AS t${i}`), ...json.map((c, i) => `${jsonNumeric(c)} AS j${i}`)];
  const found = (await db.rows(`SELECT ${parts.join(', ')} FROM ${sqlIdent(name)}`))[0];
  const alter = (c: string) => `ALTER TABLE ${sqlIdent(name)} ALTER ${c} SET DATA TYPE`;
  for (const [i, c] of text.entries()) {
    if (found[`n${i}`] === true) await db.run(`${alter(c)} DOUBLE USING ${number(c)}`);
    else if (found[`t${i}`] === true) await db.run(`${alter(c)} VARCHAR USING NULLIF(trim(${c}), '')`);
  }
  for (const [i, c] of json.entries()) if (found[`j${i}`] === true) await db.run(`${alter(c)} DOUBLE USING ${jsonNumber(c)}`);
}

/**
 * One scan of the table: throws a DataError at the first non-finite number (floating-point
 * columns), and records the first non-number of every text (or JSON) column for
 * {@link requireFileColumn} and the floating-point columns with no value for {@link requireFileValues}
 * (a column blank in every row is one, see tidyTextColumns; other numeric types have a value).
 */
async function checkCells(db: DuckDBSession, name: string, shape: TableShape, described: { name: string; type: string }[], decimalComma: boolean): Promise<void> {
  const checks = described.flatMap((d): { column: string; finite: boolean; bad: string; value: string; coded?: string }[] => {
    const c = sqlIdent(d.name);
    const value = `${c}::VARCHAR`;
    if (d.type === 'DOUBLE' || d.type === 'FLOAT' || d.type === 'REAL') return [{ column: d.name, finite: true, bad: unusableNumberSql(c), value }];
    if (d.type === 'VARCHAR') {
      const number = `${numberSql(`trim(${c})`, decimalComma)} IS NOT NULL`;
      return [{ column: d.name, finite: false, bad: `trim(${c}) <> '' AND NOT (${number})`, value, coded: codedNumbersSql(`trim(${c})`, number) }];
    }
    // JSON left untyped by tidyTextColumns: it holds a value that is neither a number nor blank
    if (d.type === 'JSON') return [{ column: d.name, finite: false, bad: `${jsonNumberSql(c)} IS NULL AND NOT ${jsonBlankSql(c)}`, value: `json_extract_string(${c}, '$')` }];
    return [];
  });
  if (checks.length === 0) return;
  // c: a text column of numbers with missing-value codes, whose first non-number is then a code
  const found = (await db.rows(`SELECT ${checks.map((k, i) => `min(rowid) FILTER (WHERE ${k.bad}) AS r${i}, arg_min(${k.value}, rowid) FILTER (WHERE ${k.bad}) AS v${i}, count(${sqlIdent(k.column)}) = 0 AS e${i}, ${k.coded ?? 'false'} AS c${i}`).join(', ')} FROM ${sqlIdent(name)}`))[0];
  const at = (i: number) => (found[`r${i}`] === null ? undefined : { row: Number(found[`r${i}`]) + 1, value: String(found[`v${i}`]) });
  const text = new Map<string, { row: number; value: string }>();
  const codes = new Map<string, { row: number; value: string }>();
  let nonFinite: { row: number; value: string; column: string } | undefined;
  emptyColumns.set(shape, new Set(checks.filter((k, i) => k.finite && found[`e${i}`] === true).map((k) => k.column)));
  checks.forEach((k, i) => {
    const cell = at(i);
    if (!cell) return;
    if (!k.finite) {
      text.set(k.column, cell);
      if (found[`c${i}`] === true) codes.set(k.column, cell);
    }
    else if (!nonFinite || cell.row < nonFinite.row) nonFinite = { ...cell, column: k.column };
  });
  if (nonFinite) throw new DataError(unusableNumberMessage(nonFinite.value), shape.file, nonFinite.row, nonFinite.column);
  firstNonNumber.set(shape, text);
  codedNumbers.set(shape, codes);
}

/** Throws a DataError naming the file, with a did-you-mean and the file's columns, unless `column` is a column of `shape`. */
export function requireFileColumnPresent(shape: TableShape, column: string, flag: string): void {
  if (!shape.columns.has(column)) throw new DataError(`${flag} ${column}: no such column.${formatSuggestion(column, shape.columns.keys())} Columns: ${[...shape.columns.keys()].join(', ')}`, shape.file);
}

/** Throws a DataError naming the file unless `column` is a numeric column of `shape`. */
export function requireFileColumn(shape: TableShape, column: string, flag: string, kind: ColumnKind = 'number'): void {
  requireFileColumnPresent(shape, column, flag);
  const actual = shape.columns.get(column)!;
  if (actual === kind) return;
  const cell = actual === 'string' ? firstNonNumber.get(shape)?.get(column) : undefined;
  if (cell) {
    const value = truncate(cell.value);
    const hint = isMissingCode(value) ? ' (missing values must be empty cells)' : '';
    throw new DataError(`${flag} ${column}: '${value}' is not a number${hint}`, shape.file, cell.row, column, { text: shape.textFile });
  }
  throw new DataError(`${flag} ${column}: the column is ${actual === 'string' ? 'text (a value is not a number)' : 'numeric'}, expected ${kind === 'string' ? 'text' : 'numbers'}`, shape.file);
}

/**
 * Throws a DataError naming the file, row and column when the text `column` of `shape` holds
 * numbers apart from missing-value codes (`age` = 34, 51, NA): for an analysis that takes a text
 * column as categories (a formula's factor, a moderator, a subgroup), such a column would become
 * one category per number, `NA` among them, with no word said. A missing value must be an empty
 * cell, as everywhere in alliance.
 */
export function refuseCodedNumbers(shape: TableShape, column: string, flag: string): void {
  const cell = shape.columns.get(column) === 'string' ? codedNumbers.get(shape)?.get(column) : undefined;
  // the cell is a missing-value code, short: shown whole
  if (cell) throw new DataError(`${flag} ${column}: ${codedNumberMessage(cell.value, `missing values must be empty cells; it would otherwise be read as categories, one per number and one for '${cell.value}'`)}`, shape.file, cell.row, column, { text: shape.textFile });
}

/**
 * Throws a DataError naming the file and column when the numeric `column` of `shape` has no value
 * in any row: an analysis of it would find no usable row, and the kernel's own message ('needs at
 * least 4 pairs, got 0') would name neither. Call after {@link requireFileColumn}.
 */
export function requireFileValues(shape: TableShape, column: string, flag: string): void {
  if (emptyColumns.get(shape)?.has(column)) throw new DataError(`${flag} ${column}: the column has no values (it is empty in every row)`, shape.file, undefined, column);
}
