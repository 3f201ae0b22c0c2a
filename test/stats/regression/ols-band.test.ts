// olsBand against R: x <- c(1,2,3,4,6); y <- c(2,4,5,8,9.5)
// predict(lm(y ~ x), newdata = data.frame(x = c(1, 3.5, 6)), interval = "confidence") with qt(0.975, 3).
// Tolerance 1e-12 relative (closed form).
import { readFileSync } from 'node:fs';
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

// Far from unit scale: test/fixtures/ols-band/ols-band-scale.R (R 4.x), predict(lm(y ~ x), grid,
// interval = "confidence") on the unscaled data times the power of two the data were scaled by, and
// one case offset from zero (x near 1e5, y near 1e6) predicted by lm directly. Tolerance 1e-10
// relative (the offset case carries lm's own QR rounding at a condition of about 1e5).
interface ScaleCase { name: string; x: number[]; y: number[]; tcrit: number; grid: number[]; fit: number[]; lower: number[]; upper: number[] }
const scaleFixture = JSON.parse(readFileSync(new URL('../../fixtures/ols-band/ols-band-scale.json', import.meta.url), 'utf8')) as { steps: number; cases: ScaleCase[] };

describe('olsBand far from unit scale', () => {
  for (const c of scaleFixture.cases) {
    it(`matches R for ${c.name}`, () => {
      const band = olsBand(c.x, c.y, c.tcrit, scaleFixture.steps);
      expect(band).toHaveLength(scaleFixture.steps + 1);
      band.forEach((b, i) => {
        expect(Math.abs(b.x - c.grid[i])).toBeLessThanOrEqual(1e-14 * Math.abs(c.grid[i]));
        for (const [got, want] of [[b.fit, c.fit[i]], [b.lower, c.lower[i]], [b.upper, c.upper[i]]]) {
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want));
        }
      });
    });
  }
});
