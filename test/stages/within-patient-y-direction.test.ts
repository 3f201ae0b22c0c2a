// within-patient reads a pair's yHigherIsBetter only for yAs: improvement (it orients the change);
// beside yAs: score or change it was accepted and changed nothing. It is now a spec problem at
// the pair's yHigherIsBetter, named by `alliance validate` with its YAML line.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { refusedOnce, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** The scored sample and a within-patient pair of wai_total and wai1 a session later, with `y` options. */
const spec = (y: string) => `${ROM_SMALL_SCORED}  - id: w
    type: within-patient
    from: scored
    pairs: [{ x: wai_total, y: wai1, lag: 1, ${y}yHigherIsBetter: true }]
`;

describe('within-patient: yHigherIsBetter only with yAs: improvement', () => {
  it('is taken with yAs: improvement, and refused with score (the default) or change at its spec path and YAML line', async () => {
    expect(await refusedOnce(project, 'score.yaml', spec(''), spec('yAs: improvement, '))).toBe(
      '  score.yaml, line 12, column 63: stages[2].pairs[0].yHigherIsBetter: yHigherIsBetter orients y for yAs: improvement, and this pair takes y as score; set yAs: improvement or drop yHigherIsBetter',
    );
    expect(await validateSpecErrors(project.dir, spec('yAs: change, '))).toEqual([
      { specPath: 'stages[2].pairs[0].yHigherIsBetter', message: 'yHigherIsBetter orients y for yAs: improvement, and this pair takes y as change; set yAs: improvement or drop yHigherIsBetter' },
    ]);
  });
});
