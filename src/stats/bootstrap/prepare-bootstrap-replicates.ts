import { assertPairedSample } from '../correlation/assert-paired-sample.ts';
import { plainMeans } from '../correlation/centred-cross-products.ts';
import { createLaneTally, createRng, xoshiro128Advance } from '../random/index.ts';
import type { BootstrapMethod } from './correlation-statistic.ts';
import { lowerBound } from './lower-bound.ts';
import { resampleStatistic } from './resample-statistic.ts';

/**
 * Prepares the bootstrap replicates of a correlation once and returns `fill(from, to, out)`,
 * which writes replicates from…to−1 into out[0…to−from−1]: the replicates of
 * `bootstrapReplicates(method, x, y, reps, seed)` (see there for the resampling and the
 * statistic), any range of them in any order. Resample b is the (b+1)th block of n draws of
 * `createRng(seed).int(n)`, i.e. starts 2·b·n outputs into the stream, which `rng.advance` reaches
 * without drawing the ones before it; each replicate's arithmetic depends on its own counts only,
 * so a replicate is the same double whichever range computes it. The draws of four resamples
 * are taken side by side (`createLaneTally`, about twice as fast as `rng.tally`, which stands in
 * where WebAssembly SIMD is missing; the same draws and counts), each range cut into four runs of consecutive resamples, one per lane, so that only
 * the start of each run needs a jump. `fill` keeps the generator
 * where its last range ended, so consecutive ranges draw without a jump. Threads (or processes)
 * can therefore share the replicates, each with its own `fill`, and give the single-threaded
 * result bit for bit. Throws StatInputError for unpaired or non-finite input or n < 2, a
 * RangeError for a range that is not 0 ≤ from ≤ to with integer bounds; an unknown method
 * throws as in `resampleStatistic`.
 * @example const fill = prepareBootstrapReplicates('pearson', [1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], 1); fill(0, 1, new Float64Array(1))[0] // 0.8366600265340756, replicate 0 of bootstrapReplicates(…, 10, 1)
 */
export function prepareBootstrapReplicates(
  method: BootstrapMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  seed: number,
): (from: number, to: number, out: Float64Array) => Float64Array {
  assertPairedSample(x, y, 2, 'bootstrap');
  const n = x.length;
  let rng = createRng(seed);
  let at = 0; // the replicate the generator stands at
  let one: (counts: Int32Array) => number;
  let units = n;
  let bins: Uint16Array | undefined;
  if (method !== 'pearson') {
    one = resampleStatistic(method, x, y);
  } else {
    // the shift: any point near the resamples' means will do
    const { meanX, meanY } = plainMeans(x, y);
    const pairs = distinctPairs(x, y);
    one = shiftedPearson(pairs ? pairs.x : x, pairs ? pairs.y : y, n, meanX, meanY);
    units = pairs ? pairs.x.length : n;
    bins = pairs?.of;
  }
  const lanes = createLaneTally(n, bins);
  const counts = new Int32Array(lanes ? 0 : units);
  return (from, to, out) => {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) throw new RangeError(`bootstrapReplicates: bad replicate range ${from}…${to}`);
    if (out.length < to - from) throw new RangeError(`bootstrapReplicates: out has ${out.length} slots for ${to - from} replicates`);
    if (from < at) {
      rng = createRng(seed);
      at = 0;
    }
    if (from > at) rng.advance(2 * n * (from - at));
    if (lanes && to > from) {
      // the range cut into one run of q consecutive replicates per lane: lane i draws replicates
      // from + i·q + s at steps s = 0…q − 1, its state running on from one to the next
      const q = Math.ceil((to - from) / lanes.lanes);
      const states = new Uint32Array(4 * lanes.lanes);
      const last = Math.floor((to - 1 - from) / q); // the lane that draws replicate to − 1
      let st = rng.state();
      for (let i = 0; i < lanes.lanes; i++) {
        if (i > 0 && i <= last) st = xoshiro128Advance(st, 2 * n * q);
        states.set(st, 4 * i); // lanes past the last draw unused copies
      }
      for (let step = 0; step < q; step++) {
        lanes.tally(states, n);
        for (let i = 0; i < lanes.lanes && i * q + step < to - from; i++) out[i * q + step] = one(lanes.counts[i]);
        if (step === to - 1 - from - last * q) rng.setState(states.subarray(4 * last, 4 * last + 4));
      }
    } else {
      for (let b = from; b < to; b++) out[b - from] = one(rng.tally(n, n, counts.fill(0), bins));
    }
    at = to;
    return out;
  };
}

/**
 * Pearson's r of a resample of size n from the counts of its units (pairs or distinct pairs),
 * with one pass over the units centred at (mx, my).
 */
function shiftedPearson(ux: ArrayLike<number>, uy: ArrayLike<number>, n: number, mx: number, my: number): (c: Int32Array) => number {
  const exact = resampleStatistic('pearson', ux, uy);
  const dx = Float64Array.from(ux, (v) => v - mx);
  const dy = Float64Array.from(uy, (v) => v - my);
  const units = dx.length;
  return (c) => {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let j = 0; j < units; j++) {
      const w = c[j];
      const a = dx[j];
      const d = dy[j];
      const wa = w * a;
      const wd = w * d;
      sx += wa;
      sy += wd;
      sxx += wa * a;
      syy += wd * d;
      sxy += wa * d;
    }
    const cxx = sxx - (sx * sx) / n;
    const cyy = syy - (sy * sy) / n;
    // false also for NaN or infinite sums; a constant variable leaves cxx (or cyy) ≈ 0
    if (!(cxx > 0.5 * sxx && cyy > 0.5 * syy)) return exact(c);
    const r = (sxy - (sx * sy) / n) / Math.sqrt(cxx * cyy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
  };
}

/**
 * The distinct (x, y) pairs and, per pair index, which one it is; null when there are more than
 * n/2 of them (counting per distinct pair then saves too little) or more than 65,536.
 */
function distinctPairs(x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array; of: Uint16Array } | null {
  const n = x.length;
  const most = Math.min(65536, Math.floor(n / 2));
  const lx = distinctSorted(x);
  const ly = distinctSorted(y);
  const cellOf = new Map<number, number>();
  const of = new Uint16Array(n);
  const px: number[] = [];
  const py: number[] = [];
  for (let j = 0; j < n; j++) {
    const key = lowerBound(lx, x[j]) * ly.length + lowerBound(ly, y[j]);
    let cell = cellOf.get(key);
    if (cell === undefined) {
      if (px.length === most) return null;
      cell = px.length;
      cellOf.set(key, cell);
      px.push(x[j]);
      py.push(y[j]);
    }
    of[j] = cell;
  }
  return { x: Float64Array.from(px), y: Float64Array.from(py), of };
}

/** The distinct values of v in ascending order. */
function distinctSorted(v: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(v).sort();
  let m = 0;
  for (let i = 0; i < s.length; i++) if (m === 0 || s[i] !== s[m - 1]) s[m++] = s[i];
  return s.slice(0, m);
}
