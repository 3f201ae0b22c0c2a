import { describe, expect, it } from 'vitest';
import {
  assertExpressionColumns,
  compileExpressionToSql,
  expressionColumns,
  ExpressionError,
  parseExpression,
  printExpression,
  quoteIdent,
  type ExprNode,
} from '../../../src/spec/expression/index.ts';
import { expressionError, rejection } from './rejection.ts';

const sql = (text: string): string => compileExpressionToSql(parseExpression(text), quoteIdent);

describe('compileExpressionToSql: valid expressions (hand-written expected SQL)', () => {
  const cases: [string, string][] = [
    ['a + b * c', '(CAST("a" AS DOUBLE) + (CAST("b" AS DOUBLE) * CAST("c" AS DOUBLE)))'],
    ['(a + b) * c', '((CAST("a" AS DOUBLE) + CAST("b" AS DOUBLE)) * CAST("c" AS DOUBLE))'],
    ['a - b - c', '((CAST("a" AS DOUBLE) - CAST("b" AS DOUBLE)) - CAST("c" AS DOUBLE))'],
    ['a / b', '("a" / NULLIF("b", 0))'],
    ['2 ^ 3 ^ 2', 'POWER(2e0, POWER(3e0, 2e0))'],
    ['-2^2', '(-POWER(2e0, 2e0))'],
    ['- -x', '(-(-CAST("x" AS DOUBLE)))'],
    ['x^-1', 'POWER("x", (-1e0))'],
    ['0.5 * x + 1e3 - .25', '(((0.5e0 * CAST("x" AS DOUBLE)) + 1000e0) - 0.25e0)'],
    ['1.5e-7', '1.5e-7'],
    ['3', '3e0'],
    ['1e21', '1e+21'],
    ['`wai total` / `sessions attended`', '("wai total" / NULLIF("sessions attended", 0))'],
    ['`say "hi"`', '"say ""hi"""'],
    ['`back``tick`', '"back`tick"'],
    ["modality == 'CBT'", `("modality" = 'CBT')`],
    ["site != 'O''Brien''s'", `("site" <> 'O''Brien''s')`],
    ['a < b', '("a" < "b")'],
    ['a <= b and b >= c or not d > e', '((("a" <= "b") AND ("b" >= "c")) OR (NOT ("d" > "e")))'],
    ['a or b and c', '("a" OR ("b" AND "c"))'],
    ['NOT a AND b', '((NOT "a") AND "b")'],
    ['abs(x) + sqrt(y)', '(ABS(CAST("x" AS DOUBLE)) + (CASE WHEN "y" >= 0 THEN SQRT("y") END))'],
    ['log(x)', 'LN(NULLIF(GREATEST("x", 0), 0))'],
    ['log10(x)', 'LOG10(NULLIF(GREATEST("x", 0), 0))'],
    ['exp(x)', 'EXP("x")'],
    ['round(x)', 'ROUND("x")'],
    ['round(x, 2)', 'ROUND("x", 2)'],
    ['round(x, -1)', 'ROUND("x", (-1))'],
    ['floor(x) + ceil(x)', '(CAST(FLOOR("x") AS DOUBLE) + CAST(CEIL("x") AS DOUBLE))'],
    ['min(a, b, 3)', 'LEAST("a", "b", 3e0)'],
    ['MAX(a, b)', 'GREATEST("a", "b")'],
    ['ifelse(x > 3, 1, 0)', '(CASE ("x" > 3e0) WHEN TRUE THEN 1e0 WHEN FALSE THEN 0e0 END)'],
    ["ifelse(is_missing(m), 'none', m)", `(CASE ("m" IS NULL) WHEN TRUE THEN 'none' WHEN FALSE THEN "m" END)`],
    ['coalesce(a, b, 0)', 'COALESCE("a", "b", 0e0)'],
    ['min(n, m) * 2 + -ifelse(f, n, 1)', '((CAST(LEAST("n", "m") AS DOUBLE) * 2e0) + (-CAST((CASE "f" WHEN TRUE THEN "n" WHEN FALSE THEN 1e0 END) AS DOUBLE)))'],
    ['round(x, -0) + round(x, 15)', '(CAST(ROUND("x", 0) AS DOUBLE) + CAST(ROUND("x", 15) AS DOUBLE))'],
    ['mean_of(wai_1, wai_2, wai_3)', 'list_avg(["wai_1", "wai_2", "wai_3"]::DOUBLE[])'],
    ['sum_of(phq_1, phq_2)', 'list_sum(["phq_1", "phq_2"]::DOUBLE[])'],
    ['abs', '"abs"'],
    ['`and`', '"and"'],
    ['  a\n+\tb\r\n', '(CAST("a" AS DOUBLE) + CAST("b" AS DOUBLE))'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(sql(text)).toBe(expected);
  });
});

