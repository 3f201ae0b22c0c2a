import { StatInputError } from '../errors.ts';
import type { FormulaTerm, ParsedFormula, RandomBar } from './types.ts';

type TokKind = 'id' | 'num' | 'op' | 'end';
interface Tok {
  kind: TokKind;
  text: string;
  pos: number;
}

const OPS = ['||', '~', '+', '-', '*', ':', '/', '|', '(', ')'];
/** A variable name written without backticks (`wai_total`, `x.1`). */
const PLAIN_NAME = /^[A-Za-z._][A-Za-z0-9._]*/;

/**
 * A column name as a formula variable: as it is when plain, else in backticks (R's syntax,
 * `` `x-y` ``). A name holding a backtick cannot be written.
 * @example formulaVariable('x-y') // '`x-y`'
 */
export function formulaVariable(name: string): string {
  return PLAIN_NAME.exec(name)?.[0] === name ? name : `\`${name}\``;
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) fail(src, i, 'unclosed backtick');
      toks.push({ kind: 'id', text: src.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const id = PLAIN_NAME.exec(src.slice(i));
    if (id) {
      toks.push({ kind: 'id', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const num = /^[0-9]+(\.[0-9]*)?/.exec(src.slice(i));
    if (num) {
      toks.push({ kind: 'num', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail(src, i, `unexpected character '${c}'`);
    toks.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  toks.push({ kind: 'end', text: '', pos: src.length });
  return toks;
}

function fail(src: string, pos: number, what: string): never {
  throw new StatInputError(`formula "${src}": ${what} at character ${pos + 1}`);
}

/** A term list under construction: variable sets plus intercept flags. */
interface TermList {
  terms: string[][];
  intercept: boolean | null;
}

class Parser {
  private k = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  peek(): Tok {
    return this.toks[this.k];
  }
  next(): Tok {
    return this.toks[this.k++];
  }
  expect(text: string, what: string): Tok {
    const t = this.next();
    if (t.text !== text || t.kind !== 'op') this.err(t, `expected ${what}`);
    return t;
  }
  err(t: Tok, what: string): never {
    fail(this.src, t.pos, `${what}${t.kind === 'end' ? ' but the formula ended' : ` but found '${t.text}'`}`);
  }

  /** expr := [+|-] item ((+|-) item)*; random bars are collected separately. */
  expr(bars: RandomBar[] | null, stop: (t: Tok) => boolean, expected: string): TermList {
    const out: TermList = { terms: [], intercept: null };
    let sign = 1;
    const first = this.peek();
    if (first.kind === 'op' && (first.text === '-' || first.text === '+')) {
      sign = first.text === '-' ? -1 : 1;
      this.next();
    }
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.text === '(') {
        if (bars === null) this.err(t, 'a term');
        if (sign < 0) this.err(t, 'a term to remove (random-effect bars cannot be removed)');
        bars.push(...this.bar());
      } else if (t.kind === 'num') {
        this.next();
        if (t.text !== '0' && t.text !== '1') this.err(t, "'0' or '1' (numeric constants other than the intercept)");
        const on = (t.text === '1') === sign > 0;
        out.intercept = on;
      } else {
        const terms = this.product();
        if (sign > 0) out.terms.push(...terms);
        else {
          const drop = new Set(terms.map((v) => [...v].sort().join(':')));
          out.terms = out.terms.filter((v) => !drop.has([...v].sort().join(':')));
        }
      }
      const op = this.peek();
      if (stop(op)) return out;
      if (op.kind === 'op' && (op.text === '+' || op.text === '-')) {
        sign = op.text === '-' ? -1 : 1;
        this.next();
        continue;
      }
      this.err(op, expected);
    }
  }

  /** product := colon ('*' colon)* */
  product(): string[][] {
    let acc = this.colon();
    while (this.peek().kind === 'op' && this.peek().text === '*') {
      this.next();
      const right = this.colon();
      const inter = acc.flatMap((a) => right.map((b) => union(a, b)));
      acc = [...acc, ...right, ...inter];
    }
    return acc;
  }

  /** colon := variable (':' variable)* */
  colon(): string[][] {
    const vars: string[] = [this.variable()];
    while (this.peek().kind === 'op' && this.peek().text === ':') {
      this.next();
      vars.push(this.variable());
    }
    return [union([], vars)];
  }

  variable(): string {
    const t = this.next();
    if (t.kind !== 'id') {
      if (t.kind === 'op' && t.text === '(') this.err(t, 'a variable (parentheses are only allowed around random-effect bars)');
      this.err(t, 'a variable name');
    }
    if (this.peek().kind === 'op' && this.peek().text === '(')
      this.err(this.peek(), `a variable (function calls such as ${t.text}() are not supported; compute the column first)`);
    return t.text;
  }

  /** bar := '(' expr ('|' | '||') group ')' */
  bar(): RandomBar[] {
    const open = this.expect('(', "'('");
    const lhs = this.expr(null, (t) => t.kind === 'op' && (t.text === '|' || t.text === '||' || t.text === ')'), "'+', '-', '|' or '||' in the random-effect term");
    const barTok = this.next();
    if (barTok.text !== '|' && barTok.text !== '||') this.err(barTok, "'|' or '||' inside a random-effect term");
    const groupVars: string[] = [this.variable()];
    let sep: string | null = null;
    while (this.peek().kind === 'op' && (this.peek().text === '/' || this.peek().text === ':')) {
      const s = this.next();
      if (sep !== null && s.text !== sep) this.err(s, `'${sep}' (do not mix '/' and ':' in one grouping)`);
      sep = s.text;
      groupVars.push(this.variable());
    }
    const close = this.expect(')', "')' closing the random-effect term");
    const source = this.src.slice(open.pos, close.pos + 1);
    const intercept = lhs.intercept ?? true;
    const terms = orderTerms(dedupe(lhs.terms), firstAppearance(lhs.terms));
    if (!intercept && terms.length === 0) fail(this.src, open.pos, 'random-effect term has no columns');
    const groups: { vars: string[]; label: string }[] = [];
    if (sep === '/') {
      let label = groupVars[0];
      groups.push({ vars: [groupVars[0]], label });
      for (let i = 1; i < groupVars.length; i++) {
        label = `${groupVars[i]}:${i > 1 ? `(${label})` : label}`;
        groups.push({ vars: groupVars.slice(0, i + 1).reverse(), label });
      }
    } else groups.push({ vars: groupVars, label: groupVars.join(':') });
    const out: RandomBar[] = [];
    for (const g of groups) {
      if (barTok.text === '||') {
        if (intercept) out.push({ intercept: true, terms: [], group: g.vars, groupLabel: g.label, source });
        for (const t of terms) out.push({ intercept: false, terms: [t], group: g.vars, groupLabel: g.label, source });
      } else out.push({ intercept, terms, group: g.vars, groupLabel: g.label, source });
    }
    return out;
  }
}

function union(a: string[], b: string[]): string[] {
  const out = [...a];
  for (const v of b) if (!out.includes(v)) out.push(v);
  return out;
}

function dedupe(terms: string[][]): string[][] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = [...t].sort().join(':');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstAppearance(terms: string[][]): Map<string, number> {
  const order = new Map<string, number>();
  for (const t of terms) for (const v of t) if (!order.has(v)) order.set(v, order.size);
  return order;
}

function orderTerms(terms: string[][], order: Map<string, number>): FormulaTerm[] {
  return terms
    .map((t, i) => ({ t: [...t].sort((a, b) => order.get(a)! - order.get(b)!), i }))
    .sort((a, b) => a.t.length - b.t.length || a.i - b.i)
    .map(({ t }) => ({ variables: t, label: t.join(':') }));
}

/**
 * Parses an lme4-style model formula (Bates, Mächler, Bolker & Walker 2015, "Fitting linear
 * mixed-effects models using lme4", J. Stat. Softw. 67(1), https://doi.org/10.18637/jss.v067.i01, §2.1)
 * into response, fixed terms and random-effect bars.
 *
 * Supported: `+`, `-` (term removal), `0 +` / `- 1` (no intercept), `a:b`, `a*b` (R's expansion, terms
 * sorted by degree and variables ordered by first appearance as R's `terms()` does), random bars
 * `(x | g)`, uncorrelated `(x || g)` (split into `(1 | g) + (0 + x | g)` as lme4 does), nested
 * `(1 | g1/g2)` (expanded to `(1 | g1) + (1 | g2:g1)`, named as lme4 names them) and `(1 | g1:g2)`.
 * Functions of variables (`log(x)`, `I(x^2)`, `poly`) are not supported.
 * Throws StatInputError naming the 1-based character (as an editor counts) of a malformed part.
 * @example parseFormula('y ~ x + (1 | t/p)').random.map((b) => b.groupLabel) // ['t', 'p:t']
 */
export function parseFormula(formula: string): ParsedFormula {
  const toks = tokenize(formula);
  const p = new Parser(formula, toks);
  const resp = p.next();
  if (resp.kind !== 'id') p.err(resp, 'a response variable before "~"');
  p.expect('~', "'~' after the response");
  if (p.peek().kind === 'end') p.err(p.peek(), 'terms after "~"');
  const bars: RandomBar[] = [];
  const rhs = p.expr(bars, (t) => t.kind === 'end', "'+', '-' or the end of the formula");
  const fixed = orderTerms(dedupe(rhs.terms), firstAppearance(rhs.terms));
  if (fixed.some((t) => t.variables.includes(resp.text)))
    fail(formula, resp.pos, `the response '${resp.text}' also appears as a predictor`);
  return { formula, response: resp.text, intercept: rhs.intercept ?? true, fixed, random: bars };
}
