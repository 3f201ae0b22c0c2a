import { StatInputError } from '../errors.ts';
import { cholesky, cholSolve, NotPositiveDefinite } from '../linalg/index.ts';
import { levelPatterns, type LevelPatterns } from './level-patterns.ts';
import type { MixedModel } from './types.ts';

/** One grouping factor with all bars that use it, merged into one block-diagonal template. */
export interface DevianceBlock {
  groupLabel: string;
  nLevels: number;
  levels: string[];
  codes: Int32Array;
  /** Columns per level (sum over the block's bars). */
  q: number;
  /** n × q row-major. */
  Z: Float64Array;
  /** For each bar of the block: index in model.random, column offset in the block, size, θ offset. */
  bars: { term: number; offset: number; q: number; thetaOffset: number }[];
}

/** Pieces of the profiled deviance at one θ (Bates et al. 2015, eqs. 34, 41). */
export interface DevianceParts {
  /** log |L_θ|² */
  ldL2: number;
  /** log |R_X|² */
  ldRX2: number;
  /** penalised residual sum of squares r²(θ) */
  pwrss: number;
  beta: Float64Array;
  /** X'X − R_ZX'R_ZX = R_X R_X', p × p (its inverse times σ² is var(β̂)). */
  xtxSchur: Float64Array;
}

export interface DevianceEvaluator {
  blocks: DevianceBlock[];
  nTheta: number;
  /** Lower bounds of θ: 0 for diagonal elements of the relative covariance factor, −∞ otherwise. */
  lower: Float64Array;
  /** Starting θ: identity factor. */
  start: Float64Array;
  /**
   * Size of one evaluation: the q × q blocks factored for the first grouping factor (its distinct
   * Z_g'Z_g when levels are pooled, else its levels) plus the columns of the dense part.
   */
  evaluationSize: number;
  parts(theta: ArrayLike<number>): DevianceParts;
  /** Profiled deviance: REML criterion or −2 log-likelihood. */
  deviance(theta: ArrayLike<number>, reml: boolean): number;
  /** Conditional modes b = Λ_θ u for each block, levels × q row-major. */
  modes(theta: ArrayLike<number>): Float64Array[];
}

function template(theta: ArrayLike<number>, blk: DevianceBlock, out: Float64Array): void {
  const q = blk.q;
  out.fill(0);
  for (const b of blk.bars) {
    let k = b.thetaOffset;
    for (let j = 0; j < b.q; j++) for (let i = j; i < b.q; i++) out[(b.offset + i) * q + b.offset + j] = theta[k++];
  }
}

/** In-place Cholesky of a small SPD matrix; returns log-determinant of A (Infinity if not PD). */
function cholInPlace(a: Float64Array, q: number): number {
  let ld = 0;
  for (let j = 0; j < q; j++) {
    let d = a[j * q + j];
    for (let k = 0; k < j; k++) d -= a[j * q + k] * a[j * q + k];
    if (!(d > 0)) return Infinity;
    const l = Math.sqrt(d);
    a[j * q + j] = l;
    ld += Math.log(d);
    for (let i = j + 1; i < q; i++) {
      let s = a[i * q + j];
      for (let k = 0; k < j; k++) s -= a[i * q + k] * a[j * q + k];
      a[i * q + j] = s / l;
    }
    for (let i = 0; i < j; i++) a[i * q + j] = 0;
  }
  return ld;
}

/**
 * [m00, m01, m11] (into out) of M = T'AT + I for the lower template T = [t0 0; t1 t2] and the
 * symmetric 2 × 2 block A at a[o..o+3] (row-major).
 */
function tatPlusI(t0: number, t1: number, t2: number, a: Float64Array, o: number, out: Float64Array): void {
  const a00 = a[o];
  const a01 = a[o + 1];
  const a11 = a[o + 3];
  out[0] = t0 * (a00 * t0 + a01 * t1) + t1 * (a01 * t0 + a11 * t1) + 1;
  out[1] = t2 * (t0 * a01 + t1 * a11);
  out[2] = t2 * t2 * a11 + 1;
}

/** Cholesky factor [l00, l10, l11] (into out) of T'AT + I, as for `tatPlusI`. */
function chol2(t0: number, t1: number, t2: number, a: Float64Array, o: number, out: Float64Array): void {
  tatPlusI(t0, t1, t2, a, o, out);
  const l00 = Math.sqrt(out[0]);
  const l10 = out[1] / l00;
  out[2] = Math.sqrt(out[2] - l10 * l10);
  out[0] = l00;
  out[1] = l10;
}

/** Solves L·X = B in place (L lower q × q, B q × m row-major). */
function forward(l: Float64Array, q: number, b: Float64Array, m: number, bOff = 0): void {
  for (let i = 0; i < q; i++) {
    const li = 1 / l[i * q + i];
    for (let c = 0; c < m; c++) {
      let s = b[bOff + i * m + c];
      for (let k = 0; k < i; k++) s -= l[i * q + k] * b[bOff + k * m + c];
      b[bOff + i * m + c] = s * li;
    }
  }
}

/** Solves L'·x = b in place. */
function backward(l: Float64Array, q: number, b: Float64Array, bOff = 0): void {
  for (let i = q - 1; i >= 0; i--) {
    let s = b[bOff + i];
    for (let k = i + 1; k < q; k++) s -= l[k * q + i] * b[bOff + k];
    b[bOff + i] = s / l[i * q + i];
  }
}

/** out (a × m) = T' (a × a lower, transposed) · B (a × m). */
function tTimes(t: Float64Array, a: number, b: ArrayLike<number>, bOff: number, m: number, out: Float64Array): void {
  for (let i = 0; i < a; i++)
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let k = i; k < a; k++) s += t[k * a + i] * b[bOff + k * m + c];
      out[i * m + c] = s;
    }
}

/** X'X (lower triangle) and X'y, summed over rows in order. */
function crossProducts(X: Float64Array, y: Float64Array, n: number, p: number, xtx: Float64Array, xty: Float64Array): void {
  if (p === 2) return crossProducts2(X, y, n, xtx, xty);
  if (p === 4) return crossProducts4(X, y, n, xtx, xty);
  for (let r = 0; r < n; r++) {
    const yr = y[r];
    const o = r * p;
    for (let a = 0; a < p; a++) {
      const xa = X[o + a];
      xty[a] += xa * yr;
      for (let b = 0; b <= a; b++) xtx[a * p + b] += xa * X[o + b];
    }
  }
}

/**
 * Cholesky factor of X'X, refusing a rank-deficient X. The rank is judged on the columns scaled to
 * unit length (the correlation-like matrix D⁻¹X'XD⁻¹, D = diag of column norms), so a predictor on a
 * large or tiny scale (a count in the 10⁵s, a rate of 10⁻⁶) is not mistaken for a collinear one; a
 * column whose part not explained by the columns before it is below 10⁻⁵ of its norm (pivot below
 * 10⁻¹⁰) is collinear, as is a zero column or, beside the intercept, a constant one. The factor of
 * X'X itself is D times the factor of the scaled matrix (van der Sluis 1969: the scaling costs no
 * accuracy, https://doi.org/10.1007/BF02165404).
 */
