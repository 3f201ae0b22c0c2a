// alternativeStarts: each start must keep the bar's variances (diagonal of LL') and change only its
// correlations as documented: mirrored (a term's correlations negated) or rank one (every correlation
// with the first term ±1). Exact expectations from the definitions, checked on a 3-term bar after a
// 1-term bar (whose θ must stay as it is).
import { describe, expect, it } from 'vitest';
import { alternativeStarts } from '../../../src/stats/mixed/alternative-starts.ts';

/** Covariance LL' of a q-term bar whose factor is stored column by column in th[off…]. */
function cov(th: ArrayLike<number>, off: number, q: number): number[][] {
  const L = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  let k = off;
  for (let j = 0; j < q; j++) for (let i = j; i < q; i++) L[i][j] = th[k++];
  return L.map((ri) => L.map((rj) => ri.reduce((s, v, m) => s + v * rj[m], 0)));
}
const corr = (S: number[][], i: number, j: number) => S[i][j] / Math.sqrt(S[i][i] * S[j][j]);

describe('alternativeStarts', () => {
  const theta = [0.7, 1.2, -0.5, 0.3, 0.8, 0.4, 0.6];
  const S0 = cov(theta, 1, 3);
  const starts = alternativeStarts(theta, [1, 3]);

  it('gives q − 1 mirrored and 2 rank-one starts per bar with several terms, none for intercept-only models', () => {
    expect(starts).toHaveLength(4);
    expect(alternativeStarts([0.7, 1.1], [1, 1])).toHaveLength(0);
    for (const s of starts) expect(s[0]).toBe(0.7);
  });

  it('keeps every variance', () => {
    for (const s of starts) {
      const S = cov(s, 1, 3);
      for (let i = 0; i < 3; i++) expect(S[i][i]).toBeCloseTo(S0[i][i], 12);
    }
  });

  it('mirror t negates exactly the correlations of term t', () => {
    for (const t of [1, 2]) {
      const S = cov(starts[t - 1], 1, 3);
      for (let i = 0; i < 3; i++)
        for (let j = i + 1; j < 3; j++) expect(corr(S, i, j)).toBeCloseTo(((i === t) !== (j === t) ? -1 : 1) * corr(S0, i, j), 12);
    }
  });

  it('rank-one starts correlate every term ±1 with the first: the current sign, then its opposite', () => {
    const same = cov(starts[2], 1, 3);
    const opposite = cov(starts[3], 1, 3);
    for (const i of [1, 2]) {
      expect(corr(same, 0, i)).toBeCloseTo(Math.sign(S0[0][i]), 12);
      expect(corr(opposite, 0, i)).toBeCloseTo(-Math.sign(S0[0][i]), 12);
    }
  });
});
