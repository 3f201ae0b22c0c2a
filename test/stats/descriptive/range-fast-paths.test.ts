// rangeMean / rangeVariance take shortcuts (an exact sum certified to need no 64-bit rounding; an
// interval that decides R's last rounding) instead of emulating every extended-precision step.
// Their results must be those of the step-by-step emulation, bit for bit (Object.is): that
// emulation, as committed in 13e2a0c (equal to R 4.2.2 on the 360 series of
// descriptive-as-r.test.ts), is frozen in ./reference-extended/ and compared here on 120,000
// seeded random series of many kinds and scales (1e-300 … 1e300, within the documented limits of
// extended.ts and beyond them), with missing values, zeros of both signs, ties and cancellations.
import { describe, expect, it } from 'vitest';
import { rangeMean, rangeVariance } from '../../../src/stats/descriptive/index.ts';
import { rangeMean as referenceMean } from './reference-extended/range-mean.ts';
import { rangeVariance as referenceVariance } from './reference-extended/range-variance.ts';

/** Park–Miller minimal standard generator, seeded: the same series on every run. */
function generator(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

type Kind = (r: () => number, scale: number) => number;
const kinds: Record<string, Kind> = {
  normal: (r) => 50 + 10 * (r() + r() + r() - 1.5),
  integers: (r) => Math.floor(r() * 41),
  decimals: (r) => Math.round((1 + 6 * r()) * 100) / 100,
  elevenths: (r) => Math.floor(r() * 111) / 11,
  ties: (r) => [1.1, 2.2, 3.3][Math.floor(r() * 3)]!,
  offset: (r) => 1e6 + r() * 1e-3,
  centred: (r, scale) => scale * (r() + r() - 1),
  scaled: (r, scale) => scale * (0.5 + r()),
  cancelling: (r) => (r() < 0.5 ? -1 : 1) * (1 + r() * 1e-12) * (r() < 0.5 ? 1 : 2 ** 52),
  mixedScales: (r) => (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15),
  zeros: (r) => (r() < 0.4 ? 0 : r() < 0.5 ? -0 : r() - 0.5),
  constant: (_r, scale) => 0.1 * scale,
};
const names = Object.keys(kinds);

/** Series i of the run: its kind, length 1…24 (up to 200 for one in fifty), scale and missing values. */
function series(r: () => number, i: number): number[] {
  const kind = kinds[names[i % names.length]!]!;
  const n = r() < 0.02 ? 1 + Math.floor(r() * 200) : 1 + Math.floor(r() * 24);
  const scale = 10 ** Math.floor(r() * 601 - 300);
  const missing = r() < 0.3 ? 0.15 : 0;
  return Array.from({ length: n }, () => (r() < missing ? NaN : kind(r, scale)));
}

describe('rangeMean and rangeVariance equal the step-by-step emulation of R (./reference-extended, 13e2a0c) bit for bit', () => {
  it('on 120,000 random series of twelve kinds, scales 1e-300 … 1e300, with NaN, ±0, ties and cancellations', () => {
    const r = generator(20261122);
    const misses: string[] = [];
    for (let i = 0; i < 120_000; i++) {
      const x = series(r, i);
      const xs = i % 2 === 0 ? x : Float64Array.from(x);
      const from = x.length > 2 && i % 5 === 0 ? 1 : 0;
      const m = rangeMean(xs, from, x.length);
      const v = rangeVariance(xs, from, x.length);
      if (!Object.is(m, referenceMean(xs, from, x.length)) || !Object.is(v, referenceVariance(xs, from, x.length))) {
        if (misses.length < 5) misses.push(`${names[i % names.length]}: [${x.join(', ')}] from ${from}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('on long arrays (the step-by-step path) and infinite values', () => {
    const r = generator(7);
    const long = Float64Array.from({ length: 20_000 }, () => 50 + 10 * (r() + r() + r() - 1.5));
    expect(Object.is(rangeMean(long, 0, long.length), referenceMean(long, 0, long.length))).toBe(true);
    expect(Object.is(rangeVariance(long, 0, long.length), referenceVariance(long, 0, long.length))).toBe(true);
    for (const x of [[1, Infinity, 2], [-Infinity, Infinity], [1e308, 1e308, -1e308], [Infinity, Infinity]]) {
      expect(Object.is(rangeMean(x, 0, x.length), referenceMean(x, 0, x.length))).toBe(true);
      expect(Object.is(rangeVariance(x, 0, x.length), referenceVariance(x, 0, x.length))).toBe(true);
    }
  });
});
