// Reference values: test/fixtures/correlation/correlation.R → correlation.json, section `bootstrap`:
// b <- boot::boot(d, function(d, i) cor(d$x[i], d$y[i], method), R); L <- (n - 1) * (mean(jack) - jack);
// boot::boot.ci(b, conf, type = c("perc", "bca"), L = L). Our interval code is fed R's replicates and
// compared at 1e-10 relative; the jackknife values are compared with R's leave-one-out cor() at 1e-10.
// Our own resampling (createRng) cannot reproduce R's draws, so bootstrapCorrelation is checked by
// properties: determinism by seed, BCa = percentile when z0 = a = 0, and coverage in simulation.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StatInputError } from '../../../src/stats/errors.ts';
import {
  bcaInterval,
  bootstrapCorrelation,
  jackknifeCorrelation,
  correlationStatistic,
  normalInterpolatedQuantile,
  percentileInterval,
  resampleStatistic,
  usesExtremeOrder,
} from '../../../src/stats/bootstrap/index.ts';
import { createRng } from '../../../src/stats/random/index.ts';
import { fixture, near } from '../correlation/fixture.ts';
import { drawResample } from './draw-resample.ts';

const REL = 1e-10;
const dataFor = (c: { method: string; t: number[] }) =>
  c.method === 'spearman' ? fixture.data.ties : c.method === 'kendall' ? fixture.data.small : fixture.data.mid;

describe('intervals equal boot::boot.ci on R’s replicates', () => {
  for (const c of fixture.bootstrap) {
    it(`${c.call}`, () => {
      const perc = percentileInterval(c.t, c.level);
      near(perc.lower, c.percentile[0], REL);
      near(perc.upper, c.percentile[1], REL);
      const bca = bcaInterval(c.t0, c.t, c.L, c.level);
      near(bca.lower, c.bca[0], REL);
      near(bca.upper, c.bca[1], REL);
      near(bca.z0, c.z0, REL);
      near(bca.acceleration, c.acceleration, REL);
    });

    it(`jackknife of ${c.method} equals R's leave-one-out cor()`, () => {
      const d = dataFor(c);
      const jack = jackknifeCorrelation(d.x, d.y, c.method);
      jack.forEach((v, i) => near(v, c.jack[i], REL));
    });
  }

  it('quantiles at the extremes use the smallest and largest replicate (boot:::norm.inter)', () => {
    const t = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    expect(normalInterpolatedQuantile(t, 0.05)).toBe(1);
    expect(normalInterpolatedQuantile(t, 0.999)).toBe(9);
    expect(normalInterpolatedQuantile(t, 0.5)).toBe(5);
  });
});

describe('resampleStatistic equals the statistic of the materialised resample', () => {
  const methods = ['pearson', 'spearman', 'kendall'] as const;
  it.each(methods)('%s on tied, small and n = 2000 data', (method) => {
    const rng = createRng(99);
    for (const name of ['ties', 'small', 'big', 'mid']) {
      const d = fixture.data[name];
      const n = d.x.length;
      const fromCounts = resampleStatistic(method, d.x, d.y);
      const direct = correlationStatistic(method);
      for (let rep = 0; rep < (n > 500 ? 3 : 30); rep++) {
        const { counts, bx, by } = drawResample(rng, d.x, d.y);
        near(fromCounts(counts), direct(bx, by), 1e-12, 1e-15);
      }
    }
  });

  it.each(methods)('%s gives NaN when a variable is constant in the resample', (method) => {
    const f = resampleStatistic(method, [1, 1, 2, 3, 4], [5, 6, 7, 8, 9]);
    expect(f(Int32Array.of(3, 2, 0, 0, 0))).toBeNaN();
    expect(f(Int32Array.of(0, 0, 0, 0, 5))).toBeNaN();
    expect(Number.isFinite(f(Int32Array.of(1, 1, 1, 1, 1)))).toBe(true);
  });
});

