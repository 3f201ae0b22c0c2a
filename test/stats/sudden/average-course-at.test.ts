// averageCourseAt against the R package suddengains 0.7.2: the course fixture of
// test/fixtures/sudden/suddengains.json is colMeans(x, na.rm = TRUE), colSums(!is.na(x)) and
// apply(x, 2, sd, na.rm = TRUE) over create_bysg's sg_*_2n … sg_*_n3 (written by
// test/fixtures/sudden/suddengains.R). averageCourseAt reads the same scores from the series by
// event row; it must also equal averageCourse on the events' own `around` arrays bit for bit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { averageCourse, averageCourseAt, patientRuns, suddenGains, type SuddenGainsOptions } from '../../../src/stats/sudden/index.ts';

type Num = number | null;
interface Fixture {
  series: Record<string, { ids: number[]; time: number[]; score: Num[] }>;
  configs: {
    name: string;
    data: string;
    direction: 'decrease' | 'increase';
    crit1: number | null;
    crit1_rci?: { sd: number; reliability: number };
    crit2: number | null;
    crit3: boolean;
    crit3Adjust: boolean;
    crit3Alpha: number;
    crit3Critical: number;
    course: { mean: Num[]; n: number[]; sd: Num[] } | null;
    events: unknown[];
  }[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/sudden/suddengains.json', import.meta.url), 'utf8')) as Fixture;
const TOL = 1e-10;

describe('averageCourseAt', () => {
  // The cases the suddengains fixture test compares courses for: a course and the package's events.
  const cases = fixture.configs.flatMap((cf) => {
    const s = fixture.series[cf.data]!;
    const series = { ids: Int32Array.from(s.ids), time: Float64Array.from(s.time), score: Float64Array.from(s.score, (v) => (v === null ? NaN : v)) };
    const options: SuddenGainsOptions = { direction: cf.direction, crit1: cf.crit1_rci ?? cf.crit1, crit2: cf.crit2, crit3: cf.crit3, crit3Adjust: cf.crit3Adjust, crit3Alpha: cf.crit3Alpha, crit3Critical: cf.crit3Critical };
    const r = suddenGains(series, options);
    return cf.course && r.events.length === cf.events.length ? [{ cf, series, r }] : [];
  });
  it('has course fixtures to compare', () => expect(cases.length).toBeGreaterThan(3));
  for (const { cf, series, r } of cases) {
    it(`${cf.name}: the course of suddengains (colMeans / apply(sd) over create_bysg), read by row`, () => {
      const c = averageCourseAt(series, r.events.map((e) => e.row), 3, 3);
      expect(Array.from(c.offset)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
      cf.course!.n.forEach((v, k) => expect(c.n[k]).toBe(v));
      cf.course!.mean.forEach((v, k) => expect(Math.abs(c.mean[k]! - v!)).toBeLessThan(TOL));
      cf.course!.sd.forEach((v, k) => (v === null ? expect(c.sd[k]).toBeNaN() : expect(Math.abs(c.sd[k]! - v)).toBeLessThan(TOL)));
      expect(c).toEqual(averageCourse(r.events.map((e) => e.around), 3));
    });
  }

  it('stops at the patient’s run and the series ends (doc example)', () => {
    const s = { ids: Int32Array.of(1, 1, 2, 2), score: Float64Array.of(30, 20, 12, 10) };
    expect(Array.from(averageCourseAt(s, [1, 3], 1, 0).mean)).toEqual([21, 15]);
    const wide = averageCourseAt(s, [0, 2], 2, 2);
    expect(Array.from(wide.n)).toEqual([0, 0, 2, 2, 0]);
    expect(Array.from(wide.mean.slice(2, 4))).toEqual([21, 15]);
  });

  it('equals averageCourse on scoresAround windows for random series', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const ids: number[] = [];
    const score: number[] = [];
    for (let p = 0; p < 40; p++) for (let k = 0, T = 1 + Math.floor(rnd() * 9); k < T; k++) {
      ids.push(p);
      score.push(rnd() < 0.15 ? NaN : Math.round(rnd() * 400) / 7);
    }
    const s = { ids: Int32Array.from(ids), time: Float64Array.from(ids, (_, i) => i), score: Float64Array.from(score) };
    const runs = patientRuns(s);
    const rows = Array.from({ length: 60 }, () => Math.floor(rnd() * ids.length));
    const arounds = rows.map((row) => {
      const p = runs.ids.indexOf(ids[row]!);
      const out = new Float64Array(7).fill(NaN);
      for (let k = -3; k <= 3; k++) if (row + k >= runs.start[p]! && row + k < runs.end[p]!) out[k + 3] = score[row + k]!;
      return out;
    });
    expect(averageCourseAt(s, rows)).toEqual(averageCourse(arounds, 3));
  });

  it('rejects no events and rows outside the series', () => {
    const s = { ids: Int32Array.of(1, 1), score: Float64Array.of(1, 2) };
    expect(() => averageCourseAt(s, [])).toThrow(StatInputError);
    expect(() => averageCourseAt(s, [2])).toThrow(StatInputError);
    expect(() => averageCourseAt(s, [0.5])).toThrow(StatInputError);
    expect(() => averageCourseAt(s, [0], -1)).toThrow(StatInputError);
  });
});
