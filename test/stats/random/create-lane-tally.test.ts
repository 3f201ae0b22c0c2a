// createLaneTally (four xoshiro128** streams in WebAssembly SIMD lanes) checked against the path it
// replaces: rng.tally (itself checked against rng.int one draw at a time in
// test/stats/bootstrap/bootstrap-replicates.test.ts) run on each lane's state in turn. Exact
// equality: the same integer counts and the same generator state afterwards.
import { describe, expect, it } from 'vitest';
import { createLaneTally, createRng, xoshiro128Advance } from '../../../src/stats/random/index.ts';

/** Where a and b first differ (−1 when equal); quicker than toEqual on 10^5 counts. */
function firstDifference(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Four generators and their states in createLaneTally's layout (lane i at words 4i…4i+3). */
function lanesOf(seeds: number[]) {
  const rngs = seeds.map((s) => createRng(s));
  const states = new Uint32Array(16);
  rngs.forEach((r, i) => states.set(r.state(), 4 * i));
  return { rngs, states };
}

describe('createLaneTally', () => {
  const lt0 = createLaneTally(3);
  it('is available here (Node with WebAssembly SIMD), so the tests below run the kernel', () => {
    expect(lt0).not.toBeNull();
    expect(lt0?.lanes).toBe(4);
  });

  it.each([
    [1, 5, false],
    [2, 1, false],
    [7, 1000, false],
    [1000, 1000, true],
    [65537, 65537, false],
    [99719, 99719, true],
    [99719, 3, true],
    [10, 0, true],
  ] as const)('n = %i, %i draws per lane (bins: %s): each lane equals rng.tally on its state, three calls in a row', (n, draws, binned) => {
    // bins like distinct pairs: many draws per slot, slots in first-appearance order
    const bins = binned ? Uint16Array.from({ length: n }, (_, k) => (k * 7919) % Math.max(1, Math.floor(n / 4))) : undefined;
    const lt = createLaneTally(n, bins);
    if (!lt) throw new Error('no WebAssembly SIMD');
    expect(lt.units).toBe(binned ? Math.max(1, Math.floor(n / 4)) : n);
    const { rngs, states } = lanesOf([n, n + 1, 20261122, 2 ** 32 - 1]);
    for (let call = 0; call < 3; call++) {
      lt.tally(states, draws);
      for (let i = 0; i < 4; i++) {
        const want = rngs[i].tally(n, draws, new Int32Array(lt.units), bins);
        expect(firstDifference(lt.counts[i], want)).toBe(-1);
        expect(Array.from(states.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(rngs[i].state()));
      }
    }
    let total = 0;
    for (const v of lt.counts[3]) total += v;
    expect(total).toBe(draws);
  });

  it('lanes started 2n outputs apart draw the resamples that one generator draws one after the other', () => {
    const n = 5003;
    const rng = createRng(77);
    const states = new Uint32Array(16);
    let st = rng.state();
    for (let i = 0; i < 4; i++, st = xoshiro128Advance(st, 2 * n)) states.set(st, 4 * i);
    const lt = createLaneTally(n);
    lt?.tally(states, n);
    for (let i = 0; i < 4; i++) expect(firstDifference(lt?.counts[i] ?? new Int32Array(0), rng.tally(n, n, new Int32Array(n)))).toBe(-1);
    expect(Array.from(states.subarray(12))).toEqual(Array.from(rng.state()));
  });

  it('rejects bad n, short bins, bad draw counts and states', () => {
    expect(() => createLaneTally(0)).toThrow(RangeError);
    expect(() => createLaneTally(2.5)).toThrow(RangeError);
    expect(() => createLaneTally(2 ** 26 + 1)).toThrow(RangeError);
    expect(() => createLaneTally(10, new Uint16Array(9))).toThrow(RangeError);
    expect(() => lt0?.tally(new Uint32Array(12), 1)).toThrow(RangeError);
    expect(() => lt0?.tally(new Uint32Array(16).fill(1), -1)).toThrow(RangeError);
    expect(() => lt0?.tally(new Uint32Array(16).fill(1), 0.5)).toThrow(RangeError);
  });
});

describe('rng.state and rng.setState', () => {
  it('a generator set to another one\'s state draws what that one draws; a zero state is refused', () => {
    const a = createRng(3);
    a.normal(); // leaves a spare that setState must drop
    a.tally(10, 17, new Int32Array(10));
    const b = createRng(99).setState(a.state());
    expect(b.uniform()).toBe(a.uniform());
    const c = createRng(1);
    c.normal();
    c.setState(createRng(5).state());
    expect(c.normal()).toBe(createRng(5).normal());
    expect(() => createRng(1).setState([0, 0, 0, 0])).toThrow(RangeError);
    expect(() => createRng(1).setState([1, 2, 3])).toThrow(RangeError);
  });
});
