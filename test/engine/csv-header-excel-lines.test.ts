// Two artefacts of spreadsheet exports, found by the QA pass on messy exports: Excel's delimiter
// line (`sep=;` above the header) and a delimiter at the end of every line. Both used to be refused
// as "header column N has no name", which names neither cause nor fix. Expected: ingest (through
// `alliance run`) and the quick commands say what the sep= line is and how to fix the file, and read
// a file whose lines all end with a delimiter as the file without it (the empty column is dropped).
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

  it('a delimiter at the end of every line: the empty unnamed column is dropped (as ingest drops it)', () => {
    project.write('trail.csv', ['patient;x;y;', ...rows.map((r) => `${r};`)].join('\n') + '\n');
    project.write('plain.csv', ['patient;x;y', ...rows].join('\n') + '\n');
    const r = cli(['correlate', 'trail.csv', '--x', 'x', '--y', 'y', '--json'], project.dir);
    expect(r.status, r.stderr).toBe(0);
    const plain = cli(['correlate', 'plain.csv', '--x', 'x', '--y', 'y', '--json'], project.dir);
    expect(plain.status, plain.stderr).toBe(0);
    // by hand: Σdxdy = 1.8, Σdx² = Σdy² = 5.2, r = 9/26
    expect(JSON.parse(r.stdout).r).toBeCloseTo(9 / 26, 12);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(plain.stdout));
    // something in it is data without a name: refused at its row
    project.write('stray.csv', ['patient;x;y;', ...rows.map((r, i) => `${r};${i === 2 ? '7' : ''}`)].join('\n') + '\n');
    const s = cli(['correlate', 'stray.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(s.status).toBe(1);
    expect(s.stderr.trim()).toBe("error: stray.csv, line 4: '7' is in column 4, which has no name in the header; name the column in the header (or, if the value is stray, delete it)");
  });

  it('an unnamed column elsewhere keeps the plain message', () => {
    project.write('gap.csv', ['patient;;y', ...rows].join('\n') + '\n');
    const r = cli(['correlate', 'gap.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('error: gap.csv: header column 2 has no name');
  });
});
