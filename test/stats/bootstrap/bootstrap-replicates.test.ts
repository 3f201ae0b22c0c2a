// bootstrapReplicates draws its resamples in bulk (rng.tally) and evaluates Pearson from shifted
// one-pass sums. Checked here against the slow path it replaces: the same draws taken one at a time
// with rng.int(n), the resample materialised, and correlationStatistic (pearsonR / rankAverage /
// kendall, themselves checked against R's cor() in test/stats/correlation) evaluated on it.
// Pearson at 1e-12 relative (summation order differs), Spearman and Kendall from the counts bit
// for bit (resampleStatistic, as before the bulk draws).
import { describe, expect, it } from 'vitest';
import { bootstrapCorrelation, bootstrapReplicates, correlationStatistic, lowerBound, prepareBootstrapReplicates, resampleStatistic } from '../../../src/stats/bootstrap/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';
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

describe('lowerBound', () => {
  it('is the number of elements below v (R: sum(a < v)) for values present, absent and out of range', () => {
    const a = Float64Array.of(-2, 1, 3, 3, 3, 7, 7.5);
    for (const v of [-3, -2, 0, 1, 3, 4, 7, 7.5, 8]) expect(lowerBound(a, v)).toBe(a.filter((e) => e < v).length);
    expect(lowerBound(new Float64Array(0), 1)).toBe(0);
  });
});

describe('rng.tally', () => {
  it('counts the draws of rng.int(n) and leaves the generator where int(n) would', () => {
    for (const [seed, n, draws] of [[1, 10, 17], [20261122, 99719, 5000], [5, 1, 3], [7, 2 ** 20 + 1, 4096], [9, 3, 0]]) {
      const a = createRng(seed);
      const b = createRng(seed);
      const bins = Uint16Array.from({ length: n }, (_, k) => k % 7);
      for (let rep = 0; rep < 3; rep++) {
        const want = new Int32Array(n + 2).fill(rep);
        const wantBinned = new Int32Array(7).fill(rep);
        for (let i = 0; i < draws; i++) want[a.int(n)]++;
        for (let i = 0; i < draws; i++) wantBinned[a.int(n) % 7]++;
        expect(b.tally(n, draws, new Int32Array(n + 2).fill(rep))).toEqual(want);
        expect(b.tally(n, draws, new Int32Array(7).fill(rep), bins)).toEqual(wantBinned);
      }
      expect(b.uniform()).toBe(a.uniform());
      expect(b.normal()).toBe(a.normal());
    }
    expect(() => createRng(1).tally(10, 5, new Int32Array(9))).toThrow(RangeError);
    expect(() => createRng(1).tally(10, 5, new Int32Array(10), new Uint16Array(9))).toThrow(RangeError);
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

  it('pearson on data with few distinct pairs (counted per distinct pair), constant resamples included', () => {
    const rng = createRng(4);
    for (const [n, xLevels, yLevels] of [[400, 5, 7], [2000, 60, 30], [40, 2, 3]]) {
      const x = Float64Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * xLevels) / 3);
      const y = Float64Array.from(x, (v) => Math.floor(v * 2 + rng.uniform() * yLevels));
      if (n === 40) x.fill(0, 0, 36).fill(1, 36); // a resample without the four 1s (p ≈ .015) is constant in x
      const t = bootstrapReplicates('pearson', x, y, 400, 6);
      const ref = oneAtATime('pearson', x, y, 400, 6);
      if (n === 40) expect(t.filter(Number.isNaN).length).toBeGreaterThan(0);
      t.forEach((v, b) => (Number.isNaN(ref.counted[b]) ? expect(v).toBeNaN() : near(v, ref.materialised[b], 1e-12, 1e-15)));
    }
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
    // the same with few distinct pairs
    const xs = Float64Array.from({ length: 400 }, (_, i) => (i === 0 ? 1e12 : 1 + (i % 3) * 1e-3));
    const ys = Float64Array.from({ length: 400 }, (_, i) => (i === 0 ? 5 : (i * 7) % 4));
    const ts = bootstrapReplicates('pearson', xs, ys, 300, 13);
    const refs = oneAtATime('pearson', xs, ys, 300, 13);
    ts.forEach((v, b) => near(v, refs.materialised[b], 1e-12, 1e-15));
  });

  it('rejects unpaired or non-finite input, too few pairs, bad reps and unknown methods', () => {
    expect(() => bootstrapReplicates('pearson', [1, 2, 3], [1, 2], 10, 1)).toThrow(StatInputError);
    expect(() => bootstrapReplicates('pearson', [1, Number.NaN, 3], [1, 2, 3], 10, 1)).toThrow(StatInputError);
    expect(() => bootstrapReplicates('pearson', [1], [1], 10, 1)).toThrow(StatInputError);
    expect(() => bootstrapReplicates('pearson', [1, 2, 3], [1, 3, 2], 0, 1)).toThrow(StatInputError);
    expect(() => bootstrapReplicates('pearson', [1, 2, 3], [1, 3, 2], 2.5, 1)).toThrow(StatInputError);
    expect(() => bootstrapReplicates('tau' as never, [1, 2, 3], [1, 3, 2], 10, 1)).toThrow(StatInputError);
  });
});

