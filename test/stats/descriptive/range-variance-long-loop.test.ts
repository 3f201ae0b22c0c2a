// Past 4096 values rangeVariance runs R's var() emulation with round64 / extendedSquare /
// extendedAdd written out in one loop (src/stats/descriptive/range-variance.ts,
// `extendedSumOfSquares`). Its extended sum of squares (hi and lo: the double variance would hide
// 11 of its bits) and the variance must be the step-by-step emulation's bit for bit (Object.is):
// that emulation, as it stood before the loop was written out (one call of round64,
// extendedSquare and extendedAdd per step; `stepwiseSum` below), and the frozen emulation of
// 13e2a0c (./reference-extended,
// equal to R 4.2.2 on the 360 series of descriptive-as-r.test.ts), on seeded long runs: integer
// scores with missing values, item means, decimals, wide magnitudes, constant runs; 4097 to 10^5
// values; the mean R uses and, to reach every branch of the loop, other centres given as `mean`.
import { describe, expect, it } from 'vitest';
import { rangeMean, rangeVariance } from '../../../src/stats/descriptive/index.ts';
import { extendedSumOfSquares } from '../../../src/stats/descriptive/range-variance.ts';
import { twoProductError, twoSumError } from '../../../src/stats/descriptive/error-free.ts';
import { extendedAdd, extendedDiv, extendedSquare, LOW, round64 } from '../../../src/stats/descriptive/extended.ts';
import { rangeVariance as frozenVariance } from './reference-extended/range-variance.ts';

/** The step-by-step emulation of R's extended Σ(v − m)² (rangeVariance's long path before it was written out): hi, lo in LOW[0]. */
function stepwiseSum(x: ArrayLike<number>, from: number, to: number, m: number): number {
  let sh = 0;
  let sl = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    const d = v + -m;
    const dh = round64(d, twoSumError(v, -m, d));
    const dl = LOW[0];
    const qh = dl === 0 ? round64(dh * dh, twoProductError(dh, dh, dh * dh)) : extendedSquare(dh, dl);
    sh = extendedAdd(sh, sl, qh, LOW[0]);
    sl = LOW[0];
  }
  LOW[0] = sl;
  return sh;
}

/** R's variance about m from the step-by-step sum. */
function stepwiseVariance(x: ArrayLike<number>, from: number, to: number, m: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!Number.isNaN(x[i]!)) n++;
  const sh = stepwiseSum(x, from, to, m);
  return extendedDiv(sh, LOW[0], n - 1);
}

/** Where the written-out loop's extended sum of squares and the variance differ from the step-by-step ones; '' if nowhere. */
function differs(x: ArrayLike<number>, from: number, to: number, c: number): string {
  const hi = extendedSumOfSquares(x, from, to, c);
  const lo = LOW[0];
  const rh = stepwiseSum(x, from, to, c);
  const rl = LOW[0];
  if (!Object.is(hi, rh) || !Object.is(lo, rl)) return `sum ${hi} + ${lo} vs ${rh} + ${rl}`;
  const v = rangeVariance(x, from, to, c);
  const rv = stepwiseVariance(x, from, to, c);
  return Object.is(v, rv) ? '' : `variance ${v} vs ${rv}`;
}

