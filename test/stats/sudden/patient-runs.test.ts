// patientRuns: row ranges and the contiguity check, for codes in any order (the set of codes seen is
// only built once a code comes in below the largest so far). Expected ranges are read off the inputs.
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import { patientRuns } from '../../../src/stats/sudden/index.ts';

const s = (ids: number[]) => ({ ids, time: ids.map((_, i) => i), score: ids.map(() => 1) });

describe('patientRuns', () => {
  it('accepts contiguous runs whose codes fall and rise', () => {
    const r = patientRuns(s([3, 3, 1, 2, 2, 0]));
    expect(Array.from(r.ids)).toEqual([3, 1, 2, 0]);
    expect(Array.from(r.start)).toEqual([0, 2, 3, 5]);
    expect(Array.from(r.end)).toEqual([2, 3, 5, 6]);
  });
  it('rejects a code that comes back, before and after the codes stop increasing', () => {
    expect(() => patientRuns(s([1, 2, 1]))).toThrow(StatInputError);
    expect(() => patientRuns(s([5, 1, 5]))).toThrow(/rows of patient 5 are not contiguous \(row 2\)/);
    expect(() => patientRuns(s([5, 1, 7, 1]))).toThrow(/rows of patient 1 are not contiguous \(row 3\)/);
  });
  it('checks plain arrays as typed ones: non-integer codes, times, infinite scores', () => {
    expect(() => patientRuns(s([1, 1.5]))).toThrow(/not an integer: 1.5/);
    expect(() => patientRuns({ ids: [1, 1], time: [1, NaN], score: [1, 1] })).toThrow(/time at row 1 is not finite/);
    expect(() => patientRuns({ ids: [1, 1], time: [1, 2], score: [1, -Infinity] })).toThrow(/score at row 1 is infinite/);
    expect(() => patientRuns({ ids: [1, 1], time: [2, 2], score: [1, 1] })).toThrow(/does not increase at row 1/);
  });
});
