// suddenGains against the slow exact path it replaced: window means, counts and pooled SD computed
// afresh for every interval (three loops over rows [a, i) and [i, b)), the criterion-3 flag from
// them, and each event's fields from them. The kernel now computes the pooled SD only where a
// positive mean difference needs it (and for events); flags, events, selections and counts must
// be the same bit for bit (toEqual compares numbers with Object.is; NaN equals NaN). Tolerance: none.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qt } from '../../../src/stats/distributions/index.ts';
import { patientRuns, scoresAround, suddenGains, type SuddenGainsOptions } from '../../../src/stats/sudden/index.ts';
import { build, patientsArb } from './test-series.ts';

type Series = ReturnType<typeof build>;

/** The previous implementation's loop, kept as the reference (crit1 as a number or null). */
function reference(series: Series, o: Required<Omit<SuddenGainsOptions, 'crit1' | 'crit3Alpha'>> & { crit1: number | null }) {
  const runs = patientRuns(series);
  const { score, time } = series;
  const sign = o.direction === 'decrease' ? 1 : -1;
  const n = score.length;
  const [flag1, flag2, flag3, event] = [0, 1, 2, 3].map(() => new Int8Array(n).fill(-1)) as [Int8Array, Int8Array, Int8Array, Int8Array];
  const events: Record<string, unknown>[] = [];
  const nTested = new Int32Array(runs.ids.length);
  for (let p = 0; p < runs.ids.length; p++) {
    const s = runs.start[p]!;
    const e = runs.end[p]!;
    for (let i = o.edgeIntervals ? s + 1 : s + 2; i <= (o.edgeIntervals ? e - 1 : e - 2); i++) {
      const pre = score[i - 1]!;
      const post = score[i]!;
      const present = !Number.isNaN(pre) && !Number.isNaN(post);
      const change = sign * (pre - post);
      if (present && o.crit1 !== null) flag1[i] = change >= o.crit1 ? 1 : 0;
      if (present && o.crit2 !== null) flag2[i] = change >= o.crit2 * pre ? 1 : 0;
      const a = Math.max(s, i - 3);
      const b = Math.min(e, i + 3);
      let [nPre, sPre, nPost, sPost] = [0, 0, 0, 0];
      for (let r = a; r < i; r++) if (!Number.isNaN(score[r]!)) (nPre++, (sPre += score[r]!));
      for (let r = i; r < b; r++) if (!Number.isNaN(score[r]!)) (nPost++, (sPost += score[r]!));
      const meanPre = sPre / nPre;
      const meanPost = sPost / nPost;
      let ss = 0;
      for (let r = a; r < b; r++) if (!Number.isNaN(score[r]!)) ss += (score[r]! - (r < i ? meanPre : meanPost)) ** 2;
      const pooledSd = Math.sqrt(ss / (nPre + nPost - 2));
      const evaluable3 = nPre >= 2 && nPost >= 2;
      const critical = evaluable3 ? (o.crit3Adjust ? qt(1 - 0.05 / 2, nPre + nPost - 2) : o.crit3Critical) : NaN;
      if (o.crit3 && evaluable3) flag3[i] = sign * (meanPre - meanPost) > critical * pooledSd ? 1 : 0;
      if (!present) continue;
      nTested[p]!++;
      const met = (o.crit1 === null || flag1[i] === 1) && (o.crit2 === null || flag2[i] === 1) && (!o.crit3 || flag3[i] === 1);
      event[i] = met ? 1 : 0;
      if (!met) continue;
      let reversal = false;
      for (let r = i + 1; r < e; r++) if (sign * (score[r]! - (post + (sign * change) / 2)) > 0) reversal = true;
      events.push({
        id: runs.ids[p]!, row: i, position: i - s + 1, time: time[i]!, preTime: time[i - 1]!, pre, post, magnitude: change, relative: change / pre,
        meanPre, meanPost, nPre, nPost, pooledSd: evaluable3 ? pooledSd : NaN, critical, reversal, around: scoresAround(score, s, e, i, 3, 3),
      });
    }
  }
  return { events, intervals: { crit1: flag1, crit2: flag2, crit3: flag3, event }, nTested };
}

const optionsArb = fc.record({
  direction: fc.constantFrom('decrease' as const, 'increase' as const),
  crit1: fc.constantFrom(null, 0.5, 1.23456789),
  crit2: fc.constantFrom(null, 0.25),
  crit3: fc.boolean(),
  crit3Adjust: fc.boolean(),
  crit3Critical: fc.constantFrom(2.776, 1.5),
  select: fc.constantFrom('largest' as const, 'smallest' as const, 'first' as const, 'last' as const),
  edgeIntervals: fc.boolean(),
});

/** Scores with full double mantissas (not just a 1e-4 grid), about one in five missing. */
const roughArb = fc.array(fc.array(fc.option(fc.double({ min: -50, max: 50, noNaN: true }), { freq: 4, nil: null }), { minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 5 });

describe('suddenGains equals the per-interval window recomputation', () => {
  for (const [name, arb] of [['grid scores', patientsArb], ['full-precision scores', roughArb]] as const) {
    it(`flags, events and counts on random series (${name})`, () => {
      fc.assert(
        fc.property(arb, optionsArb, (patients, o) => {
          fc.pre(o.crit1 !== null || o.crit2 !== null || o.crit3);
          const s = build(patients);
          const got = suddenGains(s, o);
          const want = reference(s, o);
          expect(got.intervals).toEqual(want.intervals);
          expect(got.events).toEqual(want.events);
          expect(got.patients.nTested).toEqual(want.nTested);
        }),
        { numRuns: 1500 },
      );
    });
  }
});
