// sudden and ruptures read `level` only for their outcome comparison (compareOutcome, and ruptures'
// point-biserial r): without `outcome`, a level given was accepted and changed nothing. It is now a
// spec problem at stages[i].level in both stages; the option lost its schema default (0.95), so
// that the plan can tell a value given from none.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());

const message = 'level is the confidence level of the outcome comparison, and no outcome is given; add outcome: {from, column} or drop level';
const OUTCOME = 'outcome: { from: patients, column: phq_total_improvement }, ';
/** The scored sample, its patients, and a sudden and a ruptures stage with `options` each. */
const spec = (options: string) => `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: g, type: sudden, from: scored, score: phq_total, ${options}level: 0.9 }
  - { id: r, type: ruptures, from: scored, score: wai_total, ${options}level: 0.9 }
`;

describe('sudden and ruptures: level only with an outcome', () => {
  it('without outcome: alliance validate names level in each stage, with its YAML line', () => {
    project.write('level.yaml', spec(''));
    expect(validateFailureLines('level.yaml', project.dir)).toEqual([
      'error: the pipeline spec has 2 problems:',
      `  level.yaml, line 10, column 67: stages[3].level: ${message}`,
      `  level.yaml, line 11, column 69: stages[4].level: ${message}`,
    ]);
  });

  it('takes it with an outcome', async () => {
    expect(await validateSpecErrors(project.dir, spec(OUTCOME))).toEqual([]);
  });
});
