// prepareBootstrapReplicates draws four resamples side by side (createLaneTally) and evaluates four
// Pearson replicates in one pass. Checked bit for bit against the path it replaces, written out
// here as it stood before: one resample at a time from rng.tally (counted per distinct pair when
// at most n/2 pairs are distinct), Pearson from one-pass sums centred at the full-sample means,
// resampleStatistic where those sums cancel, and resampleStatistic for Spearman and Kendall.
// Exact equality (the same doubles, NaN where the old path gave NaN).
import { describe, expect, it } from 'vitest';
import { prepareBootstrapReplicates, resampleStatistic } from '../../../src/stats/bootstrap/index.ts';
import { createRng } from '../../../src/stats/random/index.ts';

type Method = 'pearson' | 'spearman' | 'kendall';

/** Replicates from…to−1 as computed one resample at a time before the lanes. */
function onePerResample(method: Method, x: ArrayLike<number>, y: ArrayLike<number>, seed: number, from: number, to: number): Float64Array {
  const n = x.length;
  const rng = createRng(seed).advance(2 * n * from);
  const out = new Float64Array(to - from);
  if (method !== 'pearson') {
    const stat = resampleStatistic(method, x, y);
    for (let b = from; b < to; b++) out[b - from] = stat(rng.tally(n, n, new Int32Array(n)));
    return out;
  }
  let mx = 0;
  let my = 0;
  for (let j = 0; j < n; j++) {
    mx += x[j];
    my += y[j];
  }
  mx /= n;
  my /= n;
  const cell = new Map<string, number>();
  const of = new Uint16Array(n);
  const ux: number[] = [];
  const uy: number[] = [];
  for (let j = 0; j < n; j++) {
    const key = `${x[j]},${y[j]}`;
    if (!cell.has(key)) {
      cell.set(key, ux.length);
      ux.push(x[j]);
      uy.push(y[j]);
    }
    of[j] = cell.get(key) ?? 0;
  }
  const binned = ux.length <= Math.min(65536, Math.floor(n / 2));
  const px = binned ? ux : Array.from(x);
  const py = binned ? uy : Array.from(y);
  const exact = resampleStatistic('pearson', px, py);
  for (let b = from; b < to; b++) {
    const c = rng.tally(n, n, new Int32Array(px.length), binned ? of : undefined);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let j = 0; j < px.length; j++) {
      const a = px[j] - mx;
      const d = py[j] - my;
      const wa = c[j] * a;
      const wd = c[j] * d;
      sx += wa;
      sy += wd;
      sxx += wa * a;
      syy += wd * d;
      sxy += wa * d;
    }
    const cxx = sxx - (sx * sx) / n;
    const cyy = syy - (sy * sy) / n;
    const r = cxx > 0.5 * sxx && cyy > 0.5 * syy ? (sxy - (sx * sy) / n) / Math.sqrt(cxx * cyy) : exact(c);
    out[b - from] = r > 1 ? 1 : r < -1 ? -1 : r;
  }
  return out;
}

describe('prepareBootstrapReplicates equals the one-resample-at-a-time path bit for bit', () => {
  const rng = createRng(21);
  const n = 600;
  const continuous = { x: Float64Array.from({ length: n }, () => rng.normal()), y: new Float64Array(n) };
  continuous.y = Float64Array.from(continuous.x, (v) => v + rng.normal());
  // questionnaire-like scores: few distinct pairs, counted per distinct pair
  const coarse = { x: Float64Array.from({ length: n }, () => Math.round(rng.uniform() * 24) / 4), y: new Float64Array(n) };
  coarse.y = Float64Array.from(coarse.x, (v) => Math.round(v + rng.uniform() * 9));
  // a constant-x resample now and then (NaN) and an outlier (the exact path)
  const constant = { x: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2], y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
  const outlier = { x: Float64Array.from({ length: 400 }, (_, i) => (i === 0 ? 1e12 : 1 + (i % 3) * 1e-3)), y: Float64Array.from({ length: 400 }, (_, i) => (i === 0 ? 5 : (i * 7) % 4)) };
  const cases = [
    ['pearson', 'continuous', continuous],
    ['pearson', 'coarse', coarse],
    ['pearson', 'constant', constant],
    ['pearson', 'outlier', outlier],
    ['spearman', 'coarse', coarse],
    ['kendall', 'continuous', continuous],
  ] as const;

  it.each(cases)('%s on %s data, whole run and ranges that split the groups of four', (method, _name, d) => {
    const reps = 203;
    const fill = prepareBootstrapReplicates(method, d.x, d.y, 2026);
    const whole = Array.from(fill(0, reps, new Float64Array(reps)));
    expect(whole).toEqual(Array.from(onePerResample(method, d.x, d.y, 2026, 0, reps)));
    expect(new Set(whole).size).toBeGreaterThan(d.x.length > 10 ? 150 : 5);
    for (const [from, to] of [[5, 6], [7, 13], [101, 203], [0, 3]]) expect(Array.from(fill(from, to, new Float64Array(to - from)))).toEqual(Array.from(onePerResample(method, d.x, d.y, 2026, from, to)));
    if (d === constant) expect(whole.filter(Number.isNaN).length).toBeGreaterThan(0);
  });
});
