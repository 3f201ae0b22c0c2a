// rowsByCode puts rows in (code, key0, key1, …) order as a stable ORDER BY code, key0, key1 with
// NULLs (NaN) last would: checked against JavaScript's stable sort of the row indices with that
// comparison, on rows already in order (returned as they are, no copy), scrambled rows, codes with
// gaps, ties in the first key broken by the second, NaN keys, and a patient with more rows than
// the insertion-sort limit (32) stored in reverse. Exact equality.
import { describe, expect, it } from 'vitest';
import { rowsByCode, type CodedRows } from '../../src/engine/rows-by-code.ts';
import { createRng } from '../../src/stats/random/index.ts';

const nanLast = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);

function reference(rows: CodedRows): CodedRows {
  const order = Array.from(rows.code.keys()).sort((a, b) => rows.code[a] - rows.code[b] || rows.keys.reduce((c, k) => c || nanLast(k[a], k[b]), 0));
  const pick = (v: Float64Array) => Float64Array.from(order, (i) => v[i]);
  return { code: Int32Array.from(order, (i) => rows.code[i]), keys: rows.keys.map(pick), values: rows.values.map(pick) };
}

/** Rows from [code, key0, key1] triples, with a row-number value column and a random one. */
function build(spec: [number, number, number][], seed: number): CodedRows {
  const rng = createRng(seed);
  return {
    code: Int32Array.from(spec, ([c]) => c),
    keys: [Float64Array.from(spec, ([, a]) => a), Float64Array.from(spec, ([, , b]) => b)],
    values: [Float64Array.from(spec, (_, i) => i), Float64Array.from(spec, () => rng.normal())],
  };
}

function shuffle<T>(a: T[], seed: number): T[] {
  const rng = createRng(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('rowsByCode', () => {
  it('returns rows already in (code, keys) order as they are', () => {
    const rows = build([[0, 1, 5], [0, 2, 1], [0, 2, 3], [2, 1, NaN], [2, 3, 0], [7, NaN, 1]], 1);
    expect(rowsByCode(rows)).toBe(rows);
  });

  it('sorts scrambled rows (gaps in the codes, ties in the first key, NaN keys) like a stable sort', () => {
    const spec: [number, number, number][] = [];
    for (const c of [4, 0, 9, 2, 3]) for (let t = 1; t <= 6; t++) spec.push([c, t % 3, t === 4 ? NaN : 10 - t], [c, t === 5 ? NaN : t, 1]);
    const rows = build(shuffle(spec, 3), 2);
    const got = rowsByCode(rows);
    expect(got).not.toBe(rows);
    expect(got).toEqual(reference(rows));
    // a NaN first key sorts after every number of its code
    expect(Number.isNaN(got.keys[0][got.code.lastIndexOf(0)])).toBe(true);
  });

  it('sorts a patient with more rows than the insertion limit stored in reverse, and an empty input', () => {
    const spec: [number, number, number][] = [];
    for (let t = 80; t >= 1; t--) spec.push([1, t, 0]);
    spec.push([0, 3, 0], [0, 1, 0]);
    const rows = build(spec, 4);
    const got = rowsByCode(rows);
    expect(got).toEqual(reference(rows));
    expect(Array.from(got.keys[0].subarray(2, 82))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const empty = { code: new Int32Array(0), keys: [new Float64Array(0)], values: [] };
    expect(rowsByCode(empty)).toBe(empty);
  });
});