// Ranges of replicates (the generator jumps to the range's first resample with rng.advance) against
// the sequential run that draws every resample before them: equal bit for bit.
describe('bootstrapReplicates in ranges equals the sequential run exactly', () => {
  const rng = createRng(11);
  const n = 300;
  const continuous = { x: Float64Array.from({ length: n }, () => rng.normal()), y: new Float64Array(n) };
  continuous.y = Float64Array.from(continuous.x, (v) => v + rng.normal());
  // 5 × 4 levels: at most 20 distinct pairs, so Pearson counts per distinct pair
  const coarse = { x: Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 5)), y: new Float64Array(n) };
  coarse.y = Float64Array.from(coarse.x, (v) => Math.floor((v + rng.uniform() * 3) / 2));
  const cases = (['pearson', 'spearman', 'kendall'] as const).flatMap((m) => [[m, 'continuous', continuous] as const, [m, 'coarse', coarse] as const]);

  it.each(cases)('%s on %s data: [0, k) + [k, reps) for several k', (method, _name, d) => {
    const reps = 37;
    const full = bootstrapReplicates(method, d.x, d.y, reps, 2026);
    expect(new Set(full).size).toBeGreaterThan(30);
    for (const k of [0, 1, 2, 18, 36, 37]) {
      const joined = [...bootstrapReplicates(method, d.x, d.y, reps, 2026, { from: 0, to: k }), ...bootstrapReplicates(method, d.x, d.y, reps, 2026, { from: k, to: reps })];
      expect(joined).toEqual(Array.from(full));
    }
  });

  it('one prepared fill gives any ranges in any order (forward jumps, and back to the start)', () => {
    for (const method of ['pearson', 'kendall'] as const) {
      const full = bootstrapReplicates(method, coarse.x, coarse.y, 40, 9);
      const fill = prepareBootstrapReplicates(method, coarse.x, coarse.y, 9);
      const out = new Float64Array(40);
      for (const [from, to] of [[30, 40], [5, 12], [12, 13], [20, 30], [0, 5], [13, 20]]) fill(from, to, out.subarray(from, to));
      expect(Array.from(out)).toEqual(Array.from(full));
    }
  });

  it('a pair with a constant-resample NaN keeps it in the range that holds it', () => {
    const x = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const full = bootstrapReplicates('pearson', x, y, 400, 5);
    expect(full.filter(Number.isNaN).length).toBeGreaterThan(0);
    expect([...bootstrapReplicates('pearson', x, y, 400, 5, { from: 0, to: 123 }), ...bootstrapReplicates('pearson', x, y, 400, 5, { from: 123, to: 400 })]).toEqual(Array.from(full));
  });

  it('bootstrapCorrelation from replicates computed in ranges equals it computed alone', () => {
    const reps = 200;
    const t = new Float64Array(reps);
    t.set(bootstrapReplicates('spearman', continuous.x, continuous.y, reps, 4, { from: 0, to: 77 }), 0);
    t.set(bootstrapReplicates('spearman', continuous.x, continuous.y, reps, 4, { from: 77, to: reps }), 77);
    const alone = bootstrapCorrelation(continuous.x, continuous.y, { reps, seed: 4, method: 'spearman' });
    expect(bootstrapCorrelation(continuous.x, continuous.y, { reps, seed: 4, method: 'spearman', replicates: t })).toEqual(alone);
    expect(() => bootstrapCorrelation(continuous.x, continuous.y, { reps, seed: 4, replicates: t.subarray(1) })).toThrow(StatInputError);
  });

  it('rejects ranges outside 0…reps or not integers', () => {
    for (const range of [{ from: -1, to: 3 }, { from: 4, to: 3 }, { from: 0, to: 11 }, { from: 0.5, to: 3 }]) expect(() => bootstrapReplicates('pearson', [1, 2, 3], [1, 3, 2], 10, 1, range)).toThrow(StatInputError);
    const fill = prepareBootstrapReplicates('pearson', [1, 2, 3], [1, 3, 2], 1);
    expect(() => fill(2, 1, new Float64Array(1))).toThrow(RangeError);
    expect(() => fill(0, 3, new Float64Array(2))).toThrow(RangeError);
  });
});
