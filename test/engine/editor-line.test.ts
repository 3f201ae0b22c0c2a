// Ingest's read errors name the file's line as an editor numbers it. DuckDB's "CSV Error on Line: N"
// counts only line breaks outside quoted cells, so after a note cell holding a line break the
// message pointed at the row before the bad one (found by QA on an export with multi-line
// therapist notes). README promise: every user error names the file and its row or line.
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { editorLine } from '../../src/engine/csv-read-error.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

describe('editorLine: the editor line on which DuckDB line N starts', () => {
  it.each([
    ['LF, no quoted break: the same number', 'a,b\n1,2\n3,4\n', 3, 3],
    ['LF, a quoted cell over two lines before it', 'a,b\n"x\ny",2\n3,4\n', 3, 4],
    ['CRLF, a quoted cell over three lines', 'a,b\r\n"x\r\ny\r\nz",2\r\n3,4\r\n', 3, 5],
    ['CR only', 'a,b\r"x\ry",2\r3,4\r', 3, 4],
    ['a doubled quote inside a quoted cell keeps it open', 'a,b\n"say ""hi""\nthere",2\n3,4\n', 3, 4],
    ['blank lines count, as DuckDB counts them', 'a,b\n\n1,2\n3,4\n', 4, 4],
    ['the header is line 1', '"a\nb",c\n1,2\n', 1, 1],
    ['a multi-line header', '"a\nb",c\n1,2\n', 2, 3],
    ['the file ends first: the number given', 'a,b\n1,2\n', 9, 9],
  ])('%s', async (_, text, line, expected) => {
    const file = project.write(`f${line}-${expected}-${text.length}.csv`, text);
    expect(await editorLine(file, line)).toBe(expected);
  });

  it('a CRLF split between two read chunks is one line break', async () => {
    // the first 1 MiB chunk ends with the \r of a CRLF inside a quoted cell, its \n starts the next
    const pad = 'x'.repeat((1 << 20) - 'a,b\r\n"'.length - 1);
    const file = project.write('split.csv', `a,b\r\n"${pad}\r\nmore",2\r\n3,4\r\n`);
    expect(await editorLine(file, 3)).toBe(4);
  });

  it('a gzipped file is counted in its text, as DuckDB reads it (its compressed bytes hold stray quotes and breaks)', async () => {
    const text = 'a,b\n"x\ny",2\n3,4\n'.repeat(50);
    const file = project.write('notes.csv.gz', gzipSync(text));
    // DuckDB line 41 follows 40 breaks outside quotes: 13 blocks of four editor lines with three such
    // breaks each (39), then the 14th block's first line (53) and its break: editor line 54
    expect(await editorLine(file, 41)).toBe(54);
  });
});

describe('ingest: a bad cell after a multi-line note is named at its editor line', () => {
  const spec = (file: string) => `name: m\nstages:\n  - { id: s, type: ingest, file: ${file}, text: [note] }\n  - { id: w, type: within-patient, from: s, pairs: [{ x: wai_total, y: phq_total }] }\n`;
  const csv = (eol: string, last: string) =>
    ['patient,session,note,wai_total,phq_total', 'p1,1,"two', `lines",40,10`, 'p1,2,ok,41,9', 'p1,3,"a', 'b', `c",42,1`, last, 'p1,5,ok,44,7'].join(eol) + eol;

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('a cell that is not a number (%s): line 8, where DuckDB says 5', (name, eol) => {
    project.write(`bad-${name}.csv`, csv(eol, 'p1,4,ok,43,x'));
    project.write(`bad-${name}.yaml`, spec(`bad-${name}.csv`));
    const r = cli(['run', `bad-${name}.yaml`, '--out', `out-${name}`, '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: bad-${name}.csv, line 8, column 'phq_total': 'x' is not a number (declare the column under \`text:\` if it is not numeric)\n`);
  });

  it('a line with a field too few: line 8', () => {
    project.write('short.csv', csv('\n', 'p1,4,ok,43'));
    project.write('short.yaml', spec('short.csv'));
    const r = cli(['run', 'short.yaml', '--out', 'out-short', '--quiet'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: short.csv, line 8: expected 5 fields but found 4 (a truncated line, a stray delimiter, or an unclosed quote)\n');
  });
});
