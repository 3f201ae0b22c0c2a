// readKeyCoded (src/engine/key-codes.ts): rows read in the relation's scan order, each coded by
// its key's rank in ORDER BY order. Reference: the row ids themselves (a stored table of four row
// groups, read on DuckDB's default threads, must come back in id order) and DuckDB's own
// `row_number() OVER (ORDER BY key) - 1` for the codes. A JOIN on a table of codes, the read it
// replaces, returned the row groups of a 1.3 M-row table in a different order on each run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { readKeyCoded } from '../../src/engine/key-codes.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  // 500,000 rows (five row groups); keys spread over the rows, every 1,000th NULL
  await db.run(`CREATE TABLE t AS SELECT i::DOUBLE AS id, CASE WHEN i % 1000 = 999 THEN NULL ELSE 'K' || lpad((hash(i) % 40000)::VARCHAR, 5, '0') END AS k FROM range(500000) r(i)`);
});
afterAll(() => db.close());

describe('readKeyCoded', () => {
  it('keeps the scan order and codes each key by its rank, NULL keys left out', async () => {
    const ranks = (await db.readNumeric(`SELECT r.code FROM t JOIN (SELECT k, (row_number() OVER (ORDER BY k) - 1)::DOUBLE AS code FROM (SELECT DISTINCT k FROM t WHERE k IS NOT NULL)) AS r ON t.k = r.k ORDER BY t.id`)).columns.code!;
    for (let run = 0; run < 3; run++) {
      const r = await readKeyCoded(db, 't', 'k', 'id AS id', 't__keys');
      const id = r.columns.id!;
      expect(id.length).toBe(500_000 - 500);
      let inversions = 0;
      for (let i = 1; i < id.length; i++) if (id[i]! < id[i - 1]!) inversions++;
      expect(inversions).toBe(0);
      expect(r.levels).toBe(Number(await db.scalar('SELECT count(DISTINCT k) FROM t')));
      expect(Array.from(r.code)).toEqual(Array.from(ranks));
    }
  });

  it('applies `where` to the rows and to the levels', async () => {
    const r = await readKeyCoded(db, 't', 'k', 'id AS id', 't__keys', `k < 'K00010'`);
    const expected = (await db.readNumeric(`SELECT id FROM t WHERE k < 'K00010' ORDER BY id`)).columns.id!;
    expect(Array.from(r.columns.id!)).toEqual(Array.from(expected));
    expect(r.levels).toBe(10);
    expect(Math.max(...r.code)).toBe(9);
  });
});
