/**
 * Text that is a plain decimal number: optional sign, digits with an optional fraction (or a
 * fraction alone), optional exponent. Not hex, binary, octal, digit separators, spaces or
 * Infinity, which JavaScript's Number() also accepts.
 * @example DECIMAL_NUMBER.test('-1.5e3') // true;  DECIMAL_NUMBER.test('0x5') // false
 */
export const DECIMAL_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number written with a decimal comma: `3,5`, `-0,25` (the evidence, and the hint, for `decimal: ','`). */
export const COMMA_DECIMAL = /^-?\d+,\d+$/;

/** The JSON value types (DuckDB's `json_type`) that are numbers, as a SQL list: how ingest and the quick commands tell a JSON number. */
export const JSON_NUMBER = `('BIGINT', 'UBIGINT', 'DOUBLE')`;

/**
 * SQL that is true when the JSON value `v` is a string of only spaces, or the empty string
 * (`"  "`, `""`): ingest and the quick commands read it in a numeric column as missing, as they
 * read a blank CSV cell. False for numbers, other strings, booleans, objects; NULL for NULL.
 * @example `WHERE NOT (${jsonBlankSql('"wai1"')})`
 */
export function jsonBlankSql(v: string): string {
  return `(json_type(${v}) = 'VARCHAR' AND trim(json_extract_string(${v}, '$')) = '')`;
}

/**
 * SQL for the number a JSON value `v` holds: a JSON number, or a string holding a plain decimal
 * number (`"3"`, `" 2.5 "`: REDCap's JSON export writes every value as a string), read as the
 * same text in a CSV cell is; NULL for any other value (other strings, blanks, booleans, objects,
 * a string whose number is not finite, `"1e999"`). Ingest and the quick commands read a JSON
 * column of such values as numbers.
 * @example `${jsonNumberSql('to_json("wai1")')} IS NOT NULL`
 */
export function jsonNumberSql(v: string): string {
  const s = jsonStringText(v);
  return `(CASE WHEN json_type(${v}) IN ${JSON_NUMBER} THEN ${v}::DOUBLE WHEN ${jsonDecimalStringSql(v)} AND isfinite(TRY_CAST(${s} AS DOUBLE)) THEN TRY_CAST(${s} AS DOUBLE) END)`;
}

/**
 * SQL: the JSON value `v` is a string holding a plain decimal number past the largest double
 * (`"1e999"`), which jsonNumberSql leaves NULL; for the message that refuses it.
 */
export function jsonOutOfRangeSql(v: string): string {
  return `(${jsonDecimalStringSql(v)} AND NOT isfinite(TRY_CAST(${jsonStringText(v)} AS DOUBLE)))`;
}

/** The text of the JSON value `v` without quotes and surrounding spaces. */
function jsonStringText(v: string): string {
  return `trim(json_extract_string(${v}, '$'))`;
}

/** SQL: the JSON value `v` is a string holding a plain decimal number (DECIMAL_NUMBER). */
function jsonDecimalStringSql(v: string): string {
  return `json_type(${v}) = 'VARCHAR' AND regexp_full_match(${jsonStringText(v)}, '${DECIMAL_NUMBER.source.slice(1, -1)}')`;
}
