// welchAnovaFromMoments against (1) R: oneway.test(var.equal = FALSE / TRUE) values of
// test/fixtures/compare/compare.json (written by test/fixtures/compare/compare.R), tolerance 1e-10
// relative as in compare.test.ts; and (2) the one-pass path welchAnova on the same data with the
// groups interleaved, which must agree bit for bit (tolerance 0) when each group's moments are
// summed in its observation order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { welchAnova, welchAnovaFromMoments, type GroupMoments } from '../../../src/stats/compare/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';
import { createRng } from '../../../src/stats/random/index.ts';

type Num = Record<string, number>;
const fx = JSON.parse(readFileSync(new URL('../../fixtures/compare/compare.json', import.meta.url), 'utf8')) as {
  welch: { values: number[]; groups: number[]; welch: Num; classic: Num }[];
};
const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want) + 1e-300);

/** Moments of each group (codes ascending), summed in observation order. */
function moments(values: ArrayLike<number>, groups: ArrayLike<number>): GroupMoments {
  const codes = Float64Array.from(new Set(Array.from(groups))).sort();
  const k = codes.length;
  const size = new Uint32Array(k);
  const sum = new Float64Array(k);
  const ss = new Float64Array(k);
  codes.forEach((code, j) => {
    const v: number[] = [];
    for (let i = 0; i < values.length; i++) if (groups[i] === code) v.push(values[i]);
    size[j] = v.length;
    for (const x of v) sum[j] += x;
    // centred as R's var() centres: the plain mean plus the mean deviation from it
    let m = sum[j] / v.length;
    m += v.reduce((c, x) => c + (x - m), 0) / v.length;
    for (const x of v) ss[j] += (x - m) ** 2;
  });
  return { codes, size, sum, ss };
}

describe('welchAnovaFromMoments', () => {
  it.each(fx.welch)('matches R oneway.test on $groups.length observations', (c) => {
    const res = welchAnovaFromMoments(moments(c.values, c.groups));
    for (const k of ['F', 'df1', 'df2', 'p'] as const) close(res.welch[k], c.welch[k]);
    for (const k of ['F', 'df1', 'df2', 'p'] as const) close(res.classic[k], c.classic[k]);
  });

  it('equals welchAnova bit for bit on interleaved groups of unequal size and spread', () => {
    const rng = createRng(20261123);
    for (const k of [2, 3, 5, 9]) {
      const n = 400 + 37 * k;
      const groups = new Float64Array(n);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        groups[i] = 10 * rng.int(k) + 3; // codes 3, 13, 23, …, in random order
        values[i] = (groups[i] / 10) * rng.uniform() * 7.3 - 1.1 + rng.uniform() / 3;
      }
      const want = welchAnova(values, groups);
      const got = welchAnovaFromMoments(moments(values, groups));
      expect(got).toStrictEqual(want);
    }
  });

  it('refuses fewer than 2 groups, a group of 1, zero variance and unequal lengths', () => {
    const m = moments([1, 2, 3, 4, 6, 8], [0, 0, 0, 1, 1, 1]);
    expect(() => welchAnovaFromMoments({ ...m, codes: m.codes.subarray(0, 1), size: m.size.subarray(0, 1), sum: m.sum.subarray(0, 1), ss: m.ss.subarray(0, 1) })).toThrow(StatInputError);
    expect(() => welchAnovaFromMoments(moments([1, 2, 3, 4], [0, 0, 0, 1]))).toThrow(/1 observation/);
    expect(() => welchAnovaFromMoments(moments([1, 1, 1, 4, 5], [0, 0, 0, 1, 1]))).toThrow(/zero variance/);
    expect(() => welchAnovaFromMoments({ ...m, ss: m.ss.subarray(0, 1) })).toThrow(/differ in length/);
  });

  it('a group of equal decimals has zero variance (R: oneway.test(y ~ g) on y = c(0.1, 0.1, 0.1, 1, 2, 3) gives NaN)', () => {
    // the plain mean of 0.1, 0.1, 0.1 is off by an ulp: a variance of 2.9e−34 gave F = 10.83, p = .081
    expect(() => welchAnova([0.1, 0.1, 0.1, 1, 2, 3], [1, 1, 1, 2, 2, 2])).toThrow(/zero variance/);
    for (const v of [0.1, 0.3, 0.7, 2.3]) expect(() => welchAnova([v, v, v, v, v, v, v, 1, 2, 3], [1, 1, 1, 1, 1, 1, 1, 2, 2, 2])).toThrow(/zero variance/);
    expect(() => welchAnovaFromMoments(moments([0.1, 0.1, 0.1, 1, 2, 3], [1, 1, 1, 2, 2, 2]))).toThrow(/zero variance/);
  });
});
