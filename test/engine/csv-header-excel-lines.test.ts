// Two artefacts of spreadsheet exports, found by the QA pass on messy exports: Excel's delimiter
// line (`sep=;` above the header) and a delimiter at the end of every line. Both used to be refused
// as "header column N has no name", which names neither cause nor fix. Expected: ingest (through
// `alliance run`) and the quick commands say what the line is and how to fix the file.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const rows = ['1;3;2', '2;4;1', '3;5;3', '4;2;2', '5;4;4'];

describe('spreadsheet artefacts in a CSV header are named with their fix', () => {
  it("Excel's sep= line above the header", () => {
    project.write('sep.csv', ['sep=;', 'patient;x;y', ...rows].join('\r\n') + '\r\n');
    const r = cli(['correlate', 'sep.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("error: sep.csv: the first line is Excel's delimiter line (sep=), not a header; delete that line so that the column names come first");
    project.write('sep.yaml', 'name: s\nstages:\n  - { id: sessions, type: ingest, file: sep.csv, grain: patient }\n');
    const run = cli(['run', 'sep.yaml', '--out', 'out-sep', '--quiet'], project.dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/sep\.csv: the first line is Excel's delimiter line \(sep=\), not a header/);
  });

  it('a delimiter at the end of every line', () => {
    project.write('trail.csv', ['patient;x;y;', ...rows.map((r) => `${r};`)].join('\n') + '\n');
    const r = cli(['correlate', 'trail.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('error: trail.csv: header column 4 has no name (the header line ends with a delimiter; if every line does, remove the delimiter at the end of each line, e.g. by saving the file again from the spreadsheet program, or else name the column)');
  });

  it('an unnamed column elsewhere keeps the plain message', () => {
    project.write('gap.csv', ['patient;;y', ...rows].join('\n') + '\n');
    const r = cli(['correlate', 'gap.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('error: gap.csv: header column 2 has no name');
  });
});
