// Compact storage (src/stages/ingest.ts, readTyped): a long CSV's numeric columns that DuckDB's
// sniffer found whole in its 20,480-row sample are stored as SMALLINT (session INTEGER) and cast
// back to DOUBLE by the ingest view. DuckDB's own string → SMALLINT cast rounds ('2.5' → 3,
// '.5' → 1) and reads '0x10' as 16, so the file is parsed as DOUBLE and narrowed only when a value
// is whole and in range; any other value makes ingest read the file again as DOUBLE. (When a byte
// scan finds no fraction or 0x/0b literal anywhere in the file, the compact columns are parsed as
// integers directly: test/stages/ingest-integer-read.test.ts. These cases go through both paths.)
// Expected values: the cells written into the file, exactly (README promise: values are never
// altered silently), and the located messages of the DOUBLE read.
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { ingest } from '../../src/stages/ingest.ts';
import { tempProject } from '../helpers/temp-project.ts';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

/** 21,000 data rows (past the sniffer's sample): items whole numbers 0–4, `late` put into row `at` of column `col`. */
function csv(col: 'x' | 'session', late: string, at = 20_900): string {
  const lines = ['patient,session,x,y'];
  for (let i = 0; i < 21_000; i++) {
    const session = i % 10;
    lines.push(`P${Math.floor(i / 10)},${col === 'session' && i === at ? late : session},${col === 'x' && i === at ? late : i % 5},${(i * 7) % 3}`);
  }
  return `${lines.join('\n')}\n`;
}

async function ingestFile(text: string): Promise<{ types: Record<string, string>; view: Record<string, string>; x: unknown; session: unknown; error?: unknown }> {
  project = tempProject({ 'data.csv': text });
  const db = await DuckDBSession.create();
  try {
    const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
    const error = await ingest.run({ file: 'data.csv' } as never, ctx as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error) return { types: {}, view: {}, x: undefined, session: undefined, error };
    const types = Object.fromEntries((await db.describe('"t_sessions__base"')).map((d) => [d.name, d.type]));
    const view = Object.fromEntries((await db.describe('"t_sessions"')).map((d) => [d.name, d.type]));
    const row = (await db.rows('SELECT x, session FROM "t_sessions" WHERE _row = 20901'))[0];
    return { types, view, x: row.x, session: row.session };
  } finally {
    db.close();
  }
}

describe('ingest: whole-number columns stored compact, values unchanged', () => {
  it('a file of whole numbers is stored SMALLINT/INTEGER and read back as DOUBLE', async () => {
    const r = await ingestFile(csv('x', '3'));
    expect(r.types).toMatchObject({ x: 'SMALLINT', y: 'SMALLINT', session: 'INTEGER', patient: 'VARCHAR' });
    expect(r.view).toMatchObject({ x: 'DOUBLE', y: 'DOUBLE', session: 'DOUBLE' });
    expect(r.x).toBe(3);
  });

  it.each([
    ['2.5', 2.5],
    ['.5', 0.5],
    ['40000', 40000],
    ['-3', -3],
  ])('a later %s in a column sampled whole keeps its exact value (read again as DOUBLE)', async (cell, value) => {
    const r = await ingestFile(csv('x', cell));
    expect(r.x).toBe(value);
    if (value !== -3) expect(r.types.x).toBe('DOUBLE');
  });

  it('a later non-whole session number is still refused with its row', async () => {
    const r = await ingestFile(csv('session', '2.5'));
    expect(r.error).toBeInstanceOf(DataError);
    expect(r.error).toMatchObject({ file: 'data.csv', row: 20_901, column: 'session' });
    expect((r.error as DataError).message).toBe('session number 2.5 is not a whole number from 0 to 100000');
  });

  it('a later hexadecimal cell is refused as DOUBLE refuses it, not read as 16', async () => {
    const r = await ingestFile(csv('x', '0x10'));
    expect(r.error).toBeInstanceOf(DataError);
    expect((r.error as DataError).message).toMatch(/'0x10' is not a number/);
  });

  it("a later 'inf' is refused as unusable, with its row", async () => {
    const r = await ingestFile(csv('x', 'inf'));
    expect(r.error).toBeInstanceOf(DataError);
    expect(r.error).toMatchObject({ row: 20_901, column: 'x' });
  });

  it('columns named like the read\'s own helper columns are read as any other', async () => {
    project = tempProject({ 'data.csv': 'patient,session,__double_0,__compact_guard\nP1,1,3,4\nP1,2,2.5,1\n' });
    const db = await DuckDBSession.create();
    try {
      const ctx = { db, specDir: project.dir, stageId: 'sessions', specPath: 'stages[0]', input: () => {}, ledger: { add: () => {} } };
      await ingest.run({ file: 'data.csv' } as never, ctx as never);
      const rows = await db.rows('SELECT session, "__double_0" AS a, "__compact_guard" AS b FROM "t_sessions" ORDER BY _row');
      expect(rows).toEqual([
        { session: 1, a: 3, b: 4 },
        { session: 2, a: 2.5, b: 1 },
      ]);
      const types = Object.fromEntries((await db.describe('"t_sessions__base"')).map((d) => [d.name, d.type]));
      expect(types).toEqual({ patient: 'VARCHAR', session: 'INTEGER', __double_0: 'DOUBLE', __compact_guard: 'SMALLINT' });
    } finally {
      db.close();
    }
  });
});
