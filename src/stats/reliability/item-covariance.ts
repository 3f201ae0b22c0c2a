import { StatInputError } from '../errors.ts';

/** Item covariance and correlation matrices (k × k, row-major). */
export interface ItemCovariance {
  n: number;
  k: number;
  /** Covariances with the n − 1 denominator, as `cov(x)`. */
  cov: Float64Array;
  /** Correlations, as `cor(x)`. */
  cor: Float64Array;
}

/** Rows per block of centred values: a multiple of 4 (the partial sums' stride) that keeps a block of 12–45 items in L1/L2. */
const BLOCK = 512;

/**
 * Covariance and correlation matrices of k item columns of equal length (centred two-pass
 * cross-products): O(n·k²) time, O(k² + k·512) memory. Complete cases only: either the caller
 * removed incomplete rows (listwise deletion) before calling, or `rows` flags the rows to use
 * (nonzero = use; e.g. the rows with every item present), which gives bit for bit the result of
 * passing those rows copied out, without the copies. Each cross-product is summed in four
 * interleaved partial sums (row i goes to sum i mod 4, the last n mod 4 rows to the first),
 * block by block over the rows so that the centred values stay in cache.
 * Throws StatInputError for fewer than 2 items or rows, unequal lengths, a non-finite value
 * in a used row or an item with zero variance; messages name an item by `labels[j]` when given
 * (e.g. its column name), else as "item j" (1-based), and a value by its index among the used rows.
 * @example itemCovariance([[1, 2, 3], [2, 4, 7]]).cor // Float64Array [1, 0.9933…, 0.9933…, 1]
 * @example itemCovariance([[1, 2, NaN, 3], [2, 4, 5, 7]], undefined, Uint8Array.of(1, 1, 0, 1)).n // 3
 */
export function itemCovariance(items: readonly ArrayLike<number>[], labels?: readonly string[], rows?: ArrayLike<number>): ItemCovariance {
  const k = items.length;
  const name = (j: number) => labels?.[j] ?? `item ${j + 1}`;
  if (k < 2) throw new StatInputError(`need at least 2 items, got ${k}`);
  const len = items[0].length;
  if (rows && rows.length !== len) throw new StatInputError(`the row flags have ${rows.length} entries, ${name(0)} has ${len}`);
  let idx: Int32Array | null = null;
  let n = len;
  if (rows) {
    n = 0;
    for (let r = 0; r < len; r++) if (rows[r]) n++;
    idx = new Int32Array(n);
    for (let r = 0, j = 0; r < len; r++) if (rows[r]) idx[j++] = r;
  }
  const mean = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const x = items[j];
    if (x.length !== len) throw new StatInputError(`${name(j)} has ${x.length} values, ${name(0)} has ${len}`);
    if (n < 2) throw new StatInputError(`${name(j)} needs at least 2 value(s), got ${n}`);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = x[idx ? idx[i] : i];
      if (!Number.isFinite(v)) throw new StatInputError(`${name(j)}[${i}] is not a finite number (${v})`);
      s += v;
    }
    mean[j] = s / n;
  }
  // acc[4p + q]: partial sum q of pair p, pairs (a, b ≥ a) in row-major order
  const acc = new Float64Array(2 * k * (k + 1));
  const buf = new Float64Array(k * BLOCK);
  for (let start = 0; start < n; start += BLOCK) {
    const m = Math.min(BLOCK, n - start);
    for (let j = 0; j < k; j++) {
      const x = items[j];
      const mj = mean[j];
      const o = j * BLOCK;
      if (idx) for (let t = 0; t < m; t++) buf[o + t] = x[idx[start + t]] - mj;
      else for (let t = 0; t < m; t++) buf[o + t] = x[start + t] - mj;
    }
    crossProducts(buf, k, m, acc);
  }
  const cov = new Float64Array(k * k);
  for (let a = 0, p = 0; a < k; a++) {
    for (let b = a; b < k; b++, p += 4) cov[a * k + b] = cov[b * k + a] = (acc[p] + acc[p + 1] + acc[p + 2] + acc[p + 3]) / (n - 1);
    if (!(cov[a * k + a] > 0)) throw new StatInputError(`${name(a)} has zero variance`);
  }
  const cor = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) cor[a * k + b] = a === b ? 1 : cov[a * k + b] / Math.sqrt(cov[a * k + a] * cov[b * k + b]);
  return { n, k, cov, cor };
}

/**
 * Adds one block of m centred rows (item j at buf[j·BLOCK …]) to the pairs' four partial sums;
 * a block shorter than a multiple of 4 is the last one, and its leftover rows go to the first sum.
 */
function crossProducts(buf: Float64Array, k: number, m: number, acc: Float64Array): void {
  for (let a = 0, p = 0; a < k; a++) {
    const oa = a * BLOCK;
    for (let b = a; b < k; b++, p += 4) {
      const ob = b * BLOCK;
      // four partial sums: about twice as fast in V8, and no less accurate
      let s0 = acc[p];
      let s1 = acc[p + 1];
      let s2 = acc[p + 2];
      let s3 = acc[p + 3];
      let i = 0;
      for (; i + 3 < m; i += 4) {
        s0 += buf[oa + i] * buf[ob + i];
        s1 += buf[oa + i + 1] * buf[ob + i + 1];
        s2 += buf[oa + i + 2] * buf[ob + i + 2];
        s3 += buf[oa + i + 3] * buf[ob + i + 3];
      }
      for (; i < m; i++) s0 += buf[oa + i] * buf[ob + i];
      acc[p] = s0;
      acc[p + 1] = s1;
      acc[p + 2] = s2;
      acc[p + 3] = s3;
    }
  }
}
