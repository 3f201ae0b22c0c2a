// partitionAggregate: a whole-partition aggregate must not depend on the order in which DuckDB
// delivers the rows (which varies from run to run once a table spans several row groups and is
// scanned by several threads). Checked deterministically: the same 400,000 rows stored in two
// different orders must give bit-identical partition means and regression slopes. The plain
// `avg(x) OVER (PARTITION BY g)` window is the control: it sums in arrival order and differs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { partitionAggregate } from '../../src/stages/partition-aggregate.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
  // x: values with no exact binary sum; g: 500 partitions; t: a session-like key with ties
  const rows = `SELECT range AS id, 'g' || (hash(range) % 500) AS g, sin(range) * 17.3 + 40 AS x, (range % 37)::DOUBLE AS t FROM range(400000)`;
  await db.run(`CREATE TABLE ordered AS ${rows} ORDER BY id`);
  await db.run(`CREATE TABLE shuffled AS ${rows} ORDER BY hash(id + 7)`);
}, 60_000);
afterAll(() => db?.close());

/** Rows of `sql` over both tables that differ (sql reads the table name from {t}). */
async function differing(sql: string): Promise<number> {
  const over = (t: string) => sql.replaceAll('{t}', t);
  return Number(await db.scalar(`SELECT count(*) FROM ((${over('ordered')}) EXCEPT (${over('shuffled')}))`));
}

describe('partitionAggregate', () => {
  it('gives bit-identical partition means whatever order the rows are stored in; the plain window does not', async () => {
    expect(await differing(`SELECT id, ${partitionAggregate('avg', ['x'], 'g', ['x'])} AS m FROM {t}`)).toBe(0);
    expect(await differing(`SELECT id, avg(x) OVER (PARTITION BY g) AS m FROM {t}`)).toBeGreaterThan(1000);
  });

  it('gives bit-identical regression slopes and intercepts when the order key has ties (t, then x)', async () => {
    const agg = (fn: string, args: string[]) => partitionAggregate(fn, args, 'g', ['t', 'x']);
    expect(await differing(`SELECT id, ${agg('regr_slope', ['x', 't'])} AS b, ${agg('regr_intercept', ['x', 't'])} AS a, ${agg('avg', ['x'])} AS m FROM {t}`)).toBe(0);
  });

  it('is the aggregate of the whole partition: the mean of each partition, as GROUP BY gives it up to rounding', async () => {
    const worst = Number(
      await db.scalar(`SELECT max(abs(w.m - g.m)) FROM (SELECT DISTINCT g, ${partitionAggregate('avg', ['x'], 'g', ['x'])} AS m FROM ordered) w JOIN (SELECT g, avg(x) AS m FROM ordered GROUP BY g) g USING (g)`),
    );
    expect(worst).toBeLessThan(1e-12);
    expect(Number(await db.scalar(`SELECT count(DISTINCT m) FROM (SELECT g, ${partitionAggregate('avg', ['x'], 'g', ['x'])} AS m FROM ordered) WHERE g = 'g1'`))).toBe(1);
  });

  it('refuses an empty order key (the sum order would be undefined again)', () => {
    expect(() => partitionAggregate('avg', ['x'], 'g', [])).toThrow(RangeError);
  });
});
