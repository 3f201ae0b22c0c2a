// A number with a decimal point in a file read with decimal commas (`decimal: ','`, declared or
// detected) stopped the run with "'8.3' is not a number (declare the column under `text:` if it is
// not numeric)": advice that would make the column text (found by QA, on a comma-delimited file
// with `decimal: ','`). The message now says that the file is read with decimal commas. A
// comma-delimited file with decimal commas stays valid when they are quoted ("1,5"; see
// ingest-decimal-evidence.test.ts), so validate does not refuse that combination. Real CLI.
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.ts';
import { expectRunFails, runStages } from '../helpers/cli-run.ts';

const ingest = (file: string, extra: string) => `name: t\nstages:\n  - { id: s, type: ingest, file: ${file}${extra} }\n`;
const project = tempProject({
  'comma-point.csv': 'patient,session,x\nP1,1,"2,5"\nP1,2,8.3\n',
  'semi.csv': 'patient;session;x\nP1;1;2,5\nP1;2;3,5\n',
  'semi-point.csv': 'patient;session;x\nP1;1;2,5\nP1;2;8.3\n',
  'comma-point.yaml': ingest('comma-point.csv', ", decimal: ','"),
  'semi.yaml': ingest('semi.csv', ''),
  'semi-point.yaml': ingest('semi-point.csv', ", decimal: ','"),
});
afterAll(() => project.dispose());

describe('ingest: a decimal point in a file read with decimal commas', () => {
  it('is named as such, declared or detected, whatever the delimiter', () => {
    const hint = "is not a number \\(the file is read with decimal commas, and this number has a decimal point: set `decimal: '\\.'`";
    expectRunFails(project, 'semi-point', new RegExp(`^error: semi-point\\.csv, line 3, column 'x': '8\\.3' ${hint}`, 'm'));
    expectRunFails(project, 'comma-point', new RegExp(`^error: comma-point\\.csv, line 3, column 'x': '8\\.3' ${hint}`, 'm'));
  });

  it("control: a ';' file's decimal commas are detected and read", () => {
    const s = runStages(project, 'semi');
    expect([s.s.decimal, s.s.delimiter, s.s.rows]).toEqual([',', ';', 2]);
  });
});
