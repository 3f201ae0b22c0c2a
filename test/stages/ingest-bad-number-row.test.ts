// A JSON or Parquet value that a numeric column cannot take used to be reported without its row
// (and, for JSON after DuckDB's 20,480-row type sample, without its column, quoting DuckDB's
// message with the absolute file path). README promise: every data error is one message naming the
// file and the row/column, as CSV errors do. Expected: the 1-based data row and the file column.
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

async function failure(file: string, write?: (db: DuckDBSession, dir: string) => Promise<void>): Promise<unknown> {
  const db = await DuckDBSession.create();
  try {
    await write?.(db, project!.dir);
    const ctx = { db, specDir: project!.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
    return await ingest.run({ file } as never, ctx as never).then(
      () => undefined,
      (e: unknown) => e,
    );
  } finally {
    db.close();
  }
}

describe('ingest: a JSON or Parquet value that is not a number names its row and column', () => {
  it('a JSON string in a numeric item column after the type sample', async () => {
    const rows = Array.from({ length: 21_000 }, (_, i) => ({ patient: `P${i}`, session: 1, phq1: i === 20_800 ? 'abc' : i % 4 }));
    project = tempProject({ 'data.ndjson': rows.map((r) => JSON.stringify(r)).join('\n') + '\n' });
    const error = await failure('data.ndjson');
    expect(error).toBeInstanceOf(DataError);
    // rows[20_800] is the 20,801st data row
    expect(error).toMatchObject({ file: 'data.ndjson', row: 20_801, column: 'phq1' });
    expect((error as DataError).message).toBe("'abc' is not a number (declare the column under `text:` if it is not numeric)");
  });

  it('a Parquet text session number', async () => {
    project = tempProject();
    const error = await failure('data.parquet', (db, dir) =>
      db.run(`COPY (SELECT * FROM (VALUES ('P1', '1', 1.0), ('P1', '2', 2.0), ('P2', 'abc', 3.0)) t(patient, session, x)) TO '${dir}/data.parquet' (FORMAT parquet)`),
    );
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ file: 'data.parquet', row: 3, column: 'session' });
    expect((error as DataError).message).toBe("'abc' is not a number (session numbers must be whole numbers)");
  });
});
