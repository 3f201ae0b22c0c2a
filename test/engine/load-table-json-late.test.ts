// A JSON value after DuckDB's 20,480-row type sample that the sampled type cannot take made the
// quick commands (`alliance correlate FILE …`, through loadTable) fail with DuckDB's own "cannot
// read the file: Invalid Input Error: JSON transform error …", without row or column, while a
// pipeline's ingest stage reads a blank string there as missing and names a real non-number's row
// and column (test/stages/ingest-json-blank-strings.test.ts, ingest-bad-number-row.test.ts).
// README: both read a file the same way; every user error names the file and row/column.
// Expected: ingest's values for the blank, and ingest's row and column for the non-number.
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { loadTable, requireFileColumn } from '../../src/engine/load-table.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { cli, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
afterAll(() => project.dispose());

/** 21,000 rows (patient, session, x, y); data row `row` (1-based) of y set to `value`. */
const ndjson = (row: number, value: unknown) =>
  Array.from({ length: 21_000 }, (_, i) => JSON.stringify({ patient: `P${i}`, session: 1, x: i % 7, y: i + 1 === row ? value : (i * 13) % 5 })).join('\n') + '\n';
project.write('blank.ndjson', ndjson(20_801, '   '));
project.write('text.ndjson', ndjson(20_801, 'abc'));

/** y as ingest reads `file`, or its error. */
async function viaIngest(file: string): Promise<unknown[] | unknown> {
  const db = await DuckDBSession.create();
  try {
    const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
    await ingest.run({ file } as never, ctx as never);
    return (await db.rows('SELECT y FROM t_sessions ORDER BY _row')).map((r) => r.y);
  } catch (e) {
    return e;
  } finally {
    db.close();
  }
}

describe('quick commands read a JSON value after the type sample as ingest does', () => {
  it('a blank string: numbers, that one missing, the values ingest reads', async () => {
    const ingested = await viaIngest('blank.ndjson');
    const db = await DuckDBSession.create();
    try {
      const shape = await loadTable(db, project.path('blank.ndjson'), 'data');
      expect(shape.columns.get('y')).toBe('number');
      const y = (await db.rows('SELECT y FROM data ORDER BY rowid')).map((r) => r.y);
      expect(y[20_800]).toBeNull();
      expect(y).toEqual(ingested);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a real non-number: refused at the row and column ingest names', async () => {
    const ingested = await viaIngest('text.ndjson');
    expect(ingested).toMatchObject({ row: 20_801, column: 'y' });
    const db = await DuckDBSession.create();
    try {
      const shape = await loadTable(db, project.path('text.ndjson'), 'data');
      let error: unknown;
      try {
        requireFileColumn(shape, 'y', '--y');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataError);
      expect(error).toMatchObject({ message: "--y y: 'abc' is not a number", row: (ingested as DataError).row, column: (ingested as DataError).column });
    } finally {
      db.close();
    }
    const r = cli(['correlate', 'text.ndjson', '--x', 'x', '--y', 'y'], project.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: text.ndjson, row 20801, column 'y': --y y: 'abc' is not a number\n");
  }, 60_000);
});
