import { StatInputError } from '../errors.ts';
import { equivalenceBounds } from './equivalence-bounds.ts';
import { smdVariance } from './smd-variance.ts';
import { tostZ, type TostZ } from './tost-z.ts';

/** TOST for a standardized mean difference; `seSource` says where the SE came from. */
export interface TostSmd extends TostZ {
  seSource: 'given' | 'hedges-olkin';
}

/**
 * Equivalence test for a standardized mean difference (Hedges' g) against a declared margin,
 * by two one-sided z tests as TOSTER's `TOSTmeta(ES = g, se, low_eqbound_d, high_eqbound_d, alpha)`
 * (Lakens 2017, https://doi.org/10.1177/1948550617697177). The SE is given, or computed from the
 * group sizes by Hedges & Olkin's large-sample formula (`smdVariance`). Normal theory: suited to
 * g from moderately large groups or to a pooled meta-analytic g. Decision rule: see `tostZ`.
 * `margin` Δ gives bounds (−Δ, Δ) in SD units, or pass [lower, upper].
 * @example tostSmd({ g: 0.05, n1: 200, n2: 200 }, 0.3) // se = 0.10001…, decision 'equivalent'
 */
export function tostSmd(
  input: { g: number; se: number } | { g: number; n1: number; n2: number },
  margin: number | readonly [number, number],
  alpha = 0.05,
): TostSmd {
  const [lo, hi] = equivalenceBounds(margin);
  let se: number;
  let seSource: TostSmd['seSource'];
  if ('se' in input) {
    se = input.se;
    seSource = 'given';
  } else if ('n1' in input && 'n2' in input) {
    se = Math.sqrt(smdVariance(input.g, input.n1, input.n2));
    seSource = 'hedges-olkin';
  } else throw new StatInputError('tostSmd needs g with either se or n1 and n2');
  return { ...tostZ(input.g, se, lo, hi, alpha), seSource };
}
