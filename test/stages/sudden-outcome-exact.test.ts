// compareOutcome reuses the all-groups Welch ANOVA for the pair when the pair's two groups are the
// only usable ones, and computes Hedges' g from rangeMean/rangeVariance without hedgesG's repeated
// mean and finiteness passes. The reference is the direct path: welchAnova on each pair's values
// stacked with codes 0 and 1, and hedgesG(x, y, level). Exact equality (Object.is), on groups
// both below and above 4096 values (rangeVariance's two regimes). R agreement: sudden-outcome.test.ts.
import { describe, expect, it } from 'vitest';
import { compareOutcome } from '../../src/stages/sudden.ts';
import { hedgesG, welchAnova } from '../../src/stats/compare/index.ts';

/** Deterministic pseudo-random values (a linear congruential generator), with a few NaN and a group per value. */
function data(n: number, groups: number, seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const y = new Float64Array(n);
  const g = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = Math.floor(next() * (groups + 1)) - 1; // −1: left out
    y[i] = next() < 0.03 ? NaN : Math.round((next() * 20 + g[i]! * 1.7) * 1e6) / 1e6 + next() / 3;
  }
  return { y, g };
}

function values(y: Float64Array, g: Int8Array, k: number): Float64Array {
  return Float64Array.from(Array.from(y).filter((v, i) => g[i] === k && !Number.isNaN(v)));
}

function stacked(x: Float64Array, z: Float64Array): [Float64Array, Int32Array] {
  return [Float64Array.from([...x, ...z]), Int32Array.from([...x.map(() => 0), ...z.map(() => 1)])];
}

describe('compareOutcome equals welchAnova and hedgesG run on each pair', () => {
  for (const [n, groups, pairs, seed] of [
    [300, 2, [[0, 1]], 7],
    [30000, 2, [[0, 1]], 11],
    [30000, 2, [[1, 0]], 13],
    [20000, 3, [[1, 0], [2, 0], [1, 2]], 17],
  ] as [number, number, [number, number][], number][]) {
    it(`${n} values, ${groups} groups, pairs ${JSON.stringify(pairs)}`, () => {
      const { y, g } = data(n, groups, seed);
      const labels = Array.from({ length: groups }, (_, k) => `g${k}`);
      const c = compareOutcome('y', y, g, labels, pairs, 0.9);
      pairs.forEach(([a, b], k) => {
        const x = values(y, g, a);
        const z = values(y, g, b);
        const w = welchAnova(...stacked(x, z)).welch;
        const h = hedgesG(x, z, 0.9);
        const p = c.pairs[k]!;
        expect([p.t, p.df, p.p, p.g, p.gLower, p.gUpper]).toEqual([(c.groups[a]!.mean! >= c.groups[b]!.mean! ? 1 : -1) * Math.sqrt(w.F), w.df2, w.p, h.g, h.ciLower, h.ciUpper]);
      });
      const all = welchAnova(...stackAll(y, g, groups)).welch;
      expect(c.welch).toEqual({ F: all.F, df1: all.df1, df2: all.df2, p: all.p });
    });
  }
});

/** Every group's values, group by group, each with its group code: the all-groups ANOVA's input. */
function stackAll(y: Float64Array, g: Int8Array, groups: number): [Float64Array, Int32Array] {
  const v: number[] = [];
  const code: number[] = [];
  for (let k = 0; k < groups; k++) for (const x of values(y, g, k)) (v.push(x), code.push(k));
  return [Float64Array.from(v), Int32Array.from(code)];
}
