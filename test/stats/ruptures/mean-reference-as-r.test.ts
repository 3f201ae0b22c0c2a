// reference: 'mean' judges a drop against the patient's mean, which must be R's mean(), not a plain
// sum / n: for y = c(2.87, 1.41, 1.98, 4.64, 2.93), R gives mean(y) == 2.766 and
// mean(y) - y[2] == 1.356 (both TRUE; sprintf("%.17g", mean(y) - y[2]) = "1.3560000000000001"),
// so an absolute threshold of 1.356 is met exactly at session 2 (a tie counts: ruptures.ts). The
// plain sum(y) / 5 evaluated left to right in doubles is 2.7659999999999996, whose drop
// 1.3559999999999997 fell short and the episode was missed.
import { describe, expect, it } from 'vitest';
import { ruptures, type RuptureRule } from '../../../src/stats/ruptures/index.ts';
import { longSeries } from '../sudden/test-series.ts';

const RULE: RuptureRule = { threshold: { type: 'absolute', value: 1.356 }, reference: 'mean', window: 1, tolerance: 0 };

describe("reference: 'mean' uses R's mean()", () => {
  it('a drop of exactly the threshold below R’s mean is an episode', () => {
    const r = ruptures(longSeries([[1, [2.87, 1.41, 1.98, 4.64, 2.93]]]), RULE);
    expect(r.episodes.map((e) => [e.time, e.pre, e.score, e.drop, e.threshold])).toEqual([[2, 2.766, 1.41, 1.356, 1.356]]);
  });

  it('direction increase: the same series negated gives the same episode (mean(-y) == -mean(y) in R)', () => {
    const r = ruptures(longSeries([[1, [-2.87, -1.41, -1.98, -4.64, -2.93]]]), { ...RULE, direction: 'increase' });
    expect(r.episodes.map((e) => [e.time, e.pre, e.drop])).toEqual([[2, -2.766, 1.356]]);
  });
});
