// Score leaves out the whole-number test of an integer instrument's responses for the columns the
// source table stores as integers (TableShape.storedIn: ingest's compact SMALLINT columns, whole by
// construction), and only for the table that shape describes. Reference: the README promise that
// an out-of-range or non-integer response never passes silently (the run stops with the value's
// row and column), checked here on a shape whose `storedIn` names another stage's table, the case
// a shape copied under a new id would create.
// The one-pass scoring also reads those columns from the stored table as the integers they are
// when their statistics lie within the range and no scale can exceed a SMALLINT: checked on the
// statement (stored columns, DOUBLE for one out of range and for a 2 × 0–20,000 instrument, whose
// sums of 40,000 would overflow DuckDB's SMALLINT addition) and on the scores, which stay DOUBLE
// with the totals the DOUBLE sums give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { DataError } from '../../src/engine/errors.ts';
import { Ledger } from '../../src/engine/ledger.ts';
import type { TableShape } from '../../src/engine/table-shape.ts';
import { builtinInstruments } from '../../src/instruments/index.ts';
import { score } from '../../src/stages/score.ts';

let db: DuckDBSession;
const items = Array.from({ length: 9 }, (_, i) => `phq${i + 1}`);
beforeAll(async () => {
  db = await DuckDBSession.create();
  // a compact stored table (whole numbers) and a view over it as ingest makes one
  await db.run(`CREATE TABLE t_sessions__base AS SELECT 'P' || (i // 3) AS patient, (i % 3 + 1)::INTEGER AS session, ${items.map((c, k) => `((i + ${k}) % 4)::SMALLINT AS ${c}`).join(', ')} FROM range(30) t(i)`);
  await db.run(`CREATE VIEW t_sessions AS SELECT (rowid + 1)::INTEGER AS _row, * REPLACE (session::DOUBLE AS session, ${items.map((c) => `${c}::DOUBLE AS ${c}`).join(', ')}) FROM t_sessions__base`);
  // a compact stored table with one response 4, out of the PHQ-9's range, and a view over it
  await db.run(`CREATE TABLE t_high__base AS SELECT * REPLACE (CASE WHEN session = 2 AND patient = 'P3' THEN 4::SMALLINT ELSE phq5 END AS phq5) FROM t_sessions__base`);
  await db.run(`CREATE VIEW t_high AS SELECT (rowid + 1)::INTEGER AS _row, * REPLACE (session::DOUBLE AS session, ${items.map((c) => `${c}::DOUBLE AS ${c}`).join(', ')}) FROM t_high__base`);
  // another stage's table with the same columns, one response 2.5
  await db.run(`CREATE TABLE t_halves AS SELECT * REPLACE (CASE WHEN _row = 7 THEN 2.5 ELSE phq1 END AS phq1) FROM t_sessions`);
  // two items of 20,000 each, in range of a 0–20,000 instrument: their sum overflows a SMALLINT
  await db.run(`CREATE TABLE t_big__base AS SELECT 'P' || i AS patient, 1::INTEGER AS session, 20000::SMALLINT AS big1, 20000::SMALLINT AS big2 FROM range(3) t(i)`);
  await db.run(`CREATE VIEW t_big AS SELECT (rowid + 1)::INTEGER AS _row, patient, session::DOUBLE AS session, big1::DOUBLE AS big1, big2::DOUBLE AS big2 FROM t_big__base`);
  // the views' columns placed in their stored tables, as ingest places its view's
  for (const [view, cols] of [['t_sessions', ['session', ...items]], ['t_high', ['session', ...items]], ['t_big', ['session', 'big1', 'big2']]] as const) {
    const relation = `${view}__base`;
    db.placeColumns(view, { _row: { relation, sql: '(rowid + 1)::INTEGER' }, patient: { relation, column: 'patient' }, ...Object.fromEntries(cols.map((c) => [c, { relation, sql: `"${c}"::DOUBLE` }])) });
  }
});
afterAll(() => db.close());

const shape = (id: string): TableShape => ({
  id,
  grain: 'session',
  columns: new Map([['_row', 'number'], ['patient', 'string'], ['session', 'number'], ...items.map((c) => [c, 'number'] as [string, 'number'])]),
  roles: { patient: 'patient', session: 'session' },
  instruments: [],
  file: 'data.csv',
  stableOrder: true,
  // as a shape copied from the ingest stage 'sessions' would carry it
  storedIn: { of: 'sessions', table: 't_sessions__base' },
});

/** A 2-item instrument of responses 0–20,000 (sums up to 40,000: beyond a SMALLINT). */
const big = { ...builtinInstruments.get('phq-9')!, key: 'big', name: 'Big', items: 2, min: 0, max: 20000, reverse: [], subscales: {}, cutoff: undefined, reliableChange: undefined };

