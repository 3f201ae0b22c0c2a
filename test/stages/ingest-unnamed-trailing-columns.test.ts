// Spreadsheet exports often end every line with empty columns (`…,phq9,,` in the header, `…,1,,` in
// each row): Excel keeps columns that once held something. ingest refused such files ("header
// column 27 has no name", found by QA) although nothing is in those columns. It now reads them,
// checks they are empty, drops them and says so in its result (emptyUnnamedColumns); a value in
// one is data without a name and stops the run at its line. An unnamed column between named ones
// is still refused. Real CLI process; the control is the same data without the empty columns.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { expectRunFails, runStages } from '../helpers/cli-run.ts';

const rows = [
  ['P1', 1, 3, 2],
  ['P1', 2, 4, 1],
  ['P2', 1, 2, 3],
  ['P2', 2, 5, 2],
  ['P3', 1, 4, 4],
];
const header = 'patient,session,alliance,symptoms';
const csv = (end: string, lines = rows.map((r) => r.join(','))) => [header + end, ...lines.map((l) => l + end)].join('\n') + '\n';
const spec = (file: string) => `name: t\nstages:\n  - { id: sessions, type: ingest, file: ${file} }\n  - { id: patients, type: patients, from: sessions, outcome: symptoms, alliance: [alliance] }\n`;
const stray = rows.map((r, i) => r.join(',') + (i === 3 ? ',,x' : ',,'));

const project = tempProject({
  'plain.csv': csv(''),
  'trailing.csv': csv(',,'),
  'trailing.tsv': csv('\t\t', rows.map((r) => r.join('\t'))).replace(/,/g, '\t'),
  'spaces.csv': csv(', ,'),
  'stray.csv': [header + ',,', ...stray].join('\n') + '\n',
  'middle.csv': 'patient,,session,alliance,symptoms\n' + rows.map((r) => [r[0], '', ...r.slice(1)].join(',')).join('\n') + '\n',
  'plain.yaml': spec('plain.csv'),
  'trailing.yaml': spec('trailing.csv'),
  'trailing-tsv.yaml': spec('trailing.tsv'),
  'spaces.yaml': spec('spaces.csv'),
  'stray.yaml': spec('stray.csv'),
  'middle.yaml': spec('middle.csv'),
  // a wide file with separator '_': the empty columns are not taken for sessions of a stem
  'wide.csv': 'id,x_1,x_2,,\nP1,3,4,,\nP2,2,5,,\nP3,1,1,,\n',
  'wide.yaml': 'name: t\nstages:\n  - { id: s, type: ingest, file: wide.csv, columns: { patient: id }, wide: { separator: _ } }\n',
});
afterAll(() => project.dispose());

const runs = (name: string) => runStages(project, name);
const fails = (name: string, message: RegExp, command?: 'run' | 'validate') => expectRunFails(project, name, message, command);

describe('ingest: empty unnamed columns at the end of every line', () => {
  it('are dropped, named in the result, and the analysis is that of the file without them', () => {
    const plain = runs('plain');
    expect(plain.sessions.emptyUnnamedColumns).toBeUndefined();
    for (const name of ['trailing', 'trailing-tsv', 'spaces']) {
      const s = runs(name);
      expect(s.sessions.emptyUnnamedColumns, name).toEqual([5, 6]);
      expect(s.sessions.rows, name).toBe(5);
      expect(s.patients, name).toEqual(plain.patients);
    }
  });

  it('in a wide file with separator _ they are not read as sessions', () => {
    const s = runStages(project, 'wide').s;
    expect([s.rows, s.patients, s.emptyUnnamedColumns]).toEqual([6, 3, [4, 5]]);
  });

  it('a value in one names its line and column position', () => {
    fails('stray', /^error: stray\.csv, line 5: 'x' is in column 6, which has no name in the header; name the column in the header/m);
  });

  it('an unnamed column between named ones is still refused', () => {
    fails('middle', /^error: middle\.csv: header column 2 has no name/m);
  });
});
