// columnsOutput copies a column's non-integer from the cell it wrote last when the value repeats
// (a patient's threshold along their episodes), writes small integers from a digit table and
// grows its buffer as it goes. Reference: rowLevelOutput for the same rows (tableToCsv, String(v)
// per number); exact equality of the files.
import { describe, expect, it } from 'vitest';
import { columnsOutput, INLINE_LIMIT, rowLevelOutput, type OutputColumn } from '../../src/stages/row-level-output.ts';
import type { CellValue } from '../../src/report/types.ts';

const N = 3 * INLINE_LIMIT + 7;

function csvPair(columns: readonly OutputColumn[], n: number, rows?: ArrayLike<number>): [string | undefined, string | undefined] {
  const a: Record<string, string> = {};
  const b: Record<string, string> = {};
  columnsOutput('x', n, columns, a, rows);
  const objects: Record<string, CellValue>[] = Array.from({ length: n }, (_, i) => {
    const r = rows ? rows[i]! : i;
    const o: Record<string, CellValue> = {};
    for (const c of columns) o[c.key] = 'number' in c ? (c.present && !c.present[r] ? null : c.number[r]!) : 'bool' in c ? c.bool[r] === 1 : c.text[c.code[r]!]!;
    return o;
  });
  rowLevelOutput('x', objects, b);
  return [a['data/x.csv'], b['data/x.csv']];
}

describe('columnsOutput: repeated values and small integers', () => {
  it('writes runs of one non-integer broken by integers, NaN, −0 and masked cells as String does', () => {
    // runs of 1–5 equal values; every seventh cell an integer, NaN or −0; every fifth masked
    const pool = [1 / 3, -2.5, 45.81818181818182, 1e-7, 123456.789, 0.1 + 0.2, -1 / 7];
    const breaks = [0, -0, 99, -99, 100, -100, 2147483647, -2147483648, NaN, 4.5e15, 1e21];
    const x = new Float64Array(N);
    for (let i = 0, run = 0; i < N; i++) {
      if (i % 7 === 3) x[i] = breaks[(i / 7) % breaks.length | 0]!;
      else {
        if (i % 5 === 0) run++;
        x[i] = pool[run % pool.length]! * (1 + (run % 3));
      }
    }
    const present = Uint8Array.from({ length: N }, (_, i) => (i % 5 === 2 ? 0 : 1));
    const small = Int32Array.from({ length: N }, (_, i) => (i % 241) - 120);
    const columns: OutputColumn[] = [
      { key: 'x', number: x },
      { key: 'masked', number: x, present },
      { key: 'same', number: Float64Array.from({ length: N }, () => 3.0888819696666190) },
      { key: 'small', number: small },
      { key: 'smallDouble', number: Float64Array.from(small) },
    ];
    const [got, want] = csvPair(columns, N);
    expect(got).toBeDefined();
    expect(got).toBe(want);
    // rows in another order: a repeat is "the same as the row written before", not the row before in the column
    const rows = Int32Array.from({ length: N }, (_, i) => (i * 7919) % N);
    const [gotRows, wantRows] = csvPair(columns, N, rows);
    expect(gotRows).toBe(wantRows);
  });

  it('grows past its first buffer with long text cells', () => {
    const text = Array.from({ length: 50 }, (_, k) => `${'long label '.repeat(40)}${k}`);
    const columns: OutputColumn[] = [
      { key: 'label', text, code: Int32Array.from({ length: N }, (_, i) => i % 50) },
      { key: 'v', number: Float64Array.from({ length: N }, (_, i) => i / 8) },
    ];
    const [got, want] = csvPair(columns, N);
    expect(got!.length).toBeGreaterThan(2 * (1 << 20));
    expect(got).toBe(want);
  });
});
