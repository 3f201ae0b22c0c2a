// Expected values: test/fixtures/reliability/reliability.R — psych::alpha(x, check.keys = FALSE)
// (psych 2.2.9) for alpha, std alpha, average r, Feldt bounds (and psych::alpha.ci(p.val = .10)),
// alpha.drop and item.stats; stats::factanal(covmat = cor(x), factors = 1) for one-factor ML.
// Tolerances: 1e-10 relative for alpha (closed form); for factanal (iterative) 1e-6 against a
// tightly converged factanal (control = list(opt = list(factr = 1, pgtol = 0))) and 2e-5 absolute
// against factanal's defaults, which stop early.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha, omegaTotal, oneFactorMl } from '../../../src/stats/reliability/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

interface Fa {
  loadings: number[];
  uniquenesses: number[];
  omega: number;
  objective: number;
}
interface Case {
  items: number[][];
  alpha: Record<string, number> & Record<'dropRaw' | 'dropStd' | 'dropAverageR' | 'rDrop' | 'rawR', number[]>;
  factanal: Fa;
  factanalTight: Fa;
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/reliability/reliability.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  heywood: { items: number[][]; loadings: number[]; uniquenesses: number[]; omega: number };
};

const close = (got: number, want: number, rel: number, abs = 1e-14) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + abs);
const closeAll = (got: ArrayLike<number>, want: number[], rel: number, abs = 1e-14) => {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => close(got[i], v, rel, abs));
};

describe('cronbachAlpha matches psych::alpha', () => {
  it.each(fx.cases.map((c) => [c.items.length, c.items[0].length, c] as const))('%i items, n = %i', (_k, _n, c) => {
    const res = cronbachAlpha(c.items.map((x) => Float64Array.from(x)));
    const a = c.alpha;
    close(res.rawAlpha, a.rawAlpha, 1e-10);
    close(res.stdAlpha, a.stdAlpha, 1e-10);
    close(res.averageR, a.averageR, 1e-10);
    close(res.feldtLower, a.feldtLower, 1e-10);
    close(res.feldtUpper, a.feldtUpper, 1e-10);
    closeAll(res.alphaIfDropped!.raw, a.dropRaw, 1e-10);
    closeAll(res.alphaIfDropped!.std, a.dropStd, 1e-10);
    closeAll(res.alphaIfDropped!.averageR, a.dropAverageR, 1e-10);
    closeAll(res.itemTotal.rDrop, a.rDrop, 1e-10);
    closeAll(res.itemTotal.rawR, a.rawR, 1e-10);
    const r90 = cronbachAlpha(c.items, { level: 0.9 });
    close(r90.feldtLower, a.feldt90Lower, 1e-10);
    close(r90.feldtUpper, a.feldt90Upper, 1e-10);
  });
  it('two items: no alpha-if-dropped; rejects NaN, unequal lengths and constant items', () => {
    expect(cronbachAlpha([[1, 2, 3], [2, 2, 4]]).alphaIfDropped).toBeUndefined();
    expect(() => cronbachAlpha([[1, 2, NaN], [2, 2, 4]])).toThrow(StatInputError);
    expect(() => cronbachAlpha([[1, 2, 3], [2, 2]])).toThrow(StatInputError);
    expect(() => cronbachAlpha([[1, 2, 3], [2, 2, 2]])).toThrow(StatInputError);
    expect(() => cronbachAlpha([[1, 2, 3]])).toThrow(StatInputError);
  });
});

describe('omegaTotal from one-factor ML as factanal(covmat = cor(x), factors = 1)', () => {
  it.each(fx.cases.map((c) => [c.items.length, c.items[0].length, c] as const))('%i items, n = %i', (_k, _n, c) => {
    const res = omegaTotal(c.items);
    closeAll(res.loadings, c.factanalTight.loadings, 1e-6);
    closeAll(res.uniquenesses, c.factanalTight.uniquenesses, 1e-6);
    close(res.omega, c.factanalTight.omega, 1e-6);
    close(res.objective, c.factanalTight.objective, 1e-6, 1e-10);
    closeAll(res.loadings, c.factanal.loadings, 0, 2e-5);
    closeAll(res.uniquenesses, c.factanal.uniquenesses, 0, 2e-5);
    close(res.omega, c.factanal.omega, 0, 2e-5);
    expect(res.heywood).toBe(false);
  });
  it('Heywood case: a uniqueness on the 0.005 bound, as factanal', () => {
    const res = omegaTotal(fx.heywood.items);
    expect(res.heywood).toBe(true);
    closeAll(res.uniquenesses, fx.heywood.uniquenesses, 1e-6);
    closeAll(res.loadings, fx.heywood.loadings, 1e-6);
    close(res.omega, fx.heywood.omega, 1e-8);
  });
  it('recovers an exactly one-factor correlation matrix (λ = .7, .6, .5: r = λᵢλⱼ)', () => {
    const fa = oneFactorMl(Float64Array.of(1, 0.42, 0.35, 0.42, 1, 0.3, 0.35, 0.3, 1), 3);
    closeAll(fa.loadings, [0.7, 0.6, 0.5], 1e-10);
    closeAll(fa.uniquenesses, [0.51, 0.64, 0.75], 1e-10);
  });
  it('rejects fewer than 3 items and a singular correlation matrix', () => {
    expect(() => omegaTotal([[1, 2, 3], [2, 3, 5]])).toThrow(StatInputError);
    expect(() => omegaTotal([[1, 2, 3, 4], [2, 4, 6, 8], [1, 3, 2, 4]])).toThrow(StatInputError);
  });
});
