// Scale scores of items that are not whole numbers (visual-analogue scales, `integer: false`) equal
// R's to the last bit (Object.is): a complete sum as rowSums(items), a prorated sum as
// rowMeans(items, na.rm = TRUE) * k, an item mean as rowMeans(items, na.rm = TRUE). Reference:
// test/fixtures/decimal-sums-as-r/decimal-sums-as-r.R (R 4.2.2; seeded rows of the ORS/SRS shape, 4
// items 0–10 with one and two decimals, and of user-defined 10-item 0–100 two-decimal and 12-item
// 1–5 one-decimal scales with up to 2 items missing). The SQL of scaleSql is run in DuckDB on those
// rows. The plain left-to-right double sum missed R for ORS items 0, 6.4, 9.8, 8.8
// (25.000000000000004; rowSums gives 25, the ORS cut-off) and 0, 6.6, 9.7, 8.7 (24.999999999999996).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { defineInstrument } from '../../src/instruments/index.ts';
import { scaleSql } from '../../src/instruments/scoring-sql.ts';

interface Shape {
  scale: string;
  k: number;
  lo: number;
  hi: number;
  decimals: number;
  allowed: number;
  /** [items (null when missing), rowSums(na.rm = TRUE), rowMeans(na.rm = TRUE) * k, rowMeans(na.rm = TRUE)] */
  rows: [(string | null)[], string, string, string][];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/decimal-sums-as-r/decimal-sums-as-r.json', import.meta.url), 'utf8')) as { shapes: Shape[] };

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

describe('scores of decimal items equal R (rowSums, rowMeans(items, na.rm = TRUE) * k, rowMeans)', () => {
  it('the fixture holds the two ORS rows whose left-to-right sum misses 25', () => {
    const ors = fx.shapes[0].rows.slice(0, 2).map(([items, rowSums]) => [items.map(Number), Number(rowSums)]);
    expect(ors).toEqual([
      [[0, 6.4, 9.8, 8.8], 25],
      [[0, 6.6, 9.7, 8.7], 25],
    ]);
  });

  for (const sh of fx.shapes) {
    it(`${sh.scale}: ${sh.rows.length} rows of ${sh.k} items (${sh.lo}–${sh.hi}, ${sh.decimals} decimal(s), up to ${sh.allowed} missing)`, async () => {
      const range = { items: sh.k, min: sh.lo, max: sh.hi, maxMissingFraction: sh.allowed / sh.k };
      const def = defineInstrument({ key: 'vas', name: sh.scale, ...range, integer: false, higherIsBetter: true, citation: { key: 'none', text: 'test shape' } });
      const cols = Array.from({ length: sh.k }, (_, i) => `i${i + 1}`);
      const values = sh.rows.map(([items]) => `(${items.map((v) => (v === null ? 'NULL::DOUBLE' : `'${v}'::DOUBLE`)).join(', ')})`).join(', ');
      const [sum] = scaleSql(def, cols, 'sum');
      const [mean] = scaleSql(def, cols, 'mean');
      const got = await db.rows(`SELECT (${sum.score})::DOUBLE AS s, (${mean.score})::DOUBLE AS m FROM (VALUES ${values}) AS t(${cols.join(', ')})`);
      const misses = sh.rows.flatMap(([items, rowSums, rowMeansK, rowMeans], i) => {
        const rSum = items.every((v) => v !== null) ? rowSums : rowMeansK;
        const ok = Object.is(got[i].s, Number(rSum)) && Object.is(got[i].m, Number(rowMeans));
        return ok ? [] : [`${items.join(', ')}: ${got[i].s} and ${got[i].m} (R ${rSum} and ${rowMeans})`];
      });
      expect(misses).toEqual([]);
    });
  }
});
