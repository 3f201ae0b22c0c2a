import { StatInputError } from '../errors.ts';
import { patientRuns, type PatientRuns, type SessionSeries } from '../sudden/patient-runs.ts';
import { scoresAround } from '../sudden/scores-around.ts';
import { rupturePreset, type RupturePresetName, type RuptureRule, type RuptureThreshold } from './rupture-preset.ts';

/** Shape of an episode; see {@link ruptures} for the definitions. */
export type RupturePattern = 'V' | 'decline-sudden-repair' | 'gradual-repair' | 'unrepaired';

/** Per-patient classification (after Larsson et al. 2018's Repair / Rupture / No-rupture groups). */
export type RupturePatientStatus = 'none' | 'repaired' | 'unrepaired';

export interface RuptureEpisode {
  /** Patient code. */
  readonly id: number;
  /** Row of the rupture session t in the input columns. */
  readonly row: number;
  /** 1-based position of t in the patient's series, and its time value. */
  readonly position: number;
  readonly time: number;
  /** The level repair is judged against: the score at t − 1 (`reference: 'previous'`) or the patient's mean (`'mean'`). */
  readonly pre: number;
  /** Score at t. */
  readonly score: number;
  /** Initial drop at t from `pre`, in the rule's direction (≥ threshold). */
  readonly drop: number;
  /** The patient's threshold. */
  readonly threshold: number;
  /** Largest drop from `pre` during the episode (rupture session up to the session before repair, or to the window's end). */
  readonly depth: number;
  /** Position of the episode's lowest score (the first one when tied). */
  readonly minPosition: number;
  /** Sessions from t − 1 to the lowest score: 1 when the lowest score is at t. */
  readonly declineLength: number;
  /** Sessions in the episode's span: s − t when repaired at s, else min(T, t + W) − t + 1 (crisis length, Gumz et al. 2012). */
  readonly dipLength: number;
  readonly repaired: boolean;
  /** Position and time of the repair session, −1 and `NaN` when unrepaired. */
  readonly repairPosition: number;
  readonly repairTime: number;
  readonly pattern: RupturePattern;
  /** Unrepaired, and the window held a missing score or ran past the series end, so a repair may have gone unobserved. */
  readonly censored: boolean;
  /** Initial drop ≥ `strict` × threshold (always `false` when the rule has no `strict`). */
  readonly strict: boolean;
  /** Scores at t − 3 … t + 3 (7 values, `NaN` when missing or outside the series). */
  readonly around: Float64Array;
}

export interface RupturePatients {
  readonly id: Int32Array;
  /** The patient's own SD (`NaN` with fewer than two scores). */
  readonly ownSd: Float64Array;
  /** The threshold applied (`NaN` when not evaluable). */
  readonly threshold: Float64Array;
  /** 1 when a threshold exists and the patient has two or more scores; otherwise 0 and status `'none'`. */
  readonly evaluable: Uint8Array;
  readonly nEpisodes: Int32Array;
  readonly nRepaired: Int32Array;
  /** `'none'` without episodes, `'unrepaired'` with any unrepaired episode, else `'repaired'`. */
  readonly status: RupturePatientStatus[];
  /** The same classification from `strict` episodes only (equals `status` when the rule has no `strict`). */
  readonly strictStatus: RupturePatientStatus[];
}

export interface RupturesResult {
  /** The rule applied, defaults filled in. */
  readonly rule: Required<Omit<RuptureRule, 'strict'>> & { readonly strict: number | null };
  /** Sample SD used by the threshold (`NaN` when the threshold does not use one). */
  readonly sampleSd: number;
  readonly episodes: RuptureEpisode[];
  readonly patients: RupturePatients;
}

