// Pearson correlations of data far from unit scale. Expected values: test/fixtures/correlation-scale/
// correlation-scale.R → correlation-scale.json (R 4.2.2: cor.test(x, y) and leave-one-out cor()).
// R sums in extended precision; in doubles, x at 1e-160 drifted in the 6th digit (subnormal
// squares), x and y at 1e±100 gave r = 1 or 0 (Sxx·Syy out of range), and 1e160 was refused.
// Tolerance: 1e-13 relative (R's own values move in the 15th digit across these scales).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapCorrelation, jackknifeCorrelation } from '../../../src/stats/bootstrap/index.ts';
import { partialCorrelation, pearson, pearsonR, unitScaled } from '../../../src/stats/correlation/index.ts';
import { near } from './fixture.ts';

type Case = { name: string; x: number[]; y: number[]; r: number; t: number; p: number; ci: number[]; jack: number[] };
const fx = JSON.parse(readFileSync(new URL('../../fixtures/correlation-scale/correlation-scale.json', import.meta.url), 'utf8')) as { cases: Case[] };
const REL = 1e-13;

describe('Pearson at any magnitude (R: cor.test)', () => {
  for (const c of fx.cases) {
    it(`${c.name}: r, t, p and the Fisher interval`, () => {
      const res = pearson(c.x, c.y);
      near(res.r, c.r, REL);
      near(res.t, c.t, REL);
      near(res.p, c.p, 1e-12);
      near(res.ciLower, c.ci[0], REL);
      near(res.ciUpper, c.ci[1], REL);
    });
    it(`${c.name}: jackknife values (R: cor(x[-i], y[-i]))`, () => {
      jackknifeCorrelation(c.x, c.y).forEach((v, i) => near(v, c.jack[i], REL));
    });
  }
});

describe('unitScaled', () => {
  it('returns samples of ordinary spread as they are, and scales the others by a power of two', () => {
    const x = [3.1, 2.7, 4.4];
    expect(unitScaled(x)).toBe(x);
    // spread 1.3·2^−700: multiplied by 2^700, which gives back x exactly
    expect(Array.from(unitScaled(x.map((v) => v * 2 ** -700)))).toEqual(x);
    expect(Array.from(unitScaled(x.map((v) => v * 2 ** 300)))).toEqual(x);
    expect(unitScaled([5, 5, 5])).toEqual([5, 5, 5]);
  });
  it('leaves r, and the whole bootstrap, the same bit for bit under scaling by powers of two', () => {
    const c = fx.cases.find((k) => k.name === 'unit')!;
    const base = bootstrapCorrelation(c.x, c.y, { seed: 7, reps: 300 });
    for (const [ex, ey] of [[-700, 0], [-400, -400], [400, 400], [600, -600]]) {
      const x = c.x.map((v) => v * 2 ** ex);
      const y = c.y.map((v) => v * 2 ** ey);
      expect(pearsonR(x, y)).toBe(pearsonR(c.x, c.y));
      expect(bootstrapCorrelation(x, y, { seed: 7, reps: 300 })).toEqual(base);
    }
  });
});

describe('partial correlation at any magnitude and with a constant column (R: psych::partial.r)', () => {
  // Expected values: test/fixtures/correlation-scale/partial-scale.R → partial-scale.json. Before: x at
  // 1e-160 drifted in the 5th digit, x at 1e200 gave 0, and a constant column of 0.7s gave 4e-17
  // (R: NA, zero standard deviation). Tolerance 1e-13 relative, as above.
  type P = { name: string; x: number[]; y: number[]; covariates: number[][]; r: number | null };
  const px = JSON.parse(readFileSync(new URL('../../fixtures/correlation-scale/partial-scale.json', import.meta.url), 'utf8')) as { cases: P[]; constant: P };
  for (const c of px.cases) {
    it(c.name, () => near(partialCorrelation(c.x, c.y, c.covariates).r, c.r!, REL));
  }
  it('refuses a constant column of decimals, where R gives NA', () => {
    expect(px.constant.r).toBeNull();
    expect(() => partialCorrelation(px.constant.x, px.constant.y, px.constant.covariates)).toThrow(/zero variance/);
  });
});
