import { ExpressionError } from './expression-error.ts';
import { FUNCTIONS, isFunctionName } from './functions.ts';
import { EXPRESSION_LIMITS, type ExprNode } from './types.ts';

const SQL_OPS: Readonly<Record<string, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '==': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  and: 'AND',
  or: 'OR',
};
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/**
 * DuckDB SQL for a parsed expression. Every column name goes through
 * `quoteIdent`; text literals are single-quoted with quotes doubled; numbers
 * are plain literals (whole numbers as integers, others with an exponent so
 * DuckDB reads them as DOUBLE, not DECIMAL). Every fragment is
 * parenthesized or otherwise self-delimiting. Division is NULL-safe
 * (`a / NULLIF(b, 0)`), `^` is `POWER()`, `ifelse` is a CASE that is NULL
 * when its condition is, `==` is `=` and `!=` is `<>`.
 *
 * The tree is re-validated rather than trusted (node kinds, operators,
 * function names and arities, finite non-negative numbers, no control
 * characters in text), so a hand-built tree cannot smuggle SQL through.
 *
 * @throws ExpressionError when a node is invalid or the SQL would exceed
 *   EXPRESSION_LIMITS.maxSqlLength characters.
 * @example
 * compileExpressionToSql(parseExpression('(a - b) / `sd pre`'), quoteIdent);
 * // '(("a" - "b") / NULLIF("sd pre", 0))'
 */
export function compileExpressionToSql(node: ExprNode, quoteIdent: (name: string) => string): string {
  const fail = (message: string, pos: number): never => {
    throw new ExpressionError(message, pos, '');
  };
  const bounded = (sql: string, pos: number): string =>
    sql.length > EXPRESSION_LIMITS.maxSqlLength
      ? fail(`expression compiles to more than ${EXPRESSION_LIMITS.maxSqlLength} characters of SQL (near position ${pos}); simplify it`, pos)
      : sql;
  const compile = (n: ExprNode, depth: number): string => {
    if (depth > 4 * EXPRESSION_LIMITS.maxLength) fail('expression tree is too deep', n.pos);
    switch (n.kind) {
      case 'number':
        return numberLiteral(n.value, n.pos, fail);
      case 'string':
        if (typeof n.value !== 'string' || UNSAFE_TEXT.test(n.value)) fail('text literal contains a control character', n.pos);
        return `'${n.value.replaceAll("'", "''")}'`;
      case 'column':
        return quoteIdent(n.name);
      case 'unary':
        if (n.op === '-') return bounded(`(-${compile(n.operand, depth + 1)})`, n.pos);
        if (n.op === 'not') return bounded(`(NOT ${compile(n.operand, depth + 1)})`, n.pos);
        return fail(`unknown unary operator '${String(n.op)}'`, n.pos);
      case 'binary': {
        const l = compile(n.left, depth + 1);
        const r = compile(n.right, depth + 1);
        if (n.op === '/') return bounded(`(${l} / NULLIF(${r}, 0))`, n.pos);
        if (n.op === '^') return bounded(`POWER(${l}, ${r})`, n.pos);
        const op = Object.prototype.hasOwnProperty.call(SQL_OPS, n.op) ? SQL_OPS[n.op] : fail(`unknown operator '${String(n.op)}'`, n.pos);
        return bounded(`(${l} ${op} ${r})`, n.pos);
      }
      case 'call': {
        if (!isFunctionName(n.name)) return fail(`unknown function '${String(n.name)}'`, n.pos);
        const spec = FUNCTIONS[n.name];
        if (!Array.isArray(n.args) || n.args.length < spec.minArgs || n.args.length > spec.maxArgs)
          return fail(`'${n.name}' takes ${spec.signature}`, n.pos);
        return bounded(spec.sql(n.args.map((a) => compile(a, depth + 1))), n.pos);
      }
      default:
        return fail(`unknown expression node '${String((n as { kind: unknown }).kind)}'`, 0);
    }
  };
  return compile(node, 0);
}

function numberLiteral(value: number, pos: number, fail: (message: string, pos: number) => never): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Object.is(value, -0))
    return fail(`number ${String(value)} cannot be written in SQL`, pos);
  if (Number.isSafeInteger(value)) return String(value);
  const s = String(value);
  return s.includes('e') ? s : `${s}e0`;
}
