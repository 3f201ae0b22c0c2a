// rowsByCodeAndTime puts rows in (code, time) order as ORDER BY code, time (stable) would: checked
// against JavaScript's stable sort of the row indices by (code, time) on rows already in order
// (returned as they are, no copy), scrambled rows, codes with gaps, and patients with more rows
// than the insertion-sort limit (32) stored in reverse. Exact equality.
import { describe, expect, it } from 'vitest';
import { rowsByCodeAndTime, type CodedRows } from '../../src/engine/rows-by-code-and-time.ts';
import { createRng } from '../../src/stats/random/index.ts';

function reference(rows: CodedRows): CodedRows {
  const order = Array.from(rows.code.keys()).sort((a, b) => rows.code[a] - rows.code[b] || rows.time[a] - rows.time[b]);
  return {
    code: Int32Array.from(order, (i) => rows.code[i]),
    time: Float64Array.from(order, (i) => rows.time[i]),
    values: rows.values.map((v) => Float64Array.from(order, (i) => v[i])),
  };
}

function build(spec: [number, number][], rngSeed: number): CodedRows {
  const rng = createRng(rngSeed);
  return {
    code: Int32Array.from(spec, ([c]) => c),
    time: Float64Array.from(spec, ([, t]) => t),
    values: [Float64Array.from(spec, () => rng.normal()), Float64Array.from(spec, (_, i) => (i % 5 === 0 ? NaN : i))],
  };
}

describe('rowsByCodeAndTime', () => {
  it('returns rows already in (code, time) order as they are', () => {
    const rows = build([[0, 1], [0, 2], [0, 5], [2, 1], [2, 3], [7, 0]], 1);
    expect(rowsByCodeAndTime(rows)).toBe(rows);
  });

  it('sorts scrambled rows with gaps in the codes like a stable sort by (code, time)', () => {
    const rng = createRng(3);
    const spec: [number, number][] = [];
    for (const c of [4, 0, 9, 2, 3]) for (let t = 1; t <= 6; t++) spec.push([c, t]);
    for (let i = spec.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [spec[i], spec[j]] = [spec[j], spec[i]];
    }
    const rows = build(spec, 2);
    const got = rowsByCodeAndTime(rows);
    expect(got).not.toBe(rows);
    expect(got).toEqual(reference(rows));
  });

  it('sorts a patient with more rows than the insertion limit stored in reverse, and an empty input', () => {
    const spec: [number, number][] = [];
    for (let t = 80; t >= 1; t--) spec.push([1, t]);
    spec.push([0, 3], [0, 1]);
    const rows = build(spec, 4);
    const got = rowsByCodeAndTime(rows);
    expect(got).toEqual(reference(rows));
    expect(Array.from(got.time.subarray(2, 82))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const empty = { code: new Int32Array(0), time: new Float64Array(0), values: [] };
    expect(rowsByCodeAndTime(empty)).toBe(empty);
  });
});
