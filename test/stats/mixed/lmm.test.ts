import { describe, expect, it } from 'vitest';
import { buildModel, fittedValues, lmm } from '../../../src/stats/mixed/index.ts';
import { fixture, fixtureData } from './fixture.ts';

/** Relative difference, with an absolute floor for values near zero. */
const rel = (a: number, b: number, floor = 1e-8) => Math.abs(a - b) / Math.max(Math.abs(b), floor);

const TOL = { fixed: 1e-5, variance: 1e-4, logLik: 1e-6, df: 1e-3, ranef: 1e-4 };

// Every expected number below comes from test/fixtures/mixed/lme4.R:
//   lmerTest::lmer(formula, data, REML, control = lmerControl(optimizer = "bobyqa", …)),
//   summary(fit)$coefficients, as.data.frame(VarCorr(fit)), logLik(fit), REMLcrit(fit) / deviance(fit),
//   AIC(fit), BIC(fit), ngrps(fit), isSingular(fit), ranef(fit), vcov(fit).
describe.each(fixture.fits.map((f) => [f.name, f] as const))('lmm vs lme4/lmerTest: %s', (_name, R) => {
  const model = buildModel(R.formula, fixtureData(R.data));
  const fit = lmm(model, { REML: R.REML });

  it(`fixed effects of ${R.formula} within ${TOL.fixed} (summary(fit)$coefficients)`, () => {
    expect(fit.fixedNames).toEqual(Object.keys(R.fixed));
    for (const [term, r] of Object.entries(R.fixed)) {
      const f = fit.fixed[term];
      expect(rel(f.estimate, r.estimate)).toBeLessThan(TOL.fixed);
      expect(rel(f.se, r.se)).toBeLessThan(TOL.fixed);
      expect(rel(f.t, r.t)).toBeLessThan(TOL.fixed);
    }
    const p = fit.fixedNames.length;
    R.vcovBeta.forEach((row, i) => row.forEach((v, j) => expect(rel(fit.vcovBeta[i * p + j], v, 1e-10)).toBeLessThan(TOL.fixed)));
  });

  it(`Satterthwaite df, p and t-based CI within ${TOL.df} (lmerTest summary)`, () => {
    for (const [term, r] of Object.entries(R.fixed)) {
      const f = fit.fixed[term];
      expect(rel(f.df, r.df)).toBeLessThan(TOL.df);
      expect(rel(f.p, r.p, 1e-300)).toBeLessThan(TOL.df);
      expect(rel(f.ciLower, r.ciLower, 1e-6)).toBeLessThan(TOL.df);
      expect(rel(f.ciUpper, r.ciUpper, 1e-6)).toBeLessThan(TOL.df);
    }
  });

  it(`variance components within ${TOL.variance} (as.data.frame(VarCorr(fit)))`, () => {
    expect(fit.random.map((r) => [r.group, r.term1, r.term2])).toEqual(R.random.map((r) => [r.group, r.term1, r.term2]));
    R.random.forEach((r, i) => {
      const f = fit.random[i];
      expect(rel(f.variance, r.vcov, 1e-6)).toBeLessThan(TOL.variance);
      expect(rel(r.term2 === null ? f.sd! : f.corr!, r.sdcor, 1e-4)).toBeLessThan(TOL.variance);
    });
    expect(rel(fit.sigma2, R.sigma2)).toBeLessThan(TOL.variance);
  });

  it(`logLik, criterion, AIC, BIC within ${TOL.logLik}; nobs, ngroups, singular exact`, () => {
    expect(rel(fit.logLik, R.logLik)).toBeLessThan(TOL.logLik);
    expect(rel((R.REML ? fit.REMLcriterion : fit.deviance)!, R.REMLcriterion)).toBeLessThan(TOL.logLik);
    expect(rel(fit.AIC, R.AIC)).toBeLessThan(TOL.logLik);
    expect(rel(fit.BIC, R.BIC)).toBeLessThan(TOL.logLik);
    expect(fit.nobs).toBe(R.nobs);
    expect(fit.ngroups).toEqual(R.ngroups);
    expect(fit.singular).toBe(R.singular);
    expect(fit.converged).toBe(true);
  });

  it(`theta and conditional modes within ${TOL.ranef} (getME(fit, "theta"), ranef(fit))`, () => {
    const theta = ([] as number[]).concat(R.theta);
    theta.forEach((t, i) => expect(Math.abs(fit.theta[i] - t)).toBeLessThan(TOL.ranef * Math.max(1, Math.abs(t))));
    for (const [group, r] of Object.entries(R.ranef)) {
      const f = fit.ranef.find((x) => x.group === group)!;
      expect(f.terms).toEqual(r.terms);
      const q = r.terms.length;
      const scale = Math.max(...r.values.flat().map(Math.abs), 1e-8);
      r.levels.forEach((lv, i) => {
        const li = f.levels.indexOf(lv);
        expect(li).toBeGreaterThanOrEqual(0);
        for (let j = 0; j < q; j++) expect(Math.abs(f.values[li * q + j] - r.values[i][j]) / scale).toBeLessThan(TOL.ranef);
      });
    }
  });
});

