import { characterAt } from './character-at.ts';
import { ExpressionError } from './expression-error.ts';
import { FUNCTIONS, roundDigits, type ValueType } from './functions.ts';
import type { ExprNode } from './types.ts';

/** Rejects type mistakes that are certain whatever the column types are. */
export function checkExpressionTypes(root: ExprNode, text: string): void {
  const fail = (message: string, pos: number): never => {
    throw new ExpressionError(`${message} at character ${characterAt(text, pos)}`, pos, text);
  };
  const expect = (node: ExprNode, want: ValueType, what: string): void => {
    const got = typeOf(node);
    if (got !== 'any' && got !== want) fail(`${what} needs ${valueTypeWords(want)}, not ${valueTypeWords(got)}`, node.pos);
  };
  const unify = (nodes: ExprNode[], what: string): ValueType => {
    let common: ValueType = 'any';
    for (const n of nodes) {
      const t = typeOf(n);
      if (t === 'any') continue;
      if (common !== 'any' && t !== common) fail(`${what} mixes ${valueTypeWords(common)} with ${valueTypeWords(t)}`, n.pos);
      common = t;
    }
    return common;
  };
  const typeOf = (node: ExprNode): ValueType => {
    switch (node.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'column':
        return 'any';
      case 'unary':
        if (node.op === '-') {
          expect(node.operand, 'number', "unary '-'");
          return 'number';
        }
        expect(node.operand, 'boolean', "'not'");
        return 'boolean';
      case 'binary':
        switch (node.op) {
          case 'and':
          case 'or':
            expect(node.left, 'boolean', `'${node.op}'`);
            expect(node.right, 'boolean', `'${node.op}'`);
            return 'boolean';
          case '==':
          case '!=':
          case '<':
          case '<=':
          case '>':
          case '>=':
            unify([node.left, node.right], `comparison '${node.op}'`);
            return 'boolean';
          default:
            expect(node.left, 'number', `'${node.op}'`);
            expect(node.right, 'number', `'${node.op}'`);
            return 'number';
        }
      case 'call': {
        const spec = FUNCTIONS[node.name];
        if (node.name === 'ifelse') {
          expect(node.args[0], 'boolean', "the first argument of 'ifelse'");
          return unify(node.args.slice(1), "'ifelse'");
        }
        if (node.name === 'round' && node.args.length === 2 && roundDigits(node.args[1]) === null)
          fail("the digits of 'round' must be a whole number between -15 and 15", node.args[1].pos);
        if (spec.args === 'number') for (const a of node.args) expect(a, 'number', `'${node.name}'`);
        if (spec.args === 'any') for (const a of node.args) typeOf(a);
        const common = spec.args === 'same' ? unify(node.args, `'${node.name}'`) : 'any';
        return spec.result === 'arg' ? common : spec.result;
      }
    }
  };
  typeOf(root);
}

/** A value type in a message's words: 'a number', 'a true/false condition', 'text' or 'a value' (any). */
export function valueTypeWords(t: ValueType): string {
  return t === 'number' ? 'a number' : t === 'boolean' ? 'a true/false condition' : t === 'string' ? 'text' : 'a value';
}
