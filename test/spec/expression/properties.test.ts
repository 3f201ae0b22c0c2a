import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileExpressionToSql,
  ExpressionError,
  parseExpression,
  printExpression,
  quoteIdent,
  type ExprNode,
  type FunctionName,
} from '../../../src/spec/expression/index.ts';

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Drops positions so trees from different texts can be compared. */
function strip(node: ExprNode): unknown {
  switch (node.kind) {
    case 'number':
      return { kind: 'number', value: node.value };
    case 'string':
      return { kind: 'string', value: node.value };
    case 'column':
      return { kind: 'column', name: node.name };
    case 'unary':
      return { kind: 'unary', op: node.op, operand: strip(node.operand) };
    case 'binary':
      return { kind: 'binary', op: node.op, left: strip(node.left), right: strip(node.right) };
    case 'call':
      return { kind: 'call', name: node.name, args: node.args.map(strip) };
  }
}

const number = fc
  .oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }))
  .filter((v) => !Object.is(v, -0))
  .map((value): ExprNode => ({ kind: 'number', value, pos: 0 }));
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }).filter((s) => !FORBIDDEN.test(s)),
  fc.array(fc.constantFrom("'", '"', '`', ';', '-', '/*', '\\', 'a', ' '), { maxLength: 8 }).map((a) => a.join('')),
);
const str = text.map((value): ExprNode => ({ kind: 'string', value, pos: 0 }));
const column = fc
  .oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/), fc.constantFrom('and', 'OR', 'not', 'abs', 'wai total', 'a`b', 'x"y'), text.filter((s) => s.length > 0))
  .map((name): ExprNode => ({ kind: 'column', name, pos: 0 }));
const call = (name: FunctionName, ...args: ExprNode[]): ExprNode => ({ kind: 'call', name, args, pos: 0 });
const bin = (op: string, left: ExprNode, right: ExprNode): ExprNode => ({ kind: 'binary', op, left, right, pos: 0 }) as ExprNode;

/** Well-typed trees: numbers, conditions and text, with columns allowed anywhere. */
const trees = fc.letrec<{ num: ExprNode; bool: ExprNode; txt: ExprNode }>((tie) => ({
  num: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    number,
    column,
    tie('num').map((operand): ExprNode => ({ kind: 'unary', op: '-', operand, pos: 0 })),
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '^'), tie('num'), tie('num')).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(fc.constantFrom<FunctionName>('abs', 'sqrt', 'log', 'log10', 'exp', 'round', 'floor', 'ceil'), tie('num')).map(([f, a]) => call(f, a)),
    fc.tuple(tie('num'), fc.integer({ min: -15, max: 15 })).map(([x, d]) =>
      call('round', x, d < 0 ? { kind: 'unary', op: '-', operand: { kind: 'number', value: -d, pos: 0 }, pos: 0 } : { kind: 'number', value: d, pos: 0 }),
    ),
    fc.tuple(fc.constantFrom<FunctionName>('min', 'max', 'mean_of', 'sum_of', 'coalesce'), fc.array(tie('num'), { minLength: 1, maxLength: 4 })).map(([f, a]) => call(f, ...a)),
    fc.tuple(tie('bool'), tie('num'), tie('num')).map(([c, a, b]) => call('ifelse', c, a, b)),
  ),
  bool: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    column,
    fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), tie('num'), tie('num')).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(fc.constantFrom('==', '!='), column, tie('txt')).map(([op, l, r]) => bin(op, l, r)),
    fc.tuple(fc.constantFrom('and', 'or'), tie('bool'), tie('bool')).map(([op, l, r]) => bin(op, l, r)),
    tie('bool').map((operand): ExprNode => ({ kind: 'unary', op: 'not', operand, pos: 0 })),
    fc.oneof(tie('num'), tie('txt')).map((x) => call('is_missing', x)),
  ),
  txt: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    str,
    column,
    fc.tuple(tie('bool'), tie('txt'), tie('txt')).map(([c, a, b]) => call('ifelse', c, a, b)),
    fc.array(tie('txt'), { minLength: 1, maxLength: 3 }).map((a) => call('coalesce', ...a)),
  ),
}));
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
