// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). A schema problem inside one entry of a list option
// (`pairs[1].y: 3`, one bad rule, a number among column names) put the whole list in doubt, so the
// checks of its other, valid entries (a misspelled column with its did-you-mean) were listed only
// once that entry was fixed. Now only the bad entry is in doubt; the others are checked in the
// same run. A list left invalid without its bad entries (minItems) is still in doubt as a whole.
// Expected: the exact problems of one run, each once with its spec path, message and did-you-mean.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';
import { absentColumn as absent } from '../helpers/absent-column.ts';

const HEAD = `name: entry-in-doubt
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
`;
const PATIENTS = '  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }\n';

const p = tempProject();
afterAll(() => p.dispose());

describe('validate: a schema problem in one list entry leaves the other entries checked', () => {
  it('correlate pairs: a wrong-typed y in one pair and misspelled columns in the pairs before and after it', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: r, type: correlate, from: patients, pairs: [{ x: wai_totl_mean, y: phq_total_improvement }, { x: wai_total_mean, y: 3 }, { x: wai_total_mean, y: phq_total_improvment }] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].pairs[1].y', message: 'must be text (got 3)' },
      { specPath: 'stages[3].pairs[0].x', message: absent('wai_totl_mean', 'patients', 'wai_total_mean') },
      { specPath: 'stages[3].pairs[2].y', message: absent('phq_total_improvment', 'patients', 'phq_total_improvement') },
    ]);
  });

  it('score instruments: a bad prefix in one entry and an unknown instrument in the other', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `name: entry-in-doubt
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: Wai }, { instrument: phq9, prefix: phq }] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[1].instruments[0].prefix', message: 'must be a lower-case letter, then lower-case letters, digits or _, at most 32 characters (got "Wai")' },
      { specPath: 'stages[1].instruments[1].instrument', message: expect.stringMatching(/^unknown instrument 'phq9'\. Did you mean 'phq-9'\?/) as unknown as string },
    ]);
  });

  it('growth variables: a number among the columns and misspelled columns beside it', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: g, type: growth, from: scored, variables: [wai_totl, 3, phq_totl] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].variables[1]', message: 'must be text (got 3)' },
      { specPath: 'stages[2].variables[0]', message: absent('wai_totl', 'scored', 'wai_total') },
      { specPath: 'stages[2].variables[2]', message: absent('phq_totl', 'scored', 'phq_total') },
    ]);
  });

  it('patients alliance: a number among the columns and a misspelled column beside it', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: pts, type: patients, from: scored, outcome: phq_total, alliance: [3, wai_totl] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].alliance[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[2].alliance[1]', message: absent('wai_totl', 'scored', 'wai_total') },
    ]);
  });

  it('trajectories variables: a number among the columns and misspelled columns beside it', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: t, type: trajectories, from: scored, variables: [wai_totl, 3, phq_totl] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].variables[1]', message: 'must be text (got 3)' },
      { specPath: 'stages[2].variables[0]', message: absent('wai_totl', 'scored', 'wai_total') },
      { specPath: 'stages[2].variables[2]', message: absent('phq_totl', 'scored', 'phq_total') },
    ]);
  });

  it('within-patient pairs: a misspelled yAs in one pair and a misspelled column in the other', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_total, y: phq_total, lag: 1, yAs: chnge }, { x: wai_totl, y: phq_total }] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].pairs[0].yAs', message: "must be one of 'score', 'change', 'improvement' (got 'chnge'). Did you mean 'change'?" },
      { specPath: 'stages[2].pairs[1].x', message: absent('wai_totl', 'scored', 'wai_total') },
    ]);
  });

  it('ruptures rules: a misspelled threshold type in the one rule and a misspelled outcome column', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: ru, type: ruptures, from: scored, score: wai_total, rules: [{ name: drop, threshold: { type: absolut, value: 5 } }], outcome: { from: patients, column: phq_total_improvment } }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].rules[0].threshold.type', message: "must be one of 'sd', 'rci', 'absolute' (got 'absolut'). Did you mean 'absolute'?" },
      { specPath: 'stages[3].outcome.column', message: absent('phq_total_improvment', 'patients', 'phq_total_improvement') },
    ]);
  });

  it('export-summary correlations: a wrong-typed y in one entry and a misspelled x in the other', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: x, type: export-summary, from: patients, site: A, correlations: [{ x: wai_total_mean, y: [phq_total_improvement] }, { x: wai_totl_mean, y: phq_total_improvement }] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].correlations[0].y', message: 'must be text' },
      { specPath: 'stages[3].correlations[1].x', message: absent('wai_totl_mean', 'patients', 'wai_total_mean') },
    ]);
  });

  it('meta mods: a number among the moderators and a misspelled moderator after it', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `name: entry-in-doubt
stages:
  - { id: studies, type: import-studies, file: ${join(REPO, 'data-samples/meta/bcg.csv')} }
  - { id: m, type: meta, from: studies, yi: yi, vi: vi, mods: [3, ablatt] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[1].mods[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[1].mods[1]', message: absent('ablatt', 'studies', 'ablat') },
    ]);
  });

  it('reliability instruments: a number among the prefixes and an unknown prefix after it', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: rel, type: reliability, from: scored, instruments: [3, ph] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2].instruments[0]', message: 'must be text (got 3)' },
      { specPath: 'stages[2].instruments[1]', message: "'scored' scored no instrument with prefix 'ph' (it has 'phq', 'wai')" },
    ]);
  });

  it('a list left empty without its bad entry (minItems) stays in doubt as a whole: later stages are not planned on its table', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `name: entry-in-doubt
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: Phq }] }
  - { id: g, type: growth, from: scored, variables: [phq_total] }\n`,
    );
    expect(errors).toEqual([{ specPath: 'stages[1].instruments[0].prefix', message: 'must be a lower-case letter, then lower-case letters, digits or _, at most 32 characters (got "Phq")' }]);
  });
});
