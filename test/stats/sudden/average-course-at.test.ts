// averageCourseAt on small series: run boundaries, and equality with averageCourse on the
// scoresAround windows of random series. Its agreement with suddengains' course (R) is tested in
// suddengains-fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { averageCourse, averageCourseAt, patientRuns } from '../../../src/stats/sudden/index.ts';

describe('averageCourseAt', () => {
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
