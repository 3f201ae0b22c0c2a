import type { Citation } from './types.ts';

/**
 * References cited by more than one stage, so the report's reference list and README's "How to
 * cite the methods" carry one text for each. A stage's own sources stay in its file.
 */

/** Welch's ANOVA and t test. */
export const WELCH_1951: Citation = { key: 'welch1951', text: 'Welch, B. L. (1951). On the comparison of several mean values: An alternative approach. Biometrika, 38(3/4), 330–336. https://doi.org/10.2307/2332579' };

/** Hedges' g: the small-sample correction J of the standardized mean difference. */
export const HEDGES_1981: Citation = { key: 'hedges1981', text: 'Hedges, L. V. (1981). Distribution theory for Glass\u2019s estimator of effect size and related estimators. Journal of Educational Statistics, 6(2), 107–128. https://doi.org/10.3102/10769986006002107' };

/** The large-sample variance of a standardized mean difference (eq. 5.15) and the Q-between test. */
export const HEDGES_OLKIN_1985: Citation = { key: 'hedges1985', text: 'Hedges, L. V., & Olkin, I. (1985). Statistical methods for meta-analysis. Academic Press.' };

/** Holm's step-down adjustment of p values. */
export const HOLM_1979: Citation = { key: 'holm1979', text: 'Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics, 6(2), 65–70.' };

/** Fisher's z transformation of r, for intervals and pooling. */
export const FISHER_1921: Citation = { key: 'fisher1921', text: 'Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a small sample. Metron, 1, 3–32.' };

/** Reliable and clinically significant change (RCI and cut-offs). */
export const JACOBSON_TRUAX_1991: Citation = { key: 'jacobson1991', text: 'Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach to defining meaningful change in psychotherapy research. Journal of Consulting and Clinical Psychology, 59(1), 12–19. https://doi.org/10.1037/0022-006X.59.1.12' };

/** metafor: the meta-analysis and meta-regression models. */
export const VIECHTBAUER_2010: Citation = { key: 'viechtbauer2010', text: 'Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package. Journal of Statistical Software, 36(3), 1–48. https://doi.org/10.18637/jss.v036.i03' };
