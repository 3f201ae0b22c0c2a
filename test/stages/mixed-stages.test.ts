// The multilevel stages (within-between, therapist-effects, growth, mixed) on data-samples/rom-small.csv
// against lme4/lmerTest on the same data scored in R (test/fixtures/mixed-stages/mixed-stages.R).
// Tolerances (issue 4): fixed effects 1e-5 relative, SE 1e-4, Satterthwaite df 1e-3, logLik 1e-6.
// The growth model: lme4 itself warns of a max|grad| of 0.006 there, so its optimum is only
// trusted to 1e-3 (our optimiser reaches an equal or lower deviance; checked below).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const ref = JSON.parse(readFileSync(join(REPO, 'test/fixtures/mixed-stages/mixed-stages.json'), 'utf8'));
const rel = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1e-8, Math.abs(want)));

let project: ReturnType<typeof tempProject>;
let r: Record<string, any>;
beforeAll(async () => {
  project = tempProject();
  const outcome = await runSpecText(
    project.dir,
    `
name: ml
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: wb, type: within-between, from: scored, alliance: wai_total, outcome: phq_total }
  - { id: te, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline }
  - { id: gr, type: growth, from: scored, variables: [wai_total], sample: 5 }
  - { id: mx, type: mixed, from: scored, formula: "phq_total ~ session + (1 | therapist/patient)" }
`,
  );
  r = outcome.results as Record<string, any>;
});
afterAll(() => project.dispose());

function check(model: any, want: any, names: Record<string, string>, tol = { est: 1e-5, se: 1e-4, df: 1e-3, ll: 1e-6 }) {
  expect(model.nobs).toBe(want.nobs);
  for (const [ours, theirs] of Object.entries(names)) {
    rel(model.fixed[ours].estimate, want.fixed[theirs].estimate, tol.est);
    rel(model.fixed[ours].se, want.fixed[theirs].se, tol.se);
    rel(model.fixed[ours].df, want.fixed[theirs].df, tol.df);
  }
  rel(model.logLik, want.logLik, tol.ll);
}

describe('multilevel stages vs lme4/lmerTest', () => {
  it('within-between: lagged state/trait model', () => {
    check(r.wb.model, ref.withinBetween, { '(Intercept)': '(Intercept)', alliance_within: 'wai_within', alliance_between: 'wai_between', y_now: 'phq' });
  });
  it('therapist-effects: Baldwin et al. (2007) decomposition', () => {
    check(r.te.model, ref.therapist, { '(Intercept)': '(Intercept)', alliance_therapist: 'alliance_therapist', alliance_patient: 'alliance_patient', baseline: 'baseline' });
    expect(r.te.iccOutcome).toBeGreaterThanOrEqual(0);
  });
  it('growth: random intercepts and slopes', () => {
    const m = r.gr.models.wai_total;
    check(m, ref.growth, { '(Intercept)': '(Intercept)', session: 'session' }, { est: 1e-3, se: 1e-3, df: 1e-2, ll: 1e-6 });
    expect(m.logLik).toBeGreaterThanOrEqual(ref.growth.logLik - 1e-6 * Math.abs(ref.growth.logLik));
  });
  it('mixed: nested random intercepts are named as lme4 names them', () => {
    expect(Object.keys(r.mx.ngroups).sort()).toEqual(['patient:therapist', 'therapist']);
    expect(r.mx.converged).toBe(true);
  });
});
