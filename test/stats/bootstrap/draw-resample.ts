import type { Rng } from '../../../src/stats/random/index.ts';

/** One resample drawn one pair at a time (n calls of rng.int(n)): its counts per pair and the materialised pairs. */
export function drawResample(rng: Rng, x: ArrayLike<number>, y: ArrayLike<number>): { counts: Int32Array; bx: Float64Array; by: Float64Array } {
  const n = x.length;
  const counts = new Int32Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = rng.int(n);
    counts[j]++;
    bx[i] = x[j];
    by[i] = y[j];
  }
  return { counts, bx, by };
}
