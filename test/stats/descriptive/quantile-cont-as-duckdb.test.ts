// quantileContAsDuckDB equals DuckDB's own quantile_cont(x, q) bit for bit (the growth figure's
// session range used that SQL before it read the fitted rows): reference computed by DuckDB here,
// on seeded random arrays with ties, of lengths 1-400, at q = 0, 0.05, 0.5, 0.95, 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../../src/engine/duckdb-session.ts';
import { quantileContAsDuckDB } from '../../../src/stats/descriptive/index.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

describe('quantileContAsDuckDB', () => {
  it("matches DuckDB's quantile_cont on 200 random arrays", async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const misses: string[] = [];
    for (let a = 0; a < 200; a++) {
      const n = 1 + Math.floor(rand() * 400);
      const x = Float64Array.from({ length: n }, () => (a % 2 ? Math.floor(rand() * 30) : rand() * 1e3 - 500));
      for (const q of [0, 0.05, 0.5, 0.95, 1]) {
        const want = Number(await db.scalar(`SELECT quantile_cont(v, ${q})::DOUBLE FROM unnest([${Array.from(x).join(', ')}]::DOUBLE[]) AS t(v)`));
        const got = quantileContAsDuckDB(Float64Array.from(x), q);
        if (!Object.is(got, want)) misses.push(`array ${a} (n = ${n}) q = ${q}: ${got} vs DuckDB ${want}`);
      }
    }
    expect(misses).toEqual([]);
  });
  it('is NaN for no values', () => {
    expect(quantileContAsDuckDB(new Float64Array(0), 0.95)).toBeNaN();
  });
});
