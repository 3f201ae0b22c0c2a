// storedBounds (src/engine/stored-bounds.ts): the bounds of stored integer columns from DuckDB's
// statistics, which let score leave out the range test of a column that holds no invalid response.
// Reference: min() and max() of the same columns computed by DuckDB over every row; the bounds must
// contain them after every kind of change to a table (insert, update, checkpoint), and be null where
// there is no value. A DuckDB upgrade that changes the statistics' text fails the first test.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { storedBounds } from '../../src/engine/stored-bounds.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

/** Bounds of `columns` by statistics, each checked to contain the column's actual min and max. */
async function checkedBounds(table: string, columns: string[]) {
  const bounds = await storedBounds(db, table, columns);
  const actual = (await db.rows(`SELECT ${columns.map((c, i) => `min("${c}")::DOUBLE AS lo${i}, max("${c}")::DOUBLE AS hi${i}`).join(', ')} FROM "${table}"`))[0];
  bounds.forEach((b, i) => {
    if (b === null) return;
    expect(b.min).toBeLessThanOrEqual(Number(actual[`lo${i}`]));
    expect(b.max).toBeGreaterThanOrEqual(Number(actual[`hi${i}`]));
  });
  return bounds;
}

it('gives the smallest and largest stored value of integer columns', async () => {
  await db.run(`CREATE TABLE t AS SELECT (i % 5 + 1)::SMALLINT AS item, (i % 4)::TINYINT AS phq, CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 7 - 3)::INTEGER END AS gaps, NULL::SMALLINT AS blank, i::BIGINT AS big FROM range(50000) r(i)`);
  expect(await checkedBounds('t', ['item', 'phq', 'gaps', 'blank', 'big'])).toEqual([{ min: 1, max: 5 }, { min: 0, max: 3 }, { min: -3, max: 3 }, null, { min: 0, max: 49999 }]);
});

it('widens as rows are inserted or updated, before and after a checkpoint', async () => {
  await db.run(`CREATE TABLE u AS SELECT (i % 5 + 1)::SMALLINT AS item FROM range(10000) r(i)`);
  await db.run(`INSERT INTO u VALUES (9)`);
  expect((await checkedBounds('u', ['item']))[0]!.max).toBeGreaterThanOrEqual(9);
  await db.run(`UPDATE u SET item = -2 WHERE rowid = 5000`);
  expect((await checkedBounds('u', ['item']))[0]!.min).toBeLessThanOrEqual(-2);
  await db.run('CHECKPOINT');
  const [b] = await checkedBounds('u', ['item']);
  expect(b!.min).toBeLessThanOrEqual(-2);
  expect(b!.max).toBeGreaterThanOrEqual(9);
});

it('gives null for an empty table and no columns asked for', async () => {
  await db.run(`CREATE TABLE e (item SMALLINT)`);
  expect(await storedBounds(db, 'e', ['item'])).toEqual([null]);
  expect(await storedBounds(db, 'e', [])).toEqual([]);
});
