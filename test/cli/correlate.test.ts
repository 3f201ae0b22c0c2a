// Quick command `alliance correlate` (issue 3), spawned as a real CLI process on
// test/fixtures/stages-correlation/patients.csv (the per-patient table written by
// stages-correlation.R) and compared with that script's R values on the same CSV:
// stats::cor.test (pearson; spearman and kendall with exact = FALSE) and psych::partial.r +
// psych::corr.p(n = n − q). Tolerance 1e-8 relative.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/temp-project.ts';
import { bootstrapCorrelation } from '../../src/stats/bootstrap/index.ts';
import { formatCi } from '../../src/report/format/index.ts';
import { closeRel, PATIENTS_CSV_PATH, R } from '../fixtures/stages-correlation/fixture.ts';

const TOL = 1e-8;
const KEYS = ['n', 'r', 'ciLower', 'ciUpper', 't', 'df', 'p', 'method'];

function run(args: string[]) {
  const res = cli(['correlate', PATIENTS_CSV_PATH, '--json', ...args]);
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function compare(out: Record<string, any>, r: any, method: string) {
  for (const k of KEYS) expect(out, `key ${k}`).toHaveProperty(k);
  expect(out.method).toBe(method);
  expect(out.n).toBe(r.n);
  for (const k of ['r', 'ciLower', 'ciUpper', 'p']) closeRel(out[k], r[k], TOL, `${method} ${k}`);
  if (r.t === null) {
    expect(out.t).toBeNull();
    expect(out.df).toBeNull();
    closeRel(out.z, r.z, TOL, 'z');
  } else {
    closeRel(out.t, r.t, TOL, `${method} t`);
    expect(out.df).toBe(r.df);
  }
}

describe('alliance correlate --json against R on the same CSV', () => {
  for (const method of ['pearson', 'spearman', 'kendall'] as const) {
    it(`${method} (R: cor.test(method = "${method}"${method === 'pearson' ? '' : ', exact = FALSE'}))`, () => {
      compare(run(['--x', 'wai_total_first3', '--y', 'phq_total_improvement', '--method', method]), R.correlations[method][0], method);
      compare(run(['--x', 'wai_total_mean', '--y', 'phq_total_improvement', '--method', method]), R.correlations[method][1], method);
    });
  }

  it('partial correlation with --covariates (R: psych::partial.r, psych::corr.p(n = n − 2))', () => {
    const out = run(['--x', 'wai_total_first3', '--y', 'phq_total_later_improvement', '--covariates', 'phq_total_baseline,phq_total_prior_improvement']);
    compare(out, R.partial, 'pearson');
    expect(out.covariates).toEqual(['phq_total_baseline', 'phq_total_prior_improvement']);
    const sp = run(['--x', 'wai_total_first3', '--y', 'phq_total_later_improvement', '--covariates', 'phq_total_baseline,phq_total_prior_improvement', '--method', 'spearman']);
    compare(sp, R.partialSpearman, 'spearman');
  });
});

describe('alliance correlate --bootstrap', () => {
  it('adds percentile and BCa intervals from bootstrapCorrelation with --seed, and prints them in the sentence', () => {
    const out = run(['--x', 'wai_total_first3', '--y', 'phq_total_improvement', '--bootstrap', '300', '--seed', '9']);
    const b = out.bootstrap as Record<string, number>;
    expect(Object.keys(b).sort()).toEqual(['bcaExtreme', 'bcaLower', 'bcaUpper', 'bias', 'percentileExtreme', 'percentileLower', 'percentileUpper', 'reps', 'se', 'seed', 'valid'].sort());
    expect(b).toMatchObject({ reps: 300, seed: 9 });
    const [head, ...lines] = readFileSync(PATIENTS_CSV_PATH, 'utf8').trim().split('\n');
    const cols = head.split(',');
    const col = (name: string) => Float64Array.from(lines, (l) => Number(l.split(',')[cols.indexOf(name)]));
    const k = bootstrapCorrelation(col('wai_total_first3'), col('phq_total_improvement'), { reps: 300, seed: 9 });
    expect([b.percentileExtreme, b.bcaExtreme]).toEqual([k.percentileExtreme, k.bcaExtreme]);
    for (const key of ['percentileLower', 'percentileUpper', 'bcaLower', 'bcaUpper', 'se', 'bias'] as const) closeRel(b[key], k[key], 1e-12, key);
    const text = cli(['correlate', PATIENTS_CSV_PATH, '--x', 'wai_total_first3', '--y', 'phq_total_improvement', '--bootstrap', '300', '--seed', '9']);
    // as the report's sentence (src/stages/correlate.ts): APA brackets, two decimals, no leading zero, true minus
    expect(text.stdout).toContain(`; bootstrap 95% CI (300 replicates, seed 9) percentile ${formatCi([k.percentileLower, k.percentileUpper])}, BCa ${formatCi([k.bcaLower, k.bcaUpper])}`);
  });

  it('says when resamples were dropped and when an interval reaches the furthest replicate (boot.ci warns there)', () => {
    // five pairs, three with x = 1: some resamples hold one x value only; 19 replicates at 95%:
    // (19 + 1)·0.025 = 0.5, outside (1, 19), where R's boot:::norm.inter warns
    const dir = mkdtempSync(join(tmpdir(), 'alliance-correlate-'));
    const csv = join(dir, 'few.csv');
    writeFileSync(csv, 'x,y\n1,2\n1,1\n1,4\n2,3\n2,6\n');
    const out = cli(['correlate', csv, '--x', 'x', '--y', 'y', '--bootstrap', '19', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const b = JSON.parse(out.stdout).bootstrap;
    expect(b.valid).toBeLessThan(19);
    expect([b.percentileExtreme, b.bcaExtreme]).toEqual([true, true]);
    const text = cli(['correlate', csv, '--x', 'x', '--y', 'y', '--bootstrap', '19']).stdout;
    expect(text).toContain(`${19 - b.valid} of 19 bootstrap resamples had a constant variable and were dropped.`);
    expect(text).toContain('The percentile and BCa intervals reach the most extreme replicate');
  });

  it('gives the same numbers, bootstrap included, for data scaled by 2^-400 (squares out of the double range)', () => {
    // r does not depend on scale, and 2^-400 scales exactly; the replicates were drawn on the raw
    // values, whose Sxx·Syy underflowed (se 0.62 instead of 0.27). R: cor.test agrees at any scale
    // (test/fixtures/correlation-scale/).
    const dir = mkdtempSync(join(tmpdir(), 'alliance-correlate-'));
    const xs = [3.1, 2.7, 4.4, 1.9, 3.9, 2.2, 5.0, 4.1, 3.3, 2.8];
    const ys = [10, 12, 9, 11, 14, 8, 13, 10.5, 12.5, 9.5];
    const write = (name: string, f: number) => {
      const path = join(dir, name);
      writeFileSync(path, `x,y\n${xs.map((x, i) => `${x * f},${ys[i] * f}`).join('\n')}\n`);
      return path;
    };
    const unit = cli(['correlate', write('unit.csv', 1), '--x', 'x', '--y', 'y', '--bootstrap', '300', '--json']);
    const tiny = cli(['correlate', write('tiny.csv', 2 ** -400), '--x', 'x', '--y', 'y', '--bootstrap', '300', '--json']);
    expect(tiny.status, tiny.stderr).toBe(0);
    expect(JSON.parse(tiny.stdout)).toEqual(JSON.parse(unit.stdout));
  });

  it('refuses --bootstrap with --covariates and a non-integer replicate count', () => {
    const a = cli(['correlate', PATIENTS_CSV_PATH, '--x', 'wai_total_first3', '--y', 'phq_total_later_improvement', '--covariates', 'phq_total_baseline', '--bootstrap', '100']);
    expect(a.status).not.toBe(0);
    expect(a.stderr).toContain('--bootstrap');
    const b = cli(['correlate', PATIENTS_CSV_PATH, '--x', 'wai_total_first3', '--y', 'phq_total_improvement', '--bootstrap', '12.5']);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toContain('--bootstrap');
  });
});
