// Stage `correlate`: the report text of a Pearson, Spearman and Kendall stage (audit findings):
// - the methods sentence describes each interval (Fisher z with SE 1/√(n − 3); Kendall: Fisher z
//   with SE √(0.437/(n − 4)), Fieller, Hartley & Pearson 1957, doi:10.1093/biomet/44.3-4.470) and
//   every source it names is in the reference list (Knight 1966, doi:10.1080/01621459.1966.10480879,
//   was named but missing), and every reference is named;
// - the table's coefficient column is headed by the method's symbol (r, rs, τ), as the sentences;
// - the sentence under the table says which p it gives: the unadjusted one, then the adjusted one
//   of the caption's method (the table shows both);
// - method names in captions are proper names (Pearson, Holm, Benjamini–Hochberg, …), minus signs
//   are U+2212.
// Numbers come from test/fixtures/stages-correlation/stages-correlation.json (stats::cor.test with
// exact = FALSE, psych::partial.r + corr.p) rounded by hand to APA digits; adjusted p from R:
// p.adjust(c(0.0099926, 0.0036289, 0.1830190), "BH") = .01499, .01089, .18302 (fixture `adjusted`);
// p.adjust(c(0.00407084146436663, 0.00263362058626574, 0.212112404183185), "bonferroni") = .01221, .00790, .63634;
// p.adjust(c(0.00456424311768613, 0.00332935137597955), "holm") = .0066587, .0066587.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { StageOutput } from '../../src/stages/stage-definition.ts';
import type { ReportBlock } from '../../src/report/types.ts';
import type { CorrelationRow } from '../../src/stages/correlate.ts';
import { SCORED, SESSIONS_CSV } from '../fixtures/stages-correlation/fixture.ts';

const TWO = '{ x: wai_total_first3, y: phq_total_improvement }, { x: wai_total_mean, y: phq_total_improvement }';
const PARTIAL = '{ x: wai_total_first3, y: phq_total_later_improvement, covariates: [phq_total_baseline, phq_total_prior_improvement] }';
/** A correlate stage on the patients table; `adjust` left out means the default (Holm). */
const stage = (id: string, method: string, pairs: string, adjust?: string) =>
  `  - { id: ${id}, type: correlate, from: patients, method: ${method},${adjust ? ` adjust: ${adjust},` : ''} pairs: [${pairs}] }`;

const spec = [
  `name: t\nstages:${SCORED}`,
  '  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], session: 3 }',
  stage('pearson_bh', 'pearson', `${TWO}, ${PARTIAL}`, 'BH'),
  stage('spearman_bonf', 'spearman', `${TWO}, ${PARTIAL}`, 'bonferroni'),
  stage('spearman_one', 'spearman', '{ x: wai_total_first3, y: phq_total_improvement }'),
  stage('kendall', 'kendall', TWO),
].join('\n');

let project: ReturnType<typeof tempProject>;
const outputs = new Map<string, StageOutput>();
let results: Record<string, unknown>;

beforeAll(async () => {
  project = tempProject({ 'sessions.csv': SESSIONS_CSV });
  const outcome = await runSpecText(project.dir, spec);
  for (const s of outcome.stages) outputs.set(s.id, s.output);
  results = outcome.results;
}, 120_000);
afterAll(() => project?.dispose());

const blocks = (id: string) => outputs.get(id)!.sections![0].blocks as ReportBlock[];
const table = (id: string) => blocks(id).find((b): b is Extract<ReportBlock, { kind: 'table' }> => b.kind === 'table')!;
const texts = (id: string) => blocks(id).filter((b): b is Extract<ReportBlock, { kind: 'text' }> => b.kind === 'text').map((b) => b.text);
const methods = (id: string) => outputs.get(id)!.methods!.join(' ');
const citations = (id: string) => outputs.get(id)!.citations!;

const KNIGHT = 'Knight, W. R. (1966). A computer method for calculating Kendall\u2019s tau with ungrouped data. Journal of the American Statistical Association, 61(314), 436–439. https://doi.org/10.1080/01621459.1966.10480879';
const FIELLER = 'Fieller, E. C., Hartley, H. O., & Pearson, E. S. (1957). Tests for rank correlation coefficients. I. Biometrika, 44(3/4), 470–481. https://doi.org/10.1093/biomet/44.3-4.470';
const FISHER_Z = 'given Fisher-z confidence intervals with standard error 1/√(n − 3) (Fisher, 1921)';
const PARTIAL_TEXT = '; partial correlations removed the listed covariates (t tests on n − 2 − q df and standard error 1/√(n − 3 − q) for q covariates)';

