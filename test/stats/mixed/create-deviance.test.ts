import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/stats/mixed/index.ts';
import { createDeviance } from '../../../src/stats/mixed/create-deviance.ts';
import { levelPatterns } from '../../../src/stats/mixed/level-patterns.ts';
import { createRng } from '../../../src/stats/random/index.ts';
import { fixture, fixtureData } from './fixture.ts';

// The profiled deviance at lme4's θ̂ must be lme4's criterion whether the levels are pooled by
// Z_g'Z_g or factored one by one. Expected values: REMLcrit(fit) / deviance(fit) and
// getME(fit, "theta") of test/fixtures/mixed/lme4.R.
describe('createDeviance at lme4 θ̂ equals REMLcrit(fit) / deviance(fit)', () => {
  for (const R of fixture.fits) {
    const model = buildModel(R.formula, fixtureData(R.data));
    const theta = Array.isArray(R.theta) ? R.theta : [R.theta];
    for (const pool of [true, false]) {
      it(`${R.name}: ${R.formula}, pool = ${pool}, within 1e-9 relative`, () => {
        const dev = createDeviance(model, { pool });
        const d = dev.deviance(theta, R.REML);
        expect(Math.abs(d - R.REMLcriterion) / Math.abs(R.REMLcriterion)).toBeLessThan(1e-9);
        // conditional modes at θ̂ against ranef(fit), scaled by the largest |mode| (lmm.test.ts uses 1e-4 at our own θ̂)
        const modes = dev.modes(theta);
        dev.blocks.forEach((blk, b) => {
          const want = R.ranef[blk.groupLabel].values.flat();
          const scale = Math.max(...want.map(Math.abs), 1e-8);
          want.forEach((v, k) => expect(Math.abs(modes[b][k] - v) / scale).toBeLessThan(1e-6));
        });
      });
    }
  }
});

describe('levelPatterns', () => {
  it('pools per-level sums exactly over levels with equal Z_g\'Z_g (brute-force sums over the levels)', () => {
    const rng = createRng(7);
    const G = 400;
    const q = 2;
    const p = 3;
    const ztz = new Float64Array(G * q * q);
    const ztx = Float64Array.from({ length: G * q * p }, () => rng.normal());
    const zty = Float64Array.from({ length: G * q }, () => rng.normal());
    const kind = Int32Array.from({ length: G }, () => rng.int(5));
    for (let g = 0; g < G; g++) {
      const n = 1 + kind[g];
      ztz.set([n, (n * (n + 1)) / 2, (n * (n + 1)) / 2, (n * (n + 1) * (2 * n + 1)) / 6], g * 4);
    }
    const P = levelPatterns(ztz, ztx, zty, G, q, p)!;
    expect(P.nPatterns).toBe(new Set(kind).size);
    expect(P.count.reduce((a, b) => a + b, 0)).toBe(G);
    const nab = (p * (p + 1)) / 2;
    for (let t = 0; t < P.nPatterns; t++) {
      const members = [...Array(G).keys()].filter((g) => ztz[g * 4] === P.ztz[t * 4]);
      expect(members.length).toBe(P.count[t]);
      // pair (1, 0), entry (a, b) = (2, 1): Σ x_g1[2]·x_g0[1] + x_g0[2]·x_g1[1]
      const ab = 4;
      const want = members.reduce((s, g) => s + ztx[g * 6 + 3 + 2] * ztx[g * 6 + 1] + ztx[g * 6 + 2] * ztx[g * 6 + 3 + 1], 0);
      expect(P.sxx[(1 * nab + ab) * P.nPatterns + t]).toBeCloseTo(want, 10);
      const wantY = members.reduce((s, g) => s + zty[g * 2 + 1] * zty[g * 2 + 1], 0);
      expect(P.syy[2 * P.nPatterns + t]).toBeCloseTo(wantY, 10);
    }
  });

  it('returns null when every level has its own Z_g\'Z_g', () => {
    const G = 50;
    const ztz = Float64Array.from({ length: G }, (_, g) => g + 1);
    expect(levelPatterns(ztz, new Float64Array(G), new Float64Array(G), G, 1, 1)).toBeNull();
  });
});

describe('createDeviance: pooled and per-level factorisations agree for three random effects per level', () => {
  it('sleepstudy with (Days + Days² | Subject) at an arbitrary θ, within 1e-12 relative', () => {
    const data = fixtureData('sleepstudy');
    const days = data.numeric!.Days as Float64Array;
    const model = buildModel('Reaction ~ Days + (Days + Days2 | Subject)', { ...data, numeric: { ...data.numeric!, Days2: days.map((d) => d * d) } });
    const theta = [0.9, 0.05, -0.01, 0.2, 0.02, 0.03];
    for (const reml of [true, false]) {
      const a = createDeviance(model, { pool: true }).deviance(theta, reml);
      const b = createDeviance(model, { pool: false }).deviance(theta, reml);
      expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-12);
    }
  });
});

