import { rangeMean } from './range-mean.ts';

/** Per-group summaries of one outcome series (see seriesSummaries); NaN where a group has none. */
export interface OutcomeSeriesSummary {
  /** Non-missing values. */
  n: Float64Array;
  /** The value at the group's lowest session with a value, its last one, and its last one at a session ≤ k. */
  baseline: Float64Array;
  final: Float64Array;
  atK: Float64Array;
  /** The sessions of those three values. */
  baselineSession: Float64Array;
  atKSession: Float64Array;
  finalSession: Float64Array;
}

/** Per-group summaries of one alliance series (see seriesSummaries); NaN where a group has none. */
export interface AllianceSeriesSummary {
  /** The value at session number k (the largest if several rows have that session). */
  atSession: Float64Array;
  /** R's mean() of the values at sessions ≤ k, and of all values. */
  meanToK: Float64Array;
  mean: Float64Array;
  /** OLS slope of the values on session number; NaN with fewer than two distinct sessions. */
  slope: Float64Array;
  /** Non-missing values. */
  n: Float64Array;
}

export interface SeriesSummaries {
  /** Rows of each group, and its lowest and highest session. */
  rows: Float64Array;
  firstSession: Float64Array;
  lastSession: Float64Array;
  outcome: OutcomeSeriesSummary;
  alliance: AllianceSeriesSummary[];
}

/**
 * One pass over session series grouped by an integer code (a patient): `code` in runs of
 * ascending codes 0…levels−1 (gaps allowed), each run's rows in read order; NaN marks a missing
 * value or session. Per group, with SQL's aggregate semantics (a missing session takes part in
 * the row count only; a value counts where it is present):
 * - rows, first and last session;
 * - for the outcome series: its count, the value at the lowest and at the highest session that has
 *   one (baseline, final; the first such row in read order if a session repeats), the value at the
 *   highest such session ≤ k, and those sessions;
 * - for each alliance series: the value at session k, R's `mean(x, na.rm = TRUE)` over the
 *   sessions ≤ k and over all (`rangeMean`, in read order: R's value to the last bit), the OLS
 *   slope on session number, and the count.
 *
 * The slope is Σ(t − t̄)(y − ȳ) / Σ(t − t̄)² over the rows with both (two passes about the plain
 * means), as R's `coef(lm(y ~ t))[2]` up to rounding: R's QR decomposition has its own last bits
 * (the patients stage's test bounds the difference at 1e-12 on the shipped sample). O(rows).
 * @example seriesSummaries(Int32Array.of(0, 0, 0), Float64Array.of(1, 2, 4), Float64Array.of(20, NaN, 12), [Float64Array.of(10, 14, 16)], 2, 1).alliance[0].slope // Float64Array [1.8571428571428572] (R: coef(lm(c(10, 14, 16) ~ c(1, 2, 4)))[2])
 */
export function seriesSummaries(code: Int32Array, session: Float64Array, outcome: Float64Array, alliance: Float64Array[], k: number, levels: number): SeriesSummaries {
  const vector = (): Float64Array => new Float64Array(levels).fill(NaN);
  const rows = vector();
  const firstSession = vector();
  const lastSession = vector();
  const o: OutcomeSeriesSummary = { n: vector(), baseline: vector(), final: vector(), atK: vector(), baselineSession: vector(), atKSession: vector(), finalSession: vector() };
  const al: AllianceSeriesSummary[] = alliance.map(() => ({ atSession: vector(), meanToK: vector(), mean: vector(), slope: vector(), n: vector() }));
  const n = code.length;
  const early = new Float64Array(n);
  for (let a = 0; a < n; ) {
    const c = code[a]!;
    let b = a + 1;
    while (b < n && code[b] === c) b++;
    rows[c] = b - a;
    let lo = NaN;
    let hi = NaN;
    let count = 0;
    let base = NaN;
    let baseAt = NaN;
    let fin = NaN;
    let finAt = NaN;
    let atK = NaN;
    let atKAt = NaN;
    for (let i = a; i < b; i++) {
      const s = session[i]!;
      const y = outcome[i]!;
      if (s === s) {
        if (!(s >= lo)) lo = s;
        if (!(s <= hi)) hi = s;
      }
      if (y !== y) continue;
      count++;
      if (s !== s) continue;
      if (!(s >= baseAt)) (baseAt = s), (base = y);
      if (!(s <= finAt)) (finAt = s), (fin = y);
      if (s <= k && !(s <= atKAt)) (atKAt = s), (atK = y);
    }
    firstSession[c] = lo;
    lastSession[c] = hi;
    o.n[c] = count;
    o.baseline[c] = base;
    o.final[c] = fin;
    o.atK[c] = atK;
    o.baselineSession[c] = baseAt;
    o.finalSession[c] = finAt;
    o.atKSession[c] = atKAt;
    for (let j = 0; j < alliance.length; j++) {
      const y = alliance[j]!;
      const out = al[j]!;
      let m = 0;
      let at = NaN;
      let st = 0;
      let sy = 0;
      let pairs = 0;
      for (let i = a; i < b; i++) {
        const v = y[i]!;
        const s = session[i]!;
        early[i] = s <= k ? v : NaN;
        if (v !== v) continue;
        m++;
        if (s === k && !(v <= at)) at = v;
        if (s !== s) continue;
        pairs++;
        st += s;
        sy += v;
      }
      out.n[c] = m;
      out.atSession[c] = at;
      out.mean[c] = rangeMean(y, a, b);
      out.meanToK[c] = rangeMean(early, a, b);
      out.slope[c] = pairs >= 2 ? slope(session, y, a, b, st / pairs, sy / pairs) : NaN;
    }
    a = b;
  }
  return { rows, firstSession, lastSession, outcome: o, alliance: al };
}

/** Σ(t − t̄)(y − ȳ) / Σ(t − t̄)² over the rows a…b with both t and y; NaN when the sessions do not vary. */
function slope(t: Float64Array, y: Float64Array, a: number, b: number, tm: number, ym: number): number {
  let sxy = 0;
  let sxx = 0;
  for (let i = a; i < b; i++) {
    const v = y[i]!;
    const s = t[i]!;
    if (v !== v || s !== s) continue;
    const d = s - tm;
    sxx += d * d;
    sxy += d * (v - ym);
  }
  return sxx > 0 ? sxy / sxx : NaN;
}
