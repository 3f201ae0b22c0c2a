// rowsByCode against the order its doc comment promises, on seeded random inputs: ORDER BY code,
// key0, key1, … with each key ascending, NaN (NULL) last, two NaN and 0/−0 tied, and rows that tie
// on the code and every key kept in read order. The reference is JavaScript's stable
// Array.prototype.sort (ECMAScript 2019 §23.1.3.30 requires stability) of the row indices with
// that comparison, written out here without sharing code with the implementation. Inputs: rows
// already in order (returned as the same object), reversed, shuffled, grouped by code but out of
// order within codes, in shuffled blocks (as a parallel scan returns them); one to three keys from
// small value sets (many ties) with NaN and −0; zero to two value columns; codes with gaps; runs
// shorter and longer than the insertion-sort limit (32), up to 1,500 rows. Exact equality
// (Object.is, so NaN and −0 are checked in place); the input arrays must come back unchanged.
import { describe, expect, it } from 'vitest';
import { rowsByCode, type CodedRows } from '../../src/engine/rows-by-code.ts';
import { createRng, type Rng } from '../../src/stats/random/index.ts';

/** Ascending, NaN last, NaN ties NaN, 0 ties −0. */
function compareNullsLast(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na && nb ? 0 : na ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function referenceOrder(rows: CodedRows): number[] {
  const idx = Array.from({ length: rows.code.length }, (_, i) => i);
  return idx.sort((i, j) => {
    if (rows.code[i] !== rows.code[j]) return rows.code[i]! - rows.code[j]!;
    for (const k of rows.keys) {
      const c = compareNullsLast(k[i]!, k[j]!);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>): boolean {
  if (got.length !== want.length) return false;
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) return false;
  return true;
}

type Arrangement = 'sorted' | 'reversed' | 'shuffled' | 'grouped' | 'blocks';

function shuffleInPlace<T>(a: T[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

/** Random rows: patients with run lengths drawn up to maxRun, keys from small sets with NaN and −0, arranged as asked. */
function randomRows(rng: Rng, nKeys: number, nValues: number, maxRun: number, arrangement: Arrangement): CodedRows {
  const patients = 1 + rng.int(12);
  const codes: number[] = [];
  let c = rng.int(3);
  for (let p = 0; p < patients; p++) {
    const len = 1 + rng.int(maxRun);
    for (let r = 0; r < len; r++) codes.push(c);
    c += 1 + rng.int(3); // gaps in the codes
  }
  const n = codes.length;
  const levels = [0, -0, 1, 2, 2.5, -3, NaN];
  const key = () => Float64Array.from({ length: n }, () => levels[rng.int(1 + rng.int(levels.length))]!);
  const rows: CodedRows = {
    code: Int32Array.from(codes),
    keys: Array.from({ length: nKeys }, key),
    values: Array.from({ length: nValues }, (_, v) => Float64Array.from({ length: n }, (_, i) => (v === 0 ? i : rng.normal()))),
  };
  /** The rows at the read positions ix, in that order. */
  const pick = (ix: number[]): CodedRows => ({
    code: Int32Array.from(ix, (i) => rows.code[i]!),
    keys: rows.keys.map((k) => Float64Array.from(ix, (i) => k[i]!)),
    values: rows.values.map((v) => Float64Array.from(ix, (i) => v[i]!)),
  });
  if (arrangement === 'grouped') return rows; // codes ascending, keys random within each code
  const sorted = referenceOrder(rows);
  if (arrangement === 'sorted') return pick(sorted);
  if (arrangement === 'reversed') return pick(sorted.reverse());
  if (arrangement === 'shuffled') {
    shuffleInPlace(sorted, rng);
    return pick(sorted);
  }
  // blocks of the ordered rows in shuffled block order
  const size = 1 + rng.int(40);
  const blocks: number[][] = [];
  for (let i = 0; i < n; i += size) blocks.push(sorted.slice(i, i + size));
  shuffleInPlace(blocks, rng);
  return pick(blocks.flat());
}

function copy(rows: CodedRows): CodedRows {
  return { code: rows.code.slice(), keys: rows.keys.map((k) => k.slice()), values: rows.values.map((v) => v.slice()) };
}

function check(rows: CodedRows): void {
  const before = copy(rows);
  const want = referenceOrder(rows);
  const got = rowsByCode(rows);
  const identity = want.every((w, i) => w === i);
  if (identity) expect(got).toBe(rows);
  else expect(got).not.toBe(rows);
  const ok =
    sameBits(got.code, Int32Array.from(want, (i) => rows.code[i]!)) &&
    got.keys.length === rows.keys.length &&
    got.values.length === rows.values.length &&
    rows.keys.every((k, m) => sameBits(got.keys[m]!, Float64Array.from(want, (i) => k[i]!))) &&
    rows.values.every((v, m) => sameBits(got.values[m]!, Float64Array.from(want, (i) => v[i]!)));
  if (!ok) expect({ code: Array.from(got.code), keys: got.keys.map((k) => Array.from(k)), values: got.values.map((v) => Array.from(v)) }).toEqual({ code: want.map((i) => rows.code[i]), keys: rows.keys.map((k) => want.map((i) => k[i])), values: rows.values.map((v) => want.map((i) => v[i])) });
  // the input is left as it was read
  expect(sameBits(rows.code, before.code) && rows.keys.every((k, m) => sameBits(k, before.keys[m]!)) && rows.values.every((v, m) => sameBits(v, before.values[m]!))).toBe(true);
}

describe('rowsByCode on seeded random inputs', () => {
  const arrangements: Arrangement[] = ['sorted', 'reversed', 'shuffled', 'grouped', 'blocks'];
  for (const arrangement of arrangements) {
    for (const nKeys of [1, 2, 3]) {
      it(`${arrangement} rows, ${nKeys} key${nKeys > 1 ? 's' : ''}: the stable ORDER BY code, keys (NaN last)`, () => {
        const rng = createRng(1000 * nKeys + arrangements.indexOf(arrangement));
        for (let trial = 0; trial < 60; trial++) {
          const maxRun = [3, 20, 32, 33, 90, 300][trial % 6]!;
          check(randomRows(rng, nKeys, trial % 3, maxRun, arrangement));
        }
      });
    }
  }

  it('one code with 1,500 rows in reverse, shuffled and in blocks (the merge of long runs)', () => {
    const rng = createRng(77);
    for (const arrangement of ['reversed', 'shuffled', 'grouped', 'blocks'] as const) {
      for (let trial = 0; trial < 4; trial++) {
        const rows = randomRows(rng, 1 + (trial % 3), 1, 1500, arrangement);
        const one: CodedRows = { ...rows, code: new Int32Array(rows.code.length).fill(5) };
        check(one);
        check(rows);
      }
    }
  });

  it('keys already in order but codes not grouped, and no rows or one row', () => {
    const rows: CodedRows = { code: Int32Array.of(2, 0, 2, 0), keys: [Float64Array.of(1, 1, 2, 2)], values: [Float64Array.of(0, 1, 2, 3)] };
    check(rows);
    check({ code: new Int32Array(0), keys: [new Float64Array(0)], values: [] });
    check({ code: Int32Array.of(3), keys: [Float64Array.of(NaN)], values: [Float64Array.of(1)] });
  });
});
