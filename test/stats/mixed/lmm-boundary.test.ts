// Random-slope fits where a local search stopped short of lme4's optimum and reported a lower
// likelihood with converged: true (found by randomized audits). Two optima have a random-effect
// correlation of −1 beyond a zero intercept SD (a stationary point, as the deviance is even in that θ):
// logLik −40.2474 against −39.8004, intercept SE 0.281 against 0.314; moving the diagonal θ inward must
// also try the opposite sign of the entries below it. Four stopped at another local minimum: an
// interior one with correlation −0.41 where lme4 ends at +1 (logLik −34.26176 against −34.24958), an
// interior one beside lme4's singular optimum (−79.8284 against −79.2185), zero variances (ML,
// −40.0371 against −40.0345) and a correlation of −1 where lme4 has zero variances (−31.5880 against
// −31.5094); restarts from mirrored and rank-one starts must find lme4's optimum. Reference:
// test/fixtures/mixed-boundary/mixed-boundary.R (lme4 1.1.31, lmerTest 3.1.3, default bobyqa), through
// `alliance mixed FILE --json`. Tolerances (relative): logLik 1e-6, SE 1e-4, df 1e-3 as the other
// lmerTest comparisons; estimate 1e-4 instead of 1e-5, because these optima are singular (lme4 stops at
// a slope θ of 0.00088, not 0) and the flat deviance there moves β̂ by ~4e-6.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess } from '../../fixtures/sudden-cli/in-process.ts';
import { buildModel, lmm } from '../../../src/stats/mixed/index.ts';

const dir = new URL('../../fixtures/mixed-boundary/', import.meta.url);
const fits = JSON.parse(readFileSync(new URL('mixed-boundary.json', dir), 'utf8')) as {
  file: string;
  formula: string;
  REML: boolean;
  logLik: number;
  fixed: Record<string, { estimate: number; se: number; df: number }>;
}[];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('lmm reaches lme4 optimum past a zero random-intercept SD or another local minimum', () => {
  for (const R of fits) {
    it(`${R.file}: ${R.formula}${R.REML ? '' : ' (ML)'}`, async () => {
      const out = await inProcess(['mixed', new URL(R.file, dir).pathname, '--formula', R.formula, ...(R.REML ? [] : ['--ml']), '--json']);
      expect(out.stderr).toBe('');
      const got = JSON.parse(out.stdout) as { logLik: number; converged: boolean; fixed: Record<string, { estimate: number; se: number; df: number }> };
      expect(rel(got.logLik, R.logLik)).toBeLessThan(1e-6);
      for (const [term, f] of Object.entries(R.fixed)) {
        expect(rel(got.fixed[term].estimate, f.estimate), term).toBeLessThan(1e-4);
        expect(rel(got.fixed[term].se, f.se), term).toBeLessThan(1e-4);
        expect(rel(got.fixed[term].df, f.df), term).toBeLessThan(1e-3);
      }
    });
  }
});

// A singular (x | g) fit whose correlation is −1 printed −1.0000000000000002 (rounding in
// c / √(v₁v₂)), found by a cross-check against lme4, which prints −1. Data: the cross-check's set
// d04 (9 complete rows in 3 groups). Expected: exactly −1, and every correlation within [−1, 1].
describe('lmm: a boundary correlation stays within [−1, 1]', () => {
  const csv = 'g,x,y\ng01,0.279,0.42\ng01,-0.178,\ng01,,0.653\ng01,-1.783,-1.307\ng02,-0.273,2.102\ng02,-0.728,2.074\ng02,1.712,\ng02,0.468,3.764\ng03,1.469,2.567\ng03,1.172,4.206\ng03,-1.368,1.533\ng03,1.179,2.868\n';

  it('y ~ x + (x | g) on d04, through the quick command (its row order)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'corr-')), 'd04.csv');
    writeFileSync(file, csv);
    const out = await inProcess(['mixed', file, '--formula', 'y ~ x + (x | g)', '--json']);
    expect(out.stderr).toBe('');
    const got = JSON.parse(out.stdout) as { singular: boolean; random: { corr: number | null }[] };
    expect(got.random.filter((r) => r.corr !== null).map((r) => r.corr)).toEqual([-1]);
    expect(got.singular).toBe(true);
  });

  it('the same fit in the kernel', () => {
    const g = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    const x = [0.279, -0.178, NaN, -1.783, -0.273, -0.728, 1.712, 0.468, 1.469, 1.172, -1.368, 1.179];
    const y = [0.42, NaN, 0.653, -1.307, 2.102, 2.074, NaN, 3.764, 2.567, 4.206, 1.533, 2.868];
    const fit = lmm(buildModel('y ~ x + (x | g)', { numeric: { x, y }, factor: { g: { codes: g, levels: ['g01', 'g02', 'g03'] } } }));
    expect(fit.random.filter((r) => r.corr !== null).map((r) => r.corr)).toEqual([-1]);
  });
});
