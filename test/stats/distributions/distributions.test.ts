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

  // R 4.x: pf(...) outside its domain is NaN with a warning; an infinite df is R's limit. A p-value
  // of an F test on 0 denominator df (metafor's QMp for k = p under test "t") is NA in R, and was 1 here.
  it.each([
    ['pf(3, 1, 0)', () => pf(3, 1, 0), Number.NaN],
    ['pf(3, 1, 0, lower.tail = FALSE)', () => pf(3, 1, 0, false), Number.NaN],
    ['pf(3, 0, 5)', () => pf(3, 0, 5), Number.NaN],
    ['pf(0, 1, 0, lower.tail = FALSE)', () => pf(0, 1, 0, false), Number.NaN],
    ['pf(3, 1, -2)', () => pf(3, 1, -2), Number.NaN],
    ['pf(NaN, 1, 2)', () => pf(Number.NaN, 1, 2), Number.NaN],
    ['pf(3, Inf, 5)', () => pf(3, Infinity, 5), 0.89307214073595775],
    ['pf(3, Inf, 5, lower.tail = FALSE)', () => pf(3, Infinity, 5, false), 0.10692785926404227],
    ['pf(0.7, Inf, 12)', () => pf(0.7, Infinity, 12), 0.14430206625803826],
    ['pf(1, Inf, Inf)', () => pf(1, Infinity, Infinity), 0.5],
    ['pf(0.9, Inf, Inf)', () => pf(0.9, Infinity, Infinity), 0],
    ['pf(1.1, Inf, Inf, lower.tail = FALSE)', () => pf(1.1, Infinity, Infinity, false), 0],
    ['pf(Inf, 3, 4, lower.tail = FALSE)', () => pf(Infinity, 3, 4, false), 0],
    ['pf(3, 2, Inf)', () => pf(3, 2, Infinity), 0.95021293163213605],
  ])('%s (domain edges)', (_call, f, want) => {
    if (Number.isNaN(want)) expect(f()).toBeNaN();
    else close(f(), want, 1e-12);
  });

  it('upper tails are complements of lower tails', () => {
    close(pt(1.3, 9, false) + pt(1.3, 9), 1, 1e-15);
    close(pf(2, 4, 40) + pf(2, 4, 40, false), 1, 1e-14);
    close(pchisq(7, 3) + pchisq(7, 3, false), 1, 1e-14);
  });
});
