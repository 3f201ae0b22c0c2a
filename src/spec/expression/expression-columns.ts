import type { ColumnNode, ExprNode } from './types.ts';

/**
 * The distinct column names an expression refers to, in order of first
 * appearance, so a caller can check them against the table (and suggest
 * names with `didYouMean`).
 *
 * @example
 * expressionColumns(parseExpression('ifelse(is_missing(b), a, a + b) / `wai total`')); // ['b', 'a', 'wai total']
 */
export function expressionColumns(node: ExprNode): string[] {
  return [...new Set(columnReferences(node).map((c) => c.name))];
}

/**
 * Every column reference of an expression, with its position, in reading order (left to right).
 *
 * @example
 * columnReferences(parseExpression('a + b * a')).map((c) => [c.name, c.pos]); // [['a', 0], ['b', 4], ['a', 8]]
 */
export function columnReferences(node: ExprNode): ColumnNode[] {
  const out: ColumnNode[] = [];
  const stack: ExprNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.kind) {
      case 'column':
        out.push(n);
        break;
      case 'unary':
        stack.push(n.operand);
        break;
      case 'binary':
        stack.push(n.right, n.left);
        break;
      case 'call':
        for (let k = n.args.length - 1; k >= 0; k--) stack.push(n.args[k]);
        break;
    }
  }
  return out;
}
