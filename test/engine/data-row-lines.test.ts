// Errors about a CSV's rows name the line a researcher finds in an editor or a spreadsheet (the
// header on line 1). They used to mix two counts: a cell that is not a number gave DuckDB's line
// ("line 5"), an out-of-range item or a repeated session the data row of the same record ("row 4"),
// so one file's two errors pointed at neighbouring lines. Expected: every error about a delimited
// text file's rows says "line", counted as dataRowLines counts (checked here against DuckDB's own
// row order, so a blank line or a note over two lines moves the line and not the row).
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataRowLines, placeLines } from '../../src/engine/csv-read-error.ts';
import { DataError, formatDataError } from '../../src/engine/errors.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** The data rows DuckDB reads from `path` (1-based, its order), each as its `id` cell. */
async function duckdbIds(path: string): Promise<string[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const r = await db.runAndReadAll(`SELECT id FROM read_csv('${path}', delim=',', quote='"', escape='"', header=true, auto_detect=false, columns={'id': 'VARCHAR', 'note': 'VARCHAR'}, strict_mode=true, null_padding=false)`);
  db.closeSync();
  return r.getRows().map((row) => String(row[0]));
}

describe('dataRowLines: the editor line of each data row, rows counted as DuckDB reads them', () => {
  // every record's first cell is its id; a note may hold line breaks; blank lines lie between records
  const records = ['r1,plain', 'r2,"a note\nover two lines"', '', 'r3,after a blank line', '', '', 'r4,"three\n\nlines, one blank"', 'r5,"say ""hi""\nthere"', 'r6,last'];
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR only', '\r'],
  ])('%s: each row is found on the line that starts with its id', async (_, eol) => {
    const text = ['id,note', ...records].join('\n').replaceAll('\n', eol) + eol;
    const file = project.write(`rows-${eol.length}-${eol.charCodeAt(0)}.csv`, text);
    const ids = await duckdbIds(file);
    expect(ids).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    const lines = await dataRowLines(file, ids.map((_, i) => i + 1));
    const editor = text.split(eol);
    expect(lines.map((l) => editor[l! - 1]!.split(',')[0])).toEqual(ids);
    // by hand: header 1, r1 2, r2 3–4, blank 5, r3 6, blanks 7–8, r4 9–11, r5 12–13, r6 14
    expect(lines).toEqual([2, 3, 6, 9, 12, 14]);
  });

  it('rows asked for in any order, repeated, or past the end', async () => {
    const file = project.write('order.csv', 'id,note\na,1\n\nb,2\nc,3\n');
    expect(await dataRowLines(file, [3, 1, 3, 9])).toEqual([5, 2, 5, undefined]);
  });

  it('a gzipped CSV is read through gunzip, as DuckDB reads it', async () => {
    const file = project.write('rows.csv.gz', gzipSync('id,note\na,"x\ny"\nb,2\n'));
    expect(await dataRowLines(file, [2])).toEqual([4]);
  });

  it('a byte-order mark does not move the header off line 1', async () => {
    const file = project.write('bom.csv', '\uFEFFid,note\na,1\nb,2\n');
    expect(await dataRowLines(file, [1, 2])).toEqual([2, 3]);
  });
});

describe('a DataError names its rows by line once placed', () => {
  it('one row, several rows, and a file that is not delimited text keep their forms', async () => {
    const file = project.write('place.csv', 'id,note\na,"x\ny"\nb,2\nc,3\n');
    const one = await placeLines(new DataError('bad', 'place.csv', 2, 'note', { text: file }));
    expect(formatDataError(one)).toBe("place.csv, line 4, column 'note': bad");
    const dup = await placeLines(new DataError('twice', 'place.csv', 1, 'id', { text: file, more: [3] }));
    expect(formatDataError(dup)).toBe("place.csv, lines 2 and 5, column 'id': twice");
    // no text file (JSON, Parquet): the data row
    const json = await placeLines(new DataError('bad', 'data.json', 2, 'x', { more: [3, 4] }));
    expect(formatDataError(json)).toBe("data.json, rows 2, 3 and 4, column 'x': bad");
    expect(formatDataError(new DataError('m', 'f.csv', 1, undefined, { more: [2, 3, 4, 5, 6, 7] }))).toBe('f.csv, rows 1, 2, 3, 4, 5, …: m');
  });

  it('alliance run: a repeated session and an out-of-range item after a two-line note name the lines an editor shows', () => {
    const head = 'patient,session,note,g1,g2,g3,g4,g5,g6,g7';
    const rows = ['P1,1,"first visit,\nreferred by GP",1,1,1,1,1,1,1', '', 'P1,2,,2,2,2,2,2,2,2', 'P1,1,,3,3,3,3,3,3,3'];
    project.write('twice.csv', [head, ...rows].join('\n') + '\n');
    const spec = (file: string) =>
      `name: t\nstages:\n  - { id: s, type: ingest, file: ${file}, columns: { patient: patient, session: session }, text: [note] }\n  - { id: sc, type: score, from: s, instruments: [{ instrument: gad-7, prefix: g }] }\n`;
    project.write('twice.yaml', spec('twice.csv'));
    const dup = cli(['run', 'twice.yaml', '--out', 'out-twice', '--quiet'], project.dir);
    expect(dup.status, dup.stderr).toBe(1);
    // P1 session 1: data rows 1 and 3, on lines 2 (its note runs to 3) and 6 (after the blank line 4 and row 2 on 5)
    expect(dup.stderr.trim()).toBe("error: twice.csv, lines 2 and 6, column 'session': patient 'P1' has session 1 more than once");
    project.write('range.csv', [head, rows[0], rows[1], rows[2], 'P1,3,,1,9,1,1,1,1,1'].join('\n') + '\n');
    project.write('range.yaml', spec('range.csv'));
    const range = cli(['run', 'range.yaml', '--out', 'out-range', '--quiet'], project.dir);
    expect(range.status, range.stderr).toBe(1);
    // the score stage finds it through ingest's _row (data row 3), named as line 6
    expect(range.stderr).toMatch(/^error: range\.csv, line 6, column 'g2': value 9 is outside/);
  });

  it('a value over two lines is quoted on one line, and named at the line its record starts on', () => {
    project.write('note.csv', 'x,y\n1,2\n\n"not\na number",3\n4,5\n');
    const r = cli(['correlate', 'note.csv', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe("error: note.csv, line 4, column 'x': --x x: 'not\\na number' is not a number\n");
  });
});
