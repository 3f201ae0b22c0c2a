// quickVariance: R's var() within a stated tolerance, at a fraction of variance()'s cost (used
// where the last bit is never reported: lmm's constant-outcome and predictor-scale checks).
// Reference: the R values of test/fixtures/descriptive-as-r/descriptive-as-r.R (R's var, %.17g),
// every series without missing values. Tolerance: 1e-12 relative, and 1e-9 for the "offset" series
// (1e6 + noise of SD about 1e-3), where the condition number (mean / SD)² ≈ 1e18 bounds a double
// two-pass algorithm's accuracy (Chan, Golub & LeVeque 1983: error ≈ n²u²κ).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickVariance } from '../../../src/stats/descriptive/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

const fx = JSON.parse(readFileSync(new URL('../../fixtures/descriptive-as-r/descriptive-as-r.json', import.meta.url), 'utf8')) as {
  series: { kind: string; x: (string | null)[]; var: string }[];
};

describe('quickVariance', () => {
  it("is R's var() within 1e-12 relative (1e-9 for 1e6 + small noise) on the fixture's series", () => {
    const series = fx.series.filter((s) => s.kind !== 'missing');
    expect(series.length).toBeGreaterThan(300);
    for (const s of series) {
      const r = Number(s.var);
      const got = quickVariance(s.x.map(Number));
      const tol = (s.kind === 'offset' ? 1e-9 : 1e-12) * Math.abs(r);
      expect(Math.abs(got - r), `${s.kind}: ${got} vs R ${r}`).toBeLessThanOrEqual(tol);
    }
  });
  it('needs two values', () => {
    expect(() => quickVariance([1])).toThrow(StatInputError);
  });
});
