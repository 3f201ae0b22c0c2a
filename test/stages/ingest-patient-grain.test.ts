// ingest `grain: patient`: a file with one row per patient and no session column (a trial's or a
// published study's per-patient export: alliance at session 3, pre and post scores) goes straight
// into the patient-level stages. Before, ingest demanded a session column, so such files needed a
// made-up one (test/fixtures/compare-small-groups/patients.csv carries `session = 1` for that).
// References: (1) the compare stage's results on that fixture, whose statistics are tested against
// R in test/stages/compare-small-groups.test.ts, must come out the same, to the last bit, when the
// file is read with grain: patient and without its session column; (2) the README's promises for
// user errors (one message naming the spec path, or the file, row and column; exit 1; no output).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/engine/errors.ts';
import { cli, REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const fixture = readFileSync(join(REPO, 'test/fixtures/compare-small-groups/patients.csv'), 'utf8').trimEnd().split(/\r?\n/);
const header = fixture[0]!.split(',');
const at = header.indexOf('"session"');
/** The fixture without its made-up session column. */
const withoutSession = fixture.map((l) => l.split(',').filter((_, i) => i !== at).join(',')).join('\n') + '\n';

const compare = (file: string, grain: string) => `name: g
stages:
  - { id: pts, type: ingest, file: ${file}${grain} }
  - { id: cmp, type: compare, from: pts, alliance: wai_total_first3, outcome: phq_total_improvement, margin: { r: 0.1, smd: 0.2 } }
  - { id: te, type: therapist-effects, from: pts, alliance: wai_total_mean, outcome: phq_total_final, baseline: phq_total_baseline }
  - { id: r, type: correlate, from: pts, pairs: [{ x: wai_total_first3, y: phq_total_improvement }] }
`;

// per patient: the 12 WAI-SR items at session 3 and PHQ-9 totals before and after; scored per row
const items = Array.from({ length: 12 }, (_, i) => `wai${i + 1}`);
const trial = [`patient,therapist,modality,${items.join(',')},phq_pre,phq_post,session`];
for (let i = 0; i < 40; i++) trial.push(`P${i},T${i % 5},${i % 2 ? 'CBT' : 'PDT'},${items.map((_, k) => 1 + ((i * 7 + k * 3) % 5)).join(',')},${10 + (i % 9)},${4 + ((i * 5) % 11)},${1 + (i % 3)}`);

const project = tempProject({
  'with-session.csv': fixture.join('\n') + '\n',
  'without-session.csv': withoutSession,
  'trial.csv': trial.join('\n') + '\n',
  'twice.csv': 'patient,therapist,x,y\nA,T1,1,2\nB,T1,2,3\nA,T2,3,4\nC,T2,4,5\n',
});
afterAll(() => project.dispose());

describe('ingest grain: patient', () => {
  it('reads a per-patient file without a session column; compare, therapist-effects and correlate give what they give on the same rows with a made-up session column', async () => {
    expect(withoutSession.split('\n')[0]).not.toMatch(/session/);
    const made = await runSpecText(project.dir, compare('with-session.csv', ''));
    const plain = await runSpecText(project.dir, compare('without-session.csv', ', grain: patient'));
    const ingest = plain.results.pts as { rows: number; patients: number; grain: string };
    expect(ingest).toMatchObject({ rows: fixture.length - 1, patients: fixture.length - 1, grain: 'patient' });
    expect((made.results.pts as { grain: string }).grain).toBe('session');
    for (const id of ['cmp', 'te', 'r']) expect(plain.results[id], id).toEqual(made.results[id]);
    // the same exclusions, counted the same way
    const ledger = (o: typeof made) => o.ledger.entries.filter((e) => e.stage !== 'pts').map((e) => `${e.stage} ${e.reason} ${e.count}`);
    expect(ledger(plain)).toEqual(ledger(made));
  });

  it('scores a per-patient file into a table the patient-level stages take (a session-level score table is refused)', async () => {
    const spec = (grain: string) => `name: trial
stages:
  - { id: pts, type: ingest, file: trial.csv${grain} }
  - { id: scored, type: score, from: pts, instruments: [{ instrument: wai-sr, prefix: wai }] }
  - { id: cmp, type: compare, from: scored, alliance: wai_total, outcome: phq_post, margin: { r: 0.1, smd: 0.2 } }
`;
    const o = await runSpecText(project.dir, spec(', grain: patient'));
    const cmp = o.results.cmp as { correlations: { group: string; n: number }[] };
    expect(cmp.correlations.map((c) => [c.group, c.n])).toEqual([['CBT', 20], ['PDT', 20]]);
    // read as sessions (trial.csv has a column named session), score's table is session-level
    project.write('p.yaml', spec(''));
    const r = cli(['validate', 'p.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("stages[2].from: table 'scored' has one row per session; compare needs one row per patient");
  });

  it('refuses a patient on two rows, naming the file, their lines and the patient column', async () => {
    const e = await runSpecText(project.dir, `name: t\nstages:\n  - { id: pts, type: ingest, file: twice.csv, grain: patient }\n`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ file: 'twice.csv', row: 1, column: 'patient', place: { more: [3], lines: [2, 4] } });
    expect((e as Error).message).toBe("patient 'A' has more than one row; with grain: patient each patient has one row (for one row per session, read the file with grain: session)");
  });

  it('refuses a session or date column and wide layout, each at its spec path, and the session stages refuse the table', () => {
    project.write(
      'bad.yaml',
      `name: bad
stages:
  - { id: a, type: ingest, file: trial.csv, grain: patient, columns: { session: session } }
  - { id: b, type: ingest, file: trial.csv, grain: patient, columns: { date: session } }
  - { id: c, type: ingest, file: trial.csv, grain: patient, wide: { separator: _s } }
  - { id: d, type: ingest, file: trial.csv, grain: patient }
  - { id: e, type: patients, from: d, outcome: phq_post, alliance: [wai1] }
  - { id: f, type: trajectories, from: d, variables: [phq_post] }
`,
    );
    const r = cli(['validate', 'bad.yaml'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('stages[0].columns.session: a file read with grain: patient has one row per patient, so no session number; leave columns.session out, or read the file with grain: session');
    expect(r.stderr).toContain('stages[1].columns.date: a file read with grain: patient has one row per patient, so no session date');
    expect(r.stderr).toContain('stages[2].grain: grain: patient keeps one row per patient as it is, and wide reshapes such a row into sessions; use one or the other');
    // trial.csv has a column named session: with grain: patient it is an ordinary number, not the session role
    expect(r.stderr).toMatch(/stages\[4\]\.from: table 'd' has no session/);
    expect(r.stderr).toMatch(/stages\[5\]\.from: table 'd' has no session column/);
    expect(r.stderr).not.toMatch(/stages\[3\]/);
  });

  it('without grain, a file with no session column is refused with a pointer to grain: patient, and nothing is written', () => {
    const out = project.path('out-no-session');
    project.write('q.yaml', `name: t\nstages:\n  - { id: pts, type: ingest, file: twice.csv }\n`);
    const r = cli(['run', 'q.yaml', '--out', out], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("stages[0].columns.session: no session column: twice.csv has no column 'session'; map one with columns.session (or columns.date), or, for a file with one row per patient, set grain: patient.");
    expect(existsSync(out)).toBe(false);
  });
});