function fixedCholesky(xtx: Float64Array, p: number, names: readonly string[]): Float64Array {
  const d = Float64Array.from({ length: p }, (_, i) => Math.sqrt(xtx[i * p + i]));
  const scaled = xtx.map((v, k) => v / (d[Math.floor(k / p)] * d[k % p]));
  const zero = d.findIndex((v) => !(v > 0 && Number.isFinite(v)));
  if (zero >= 0) throw rankDeficient(names, zero, 'is zero in every row');
  let L: Float64Array;
  try {
    L = cholesky(scaled, p, 1e-10);
  } catch (e) {
    if (!(e instanceof NotPositiveDefinite)) throw e;
    // the failing pivot is the first column the earlier ones (nearly) span
    const j = e.pivot;
    const constant = names[0] === '(Intercept)' && Math.abs(scaled[j]) > 1 - 1e-10;
    throw rankDeficient(names, j, constant ? 'is constant, so it adds nothing to the intercept' : `is (nearly) a linear combination of ${names.slice(0, j).map((n) => `'${n}'`).join(', ')}`);
  }
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) L[i * p + j] *= d[i];
  return L;
}

/** The refusal of a rank-deficient X, naming its first redundant column (lme4 drops it with a message; the model is not changed here behind the user's back). */
function rankDeficient(names: readonly string[], j: number, why: string): StatInputError {
  return new StatInputError(`the fixed-effects model matrix is rank deficient: column '${names[j]}' ${why}. lme4 drops such a column with a message; alliance leaves the choice to you: remove it from the formula`);
}

/** `crossProducts` for two columns (into zero xtx, xty), the sums in local variables. */
function crossProducts2(X: Float64Array, y: Float64Array, n: number, xtx: Float64Array, xty: Float64Array): void {
  let s00 = 0, s10 = 0, s11 = 0, t0 = 0, t1 = 0;
  for (let r = 0; r < n; r++) {
    const yr = y[r];
    const x0 = X[2 * r];
    const x1 = X[2 * r + 1];
    t0 += x0 * yr;
    s00 += x0 * x0;
    t1 += x1 * yr;
    s10 += x1 * x0;
    s11 += x1 * x1;
  }
  xtx[0] = s00;
  xtx[2] = s10;
  xtx[3] = s11;
  xty[0] = t0;
  xty[1] = t1;
}

/** `crossProducts` for four columns (into zero xtx, xty), the sums in local variables. */
function crossProducts4(X: Float64Array, y: Float64Array, n: number, xtx: Float64Array, xty: Float64Array): void {
  let s00 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  for (let r = 0; r < n; r++) {
    const yr = y[r];
    const o = 4 * r;
    const x0 = X[o];
    const x1 = X[o + 1];
    const x2 = X[o + 2];
    const x3 = X[o + 3];
    t0 += x0 * yr;
    s00 += x0 * x0;
    t1 += x1 * yr;
    s10 += x1 * x0;
    s11 += x1 * x1;
    t2 += x2 * yr;
    s20 += x2 * x0;
    s21 += x2 * x1;
    s22 += x2 * x2;
    t3 += x3 * yr;
    s30 += x3 * x0;
    s31 += x3 * x1;
    s32 += x3 * x2;
    s33 += x3 * x3;
  }
  xtx.set([s00, 0, 0, 0, s10, s11, 0, 0, s20, s21, s22, 0, s30, s31, s32, s33]);
  xty.set([t0, t1, t2, t3]);
}

/**
 * Adds row r to a level's record rec[o..]: [Z'res | Z'Z | Z'X] (no Z'X part when Z is X), and
 * X'res to xty. Returns the row's residual y_r − x_r'β.
 */
function addRow(X: Float64Array, y: Float64Array, p: number, beta: Float64Array, xty: Float64Array, Z: Float64Array, q: number, zIsX: boolean, r: number, rec: Float64Array, o: number): number {
  const xo = r * p;
  let fit = 0;
  for (let a = 0; a < p; a++) fit += X[xo + a] * beta[a];
  const yr = y[r] - fit;
  for (let a = 0; a < p; a++) xty[a] += X[xo + a] * yr;
  const zr = r * q;
  for (let a = 0; a < q; a++) {
    const za = Z[zr + a];
    if (za === 0) continue;
    rec[o + a] += za * yr;
    const zo = o + q + a * q;
    for (let b = 0; b < q; b++) rec[zo + b] += za * Z[zr + b];
    if (zIsX) continue;
    const xa = o + q + q * q + a * p;
    for (let c = 0; c < p; c++) rec[xa + c] += za * X[xo + c];
  }
  return yr;
}

/** Copies a level record [Z'res | Z'Z | Z'X] (Z'X = Z'Z when Z is X) to level g of zty, ztz and ztx. */
function storeLevel(rec: Float64Array, o: number, g: number, q: number, p: number, zIsX: boolean, ztz: Float64Array, ztx: Float64Array, zty: Float64Array): void {
  for (let a = 0; a < q; a++) zty[g * q + a] = rec[o + a];
  for (let k = 0; k < q * q; k++) ztz[g * q * q + k] = rec[o + q + k];
  const xo = zIsX ? o + q : o + q + q * q;
  for (let k = 0; k < q * p; k++) ztx[g * q * p + k] = rec[xo + k];
}

/**
 * `residualLevelSums` for rows sorted by level: each level's sums in one small record, stored when
 * the level ends. Returns res'res, or −1 as soon as a level comes after a higher one.
 */
function sortedLevelSums(X: Float64Array, y: Float64Array, n: number, p: number, beta: Float64Array, xty: Float64Array, codes: Int32Array, Z: Float64Array, q: number, zIsX: boolean, stride: number, ztz: Float64Array, ztx: Float64Array, zty: Float64Array): number {
  let rr = 0;
  const rec = new Float64Array(stride);
  for (let r = 0; r < n; ) {
    const g = codes[r];
    rec.fill(0);
    for (; r < n && codes[r] === g; r++) {
      const yr = addRow(X, y, p, beta, xty, Z, q, zIsX, r, rec, 0);
      rr += yr * yr;
    }
    if (r < n && codes[r] < g) return -1;
    storeLevel(rec, 0, g, q, p, zIsX, ztz, ztx, zty);
  }
  return rr;
}

/**
 * `sortedLevelSums` when Z is X with two columns (e.g. session + (session | patient)): the same sums
 * in the same order, each level's in local variables; −1 as soon as a level comes after a higher one.
 * (Terms of a zero z are added too: a sum that starts at +0 is left unchanged by ±0.)
 */
function sortedSlopeSums(X: Float64Array, y: Float64Array, n: number, beta: Float64Array, xty: Float64Array, codes: Int32Array, ztz: Float64Array, ztx: Float64Array, zty: Float64Array): number {
  const b0 = beta[0];
  const b1 = beta[1];
  let x0 = xty[0];
  let x1 = xty[1];
  let rr = 0;
  for (let r = 0; r < n; ) {
    const g = codes[r];
    let r0 = 0, r1 = 0, z00 = 0, z01 = 0, z10 = 0, z11 = 0;
    for (; r < n && codes[r] === g; r++) {
      const u = X[2 * r];
      const v = X[2 * r + 1];
      let fit = 0;
      fit += u * b0;
      fit += v * b1;
      const yr = y[r] - fit;
      x0 += u * yr;
      x1 += v * yr;
      r0 += u * yr;
      z00 += u * u;
      z01 += u * v;
      r1 += v * yr;
      z10 += v * u;
      z11 += v * v;
      rr += yr * yr;
    }
    if (r < n && codes[r] < g) return -1;
    zty[2 * g] = r0;
    zty[2 * g + 1] = r1;
    ztz[4 * g] = ztx[4 * g] = z00;
    ztz[4 * g + 1] = ztx[4 * g + 1] = z01;
    ztz[4 * g + 2] = ztx[4 * g + 2] = z10;
    ztz[4 * g + 3] = ztx[4 * g + 3] = z11;
  }
  xty[0] = x0;
  xty[1] = x1;
  return rr;
}

