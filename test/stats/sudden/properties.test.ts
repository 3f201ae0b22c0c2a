// Invariances the sudden-gain detector must satisfy, on random series (see test-series.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suddenGains, type SuddenGainsResult } from '../../../src/stats/sudden/index.ts';
import { build, patientsArb } from './test-series.ts';

const gainKey = (r: SuddenGainsResult) => r.events.map((e) => [e.id, e.position, e.reversal].join());

describe('suddenGains: invariances', () => {
  const opts = { direction: 'decrease' as const, crit1: 1.23456789, crit2: null };

  it('adding a constant changes no event when criterion 2 (which scales with the score) is off', () => {
    fc.assert(
      fc.property(patientsArb, fc.constantFrom(-3.3, 0.5, 17, 1000), (patients, c) => {
        expect(gainKey(suddenGains(build(patients, c), opts))).toEqual(gainKey(suddenGains(build(patients), opts)));
      }),
      { numRuns: 300 },
    );
  });

  it('a missing session appended to one patient changes no event (criterion 3 on)', () => {
    fc.assert(
      fc.property(patientsArb, fc.nat(), (patients, k) => {
        const b = suddenGains(build(patients, 0, k % patients.length), opts);
        expect(gainKey(b)).toEqual(gainKey(suddenGains(build(patients), opts)));
      }),
      { numRuns: 300 },
    );
  });

  it("'increase' on negated scores finds the same events as 'decrease'", () => {
    fc.assert(
      fc.property(patientsArb, (patients) => {
        const s = build(patients);
        const neg = { ...s, score: s.score.map((v) => -v) };
        const up = suddenGains(neg, { ...opts, direction: 'increase' });
        const down = suddenGains(s, opts);
        expect(gainKey(up)).toEqual(gainKey(down));
        up.events.forEach((e, k) => expect(e.magnitude).toBe(down.events[k]!.magnitude));
      }),
      { numRuns: 300 },
    );
  });
});
