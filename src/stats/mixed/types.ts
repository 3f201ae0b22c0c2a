/** Types shared by the linear mixed model kernel (formula, model, fit). */

/** One fixed-effect or random-effect model term: a main effect (one variable) or an interaction. */
export interface FormulaTerm {
  /** Variables in the term, ordered as R orders them (first appearance in the formula). */
  variables: string[];
  /** R's term label, e.g. `modality:time`. */
  label: string;
}

/** One random-effect bar `(terms | group)` after `||` and `/` expansion. */
export interface RandomBar {
  /** Whether the bar's model matrix has an intercept column. */
  intercept: boolean;
  terms: FormulaTerm[];
  /** Variables whose interaction forms the grouping factor, in lme4's naming order. */
  group: string[];
  /** lme4's name of the grouping factor, e.g. `Subject`, `patient:therapist`, `c:(b:a)`. */
  groupLabel: string;
  /** The bar as written (before expansion), for messages. */
  source: string;
}

/** Structured description of an lme4-style formula. */
export interface ParsedFormula {
  formula: string;
  response: string;
  intercept: boolean;
  /** Fixed terms without the intercept, ordered by degree as R's `terms()` does. */
  fixed: FormulaTerm[];
  random: RandomBar[];
}

/** Column input for `buildModel`: numeric columns (NaN = missing) and coded factors (code < 0 = missing). */
export interface MixedData {
  numeric?: Record<string, ArrayLike<number>>;
  factor?: Record<string, { codes: ArrayLike<number>; levels: readonly string[] }>;
}

/** One random-effect term of a built model: Z columns for one bar and its grouping factor. */
export interface RandomTermModel {
  groupLabel: string;
  /** Level names of the grouping factor (only levels present in the used rows, sorted as R sorts factor levels). */
  levels: string[];
  /** Level index 0..levels.length−1 of each used row. */
  codes: Int32Array;
  /** Column names of the bar's model matrix, e.g. `(Intercept)`, `Days`. */
  termNames: string[];
  /** Number of columns q of the bar's model matrix. */
  q: number;
  /** Bar model matrix, nobs × q row-major. */
  Z: Float64Array;
}

/** Model matrices of a mixed model after listwise deletion. */
export interface MixedModel {
  formula: ParsedFormula;
  nobs: number;
  /** Number of fixed-effect columns. */
  p: number;
  fixedNames: string[];
  /** Fixed-effect model matrix, nobs × p row-major. */
  X: Float64Array;
  y: Float64Array;
  random: RandomTermModel[];
  /** Rows dropped because a variable of the formula was missing. */
  dropped: number;
  /** Index into the input columns of each used row. */
  rows: Int32Array;
}

/** A t test of one fixed effect or linear combination (lmerTest's summary / contest1D columns). */
export interface LmmFixed {
  estimate: number;
  se: number;
  /** Satterthwaite degrees of freedom (lmerTest); Infinity for a Wald z test. */
  df: number;
  t: number;
  p: number;
  ciLower: number;
  ciUpper: number;
}
