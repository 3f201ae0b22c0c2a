/**
 * Largest magnitude a number may have in the data a stage reads (ingested columns, a quick
 * command's file, derived values). Every later statistic sums squares or cross products of values
 * (an SD, a correlation, a model's cross-product matrix); a value beyond about 1e154 has a square
 * past the largest double, and DuckDB's STDDEV_SAMP then stops the run with "out of range" (an
 * audit reached it with `wai1 * 1e300`, and with an ingested column of 1e308). At 1e100 a sum of
 * squares stays finite for any number of rows, and no questionnaire score, outcome or transform of
 * one comes near it.
 */
export const MAX_MAGNITUDE = 1e100;

/** MAX_MAGNITUDE as a SQL DOUBLE literal (`1e+100`), also as written in messages and ledger details. */
export const MAX_MAGNITUDE_SQL = MAX_MAGNITUDE.toExponential();

/** SQL condition: the DOUBLE `column` (an identifier or expression) holds a number no analysis can use, not finite or beyond ±MAX_MAGNITUDE. */
export function unusableNumberSql(column: string): string {
  return `(NOT isfinite(${column}) OR abs(${column}) > ${MAX_MAGNITUDE_SQL})`;
}

/**
 * The message for a data value that {@link unusableNumberSql} finds, given as DuckDB writes it
 * (`inf`, `nan`, `1e+308`); the file, row and column are added by the DataError. DuckDB writes
 * `inf` for a cell of `1e999` too (past the largest double), so that message names both.
 */
export function unusableNumberMessage(value: string): string {
  if (/^[+-]?inf/i.test(value))
    return `'${value}' is not a finite number (the cell reads as infinity: written as inf or Infinity, or as a number beyond a double's range of ±1.8e308 such as 1e999; missing values must be empty cells)`;
  if (!Number.isFinite(Number(value))) return `'${value}' is not a finite number (missing values must be empty cells)`;
  return `${value} is larger in magnitude than ${MAX_MAGNITUDE_SQL}: no score or outcome takes such values, and later statistics (sums of squares) would overflow; check the column, or leave the value empty if it is missing`;
}
