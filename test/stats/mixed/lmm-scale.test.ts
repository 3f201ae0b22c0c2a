import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { buildModel, lmm, type MixedData } from '../../../src/stats/mixed/index.ts';

/** Relative difference, with an absolute floor for values near zero. */
const rel = (a: number, b: number, floor = 1e-8) => Math.abs(a - b) / Math.max(Math.abs(b), floor);
const TOL = { fixed: 1e-5, variance: 1e-4, logLik: 1e-6, df: 1e-3 };
const SCALE_WARNING = /very different scales/;

interface ScaleFit {
  data: string;
  formula: string;
  REML: boolean;
  fixed: Record<string, { estimate: number; se: number; df: number; t: number; p: number }>;
  random: { group: string; vcov: number }[];
  sigma2: number;
  logLik: number;
  scaleWarning: boolean;
}
const dir = new URL('../../fixtures/mixed-scale/', import.meta.url);
/** test/fixtures/mixed-scale/lme4.json, written by test/fixtures/mixed-scale/lme4-scale.R (lme4 1.1-31, lmerTest 3.1-3). */
const fits: ScaleFit[] = JSON.parse(readFileSync(new URL('lme4.json', dir), 'utf8')).fits;

/** A CSV of the fixture folder: the quoted column `p` as a factor, every other column numeric. */
function readData(name: string): Required<MixedData> {
  const [head, ...rows] = readFileSync(new URL(`${name}.csv`, dir), 'utf8').trim().split('\n');
  const names = head.split(',').map((s) => s.replace(/"/g, ''));
  const cells = rows.map((r) => r.split(',').map((s) => s.replace(/"/g, '')));
  const data: Required<MixedData> = { numeric: {}, factor: {} };
  names.forEach((v, j) => {
    if (v === 'p') {
      const levels = [...new Set(cells.map((c) => c[j]))].sort();
      data.factor[v] = { codes: Int32Array.from(cells, (c) => levels.indexOf(c[j])), levels };
    } else data.numeric[v] = Float64Array.from(cells, (c) => Number(c[j]));
  });
  return data;
}

// Before the fix the rank check ran on the unscaled X'X, so a predictor in the 10⁵s (or 10⁻⁶s) was
// refused as "rank deficient (collinear or constant columns)" although lme4 fits it.
describe.each(fits.map((f) => [`${f.formula} (${f.REML ? 'REML' : 'ML'})`, f] as const))('lmm vs lmerTest on predictors of large or tiny scale: %s', (_n, R) => {
  let fit: ReturnType<typeof lmm>;
  beforeAll(() => {
    fit = lmm(buildModel(R.formula, readData(R.data)), { REML: R.REML });
  });

  it(`fixed effects within ${TOL.fixed}, Satterthwaite df and p within ${TOL.df} (summary(fit)$coefficients)`, () => {
    expect(fit.fixedNames).toEqual(Object.keys(R.fixed));
    for (const [term, r] of Object.entries(R.fixed)) {
      const f = fit.fixed[term];
      expect(rel(f.estimate, r.estimate, 0)).toBeLessThan(TOL.fixed);
      expect(rel(f.se, r.se, 0)).toBeLessThan(TOL.fixed);
      expect(rel(f.t, r.t)).toBeLessThan(TOL.fixed);
      expect(rel(f.df, r.df)).toBeLessThan(TOL.df);
      expect(rel(f.p, r.p, 1e-300)).toBeLessThan(TOL.df);
    }
  });

  it(`variance components within ${TOL.variance}, logLik within ${TOL.logLik} (as.data.frame(VarCorr(fit)), logLik(fit))`, () => {
    expect(fit.random.map((r) => r.group)).toEqual(R.random.map((r) => r.group));
    R.random.forEach((r, i) => expect(rel(fit.random[i].variance, r.vcov, 1e-6)).toBeLessThan(TOL.variance));
    expect(rel(fit.sigma2, R.sigma2)).toBeLessThan(TOL.variance);
    expect(rel(fit.logLik, R.logLik)).toBeLessThan(TOL.logLik);
    expect(fit.converged).toBe(true);
  });

  it(`warns of very different scales exactly when lme4 does (${R.scaleWarning})`, () => {
    expect(fit.warnings.some((w) => SCALE_WARNING.test(w))).toBe(R.scaleWarning);
  });
});

describe('lmm: the scaled rank check still refuses collinear and constant columns', () => {
  const d = readData('scale2');
  const w = d.numeric.w as Float64Array;
  const n = w.length;
  // lme4 drops such columns ("fixed-effect model matrix is rank deficient so dropping 1 column"); we refuse them
  // the message names the redundant column and why (a combination of the earlier ones, constant, zero)
  const combination = /rank deficient: column 'z' is \(nearly\) a linear combination of '\(Intercept\)', 'x', 'w'\./;
  it.each([
    ['a multiple of a large-scale column', Float64Array.from(w, (v) => 3 * v), combination],
    ['a large-scale column plus a multiple of the intercept', Float64Array.from(w, (v) => v + 5e5), combination],
    ['a constant on a large scale beside the intercept', new Float64Array(n).fill(2e5), /rank deficient: column 'z' is constant, so it adds nothing to the intercept/],
    ['a constant on a tiny scale beside the intercept', new Float64Array(n).fill(3e-7), /rank deficient: column 'z' is constant/],
    ['a zero column', new Float64Array(n), /rank deficient: column 'z' is zero in every row/],
  ])('%s', (_what, z, message) => {
    expect(() => lmm(buildModel('y ~ x + w + z + (1 | p)', { ...d, numeric: { ...d.numeric, z } }))).toThrow(message);
  });
});

describe('lmm: an outcome without variation or without residual', () => {
  const d = readData('scale2');
  const x = d.numeric.x as Float64Array;
  // lmer fits a constant outcome with warnings only ("unable to evaluate scaled gradient", "not a
  // positive definite matrix"); before the fix we reported converged, no warning, t ≈ 1e24, df < 0.
  it('a constant outcome is refused, naming it (README: one clear message)', () => {
    const yc = new Float64Array(x.length).fill(5);
    const call = () => lmm(buildModel('yc ~ x + (1 | p)', { ...d, numeric: { ...d.numeric, yc } }));
    expect(call).toThrow(StatInputError);
    expect(call).toThrow('the outcome yc does not vary (all values equal): no model to fit');
  });
  // R: "Model failed to converge with 1 negative eigenvalue"; before the fix only the singular warning.
  it('an outcome fitted exactly (yp = 1 + 2x) is fitted, β = (1, 2), with a warning that the tests are meaningless', () => {
    const yp = Float64Array.from(x, (v) => 1 + 2 * v);
    const fit = lmm(buildModel('yp ~ x + (1 | p)', { ...d, numeric: { ...d.numeric, yp } }));
    expect(fit.fixed['(Intercept)'].estimate).toBeCloseTo(1, 10);
    expect(fit.fixed.x.estimate).toBeCloseTo(2, 10);
    expect(fit.warnings.some((w) => /fits the data exactly/.test(w))).toBe(true);
  });
  it('an ordinary fit has no such warning', () => {
    expect(lmm(buildModel('y ~ x + (1 | p)', d)).warnings.some((w) => /fits the data exactly/.test(w))).toBe(false);
  });
});
