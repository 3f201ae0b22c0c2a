/**
 * Levels of one grouping factor pooled by identical Z_g'Z_g. With one grouping factor the profiled
 * deviance downdates X'X, X'y and y'y by Σ_g B_g' W_g B_g, where B_g = [Z_g'X | Z_g'y] and
 * W_g = T (T'Z_g'Z_gT + I)⁻¹ T' for the template T of Λ_θ: W_g depends on the level only through
 * Z_g'Z_g, so the products of B_g can be summed once over the levels that share it.
 */
export interface LevelPatterns {
  /** Number of distinct Z_g'Z_g blocks. */
  nPatterns: number;
  /** Pattern of each level. */
  patternOf: Int32Array;
  /** Number of levels in each pattern; patterns are numbered by increasing count. */
  count: Float64Array;
  /** Z'Z of each pattern: nPatterns × q × q row-major blocks. */
  ztz: Float64Array;
  /**
   * Pooled products of the Z_g'X rows x_gi (p-vectors), one array over patterns per pair (i ≥ j) of
   * random-effect columns — pairs in the order (0,0), (1,0), (1,1), (2,0)… — and per lower-triangle
   * entry (a ≥ b) of a p × p matrix, in the same order: Σ_g x_gi[a]·x_gj[b] (+ x_gj[a]·x_gi[b] for
   * i ≠ j). Layout [pair][entry][pattern].
   */
  sxx: Float64Array;
  /** Σ_g x_gi[a]·y_gj (+ x_gj[a]·y_gi for i ≠ j), y_gi = (Z_g'y)_i. Layout [pair][a][pattern]. */
  sxy: Float64Array;
  /** Σ_g y_gi·y_gj (doubled for i ≠ j). Layout [pair][pattern]. */
  syy: Float64Array;
  /**
   * The same sums as sxx, sxy and syy in one record per pattern: [pair][entry], then [pair][a],
   * then [pair] (for two random effects and two fixed effects: 9 + 6 + 3 = 18 per pattern).
   */
  records: Float64Array;
}

/**
 * Numbers the levels by identical key (nk doubles each): the pattern of each level, in order of first
 * appearance, and the first level of each pattern; null when there are more than maxPatterns.
 */
