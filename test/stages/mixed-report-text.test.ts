// Report text of the multilevel stages (within-between, therapist-effects, growth, mixed) on
// data-samples/rom-small.csv, against lme4 on the same data (test/fixtures/mixed-report-text/
// mixed-report-text.R → mixed-report-text.json):
//  - a variance-components table has the rows of as.data.frame(VarCorr(fit)): one Residual row;
//  - with `REML: false` the methods sentence names ML, as the caption does, and the fit is lme4's
//    REML = FALSE fit (logLik within 1e-6 relative);
//  - each therapist ICC carries the singular-fit note of its own model (isSingular() in R);
//  - captions and sentences count groups in the plural ("299 patients") and print negative numbers
//    with the minus sign U+2212, as the tables do (APA Publication Manual, 7th ed., §6.38);
//  - the fixed-effects table names the level of its interval columns (the mixed stage takes
//    `level`; the headers said only "CI lower"), and the results carry `level` beside `fixed`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';
import type { ReportBlock } from '../../src/report/types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const R: any = JSON.parse(readFileSync(join(REPO, 'test/fixtures/mixed-report-text/mixed-report-text.json'), 'utf8'));
const MINUS = '\u2212';
const SINGULAR_NOTE = ' (a singular fit: the therapist variance is estimated at zero)';

let project: ReturnType<typeof tempProject>;
let run: RunOutcome;
beforeAll(async () => {
  project = tempProject();
  run = await runSpecText(
    project.dir,
    `
name: text
stages:
  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: wb_ml, type: within-between, from: scored, alliance: wai_total, outcome: phq_total, REML: false }
  - { id: te, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline }
  - { id: te_ml, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline, REML: false }
  - { id: gr_ml, type: growth, from: scored, variables: [wai_total], sample: 5, REML: false }
  - { id: nested, type: mixed, from: scored, formula: "phq_total ~ session + (1 | therapist/patient)" }
  - { id: at90, type: mixed, from: scored, formula: "phq_total ~ session + (1 | patient)", level: 0.9 }
`,
  );
}, 120_000);
afterAll(() => project?.dispose());

const output = (id: string) => run.stages.find((s) => s.id === id)!.output;
const blocks = (id: string) => output(id).sections!.flatMap((s) => s.blocks as ReportBlock[]);
const tables = (id: string) => blocks(id).filter((b): b is Extract<ReportBlock, { kind: 'table' }> => b.kind === 'table');
const texts = (id: string) => blocks(id).filter((b): b is Extract<ReportBlock, { kind: 'text' }> => b.kind === 'text').map((b) => b.text);
const randomTable = (id: string) => tables(id).find((t) => t.id.endsWith('-random'))!;
const fixedCaption = (id: string) => tables(id).find((t) => t.id.endsWith('-fixed'))!.caption;

describe('variance components: the rows of as.data.frame(VarCorr()), one Residual row', () => {
  it.each([
    ['wb_ml', 'withinBetweenMl'],
    ['te_ml', 'therapistMl'],
    ['gr_ml', 'growthMl'],
    ['nested', 'nested'],
  ])('%s', (id, ref) => {
    const rows = randomTable(id).rows;
    expect(rows.filter((r) => r.group === 'Residual')).toHaveLength(R[ref].residualRows);
    expect(rows).toHaveLength(R[ref].varCorrRows);
  });
});

describe('REML: false — the methods sentence names ML, as the caption does', () => {
  it.each(['wb_ml', 'te_ml', 'gr_ml'])('%s', (id) => {
    const methods = output(id).methods!.join(' ');
    expect(methods).toContain('(ML; Bates et al., 2015; fixed effects tested with Satterthwaite degrees of freedom, Kuznetsova et al., 2017)');
    expect(methods).not.toContain('REML');
    expect(fixedCaption(id)).toMatch(/\(ML; /);
  });
  it('the fits are lme4 REML = FALSE fits', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const res = run.results as Record<string, any>;
    for (const [got, want] of [
      [res.wb_ml.model.logLik, R.withinBetweenMl.logLik],
      [res.te_ml.model.logLik, R.therapistMl.logLik],
    ] as [number, number][])
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want));
  });
  it('the default (REML) keeps naming REML', () => {
    expect(output('te').methods!.join(' ')).toContain('(REML; Bates et al., 2015;');
  });
});

describe('therapist ICCs: each with its own model’s singular-fit note', () => {
  it('lme4: the outcome ICC model is singular, the alliance ICC model is not', () => {
    expect([R.iccOutcome.singular, R.iccAlliance.singular]).toEqual([true, false]);
  });
  it('the note follows the outcome ICC only', () => {
    // an ICC cannot exceed 1: no leading zero (APA 7th ed. §6.36)
    const apa = (x: number) => x.toFixed(3).replace(/^0\./, '.');
    expect(texts('te')[0]).toContain(`Therapist ICC of phq_total_final: ${apa(R.iccOutcome.icc)}${SINGULAR_NOTE}; of wai_total_mean: ${apa(R.iccAlliance.icc)}.`);
  });
});

describe('APA style: plural counts and the minus sign', () => {
  it('captions count observations and groups in the plural', () => {
    expect(fixedCaption('wb_ml')).toContain(`ML; ${R.withinBetweenMl.nobs.toLocaleString('en-US')} observations; ${R.withinBetweenMl.ngroups.patient} patients; log-likelihood ${MINUS}`);
    expect(fixedCaption('te_ml')).toContain(`; ${R.therapistMl.nobs} observations; ${R.therapistMl.ngroups.therapist} therapists;`);
    expect(fixedCaption('gr_ml')).toContain(`; ${R.growthMl.ngroups.patient} patients;`);
    expect(fixedCaption('nested')).toContain(`; ${R.nested.ngroups['patient:therapist']} patient:therapist groups, ${R.nested.ngroups.therapist} therapists;`);
  });
  it('the between-patient coefficient is printed with U+2212', () => {
    expect(R.withinBetweenMl.between).toBeLessThan(0);
    expect(texts('wb_ml')[0]).toContain(`the coefficient of the patient's mean alliance was ${MINUS}${Math.abs(R.withinBetweenMl.between).toFixed(3)} (SE `);
  });
  it('the ICCs of the variance-components captions have no leading zero (§6.36)', () => {
    for (const id of ['wb_ml', 'te', 'te_ml', 'gr_ml', 'nested']) {
      const caption = randomTable(id).caption;
      expect(caption, id).toMatch(/\(ICC: [^)]*\)$/);
      expect(caption, id).toMatch(/\(ICC: [\w:]+ (\.\d{3}|1\.000)(, [\w:]+ (\.\d{3}|1\.000))*\)$/);
    }
  });
  it('no number in these captions and sentences has a hyphen-minus', () => {
    for (const id of ['wb_ml', 'te', 'te_ml', 'gr_ml', 'nested']) {
      for (const s of [...texts(id), ...tables(id).map((t) => t.caption)]) expect(s, `${id}: ${s}`).not.toMatch(/(^|[\s(=])-\d/);
    }
  });
  it('the interval columns name their level, and the results carry it', () => {
    const header = (id: string) => tables(id).find((t) => t.id.endsWith('-fixed'))!.columns.filter((c) => c.key.startsWith('ci')).map((c) => c.label);
    expect(header('at90')).toEqual(['90% CI lower', '90% CI upper']);
    expect(header('nested')).toEqual(['95% CI lower', '95% CI upper']);
    expect(header('te')).toEqual(['95% CI lower', '95% CI upper']);
    expect((run.results.at90 as { level: number }).level).toBe(0.9);
  });
});
