import { StatInputError } from '../errors.ts';

/** A k × p model matrix in row-major order with its intercept flags. */
export interface DesignMatrix {
  X: Float64Array;
  p: number;
  /** First column is all ones. */
  intercept: boolean;
  /** The model has the intercept only (p = 1). */
  interceptOnly: boolean;
}

/**
 * Row-major k × p model matrix from `mods` (k rows, each the full design row including the
 * intercept column), or an intercept-only column when `mods` is omitted. An intercept is
 * recognised as a first column of ones (metafor's `int.incl`). Throws StatInputError naming the
 * study with a missing or non-finite moderator, or a row of the wrong length.
 * @example designMatrix(undefined, 2).X // Float64Array [1, 1]
 */
export function designMatrix(mods: ArrayLike<ArrayLike<number>> | undefined, k: number): DesignMatrix {
  if (mods == null) return { X: new Float64Array(k).fill(1), p: 1, intercept: true, interceptOnly: true };
  if (mods.length !== k) throw new StatInputError(`mods has ${mods.length} rows but there are ${k} studies`);
  const p = k > 0 ? mods[0].length : 0;
  if (p < 1) throw new StatInputError('mods rows are empty: include at least the intercept column');
  const X = new Float64Array(k * p);
  let intercept = true;
  for (let i = 0; i < k; i++) {
    const row = mods[i];
    if (row.length !== p) throw new StatInputError(`study ${i + 1}: mods row has ${row.length} columns, expected ${p}`);
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (v == null || !Number.isFinite(v)) throw new StatInputError(`study ${i + 1}: moderator column ${j + 1} is missing or not finite`);
      X[i * p + j] = v;
    }
    if (row[0] !== 1) intercept = false;
  }
  return { X, p, intercept, interceptOnly: intercept && p === 1 };
}
