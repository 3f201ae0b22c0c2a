// Stage `correlate` (issue 3): Pearson, Spearman, Kendall and partial correlations with Holm / BH
// adjustment and seeded bootstrap intervals, run in-process on test/fixtures/stages-correlation/
// sessions.csv and compared with stages-correlation.R (stats::cor.test, psych::partial.r +
// psych::corr.p, p.adjust) on the same data scored by hand in R. Tolerance 1e-8 relative.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { bootstrapCorrelation } from '../../src/stats/bootstrap/index.ts';
import type { CorrelationRow } from '../../src/stages/correlate.ts';
import { closeRel, PATIENTS_CSV_PATH, R, SCORED, SESSIONS_CSV } from '../fixtures/stages-correlation/fixture.ts';

const TOL = 1e-8;
const PAIRS = `
    pairs:
      - { x: wai_total_first3, y: phq_total_improvement }
      - { x: wai_total_mean, y: phq_total_improvement }`;
const PARTIAL = `
      - { x: wai_total_first3, y: phq_total_later_improvement, covariates: [phq_total_baseline, phq_total_prior_improvement] }`;

const spec = `
name: t
seed: 4242
stages:${SCORED}
  - id: patients
    type: patients
    from: scored
    outcome: phq_total
    alliance: [wai_total]
    session: 3
  - id: pearson
    type: correlate
    from: patients${PAIRS}${PARTIAL}
    bootstrap: { reps: 500, intervals: [bca] }
  - id: pearson_bh
    type: correlate
    from: patients
    adjust: BH${PAIRS}${PARTIAL}
  - id: spearman
    type: correlate
    from: patients
    method: spearman
    adjust: none${PAIRS}${PARTIAL}
  - id: kendall
    type: correlate
    from: patients
    method: kendall${PAIRS}
  - id: report
    type: report
`;

let project: ReturnType<typeof tempProject>;
let results: Record<string, unknown>;
const rows = (id: string) => (results[id] as { correlations: CorrelationRow[] }).correlations;

beforeAll(async () => {
  project = tempProject({ 'sessions.csv': SESSIONS_CSV });
  const outcome = await runSpecText(project.dir, spec);
  results = outcome.results;
});
afterAll(() => project?.dispose());

function compare(row: CorrelationRow, r: Record<string, number | null>, what: string) {
  expect(row.n, `${what} n`).toBe(r.n);
  expect(row.missingPairs, `${what} missing`).toBe(r.missing);
  for (const k of ['r', 'ciLower', 'ciUpper', 'p'] as const) closeRel(row[k], r[k] as number, TOL, `${what} ${k}`);
  if (r.t === null) {
    expect(row.t, `${what} t`).toBeNull();
    expect(row.df, `${what} df`).toBeNull();
    closeRel(row.z, r.z as number, TOL, `${what} z`);
  } else {
    closeRel(row.t, r.t, TOL, `${what} t`);
    expect(row.df, `${what} df`).toBe(r.df);
    expect(row.z, `${what} z`).toBeNull();
  }
}

