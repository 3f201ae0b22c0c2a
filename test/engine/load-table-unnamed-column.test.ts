// A quick command (`alliance correlate FILE …`, through loadTable) must refuse a CSV header with an
// unnamed column as a pipeline's ingest stage does (README: both read a file the same way; every
// user error is one message naming the file and the column position, exit 1, no partial output).
// Expected: ingest's own message "header column N has no name" (src/stages/ingest.ts
// checkDuplicateColumns), here compared with what ingest says for the same file. Before the fix,
// DuckDB named the column `column3` and `alliance correlate` ran on the file.
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/engine/errors.ts';
import { cli, runSpecText, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

const rows = (cells: (i: number) => string) => Array.from({ length: 12 }, (_, i) => cells(i)).join('\n') + '\n';
// `a,,b` is a column whose name was deleted (a trailing `x,y,`, a spreadsheet's empty column, is
// read and dropped when it is empty: test/engine/csv-header-excel-lines.test.ts, test/stages/ingest-unnamed-trailing-columns.test.ts)
project.write('middle.csv', `patient,session,x,,y\n${rows((i) => `P${i % 3},${1 + Math.floor(i / 3)},${(i * 37) % 11},1,${(i * 13) % 7}`)}`);
project.write('spaced.csv', `patient,session,x, ,y\n${rows((i) => `P${i % 3},${1 + Math.floor(i / 3)},${(i * 37) % 11},1,${(i * 13) % 7}`)}`);

/** The message ingest gives for `file`. */
async function ingestMessage(file: string): Promise<string> {
  const error = await runSpecText(project.dir, `name: t\nstages:\n  - { id: sessions, type: ingest, file: ${file} }\n`).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return (error as DataError).message;
}

describe('quick commands refuse a header column without a name, as ingest does (real CLI)', () => {
  it.each([
    ['middle.csv', 4, ''],
    ['spaced.csv', 4, ''],
  ])('%s: header column %i, with ingest’s message', async (file, column, hint) => {
    const message = `header column ${column} has no name${hint}`;
    expect(await ingestMessage(file)).toBe(message);
    for (const args of [
      ['correlate', file, '--x', 'x', '--y', 'y'],
      ['mixed', file, '--formula', 'y ~ x + (1 | patient)'],
    ]) {
      const r = cli(args, project.dir);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: ${file}: ${message}\n`);
    }
  });
});
