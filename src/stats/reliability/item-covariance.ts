import { assertFinite } from '../descriptive/assert-finite.ts';
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

/**
 * Covariance and correlation matrices of k item columns of equal length n (centred two-pass
 * cross-products): O(n·k²) time, O(k²) memory. Complete cases only — the caller removes
 * incomplete rows (listwise deletion) before calling.
 * Throws StatInputError for fewer than 2 items or rows, unequal lengths, a non-finite value
 * or an item with zero variance; messages name an item by `labels[j]` when given (e.g. its column
 * name), else as "item j" (1-based).
 * @example itemCovariance([[1, 2, 3], [2, 4, 7]]).cor // Float64Array [1, 0.9933…, 0.9933…, 1]
 */
export function itemCovariance(items: readonly ArrayLike<number>[], labels?: readonly string[]): ItemCovariance {
  const k = items.length;
  const name = (j: number) => labels?.[j] ?? `item ${j + 1}`;
  if (k < 2) throw new StatInputError(`need at least 2 items, got ${k}`);
  const n = items[0].length;
  const centred: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const x = items[j];
    if (x.length !== n) throw new StatInputError(`${name(j)} has ${x.length} values, ${name(0)} has ${n}`);
    assertFinite(x, name(j), 2);
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i];
    const m = s / n;
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x[i] - m;
    centred.push(c);
  }
  const cov = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const ca = centred[a];
    for (let b = a; b < k; b++) {
      const cb = centred[b];
      // four partial sums: about twice as fast in V8, and no less accurate
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += ca[i] * cb[i];
        s1 += ca[i + 1] * cb[i + 1];
        s2 += ca[i + 2] * cb[i + 2];
        s3 += ca[i + 3] * cb[i + 3];
      }
      for (; i < n; i++) s0 += ca[i] * cb[i];
      cov[a * k + b] = cov[b * k + a] = (s0 + s1 + s2 + s3) / (n - 1);
    }
    if (!(cov[a * k + a] > 0)) throw new StatInputError(`${name(a)} has zero variance`);
  }
  const cor = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) cor[a * k + b] = a === b ? 1 : cov[a * k + b] / Math.sqrt(cov[a * k + a] * cov[b * k + b]);
  return { n, k, cov, cor };
}
