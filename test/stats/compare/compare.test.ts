// Expected values: test/fixtures/compare/compare.R (formulas and sources listed in its header:
// Fisher z / Zou 2007 as cocor, TOST as TOSTER::corsum_test and TOSTmeta in base R,
// metafor::escalc("SMD"), oneway.test, anova(lm), metafor::rma(..., method = "FE")$QM, lme4 VarCorr).
// Tolerance: 1e-10 relative for closed forms (1e-8 where a p-value sits in a far tail).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareIndependentCorrelations,
  groupIndex,
  hedgesG,
  hedgesGSummary,
  hedgesJ,
  iccFromVariances,
  qBetween,
  tostCorrelation,
  tostCorrelationDifference,
  tostSmd,
  welchAnova,
} from '../../../src/stats/compare/index.ts';
import { rToD } from '../../../src/stats/correlation/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

type Num = Record<string, number>;
type Tost = Num & { decision: string };
const fx = JSON.parse(readFileSync(new URL('../../fixtures/compare/compare.json', import.meta.url), 'utf8')) as {
  compareCor: Num[];
  tostR: Tost[];
  tostDiff: (Tost & { marginScale: 'z' | 'r' })[];
  tostSmd: (Tost & { n1: number | null; n2: number | null })[];
  hedges: (Num & { x1: number[]; x2: number[] })[];
  welch: { values: number[]; groups: number[]; welch: Num; classic: Num }[];
  qBetween: Record<string, Num & { yi: number[]; vi: number[]; groups: number[]; groupEstimate: number[] }>;
  icc: Num;
};

const REL = 1e-10;
const close = (got: number, want: number, rel = REL) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-300);
const TEST_KEYS = ['zLower', 'zUpper', 'pLower', 'pUpper', 'pTost', 'nhstZ', 'nhstP'] as const;

describe('compareIndependentCorrelations: Fisher z and Zou (2007) interval', () => {
  it('methods.md item 6 (cocor output): r .60 vs .65, n 2700 each', () => {
    const res = compareIndependentCorrelations(0.6, 2700, 0.65, 2700);
    expect(res.z).toBeCloseTo(-3.0168, 4);
    expect(res.p).toBeCloseTo(0.0026, 4);
    expect(res.ciLower).toBeCloseTo(-0.0826, 4);
    expect(res.ciUpper).toBeCloseTo(-0.0175, 4);
  });
  it.each(fx.compareCor)('base-R formulas: r1 = $r1 (n $n1) vs r2 = $r2 (n $n2), level $level', (c) => {
    const res = compareIndependentCorrelations(c.r1, c.n1, c.r2, c.n2, c.level);
    for (const k of ['z', 'p', 'diff', 'ciLower', 'ciUpper'] as const) close(res[k], c[k]);
  });
  it('rejects |r| ≥ 1 and n ≤ 3', () => {
    expect(() => compareIndependentCorrelations(1, 50, 0.2, 50)).toThrow(StatInputError);
    expect(() => compareIndependentCorrelations(0.1, 3, 0.2, 50)).toThrow(StatInputError);
  });
});

describe('tostCorrelation as TOSTER::corsum_test(alternative = "equivalence") in base R', () => {
  it.each(fx.tostR)('r = $r, n = $n, bounds ($lower, $upper), alpha $alpha', (c) => {
    const res = tostCorrelation(c.r, c.n, [c.lower, c.upper], c.alpha);
    for (const k of TEST_KEYS) close(res[k], c[k], 1e-8);
    close(res.ciLower, c.ciLower);
    close(res.ciUpper, c.ciUpper);
    expect(res.decision).toBe(c.decision);
  });
  it('a symmetric margin equals explicit bounds', () => {
    expect(tostCorrelation(0.05, 400, 0.2)).toEqual(tostCorrelation(0.05, 400, [-0.2, 0.2]));
    expect(() => tostCorrelation(0.05, 400, 0)).toThrow(StatInputError);
    expect(() => tostCorrelation(0.05, 400, 1)).toThrow(StatInputError);
  });
});

