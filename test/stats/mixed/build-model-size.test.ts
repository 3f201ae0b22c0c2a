// A short formula with a many-level factor in the fixed part (`phq_total ~ patient + (1 | therapist)`
// on 3,000 patients) made buildModel allocate a dense 38,500 × 3,001 matrix and the fit run for over
// ten minutes at 1.9 GB, deaf to Ctrl-C; `(patient | therapist)` asked for thousands of random-effect
// columns per therapist. Reference: the security audit's expectation — refuse such a model before any
// dense matrix is built, with one StatInputError naming the factor with the most levels and suggesting
// it as a random effect; realistic models (a 200-level therapist factor on 100,000 sessions) still fit.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/stats/mixed/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

/** n rows, factor f with nf levels (row i in level i % nf), factor g with ng levels in blocks, y varying. */
function data(n: number, nf: number, ng: number) {
  const f = Int32Array.from({ length: n }, (_, i) => i % nf);
  const g = Int32Array.from({ length: n }, (_, i) => Math.floor((i * ng) / n));
  const y = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 101) / 10);
  const labels = (k: number, pre: string) => Array.from({ length: k }, (_, i) => `${pre}${String(i).padStart(6, '0')}`);
  return { numeric: { y }, factor: { f: { codes: f, levels: labels(nf, 'F') }, g: { codes: g, levels: labels(ng, 'G') } } };
}

function refusal(formula: string, d: ReturnType<typeof data>): StatInputError {
  try {
    buildModel(formula, d);
  } catch (e) {
    if (e instanceof StatInputError) return e;
    throw e;
  }
  throw new Error(`buildModel accepted ${formula}`);
}

describe('buildModel refuses models beyond its size bounds before building them', () => {
  it('more than 500 fixed-effect columns: names the factor and suggests (1 | factor)', () => {
    const e = refusal('y ~ f + (1 | g)', data(1800, 600, 30));
    expect(e.message).toBe(
      `formula "y ~ f + (1 | g)" has 600 fixed-effect columns, more than the 500 supported; factor 'f' has 600 levels: as a random effect, (1 | f), it adds one variance instead of 599 coefficients`,
    );
  });

  it('rows × columns² above 1e10 (400 levels on 70,000 rows)', () => {
    const e = refusal('y ~ f + (1 | g)', data(70_000, 400, 5000));
    expect(e.message).toMatch(/has 400 fixed-effect columns on 70000 rows, beyond the supported size \(rows × columns² at most 1e10, here 1\.1e\+10\); factor 'f' has 400 levels: as a random effect, \(1 \| f\)/);
  });

  it('model matrices above 2e8 cells (30 fixed and 1 random columns on 6.5 M rows)', () => {
    const e = refusal('y ~ f + (1 | g)', data(6_500_000, 30, 90_000));
    expect(e.message).toMatch(/model matrices of 2\.0e\+8 cells \(6500000 rows\), more than the 2e8 supported; factor 'f' has 30 levels/);
  });

  it('accepts the model matrices of a 10⁶-patient export (5.1e7 cells: 4 fixed and 1 random columns on 10.3 M rows; 3e7 refused them)', () => {
    expect(buildModel('y ~ f + (1 | g)', data(10_300_000, 4, 1_000_000)).p).toBe(4);
  }, 120_000);

  it('more than 20 random-effect columns per level: (f | g) with 30 levels of f', () => {
    const e = refusal('y ~ 1 + (f | g)', data(6000, 30, 100));
    expect(e.message).toBe(
      `formula "y ~ 1 + (f | g)": the random-effect term (f | g) has 30 columns per level of 'g', more than the 20 supported: factor 'f' has 30 levels; a factor with many levels belongs right of the bar, e.g. (1 | f) or (1 | g/f)`,
    );
  });

  it('accepts a 200-level fixed factor on 100,000 rows and a 20-column random term', () => {
    expect(buildModel('y ~ f + (1 | g)', data(100_000, 200, 8000)).p).toBe(200);
    expect(buildModel('y ~ 1 + (0 + f | g)', data(6000, 20, 100)).random[0].q).toBe(20);
  });
});
