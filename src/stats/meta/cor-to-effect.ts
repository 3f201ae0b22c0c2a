import { StatInputError } from '../errors.ts';
import type { EffectSizes } from './effect-sizes.ts';

/** Correlation effect-size measures, as in metafor's `escalc`. */
export type CorMeasure = 'ZCOR' | 'COR';

/**
 * Effect sizes and sampling variances from correlations rᵢ with sample sizes nᵢ, as metafor's
 * `escalc(measure = "ZCOR" | "COR", ri, ni)` (Viechtbauer 2010, doi:10.18637/jss.v036.i03):
 * - ZCOR: Fisher's z, yᵢ = atanh(rᵢ), vᵢ = 1/(nᵢ − 3) (Fisher 1921); needs nᵢ > 3.
 * - COR: raw r, yᵢ = rᵢ, vᵢ = (1 − rᵢ²)²/(nᵢ − 1) (large-sample variance); needs nᵢ > 1.
 * Throws StatInputError naming the study (1-based) with a missing r or n, |r| ≥ 1 (Fisher's z
 * is infinite and the variance of r is 0) or too small an n.
 * @example corToEffect([0.187], [109], 'ZCOR').yi[0] // 0.18922664253092909 (dat.molloy2014 study 1)
 */
export function corToEffect(r: ArrayLike<number>, n: ArrayLike<number>, measure: CorMeasure = 'ZCOR'): EffectSizes {
  const k = r.length;
  if (n.length !== k) throw new StatInputError(`r has ${k} values but n has ${n.length}`);
  if (k < 1) throw new StatInputError('no studies: r is empty');
  const yi = new Float64Array(k);
  const vi = new Float64Array(k);
  const minN = measure === 'ZCOR' ? 4 : 2;
  for (let i = 0; i < k; i++) {
    const ri = r[i];
    const ni = n[i];
    if (ri == null || !Number.isFinite(ri)) throw new StatInputError(`study ${i + 1}: correlation r is missing or not finite (${ri})`);
    if (ni == null || !Number.isFinite(ni)) throw new StatInputError(`study ${i + 1}: sample size n is missing or not finite (${ni})`);
    if (Math.abs(ri) >= 1) throw new StatInputError(`study ${i + 1}: |r| = ${Math.abs(ri)} ≥ 1 has no finite ${measure === 'ZCOR' ? "Fisher's z" : 'sampling variance'}; check the value or drop the study`);
    if (ni < minN) throw new StatInputError(`study ${i + 1}: n = ${ni} is too small for ${measure} (need n ≥ ${minN}${measure === 'ZCOR' ? ', as vi = 1/(n − 3)' : ''})`);
    if (measure === 'ZCOR') {
      yi[i] = Math.atanh(ri);
      vi[i] = 1 / (ni - 3);
    } else {
      yi[i] = ri;
      vi[i] = (1 - ri * ri) ** 2 / (ni - 1);
    }
  }
  return { yi, vi };
}
