// Random-slope fits whose optimum has a random-effect correlation of −1: the search stopped where
// the intercept SD is 0 (a stationary point, as the deviance is even in that θ) and reported a lower
// likelihood than lme4 with converged: true — logLik −40.2474 against −39.8004, intercept SE 0.281
// against 0.314. Moving the diagonal θ inward must also try the opposite sign of the entries below
// it. Reference: test/fixtures/mixed-boundary/mixed-boundary.R (lme4 1.1.31, lmerTest 3.1.3, default
// bobyqa), through `alliance mixed FILE --json`. Tolerances (relative): logLik 1e-6, SE 1e-4, df
// 1e-3 as the other lmerTest comparisons; estimate 1e-4 instead of 1e-5, because both optima are
// singular (lme4 stops at a slope θ of 0.00088, not 0) and the flat deviance there moves β̂ by ~4e-6.
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

describe('lmm reaches lme4 optimum when it lies beyond a zero random-intercept SD', () => {
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
