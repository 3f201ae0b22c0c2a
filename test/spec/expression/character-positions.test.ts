// The derive expression messages named a problem's place by its 0-based offset: `phq1 + modality`
// said "column 'modality' is text at position 7", where an editor's cursor on the 'm' shows column
// 8, and `(a + b` said "unclosed parenthesis opened at position 0". An offset also counted a
// character outside the Basic Multilingual Plane (an emoji in a backquoted name) twice.
// Expected: every message that names a place says "character N", 1-based, counted as an editor
// counts characters; ExpressionError.position stays the 0-based offset the code works with.
import { afterAll, describe, expect, it } from 'vitest';
import { characterAt, compileExpressionToSql, EXPRESSION_LIMITS, parseExpression } from '../../../src/spec/expression/index.ts';
import { expressionError, rejection } from './rejection.ts';
import { tempProject } from '../../helpers/temp-project.ts';
import { validateSpecErrors } from '../../helpers/validate-spec-errors.ts';
import { ROM_SMALL_SCORED } from '../../helpers/rom-small-scored.ts';

describe('characterAt', () => {
  it('numbers characters from 1, a character beyond U+FFFF once', () => {
    expect(characterAt('phq1 + modality', 0)).toBe(1);
    expect(characterAt('phq1 + modality', 7)).toBe(8);
    expect(characterAt('ab', 2)).toBe(3); // the end: after the last character
    expect(characterAt('`😀 x` + y', 7)).toBe(7);
    expect(characterAt('', 4)).toBe(5); // no source text: one per code unit
  });
});

describe('expression messages name the 1-based character', () => {
  it.each([
    ['(a + b', 'unclosed parenthesis opened at character 1'],
    ['a + b)', "unexpected ')' at character 6; expected an operator or the end"],
    ['a +', 'expression ends too early at character 4; expected a value'],
    ['a < b < c', 'comparisons cannot be chained (character 7)'],
    ['x + system(1)', "unknown function 'system' at character 5"],
    ['abs(x, y)', "'abs' at character 1 takes 1 argument"],
    ['a = 1', "'=' at character 3 is not an operator"],
    ["a == 'b", 'unterminated text literal starting at character 6'],
    ['1.2.3', "malformed number '1.2.' at character 1"],
    ['a + +b', "unary '+' at character 5 is not supported"],
    ['not 1', "'not' needs a true/false condition, not a number at character 5"],
    ["a == 'x\u200by'", 'text literal at character 6 contains the invisible or control character U+200B at character 8'],
  ])('%j', (text, message) => {
    const err = rejection(text);
    expect(err.message).toContain(message);
    expect(err.message).not.toMatch(/position/);
  });

  it('counts a character outside the Basic Multilingual Plane once, as an editor does', () => {
    // '`😀 x`' is 5 characters but 6 UTF-16 code units: the second '+' is at offset 9, the 9th character
    const err = rejection('`😀 x` + + 1');
    expect(err.position).toBe(9);
    expect(err.message).toBe("unary '+' at character 9 is not supported; leave it out");
  });

  it('the SQL length limit names the character near which it was reached', () => {
    // names quoted 60,000 characters long: the sum of two passes the 100,000 characters of SQL,
    // at the '+' (offset 9, the 9th character after the two code units of the emoji)
    const text = '`😀` * 2 + y';
    const long = (name: string) => `"${name.repeat(60_000 / name.length)}"`;
    const err = expressionError(() => compileExpressionToSql(parseExpression(text), long, text));
    expect(err.message).toBe(`expression compiles to more than ${EXPRESSION_LIMITS.maxSqlLength} characters of SQL (near character 9); simplify it`);
    expect(err.expression).toBe(text);
  });
});

describe('derive names the character of a kind problem', () => {
  const p = tempProject();
  afterAll(() => p.dispose());

  it.each([
    ['phq1 + modality', "'+' needs a number, but column 'modality' is text at character 8"],
    ['modality == 1', "comparison '==' mixes column 'modality', which is text, with a number at character 13"],
    ['phq_totl * 2', "unknown column 'phq_totl' at character 1. Did you mean 'phq_total'?"],
  ])('%s', async (expression, message) => {
    const errors = await validateSpecErrors(p.dir, `${ROM_SMALL_SCORED}  - { id: d, type: derive, from: scored, columns: { x: ${JSON.stringify(expression)} } }\n`);
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].columns.x']);
    expect(errors[0].message).toContain(message);
  });
});
