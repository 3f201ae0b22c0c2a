// Reference values: test/fixtures/correlation/exact-tests.R → exact-tests.json (R 4.2, stats only).
// - The null tails of Spearman's S and Kendall's T against R's own routines behind cor.test
//   (C_pRho, AS 89; C_pKendall). Tolerance: 1e-12 relative plus 1e-14 absolute. The absolute part
//   covers R's upper Kendall tail, 1 − P(T ≤ t − 1), which cancels to ~1e-15 noise where the true
//   tail is ~1e-60 (we sum the mirrored lower tail instead), and the rounding of counts past 2^53.
// - The default p values of cor.test(method = "spearman" / "kendall"), exact = NULL, on untied
//   samples across the rules' boundaries (Spearman counted n ≤ 9 / AS 89 n ≤ 1290 / t above;
//   Kendall exact n < 50 / normal from 50) and on tied ones (asymptotic). Same tolerance.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kendall, spearman } from '../../../src/stats/correlation/index.ts';
import { kendallExactTails, kendallExactTwoSided, pnorm, spearmanExactTails } from '../../../src/stats/distributions/index.ts';
import { ranktest } from '../../../src/stats/meta/index.ts';
import { near } from './fixture.ts';

// biome-ignore lint: fixture shape is checked by the tests that read it
const R: any = JSON.parse(readFileSync(new URL('../../fixtures/correlation/exact-tests.json', import.meta.url), 'utf8'));
const REL = 1e-12;
const ABS = 1e-14;

describe("the null distributions behind cor.test's exact rank tests", () => {
  it(`Spearman's S: P(S ≥ s) and P(S ≤ s) match C_pRho at ${R.tails.spearman.length} points, n = 2 … 1290`, () => {
    for (const c of R.tails.spearman) {
      const got = spearmanExactTails(c.s, c.n);
      near(got.upper, c.upper, REL, ABS);
      near(got.lower, c.lower, REL, ABS);
    }
  });

  it(`Kendall's T: P(T ≤ t) and P(T ≥ t) match C_pKendall at ${R.tails.kendall.length} points, n = 1 … 170`, () => {
    for (const c of R.tails.kendall) {
      const got = kendallExactTails(c.t, c.n);
      near(got.lower, c.lower, REL, ABS);
      if (c.n <= 49) near(got.upper, c.upper, REL, ABS);
    }
    // n = 170: R's upper tail 1 − P(T ≤ t − 1) is off by ~1.2e-13 there (its sums of counts near
    // 1e306), so P(T ≥ t) is checked against R's lower tail at the mirrored point N − t
    const at170 = R.tails.kendall.filter((c: { n: number }) => c.n === 170);
    const N = (170 * 169) / 2;
    let mirrored = 0;
    for (const c of at170) {
      const mirror = at170.find((m: { t: number }) => m.t === N - c.t);
      if (!mirror) continue;
      near(kendallExactTails(c.t, 170).upper, mirror.lower, REL, ABS);
      mirrored++;
    }
    expect(mirrored).toBe(8);
  });

  it('stays finite past n = 170, where R\'s counts overflow (cor.test(exact = TRUE) and metafor::ranktest give NaN at n = 200)', () => {
    // no R value exists there: symmetric tails, and the continuity-corrected normal approximation
    // within its O(1/n) error (5e-4 at n = 200; the gap at n = 170 against R's own values is 2.6e-4)
    for (const n of [171, 200]) {
      const N = (n * (n - 1)) / 2;
      const sd = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 72);
      for (const t of [N / 2 - 3 * sd, N / 2 - sd].map(Math.round)) {
        const e = kendallExactTails(t, n);
        expect(Number.isFinite(e.lower) && Number.isFinite(e.upper)).toBe(true);
        near(kendallExactTails(N - t, n).upper, e.lower, 1e-12);
        near(e.lower, pnorm((t + 0.5 - N / 2) / sd), 0, 5e-4);
      }
    }
    const x = Array.from({ length: 200 }, (_, i) => i);
    const y = x.map((i) => (i * 7919) % 200);
    const r = ranktest(x.map((i) => y[i] / 100), x.map((i) => 0.01 + i / 1000));
    expect(r.exact).toBe(true);
    expect(Number.isFinite(r.pval)).toBe(true);
  });

  it('keeps the far tail that R cancels: P(T = 0) for n = 49 is 1/49!, and the tails of one t sum to 1 + P(T = t)', () => {
    let factorial = 1;
    for (let k = 2; k <= 49; k++) factorial *= k;
    near(kendallExactTails(0, 49).lower, 1 / factorial, 1e-12);
    near(kendallExactTails(1176, 49).upper, 1 / factorial, 1e-12);
    near(kendallExactTwoSided(1176, 49), 2 / factorial, 1e-12);
    // n = 4: the inversion counts of the 24 permutations are 1, 3, 5, 6, 5, 3, 1
    const t = kendallExactTails(2, 4);
    expect(t.lower * 24).toBeCloseTo(9, 12);
    expect(t.upper * 24).toBeCloseTo(20, 12);
  });
});

