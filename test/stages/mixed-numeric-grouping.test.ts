// A numeric column that is both a fixed-effect variable and a random-effect grouping factor is a
// slope in the fixed part and a factor only for its bar, as in lme4 (it was coded as dummies
// session2…session22 in the fixed part too, with df −0 and p NaN).
// Reference: data-samples/rom-small.csv, PHQ-9 scored in R as in test/fixtures/mixed-stages/mixed-stages.R, then
//   summary(lmerTest::lmer(phq ~ session + (1 | patient) + (1 | session), data = d, REML = TRUE))
//   (Intercept) 13.6676642924 SE 0.52449789437 df 34.59065235
//   session     -0.3700181513 SE 0.03628764531 df 23.20928882
//   logLik -8930.03226807, nobs 3488, ngrps patient 300, session 22
// Tolerances as in test/stages/mixed-stages.test.ts: estimate 1e-5, SE 1e-4, df 1e-3 relative, logLik 1e-6.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const rel = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.abs(want));

let project: ReturnType<typeof tempProject>;
let m: Record<string, any>;
beforeAll(async () => {
  project = tempProject();
  const outcome = await runSpecText(
    project.dir,
    `
name: crossed
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: phq-9, prefix: phq }] }
  - { id: m, type: mixed, from: scored, formula: "phq_total ~ session + (1 | patient) + (1 | session)" }
`,
  );
  m = (outcome.results as Record<string, any>).m;
});
afterAll(() => project.dispose());

it('mixed: a numeric grouping variable stays one slope in the fixed part (lmerTest)', () => {
  expect(Object.keys(m.fixed)).toEqual(['(Intercept)', 'session']);
  const want = {
    '(Intercept)': { estimate: 13.6676642924, se: 0.52449789437, df: 34.59065235 },
    session: { estimate: -0.3700181513, se: 0.03628764531, df: 23.20928882 },
  };
  for (const [name, w] of Object.entries(want)) {
    rel(m.fixed[name].estimate, w.estimate, 1e-5);
    rel(m.fixed[name].se, w.se, 1e-4);
    rel(m.fixed[name].df, w.df, 1e-3);
  }
  rel(m.logLik, -8930.03226807, 1e-6);
  expect(m.nobs).toBe(3488);
  expect(m.ngroups).toEqual({ patient: 300, session: 22 });
});
