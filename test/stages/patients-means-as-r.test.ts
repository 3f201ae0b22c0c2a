// Stage `patients`: the per-patient alliance means `<a>_mean` (over treatment) and `<a>_first3`
// (sessions numbered ≤ 3) equal R's mean(x, na.rm = TRUE) to the last bit (Object.is), on the shipped
// sample data-samples/rom-small.csv: prorated WAI-SR totals (not whole numbers) and Task sums.
// Reference: test/fixtures/patients-means-as-r/patients-means-as-r.R (R 4.2.2; values written with
// sprintf("%.17g")). Two paths: patients reading the scored table (which carries patient codes) and
// patients reading an ingested table of the same totals (totals.csv, written by the R script; no codes).
// DuckDB's avg() differed from R in the last bit for 63 of the 300 patients' total means.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';
import { patients } from '../../src/stages/patients.ts';

const here = new URL('../fixtures/patients-means-as-r/', import.meta.url);
const R = JSON.parse(readFileSync(new URL('patients-means-as-r.json', here), 'utf8')) as { patients: Record<string, string | null>[] };
const COLUMNS = ['wai_total_mean', 'wai_total_first3', 'wai_task_mean', 'wai_task_first3'];

const spec = `
name: t
stages:
  - { id: sessions, type: ingest, file: rom-small.csv }
  - { id: totals, type: ingest, file: totals.csv }
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }]
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total, wai_task], session: 3 }
  - { id: patients2, type: patients, from: totals, outcome: wai_task, alliance: [wai_total, wai_task], session: 3 }
`;

type Row = Record<string, unknown>;
const tables: Record<string, Row[]> = {};
let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject({
    'rom-small.csv': readFileSync(new URL('../../data-samples/rom-small.csv', import.meta.url), 'utf8'),
    'totals.csv': readFileSync(new URL('totals.csv', here), 'utf8'),
  });
  await runSpecTextSeeing(project.dir, spec, patients, async (_, ctx) => {
    tables[ctx.stageId] = await ctx.db.rows(`SELECT patient, ${COLUMNS.join(', ')} FROM t_${ctx.stageId}`);
  });
}, 60_000);
afterAll(() => project?.dispose());

describe('patients: alliance means equal R mean() to the last bit', () => {
  for (const [stage, path] of [
    ['patients', 'from the scored table (patient codes)'],
    ['patients2', 'from an ingested table (no patient codes)'],
  ]) {
    it(`${path}: every patient, every mean`, () => {
      const got = new Map(tables[stage].map((r) => [r.patient as string, r]));
      expect(got.size).toBe(R.patients.length);
      const misses: string[] = [];
      for (const e of R.patients) {
        for (const c of COLUMNS) {
          const want = e[c] === null ? null : Number(e[c]);
          const have = got.get(e.patient as string)?.[c] ?? null;
          if (!(want === null ? have === null : Object.is(have, want))) misses.push(`${e.patient} ${c}: ${have} (R ${e[c]})`);
        }
      }
      expect(misses).toEqual([]);
    });
  }
});
