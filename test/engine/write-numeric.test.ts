// DuckDBSession.writeNumeric: columns computed in JS go back into DuckDB exactly, chunk by chunk
// (2,048 rows per appended vector), with `_i` the row index and every non-finite value as NULL.
// Expectation: the values themselves (a DOUBLE round trip is exact), read back with readNumeric.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

describe('writeNumeric', () => {
  it('writes 5,000 rows across three chunks exactly, non-finite values as NULL', async () => {
    const n = 5000;
    const a = new Float64Array(n);
    const b: number[] = [];
    for (let i = 0; i < n; i++) {
      a[i] = i % 7 === 0 ? NaN : (i * 0.1) / 3 - 50;
      b.push(i === 2047 ? Infinity : i === 2048 ? -Infinity : i === 4999 ? -0 : 1e300 / (i + 1));
    }
    await db.writeNumeric('w', { a, 'b "q"': b });
    const nulls = (await db.rows(`SELECT count(*) FILTER (WHERE a IS NULL)::INTEGER AS a, count(*) FILTER (WHERE "b ""q""" IS NULL)::INTEGER AS b, min(_i)::INTEGER AS lo, max(_i)::INTEGER AS hi FROM w`))[0];
    expect(nulls).toEqual({ a: Math.ceil(n / 7), b: 2, lo: 0, hi: n - 1 });
    const { columns } = await db.readNumeric(`SELECT _i, a, "b ""q""" AS b FROM w ORDER BY _i`);
    for (let i = 0; i < n; i++) {
      expect(columns._i[i]).toBe(i);
      expect(Object.is(columns.a[i], a[i])).toBe(true);
      expect(Object.is(columns.b[i], Number.isFinite(b[i]) ? b[i] : NaN)).toBe(true);
    }
  });
  it('writes an empty table with its columns', async () => {
    await db.writeNumeric('e', { x: new Float64Array(0) });
    expect(await db.describe('e')).toEqual([
      { name: '_i', type: 'INTEGER' },
      { name: 'x', type: 'DOUBLE' },
    ]);
  });
});
