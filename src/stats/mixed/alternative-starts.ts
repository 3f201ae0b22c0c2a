/**
 * Starting points for restarting the search for θ from a converged optimum, one set per random-effect
 * bar with more than one term (θ holds each bar's lower Cholesky factor L column by column, so that
 * the bar's covariance is σ²LL'). The profiled deviance of such a bar can have several local minima
 * (Bates, Mächler, Bolker & Walker 2015, J. Stat. Softw. 67(1), https://doi.org/10.18637/jss.v067.i01,
 * §3.4: the optimiser is local); the ones a search from the identity start misses lie, in randomized
 * audits against lme4, at the opposite sign of a correlation or at a correlation of ±1 (a singular
 * factor). So each bar contributes, with the other bars left at the optimum:
 * - the mirror image for each term t > 0: DLD with D = diag(1, …, −1 at t, …, 1) (the same variances,
 *   every correlation of term t negated; DLD stays lower triangular with the same diagonal);
 * - two rank-one factors with the same variances: every term correlated +1 or −1 with the first
 *   (column 0 of L set to ± the row norms of L, the other columns 0), the sign taken relative to the
 *   current covariance with the first term and then its opposite.
 * Deterministic; returns no start for intercept-only models.
 * @example alternativeStarts([1, -0.5, 0.8], [2]) // [[1, 0.5, 0.8], [1, -0.943…, 0], [1, 0.943…, 0]]
 */
export function alternativeStarts(theta: ArrayLike<number>, barSizes: readonly number[]): Float64Array[] {
  const starts: Float64Array[] = [];
  let off = 0;
  for (const q of barSizes) {
    const len = (q * (q + 1)) / 2;
    if (q > 1) {
      // index of L[i][j] (i ≥ j) inside θ: columns stored one after another from the diagonal down
      const at = (i: number, j: number) => off + j * q - (j * (j - 1)) / 2 + (i - j);
      for (let t = 1; t < q; t++) {
        const y = Float64Array.from(theta);
        for (let j = 0; j < q; j++) for (let i = j + 1; i < q; i++) if ((i === t) !== (j === t)) y[at(i, j)] = -y[at(i, j)];
        starts.push(y);
      }
      for (const flip of [1, -1]) {
        const y = Float64Array.from(theta);
        for (let i = 0; i < q; i++) {
          let ss = 0;
          for (let j = 0; j <= i; j++) ss += theta[at(i, j)] ** 2;
          const sign = i === 0 ? 1 : (theta[at(i, 0)] < 0 ? -1 : 1) * flip;
          for (let j = 1; j <= i; j++) y[at(i, j)] = 0;
          y[at(i, 0)] = sign * Math.sqrt(ss);
        }
        starts.push(y);
      }
    }
    off += len;
  }
  return starts;
}
