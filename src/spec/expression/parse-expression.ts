import { characterAt } from './character-at.ts';
import { formatSuggestion } from '../did-you-mean.ts';
import { ExpressionError } from './expression-error.ts';
import { checkExpressionTypes } from './check-expression-types.ts';
import { FUNCTION_NAMES, FUNCTIONS, isFunctionName } from './functions.ts';
import { tokenize, type OpText, type Token } from './tokenize.ts';
import { EXPRESSION_LIMITS, type BinaryOp, type ComparisonOp, type ExprNode } from './types.ts';

/**
 * Parses a derived-variable expression into a syntax tree.
 *
 * Grammar (lowest precedence first; R-like, so `-2^2` is −4 and `^` is right-associative):
 * ```
 * or      := and ('or' and)*
 * and     := not ('and' not)*
 * not     := 'not' not | compare
 * compare := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?      -- no chaining
 * sum     := product (('+'|'-') product)*
 * product := unary (('*'|'/') unary)*
 * unary   := '-' unary | power
 * power   := primary ('^' unary)?
 * primary := number | 'text' | name | `any name` | function '(' args ')' | '(' or ')'
 * ```
 * Keywords and function names are case-insensitive. Values are checked for
 * obvious type mistakes (text in arithmetic, a number as a condition).
 * Nothing is ever evaluated: the tree is only printed or compiled to SQL.
 *
 * @throws ExpressionError with the 0-based `position` of the problem; its message names the
 *   1-based character, as an editor counts (characterAt).
 * @example
 * parseExpression('mean_of(wai_1, wai_2) / 7');
 * // { kind: 'binary', op: '/', left: { kind: 'call', name: 'mean_of', … }, right: { kind: 'number', value: 7, … }, pos: 22 }
 */
export function parseExpression(text: string): ExprNode {
  if (typeof text !== 'string') throw new ExpressionError('expression must be text', 0, String(text));
  const parser = new Parser(text, tokenize(text));
  const node = parser.parse();
  checkTreeDepth(node, text);
  checkExpandedSize(node, text);
  checkExpressionTypes(node, text);
  return node;
}

/**
 * Refuses a tree more than EXPRESSION_LIMITS.maxTreeDepth levels deep, at the operator or call
 * where it gets too deep: a chain `1 + 1 + … + 1` is as deep as it is long, although it has no
 * parentheses for the parser's nesting limit to count.
 */
function checkTreeDepth(root: ExprNode, text: string): void {
  const limit = EXPRESSION_LIMITS.maxTreeDepth;
  const depth = (n: ExprNode): number => {
    const children = n.kind === 'unary' ? [n.operand] : n.kind === 'binary' ? [n.left, n.right] : n.kind === 'call' ? n.args : [];
    const d = 1 + Math.max(0, ...children.map(depth));
    if (d > limit)
      throw new ExpressionError(
        `expression is more than ${limit} levels deep at character ${characterAt(text, n.pos)} (each operator or function applied to the result of another adds a level; 'a + b + c' has 3); use sum_of() or mean_of(), or split it into several derived columns`,
        n.pos,
        text,
      );
    return d;
  };
  depth(root);
}

/**
 * Refuses an expression whose SQL DuckDB would expand beyond EXPRESSION_LIMITS.maxExpandedNodes
 * sub-expressions: the compiled forms of `/` (NULLIF), log, log10, sqrt and ifelse (CASE) repeat
 * one operand, so nesting them doubles the work at each level.
 */
function checkExpandedSize(root: ExprNode, text: string): void {
  const limit = EXPRESSION_LIMITS.maxExpandedNodes;
  const size = (n: ExprNode): number => {
    let s: number;
    if (n.kind === 'unary') s = 1 + size(n.operand);
    else if (n.kind === 'binary') s = 1 + size(n.left) + (n.op === '/' ? 2 : 1) * size(n.right);
    else if (n.kind === 'call') {
      const repeated = n.name === 'log' || n.name === 'log10' || n.name === 'sqrt' || n.name === 'ifelse' ? 0 : -1;
      s = 1 + n.args.reduce((a, arg, i) => a + (i === repeated ? 2 : 1) * size(arg), 0);
    } else s = 1;
    if (s > limit)
      throw new ExpressionError(
        `expression too costly at character ${characterAt(text, n.pos)}: division, log(), log10(), sqrt() and ifelse() repeat one operand in SQL, so nesting them doubles the work (here more than ${limit} sub-expressions); split it into several derived columns`,
        n.pos,
        text,
      );
    return s;
  };
  size(root);
}

