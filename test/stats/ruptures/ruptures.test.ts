// Hand-built series whose answers follow from the rule definitions in
// src/stats/ruptures/ruptures.ts; the arithmetic for each expected value is written next to it.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { rupturePreset, ruptures, type RuptureRule } from '../../../src/stats/ruptures/index.ts';
import { longSeries } from '../sudden/test-series.ts';

const mk = (...patients: [number, number[]][]) => longSeries(patients);
const abs = (value: number, extra: Partial<RuptureRule> = {}): RuptureRule => ({ threshold: { type: 'absolute', value }, ...extra });

describe('ruptures: episode shapes', () => {
  it('a one-session dip repaired next session is a V', () => {
    const r = ruptures(mk([1, [6, 6, 3, 6, 6]]), abs(2, { window: 1 }));
    expect(r.episodes).toHaveLength(1);
    const e = r.episodes[0]!;
    expect([e.position, e.time, e.pre, e.score, e.drop, e.depth]).toEqual([3, 3, 6, 3, 3, 3]);
    expect([e.minPosition, e.declineLength, e.repaired, e.repairPosition, e.repairTime, e.pattern]).toEqual([3, 1, true, 4, 4, 'V']);
    expect(Array.from(e.around)).toEqual([NaN, 6, 6, 3, 6, 6, NaN]);
    expect(r.patients.status).toEqual(['repaired']);
  });

  it('a multi-session decline climbed back in one step is decline-sudden-repair', () => {
    // 6 → 4 is a drop of exactly 2 (a tie counts); lowest 2 at position 5; repair at 6.
    const e = ruptures(mk([1, [6, 6, 4, 3, 2, 6]]), abs(2, { window: 6 })).episodes[0]!;
    expect([e.position, e.depth, e.minPosition, e.declineLength, e.dipLength, e.repairPosition, e.pattern]).toEqual([3, 4, 5, 3, 3, 6, 'decline-sudden-repair']);
  });

  it('a climb back over several sessions is gradual-repair', () => {
    const e = ruptures(mk([1, [6, 6, 3, 4, 5, 6]]), abs(2, { window: 5 })).episodes[0]!;
    expect([e.depth, e.minPosition, e.declineLength, e.repairPosition, e.pattern]).toEqual([3, 3, 1, 6, 'gradual-repair']);
  });

  it('no return within the window is unrepaired; a fully observed window is not censored', () => {
    const r = ruptures(mk([1, [6, 6, 3, 3, 3, 3, 3, 3]]), abs(2, { window: 3 }));
    expect(r.episodes).toHaveLength(1);
    const e = r.episodes[0]!;
    expect([e.repaired, e.repairPosition, e.repairTime, e.pattern, e.censored, e.dipLength]).toEqual([false, -1, NaN, 'unrepaired', false, 4]); // positions 3–6
    expect(r.patients.status).toEqual(['unrepaired']);
  });

  it('a window that runs past the end or holds a missing score is censored', () => {
    expect(ruptures(mk([1, [6, 6, 6, 3]]), abs(2, { window: 3 })).episodes[0]!.censored).toBe(true);
    expect(ruptures(mk([1, [6, 6, 3, NaN, 3, 3]]), abs(2, { window: 2 })).episodes[0]!.censored).toBe(true);
  });

  it('a missing session inside the dip is skipped, not imputed', () => {
    const e = ruptures(mk([1, [6, 6, 3, NaN, 6]]), abs(2, { window: 2 })).episodes[0]!;
    expect([e.repairPosition, e.pattern, e.depth]).toEqual([5, 'decline-sudden-repair', 3]);
  });

  it('an interval with a missing score is not tested', () => {
    const r = ruptures(mk([1, [6, NaN, 3, 6]]), abs(2));
    expect(r.episodes).toHaveLength(0);
    expect(r.patients.status).toEqual(['none']);
    expect(r.patients.evaluable[0]).toBe(1);
  });

  it('ties: a drop equal to the threshold counts, a smaller one does not', () => {
    expect(ruptures(mk([1, [6, 4, 6]]), abs(2)).episodes).toHaveLength(1);
    expect(ruptures(mk([1, [6, 4.5, 6]]), abs(2)).episodes).toHaveLength(0);
  });

  it('tolerance lowers the repair level', () => {
    const s = mk([1, [6, 6, 3, 5.5, 6]]);
    expect(ruptures(s, abs(2, { window: 1, tolerance: 0.5 })).episodes[0]!.pattern).toBe('V');
    expect(ruptures(s, abs(2, { window: 1 })).episodes[0]!.pattern).toBe('unrepaired');
  });

  it('episodes do not overlap; any unrepaired episode makes the patient unrepaired', () => {
    const r = ruptures(mk([1, [6, 6, 3, 6, 6, 2, 2, 2, 2]]), abs(2, { window: 2 }));
    expect(r.episodes.map((e) => [e.position, e.pattern])).toEqual([
      [3, 'V'],
      [6, 'unrepaired'],
    ]);
    expect([r.patients.nEpisodes[0], r.patients.nRepaired[0], r.patients.status[0]]).toEqual([2, 1, 'unrepaired']);
  });

  it("reference 'mean': a dip below the patient's mean, repaired on return to the mean", () => {
    // mean of 8,8,8,2,8,8 = 7; 7 − 2 = 5 ≥ 3 and the previous 8 was not below 7 − 3.
    const e = ruptures(mk([1, [8, 8, 8, 2, 8, 8]]), abs(3, { reference: 'mean' })).episodes[0]!;
    expect([e.position, e.pre, e.drop, e.depth, e.repairPosition, e.pattern]).toEqual([4, 7, 5, 5, 5, 'V']);
  });

  it("direction 'increase' mirrors the rule", () => {
    const e = ruptures(mk([1, [6, 6, 9, 6, 6]]), abs(2, { window: 1, direction: 'increase' })).episodes[0]!;
    expect([e.position, e.pre, e.score, e.drop, e.depth, e.pattern]).toEqual([3, 6, 9, 3, 3, 'V']);
  });

  it('strict episodes and the strict patient status (two thresholds, as gumz2012)', () => {
    const r = ruptures(mk([1, [6, 6, 3, 6, 6, 1, 6]], [2, [6, 6, 3, 3, 3, 3]]), abs(2, { window: 3, strict: 2 }));
    expect(r.episodes.map((e) => [e.id, e.drop, e.strict])).toEqual([
      [1, 3, false],
      [1, 5, true],
      [2, 3, false],
    ]);
    expect(r.patients.status).toEqual(['repaired', 'unrepaired']);
    expect(r.patients.strictStatus).toEqual(['repaired', 'none']);
  });
});

