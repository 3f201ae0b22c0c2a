// The `compare` stage end to end on data-samples/rom-small.csv against R (test/fixtures/compare-stage/
// compare-stage.R: scoring, per-patient summaries, cor.test per modality, metafor FE Q-between,
// oneway.test, lmerTest::lmer, metafor REML meta-regression). Tolerances: closed forms 1e-9 relative;
// lmer fixed effects 1e-5 and Satterthwaite df 1e-3 (iterative optimum, as in issue 4); REML τ² 1e-5.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const ref = JSON.parse(readFileSync(join(REPO, 'test/fixtures/compare-stage/compare-stage.json'), 'utf8'));
const close = (got: number, want: number, rel: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));

let project: ReturnType<typeof tempProject>;
let result: Record<string, any>;
beforeAll(async () => {
  project = tempProject();
  const outcome = await runSpecText(
    project.dir,
    `
name: cmp
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: cmp, type: compare, from: patients, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
`,
  );
  result = outcome.results.cmp as Record<string, any>;
});
afterAll(() => project.dispose());

describe('compare stage vs R', () => {
  it('pooled and per-modality correlations (cor.test)', () => {
    expect(result.pooled.n).toBe(ref.n);
    close(result.pooled.r, ref.pooled.r, 1e-9);
    close(result.pooled.ciLower, ref.pooled.ciLower, 1e-9);
    ref.groups.forEach((g: any, i: number) => {
      expect(result.correlations[i].group).toBe(g.group);
      expect(result.correlations[i].n).toBe(g.n);
      for (const k of ['r', 'ciLower', 'ciUpper', 'p']) close(result.correlations[i][k], g[k], 1e-9);
    });
  });
  it('Q-between on Fisher z (metafor FE subgroup model QM)', () => {
    close(result.heterogeneity.Qbetween, ref.Qbetween.Q, 1e-9);
    close(result.heterogeneity.p, ref.Qbetween.p, 1e-9);
  });
  it('Welch ANOVA (oneway.test)', () => {
    for (const k of ['F', 'df1', 'df2', 'p']) close(result.outcomeAnova.welch[k], ref.welch[k], 1e-9);
  });
  it('multilevel model outcome ~ modality + (1 | therapist) (lmerTest)', () => {
    for (const t of ref.lmer) {
      const f = result.multilevel.fixed[t.term];
      close(f.estimate, t.estimate, 1e-5);
      close(f.se, t.se, 1e-4);
      close(f.df, t.df, 1e-3);
    }
    close(result.multilevel.sigma2, ref.lmerSigma2, 1e-4);
  });
  it('meta-regression of per-therapist correlations on modality (metafor REML)', () => {
    expect(result.metaRegression.therapists).toBe(ref.metaReg.k);
    close(result.metaRegression.QM, ref.metaReg.QM, 1e-5);
    close(result.metaRegression.tau2, ref.metaReg.tau2, 1e-5);
  });
  it('states a conclusion and an equivalence decision for every pair', () => {
    expect(result.conclusion).toMatch(/equivalen|different|inconclusive/);
    for (const p of [...result.correlationDifferences, ...result.outcomeDifferences]) expect(['equivalent', 'different', 'inconclusive']).toContain(p.decision);
  });
});
