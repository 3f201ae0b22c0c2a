import { xoshiro128Advance } from './xoshiro128-advance.ts';

/**
 * A seeded pseudo-random number generator: xoshiro128** (Blackman & Vigna 2018,
 * https://prng.di.unimi.it/) seeded through splitmix32, so every bootstrap and every
 * simulated data set is reproducible from one integer seed on every platform.
 * Normal deviates use the Marsaglia polar method. `advance` jumps ahead in the stream, so that a
 * range of draws can be taken without drawing the ones before it (e.g. on another thread).
 * @example const rng = createRng(42); rng.uniform(); rng.normal(); rng.int(10); rng.advance(2 * 1e9);
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer uniform on {0, …, n − 1}. */
  int(n: number): number;
  /**
   * Takes `draws` successive `int(n)` draws (the same values, and the generator ends in the same
   * state) and adds one to `counts[k]` for each draw k, or to `counts[bins[k]]` when `bins`
   * (length ≥ n) is given: multinomial counts, e.g. of a bootstrap resample. The state is held in
   * locals, several times faster per draw than `int`. Throws a RangeError when counts (or bins)
   * has fewer than n slots; bins must hold indices of counts.
   */
  tally(n: number, draws: number, counts: Int32Array, bins?: Uint16Array): Int32Array;
  /**
   * Moves the generator `steps` 32-bit outputs ahead in O(log steps) (`xoshiro128Advance`), to
   * the state that `steps` outputs would leave: each `uniform`, `int` and `tally` draw takes two
   * outputs, so `advance(2 * m)` stands for m draws. Like those draws it keeps a pending
   * `normal()` spare (only a `normal()` call takes it). Returns the generator. Throws a RangeError
   * unless steps is an integer in [0, 2^53].
   */
  advance(steps: number): Rng;
  /** A copy of the xoshiro128** state words s0…s3 (what `xoshiro128Advance` and `createLaneTally` take). */
  state(): Uint32Array;
  /** Sets the state words (four, not all zero) and drops a pending `normal()` spare. Returns the generator. */
  setState(words: ArrayLike<number>): Rng;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  // xoshiro state in a typed array (V8 keeps it unboxed): the same stream, about twice as fast
  const st = new Uint32Array(4);
  st[0] = splitmix();
  st[1] = splitmix();
  st[2] = splitmix();
  st[3] = splitmix();
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  const next = (): number => {
    const b = st[1];
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = b << 9;
    st[2] ^= st[0];
    st[3] ^= b;
    st[1] ^= st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11);
    return result;
  };
  let spare: number | null = null;
  const uniform = (): number => {
    // 53-bit resolution from two 32-bit outputs
    const hi = next() >>> 5;
    const lo = next() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const rng: Rng = {
    uniform,
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      let v = 0;
      let q = 0;
      do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      return u * f;
    },
    int(n: number): number {
      return Math.floor(uniform() * n);
    },
    tally(n: number, draws: number, counts: Int32Array, bins?: Uint16Array): Int32Array {
      const slots = bins ? bins.length : counts.length;
      if (slots < n) throw new RangeError(`tally: ${bins ? 'bins' : 'counts'} has ${slots} slots for draws from 0…${n - 1}`);
      // next() twice and uniform() inlined (unrolled: a loop over the two steps costs a quarter
      // more); int32 locals give the same bits as the uint32 state
      let s0 = st[0] | 0;
      let s1 = st[1] | 0;
      let s2 = st[2] | 0;
      let s3 = st[3] | 0;
      for (let i = 0; i < draws; i++) {
        let m = Math.imul(s1, 5);
        const hi = Math.imul((m << 7) | (m >>> 25), 9) >>> 5;
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        m = Math.imul(s1, 5);
        const lo = Math.imul((m << 7) | (m >>> 25), 9) >>> 6;
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        // (hi·2²⁶ + lo)·2⁻⁵³ is exact, as is uniform()'s division by 2⁵³: the same double, times n, floored
        const k = Math.floor((hi * 67108864 + lo) * 1.1102230246251565e-16 * n) | 0;
        counts[bins ? bins[k] : k]++;
      }
      st[0] = s0;
      st[1] = s1;
      st[2] = s2;
      st[3] = s3;
      return counts;
    },
    advance(steps: number): Rng {
      st.set(xoshiro128Advance(st, steps));
      return rng;
    },
    state(): Uint32Array {
      return st.slice();
    },
    setState(words: ArrayLike<number>): Rng {
      if (words.length !== 4 || (words[0] | words[1] | words[2] | words[3]) === 0) throw new RangeError('setState: the state is four words, not all zero');
      st.set(words);
      spare = null;
      return rng;
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
