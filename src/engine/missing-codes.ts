import { sqlIdent, type DuckDBSession } from './duckdb-session.ts';

/**
 * Codes that programs write for a missing value in place of an empty cell: R's `NA`, SPSS's
 * `#NULL!`, Excel's `#N/A`, Python's `None`, Stata's and SAS's `.`, and the common `N/A`, `n.a.`, `NaN`,
 * `NULL`, `-`, `?`, `missing`.
 * alliance reads only empty cells as missing, so that no value becomes missing silently; these
 * codes are recognised only to say so, and to tell a column of numbers with such codes from a
 * column of categories (which it would otherwise look like).
 */
const CODES = ['NA', 'N/A', '#N/A', 'n.a.', 'NaN', 'NULL', '#NULL!', 'None', '.', '-', '?', 'missing'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const PATTERN = `^(${CODES.map(escape).join('|')})$`;
const CODE = new RegExp(PATTERN, 'i');

/** Whether a cell's text (trimmed here) is a missing-value code. */
export function isMissingCode(value: string): boolean {
  return CODE.test(value.trim());
}

/** SQL true when the VARCHAR expression `v` (trimmed here) is a missing-value code. */
export function missingCodeSql(v: string): string {
  return `regexp_full_match(trim(${v}), '${PATTERN.slice(1, -1).replace(/'/g, "''")}', 'i')`;
}

/** The advice for a missing-value code found where a number belongs. */
export const MISSING_CODE_ADVICE = 'missing values must be empty cells; re-export with blanks for missing, e.g. write.csv(x, na = "") in R';

/**
 * SQL aggregate over a text column's cells `v` (trimmed): true when some cell is a number
 * (`isNumber`, SQL over the cell), some a missing-value code and none other text: a column of
 * numbers with missing codes (`34, 51, NA`), which an analysis would otherwise take for categories.
 */
export function codedNumbersSql(v: string, isNumber: string): string {
  const code = missingCodeSql(v);
  return `count(*) FILTER (WHERE ${isNumber}) > 0 AND count(*) FILTER (WHERE ${v} <> '' AND NOT (${isNumber}) AND NOT ${code}) = 0 AND count(*) FILTER (WHERE ${code}) > 0`;
}

/** The message for a missing-value code in a column of numbers (codedNumbersSql); `fix` says what to do. */
export function codedNumberMessage(code: string, fix: string): string {
  return `'${code}' is not a number, and the column's other values are numbers (${fix})`;
}

/**
 * Of the text `columns` of `relation` (read in stored order), the first that holds numbers with
 * missing-value codes ({@link codedNumbersSql}), with its first code (data row, 1-based).
 */
export async function firstCodedNumber(db: DuckDBSession, relation: string, columns: readonly string[]): Promise<{ column: string; row: number; value: string } | undefined> {
  if (columns.length === 0) return undefined;
  const parts = columns.map((c, i) => {
    const v = `trim(${sqlIdent(c)}::VARCHAR)`;
    const code = missingCodeSql(v);
    return `${codedNumbersSql(v, `coalesce(TRY_CAST(${v} AS DOUBLE), TRY_CAST(replace(${v}, ',', '.') AS DOUBLE)) IS NOT NULL`)} AS c${i}, min(rowid) FILTER (WHERE ${code}) AS r${i}, arg_min(${v}, rowid) FILTER (WHERE ${code}) AS v${i}`;
  });
  const found = (await db.rows(`SELECT ${parts.join(', ')} FROM ${relation}`))[0];
  const i = columns.findIndex((_, j) => found[`c${j}`] === true);
  return i < 0 ? undefined : { column: columns[i], row: Number(found[`r${i}`]) + 1, value: String(found[`v${i}`]) };
}
