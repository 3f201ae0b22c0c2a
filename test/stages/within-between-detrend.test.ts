// within-between with detrend keeps patients with a single alliance score: their trend is flat
// through the score, so the within part is 0 (as without detrend). DuckDB's regr_intercept is NULL
// and regr_slope NaN for one point, which dropped those rows under the ledger reason
// 'no-lagged-pair' (found by an audit against R). Reference: test/fixtures/within-between-detrend/
// detrend.R (lmerTest on hand-built within/between parts; four patients with one score).
// Tolerances as in test/stages/mixed-stages.test.ts: estimate 1e-5, SE 1e-4, df 1e-3 relative, logLik 1e-6.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const dir = join(REPO, 'test/fixtures/within-between-detrend');
const want = JSON.parse(readFileSync(join(dir, 'lmer.json'), 'utf8')) as { terms: string[]; estimate: number[]; se: number[]; df: number[]; nobs: number; patients: number; logLik: number };
const p = tempProject();
afterAll(() => p.dispose());

const rel = (got: number, w: number, tol: number) => expect(Math.abs(got - w), `${got} vs ${w}`).toBeLessThanOrEqual(tol * Math.abs(w));
const NAMES: Record<string, string> = { '(Intercept)': '(Intercept)', within: 'alliance_within', between: 'alliance_between', y_now: 'y_now', session: 'session' };

it('within-between detrend: single-score patients stay in the model (lmerTest)', async () => {
  const out = await runSpecText(
    p.dir,
    `name: wb
stages:
  - { id: sessions, type: ingest, file: ${join(dir, 'sessions.csv')} }
  - { id: wb, type: within-between, from: sessions, alliance: alliance, outcome: outcome, lag: 1, detrend: true }
`,
  );
  const m = (out.results.wb as { model: { fixed: Record<string, { estimate: number; se: number; df: number }>; nobs: number; ngroups: Record<string, number>; logLik: number } }).model;
  expect(m.nobs).toBe(want.nobs);
  expect(m.ngroups.patient).toBe(want.patients);
  want.terms.forEach((t, i) => {
    const f = m.fixed[NAMES[t]!]!;
    rel(f.estimate, want.estimate[i]!, 1e-5);
    rel(f.se, want.se[i]!, 1e-4);
    rel(f.df, want.df[i]!, 1e-3);
  });
  rel(m.logLik, want.logLik, 1e-6);
});
