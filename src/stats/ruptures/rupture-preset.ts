import { StatInputError } from '../errors.ts';

/**
 * How large a drop must be.
 * - `sd`: k × SD, with SD the patient's own SD of their scores (`'own'`), the sample SD
 *   (`'sample'`), or the larger of the two (`'max'`, the stricter threshold of Gumz et al. 2012).
 *   The sample SD is that of all scores pooled over patients (`sampleSdOf: 'scores'`, the
 *   default) or of all session-to-session differences (`'differences'`: consecutive rows
 *   with both scores present). SDs use the n − 1 denominator, as R's `sd()`.
 * - `rci`: the reliable-change value 1.96·√2·SD·√(1 − reliability) (Jacobson & Truax 1991,
 *   doi:10.1037/0022-006X.59.1.12), SD given as a number, or `'sample'` (all scores pooled), or
 *   `'first'` (each patient's first observed score, the usual pre-treatment SD).
 * - `absolute`: a fixed drop in score units.
 */
export type RuptureThreshold =
  | { readonly type: 'sd'; readonly k: number; readonly sd: 'own' | 'sample' | 'max'; readonly sampleSdOf?: 'scores' | 'differences' }
  | { readonly type: 'rci'; readonly reliability: number; readonly sd: number | 'sample' | 'first' }
  | { readonly type: 'absolute'; readonly value: number };

/** One rule of the rupture–repair family (see {@link ruptures} for the exact definitions). */
export interface RuptureRule {
  readonly threshold: RuptureThreshold;
  /** What a drop is measured from: the previous session (default) or the patient's mean. */
  readonly reference?: 'previous' | 'mean';
  /** Repair must come within this many sessions after the rupture session; default 3. */
  readonly window?: number;
  /** Repair: a score ≥ reference − tolerance; default 0. */
  readonly tolerance?: number;
  /** Optional multiplier: an episode is `strict` when its initial drop is ≥ strict × threshold. */
  readonly strict?: number;
  /** `'decrease'` (default): a rupture is a drop of a higher-is-better score; `'increase'` mirrors it. */
  readonly direction?: 'decrease' | 'increase';
}

/** Names accepted by {@link rupturePreset}. */
export type RupturePresetName = 'stiles2004' | 'strauss2006' | 'gumz2012' | 'rci';

/**
 * Named rupture rules from the literature, as far as the published rules could be pinned
 * down. Only the SD multipliers (2 SD Stiles, 1 SD Strauss, both in Gumz) are verified;
 * every other setting below is this toolkit's choice and is reported with the results.
 *
 * - `stiles2004` — Stiles et al. (2004), J Couns Psychol 51(1), 81–92,
 *   doi:10.1037/0022-0167.51.1.81: a V-shaped dip. Computes: drop from the previous session
 *   ≥ 2 × the patient's own SD; repaired when the next session (window 1) is back at or
 *   above the pre-rupture score. Not pinned down: which SD, deviation from the previous
 *   session or from the mean, the repair level (the authors call their rule preliminary).
 * - `strauss2006` — Strauss et al. (2006), J Consult Clin Psychol 74(2), 337–345,
 *   doi:10.1037/0022-006X.74.2.337, "most similar to" Stiles et al. Computes: drop from the
 *   previous session ≥ 1 × own SD; repair within 3 sessions back to the pre-rupture score.
 *   Not pinned down: the SD, the window (3 is our choice) and any percentage criterion
 *   (a "15%" rule circulates but could not be verified, so it is not used).
 * - `gumz2012` — Gumz et al. (2012), BMC Med Res Methodol 12, 10, doi:10.1186/1471-2288-12-10:
 *   the stricter (larger) of the patient's own SD and the sample SD of all scores, at both
 *   1 SD and 2 SD. Computes: episodes at the 1 SD threshold (drop from the previous session),
 *   each flagged `strict` when its initial drop also reaches 2 SD, with patient statuses at
 *   both levels; window 6 (the longest decline the authors report). Not pinned down: how the
 *   within- and between-person SDs were computed, the repair level, the window.
 * - `rci` — reliable change, as Larsson et al. (2018), Psychother Res 28(1), 123–136
 *   (an RCI-based threshold; doi:10.1080/10503307.2016.1174345). Computes: drop from the previous session ≥
 *   1.96·√2·SD·√(1 − reliability), SD = `params.sd` or else the SD of the patients' first
 *   observed scores; window 3. Not pinned down: Larsson's exact rule, SD source and window;
 *   `params.reliability` is required.
 * @example rupturePreset('stiles2004') // { threshold: { type: 'sd', k: 2, sd: 'own' }, reference: 'previous', window: 1, tolerance: 0 }
 */
export function rupturePreset(
  name: RupturePresetName,
  params: { readonly reliability?: number; readonly sd?: number } = {},
): RuptureRule {
  switch (name) {
    case 'stiles2004':
      return { threshold: { type: 'sd', k: 2, sd: 'own' }, reference: 'previous', window: 1, tolerance: 0 };
    case 'strauss2006':
      return { threshold: { type: 'sd', k: 1, sd: 'own' }, reference: 'previous', window: 3, tolerance: 0 };
    case 'gumz2012':
      return {
        threshold: { type: 'sd', k: 1, sd: 'max', sampleSdOf: 'scores' },
        reference: 'previous',
        window: 6,
        tolerance: 0,
        strict: 2,
      };
    case 'rci':
      if (params.reliability === undefined) throw new StatInputError("preset 'rci' needs params.reliability");
      return {
        threshold: { type: 'rci', reliability: params.reliability, sd: params.sd ?? 'first' },
        reference: 'previous',
        window: 3,
        tolerance: 0,
      };
    default:
      throw new StatInputError(`unknown rupture preset: ${String(name)} (stiles2004, strauss2006, gumz2012, rci)`);
  }
}
