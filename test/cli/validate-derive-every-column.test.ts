// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). The derive plan checked its columns in turn and
// stopped at the first with a problem, so a second bad column showed only after the first was
// fixed. Each column is now checked (eachEntry); a column whose expression has a problem stays
// known to the columns after it, so they are not reported for reading it.
// Expected: the exact problems of one run, each once with its spec path and message (the messages
// of src/stages/derive.ts's plan and src/spec/expression).
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { deriveSpec } from '../helpers/derive-spec.ts';

const p = tempProject();
afterAll(() => p.dispose());

const derive = (columns: string) => deriveSpec(columns);

describe('validate derive: every column checked', () => {
  it('two bad columns, and a good one reading the first, give two problems', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      derive(`      early: wai_totl / 2
      ratio: early / phq_total
      late: modality * 2
`),
    );
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].columns.early', 'stages[2].columns.late']);
    expect(errors[0].message).toMatch(/unknown column 'wai_totl'.*Did you mean 'wai_total'/);
    expect(errors[1].message).toMatch(/column 'modality' is text/);
  });

  it('a column reading itself is still refused', async () => {
    const errors = await validateSpecErrors(p.dir, derive(`      loop: loop + 1\n`));
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].columns.loop']);
    expect(errors[0].message).toMatch(/unknown column 'loop'/);
  });
});
