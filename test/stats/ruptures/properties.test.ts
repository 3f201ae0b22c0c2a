// Invariances the rupture detector must satisfy, checked with fast-check on random series:
// scores on a 1e-4 grid so that no drop ties a threshold by accident, and shifts far larger
// than floating-point error but never near a tie.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruptures, rupturePreset, ruptureSeriesStats, type RuptureRule, type RupturesResult } from '../../../src/stats/ruptures/index.ts';
import { build, patientsArb } from '../sudden/test-series.ts';

const rules: [string, RuptureRule][] = [
  ['stiles2004', rupturePreset('stiles2004')],
  ['strauss2006', rupturePreset('strauss2006')],
  ['gumz2012', rupturePreset('gumz2012')],
  ['rci', rupturePreset('rci', { reliability: 0.8, sd: 1.23456789 })],
  ['absolute, mean reference', { threshold: { type: 'absolute', value: 1.23456789 }, reference: 'mean', window: 2, tolerance: 0.1 }],
  ['sample SD of differences', { threshold: { type: 'sd', k: 1.5, sd: 'sample', sampleSdOf: 'differences' }, window: 4 }],
];

const episodeKey = (r: RupturesResult) =>
  r.episodes.map((e) => [e.id, e.position, e.repaired, e.repairPosition, e.pattern, e.minPosition, e.censored, e.strict].join());

/** Sample SD needs two differences; skip draws where a rule cannot apply. */
function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

describe('ruptures: invariances', () => {
  for (const [name, rule] of rules) {
    it(`${name}: adding a constant to every score changes no episode`, () => {
      fc.assert(
        fc.property(patientsArb, fc.constantFrom(-3.3, 0.5, 17, 1000), (patients, c) => {
          const a = safe(() => ruptures(build(patients), rule));
          const b = safe(() => ruptures(build(patients, c), rule));
          expect(b === undefined).toBe(a === undefined);
          if (!a || !b) return;
          expect(episodeKey(b)).toEqual(episodeKey(a));
          b.episodes.forEach((e, k) => expect(Math.abs(e.depth - a.episodes[k]!.depth)).toBeLessThan(1e-9));
          expect(b.patients.status).toEqual(a.patients.status);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: a missing session appended to one patient changes nothing`, () => {
      fc.assert(
        fc.property(patientsArb, fc.nat(), (patients, k) => {
          const target = k % patients.length;
          const a = safe(() => ruptures(build(patients), rule));
          const b = safe(() => ruptures(build(patients, 0, target), rule));
          expect(b === undefined).toBe(a === undefined);
          if (!a || !b) return;
          expect(episodeKey(b)).toEqual(episodeKey(a));
          expect(b.patients.status).toEqual(a.patients.status);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('equal differences have no SD, also after a shift leaves rounding noise in them (fast-check counterexample [[0.0002, 0.0009, 0.0016]], −3.3)', () => {
    const rule = rules.find(([n]) => n === 'sample SD of differences')![1];
    for (const c of [0, -3.3, 1000]) {
      const s = build([[0.0002, 0.0009, 0.0016]], c);
      expect(ruptureSeriesStats(s).sd.differences).toBe(0);
      expect(() => ruptures(s, rule)).toThrow(/sample SD of differences is not positive/);
    }
    // a real spread of differences is kept as it is
    const spread = ruptureSeriesStats(build([[0.0002, 0.0009, 0.0017]], 1000)).sd.differences;
    expect(spread).toBeCloseTo(Math.SQRT1_2 * 0.0001, 9);
  });

  it('every reported episode satisfies its own definition', () => {
    fc.assert(
      fc.property(patientsArb, (patients) => {
        const s = build(patients);
        const r = ruptures(s, { threshold: { type: 'absolute', value: 1.23456789 }, window: 3 });
        for (const e of r.episodes) {
          expect(e.drop).toBeGreaterThanOrEqual(1.23456789);
          expect(e.pre - s.score[e.row]!).toBeCloseTo(e.drop, 12);
          expect(e.depth).toBeGreaterThanOrEqual(e.drop);
          if (e.repaired) {
            expect(e.repairPosition - e.position).toBeGreaterThanOrEqual(1);
            expect(e.repairPosition - e.position).toBeLessThanOrEqual(3);
            expect(e.pattern === 'V').toBe(e.repairPosition === e.position + 1);
          } else expect(e.pattern).toBe('unrepaired');
        }
      }),
      { numRuns: 300 },
    );
  });
});
