// bootstrapReplicates draws its resamples in bulk (rng.fillInt) and evaluates Pearson from shifted
// one-pass sums. Checked here against the slow path it replaces: the same draws taken one at a time
// with rng.int(n), the resample materialised, and correlationStatistic (pearsonR / rankAverage /
// kendall, themselves checked against R's cor() in test/stats/correlation) evaluated on it.
// Pearson at 1e-12 relative (summation order differs), Spearman and Kendall from the counts bit
// for bit (resampleStatistic, as before the bulk draws).
import { describe, expect, it } from 'vitest';
import { bootstrapReplicates, correlationStatistic, resampleStatistic } from '../../../src/stats/bootstrap/index.ts';
import { createRng } from '../../../src/stats/random/index.ts';
import { fixture, near } from '../correlation/fixture.ts';
import { drawResample } from './draw-resample.ts';

type Method = 'pearson' | 'spearman' | 'kendall';

/** The replicates as drawn before: n calls of rng.int(n) per resample. */
function oneAtATime(method: Method, x: ArrayLike<number>, y: ArrayLike<number>, reps: number, seed: number) {
  const rng = createRng(seed);
  const direct = correlationStatistic(method);
  const fromCounts = resampleStatistic(method, x, y);
  const materialised = new Float64Array(reps);
  const counted = new Float64Array(reps);
  for (let b = 0; b < reps; b++) {
    const { counts, bx, by } = drawResample(rng, x, y);
    materialised[b] = direct(bx, by);
    counted[b] = fromCounts(counts);
  }
  return { materialised, counted };
}

describe('rng.fillInt', () => {
  it('gives the stream of rng.int(n) and leaves the generator where int(n) would', () => {
    for (const [seed, n, len] of [[1, 10, 17], [20261122, 99719, 5000], [5, 1, 3], [7, 2 ** 31 - 1, 4096], [9, 3, 1]]) {
      const a = createRng(seed);
      const b = createRng(seed);
      const out = new Int32Array(len);
      for (let rep = 0; rep < 3; rep++) {
        b.fillInt(n, out);
        for (let i = 0; i < len; i++) expect(out[i]).toBe(a.int(n));
      }
      expect(b.uniform()).toBe(a.uniform());
      expect(b.normal()).toBe(a.normal());
    }
  });
});

describe('bootstrapReplicates equals the statistic of the resamples drawn one at a time', () => {
  it.each(['ties', 'small', 'mid', 'neg', 'big'])('pearson on %s data (1e-12 relative)', (name) => {
    const d = fixture.data[name];
    const reps = d.x.length > 500 ? 20 : 200;
    const t = bootstrapReplicates('pearson', d.x, d.y, reps, 31);
    const ref = oneAtATime('pearson', d.x, d.y, reps, 31);
    t.forEach((v, b) => near(v, ref.materialised[b], 1e-12, 1e-15));
  });

  it.each(['spearman', 'kendall'] as const)('%s: the replicates from counts, unchanged bit for bit', (method) => {
    for (const name of ['ties', 'small']) {
      const d = fixture.data[name];
      const t = bootstrapReplicates(method, d.x, d.y, 100, 8);
      const ref = oneAtATime(method, d.x, d.y, 100, 8);
      expect(Array.from(t)).toEqual(Array.from(ref.counted));
      t.forEach((v, b) => near(v, ref.materialised[b], 1e-12, 1e-15));
    }
  });

  it('pearson: a resample with a constant variable is NaN, as before', () => {
    const x = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const t = bootstrapReplicates('pearson', x, y, 400, 5);
    const ref = oneAtATime('pearson', x, y, 400, 5);
    const nan = t.filter(Number.isNaN).length;
    expect(nan).toBeGreaterThan(0);
    t.forEach((v, b) => (Number.isNaN(ref.counted[b]) ? expect(v).toBeNaN() : near(v, ref.materialised[b], 1e-12, 1e-15)));
  });

  it('pearson: resamples far from the full-sample mean (one huge outlier) keep full accuracy', () => {
    // Resamples without the outlier have a mean far from the centring point: the one-pass sums
    // would cancel, so these resamples go through the exact path.
    const n = 50;
    const rng = createRng(3);
    const x = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1e12 : 1 + rng.normal() * 1e-3));
    const y = Float64Array.from({ length: n }, (_, i) => x[i] * 1e-12 + rng.normal());
    const t = bootstrapReplicates('pearson', x, y, 300, 12);
    const ref = oneAtATime('pearson', x, y, 300, 12);
    t.forEach((v, b) => near(v, ref.materialised[b], 1e-12, 1e-15));
  });
});
