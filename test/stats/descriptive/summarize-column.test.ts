// summarizeColumn (simple-statistics mean, sampleStandardDeviation, quantileSorted) against R.
// Expected values: test/fixtures/descriptive/descriptive.R — quantile(x, c(.25, .5, .75), type = 7,
// na.rm = TRUE), mean, sd, min, max of x[!is.na(x)] and sum(!is.na(x)) — written to
// descriptive.json with sprintf("%.17g"). Cases with NAs, ties, a constant, n = 1, n = 2, all NA.
// Tolerance: 1e-12 relative (closed forms; 1e-15 absolute where R's value is 0).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeColumn } from '../../../src/stats/descriptive/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

interface Case {
  x: (number | null)[];
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/descriptive/descriptive.json', import.meta.url), 'utf8')) as { call: string; cases: Record<string, Case> };

const REL = 1e-12;
const close = (got: number | null, want: number | null, what: string) => {
  if (want === null) return expect(got, what).toBeNull();
  expect(got, what).not.toBeNull();
  expect(Math.abs(got! - want), `${what}: ${got} vs R ${want}`).toBeLessThanOrEqual(REL * Math.abs(want) + 1e-15);
};

describe(`summarizeColumn matches R: ${fx.call}`, () => {
  for (const [name, c] of Object.entries(fx.cases)) {
    it(name, () => {
      const s = summarizeColumn(Float64Array.from(c.x, (v) => (v === null ? NaN : v)));
      expect(s.n, 'sum(!is.na(x))').toBe(c.n);
      expect(s.missing, 'sum(is.na(x))').toBe(c.missing);
      for (const k of ['mean', 'sd', 'min', 'q1', 'median', 'q3', 'max'] as const) close(s[k], c[k], k);
    });
  }

  it('covers NAs, ties, n = 1, n = 2 and all missing', () => {
    expect(Object.values(fx.cases).map((c) => c.n)).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(Object.values(fx.cases).some((c) => c.missing > 0 && c.n > 2)).toBe(true);
  });

  it('does not reorder or change its input', () => {
    const x = Float64Array.of(3, NaN, 1, 2);
    summarizeColumn(x);
    expect(Array.from(x)).toEqual([3, NaN, 1, 2]);
  });

  it('throws StatInputError on ±Infinity (NaN alone means missing)', () => {
    expect(() => summarizeColumn([1, Infinity])).toThrow(StatInputError);
    expect(() => summarizeColumn([-Infinity])).toThrow(/x\[0\]/);
  });
});
