// Prorated scale scores equal R's to the last bit (Object.is): a sum as rowMeans(items, na.rm = TRUE) * k,
// an item mean as rowMeans(items, na.rm = TRUE). Reference: test/fixtures/prorating-as-r/prorating-as-r.R
// (R 4.2.2; every number of answered items and every possible sum of the answered items, for each shape
// of a shipped scale that prorates from the plain mean). The SQL of scaleSql is run in DuckDB on those
// rows. Before this fix the sum was s + (k − a)·(s / a), which differed from R in the last bit for 853
// of the 3,651 prorated sums (and its item mean for 787); a rupture rule with a whole-point threshold
// could then see a drop of exactly 6 where R sees 5.9999999999999929.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { builtinInstruments, defineInstrument } from '../../src/instruments/index.ts';
import { scaleSql } from '../../src/instruments/scoring-sql.ts';

interface Shape {
  scale: string;
  k: number;
  lo: number;
  hi: number;
  allowed: number;
  /** [answered, sum of answered, rowMeans * k, rowMeans] */
  rows: [string, string, string, string][];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/prorating-as-r/prorating-as-r.json', import.meta.url), 'utf8')) as { shapes: Shape[] };

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

/** The fixture's item row: a answered items holding S (lo each, filled up to hi from the first on), then k − a missing. */
function items(sh: Shape, a: number, s: number): (number | null)[] {
  const x: (number | null)[] = Array.from({ length: sh.k }, (_, i) => (i < a ? sh.lo : null));
  let r = s - a * sh.lo;
  for (let i = 0; r > 0; i++) {
    const d = Math.min(sh.hi - sh.lo, r);
    x[i] = (x[i] as number) + d;
    r -= d;
  }
  return x;
}

describe('prorated scores equal R (rowMeans(items, na.rm = TRUE) * k and rowMeans)', () => {
  it('the fixture covers every shipped scale that prorates from the plain mean', () => {
    const shapes = new Set(fx.shapes.map((s) => `${s.k}:${s.lo}:${s.hi}:${s.allowed}`));
    for (const d of builtinInstruments.values()) {
      if (d.roundProratedMean || !d.integer) continue;
      for (const k of [d.items, ...Object.values(d.subscales).map((i) => i.length)]) {
        const allowed = Math.floor(k * d.maxMissingFraction + 1e-9);
        if (allowed > 0) expect(shapes.has(`${k}:${d.min}:${d.max}:${allowed}`), `${d.key}: ${k} items, ${allowed} missing allowed`).toBe(true);
      }
    }
  });

  for (const sh of fx.shapes) {
    it(`${sh.scale}: ${sh.rows.length} rows of ${sh.k} items (${sh.lo}–${sh.hi}, up to ${sh.allowed} missing)`, async () => {
      const def = defineInstrument({
        key: 'shape',
        name: sh.scale,
        items: sh.k,
        min: sh.lo,
        max: sh.hi,
        maxMissingFraction: sh.allowed / sh.k,
        higherIsBetter: true,
        citation: { key: 'none', text: 'test shape' },
      });
      const cols = Array.from({ length: sh.k }, (_, i) => `i${i + 1}`);
      const values = sh.rows.map(([a, s]) => `(${items(sh, Number(a), Number(s)).map((v) => v ?? 'NULL').join(', ')})`).join(', ');
      const [sum] = scaleSql(def, cols, 'sum');
      const [mean] = scaleSql(def, cols, 'mean');
      const got = await db.rows(`SELECT (${sum.score})::DOUBLE AS s, (${mean.score})::DOUBLE AS m FROM (VALUES ${values}) AS t(${cols.join(', ')})`);
      const misses = sh.rows.flatMap(([a, s, rSum, rMean], i) => {
        const ok = Object.is(got[i].s, Number(rSum)) && Object.is(got[i].m, Number(rMean));
        return ok ? [] : [`a = ${a}, S = ${s}: ${got[i].s} and ${got[i].m} (R ${rSum} and ${rMean})`];
      });
      expect(misses).toEqual([]);
    });
  }
});
