// A derive expression that compares or combines a text column with a number (or a number column
// with text) passed `alliance validate` and then stopped the run with DuckDB's own words: with the
// shipped sample data (modality is text, phq1 and phq_total are numbers) `phq_total == 'x'`,
// `phq1 == 'x'`, `modality == 1` and `coalesce(phq1, 'z')` ended in "Conversion Error: Could not
// convert string 'x' to DOUBLE", and `modality < 3` or `ifelse(c, modality, 2)` in "internal error"
// (exit 70, a DuckDB binder error). The literal-only type check (check-expression-types.ts) saw
// no column kinds; derive's kind check now refuses text beside a number or a true/false condition
// in a comparison, in coalesce and in ifelse's two values, at validate time, located at
// stages[i].columns.<name> with the character (1-based) of the clashing value, as text in arithmetic
// already was ("'*' needs a number, but column 'modality' is text at character 1").
// Expected messages: the unify wording of check-expression-types.ts ("comparison '==' mixes a
// number with text at character 6"), with the column named, and a fix where a literal of the other
// kind would do (`modality == '1'`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { deriveSpec } from '../helpers/derive-spec.ts';

const p = tempProject();
afterAll(() => p.dispose());

const derive = deriveSpec;

/** The spec problems of one derive column `x: <expression>` over the scored sample sessions. */
async function problems(expression: string): Promise<{ specPath: string; message: string }[]> {
  return validateSpecErrors(p.dir, derive(`      x: ${JSON.stringify(expression)}\n`));
}

async function problem(expression: string): Promise<string> {
  const errors = await problems(expression);
  expect(errors.map((e) => e.specPath), expression).toEqual(['stages[2].columns.x']);
  return errors[0].message;
}

describe('derive refuses text mixed with numbers at validate time', () => {
  it('a number column compared with text', async () => {
    expect(await problem("phq_total == 'x'")).toBe(
      `comparison '==' mixes column 'phq_total', which is a number, with text at character 14 (in expression "phq_total == 'x'")`,
    );
    expect(await problem("phq1 == 'x'")).toBe(`comparison '==' mixes column 'phq1', which is a number, with text at character 9 (in expression "phq1 == 'x'")`);
    // text that reads as a number: the fix is to drop the quotes
    expect(await problem("phq1 >= '2'")).toBe(
      `comparison '>=' mixes column 'phq1', which is a number, with text at character 9. Compare phq1 with a number, e.g. phq1 >= 2 (in expression "phq1 >= '2'")`,
    );
    expect(await problem("phq1 != '-0.5'")).toMatch(/e\.g\. phq1 != -0\.5 \(in expression/);
  });

  it('a text column compared with a number, on either side, quoted names included', async () => {
    expect(await problem('modality == 1')).toBe(
      `comparison '==' mixes column 'modality', which is text, with a number at character 13. Compare modality with text, e.g. modality == '1' (in expression "modality == 1")`,
    );
    expect(await problem('1 != modality')).toBe(
      `comparison '!=' mixes a number with column 'modality', which is text, at character 6. Compare modality with text, e.g. '1' != modality (in expression "1 != modality")`,
    );
    expect(await problem('`modality` == -2')).toMatch(/at character 15\. Compare modality with text, e\.g\. modality == '-2' \(in expression/);
    // an ordering of text is alphabetical, which the hint says
    expect(await problem('modality < 3')).toBe(
      `comparison '<' mixes column 'modality', which is text, with a number at character 12. Compare modality with text, e.g. modality < '3' (text is ordered alphabetically: '10' < '9') (in expression "modality < 3")`,
    );
  });

  it('a text column compared with a number column or a condition (no literal to rewrite)', async () => {
    expect(await problem('modality == phq1')).toBe(
      `comparison '==' mixes column 'modality', which is text, with column 'phq1', which is a number, at character 13 (in expression "modality == phq1")`,
    );
    expect(await problem('modality == (phq1 > 2)')).toBe(
      `comparison '==' mixes column 'modality', which is text, with a true/false condition at character 19 (in expression "modality == (phq1 > 2)")`,
    );
    // inside a larger expression: located at the clashing value
    expect(await problem("phq1 > 2 and site == 1")).toMatch(/^comparison '==' mixes column 'site', which is text, with a number at character 22\. Compare site with text, e\.g\. site == '1'/);
  });

  it('coalesce with text and a number', async () => {
    expect(await problem("coalesce(phq1, 'z')")).toBe(`'coalesce' mixes column 'phq1', which is a number, with text at character 16 (in expression "coalesce(phq1, 'z')")`);
    expect(await problem("coalesce(phq1, phq2, '0')")).toBe(
      `'coalesce' mixes column 'phq1', which is a number, with text at character 22. Make every argument of 'coalesce' a number, e.g. coalesce(phq1, phq2, 0) (in expression "coalesce(phq1, phq2, '0')")`,
    );
    expect(await problem('coalesce(modality, 0)')).toBe(
      `'coalesce' mixes column 'modality', which is text, with a number at character 20. Make every argument of 'coalesce' text, e.g. coalesce(modality, '0') (in expression "coalesce(modality, 0)")`,
    );
    expect(await problem('coalesce(modality, phq1 > 2)')).toMatch(/^'coalesce' mixes column 'modality', which is text, with a true\/false condition at character 25 \(in expression/);
  });

  it("ifelse's two values, and not its condition", async () => {
    expect(await problem('ifelse(phq1 > 1, modality, 2)')).toBe(
      `'ifelse' mixes column 'modality', which is text, with a number at character 28. Make both values of 'ifelse' text, e.g. ifelse(phq1 > 1, modality, '2') (in expression "ifelse(phq1 > 1, modality, 2)")`,
    );
    expect(await problem('ifelse(modality == \'CBT\', phq_total, modality)')).toMatch(/^'ifelse' mixes column 'phq_total', which is a number, with column 'modality', which is text, at character 38 \(in/);
    // the condition is not one of the values: a text condition beside number values is no mix
    expect(await problems("ifelse(modality == 'CBT', 1, 0)")).toEqual([]);
  });

  it('still accepts text with text and numbers with numbers', async () => {
    for (const ok of ["modality == 'CBT'", "modality < 'D'", 'phq1 == 2', "ifelse(phq1 > 1, 'high', modality)", "coalesce(modality, site, 'none')", 'coalesce(phq1, phq2, 0)', '(phq1 > 2) == phq2', 'is_missing(modality)'])
      expect(await problems(ok), ok).toEqual([]);
    expect(await problem('modality == 1')).toMatch(/mixes/);
  });

  it('a column whose own expression has a problem is of unknown kind: a later column reading it is not refused for it', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      derive(`      early: wai_totl / 2
      flag: early == 'x'
      other: coalesce(early, 'y')
      late: modality == 1
`),
    );
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].columns.early', 'stages[2].columns.late']);
    expect(errors[1].message).toMatch(/^comparison '==' mixes column 'modality', which is text, with a number/);
  });

  it("a derived column's kind: text from text, a number from a comparison", async () => {
    const errors = await validateSpecErrors(
      p.dir,
      derive(`      arm: coalesce(modality, 'unknown')
      severe: phq_total >= 10
      a: arm == 2
      b: severe == 1
`),
    );
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].columns.a']);
    expect(errors[0].message).toMatch(/^comparison '==' mixes column 'arm', which is text, with a number at character 8\. Compare arm with text, e\.g\. arm == '2'/);
  });

  it('a column the file holds only missing-value codes in says why it is text', async () => {
    const csv = ['patient,session,phq_total,later', 'P1,1,10,NA', 'P1,2,8,NA', 'P2,1,12,NA', 'P2,2,9,NA'].join('\n');
    p.write('codes.csv', `${csv}\n`);
    const errors = await validateSpecErrors(p.dir, derive('      x: later == 1\n', `\nname: t\nstages:\n  - { id: sessions, type: ingest, file: codes.csv }\n`, 'sessions'));
    expect(errors.map((e) => e.specPath)).toEqual(['stages[1].columns.x']);
    expect(errors[0].message).toBe(
      `comparison '==' mixes column 'later', which is text, with a number at character 10. Column 'later' is text: its cells are all empty or the missing-value code 'NA' (missing values must be empty cells; re-export with blanks for missing, e.g. write.csv(x, na = "") in R) (in expression "later == 1")`,
    );
  });
});