describe('parseExpression: malicious and invalid input is rejected with its position', () => {
  const cases: [string, number, RegExp][] = [
    ['x; DROP TABLE t', 1, /unexpected character ';'/],
    ["read_csv('/etc/passwd')", 0, /unknown function 'read_csv' at character 1; allowed functions: abs, sqrt/],
    ["system('rm')", 0, /unknown function 'system' at character 1/],
    ["x + system('rm -rf /')", 4, /unknown function 'system' at character 5/],
    ["'a'' ; --", 0, /unterminated text literal starting at character 1/],
    ["x == 'abc", 5, /unterminated text literal/],
    ['`abc', 0, /unterminated backquoted column name/],
    ['``', 0, /empty backquoted column name/],
    ['1e999', 0, /out of range/],
    ['1' + '0'.repeat(40), 0, /longer than 40 characters/],
    ['1e', 0, /exponent needs digits/],
    ['1.2.3', 0, /malformed number/],
    ['12abc', 0, /malformed number/],
    ['x -- comment', 2, /no comments/],
    ['x /* c */', 2, /no comments/],
    ['x // 2', 2, /no comments/],
    ['\u0455qrt(x)', 0, /U\+0455.*backquotes/], // Cyrillic dze looks like s
    ['x \u2212 1', 2, /U\+2212.*did you mean '-'/], // minus sign
    ['x\u00a0+ 1', 1, /U\+00A0.*plain space/],
    ['abs\uff08x)', 3, /U\+FF08/], // fullwidth parenthesis
    ['x\u200b', 1, /U\+200B/], // zero-width space
    ["'ok\u202e'", 3, /U\+202E/], // right-to-left override in text
    ['`col\u0000`', 4, /U\+0000/],
    ['"x"', 0, /double quote.*backquotes/],
    ['x = 1', 2, /write '=='/],
    ['!x', 0, /write 'not'/],
    ['a && b', 2, /write 'and'/],
    ['a <> b', 2, /write '!='/],
    ['a < b < c', 6, /cannot be chained/],
    ['+x', 0, /unary '\+'/],
    ['', 0, /empty/],
    ['   ', 0, /empty/],
    ['(a + b', 0, /unclosed parenthesis opened at character 1/],
    ['abs(x', 3, /unclosed call of 'abs'/],
    ['a + b)', 5, /unexpected '\)'/],
    ['a b', 2, /unexpected name 'b'/],
    ['abs(x, y)', 0, /takes 1 argument \(abs\(x\)\), not 2/],
    ['ifelse(x > 1, 2)', 0, /takes 3 arguments/],
    ['round(x, y)', 9, /digits of 'round'/],
    ['round(x, 1.5)', 9, /digits of 'round'/],
    ['sqr(x)', 0, /Did you mean 'sqrt'\?/],
    ['mean(a, b)', 0, /Did you mean 'mean_of' \(row mean ignoring missing values\)\?/],
    ['mean_off(a, b)', 0, /Did you mean 'mean_of'\?/],
    ['Power(a, 2)', 0, /Did you mean the '\^' operator\?/],
    ['`a`(1)', 3, /unexpected '\('/],
    ["1 + 'a'", 4, /'\+' needs a number, not text/],
    ['ifelse(1, 2, 3)', 7, /first argument of 'ifelse' needs a true\/false condition/],
    ["ifelse(x > 1, 2, 'b')", 17, /mixes a number with text/],
    ['not 3', 4, /'not' needs a true\/false condition/],
    ["a > 1 and 'x'", 10, /'and' needs a true\/false condition, not text/],
    ["3 == 'x'", 5, /comparison '==' mixes a number with text/],
    ["sqrt('x')", 5, /'sqrt' needs a number/],
    ['x'.repeat(2001), 2000, /longer than 2000 characters/],
    ['('.repeat(65) + 'x' + ')'.repeat(65), 64, /nested more than 64 levels/],
    ['abs('.repeat(65) + 'x' + ')'.repeat(65), 256, /nested more than 64 levels/],
    ['-'.repeat(1) + ' -'.repeat(70) + 'x', 128, /nested more than 64 levels/],
    [`sum_of(${Array.from({ length: 101 }, () => 'x').join(',')})`, 207, /too many arguments to 'sum_of' at character 208; at most 100/],
  ];
  it.each(cases)('%j', (text, position, message) => {
    const err = rejection(text);
    expect(err.message).toMatch(message);
    expect(err.position).toBe(position);
    expect(err.expression).toBe(text);
    if (!/empty|longer than/.test(err.message)) expect(err.message).toContain(`character ${position + 1}`);
  });

  it('accepts exactly 64 levels of nesting and 100 arguments', () => {
    expect(sql('('.repeat(64) + 'x' + ')'.repeat(64))).toBe('"x"');
    expect(sql(`min(${Array.from({ length: 100 }, (_, k) => k).join(',')})`)).toBe(`LEAST(${Array.from({ length: 100 }, (_, k) => `${k}e0`).join(', ')})`);
  });

  it('keeps long left-associative chains (not nesting) within the length limit', () => {
    const text = Array.from({ length: 600 }, () => 'x').join('+');
    expect(sql(text).startsWith(`${'('.repeat(599)}CAST("x" AS DOUBLE) + `)).toBe(true);
  });
});