/**
 * Rupture–repair episodes in session-by-session (alliance) series: one explicit,
 * parameterised member of the family of rules used by Stiles et al. (2004,
 * doi:10.1037/0022-0167.51.1.81), Strauss et al. (2006, doi:10.1037/0022-006X.74.2.337),
 * Gumz et al. (2012, doi:10.1186/1471-2288-12-10) and Larsson et al. (2018); see
 * {@link rupturePreset} for what each named rule computes and what could not be pinned down.
 *
 * Per patient, with scores y (negated for `direction: 'increase'`) at positions 1…T and
 * threshold θ (see {@link RuptureThreshold}):
 * - rupture at t ≥ 2 when y[t−1] and y[t] are present and the drop d = y[t−1] − y[t] is
 *   ≥ θ and > 0 (`reference: 'previous'`); with `'mean'`, when d = M − y[t] ≥ θ (and > 0)
 *   while y[t−1] is present and was not itself ≥ θ below M (entering a dip), M = the
 *   patient's mean. The reference level `pre` is y[t−1], or M. A tie (d = θ) counts.
 * - repaired at the first s in t+1…t+W with y[s] ≥ pre − tolerance; else unrepaired.
 * - the episode spans t…s−1 (repaired) or t…min(T, t+W) (unrepaired); no new rupture
 *   starts inside it. depth = pre − the lowest score in that span; declineLength = its
 *   position − (t − 1).
 * - pattern: `'V'` — repaired at s = t + 1 (one-session dip); `'decline-sudden-repair'` —
 *   repaired later, and the last observed score before s is the episode's lowest (the
 *   climb back is a single step, after a multi-session decline or plateau); `'gradual-repair'`
 *   — repaired later, with the climb back spread over two or more steps; `'unrepaired'`.
 * - patient: `'none'` (no episode), `'unrepaired'` (any unrepaired episode), else
 *   `'repaired'`. Larsson et al.'s exact grouping could not be verified: letting any
 *   unrepaired episode define the patient, and counting censored episodes as unrepaired,
 *   are this toolkit's choices (the `censored` flag lets a user drop them).
 * Positions count rows (see {@link SessionSeries}); missing scores are skipped, never imputed.
 * Adding a constant to every score changes nothing (all thresholds are shift-invariant).
 * O(n + episodes × W).
 * @example
 * const s = { ids: Int32Array.of(1, 1, 1, 1, 1), time: Float64Array.of(1, 2, 3, 4, 5),
 *             score: Float64Array.of(6, 6, 3, 6, 6) };
 * ruptures(s, { threshold: { type: 'absolute', value: 2 }, window: 1 }).episodes[0].pattern // 'V'
 */
