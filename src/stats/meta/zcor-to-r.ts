import { StatInputError } from '../errors.ts';
import type { RmaResult } from './rma.ts';

/** Pooled correlation with its intervals on the r scale. */
export interface CorrelationSummary {
  estimate: number;
  ciLower: number;
  ciUpper: number;
  piLower: number | null;
  piUpper: number | null;
}

/**
 * Back-transforms an intercept-only ZCOR fit to the correlation scale with r = tanh(z), applied
 * to the estimate and to each bound of the confidence and prediction intervals (metafor's
 * `predict(fit, transf = transf.ztor)`; Fisher 1921). The back-transformed estimate is the
 * median, not the mean, of the implied distribution of r.
 * @example zcorToR(rma({ yi, vi, method: 'REML' })).estimate // 0.1488 for dat.molloy2014
 */
export function zcorToR(fit: Pick<RmaResult, 'predict'>): CorrelationSummary {
  const pr = fit.predict;
  if (pr == null) throw new StatInputError('zcorToR needs an intercept-only fit (predict is null for meta-regression)');
  return {
    estimate: Math.tanh(pr.pred),
    ciLower: Math.tanh(pr.ciLower),
    ciUpper: Math.tanh(pr.ciUpper),
    piLower: pr.piLower == null ? null : Math.tanh(pr.piLower),
    piUpper: pr.piUpper == null ? null : Math.tanh(pr.piUpper),
  };
}
