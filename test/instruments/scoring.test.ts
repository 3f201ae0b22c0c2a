// Worked scoring numbers from ../shared/reference/methods.md ("Numbers a test can check", items 1–4),
// which follow from the published keys (Horvath & Greenberg 1989; Tracey & Kokotovic 1989;
// Hatcher & Gillaspy 2006; OQ-45.2 scoring sheet). Exact integers: tolerance 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBSession, sqlIdent } from '../../src/engine/duckdb-session.ts';
import { builtinInstruments } from '../../src/instruments/index.ts';
import type { InstrumentDefinition } from '../../src/instruments/instrument-definition.ts';
import { scaleSql } from '../../src/instruments/scoring-sql.ts';

let db: DuckDBSession;
beforeAll(async () => {
  db = await DuckDBSession.create();
});
afterAll(() => db.close());

async function scoreRows(def: InstrumentDefinition, rows: (number | null)[][], aggregate: 'sum' | 'mean' = def.aggregate): Promise<Record<string, number | null>[]> {
  const cols = Array.from({ length: def.items }, (_, i) => `i${i + 1}`);
  const values = rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : v)).join(', ')})`).join(', ');
  const scales = scaleSql(def, cols, aggregate);
  const sql = `SELECT ${scales.map((s) => `(${s.score})::DOUBLE AS ${sqlIdent(s.scale)}`).join(', ')} FROM (VALUES ${values}) AS t(${cols.join(', ')})`;
  return (await db.rows(sql)) as Record<string, number | null>[];
}

const constant = (def: InstrumentDefinition, v: number) => Array.from({ length: def.items }, () => v);

describe('instrument scoring against the published keys', () => {
  it('WAI-SR, every item 5: subscales 20, total 60, item mean 5', async () => {
    const d = builtinInstruments.get('wai-sr')!;
    const [s] = await scoreRows(d, [constant(d, 5)]);
    expect(s).toEqual({ total: 60, task: 20, bond: 20, goal: 20 });
    const [m] = await scoreRows(d, [constant(d, 5)], 'mean');
    expect(m.total).toBe(5);
  });

  // methods.md also lists "every item = 1: 84, 72, 90, total 246"; that cannot be right: with 5 reversed
  // Task items, all-1 gives 5·7 + 7·1 = 42 (and each item contributes x + (8 − x) = 8 across the two
  // constant forms, so the all-7 and all-1 totals must add to 36·8 = 288 = 168 + 120).
  it('full WAI, every item 7: task 54, bond 66, goal 48, total 168; every item 1: 42, 30, 48, 120', async () => {
    const d = builtinInstruments.get('wai')!;
    const [hi, lo] = await scoreRows(d, [constant(d, 7), constant(d, 1)]);
    expect(hi).toEqual({ total: 168, task: 54, bond: 66, goal: 48 });
    expect(lo).toEqual({ total: 120, task: 42, bond: 30, goal: 48 });
    expect(hi.total! + lo.total!).toBe(36 * 8);
    expect(d.reverse).toHaveLength(14);
  });

  it('WAI-S, every item 7: task 28, bond 28, goal 16, total 72', async () => {
    const d = builtinInstruments.get('wai-s')!;
    const [s] = await scoreRows(d, [constant(d, 7)]);
    expect(s).toEqual({ total: 72, task: 28, bond: 28, goal: 16 });
  });

  it('OQ-45: all 0 → 36, all 4 → 144, all 2 → 90 (a 24-reversed-item scorer would give 96 / 84)', async () => {
    const d = builtinInstruments.get('oq-45')!;
    const rows = await scoreRows(d, [constant(d, 0), constant(d, 4), constant(d, 2)]);
    expect(rows.map((r) => r.total)).toEqual([36, 144, 90]);
    expect(rows[0].sd! + rows[0].ir! + rows[0].sr!).toBe(36);
  });

  it('PHQ-9 and GAD-7 totals are plain sums', async () => {
    const phq = builtinInstruments.get('phq-9')!;
    const [s] = await scoreRows(phq, [[3, 3, 2, 2, 1, 1, 0, 0, 1]]);
    expect(s.total).toBe(13);
    const gad = builtinInstruments.get('gad-7')!;
    const [g] = await scoreRows(gad, [[3, 3, 3, 3, 3, 3, 3]]);
    expect(g.total).toBe(21);
  });

  it('prorates one missing PHQ-9 item from the mean of the other eight, and leaves two missing items unscored', async () => {
    const phq = builtinInstruments.get('phq-9')!;
    const [one, two, none] = await scoreRows(phq, [
      [3, 3, 2, 2, 1, 1, 0, 0, null],
      [3, 3, 2, 2, 1, 1, 0, null, null],
      Array(9).fill(null),
    ]);
    expect(one.total).toBeCloseTo(12 + 12 / 8, 12);
    expect(two.total).toBeNull();
    expect(none.total).toBeNull();
  });

  it('OQ-45 prorates with the rounded subscale mean (scoring-sheet rule)', async () => {
    const d = builtinInstruments.get('oq-45')!;
    const row: (number | null)[] = constant(d, 1);
    row[1] = null; // item 2 (SD subscale) missing; the other SD items are 1 except reversed item 13 (4 − 1 = 3) and 24, 31 → 3
    const [s] = await scoreRows(d, [row]);
    const sdItems = d.subscales.sd.filter((i) => i !== 2);
    const sdSum = sdItems.reduce((a, i) => a + (d.reverse.includes(i) ? 3 : 1), 0);
    expect(s.sd).toBe(sdSum + Math.round(sdSum / sdItems.length));
  });

  it('every built-in key is internally consistent: subscales partition the items where the instrument says so', () => {
    for (const key of ['wai', 'wai-s', 'wai-sr', 'oq-45']) {
      const d = builtinInstruments.get(key)!;
      const all = Object.values(d.subscales).flat().sort((a, b) => a - b);
      expect(all, key).toEqual(Array.from({ length: d.items }, (_, i) => i + 1));
    }
  });
});
