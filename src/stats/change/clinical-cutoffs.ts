import { StatInputError } from '../errors.ts';
import { assertDirection } from './assert-direction.ts';
import type { Direction } from './types.ts';

/** Jacobson–Truax cut-off points for clinically significant change. */
export interface ClinicalCutoffs {
  /** multiplier·SD_dys beyond the dysfunctional mean, toward the healthy end. */
  a: number;
  /** multiplier·SD_func inside the functional mean, toward the unhealthy end; only with functional norms. */
  b?: number;
  /** (SD_func·M_dys + SD_dys·M_func)/(SD_func + SD_dys); only with functional norms. */
  c?: number;
  multiplier: number;
  direction: Direction;
}

/**
 * Clinical cut-offs a, b and c of Jacobson & Truax (1991), "Clinical significance: a
 * statistical approach to defining meaningful change in psychotherapy research", Journal of
 * Consulting and Clinical Psychology 59(1), 12–19, https://doi.org/10.1037/0022-006X.59.1.12.
 * For a 'lower-is-better' scale a = M_dys − m·SD_dys and b = M_func + m·SD_func; for
 * 'higher-is-better' the signs swap. c weights the two means by the other group's SD; it is
 * the recommended cut-off when functional norms exist and the distributions overlap, a when
 * there are none. m is 2 by default (some implementations use 1.96).
 * Throws StatInputError on non-finite means, non-positive SDs or only one of the functional norms.
 * @example clinicalCutoffs({ mDys: 80, sdDys: 20, mFunc: 45, sdFunc: 15, direction: 'lower-is-better' })
 * // { a: 40, b: 75, c: 60, multiplier: 2, direction: 'lower-is-better' }
 */
export function clinicalCutoffs(norms: {
  mDys: number;
  sdDys: number;
  mFunc?: number;
  sdFunc?: number;
  direction: Direction;
  multiplier?: number;
}): ClinicalCutoffs {
  const { mDys, sdDys, mFunc, sdFunc, direction } = norms;
  const m = norms.multiplier ?? 2;
  assertDirection(direction);
  if (!Number.isFinite(mDys) || !(sdDys > 0) || !Number.isFinite(sdDys))
    throw new StatInputError(`dysfunctional norms need a finite mean and a positive SD (got ${mDys}, ${sdDys})`);
  if (!(m > 0) || !Number.isFinite(m)) throw new StatInputError(`multiplier must be positive, got ${m}`);
  const toHealthy = direction === 'lower-is-better' ? -1 : 1;
  const out: ClinicalCutoffs = { a: mDys + toHealthy * m * sdDys, multiplier: m, direction };
  if (mFunc === undefined && sdFunc === undefined) return out;
  if (mFunc === undefined || sdFunc === undefined || !Number.isFinite(mFunc) || !(sdFunc > 0) || !Number.isFinite(sdFunc))
    throw new StatInputError(`functional norms need both a finite mean and a positive SD (got ${mFunc}, ${sdFunc})`);
  out.b = mFunc - toHealthy * m * sdFunc;
  out.c = (sdFunc * mDys + sdDys * mFunc) / (sdFunc + sdDys);
  return out;
}
