// Reference values: test/fixtures/correlation/correlation.R → correlation.json (R 4.x, psych).
// Each case carries the R call its numbers come from. Closed forms are compared at 1e-8 relative
// (`REL`), p-values with an absolute floor of 1e-15 for values near zero.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import {
  centredCrossProducts,
  correlationCi,
  fisherZ,
  fisherZInverse,
  kendall,
  pearson,
  pearsonR,
  rankAverage,
  rToD,
  spearman,
} from '../../../src/stats/correlation/index.ts';
import { fixture, near, nearAll } from './fixture.ts';

const REL = 1e-8;
const P_ABS = 1e-15;

describe('pearson, spearman and kendall match cor.test / psych::corr.test', () => {
  for (const c of fixture.corTest) {
    const d = fixture.data[c.data];
    const label = `${c.data} (n = ${c.n}, level = ${c.level})`;

    it(`pearson: ${c.pearson.call} on ${label}`, () => {
      const res = pearson(d.x, d.y, { level: c.level });
      expect(res.method).toBe('pearson');
      expect(res.n).toBe(c.n);
      expect(res.df).toBe(c.pearson.df);
      const { r, t, ciLower, ciUpper } = c.pearson;
      nearAll(res, { r, t, ciLower, ciUpper, fisherZ: Math.atanh(r) }, REL);
      near(res.p, c.pearson.p, REL, P_ABS);
    });

    it(`spearman: ${c.spearman.call} on ${label}`, () => {
      const s = c.spearman;
      const res = spearman(d.x, d.y, { level: c.level, exact: false });
      nearAll(res, { r: s.r, S: s.S, t: s.psychT, ciLower: s.psychLower, ciUpper: s.psychUpper }, REL);
      near(res.p, s.p, REL, P_ABS);
      near(res.p, s.psychP, REL, P_ABS);
      const fieller = spearman(d.x, d.y, { level: c.level, ciMethod: 'fieller' });
      nearAll(fieller, { ciLower: s.fiellerLower, ciUpper: s.fiellerUpper }, REL);
      const bw = spearman(d.x, d.y, { level: c.level, ciMethod: 'bonett-wright' });
      nearAll(bw, { ciLower: s.bonettWrightLower, ciUpper: s.bonettWrightUpper }, REL);
    });

    it(`kendall: ${c.kendall.call} on ${label}`, () => {
      const k = c.kendall;
      const res = kendall(d.x, d.y, { level: c.level, exact: false });
      nearAll(res, { r: k.r, z: k.z, ciLower: k.fiellerLower, ciUpper: k.fiellerUpper }, REL);
      near(res.p, k.p, REL, P_ABS);
      expect(Number.isInteger(res.S)).toBe(true);
      const cc = kendall(d.x, d.y, { level: c.level, continuity: true, exact: false });
      near(cc.z, c.kendall.zContinuity, REL);
      near(cc.p, c.kendall.pContinuity, REL, P_ABS);
    });
  }

  it('kendall on n = 2000 with ties is fast (Knight O(n log n); ~3 ms unloaded, bound generous for CI)', () => {
    const d = fixture.data.big;
    kendall(d.x, d.y);
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) kendall(d.x, d.y);
    expect((performance.now() - t0) / 10).toBeLessThan(200);
  });
});

describe('Fisher z helpers (methods.md §5; psych::fisherz, psych::r.con)', () => {
  const t = fixture.transforms;
  it.each(t.r.map((r: number, i: number) => [r, t.z[i], t.d[i]]) as [number, number, number][])('r = %d → z, d', (r: number, z: number, d: number) => {
    near(fisherZ(r), z, 1e-12);
    near(fisherZInverse(z), r, 1e-12);
    near(rToD(r), d, 1e-12);
  });

  it('methods.md: r = .278 → z = .2855, d = .579; r = .275 → d = .572; r = .29 → d = .606', () => {
    expect(fisherZ(0.278).toFixed(4)).toBe('0.2855');
    expect(rToD(0.278).toFixed(3)).toBe('0.579');
    expect(rToD(0.275).toFixed(3)).toBe('0.572');
    expect(rToD(0.29).toFixed(3)).toBe('0.606');
  });

  it.each(
    t.rcon.map((c: { r: number; n: number; level: number; ci: number[] }) => [c.r, c.n, c.level, c.ci]) as [number, number, number, number[]][],
  )(
    'correlationCi(%d, %d, %d) = psych::r.con',
    (r: number, n: number, level: number, ci: number[]) => {
      const res = correlationCi(r, n, level);
      near(res.ciLower, ci[0], REL);
      near(res.ciUpper, ci[1], REL);
    },
  );

  it('rmcorr CI_fix vignette (rmcorr 0.5.4): r_rm = .88 with df = 4 → 95% CI [0.2394418, 0.9868084]', () => {
    // published: psych::r.con(0.88, 6, p = 0.95), i.e. effective n = df + 2
    const ci = correlationCi(0.88, 4 + 2);
    expect(ci.ciLower.toFixed(7)).toBe('0.2394418');
    expect(ci.ciUpper.toFixed(7)).toBe('0.9868084');
  });

  it('correlationCi with q covariates uses n − 3 − q', () => {
    const a = correlationCi(0.3, 50, 0.95, 2);
    const b = correlationCi(0.3, 48, 0.95);
    expect(a).toEqual(b);
  });

  it('rejects impossible inputs', () => {
    expect(() => fisherZ(1.2)).toThrow(StatInputError);
    expect(() => fisherZ(Number.NaN)).toThrow(StatInputError);
    expect(() => rToD(1)).toThrow(StatInputError);
    expect(() => correlationCi(0.3, 3)).toThrow(StatInputError);
    expect(() => correlationCi(0.3, 30, 1)).toThrow(StatInputError);
  });
});

