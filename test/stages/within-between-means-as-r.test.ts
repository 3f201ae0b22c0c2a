// Stage `within-between`: each patient's mean alliance, the between part and the centre of the
// within part, equals R's mean() to the last bit (Object.is), on the shipped sample
// data-samples/rom-small.csv (prorated WAI-SR totals, not whole numbers), with and without detrend.
// Reference: test/fixtures/within-between-means-as-r/within-between-means-as-r.R (R 4.2.2, values
// written with sprintf("%.17g")): ave(wai_total, patient, FUN = function(x) mean(x, na.rm = TRUE)).
// Two paths: the scored table, which carries patient codes (rows read into JS, fitMixedOnRows), and
// an ingested table of the same totals (totals.csv, written by the R script; no codes: the SQL path,
// fitMixedOnTable). The model's rows are caught on their way to the fit. DuckDB's avg() differed
// from R in the last bit for 63 of the 300 patients.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { sqlIdent } from '../../src/engine/duckdb-session.ts';

/** Per stage: each row's patient and alliance_between as the fit received them, and the path taken. */
const seen = vi.hoisted(() => ({} as Record<string, { path: 'rows' | 'sql'; rows: [string, number | null][] }>));

vi.mock('../../src/stages/fit-mixed-on-table.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/stages/fit-mixed-on-table.ts')>();
  return {
    ...m,
    fitMixedOnRows: async (...args: Parameters<typeof m.fitMixedOnRows>) => {
      const [db, shape, , rows] = args;
      const carried = shape.patientCodes!;
      const ids = new Map((await db.rows(`SELECT ${sqlIdent(carried.of)}::VARCHAR AS id, code FROM ${sqlIdent(carried.levels)}`)).map((r) => [Number(r.code), String(r.id)]));
      const between = rows.numeric.alliance_between!;
      seen[shape.id] = { path: 'rows', rows: Array.from(rows.codes, (c, i) => [ids.get(c)!, Number.isNaN(between[i]!) ? null : between[i]!]) };
      return m.fitMixedOnRows(...args);
    },
    fitMixedOnTable: async (...args: Parameters<typeof m.fitMixedOnTable>) => {
      const [db, rel, shape, formula] = args;
      if (formula.startsWith('y_next')) {
        const rows = await db.rows(`SELECT patient::VARCHAR AS patient, alliance_between FROM ${rel}`);
        seen[shape.id] = { path: 'sql', rows: rows.map((r) => [String(r.patient), r.alliance_between === null ? null : Number(r.alliance_between)]) };
      }
      return m.fitMixedOnTable(...args);
    },
  };
});

const here = new URL('../fixtures/within-between-means-as-r/', import.meta.url);
const R = JSON.parse(readFileSync(new URL('within-between-means-as-r.json', here), 'utf8')) as { patients: { patient: string; wai_total_mean: string | null }[] };

const spec = `
name: t
stages:
  - { id: sessions, type: ingest, file: rom-small.csv }
  - { id: totals, type: ingest, file: totals.csv }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: codes, type: within-between, from: scored, alliance: wai_total, outcome: phq_total }
  - { id: codes_detrend, type: within-between, from: scored, alliance: wai_total, outcome: phq_total, detrend: true }
  - { id: sql, type: within-between, from: totals, alliance: wai_total, outcome: phq_total }
  - { id: sql_detrend, type: within-between, from: totals, alliance: wai_total, outcome: phq_total, lag: 2, detrend: true }
`;

let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject({
    'rom-small.csv': readFileSync(new URL('../../data-samples/rom-small.csv', import.meta.url), 'utf8'),
    'totals.csv': readFileSync(new URL('totals.csv', here), 'utf8'),
  });
  await runSpecText(project.dir, spec);
}, 60_000);
afterAll(() => project?.dispose());

describe('within-between: the patient mean equals R ave(x, patient, mean) to the last bit', () => {
  for (const [stage, path] of [
    ['codes', 'rows'],
    ['codes_detrend', 'rows'],
    ['sql', 'sql'],
    ['sql_detrend', 'sql'],
  ] as const) {
    it(`${stage} (${path === 'rows' ? 'patient codes, rows in JS' : 'no codes, SQL'}): every row of every patient`, () => {
      expect(seen[stage]?.path).toBe(path);
      const want = new Map(R.patients.map((e) => [e.patient, e.wai_total_mean === null ? null : Number(e.wai_total_mean)]));
      const patients = new Set<string>();
      const misses: string[] = [];
      for (const [patient, have] of seen[stage]!.rows) {
        patients.add(patient);
        const w = want.get(patient);
        if (!(w === null ? have === null : Object.is(have, w))) misses.push(`${patient}: ${have} (R ${w})`);
      }
      expect(patients.size).toBe(R.patients.length);
      expect([...new Set(misses)]).toEqual([]);
    });
  }
});
