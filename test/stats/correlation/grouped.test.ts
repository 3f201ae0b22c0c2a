// Reference values: test/fixtures/correlation/correlation.R → correlation.json.
// partial: psych::partial.r + psych::corr.p(n = n − q), cross-checked with lm() residuals;
// rmcorr: lm(y ~ factor(subject) + x) with drop1() and psych::r.con(r, df + 2) (rmcorr ≥ 0.5.4);
// statsBy: psych::statsBy(data.frame(g, x, y), "g"). Tolerance 1e-8 relative.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { partialCorrelation, pearson, rmcorr, spearman, statsByWithinBetween } from '../../../src/stats/correlation/index.ts';
import { fixture, near } from './fixture.ts';

const REL = 1e-8;

describe('partialCorrelation matches psych::partial.r + corr.p and lm residuals', () => {
  const d = fixture.partial.data;
  for (const c of fixture.partial.cases) {
    it(`${c.call}`, () => {
      const covs = (c.q === 1 ? [c.covariates] : c.covariates).map((k: string) => d[k]);
      const res = partialCorrelation(d.x, d.y, covs, { method: c.method });
      expect(res.covariates).toBe(c.q);
      expect(res.df).toBe(c.df);
      expect(res.n).toBe(c.n);
      near(res.r, c.r, REL);
      near(res.r, c.lmResidualR, REL);
      near(res.t, c.t, REL);
      near(res.p, c.p, REL);
      near(res.ciLower, c.ciLower, REL);
      near(res.ciUpper, c.ciUpper, REL);
    });
  }

  it('with no covariates equals pearson / spearman', () => {
    const a = partialCorrelation(d.x, d.y, []);
    const b = pearson(d.x, d.y);
    near(a.r, b.r, 1e-12);
    near(a.p, b.p, 1e-10);
    near(a.ciLower, b.ciLower, 1e-12);
    const s = partialCorrelation(d.x, d.y, [], { method: 'spearman' });
    near(s.r, spearman(d.x, d.y).r, 1e-12);
  });

  it('rejects collinear covariates and covariates that explain x', () => {
    expect(() => partialCorrelation(d.x, d.y, [d.z1, d.z1])).toThrow(StatInputError);
    expect(() => partialCorrelation(d.x, d.y, [d.x])).toThrow(StatInputError);
    expect(() => partialCorrelation(d.x, d.y, [d.z1.slice(1)])).toThrow(StatInputError);
    expect(() => partialCorrelation([1, 2, 3, 4], [2, 1, 4, 3], [[1, 2, 2, 1]])).toThrow(StatInputError);
  });
});

describe('rmcorr matches the ANCOVA definition (Bakdash & Marusich 2017)', () => {
  const d = fixture.rmcorr.data;
  for (const c of fixture.rmcorr.cases) {
    it(`${c.call}`, () => {
      const res = rmcorr(Int32Array.from(d.subject), d.x, d.y, { level: c.level });
      expect(res.df).toBe(c.df);
      expect(res.subjects).toBe(14);
      near(res.r, c.r, REL);
      near(res.p, c.p, REL);
      near(res.slope, c.slope, REL);
      near(res.ciLower, c.ci[0], REL);
      near(res.ciUpper, c.ci[1], REL);
      // the pre-0.5.4 interval used df instead of df + 2: it must differ
      expect(Math.abs(res.ciLower - c.ciOldRmcorr[0])).toBeGreaterThan(1e-4);
    });
  }

  it('rejects too few observations per subject and mismatched lengths', () => {
    expect(() => rmcorr([1, 2, 3, 4], [1, 2, 3, 4], [1, 3, 2, 4])).toThrow(StatInputError);
    expect(() => rmcorr([1, 1, 2], [1, 2, 3, 4], [1, 3, 2, 4])).toThrow(StatInputError);
    expect(() => rmcorr([1, Number.NaN, 2, 2, 3, 3, 3], [1, 2, 3, 4, 5, 6, 7], [1, 3, 2, 4, 6, 5, 7])).toThrow(StatInputError);
  });
});

describe('statsByWithinBetween matches psych::statsBy', () => {
  const d = fixture.rmcorr.data;
  for (const c of fixture.statsBy) {
    it(`${c.call}`, () => {
      const res = statsByWithinBetween(d.subject, d.x, d.y, { method: c.method, level: c.level });
      expect(res.groups).toBe(c.nG);
      expect(res.n).toBe(c.N);
      near(res.within.r, c.rwg, REL);
      near(res.within.p, c.pwg, REL);
      near(res.within.ciLower, c.ciWg[0], REL);
      near(res.within.ciUpper, c.ciWg[1], REL);
      near(res.between.r, c.rbg, REL);
      near(res.between.p, c.pbg, REL);
      near(res.between.ciLower, c.ciBg[0], REL);
      near(res.between.ciUpper, c.ciBg[1], REL);
    });
  }

  it('pooled within-group r equals the repeated-measures r', () => {
    const a = statsByWithinBetween(d.subject, d.x, d.y);
    near(a.within.r, rmcorr(d.subject, d.x, d.y).r, 1e-12);
  });
});
