// withinBetweenRuns (rows grouped by subject, given as run starts) against two references:
// - R: test/fixtures/correlation/correlation.R → correlation.json, whose subjects are contiguous:
//   lm(y ~ factor(subject) + x) with drop1() and psych::r.con(r, df + 2) for rmcorr, and
//   psych::statsBy(data.frame(g, x, y), 'g', method = 'pearson'); tolerance 1e-8 relative;
// - the slow exact path it replaces in the within-patient stage, rmcorr(subject, x, y) followed by
//   statsByWithinBetween(subject, x, y) with one code per run: equal bit for bit (the same
//   numbers, keys in the same order) and the same error, first check first.
import { describe, expect, it } from 'vitest';
import { groupIndex, groupMeans, rmcorr, statsByWithinBetween, withinBetweenRuns } from '../../../src/stats/correlation/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';
import { fixture, near } from './fixture.ts';

const REL = 1e-8;

/** Run starts of a code column that is already grouped. */
function startsOf(codes: ArrayLike<number>): number[] {
  const s = [0];
  for (let i = 1; i < codes.length; i++) if (codes[i] !== codes[i - 1]) s.push(i);
  s.push(codes.length);
  return s;
}

/** One code per run (7, 10, 13, … so that they are not the run numbers themselves). */
function codesOf(start: ArrayLike<number>): Int32Array {
  const g = new Int32Array(start[start.length - 1]);
  for (let k = 0; k + 1 < start.length; k++) g.fill(7 + 3 * k, start[k], start[k + 1]);
  return g;
}

function oldPath(start: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, level?: number) {
  const g = codesOf(start);
  return { rmcorr: rmcorr(g, x, y, { level }), statsBy: statsByWithinBetween(g, x, y, { level }) };
}

/** The message the old path throws (it must throw). */
function oldError(start: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>): string {
  try {
    oldPath(start, x, y);
  } catch (e) {
    expect(e).toBeInstanceOf(StatInputError);
    return (e as Error).message;
  }
  throw new Error('the old path did not throw');
}

/** Seeded session-like data: subjects of 1–`maxSize` rows, integer or real scores with a subject effect. */
function simulate(seed: number, subjects: number, maxSize: number, integer: boolean) {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const start = [0];
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < subjects; k++) {
    const size = 1 + Math.floor(u() * maxSize);
    const bx = u() * 30;
    const by = u() * 10;
    for (let i = 0; i < size; i++) {
      const xi = bx + u() * 20;
      const yi = by + 0.3 * xi + u() * 8;
      x.push(integer ? Math.round(xi) : xi);
      y.push(integer ? Math.round(yi) : yi);
    }
    start.push(x.length);
  }
  return { start: Int32Array.from(start), x: Float64Array.from(x), y: Float64Array.from(y) };
}

describe('withinBetweenRuns matches R (rmcorr by lm, psych::statsBy)', () => {
  const d = fixture.rmcorr.data;
  const start = startsOf(d.subject);
  // [what we give, what R gave] for each case of the fixture
  const checks = [
    ...fixture.rmcorr.cases.map((c: Record<string, number & number[]>) => ({
      call: c.call,
      pairs: () => {
        const r = withinBetweenRuns(start, d.x, d.y, { level: c.level }).rmcorr;
        return [[r.r, c.r], [r.p, c.p], [r.slope, c.slope], [r.ciLower, c.ci[0]], [r.ciUpper, c.ci[1]], [r.df, c.df], [r.subjects, 14]];
      },
    })),
    ...fixture.statsBy
      .filter((c: { method: string }) => c.method === 'pearson')
      .map((c: Record<string, number & number[]>) => ({
        call: c.call,
        pairs: () => {
          const { n, groups, within: w, between: b } = withinBetweenRuns(start, d.x, d.y, { level: c.level }).statsBy;
          const ci = [w.ciLower, w.ciUpper, b.ciLower, b.ciUpper];
          const rCi = [...c.ciWg, ...c.ciBg];
          return [[n, c.N], [groups, c.nG], [w.r, c.rwg], [w.p, c.pwg], [b.r, c.rbg], [b.p, c.pbg], ...ci.map((v, i) => [v, rCi[i]])];
        },
      })),
  ];
  for (const { call, pairs } of checks) {
    it(call, () => {
      for (const [got, want] of pairs()) near(got, want, REL);
    });
  }
});

