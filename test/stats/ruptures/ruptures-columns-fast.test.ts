// rupturesColumns keeps a small record per episode during its scan and fills the 18 episode
// columns once the count is known, and ruptureSeriesStats computes its sample SDs on first read
// (both for speed at 100,000 patients). The reference below is the straightforward form they
// replace: the scan writes every column of each episode as it finds it (growing them all), and the
// sample SDs are computed up front. On random series, with ties, missing scores, every threshold
// type, both references and directions, and more episodes than the scan's first record capacity
// (64), every number must be the same double (Object.is), -0 and NaN included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeMean } from '../../../src/stats/descriptive/range-mean.ts';
import { rangeVariance } from '../../../src/stats/descriptive/range-variance.ts';
import { ruptureSeriesStats, rupturesColumns, type RuptureRule, type RuptureSeriesStats } from '../../../src/stats/ruptures/index.ts';
import type { SessionSeries } from '../../../src/stats/sudden/patient-runs.ts';

/** The reference episode columns, written as the scan finds them. */
interface Columns {
  [field: string]: number[];
}

/** The sample SDs as ruptureSeriesStats computed them before they became lazy: all three, in one loop. */
function eagerSampleSds(s: SessionSeries, stats: RuptureSeriesStats): { scores: number; differences: number; first: number } {
  const y = s.score;
  const diffs: number[] = [];
  const firsts: number[] = [];
  let maxAbs = 0;
  const { start, end } = stats.runs;
  for (let p = 0; p < start.length; p++) {
    let n = 0;
    for (let i = start[p]!; i < end[p]!; i++) {
      const v = y[i]!;
      if (Number.isNaN(v)) continue;
      n++;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (n === 1) firsts.push(v);
      if (i > start[p]! && !Number.isNaN(y[i - 1]!)) diffs.push(v - y[i - 1]!);
    }
  }
  const sd = (x: ArrayLike<number>) => Math.sqrt(rangeVariance(x, 0, x.length));
  const dSd = sd(diffs);
  return { scores: sd(y), differences: dSd <= 64 * Number.EPSILON * maxAbs ? 0 : dSd, first: sd(firsts) };
}

/** The straightforward scan: `rupturesColumns`' rule, every column written at each episode. */
function referenceScan(s: SessionSeries, r: RuptureRule, threshold: Float64Array, stats: RuptureSeriesStats) {
  const sign = r.direction === 'increase' ? -1 : 1;
  const byMean = r.reference === 'mean';
  const window = r.window ?? 3;
  const tolerance = r.tolerance ?? 0;
  const strict = r.strict ?? null;
  const y = s.score;
  const ep: Columns = {};
  for (const k of ['id', 'row', 'position', 'time', 'pre', 'score', 'drop', 'threshold', 'depth', 'minPosition', 'declineLength', 'dipLength', 'repaired', 'repairPosition', 'repairTime', 'pattern', 'censored', 'strict']) ep[k] = [];
  const { ids, start, end } = stats.runs;
  const status: number[] = [];
  const strictStatus: number[] = [];
  for (let p = 0; p < ids.length; p++) {
    const a = start[p]!;
    const e = end[p]!;
    const theta = threshold[p]!;
    let st = 0;
    let sst = 0;
    if (!Number.isNaN(theta)) {
      const mean = byMean ? sign * rangeMean(y, a, e) : 0;
      let t = a + 1;
      while (t < e) {
        const prev = sign * y[t - 1]!;
        const cur = sign * y[t]!;
        const level = byMean ? mean : prev;
        const drop = level - cur;
        if (Number.isNaN(prev) || Number.isNaN(cur) || !(drop >= theta && drop > 0 && (!byMean || mean - prev < theta))) {
          t++;
          continue;
        }
        const last = Math.min(e - 1, t + window);
        let repairRow = -1;
        for (let u = t + 1; u <= last && repairRow < 0; u++) if (sign * y[u]! >= level - tolerance) repairRow = u;
        const repaired = repairRow >= 0;
        const spanEnd = repaired ? repairRow - 1 : last;
        let minRow = t;
        let lastObserved = t;
        for (let u = t + 1; u <= spanEnd; u++) {
          if (Number.isNaN(y[u]!)) continue;
          lastObserved = u;
          if (sign * y[u]! < sign * y[minRow]!) minRow = u;
        }
        const pattern = !repaired ? 3 : repairRow === t + 1 ? 0 : sign * y[lastObserved]! === sign * y[minRow]! ? 1 : 2;
        let censored = !repaired && t + window > e - 1;
        for (let u = t + 1; !repaired && u <= last; u++) if (Number.isNaN(y[u]!)) censored = true;
        const isStrict = strict !== null && drop >= strict * theta;
        const row: Record<string, number> = {
          id: ids[p]!, row: t, position: t - a + 1, time: s.time[t]!, pre: sign * level, score: y[t]!, drop, threshold: theta,
          depth: level - sign * y[minRow]!, minPosition: minRow - a + 1, declineLength: minRow - t + 1, dipLength: spanEnd - t + 1,
          repaired: repaired ? 1 : 0, repairPosition: repaired ? repairRow - a + 1 : -1, repairTime: repaired ? s.time[repairRow]! : NaN,
          pattern, censored: censored ? 1 : 0, strict: isStrict ? 1 : 0,
        };
        for (const k in row) ep[k]!.push(row[k]!);
        const code = repaired ? 1 : 2;
        st = Math.max(st, code);
        if (strict === null || isStrict) sst = Math.max(sst, code);
        t = repaired ? repairRow + 1 : last + 1;
      }
    }
    status.push(st);
    strictStatus.push(sst);
  }
  return { ep, status, strictStatus };
}

