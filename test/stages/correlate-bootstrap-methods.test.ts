// The methods paragraph describes the bootstrap the report shows: only the percentile interval (no
// BCa, jackknife or Efron 1987) with intervals: [percentile]. It named "percentile and BCa ... 200
// resamples" then, and also when every pair was a partial correlation, which is never
// bootstrapped; such a stage then had no bootstrap sentence, and now bootstrap there is a spec
// problem (it was accepted and drew nothing).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import { validateFailureLines, validateSpecErrors } from '../helpers/validate-spec-errors.ts';

const p = tempProject({});
afterAll(() => p.dispose());

const HEAD = `name: t\nseed: 3\nstages:\n  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }\n  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }\n`;

async function methodsOf(stage: string) {
  const outcome = await runSpecText(p.dir, `${HEAD}${stage}`);
  const c = outcome.stages.find((s) => s.id === 'c')!.output;
  return { methods: c.methods!.join(' '), citations: c.citations!.map((x) => x.key) };
}

describe('correlate: the bootstrap methods sentence', () => {
  it('bootstrap with covariates on every pair: alliance validate names it, its YAML line and why', async () => {
    const partial = '{ x: wai_total_first3, y: phq_total_improvement, covariates: [phq_total_baseline] }';
    p.write('partial.yaml', `${HEAD}  - { id: c, type: correlate, from: patients, bootstrap: { reps: 50 }, pairs: [${partial}] }\n`);
    expect(validateFailureLines('partial.yaml', p.dir)).toEqual([
      'error: the pipeline spec has 1 problem:',
      '  partial.yaml, line 7, column 58: stages[3].bootstrap: bootstrap intervals are drawn for pairs without covariates only, and every pair of this stage has covariates (a partial correlation has its Fisher-z interval only); drop bootstrap, or add a pair without covariates',
    ]);
    const mixed = `${HEAD}  - { id: c, type: correlate, from: patients, bootstrap: { reps: 50 }, pairs: [${partial}, { x: wai_total_first3, y: phq_total_improvement }] }\n`;
    expect(await validateSpecErrors(p.dir, mixed)).toEqual([]);
  });

  it('names only the percentile interval when only it is shown', async () => {
    const { methods, citations } = await methodsOf('  - { id: c, type: correlate, from: patients, bootstrap: { reps: 50, intervals: [percentile] }, pairs: [{ x: wai_total_first3, y: phq_total_improvement }] }\n');
    expect(methods).toContain('Bootstrap confidence intervals (percentile; Efron, 1979) were computed from 50 resamples of patients (seed 3).');
    expect(citations).toContain('efron1979');
    expect(citations).not.toContain('efron1987');
  });

  it('names both, with the jackknife acceleration, by default', async () => {
    const { methods, citations } = await methodsOf('  - { id: c, type: correlate, from: patients, bootstrap: { reps: 50 }, pairs: [{ x: wai_total_first3, y: phq_total_improvement }] }\n');
    expect(methods).toContain('Bootstrap confidence intervals (percentile and bias-corrected and accelerated, BCa; Efron, 1979, 1987) were computed from 50 resamples of patients (seed 3), with the acceleration estimated by the jackknife.');
    expect(citations).toEqual(expect.arrayContaining(['efron1979', 'efron1987']));
  });
});
