// A factor with one level among the rows a mixed model uses codes to no column under treatment
// contrasts, so its terms vanished without a word: `y ~ x + k + (1 | g)` with k = 'a' in every
// complete row gave exactly the fit of `y ~ x + (1 | g)` while echoing the formula (found by a
// cross-check against lme4, whose model.matrix stops with "contrasts can be applied only to
// factors with 2 or more levels"). Expected: a StatInputError naming the factor and its level,
// for fixed and random-slope terms alike, and no change when the factor keeps two levels.
import { describe, expect, it } from 'vitest';
import { buildModel, lmm } from '../../../src/stats/mixed/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

// the cross-check's data: level 'b' only in the last row, whose response is missing
const data = (lastY: number) => ({
  numeric: { x: [1, 2, 3, 1, 2, 3, 1, 2, 3, 4], y: [2.1, 2.9, 4.2, 1.5, 2.7, 3.1, 2.6, 3.8, 4.4, lastY] },
  factor: { k: { codes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], levels: ['a', 'b'] }, g: { codes: [0, 0, 0, 1, 1, 1, 2, 2, 2, 2], levels: ['g1', 'g2', 'g3'] } },
});

describe('buildModel refuses a factor with a single level among the complete rows', () => {
  it.each(['y ~ x + k + (1 | g)', 'y ~ x * k + (1 | g)', 'y ~ x + (k | g)'])('%s', (formula) => {
    expect(() => buildModel(formula, data(NaN))).toThrow(StatInputError);
    expect(() => buildModel(formula, data(NaN))).toThrow("factor 'k' has a single level ('a') among the 9 complete rows; a model term needs at least 2 levels (drop 'k' from the formula)");
  });

  it('a grouping factor is not a model term: (1 | g) with three levels still fits', () => {
    expect(buildModel('y ~ x + (1 | g)', data(NaN)).fixedNames).toEqual(['(Intercept)', 'x']);
  });

  it('with the row of level b complete, k keeps its coefficient (control)', () => {
    const fit = lmm(buildModel('y ~ x + k + (1 | g)', data(5)));
    expect(Object.keys(fit.fixed)).toEqual(['(Intercept)', 'x', 'kb']);
  });
});
