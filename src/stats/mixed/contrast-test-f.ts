import { pf } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { symmetricEigen } from '../linalg/symmetric-eigen.ts';
import { contrastTest } from './contrast-test.ts';
import type { LmmResult } from './lmm.ts';

export interface ContrastFResult {
  sumSq: number;
  meanSq: number;
  numDF: number;
  denDF: number;
  F: number;
  p: number;
}

/**
 * F test of H0: Lβ = 0 for a matrix L (rows of length p, in `fit.fixedNames` order) with
 * Satterthwaite denominator df, as lmerTest's `contestMD` (Kuznetsova, Brockhoff & Christensen 2017,
 * J. Stat. Softw. 82(13), https://doi.org/10.18637/jss.v082.i13, §3.2; Fai & Cornelius 1996,
 * https://doi.org/10.1080/00949659608811740): L·var(β̂)·Lᵀ = P·D·Pᵀ is diagonalised, F is the mean
 * of the squared t statistics of the q independent combinations Pᵀ·L·β (q = rank), each with its own
 * Satterthwaite df ν_i, and the denominator df is 2E/(E − q) with E = Σ ν_i/(ν_i − 2) (2 if any
 * ν_i ≤ 2; the common value if all ν_i are equal). Sum and mean of squares are on σ² scale as lmerTest
 * prints them.
 * @example contrastTestF(fit, [[0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]]) // omnibus test of modality
 */
export function contrastTestF(fit: LmmResult, L: ArrayLike<number>[]): ContrastFResult {
  const p = fit.fixedNames.length;
  const m = L.length;
  if (m === 0) throw new StatInputError('contrast matrix has no rows');
  for (const row of L) if (row.length !== p) throw new StatInputError(`contrast rows need ${p} coefficients, one has ${row.length}`);
  const sigma2 = fit.sigma2;
  const table = (F: number, numDF: number, denDF: number): ContrastFResult => ({
    sumSq: F * sigma2 * numDF,
    meanSq: F * sigma2,
    numDF,
    denDF,
    F,
    p: pf(F, numDF, denDF, false),
  });
  if (m === 1) {
    const c = contrastTest(fit, L[0]);
    return table(c.t * c.t, 1, c.df);
  }
  const VL = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += L[i][a] * fit.vcovBeta[a * p + b] * L[j][b];
      VL[i * m + j] = s;
    }
  const { values, vectors } = symmetricEigen(VL, m);
  const tol = Math.max(Math.sqrt(Number.EPSILON) * values[0], 0);
  let q = 0;
  while (q < m && values[q] > tol) q++;
  if (q === 0) throw new StatInputError('contrast matrix has zero variance');
  const rows = Array.from({ length: q }, (_, i) => {
    const r = new Float64Array(p);
    for (let j = 0; j < m; j++) for (let a = 0; a < p; a++) r[a] += vectors[j * m + i] * L[j][a];
    return r;
  });
  const tests = rows.map((r) => contrastTest(fit, r));
  if (q === 1) return table(tests[0].t ** 2, 1, tests[0].df);
  let F = 0;
  tests.forEach((t, i) => {
    let est = 0;
    for (let a = 0; a < p; a++) est += rows[i][a] * fit.fixed[fit.fixedNames[a]].estimate;
    F += (est * est) / values[i];
  });
  F /= q;
  const nu = tests.map((t) => t.df);
  let denDF: number;
  if (nu.every((v) => Math.abs(v - nu[0]) < 1e-8)) denDF = nu.reduce((s, v) => s + v, 0) / q;
  else if (nu.some((v) => v <= 2)) denDF = 2;
  else {
    const E = nu.reduce((s, v) => s + v / (v - 2), 0);
    denDF = (2 * E) / (E - q);
  }
  return table(F, q, denDF);
}
