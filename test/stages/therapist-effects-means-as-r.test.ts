// Stage `therapist-effects`: each therapist's mean alliance (alliance_therapist, the centre of
// alliance_patient) equals R's mean() to the last bit (Object.is), on the shipped sample
// data-samples/rom-small.csv scored and summarised per patient (wai_total_mean of prorated WAI-SR
// totals, itself R's mean per patient: test/stages/patients-means-as-r.test.ts).
// Reference: test/fixtures/therapist-effects-means-as-r/therapist-effects-means-as-r.R (R 4.2.2,
// values written with sprintf("%.17g")): tapply(wai_total_mean, therapist, mean) on the complete
// cases. The model's rows are caught on their way to the fit. DuckDB's avg() differed from R in the
// last bit for 9 of the 15 therapists.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';

/** The fit's rows (therapist, alliance_therapist) of the stage's main model. */
const seen = vi.hoisted(() => ({ rows: [] as [string, number | null][] }));

vi.mock('../../src/stages/fit-mixed-on-table.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/stages/fit-mixed-on-table.ts')>();
  return {
    ...m,
    fitMixedModelsOnTable: async (...args: Parameters<typeof m.fitMixedModelsOnTable>) => {
      const [db, rel, , formulas] = args;
      if (formulas[0]!.startsWith('outcome ~ alliance_therapist')) {
        const rows = await db.rows(`SELECT therapist::VARCHAR AS therapist, alliance_therapist FROM ${rel}`);
        seen.rows = rows.map((r) => [String(r.therapist), r.alliance_therapist === null ? null : Number(r.alliance_therapist)]);
      }
      return m.fitMixedModelsOnTable(...args);
    },
  };
});

const R = JSON.parse(readFileSync(new URL('../fixtures/therapist-effects-means-as-r/therapist-effects-means-as-r.json', import.meta.url), 'utf8')) as {
  patients: number;
  therapists: { therapist: string; wai_total_mean: string }[];
};

let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject({ 'rom-small.csv': readFileSync(new URL('../../data-samples/rom-small.csv', import.meta.url), 'utf8') });
  await runSpecText(
    project.dir,
    `
name: t
stages:
  - { id: sessions, type: ingest, file: rom-small.csv }
  - { id: scored, type: score, from: sessions, instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }] }
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total] }
  - { id: te, type: therapist-effects, from: patients, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline }
`,
  );
}, 60_000);
afterAll(() => project?.dispose());

it('therapist-effects: every therapist’s mean alliance equals R tapply(x, therapist, mean) to the last bit', () => {
  expect(seen.rows.length).toBe(R.patients);
  const want = new Map(R.therapists.map((e) => [e.therapist, Number(e.wai_total_mean)]));
  expect(new Set(seen.rows.map(([t]) => t))).toEqual(new Set(want.keys()));
  const misses = new Set<string>();
  for (const [therapist, have] of seen.rows) if (!Object.is(have, want.get(therapist))) misses.add(`${therapist}: ${have} (R ${want.get(therapist)})`);
  expect([...misses]).toEqual([]);
});