describe('tostCorrelationDifference: TOST on atanh r1 − atanh r2', () => {
  it.each(fx.tostDiff)('r1 $r1 (n $n1) vs r2 $r2 (n $n2), bounds ($lower, $upper) on $marginScale', (c) => {
    const res = tostCorrelationDifference(c.r1, c.n1, c.r2, c.n2, [c.lower, c.upper], {
      alpha: c.alpha,
      marginScale: c.marginScale,
    });
    for (const k of [...TEST_KEYS, 'zDiff', 'ciLowerZ', 'ciUpperZ', 'zouCiLower', 'zouCiUpper'] as const)
      close(res[k], c[k], 1e-8);
    expect(res.decision).toBe(c.decision);
  });
});

describe('tostSmd as TOSTER::TOSTmeta in base R', () => {
  it.each(fx.tostSmd)('g $g, se $se, bounds ($lower, $upper)', (c) => {
    const input = c.n1 === null ? { g: c.g, se: c.se } : { g: c.g, n1: c.n1, n2: c.n2! };
    const res = tostSmd(input, [c.lower, c.upper], c.alpha);
    close(res.se, c.se);
    for (const k of [...TEST_KEYS, 'ciLower', 'ciUpper'] as const) close(res[k], c[k], 1e-8);
    expect(res.decision).toBe(c.decision);
  });
});

describe('hedgesG as metafor::escalc(measure = "SMD")', () => {
  it.each(fx.hedges)('n1 = $x1.length, n2 = $x2.length', (c) => {
    const res = hedgesG(c.x1, c.x2);
    for (const k of ['d', 'j', 'g', 'variance', 'ciLower', 'ciUpper'] as const) close(res[k], c[k]);
    const sd = (x: number[]) => Math.sqrt(x.reduce((a, v) => a + (v - mu(x)) ** 2, 0) / (x.length - 1));
    const mu = (x: number[]) => x.reduce((a, v) => a + v, 0) / x.length;
    const s = hedgesGSummary({ m1: mu(c.x1), sd1: sd(c.x1), n1: c.x1.length, m2: mu(c.x2), sd2: sd(c.x2), n2: c.x2.length });
    for (const k of ['g', 'variance', 'ciLower', 'ciUpper'] as const) close(s[k], c[k], 1e-9);
  });
  it('rejects constant groups', () => {
    expect(() => hedgesG([1, 1], [1, 1, 1])).toThrow(StatInputError);
  });
  // The same groups multiplied by 2^k (exact): d, J, g and the variance do not depend on scale, so
  // the reference is escalc on the unscaled data (same cases, same 1e-10). At 2^±560 (about
  // 1e±169) the squared deviations overflowed (refused: an SD of Infinity) or underflowed to 0
  // (refused: "pooled SD is 0"); R's sd() and escalc fail there too (d = 0 and ±Inf).
  it.each(fx.hedges.flatMap((c) => [-1000, -620, -560, -240, 240, 560, 660].map((k) => Object.assign({ k }, c))))('n1 = $x1.length, n2 = $x2.length, values × 2^$k', (c) => {
    const scale = (x: number[]) => x.map((v) => v * 2 ** (c.k / 2) * 2 ** (c.k / 2));
    const x1 = scale(c.x1);
    const x2 = scale(c.x2);
    expect(x1.map((v) => v / 2 ** (c.k / 2) / 2 ** (c.k / 2))).toEqual(c.x1);
    const res = hedgesG(x1, x2);
    for (const k of ['d', 'j', 'g', 'variance', 'ciLower', 'ciUpper'] as const) close(res[k], c[k]);
    // the summary form, from the scaled means and SDs
    const mu = (x: number[]) => x.reduce((a, v) => a + v, 0) / x.length;
    const sd = (x: number[]) => Math.sqrt(x.reduce((a, v) => a + ((v - mu(x)) * 2 ** -(c.k / 2)) ** 2, 0) / (x.length - 1)) * 2 ** (c.k / 2);
    const s = hedgesGSummary({ m1: mu(x1), sd1: sd(x1), n1: x1.length, m2: mu(x2), sd2: sd(x2), n2: x2.length });
    for (const k of ['g', 'variance', 'ciLower', 'ciUpper'] as const) close(s[k], c[k], 1e-9);
  });
});