describe('derive refuses a condition mixed with numbers in coalesce and ifelse', () => {
  // DuckDB's COALESCE and CASE refuse BOOLEAN beside DOUBLE: `coalesce(phq1 > 2, phq2)` ended in
  // "internal error" (exit 70); the literal check refused it only beside a number literal
  it('one problem, with the condition written as 1/0', async () => {
    expect(await problem('coalesce(phq1 > 2, phq2)')).toBe(
      `'coalesce' mixes a true/false condition with column 'phq2', which is a number, at character 20. Write the condition as a number, e.g. ifelse(phq1 > 2, 1, 0) (in expression "coalesce(phq1 > 2, phq2)")`,
    );
    expect(await problem('ifelse(phq1 > 1, phq2, is_missing(phq3))')).toBe(
      `'ifelse' mixes column 'phq2', which is a number, with a true/false condition at character 24. Write the condition as a number, e.g. ifelse(is_missing(phq3), 1, 0) (in expression "ifelse(phq1 > 1, phq2, is_missing(phq3))")`,
    );
  });

  it('still accepts conditions with conditions, and a condition compared with a number', async () => {
    for (const ok of ['coalesce(phq1 > 2, phq2 > 1)', 'ifelse(phq1 > 1, ifelse(phq1 > 2, 1, 0), phq2)', '(phq1 > 2) == phq2'])
      expect(await problems(ok), ok).toEqual([]);
    expect(await problems('ifelse(phq1 > 1, phq1 > 2, phq2)')).toHaveLength(1);
  });
});

describe('alliance run on such a spec', () => {
  // before: exit 1 with DuckDB's "Conversion Error", or exit 70 "internal error" (a binder error);
  // the last case is the condition beside a number
  it.each(["phq1 == 'x'", 'modality < 3', "coalesce(phq1, 'z')", 'ifelse(phq1 > 1, modality, 2)', 'coalesce(phq1 > 2, phq2)'])('%s: a spec error (exit 1), no output folder', (expression) => {
    const file = p.write(`run-${expression.replace(/\W+/g, '-')}.yaml`, derive(`      x: ${JSON.stringify(expression)}\n`));
    const out = join(p.dir, `out-${expression.replace(/\W+/g, '-')}`);
    const r = cli(['run', file, '--out', out], REPO);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: the pipeline spec has 1 problem:\n/);
    expect(r.stderr).toMatch(/line 13, column 10: stages\[2\]\.columns\.x: (comparison '[<=]+'|'coalesce'|'ifelse') mixes /);
    expect(r.stderr).not.toMatch(/internal error|Conversion Error|Binder Error|DuckDB/);
    expect(existsSync(out)).toBe(false);
  });
});