/** `sortedLevelSums` for one random effect (Z a single column, not X); Z'X summed in place. */
function sortedInterceptSums(X: Float64Array, y: Float64Array, n: number, p: number, beta: Float64Array, xty: Float64Array, codes: Int32Array, Z: Float64Array, ztz: Float64Array, ztx: Float64Array, zty: Float64Array): number {
  let rr = 0;
  for (let r = 0; r < n; ) {
    const g = codes[r];
    const xo = g * p;
    let zr = 0;
    let zz = 0;
    for (; r < n && codes[r] === g; r++) {
      const o = r * p;
      let fit = 0;
      for (let a = 0; a < p; a++) fit += X[o + a] * beta[a];
      const yr = y[r] - fit;
      const z = Z[r];
      for (let a = 0; a < p; a++) {
        const xa = X[o + a];
        xty[a] += xa * yr;
        ztx[xo + a] += z * xa;
      }
      zr += z * yr;
      zz += z * z;
      rr += yr * yr;
    }
    if (r < n && codes[r] < g) return -1;
    zty[g] = zr;
    ztz[g] = zz;
  }
  return rr;
}

/**
 * The residuals res = y − Xβ (into `res` unless null), X'res (added to xty), and per level g of a
 * grouping factor Z_g'Z_g (q × q), Z_g'X (q × p) and Z_g'res (q), each level's sums taken over its
 * rows in row order. Returns res'res (summed, like X'res, in the order the rows are visited). When
 * the rows come sorted by level (as the mixed stages read them), each level's sums are taken in one
 * small record, stored when the level ends. Otherwise adding each row into its level's sums would
 * miss the cache on almost every row: the rows are first partitioned (stably) into buckets of
 * consecutive levels whose sums fit in the cache.
 */
function residualLevelSums(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  beta: Float64Array,
  res: Float64Array | null,
  xty: Float64Array,
  codes: Int32Array,
  Z: Float64Array,
  q: number,
  G: number,
  ztz: Float64Array,
  ztx: Float64Array,
  zty: Float64Array,
): number {
  if (res !== null)
    for (let r = 0; r < n; r++) {
      const xo = r * p;
      let fit = 0;
      for (let a = 0; a < p; a++) fit += X[xo + a] * beta[a];
      res[r] = y[r] - fit;
    }
  // one record per level, [Z'res | Z'Z | Z'X]; when Z is X (e.g. session + (session | patient)), Z'X is Z'Z
  const zIsX = Z === X;
  const stride = q + q * q + (zIsX ? 0 : q * p);
  // rows sorted by level (as the mixed stages read them): one pass, X'res summed into a copy that is
  // kept unless a level turns out to come back (−1), when the general pass below starts over
  const xt = xty.slice();
  const rrSorted =
    zIsX && q === 2
      ? sortedSlopeSums(X, y, n, beta, xt, codes, ztz, ztx, zty)
      : !zIsX && q === 1
        ? sortedInterceptSums(X, y, n, p, beta, xt, codes, Z, ztz, ztx, zty)
        : sortedLevelSums(X, y, n, p, beta, xt, codes, Z, q, zIsX, stride, ztz, ztx, zty);
  if (rrSorted >= 0) {
    xty.set(xt);
    return rrSorted;
  }
  let rr = 0;
  const acc = new Float64Array(G * stride);
  const nBuckets = Math.min(256, Math.ceil((G * stride * 8) / 262144));
  let order: Int32Array | null = null;
  if (nBuckets > 1) {
    const per = Math.ceil(G / nBuckets);
    const fill = new Int32Array(nBuckets + 1);
    for (let r = 0; r < n; r++) fill[((codes[r] / per) | 0) + 1]++;
    for (let k = 0; k < nBuckets; k++) fill[k + 1] += fill[k];
    order = new Int32Array(n);
    for (let r = 0; r < n; r++) order[fill[(codes[r] / per) | 0]++] = r;
  }
  for (let t = 0; t < n; t++) {
    const r = order === null ? t : order[t];
    const yr = addRow(X, y, p, beta, xty, Z, q, zIsX, r, acc, codes[r] * stride);
    rr += yr * yr;
  }
  for (let g = 0; g < G; g++) storeLevel(acc, g * stride, g, q, p, zIsX, ztz, ztx, zty);
  return rr;
}

/** Whether θ is the same as `last`, element by element (Object.is: −0 and +0 differ). */
function sameTheta(theta: ArrayLike<number>, last: Float64Array): boolean {
  if (theta.length !== last.length) return false;
  for (let i = 0; i < last.length; i++) if (!Object.is(theta[i], last[i])) return false;
  return true;
}

/** The largest number of coupling entries of a level of the first factor. */
function maxEntries(groupPtr: Int32Array, G: number): number {
  let m = 0;
  for (let g = 0; g < G; g++) m = Math.max(m, groupPtr[g + 1] - groupPtr[g]);
  return m;
}

/** Σ_t w[wo + t]·s[so + t] over t < m, in order of t. */
function weightedSum(w: Float64Array, wo: number, s: Float64Array, so: number, m: number): number {
  let sum = 0;
  for (let t = 0; t < m; t++) sum += w[wo + t] * s[so + t];
  return sum;
}

/**
 * out[k] = Σ_t w[wo + t]·s[so + k·m + t] (t < m, in order of t) for the cnt consecutive streams
 * k < cnt of s, summed three at a time so that w is read once per three.
 */
function weightedSums(w: Float64Array, wo: number, s: Float64Array, so: number, m: number, cnt: number, out: Float64Array): void {
  let k = 0;
  for (; k + 3 <= cnt; k += 3) {
    const o0 = so + k * m;
    const o1 = o0 + m;
    const o2 = o1 + m;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    for (let t = 0; t < m; t++) {
      const x = w[wo + t];
      a0 += x * s[o0 + t];
      a1 += x * s[o1 + t];
      a2 += x * s[o2 + t];
    }
    out[k] = a0;
    out[k + 1] = a1;
    out[k + 2] = a2;
  }
  for (; k < cnt; k++) out[k] = weightedSum(w, wo, s, so + k * m, m);
}

/**
 * Σ count_t·log det_t over patterns numbered by increasing count, as count·log of products over
 * runs of equal count (det ≥ 1): few logarithms.
 */
function countLogDet(det: Float64Array, cnt: Float64Array, nP: number): number {
  let ld = 0;
  let prod = 1;
  let c = nP > 0 ? cnt[0] : 0;
  for (let t = 0; t < nP; t++) {
    if (cnt[t] !== c || prod > 1e280) {
      ld += c * Math.log(prod);
      prod = 1;
      c = cnt[t];
    }
    prod *= det[t];
  }
  return ld + c * Math.log(prod);
}

