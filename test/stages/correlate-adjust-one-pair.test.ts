// correlate adjusts the p values across the pairs of a stage, and only with two pairs or more:
// with a single pair, adjust (holm, BH, bonferroni or none) was accepted and changed nothing (the
// pair's adjusted p is its p; no adjustment in the caption or the methods). It is now a spec
// problem at stages[i].adjust; the option lost its schema default (holm), so that the plan can
// tell a value given from none.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());

const PAIR = '{ x: wai_total_first3, y: phq_total_improvement }';
/** The scored sample, its patients and a correlate stage with `options` and `pairs`. */
const spec = (options: string, pairs: string) => `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: c, type: correlate, from: patients, ${options}pairs: [${pairs}] }
`;

describe('correlate: adjust only with two pairs or more', () => {
  it('one pair: alliance validate names adjust, its YAML line, and what to do', () => {
    project.write('one.yaml', spec('adjust: bonferroni, ', PAIR));
    expect(validateFailureLines('one.yaml', project.dir)).toEqual([
      'error: the pipeline spec has 1 problem:',
      '  one.yaml, line 10, column 55: stages[3].adjust: adjust is the multiple-testing adjustment across the pairs of this stage, and it has one pair, whose p value is used as it is; drop adjust, or add pairs',
    ]);
  });

  it('takes it with two pairs, and one pair without it', async () => {
    expect(await validateSpecErrors(project.dir, spec('adjust: none, ', `${PAIR}, { x: wai_total_mean, y: phq_total_improvement }`))).toEqual([]);
    expect(await validateSpecErrors(project.dir, spec('', PAIR))).toEqual([]);
  });
});
