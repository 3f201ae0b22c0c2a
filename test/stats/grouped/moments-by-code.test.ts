// momentsByCode: per code, the count, mean and SD equal the slow path they replace in the
// trajectories stage: the code's values gathered in row order (a plain filter) and measured by
// rangeMean and sqrt(rangeVariance) (R-exact: mean.test.ts / descriptive-as-r.test.ts; the stage test
// against R is test/stages/trajectories-moments-as-r.test.ts). Bit for bit (Object.is), on random
// unsorted codings with left-out rows (negative and NaN codes), codes without rows or values, and
// groups past 4096 values (rangeMean's and rangeVariance's long paths).
import { describe, expect, it } from 'vitest';
import { rangeMean, rangeVariance } from '../../../src/stats/descriptive/index.ts';
import { momentsByCode } from '../../../src/stats/grouped/index.ts';
import { createRng } from '../../../src/stats/random/index.ts';

/** The project's seeded generator's uniform draws, so a failure can be replayed. */
function uniform(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.uniform();
}

/** Prorated-looking scores (sums, sums · 12/11, sevenths) and some of any magnitude, with missing values: sums that depend on their order in the last bit. */
function score(u: () => number): number {
  const s = 12 + Math.floor(u() * 49);
  const r = u();
  return r < 0.1 ? NaN : r < 0.3 ? (s / 11) * 12 : r < 0.5 ? s / 7 : r < 0.7 ? u() * 10 ** (12 * u() - 6) : s;
}

function check(code: Float64Array, levels: number, xs: Float64Array[], label: string): void {
  const got = momentsByCode(code, levels, xs);
  expect(got.length).toBe(xs.length);
  xs.forEach((x, v) => {
    for (let c = 0; c < levels; c++) {
      const mine = Float64Array.from(x.filter((_, i) => code[i] === c));
      const n = mine.filter((y) => !Number.isNaN(y)).length;
      const mean = mine.length ? rangeMean(mine, 0, mine.length) : NaN;
      const sd = mine.length ? Math.sqrt(rangeVariance(mine, 0, mine.length, mean)) : NaN;
      const g = got[v]!;
      const same = g.n[c] === n && Object.is(g.mean[c], mean) && Object.is(g.sd[c], sd);
      expect(same, `${label}, variable ${v}, code ${c}: ${g.n[c]} ${g.mean[c]} ${g.sd[c]} vs ${n} ${mean} ${sd}`).toBe(true);
    }
  });
}

describe('momentsByCode', () => {
  it('equals rangeMean / rangeVariance over each code’s rows in row order, 150 random short codings', () => {
    const u = uniform(20261123);
    for (let trial = 0; trial < 150; trial++) {
      const levels = 1 + Math.floor(u() * 20);
      const rows = Math.floor(u() * 300);
      const code = Float64Array.from({ length: rows }, () => (u() < 0.1 ? (u() < 0.5 ? -1 : NaN) : Math.floor(u() * levels)));
      check(code, levels, [Float64Array.from({ length: rows }, () => score(u)), Float64Array.from({ length: rows }, () => (u() < 0.05 ? NaN : Math.floor(u() * 28)))], `trial ${trial}`);
    }
  });

  it('equals them on groups past 4096 values (the long paths), interleaved in row order', () => {
    const u = uniform(7);
    const rows = 80000;
    const code = Float64Array.from({ length: rows }, () => (u() < 0.05 ? -1 : Math.floor(u() * 12)));
    check(code, 13, [Float64Array.from({ length: rows }, () => score(u)), Float64Array.from({ length: rows }, () => u() * 10 ** (6 * u()))], 'long');
  });

  it('gives n = 0 and NaN for codes without rows or values, NaN SD for one value', () => {
    // R: mean(c(1, 2)) = 1.5, sd(c(1, 2)) = 0.70710678118654757; sd(5) = NA
    const got = momentsByCode(Float64Array.of(0, 2, 0, 3, -1), 4, [Float64Array.of(1, NaN, 2, 5, 9)])[0]!;
    expect([...got.n]).toEqual([2, 0, 0, 1]);
    expect([...got.mean]).toEqual([1.5, NaN, NaN, 5]);
    expect([...got.sd]).toEqual([Math.SQRT1_2, NaN, NaN, NaN]);
  });
});
