/**
 * Multinomial counts of four xoshiro128** streams drawn side by side: the draws of `rng.tally`
 * (createRng) for four generator states at once, one stream per 32-bit lane of WebAssembly's
 * 128-bit SIMD (https://webassembly.github.io/spec/core/syntax/instructions.html#vector-instructions).
 * Each lane runs xoshiro128** (Blackman & Vigna 2021, ACM TOMS 47(4):36, doi:10.1145/3460772)
 * and maps two outputs to an index k in {0, …, n − 1} with the same double arithmetic as `int(n)`,
 * (hi·2²⁶ + lo)·(n·2⁻⁵³) truncated: both products are exact up to the one rounding of N·n·2⁻⁵³
 * that `int` also makes, so every lane draws bit for bit what `createRng(…).tally(n, draws,
 * counts, bins)` draws from the same state, in the same order, and ends in the same state. Lane i
 * counts into its own `counts[i]` (per draw k, slot k or bins[k]). About twice as fast per draw
 * as `tally`, which spends most of its time on instructions (not memory) that here serve four
 * draws at once. The module is assembled here (a few hundred bytes, no build step) with n, the
 * bins and the lanes' count slots laid out at fixed places in its own memory.
 * Returns null where WebAssembly or its SIMD is missing (e.g. node --jitless); callers then use
 * `rng.tally`. Throws a RangeError for n not an integer in [1, 2^26] or bins shorter than n or
 * holding anything but integers in [0, 2^24).
 * @example const st = new Uint32Array(16); st.set(createRng(1).state()); const lt = createLaneTally(10); lt?.tally(st, 5); Array.from(lt?.counts[0] ?? []) // [0, 0, 0, 2, 1, 1, 0, 0, 1, 0], as createRng(1).tally(10, 5, new Int32Array(10))
 */
export interface LaneTally {
  /** Streams drawn side by side (4). */
  readonly lanes: number;
  /** Count slots per lane: n, or 1 + the largest bin. */
  readonly units: number;
  /** Lane i's counts after the last `tally` (views into the module's memory). */
  readonly counts: readonly Int32Array[];
  /**
   * Zeroes the counts and takes `draws` draws of int(n) in each lane. `states` holds lane i's
   * xoshiro128** words s0…s3 (as `rng.state()` gives them) at 4i…4i+3 and is left at the states
   * after the draws. Throws a RangeError unless draws is an integer in [0, 2^31) and states has 16 words.
   */
  tally(states: Uint32Array, draws: number): void;
}

const LANES = 4;
/** Where the module keeps the lane states (4 vectors: word w of every lane), then the bins, then the counts. */
const STATE = 0;
const BINS = 64;

export function createLaneTally(n: number, bins?: Uint16Array): LaneTally | null {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 26) throw new RangeError(`createLaneTally: n must be an integer in [1, 2^26], got ${n}`);
  if (bins && bins.length < n) throw new RangeError(`createLaneTally: bins has ${bins.length} slots for draws from 0…${n - 1}`);
  let units = n;
  if (bins) {
    units = 0;
    for (let k = 0; k < n; k++) if (bins[k] >= units) units = bins[k] + 1;
  }
  if (typeof WebAssembly !== 'object') return null;
  const counts0 = BINS + (bins ? (2 * n + 15) & ~15 : 0);
  const bytes = assemble(n, units, counts0, bins !== undefined);
  if (!WebAssembly.validate(bytes)) return null;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const memory = exports.memory as WebAssembly.Memory;
  const run = exports.tally as (draws: number) => void;
  const words = new Uint32Array(memory.buffer);
  if (bins) new Uint16Array(memory.buffer, BINS, n).set(bins.subarray(0, n));
  const counts = Array.from({ length: LANES }, (_, i) => new Int32Array(memory.buffer, counts0 + 4 * units * i, units));
  return {
    lanes: LANES,
    units,
    counts,
    tally(states, draws) {
      if (states.length !== 4 * LANES) throw new RangeError(`createLaneTally: states has ${states.length} words, not ${4 * LANES}`);
      if (!Number.isInteger(draws) || draws < 0 || draws >= 2 ** 31) throw new RangeError(`createLaneTally: bad draw count ${draws}`);
      for (let i = 0; i < LANES; i++) for (let w = 0; w < 4; w++) words[STATE / 4 + 4 * w + i] = states[4 * i + w];
      for (const c of counts) c.fill(0);
      run(draws);
      for (let i = 0; i < LANES; i++) for (let w = 0; w < 4; w++) states[4 * i + w] = words[STATE / 4 + 4 * w + i];
    },
  };
}