describe('quoting keeps hostile column names and text inert', () => {
  it('escapes double quotes in backquoted names instead of rejecting them', () => {
    expect(sql('`a"; DROP TABLE t; --`')).toBe('"a""; DROP TABLE t; --"');
    expect(sql('`"` + 1')).toBe('(CAST("""" AS DOUBLE) + 1e0)');
  });
  it("doubles single quotes in text and leaves backslashes literal", () => {
    expect(sql("m == '\\'' OR 1=1; --'")).toBe(`("m" = '\\'' OR 1=1; --')`);
  });
  it('quoteIdent doubles quotes and refuses empty names and NUL', () => {
    expect(quoteIdent('wai "total"')).toBe('"wai ""total"""');
    expect(() => quoteIdent('')).toThrow(ExpressionError);
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
  });
});

describe('compileExpressionToSql re-validates hand-built trees', () => {
  const bad: [string, unknown][] = [
    ['negative number', { kind: 'number', value: -1, pos: 0 }],
    ['NaN', { kind: 'number', value: Number.NaN, pos: 0 }],
    ['Infinity', { kind: 'number', value: Number.POSITIVE_INFINITY, pos: 0 }],
    ['number given as text', { kind: 'number', value: '1; DROP TABLE t', pos: 0 }],
    ['control character in text', { kind: 'string', value: 'a\u0000', pos: 0 }],
    ['unknown function', { kind: 'call', name: 'read_csv', args: [], pos: 0 }],
    ['inherited property as function', { kind: 'call', name: 'constructor', args: [], pos: 0 }],
    ['wrong arity', { kind: 'call', name: 'abs', args: [], pos: 0 }],
    ['unknown operator', { kind: 'binary', op: '; DROP', left: { kind: 'number', value: 1, pos: 0 }, right: { kind: 'number', value: 1, pos: 0 }, pos: 0 }],
    ['unknown unary', { kind: 'unary', op: '~', operand: { kind: 'number', value: 1, pos: 0 }, pos: 0 }],
    ['unknown kind', { kind: 'raw', sql: 'DROP TABLE t', pos: 0 }],
  ];
  it.each(bad)('%s', (_label, node) => {
    expect(() => compileExpressionToSql(node as ExprNode, quoteIdent)).toThrow(ExpressionError);
  });

  it('stops SQL that would grow past the size limit (nested sqrt doubles its argument)', () => {
    const text = 'sqrt('.repeat(20) + 'x' + ')'.repeat(20);
    // refused while parsing (EXPRESSION_LIMITS.maxExpandedNodes, see expanded-size.test.ts), before
    // the compiler's limit of 100,000 characters of SQL is reached
    expect(() => sql(text)).toThrow(/expression too costly/);
    expect(sql('sqrt(sqrt(x))')).toBe('(CASE WHEN (CASE WHEN "x" >= 0 THEN SQRT("x") END) >= 0 THEN SQRT((CASE WHEN "x" >= 0 THEN SQRT("x") END)) END)');
  });
});

