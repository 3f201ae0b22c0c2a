// rma() with as many coefficients as studies (k = p) under test "t", against metafor 3.8-1:
// test/fixtures/rma-no-residual-df/rma-no-residual-df.R. metafor fits the equal-effects model and
// leaves the p-values, confidence limits and the omnibus F test's p-value NA (0 residual df); we
// refused the fit. Tolerance: 1e-10 relative, 1e-12 absolute; R's NA must be NaN here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { regtest, rma, type RmaMethod } from '../../../src/stats/meta/index.ts';

const fx = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/rma-no-residual-df/rma-no-residual-df.json', import.meta.url)), 'utf8'));

function same(got: number | null, want: number | null, label: string): void {
  if (want === null) {
    expect(got === null || Number.isNaN(got), `${label}: ${got}, R gives NA`).toBe(true);
    return;
  }
  expect(got, label).not.toBeNull();
  expect(Math.abs(got! - want), `${label}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-10 * Math.abs(want) + 1e-12);
}
const sameSeq = (got: ArrayLike<number>, want: (number | null)[], label: string) => {
  expect(got.length, label).toBe(want.length);
  want.forEach((w, i) => same(got[i], w, `${label}[${i}]`));
};

describe('rma with k = p under test t (metafor fits it, with NA inference)', () => {
  for (const c of fx.cases) {
    it(`${c.name}: rma(yi, vi, mods, method = "${c.method}", test = "t")`, () => {
      const fit = rma({ yi: c.yi, vi: c.vi, mods: c.X, method: c.method as RmaMethod, test: 't' });
      expect(fit.k).toBe(fit.p);
      for (const key of ['beta', 'se', 'zval', 'pval', 'ciLower', 'ciUpper', 'fitted'] as const) sameSeq(fit[key], c[key], key);
      sameSeq(fit.weights, c.weights, 'weights');
      c.vb.forEach((row: number[], a: number) => sameSeq(fit.vb[a], row, `vb[${a}]`));
      expect(fit.ddf).toBe(c.ddf);
      expect(fit.QMdf).toEqual(c.QMdf);
      for (const key of ['QM', 'QMp', 'QE', 'QEp', 'I2', 'H2', 'R2', 'tau2'] as const) same(fit[key], c[key], key);
      same(fit.logLik.ML, c.llML, 'logLik.ML');
      same(fit.logLik.REML, c.llREML, 'logLik.REML');
      expect(fit.notes.join(' ')).toMatch(/no residual degrees of freedom/);
    });
  }

  it("regtest(model = 'rma') on a k = 2 equal-effects fit under test t (its Egger model has k = p)", () => {
    const r = fx.regtest;
    const eg = regtest(rma({ yi: r.yi, vi: r.vi, method: r.method, test: 't' }), 'rma');
    same(eg.zval, r.zval, 'zval');
    same(eg.pval, r.pval, 'pval');
    expect(eg.ddf).toBe(r.ddf);
    same(eg.est, r.est, 'est');
    same(eg.ciLower, r.ciLower, 'ciLower');
    same(eg.ciUpper, r.ciUpper, 'ciUpper');
  });

  it('still refuses what metafor cannot fit: a random-effects model with k = p, and Knapp–Hartung with k = p', () => {
    const c = fx.cases[0];
    expect(() => rma({ yi: c.yi, vi: c.vi, mods: c.X, method: 'REML', test: 't' })).toThrow(/k > p/);
    expect(() => rma({ yi: c.yi, vi: c.vi, mods: c.X, method: 'FE', test: 'knha' })).toThrow(/k − p ≥ 1/);
  });
});
