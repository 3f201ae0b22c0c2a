// change with an instrument whose cut-off or reliable-change value is on another scale than the
// outcome (found by QA): PHQ-9 scored as the item mean (aggregate: mean, 0–3) took PHQ-9's sum-scale
// cut-off of 10, so no patient could recover (0 recovered where the sum scoring gives 79), and the
// report called it the published cut-off. Now refused at plan time with the value on the scale
// scored (10 / 9 = 1.11); the same for another instrument's values, a subscale, a cut-off outside the
// scale's range, and a custom instrument whose cut-off or reliable-change value cannot be on its total.
// Expected values: PHQ-9 is 9 items of 0–3 (sum 0–27; Kroenke, Spitzer & Williams 2001, cut-off 10).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const project = tempProject();
afterAll(() => project.dispose());
const DATA = join(REPO, 'data-samples/rom-small.csv');

/** A pipeline scoring PHQ-9 (entry options `phq`) and classifying change on `outcome` with `change` options. */
const spec = (phq: string, change: string, outcome = 'phq_total', head = '') => `
name: t
${head}
stages:
  - { id: sessions, type: ingest, file: ${DATA} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq${phq} }] }
  - { id: patients, type: patients, from: scored, outcome: ${outcome}, alliance: [wai_total] }
  - { id: change, type: change, from: patients, outcome: ${outcome}${change} }
`;

describe('change: an instrument value on another scale than the outcome is refused at plan time', () => {
  it('PHQ-9 scored as the item mean with PHQ-9 cut-off: names the value on the item-mean scale', async () => {
    expect(await validateSpecErrors(project.dir, spec(', aggregate: mean', ', instrument: phq-9'))).toEqual([
      {
        specPath: 'stages[3].instrument',
        message: "phq_total was scored as the item mean (score stage, aggregate: mean), but Patient Health Questionnaire-9's cut-off (10) is on the sum of its 9 items; give cutoff: on the scale scored (cut-off 10 / 9 = 1.11), or score with aggregate: sum",
      },
    ]);
  });

  it('the same with cutoff: given on the item-mean scale runs, and classifies as the sum scoring with cut-off 10 does', async () => {
    const mean = (await runSpecText(project.dir, spec(', aggregate: mean', ', instrument: phq-9, cutoff: 1.1111111111111112'))).results.change as { counts: unknown };
    const sum = (await runSpecText(project.dir, spec('', ', instrument: phq-9'))).results.change as { counts: unknown };
    expect(mean.counts).toEqual(sum.counts);
  });

  it("a fixed reliable-change value of a custom instrument scored the other way is refused with both values' options", async () => {
    const head = 'instruments:\n  - { key: dep, name: Dep, items: 9, min: 0, max: 3, higherIsBetter: false, reliableChange: 6, cutoff: 10 }';
    const errors = await validateSpecErrors(project.dir, spec('', ', instrument: dep, method: fixed', 'dep_total', head).replace('{ instrument: phq-9, prefix: phq }', '{ instrument: dep, items: [phq1, phq2, phq3, phq4, phq5, phq6, phq7, phq8, phq9], aggregate: mean }'));
    expect(errors).toEqual([
      {
        specPath: 'stages[3].instrument',
        message: "dep_total was scored as the item mean (score stage, aggregate: mean), but Dep's cut-off (10) and reliable-change value (6) are on the sum of its 9 items; give cutoff: and rcValue: on the scale scored (cut-off 10 / 9 = 1.11, reliable-change value 6 / 9 = 0.67), or score with aggregate: sum",
      },
    ]);
  });

  it("another instrument's cut-off, and a cut-off outside the outcome's range, are refused", async () => {
    expect(await validateSpecErrors(project.dir, spec('', ', instrument: gad-7'))).toEqual([
      { specPath: 'stages[3].instrument', message: "phq_total was scored with instrument 'phq-9', not 'gad-7', so Generalized Anxiety Disorder-7's cut-off (8) is not on its scale; name the instrument that scored it, or give cutoff:" },
    ]);
    expect(await validateSpecErrors(project.dir, spec('', ', instrument: phq-9, cutoff: 30'))).toEqual([
      { specPath: 'stages[3].cutoff', message: 'cutoff 30 is not inside the range of phq_total (Patient Health Questionnaire-9, sum of 9 items: 0 to 27)' },
    ]);
  });

  it("a custom instrument's cut-off or reliable-change value outside its total's range is a spec problem", async () => {
    const head = 'instruments:\n  - { key: hope, name: Hope, items: 4, min: 1, max: 7, aggregate: mean, higherIsBetter: true, cutoff: 17, reliableChange: 9 }';
    expect(await validateSpecErrors(project.dir, spec('', ', reliability: 0.8', 'phq_total', head))).toEqual([
      { specPath: 'instruments[0].cutoff', message: "cutoff 17 is not inside the total's range 1 to 7 (the item mean from 1 to 7)" },
      { specPath: 'instruments[0].reliableChange', message: "reliableChange 9 is not between 0 and the width of the total's range 1 to 7 (the item mean from 1 to 7)" },
    ]);
  });

  it("a custom instrument's cut-off is named as its definition's, not as a published one", async () => {
    const head = 'instruments:\n  - { key: dep, name: Dep, items: 9, min: 0, max: 3, higherIsBetter: false, reliability: 0.85, cutoff: 10 }';
    const r = (await runSpecText(project.dir, spec('', ', instrument: dep', 'dep_total', head).replace('{ instrument: phq-9, prefix: phq }', '{ instrument: dep, items: [phq1, phq2, phq3, phq4, phq5, phq6, phq7, phq8, phq9] }'))).results.change as { norms: { cutoffSource: string; reliabilitySource: string } };
    expect(r.norms.cutoffSource).toBe('Dep cut-off from its definition in the pipeline');
    expect(r.norms.reliabilitySource).toBe('Dep reliability from its definition in the pipeline');
  });
});
