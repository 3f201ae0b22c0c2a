import type { ExprNode } from './types.ts';

const BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['and', 'or', 'not']);

/** Precedence levels, lowest first; matches the grammar in parse-expression.ts. */
const PREC = { or: 1, and: 2, not: 3, compare: 4, sum: 5, product: 6, negate: 7, power: 8, atom: 9 } as const;

/**
 * Writes a syntax tree back as expression text with the fewest parentheses
 * that keep its meaning, so that `parseExpression(printExpression(node))`
 * gives the same tree (positions aside). Used in messages and reports.
 *
 * @example
 * printExpression(parseExpression('(a+b)*  `wai total`')); // '(a + b) * `wai total`'
 */
export function printExpression(node: ExprNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'string':
      return `'${node.value.replaceAll("'", "''")}'`;
    case 'column':
      return BARE.test(node.name) && !KEYWORDS.has(node.name.toLowerCase()) ? node.name : `\`${node.name.replaceAll('`', '``')}\``;
    case 'call':
      return `${node.name}(${node.args.map(printExpression).join(', ')})`;
    case 'unary':
      if (node.op === 'not') return `not ${wrap(node.operand, PREC.not)}`;
      // A nested minus is parenthesized: '--' would read as a comment.
      return `-${node.operand.kind === 'unary' ? `(${printExpression(node.operand)})` : wrap(node.operand, PREC.negate)}`;
    case 'binary': {
      const p = precedence(node);
      if (node.op === '^') return `${wrap(node.left, PREC.atom)}^${wrap(node.right, PREC.negate)}`;
      // Left-associative: the right side needs parentheses at equal precedence; comparisons do not chain.
      const leftMin = p === PREC.compare ? p + 1 : p;
      return `${wrap(node.left, leftMin)} ${node.op} ${wrap(node.right, p + 1)}`;
    }
  }
}

function wrap(node: ExprNode, min: number): string {
  const s = printExpression(node);
  return precedence(node) < min ? `(${s})` : s;
}

function precedence(node: ExprNode): number {
  switch (node.kind) {
    case 'unary':
      return node.op === 'not' ? PREC.not : PREC.negate;
    case 'binary':
      switch (node.op) {
        case 'or':
          return PREC.or;
        case 'and':
          return PREC.and;
        case '+':
        case '-':
          return PREC.sum;
        case '*':
        case '/':
          return PREC.product;
        case '^':
          return PREC.power;
        default:
          return PREC.compare;
      }
    default:
      return PREC.atom;
  }
}
