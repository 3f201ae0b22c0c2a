// The quick commands' FILE problems are one message naming the file, the line (as an editor
// numbers it, header = line 1, so data row N of a plain file is line N + 1) and the column,
// exit 1, no stack trace (README "Commands": exit codes; "one message naming the file and
// row/column"). Real CLI processes, run
// in the data's folder so the file is named as given. Before the fix: 'inf' reached the kernels
// ("pearson: non-finite value at index 29 … delete incomplete pairs before calling", sudden's
// "score at row 4 is infinite" for data row 5, mixed's "row 8"), 'nan' was silently a missing
// value (ingest refuses both, see test/robustness), a missing file was said to be looked for in
// "the spec's folder", a header-only file was "the column is text", and a text cell after DuckDB's
// 20,480-row type sample was "Conversion Error: CSV Error on Line: 24002" without column or value.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const xy = (cells: string[][]) => ['x,y', ...cells.map((c) => c.join(','))].join('\n') + '\n';
const pairs = (n: number) => Array.from({ length: n }, (_, i) => [String((i * 37) % 11), String((i * 13) % 7)]);
const withCell = (n: number, row: number, cell: string) => pairs(n).map((c, i) => (i === row - 1 ? [cell, c[1]] : c));
// A session file whose data row 5 (patient P0, session 2) holds 'inf'; rows are not in session
// order, so the row after sorting (4th of P0, 0-based 1) is not the file's row.
const series = ['id,session,score', 'P1,1,10', 'P1,2,12', 'P0,4,19', 'P0,3,20', 'P0,2,inf', 'P0,1,21', 'P1,3,11', 'P1,4,9'].join('\n') + '\n';

project.write('inf.csv', xy(withCell(40, 30, 'inf')));
project.write('nan.csv', xy(withCell(40, 12, 'nan')));
project.write('overflow.csv', xy(withCell(40, 9, '1e999')));
project.write('four.csv', xy(pairs(4)));
project.write('na.csv', xy(withCell(40, 7, 'NA')));
project.write('late.csv', xy(withCell(24_001, 24_001, 'abc')));
project.write('header-only.csv', 'x,y\n');
project.write('series.csv', series);
// Excel's "Unicode Text": UTF-16 with a byte-order mark (it read as 'a quoted field is not closed')
project.write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xy(pairs(20)), 'utf16le')]));
project.write('studies.csv', ['study,r,n', 'a,0.2,50', 'b,0.3,60', 'c,-inf,70', 'd,0.1,80'].join('\n') + '\n');

function expectOneMessage(args: string[], message: RegExp) {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return r.stderr;
}

describe('quick commands name the file, row and column of a bad cell (real CLI)', () => {
  it.each([
    ['correlate', ['--x', 'x', '--y', 'y']],
    ['meta', ['--r', 'x', '--n', 'y']],
    ['mixed', ['--formula', 'y ~ 1 + (1 | x)']],
    ['sudden', ['--id', 'x', '--time', 'y', '--score', 'y', '--crit1', '3']],
    ['ruptures', ['--id', 'x', '--time', 'y', '--score', 'y', '--preset', 'stiles2004']],
  ])('%s: a UTF-16 file is named as one, with the way to save it, as ingest names it', (command, flags) => {
    expectOneMessage([command, 'utf16.csv', ...flags], /^error: utf16\.csv: the file is UTF-16 text \(Excel "Unicode Text"\); save it as "CSV UTF-8"$/m);
  });

  it("correlate: 'inf' at data row 30 (line 31)", () => {
    expectOneMessage(['correlate', 'inf.csv', '--x', 'x', '--y', 'y'], /^error: inf\.csv, line 31, column 'x': 'inf' is not a finite number/);
  });

  it("correlate: '1e999', which DuckDB reads as inf, is named as a number past a double's range", () => {
    expectOneMessage(['correlate', 'overflow.csv', '--x', 'x', '--y', 'y'], /^error: overflow\.csv, line 10, column 'x': 'inf' is not a finite number \(the cell reads as infinity: written as inf or Infinity, or as a number beyond a double's range of ±1\.8e308 such as 1e999;/);
  });

  it('correlate --bootstrap on 4 pairs names the bootstrap, not an internal function', () => {
    expectOneMessage(['correlate', 'four.csv', '--x', 'x', '--y', 'y', '--bootstrap', '100'], /^error: four\.csv: --x x, --y y: bootstrap: needs at least 5 pairs, got 4$/m);
  });

  it("correlate: 'nan' is refused as ingest refuses it, not taken as missing", () => {
    expectOneMessage(['correlate', 'nan.csv', '--x', 'x', '--y', 'y'], /^error: nan\.csv, line 13, column 'x': 'nan' is not a finite number \(missing values must be empty cells\)/);
  });

  it('sudden, ruptures and mixed: the file row of the infinite score, not its position after sorting', () => {
    const where = /^error: series\.csv, line 6, column 'score': 'inf' is not a finite number/;
    expectOneMessage(['sudden', 'series.csv', '--id', 'id', '--time', 'session', '--score', 'score', '--crit1', 'none'], where);
    expectOneMessage(['ruptures', 'series.csv', '--id', 'id', '--time', 'session', '--score', 'score', '--preset', 'stiles2004'], where);
    expectOneMessage(['mixed', 'series.csv', '--formula', 'score ~ session + (1 | id)'], where);
  });

  it('meta: an infinite correlation names its study row', () => {
    expectOneMessage(['meta', 'studies.csv', '--r', 'r', '--n', 'n'], /^error: studies\.csv, line 4, column 'r': '-inf' is not a finite number/);
  });

  it('a text cell after the type sample names its row, column and value', () => {
    expectOneMessage(['correlate', 'late.csv', '--x', 'x', '--y', 'y'], /^error: late\.csv, line 24002, column 'x': --x x: 'abc' is not a number\n$/);
  });

  it('mixed: a text cell in the response names its row and value (was "--formula: the response \'x\' must be numeric", exit 2)', () => {
    expectOneMessage(['mixed', 'na.csv', '--formula', 'x ~ 1 + (1 | y)'], /^error: na\.csv, line 8, column 'x': --formula response x: 'NA' is not a number/);
  });

  it('a missing-value code names its row and asks for empty cells', () => {
    expectOneMessage(['correlate', 'na.csv', '--x', 'x', '--y', 'y'], /^error: na\.csv, line 8, column 'x': --x x: 'NA' is not a number \(missing values must be empty cells\)/);
  });

  it('a header-only file has no data rows', () => {
    expectOneMessage(['correlate', 'header-only.csv', '--x', 'x', '--y', 'y'], /^error: header-only\.csv: the file has a header but no data rows\n$/);
  });

  it('a missing file is looked for in the current folder, not a spec folder', () => {
    const stderr = expectOneMessage(['correlate', 'nosuch.csv', '--x', 'x', '--y', 'y'], /input file "nosuch\.csv" was not found: .*relative paths are read from the current folder /);
    expect(stderr).not.toMatch(/spec/);
  });
});