describe('ruptures: thresholds', () => {
  it("own SD: 10, 10, 4, 10 has SD 3 (SS 27 / 3 = 9), so 2 SD = 6 and the drop of 6 ties", () => {
    const s = mk([1, [10, 10, 4, 10]]);
    const r = ruptures(s, { threshold: { type: 'sd', k: 2, sd: 'own' }, window: 1 });
    expect(r.patients.ownSd[0]).toBeCloseTo(3, 14);
    expect(r.episodes.map((e) => e.pattern)).toEqual(['V']);
    expect(ruptures(s, { threshold: { type: 'sd', k: 2.01, sd: 'own' } }).episodes).toHaveLength(0);
  });

  it('sample SD of scores and of differences; max takes the larger', () => {
    // scores 1, 3, 5, 9: mean 4.5, SS 12.25 + 2.25 + 0.25 + 20.25 = 35, SD √(35/3);
    // differences 2 and 4: SD √2; own SDs √2 and √8.
    const s = mk([1, [1, 3]], [2, [5, 9]]);
    const scores = ruptures(s, { threshold: { type: 'sd', k: 1, sd: 'sample' } });
    expect(scores.sampleSd).toBeCloseTo(Math.sqrt(35 / 3), 14);
    const diffs = ruptures(s, { threshold: { type: 'sd', k: 1, sd: 'sample', sampleSdOf: 'differences' } });
    expect(diffs.sampleSd).toBeCloseTo(Math.SQRT2, 14);
    const max = ruptures(s, { threshold: { type: 'sd', k: 2, sd: 'max', sampleSdOf: 'differences' } });
    expect(Array.from(max.patients.threshold)).toEqual([2 * diffs.sampleSd, 2 * Math.max(max.patients.ownSd[1]!, diffs.sampleSd)]);
    expect(max.patients.ownSd[1]).toBeCloseTo(Math.sqrt(8), 14);
  });

  it('reliable change: 1.96·√2·5·√(1 − .84) = 1.96·√2·2', () => {
    const r = ruptures(mk([1, [6, 6, 3]]), { threshold: { type: 'rci', reliability: 0.84, sd: 5 } });
    expect(r.patients.threshold[0]).toBeCloseTo(1.96 * Math.SQRT2 * 2, 12);
  });

  it("rci SD 'first' is the SD of each patient's first observed score", () => {
    const r = ruptures(mk([1, [NaN, 2, 2]], [2, [4, 1]], [3, [6]]), { threshold: { type: 'rci', reliability: 0.5, sd: 'first' } });
    expect(r.sampleSd).toBeCloseTo(2, 14); // SD of 2, 4, 6
  });

  it('a patient with one session, or too few scores for an own SD, is not evaluable', () => {
    const r = ruptures(mk([1, [5]], [2, [NaN, 4, NaN]], [3, []], [4, [6, 6, 3, 6]]), 'strauss2006');
    expect(Array.from(r.patients.evaluable)).toEqual([0, 0, 1]);
    expect(r.patients.status).toEqual(['none', 'none', 'repaired']);
    expect(r.patients.threshold[0]).toBeNaN();
  });

  it('an empty series gives an empty result', () => {
    const r = ruptures(mk(), abs(1));
    expect(r.episodes).toEqual([]);
    expect(r.patients.id.length).toBe(0);
  });
});

