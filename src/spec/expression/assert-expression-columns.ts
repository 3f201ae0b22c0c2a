import { characterAt } from './character-at.ts';
import { formatSuggestion } from '../did-you-mean.ts';
import { ExpressionError } from './expression-error.ts';
import { columnReferences } from './expression-columns.ts';
import type { ExprNode } from './types.ts';

/**
 * Throws an ExpressionError at the first column reference that is not in
 * `available` (matching is exact), at its character (characterAt) and with a did-you-mean
 * suggestion; `text` is the expression's source, kept on the error.
 *
 * @example
 * assertExpressionColumns(parseExpression('wai_totl / 7'), ['wai_total'], 'wai_totl / 7');
 * // throws: unknown column 'wai_totl' at character 1. Did you mean 'wai_total'?
 */
export function assertExpressionColumns(node: ExprNode, available: Iterable<string>, text = ''): void {
  const names = [...available];
  const known = new Set(names);
  const missing = columnReferences(node).filter((c) => !known.has(c.name));
  if (missing.length === 0) return;
  const first = missing.reduce((a, b) => (b.pos < a.pos ? b : a));
  const name = first.name;
  throw new ExpressionError(`unknown column '${name}' at character ${characterAt(text, first.pos)}.${formatSuggestion(name, names)}`, first.pos, text);
}
