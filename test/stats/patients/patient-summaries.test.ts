// patientSummaries (src/stats/patients): the per-patient definitions of the `patients` stage, on
// hand-made series whose values are exact in binary (expectations worked by hand; R gives the same:
// e.g. mean(c(10, 14, 16)) = 13.333333333333334, coef(lm(c(10,14,16) ~ c(1,2,4)))[2] = 13/7).
// The stage-level comparison with R on rom-small is in test/stages/patients-summary.test.ts and
// test/stages/correlate.test.ts (test/fixtures/stages-correlation).
import { describe, expect, it } from 'vitest';
import { patientSummaries } from '../../../src/stats/patients/index.ts';

const N = NaN;
// patient 0: outcome 20, 18, 12 at sessions 1, 2, 4; alliance 10, 14, 16
// patient 1: outcome only at session 5 (after k = 3); alliance 20, –, 16 at 1, 2, 3
// patient 2: no outcome; one alliance score at session 3
// patient 3: outcome 9, 8 at sessions 1, 2 (none after k); no alliance score
const rows = {
  code: Int32Array.of(0, 0, 0, 1, 1, 1, 1, 2, 3, 3),
  session: Float64Array.of(1, 2, 4, 1, 2, 3, 5, 3, 1, 2),
  outcome: Float64Array.of(20, 18, 12, N, N, N, 7, N, 9, 8),
  alliance: [Float64Array.of(10, 14, 16, 20, N, 16, N, 30, N, N)],
};
const s = patientSummaries(rows, { k: 3, sign: -1, patients: 5 });
const at = (a: Float64Array) => Array.from(a);

describe('patientSummaries', () => {
  it('counts sessions and finds the first and last session', () => {
    expect(at(s.nSessions)).toEqual([3, 4, 1, 2, 0]);
    expect(at(s.firstSession)).toEqual([1, 1, 3, 1, N]);
    expect(at(s.lastSession)).toEqual([4, 5, 3, 2, N]);
  });
  it('takes baseline, final and the score by session k from the non-missing outcome scores', () => {
    expect(at(s.outcomeN)).toEqual([3, 1, 0, 2, 0]);
    expect(at(s.baseline)).toEqual([20, 7, N, 9, N]);
    expect(at(s.final)).toEqual([12, 7, N, 8, N]);
    expect(at(s.atK)).toEqual([18, N, N, 8, N]);
  });
  it('orients change as improvement, and leaves prior and later improvement missing without a score to change to', () => {
    expect(at(s.change)).toEqual([-8, N, N, -1, N]);
    expect(at(s.improvement)).toEqual([8, N, N, 1, N]);
    expect(at(s.priorImprovement)).toEqual([2, N, N, 1, N]);
    expect(at(s.laterImprovement)).toEqual([6, N, N, N, N]);
    expect(s.counts).toEqual({ patients: 4, noChange: 2, noneByK: 1, noPrior: 0, noLater: 1 });
  });
  it('summarises each alliance column: score at k, mean of sessions ≤ k, mean, OLS slope', () => {
    const a = s.alliance[0]!;
    expect(at(a.n)).toEqual([3, 2, 1, 0, 0]);
    expect(at(a.atK)).toEqual([N, 16, 30, N, N]);
    expect(at(a.firstK)).toEqual([12, 18, 30, N, N]);
    expect(at(a.mean)).toEqual([13.333333333333334, 18, 30, N, N]);
    expect(a.slope[0]).toBeCloseTo(13 / 7, 15);
    // two scores at sessions 1 and 3: (16 − 20) / 2
    expect(at(a.slope).slice(1)).toEqual([-2, N, N, N]);
  });
  it('counts a patient whose first outcome score is after k as none-by-k but not as no-prior', () => {
    const one = patientSummaries({ code: Int32Array.of(0, 0), session: Float64Array.of(4, 6), outcome: Float64Array.of(10, 6), alliance: [] }, { k: 3, sign: 1, patients: 1 });
    expect(one.counts).toEqual({ patients: 1, noChange: 0, noneByK: 1, noPrior: 0, noLater: 0 });
    expect([one.improvement[0], one.priorImprovement[0], one.laterImprovement[0]]).toEqual([-4, N, N]);
  });
});