describe('correlate stage against R on the same patients', () => {
  it('Pearson: cor.test r, t, df, p and Fisher-z interval (R: cor.test(x, y))', () => {
    rows('pearson').slice(0, 2).forEach((row, i) => compare(row, R.correlations.pearson[i], `pearson pair ${i + 1}`));
  });

  it('partial Pearson: psych::partial.r with psych::corr.p(n = n − q)', () => {
    const row = rows('pearson')[2];
    expect(row.covariates).toEqual(['phq_total_baseline', 'phq_total_prior_improvement']);
    compare(row, R.partial, 'partial');
    expect(row.apa.startsWith(`partial r(${R.partial.df}) = `)).toBe(true);
  });

  it('Spearman (cor.test(method = "spearman", exact = FALSE), Fisher interval) and partial Spearman (psych::partial.r on ranks)', () => {
    rows('spearman').slice(0, 2).forEach((row, i) => compare(row, R.correlations.spearman[i], `spearman pair ${i + 1}`));
    compare(rows('spearman')[2], R.partialSpearman, 'partial spearman');
    rows('spearman').forEach((row) => expect(row.pAdjusted).toBe(row.p));
  });

  it('Kendall: tau-b and z of cor.test(method = "kendall", exact = FALSE); t and df are null', () => {
    rows('kendall').forEach((row, i) => compare(row, R.correlations.kendall[i], `kendall pair ${i + 1}`));
    expect(rows('kendall')[0].apa).toMatch(/^τ = .*, z = .*, p .*, N = 80$/);
  });

  it('adjusts across all pairs of the stage, partial ones included (R: p.adjust(p, "holm") and "BH")', () => {
    rows('pearson').forEach((row, i) => closeRel(row.pAdjusted, R.adjusted.holm[i], TOL, `holm ${i + 1}`));
    rows('pearson_bh').forEach((row, i) => closeRel(row.pAdjusted, R.adjusted.BH[i], TOL, `BH ${i + 1}`));
  });

  it('writes the APA sentence with the R values', () => {
    const r0 = R.correlations.pearson[0];
    expect(rows('pearson')[0].apa).toMatch(new RegExp(`^r\\(${r0.df}\\) = \\.${Math.round(r0.r * 100)}, 95% CI \\[`));
  });
});

describe('correlate stage: seeded bootstrap', () => {
  it('carries both intervals, the pipeline seed and reps for pairs without covariates, none for the partial one', () => {
    const res = results.pearson as { bootstrap: { reps: number; seed: number } };
    expect(res.bootstrap).toMatchObject({ reps: 500, seed: 4242 });
    const [a, b, partial] = rows('pearson');
    for (const row of [a, b]) {
      const bs = row.bootstrap!;
      expect(bs).toMatchObject({ reps: 500, seed: 4242, valid: 500 });
      expect(bs.percentileLower).toBeLessThan(row.r);
      expect(bs.percentileUpper).toBeGreaterThan(row.r);
      expect(bs.bcaLower).toBeLessThan(bs.bcaUpper);
      // The bootstrap interval and the Fisher interval describe the same sampling variability.
      expect(Math.abs(bs.bcaUpper - bs.bcaLower - (row.ciUpper - row.ciLower))).toBeLessThan(0.1);
    }
    expect(partial.bootstrap).toBeNull();
    expect(rows('pearson_bh')[0].bootstrap).toBeNull();
  });

  it('is the kernel bootstrapCorrelation on the pair with the pipeline seed (reproducible)', async () => {
    const project2 = tempProject({ 'sessions.csv': SESSIONS_CSV });
    try {
      const noReport = spec.replace('  - id: report\n    type: report\n', '');
      const again = await runSpecText(project2.dir, noReport);
      expect((again.results.pearson as { correlations: CorrelationRow[] }).correlations[0].bootstrap).toEqual(rows('pearson')[0].bootstrap);
      const other = await runSpecText(project2.dir, noReport.replace('seed: 4242', 'seed: 4243'));
      expect((other.results.pearson as { correlations: CorrelationRow[] }).correlations[0].bootstrap!.percentileLower).not.toBe(rows('pearson')[0].bootstrap!.percentileLower);
    } finally {
      project2.dispose();
    }
  });

  it('equals bootstrapCorrelation(x, y, { seed: 4242, reps: 500 }) on the patient columns R computed (patients.csv)', () => {
    const [head, ...lines] = readFileSync(PATIENTS_CSV_PATH, 'utf8').trim().split('\n');
    const cols = head.split(',');
    const col = (name: string) => Float64Array.from(lines, (l) => Number(l.split(',')[cols.indexOf(name)]));
    const b = bootstrapCorrelation(col('wai_total_first3'), col('phq_total_improvement'), { seed: 4242, reps: 500 });
    const got = rows('pearson')[0].bootstrap!;
    for (const k of ['percentileLower', 'percentileUpper', 'bcaLower', 'bcaUpper', 'se'] as const) closeRel(got[k], b[k], 1e-9, k);
  });
});
