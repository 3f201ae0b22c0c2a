// Invariance properties every correlation coefficient must satisfy (fast-check, seeded).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kendall, pearson, spearman } from '../../../src/stats/correlation/index.ts';

const pairs = fc
  .integer({ min: 6, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
    ),
  )
  .filter(([x, y]) => new Set(x).size > 1 && new Set(y).size > 1);
const transform = fc.tuple(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }));
const kernels = { pearson, spearman, kendall } as const;
const opts = { seed: 3, numRuns: 150 };

describe.each(Object.entries(kernels))('%s', (_name, f) => {
  it('|r| ≤ 1, p ∈ [0, 1], lower ≤ r ≤ upper', () => {
    fc.assert(
      fc.property(pairs, ([x, y]) => {
        const res = f(x, y);
        expect(Math.abs(res.r)).toBeLessThanOrEqual(1);
        expect(res.p).toBeGreaterThanOrEqual(0);
        expect(res.p).toBeLessThanOrEqual(1);
        expect(res.ciLower).toBeLessThanOrEqual(res.r + 1e-12);
        expect(res.ciUpper).toBeGreaterThanOrEqual(res.r - 1e-12);
      }),
      opts,
    );
  });

  it('symmetric in x and y', () => {
    fc.assert(
      fc.property(pairs, ([x, y]) => {
        const a = f(x, y);
        const b = f(y, x);
        expect(b.r).toBeCloseTo(a.r, 12);
        expect(b.p).toBeCloseTo(a.p, 12);
      }),
      opts,
    );
  });

  it('invariant under positive linear transforms, sign flip under negation', () => {
    fc.assert(
      fc.property(pairs, transform, ([x, y], [a, b]) => {
        const base = f(x, y);
        const moved = f(
          x.map((v) => a * v + b),
          y,
        );
        const negated = f(
          x.map((v) => -v),
          y,
        );
        expect(moved.r).toBeCloseTo(base.r, 9);
        expect(negated.r).toBeCloseTo(-base.r, 12);
        expect(negated.p).toBeCloseTo(base.p, 9);
      }),
      opts,
    );
  });
});