/** Names from R, SQL and spreadsheets that users may reach for, and what to write instead. */
const ALIASES: Readonly<Record<string, string>> = {
  mean: "'mean_of' (row mean ignoring missing values)",
  avg: "'mean_of' (row mean ignoring missing values)",
  rowmeans: "'mean_of' (row mean ignoring missing values)",
  sum: "'sum_of' (row sum ignoring missing values)",
  rowsums: "'sum_of' (row sum ignoring missing values)",
  ln: "'log' (natural logarithm)",
  pmin: "'min'",
  least: "'min'",
  pmax: "'max'",
  greatest: "'max'",
  if: "'ifelse'",
  iif: "'ifelse'",
  if_else: "'ifelse'",
  isnull: "'is_missing'",
  is_null: "'is_missing'",
  is_na: "'is_missing'",
  ifnull: "'coalesce'",
  nvl: "'coalesce'",
  ceiling: "'ceil'",
  pow: "the '^' operator",
  power: "the '^' operator",
};

const COMPARISONS = new Set<OpText>(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parse(): ExprNode {
    if (this.peek().type === 'end') this.fail('expression is empty', 0);
    const node = this.or();
    const t = this.peek();
    if (t.type !== 'end') this.fail(`unexpected ${describe(t)} at character ${characterAt(this.text, t.pos)}; expected an operator or the end`, t.pos);
    return node;
  }

  private or(): ExprNode {
    return this.leftAssociative(['or'], () => this.and());
  }

  private and(): ExprNode {
    return this.leftAssociative(['and'], () => this.not());
  }

  private not(): ExprNode {
    const t = this.peek();
    if (isOp(t, 'not')) {
      this.i++;
      return { kind: 'unary', op: 'not', operand: this.nested(t.pos, () => this.not()), pos: t.pos };
    }
    return this.compare();
  }

  private compare(): ExprNode {
    const left = this.sum();
    const t = this.peek();
    if (t.type !== 'op' || !COMPARISONS.has(t.op)) return left;
    this.i++;
    const right = this.sum();
    const next = this.peek();
    if (next.type === 'op' && COMPARISONS.has(next.op))
      this.fail(`comparisons cannot be chained (character ${characterAt(this.text, next.pos)}); combine them with 'and'`, next.pos);
    return { kind: 'binary', op: t.op as ComparisonOp, left, right, pos: t.pos };
  }

  private sum(): ExprNode {
    return this.leftAssociative(['+', '-'], () => this.product());
  }

  private product(): ExprNode {
    return this.leftAssociative(['*', '/'], () => this.unary());
  }

  private leftAssociative(ops: OpText[], operand: () => ExprNode): ExprNode {
    let left = operand();
    for (let t = this.peek(); t.type === 'op' && ops.includes(t.op); t = this.peek()) {
      this.i++;
      left = { kind: 'binary', op: t.op as BinaryOp, left, right: operand(), pos: t.pos };
    }
    return left;
  }

  private unary(): ExprNode {
    const t = this.peek();
    if (isOp(t, '-')) {
      this.i++;
      return { kind: 'unary', op: '-', operand: this.nested(t.pos, () => this.unary()), pos: t.pos };
    }
    if (isOp(t, '+')) this.fail(`unary '+' at character ${characterAt(this.text, t.pos)} is not supported; leave it out`, t.pos);
    return this.power();
  }

  private power(): ExprNode {
    const base = this.primary();
    const t = this.peek();
    if (!isOp(t, '^')) return base;
    this.i++;
    return { kind: 'binary', op: '^', left: base, right: this.nested(t.pos, () => this.unary()), pos: t.pos };
  }

  private primary(): ExprNode {
    const t = this.next();
    switch (t.type) {
      case 'number':
        return { kind: 'number', value: t.value, pos: t.pos };
      case 'string':
        return { kind: 'string', value: t.value, pos: t.pos };
      case 'name':
        if (!t.quoted && isOp(this.peek(), '(')) return this.call(t.name, t.pos);
        return { kind: 'column', name: t.name, pos: t.pos };
      case 'op':
        if (t.op === '(') {
          const inner = this.nested(t.pos, () => this.or());
          this.expectClose(t.pos, 'parenthesis');
          return inner;
        }
        break;
      case 'end':
        this.fail(`expression ends too early at character ${characterAt(this.text, t.pos)}; expected a value`, t.pos);
    }
    return this.fail(`unexpected ${describe(t)} at character ${characterAt(this.text, t.pos)}; expected a value`, t.pos);
  }

  private call(written: string, pos: number): ExprNode {
    const name = written.toLowerCase();
    if (!isFunctionName(name)) {
      const alias = Object.prototype.hasOwnProperty.call(ALIASES, name) ? ` Did you mean ${ALIASES[name]}?` : '';
      this.fail(
        `unknown function '${written}' at character ${characterAt(this.text, pos)}; allowed functions: ${FUNCTION_NAMES.join(', ')}.${formatSuggestion(written, FUNCTION_NAMES) || alias}`,
        pos,
      );
    }
    const spec = FUNCTIONS[name];
    const open = this.next();
    const args: ExprNode[] = [];
    this.nested(pos, () => {
      if (isOp(this.peek(), ')')) return;
      for (;;) {
        const argPos = this.peek().pos;
        if (args.length >= EXPRESSION_LIMITS.maxArguments)
          this.fail(`too many arguments to '${name}' at character ${characterAt(this.text, argPos)}; at most ${EXPRESSION_LIMITS.maxArguments}`, argPos);
        args.push(this.or());
        if (!isOp(this.peek(), ',')) break;
        this.i++;
      }
    });
    this.expectClose(open.pos, `call of '${name}'`);
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs >= EXPRESSION_LIMITS.maxArguments ? `at least ${spec.minArgs}` : `${spec.minArgs} or ${spec.maxArgs}`;
      this.fail(`'${name}' at character ${characterAt(this.text, pos)} takes ${want} argument${want === '1' ? '' : 's'} (${spec.signature}), not ${args.length}`, pos);
    }
    return { kind: 'call', name, args, pos };
  }

  private expectClose(openPos: number, what: string): void {
    const t = this.next();
    if (isOp(t, ')')) return;
    if (t.type === 'end') this.fail(`unclosed ${what} opened at character ${characterAt(this.text, openPos)}`, openPos);
    this.fail(`unexpected ${describe(t)} at character ${characterAt(this.text, t.pos)}; expected ',' or ')' to close the ${what} opened at character ${characterAt(this.text, openPos)}`, t.pos);
  }

  private nested<T>(pos: number, fn: () => T): T {
    if (++this.depth > EXPRESSION_LIMITS.maxDepth)
      this.fail(`expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep at character ${characterAt(this.text, pos)}`, pos);
    const out = fn();
    this.depth--;
    return out;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    const t = this.tokens[this.i];
    if (t.type !== 'end') this.i++;
    return t;
  }
  private fail(message: string, position: number): never {
    throw new ExpressionError(message, position, this.text);
  }
}

function isOp(t: Token, op: OpText): boolean {
  return t.type === 'op' && t.op === op;
}

function describe(t: Token): string {
  switch (t.type) {
    case 'number':
      return `number '${t.text}'`;
    case 'string':
      return 'text literal';
    case 'name':
      return `name '${t.name}'`;
    case 'op':
      return `'${t.op}'`;
    case 'end':
      return 'end of expression';
  }
}
