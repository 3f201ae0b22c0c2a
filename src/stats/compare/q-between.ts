import { assertFinite } from '../descriptive/assert-finite.ts';
import { pchisq } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { groupIndex } from './group-index.ts';

/** Fixed-effect subgroup heterogeneity partition Q_total = Q_between + Q_within. */
export interface QBetween {
  k: number;
  /** Group codes (ascending) and, per group: studies, inverse-variance estimate, its SE and Q_within. */
  groups: Float64Array;
  groupK: Uint32Array;
  groupEstimate: Float64Array;
  groupSe: Float64Array;
  groupQ: Float64Array;
  /** Pooled fixed-effect estimate over all studies and its SE. */
  estimate: number;
  se: number;
  qTotal: number;
  dfTotal: number;
  pTotal: number;
  /** Σ Q_within (metafor's QE of the subgroup model) and its df k − groups. */
  qWithin: number;
  dfWithin: number;
  pWithin: number;
  /** Q_total − Σ Q_within (metafor's QM), df = groups − 1. */
  qBetween: number;
  df: number;
  p: number;
}

/**
 * Test of heterogeneity between subgroups (e.g. modalities) under the fixed-effect model
 * (Hedges & Olkin 1985, ch. 7; Borenstein, Hedges, Higgins & Rothstein 2009, Introduction to
 * Meta-Analysis, ch. 19): with wᵢ = 1/vᵢ, Q = Σwᵢ(yᵢ − ȳ_w)² overall and within each group,
 * Q_between = Q_total − Σ Q_within on groups − 1 df, p from χ². Equals `QM` of
 * `metafor::rma(yi, vi, mods = ~ factor(group), method = "FE")`; `QE` there is Σ Q_within.
 * For correlations pass Fisher's z (yi = atanh r, vi = 1/(n − 3)). O(k).
 * Throws StatInputError on unequal lengths, non-finite yi, non-positive vi or fewer than 2 groups.
 * @example qBetween([0.1, 0.2, 0.5, 0.6], [0.01, 0.01, 0.01, 0.01], [1, 1, 2, 2]) // qBetween = 16, df = 1
 */
export function qBetween(yi: ArrayLike<number>, vi: ArrayLike<number>, groups: ArrayLike<number>): QBetween {
  assertFinite(yi, 'yi', 2);
  assertFinite(vi, 'vi', 2);
  const k = yi.length;
  if (vi.length !== k || groups.length !== k)
    throw new StatInputError(`yi, vi and groups differ in length (${k}, ${vi.length}, ${groups.length})`);
  for (let i = 0; i < k; i++) if (!(vi[i] > 0)) throw new StatInputError(`vi[${i}] must be positive, got ${vi[i]}`);
  const { codes, index, size } = groupIndex(groups);
  const m = codes.length;
  if (m < 2) throw new StatInputError(`need at least 2 groups, got ${m}`);
  const sw = new Float64Array(m);
  const swy = new Float64Array(m);
  let W = 0;
  let WY = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / vi[i];
    sw[index[i]] += w;
    swy[index[i]] += w * yi[i];
    W += w;
    WY += w * yi[i];
  }
  const est = WY / W;
  const ge = new Float64Array(m);
  for (let j = 0; j < m; j++) ge[j] = swy[j] / sw[j];
  const gq = new Float64Array(m);
  let qTotal = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / vi[i];
    qTotal += w * (yi[i] - est) ** 2;
    gq[index[i]] += w * (yi[i] - ge[index[i]]) ** 2;
  }
  let qWithin = 0;
  for (let j = 0; j < m; j++) qWithin += gq[j];
  const qB = Math.max(0, qTotal - qWithin);
  const dfWithin = k - m;
  return {
    k,
    groups: codes,
    groupK: size,
    groupEstimate: ge,
    groupSe: sw.map((w) => 1 / Math.sqrt(w)),
    groupQ: gq,
    estimate: est,
    se: 1 / Math.sqrt(W),
    qTotal,
    dfTotal: k - 1,
    pTotal: pchisq(qTotal, k - 1, false),
    qWithin,
    dfWithin,
    pWithin: dfWithin > 0 ? pchisq(qWithin, dfWithin, false) : 1,
    qBetween: qB,
    df: m - 1,
    p: pchisq(qB, m - 1, false),
  };
}