describe('createDeviance: invariant to the order of the rows', () => {
  it('6,000 simulated patients, rows in session order and shuffled: same REML criterion and ranef within 1e-10', () => {
    const rng = createRng(20261122);
    const G = 6000;
    const pat: number[] = [];
    const ses: number[] = [];
    const y: number[] = [];
    for (let g = 0; g < G; g++) {
      const u0 = rng.normal() * 2;
      const u1 = rng.normal() * 0.3;
      const m = 2 + rng.int(8);
      for (let s = 1; s <= m; s++) {
        if (rng.uniform() < 0.1) continue;
        pat.push(g);
        ses.push(s);
        y.push(40 + u0 + (0.5 + u1) * s + rng.normal() * 3);
      }
    }
    const n = y.length;
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const levels = Array.from({ length: G }, (_, g) => `P${String(g).padStart(5, '0')}`);
    const make = (idx: ArrayLike<number>) =>
      buildModel('y ~ session + (session | patient)', {
        numeric: { y: Float64Array.from(idx, (i) => y[i]), session: Float64Array.from(idx, (i) => ses[i]) },
        factor: { patient: { codes: Int32Array.from(idx, (i) => pat[i]), levels } },
      });
    const sorted = createDeviance(make(perm.map((_, i) => i)));
    const shuffled = createDeviance(make(perm));
    const theta = [0.7, 0.02, 0.1];
    for (const reml of [true, false]) {
      const a = sorted.deviance(theta, reml);
      const b = shuffled.deviance(theta, reml);
      expect(Math.abs(a - b) / Math.abs(a)).toBeLessThan(1e-10);
    }
    const ma = sorted.modes(theta)[0];
    const mb = shuffled.modes(theta)[0];
    let worst = 0;
    for (let k = 0; k < ma.length; k++) worst = Math.max(worst, Math.abs(ma[k] - mb[k]));
    expect(worst).toBeLessThan(1e-10);
  });
});

describe('createDeviance: rows sorted by level (per-level sums in one pass) against shuffled rows (bucketed sums)', () => {
  // Reference: the same data in a random row order, which takes the general bucketed path, factored
  // level by level (pool: false); only the order of the sums differs, so the criteria agree to
  // rounding (1e-10 relative).
  const rng = createRng(99);
  const G = 3000;
  const pat: number[] = [];
  const ses: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (let g = 0; g < G; g++) {
    const u0 = rng.normal() * 2;
    const u1 = rng.normal() * 0.4;
    const m = 1 + rng.int(9);
    // sessions from 0, so the slope column of Z has zeros
    for (let s = 0; s < m; s++) {
      pat.push(g);
      ses.push(s);
      const xi = rng.normal();
      x.push(xi);
      y.push(10 + u0 + (0.3 + u1) * s - 0.8 * xi + rng.normal());
    }
  }
  const n = y.length;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const levels = Array.from({ length: G }, (_, g) => `g${String(g).padStart(4, '0')}`);
  const make = (formula: string, idx: ArrayLike<number>) =>
    buildModel(formula, {
      numeric: { y: Float64Array.from(idx, (i) => y[i]), s: Float64Array.from(idx, (i) => ses[i]), x: Float64Array.from(idx, (i) => x[i]) },
      factor: { g: { codes: Int32Array.from(idx, (i) => pat[i]), levels } },
    });
  const cases: [string, number[]][] = [
    ['y ~ s + x + (1 | g)', [0.9]],
    ['y ~ 1 + (1 | g)', [0.9]],
    ['y ~ s + (s | g)', [0.8, 0.05, 0.3]],
    ['y ~ s + x + (s | g)', [0.8, 0.05, 0.3]],
  ];
  for (const [formula, theta] of cases)
    for (const pool of [true, false])
      it(`${formula}, pool = ${pool}: REML and ML criteria and conditional modes within 1e-10`, () => {
        const shuffled = createDeviance(make(formula, perm), { pool: false });
        // sorted, and sorted but for the first row moved to the end (found out of order only after
        // every level's sums were stored)
        const inOrder = perm.map((_, i) => i);
        const lastOut = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
        // REML and ML criteria, then the modes over the largest |mode|; compared relative to max(1, |reference|)
        const summary = (d: ReturnType<typeof createDeviance>) => {
          const modes = Array.from(d.modes(theta)[0]);
          const scale = Math.max(...modes.map(Math.abs));
          return [d.deviance(theta, true), d.deviance(theta, false), ...modes.map((m) => m / scale)];
        };
        const want = summary(shuffled);
        for (const idx of [inOrder, lastOut]) {
          const got = summary(createDeviance(make(formula, idx), { pool }));
          expect(got.length).toBe(want.length);
          got.forEach((v, k) => expect(Math.abs(v - want[k]) / Math.max(1, Math.abs(want[k]))).toBeLessThan(1e-10));
        }
      });
});
