// A quick command refuses a CSV header that names a column twice, as a pipeline's ingest stage
// does, with the same wording (src/stages/ingest.ts checkDuplicateColumns: "duplicate column name
// 'x' (header columns 1 and 2)"). README promise: one clear message naming the file, exit 1, no
// partial output. Before the fix, DuckDB silently renamed the second `x` to `x_1` and `alliance
// correlate FILE --x x --y x_1` ran on it.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const body = Array.from({ length: 12 }, (_, i) => `${(i * 37) % 11},${(i * 13) % 7},${i}`).join('\n') + '\n';
project.write('dup.csv', `x,y,x\n${body}`);
project.write('case.csv', `Score,y,score\n${body}`);
project.write('ok.csv', `x,y,z\n${body}`);

function refused(args: string[], message: RegExp) {
  const r = cli(args, project.dir);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('quick commands refuse a duplicated header name (real CLI)', () => {
  it('correlate: the same name twice, named with both header positions', () => {
    refused(['correlate', 'dup.csv', '--x', 'x', '--y', 'y'], /^error: dup\.csv: duplicate column name 'x' \(header columns 1 and 3\)\n$/);
    refused(['correlate', 'dup.csv', '--x', 'x_1', '--y', 'y'], /^error: dup\.csv: duplicate column name 'x'/);
  });

  it('mixed: names differing only in case count as one (DuckDB names are case-insensitive)', () => {
    refused(['mixed', 'case.csv', '--formula', 'Score ~ y + (1 | z)'], /^error: case\.csv: column names 'Score' and 'score' differ only in upper\/lower case \(header columns 1 and 3\)/);
  });

  it('a header without repeats still loads', () => {
    const r = cli(['correlate', 'ok.csv', '--x', 'x', '--y', 'y', '--json'], project.dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).n).toBe(12);
  });
});

// A ragged line or an unclosed quote: DuckDB's type detection fails with "Error when sniffing
// file" and no line, or (a ragged last line) reads no rows and the command said "the file has a
// header but no data rows". The quick commands now name the line as a pipeline's ingest does
// (src/engine/csv-read-error.ts, the same strict read and wording).
describe('quick commands name the line of a malformed CSV (real CLI)', () => {
  const good = Array.from({ length: 8 }, (_, i) => `${i},${(i * 5) % 7}`);
  const withLine = (at: number, line: string) => ['x,y', ...good.slice(0, at - 2), line, ...good.slice(at - 2)].join('\n') + '\n';
  project.write('short.csv', withLine(4, '5'));
  project.write('long.csv', withLine(3, '1,2,3'));
  project.write('short-last.csv', ['x,y', ...good, '9'].join('\n') + '\n');
  project.write('open-quote.csv', withLine(3, '"1,2'));
  project.write('three.csv', 'x,y,z\n1,2\n');

  it('a line with too few or too many fields, anywhere in the file', () => {
    refused(['correlate', 'short.csv', '--x', 'x', '--y', 'y'], /^error: short\.csv, line 4: expected 2 fields but found 1 \(a truncated line, a stray delimiter, or an unclosed quote\)\n$/);
    refused(['correlate', 'long.csv', '--x', 'x', '--y', 'y'], /^error: long\.csv, line 3: expected 2 fields but found 3 /);
    refused(['sudden', 'short-last.csv', '--id', 'x', '--time', 'x', '--score', 'y', '--crit1', '3'], /^error: short-last\.csv, line 10: expected 2 fields but found 1 /);
    refused(['correlate', 'three.csv', '--x', 'x', '--y', 'y'], /^error: three\.csv, line 2: expected 3 fields but found 2 /);
  });

  it('a quoted field left open', () => {
    refused(['meta', 'open-quote.csv', '--yi', 'x', '--vi', 'y'], /^error: open-quote\.csv, line 3: a quoted field is not closed\n$/);
  });

  it('a header alone still says there are no data rows', () => {
    project.write('header-only.csv', 'x,y\n');
    refused(['correlate', 'header-only.csv', '--x', 'x', '--y', 'y'], /^error: header-only\.csv: the file has a header but no data rows\n$/);
  });
});
