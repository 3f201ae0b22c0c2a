import { ExpressionError, parseExpression } from '../../../src/spec/expression/index.ts';

/** The ExpressionError `fn` throws; fails the test when it returns. */
export function expressionError(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error('no ExpressionError thrown');
}

/** The ExpressionError parseExpression throws for `text`; fails the test when it parses. */
export function rejection(text: string): ExpressionError {
  return expressionError(() => parseExpression(text));
}
