import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strip, typedTrees } from './arbitraries.ts';
import {
  compileExpressionToSql,
  ExpressionError,
  INVISIBLE_OR_CONTROL,
  parseExpression,
  printExpression,
  quoteIdent,
  type ExprNode,
} from '../../../src/spec/expression/index.ts';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }).filter((s) => !INVISIBLE_OR_CONTROL.test(s)),
  fc.array(fc.constantFrom("'", '"', '`', ';', '-', '/*', '\\', 'a', ' '), { maxLength: 8 }).map((a) => a.join('')),
);
const column = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/),
  fc.constantFrom('and', 'OR', 'not', 'abs', 'wai total', 'a`b', 'x"y'),
  text.filter((s) => s.length > 0),
);
const number = fc.oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }));
const trees = typedTrees({ number, text, numColumn: column, boolColumn: column, textColumn: column });
const anyTree = fc.oneof(trees.num, trees.bool, trees.txt);

function parseOrExpressionError(input: string): ExprNode | ExpressionError {
  try {
    return parseExpression(input);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
}

describe('expression properties (fast-check)', () => {
  it('parse(print(tree)) gives the same tree back', () => {
    fc.assert(
      fc.property(anyTree, (tree) => {
        const printed = printExpression(tree);
        fc.pre(printed.length <= 2000);
        expect(strip(parseExpression(printed))).toEqual(strip(tree));
      }),
      { numRuns: 2000 },
    );
  });

  it('every generated well-typed tree compiles, and only quoted names and escaped text reach the SQL', () => {
    fc.assert(
      fc.property(anyTree, (tree) => {
        const sql = compileExpressionToSql(tree, quoteIdent);
        // Outside quoted names and text literals, only the SQL vocabulary the compiler emits may appear.
        // One left-to-right pass, as SQL's lexer reads them: a quote inside the other kind of quotes is plain text.
        const outside = sql.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, ' ');
        expect(outside).toMatch(/^[A-Za-z0-9_ .,()+\-*/<>=[\]:]*$/);
        expect(outside).not.toMatch(/--|\/\*|;/);
      }),
      { numRuns: 1000 },
    );
  });

  it('any string either parses (and then compiles and round-trips) or throws ExpressionError with a position inside it', () => {
    const tokens = fc.constantFrom(
      'a', 'x1', '_', '1', '2.5', '.5', '1e3', '1e', '(', ')', ',', '+', '-', '*', '/', '^', '==', '!=', '<', '<=', '>', '>=', '=', '!',
      ' and ', ' or ', 'not ', ' ', "'", "''", '`', '``', '"', ';', '--', '/*', 'abs', 'round', 'ifelse', 'min', 'mean_of', 'system',
      '\u2212', '\u202e', '\u0000', '\n', '🙂',
    );
    const inputs = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(tokens, { maxLength: 30 }).map((t) => t.join('')));
    fc.assert(
      fc.property(inputs, (input) => {
        const result = parseOrExpressionError(input);
        if (result instanceof ExpressionError) {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(input.length);
          return;
        }
        expect(typeof compileExpressionToSql(result, quoteIdent)).toBe('string');
        expect(strip(parseExpression(printExpression(result)))).toEqual(strip(result));
      }),
      { numRuns: 5000 },
    );
  });
});