describe('withinBetweenRuns equals rmcorr + statsByWithinBetween bit for bit', () => {
  const cases = [
    { what: 'the R fixture', ...{ start: startsOf(fixture.rmcorr.data.subject), x: fixture.rmcorr.data.x, y: fixture.rmcorr.data.y } },
    { what: 'integer scores, 1–20 rows per subject', ...simulate(11, 400, 20, true) },
    { what: 'real scores, 1–3 rows per subject', ...simulate(12, 900, 3, false) },
    { what: 'real scores, 1–60 rows per subject', ...simulate(13, 60, 60, false) },
  ];
  for (const c of cases) {
    it(c.what, () => {
      for (const level of [0.95, 0.8]) {
        const got = withinBetweenRuns(c.start, c.x, c.y, { level });
        const want = oldPath(c.start, c.x, c.y, level);
        expect(JSON.stringify(got.rmcorr)).toBe(JSON.stringify(want.rmcorr));
        expect(JSON.stringify(got.statsBy)).toBe(JSON.stringify(want.statsBy));
        expect(got.rmcorr).toStrictEqual(want.rmcorr);
        expect(got.statsBy).toStrictEqual(want.statsBy);
      }
      const g = groupIndex(codesOf(c.start));
      const got = withinBetweenRuns(c.start, c.x, c.y);
      expect(got.meanX).toStrictEqual(groupMeans(g, c.x));
      expect(got.meanY).toStrictEqual(groupMeans(g, c.y));
    });
  }
});

// The fixture's x and y multiplied by 2^kx and 2^ky (exact): the correlations, tests and intervals
// do not depend on scale, the slope scales by 2^(ky − kx) and the subject means by 2^kx, so the
// reference is R on the unscaled data (same tolerance). Far from unit scale the sums of squares
// left the double range: at 2^-560 (about 1e-169) the squares underflowed (r drifted or x was
// said not to vary), at 2^560 they overflowed.
describe('withinBetweenRuns, rmcorr and statsByWithinBetween at any scale', () => {
  const d = fixture.rmcorr.data;
  const start = startsOf(d.subject);
  const rm = fixture.rmcorr.cases[0];
  const sb = fixture.statsBy.find((c: { method: string }) => c.method === 'pearson');
  const times = (v: number[], k: number) => v.map((a) => a * 2 ** (k / 2) * 2 ** (k / 2));
  const unit = withinBetweenRuns(start, d.x, d.y);
  it.each([
    [-1000, -560],
    [-560, 0],
    [0, 560],
    [560, 660],
    [660, -1000],
    [-240, 240],
  ])('x × 2^%i, y × 2^%i', (kx, ky) => {
    const x = times(d.x, kx);
    const y = times(d.y, ky);
    const slope = rm.slope * 2 ** ((ky - kx) / 2) * 2 ** ((ky - kx) / 2);
    const runs = withinBetweenRuns(start, x, y, { level: rm.level });
    const kernel = rmcorr(d.subject, x, y, { level: rm.level });
    for (const r of [runs.rmcorr, kernel]) {
      for (const [got, want] of [[r.r, rm.r], [r.p, rm.p], [r.ciLower, rm.ci[0]], [r.ciUpper, rm.ci[1]], [r.slope, slope]]) near(got, want, REL);
    }
    for (const s of [withinBetweenRuns(start, x, y, { level: sb.level }).statsBy, statsByWithinBetween(d.subject, x, y, { level: sb.level })]) {
      for (const [got, want] of [[s.within.r, sb.rwg], [s.within.p, sb.pwg], [s.between.r, sb.rbg], [s.between.p, sb.pbg], [s.within.ciLower, sb.ciWg[0]], [s.between.ciUpper, sb.ciBg[1]]]) near(got, want, REL);
    }
    // the subject means, brought back to the values' scale: those of the unscaled data × 2^k
    expect(Array.from(runs.meanX)).toEqual(times(Array.from(unit.meanX), kx));
    expect(Array.from(runs.meanY)).toEqual(times(Array.from(unit.meanY), ky));
  });
});

