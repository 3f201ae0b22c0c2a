import { characterAt } from './character-at.ts';
import { ExpressionError } from './expression-error.ts';
import { FUNCTIONS, isFunctionName, roundDigits } from './functions.ts';
import { EXPRESSION_LIMITS, INVISIBLE_OR_CONTROL, type ExprNode } from './types.ts';

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

/**
 * DuckDB SQL for a parsed expression. Every column name goes through
 * `quoteIdent`; text literals are single-quoted with quotes doubled; numbers
 * are plain literals written with an exponent (`2e0`, `0.5e0`) so DuckDB
 * reads them as DOUBLE, not INTEGER or DECIMAL, and integer-typed operands of
 * `+ - *` are cast to DOUBLE: arithmetic never stops on integer overflow
 * (the digits of `round` stay INTEGER, as DuckDB requires). Every fragment is
 * parenthesized or otherwise self-delimiting. Division is NULL-safe
 * (`a / NULLIF(b, 0)`), `^` is `POWER()`, `ifelse` is a CASE that is NULL
 * when its condition is, `==` is `=` and `!=` is `<>`.
 *
 * The tree is re-validated rather than trusted (node kinds, operators,
 * function names and arities, finite non-negative numbers, no control
 * characters in text), so a hand-built tree cannot smuggle SQL through.
 *
 * @throws ExpressionError when a node is invalid or the SQL would exceed
 *   EXPRESSION_LIMITS.maxSqlLength characters; `text`, the expression's source,
 *   is kept on the error and counts its characters in the message.
 * @example
 * compileExpressionToSql(parseExpression('(a - b) / `sd pre`'), quoteIdent);
 * // '(("a" - "b") / NULLIF("sd pre", 0))'
 */
export function compileExpressionToSql(node: ExprNode, quoteIdent: (name: string) => string, text = ''): string {
  const fail = (message: string, pos: number): never => {
    throw new ExpressionError(message, pos, text);
  };
  const bounded = (sql: string, pos: number): string =>
    sql.length > EXPRESSION_LIMITS.maxSqlLength
      ? fail(`expression compiles to more than ${EXPRESSION_LIMITS.maxSqlLength} characters of SQL (near character ${characterAt(text, pos)}); simplify it`, pos)
      : sql;
  const compile = (n: ExprNode, depth: number): string => {
    if (depth > 4 * EXPRESSION_LIMITS.maxLength) fail('expression tree is too deep', n.pos);
    switch (n.kind) {
      case 'number':
        return numberLiteral(n.value, n.pos, fail);
      case 'string':
        if (typeof n.value !== 'string' || INVISIBLE_OR_CONTROL.test(n.value)) fail('text literal contains a control character', n.pos);
        return `'${n.value.replaceAll("'", "''")}'`;
      case 'column':
        return quoteIdent(n.name);
      case 'unary':
        if (n.op === '-') return bounded(`(-${asDouble(n.operand, depth + 1)})`, n.pos);
        if (n.op === 'not') return bounded(`(NOT ${compile(n.operand, depth + 1)})`, n.pos);
        return fail(`unknown unary operator '${String(n.op)}'`, n.pos);
      case 'binary': {
        const additive = n.op === '+' || n.op === '-' || n.op === '*';
        const l = additive ? asDouble(n.left, depth + 1) : compile(n.left, depth + 1);
        const r = additive ? asDouble(n.right, depth + 1) : compile(n.right, depth + 1);
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
        const args = n.args.map((a, k) =>
          n.name === 'round' && k === 1 ? digitsLiteral(a, fail) : n.name === 'abs' ? asDouble(a, depth + 1) : compile(a, depth + 1),
        );
        return bounded(spec.sql(args), n.pos);
      }
      default:
        return fail(`unknown expression node '${String((n as { kind: unknown }).kind)}'`, 0);
    }
  };
  // Integer-typed SQL (an INTEGER column, or round/floor/ceil/min/max/coalesce/ifelse of one)
  // is widened before + - * and negation, so DuckDB computes in DOUBLE instead of failing on INT32 overflow.
  const asDouble = (n: ExprNode, depth: number): string => {
    const sql = compile(n, depth);
    return n.kind === 'column' || (n.kind === 'call' && MAY_BE_INTEGER.has(n.name)) ? `CAST(${sql} AS DOUBLE)` : sql;
  };
  return compile(node, 0);
}

const MAY_BE_INTEGER = new Set(['round', 'floor', 'ceil', 'min', 'max', 'coalesce', 'ifelse']);

/** The digits of round(x, digits), written as an INTEGER literal. */
function digitsLiteral(node: ExprNode, fail: (message: string, pos: number) => never): string {
  const digits = roundDigits(node);
  if (digits === null) return fail("the digits of 'round' must be a whole number between -15 and 15", node.pos);
  return digits < 0 ? `(${digits})` : String(digits);
}

function numberLiteral(value: number, pos: number, fail: (message: string, pos: number) => never): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Object.is(value, -0))
    return fail(`number ${String(value)} cannot be written in SQL`, pos);
  const s = String(value);
  return s.includes('e') ? s : `${s}e0`;
}
