// CORE-10 reverse keys. Reference: ../shared/reference/methods.md §2 ("the positively worded items are
// 2 ('someone to turn to') and 3 ('able to cope') [V: item list]"), the item wording (item 4 "Talking to
// people has felt too much for me" is negative) and NovoPsych's CORE-10 page (questions 2 and 3 are
// reverse-scored). Items rated 0–4, reversed as 4 − x; expected totals worked out by hand (tolerance 0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession } from '../../src/engine/duckdb-session.ts';
import { builtinInstruments } from '../../src/instruments/index.ts';
import { scaleSql } from '../../src/instruments/scoring-sql.ts';

const core10 = builtinInstruments.get('core-10')!;
const cols = Array.from({ length: 10 }, (_, i) => `c${i + 1}`);

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

async function totals(rows: (number | null)[][]): Promise<(number | null)[]> {
  const [total] = scaleSql(core10, cols, 'sum');
  const values = rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : v)).join(', ')})`).join(', ');
  const out = await db.rows(`SELECT (${total.score})::DOUBLE AS total FROM (VALUES ${values}) AS t(${cols.join(', ')})`);
  return out.map((r) => r.total as number | null);
}

describe('CORE-10 reverse-keys the positively worded items 2 and 3', () => {
  it('declares items 2 and 3 reversed', () => {
    expect(core10.reverse).toEqual([2, 3]);
  });

  it('no distress (items 2 and 3 at 4, the others 0) scores 0; maximal distress scores 40', async () => {
    // 0 + (4 − 4) + (4 − 4) + 7·0 = 0;  items 2, 3 at 0 and the others 4: 4 + 4 + 4 + 7·4 = 40
    expect(await totals([[0, 4, 4, 0, 0, 0, 0, 0, 0, 0], [4, 0, 0, 4, 4, 4, 4, 4, 4, 4]])).toEqual([0, 40]);
  });

  it('a mixed pattern: 2 + (4 − 0) + (4 − 3) + 1 + 4 + 2 + 1 + 3 + 0 + 2 = 20', async () => {
    // no reversal would give 18, and the 3-and-4 key 2 + 0 + 1 + 3 + 4 + 2 + 1 + 3 + 0 + 2 = 18.
    // With item 10 missing: 18 over 9 answered items, mean 2 → 18 + 2 = 20 (one item may be prorated).
    expect(await totals([[2, 0, 3, 1, 4, 2, 1, 3, 0, 2], [2, 0, 3, 1, 4, 2, 1, 3, 0, null]])).toEqual([20, 20]);
  });
});