describe('ruptures: presets and input errors', () => {
  it('presets state their settings', () => {
    expect(rupturePreset('stiles2004')).toEqual({ threshold: { type: 'sd', k: 2, sd: 'own' }, reference: 'previous', window: 1, tolerance: 0 });
    expect(rupturePreset('gumz2012')).toMatchObject({ threshold: { type: 'sd', k: 1, sd: 'max', sampleSdOf: 'scores' }, window: 6, strict: 2 });
    expect(rupturePreset('rci', { reliability: 0.9 }).threshold).toEqual({ type: 'rci', reliability: 0.9, sd: 'first' });
    expect(() => rupturePreset('rci')).toThrow(StatInputError);
    expect(() => ruptures(mk([1, [1, 2]]), 'rci')).toThrow(/reliability/);
  });

  it('throws StatInputError on bad input', () => {
    const bad = (f: () => unknown) => expect(f).toThrow(StatInputError);
    bad(() => ruptures({ ids: Int32Array.of(1, 2, 1), time: Float64Array.of(1, 1, 2), score: Float64Array.of(1, 2, 3) }, abs(1)));
    bad(() => ruptures({ ids: Int32Array.of(1, 1), time: Float64Array.of(2, 1), score: Float64Array.of(1, 2) }, abs(1)));
    bad(() => ruptures({ ids: Int32Array.of(1, 1), time: Float64Array.of(1, 2), score: Float64Array.of(1, Infinity) }, abs(1)));
    bad(() => ruptures({ ids: Int32Array.of(1, 1), time: Float64Array.of(1, 2), score: Float64Array.of(1) }, abs(1)));
    bad(() => ruptures(mk([1, [1, 2]]), abs(1, { window: 0 })));
    bad(() => ruptures(mk([1, [1, 2]]), abs(1, { tolerance: -1 })));
    bad(() => ruptures(mk([1, [1, 2]]), abs(0)));
    bad(() => ruptures(mk([1, [1, 2]]), { threshold: { type: 'sd', k: 1, sd: 'sample', sampleSdOf: 'differences' } }));
  });
});
