// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). A stage with a schema problem is planned on the
// options that passed, but its plan stopped at the first option in doubt it read, so the checks of
// the options read after it were skipped: with a wrong-typed `outcome`, the patients stage's
// misspelled `alliance` column was listed only once `outcome` was fixed. Now each option's checks
// run apart from those of an option in doubt.
// Expected: the exact problems of one run, each once with its spec path, message and did-you-mean.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { absentColumn as absent } from '../helpers/absent-column.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';

const HEAD = ROM_SMALL_SCORED;
const PATIENTS = '  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }\n';

const p = tempProject();
afterAll(() => p.dispose());

describe('validate: the checks read after an option in doubt still run', () => {
  it('patients: a wrong-typed outcome and a misspelled alliance column, in one run', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: patients, type: patients, from: scored, outcome: [phq_total], alliance: [wai_totl] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].outcome', message: 'must be text' },
      { specPath: 'stages[2].alliance[0]', message: absent('wai_totl', 'scored', 'wai_total') },
    ]);
  });

  it('patients: a missing outcome and a text column as alliance', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: patients, type: patients, from: scored, alliance: [modality] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2]', message: "missing required option 'outcome'" },
      { specPath: 'stages[2].alliance[0]', message: "column 'modality' of table 'scored' is text, expected numeric" },
    ]);
  });

  it('compare: a wrong-typed grouping column and misspelled alliance and outcome columns', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: m, type: compare, from: patients, by: 5, alliance: wai_totl_first3, outcome: phq_total_improvment, margin: { r: 0.1, smd: 0.2 } }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].by', message: 'must be text (got 5)' },
      { specPath: 'stages[3].alliance', message: absent('wai_totl_first3', 'patients', 'wai_total_first3') },
      { specPath: 'stages[3].outcome', message: absent('phq_total_improvment', 'patients', 'phq_total_improvement') },
    ]);
  });

  it('therapist-effects: a wrong-typed alliance and a misspelled outcome and baseline', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: t, type: therapist-effects, from: patients, alliance: 3, outcome: phq_total_finl, baseline: phq_total_baselin }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].alliance', message: 'must be text (got 3)' },
      { specPath: 'stages[3].outcome', message: absent('phq_total_finl', 'patients', 'phq_total_final') },
      { specPath: 'stages[3].baseline', message: absent('phq_total_baselin', 'patients', 'phq_total_baseline') },
    ]);
  });

  it('trajectories: wrong-typed variables and a misspelled grouping column', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: t, type: trajectories, from: scored, variables: wai_total, by: modalty }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].variables', message: "must be a list (got 'wai_total')" },
      { specPath: 'stages[2].by', message: absent('modalty', 'scored', 'modality') },
    ]);
  });

  it('change: a wrong-typed outcome and an unknown instrument', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}${PATIENTS}  - { id: c, type: change, from: patients, outcome: 7, instrument: phq9 }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[3].outcome', message: 'must be text (got 7)' },
      { specPath: 'stages[3].instrument', message: expect.stringMatching(/^unknown instrument 'phq9'\. Did you mean 'phq-9'\?/) as unknown as string },
    ]);
  });

  it('meta: a wrong-typed effect-size column and a misspelled study and subgroup column', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `name: in-doubt
stages:
  - { id: studies, type: import-studies, file: ${join(REPO, 'data-samples/meta/bcg.csv')} }
  - { id: m, type: meta, from: studies, yi: [yi], vi: vi, study: studyy, subgroup: allocc }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[1].yi', message: 'must be text' },
      { specPath: 'stages[1].study', message: absent('studyy', 'studies', 'study') },
      { specPath: 'stages[1].subgroup', message: absent('allocc', 'studies', 'alloc') },
    ]);
  });
});
