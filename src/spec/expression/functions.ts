/**
 * The whitelist of functions an expression may call, with their arity, the
 * value types they take and give, and the DuckDB SQL each compiles to.
 * Arguments arrive already compiled and self-delimiting (literals, quoted
 * names, calls or parenthesized SQL), and every result is self-delimiting too.
 *
 * Missing values: arithmetic, `sqrt`, `log`, `log10` and `ifelse` give a
 * missing result for missing input (and `sqrt`/`log`/`log10` also for values
 * outside their domain, where DuckDB would stop with an error); `min`, `max`,
 * `mean_of` and `sum_of` ignore missing arguments and are missing only when all
 * arguments are (as SPSS's MIN/MAX/MEAN/SUM, or R's `pmin(..., na.rm = TRUE)`);
 * `coalesce` gives its first non-missing argument.
 * `round` rounds halves away from zero (DuckDB), unlike R's half-to-even.
 */
import type { ExprNode, FunctionName } from './types.ts';

export type ValueType = 'number' | 'boolean' | 'string' | 'any';

export interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  /** Type every argument must have; `same` = all arguments share one type (any). */
  args: 'number' | 'any' | 'same';
  /** Result type; `arg` = the common type of the arguments. */
  result: ValueType | 'arg';
  signature: string;
  sql: (args: string[]) => string;
}

const list = (args: string[]): string => `[${args.join(', ')}]::DOUBLE[]`;
const unary = (fn: string) => (a: string[]) => `${fn}(${a[0]})`;
const positiveOnly = (fn: string) => (a: string[]) => `${fn}(NULLIF(GREATEST(${a[0]}, 0), 0))`;

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  abs: { minArgs: 1, maxArgs: 1, args: 'number', result: 'number', signature: 'abs(x)', sql: unary('ABS') },
  sqrt: {
    minArgs: 1,
    maxArgs: 1,
    args: 'number',
    result: 'number',
    signature: 'sqrt(x)',
    sql: (a) => `(CASE WHEN ${a[0]} >= 0 THEN SQRT(${a[0]}) END)`,
  },
  log: { minArgs: 1, maxArgs: 1, args: 'number', result: 'number', signature: 'log(x)', sql: positiveOnly('LN') },
  log10: { minArgs: 1, maxArgs: 1, args: 'number', result: 'number', signature: 'log10(x)', sql: positiveOnly('LOG10') },
  exp: { minArgs: 1, maxArgs: 1, args: 'number', result: 'number', signature: 'exp(x)', sql: unary('EXP') },
  round: {
    minArgs: 1,
    maxArgs: 2,
    args: 'number',
    result: 'number',
    signature: 'round(x[, digits])',
    sql: (a) => `ROUND(${a.join(', ')})`,
  },
  floor: { minArgs: 1, maxArgs: 1, args: 'number', result: 'number', signature: 'floor(x)', sql: unary('FLOOR') },
  ceil: { minArgs: 1, maxArgs: 1, args: 'number', result: 'number', signature: 'ceil(x)', sql: unary('CEIL') },
  min: { minArgs: 1, maxArgs: 100, args: 'number', result: 'number', signature: 'min(a, b, ...)', sql: (a) => `LEAST(${a.join(', ')})` },
  max: { minArgs: 1, maxArgs: 100, args: 'number', result: 'number', signature: 'max(a, b, ...)', sql: (a) => `GREATEST(${a.join(', ')})` },
  ifelse: {
    minArgs: 3,
    maxArgs: 3,
    args: 'any',
    result: 'arg',
    signature: 'ifelse(condition, then, else)',
    sql: (a) => `(CASE ${a[0]} WHEN TRUE THEN ${a[1]} WHEN FALSE THEN ${a[2]} END)`,
  },
  is_missing: { minArgs: 1, maxArgs: 1, args: 'any', result: 'boolean', signature: 'is_missing(x)', sql: (a) => `(${a[0]} IS NULL)` },
  coalesce: {
    minArgs: 1,
    maxArgs: 100,
    args: 'same',
    result: 'arg',
    signature: 'coalesce(a, b, ...)',
    sql: (a) => `COALESCE(${a.join(', ')})`,
  },
  mean_of: { minArgs: 1, maxArgs: 100, args: 'number', result: 'number', signature: 'mean_of(a, b, ...)', sql: (a) => `list_avg(${list(a)})` },
  sum_of: { minArgs: 1, maxArgs: 100, args: 'number', result: 'number', signature: 'sum_of(a, b, ...)', sql: (a) => `list_sum(${list(a)})` },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

export function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/** The digits of `round(x, digits)` when they are a whole-number literal in [-15, 15] (possibly negated), else null. */
export function roundDigits(node: ExprNode): number | null {
  const neg = node.kind === 'unary' && node.op === '-';
  const lit = neg ? node.operand : node;
  if (lit.kind !== 'number' || typeof lit.value !== 'number' || !Number.isInteger(lit.value) || lit.value < 0 || lit.value > 15) return null;
  return neg ? -lit.value : lit.value;
}