describe('expressionColumns and printExpression', () => {
  it('lists distinct columns in order of first appearance', () => {
    expect(expressionColumns(parseExpression('ifelse(is_missing(b), a, a + b) / `wai total`'))).toEqual(['b', 'a', 'wai total']);
    expect(expressionColumns(parseExpression("round(3.5) + abs(-2) == 1 or 'x' == 'y'"))).toEqual([]);
    expect(expressionColumns(parseExpression('min(z, y, x, y, z)'))).toEqual(['z', 'y', 'x']);
  });

  const prints: [string, string][] = [
    ['(a+b)*  `wai total`', '(a + b) * `wai total`'],
    ['a - (b - c)', 'a - (b - c)'],
    ['(a - b) - c', 'a - b - c'],
    ['(2^3)^2', '(2^3)^2'],
    ['2^(3^2)', '2^3^2'],
    ['(-2)^2', '(-2)^2'],
    ['-(2^2)', '-2^2'],
    ['-(-x)', '-(-x)'],
    ['(a == b) == (c < d)', '(a == b) == (c < d)'],
    ['not (a and b)', 'not (a and b)'],
    ['(not a) and b', 'not a and b'],
    ['`not` + `a b` + `x``y`', '`not` + `a b` + `x``y`'],
    ["IFELSE(A > 1, 'it''s', 'no')", "ifelse(A > 1, 'it''s', 'no')"],
  ];
  it.each(prints)('prints %s as %s', (text, printed) => {
    expect(printExpression(parseExpression(text))).toBe(printed);
  });
});

describe('assertExpressionColumns', () => {
  const table = ['patient', 'wai_total', 'phq9 total', 'modality'];
  it('passes when every column exists', () => {
    const text = "ifelse(modality == 'CBT', wai_total, `phq9 total`)";
    expect(() => assertExpressionColumns(parseExpression(text), table, text)).not.toThrow();
  });
  it('reports the leftmost unknown column with its position and a suggestion', () => {
    const text = 'wai_total + `phq total` * wai_totl';
    const err = expressionError(() => assertExpressionColumns(parseExpression(text), table, text));
    expect(err.position).toBe(12);
    expect(err.message).toBe("unknown column 'phq total' at character 13. Did you mean 'phq9 total'?");
    expect(err.expression).toBe(text);
  });
  it('is exact about case and says nothing when no name is close', () => {
    expect(() => assertExpressionColumns(parseExpression('Modality == 1'), table)).toThrow("unknown column 'Modality' at character 1. Did you mean 'modality'?");
    expect(() => assertExpressionColumns(parseExpression('zzz'), table)).toThrow(/^unknown column 'zzz' at character 1\.$/);
  });
});
