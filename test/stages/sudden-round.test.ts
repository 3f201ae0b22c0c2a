// The figure data of sudden and ruptures (average course around the events, rupture scores) are
// rounded with `round`, which used Math.round(x · 10^d) / 10^d: 15.0375 · 1000 is the tie 15037.5
// in floating point, so it gave 15.038 where R gives 15.037 (15.0375 is stored as 15.03749999…),
// found by QA cross-checking the course with R. Expected values: R 4.2.2,
//   cat(round(15.0375, 3), round(-15.0375, 3), round(0.125, 2), round(2.675, 2), round(1.0005, 3), round(-0.0004, 3))
//   15.037 -15.037 0.12 2.67 1 0
// exact to the last bit (the nearest double to each printed decimal).
import { describe, expect, it } from 'vitest';
import { round } from '../../src/stages/sudden.ts';

describe("sudden's round is R's round", () => {
  it.each([
    [15.0375, 3, 15.037],
    [-15.0375, 3, -15.037],
    [0.125, 2, 0.12],
    [2.675, 2, 2.67],
    [1.0005, 3, 1],
    [-0.0004, 3, 0],
    [3.14159, 0, 3],
  ])('round(%d, %d) = %d', (x, d, r) => {
    expect(round(x, d) === r).toBe(true);
  });

  it('non-finite values are NaN', () => {
    expect(round(Number.POSITIVE_INFINITY, 2)).toBeNaN();
    expect(round(Number.NaN, 2)).toBeNaN();
  });
});
