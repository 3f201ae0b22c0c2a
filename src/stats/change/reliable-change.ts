import { assertFinite } from '../descriptive/assert-finite.ts';
import { StatInputError } from '../errors.ts';
import { assertDirection } from './assert-direction.ts';
import type { Direction } from './types.ts';

/** Category labels, indexed by the codes in `ReliableChange.category`. */
export const RELIABLE_CHANGE_LABELS = ['recovered', 'improved', 'unchanged', 'deteriorated'] as const;
export type ReliableChangeLabel = (typeof RELIABLE_CHANGE_LABELS)[number];

/** Which side a score exactly on the cut-off belongs to. */
export type CutoffRule = 'at-cutoff-dysfunctional' | 'at-cutoff-functional';

export interface ReliableChangeInput {
  pre: ArrayLike<number>;
  post: ArrayLike<number>;
  direction: Direction;
  /** Pre-treatment (or normative) SD s₁; with `reliability`, gives the Jacobson–Truax RCI. */
  sdPre?: number;
  /** Reliability r_xx of the measure (test–retest or internal consistency), in [0, 1). */
  reliability?: number;
  /** Critical |RCI|; 1.96 by default (two-sided 5%). */
  criterion?: number;
  /** A fixed instrument reliable-change value in raw points (e.g. OQ-45: 14); overrides the RCI rule. */
  rcValue?: number;
  /** Clinical cut-off (a, b or c from `clinicalCutoffs`, or an instrument value); enables 'recovered'. */
  cutoff?: number;
  /** Default 'at-cutoff-dysfunctional': a score equal to the cut-off is not yet functional. */
  cutoffRule?: CutoffRule;
}

export interface ReliableChange {
  n: number;
  method: 'jacobson-truax' | 'fixed-rc-value';
  direction: Direction;
  criterion: number;
  /** Standard error of measurement s₁·√(1 − r_xx); absent without sdPre and reliability. */
  se?: number;
  /** Standard error of the difference √2·SE; absent without sdPre and reliability. */
  sdiff?: number;
  /** Raw change needed to be reliable: criterion·S_diff, or the fixed value given. */
  rcValue: number;
  cutoff?: number;
  cutoffRule: CutoffRule;
  /** post − pre (raw sign). */
  change: Float64Array;
  /** (post − pre)/S_diff (raw sign: negative = improvement on a lower-is-better scale); absent without sdPre and reliability. */
  rci?: Float64Array;
  /** Codes into `labels`: 0 recovered, 1 improved, 2 unchanged, 3 deteriorated. */
  category: Uint8Array;
  labels: typeof RELIABLE_CHANGE_LABELS;
  counts: Record<ReliableChangeLabel, number>;
}

/**
 * Reliable and clinically significant change after Jacobson & Truax (1991), Journal of
 * Consulting and Clinical Psychology 59(1), 12–19, https://doi.org/10.1037/0022-006X.59.1.12.
 *
 * SE = s₁·√(1 − r_xx), S_diff = √2·SE, RCI = (post − pre)/S_diff. Assumes equal error variance
 * at both occasions and a reliability from a comparable population.
 * - Reliable change (RCI rule): |RCI| > criterion (strict). The raw equivalent is `rcValue` = criterion·S_diff.
 * - Reliable change (fixed value, e.g. OQ-45's 14 points, Lambert et al.): |post − pre| ≥ rcValue.
 * - Improvement/worsening follows `direction`.
 * - recovered: reliable improvement, pre on the dysfunctional side of `cutoff` and post on the
 *   functional side (the cut-off crossed). improved: reliable improvement otherwise (including
 *   cases already functional at pre, and every case when no cut-off is given).
 *   deteriorated: reliable worsening. unchanged: change not reliable.
 * - Sides: for 'lower-is-better', functional means score < cutoff ('at-cutoff-dysfunctional',
 *   the default) or score ≤ cutoff ('at-cutoff-functional'); mirrored for 'higher-is-better'.
 *
 * Vectorised over cases, O(n); missing values must be removed by the caller.
 * Throws StatInputError on unequal lengths, non-finite scores, reliability outside [0, 1),
 * a non-positive SD or RC value, or when neither (sdPre, reliability) nor rcValue is given.
 * @example reliableChange({ pre: [30, 30], post: [20, 28], sdPre: 7.5, reliability: 0.84, direction: 'lower-is-better' })
 * // sdiff = 4.2426…, rcValue = 8.3156…, rci = [-2.357…, -0.471…], category = [1, 2]
 */
