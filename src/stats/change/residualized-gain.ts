import { simpleRegression } from '../descriptive/simple-regression.ts';
import { sd } from '../descriptive/sd.ts';
import { StatInputError } from '../errors.ts';

/** Residualized gain scores and the regression that produced them. */
export interface ResidualizedGain {
  n: number;
  /** post − (intercept + slope·pre): `residuals(lm(post ~ pre))`. */
  raw: Float64Array;
  /** z_post − r·z_pre with z-scores on the n − 1 SD: `scale(post) − cor(pre, post)·scale(pre)`. */
  standardized: Float64Array;
  intercept: number;
  slope: number;
  /** Pearson correlation of pre and post. */
  r: number;
}

/**
 * Residualized gain (Cronbach & Furby 1970, "How we should measure 'change' — or should we?",
 * Psychological Bulletin 74(1), 68–80, https://doi.org/10.1037/h0029382): the part of the
 * post score not predicted linearly by the pre score, in raw units (residual of the OLS
 * regression of post on pre) and standardized (z_post − r·z_pre). Both are uncorrelated with
 * pre by construction. Raw sign: orient with `orientChange` for 'positive = better'. O(n).
 * Throws StatInputError for n < 3, unequal lengths, non-finite or constant pre/post.
 * @example residualizedGain([1, 2, 3], [2, 4, 7]).raw // Float64Array [0.1666…, -0.3333…, 0.1666…]
 */
export function residualizedGain(pre: ArrayLike<number>, post: ArrayLike<number>): ResidualizedGain {
  if (pre.length < 3) throw new StatInputError(`residualized gain needs at least 3 cases, got ${pre.length}`);
  const fit = simpleRegression(pre, post, { residuals: true });
  const n = fit.n;
  const sy = sd(post);
  if (!(sy > 0)) throw new StatInputError('post is constant: standardized residualized gain is undefined');
  // residual / sd(post) = z_post − r·z_pre, because slope = r·sd(post)/sd(pre)
  const raw = fit.residuals!;
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) std[i] = raw[i] / sy;
  const r = (fit.slope * sd(pre)) / sy;
  return { n, raw, standardized: std, intercept: fit.intercept, slope: fit.slope, r };
}
