// Random-slope fits where a local search stopped short of lme4's optimum and reported a lower
// likelihood with converged: true (found by randomized audits). Two optima have a random-effect
// correlation of −1 beyond a zero intercept SD (a stationary point, as the deviance is even in that θ):
// logLik −40.2474 against −39.8004, intercept SE 0.281 against 0.314; moving the diagonal θ inward must
// also try the opposite sign of the entries below it. Four stopped at another local minimum: an
// interior one with correlation −0.41 where lme4 ends at +1 (logLik −34.26176 against −34.24958), an
// interior one beside lme4's singular optimum (−79.8284 against −79.2185), zero variances (ML,
// −40.0371 against −40.0345) and a correlation of −1 where lme4 has zero variances (−31.5880 against
// −31.5094); restarts from mirrored and rank-one starts must find lme4's optimum. Reference:
// test/fixtures/mixed-boundary/mixed-boundary.R (lme4 1.1.31, lmerTest 3.1.3, default bobyqa), through
// `alliance mixed FILE --json`. Tolerances (relative): logLik 1e-6, SE 1e-4, df 1e-3 as the other
// lmerTest comparisons; estimate 1e-4 instead of 1e-5, because these optima are singular (lme4 stops at
// a slope θ of 0.00088, not 0) and the flat deviance there moves β̂ by ~4e-6.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inProcess } from '../../fixtures/sudden-cli/in-process.ts';

const dir = new URL('../../fixtures/mixed-boundary/', import.meta.url);
const fits = JSON.parse(readFileSync(new URL('mixed-boundary.json', dir), 'utf8')) as {
  file: string;
  formula: string;
  REML: boolean;
  logLik: number;
  fixed: Record<string, { estimate: number; se: number; df: number }>;
}[];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('lmm reaches lme4 optimum past a zero random-intercept SD or another local minimum', () => {
  for (const R of fits) {
    it(`${R.file}: ${R.formula}${R.REML ? '' : ' (ML)'}`, async () => {
      const out = await inProcess(['mixed', new URL(R.file, dir).pathname, '--formula', R.formula, ...(R.REML ? [] : ['--ml']), '--json']);
      expect(out.stderr).toBe('');
      const got = JSON.parse(out.stdout) as { logLik: number; converged: boolean; fixed: Record<string, { estimate: number; se: number; df: number }> };
      expect(rel(got.logLik, R.logLik)).toBeLessThan(1e-6);
      for (const [term, f] of Object.entries(R.fixed)) {
        expect(rel(got.fixed[term].estimate, f.estimate), term).toBeLessThan(1e-4);
        expect(rel(got.fixed[term].se, f.se), term).toBeLessThan(1e-4);
        expect(rel(got.fixed[term].df, f.df), term).toBeLessThan(1e-3);
      }
    });
  }
});
