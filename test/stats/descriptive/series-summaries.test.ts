// seriesSummaries: per-patient summaries with SQL's aggregate semantics, on hand-checked series.
// Reference: the SQL the patients stage used before (count(*), min/max(session), count(x),
// arg_min/arg_max(x, session) FILTER (WHERE x IS NOT NULL), max(x) FILTER (WHERE session = k),
// regr_slope) and R: coef(lm(c(10, 14, 16) ~ c(1, 2, 4)))[2] = 13/7; mean(c(10, 14), na.rm = TRUE) = 12.
// Exact expectations (Object.is through toEqual on typed arrays).
import { describe, expect, it } from 'vitest';
import { seriesSummaries } from '../../../src/stats/descriptive/series-summaries.ts';

const f = (...v: number[]) => Float64Array.from(v);

describe('seriesSummaries', () => {
  // code 0: sessions 1, 2, 4 and a row without a session; code 1: no rows; code 2: one session, twice
  const code = Int32Array.of(0, 0, 0, 0, 2, 2);
  const session = f(2, 1, NaN, 4, 5, 5);
  const outcome = f(18, 20, 7, 12, NaN, 9);
  const wai = f(14, 10, 30, 16, 40, 44);
  const s = seriesSummaries(code, session, outcome, [wai], 2, 3);

  it('counts every row, but takes first and last session over the rows that have one', () => {
    expect(s.rows).toEqual(f(4, NaN, 2));
    expect(s.firstSession).toEqual(f(1, NaN, 5));
    expect(s.lastSession).toEqual(f(4, NaN, 5));
  });

  it('outcome: counts a value without a session, but picks baseline, final and at-k by session', () => {
    expect(s.outcome.n).toEqual(f(4, NaN, 1));
    expect(s.outcome.baseline).toEqual(f(20, NaN, 9));
    expect(s.outcome.final).toEqual(f(12, NaN, 9));
    expect(s.outcome.atK).toEqual(f(18, NaN, NaN));
    expect(s.outcome.baselineSession).toEqual(f(1, NaN, 5));
    expect(s.outcome.atKSession).toEqual(f(2, NaN, NaN));
    expect(s.outcome.finalSession).toEqual(f(4, NaN, 5));
  });

  it('alliance: value at session k, means (R mean()), slope over rows with a session, count', () => {
    const a = s.alliance[0]!;
    expect(a.atSession).toEqual(f(14, NaN, NaN));
    expect(a.meanToK).toEqual(f(12, NaN, NaN));
    expect(a.mean).toEqual(f(17.5, NaN, 42));
    expect(a.n).toEqual(f(4, NaN, 2));
    expect(a.slope[0]).toBeCloseTo(13 / 7, 14);
    // two scores at one session: the slope is not identified (regr_slope NaN, lm NA)
    expect(a.slope[2]).toBeNaN();
    expect(a.slope[1]).toBeNaN();
  });

  it('takes the largest value when session k repeats, and the first row when a baseline session repeats', () => {
    const r = seriesSummaries(Int32Array.of(0, 0, 0), f(2, 2, 1), f(5, 6, NaN), [f(3, 8, 1)], 2, 1);
    expect(r.alliance[0]!.atSession).toEqual(f(8));
    expect(r.outcome.baseline).toEqual(f(5));
    expect(r.outcome.final).toEqual(f(5));
  });
});