function runScore(from: string, stageId: string) {
  const ctx = {
    stageId,
    specPath: 'stages[1]',
    specDir: '.',
    db,
    ledger: new Ledger(),
    seed: 1,
    table: () =>
      from === 'high' || from === 'big'
        ? { ...shape(from), ...(from === 'big' ? { columns: new Map([['_row', 'number'], ['patient', 'string'], ['session', 'number'], ['big1', 'number'], ['big2', 'number']]) } : {}), storedIn: { of: from, table: `t_${from}__base` } }
        : shape(from === 'sessions' ? 'sessions' : from),
    result: () => undefined,
    instrument: (key: string) => (key === 'big' ? big : builtinInstruments.get(key)!),
    progress: () => {},
    identifiers: false,
    pseudonyms: undefined as never,
    input: () => '',
  };
  const instruments = from === 'big' ? [{ instrument: 'big', prefix: 'big' }] : [{ instrument: 'phq-9', prefix: 'phq' }];
  return score.run({ from, instruments } as never, ctx as never);
}

/** The statements `f` runs through db.run. */
async function statementsOf(f: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const run = db.run.bind(db);
  db.run = (sql: string) => (statements.push(sql), run(sql));
  try {
    await f();
  } finally {
    db.run = run;
  }
  return statements;
}

/** What runScore throws (undefined: it scored). */
function scoreError(from: string, stageId: string): Promise<unknown> {
  return runScore(from, stageId).then(
    () => undefined,
    (x: unknown) => x,
  );
}

describe('score: the whole-number test left out only for integers stored in the table itself', () => {
  it('scores the compact table it describes', async () => {
    await runScore('sessions', 'scored');
    const totals = await db.rows('SELECT phq_total FROM t_scored ORDER BY _row LIMIT 2');
    // items (i + k) % 4 for k = 0…8: row 0 → 0+1+2+3+0+1+2+3+0 = 12, row 1 → 1+2+3+0+1+2+3+0+1 = 13
    expect(totals).toEqual([{ phq_total: 12 }, { phq_total: 13 }]);
  });

  it('leaves out the range test of stored integer columns whose statistics lie within the range', async () => {
    const statements: string[] = [];
    const run = db.run.bind(db);
    db.run = (sql: string) => (statements.push(sql), run(sql));
    try {
      await runScore('sessions', 'scored3');
    } finally {
      db.run = run;
    }
    const scoring = statements.find((q) => q.startsWith('CREATE TABLE "t_scored3__scores"'));
    expect(scoring).toContain('"phq1"');
    expect(scoring).not.toMatch(/"phq\d" [<>]/);
  });

  it('sums stored integers within the range as stored, from the stored table, into DOUBLE scores', async () => {
    const statements = await statementsOf(() => runScore('sessions', 'scored5'));
    const scoring = statements.find((q) => q.startsWith('CREATE TABLE "t_scored5__scores"'))!;
    expect(scoring).toContain('FROM "t_sessions__base"');
    expect(scoring).toContain('"phq1" AS "phq1"');
    expect(scoring).not.toContain('::DOUBLE AS "phq');
    const types = await db.rows(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 't_scored5__scores'`);
    expect(types).toEqual([{ column_name: 'phq_total', data_type: 'DOUBLE' }]);
    // items (i + k) % 4: row 0 → 12, row 1 → 13 (as the view's DOUBLE sums give them above)
    expect(await db.rows('SELECT phq_total FROM t_scored5 ORDER BY _row LIMIT 2')).toEqual([{ phq_total: 12 }, { phq_total: 13 }]);
  });

  it('reads a column outside the range as DOUBLE, and so a scale whose sum may exceed a SMALLINT', async () => {
    const high = await statementsOf(() => scoreError('high', 'scored6'));
    expect(high.find((q) => q.startsWith('CREATE TABLE "t_scored6__scores"'))).toContain('"phq5"::DOUBLE AS "phq5", "phq6" AS "phq6"');
    const statements = await statementsOf(() => runScore('big', 'scored7'));
    expect(statements.find((q) => q.startsWith('CREATE TABLE "t_scored7__scores"'))).toContain('"big1"::DOUBLE AS "big1"');
    expect(await db.rows('SELECT big_total FROM t_scored7')).toEqual([{ big_total: 40000 }, { big_total: 40000 }, { big_total: 40000 }]);
  });

  it('still refuses a stored integer outside the range (its statistics say so), with its row', async () => {
    const e = await scoreError('high', 'scored4');
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ row: 11, column: 'phq5' });
    expect((e as DataError).message).toMatch(/^value 4 is outside the .* response range 0–3/);
  });

  it("still refuses a 2.5 in a table whose shape names another stage's stored table", async () => {
    const e = await scoreError('halves', 'scored2');
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ row: 7, column: 'phq1' });
    expect((e as DataError).message).toMatch(/^value 2\.5 is outside the .* response range 0–3 \(whole numbers\)/);
  });
});
