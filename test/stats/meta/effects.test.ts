import { describe, expect, it } from 'vitest';
import { corToEffect, effectSizes, rma, zcorToR } from '../../../src/stats/meta/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';
import { close, closeAll, fx } from './fixture.ts';

describe('corToEffect vs escalc (metafor.R: escalc("ZCOR"/"COR", ri, ni, data = dat.molloy2014))', () => {
  it('ZCOR', () => {
    const e = corToEffect(fx.escalc.zcor.ri, fx.escalc.zcor.ni, 'ZCOR');
    closeAll(e.yi, fx.escalc.zcor.yi, 'yi', 1e-12);
    closeAll(e.vi, fx.escalc.zcor.vi, 'vi', 1e-12);
  });
  it('COR', () => {
    const e = corToEffect(fx.escalc.cor.ri, fx.escalc.cor.ni, 'COR');
    closeAll(e.yi, fx.escalc.cor.yi, 'yi', 1e-12);
    closeAll(e.vi, fx.escalc.cor.vi, 'vi', 1e-12);
  });
  it('methods.md item 7: first study yi = .18923, vi = .009434', () => {
    const e = corToEffect([0.187], [109]);
    expect(e.yi[0]).toBeCloseTo(0.18923, 5);
    expect(e.vi[0]).toBeCloseTo(0.009434, 6);
  });
  it('errors name the study for |r| = 1, missing n and n ≤ 3', () => {
    expect(() => corToEffect([0.2, 1], [50, 50])).toThrow(/study 2: \|r\| = 1/);
    expect(() => corToEffect([0.2, -1.2], [50, 50], 'COR')).toThrow(/study 2/);
    expect(() => corToEffect([0.2, 0.3], [50, Number.NaN])).toThrow(/study 2: sample size n is missing/);
    expect(() => corToEffect([0.2, 0.3], [50, null as unknown as number])).toThrow(/study 2: sample size n is missing/);
    expect(() => corToEffect([0.2, 0.3, 0.1], [50, 40, 3])).toThrow(/study 3: n = 3 is too small/);
    expect(() => corToEffect([0.2], [50, 40])).toThrow(StatInputError);
  });
  it('effectSizes converts sei and rejects bad variances', () => {
    expect(Array.from(effectSizes({ yi: [1, 2], sei: [0.1, 0.2] }).vi)).toEqual([0.1 ** 2, 0.2 ** 2]);
    expect(() => effectSizes({ yi: [1, 2], vi: [0.1, 0] })).toThrow(/study 2: vi must be positive/);
    expect(() => effectSizes({ yi: [1, Number.NaN], vi: [0.1, 0.1] })).toThrow(/study 2: effect size/);
    expect(() => effectSizes({ yi: [1, 2] })).toThrow(StatInputError);
  });
});

describe('edge cases', () => {
  it('k = 1 matches rma(yi, vi) on one study (metafor.R k1) and says so in notes', () => {
    const fit = rma({ yi: [fx.k1.yi], vi: [fx.k1.vi], method: 'REML' });
    close(fit.beta[0], fx.k1.beta, 'beta');
    close(fit.se[0], fx.k1.se, 'se');
    close(fit.pval[0], fx.k1.pval, 'pval');
    close(fit.ciLower[0], fx.k1.ciLower, 'ciLower');
    close(fit.ciUpper[0], fx.k1.ciUpper, 'ciUpper');
    expect(fit.tau2).toBe(0);
    expect([fit.QE, fit.QEp, fit.I2, fit.H2]).toEqual([fx.k1.QE, fx.k1.QEp, fx.k1.I2, fx.k1.H2]);
    expect(fit.notes.join(' ')).toMatch(/k = 1/);
    expect(fit.tau2CI).toBeNull();
    const knha = rma({ yi: [fx.k1.yi], vi: [fx.k1.vi], test: 'knha' }); // metafor falls back to z for k = 1
    expect(knha.test).toBe('z');
    close(knha.pval[0], fx.k1.pval, 'pval (knha → z)');
    // k = p = 2: test 't' fits with NA inference (rma-no-residual-df.test.ts); Knapp–Hartung has no scale factor
    expect(() => rma({ yi: [0.2, 0.3], vi: [0.01, 0.01], mods: [[1, 0], [1, 1]], method: 'FE', test: 'knha' })).toThrow(/degrees of freedom/);
  });
  it('sei input gives the same fit as vi = sei² (metafor: rma(yi, sei = …))', () => {
    const d = fx.designs.molloy;
    const a = rma({ yi: d.yi, vi: d.vi, method: 'REML' });
    const b = rma({ yi: d.yi, sei: d.vi.map(Math.sqrt), method: 'REML' });
    close(b.beta[0], a.beta[0], 'beta', 1e-12);
    close(b.tau2, a.tau2, 'tau2', 1e-9);
    expect(() => rma({ yi: d.yi, vi: d.vi, sei: d.vi })).toThrow(/either vi or sei/);
  });
  it('k = 2 fits and notes the imprecision', () => {
    const fit = rma({ yi: [0.1, 0.45], vi: [0.02, 0.03], method: 'REML' });
    expect(fit.notes.join(' ')).toMatch(/k = 2/);
  });
  it('tau2 at the boundary is noted', () => {
    const d = fx.designs.rand_zero;
    const fit = rma({ yi: d.yi, vi: d.vi, method: 'DL' });
    expect(fit.tau2).toBe(0);
    expect(fit.notes.join(' ')).toMatch(/boundary/);
  });
  it('rejects too many coefficients and a rank-deficient design', () => {
    expect(() => rma({ yi: [0.1, 0.2], vi: [0.01, 0.01], mods: [[1, 0], [1, 1]], method: 'REML' })).toThrow(/k > p/);
    expect(() => rma({ yi: [0.1, 0.2, 0.3], vi: [0.01, 0.01, 0.01], mods: [[1, 2], [1, 2], [1, 2]], method: 'FE' })).toThrow(/full rank/);
  });
});

