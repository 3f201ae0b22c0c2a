import { StatInputError } from '../errors.ts';
import type { RmaResult } from './rma.ts';
import { sequentialFits, type SequentialAnalysis } from './sequential-fits.ts';

/**
 * Leave-one-out sensitivity analysis: refits the intercept-only model k times, each time
 * omitting one study, with the same estimator, test and level (metafor's `leave1out`;
 * Viechtbauer & Cheung 2010, Res Synth Methods 1:112, doi:10.1002/jrsm.11). Row i is the fit
 * without study i. Costs k refits.
 * @example leave1out(rma({ yi, vi })).estimate[0] // pooled estimate without study 1
 */
export function leave1out(fit: RmaResult): SequentialAnalysis {
  if (!fit.interceptOnly) throw new StatInputError('leave-one-out applies to models without moderators');
  const k = fit.k;
  if (k < 2) throw new StatInputError('leave-one-out needs at least 2 studies');
  const idx = new Int32Array(k - 1);
  return sequentialFits(fit, k, (i) => {
    for (let j = 0, t = 0; j < k; j++) if (j !== i) idx[t++] = j;
    return idx;
  });
}