/** Pooled weights with one random effect per level: W_t = θ²/(θ²·Z'Z_t + 1), det_t = θ²·Z'Z_t + 1. */
function weights1(t0: number, pz: Float64Array, nP: number, Wp: Float64Array, det: Float64Array): void {
  const t2 = t0 * t0;
  for (let t = 0; t < nP; t++) {
    const m = t2 * pz[t] + 1;
    det[t] = m;
    Wp[t] = t2 / m;
  }
}

/**
 * Pooled weights with two random effects per level: M = T'AT + I and W = T M⁻¹ T' = T adj(M) T'/|M|
 * ([pair][pattern] into Wp), det_t = |M|.
 */
function weights2(t0: number, t1: number, t2: number, pz: Float64Array, nP: number, Wp: Float64Array, det: Float64Array, L2: Float64Array): void {
  for (let t = 0; t < nP; t++) {
    tatPlusI(t0, t1, t2, pz, t * 4, L2);
    const m00 = L2[0];
    const m01 = L2[1];
    const m11 = L2[2];
    const d = m00 * m11 - m01 * m01;
    det[t] = d;
    const inv = 1 / d;
    const u = t1 * m11 - t2 * m01;
    Wp[t] = t0 * t0 * m11 * inv;
    Wp[nP + t] = t0 * u * inv;
    Wp[2 * nP + t] = (t1 * u + t2 * (t2 * m00 - t1 * m01)) * inv;
  }
}

/**
 * `weights2`, `countLogDet` and the weighted sums of `pooled` for two random effects and two fixed
 * effects (e.g. session + (session | patient)) in one pass over the patterns: each pattern's
 * weights (into Wp, for the modes) weight its record of 18 pooled sums (`LevelPatterns.records`)
 * straight away, so the weights and the sums are not written and read again per evaluation. Every
 * sum and product is the one the separate passes compute, in the same order. The 18 weighted sums
 * go into `out` in record order; returns Σ count · log|T'Z'ZT + I|.
 */
function pooledSums2x2(t0: number, t1: number, t2: number, pz: Float64Array, cnt: Float64Array, rec: Float64Array, nP: number, Wp: Float64Array, out: Float64Array): number {
  let ld = 0;
  let prod = 1;
  let c = nP > 0 ? cnt[0] : 0;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
  let s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0, s17 = 0;
  for (let t = 0; t < nP; t++) {
    const a00 = pz[t * 4];
    const a01 = pz[t * 4 + 1];
    const a11 = pz[t * 4 + 3];
    const m00 = t0 * (a00 * t0 + a01 * t1) + t1 * (a01 * t0 + a11 * t1) + 1;
    const m01 = t2 * (t0 * a01 + t1 * a11);
    const m11 = t2 * t2 * a11 + 1;
    const d = m00 * m11 - m01 * m01;
    const inv = 1 / d;
    const u = t1 * m11 - t2 * m01;
    const w0 = t0 * t0 * m11 * inv;
    const w1 = t0 * u * inv;
    const w2 = (t1 * u + t2 * (t2 * m00 - t1 * m01)) * inv;
    Wp[t] = w0;
    Wp[nP + t] = w1;
    Wp[2 * nP + t] = w2;
    if (cnt[t] !== c || prod > 1e280) {
      ld += c * Math.log(prod);
      prod = 1;
      c = cnt[t];
    }
    prod *= d;
    const r = t * 18;
    s0 += w0 * rec[r];
    s1 += w0 * rec[r + 1];
    s2 += w0 * rec[r + 2];
    s3 += w1 * rec[r + 3];
    s4 += w1 * rec[r + 4];
    s5 += w1 * rec[r + 5];
    s6 += w2 * rec[r + 6];
    s7 += w2 * rec[r + 7];
    s8 += w2 * rec[r + 8];
    s9 += w0 * rec[r + 9];
    s10 += w0 * rec[r + 10];
    s11 += w1 * rec[r + 11];
    s12 += w1 * rec[r + 12];
    s13 += w2 * rec[r + 13];
    s14 += w2 * rec[r + 14];
    s15 += w0 * rec[r + 15];
    s16 += w1 * rec[r + 16];
    s17 += w2 * rec[r + 17];
  }
  out.set([s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17]);
  return ld + c * Math.log(prod);
}

/** `pooledModes` for two random effects per level. */
function pooledModes2(patternOf: Int32Array, Wp: Float64Array, nP: number, ztx: Float64Array, zty: Float64Array, beta: Float64Array, G: number, p: number): Float64Array {
  const out = new Float64Array(G * 2);
  for (let g = 0; g < G; g++) {
    const t = patternOf[g];
    let v0 = zty[g * 2];
    let v1 = zty[g * 2 + 1];
    const o = g * 2 * p;
    for (let c = 0; c < p; c++) v0 -= ztx[o + c] * beta[c];
    for (let c = 0; c < p; c++) v1 -= ztx[o + p + c] * beta[c];
    const w00 = Wp[t];
    const w10 = Wp[nP + t];
    const w11 = Wp[2 * nP + t];
    let s0 = 0;
    s0 += w00 * v0;
    s0 += w10 * v1;
    let s1 = 0;
    s1 += w10 * v0;
    s1 += w11 * v1;
    out[g * 2] = s0;
    out[g * 2 + 1] = s1;
  }
  return out;
}

/**
 * Conditional modes with pooled levels: b_g = W_g (Z_g'y − Z_g'Xβ), W_g = T (T'Z_g'Z_gT + I)⁻¹ T'
 * from the pattern weights Wp ([pair][pattern]).
 */
function pooledModes(P: LevelPatterns, Wp: Float64Array, ztx: Float64Array, zty: Float64Array, beta: Float64Array, G: number, q: number, p: number): Float64Array {
  const nP = P.nPatterns;
  if (q === 2) return pooledModes2(P.patternOf, Wp, nP, ztx, zty, beta, G, p);
  const out = new Float64Array(G * q);
  const v = new Float64Array(q);
  for (let g = 0; g < G; g++) {
    const t = P.patternOf[g];
    for (let i = 0; i < q; i++) {
      let s = zty[g * q + i];
      const o = (g * q + i) * p;
      for (let c = 0; c < p; c++) s -= ztx[o + c] * beta[c];
      v[i] = s;
    }
    for (let i = 0; i < q; i++) {
      let s = 0;
      for (let j = 0; j < q; j++) s += Wp[(i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i) * nP + t] * v[j];
      out[g * q + i] = s;
    }
  }
  return out;
}

/**
 * Prepares the profiled deviance of a linear mixed model for repeated evaluation in θ, the
 * parameters of the relative covariance factor Λ_θ (Bates, Mächler, Bolker & Walker 2015,
 * J. Stat. Softw. 67(1), https://doi.org/10.18637/jss.v067.i01, §3). Cross-products are accumulated
 * once; each evaluation factors Λ'Z'ZΛ + I with the grouping factor of most levels as a
 * block-diagonal part (one q × q Cholesky per level, no n × n matrix) and the other factors as a
 * dense Schur complement, so one grouping factor costs O(levels · q³) per evaluation.
 * With one grouping factor, levels that share Z_g'Z_g are pooled (`levelPatterns`), so an evaluation
 * costs O(distinct Z_g'Z_g) rather than O(levels); `pool: false` keeps one factorisation per level.
 * Throws StatInputError if X is rank deficient or the dense part would exceed 4000 columns.
 * @example createDeviance(buildModel('Reaction ~ Days + (1 | Subject)', sleepstudy)).deviance([1.19788154], true) // ≈ 1786.4650854 (lme4 REMLcrit)
 */