describe('input checks', () => {
  it('rejects NaN, unequal lengths, too few pairs and constant variables', () => {
    expect(() => pearson([1, 2, Number.NaN, 4, 5], [1, 2, 3, 4, 5])).toThrow(StatInputError);
    expect(() => pearson([1, 2, 3, 4], [1, 2, 3])).toThrow(StatInputError);
    expect(() => pearson([1, 2, 3], [1, 2, 3])).toThrow(StatInputError);
    expect(() => pearson([1, 1, 1, 1], [1, 2, 3, 4])).toThrow(StatInputError);
    expect(() => spearman([1, 2, 3, 4], [5, 5, 5, 5])).toThrow(StatInputError);
    expect(() => kendall([1, 2, 3, 4, 5], [2, 2, 2, 2, 2])).toThrow(StatInputError);
    expect(() => kendall([1, 2, 3, 4], [1, 2, 3, 4])).toThrow(StatInputError);
    expect(() => spearman([1, 2, 3, 4], [1, 3, 2, 4], { ciMethod: 'nope' as never })).toThrow(StatInputError);
  });

  it('a constant column of decimals is constant: its mean is its value exactly, as in R', () => {
    // R: cor.test(rep(0.7, 6), c(1, 2, 3, 4, 5, 7)) → NA, "the standard deviation is zero" (the
    // plain mean of six 0.7s is 0.7 − 1 ulp, which gave r = −7.5e−17, p = 1)
    expect(() => pearson([0.7, 0.7, 0.7, 0.7, 0.7, 0.7], [1, 2, 3, 4, 5, 7])).toThrow(/zero variance/);
    for (const v of [0.1, 0.3, 0.7, 1.1, 2.3, 4.35]) for (const n of [3, 5, 6, 7, 10, 49]) {
      expect(() => pearsonR(new Array(n).fill(v), Array.from({ length: n }, (_, i) => i * i))).toThrow(/zero variance/);
    }
    expect(centredCrossProducts([0.7, 0.7, 0.7, 0.7, 0.7, 0.7], [1, 2, 3, 4, 5, 7])).toMatchObject({ meanX: 0.7, sxx: 0, sxy: 0 });
  });

  it('computes r where squared deviations overflow doubles, as R in long double (more in correlation-scale.test.ts)', () => {
    // R: cor(1:6 * 1e160, c(2, 1, 4, 3, 6, 5)) = 0.82857142857142863; cor(c(-1.5e308, 1.5e308, 0, 1, 2, 3),
    // c(2, 1, 4, 3, 6, 5)) = -0.1690309 (there even x's spread overflows). Both were refused.
    near(pearson([1, 2, 3, 4, 5, 6].map((v) => v * 1e160), [2, 1, 4, 3, 6, 5]).r, 0.82857142857142863, 1e-15);
    near(pearson([-1.5e308, 1.5e308, 0, 1, 2, 3], [2, 1, 4, 3, 6, 5]).r, -0.1690309, 5e-7);
  });

  it('rankAverage matches rank(c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5))', () => {
    // R: rank(c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)) → 4.5 1.5 6 1.5 8 11 3 10 8 4.5 8
    expect(Array.from(rankAverage([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
  });

  it('perfect correlation gives r = 1, t = Infinity, p = 0 (as cor.test)', () => {
    const res = pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(res.r).toBe(1);
    expect(res.t).toBe(Infinity);
    expect(res.p).toBe(0);
    expect(res.ciUpper).toBe(1);
  });
});
