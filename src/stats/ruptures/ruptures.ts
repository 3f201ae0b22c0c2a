import type { SessionSeries } from '../sudden/patient-runs.ts';
import type { RupturePresetName, RuptureRule } from './rupture-preset.ts';
import { ruptureEpisodeAt } from './rupture-episode-at.ts';
import { RUPTURE_STATUSES, rupturesColumns } from './ruptures-columns.ts';

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
 * O(n + episodes × W). Builds one object per episode: for large samples use
 * {@link rupturesColumns}, which computes the same episodes as typed arrays.
 * @example
 * const s = { ids: Int32Array.of(1, 1, 1, 1, 1), time: Float64Array.of(1, 2, 3, 4, 5),
 *             score: Float64Array.of(6, 6, 3, 6, 6) };
 * ruptures(s, { threshold: { type: 'absolute', value: 2 }, window: 1 }).episodes[0].pattern // 'V'
 */
export function ruptures(series: SessionSeries, rule: RuptureRule | RupturePresetName): RupturesResult {
  const r = rupturesColumns(series, rule);
  const p = r.patients;
  return {
    rule: r.rule,
    sampleSd: r.sampleSd,
    episodes: Array.from({ length: r.episodes.count }, (_, k) => ruptureEpisodeAt(series, r.episodes, k)),
    patients: {
      id: p.id,
      ownSd: p.ownSd,
      threshold: p.threshold,
      evaluable: p.evaluable,
      nEpisodes: p.nEpisodes,
      nRepaired: p.nRepaired,
      status: Array.from(p.status, (c) => RUPTURE_STATUSES[c]!),
      strictStatus: Array.from(p.strictStatus, (c) => RUPTURE_STATUSES[c]!),
    },
  };
}
