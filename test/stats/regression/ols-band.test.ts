// olsBand against R: x <- c(1,2,3,4,6); y <- c(2,4,5,8,9.5)
// predict(lm(y ~ x), newdata = data.frame(x = c(1, 3.5, 6)), interval = "confidence") with qt(0.975, 3).
// Tolerance 1e-12 relative (closed form).
import { describe, expect, it } from 'vitest';
import { olsBand } from '../../../src/stats/regression/index.ts';

const R = [
  [1, 2.31081081081081, 0.584130710338481, 4.03749091128314],
  [3.5, 6.16216216216216, 5.08243381808847, 7.24189050623586],
  [6, 10.0135135135135, 7.98173454596565, 12.0452924810614],
];

describe('olsBand', () => {
  it('matches predict(lm, interval = "confidence") on the grid from min to max', () => {
    const band = olsBand([1, 2, 3, 4, 6], [2, 4, 5, 8, 9.5], 3.1824463052837078, 2);
    expect(band).toHaveLength(3);
    band.forEach((b, i) => {
      const [x, fit, lower, upper] = R[i];
      expect(b.x).toBe(x);
      for (const [got, want] of [[b.fit, fit], [b.lower, lower], [b.upper, upper]]) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
    });
  });
});
