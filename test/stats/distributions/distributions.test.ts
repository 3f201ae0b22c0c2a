// Reference values printed by R 4.x with sprintf("%.17g", ...); the calls are named per case.
import { describe, expect, it } from 'vitest';
import { pchisq, pf, pnorm, pt, ptTwoSided, qchisq, qf, qnorm, qt } from '../../../src/stats/distributions/index.ts';

const REL = 1e-12;
const close = (got: number, want: number, rel = REL) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-300);

describe('distribution functions match R', () => {
  it.each([
    ['pt(-2.5, 7)', () => pt(-2.5, 7), 0.020496109292876437],
    ['qt(0.975, 13)', () => qt(0.975, 13), 2.1603686564627917],
    ['pnorm(-3.1)', () => pnorm(-3.1), 0.00096760321321835631],
    ['qnorm(0.999)', () => qnorm(0.999), 3.0902323061678132],
    ['pchisq(38.16, 15, lower.tail = FALSE)', () => pchisq(38.16, 15, false), 0.00085444383444414961],
    ['qchisq(0.95, 4)', () => qchisq(0.95, 4), 9.487729036781154],
    ['pf(4.2, 3, 27, lower.tail = FALSE)', () => pf(4.2, 3, 27, false), 0.014603732416627338],
    ['qf(0.9, 2, 10)', () => qf(0.9, 2, 10), 2.9244659623055669],
    ['pchisq(120, 2, lower.tail = FALSE)', () => pchisq(120, 2, false), 8.75651076269652e-27],
    ['2 * pt(-12, 30)', () => ptTwoSided(12, 30), 5.5801854151992606e-13],
    ['pt(1.5, 2.5)', () => pt(1.5, 2.5), 0.8760817734568519],
  ])('%s', (_call, f, want) => {
    close(f(), want, 1e-10);
  });

  it('upper tails are complements of lower tails', () => {
    close(pt(1.3, 9, false) + pt(1.3, 9), 1, 1e-15);
    close(pf(2, 4, 40) + pf(2, 4, 40, false), 1, 1e-14);
    close(pchisq(7, 3) + pchisq(7, 3, false), 1, 1e-14);
  });
});