// WebAssembly binary format (core spec §5): opcodes used below
const I32 = 0x7f;
const V128 = 0x7b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_LOAD = 0x28;
const I32_STORE = 0x36;
const I32_LOAD16_U = 0x2f;
const I32_SHL = 0x74;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_GT_U = 0x4b;
const F64_CONST = 0x44;
const LOOP = 0x03;
const BLOCK = 0x02;
const BR_IF = 0x0d;
const I32_EQZ = 0x45;
const END = 0x0b;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const I32X4_SPLAT = 0x11;
const SHUFFLE = 0x0d;
const F64X2_SPLAT = 0x14;
const EXTRACT_LANE = 0x1b;
const V128_OR = 0x50;
const V128_XOR = 0x51;
const I32X4_SHL = 0xab;
const I32X4_SHR_U = 0xad;
const I32X4_MUL = 0xb5;
const F64X2_ADD = 0xf0;
const F64X2_MUL = 0xf2;
const TRUNC_SAT_F64X2_S_ZERO = 0xfc;
const CONVERT_LOW_I32X4_S = 0xfe;

/** Unsigned LEB128. */
function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 128;
    out.push(b);
  } while (v > 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 127;
    v >>= 7;
    if ((v === 0 && (b & 64) === 0) || (v === -1 && (b & 64) !== 0)) return [...out, b];
    out.push(b | 128);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * The module: memory (exported as `memory`) and `tally(draws)`, the draw loop over the lane
 * states at STATE, counting lane i's draw k at counts0 + 4·units·i + 4·(bins ? bins[k] : k), bins at BINS.
 */
function assemble(n: number, units: number, counts0: number, binned: boolean): Uint8Array<ArrayBuffer> {
  // locals: 0 draws (param); 1…4 state vectors s0…s3; 5 t; 6 hi; 7 lo; 8 k·4 of four lanes; 9 i; 10 c (n·2⁻⁵³ splat); 11 2²⁶ splat
  const [S0, S1, S2, S3, T, HI, LO, K, I, C, P26] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const simd = (op: number) => [SIMD, ...uleb(op)];
  const get = (l: number) => [LOCAL_GET, l];
  const set = (l: number) => [LOCAL_SET, l];
  const i32 = (v: number) => [I32_CONST, ...sleb(v)];
  const shift = (l: number, op: number, by: number) => [...get(l), ...i32(by), ...simd(op)];
  const f64 = (v: number) => [...new Uint8Array(Float64Array.of(v).buffer)];
  const splatF64 = (v: number, l: number) => [F64_CONST, ...f64(v), ...simd(F64X2_SPLAT), ...set(l)];
  const splatI32 = (v: number) => [...i32(v), ...simd(I32X4_SPLAT)];
  // one xoshiro128** output per lane, shifted right by `drop`, into local `into`; then one state step
  const output = (into: number, drop: number) => [
    ...get(S1), ...splatI32(5), ...simd(I32X4_MUL), ...set(T),
    ...shift(T, I32X4_SHL, 7), ...shift(T, I32X4_SHR_U, 25), ...simd(V128_OR),
    ...splatI32(9), ...simd(I32X4_MUL), ...i32(drop), ...simd(I32X4_SHR_U), ...set(into),
    ...shift(S1, I32X4_SHL, 9), ...set(T),
    ...get(S2), ...get(S0), ...simd(V128_XOR), ...set(S2),
    ...get(S3), ...get(S1), ...simd(V128_XOR), ...set(S3),
    ...get(S1), ...get(S2), ...simd(V128_XOR), ...set(S1),
    ...get(S0), ...get(S3), ...simd(V128_XOR), ...set(S0),
    ...get(S2), ...get(T), ...simd(V128_XOR), ...set(S2),
    ...shift(S3, I32X4_SHL, 11), ...shift(S3, I32X4_SHR_U, 21), ...simd(V128_OR), ...set(S3),
  ];
  // lanes 2, 3 of a vector moved to lanes 0, 1
  const upper = [...simd(SHUFFLE), 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  // trunc((hi·2²⁶ + lo)·c) of two lanes, into lanes 0, 1 (2, 3 zero); signed conversions (single
  // instructions on x64, unlike the unsigned ones) are exact here: hi < 2²⁷, lo < 2²⁶, k < n ≤ 2²⁶
  const index = (high: boolean) => [
    ...get(HI), ...(high ? [...get(HI), ...upper] : []), ...simd(CONVERT_LOW_I32X4_S), ...get(P26), ...simd(F64X2_MUL),
    ...get(LO), ...(high ? [...get(LO), ...upper] : []), ...simd(CONVERT_LOW_I32X4_S), ...simd(F64X2_ADD),
    ...get(C), ...simd(F64X2_MUL), ...simd(TRUNC_SAT_F64X2_S_ZERO),
  ];
  const count = (lane: number) => {
    const at = counts0 + 4 * units * lane;
    return [
      ...get(K), ...simd(EXTRACT_LANE), lane,
      ...(binned ? [I32_LOAD16_U, 1, ...uleb(BINS), ...i32(2), I32_SHL] : []),
      LOCAL_TEE, I,
      ...[LOCAL_GET, I, I32_LOAD, 2, ...uleb(at), ...i32(1), I32_ADD, I32_STORE, 2, ...uleb(at)],
    ];
  };
  const body = [
    ...splatF64(n * 2 ** -53, C),
    ...splatF64(2 ** 26, P26),
    ...[...i32(STATE), ...simd(V128_LOAD), 4, ...uleb(0), ...set(S0)],
    ...[...i32(STATE), ...simd(V128_LOAD), 4, ...uleb(16), ...set(S1)],
    ...[...i32(STATE), ...simd(V128_LOAD), 4, ...uleb(32), ...set(S2)],
    ...[...i32(STATE), ...simd(V128_LOAD), 4, ...uleb(48), ...set(S3)],
    BLOCK, 0x40,
    ...get(0), I32_EQZ, BR_IF, 0,
    LOOP, 0x40,
    ...output(HI, 5),
    ...output(LO, 6),
    // k of lanes 0, 1 and 2, 3 joined, times 2 with bins (byte offsets of 16-bit bins), else 4 (of counts)
    ...index(false), ...index(true),
    ...simd(SHUFFLE), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23,
    ...i32(binned ? 1 : 2), ...simd(I32X4_SHL), ...set(K),
    ...count(0), ...count(1), ...count(2), ...count(3),
    // I was used as scratch above; the loop counter lives in param 0, counted down
    ...get(0), ...i32(-1), I32_ADD, LOCAL_TEE, 0, ...i32(0), I32_GT_U, BR_IF, 0,
    END,
    END,
    ...[...i32(STATE), ...get(S0), ...simd(V128_STORE), 4, ...uleb(0)],
    ...[...i32(STATE), ...get(S1), ...simd(V128_STORE), 4, ...uleb(16)],
    ...[...i32(STATE), ...get(S2), ...simd(V128_STORE), 4, ...uleb(32)],
    ...[...i32(STATE), ...get(S3), ...simd(V128_STORE), 4, ...uleb(48)],
    END,
  ];
  // local groups: 7 v128 (1…7: S0…S3, T, HI, LO), 1 v128 (8: K), 1 i32 (9: I), 2 v128 (10, 11)
  const localDecl = [3, 8, V128, 1, I32, 2, V128];
  const code = [...localDecl, ...body];
  const pages = Math.ceil((counts0 + 4 * units * LANES) / 65536);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, ...uleb(pages)]),
    ...section(7, [2, 6, ...[...'memory'].map((ch) => ch.charCodeAt(0)), 2, 0, 5, ...[...'tally'].map((ch) => ch.charCodeAt(0)), 0, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}