describe('hedgesJ, the exact small-sample correction, to the last bits', () => {
  // Expected values: test/fixtures/hedges-j/hedges-j.py (mpmath, 60 digits, rounded to doubles).
  // R's exp(lgamma(m/2) − log(sqrt(m/2)) − lgamma((m − 1)/2)) (metafor's escalc) cancels digits
  // from m ≈ 10^4 and exceeds 1 at m = 10^9; the two lgammas were ours too (J = 1.0000038 there).
  // Tolerance: 4e-16 relative (two ulps), from m = 2 to 10^15. Against R itself at m ≤ 1000: the escalc
  // cases above (key j).
  const hj = JSON.parse(readFileSync(new URL('../../fixtures/hedges-j/hedges-j.json', import.meta.url), 'utf8')) as { cases: { m: number; J: number }[] };
  it.each(hj.cases)('m = $m', ({ m, J }) => {
    expect(Math.abs(hedgesJ(m) - J)).toBeLessThanOrEqual(4e-16 * J);
    expect(hedgesJ(m)).toBeLessThan(1);
  });
});

describe('welchAnova as oneway.test(var.equal = FALSE) and anova(lm(y ~ factor(g)))', () => {
  it.each(fx.welch)('$groups.length observations', (c) => {
    const res = welchAnova(c.values, Float64Array.from(c.groups));
    for (const k of ['F', 'df1', 'df2', 'p']) close(res.welch[k as 'F'], c.welch[k]);
    for (const k of ['F', 'df1', 'df2', 'p', 'ssBetween', 'ssWithin']) close(res.classic[k as 'F'], c.classic[k], 1e-9);
  });
  it('rejects a single group and a one-observation group', () => {
    expect(() => welchAnova([1, 2, 3], [1, 1, 1])).toThrow(StatInputError);
    expect(() => welchAnova([1, 2, 3], [1, 1, 2])).toThrow(StatInputError);
  });
});

describe('qBetween as metafor rma(..., mods = ~ factor(g), method = "FE")', () => {
  it.each(Object.entries(fx.qBetween))('%s', (_name, c) => {
    const res = qBetween(c.yi, c.vi, c.groups);
    for (const k of ['qBetween', 'df', 'p', 'qWithin', 'pWithin', 'qTotal', 'estimate', 'se'] as const)
      close(res[k], c[k], 1e-8);
    c.groupEstimate.forEach((v, j) => close(res.groupEstimate[j], v, 1e-8));
  });
});

describe('iccFromVariances on VarCorr(lmer(y ~ 1 + (1 | therapist)))', () => {
  it('τ² / (τ² + σ²)', () => {
    close(iccFromVariances(fx.icc.between, fx.icc.within).icc, fx.icc.icc);
    expect(() => iccFromVariances(-1, 2)).toThrow(StatInputError);
  });
});

describe('groupIndex', () => {
  it('orders codes ascending on both the lookup-table and the hash path', () => {
    const a = groupIndex([7, 2, 7, 11]);
    expect(Array.from(a.codes)).toEqual([2, 7, 11]);
    expect(Array.from(a.index)).toEqual([1, 0, 1, 2]);
    expect(Array.from(a.size)).toEqual([1, 2, 1]);
    const b = groupIndex([7.5, 2, 7.5, 1e12]);
    expect(Array.from(b.codes)).toEqual([2, 7.5, 1e12]);
    expect(Array.from(b.index)).toEqual([1, 0, 1, 2]);
    expect(() => groupIndex([1, NaN])).toThrow(StatInputError);
  });
});

describe('methods.md item 5 (correlation transforms used when restating modality results)', () => {
  it('r = .278 → Fisher z = .2855 (tostCorrelation reports it as zr)', () => {
    expect(tostCorrelation(0.278, 100, 0.1).zr).toBeCloseTo(0.2855, 4);
  });
  it('r → d = 2r/√(1 − r²): .278 → .579, .275 → .572, .29 → .606; r² of .22 = .0484 (rToD from src/stats/correlation)', () => {
    expect(rToD(0.278)).toBeCloseTo(0.579, 3);
    expect(rToD(0.275)).toBeCloseTo(0.572, 3);
    expect(rToD(0.29)).toBeCloseTo(0.606, 3);
    expect(0.22 ** 2).toBeCloseTo(0.0484, 10);
  });
});
