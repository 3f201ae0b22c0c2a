// DuckDBSession.readNumeric: NULL → NaN exactly where DuckDB has NULLs, across chunk boundaries
// (DuckDB hands results over in chunks of 2,048 rows with one validity bitmask each), for columns
// with no NULL at all, every NULL, and scattered NULLs; values equal DuckDB's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

describe('readNumeric', () => {
  it('marks exactly the NULL cells as NaN over several chunks', async () => {
    const n = 10_000;
    const { n: got, columns } = await db.readNumeric(
      `SELECT i::DOUBLE AS i, i * 0.5 AS full, CASE WHEN i % 7 = 3 OR i % 64 = 63 OR i BETWEEN 4090 AND 4200 THEN NULL ELSE i - 0.25 END AS gaps,
              NULL::DOUBLE AS empty, CASE WHEN i % 2 = 0 THEN i::INTEGER END AS ints
       FROM range(${n}) t(i) ORDER BY i`,
    );
    expect(got).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(columns.i[i]).toBe(i);
      expect(columns.full[i]).toBe(i * 0.5);
      const gap = i % 7 === 3 || i % 64 === 63 || (i >= 4090 && i <= 4200);
      if (gap !== Number.isNaN(columns.gaps[i])) throw new Error(`row ${i}: NULL ${gap} but read ${columns.gaps[i]}`);
      if (!gap) expect(columns.gaps[i]).toBe(i - 0.25);
      expect(columns.empty[i]).toBeNaN();
      if (i % 2 === 0) expect(columns.ints[i]).toBe(i);
      else expect(columns.ints[i]).toBeNaN();
    }
  });

  it('joins the blocks it collects a long result in without a gap or an overlap', async () => {
    // 65,536 rows per block and 2,048 per DuckDB chunk: 150,001 rows fill two blocks and start a
    // third; i·3 + 0.5 checks every row's position, every 1,000th row NULL checks the masks after
    // the first block
    const n = 150_001;
    const { n: got, columns } = await db.readNumeric(`SELECT i::DOUBLE AS i, CASE WHEN i % 1000 = 999 THEN NULL ELSE i * 3 + 0.5 END AS v FROM range(${n}) t(i) ORDER BY i`);
    expect(got).toBe(n);
    expect(columns.i.length).toBe(n);
    const wrong: number[] = [];
    for (let i = 0; i < n; i++) {
      const want = i % 1000 === 999 ? NaN : i * 3 + 0.5;
      if (columns.i[i] !== i || !Object.is(columns.v[i], want)) wrong.push(i);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('reads an empty result as zero rows', async () => {
    const { n, columns } = await db.readNumeric('SELECT 1.5 AS x WHERE false');
    expect(n).toBe(0);
    expect(columns.x.length).toBe(0);
  });
});
