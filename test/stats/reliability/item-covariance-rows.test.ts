// itemCovariance reads the rows flagged in `rows` in place, block by block, and
// cronbachAlphaFromCovariance / omegaTotalFromCovariance reuse its matrices. Reference: the slow
// exact path they replace — the flagged rows copied out, then the unblocked centred two-pass
// cross-products with the same four interleaved partial sums (the code of itemCovariance before
// blocking, kept below), and cronbachAlpha / omegaTotal on the copied rows. Tolerance: none;
// every entry must be the same double (Object.is).
import { describe, expect, it } from 'vitest';
import {
  cronbachAlpha,
  cronbachAlphaFromCovariance,
  itemCovariance,
  omegaTotal,
  omegaTotalFromCovariance,
} from '../../../src/stats/reliability/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

/** The unblocked covariance of complete columns (previous itemCovariance, error checks left out). */
function referenceCov(items: Float64Array[]): Float64Array {
  const k = items.length;
  const n = items[0].length;
  const centred = items.map((x) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i];
    const m = s / n;
    return x.map((v) => v - m);
  });
  const cov = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const [ca, cb] = [centred[a], centred[b]];
      let [s0, s1, s2, s3] = [0, 0, 0, 0];
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
  return cov;
}

/** Deterministic Likert-like items (1–5) sharing one factor, with NaN holes; a small LCG, no Math.random. */
function simulate(n: number, k: number, missing: number, seed: number): Float64Array[] {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const f = Array.from({ length: n }, () => u() + u() + u() - 1.5);
  return Array.from({ length: k }, () =>
    Float64Array.from(f, (fi) => (u() < missing ? NaN : Math.min(5, Math.max(1, Math.round(3 + 1.3 * fi + (u() - 0.5) * 2.5))))),
  );
}

const flagsOf = (cols: Float64Array[]) => Uint8Array.from(cols[0], (_, r) => (cols.every((c) => !Number.isNaN(c[r])) ? 1 : 0));
const copyRows = (cols: Float64Array[], rows: Uint8Array) => cols.map((c) => c.filter((_, r) => rows[r] === 1));
const sameBits = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]]);
};

describe('itemCovariance over flagged rows equals the unblocked path on the copied rows, bit for bit', () => {
  // sizes around the 512-row block and the stride of 4: a last block of 0–3 leftover rows, one block, several
  it.each([
    [5, 3, 0],
    [511, 4, 0.05],
    [512, 6, 0],
    [1027, 12, 0.03],
    [2053, 9, 0.1],
    [20_000, 12, 0.02],
  ])('n = %i, k = %i, missing %f', (n, k, missing) => {
    const cols = simulate(n, k, missing, n * 31 + k);
    const rows = flagsOf(cols);
    const kept = copyRows(cols, rows);
    const want = referenceCov(kept);
    const viaFlags = itemCovariance(cols, undefined, rows);
    const viaCopy = itemCovariance(kept);
    expect(viaFlags.n).toBe(kept[0].length);
    sameBits(viaFlags.cov, want);
    sameBits(viaCopy.cov, want);
    sameBits(viaFlags.cor, viaCopy.cor);
  });

  it('alpha and omega from the shared matrices equal cronbachAlpha and omegaTotal on the copied rows', () => {
    const cols = simulate(3001, 12, 0.04, 7);
    const rows = flagsOf(cols);
    const kept = copyRows(cols, rows);
    const c = itemCovariance(cols, undefined, rows);
    const a = cronbachAlphaFromCovariance(c, { level: 0.9 });
    const b = cronbachAlpha(kept, { level: 0.9 });
    for (const key of ['n', 'k', 'rawAlpha', 'stdAlpha', 'averageR', 'feldtLower', 'feldtUpper', 'level'] as const) expect(Object.is(a[key], b[key])).toBe(true);
    sameBits(a.alphaIfDropped!.raw, b.alphaIfDropped!.raw);
    sameBits(a.alphaIfDropped!.std, b.alphaIfDropped!.std);
    sameBits(a.itemTotal.rDrop, b.itemTotal.rDrop);
    sameBits(a.itemTotal.rawR, b.itemTotal.rawR);
    const o = omegaTotalFromCovariance(c);
    const p = omegaTotal(kept);
    expect(Object.is(o.omega, p.omega)).toBe(true);
    sameBits(o.loadings, p.loadings);
    sameBits(o.uniquenesses, p.uniquenesses);
  });

  it('errors name the item and the index among the flagged rows, as on the copied rows', () => {
    const x = [Float64Array.of(1, NaN, 2, Infinity, 4), Float64Array.of(2, 3, 3, 5, 1)];
    const rows = Uint8Array.of(1, 0, 1, 1, 1);
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(StatInputError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message(() => itemCovariance(x, ['a', 'b'], rows))).toBe('a[2] is not a finite number (Infinity)');
    expect(message(() => itemCovariance(x, ['a', 'b'], rows))).toBe(message(() => itemCovariance(copyRows(x, rows), ['a', 'b'])));
    expect(message(() => itemCovariance(x, ['a', 'b'], Uint8Array.of(0, 0, 1, 0, 0)))).toBe('a needs at least 2 value(s), got 1');
    expect(message(() => itemCovariance([Float64Array.of(1, 2, 3), Float64Array.of(4, 4, 4)], ['a', 'b'], Uint8Array.of(1, 1, 1)))).toBe('b has zero variance');
    expect(message(() => itemCovariance(x, ['a', 'b'], Uint8Array.of(1, 1)))).toBe('the row flags have 2 entries, a has 5');
  });
});
