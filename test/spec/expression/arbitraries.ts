import fc from 'fast-check';
import type { ExprNode, FunctionName } from '../../../src/spec/expression/index.ts';

/** Drops positions so trees from different texts can be compared. */
export function strip(node: ExprNode): unknown {
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

export interface TreeLeaves {
  number: fc.Arbitrary<number>;
  text: fc.Arbitrary<string>;
  numColumn: fc.Arbitrary<string>;
  boolColumn: fc.Arbitrary<string>;
  textColumn: fc.Arbitrary<string>;
}

const call = (name: FunctionName, ...args: ExprNode[]): ExprNode => ({ kind: 'call', name, args, pos: 0 });
const bin = (op: string, left: ExprNode, right: ExprNode): ExprNode => ({ kind: 'binary', op, left, right, pos: 0 }) as ExprNode;
const neg = (operand: ExprNode): ExprNode => ({ kind: 'unary', op: '-', operand, pos: 0 });
const num = (value: number): ExprNode => ({ kind: 'number', value, pos: 0 });
const col = (name: string): ExprNode => ({ kind: 'column', name, pos: 0 });

/** Well-typed trees of numbers, conditions and text, built from the given leaves. */
export function typedTrees(leaves: TreeLeaves) {
  const number = leaves.number.filter((v) => !Object.is(v, -0)).map(num);
  const str = leaves.text.map((value): ExprNode => ({ kind: 'string', value, pos: 0 }));
  return fc.letrec<{ num: ExprNode; bool: ExprNode; txt: ExprNode }>((tie) => ({
    num: fc.oneof(
      { maxDepth: 4, depthSize: 'small' },
      number,
      leaves.numColumn.map(col),
      tie('num').map(neg),
      fc.tuple(fc.constantFrom('+', '-', '*', '/', '^'), tie('num'), tie('num')).map(([op, l, r]) => bin(op, l, r)),
      fc.tuple(fc.constantFrom<FunctionName>('abs', 'sqrt', 'log', 'log10', 'exp', 'round', 'floor', 'ceil'), tie('num')).map(([f, a]) => call(f, a)),
      fc.tuple(tie('num'), fc.integer({ min: -15, max: 15 })).map(([x, d]) => call('round', x, d < 0 ? neg(num(-d)) : num(d))),
      fc.tuple(fc.constantFrom<FunctionName>('min', 'max', 'mean_of', 'sum_of', 'coalesce'), fc.array(tie('num'), { minLength: 1, maxLength: 4 })).map(([f, a]) => call(f, ...a)),
      fc.tuple(tie('bool'), tie('num'), tie('num')).map(([c, a, b]) => call('ifelse', c, a, b)),
    ),
    bool: fc.oneof(
      { maxDepth: 4, depthSize: 'small' },
      leaves.boolColumn.map(col),
      fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), tie('num'), tie('num')).map(([op, l, r]) => bin(op, l, r)),
      fc.tuple(fc.constantFrom('==', '!='), leaves.textColumn.map(col), tie('txt')).map(([op, l, r]) => bin(op, l, r)),
      fc.tuple(fc.constantFrom('and', 'or'), tie('bool'), tie('bool')).map(([op, l, r]) => bin(op, l, r)),
      tie('bool').map((operand): ExprNode => ({ kind: 'unary', op: 'not', operand, pos: 0 })),
      fc.oneof(tie('num'), tie('txt')).map((x) => call('is_missing', x)),
    ),
    txt: fc.oneof(
      { maxDepth: 3, depthSize: 'small' },
      str,
      leaves.textColumn.map(col),
      fc.tuple(tie('bool'), tie('txt'), tie('txt')).map(([c, a, b]) => call('ifelse', c, a, b)),
      fc.array(tie('txt'), { minLength: 1, maxLength: 3 }).map((a) => call('coalesce', ...a)),
    ),
  }));
}
