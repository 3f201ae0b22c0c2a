/**
 * The scores of one patient's run at offsets `−before … +after` from `row`
 * (a `Float64Array` of length `before + after + 1`), `NaN` where the offset falls
 * outside the run `[start, end)` or the score is missing. Used for the
 * "average course around an event" plots (e.g. Tang & DeRubeis 1999, Fig. 1).
 * @example scoresAround(Float64Array.of(9, 8, 3, 4), 0, 4, 2, 3, 1) // Float64Array [NaN, 9, 8, 3, 4]
 */
export function scoresAround(
  score: ArrayLike<number>,
  start: number,
  end: number,
  row: number,
  before: number,
  after: number,
): Float64Array {
  const out = new Float64Array(before + after + 1).fill(NaN);
  for (let k = -before; k <= after; k++) {
    const r = row + k;
    if (r >= start && r < end) out[k + before] = score[r]!;
  }
  return out;
}
