import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel, lmm } from '../../../src/stats/mixed/index.ts';
import { fixtureData } from './fixture.ts';

// Affine change of the response y → a + b·y: the likelihood theory of the linear mixed model gives
// β₀ → a + b·β₀, β_j → b·β_j, variance components → b²·(…), t and Satterthwaite df unchanged, and
// the REML log-likelihood shifted by −(n − p)·log|b|.
describe('lmm: equivariance under an affine change of the response', () => {
  const base = fixtureData('sleepstudy');
  const formula = 'Reaction ~ Days + (Days | Subject)';
  const ref = lmm(buildModel(formula, base));
  it('holds for random a, b (sleepstudy, REML)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.boolean(), (a, b0, neg) => {
        const b = neg ? -b0 : b0;
        const y = (base.numeric!.Reaction as Float64Array).map((v) => a + b * v);
        const fit = lmm(buildModel(formula, { ...base, numeric: { ...base.numeric!, Reaction: y } }));
        const close = (x: number, y: number, tol: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(y)));
        close(fit.fixed['(Intercept)'].estimate, a + b * ref.fixed['(Intercept)'].estimate, 1e-7);
        close(fit.fixed.Days.estimate, b * ref.fixed.Days.estimate, 1e-7);
        close(fit.fixed.Days.df, ref.fixed.Days.df, 1e-4);
        fit.random.forEach((r, i) => close(r.variance, b * b * ref.random[i].variance, 1e-5));
        close(fit.logLik, ref.logLik - (ref.nobs - 2) * Math.log(Math.abs(b)), 1e-9);
      }),
      { numRuns: 15, seed: 20261122 },
    );
  });
});
