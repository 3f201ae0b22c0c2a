// Stage `patients`: the "Per-patient summary" report table and results.patients.summary on
// data-samples/rom-small.csv (the demo's ingest → score → patients), compared with R.
// The stage's own per-patient table is captured in the run and must equal
// test/fixtures/descriptive/rom-small-patients.csv, from which test/fixtures/descriptive/descriptive.R
// computed, in R, quantile(x, c(.25, .5, .75), type = 7, na.rm = TRUE), mean, sd, min, max and
// sum(!is.na(x)) per column (rom-small-patients.json). Tolerance 1e-12 relative.
// Regenerate the CSV with ALLIANCE_WRITE_FIXTURES=1, then rerun the R script.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runSpecText, runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import { patients } from '../../src/stages/patients.ts';
import type { ColumnSummary } from '../../src/stats/descriptive/index.ts';
import type { ReportBlock } from '../../src/report/types.ts';

const FIXTURE = join(REPO, 'test/fixtures/descriptive');
const COLUMNS = ['n_sessions', 'phq_total_baseline', 'phq_total_final', 'phq_total_change', 'wai_total_mean', 'wai_task_mean', 'wai_bond_mean', 'wai_goal_mean'];
const spec = `${ROM_SMALL_SCORED}  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total, wai_task, wai_bond, wai_goal], session: 3 }
  - { id: report, type: report }
`;

let project: ReturnType<typeof tempProject>;
let outcome: Awaited<ReturnType<typeof runSpecText>>;
let tableCsv = '';
beforeAll(async () => {
  project = tempProject();
  outcome = await runSpecTextSeeing(project.dir, spec, patients, async (_, ctx) => {
    const rows = await ctx.db.rows(`SELECT ${COLUMNS.map((c) => `"${c}"::DOUBLE AS "${c}"`).join(', ')} FROM t_patients ORDER BY patient`);
    tableCsv = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => (r[c] === null ? 'NA' : String(r[c]))).join(','))].join('\n') + '\n';
  });
  if (process.env.ALLIANCE_WRITE_FIXTURES) writeFileSync(join(FIXTURE, 'rom-small-patients.csv'), tableCsv);
});
afterAll(() => project?.dispose());

describe('patients: per-patient summary on rom-small matches R', () => {
  it('R computed its values from the table this stage creates', () => {
    expect(tableCsv).toBe(readFileSync(join(FIXTURE, 'rom-small-patients.csv'), 'utf8'));
  });

  it('results.patients.summary: n, missing, mean, sd, min, quartiles, max as R', () => {
    const r = JSON.parse(readFileSync(join(FIXTURE, 'rom-small-patients.json'), 'utf8')) as Record<string, Record<string, number | null>>;
    const summary = (outcome.results.patients as { summary: Record<string, ColumnSummary> }).summary;
    expect(Object.keys(summary)).toEqual(COLUMNS);
    for (const c of COLUMNS) {
      expect(summary[c].n, `${c}: sum(!is.na(x))`).toBe(r[c].n);
      expect(summary[c].missing, `${c}: sum(is.na(x))`).toBe(r[c].missing);
      for (const k of ['mean', 'sd', 'min', 'q1', 'median', 'q3', 'max'] as const) {
        const want = r[c][k]!;
        expect(Math.abs(summary[c][k]! - want), `${c} ${k}: ${summary[c][k]} vs R ${want}`).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-15);
      }
    }
  });

  it('the report has the table "Per-patient summary" with the same numbers, and exports it', () => {
    const section = outcome.stages.find((s) => s.id === 'patients')!.output.sections!.find((s) => s.id === 'patients')!;
    const table = section.blocks.find((b) => b.kind === 'table' && b.caption === 'Per-patient summary') as Extract<ReportBlock, { kind: 'table' }>;
    expect(table.rows.map((row) => row.variable)).toEqual(COLUMNS);
    const summary = (outcome.results.patients as { summary: Record<string, ColumnSummary> }).summary;
    for (const row of table.rows) for (const k of ['n', 'mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'] as const) expect(row[k]).toBe(summary[row.variable as string][k]);
    expect(readFileSync(join(outcome.outDir, 'index.html'), 'utf8')).toContain('Per-patient summary');
    expect(existsSync(join(outcome.outDir, 'tables/patients-summary.csv'))).toBe(true);
  });
});
