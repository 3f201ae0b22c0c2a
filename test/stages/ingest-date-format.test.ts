// ingest numbers sessions by date in a file without a session column. Two gaps found by QA:
// - dates written 31.01.2024 (German exports) or 01/31/2024 could not be read at all: the only
//   format was ISO 8601, and the README did not say so. `dateFormat` (strptime codes) reads them;
// - `columns: { date: visit }` in a file that also has a session column was accepted and silently
//   unused (the session numbers win), even when the dates ran against the session numbers.
//   validate and run now refuse it at columns.date.
// Real CLI process. The control for the numbering: the same visits written in ISO 8601 and in
// dd.mm.yyyy give the same per-patient results, and the date order (not the file order) numbers them.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { expectRunFails, runStages } from '../helpers/cli-run.ts';

// P1's visits are in the file out of date order; its first session by date has score 9
const visits: [string, string, number][] = [
  ['P1', '2024-02-12', 5],
  ['P2', '2024-03-01', 3],
  ['P1', '2024-01-29', 9],
  ['P1', '2024-02-05', 7],
  ['P2', '2024-03-15', 1],
];
const german = (iso: string) => iso.split('-').reverse().join('.');
const american = (iso: string) => { const [y, m, d] = iso.split('-'); return `${m}/${d}/${y}`; };
const file = (fmt: (iso: string) => string) => ['patient,visit,score', ...visits.map(([p, d, s]) => `${p},${fmt(d)},${s}`)].join('\n') + '\n';
const spec = (data: string, extra = '') =>
  `name: t\nstages:\n  - { id: sessions, type: ingest, file: ${data}, columns: { date: visit }${extra} }\n  - { id: patients, type: patients, from: sessions, outcome: score, alliance: [score] }\n`;

const project = tempProject({
  'iso.csv': file((d) => d),
  'german.csv': file(german),
  'american.csv': file(american),
  'iso.yaml': spec('iso.csv'),
  'german.yaml': spec('german.csv', ", dateFormat: '%d.%m.%Y'"),
  'american.yaml': spec('american.csv', ", dateFormat: '%m/%d/%Y'"),
  'german-unsaid.yaml': spec('german.csv'),
  'german-wrong.yaml': spec('german.csv', ", dateFormat: '%m/%d/%Y'"),
  'no-day.yaml': spec('german.csv', ", dateFormat: '%m.%Y'"),
  'bad-code.yaml': spec('german.csv', ", dateFormat: '%d.%m.%Q'"),
  'both.csv': ['patient,session,visit,score', 'P1,1,2024-01-19,4', 'P1,2,2024-01-12,5'].join('\n') + '\n',
  'both.yaml': 'name: t\nstages:\n  - { id: sessions, type: ingest, file: both.csv, columns: { date: visit } }\n',
  'both-unmapped.yaml': 'name: t\nstages:\n  - { id: sessions, type: ingest, file: both.csv }\n',
  'format-with-session.yaml': "name: t\nstages:\n  - { id: sessions, type: ingest, file: both.csv, dateFormat: '%d.%m.%Y' }\n",
});
afterAll(() => project.dispose());

const runs = (name: string) => runStages(project, name);
const fails = (name: string, message: RegExp, command?: 'run' | 'validate') => expectRunFails(project, name, message, command);

describe('ingest: session dates in other formats (dateFormat)', () => {
  it('numbers the sessions by date, not by file order, and reads dd.mm.yyyy and mm/dd/yyyy as ISO dates', () => {
    const p = runs('iso').patients as { summary: Record<string, { min: number; max: number; mean: number }> };
    // by date P1 goes 9 → 7 → 5 and P2 3 → 1 (in file order P1 would start at 5 and end at 7)
    expect([p.summary.score_baseline.min, p.summary.score_baseline.max]).toEqual([3, 9]);
    expect([p.summary.score_final.min, p.summary.score_final.max]).toEqual([1, 5]);
    expect(p.summary.score_change.mean).toBe(-3);
    expect(runs('german').patients).toEqual(p);
    expect(runs('american').patients).toEqual(p);
  });

  it('a date in another format than the one declared names its line, column and the format', () => {
    fails('german-unsaid', /^error: german\.csv, line 2, column 'visit': '12\.02\.2024' is not a date \(write dates as YYYY-MM-DD, or say how they are written with dateFormat, e\.g\. '%d\.%m\.%Y'\)/m);
    fails('german-wrong', /^error: german\.csv, line 2, column 'visit': '12\.02\.2024' is not a date \(dateFormat '%m\/%d\/%Y'\)/m);
  });

  it('validate refuses a format without a day and a code strptime does not know', () => {
    fails('no-day', /stages\[0\]\.dateFormat: '%m\.%Y' reads no day of the month/, 'validate');
    fails('bad-code', /stages\[0\]\.dateFormat: '%d\.%m\.%Q' is not a date format DuckDB's strptime reads .*%Q/, 'validate');
  });
});

describe('ingest: a date column mapped in a file with a session column', () => {
  it('is refused at columns.date instead of being silently unused', () => {
    fails('both', /stages\[0\]\.columns\.date: columns\.date maps the session dates, but both\.csv has a session column \('session'\).*Leave columns\.date out/s, 'validate');
    fails('both', /stages\[0\]\.columns\.date: /);
    fails('format-with-session', /stages\[0\]\.dateFormat: dateFormat says how the session dates are written, but sessions are numbered by the session column 'session'/, 'validate');
  });

  it('control: the same file without the mapping runs on its session numbers', () => {
    expect(runs('both-unmapped').sessions).toBeDefined();
  });
});
