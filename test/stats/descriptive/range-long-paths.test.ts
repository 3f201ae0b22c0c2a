// Past 4096 values rangeMean certifies R's extended sum exact on a common grid or emulates it,
// decides the correction by an interval bounded from the partial sums, and rangeVariance squares
// the deviations by a certified shortcut. Their results must be those of the step-by-step
// emulation as committed in 13e2a0c (equal to R 4.2.2 on the 360 series of
// descriptive-as-r.test.ts), frozen in ./reference-extended/, bit for bit (Object.is), on seeded
// long arrays of many kinds: integers, prorated decimals, halves, 1e6 + noise, tiny and huge
// values, sorted series (the interval cannot decide), missing values and sub-ranges.
import { describe, expect, it } from 'vitest';
import { rangeMean, rangeVariance } from '../../../src/stats/descriptive/index.ts';
import { extendedSquare, LOW } from '../../../src/stats/descriptive/extended.ts';
import { extended, extendedAdd as referenceAdd, extendedMul as referenceMul } from './reference-extended/extended.ts';
import { rangeMean as referenceMean } from './reference-extended/range-mean.ts';
import { rangeVariance as referenceVariance } from './reference-extended/range-variance.ts';

/** Park–Miller minimal standard generator, seeded: the same arrays on every run. */
function generator(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

type Kind = (r: () => number) => number;
const kinds: Record<string, Kind> = {
  integers: (r) => Math.floor(r() * 41),
  halves: (r) => Math.floor(r() * 81) / 2,
  prorated: (r) => (Math.floor(r() * 40) * 10) / (7 + Math.floor(r() * 3)),
  decimals: (r) => Math.round((1 + 6 * r()) * 100) / 100,
  normal: (r) => 50 + 10 * (r() + r() + r() - 1.5),
  offset: (r) => 1e6 + r() * 1e-3,
  offsetIntegers: (r) => 1e6 + Math.floor(r() * 5),
  tiny: (r) => 1e-300 * (0.5 + r()),
  huge: (r) => 1e250 * (r() - 0.3),
  centred: (r) => r() + r() - 1,
  mixedScales: (r) => (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15),
  bigIntegers: (r) => Math.floor(r() * 2 ** 50) - 2 ** 49,
};

const lengths = [4097, 4500, 6000, 10_000, 30_000, 200_000];

function misses(make: (r: () => number, kind: Kind, n: number) => Float64Array | number[], seed: number): string[] {
  const r = generator(seed);
  const out: string[] = [];
  for (const [name, kind] of Object.entries(kinds)) {
    for (const n of lengths) {
      if (n === 200_000 && !['integers', 'prorated', 'offset', 'normal'].includes(name)) continue;
      const x = make(r, kind, n);
      const from = r() < 0.5 ? 0 : 3;
      const to = x.length - (r() < 0.5 ? 0 : 2);
      const m = rangeMean(x, from, to);
      const v = rangeVariance(x, from, to);
      const rm = referenceMean(x, from, to);
      const rv = referenceVariance(x, from, to);
      if (!Object.is(m, rm) || !Object.is(v, rv)) out.push(`${name} n=${n}: mean ${m} vs ${rm}, var ${v} vs ${rv}`);
    }
  }
  return out;
}

describe('rangeMean and rangeVariance past 4096 values equal the step-by-step emulation of R (./reference-extended, 13e2a0c) bit for bit', () => {
  it('on long arrays of twelve kinds, with about 1% missing values', () => {
    const make = (r: () => number, kind: Kind, n: number) => Float64Array.from({ length: n }, () => (r() < 0.01 ? NaN : kind(r)));
    expect(misses(make, 20260101)).toEqual([]);
  }, 120_000);

  it('on sorted long arrays (partial sums of deviations as large as they get) as plain arrays', () => {
    const make = (r: () => number, kind: Kind, n: number) => Array.from({ length: n }, () => kind(r)).sort((a, b) => a - b);
    expect(misses(make, 424242)).toEqual([]);
  }, 120_000);

  it('on long arrays with zeros, infinities, an exact mean of 0 and overflowing sums', () => {
    const r = generator(99);
    const cases: number[][] = [
      Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 3 : -3)),
      Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? -0 : 0)),
      Array.from({ length: 5000 }, (_, i) => (i === 17 ? Infinity : r())),
      Array.from({ length: 5000 }, () => 1e308 * (r() < 0.5 ? 1 : -1)),
      Array.from({ length: 5000 }, (_, i) => (i < 4999 ? NaN : 1)),
      Array.from({ length: 5000 }, () => NaN),
      Array.from({ length: 8192 }, () => 0.1),
    ];
    for (const x of cases) {
      expect(Object.is(rangeMean(x, 0, x.length), referenceMean(x, 0, x.length))).toBe(true);
      expect(Object.is(rangeVariance(x, 0, x.length), referenceVariance(x, 0, x.length))).toBe(true);
    }
  });
});

describe('extendedSquare equals the reference extendedMul(d, d) bit for bit (hi and lo)', () => {
  it('on 300,000 deviations RN64(v − m) of many scales and on sparse-bit extended numbers (exact ties)', () => {
    const r = generator(31337);
    const d = extended();
    const q = extended();
    const out: string[] = [];
    const check = (h: number, l: number) => {
      const hi = extendedSquare(h, l);
      const lo = LOW[0];
      referenceMul(q, h, l, h, l);
      if ((!Object.is(hi, q[0]) || !Object.is(lo, q[1])) && out.length < 5) out.push(`(${h}, ${l}): ${hi} + ${lo} vs ${q[0]} + ${q[1]}`);
    };
    for (let i = 0; i < 200_000; i++) {
      const scale = 2 ** Math.floor(r() * 800 - 400);
      const m = scale * (r() * 100 - 50);
      const v = i % 3 === 0 ? m + scale * r() * 2 ** -Math.floor(r() * 40) : scale * (r() * 100 - 50);
      referenceAdd(d, v, 0, -m, 0);
      check(d[0]!, d[1]!);
    }
    for (let i = 0; i < 100_000; i++) {
      const scale = 2 ** Math.floor(r() * 200 - 100);
      const h = scale * (1 + Math.floor(r() * 1024) * 2 ** -Math.floor(10 + r() * 42));
      const l = scale * (r() < 0.5 ? -1 : 1) * Math.floor(1 + r() * 1023) * 2 ** -63;
      check(h, l);
    }
    expect(out).toEqual([]);
  });
});