describe('back-transformation to r (metafor.R: predict(rma(REML), transf = transf.ztor))', () => {
  it('matches metafor', () => {
    const d = fx.designs.molloy;
    const r = zcorToR(rma({ yi: d.yi, vi: d.vi, method: 'REML' }));
    close(r.estimate, fx.backTransform.pred, 'estimate');
    close(r.ciLower, fx.backTransform.ciLower, 'ciLower');
    close(r.ciUpper, fx.backTransform.ciUpper, 'ciUpper');
    close(r.piLower, fx.backTransform.piLower, 'piLower');
    close(r.piUpper, fx.backTransform.piUpper, 'piUpper');
  });
});

// methods.md "Numbers a test can check" item 7 (published table, rounded as printed there).
describe('methods.md item 7: metafor on dat.molloy2014 (ZCOR)', () => {
  const e = corToEffect(fx.escalc.zcor.ri, fx.escalc.zcor.ni);
  const table = [
    ['FE', 0.1252, 0.017, null, 60.69, 2.544, 0.1245, 0.0916, 0.1572, null, null],
    ['DL', 0.1496, 0.0312, 0.00776, 60.69, 2.544, 0.1485, 0.0883, 0.2076, -0.0336, 0.321],
    ['REML', 0.1499, 0.0316, 0.00811, 61.73, 2.613, 0.1488, 0.0878, 0.2087, -0.0371, 0.3248],
    ['PM', 0.151, 0.0331, 0.00948, 65.34, 2.885, 0.1499, 0.086, 0.2125, -0.0505, 0.3386],
    ['ML', 0.1487, 0.0302, 0.00693, 57.94, 2.378, 0.1477, 0.0894, 0.2049, -0.0248, 0.3115],
  ] as const;
  for (const [method, mu, se, tau2, i2, h2, r, lo, hi, pil, piu] of table) {
    it(method, () => {
      const fit = rma({ yi: e.yi, vi: e.vi, method });
      const bt = zcorToR(fit);
      expect(Math.abs(fit.beta[0] - mu)).toBeLessThan(5.01e-5);
      expect(Math.abs(fit.se[0] - se)).toBeLessThan(5.01e-5);
      if (tau2 != null) expect(Math.abs(fit.tau2 - tau2)).toBeLessThan(5.01e-6);
      expect(Math.abs(fit.I2 - i2)).toBeLessThan(5.01e-3);
      expect(Math.abs(fit.H2 - h2)).toBeLessThan(5.01e-4);
      expect(Math.abs(bt.estimate - r)).toBeLessThan(5.01e-5);
      expect(Math.abs(bt.ciLower - lo)).toBeLessThan(5.01e-5);
      expect(Math.abs(bt.ciUpper - hi)).toBeLessThan(5.01e-5);
      if (pil != null) {
        expect(Math.abs(bt.piLower! - pil)).toBeLessThan(5.01e-5);
        expect(Math.abs(bt.piUpper! - piu!)).toBeLessThan(5.01e-5);
      }
      expect(Math.abs(fit.QE - 38.16)).toBeLessThan(5.01e-4);
      expect(fit.QEdf).toBe(15);
    });
  }
  it('REML with Knapp–Hartung: SE .0328, df 15, r CI [.0799, .2163], PI [−.0543, .3401]', () => {
    const fit = rma({ yi: e.yi, vi: e.vi, method: 'REML', test: 'knha' });
    const bt = zcorToR(fit);
    expect(Math.abs(fit.se[0] - 0.0328)).toBeLessThan(5.01e-5);
    expect(fit.ddf).toBe(15);
    expect(Math.abs(bt.ciLower - 0.0799)).toBeLessThan(5.01e-5);
    expect(Math.abs(bt.ciUpper - 0.2163)).toBeLessThan(5.01e-5);
    expect(Math.abs(bt.piLower! + 0.0543)).toBeLessThan(5.01e-5);
    expect(Math.abs(bt.piUpper! - 0.3401)).toBeLessThan(5.01e-5);
  });
});
