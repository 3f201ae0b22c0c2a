// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). In sudden, ruptures, within-between and
// export-summary, a plan read its options one after another, so reading one in doubt (a stage
// with a schema problem: a wrong type, a misspelled value) ended it and hid the checks of the
// options read after it (a misspelled outcome column) until the first was fixed. Each option's
// checks now run apart (checkApart), as 7e6613b did for patients, compare and others.
// Expected: the exact problems of one run, each once with its spec path, message and did-you-mean.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { absentColumn as absent } from '../helpers/absent-column.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

const HEAD = `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
`;
const OUTCOME = 'outcome: { from: patients, column: phq_total_improvment }';

const p = tempProject();
afterAll(() => p.dispose());

const OUTCOME_ABSENT = { specPath: 'stages[3].outcome.column', message: absent('phq_total_improvment', 'patients', 'phq_total_improvement') };

describe('validate: the checks read after an option in doubt still run (more stages)', () => {
  it('sudden: a misspelled direction and a misspelled outcome column', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: s, type: sudden, from: scored, score: phq_total, direction: decrese, ${OUTCOME} }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[3].direction', message: "must be one of 'decrease', 'increase' (got 'decrese'). Did you mean 'decrease'?" },
      OUTCOME_ABSENT,
    ]);
  });

  it('sudden: a wrong-typed score and a misspelled outcome column', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: s, type: sudden, from: scored, score: [phq_total], ${OUTCOME} }\n`);
    expect(errors).toEqual([{ specPath: 'stages[3].score', message: 'must be text' }, OUTCOME_ABSENT]);
  });

  it('ruptures: a misspelled preset and a misspelled outcome column', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: r, type: ruptures, from: scored, score: wai_total, presets: [stiles2004, gumz2021], ${OUTCOME} }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[3].presets[1]', message: "must be one of 'stiles2004', 'strauss2006', 'gumz2012', 'rci' (got 'gumz2021'). Did you mean 'gumz2012'?" },
      OUTCOME_ABSENT,
    ]);
  });

  it('within-between: a wrong-typed alliance and a misspelled outcome column', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: wb, type: within-between, from: scored, alliance: 3, outcome: phq_totl }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[3].alliance', message: 'must be text (got 3)' },
      { specPath: 'stages[3].outcome', message: absent('phq_totl', 'scored', 'phq_total') },
    ]);
  });

  it('export-summary: a wrong-typed where and a misspelled correlation column', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: x, type: export-summary, from: patients, site: A, where: site, correlations: [{ x: wai_totl_mean, y: phq_total_improvement }] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[3].where', message: "must be an object (got 'site')" },
      { specPath: 'stages[3].correlations[0].x', message: absent('wai_totl_mean', 'patients', 'wai_total_mean') },
    ]);
  });

});