describe('bootstrapCorrelation', () => {
  const d = fixture.data.mid;

  it('is deterministic for a seed and changes with the seed', () => {
    const a = bootstrapCorrelation(d.x, d.y, { seed: 42, reps: 500 });
    const b = bootstrapCorrelation(Float64Array.from(d.x), Float64Array.from(d.y), { seed: 42, reps: 500 });
    const c = bootstrapCorrelation(d.x, d.y, { seed: 43, reps: 500 });
    expect(b).toEqual(a);
    expect(c.percentileLower).not.toBe(a.percentileLower);
    expect(a.r).toBe(c.r);
    expect(a.valid).toBe(500);
  });

  it('uses the jackknife acceleration and the estimate of R (cor, cor method = "spearman"/"kendall")', () => {
    for (const c of fixture.bootstrap) {
      const dd = dataFor(c);
      const res = bootstrapCorrelation(dd.x, dd.y, { seed: 1, reps: 200, method: c.method, level: c.level });
      near(res.r, c.t0, 1e-12);
      near(res.acceleration, c.acceleration, REL);
      expect(res.percentileLower).toBeLessThan(res.percentileUpper);
      expect(res.bcaLower).toBeLessThan(res.bcaUpper);
    }
  });

  it('BCa equals the percentile interval when bias and acceleration are zero (symmetric construction)', () => {
    // replicates symmetric about t0 = 0 with half strictly below (z0 = Φ⁻¹(0.5) = 0), influence ±1 (a = 0)
    const t = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? -(i + 1) : i - 199) / 100);
    const bca = bcaInterval(0, t, [-1, 1, -2, 2], 0.9);
    const perc = percentileInterval(t, 0.9);
    expect(bca.z0).toBe(0);
    expect(bca.acceleration).toBe(0);
    expect(bca.lower).toBeCloseTo(perc.lower, 14);
    expect(bca.upper).toBeCloseTo(perc.upper, 14);
    // the same holds end-to-end on data symmetric under reflection (x, y) → (9 − x, 9 − y)
    const sym = bootstrapCorrelation([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], { seed: 1, reps: 999 });
    expect(sym.acceleration).toBeCloseTo(0, 14);
  });

  it('refuses a level at which 1 − a(z0 + z) ≤ 0 (boot.ci stops: "replacement has length zero")', () => {
    // R: boot:::bca.ci on t = 1:999, t0 = 998.5, L = c(59, rep(-1, 59)), conf = 0.999; the formula's
    // adjusted level runs backwards there, and the interval came out as [998.08, 1]
    const t = Float64Array.from({ length: 999 }, (_, i) => i + 1);
    const L = [59, ...new Array(59).fill(-1)];
    expect(() => bcaInterval(998.5, t, L, 0.999)).toThrow(/BCa: undefined at level 0.999/);
    const ok = bcaInterval(998.5, t, L, 0.5);
    expect(ok.lower).toBeLessThanOrEqual(ok.upper);
  });

  it('a positive acceleration shifts the BCa interval to the right of the z0-only interval', () => {
    const t = Float64Array.from({ length: 999 }, (_, i) => (i - 499) / 100);
    const flat = bcaInterval(0, t, [-1, 1], 0.95);
    const skew = bcaInterval(0, t, [-1, -1, -1, 3], 0.95);
    expect(skew.acceleration).toBeGreaterThan(0);
    expect(skew.lower).toBeGreaterThan(flat.lower);
    expect(skew.upper).toBeGreaterThan(flat.upper);
  });

  it('percentile and BCa intervals cover a true rho = .5 in about 95% of simulated samples (n = 60)', () => {
    const rng = createRng(2026);
    const n = 60;
    const rho = 0.5;
    let coverP = 0;
    let coverB = 0;
    const sims = 200;
    for (let s = 0; s < sims; s++) {
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = rng.normal();
        y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * rng.normal();
      }
      const res = bootstrapCorrelation(x, y, { seed: s, reps: 400 });
      if (res.percentileLower <= rho && rho <= res.percentileUpper) coverP++;
      if (res.bcaLower <= rho && rho <= res.bcaUpper) coverB++;
    }
    // binomial SE at 95% with 200 samples ≈ 1.5 points; bootstrap intervals run slightly narrow
    expect(coverP / sims).toBeGreaterThan(0.88);
    expect(coverP / sims).toBeLessThan(0.99);
    expect(coverB / sims).toBeGreaterThan(0.88);
    expect(coverB / sims).toBeLessThan(0.99);
  });

  it('drops resamples with a constant variable and counts them', () => {
    const res = bootstrapCorrelation([0, 0, 0, 0, 0, 0, 0, 1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { seed: 5, reps: 300 });
    expect(res.valid).toBeLessThan(300);
    expect(res.valid).toBeGreaterThan(250);
    expect(Number.isFinite(res.percentileLower)).toBe(true);
  });

  it('rejects bad options and degenerate input', () => {
    expect(() => bootstrapCorrelation(d.x, d.y, { seed: 1, reps: 5 })).toThrow(StatInputError);
    expect(() => bootstrapCorrelation(d.x, d.y, { seed: Number.NaN })).toThrow(StatInputError);
    expect(() => bootstrapCorrelation(d.x, d.y, { seed: 1, level: 95 })).toThrow(StatInputError);
    expect(() => bootstrapCorrelation(d.x, d.y, { seed: 1, method: 'tau' as never })).toThrow(StatInputError);
    expect(() => bootstrapCorrelation([1, 1, 1, 1, 1], [1, 2, 3, 4, 5], { seed: 1 })).toThrow(StatInputError);
    expect(() => bcaInterval(10, [1, 2, 3], [1, -1])).toThrow(StatInputError);
    expect(() => bcaInterval(2, [1, 2, 3], [0, 0])).toThrow(StatInputError);
    expect(() => percentileInterval([Number.NaN, 1])).toThrow(StatInputError);
  });
});

