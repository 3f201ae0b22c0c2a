// Hand-built series for the Tang & DeRubeis (1999) criteria; each expected value is worked
// out in the comment beside it. Package-level agreement is in suddengains-fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { averageCourse, patientRuns, scoresAround, suddenGains } from '../../../src/stats/sudden/index.ts';
import { longSeries } from './test-series.ts';

const mk = (...patients: [number, number[]][]) => longSeries(patients, 10);

describe('suddenGains by hand', () => {
  it('reports the event at the post-change session with its window statistics', () => {
    // 29 → 15 at position 4: change 14 ≥ 7; 14 ≥ .25 × 29; pre window 30, 31, 29 (mean 30,
    // SS 2), post 15, 14, 13 (mean 14, SS 2), pooled SD √(4/4) = 1, critical qt(.975, 4).
    const r = suddenGains(mk([1, [30, 31, 29, 15, 14, 13]]), { direction: 'decrease', crit1: 7 });
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect([e.id, e.row, e.position, e.time, e.preTime, e.pre, e.post, e.magnitude]).toEqual([1, 3, 4, 40, 30, 29, 15, 14]);
    expect(e.relative).toBeCloseTo(14 / 29, 15);
    expect([e.meanPre, e.meanPost, e.nPre, e.nPost, e.pooledSd]).toEqual([30, 14, 3, 3, 1]);
    expect(e.critical).toBeCloseTo(2.7764451051977934, 12); // R: qt(0.975, 4)
    expect(Array.from(e.around)).toEqual([30, 31, 29, 15, 14, 13, NaN]);
    expect(e.reversal).toBe(false);
    expect(Array.from(r.intervals.event)).toEqual([-1, -1, 0, 1, 0, -1]);
  });

  it('criterion 3 with a missing score uses df = nPre + nPost − 2 and needs two scores a side', () => {
    // 30, NaN, 31 | 20, NaN, 19: nPre 2, nPost 2, df 2, critical qt(.975, 2) = 4.302652729749464.
    const r = suddenGains(mk([1, [30, NaN, 31, 20, NaN, 19, 18]]), { direction: 'decrease', crit1: 7 });
    const e = r.events[0]!;
    expect([e.position, e.nPre, e.nPost]).toEqual([4, 2, 2]);
    expect(e.critical).toBeCloseTo(4.302652729749464, 12); // R: qt(0.975, 2)
    // position 5 (20 → NaN) is not tested; position 6: 31, 20 | 19, 18, mean difference 7,
    // pooled SD √((60.5 + 0.5) / 2) = 5.52, 7 < 4.30 × 5.52, so criterion 3 fails; position 7 is the last.
    expect(r.intervals.event[4]).toBe(-1);
    expect([r.intervals.crit3[5], r.intervals.crit3[6]]).toEqual([0, -1]);
    // Fixed critical value instead of the adjustment:
    const fixed = suddenGains(mk([1, [30, NaN, 31, 20, NaN, 19, 18]]), { direction: 'decrease', crit1: 7, crit3Adjust: false, crit3Critical: 3 });
    expect(fixed.events[0]!.critical).toBe(3);
  });

  it('ties meet criteria 1 and 2 (≥); criterion 3 is strict (>)', () => {
    // 28 → 21: change 7 = crit1 and = .25 × 28.
    expect(suddenGains(mk([1, [28, 29, 28, 21, 20, 21]]), { direction: 'decrease', crit1: 7 }).events).toHaveLength(1);
    expect(suddenGains(mk([1, [28, 29, 28, 21.5, 20, 21]]), { direction: 'decrease', crit1: 7, crit2: null }).events).toHaveLength(0);
    // Criterion 3 alone with zero spread: mean difference 0 is not > c × 0.
    const flat = suddenGains(mk([1, [5, 5, 5, 5, 5, 5]]), { direction: 'decrease', crit1: null, crit2: null });
    expect(Array.from(flat.intervals.crit3)).toEqual([-1, -1, 0, 0, 0, -1]); // positions 3 … T − 1
  });

  it('increase mirrors decrease (losses on a higher-is-worse scale)', () => {
    const r = suddenGains(mk([1, [10, 11, 10, 20, 21, 20]]), { direction: 'increase', crit1: 5 });
    expect(r.events.map((e) => [e.position, e.magnitude])).toEqual([[4, 10]]);
    // criterion 2 for increases: post − pre ≥ .25 × pre; 10 → 12 fails (2 < 2.5), 10 → 13 passes.
    const c2 = (post: number) => suddenGains(mk([1, [10, 10, 10, post, post, post]]), { direction: 'increase', crit1: null, crit3: false, edgeIntervals: true });
    expect(c2(12).events).toHaveLength(0);
    expect(c2(13).events.map((e) => e.position)).toEqual([4]);
  });

  it('a reversal is a later fall-back by more than half the gain, from n + 1 on', () => {
    // gain 30 → 20 at position 4; half-way back is 25; a 26 at position 5 reverses it.
    const r = suddenGains(mk([1, [31, 30, 30, 20, 26, 20, 21]]), { direction: 'decrease', crit1: 7, crit3: false });
    expect(r.events[0]!.reversal).toBe(true);
    const r2 = suddenGains(mk([1, [31, 30, 30, 20, 25, 20, 21]]), { direction: 'decrease', crit1: 7, crit3: false });
    expect(r2.events[0]!.reversal).toBe(false);
  });

  it('selects one event per patient: largest (ties: earliest), smallest, first, last', () => {
    const s = mk([1, [40, 41, 40, 30, 31, 30, 18, 19, 18, 8, 9, 8, 8]]);
    const opts = { direction: 'decrease' as const, crit1: 7, crit2: null };
    // changes 10 (pos 4), 12 (pos 7), 10 (pos 10)
    const pos = (select: 'largest' | 'smallest' | 'first' | 'last') => suddenGains(s, { ...opts, select }).selected.map((e) => e.position);
    expect(suddenGains(s, opts).events.map((e) => e.magnitude)).toEqual([10, 12, 10]);
    expect(pos('largest')).toEqual([7]);
    expect(pos('smallest')).toEqual([4]);
    expect(pos('first')).toEqual([4]);
    expect(pos('last')).toEqual([10]);
    const tie = mk([1, [40, 41, 40, 30, 31, 30, 20, 21]]);
    expect(suddenGains(tie, { ...opts, crit3: false }).selected.map((e) => e.position)).toEqual([4]);
  });

  it('edge intervals are skipped unless asked for', () => {
    const s = mk([1, [30, 10, 10, 10, 10, 1]]);
    const opts = { direction: 'decrease' as const, crit1: 7, crit3: false };
    expect(suddenGains(s, opts).events).toHaveLength(0);
    expect(suddenGains(s, { ...opts, edgeIntervals: true }).events.map((e) => e.position)).toEqual([2, 6]);
  });

  it('short series, single sessions and empty input give no events', () => {
    const r = suddenGains(mk([1, [30]], [2, [30, 10]], [3, [30, 20, 10]], [4, []]), { direction: 'decrease', crit1: 1 });
    expect(r.events).toEqual([]);
    expect(Array.from(r.patients.id)).toEqual([1, 2, 3]);
    expect(Array.from(r.patients.nTested)).toEqual([0, 0, 0]);
    expect(Array.from(r.patients.selected)).toEqual([-1, -1, -1]);
  });

  it('counts tested intervals and events per patient', () => {
    const r = suddenGains(mk([1, [30, 31, 29, 15, 14, 13]], [2, [20, 20, NaN, 20, 20, 20]]), { direction: 'decrease', crit1: 7 });
    expect(Array.from(r.patients.nTested)).toEqual([3, 1]); // patient 2: positions 3, 4 miss a score; 5 is tested
    expect(Array.from(r.patients.nEvents)).toEqual([1, 0]);
    expect(Array.from(r.patients.selected)).toEqual([0, -1]);
  });

  it('throws StatInputError on bad options or input', () => {
    const s = mk([1, [1, 2, 3]]);
    const bad = (f: () => unknown) => expect(f).toThrow(StatInputError);
    bad(() => suddenGains(s, { direction: 'decrease', crit1: null, crit2: null, crit3: false }));
    bad(() => suddenGains(s, { direction: 'decrease', crit1: -1 }));
    bad(() => suddenGains(s, { direction: 'decrease', crit1: { reliability: 1.2, sd: 5 } }));
    bad(() => suddenGains(s, { direction: 'up' as never, crit1: 1 }));
    bad(() => suddenGains(s, { direction: 'decrease', crit1: 1, crit3Alpha: 0 }));
    bad(() => suddenGains({ ids: Int32Array.of(1, 1), time: Float64Array.of(1, 1), score: Float64Array.of(1, 2) }, { direction: 'decrease', crit1: 1 }));
    bad(() => patientRuns({ ids: Float64Array.of(1.5), time: Float64Array.of(1), score: Float64Array.of(1) }));
  });

  it('scoresAround pads outside the run with NaN', () => {
    expect(Array.from(scoresAround(Float64Array.of(9, 8, 3, 4), 1, 4, 2, 2, 2))).toEqual([NaN, 8, 3, 4, NaN]);
  });

  it('patientRuns returns each patient\'s row range (doc example)', () => {
    const r = patientRuns({ ids: Int32Array.of(1, 1, 2), time: Float64Array.of(1, 2, 1), score: Float64Array.of(5, NaN, 4) });
    expect([Array.from(r.ids), Array.from(r.start), Array.from(r.end)]).toEqual([[1, 2], [0, 2], [2, 3]]);
  });

  it('averageCourse: per-offset n, mean and SD skipping missing scores', () => {
    // offset −1: 30 and 20 → mean 25, SD √50; offset 0: only 10 → n 1, SD NaN; offset 1: none.
    const c = averageCourse([Float64Array.of(30, 10, NaN), Float64Array.of(20, NaN, NaN)], 1);
    expect(Array.from(c.offset)).toEqual([-1, 0, 1]);
    expect(Array.from(c.n)).toEqual([2, 1, 0]);
    expect(c.mean[0]).toBe(25);
    expect(c.mean[1]).toBe(10);
    expect(c.mean[2]).toBeNaN();
    expect(c.sd[0]).toBeCloseTo(Math.sqrt(50), 13);
    expect(c.sd[1]).toBeNaN();
    expect(Array.from(averageCourse([Float64Array.of(30, 20), Float64Array.of(NaN, 10)], 1).mean)).toEqual([30, 15]);
    expect(() => averageCourse([])).toThrow(StatInputError);
    expect(() => averageCourse([Float64Array.of(1, 2), Float64Array.of(1)], 1)).toThrow(StatInputError);
  });
});