export function ruptures(series: SessionSeries, rule: RuptureRule | RupturePresetName): RupturesResult {
  const r = typeof rule === 'string' ? rupturePreset(rule) : rule;
  const runs = patientRuns(series);
  const reference = r.reference ?? 'previous';
  const window = r.window ?? 3;
  const tolerance = r.tolerance ?? 0;
  const strict = r.strict ?? null;
  const direction = r.direction ?? 'decrease';
  if (reference !== 'previous' && reference !== 'mean') throw new StatInputError(`reference must be 'previous' or 'mean', got ${String(reference)}`);
  if (!Number.isInteger(window) || window < 1) throw new StatInputError(`window must be an integer ≥ 1, got ${window}`);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new StatInputError(`tolerance must be a finite number ≥ 0, got ${tolerance}`);
  if (strict !== null && !(strict >= 1 && Number.isFinite(strict))) throw new StatInputError(`strict must be a finite multiplier ≥ 1, got ${strict}`);
  if (direction !== 'decrease' && direction !== 'increase') throw new StatInputError(`direction must be 'decrease' or 'increase', got ${String(direction)}`);
  const sign = direction === 'decrease' ? 1 : -1;
  const y = series.score;
  const time = series.time;
  const { ownSd, threshold, sampleSd } = thresholds(y, runs, r.threshold);

  const nP = runs.ids.length;
  const evaluable = new Uint8Array(nP);
  const nEpisodes = new Int32Array(nP);
  const nRepaired = new Int32Array(nP);
  const status: RupturePatientStatus[] = [];
  const strictStatus: RupturePatientStatus[] = [];
  const episodes: RuptureEpisode[] = [];

  for (let p = 0; p < nP; p++) {
    const s = runs.start[p]!;
    const e = runs.end[p]!;
    const theta = threshold[p]!;
    let st: RupturePatientStatus = 'none';
    let sst: RupturePatientStatus = 'none';
    if (Number.isNaN(theta) || countPresent(y, s, e) < 2) {
      evaluable[p] = 0;
      threshold[p] = NaN;
      status.push(st);
      strictStatus.push(sst);
      continue;
    }
    evaluable[p] = 1;
    let mean = 0;
    if (reference === 'mean') {
      let k = 0;
      for (let i = s; i < e; i++) {
        if (Number.isNaN(y[i]!)) continue;
        mean += sign * y[i]!;
        k++;
      }
      mean /= k;
    }
    let t = s + 1;
    while (t < e) {
      const prev = sign * y[t - 1]!;
      const cur = sign * y[t]!;
      if (Number.isNaN(prev) || Number.isNaN(cur)) {
        t++;
        continue;
      }
      const level = reference === 'previous' ? prev : mean;
      const drop = level - cur;
      const entering = reference === 'previous' || mean - prev < theta;
      if (!(drop >= theta && drop > 0 && entering)) {
        t++;
        continue;
      }
      const last = Math.min(e - 1, t + window);
      let repairRow = -1;
      for (let u = t + 1; u <= last; u++) {
        const v = sign * y[u]!;
        if (v >= level - tolerance) {
          repairRow = u;
          break;
        }
      }
      const spanEnd = repairRow >= 0 ? repairRow - 1 : last;
      let minRow = t;
      let lastObserved = t;
      for (let u = t + 1; u <= spanEnd; u++) {
        const v = sign * y[u]!;
        if (Number.isNaN(v)) continue;
        lastObserved = u;
        if (v < sign * y[minRow]!) minRow = u;
      }
      const repaired = repairRow >= 0;
      let pattern: RupturePattern = 'unrepaired';
      if (repaired) {
        if (repairRow === t + 1) pattern = 'V';
        else pattern = sign * y[lastObserved]! === sign * y[minRow]! ? 'decline-sudden-repair' : 'gradual-repair';
      }
      let censored = false;
      if (!repaired) {
        censored = t + window > e - 1;
        for (let u = t + 1; u <= last && !censored; u++) if (Number.isNaN(y[u]!)) censored = true;
      }
      const isStrict = strict !== null && drop >= strict * theta;
      episodes.push({
        id: runs.ids[p]!,
        row: t,
        position: t - s + 1,
        time: time[t]!,
        pre: sign * level,
        score: y[t]!,
        drop,
        threshold: theta,
        depth: level - sign * y[minRow]!,
        minPosition: minRow - s + 1,
        declineLength: minRow - t + 1,
        dipLength: spanEnd - t + 1,
        repaired,
        repairPosition: repaired ? repairRow - s + 1 : -1,
        repairTime: repaired ? time[repairRow]! : NaN,
        pattern,
        censored,
        strict: isStrict,
        around: scoresAround(y, s, e, t, 3, 3),
      });
      nEpisodes[p]!++;
      if (repaired) nRepaired[p]!++;
      st = worse(st, repaired);
      if (strict === null || isStrict) sst = worse(sst, repaired);
      t = repaired ? repairRow + 1 : last + 1;
    }
    status.push(st);
    strictStatus.push(sst);
  }

  return {
    rule: { threshold: r.threshold, reference, window, tolerance, strict, direction },
    sampleSd,
    episodes,
    patients: { id: runs.ids, ownSd, threshold, evaluable, nEpisodes, nRepaired, status, strictStatus },
  };
}