export function reliableChange(input: ReliableChangeInput): ReliableChange {
  const { pre, post, direction, sdPre, reliability, cutoff } = input;
  const criterion = input.criterion ?? 1.96;
  const cutoffRule = input.cutoffRule ?? 'at-cutoff-dysfunctional';
  assertDirection(direction);
  assertFinite(pre, 'pre', 1);
  assertFinite(post, 'post', 1);
  const n = pre.length;
  if (post.length !== n) throw new StatInputError(`pre and post differ in length (${n} vs ${post.length})`);
  if (!(criterion > 0) || !Number.isFinite(criterion)) throw new StatInputError(`criterion must be positive, got ${criterion}`);
  if (cutoff !== undefined && !Number.isFinite(cutoff)) throw new StatInputError(`cutoff must be finite, got ${cutoff}`);

  let se: number | undefined;
  let sdiff: number | undefined;
  if (sdPre !== undefined || reliability !== undefined) {
    if (sdPre === undefined || reliability === undefined)
      throw new StatInputError('the Jacobson–Truax RCI needs both sdPre and reliability');
    if (!(sdPre > 0) || !Number.isFinite(sdPre)) throw new StatInputError(`sdPre must be positive, got ${sdPre}`);
    if (!(reliability >= 0 && reliability < 1)) throw new StatInputError(`reliability must be in [0, 1), got ${reliability}`);
    se = sdPre * Math.sqrt(1 - reliability);
    sdiff = Math.SQRT2 * se;
  }
  const fixed = input.rcValue !== undefined;
  if (fixed && (!(input.rcValue! > 0) || !Number.isFinite(input.rcValue!)))
    throw new StatInputError(`rcValue must be positive, got ${input.rcValue}`);
  if (!fixed && sdiff === undefined) throw new StatInputError('give sdPre and reliability, or a fixed rcValue');
  const rcValue = fixed ? input.rcValue! : criterion * sdiff!;

  const better = direction === 'lower-is-better' ? -1 : 1;
  const atCutFunctional = cutoffRule === 'at-cutoff-functional';
  const isFunctional = (v: number): boolean => {
    const d = better * (v - cutoff!);
    return d > 0 || (atCutFunctional && d === 0);
  };
  const change = new Float64Array(n);
  const rci = sdiff === undefined ? undefined : new Float64Array(n);
  const category = new Uint8Array(n);
  const counts = { recovered: 0, improved: 0, unchanged: 0, deteriorated: 0 };
  for (let i = 0; i < n; i++) {
    const d = post[i] - pre[i];
    change[i] = d;
    if (rci) rci[i] = d / sdiff!;
    const reliable = fixed ? Math.abs(d) >= rcValue : Math.abs(d / sdiff!) > criterion;
    let code = 2;
    if (reliable && better * d > 0) {
      code = cutoff !== undefined && !isFunctional(pre[i]) && isFunctional(post[i]) ? 0 : 1;
    } else if (reliable && better * d < 0) code = 3;
    category[i] = code;
    counts[RELIABLE_CHANGE_LABELS[code]]++;
  }
  const out: ReliableChange = {
    n,
    method: fixed ? 'fixed-rc-value' : 'jacobson-truax',
    direction,
    criterion,
    rcValue,
    cutoffRule,
    change,
    category,
    labels: RELIABLE_CHANGE_LABELS,
    counts,
  };
  if (se !== undefined) {
    out.se = se;
    out.sdiff = sdiff;
    out.rci = rci;
  }
  if (cutoff !== undefined) out.cutoff = cutoff;
  return out;
}
