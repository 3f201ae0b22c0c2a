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

  it('reads an empty result as zero rows', async () => {
    const { n, columns } = await db.readNumeric('SELECT 1.5 AS x WHERE false');
    expect(n).toBe(0);
    expect(columns.x.length).toBe(0);
  });
});