describe('spearman and kendall give the p value of cor.test with its default exact = NULL', () => {
  const spearmanMethod = (name: string, n: number) => (name.startsWith('ties') || n > 1290 ? 't' : n <= 9 ? 'exact' : 'edgeworth');
  for (const c of R.corTest) {
    it(`${c.data} (n = ${c.n}): ${c.spearman.call}`, () => {
      const res = spearman(c.x, c.y);
      near(res.r, c.spearman.r, 1e-12, 1e-15);
      near(res.S, c.spearman.S, 1e-12, 1e-9);
      near(res.p, c.spearman.p, REL, ABS);
      expect(res.pMethod).toBe(spearmanMethod(c.data, c.n));
    });

    it(`${c.data} (n = ${c.n}): ${c.kendall.call}, ${c.kendall.statistic === 'T' ? 'exact' : 'normal'} test`, () => {
      const res = kendall(c.x, c.y);
      near(res.r, c.kendall.r, 1e-12, 1e-15);
      near(res.p, c.kendall.p, REL, ABS);
      if (c.kendall.statistic === 'T') {
        expect(res.pMethod).toBe('exact');
        expect(res.T).toBe(c.kendall.value);
      } else {
        expect(res.pMethod).toBe('normal');
        expect(res.T).toBeNull();
        near(res.z, c.kendall.value, 1e-10);
      }
    });
  }

  it('exact: false gives the asymptotic tests of cor.test(exact = FALSE) on every sample', () => {
    for (const c of R.corTest) {
      const s = spearman(c.x, c.y, { exact: false });
      expect(s.pMethod).toBe('t');
      near(s.p, c.spearman.pAsymptotic, REL, ABS);
      const k = kendall(c.x, c.y, { exact: false });
      expect(k.pMethod).toBe('normal');
      expect(k.T).toBeNull();
      near(k.z, c.kendall.zAsymptotic, 1e-10);
      near(k.p, c.kendall.pAsymptotic, REL, ABS);
    }
  });
});

/**
 * The two-sided exact p of T = t concordant pairs among n untied pairs from the Mahonian numbers in
 * BigInt (exact counts), rounded once to a double: 2·P(T ≤ min(t, N − t)), at most 1.
 */
function kendallTwoSidedByCounting(t: number, n: number): number {
  let row = [1n];
  for (let m = 2; m <= n; m++) {
    const next: bigint[] = [];
    let window = 0n;
    for (let k = 0; k <= (m * (m - 1)) / 2; k++) {
      if (k < row.length) window += row[k]!;
      if (k - m >= 0 && k - m < row.length) window -= row[k - m]!;
      next.push(window);
    }
    row = next;
  }
  let factorial = 1n;
  for (let k = 2n; k <= BigInt(n); k++) factorial *= k;
  const N = (n * (n - 1)) / 2;
  let tail = 0n;
  for (let k = 0; k <= Math.min(t, N - t); k++) tail += row[k]!;
  return Math.min(1, Number(((2n * tail) << 120n) / factorial) / 2 ** 120);
}

describe('kendall with exact: true gives the p value of cor.test(method = "kendall", exact = TRUE)', () => {
  // R forces the exact test for untied pairs at any n (here 50 … 170, below its overflow at 171) and
  // falls back to the normal test on ties; spearman's rule is the same for exact true and unset.
  // Tolerance against R: 1e-12 relative plus 1e-12 absolute. R takes an upper tail as
  // 1 − P(T ≤ t − 1) over counts past 2^53, which is off by 6.8e-14 at n = 60 (p = 1.2438e-4:
  // R 1.2438288438e-4, the exact counts 1.2438288431e-4); the exact p from BigInt Mahonian
  // numbers is matched to 1e-12 relative.
  for (const c of R.kendallExactTrue) {
    it(`${c.data} (n = ${c.n}): ${c.statistic === 'T' ? 'exact' : 'normal'} test`, () => {
      const res = kendall(c.x, c.y, { exact: true });
      near(res.r, c.r, 1e-12, 1e-15);
      near(res.p, c.p, REL, 1e-12);
      if (c.statistic === 'T') {
        expect(res.pMethod).toBe('exact');
        expect(res.T).toBe(c.value);
        near(res.p, kendallTwoSidedByCounting(c.value, c.n), 1e-12);
      } else {
        expect(res.pMethod).toBe('normal');
        near(res.z, c.value, 1e-10);
      }
      expect(spearman(c.x, c.y, { exact: true }).p).toBe(spearman(c.x, c.y).p);
    });
  }

  it('refuses the exact test past 1,000 untied pairs, and takes the normal test there when exact is unset', () => {
    const x = Array.from({ length: 1001 }, (_, i) => i);
    const y = x.map((i) => (i * 7919) % 1001);
    expect(() => kendall(x, y, { exact: true })).toThrow(/at most 1,000 untied pairs, got 1,001/);
    expect(kendall(x, y).pMethod).toBe('normal');
    expect(kendall(x.slice(0, 1000), y.slice(0, 1000), { exact: true }).pMethod).toBe('exact');
  });
});
