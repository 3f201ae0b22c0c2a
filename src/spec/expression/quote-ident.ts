import { ExpressionError } from './expression-error.ts';

/**
 * A DuckDB identifier in double quotes, inner double quotes doubled, so any
 * column name (spaces, quotes, semicolons, keywords) is read as a name only.
 * Empty names and NUL characters are refused.
 *
 * @example
 * quoteIdent('wai "total"'); // '"wai ""total"""'
 */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new ExpressionError('a column name cannot be empty', 0, String(name));
  if (name.includes('\u0000')) throw new ExpressionError('a column name cannot contain a NUL character', name.indexOf('\u0000'), name);
  return `"${name.replaceAll('"', '""')}"`;
}
