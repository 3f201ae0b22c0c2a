import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { buildModel, contrastTest, contrastTestF, lmm } from '../../../src/stats/mixed/index.ts';
import { fixture, fixtureData } from './fixture.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('lmm: ICC of random intercepts', () => {
  it('nested REML: each intercept variance over their sum plus σ², from as.data.frame(VarCorr(fit)) of test/fixtures/mixed/lme4.R', () => {
    const R = fixture.fits.find((f) => f.name === 'nested REML')!;
    const fit = lmm(buildModel(R.formula, fixtureData(R.data)));
    const total = R.random.reduce((s, r) => s + r.vcov, 0);
    for (const r of R.random.filter((x) => x.group !== 'Residual')) {
      const icc = fit.icc.find((x) => x.group === r.group)!;
      expect(rel(icc.icc, r.vcov / total)).toBeLessThan(1e-4);
    }
  });
});

describe('lmm: grouping factor given as numeric ids', () => {
  it('sleepstudy with Subject as numbers gives the lme4 REML criterion 1743.6282722', () => {
    const d = fixtureData('sleepstudy');
    const subj = d.factor!.Subject;
    const numeric = { ...d.numeric!, Subject: Float64Array.from(subj.codes, (c) => Number(subj.levels[c])) };
    const fit = lmm(buildModel('Reaction ~ Days + (Days | Subject)', { numeric }));
    expect(fit.REMLcriterion!).toBeCloseTo(1743.6282722, 6);
    expect(fit.ngroups).toEqual({ Subject: 18 });
  });
});

describe('lmm: refuses what it cannot fit', () => {
  const data = fixtureData('sleepstudy');
  it('rank-deficient fixed effects', () => {
    const numeric = { ...data.numeric!, Days2: Float64Array.from(data.numeric!.Days as Float64Array, (v) => 2 * v) };
    expect(() => lmm(buildModel('Reaction ~ Days + Days2 + (1 | Subject)', { ...data, numeric }))).toThrow(/rank deficient: column 'Days2' is \(nearly\) a linear combination of '\(Intercept\)', 'Days'\. lme4 drops/);
    // the first redundant column is named, also when a later one is fine
    const later = { ...numeric, Later: Float64Array.from(data.numeric!.Days as Float64Array, (v, i) => v * v + (i % 3)) };
    expect(() => lmm(buildModel('Reaction ~ Days + Days2 + Later + (1 | Subject)', { ...data, numeric: later }))).toThrow(/column 'Days2'/);
    expect(() => lmm(buildModel('Reaction ~ Days + Later + Days2 + (1 | Subject)', { ...data, numeric: later }))).toThrow(/column 'Days2' is \(nearly\) a linear combination of '\(Intercept\)', 'Days', 'Later'/);
  });
  it('as many random effects as observations', () => {
    const n = (data.numeric!.Days as Float64Array).length;
    const obs = { codes: Int32Array.from({ length: n }, (_, i) => i), levels: Array.from({ length: n }, (_, i) => `o${i}`) };
    expect(() => lmm(buildModel('Reaction ~ Days + (1 | obs)', { ...data, factor: { ...data.factor, obs } }))).toThrow(StatInputError);
  });
  // lme4::lmer stops with "grouping factors must have > 1 sampled level"; with the check off, the
  // REML criterion is the same at every value of that factor's θ (an audit found 2546.2397957 at
  // every site θ), so the variance and the ICCs it fed were arbitrary.
  it('a grouping factor with one level (one site)', () => {
    const n = (data.numeric!.Days as Float64Array).length;
    const site = { codes: new Int32Array(n), levels: ['S01'] };
    expect(() => lmm(buildModel('Reaction ~ Days + (1 | site) + (1 | Subject)', { ...data, factor: { ...data.factor, site } }))).toThrow(
      "grouping factor 'site' has only 1 level in the data; a random effect needs at least 2",
    );
  });
  // Subject (a fixed factor) nested in half: every half's mean is a combination of Subject columns,
  // so the REML criterion is the same at every θ of (1 | half). lme4 (1.1-31) returns an arbitrary
  // SD (31.786 for this model) where it stopped; we printed θ's start value, 1, with no warning,
  // and an intercept df of −0.00. Under ML the criterion does depend on θ (log|V|) and both give 0.
  it('a random term the fixed effects absorb (REML)', () => {
    const subject = data.factor!.Subject;
    const half = { codes: Int32Array.from(subject.codes, (c) => Number(subject.levels[c]) % 6), levels: ['0', '1', '2', '3', '4', '5'] };
    const model = buildModel('Reaction ~ Subject + (1 | half)', { ...data, factor: { ...data.factor, half } });
    expect(() => lmm(model)).toThrow(/the random effects \(1 \| half\) are not identified: the REML criterion is the same whatever their variance/);
    const ml = lmm(model, { REML: false, satterthwaite: false });
    expect(ml.singular).toBe(true);
    expect(ml.random.find((r) => r.group === 'half')!.variance).toBeLessThan(1e-6);
  });
  it('a confidence level outside (0, 1)', () => {
    expect(() => lmm(buildModel('Reaction ~ Days + (1 | Subject)', data), { level: 95 })).toThrow(/confidence level/);
  });
});

describe('lmm: Wald z when Satterthwaite is switched off', () => {
  it('df is Infinity and the CI is β̂ ± 1.959964·SE (R: qnorm(0.975))', () => {
    const fit = lmm(buildModel('Reaction ~ Days + (1 | Subject)', fixtureData('sleepstudy')), { satterthwaite: false });
    const f = fit.fixed.Days;
    expect(f.df).toBe(Infinity);
    expect(f.ciUpper - f.estimate).toBeCloseTo(1.959963984540054 * f.se, 10);
  });
});

describe('contrastTest vs lmerTest::contest1D(fit, L, confint = TRUE)', () => {
  const C = fixture.contrasts;
  const R = fixture.fits.find((f) => f.name === C.fit)!;
  const fit = lmm(buildModel(R.formula, fixtureData(R.data)));
  it.each(C.rows.map((r) => [r.L.join(', '), r] as const))('L = (%s)', (_l, r) => {
    const c = contrastTest(fit, r.L);
    expect(rel(c.estimate, r.estimate)).toBeLessThan(1e-5);
    expect(rel(c.se, r.se)).toBeLessThan(1e-5);
    expect(rel(c.df, r.df)).toBeLessThan(1e-3);
    expect(rel(c.p, r.p)).toBeLessThan(1e-3);
    expect(rel(c.ciLower, r.ciLower)).toBeLessThan(1e-4);
    expect(rel(c.ciUpper, r.ciUpper)).toBeLessThan(1e-4);
  });
});

describe('contrastTestF vs lmerTest::contestMD(fit, L)', () => {
  const C = fixture.contrasts;
  const R = fixture.fits.find((f) => f.name === C.fit)!;
  const fit = lmm(buildModel(R.formula, fixtureData(R.data)));
  it.each(C.ftests.map((r) => [r.L.map((row) => row.join(' ')).join(' / '), r] as const))('L = %s', (_l, r) => {
    const f = contrastTestF(fit, r.L);
    expect(f.numDF).toBe(r.numDF);
    expect(rel(f.F, r.F)).toBeLessThan(1e-5);
    expect(rel(f.sumSq, r.sumSq)).toBeLessThan(1e-4);
    expect(rel(f.meanSq, r.meanSq)).toBeLessThan(1e-4);
    expect(rel(f.denDF, r.denDF)).toBeLessThan(1e-3);
    expect(rel(f.p, r.p)).toBeLessThan(1e-3);
  });
});
