// A derive expression that used a text column as a condition or a logical operand (`not modality`,
// `ifelse(modality, 1, 0)`, `modality and phq1 > 1`, `phq1 > 1 or modality`) passed `alliance
// validate` and then stopped the run with DuckDB's "Conversion Error: Could not convert string
// 'CBT' to BOOL when casting from source column modality". A number column used so ran, read two
// ways: `not phq1` took every number but 0 as true, `ifelse(phq1, 1, 0)` (a CASE … WHEN TRUE) only
// 1, giving 2 and 3 a missing value without a word. The literal check already refused `not 1`.
// Expected: both refused at validate time, at stages[i].columns.<name> with the character of the
// column, saying that a condition needs a comparison (`modality == 'x'`, `phq1 > 0`, and
// `severe == 1` for a condition an earlier derived column stores as 1/0); comparisons,
// is_missing() and and/or/not of them are still conditions.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { deriveSpec } from '../helpers/derive-spec.ts';

const p = tempProject();
afterAll(() => p.dispose());

const derive = (columns: string) => deriveSpec(columns);

async function problems(columns: string): Promise<{ specPath: string; message: string }[]> {
  return validateSpecErrors(p.dir, derive(columns));
}

/** The one spec problem of the derive column `x: <expression>`. */
async function problem(expression: string): Promise<string> {
  const errors = await problems(`      x: ${JSON.stringify(expression)}\n`);
  expect(errors.map((e) => e.specPath), expression).toEqual(['stages[2].columns.x']);
  return errors[0].message;
}

/** What each refusal says how to write the column as a condition. */
const HINT: Record<string, string> = {
  modality: "A condition needs a comparison, e.g. modality == 'x' with one of its values for 'x'",
  phq1: 'A condition needs a comparison, e.g. phq1 > 0 (or phq1 == 1 for a derived condition, stored as 1 or 0)',
};

describe('derive refuses text, and a number (as the literal check refuses `not 1`), as a condition at validate time', () => {
  it.each([
    ['not modality', "'not'", 5, 'modality'],
    ['ifelse(modality, 1, 0)', "the first argument of 'ifelse'", 8, 'modality'],
    ['modality and phq1 > 1', "'and'", 1, 'modality'],
    ['phq1 > 1 or modality', "'or'", 13, 'modality'],
    ['not (phq1 > 1 and `modality`)', "'and'", 19, 'modality'],
    ['not phq1', "'not'", 5, 'phq1'],
    ['ifelse(phq1, 1, 0)', "the first argument of 'ifelse'", 8, 'phq1'],
    ['phq1 and phq2 > 1', "'and'", 1, 'phq1'],
    ['phq2 > 1 or phq1', "'or'", 13, 'phq1'],
  ])('%s', async (expression, what, at, column) => {
    const kind = column === 'modality' ? 'text' : 'a number';
    expect(await problem(expression)).toBe(`${what} needs a true/false condition, but column '${column}' is ${kind} at character ${at}. ${HINT[column]} (in expression "${expression}")`);
  });

  it('text that is not a column: the hint compares the whole value', async () => {
    expect(await problem("ifelse(coalesce(modality, site), 1, 0)")).toBe(
      `the first argument of 'ifelse' needs a true/false condition, but this is text at character 8. A condition needs a comparison, e.g. coalesce(modality, site) == 'x' with one of its values for 'x' (in expression "ifelse(coalesce(modality, site), 1, 0)")`,
    );
  });

  it('a condition stored by an earlier derived column is a 1/0 number: compared with 1 it is a condition again', async () => {
    const errors = await problems(`      severe: phq_total >= 10
      a: ifelse(severe, 'severe', 'mild')
      b: ifelse(severe == 1, 'severe', 'mild')
      c: not (severe == 1) and phq1 > 0
`);
    expect(errors).toEqual([
      {
        specPath: 'stages[2].columns.a',
        message: `the first argument of 'ifelse' needs a true/false condition, but column 'severe' is a number at character 8. A condition needs a comparison, e.g. severe > 0 (or severe == 1 for a derived condition, stored as 1 or 0) (in expression "ifelse(severe, 'severe', 'mild')")`,
      },
    ]);
  });

  it('still accepts comparisons, is_missing() and and/or/not of them', async () => {
    for (const ok of ["not (modality == 'CBT')", "ifelse(modality == 'CBT', 1, 0)", "modality == 'CBT' and phq1 > 1", 'phq1 > 1 or is_missing(phq2)', 'ifelse(not is_missing(modality), phq1, 0)', 'ifelse(phq1 != 0, 1, 0)'])
      expect(await problems(`      x: ${JSON.stringify(ok)}\n`), ok).toEqual([]);
  });
});

describe('alliance run on such a spec', () => {
  // before: exit 1 with DuckDB's "Conversion Error: Could not convert string 'CBT' to BOOL", or
  // (a number) a run that wrote values read as the CASE happened to read them
  it.each(['not modality', 'ifelse(modality, 1, 0)', 'modality and phq1 > 1', 'ifelse(phq1, 1, 0)'])('%s: a spec error (exit 1), no output folder', (expression) => {
    const name = expression.replace(/\W+/g, '-');
    const file = p.write(`run-${name}.yaml`, derive(`      x: ${JSON.stringify(expression)}\n`));
    const out = join(p.dir, `out-${name}`);
    const r = cli(['run', file, '--out', out], REPO);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: the pipeline spec has 1 problem:\n/);
    expect(r.stderr).toMatch(/line 13, column 10: stages\[2\]\.columns\.x: .* needs a true\/false condition, but column '(modality|phq1)' is (text|a number) at character \d+\. A condition needs a comparison/);
    expect(r.stderr).not.toMatch(/internal error|Conversion Error|BOOL|DuckDB/);
    expect(existsSync(out)).toBe(false);
  });
});
