import { StatInputError } from '../errors.ts';

/** Validated effect sizes and sampling variances. */
export interface EffectSizes {
  yi: Float64Array;
  vi: Float64Array;
}

/**
 * Generic effect-size input: outcomes `yi` with sampling variances `vi` or standard errors `sei`
 * (vᵢ = seᵢ²), checked study by study. Throws StatInputError naming the first offending study
 * (1-based) for a missing or non-finite value or a non-positive variance, and when lengths differ.
 * Follows metafor's `rma(yi, vi)` / `rma(yi, sei = …)` input convention (Viechtbauer 2010,
 * doi:10.18637/jss.v036.i03).
 * @example effectSizes({ yi: [0.2, 0.4], sei: [0.1, 0.2] }).vi // Float64Array [0.01, 0.04]
 */
export function effectSizes(input: { yi: ArrayLike<number>; vi?: ArrayLike<number>; sei?: ArrayLike<number> }): EffectSizes {
  const { yi, vi, sei } = input;
  const k = yi.length;
  if (k < 1) throw new StatInputError('no studies: yi is empty');
  if (vi == null && sei == null) throw new StatInputError('give sampling variances (vi) or standard errors (sei)');
  if (vi != null && sei != null) throw new StatInputError('give either vi or sei, not both');
  const src = (vi ?? sei)!;
  const name = vi != null ? 'vi' : 'sei';
  if (src.length !== k) throw new StatInputError(`yi has ${k} values but ${name} has ${src.length}`);
  const y = new Float64Array(k);
  const v = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const yv = yi[i];
    const s = src[i];
    if (yv == null || !Number.isFinite(yv)) throw new StatInputError(`study ${i + 1}: effect size yi is missing or not finite (${yv})`);
    if (s == null || !Number.isFinite(s)) throw new StatInputError(`study ${i + 1}: ${name} is missing or not finite (${s})`);
    if (!(s > 0)) throw new StatInputError(`study ${i + 1}: ${name} must be positive (got ${s})`);
    y[i] = yv;
    v[i] = vi != null ? s : s * s;
  }
  return { yi: y, vi: v };
}
