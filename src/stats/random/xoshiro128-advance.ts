/**
 * The xoshiro128** state `steps` outputs later, without producing them: jump-ahead for the
 * generator behind `createRng`. The state transition of xoshiro128** (Blackman & Vigna 2021,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 47(4):36, doi:10.1145/3460772) is
 * linear over GF(2) on the 128 state bits, so k steps are the transition matrix T raised to k
 * applied to the state: the matrix method of Haramoto et al. 2008 ("Efficient jump ahead for
 * F2-linear random number generators", INFORMS J Comput 20, 385–390,
 * doi:10.1287/ijoc.1070.0251; their polynomial method pays off for large states, not for 128
 * bits). T^(2^i) is kept for every i, each the square of the last (at most 53 products of 128×128
 * bit matrices, once per process, about 10 ms), and the state is multiplied by those for the one
 * bits of `steps`: O(log steps) matrix–vector products, about 0.1 ms for a 53-bit count. The
 * state is four uint32 words s0…s3 as `createRng` keeps them; the input is not modified.
 * Throws a RangeError unless steps is an integer in [0, 2^53].
 * @example xoshiro128Advance(Uint32Array.of(1, 2, 3, 4), 1) // Uint32Array [ 7, 0, 1026, 12288 ] (one step by hand: s2 ^= s0 → 2, s3 ^= s1 → 6, s1 ^= s2 → 0, s0 ^= s3 → 7, s2 ^= 2 << 9 → 1026, s3 = rotl(6, 11) → 12288)
 */
export function xoshiro128Advance(state: Uint32Array, steps: number): Uint32Array {
  if (!Number.isInteger(steps) || steps < 0 || steps > 2 ** 53) throw new RangeError(`xoshiro128Advance: steps must be an integer in [0, 2^53], got ${steps}`);
  if (state.length !== 4) throw new RangeError(`xoshiro128Advance: the state has 4 words, got ${state.length}`);
  let v: Uint32Array = Uint32Array.from(state);
  for (let i = 0, k = steps; k > 0; i++) {
    const bit = k % 2;
    if (bit === 1) v = apply(power(i), v);
    k = (k - bit) / 2;
  }
  return v;
}

/** T^(2^i) for i = 0, 1, …, each as 128 columns of 4 words (column j = the image of state bit j). */
const powers: Uint32Array[] = [];

function power(i: number): Uint32Array {
  if (powers.length === 0) {
    const t = new Uint32Array(512);
    for (let j = 0; j < 128; j++) {
      const e = new Uint32Array(4);
      e[j >>> 5] = 1 << (j & 31);
      t.set(step(e), 4 * j);
    }
    powers.push(t);
  }
  while (powers.length <= i) {
    const m = powers[powers.length - 1];
    const sq = new Uint32Array(512);
    for (let j = 0; j < 128; j++) sq.set(apply(m, m.subarray(4 * j, 4 * j + 4)), 4 * j);
    powers.push(sq);
  }
  return powers[i];
}

/** The matrix m (columns) times the bit vector v. */
function apply(m: Uint32Array, v: Uint32Array): Uint32Array {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let w = 0; w < 4; w++) {
    const word = v[w];
    for (let bit = 0; bit < 32; bit++) {
      if (((word >>> bit) & 1) === 0) continue;
      const o = 4 * (32 * w + bit);
      a ^= m[o];
      b ^= m[o + 1];
      c ^= m[o + 2];
      d ^= m[o + 3];
    }
  }
  return Uint32Array.of(a, b, c, d);
}

/** One xoshiro128 state transition (the output scrambler plays no part in it). */
function step(s: Uint32Array): Uint32Array {
  const [s0, s1, s2, s3] = s;
  const t2 = s2 ^ s0;
  const t3 = s3 ^ s1;
  const n1 = s1 ^ t2;
  const n0 = s0 ^ t3;
  const n2 = t2 ^ (s1 << 9);
  const n3 = (t3 << 11) | (t3 >>> 21);
  return Uint32Array.of(n0, n1, n2, n3);
}
