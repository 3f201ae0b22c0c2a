// `alliance validate` lists every problem of a spec at once (README "Pipelines": validate "reports
// every problem at once with its spec path"). A stage with a schema problem other than an unknown
// option (a wrong type, a misspelled value, a missing required option) used to be left out of
// planning, so its other problems (a misspelled `from` or column) were listed only after it was
// fixed, and so were those of later stages reading its table. Now it is planned on the options
// that passed: the checks that read an option in doubt are skipped, and later stages read its
// table only when it does not depend on those options (never a table guessed from a default).
// Expected: the exact problems, in stage order, each once with its spec path, message and
// did-you-mean; on the command line each also with its YAML line and column, exit 1.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const HEAD = `name: schema-problem
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }, { instrument: wai-sr, prefix: wai }] }
`;
const PATIENTS = '  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }\n';

const p = tempProject({
  'wrong-type-bad-from.yaml': `${HEAD}${PATIENTS}  - id: change
    type: change
    from: patiens
    outcome: phq_total
    instrument: phq-9
    reliability: "x"
`,
});
afterAll(() => p.dispose());

/** A column message whose did-you-mean offers `meant` first (the others depend on the table's other columns). */
function didYouMean(problem: string, meant: string): string {
  return expect.stringMatching(new RegExp(`^${escape(problem)} Did you mean '${escape(meant)}'[ ,?]`)) as unknown as string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('validate: a stage with a schema problem still has its other problems listed', () => {
  it('a misspelled method and misspelled columns of the same correlate stage, in one run', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: r, type: correlate, from: patients, method: pearsn, pairs: [{ x: wai_totl_mean, y: phq_total_improvement }, { x: wai_total_mean, y: phq_total_improvment }] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].method', message: "must be one of 'pearson', 'spearman', 'kendall' (got 'pearsn'). Did you mean 'pearson'?" },
      { specPath: 'stages[3].pairs[0].x', message: didYouMean("column 'wai_totl_mean' is not in table 'patients'.", 'wai_total_mean') },
      { specPath: 'stages[3].pairs[1].y', message: didYouMean("column 'phq_total_improvment' is not in table 'patients'.", 'phq_total_improvement') },
    ]);
  });

  it('a misspelled enum value does not hide a later stage reading its table, whose shape does not depend on it', async () => {
    // change's table has the same columns whatever its direction: compare is planned against it
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}${PATIENTS}  - { id: change, type: change, from: patients, outcome: phq_total, instrument: phq-9, direction: lowr-is-better }
  - { id: m, type: compare, from: change, alliance: wai_totl_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[3].direction', message: "must be one of 'lower-is-better', 'higher-is-better' (got 'lowr-is-better'). Did you mean 'lower-is-better'?" },
      { specPath: 'stages[4].alliance', message: didYouMean("column 'wai_totl_first3' is not in table 'change'.", 'wai_total_first3') },
    ]);
  });

  it('a wrong-typed option and a bad `from`, with their YAML line and column (real CLI, exit 1)', () => {
    const lines = validateFailureLines('wrong-type-bad-from.yaml', p.dir);
    expect(lines).toEqual([
      'error: the pipeline spec has 2 problems:',
      "  wrong-type-bad-from.yaml, line 8, column 11: stages[3].from: no earlier stage with id 'patiens'. Did you mean 'patients'?",
      "  wrong-type-bad-from.yaml, line 11, column 18: stages[3].reliability: must be a number (got 'x')",
    ]);
  });

  it('a missing required option and a bad `from` of the same stage', async () => {
    const errors = await validateSpecErrors(p.dir, `${HEAD}  - { id: patients, type: patients, from: scord, alliance: [wai_total] }\n`);
    expect(errors).toEqual([
      { specPath: 'stages[2]', message: "missing required option 'outcome'" },
      { specPath: 'stages[2].from', message: "no earlier stage with id 'scord'. Did you mean 'scored'?" },
    ]);
  });

  it("a wrong-typed option the stage's table depends on: its own problems listed, no stage planned on a guessed table", async () => {
    // patients names its columns after `session` (wai_total_first5 for 5): planned with the default 3,
    // correlate would be told that wai_total_first5 is missing; within-patient reads scored and is listed
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}  - { id: patients, type: patients, from: scored, outcome: phq_totl, alliance: [wai_total], session: five }
  - { id: r, type: correlate, from: patients, pairs: [{ x: wai_total_first5, y: phq_total_improvement }] }
  - { id: w, type: within-patient, from: scored, pairs: [{ x: wai_totl, y: phq_total }] }\n`,
    );
    expect(errors).toEqual([
      { specPath: 'stages[2].session', message: "must be a whole number (got 'five')" },
      { specPath: 'stages[2].outcome', message: "column 'phq_totl' is not in table 'scored'. Did you mean 'phq_total'?" },
      { specPath: 'stages[4].pairs[0].x', message: didYouMean("column 'wai_totl' is not in table 'scored'.", 'wai_total') },
    ]);
  });

  it('a wrong-typed option alone: the stages reading a table that depends on it are skipped, not given a consequential error', async () => {
    const errors = await validateSpecErrors(
      p.dir,
      `${HEAD}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], session: five }
  - { id: r, type: correlate, from: patients, pairs: [{ x: wai_total_first5, y: phq_total_improvement }] }\n`,
    );
    expect(errors).toEqual([{ specPath: 'stages[2].session', message: "must be a whole number (got 'five')" }]);
  });
});
