// A 100-character derive expression of ~20 nested log() made DuckDB plan for minutes and grow to
// 20 GB (security audit): NULLIF and CASE, which our SQL for /, log, log10, sqrt and ifelse uses,
// repeat one operand, so each nesting level doubles the work (measured: 12 levels 1.0 s, 13 levels
// 3.3 s to plan). Reference: EXPRESSION_LIMITS.maxExpandedNodes (4,000) counted as the SQL expands;
// n nested log() of a column expand to 2^(n+1) − 1 sub-expressions, so 10 pass (2,047) and 11 do
// not (4,095).
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/spec/expression/index.ts';
import { EXPRESSION_LIMITS } from '../../../src/spec/expression/types.ts';

const nest = (fn: string, k: number, inner = 'x') => Array.from({ length: k }).reduce<string>((e) => `${fn}(${e})`, inner);

describe('parseExpression refuses expressions whose SQL would expand past the limit', () => {
  it('the limit is 4,000 sub-expressions', () => expect(EXPRESSION_LIMITS.maxExpandedNodes).toBe(4000));

  it('10 nested log() pass, 11 are refused at the outermost call that crosses the limit', () => {
    expect(() => parseExpression(nest('log', 10))).not.toThrow();
    expect(() => parseExpression(nest('log', 11))).toThrow(/expression too costly at character 1: .*more than 4000 sub-expressions/);
  });

  it('sqrt, log10 and nested divisions count alike', () => {
    expect(() => parseExpression(nest('sqrt', 11))).toThrow(/too costly/);
    expect(() => parseExpression(nest('log10', 11))).toThrow(/too costly/);
    const div = Array.from({ length: 11 }).reduce<string>((e) => `1 / (${e})`, 'x');
    expect(() => parseExpression(div)).toThrow(/too costly/);
  });

  it('ifelse repeats its condition, not its branches', () => {
    const cond = Array.from({ length: 11 }).reduce<string>((e) => `ifelse(${e} > 0, 1, 0)`, 'x');
    expect(() => parseExpression(cond)).toThrow(/too costly/);
    const branches = Array.from({ length: 40 }).reduce<string>((e) => `ifelse(x > 0, ${e}, 0)`, 'x');
    expect(() => parseExpression(branches)).not.toThrow();
  });

  it('long flat sums and left-associated divisions stay linear and pass', () => {
    expect(() => parseExpression(Array.from({ length: 600 }, () => 'x').join('+'))).not.toThrow();
    expect(() => parseExpression(Array.from({ length: 300 }, () => 'x').join('/'))).not.toThrow();
  });
});
