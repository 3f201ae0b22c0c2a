// A wide file (one row per patient, sessions side by side) with a patient on two rows was refused
// as "column 'session': patient 'P4' has session 1 more than once", naming a column the file does
// not have (found by QA). The message now names the patient column and the lines of both rows. Real CLI; the
// control is the long file's message, which names its session column.
import { afterAll, describe, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { expectRunFails } from '../helpers/cli-run.ts';

const project = tempProject({
  'wide.csv': 'id,x_s1,x_s2\nP1,3,4\nP4,2,5\nP2,1,1\nP4,2,3\n',
  'wide.yaml': 'name: t\nstages:\n  - { id: s, type: ingest, file: wide.csv, columns: { patient: id }, wide: { separator: _s } }\n',
  'long.csv': 'id,visit,x\nP1,1,3\nP4,1,2\nP4,1,5\n',
  'long.yaml': 'name: t\nstages:\n  - { id: s, type: ingest, file: long.csv, columns: { patient: id, session: visit } }\n',
});
afterAll(() => project.dispose());

describe('ingest: a patient on two rows of a wide file', () => {
  it('names the patient column and the lines of both rows', () => {
    expectRunFails(project, 'wide', /^error: wide\.csv, lines 3 and 5, column 'id': patient 'P4' is on more than one row; a wide file has one row per patient/m);
  });

  it('control: a long file names its session column', () => {
    expectRunFails(project, 'long', /^error: long\.csv, lines 3 and 4, column 'visit': patient 'P4' has session 1 more than once$/m);
  });
});
