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
