// runMeans: each group's mean equals rangeMean over that group's rows (the R-exact mean of
// mean.test.ts / descriptive-as-r.test.ts), for random groupings with gaps, empty and all-missing
// groups, bit for bit (Object.is); the stage test against R is test/stages/patients-means-as-r.test.ts.
import { describe, expect, it } from 'vitest';
import { rangeMean, runMeans } from '../../../src/stats/descriptive/index.ts';

/** A seeded uniform generator (mulberry32), so a failure can be replayed. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('runMeans', () => {
  it('equals rangeMean per group on 200 random groupings (gaps, missing values, prorated-looking scores)', () => {
    const u = uniform(20261123);
    for (let trial = 0; trial < 200; trial++) {
      const levels = 1 + Math.floor(u() * 30);
      const code: number[] = [];
      const x: number[] = [];
      for (let c = 0; c < levels; c++) {
        if (u() < 0.2) continue; // a code without rows
        const len = 1 + Math.floor(u() * 25);
        for (let i = 0; i < len; i++) {
          code.push(c);
          const s = 12 + Math.floor(u() * 49);
          x.push(u() < 0.15 ? NaN : u() < 0.3 ? s + (12 - 11) * (s / 11) : u() < 0.5 ? s / 7 : s);
        }
      }
      const xs = Float64Array.from(x);
      const got = runMeans(Int32Array.from(code), xs, levels);
      expect(got.length).toBe(levels);
      for (let c = 0; c < levels; c++) {
        const from = code.indexOf(c);
        const want = from < 0 ? NaN : rangeMean(xs, from, code.lastIndexOf(c) + 1);
        expect(Object.is(got[c], want), `trial ${trial}, group ${c}: ${got[c]} vs ${want}`).toBe(true);
      }
    }
  });

  it('gives NaN for a group whose values are all missing, and R’s mean for the others', () => {
    // R: mean(c(1, 2)) = 1.5; mean(c(0.1, 0.2, 0.3)) = 0.2 (0.20000000000000001); group 1 has no rows
    const got = runMeans(Int32Array.of(0, 0, 2, 2, 2, 3), Float64Array.of(1, 2, 0.1, 0.2, 0.3, NaN), 4);
    expect([...got]).toEqual([1.5, NaN, 0.2, NaN]);
  });
});