/** Park–Miller minimal standard generator, seeded: the same runs on every test. */
function generator(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

type Kind = (r: () => number) => number;
const kinds: Record<string, Kind> = {
  scores: (r) => Math.floor(r() * 61),
  itemMeans: (r) => {
    const k = 1 + Math.floor(r() * 5);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.floor(r() * 5);
    return s / k;
  },
  oneDigit: (r) => Math.round(r() * 70) / 10,
  twoDigits: (r) => Math.round((1 + 6 * r()) * 100) / 100,
  wide: (r) => (r() - 0.3) * 10 ** Math.floor(r() * 40 - 20),
  huge: (r) => 1e150 * (r() - 0.3),
  tiny: (r) => 1e-150 * (0.5 + r()),
  offset: (r) => 1e6 + r() * 1e-3,
  spread: (r) => r() * 2 ** Math.floor(r() * 24),
  constant: () => 0.1,
};

function run(r: () => number, kind: Kind, n: number): Float64Array {
  const missing = r() < 0.5 ? 0.05 : 0;
  return Float64Array.from({ length: n }, () => (r() < missing ? NaN : kind(r)));
}

describe("rangeVariance's written-out long loop equals the step-by-step emulation of R's var() bit for bit", () => {
  it('on seeded runs of 4097 to 100,000 values of ten kinds, about R’s mean and about other centres', () => {
    const r = generator(77123);
    const misses: string[] = [];
    let compared = 0;
    for (const [name, kind] of Object.entries(kinds)) {
      for (const n of [4097, 5000, 20_000, 100_000]) {
        const x = run(r, kind, n);
        const from = r() < 0.5 ? 0 : 1;
        const m = rangeMean(x, from, n);
        // R's centre, then centres that make the deviations inexact in 53 bits, and large ones
        const centres = [m, m * (1 + 2 ** -30), m + 1 / 3, -m * 1.7 + 0.1, 0];
        for (const c of n === 100_000 ? centres.slice(0, 2) : centres) {
          const miss = differs(x, from, n, c);
          compared++;
          if (miss && misses.length < 5) misses.push(`${name} n=${n} centre ${c}: ${miss}`);
        }
        if (n <= 20_000 && !Object.is(rangeVariance(x, from, n), frozenVariance(x, from, n)) && misses.length < 5) misses.push(`${name} n=${n}: differs from 13e2a0c`);
      }
    }
    expect(compared).toBe(10 * (3 * 5 + 2));
    expect(misses).toEqual([]);
  }, 120_000);

  it('on runs mixing scales 1e-15 … 1e15 (running sums needing more than two doubles) and on constant and two-valued runs, about centres one below a power of two', () => {
    const r = generator(4242);
    const cases: Float64Array[] = [
      Float64Array.from({ length: 30_000 }, () => (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15)),
      Float64Array.from({ length: 30_000 }, (_, i) => (i % 1000 === 0 ? 1e15 * r() : 1e-15 * r())),
      Float64Array.from({ length: 4097 }, () => 7),
      Float64Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 3 : -3)),
      Float64Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 2 ** 31 + 1 : 2 ** 31)),
      // about the centre −(1 − 2^-53): v − m = 1 − 2^-64, its double 1 and a low part on the finer grid below 1
      Float64Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 2 ** -53 - 2 ** -64 : 0.5)),
    ];
    for (const x of cases) {
      const m = rangeMean(x, 0, x.length);
      for (const c of [m, m + 0.3, 1e-300, -(1 - 2 ** -53)]) expect(differs(x, 0, x.length, c)).toBe('');
      expect(Object.is(rangeVariance(x, 0, x.length), frozenVariance(x, 0, x.length))).toBe(true);
    }
  }, 60_000);

  it('on 30,000 short ranges (1–6 values, where a long sum would hide a step’s rounding), with deviations one below a power of two', () => {
    const r = generator(9001);
    const names = Object.keys(kinds);
    const misses: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const kind = kinds[names[i % names.length]!]!;
      const x = Float64Array.from({ length: 1 + Math.floor(r() * 6) }, () => (r() < 0.05 ? NaN : kind(r)));
      // every fourth: v − c = 2^k · (1 − 2^-64), a double (2^k) whose low part lies on the finer grid below it
      const scale = 2 ** Math.floor(r() * 10);
      const c = i % 4 === 3 ? -(1 - 2 ** -53) * scale : i % 4 === 2 ? rangeMean(x, 0, x.length) + r() : rangeMean(x, 0, x.length);
      if (i % 4 === 3) x[0] = (2 ** -53 - 2 ** -64) * scale;
      const hi = extendedSumOfSquares(x, 0, x.length, c);
      const lo = LOW[0];
      const rh = stepwiseSum(x, 0, x.length, c);
      if ((!Object.is(hi, rh) || !Object.is(lo, LOW[0])) && misses.length < 5) misses.push(`[${x.join(', ')}] about ${c}: ${hi} + ${lo} vs ${rh} + ${LOW[0]}`);
    }
    expect(misses).toEqual([]);
  });
});
