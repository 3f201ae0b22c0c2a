import { StatInputError } from '../errors.ts';
import type { RmaResult } from './rma.ts';
import { sequentialFits, type SequentialAnalysis } from './sequential-fits.ts';

/**
 * Cumulative meta-analysis: row j is the intercept-only model refitted to the first j + 1
 * studies in the given order (default: input order), with the same estimator, test and level
 * (metafor's `cumul`; Lau et al. 1992, NEJM 327:248, doi:10.1056/NEJM199207233270406).
 * `order` lists 0-based study indices, e.g. sorted by publication year. Steps that cannot be fitted
 * (one study under a t test) are NaN and listed in `failed`. Costs k refits.
 * @example cumul(rma({ yi, vi })).estimate[fit.k - 1] // equals the full-data estimate
 */
export function cumul(fit: RmaResult, order?: ArrayLike<number>): SequentialAnalysis & { order: Int32Array } {
  if (!fit.interceptOnly) throw new StatInputError('cumulative meta-analysis applies to models without moderators');
  const k = fit.k;
  const ord = order == null ? Int32Array.from({ length: k }, (_, i) => i) : Int32Array.from(order);
  if (ord.length !== k) throw new StatInputError(`order has ${ord.length} entries but there are ${k} studies`);
  const seen = new Uint8Array(k);
  for (const i of ord) {
    if (!(i >= 0 && i < k) || seen[i]) throw new StatInputError(`order must be a permutation of 0…${k - 1} (bad or repeated index ${i})`);
    seen[i] = 1;
  }
  return { ...sequentialFits(fit, k, (j) => ord.subarray(0, j + 1)), order: ord };
}
