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

// The same invariance at scales where numDeriv's absolute step (1e-4 for a parameter below 1.78e-5),
// which lmerTest uses, crosses zero: a response in 1e-9 units made σ that small, a covariate in
// microdays made the slope's θ that small, and the df came out 0.00–0.88 with an infinite interval
// (lmerTest: 0.15 on the microday data). The derivatives are now taken in the data's units.
describe('lmm: Satterthwaite df do not depend on the units of the response or of a covariate', () => {
  const base = fixtureData('sleepstudy');
  const days = base.numeric!.Days as Float64Array;
  const reaction = base.numeric!.Reaction as Float64Array;
  const ref = lmm(buildModel('Reaction ~ Days + (Days | Subject)', base));
  const close = (x: number, y: number, tol: number) => expect(Math.abs(x - y), `${x} vs ${y}`).toBeLessThanOrEqual(tol * Math.abs(y));
  it.each([1e-9, 1e-6, 1e6, 1e9])('response × %s', (b) => {
    const fit = lmm(buildModel('Reaction ~ Days + (Days | Subject)', { ...base, numeric: { ...base.numeric!, Reaction: reaction.map((v) => v * b) } }));
    for (const term of ['(Intercept)', 'Days']) {
      close(fit.fixed[term].estimate, b * ref.fixed[term].estimate, 1e-6);
      close(fit.fixed[term].df, ref.fixed[term].df, 1e-4);
      close(fit.fixed[term].ciUpper, b * ref.fixed[term].ciUpper, 1e-4);
    }
  });
  it.each([1e-4, 1e-3, 1e3, 1e4, 1e5, 1e6])('covariate × %s', (s) => {
    const fit = lmm(buildModel('Reaction ~ Days + (Days | Subject)', { ...base, numeric: { ...base.numeric!, Days: days.map((v) => v * s) } }));
    close(fit.fixed.Days.estimate, ref.fixed.Days.estimate / s, 1e-4);
    close(fit.fixed.Days.t, ref.fixed.Days.t, 1e-3);
    close(fit.fixed.Days.df, ref.fixed.Days.df, 1e-3);
    close(fit.fixed['(Intercept)'].df, ref.fixed['(Intercept)'].df, 1e-3);
  });
});
