import { StatInputError } from '../errors.ts';
import { refitRma } from './refit-rma.ts';
import type { RmaResult } from './rma.ts';

/** Per-row summaries of a series of refits (leave-one-out, cumulative). */
export interface SequentialAnalysis {
  estimate: Float64Array;
  se: Float64Array;
  /** z or t statistic, following the model's test. */
  zval: Float64Array;
  pval: Float64Array;
  ciLower: Float64Array;
  ciUpper: Float64Array;
  Q: Float64Array;
  Qp: Float64Array;
  tau2: Float64Array;
  I2: Float64Array;
  H2: Float64Array;
  /** Rows (0-based) whose fit was impossible (e.g. one study under a t test); their values are NaN. */
  failed: number[];
}

/**
 * Refits an intercept-only model of {@link rma} on `rows` subsets of its studies (row i uses
 * `indicesFor(i)`) and collects estimate, SE, test statistic, p, CI, Q, τ², I² and H² per row, as
 * metafor's `leave1out` / `cumul` tables. Rows whose fit is impossible are NaN and listed in `failed`.
 * @example sequentialFits(fit, 2, (i) => [i]).estimate // each study alone
 */
export function sequentialFits(fit: RmaResult, rows: number, indicesFor: (i: number) => ArrayLike<number>): SequentialAnalysis {
  const f = () => new Float64Array(rows).fill(Number.NaN);
  const out: SequentialAnalysis = { estimate: f(), se: f(), zval: f(), pval: f(), ciLower: f(), ciUpper: f(), Q: f(), Qp: f(), tau2: f(), I2: f(), H2: f(), failed: [] };
  for (let i = 0; i < rows; i++) {
    let r: RmaResult;
    try {
      r = refitRma(fit, indicesFor(i));
    } catch (e) {
      if (!(e instanceof StatInputError)) throw e;
      out.failed.push(i);
      continue;
    }
    out.estimate[i] = r.beta[0]; out.se[i] = r.se[0]; out.zval[i] = r.zval[0]; out.pval[i] = r.pval[0];
    out.ciLower[i] = r.ciLower[0]; out.ciUpper[i] = r.ciUpper[0]; out.Q[i] = r.QE; out.Qp[i] = r.QEp;
    out.tau2[i] = r.tau2; out.I2[i] = r.I2; out.H2[i] = r.H2;
  }
  return out;
}
