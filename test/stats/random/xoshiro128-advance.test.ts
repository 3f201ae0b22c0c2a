// Jump-ahead (xoshiro128Advance, rng.advance) checked against the slow exact path: the same
// generator stepped one output at a time, by a reference xoshiro128** written out here from
// Blackman & Vigna's published C code (https://prng.di.unimi.it/xoshiro128starstar.c) and by
// createRng's own draws. Exact equality (integer state and bit-identical doubles).
import { describe, expect, it } from 'vitest';
import { createRng, xoshiro128Advance } from '../../../src/stats/random/index.ts';

/** xoshiro128** on an explicit state: next() returns the output and moves the state one step. */
function reference(state: ArrayLike<number>) {
  const s = Uint32Array.from(state);
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return {
    state: s,
    next(): number {
      const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
      const t = s[1] << 9;
      s[2] ^= s[0];
      s[3] ^= s[1];
      s[1] ^= s[2];
      s[0] ^= s[3];
      s[2] ^= t;
      s[3] = rotl(s[3], 11);
      return result;
    },
  };
}

const states = [
  [1, 0, 0, 0],
  [1, 2, 3, 4],
  [0x9e3779b9, 0x7f4a7c15, 0xdeadbeef, 0x01234567],
  [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
];

describe('xoshiro128Advance', () => {
  it.each([0, 1, 2, 3, 31, 1000, 123457])('equals %i single steps (several states)', (k) => {
    for (const st of states) {
      const g = reference(st);
      for (let i = 0; i < k; i++) g.next();
      expect(Array.from(xoshiro128Advance(Uint32Array.from(st), k))).toEqual(Array.from(g.state));
    }
  });

  it('equals 2·10^7 + 1 single steps, and a jump in two parts equals the jump at once', () => {
    const k = 20_000_001;
    const g = reference(states[2]);
    for (let i = 0; i < k; i++) g.next();
    const at = xoshiro128Advance(Uint32Array.from(states[2]), k);
    expect(Array.from(at)).toEqual(Array.from(g.state));
    expect(Array.from(xoshiro128Advance(xoshiro128Advance(Uint32Array.from(states[2]), 12_345_678), k - 12_345_678))).toEqual(Array.from(at));
    // 2^53 steps as 2^52 + 2^52 (the largest count; a different path through the cached powers)
    const half = xoshiro128Advance(Uint32Array.from(states[1]), 2 ** 52);
    expect(Array.from(xoshiro128Advance(half, 2 ** 52))).toEqual(Array.from(xoshiro128Advance(Uint32Array.from(states[1]), 2 ** 53)));
    expect(Array.from(xoshiro128Advance(Uint32Array.from(states[1]), 2 ** 53))).not.toEqual(Array.from(half));
  });

  it('leaves its input alone and rejects bad counts or states', () => {
    const st = Uint32Array.of(1, 2, 3, 4);
    xoshiro128Advance(st, 99);
    expect(Array.from(st)).toEqual([1, 2, 3, 4]);
    for (const k of [-1, 0.5, Number.NaN, 2 ** 53 + 2, Infinity]) expect(() => xoshiro128Advance(st, k)).toThrow(RangeError);
    expect(() => xoshiro128Advance(Uint32Array.of(1, 2, 3), 1)).toThrow(RangeError);
  });
});

describe('rng.advance', () => {
  it.each([0, 1, 2, 1000, 123457, 20_000_000])('advance(2·m) then drawing gives the draws after m uniform() calls, m = %i (several seeds)', (m) => {
    for (const seed of m > 1e6 ? [0, 20261122] : [0, 1, 42, 20261122]) {
      const stepped = createRng(seed);
      if (m > 1000) stepped.tally(7, m, new Int32Array(7));
      else for (let i = 0; i < m; i++) stepped.uniform();
      const jumped = createRng(seed).advance(2 * m);
      for (let i = 0; i < 50; i++) expect(jumped.uniform()).toBe(stepped.uniform());
      expect(jumped.normal()).toBe(stepped.normal());
      expect(Array.from(jumped.tally(1000, 300, new Int32Array(1000)))).toEqual(Array.from(stepped.tally(1000, 300, new Int32Array(1000))));
    }
  });

  it('keeps a pending normal() spare, as uniform() draws do', () => {
    const stepped = createRng(5);
    const jumped = createRng(5);
    stepped.normal();
    jumped.normal();
    for (let i = 0; i < 777; i++) stepped.uniform();
    jumped.advance(2 * 777);
    expect(jumped.normal()).toBe(stepped.normal()); // the spare from the first pair
    expect(jumped.normal()).toBe(stepped.normal()); // a new pair from the advanced stream
    expect(jumped.uniform()).toBe(stepped.uniform());
  });

  it.each([1, 3, 12_345])('advance(%i) (odd: single 32-bit outputs, as xoshiro128Advance above) then advance(1) equals the even advance after it', (k) => {
    const odd = createRng(7).advance(k);
    const even = createRng(7);
    for (let i = 0; i < (k + 1) / 2; i++) even.uniform();
    const a = [odd.uniform(), odd.uniform()];
    expect(a).not.toEqual([even.uniform(), even.uniform()]);
    odd.advance(1);
    const stepped = createRng(7);
    for (let i = 0; i < (k + 1) / 2 + 2; i++) stepped.uniform();
    // odd has now moved k + 4 + 1 outputs, stepped k + 1 + 4
    for (let i = 0; i < 20; i++) expect(odd.uniform()).toBe(stepped.uniform());
  });
});
