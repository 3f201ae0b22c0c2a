// Expected values: test/fixtures/change/descriptive.R (R's mean, var, sd, quantile(type = 7), summary, lm),
// written to descriptive.json with sprintf("%.17g"). Tolerance: 1e-10 relative (closed forms).
import { readFileSync } from 'node:fs';
import { describe as group, expect, it } from 'vitest';
import {
  mean,
  quantiles,
  sd,
  simpleRegression,
  summarizeColumn,
  variance,
} from '../../../src/stats/descriptive/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

interface Case {
  x: number[];
  mean: number;
  var: number;
  sd: number;
  probs: number[];
  quantile: number[];
  summary: { min: number; q1: number; median: number; q3: number; max: number };
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/change/descriptive.json', import.meta.url), 'utf8')) as {
  descriptive: Record<string, Case>;
  regression: { x: number[]; y: number[]; intercept: number; slope: number; sigma: number; residuals: number[] };
};

const REL = 1e-10;
const close = (got: number, want: number, rel = REL) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-12);

group('descriptive kernels match R', () => {
  for (const [name, c] of Object.entries(fx.descriptive)) {
    it(`${name}: mean(x), var(x), sd(x), quantile(x, probs, type = 7), summary(x)`, () => {
      close(mean(c.x), c.mean);
      close(variance(Float64Array.from(c.x)), c.var);
      close(sd(c.x), c.sd);
      const q = quantiles(c.x, c.probs);
      c.quantile.forEach((v, i) => close(q[i], v));
      const d = summarizeColumn(c.x);
      expect(d.n).toBe(c.x.length);
      close(d.mean!, c.mean);
      close(d.sd!, c.sd);
      for (const k of ['min', 'q1', 'median', 'q3', 'max'] as const) close(d[k]!, c.summary[k]);
    });
  }

  it('lm(y ~ x): coefficients, sigma and residuals', () => {
    const r = fx.regression;
    const fit = simpleRegression(r.x, r.y, { residuals: true });
    close(fit.intercept, r.intercept);
    close(fit.slope, r.slope);
    close(fit.sigma!, r.sigma);
    r.residuals.forEach((v, i) => close(fit.residuals![i], v, 1e-8));
    expect(simpleRegression(r.x, r.y).residuals).toBeUndefined();
  });

  it('rejects bad input', () => {
    expect(() => mean([])).toThrow(StatInputError);
    expect(() => variance([1])).toThrow(StatInputError);
    expect(() => sd([1, NaN, 3])).toThrow(StatInputError);
    expect(() => quantiles([1, 2], [1.5])).toThrow(StatInputError);
    expect(() => simpleRegression([1, 1, 1], [1, 2, 3])).toThrow(StatInputError);
    expect(() => simpleRegression([1, 2, 3], [1, 2])).toThrow(StatInputError);
  });
});
