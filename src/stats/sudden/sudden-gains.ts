import { qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { patientRuns, type SessionSeries } from './patient-runs.ts';
import { scoresAround } from './scores-around.ts';
import { CRIT3_CRITICAL } from './crit3-critical.ts';

/** Which way a sudden change runs: `'decrease'` (a gain on a higher-is-worse scale, a loss on a higher-is-better one) or `'increase'`. */
export type SuddenDirection = 'decrease' | 'increase';

/** Which event represents a patient with several: as `suddengains::create_byperson(multiple_sg_select = …)`. */
export type SuddenSelect = 'largest' | 'smallest' | 'first' | 'last';

export interface SuddenGainsOptions {
  readonly direction: SuddenDirection;
  /**
   * Criterion 1, the least change between consecutive sessions: a number (≥ 0, in
   * the direction of change), or `{ reliability, sd }` for the reliable-change value
   * 1.96·√2·sd·√(1 − reliability) (Jacobson & Truax 1991), or `null` to switch it off.
   */
  readonly crit1: number | { readonly reliability: number; readonly sd: number } | null;
  /** Criterion 2, the least change as a fraction of the pre-change score; default .25; `null` switches it off. */
  readonly crit2?: number | null;
  /** Criterion 3, the pre/post window mean comparison; default `true`. */
  readonly crit3?: boolean;
  /** Criterion 3 critical value from a two-sided t (df = nPre + nPost − 2); default `true`. When `false`, `crit3Critical` is used throughout. */
  readonly crit3Adjust?: boolean;
  /** Two-sided alpha for the adjusted critical value; default .05. */
  readonly crit3Alpha?: number;
  /** Fixed critical value when `crit3Adjust` is `false`; default CRIT3_CRITICAL (2.776). */
  readonly crit3Critical?: number;
  /** The event kept per patient; default `'largest'` (ties: the earliest). */
  readonly select?: SuddenSelect;
  /**
   * Also test each patient's first (1 → 2) and last (T − 1 → T) interval. Default
   * `false`, as suddengains, whose loop never tests them; with criterion 3 on they
   * can never qualify anyway (it needs two scores on each side).
   */
  readonly edgeIntervals?: boolean;
}

/** One sudden gain or loss, reported at the session n where the post-change score was observed. */
export interface SuddenGainEvent {
  /** Patient code. */
  readonly id: number;
  /** Row of the post-change session in the input columns. */
  readonly row: number;
  /** 1-based position of the post-change session n in the patient's series. */
  readonly position: number;
  /** Time value of session n. */
  readonly time: number;
  /** Time value of session n − 1. */
  readonly preTime: number;
  /** Score at n − 1. */
  readonly pre: number;
  /** Score at n. */
  readonly post: number;
  /** Change in the stated direction: pre − post for `'decrease'`, post − pre for `'increase'`. */
  readonly magnitude: number;
  /** magnitude / pre, the criterion-2 ratio (±Infinity when pre is 0). */
  readonly relative: number;
  /** Mean of the non-missing scores at n − 3 … n − 1. */
  readonly meanPre: number;
  /** Mean of the non-missing scores at n … n + 2. */
  readonly meanPost: number;
  /** Non-missing scores in the pre window. */
  readonly nPre: number;
  /** Non-missing scores in the post window. */
  readonly nPost: number;
  /** Pooled SD of the two windows; `NaN` when either has fewer than two scores. */
  readonly pooledSd: number;
  /** Criterion-3 critical value for this interval (adjusted or fixed); `NaN` when either window has fewer than two scores. */
  readonly critical: number;
  /**
   * Reversal (Tang & DeRubeis 1999): some later score, from n + 1 on, falls back by more
   * than half the magnitude, i.e. beyond post + magnitude/2 against the direction. Equals
   * suddengains' `create_bysg` with `identify_sg_1to2 = TRUE`; with its default `FALSE` the
   * package starts the search at n + 2 (a numbering mismatch), so it can miss a reversal at n + 1.
   */
  readonly reversal: boolean;
  /** Scores at n − 3 … n + 3 (7 values, `NaN` when missing or outside the series) for plots. */
  readonly around: Float64Array;
}

/** Per-interval criterion flags: 1 met, 0 not met, −1 not applied or not evaluable. Indexed by the row of session n. */
export interface SuddenIntervals {
  readonly crit1: Int8Array;
  readonly crit2: Int8Array;
  readonly crit3: Int8Array;
  /** 1 event, 0 tested without an event, −1 not tested (a score missing, first row, or an edge interval). */
  readonly event: Int8Array;
}

/** Per-patient summary, one entry per patient in input order. */
export interface SuddenPatients {
  readonly id: Int32Array;
  /** Intervals tested (both scores present, within the tested range). */
  readonly nTested: Int32Array;
  readonly nEvents: Int32Array;
  /** Index into `events` of the selected event, −1 when none. */
  readonly selected: Int32Array;
}

export interface SuddenGainsResult {
  readonly events: SuddenGainEvent[];
  /** One event per patient with any, chosen by `select` (the same objects as in `events`). */
  readonly selected: SuddenGainEvent[];
  readonly patients: SuddenPatients;
  readonly intervals: SuddenIntervals;
  /** The settings used, with criterion 1 resolved to its cut-off value. */
  readonly settings: {
    readonly direction: SuddenDirection;
    readonly crit1Cutoff: number | null;
    readonly crit2: number | null;
    readonly crit3: boolean;
    readonly crit3Adjust: boolean;
    readonly crit3Alpha: number;
    readonly crit3Critical: number;
    readonly select: SuddenSelect;
    readonly edgeIntervals: boolean;
  };
}

function resolveCrit1(crit1: SuddenGainsOptions['crit1']): number | null {
  if (crit1 === null) return null;
  if (typeof crit1 === 'number') {
    if (!(crit1 >= 0) || !Number.isFinite(crit1)) throw new StatInputError(`crit1 must be a finite number ≥ 0 in the direction of change, got ${crit1}`);
    return crit1;
  }
  const { reliability, sd } = crit1;
  if (!(reliability >= 0 && reliability <= 1)) throw new StatInputError(`crit1.reliability must lie in [0, 1], got ${reliability}`);
  if (!(sd > 0) || !Number.isFinite(sd)) throw new StatInputError(`crit1.sd must be a finite positive number, got ${sd}`);
  return 1.96 * Math.sqrt(2 * (sd * Math.sqrt(1 - reliability)) ** 2);
}

/**
 * Sudden gains (or losses) by the three criteria of Tang & DeRubeis (1999),
 * "Sudden gains and critical sessions in cognitive-behavioral therapy for
 * depression", J Consult Clin Psychol 67(6), 894–904, doi:10.1037/0022-006X.67.6.894,
 * with the missing-data adjustment of criterion 3 from Lutz et al. (2013),
 * doi:10.1080/10503307.2012.693837, following the conventions of the R package
 * suddengains (Wiedemann, Thew, Stott & Ehlers; `identify_sg`, `identify_sl`,
 * `create_bysg`, `create_byperson`). Each interval n − 1 → n with both scores
 * present is tested; with change = pre − post (`'decrease'`) or post − pre (`'increase'`):
 *
 * 1. change ≥ crit1 cut-off;
 * 2. change ≥ crit2 × pre (the pre-change score itself, not its absolute value);
 * 3. (mean of n−3…n−1) − (mean of n…n+2), signed in the direction, > c × pooled SD,
 *    windows clipped to the series, missing scores dropped, at least two scores per
 *    window (otherwise the interval cannot qualify); c = qt(1 − α/2, nPre + nPost − 2)
 *    when adjusted, else the fixed value.
 *
 * Differences from suddengains, by design: criterion 2 for `'increase'` is the mirror
 * of the gain rule (post − pre ≥ crit2 × pre; `identify_sl` tests pre − post ≤ crit2 × pre,
 * which equals this rule only when given −crit2); an interval with a missing score is
 * never tested, even when only criterion 3 is on (suddengains can then flag it); and
 * `'largest'` means the largest change in the stated direction (for losses suddengains
 * ranks the signed pre − post, so its `'largest'` is our `'smallest'`). suddengains
 * reports a gain at the pre-change session; we report n, the post-change session.
 * Positions count rows, so windows and edges follow the rows given (see {@link SessionSeries}).
 *
 * O(n) in the number of rows.
 * @example
 * const s = { ids: Int32Array.of(1, 1, 1, 1, 1, 1), time: Float64Array.of(1, 2, 3, 4, 5, 6),
 *             score: Float64Array.of(30, 31, 29, 15, 14, 13) };
 * suddenGains(s, { direction: 'decrease', crit1: 7 }).events[0].position // 4 (29 → 15)
 */
export function suddenGains(series: SessionSeries, options: SuddenGainsOptions): SuddenGainsResult {
  const runs = patientRuns(series);
  const score = series.score;
  const n = score.length;
  const crit1Cutoff = resolveCrit1(options.crit1);
  const crit2 = options.crit2 === undefined ? 0.25 : options.crit2;
  const useCrit3 = options.crit3 ?? true;
  const crit3Adjust = options.crit3Adjust ?? true;
  const crit3Alpha = options.crit3Alpha ?? 0.05;
  const crit3Critical = options.crit3Critical ?? CRIT3_CRITICAL;
  const select = options.select ?? 'largest';
  const edgeIntervals = options.edgeIntervals ?? false;
  const direction = options.direction;
  if (direction !== 'decrease' && direction !== 'increase') throw new StatInputError(`direction must be 'decrease' or 'increase', got ${String(direction)}`);
  if (crit2 !== null && !Number.isFinite(crit2)) throw new StatInputError(`crit2 must be a finite number or null, got ${crit2}`);
  if (!(crit3Alpha > 0 && crit3Alpha < 1)) throw new StatInputError(`crit3Alpha must lie in (0, 1), got ${crit3Alpha}`);
  if (!(crit3Critical > 0) || !Number.isFinite(crit3Critical)) throw new StatInputError(`crit3Critical must be a finite positive number, got ${crit3Critical}`);
  if (crit1Cutoff === null && crit2 === null && !useCrit3) throw new StatInputError('at least one of crit1, crit2 and crit3 must be applied');
  if (!['largest', 'smallest', 'first', 'last'].includes(select)) throw new StatInputError(`select must be largest, smallest, first or last, got ${String(select)}`);
  const sign = direction === 'decrease' ? 1 : -1;

  const flag1 = new Int8Array(n).fill(-1);
  const flag2 = new Int8Array(n).fill(-1);
  const flag3 = new Int8Array(n).fill(-1);
  const event = new Int8Array(n).fill(-1);
  const nP = runs.ids.length;
  const nTested = new Int32Array(nP);
  const nEvents = new Int32Array(nP);
  const selectedIdx = new Int32Array(nP).fill(-1);
  const events: SuddenGainEvent[] = [];
  const selected: SuddenGainEvent[] = [];
  // Critical values by df (windows of up to three scores each side: df ≤ 4), computed once each.
  const qtCache = new Float64Array(8).fill(NaN);
  const criticalFor = (df: number): number => {
    if (!crit3Adjust) return crit3Critical;
    let c = qtCache[df]!;
    if (c !== c) {
      c = qt(1 - crit3Alpha / 2, df);
      qtCache[df] = c;
    }
    return c;
  };

  // Scores and times as Float64Arrays, so the loop's loads stay monomorphic (copies only of other array-likes).
  const y = score instanceof Float64Array ? score : Float64Array.from(score);
  const time = series.time instanceof Float64Array ? series.time : Float64Array.from(series.time);
  for (let p = 0; p < nP; p++) {
    const s = runs.start[p]!;
    const e = runs.end[p]!;
    const first = edgeIntervals ? s + 1 : s + 2;
    const last = edgeIntervals ? e - 1 : e - 2;
    for (let i = first; i <= last; i++) {
      const pre = y[i - 1]!;
      const post = y[i]!;
      const present = pre === pre && post === post;
      const change = sign * (pre - post);
      if (present && crit1Cutoff !== null) flag1[i] = change >= crit1Cutoff ? 1 : 0;
      if (present && crit2 !== null) flag2[i] = change >= crit2 * pre ? 1 : 0;
      // Window means over rows [a, i) and [i, b), missing scores skipped, summed in row order.
      const a = i - 3 > s ? i - 3 : s;
      const b = i + 3 < e ? i + 3 : e;
      const sPre = presentSum(y, a, i);
      const nPre = COUNT[0]!;
      const sPost = presentSum(y, i, b);
      const nPost = COUNT[0]!;
      const meanPre = sPre / nPre;
      const meanPost = sPost / nPost;
      const evaluable3 = nPre >= 2 && nPost >= 2;
      const critical = evaluable3 ? criticalFor(nPre + nPost - 2) : NaN;
      // The pooled SD only where it decides: a mean difference that is not positive fails
      // criterion 3 whatever it is (critical × SD ≥ 0), and events compute theirs below.
      let pooledSd = NaN;
      if (useCrit3 && evaluable3) {
        const diff = sign * (meanPre - meanPost);
        if (diff > 0) {
          pooledSd = pooledSdOf(y, a, i, b, meanPre, meanPost, nPre + nPost - 2);
          flag3[i] = diff > critical * pooledSd ? 1 : 0;
        } else flag3[i] = 0;
      }
      if (!present) continue;
      nTested[p]!++;
      const met =
        (crit1Cutoff === null || flag1[i] === 1) && (crit2 === null || flag2[i] === 1) && (!useCrit3 || flag3[i] === 1);
      event[i] = met ? 1 : 0;
      if (!met) continue;
      if (evaluable3 && pooledSd !== pooledSd) pooledSd = pooledSdOf(y, a, i, b, meanPre, meanPost, nPre + nPost - 2);
      let reversal = false;
      const back = post + (sign * change) / 2;
      for (let r = i + 1; r < e && !reversal; r++) {
        if (sign * (y[r]! - back) > 0) reversal = true;
      }
      events.push({
        id: runs.ids[p]!,
        row: i,
        position: i - s + 1,
        time: time[i]!,
        preTime: time[i - 1]!,
        pre,
        post,
        magnitude: change,
        relative: change / pre,
        meanPre,
        meanPost,
        nPre,
        nPost,
        pooledSd,
        critical,
        reversal,
        around: scoresAround(y, s, e, i, 3, 3),
      });
      nEvents[p]!++;
      const k = events.length - 1;
      const cur = selectedIdx[p]!;
      if (cur < 0 || better(select, events[k]!, events[cur]!)) selectedIdx[p] = k;
    }
    if (selectedIdx[p]! >= 0) selected.push(events[selectedIdx[p]!]!);
  }

  return {
    events,
    selected,
    patients: { id: runs.ids, nTested, nEvents, selected: selectedIdx },
    intervals: { crit1: flag1, crit2: flag2, crit3: flag3, event },
    settings: { direction, crit1Cutoff, crit2, crit3: useCrit3, crit3Adjust, crit3Alpha, crit3Critical, select, edgeIntervals },
  };
}

/** Events arrive in session order, so ties keep the earlier one (suddengains' rule). */
function better(select: SuddenSelect, candidate: SuddenGainEvent, current: SuddenGainEvent): boolean {
  switch (select) {
    case 'largest':
      return candidate.magnitude > current.magnitude;
    case 'smallest':
      return candidate.magnitude < current.magnitude;
    case 'first':
      return false;
    case 'last':
      return true;
  }
}

/** The count of present scores of the last `presentSum` (a slot, so no object per call). */
const COUNT = new Int32Array(1);

/** Sum of the non-missing scores in rows [from, to), in row order; their count in COUNT[0]. */
function presentSum(y: Float64Array, from: number, to: number): number {
  let n = 0;
  let sum = 0;
  for (let r = from; r < to; r++) {
    const v = y[r]!;
    if (v === v) {
      n++;
      sum += v;
    }
  }
  COUNT[0] = n;
  return sum;
}

/**
 * The pooled SD of the non-missing scores in rows [a, i) (mean `meanPre`) and [i, b) (mean
 * `meanPost`): √(Σ squared deviations, in row order / df).
 */
function pooledSdOf(y: Float64Array, a: number, i: number, b: number, meanPre: number, meanPost: number, df: number): number {
  let ss = 0;
  for (let r = a; r < b; r++) {
    const v = y[r]!;
    if (v === v) ss += (v - (r < i ? meanPre : meanPost)) ** 2;
  }
  return Math.sqrt(ss / df);
}