describe('Pearson jackknife with one point far from the rest', () => {
  // Expected values: test/fixtures/jackknife-outlier/jackknife-outlier.R → jackknife-outlier.json,
  // R's leave-one-out cor(x[-i], y[-i]). Downdating the centred sums by the outlier cancelled every
  // digit and gave NaN (x = 1e8, 1, 2, 3, 4, 5 without the 1e8: R 0.8); those samples are now summed
  // afresh. Tolerance: 1e-12 absolute (R's own values there carry rounding of about 1e-13).
  const jx = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/jackknife-outlier/jackknife-outlier.json', import.meta.url)), 'utf8'));
  for (const s of jx.sets as { name: string; x: number[]; y: number[]; jack: number[] }[]) {
    it(`equals R's leave-one-out cor() on ${s.name}`, () => {
      const jack = jackknifeCorrelation(s.x, s.y);
      jack.forEach((v, i) => near(v, s.jack[i], 0, 1e-12));
    });
  }
  it('gives the BCa acceleration of R’s jackknife values, so the bootstrap no longer stops', () => {
    const s = jx.sets[1];
    const n = s.x.length;
    const mean = s.jack.reduce((a: number, b: number) => a + b, 0) / n;
    const L = s.jack.map((j: number) => (n - 1) * (mean - j));
    const a = L.reduce((t: number, l: number) => t + l ** 3, 0) / (6 * L.reduce((t: number, l: number) => t + l * l, 0) ** 1.5);
    const res = bootstrapCorrelation(s.x, s.y, { seed: 3, reps: 499 });
    near(res.acceleration, a, 1e-10);
  });
});

describe('extreme order statistics as interval ends (boot.ci’s warning)', () => {
  // R 4.2.2, boot 1.3-28: boot:::norm.inter(1:19, c(0.025, 0.975)) and norm.inter(1:39, …) warn
  // "extreme order statistics used as endpoints" ((R + 1)α = 0.5 and 1, outside (1, R));
  // norm.inter(1:40, c(0.025, 0.975)) does not ((R + 1)α = 1.025 and 39.975).
  it('flags (R + 1)α outside (1, R) as R does', () => {
    expect([usesExtremeOrder(19, 0.025), usesExtremeOrder(19, 0.975)]).toEqual([true, true]);
    expect([usesExtremeOrder(39, 0.025), usesExtremeOrder(39, 0.975)]).toEqual([true, true]);
    expect([usesExtremeOrder(40, 0.025), usesExtremeOrder(40, 0.975)]).toEqual([false, false]);
    expect(percentileInterval(Float64Array.from({ length: 19 }, (_, i) => i + 1), 0.95).extreme).toBe(true);
    expect(percentileInterval(Float64Array.from({ length: 40 }, (_, i) => i + 1), 0.95).extreme).toBe(false);
  });
  it('judges BCa at its adjusted levels, which move outward with bias and acceleration', () => {
    // 40 replicates: the percentile ends are inside, but with z0 = Φ⁻¹(30/40) the adjusted upper
    // level is Φ(2·0.674 + 1.96) = 0.9995, (R + 1)α = 40.98 > 40
    const t = Float64Array.from({ length: 40 }, (_, i) => i + 1);
    const b = bcaInterval(30.5, t, [-1, 1, -2, 2], 0.95);
    expect(b.extreme).toBe(true);
    expect(bcaInterval(20.5, t, [-1, 1, -2, 2], 0.95).extreme).toBe(false);
  });
  it('is false on the fixture’s 999 and 1000 replicates at 90–95%', () => {
    for (const c of fixture.bootstrap.filter((c: { t: number[] }) => c.t.length >= 999)) {
      expect(percentileInterval(c.t, c.level).extreme).toBe(false);
      expect(bcaInterval(c.t0, c.t, c.L, c.level).extreme).toBe(false);
    }
  });
});
