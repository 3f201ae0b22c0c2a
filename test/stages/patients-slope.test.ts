// Stage `patients`: `<alliance>_slope` is the OLS slope of the alliance scores on session
// number, and is missing (SQL NULL, read as NaN) when a patient has fewer than two alliance
// scores. R: coef(lm(wai ~ session))[2] is NA for one observation; DuckDB's regr_slope gives NaN
// there, which SQL aggregates and exports would count as a value. The slopes of patients with two
// or more scores are exact expectations: P1 (1,10) (2,14) (4,16) → slope 13/7 (R: coef(lm(c(10,14,16)
// ~ c(1,2,4)))[2] = 1.85714285714286); P2 (1,20) (3,16) → −2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecTextSeeing, tempProject } from '../helpers/temp-project.ts';
import { patients } from '../../src/stages/patients.ts';

const CSV = `patient,session,wai_total,phq_total
P1,1,10,20
P1,2,14,18
P1,4,16,12
P2,1,20,15
P2,2,,14
P2,3,16,10
P3,1,30,22
P3,2,,20
P4,1,,9
P4,2,,8
`;
const spec = (file: string) => `
name: t
stages:
  - { id: sessions, type: ingest, file: ${file} }
  - { id: patients, type: patients, from: sessions, outcome: phq_total, alliance: [wai_total], session: 2 }
`;

let project: ReturnType<typeof tempProject>;
let rows: Record<string, unknown>[] = [];
beforeAll(async () => {
  project = tempProject({ 'data.csv': CSV });
  await runSpecTextSeeing(project.dir, spec(project.path('data.csv')), patients, async (_, ctx) => {
    rows = await ctx.db.rows(`SELECT patient, wai_total_slope AS slope, wai_total_slope IS NULL AS is_null, wai_total_n AS n FROM t_patients ORDER BY patient`);
  });
});
afterAll(() => project?.dispose());

describe('patients: alliance slope', () => {
  it('is the OLS slope for patients with two or more alliance scores', () => {
    expect(rows[0].patient).toBe('P1');
    expect(Math.abs((rows[0].slope as number) - 13 / 7)).toBeLessThan(1e-12);
    expect(Math.abs((rows[1].slope as number) - -2)).toBeLessThan(1e-12);
  });

  it('is missing (NULL, not NaN) with one alliance score or none', () => {
    expect(rows.map((r) => [r.patient, r.n, r.is_null])).toEqual([
      ['P1', 3, false],
      ['P2', 2, false],
      ['P3', 1, true],
      ['P4', 0, true],
    ]);
  });
});