export function createDeviance(model: MixedModel, { pool = true }: { pool?: boolean } = {}): DevianceEvaluator {
  const { nobs: n, p, X } = model;
  const blocks: DevianceBlock[] = [];
  let nTheta = 0;
  const lowerList: number[] = [];
  const startList: number[] = [];
  model.random.forEach((rt, term) => {
    let blk = blocks.find((b) => b.groupLabel === rt.groupLabel);
    if (!blk) {
      blk = { groupLabel: rt.groupLabel, nLevels: rt.levels.length, levels: rt.levels, codes: rt.codes, q: 0, Z: new Float64Array(0), bars: [] };
      blocks.push(blk);
    }
    blk.bars.push({ term, offset: blk.q, q: rt.q, thetaOffset: nTheta });
    blk.q += rt.q;
    for (let j = 0; j < rt.q; j++)
      for (let i = j; i < rt.q; i++) {
        lowerList.push(i === j ? 0 : -Infinity);
        startList.push(i === j ? 1 : 0);
        nTheta++;
      }
  });
  for (const blk of blocks) {
    if (blk.bars.length === 1) {
      blk.Z = model.random[blk.bars[0].term].Z;
      continue;
    }
    const z = new Float64Array(n * blk.q);
    for (const b of blk.bars) {
      const src = model.random[b.term].Z;
      for (let r = 0; r < n; r++) for (let j = 0; j < b.q; j++) z[r * blk.q + b.offset + j] = src[r * b.q + j];
    }
    blk.Z = z;
  }

  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  crossProducts(X, model.y, n, p, xtx, xty);
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtx[b * p + a] = xtx[a * p + b];
  const xtxL = fixedCholesky(xtx, p, model.fixedNames);
  // Work with the residuals of the ordinary least-squares fit: the same model with β shifted by β_OLS,
  // which keeps y'y small and the sums below free of cancellation.
  const betaOls = cholSolve(xtxL, p, xty);
  const b1 = blocks[0];
  const q1 = b1.q;
  const G = b1.nLevels;
  const codes1 = b1.codes;
  const Z1 = b1.Z;
  const ztz1 = new Float64Array(G * q1 * q1);
  // when Z is X (e.g. session + (session | patient)), Z_g'X is Z_g'Z_g: one array for both
  const ztx1 = Z1 === X ? ztz1 : new Float64Array(G * q1 * p);
  const zty1 = new Float64Array(G * q1);
  const rest = blocks.slice(1);
  // the residuals themselves are needed only for the sums of the other grouping factors
  const y = rest.length > 0 ? new Float64Array(n) : null;
  xty.fill(0);
  const yty = residualLevelSums(X, model.y, n, p, betaOls, y, xty, codes1, Z1, q1, G, ztz1, ztx1, zty1);

  // Remaining grouping factors: dense part of size q2, sparse coupling to the first factor.
  const restOff: number[] = [];
  let q2 = 0;
  for (const blk of rest) {
    restOff.push(q2);
    q2 += blk.nLevels * blk.q;
  }
  const zrx = new Float64Array(q2 * p);
  const zry = new Float64Array(q2);
  // coupling: per level g of factor 1, entries (rest block k, level l) with a q1 × q_k matrix
  const groupPtr = new Int32Array(G + 1);
  let entK = new Int32Array(0);
  let entPos = new Int32Array(0);
  let entVal = new Int32Array(0);
  let vals = new Float64Array(0);
  if (rest.length > 0) {
    const pos = new Int32Array(rest.length);
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < rest.length; k++) pos[k] = restOff[k] + rest[k].codes[r] * rest[k].q;
      for (let k = 0; k < rest.length; k++) {
        const qk = rest[k].q;
        const zk = rest[k].Z;
        for (let a = 0; a < qk; a++) {
          const za = zk[r * qk + a];
          if (za === 0) continue;
          const ia = pos[k] + a;
          zry[ia] += za * y![r];
          for (let c = 0; c < p; c++) zrx[ia * p + c] += za * X[r * p + c];
        }
      }
    }
    // rows sorted by level of factor 1 (counting sort)
    const count = new Int32Array(G + 1);
    for (let r = 0; r < n; r++) count[codes1[r] + 1]++;
    for (let g = 0; g < G; g++) count[g + 1] += count[g];
    const order = new Int32Array(n);
    const fill = count.slice(0, G);
    for (let r = 0; r < n; r++) order[fill[codes1[r]]++] = r;
    const stamp = new Int32Array(q2).fill(-1);
    const eK: number[] = [];
    const eP: number[] = [];
    const eV: number[] = [];
    let nVals = 0;
    for (let g = 0; g < G; g++) {
      groupPtr[g] = eK.length;
      for (let t = count[g]; t < count[g + 1]; t++) {
        const r = order[t];
        for (let k = 0; k < rest.length; k++) {
          const ps = restOff[k] + rest[k].codes[r] * rest[k].q;
          if (stamp[ps] !== g) {
            stamp[ps] = g;
            eK.push(k);
            eP.push(ps);
            eV.push(nVals);
            nVals += q1 * rest[k].q;
          }
        }
      }
    }
    groupPtr[G] = eK.length;
    entK = Int32Array.from(eK);
    entPos = Int32Array.from(eP);
    entVal = Int32Array.from(eV);
    vals = new Float64Array(nVals);
    for (let r = 0; r < n; r++) {
      const g = codes1[r];
      for (let k = 0; k < rest.length; k++) {
        const ps = restOff[k] + rest[k].codes[r] * rest[k].q;
        let e = groupPtr[g];
        while (entPos[e] !== ps) e++;
        const off = entVal[e];
        const qk = rest[k].q;
        for (let a = 0; a < q1; a++) {
          const za = Z1[r * q1 + a];
          if (za === 0) continue;
          for (let b = 0; b < qk; b++) vals[off + a * qk + b] += za * rest[k].Z[r * qk + b];
        }
      }
    }
  }

  // scratch
  const T1 = new Float64Array(q1 * q1);
  const Tr = rest.map((blk) => new Float64Array(blk.q * blk.q));
  const M = new Float64Array(q1 * q1);
  const tmp = new Float64Array(q1 * Math.max(p, q1, ...rest.map((b) => b.q)));
  const rzx = new Float64Array(q1 * p);
  const cu = new Float64Array(q1);
  const maxEnt = rest.length > 0 ? maxEntries(groupPtr, G) : 0;
  const maxQr = Math.max(1, ...rest.map((b) => b.q));
  const W = new Float64Array(maxEnt * q1 * maxQr);
  const b2 = new Float64Array(q2);
  const rzx2 = new Float64Array(q2 * p);
  const xtxa = new Float64Array(p * p);
  const xtya = new Float64Array(p);
  const beta = new Float64Array(p);
  const betaTotal = new Float64Array(p);
  const RX = new Float64Array(p * p);
  // Independent diagonal blocks of the dense part (e.g. one per therapist when patients are nested
  // in therapists): union the positions that share a level of the first factor.
  const parent = Int32Array.from({ length: q2 }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  rest.forEach((blk, k) => {
    for (let l = 0; l < blk.nLevels; l++) for (let a = 1; a < blk.q; a++) parent[find(restOff[k] + l * blk.q + a)] = find(restOff[k] + l * blk.q);
  });
  if (rest.length > 0) for (let g = 0; g < G; g++) for (let e = groupPtr[g] + 1; e < groupPtr[g + 1]; e++) parent[find(entPos[e])] = find(entPos[groupPtr[g]]);
  const compOf = new Map<number, number[]>();
  for (let i = 0; i < q2; i++) {
    const r = find(i);
    const c = compOf.get(r);
    if (c) c.push(i);
    else compOf.set(r, [i]);
  }
  const comps = [...compOf.values()].map((c) => Int32Array.from(c));
  const maxComp = Math.max(0, ...comps.map((c) => c.length));
  if (maxComp > 4000)
    throw new StatInputError(
      `the random effects other than '${b1.groupLabel}' form a crossed block of ${maxComp} columns; crossed factors with that many levels are not supported yet`,
    );
  const compL = comps.map((c) => new Float64Array(c.length * c.length));
  const SC = comps.map((c) => new Float64Array(c.length * c.length));
  const zrzrC = comps.map((c) => new Float64Array(c.length * c.length));
  const AC = new Float64Array(maxComp * maxComp);
  const compId = new Int32Array(q2);
  const loc = new Int32Array(q2);
  comps.forEach((idx, ci) => idx.forEach((i, a) => ((compId[i] = ci), (loc[i] = a))));
  // Z_r'Z_r within components (positions of one row always share a component)
  if (rest.length > 0) {
    const pos = new Int32Array(rest.length);
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < rest.length; k++) pos[k] = restOff[k] + rest[k].codes[r] * rest[k].q;
      const zc = zrzrC[compId[pos[0]]];
      const m = comps[compId[pos[0]]].length;
      for (let k = 0; k < rest.length; k++) {
        const qk = rest[k].q;
        for (let a = 0; a < qk; a++) {
          const za = rest[k].Z[r * qk + a];
          if (za === 0) continue;
          const ia = loc[pos[k] + a];
          for (let k2 = 0; k2 < rest.length; k2++) {
            const q2k = rest[k2].q;
            for (let b = 0; b < q2k; b++) zc[ia * m + loc[pos[k2] + b]] += za * rest[k2].Z[r * q2k + b];
          }
        }
      }
    }
  }
  const cR = new Float64Array(maxComp * p);
  const cB = new Float64Array(maxComp);

  /** Factors S blockwise by component: log|S|, and R_ZX, c_u of the dense part in place. */
  function factorRest(): { ld: number; down: number } {
    let ld = 0;
    let down = 0;
    comps.forEach((idx, ci) => {
      const m = idx.length;
      const L = compL[ci];
      L.set(SC[ci]);
      for (let a = 0; a < m; a++) {
        for (let c = 0; c < p; c++) cR[a * p + c] = rzx2[idx[a] * p + c];
        cB[a] = b2[idx[a]];
      }
      ld += cholInPlace(L, m);
      forward(L, m, cR, p);
      forward(L, m, cB, 1);
      down += downdate(cR, cB, m);
      for (let a = 0; a < m; a++) {
        for (let c = 0; c < p; c++) rzx2[idx[a] * p + c] = cR[a * p + c];
        b2[idx[a]] = cB[a];
      }
    });
    return { ld, down };
  }

  /** Solves L_S' u = v in place, blockwise by component. */
  function backwardRest(v: Float64Array): void {
    comps.forEach((idx, ci) => {
      const m = idx.length;
      for (let a = 0; a < m; a++) cB[a] = v[idx[a]];
      backward(compL[ci], m, cB);
      for (let a = 0; a < m; a++) v[idx[a]] = cB[a];
    });
  }

  /** `level` for one random effect per level of the first factor (scalar L). */
  function levelScalar(g: number): number {
    const t = T1[0];
    const m = t * t * ztz1[g] + 1;
    const l = Math.sqrt(m);
    M[0] = l;
    const f = t / l;
    for (let c = 0; c < p; c++) rzx[c] = f * ztx1[g * p + c];
    cu[0] = f * zty1[g];
    for (let e = groupPtr[g], j = 0; e < groupPtr[g + 1]; e++, j++) {
      const qk = rest[entK[e]].q;
      const tk = Tr[entK[e]];
      const off = entVal[e];
      const w = j * maxQr;
      for (let b = 0; b < qk; b++) {
        let s = 0;
        for (let r = b; r < qk; r++) s += vals[off + r] * tk[r * qk + b];
        W[w + b] = f * s;
      }
    }
    return Math.log(m);
  }

  /** Factors level g of block 1: M = L L', rzx = L⁻¹T'Z'X, cu = L⁻¹T'Z'y, W_e = L⁻¹T'C_eT_k. Returns log|M|. */
  function level(g: number): number {
    if (q1 === 1) return levelScalar(g);
    for (let a = 0; a < q1; a++)
      for (let b = 0; b < q1; b++) {
        let s = 0;
        for (let k = a; k < q1; k++) for (let l = b; l < q1; l++) s += T1[k * q1 + a] * ztz1[(g * q1 + k) * q1 + l] * T1[l * q1 + b];
        M[a * q1 + b] = s + (a === b ? 1 : 0);
      }
    const ld = cholInPlace(M, q1);
    tTimes(T1, q1, ztx1, g * q1 * p, p, rzx);
    forward(M, q1, rzx, p);
    tTimes(T1, q1, zty1, g * q1, 1, cu);
    forward(M, q1, cu, 1);
    for (let e = groupPtr[g], j = 0; e < groupPtr[g + 1]; e++, j++) {
      const k = entK[e];
      const qk = rest[k].q;
      const tk = Tr[k];
      const off = entVal[e];
      tTimes(T1, q1, vals, off, qk, tmp);
      const w = j * q1 * maxQr;
      for (let a = 0; a < q1; a++)
        for (let b = 0; b < qk; b++) {
          let s = 0;
          for (let l = b; l < qk; l++) s += tmp[a * qk + l] * tk[l * qk + b];
          W[w + a * qk + b] = s;
        }
      forward(M, q1, W, qk, w);
    }
    return ld;
  }

  // block and offset of each dense position (fixed)
  const bk = new Int32Array(q2);
  const bo = new Int32Array(q2);
  rest.forEach((blk, k) => {
    for (let i = 0; i < blk.nLevels * blk.q; i++) {
      bk[restOff[k] + i] = k;
      bo[restOff[k] + i] = restOff[k] + Math.floor(i / blk.q) * blk.q;
    }
  });

  /** S = Λ2'Z_r'Z_rΛ2 + I per component, b2 = Λ2'Z_r'y, rzx2 = Λ2'Z_r'X (Λ2 block diagonal by level). */
  function restSetup(theta: ArrayLike<number>): void {
    rest.forEach((blk, k) => template(theta, blk, Tr[k]));
    for (let i = 0; i < q2; i++) {
      const k = bk[i];
      const qk = rest[k].q;
      const base = bo[i];
      const a = i - base;
      const tk = Tr[k];
      for (let c = 0; c < p; c++) {
        let s = 0;
        for (let m = a; m < qk; m++) s += tk[m * qk + a] * zrx[(base + m) * p + c];
        rzx2[i * p + c] = s;
      }
      let s = 0;
      for (let m = a; m < qk; m++) s += tk[m * qk + a] * zry[base + m];
      b2[i] = s;
    }
    comps.forEach((idx, ci) => {
      const m = idx.length;
      const Z = zrzrC[ci];
      const Sc = SC[ci];
      for (let li = 0; li < m; li++) {
        const i = idx[li];
        const qk = rest[bk[i]].q;
        const lb = loc[bo[i]];
        const a = i - bo[i];
        const tk = Tr[bk[i]];
        for (let lc = 0; lc < m; lc++) {
          let s = 0;
          for (let r = a; r < qk; r++) s += tk[r * qk + a] * Z[(lb + r) * m + lc];
          AC[li * m + lc] = s;
        }
      }
      for (let lc = 0; lc < m; lc++) {
        const c = idx[lc];
        const qk = rest[bk[c]].q;
        const lb = loc[bo[c]];
        const b = c - bo[c];
        const tk = Tr[bk[c]];
        for (let li = 0; li < m; li++) {
          let s = 0;
          for (let r = b; r < qk; r++) s += AC[li * m + lb + r] * tk[r * qk + b];
          Sc[li * m + lc] = s + (li === lc ? 1 : 0);
        }
      }
    });
  }


  /** X'X −= R'R and X'y −= R'c for the m × p block R and m-vector c; returns c'c. */
  function downdate(R: Float64Array, c: Float64Array, m: number): number {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += R[k * p + a] * R[k * p + b];
        xtxa[a * p + b] -= s;
      }
      let s = 0;
      for (let k = 0; k < m; k++) s += R[k * p + a] * c[k];
      xtya[a] -= s;
    }
    let cc = 0;
    for (let k = 0; k < m; k++) cc += c[k] * c[k];
    return cc;
  }

  let ytyDown = 0;

  /** One grouping factor, one random effect per level: scalar factorisation per level. */
  function oneByOne(): number {
    const t = T1[0];
    const t2 = t * t;
    let ld = 0;
    let ldProd = 1;
    let yd = 0;
    for (let g = 0; g < G; g++) {
      const m = t2 * ztz1[g] + 1;
      ldProd *= m;
      if (ldProd > 1e280) {
        ld += Math.log(ldProd);
        ldProd = 1;
      }
      const w = t2 / m;
      const o = g * p;
      const zy = zty1[g];
      for (let a = 0; a < p; a++) {
        const xa = w * ztx1[o + a];
        for (let b = 0; b <= a; b++) xtxa[a * p + b] -= xa * ztx1[o + b];
        xtya[a] -= xa * zy;
      }
      yd += w * zy * zy;
    }
    ytyDown = yd;
    return ld + Math.log(ldProd);
  }

  /** One grouping factor, two random effects per level (intercept and slope): closed-form 2 × 2. */
  function twoByTwo(): number {
    const t0 = T1[0];
    const t1 = T1[2];
    const t2 = T1[3];
    let ld = 0;
    let ldProd = 1;
    let yd = 0;
    const r0 = rzx;
    const xa = xtxa;
    const ya = xtya;
    for (let g = 0; g < G; g++) {
      chol2(t0, t1, t2, ztz1, g * 4, L2);
      const l00 = L2[0];
      const l10 = L2[1];
      const l11 = L2[2];
      ldProd *= l00 * l00 * l11 * l11;
      if (ldProd > 1e280 || ldProd < 1e-280) {
        ld += Math.log(ldProd);
        ldProd = 1;
      }
      const o = g * 2 * p;
      for (let k = 0; k < p; k++) {
        const v0 = ztx1[o + k];
        const v1 = ztx1[o + p + k];
        const e0 = (t0 * v0 + t1 * v1) / l00;
        r0[k] = e0;
        r0[p + k] = (t2 * v1 - l10 * e0) / l11;
      }
      const y0 = zty1[g * 2];
      const y1 = zty1[g * 2 + 1];
      const c0 = (t0 * y0 + t1 * y1) / l00;
      const c1 = (t2 * y1 - l10 * c0) / l11;
      for (let i = 0; i < p; i++) {
        const a0 = r0[i];
        const a1 = r0[p + i];
        for (let j = 0; j <= i; j++) xa[i * p + j] -= a0 * r0[j] + a1 * r0[p + j];
        ya[i] -= a0 * c0 + a1 * c1;
      }
      yd += c0 * c0 + c1 * c1;
    }
    ytyDown = yd;
    return ld + Math.log(ldProd);
  }

  // One grouping factor: pool the levels by Z_g'Z_g when that shrinks the per-evaluation work.
  const pat = pool && q2 === 0 ? levelPatterns(ztz1, ztx1, zty1, G, q1, p) : null;
  const nPair = (q1 * (q1 + 1)) / 2;
  const nab = (p * (p + 1)) / 2;
  const Wp = new Float64Array(pat ? nPair * pat.nPatterns : 0);
  const detP = new Float64Array(pat ? pat.nPatterns : 0);
  const sums = new Float64Array(nab);
  const Kq = new Float64Array(q1 * q1);
  const L2 = new Float64Array(3);
  const sums18 = new Float64Array(18);

  /** W = T (T'Z'ZT + I)⁻¹ T' of every pattern into Wp ([pair][pattern]); returns Σ count · log|T'Z'ZT + I|. */
  function patternWeights(P: LevelPatterns): number {
    const nP = P.nPatterns;
    const pz = P.ztz;
    const cnt = P.count;
    if (q1 === 1) {
      weights1(T1[0], pz, nP, Wp, detP);
      return countLogDet(detP, cnt, nP);
    }
    if (q1 === 2) {
      weights2(T1[0], T1[2], T1[3], pz, nP, Wp, detP, L2);
      return countLogDet(detP, cnt, nP);
    }
    let ld = 0;
    for (let t = 0; t < nP; t++) {
      const zo = t * q1 * q1;
      for (let a = 0; a < q1; a++)
        for (let b = 0; b < q1; b++) {
          let s = 0;
          for (let k = a; k < q1; k++) for (let l = b; l < q1; l++) s += T1[k * q1 + a] * pz[zo + k * q1 + l] * T1[l * q1 + b];
          M[a * q1 + b] = s + (a === b ? 1 : 0);
        }
      ld += cnt[t] * cholInPlace(M, q1);
      for (let a = 0; a < q1; a++) for (let b = 0; b < q1; b++) Kq[a * q1 + b] = T1[b * q1 + a];
      forward(M, q1, Kq, q1);
      for (let i = 0, pair = 0; i < q1; i++)
        for (let j = 0; j <= i; j++, pair++) {
          let s = 0;
          for (let k = 0; k < q1; k++) s += Kq[k * q1 + i] * Kq[k * q1 + j];
          Wp[pair * nP + t] = s;
        }
    }
    return ld;
  }

  /** One grouping factor pooled by pattern: X'X, X'y, y'y −= Σ_g B_g'W_gB_g. Returns log|L_θ|². */
  function pooled(P: LevelPatterns): number {
    const nP = P.nPatterns;
    if (q1 === 2 && p === 2) {
      const ld = pooledSums2x2(T1[0], T1[2], T1[3], P.ztz, P.count, P.records, nP, Wp, sums18);
      let yd = 0;
      for (let pair = 0; pair < 3; pair++) {
        xtxa[0] -= sums18[pair * 3];
        xtxa[2] -= sums18[pair * 3 + 1];
        xtxa[3] -= sums18[pair * 3 + 2];
        xtya[0] -= sums18[9 + pair * 2];
        xtya[1] -= sums18[9 + pair * 2 + 1];
        yd += sums18[15 + pair];
      }
      ytyDown = yd;
      return ld;
    }
    const ld = patternWeights(P);
    const { sxx, sxy, syy } = P;
    let yd = 0;
    for (let pair = 0; pair < nPair; pair++) {
      const w = pair * nP;
      weightedSums(Wp, w, sxx, pair * nab * nP, nP, nab, sums);
      for (let a = 0, ab = 0; a < p; a++) for (let b = 0; b <= a; b++, ab++) xtxa[a * p + b] -= sums[ab];
      weightedSums(Wp, w, sxy, pair * p * nP, nP, p, sums);
      for (let a = 0; a < p; a++) xtya[a] -= sums[a];
      yd += weightedSum(Wp, w, syy, w, nP);
    }
    ytyDown = yd;
    return ld;
  }

  // the optimiser, the Hessian and the conditional modes ask for the same θ again: the last θ's parts
  // are kept (the buffers they point to change only here)
  const lastTheta = new Float64Array(nTheta);
  let last: DevianceParts | null = null;

  function parts(theta: ArrayLike<number>): DevianceParts {
    if (last !== null && sameTheta(theta, lastTheta)) return last;
    last = null;
    template(theta, b1, T1);
    restSetup(theta);
    xtxa.set(xtx);
    xtya.set(xty);
    let ytya = yty;
    let ldL2 = 0;
    if (pat) {
      ldL2 += pooled(pat);
      ytya -= ytyDown;
    } else if (q2 === 0 && q1 === 1) {
      ldL2 += oneByOne();
      ytya -= ytyDown;
    } else if (q2 === 0 && q1 === 2) {
      ldL2 += twoByTwo();
      ytya -= ytyDown;
    } else for (let g = 0; g < G; g++) {
      ldL2 += level(g);
      ytya -= downdate(rzx, cu, q1);
      const e0 = groupPtr[g];
      const ne = groupPtr[g + 1] - e0;
      for (let e = 0; e < ne; e++) {
        const qe = rest[entK[e0 + e]].q;
        const pe = entPos[e0 + e];
        const Sg = SC[compId[pe]];
        const mS = comps[compId[pe]].length;
        const lp = loc[pe];
        const we = e * q1 * maxQr;
        for (let f = 0; f < ne; f++) {
          const qf = rest[entK[e0 + f]].q;
          const pf = entPos[e0 + f];
          const wf = f * q1 * maxQr;
          for (let a = 0; a < qe; a++)
            for (let b = 0; b < qf; b++) {
              let s = 0;
              for (let k = 0; k < q1; k++) s += W[we + k * qe + a] * W[wf + k * qf + b];
              Sg[(lp + a) * mS + loc[pf] + b] -= s;
            }
        }
        for (let a = 0; a < qe; a++) {
          let s = 0;
          for (let k = 0; k < q1; k++) s += W[we + k * qe + a] * cu[k];
          b2[pe + a] -= s;
          for (let c = 0; c < p; c++) {
            let t = 0;
            for (let k = 0; k < q1; k++) t += W[we + k * qe + a] * rzx[k * p + c];
            rzx2[(pe + a) * p + c] -= t;
          }
        }
      }
    }
    if (q2 > 0) {
      const fr = factorRest();
      ldL2 += fr.ld;
      ytya -= fr.down;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtxa[b * p + a] = xtxa[a * p + b];
    RX.set(xtxa);
    const ldRX2 = cholInPlace(RX, p);
    beta.set(xtya);
    forward(RX, p, beta, 1);
    let cb2 = 0;
    for (let a = 0; a < p; a++) cb2 += beta[a] * beta[a];
    backward(RX, p, beta);
    const pwrss = Math.max(ytya - cb2, 0);
    for (let a = 0; a < p; a++) betaTotal[a] = beta[a] + betaOls[a];
    for (let i = 0; i < nTheta; i++) lastTheta[i] = theta[i];
    last = { ldL2, ldRX2, pwrss, beta: betaTotal, xtxSchur: xtxa };
    return last;
  }

  function deviance(theta: ArrayLike<number>, reml: boolean): number {
    const d = parts(theta);
    if (!Number.isFinite(d.ldL2) || !Number.isFinite(d.ldRX2) || !(d.pwrss > 0)) return Infinity;
    if (!reml) return d.ldL2 + n * (1 + Math.log((2 * Math.PI * d.pwrss) / n));
    const nr = n - p;
    return d.ldL2 + d.ldRX2 + nr * (1 + Math.log((2 * Math.PI * d.pwrss) / nr));
  }

  function modes(theta: ArrayLike<number>): Float64Array[] {
    parts(theta);
    if (pat) return [pooledModes(pat, Wp, ztx1, zty1, beta, G, q1, p)];
    const bta = beta.slice();
    const u2 = new Float64Array(q2);
    if (q2 > 0) {
      for (let i = 0; i < q2; i++) {
        let s = b2[i];
        for (let c = 0; c < p; c++) s -= rzx2[i * p + c] * bta[c];
        u2[i] = s;
      }
      backwardRest(u2);
    }
    const out = blocks.map((blk) => new Float64Array(blk.nLevels * blk.q));
    const u = new Float64Array(q1);
    for (let g = 0; g < G; g++) {
      level(g);
      for (let a = 0; a < q1; a++) {
        let s = cu[a];
        for (let c = 0; c < p; c++) s -= rzx[a * p + c] * bta[c];
        u[a] = s;
      }
      for (let e = groupPtr[g], j = 0; e < groupPtr[g + 1]; e++, j++) {
        const qk = rest[entK[e]].q;
        const w = j * q1 * maxQr;
        for (let a = 0; a < q1; a++) {
          let s = 0;
          for (let b = 0; b < qk; b++) s += W[w + a * qk + b] * u2[entPos[e] + b];
          u[a] -= s;
        }
      }
      backward(M, q1, u);
      for (let a = 0; a < q1; a++) {
        let s = 0;
        for (let k = 0; k <= a; k++) s += T1[a * q1 + k] * u[k];
        out[0][g * q1 + a] = s;
      }
    }
    rest.forEach((blk, k) => {
      const qk = blk.q;
      for (let l = 0; l < blk.nLevels; l++)
        for (let a = 0; a < qk; a++) {
          let s = 0;
          for (let m = 0; m <= a; m++) s += Tr[k][a * qk + m] * u2[restOff[k] + l * qk + m];
          out[k + 1][l * qk + a] = s;
        }
    });
    return out;
  }

  const evaluationSize = (pat ? pat.nPatterns : G) + q2;
  return { blocks, nTheta, lower: Float64Array.from(lowerList), start: Float64Array.from(startList), evaluationSize, parts, deviance, modes };
}
