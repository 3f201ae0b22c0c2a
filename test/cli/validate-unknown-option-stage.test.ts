// A stage with an unknown option used to be left out of planning altogether, so `alliance validate`
// hid its other problems (a misspelled column) until the option was fixed: an audit needed four
// validate runs for four independent typos. README "Pipelines": validate "reports every problem at
// once with its spec path". Now such a stage is planned on its known options, when the unknown
// ones are its only schema problems; it still fails (the unknown option may be a misspelled one,
// so the stages reading it are skipped) and `run` refuses the spec.
// Expected: the exact problems, each with its spec path and the did-you-mean.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const p = tempProject();
afterAll(() => p.dispose());

const HEAD = `name: unknown-option
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
`;

describe('validate: a stage with an unknown option still has its other problems listed', () => {
  it('the unknown option and a misspelled column of the same stage, in one run', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: patients, type: patients, from: scored, outcome: phq_totl, alliance: [wai_total], sesion: 3 }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].sesion', message: "unknown option 'sesion'. Did you mean 'session'? Allowed: id, type, from, outcome, alliance, session, outcomeHigherIsBetter, keep" },
      { specPath: 'stages[2].outcome', message: "column 'phq_totl' is not in table 'scored'. Did you mean 'phq_total'?" },
    ]);
  });

  it('the stage still fails: a stage reading it is skipped, not planned on a guessed table', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], sesion: 3 }\n  - { id: r, type: correlate, from: patients, pairs: [{ x: wai_totl_mean, y: phq_total_improvement }] }\n`,
    );
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].sesion']);
  });

  it('a stage with another schema problem besides the unknown option: the checks of its other options still run', async () => {
    // outcome must be a string: its check is skipped (no check on a wrong value), alliance's still runs (checkApart)
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: patients, type: patients, from: scored, outcome: 3, alliance: [wai_totl], sesion: 3 }\n`);
    expect(errors.map((e) => e.specPath)).toEqual(['stages[2].sesion', 'stages[2].outcome', 'stages[2].alliance[0]']);
  });
});