describe('correlate report: methods sentence and reference list', () => {
  it('Kendall: Knight (1966) and Fieller et al. (1957) are named and listed; the interval is described', () => {
    expect(methods('kendall')).toBe(
      "Kendall's tau-b was computed with Knight's (1966) algorithm and tested with the normal approximation z = S/√Var(S), the variance of S corrected for ties; its confidence intervals are Fisher-z intervals (Fisher, 1921) with the standard error √(0.437/(n − 4)) of Fieller et al. (1957); p values were adjusted across the 2 tests (Holm, 1979).",
    );
    const texts = citations('kendall').map((c) => c.text);
    expect(texts).toContain(KNIGHT);
    expect(texts).toContain(FIELLER);
    expect(citations('kendall').map((c) => c.key).sort()).toEqual(['fieller1957', 'fisher1921', 'holm1979', 'knight1966']);
  });

  it('Spearman: the Fisher-z interval is described and cited (Fisher, 1921 was listed but not named)', () => {
    expect(methods('spearman_one')).toBe(`Spearman rank correlations were tested with the t approximation on n − 2 df and ${FISHER_Z}.`);
    expect(citations('spearman_one').map((c) => c.key)).toEqual(['fisher1921']);
    expect(methods('spearman_bonf')).toBe(`Spearman rank correlations were tested with the t approximation on n − 2 df and ${FISHER_Z}${PARTIAL_TEXT}; p values were adjusted across the 3 tests (Bonferroni).`);
  });

  it('Pearson with partial correlations: the standard errors are stated', () => {
    expect(methods('pearson_bh')).toBe(`Pearson correlations were tested with t tests on n − 2 df and ${FISHER_Z}${PARTIAL_TEXT}; p values were adjusted across the 3 tests (Benjamini & Hochberg, 1995).`);
    expect(citations('pearson_bh').map((c) => c.key).sort()).toEqual(['benjamini1995', 'fisher1921']);
  });

  it('every listed reference is named in the methods text, by surname and year', () => {
    for (const id of ['pearson_bh', 'spearman_bonf', 'spearman_one', 'kendall']) {
      for (const c of citations(id)) {
        const [, surname, year] = /^([^,]+),.*?\((\d{4})\)/.exec(c.text)!;
        expect(methods(id), `${id}: ${c.key}`).toMatch(new RegExp(`${surname}(?:'s| et al\\.| & \\w+)?,? \\(?${year}`));
      }
    }
  });
});

describe('correlate report: table and sentences', () => {
  it('captions name the method and the adjustment as proper names', () => {
    expect(table('pearson_bh').caption).toBe('Correlations (Pearson; p adjusted by Benjamini–Hochberg)');
    expect(table('spearman_bonf').caption).toBe('Correlations (Spearman; p adjusted by Bonferroni)');
    expect(table('spearman_one').caption).toBe('Correlations (Spearman)');
    expect(table('kendall').caption).toBe('Correlations (Kendall; p adjusted by Holm)');
  });

  it('the coefficient column is headed r, rs or τ, as in the sentences', () => {
    const label = (id: string) => table(id).columns.find((c) => c.key === 'r')!.label;
    expect([label('pearson_bh'), label('spearman_bonf'), label('spearman_one'), label('kendall')]).toEqual(['r', 'rs', 'rs', 'τ']);
  });

  it('the sentence gives the unadjusted p and says so, then the adjusted p of the table', () => {
    expect(texts('kendall')).toEqual([
      'wai_total_first3 × phq_total_improvement: τ = .22, 95% CI [.08, .36], z = 2.84, p = .005 (unadjusted; Holm-adjusted p = .007), N = 80.',
      'wai_total_mean × phq_total_improvement: τ = .23, 95% CI [.08, .36], z = 2.94, p = .003 (unadjusted; Holm-adjusted p = .007), N = 80.',
    ]);
    expect(texts('pearson_bh')).toEqual([
      'wai_total_first3 × phq_total_improvement: r(78) = .29, 95% CI [.07, .48], p = .010 (unadjusted; Benjamini–Hochberg-adjusted p = .015).',
      'wai_total_mean × phq_total_improvement: r(78) = .32, 95% CI [.11, .51], p = .004 (unadjusted; Benjamini–Hochberg-adjusted p = .011).',
      'wai_total_first3 × phq_total_later_improvement | phq_total_baseline, phq_total_prior_improvement: partial r(70) = .16, 95% CI [\u2212.08, .38], p = .183 (unadjusted; Benjamini–Hochberg-adjusted p = .183).',
    ]);
    expect(texts('spearman_bonf')[0]).toBe('wai_total_first3 × phq_total_improvement: rs(78) = .32, 95% CI [.11, .50], p = .004 (unadjusted; Bonferroni-adjusted p = .012).');
    // one pair: nothing adjusted, the caption says nothing about adjustment, the sentence neither
    expect(texts('spearman_one')).toEqual(['wai_total_first3 × phq_total_improvement: rs(78) = .32, 95% CI [.11, .50], p = .004.']);
  });

  it('the scatter plot description carries the same sentence', () => {
    const fig = blocks('kendall').find((b): b is Extract<ReportBlock, { kind: 'figure' }> => b.kind === 'figure')!;
    expect(fig.description).toContain('; τ = .22, 95% CI [.08, .36], z = 2.84, p = .005 (unadjusted; Holm-adjusted p = .007), N = 80.');
  });

  it('results.json keeps its apa field (unadjusted p, as before)', () => {
    const rows = (results.kendall as { correlations: CorrelationRow[] }).correlations;
    expect(rows[0].apa).toBe('τ = .22, 95% CI [.08, .36], z = 2.84, p = .005, N = 80');
    expect((results.pearson_bh as { adjust: string }).adjust).toBe('BH');
  });
});