function findPatterns(keys: Float64Array, nLevels: number, nk: number, maxPatterns: number): { patternOf: Int32Array; first: number[] } | null {
  // hashed by the keys' 32-bit words
  const bits = new Uint32Array(keys.buffer);
  const words = nk * 2;
  let size = 16;
  while (size < 2 * Math.min(nLevels, maxPatterns + 1)) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  const patternOf = new Int32Array(nLevels);
  const first: number[] = [];
  for (let g = 0; g < nLevels; g++) {
    let h = 0x811c9dc5;
    for (let k = g * words, end = k + words; k < end; k++) {
      h = Math.imul(h ^ bits[k], 0x01000193);
      h ^= h >>> 15;
    }
    h &= size - 1;
    for (;;) {
      const rep = table[h];
      if (rep < 0) {
        if (first.length >= maxPatterns) return null;
        table[h] = g;
        patternOf[g] = first.length;
        first.push(g);
        break;
      }
      let same = true;
      for (let k = 0; k < nk && same; k++) same = keys[rep * nk + k] === keys[g * nk + k];
      if (same) {
        patternOf[g] = patternOf[rep];
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  return { patternOf, first };
}

/** Lower triangles of the levels' q × q blocks, nk = q(q+1)/2 doubles each. */
function lowerTriangles(ztz: ArrayLike<number>, nLevels: number, q: number, nk: number): Float64Array {
  const keys = new Float64Array(nLevels * nk);
  for (let g = 0, o = 0; g < nLevels; g++) for (let i = 0; i < q; i++) for (let j = 0; j <= i; j++) keys[o++] = ztz[(g * q + i) * q + j];
  return keys;
}

/** Renumbers the patterns by increasing count (ties by first appearance); returns the counts and the new order. */
function numberByCount(patternOf: Int32Array, P: number): { count: Float64Array; byCount: number[] } {
  const seenCount = new Float64Array(P);
  for (let g = 0; g < patternOf.length; g++) seenCount[patternOf[g]]++;
  const byCount = Array.from({ length: P }, (_, t) => t).sort((a, b) => seenCount[a] - seenCount[b] || a - b);
  const rank = new Int32Array(P);
  byCount.forEach((t, k) => (rank[t] = k));
  for (let g = 0; g < patternOf.length; g++) patternOf[g] = rank[patternOf[g]];
  const count = new Float64Array(P);
  byCount.forEach((t, k) => (count[k] = seenCount[t]));
  return { count, byCount };
}

/**
 * Sums each level's products into its pattern's record acc[t·rec..]: [pair][entry] (nab per pair),
 * then [pair][a] (p per pair), then [pair].
 */
function accumulate(ztx: ArrayLike<number>, zty: ArrayLike<number>, patternOf: Int32Array, q: number, p: number, rec: number, acc: Float64Array): void {
  const nab = (p * (p + 1)) / 2;
  const nsx = ((q * (q + 1)) / 2) * nab;
  const nsy = ((q * (q + 1)) / 2) * p;
  for (let g = 0; g < patternOf.length; g++) {
    const xo = g * q * p;
    const yo = g * q;
    const o = patternOf[g] * rec;
    for (let i = 0, pair = 0; i < q; i++)
      for (let j = 0; j <= i; j++, pair++) {
        const xi = xo + i * p;
        const xj = xo + j * p;
        const yi = zty[yo + i];
        const yj = zty[yo + j];
        const ox = o + pair * nab;
        for (let a = 0, ab = 0; a < p; a++)
          for (let b = 0; b <= a; b++, ab++) {
            let v = ztx[xi + a] * ztx[xj + b];
            if (i !== j) v += ztx[xj + a] * ztx[xi + b];
            acc[ox + ab] += v;
          }
        const oy = o + nsx + pair * p;
        for (let a = 0; a < p; a++) {
          let v = ztx[xi + a] * yj;
          if (i !== j) v += ztx[xj + a] * yi;
          acc[oy + a] += v;
        }
        acc[o + nsx + nsy + pair] += i === j ? yi * yi : 2 * yi * yj;
      }
  }
}

/** `accumulate` for two random effects and two fixed effects (intercept and slope), in straight lines. */
function accumulate2x2(ztx: ArrayLike<number>, zty: ArrayLike<number>, patternOf: Int32Array, acc: Float64Array): void {
  for (let g = 0; g < patternOf.length; g++) {
    const o = patternOf[g] * 18;
    const a0 = ztx[g * 4];
    const a1 = ztx[g * 4 + 1];
    const c0 = ztx[g * 4 + 2];
    const c1 = ztx[g * 4 + 3];
    const y0 = zty[g * 2];
    const y1 = zty[g * 2 + 1];
    // pairs (0,0), (1,0), (1,1) of random effects; x_g0 = (a0, a1), x_g1 = (c0, c1)
    acc[o] += a0 * a0;
    acc[o + 1] += a1 * a0;
    acc[o + 2] += a1 * a1;
    acc[o + 3] += c0 * a0 + a0 * c0;
    acc[o + 4] += c1 * a0 + a1 * c0;
    acc[o + 5] += c1 * a1 + a1 * c1;
    acc[o + 6] += c0 * c0;
    acc[o + 7] += c1 * c0;
    acc[o + 8] += c1 * c1;
    acc[o + 9] += a0 * y0;
    acc[o + 10] += a1 * y0;
    acc[o + 11] += c0 * y0 + a0 * y1;
    acc[o + 12] += c1 * y0 + a1 * y1;
    acc[o + 13] += c0 * y1;
    acc[o + 14] += c1 * y1;
    acc[o + 15] += y0 * y0;
    acc[o + 16] += 2 * y1 * y0;
    acc[o + 17] += y1 * y1;
  }
}

/** `accumulate` for one random effect per level. */
function accumulate1(ztx: ArrayLike<number>, zty: ArrayLike<number>, patternOf: Int32Array, p: number, rec: number, acc: Float64Array): void {
  const nab = (p * (p + 1)) / 2;
  for (let g = 0; g < patternOf.length; g++) {
    const xo = g * p;
    const o = patternOf[g] * rec;
    const y = zty[g];
    for (let a = 0, ab = o; a < p; a++) {
      const xa = ztx[xo + a];
      for (let b = 0; b <= a; b++, ab++) acc[ab] += xa * ztx[xo + b];
    }
    for (let a = 0; a < p; a++) acc[o + nab + a] += ztx[xo + a] * y;
    acc[o + nab + p] += y * y;
  }
}

/** Entries [off, off + m) of each of the P records of acc, laid out by entry: out[k·P + t]. */
function byEntry(acc: Float64Array, P: number, rec: number, off: number, m: number): Float64Array {
  const out = new Float64Array(m * P);
  for (let t = 0; t < P; t++) for (let k = 0; k < m; k++) out[k * P + t] = acc[t * rec + off + k];
  return out;
}

/**
 * Pools the per-level cross-products of one grouping factor by identical Z_g'Z_g blocks (for the
 * profiled deviance of Bates, Mächler, Bolker & Walker 2015, J. Stat. Softw. 67(1),
 * https://doi.org/10.18637/jss.v067.i01, eqs. 13–19, where every level's contribution to the
 * downdate of X'X, X'y and y'y is a quadratic form in Z_g'X and Z_g'y whose matrix depends on the
 * level only through Z_g'Z_g). With integer session numbers many patients share Z_g'Z_g (same
 * count and same sessions), so the pooled sums are much smaller than the per-level ones. Returns
 * null when pooling would not reduce the work (more distinct blocks than the memory bound
 * levels · q · (p + 1) / (pairs · (p(p+1)/2 + p + 1)) allows). Levels are numbered in order of
 * first appearance within equal counts, so the result is deterministic.
 * Inputs are per level g: ztz (q × q block), ztx (q × p block), zty (q-vector), all row-major.
 * @example levelPatterns([2, 2, 3], [1, 2, 3], [0, 0, 0], 3, 1, 1)?.nPatterns // 2 (levels 0 and 1 share Z'Z = 2)
 */
export function levelPatterns(
  ztz: ArrayLike<number>,
  ztx: ArrayLike<number>,
  zty: ArrayLike<number>,
  nLevels: number,
  q: number,
  p: number,
): LevelPatterns | null {
  const nk = (q * (q + 1)) / 2;
  const nab = (p * (p + 1)) / 2;
  const perPattern = nk * (nab + p + 1);
  const maxPatterns = Math.floor((nLevels * q * (p + 1)) / perPattern);
  if (maxPatterns < 1) return null;
  const found = findPatterns(lowerTriangles(ztz, nLevels, q, nk), nLevels, nk, maxPatterns);
  if (found === null) return null;
  const { patternOf, first } = found;
  // number the patterns by increasing count (ties by first appearance), so that equal counts are adjacent
  const P = first.length;
  const { count, byCount } = numberByCount(patternOf, P);
  const pz = new Float64Array(P * q * q);
  for (let k = 0; k < P; k++) {
    const g = first[byCount[k]];
    for (let j = 0; j < q * q; j++) pz[k * q * q + j] = ztz[g * q * q + j];
  }
  // summed into one record per pattern ([pair][entry], then [pair][a], then [pair]) so that a level
  // touches one place, then laid out by entry for the evaluations
  const nsx = nk * nab;
  const nsy = nk * p;
  const rec = nsx + nsy + nk;
  const acc = new Float64Array(P * rec);
  if (q === 2 && p === 2) accumulate2x2(ztx, zty, patternOf, acc);
  else if (q === 1) accumulate1(ztx, zty, patternOf, p, rec, acc);
  else accumulate(ztx, zty, patternOf, q, p, rec, acc);
  return { nPatterns: P, patternOf, count, ztz: pz, sxx: byEntry(acc, P, rec, 0, nsx), sxy: byEntry(acc, P, rec, nsx, nsy), syy: byEntry(acc, P, rec, nsx + nsy, nk), records: acc };
}
