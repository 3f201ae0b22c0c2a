// columnsOutput and patientValuesOutput write their CSV byte by byte from typed columns; the file
// must be exactly what rowLevelOutput / patientMapOutput write for the same rows through
// tableToCsv (RFC 4180, raw numbers, empty NaN/null, TRUE/FALSE, formula guard, quoting).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsOutput, INLINE_LIMIT, patientMapOutput, patientValuesOutput, rowLevelOutput, type OutputColumn } from '../../src/stages/row-level-output.ts';
import type { CellValue } from '../../src/report/types.ts';

const N = INLINE_LIMIT + 3;

/** The rows the columns stand for, built cell by cell from the column definitions. */
function rowsOf(columns: readonly OutputColumn[], n: number, rows?: ArrayLike<number>): Record<string, CellValue>[] {
  return Array.from({ length: n }, (_, i) => {
    const r = rows ? rows[i]! : i;
    const o: Record<string, CellValue> = {};
    for (const c of columns) o[c.key] = 'number' in c ? (c.present && !c.present[r] ? null : c.number[r]!) : 'bool' in c ? c.bool[r] === 1 : c.text[c.code[r]!]!;
    return o;
  });
}

function both(columns: readonly OutputColumn[], n: number, rows?: ArrayLike<number>) {
  const a: Record<string, string> = {};
  const b: Record<string, string> = {};
  const got = columnsOutput('x', n, columns, a, rows);
  const want = rowLevelOutput('x', rowsOf(columns, n, rows), b);
  return { got, want, a: a['data/x.csv'], b: b['data/x.csv'] };
}

const SPECIAL = [0, -0, 1, -1, 9, 10, 99, 100, 1e9, 2147483647, -2147483648, 2147483648, -2147483649, 1e21, 1e-7, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, 45.81818181818182, -3.5];
const TEXT = ['P-1a2b', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', '=SUM(A1)', '+1e3', '-5', '-x', '@home', '\tTab', 'Zoë', '日本', '', 'plain'];

describe('columnsOutput', () => {
  it('writes the same CSV as rowLevelOutput for edge-case numbers, booleans, nulls and text', () => {
    const num = Float64Array.from({ length: N }, (_, i) => SPECIAL[i % SPECIAL.length]!);
    const ints = Int32Array.from({ length: N }, (_, i) => (i % 7) - 3);
    const flag = Uint8Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const code = Int32Array.from({ length: N }, (_, i) => i % TEXT.length);
    const columns: OutputColumn[] = [
      { key: 'text', text: TEXT, code },
      { key: 'x', number: num },
      { key: 'int', number: ints },
      { key: 'when', number: num, present: flag },
      { key: 'whenInt', number: ints, present: flag },
      { key: 'code8', text: TEXT, code: Uint8Array.from(code) },
      { key: 'flag', bool: flag },
      { key: 'a "quoted", key', number: ints },
    ];
    const { got, want, a, b } = both(columns, N);
    expect(got).toEqual(want);
    expect(a).toBe(b);
    // A subset of rows, in another order.
    const rows = Int32Array.from({ length: N }, (_, i) => (7 * i) % N);
    const sub = both(columns, N, rows);
    expect(sub.a).toBe(sub.b);
  });

  it('keeps small lists inline as the same row objects', () => {
    const columns: OutputColumn[] = [
      { key: 'id', text: ['A', 'B'], code: Int32Array.of(1, 0) },
      { key: 'v', number: Float64Array.of(1.5, NaN), present: Uint8Array.of(1, 0) },
      { key: 'ok', bool: Uint8Array.of(0, 1) },
    ];
    const files: Record<string, string> = {};
    expect(columnsOutput('x', 2, columns, files)).toEqual([
      { id: 'B', v: 1.5, ok: false },
      { id: 'A', v: null, ok: true },
    ]);
    expect(files).toEqual({});
  });

  it('matches tableToCsv for random doubles and strings (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 40 }), fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 8 }), (xs, words) => {
        const n = N;
        const columns: OutputColumn[] = [
          { key: 'x', number: Float64Array.from({ length: n }, (_, i) => xs[i % xs.length]!) },
          { key: 'w', text: words, code: Int32Array.from({ length: n }, (_, i) => i % words.length) },
        ];
        const { a, b } = both(columns, n);
        return a === b;
      }),
      { numRuns: 8 },
    );
  });
});

describe('patientValuesOutput', () => {
  const values = ['none', 'repaired', 'unrepaired', 'not-evaluable'];
  const code = Uint8Array.from({ length: N }, (_, i) => i % 4);
  const viaMap = (labels: string[]) => {
    const files: Record<string, string> = {};
    const map: Record<string, string> = {};
    labels.forEach((l, p) => (map[l] = values[code[p]!]!));
    return { out: patientMapOutput('st', map, files), files };
  };
  const viaColumns = (labels: string[]) => {
    const files: Record<string, string> = {};
    return { out: patientValuesOutput('st', labels, values, code, files), files };
  };
  it('writes what patientMapOutput writes, for pseudonyms, integer-like ids and duplicates', () => {
    const cases = [
      Array.from({ length: N }, (_, i) => `P-${(i * 2654435761 % 4294967296).toString(16)}`),
      Array.from({ length: N }, (_, i) => String(N - i)), // object keys would reorder these
      Array.from({ length: N }, (_, i) => `id,${i % (N - 5)}`), // five duplicates
    ];
    for (const labels of cases) expect(viaColumns(labels)).toEqual(viaMap(labels));
  });
  it('stays a map up to INLINE_LIMIT patients', () => {
    const labels = ['b', 'a', '10', '9'];
    expect(patientValuesOutput('st', labels, values, Uint8Array.of(0, 1, 2, 3), {})).toEqual({ b: 'none', a: 'repaired', '10': 'unrepaired', '9': 'not-evaluable' });
  });
});
