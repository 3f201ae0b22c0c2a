// ingest with `columns: { date: … }` and no session column numbers each patient's sessions by
// date. Two rows of one patient on the same date got the same session number, and the error named
// column 'session', which the file does not have ("row 3, column 'session': patient 'P1' has
// session 2 more than once"). It now names the date column, the date and the lines of both rows (README: one
// message naming the file and row/column). Real CLI process; the session-column message is the
// control.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject({
  'dates.csv': ['patient,visit_date,score', 'P1,2024-01-08,4', 'P2,2024-01-09,3', 'P1,2024-01-22,5', 'P1,2024-01-15,2', 'P1,2024-01-22,1'].join('\n') + '\n',
  'dates.yaml': 'name: t\nstages:\n  - { id: sessions, type: ingest, file: dates.csv, columns: { date: visit_date } }\n',
  'sessions.csv': ['patient,visit,score', 'P1,1,4', 'P1,2,5', 'P1,2,1'].join('\n') + '\n',
  'sessions.yaml': 'name: t\nstages:\n  - { id: sessions, type: ingest, file: sessions.csv, columns: { session: visit } }\n',
});
afterAll(() => project.dispose());

function runFails(spec: string, message: RegExp) {
  const out = project.path(`out-${spec}`);
  const r = cli(['run', spec, '--out', out], project.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(existsSync(out)).toBe(false);
}

describe('ingest: one patient twice on one date (real CLI)', () => {
  it('names the date column, the date and the lines of both rows', () => {
    runFails('dates.yaml', /^error: dates\.csv, lines 4 and 6, column 'visit_date': patient 'P1' has more than one row on 2024-01-22; sessions are numbered by date/m);
  });

  it('a repeated session number still names the session column', () => {
    runFails('sessions.yaml', /^error: sessions\.csv, lines 3 and 4, column 'visit': patient 'P1' has session 2 more than once$/m);
  });
});
