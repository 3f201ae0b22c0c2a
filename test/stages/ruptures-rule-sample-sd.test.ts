// A custom ruptures rule's SD threshold reads sampleSdOf (scores or differences) only for a sample
// SD, i.e. with sd: sample or max (ruptures-columns' thresholds); with sd: own, each patient's own
// SD, it was accepted and changed no episode. It is now a spec problem at the rule's
// threshold.sampleSdOf, named by `alliance validate` with its YAML line.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** The scored sample and a ruptures stage with one custom rule whose SD is `sd`. */
const spec = (sd: string) => `${ROM_SMALL_SCORED}  - id: r
    type: ruptures
    from: scored
    score: wai_total
    rules: [{ name: own_sd, threshold: { type: sd, k: 1.5, sd: ${sd}, sampleSdOf: differences } }]
`;

describe('ruptures: a rule\u2019s sampleSdOf only with a sample SD', () => {
  it('is taken with sd: sample or max, and refused with sd: own at its spec path and YAML line', async () => {
    for (const sd of ['sample', 'max']) expect(await validateSpecErrors(project.dir, spec(sd))).toEqual([]);
    project.write('own.yaml', spec('own'));
    const message = "sampleSdOf says what the sample SD is of, and sd: own takes each patient's own SD instead; set sd: sample or max, or drop sampleSdOf";
    expect(validateFailureLines('own.yaml', project.dir)).toEqual(['error: the pipeline spec has 1 problem:', `  own.yaml, line 13, column 81: stages[2].rules[0].threshold.sampleSdOf: ${message}`]);
  });
});