function worse(current: RupturePatientStatus, repaired: boolean): RupturePatientStatus {
  if (!repaired || current === 'unrepaired') return 'unrepaired';
  return 'repaired';
}

function countPresent(y: ArrayLike<number>, s: number, e: number): number {
  let k = 0;
  for (let i = s; i < e; i++) if (!Number.isNaN(y[i]!)) k++;
  return k;
}

/** Welford accumulator for an SD with the n − 1 denominator. */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  sd(): number {
    return this.n >= 2 ? Math.sqrt(this.m2 / (this.n - 1)) : NaN;
  }
}

function thresholds(
  y: ArrayLike<number>,
  runs: PatientRuns,
  spec: RuptureThreshold,
): { ownSd: Float64Array; threshold: Float64Array; sampleSd: number } {
  const nP = runs.ids.length;
  const ownSd = new Float64Array(nP);
  const all = new Moments();
  const diffs = new Moments();
  const firsts = new Moments();
  for (let p = 0; p < nP; p++) {
    const own = new Moments();
    let seenFirst = false;
    for (let i = runs.start[p]!; i < runs.end[p]!; i++) {
      const v = y[i]!;
      if (Number.isNaN(v)) continue;
      own.add(v);
      all.add(v);
      if (!seenFirst) firsts.add(v);
      seenFirst = true;
      if (i > runs.start[p]! && !Number.isNaN(y[i - 1]!)) diffs.add(v - y[i - 1]!);
    }
    ownSd[p] = own.sd();
  }
  const threshold = new Float64Array(nP);
  let sampleSd = NaN;
  const positive = (name: string, v: number): number => {
    if (!(v > 0) || !Number.isFinite(v)) throw new StatInputError(`${name} must be a finite positive number, got ${v}`);
    return v;
  };
  switch (spec.type) {
    case 'sd': {
      const k = positive('threshold.k', spec.k);
      if (!['own', 'sample', 'max'].includes(spec.sd)) throw new StatInputError(`threshold.sd must be own, sample or max, got ${String(spec.sd)}`);
      const of = spec.sampleSdOf ?? 'scores';
      if (of !== 'scores' && of !== 'differences') throw new StatInputError(`threshold.sampleSdOf must be scores or differences, got ${String(of)}`);
      if (spec.sd !== 'own') {
        sampleSd = of === 'scores' ? all.sd() : diffs.sd();
        if (!(sampleSd > 0)) throw new StatInputError(`the sample SD of ${of} is not positive or has fewer than two values`);
      }
      for (let p = 0; p < nP; p++) {
        const sd = spec.sd === 'own' ? ownSd[p]! : spec.sd === 'sample' ? sampleSd : Math.max(ownSd[p]!, sampleSd);
        threshold[p] = Number.isNaN(ownSd[p]!) && spec.sd !== 'sample' ? NaN : k * sd;
      }
      break;
    }
    case 'rci': {
      const rel = spec.reliability;
      if (!(rel >= 0 && rel < 1)) throw new StatInputError(`threshold.reliability must lie in [0, 1), got ${rel}`);
      if (typeof spec.sd === 'number') sampleSd = positive('threshold.sd', spec.sd);
      else if (spec.sd === 'sample') sampleSd = all.sd();
      else if (spec.sd === 'first') sampleSd = firsts.sd();
      else throw new StatInputError(`threshold.sd must be a number, 'sample' or 'first', got ${String(spec.sd)}`);
      if (!(sampleSd > 0)) throw new StatInputError(`the SD for the reliable-change threshold is not positive or has fewer than two values`);
      threshold.fill(1.96 * Math.sqrt(2 * (sampleSd * Math.sqrt(1 - rel)) ** 2));
      break;
    }
    case 'absolute':
      threshold.fill(positive('threshold.value', spec.value));
      break;
    default:
      throw new StatInputError(`unknown threshold type: ${String((spec as { type: unknown }).type)}`);
  }
  return { ownSd, threshold, sampleSd };
}
