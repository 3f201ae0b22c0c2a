// The stages that fit mixed models on columns they derive (growth, within-between,
// therapist-effects) refused an outcome with no variation with the kernel's bare message, which
// named neither the data file nor, for derived columns, the spec column behind `y_next` or
// `outcome` ("the outcome outcome does not vary"). Reference: the README promise that every user
// error is one clear message naming the file and the spec path, exit code 1 for a data problem.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

// 4 therapists × 3 patients × 3 sessions; y never varies, a does.
const rows = ['patient,therapist,session,a,y'];
for (let t = 1; t <= 4; t++)
  for (let p = 1; p <= 3; p++) for (let s = 1; s <= 3; s++) rows.push(`P${t}${p},T${t},${s},${(t * 7 + p * 3 + s * 5) % 11},4`);
const stage = (body: string) => `name: constant
stages:
  - { id: d, type: ingest, file: const.csv }
${body}
`;
// therapist-effects reads one row per patient (a session-level table is refused since e7058e4): session 1 only
const perPatient = rows.filter((r, i) => i === 0 || r.split(',')[2] === '1');
const project = tempProject({
  'const.csv': rows.join('\n') + '\n',
  'const-patients.csv': perPatient.join('\n') + '\n',
  'growth.yaml': stage('  - { id: g, type: growth, from: d, variables: [y] }'),
  'wb.yaml': stage('  - { id: w, type: within-between, from: d, alliance: a, outcome: y }'),
  'te.yaml': stage('  - { id: t, type: therapist-effects, from: d, alliance: a, outcome: y }').replace('file: const.csv', 'file: const-patients.csv'),
});
afterAll(() => project.dispose());

const refusal = (response: string) => `the outcome ${response} does not vary (all values equal): no model to fit`;

describe('growth, within-between and therapist-effects name the file, the stage and the spec columns of a refused fit', () => {
  it('growth', () => {
    const r = cli(['run', 'growth.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: const.csv: stages[1] (stage 'g', growth): ${refusal('y')}\n`);
  });

  it('within-between: y_next is the outcome one session later', () => {
    const r = cli(['run', 'wb.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: const.csv: stages[1] (stage 'w', within-between): ${refusal('y_next')} (model variables: y_next = y 1 session(s) later, y_now = y, alliance_within = a within, alliance_between = a between)\n`,
    );
  });

  it('therapist-effects: outcome is the spec column y', () => {
    const r = cli(['run', 'te.yaml', '--out', 'out', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: const-patients.csv: stages[1] (stage 't', therapist-effects): ${refusal('outcome')} (model variables: outcome = y, alliance = a)\n`);
  });
});
