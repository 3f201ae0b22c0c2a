// jackknifeRankCorrelation (O(n log n) leave-one-out Spearman and Kendall) against the definition:
// correlationStatistic (Spearman = Pearson on average ranks, Kendall tau-b, both checked against
// R's cor() in bootstrap.test.ts) evaluated on each materialised subsample, for data with many
// ties, few ties and constant subsamples. Tolerance 1e-12 absolute. (The R fixture comparison of
// leave-one-out cor() for both methods runs through jackknifeCorrelation in bootstrap.test.ts.)
import { describe, expect, it } from 'vitest';
import { correlationStatistic, jackknifeRankCorrelation } from '../../../src/stats/bootstrap/index.ts';
import { createRng } from '../../../src/stats/random/index.ts';

function bruteForce(x: Float64Array, y: Float64Array, method: 'spearman' | 'kendall'): Float64Array {
  const stat = correlationStatistic(method);
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const keep = (_: number, j: number) => j !== i;
    out[i] = stat(x.filter(keep), y.filter(keep));
  }
  return out;
}

describe('jackknifeRankCorrelation', () => {
  const cases: [n: number, levels: number, noise: number][] = [
    [6, 2, 2],
    [12, 3, 2],
    [60, 5, 3],
    [250, 40, 10],
    [400, 1000, 500],
  ];
  for (const [n, levels, noise] of cases) {
    for (const method of ['spearman', 'kendall'] as const) {
      it(`${method}, n = ${n}, ${levels} x levels`, () => {
        const rng = createRng(n * 7 + levels);
        const x = Float64Array.from({ length: n }, () => rng.int(levels));
        const y = Float64Array.from(x, (v) => v + rng.int(noise));
        const got = jackknifeRankCorrelation(x, y, method);
        const want = bruteForce(x, y, method);
        for (let i = 0; i < n; i++) {
          if (Number.isNaN(want[i])) expect(got[i]).toBeNaN();
          else expect(Math.abs(got[i] - want[i]), `point ${i}`).toBeLessThan(1e-12);
        }
      });
    }
  }

  it('gives NaN where leaving a point out makes a variable constant', () => {
    const x = Float64Array.of(1, 1, 1, 1, 1, 2);
    const y = Float64Array.of(3, 1, 2, 6, 5, 4);
    for (const method of ['spearman', 'kendall'] as const) {
      const got = jackknifeRankCorrelation(x, y, method);
      expect(got[5]).toBeNaN();
      expect(Number.isFinite(got[0])).toBe(true);
      expect(Math.abs(got[0] - bruteForce(x, y, method)[0])).toBeLessThan(1e-12);
    }
  });
});
