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
