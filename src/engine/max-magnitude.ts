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

/** The message for a data value beyond MAX_MAGNITUDE (the file, row and column are added by the DataError). */
export function tooLargeMessage(value: string): string {
  return `${value} is larger in magnitude than ${MAX_MAGNITUDE_SQL}: no score or outcome takes such values, and later statistics (sums of squares) would overflow; check the column, or leave the value empty if it is missing`;
}
