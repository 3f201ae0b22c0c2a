// oneThreadScan: aggregates over a relation read through it must add the rows one by one in stored
// order, so they are the same on every run. Checked exactly: per-group sums equal a sequential sum
// in stored order computed here in JS, on a 400,000-row table (4 row groups) whose groups are
// scattered over it. The plain scan is the control: with several threads, partial sums are
// combined and some groups differ from the sequential sum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { oneThreadScan } from '../../src/engine/one-thread-scan.ts';

let db: DuckDBSession;
/** Sequential sum of x per group, in stored order. */
let expected: Map<number, number>;
beforeAll(async () => {
  db = await DuckDBSession.create();
  await db.run(`CREATE TABLE t AS SELECT (hash(range) % 20000)::INTEGER AS g, sin(range) * 17.3 + 40 AS x FROM range(400000)`);
  const { n, columns } = await db.readNumeric('SELECT g, x FROM t');
  expected = new Map();
  for (let i = 0; i < n; i++) expected.set(columns.g![i]!, (expected.get(columns.g![i]!) ?? 0) + columns.x![i]!);
}, 60_000);
afterAll(() => db?.close());

async function groupsDifferingFromSequential(relation: string): Promise<number> {
  const { n, columns } = await db.readNumeric(`SELECT g, sum(x) AS s FROM ${relation} GROUP BY g`);
  let differ = 0;
  for (let i = 0; i < n; i++) if (columns.s![i] !== expected.get(columns.g![i]!)) differ++;
  return differ;
}

describe('oneThreadScan', () => {
  it('per-group sums through it are the sequential sums in stored order, bit for bit, on every run', async () => {
    for (let run = 0; run < 3; run++) expect(await groupsDifferingFromSequential(oneThreadScan('t'))).toBe(0);
  });

  it('the plain parallel scan does not give them (control; needs more than one DuckDB thread)', async () => {
    const threads = Number(await db.scalar("SELECT current_setting('threads')"));
    if (threads < 2) return; // one thread: nothing to show
    let differ = 0;
    for (let run = 0; run < 3; run++) differ += await groupsDifferingFromSequential('t');
    expect(differ).toBeGreaterThan(0);
  });

  it('keeps every row and column of the relation, and nothing else', async () => {
    const rows = await db.rows(`SELECT count(*)::DOUBLE AS n, count(DISTINCT g)::DOUBLE AS groups FROM ${oneThreadScan('t')}`);
    expect(rows[0]).toEqual({ n: 400000, groups: 20000 });
    const cols = await db.rows(`DESCRIBE SELECT * FROM ${oneThreadScan('t')}`);
    expect(cols.map((c) => c.column_name)).toEqual(['g', 'x']);
  });
});
