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

/** An lme4/lmerTest fit as the R scripts record it: logLik and each fixed effect's estimate, SE and Satterthwaite df. */
interface Lme4Fit {
  file: string;
  formula: string;
  REML: boolean;
  logLik: number;
  fixed: Record<string, { estimate: number; se: number; df: number }>;
}
/** `alliance mixed --json` on a fixture's file, as it is compared with lme4. */
interface QuickFit {
  logLik: number;
  converged: boolean;
  fixed: Record<string, { estimate: number; se: number; df: number }>;
  random: { variance: number }[];
}
const rel = (a: number, b: number, floor = 0) => Math.abs(a - b) / Math.max(Math.abs(b), floor);

/** The quick command's fit of R's file and formula, with nothing on stderr. */
async function quickFit(dir: URL, R: Lme4Fit): Promise<QuickFit> {
  const out = await inProcess(['mixed', new URL(R.file, dir).pathname, '--formula', R.formula, ...(R.REML ? [] : ['--ml']), '--json']);
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as QuickFit;
}

/** logLik within 1e-6, each fixed effect's estimate and SE within 1e-4 and df within 1e-3 (relative). */
function expectLme4Fixed(got: QuickFit, R: Lme4Fit): void {
  expect(rel(got.logLik, R.logLik)).toBeLessThan(1e-6);
  for (const [term, f] of Object.entries(R.fixed)) {
    expect(rel(got.fixed[term].estimate, f.estimate), term).toBeLessThan(1e-4);
    expect(rel(got.fixed[term].se, f.se), term).toBeLessThan(1e-4);
    expect(rel(got.fixed[term].df, f.df), term).toBeLessThan(1e-3);
  }
}

const boundaryDir = new URL('../../fixtures/mixed-boundary/', import.meta.url);
const boundary = JSON.parse(readFileSync(new URL('mixed-boundary.json', boundaryDir), 'utf8')) as Lme4Fit[];

describe('lmm reaches lme4 optimum past a zero random-intercept SD or another local minimum', () => {
  for (const R of boundary) {
    it(`${R.file}: ${R.formula}${R.REML ? '' : ' (ML)'}`, async () => {
      expectLme4Fixed(await quickFit(boundaryDir, R), R);
    });
  }
});

// Random-slope fits on which lme4's search from its default start stops short of the optimum: lmm
// reaches it (found by a randomized cross-check of lmm against lme4 on simulated sessions in patients;
// lme4's own deviance function, evaluated at lmm's θ, gave lmm's REML criterion to 12 digits). With
// (x | g) interacted with a patient-level w, lme4 1.1.31 (bobyqa) ends at logLik −263.97498 where the
// optimum is −263.74439; with (1 + x | g), at −237.96943 against −237.96438. Reference:
// test/fixtures/mixed-multistart/mixed-multistart.R, lme4's best over 18 bobyqa starts (lmerTest 3.1.3
// for the Satterthwaite df), through `alliance mixed FILE --json`. Tolerances as the boundary fits'
// above; variance components 1e-4 (relative) with a floor of 1e-6, as these optima are singular.
const multistartDir = new URL('../../fixtures/mixed-multistart/', import.meta.url);
const multistart = JSON.parse(readFileSync(new URL('mixed-multistart.json', multistartDir), 'utf8')) as (Lme4Fit & { defaultStartLogLik: number; variances: number[] })[];

describe("lmm reaches the optimum where lme4's default start stops short", () => {
  for (const R of multistart) {
    it(`${R.file}: ${R.formula}`, async () => {
      const got = await quickFit(multistartDir, R);
      expect(got.converged).toBe(true);
      // the data still exercise the case: the default-start fit is measurably worse
      expect(got.logLik - R.defaultStartLogLik).toBeGreaterThan(1e-3);
      expectLme4Fixed(got, R);
      expect(got.random.map((r) => r.variance)).toHaveLength(R.variances.length);
      got.random.forEach((r, i) => expect(rel(r.variance, R.variances[i], 1e-6), `variance ${i}`).toBeLessThan(1e-4));
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
