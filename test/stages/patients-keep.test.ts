// The patients stage dropped every patient-level column but the roles, so a covariate such as age
// or a grouping such as gender could not reach correlate or compare (found by QA: "'gender' is not
// in table 'patients'"). `keep:` carries them: each patient's one value, from whichever rows hold
// it (intake-only fields are blank after the first session). Expected values: R 4.2
// (test/fixtures/patients-keep/patients-keep.R): the partial correlation of early alliance with
// PHQ improvement given age (residuals of lm on age), and the correlation within each gender;
// tolerance 1e-12. A patient with two values of a kept column stops the run.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempProject } from '../helpers/temp-project.ts';
import { expectRunFails, runStages } from '../helpers/cli-run.ts';

const FIXTURE = join(REPO, 'test/fixtures/patients-keep');
const R = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8'));

const spec = (file: string, keep: string, extra = '') => `name: t
stages:
  - { id: sessions, type: ingest, file: ${file} }
  - { id: patients, type: patients, from: sessions, outcome: phq, outcomeHigherIsBetter: false, alliance: [wai], keep: ${keep} }
${extra}`;
const analyses = `  - { id: cor, type: correlate, from: patients, pairs: [{ x: wai_first3, y: phq_improvement, covariates: [age] }] }
  - { id: cmp, type: compare, from: patients, by: gender, alliance: wai_first3, outcome: phq_improvement, margin: { r: 0.1, smd: 0.2 } }
`;
const project = tempProject({
  'varying.csv': 'patient,session,wai,phq,age\nP1,1,3,12,40\nP1,2,4,10,40\nP2,1,2,14,33\nP2,2,3,9,34\n',
  'keep.yaml': spec('sessions.csv', '[age, gender]', analyses),
  'without.yaml': spec('sessions.csv', '[gender]', analyses),
  'varying.yaml': spec('varying.csv', '[age]'),
  'role.yaml': spec('sessions.csv', '[age, session, patient]'),
  'typo.yaml': spec('sessions.csv', '[agee]'),
  'made.yaml': spec('sessions.csv', '[age, wai_mean, age]'),
});
copyFileSync(join(FIXTURE, 'sessions.csv'), project.path('sessions.csv'));
afterAll(() => project.dispose());

const close = (a: number, e: number) => expect(Math.abs(a - e), `${a} vs R ${e}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));

describe('patients: keep carries patient-level columns', () => {
  it("age as correlate's covariate and gender as compare's groups, as in R", () => {
    const s = runStages(project, 'keep');
    const c = s.cor.correlations[0];
    // 20 of the 60 patients have age on their first row only: all of them are in
    expect([c.n, c.df]).toEqual([R.partial.n, R.partial.df]);
    close(c.r, R.partial.r);
    close(c.p, R.partial.p);
    for (const g of s.cmp.correlations) {
      const e = R.byGender.find((x: { gender: string }) => x.gender === g.group);
      expect(g.n, g.group).toBe(e.n);
      close(g.r, e.r);
    }
    expect(s.cmp.correlations.map((g: { group: string }) => g.group).sort()).toEqual(['f', 'm']);
  });

  it('control: without keep: [age] the covariate is not in the patient table', () => {
    expectRunFails(project, 'without', /stages\[2\]\.pairs\[0\]\.covariates\[0\]: column 'age' is not in table 'patients'/, 'validate');
  });

  it('a patient with two values of a kept column stops the run, naming patient, column and values', () => {
    expectRunFails(project, 'varying', /^error: varying\.csv, column 'age': patient 'P2' has two values of 'age' \(33 and 34\); keep: carries a patient-level column/m);
  });

  it('validate refuses columns the patient table has anyway, names twice, and misspelt names', () => {
    expectRunFails(project, 'role', /keep\[1\]: 'session' is a column the patient table has anyway \(session-level/, 'validate');
    expectRunFails(project, 'role', /keep\[2\]: 'patient' is a column the patient table has anyway/, 'validate');
    expectRunFails(project, 'typo', /keep\[0\]: column 'agee' is not in table 'sessions'\. Did you mean 'age'\?/, 'validate');
    expectRunFails(project, 'made', /keep\[1\]: 'wai_mean' is a column the patient table has anyway/, 'validate');
    expectRunFails(project, 'made', /keep\[2\]: 'age' is named twice under keep/, 'validate');
  });
});