/** Same doubles, bit for bit: Object.is on every element (so -0 ≠ 0 and NaN = NaN). */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) expect.fail(`${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`);
}

/** 1–90 patients of 1–14 sessions: small integers (ties with integer and SD thresholds) or values on a 1e-3 grid, about one in six missing. */
const seriesArb = fc.oneof(fc.constant(1), fc.constant(1000)).chain((scale) =>
  fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 6 * scale }).map((v) => v / scale), { freq: 6, nil: null }), { minLength: 1, maxLength: 14, size: 'max' }), { minLength: 1, maxLength: 90, size: 'max' }),
);

function build(patients: (number | null)[][]): SessionSeries {
  const ids: number[] = [];
  const time: number[] = [];
  const score: number[] = [];
  patients.forEach((ys, p) => ys.forEach((v, k) => (ids.push(p + 1), time.push(k + 1), score.push(v ?? NaN))));
  return { ids: Int32Array.from(ids), time: Float64Array.from(time), score: Float64Array.from(score) };
}

const ruleArb: fc.Arbitrary<RuptureRule> = fc.record({
  threshold: fc.oneof(
    fc.record({ type: fc.constant('sd' as const), k: fc.constantFrom(0.5, 1, 2), sd: fc.constantFrom('own' as const, 'sample' as const, 'max' as const), sampleSdOf: fc.constantFrom('scores' as const, 'differences' as const) }),
    fc.record({ type: fc.constant('rci' as const), reliability: fc.constantFrom(0, 0.8), sd: fc.constantFrom('sample' as const, 'first' as const, 1.5) }),
    fc.record({ type: fc.constant('absolute' as const), value: fc.constantFrom(1, 2, 0.5) }),
  ),
  reference: fc.constantFrom('previous' as const, 'mean' as const),
  window: fc.integer({ min: 1, max: 6 }),
  tolerance: fc.constantFrom(0, 0.5),
  strict: fc.option(fc.constantFrom(1, 2), { nil: undefined }),
  direction: fc.constantFrom('decrease' as const, 'increase' as const),
});

describe('rupturesColumns and ruptureSeriesStats equal the straightforward computation bit for bit', () => {
  it('every episode column, patient status and sample SD, on random series and rules', () => {
    let grown = 0;
    fc.assert(
      fc.property(seriesArb, ruleArb, (patients, rule) => {
        const s = build(patients);
        const stats = ruptureSeriesStats(s);
        const sds = eagerSampleSds(s, stats);
        for (const k of ['scores', 'differences', 'first'] as const) if (!Object.is(stats.sd[k], sds[k])) expect.fail(`sd.${k}: ${stats.sd[k]} ≠ ${sds[k]}`);
        let got: ReturnType<typeof rupturesColumns>;
        try {
          got = rupturesColumns(s, rule, stats);
        } catch {
          return; // a sample SD below two values: the rule cannot apply (the reference is not asked)
        }
        const want = referenceScan(s, rule, got.patients.threshold, stats);
        const ep = got.episodes;
        expect(ep.count).toBe(want.ep.id!.length);
        if (ep.count > 64) grown++;
        for (const k of Object.keys(want.ep)) expectSame(ep[k as keyof typeof ep] as ArrayLike<number>, want.ep[k]!, k);
        expectSame(got.patients.status, want.status, 'status');
        expectSame(got.patients.strictStatus, want.strictStatus, 'strictStatus');
      }),
      { numRuns: 400, seed: 20261123 },
    );
    // the record store grew past its first capacity in some draws
    expect(grown).toBeGreaterThan(0);
  });
});