describe('withinBetweenRuns throws what the old path throws, first check first', () => {
  const ok = { start: [0, 2, 4, 6, 8], x: [1, 2, 3, 5, 4, 7, 8, 9], y: [2, 3, 2, 5, 6, 6, 9, 8] };
  const cases: { what: string; start: number[]; x: number[]; y: number[] }[] = [
    { what: 'fewer than 4 rows', start: [0, 1, 3], x: [1, 2, 3], y: [3, 1, 2] },
    { what: 'x and y of different lengths', start: [0, 4], x: [1, 2, 3, 4], y: [1, 2, 3] },
    { what: 'a NaN in x', ...ok, x: [1, 2, 3, Number.NaN, 4, 7, 8, 9] },
    { what: 'an Infinity in y (and a later NaN in x)', ...ok, y: [2, 3, 2, 5, Number.POSITIVE_INFINITY, 6, 9, 8], x: [1, 2, 3, 5, 4, 7, 8, Number.NaN] },
    { what: '+Infinity and −Infinity in one subject', ...ok, x: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3, 5, 4, 7, 8, 9] },
    { what: 'N − k − 2 < 1', start: [0, 2, 4, 5], x: [1, 2, 3, 5, 4], y: [2, 3, 2, 5, 6] },
    { what: 'x constant within every subject', ...ok, x: [1, 1, 3, 3, 4, 4, 8, 8] },
    // R: psych::statsBy → rwg NA; lm(y ~ factor(g) + x) → x NA (the plain means of 2.8, 2.8, 2.8 and
    // 1.4, 1.4, 1.4 are off by an ulp, which gave rwg = −0.111, p = .70)
    { what: 'x constant (decimals) within every subject', start: [0, 3, 6, 9, 12, 15], x: [2.8, 2.8, 2.8, 1.5, 1.5, 1.5, 1.4, 1.4, 1.4, 2, 2, 2, 2.3, 2.3, 2.3], y: [1, 4, 1, 3, 4, 5, 1, 3, 1, 3, 3, 3, 2, 4, 1] },
    { what: 'fewer than 4 subjects', start: [0, 3, 6, 9], x: [1, 2, 3, 5, 4, 7, 8, 9, 7], y: [2, 3, 2, 5, 6, 6, 9, 8, 9] },
    { what: 'the same mean x in every subject', ...ok, x: [1, 3, 3, 1, 2, 2, 0, 4] },
    // finite values whose sum overflows: not the non-finite-value error, but the old path's own
    { what: 'a subject whose x sum overflows', ...ok, x: [1e308, 1e308, 3, 5, 4, 7, 8, 9] },
  ];
  for (const c of cases) {
    it(c.what, () => {
      expect(() => withinBetweenRuns(c.start, c.x, c.y)).toThrow(oldError(c.start, c.x, c.y));
    });
  }

  it('rejects run starts that do not cover the rows or are not increasing', () => {
    for (const start of [[1, 4, 8], [0, 4, 7], [0, 4, 4, 8], [0, 5, 4, 8], [0], []]) {
      expect(() => withinBetweenRuns(start, ok.x, ok.y)).toThrow(/withinBetweenRuns: (start must run|run \d+ is empty)/);
    }
  });
});