describe.each(fixture.fits.map((f) => [f.name, f] as const))('fittedValues vs lme4 fitted() and predict(re.form = NA): %s', (_name, R) => {
  it('same rows after listwise deletion (rownames(model.frame(fit))), fitted within 1e-6 relative', () => {
    const model = buildModel(R.formula, fixtureData(R.data));
    const fit = lmm(model, { REML: R.REML, satterthwaite: false });
    expect(Array.from(model.rows, (r) => r + 1)).toEqual(R.rows);
    const fv = fittedValues(model, fit);
    R.fitted.forEach((v, i) => expect(rel(fv.fitted[i], v, 1)).toBeLessThan(1e-6));
    R.population.forEach((v, i) => expect(rel(fv.population[i], v, 1)).toBeLessThan(1e-6));
    expect(Math.abs(fv.residuals[0] - (model.y[0] - fv.fitted[0]))).toBe(0);
  });
});

describe('sleepstudy reference values (lme4 documentation, ?sleepstudy)', () => {
  it('REML criterion 1743.6282722 and fixed effects 251.405104848485, 10.467285959595', () => {
    const fit = lmm(buildModel('Reaction ~ Days + (Days | Subject)', fixtureData('sleepstudy')));
    expect(fit.REMLcriterion!).toBeCloseTo(1743.6282722, 6);
    expect(rel(fit.fixed['(Intercept)'].estimate, 251.405104848485)).toBeLessThan(1e-9);
    expect(rel(fit.fixed.Days.estimate, 10.467285959595)).toBeLessThan(1e-9);
  });
});

describe('listwise deletion', () => {
  it('drops the 7 rows with a missing phq, time or modality (R: nobs 353 of 360)', () => {
    const fit = lmm(buildModel('phq ~ modality * time + (time | patient)', fixtureData('categorical')));
    expect(fit.dropped).toBe(7);
    expect(fit.nobs).toBe(353);
  });
});

// lme4 fits a model without fixed effects (p = 0), e.g. lmer(Reaction ~ 0 + (1 | Subject), sleepstudy);
// the fits against lme4.json above include eight such models ("no fixed effects" in their names)
describe('no fixed effects (p = 0), as lme4 fits y ~ 0 + (1 | g)', () => {
  const data = fixtureData('sleepstudy');
  it('y ~ 0 + (1 | g) and y ~ -1 + (1 | g) build p = 0 with an empty X', () => {
    for (const f of ['Reaction ~ 0 + (1 | Subject)', 'Reaction ~ -1 + (1 | Subject)', 'Reaction ~ 0 + (Days | Subject)']) {
      const m = buildModel(f, data);
      expect(m.p).toBe(0);
      expect(m.fixedNames).toEqual([]);
      expect(m.X.length).toBe(0);
    }
  });
  it('REML and ML give the same criterion (log|R_X|² = 0, n − p = n), −2 logLik; npar = θ + σ; no fixed effects, vcov or Satterthwaite', () => {
    const m = buildModel('Reaction ~ 0 + (Days | Subject)', data);
    const reml = lmm(m);
    const ml = lmm(m, { REML: false });
    expect(reml.REMLcriterion).toBe(ml.deviance);
    expect(reml.logLik).toBe(ml.logLik);
    expect(Math.abs(reml.REMLcriterion! + 2 * reml.logLik)).toBeLessThan(1e-9);
    expect(reml.npar).toBe(4);
    expect(reml.fixed).toEqual({});
    expect(reml.vcovBeta.length).toBe(0);
    expect(reml.satterthwaite).toBeNull();
    expect(reml.warnings).toEqual([]);
    const fv = fittedValues(m, reml);
    expect(fv.population.every((v) => v === 0)).toBe(true);
  });
});
