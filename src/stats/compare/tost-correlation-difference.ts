import { StatInputError } from '../errors.ts';
import { assertCorrelation } from './assert-correlation.ts';
import { compareIndependentCorrelations } from './compare-independent-correlations.ts';
import { equivalenceBounds } from './equivalence-bounds.ts';
import { tostZ, type TostZ } from './tost-z.ts';

type TestPart = Omit<TostZ, 'estimate' | 'se' | 'lowerBound' | 'upperBound' | 'ciLower' | 'ciUpper'>;

/** TOST for the difference of two independent correlations, tested on atanh r₁ − atanh r₂. */
export interface TostCorrelationDifference extends TestPart {
  r1: number;
  n1: number;
  r2: number;
  n2: number;
  /** r₁ − r₂. */
  diff: number;
  /** atanh r₁ − atanh r₂ and its SE √(1/(n₁−3) + 1/(n₂−3)). */
  zDiff: number;
  se: number;
  marginScale: 'z' | 'r';
  /** Bounds as declared (on `marginScale`). */
  lowerBound: number;
  upperBound: number;
  /** Bounds used by the tests, on the z-difference scale. */
  lowerBoundZ: number;
  upperBoundZ: number;
  /** (1 − 2α) interval for the z difference (the one the decision uses). */
  ciLowerZ: number;
  ciUpperZ: number;
  /** (1 − 2α) Zou (2007) interval for r₁ − r₂, descriptive. */
  zouCiLower: number;
  zouCiUpper: number;
}

/**
 * Equivalence test for two independent correlations (e.g. the alliance–outcome r in two
 * modalities): TOST (Schuirmann 1987; Lakens 2017) on the Fisher-z difference
 * d = atanh r₁ − atanh r₂ with SE √(1/(n₁−3) + 1/(n₂−3)) (Goertzen & Cribbie 2010, extended to
 * two samples; TOSTER's `compare_cor` uses the same z and SE). The test of no difference is the
 * Fisher z test of `compareIndependentCorrelations`. Decision rule: see `tostZ`.
 *
 * Margin: with `marginScale: 'z'` (default) the bounds apply to d directly. With 'r', a bound
 * Δ on the r scale is mapped to atanh(Δ) on the z scale — exact when one correlation is 0, and an
 * approximation otherwise (the z-scale width of a fixed r difference grows with |r|); the Zou
 * interval for r₁ − r₂ is returned so it can be drawn against the r-scale margin.
 * Throws StatInputError for |r| ≥ 1, n ≤ 3, r-scale bounds outside (−1, 1) or α outside (0, 0.5).
 * @example tostCorrelationDifference(0.3, 3000, 0.29, 3000, 0.1, { marginScale: 'r' }) // zDiff = 0.01095…, decision 'equivalent'
 */
export function tostCorrelationDifference(
  r1: number,
  n1: number,
  r2: number,
  n2: number,
  margin: number | readonly [number, number],
  options: { alpha?: number; marginScale?: 'z' | 'r' } = {},
): TostCorrelationDifference {
  const alpha = options.alpha ?? 0.05;
  const marginScale = options.marginScale ?? 'z';
  if (marginScale !== 'z' && marginScale !== 'r') throw new StatInputError(`marginScale must be 'z' or 'r', got ${String(marginScale)}`);
  assertCorrelation(r1, n1, 'r1');
  assertCorrelation(r2, n2, 'r2');
  const [lo, hi] = equivalenceBounds(margin);
  if (marginScale === 'r' && !(lo > -1 && hi < 1))
    throw new StatInputError(`r-scale bounds must lie in (−1, 1), got (${lo}, ${hi})`);
  const loZ = marginScale === 'r' ? Math.atanh(lo) : lo;
  const hiZ = marginScale === 'r' ? Math.atanh(hi) : hi;
  const zDiff = Math.atanh(r1) - Math.atanh(r2);
  const se = Math.sqrt(1 / (n1 - 3) + 1 / (n2 - 3));
  const t = tostZ(zDiff, se, loZ, hiZ, alpha);
  const zou = compareIndependentCorrelations(r1, n1, r2, n2, 1 - 2 * alpha);
  const { estimate: _e, se: _s, lowerBound: _l, upperBound: _u, ciLower, ciUpper, ...tests } = t;
  return {
    ...tests,
    r1,
    n1,
    r2,
    n2,
    diff: r1 - r2,
    zDiff,
    se,
    marginScale,
    lowerBound: lo,
    upperBound: hi,
    lowerBoundZ: loZ,
    upperBoundZ: hiZ,
    ciLowerZ: ciLower,
    ciUpperZ: ciUpper,
    zouCiLower: zou.ciLower,
    zouCiUpper: zou.ciUpper,
  };
}
